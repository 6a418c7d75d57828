// SPDX-License-Identifier: GPL-3.0-or-later
#include "Workspace.h"

#include "MigrationRunner.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlQuery>
#include <QStandardPaths>

#include <unistd.h>

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

// access(2) rather than permission bits: it also answers for root, ACLs and immutable files.
bool writable(const QString &path)
{
    return ::access(QFile::encodeName(path).constData(), W_OK) == 0;
}

// What a file that is not SQLite looks like, for the message: people drop CSV exports and notes on the app.
QString describeForeignFile(const QString &path)
{
    if (QFileInfo(path).isDir()) {
        return QStringLiteral("%1 is a folder, not a TaskOrch database").arg(path);
    }
    QFile file(path);
    QByteArray head;
    if (file.open(QIODevice::ReadOnly)) {
        head = file.read(512);
    }
    const QString text = QString::fromUtf8(head);
    const bool looksLikeText = !head.contains('\0') && !text.contains(QChar::ReplacementCharacter);
    if (looksLikeText) {
        const QString firstLine = text.section(u'\n', 0, 0).trimmed().left(40);
        return QStringLiteral("%1 is a text file (it starts with \"%2\"), not a TaskOrch database")
            .arg(path, firstLine);
    }
    return QStringLiteral("%1 is not a TaskOrch database: it is not an SQLite file").arg(path);
}

quint32 bigEndian32(const QByteArray &bytes, int offset)
{
    const auto *p = reinterpret_cast<const uchar *>(bytes.constData() + offset);
    return (quint32(p[0]) << 24) | (quint32(p[1]) << 16) | (quint32(p[2]) << 8) | quint32(p[3]);
}

// A copy cut short (full disk, interrupted download) still has a valid header; SQLite would only notice when it
// reads a missing page, deep inside some command. The header records the size, so compare it with the file.
Status refuseTruncated(const QString &path)
{
    // While the database is in use, or after a crash, its newest pages live in the -wal (or the old ones in a hot
    // -journal): a checkpoint or commit writes the header (page 1) before the pages that grow the file, and SQLite
    // takes the size from the WAL. The header describes the file alone only when neither holds anything, before
    // and after it was read (another program may start writing in between).
    const auto inUse = [&path] {
        for (const char *companion : {"-wal", "-journal"}) {
            if (QFileInfo(path + QLatin1String(companion)).size() > 0) {
                return true;
            }
        }
        return false;
    };
    if (inUse()) {
        return {};
    }
    // Through SQLite's file layer: this process may have the database open (see readFileHead).
    const std::optional<FileHead> head = readFileHead(path, 100);
    if (!head) {
        return {};
    }
    const QByteArray &header = head->bytes;
    const qint64 size = head->size;
    if (header.size() < 100) {
        return makeError(ErrorCode::Storage,
                         QStringLiteral("%1 is damaged: the file is truncated (%2 bytes, shorter than the SQLite "
                                        "header)")
                             .arg(path)
                             .arg(size));
    }
    const quint32 rawPageSize = (quint32(uchar(header[16])) << 8) | quint32(uchar(header[17]));
    const qint64 pageSize = rawPageSize == 1 ? 65536 : rawPageSize;
    const quint32 pageCount = bigEndian32(header, 28);
    // SQLite trusts the page count only while "version-valid-for" matches the change counter.
    const bool countValid = bigEndian32(header, 92) == bigEndian32(header, 24);
    if (countValid && pageSize >= 512 && pageCount > 0 && size < qint64(pageCount) * pageSize && !inUse()) {
        return makeError(ErrorCode::Storage, QStringLiteral("%1 is damaged: the file is truncated (%2 bytes of %3)")
                                                 .arg(path)
                                                 .arg(size)
                                                 .arg(qint64(pageCount) * pageSize));
    }
    return {};
}

// Everything that can be refused by looking at the file from outside, before SQLite opens it for writing.
Status checkFile(const QString &path, const Workspace::Options &options)
{
    const QFileInfo info(path);
    const QString folder = info.absolutePath();
    switch (inspectFile(path)) {
    case FileKind::Missing:
        if (!options.createIfMissing) {
            return makeError(ErrorCode::NotFound, QStringLiteral("%1 does not exist").arg(path));
        }
        if (!QFileInfo(folder).isDir()) {
            return makeError(ErrorCode::Storage,
                             QStringLiteral("cannot create %1: the folder %2 does not exist").arg(path, folder));
        }
        if (!writable(folder)) {
            return makeError(ErrorCode::Storage,
                             QStringLiteral("cannot create %1: the folder %2 is read-only").arg(path, folder));
        }
        return {};
    case FileKind::Empty:
        if (!options.adoptEmptyFile) {
            return makeError(ErrorCode::Storage,
                             QStringLiteral("%1 is an empty file (0 bytes), not a TaskOrch database").arg(path));
        }
        break;
    case FileKind::NotSqlite:
        return makeError(ErrorCode::Storage, describeForeignFile(path));
    case FileKind::Unreadable:
        return makeError(ErrorCode::Storage, QStringLiteral("%1 cannot be read (check its permissions)").arg(path));
    case FileKind::Sqlite:
        if (Status s = refuseTruncated(path); !s) {
            return s;
        }
        // Checked before SQLite opens the file: even a read-only connection to a WAL database creates the -wal and
        // -shm files, and without a writable folder it cannot read it at all.
        if (!writable(path)) {
            return makeError(ErrorCode::Storage,
                             QStringLiteral("%1 is read-only: TaskOrch saves every change straight to the file. "
                                            "Change its permissions or work on a copy")
                                 .arg(path));
        }
        if (!writable(folder)) {
            return makeError(ErrorCode::Storage,
                             QStringLiteral("%1 is in the read-only folder %2: SQLite keeps its journal next to the "
                                            "file. Move the file to a writable folder")
                                 .arg(path, folder));
        }
        break;
    }
    return {};
}

} // namespace

Result<std::unique_ptr<Workspace>> Workspace::open(const QString &path, Options options)
{
    if (Status s = checkFile(path, options); !s) {
        return s.error();
    }
    // An existing file is inspected read-only first: refusing a foreign or newer file must not change a byte
    // (even switching it to WAL would).
    if (inspectFile(path) == FileKind::Sqlite) {
        auto probe = Database::inspect(path);
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
