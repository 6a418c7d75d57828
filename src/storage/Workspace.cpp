// SPDX-License-Identifier: GPL-3.0-or-later
#include "Workspace.h"

#include "MigrationRunner.h"

#include <QCoreApplication>
#include <QDir>
#include <QSqlQuery>
#include <QStandardPaths>

namespace taskorch::storage {

namespace {

// An SQLite file with tables but no TaskOrch bookkeeping belongs to someone else (or is a legacy tracker).
Status refuseForeign(Database &db)
{
    if (db.hasTable(QStringLiteral("schema_migrations"))) {
        return {};
    }
    QSqlQuery q(db.connection());
    q.exec(QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                          "ORDER BY name"));
    QStringList tables;
    while (q.next()) {
        tables << q.value(0).toString();
    }
    if (tables.isEmpty()) {
        return {};
    }
    QString hint;
    if (tables.contains(QStringLiteral("tasks"))) {
        hint = QStringLiteral(" It looks like a legacy tracker file: use import-legacy to bring its data in.");
    }
    return makeError(ErrorCode::Storage, QStringLiteral("%1 is not a TaskOrch database (it holds other tables: %2).%3")
                                             .arg(db.path(), tables.mid(0, 5).join(QStringLiteral(", ")), hint));
}

} // namespace

Result<std::unique_ptr<Workspace>> Workspace::open(const QString &path, Options options)
{
    if (!options.createIfMissing && inspectFile(path) == FileKind::Missing) {
        return makeError(ErrorCode::NotFound, QStringLiteral("%1 does not exist").arg(path));
    }
    // An existing file is inspected read-only first: refusing a foreign or newer file must not change a byte
    // (even switching it to WAL would).
    if (inspectFile(path) == FileKind::Sqlite) {
        auto probe = Database::open(path, Database::Mode::ReadOnly);
        if (!probe) {
            return probe.error();
        }
        if (Status s = refuseForeign(**probe); !s) {
            return s.error();
        }
        if (Status s = MigrationRunner(**probe).verify(); !s) {
            return s.error();
        }
    }
    // Past the probe, the file is new or empty, or was just checked: nothing left to refuse.
    auto db = Database::open(path);
    if (!db) {
        return db.error();
    }
    MigrationRunner runner(**db);
    if (options.migrate) {
        if (Status s = runner.up(); !s) {
            return s.error();
        }
    }
    std::unique_ptr<Workspace> ws(new Workspace);
    ws->m_db = std::move(db).value();
    Database &d = *ws->m_db;
    ws->m_tasks = std::make_unique<TaskRepository>(d);
    ws->m_dependencies = std::make_unique<DependencyRepository>(d);
    ws->m_progress = std::make_unique<ProgressRepository>(d);
    ws->m_comments = std::make_unique<CommentRepository>(d);
    ws->m_service =
        std::make_unique<TaskService>(d, *ws->m_tasks, *ws->m_dependencies, *ws->m_progress, *ws->m_comments);
    ws->m_scheduling = std::make_unique<SchedulingService>(d, *ws->m_service);
    return ws;
}

Workspace::~Workspace()
{
    // Prepared queries must go before their connection closes.
    m_scheduling.reset();
    m_service.reset();
    m_comments.reset();
    m_progress.reset();
    m_dependencies.reset();
    m_tasks.reset();
    m_db.reset();
}

void Workspace::setApplicationIdentity()
{
    QCoreApplication::setOrganizationName(QStringLiteral("TaskOrch"));
    QCoreApplication::setApplicationName(QStringLiteral("taskorch"));
}

QString Workspace::defaultDatabasePath()
{
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    QDir().mkpath(folder);
    return QDir(folder).filePath(QStringLiteral("taskorch.db"));
}

} // namespace taskorch::storage
