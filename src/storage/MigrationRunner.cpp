// SPDX-License-Identifier: GPL-3.0-or-later
#include "MigrationRunner.h"

#include "Timestamp.h"
#include "Transaction.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>

#include <map>

#include <unistd.h>

// Resources compiled into a static library need an explicit initialiser at global scope (TOOLCHAIN.md §4).
static void initMigrationResources()
{
    Q_INIT_RESOURCE(migrations);
}

namespace taskorch::storage {

using core::ErrorCode;
using core::makeError;

namespace {

const auto kCreateBookkeeping = QStringLiteral(
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at TEXT NOT NULL)");
const auto kSelectApplied =
    QStringLiteral("SELECT version, name, checksum, applied_at FROM schema_migrations ORDER BY version");
const auto kInsertApplied =
    QStringLiteral("INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)");
const auto kDeleteApplied = QStringLiteral("DELETE FROM schema_migrations WHERE version = ?");
const auto kUserTables =
    QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                   "AND name <> 'schema_migrations'");

struct Applied
{
    QString name;
    QString checksum;
    QString appliedAt;
};

Result<std::map<int, Applied>> readApplied(Database &db)
{
    std::map<int, Applied> applied;
    if (!db.hasTable(QStringLiteral("schema_migrations"))) {
        return applied;
    }
    QSqlQuery query(db.connection());
    query.setForwardOnly(true);
    if (!query.exec(kSelectApplied)) {
        return storageError(QStringLiteral("cannot read the schema version"), query.lastError().text());
    }
    while (query.next()) {
        applied[query.value(0).toInt()] = {query.value(1).toString(), query.value(2).toString(),
                                           query.value(3).toString()};
    }
    return applied;
}

} // namespace

MigrationRunner::MigrationRunner(Database &db) : m_db(db) {}

const QList<Migration> &MigrationRunner::embedded()
{
    static const QList<Migration> migrations = [] {
        initMigrationResources();
        QList<Migration> list;
        static const QRegularExpression pattern(QStringLiteral("^(\\d{4})_(\\w+)\\.up\\.sql$"));
        const QDir dir(QStringLiteral(":/migrations"));
        for (const QString &file : dir.entryList(QDir::Files, QDir::Name)) {
            const auto match = pattern.match(file);
            if (!match.hasMatch()) {
                continue;
            }
            Migration m;
            m.version = match.captured(1).toInt();
            m.name = match.captured(2);
            QFile up(dir.filePath(file));
            QFile down(dir.filePath(file.chopped(7) + QStringLiteral(".down.sql")));
            const bool opened = up.open(QIODevice::ReadOnly) && down.open(QIODevice::ReadOnly);
            Q_ASSERT_X(opened, "MigrationRunner", "every migration needs an up and a down file");
            Q_UNUSED(opened);
            m.upSql = up.readAll();
            m.downSql = down.readAll();
            m.checksum = QString::fromLatin1(QCryptographicHash::hash(m.upSql, QCryptographicHash::Sha256).toHex());
            list << m;
        }
        return list;
    }();
    return migrations;
}

int MigrationRunner::latestVersion()
{
    return embedded().isEmpty() ? 0 : embedded().last().version;
}

Result<int> MigrationRunner::currentVersion()
{
    auto applied = readApplied(m_db);
    if (!applied) {
        return applied.error();
    }
    return applied->empty() ? 0 : applied->rbegin()->first;
}

Result<QList<MigrationState>> MigrationRunner::status()
{
    auto applied = readApplied(m_db);
    if (!applied) {
        return applied.error();
    }
    QList<MigrationState> states;
    for (const Migration &m : embedded()) {
        MigrationState s{m.version, m.name};
        if (auto it = applied->find(m.version); it != applied->end()) {
            s.applied = true;
            s.appliedAt = it->second.appliedAt;
            s.checksumMatches = it->second.checksum == m.checksum;
        }
        states << s;
    }
    for (const auto &[version, a] : *applied) {
        if (version > latestVersion()) {
            states << MigrationState{version, a.name, true, a.appliedAt, false};
        }
    }
    return states;
}

Status MigrationRunner::verify()
{
    auto applied = readApplied(m_db);
    if (!applied) {
        return applied.error();
    }
    if (!applied->empty() && applied->rbegin()->first > latestVersion()) {
        return makeError(ErrorCode::Storage,
                         QStringLiteral("%1 has schema version %2, newer than this TaskOrch knows (%3); "
                                        "open it with a newer TaskOrch")
                             .arg(m_db.path())
                             .arg(applied->rbegin()->first)
                             .arg(latestVersion()));
    }
    for (const Migration &m : embedded()) {
        auto it = applied->find(m.version);
        if (it != applied->end() && it->second.checksum != m.checksum) {
            return makeError(ErrorCode::Storage,
                             QStringLiteral("migration %1_%2 applied to %3 differs from the one in this TaskOrch "
                                            "(checksum mismatch); refusing to touch the database")
                                 .arg(m.version, 4, 10, QLatin1Char('0'))
                                 .arg(m.name, m_db.path()),
                             QStringLiteral("recorded %1, embedded %2").arg(it->second.checksum, m.checksum));
        }
    }
    return {};
}

Status MigrationRunner::ensureBookkeeping()
{
    return m_db.exec(kCreateBookkeeping);
}

Result<bool> MigrationRunner::holdsData()
{
    QSqlQuery tables(m_db.connection());
    tables.setForwardOnly(true);
    if (!tables.exec(kUserTables)) {
        return storageError(QStringLiteral("cannot read the database schema"), tables.lastError().text());
    }
    QStringList names;
    while (tables.next()) {
        names << tables.value(0).toString();
    }
    for (const QString &name : names) {
        QSqlQuery any(m_db.connection());
        // Table names come from sqlite_master, quoted as identifiers.
        if (any.exec(QStringLiteral("SELECT 1 FROM \"%1\" LIMIT 1").arg(QString(name).replace(u'"', "\"\""))) &&
            any.next()) {
            return true;
        }
    }
    return false;
}

Status MigrationRunner::backup(int fromVersion)
{
    QString target = QStringLiteral("%1.bak-v%2").arg(m_db.path()).arg(fromVersion);
    if (QFileInfo::exists(target)) {
        // Never overwrite an earlier backup: it may be the only copy of older data.
        target += QStringLiteral("-") + core::Clock::now().toString(QStringLiteral("yyyyMMddHHmmsszzz"));
    }
    // VACUUM INTO writes the copy page by page: a crash half-way would leave a file that looks like a backup but
    // holds part of the data (or none). Write it under a temporary name, flush it, and only then give it its name.
    const QString partial = target + QStringLiteral(".partial");
    QFile::remove(partial);
    QSqlQuery query(m_db.connection());
    query.prepare(QStringLiteral("VACUUM INTO ?"));
    query.addBindValue(partial);
    bool ok = query.exec();
    QString detail = query.lastError().text();
    query.finish();
    if (ok) {
        QFile file(partial);
        ok = file.open(QIODevice::ReadWrite) && ::fsync(file.handle()) == 0;
        file.close();
        ok = ok && QFile::rename(partial, target);
        if (!ok) {
            detail = QStringLiteral("cannot flush %1 or rename it to %2").arg(partial, target);
        }
    }
    if (!ok) {
        QFile::remove(partial);
        return storageError(
            QStringLiteral("cannot write the backup %1 before migrating; nothing was changed").arg(target), detail);
    }
    m_lastBackup = target;
    return {};
}

Status MigrationRunner::apply(const Migration &migration, bool upward)
{
    const QString file = QStringLiteral("%1_%2.%3.sql")
                             .arg(migration.version, 4, 10, QLatin1Char('0'))
                             .arg(migration.name, upward ? QStringLiteral("up") : QStringLiteral("down"));
    Transaction tx(m_db);
    if (!tx.begun()) {
        return tx.begun();
    }
    if (Status s = m_db.execScript(upward ? migration.upSql : migration.downSql, file); !s) {
        return s;
    }
    QSqlQuery record(m_db.connection());
    if (upward) {
        record.prepare(kInsertApplied);
        record.addBindValue(migration.version);
        record.addBindValue(migration.name);
        record.addBindValue(migration.checksum);
        record.addBindValue(core::Timestamp::format(core::Clock::now()));
    } else {
        record.prepare(kDeleteApplied);
        record.addBindValue(migration.version);
    }
    if (!record.exec()) {
        return storageError(QStringLiteral("cannot record migration %1").arg(file), record.lastError().text());
    }
    return tx.commit();
}

Status MigrationRunner::up(int target)
{
    if (target < 0) {
        target = latestVersion();
    }
    if (Status s = verify(); !s) {
        return s;
    }
    auto current = currentVersion();
    if (!current) {
        return current.error();
    }
    if (*current >= target) {
        return {};
    }
    auto data = holdsData();
    if (!data) {
        return data.error();
    }
    if (*data) {
        if (Status s = backup(*current); !s) {
            return s;
        }
    }
    if (Status s = ensureBookkeeping(); !s) {
        return s;
    }
    for (const Migration &m : embedded()) {
        if (m.version > *current && m.version <= target) {
            if (Status s = apply(m, true); !s) {
                return s;
            }
        }
    }
    return {};
}

Status MigrationRunner::down(int target)
{
    if (Status s = verify(); !s) {
        return s;
    }
    auto current = currentVersion();
    if (!current) {
        return current.error();
    }
    if (target < 0) {
        target = qMax(0, *current - 1);
    }
    for (auto it = embedded().crbegin(); it != embedded().crend(); ++it) {
        if (it->version <= *current && it->version > target) {
            if (Status s = apply(*it, false); !s) {
                return s;
            }
        }
    }
    return {};
}

} // namespace taskorch::storage
