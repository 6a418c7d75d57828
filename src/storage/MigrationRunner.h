// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Database.h"

#include <QDateTime>
#include <QList>

namespace taskorch::storage {

/// One embedded migration (`:/migrations/NNNN_name.up.sql` and its `.down.sql`).
struct Migration
{
    int version = 0;
    QString name;
    QByteArray upSql;
    QByteArray downSql;
    QString checksum; ///< sha256 of the up file, hex
};

/// One line of `migrate status`.
struct MigrationState
{
    int version = 0;
    QString name;
    bool applied = false;
    QString appliedAt;
    bool checksumMatches = true;
};

/// Applies and reverts the embedded migrations, recording them in `schema_migrations` (SPEC.md §5).
///
/// Refuses, with a clear message and without writing anything: a database whose version is newer than this build
/// knows, and an applied migration whose checksum differs from the embedded file.
class MigrationRunner
{
public:
    explicit MigrationRunner(Database &db);

    /// The migrations compiled into this build, by version.
    static const QList<Migration> &embedded();
    static int latestVersion();

    /// Highest applied version (0 for a new database).
    Result<int> currentVersion();
    Result<QList<MigrationState>> status();
    /// Newer schema and edited migrations are refused here; up() and down() call it first.
    Status verify();
    /// Applies every pending migration up to `target` (default: latest), each in its own transaction.
    /// A database that holds data is first copied to `<file>.bak-v<from>` next to it.
    Status up(int target = -1);
    /// Reverts applied migrations one by one down to version `target` (default: one step).
    Status down(int target = -1);
    /// Path of the last backup written by up(), empty if none.
    QString lastBackupPath() const { return m_lastBackup; }

private:
    Status ensureBookkeeping();
    Result<bool> holdsData();
    Status backup(int fromVersion);
    Status apply(const Migration &migration, bool upward);

    Database &m_db;
    QString m_lastBackup;
};

} // namespace taskorch::storage
