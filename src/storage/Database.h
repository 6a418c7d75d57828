// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Result.h"

#include <QSqlDatabase>
#include <QString>

#include <memory>
#include <optional>

struct sqlite3;

namespace taskorch::storage {

using core::Result;
using core::Status;

/// One SQLite connection through Qt's QSQLITE driver, with TaskOrch's pragmas applied
/// (foreign keys on, WAL, synchronous NORMAL, busy timeout) and the native handle for bulk paths.
///
/// A Database belongs to the thread that opened it (Qt's rule for QSqlDatabase).
class Database
{
public:
    enum class Mode
    {
        ReadWrite, ///< creates the file when it does not exist
        ReadOnly,
        /// Read-only, and reads the main file exactly as it is on disk: no locks, no -wal or -shm files created.
        /// Only for looking at a file no one else has open (no -wal next to it), before deciding to open it.
        Inspect,
    };

    /// The page size of the databases open() creates; a file keeps the page size it was created with.
    static constexpr int kPageSize = 16384;
    /// The page cache of each connection, in KiB (an upper bound: SQLite allocates pages as it reads them).
    static constexpr int kCacheKiB = 8192;

    /// Opens `path`. Refuses (ErrorCode::Storage, nothing written) a file that is not SQLite, and a path whose
    /// folder does not exist. A missing file is created in ReadWrite mode.
    static Result<std::unique_ptr<Database>> open(const QString &path, Mode mode = Mode::ReadWrite);
    /// Opens an existing file read-only only to look at it: as a snapshot (Mode::Inspect) when no -wal file shows
    /// another program at work, so nothing is created beside it; otherwise as a normal read-only connection. A
    /// -journal left by a writer that died is first rolled back, as SQLite does for any program opening the file.
    static Result<std::unique_ptr<Database>> inspect(const QString &path);
    ~Database();

    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    QSqlDatabase &connection() { return m_db; }
    const QString &path() const { return m_path; }
    /// The native handle of Qt's own connection; valid while this object lives.
    sqlite3 *handle() const { return m_handle; }

    /// Runs one statement without results (pragmas, DDL). The error names the statement.
    Status exec(const QString &sql);
    /// Runs a script of several statements through SQLite's own parser (triggers, quotes and comments are safe).
    /// Stops at the first failing statement and names it. A script holding a NUL byte is refused before anything
    /// runs, as SQLite would silently stop reading at it.
    Status execScript(const QByteArray &script, const QString &origin);

    /// True when the database has a table of that name.
    bool hasTable(const QString &name);

    /// Nesting depth of open transactions (0 = none); used by Transaction.
    int &transactionDepth() { return m_transactionDepth; }

    /// A message for a person from SQLite's extended result code, e.g. "the database is locked by another program".
    static QString describeSqliteError(int extendedCode);
    /// Whether this process keeps statement journals in memory (set before SQLite initialises; see Database.cpp).
    /// False when something initialised SQLite first.
    static bool statementJournalSpillConfigured();
    /// Whether SQLite's process-wide allocation statistics (and their global mutex) are off, set the same way.
    static bool memoryStatisticsOff();

private:
    Database() = default;

    QSqlDatabase m_db;
    QString m_connectionName;
    QString m_path;
    sqlite3 *m_handle = nullptr;
    int m_transactionDepth = 0;
};

/// Error for a failed QSqlQuery/driver call: a person's message plus the driver text in detail.
core::Error storageError(const QString &message, const QString &driverText);

/// Returns whether the file at `path` starts with the SQLite header (an empty or missing file counts as "not yet").
enum class FileKind
{
    Missing,
    Empty,
    Sqlite,
    NotSqlite,
    Unreadable
};
FileKind inspectFile(const QString &path);

/// The first bytes of a file and its size, read through SQLite's own file layer.
struct FileHead
{
    QByteArray bytes; ///< up to the number asked for; fewer when the file is shorter
    qint64 size = 0;
};
/// Reads the first `bytes` bytes of the file at `path` (nothing when it cannot be opened). Use this, never QFile, on a
/// database file this process may have open: closing any descriptor of a file drops every POSIX lock the process
/// holds on it, SQLite's included, after which another program may take the database for unused, delete its WAL
/// under the open connection and corrupt it (sqlite.org/howtocorrupt.html §2.2). SQLite's layer keeps such a
/// descriptor open until its own locks are released.
std::optional<FileHead> readFileHead(const QString &path, int bytes);

} // namespace taskorch::storage
