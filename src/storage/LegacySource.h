// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Result.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <memory>

struct sqlite3;
struct sqlite3_stmt;

namespace taskorch::storage::legacy {

using core::Result;
using core::Status;

/// One prepared native statement, finalised when it goes out of scope.
class Statement
{
public:
    Statement() = default;
    /// Prepares `sql` on `db`; check ok() (the error text is sqlite3_errmsg of `db`).
    Statement(sqlite3 *db, const QByteArray &sql);
    ~Statement();
    Statement(Statement &&other) noexcept;
    Statement &operator=(Statement &&other) noexcept;
    Statement(const Statement &) = delete;
    Statement &operator=(const Statement &) = delete;

    bool ok() const { return m_stmt != nullptr; }
    sqlite3_stmt *get() const { return m_stmt; }
    operator sqlite3_stmt *() const { return m_stmt; }

private:
    sqlite3_stmt *m_stmt = nullptr;
};

/// `name` quoted as an SQL identifier: `"my ""table"""`.
QByteArray quoteIdentifier(const QString &name);

/// A table of a legacy file as its own schema declares it.
struct SourceTable
{
    QString name;           ///< as spelled in the file
    QStringList columns;    ///< in physical order
    QStringList types;      ///< declared types, in the same order
    bool hasRowid = true;   ///< false for a WITHOUT ROWID table
    bool idIsRowid = false; ///< `id` is an INTEGER PRIMARY KEY: unique, never NULL, the rowid itself
    qint64 rowCount = 0;

    /// Position of a column (SQLite compares names case-insensitively), or -1.
    int columnIndex(QStringView column) const;
};

/// A private, consistent copy of a legacy tracker file (LEGACY_FORMATS.md H17; SPEC.md §8).
///
/// open() copies the `.db` with its `-wal`, `-shm` and `-journal` into a temporary folder and opens the copy, so rows
/// that live only in the `-wal` are read and the user's files are never written, locked or checkpointed. It refuses a
/// missing file (NotFound), a file that is not SQLite or is damaged, unreadable, locked by a writer or changing while
/// it is copied (Storage), and a database without a `tasks` table (Invalid).
///
/// The SHA-256 of the original `.db` followed by its `-wal` is computed on a background thread, because hashing
/// runs at a fraction of the import's speed; sha256() waits for it. Single-threaded use otherwise (another thread reads
/// through its own openReader() connection).
class LegacySource
{
public:
    static Result<std::unique_ptr<LegacySource>> open(const QString &path);
    ~LegacySource();
    LegacySource(const LegacySource &) = delete;
    LegacySource &operator=(const LegacySource &) = delete;

    /// The native handle of the copy (read-only use).
    sqlite3 *handle() const { return m_db; }
    /// A second connection to the copy, for another thread (read-only use); the caller closes it, before this object
    /// is destroyed.
    Result<sqlite3 *> openReader() const;
    /// A path in the copy's private folder, for scratch files that go when this object goes.
    QString scratchPath(const QString &name) const;
    /// The original file, absolute.
    const QString &path() const { return m_path; }
    /// "A", "B" or "C" (LEGACY_FORMATS.md §2).
    const QString &generation() const { return m_generation; }
    /// Every table that holds rows of its own (not SQLite's internal tables, not virtual tables), in file order.
    const QList<SourceTable> &tables() const { return m_tables; }
    /// The table of that name (case-insensitive), or null.
    const SourceTable *table(QStringView name) const;
    /// Size of the copied `.db` and `-wal`, in bytes.
    qint64 sizeBytes() const { return m_sizeBytes; }

    /// Hex SHA-256 of the original `.db` followed by its `-wal`, as they were copied. Fails (Storage) when a file
    /// cannot be read or changed after it was copied.
    Result<QString> sha256();

    /// Removes the private copies that imports killed before they could clean up left in the temporary folder
    /// (open() does this first); a copy whose import is still running stays. Returns how many were removed.
    static int removeAbandonedCopies();

private:
    struct Hasher;

    LegacySource() = default;
    Status copyFiles();
    Status openCopy();
    Status openCopyConnection(sqlite3 **db) const;
    Status readSchema();
    void detectGeneration();

    QString m_path;
    QString m_copyPath;
    sqlite3 *m_db = nullptr;
    QString m_generation;
    QList<SourceTable> m_tables;
    qint64 m_sizeBytes = 0;
    std::unique_ptr<Hasher> m_hasher;
    std::unique_ptr<QTemporaryDir> m_tempDir;
    int m_ownerLock = -1; ///< flock held on the folder's lock file while this copy lives
};

} // namespace taskorch::storage::legacy
