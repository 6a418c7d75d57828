// SPDX-License-Identifier: GPL-3.0-or-later
#include "Database.h"

#include <QAtomicInteger>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QUrl>

#include <sqlite3.h>

#include <cstring>

namespace taskorch::storage {

using core::ErrorCode;
using core::makeError;

namespace {

QAtomicInteger<quint64> s_connectionCounter;

// SQLite keeps the undo copy of a statement that writes several rows (its "statement journal") in memory only up to
// 64 KiB, then spills it to a temporary file. A one-row insert into `tasks` touches some 15 pages (the table, its 12
// indexes and the statistics log of migration 0005, whose trigger makes every insert such a statement): with the
// default, each insert wrote about 30 pages to a temp file and creating tasks was 4x slower. So statement journals
// stay in memory (-1). A larger spill threshold is no option: with SQLite 3.40 any threshold above 128 KiB made a
// DROP INDEX of a big index inside a transaction (the legacy importer's deferred indexes) fail with "database or disk
// is full". Our statements are row-sized, or create pages rather than change them, so the memory stays small.
// sqlite3_config() only works before SQLite initialises, i.e. before the first connection of the process, hence a
// static initialiser of the library that owns every connection.
const bool s_statementJournalConfigured = sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL, -1) == SQLITE_OK;
// SQLite counts every allocation it makes in process-wide statistics behind one global mutex (Debian's build also
// has no lookaside, so a row insert allocates several times). Two threads writing two databases at once (the legacy
// importer's staged tasks) then took turns on that mutex and each ran at half speed. Nothing here reads the counts.
const bool s_memoryStatisticsOff = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) == SQLITE_OK;

// Case-insensitive, Unicode-aware "contains" for search (SQLite's LIKE folds ASCII only).
void containsFunction(sqlite3_context *context, int argc, sqlite3_value **argv)
{
    if (argc != 2 || sqlite3_value_type(argv[0]) == SQLITE_NULL || sqlite3_value_type(argv[1]) == SQLITE_NULL) {
        sqlite3_result_int(context, 0);
        return;
    }
    const auto *hay = reinterpret_cast<const char *>(sqlite3_value_text(argv[0]));
    const auto *needle = reinterpret_cast<const char *>(sqlite3_value_text(argv[1]));
    const QString h = QString::fromUtf8(hay, sqlite3_value_bytes(argv[0]));
    const QString n = QString::fromUtf8(needle, sqlite3_value_bytes(argv[1]));
    sqlite3_result_int(context, h.contains(n, Qt::CaseInsensitive) ? 1 : 0);
}

} // namespace

bool Database::statementJournalSpillConfigured()
{
    return s_statementJournalConfigured;
}

bool Database::memoryStatisticsOff()
{
    return s_memoryStatisticsOff;
}

core::Error storageError(const QString &message, const QString &driverText)
{
    return makeError(ErrorCode::Storage, message, driverText);
}

FileKind inspectFile(const QString &path)
{
    QFileInfo info(path);
    if (!info.exists()) {
        return FileKind::Missing;
    }
    if (info.isDir()) {
        return FileKind::NotSqlite;
    }
    if (info.size() == 0) {
        return FileKind::Empty;
    }
    const std::optional<FileHead> head = readFileHead(path, 16);
    if (!head) {
        return FileKind::Unreadable;
    }
    static const QByteArray header("SQLite format 3\0", 16);
    return head->bytes == header ? FileKind::Sqlite : FileKind::NotSqlite;
}

std::optional<FileHead> readFileHead(const QString &path, int bytes)
{
    sqlite3_vfs *vfs = sqlite3_vfs_find(nullptr);
    if (!vfs) {
        return std::nullopt;
    }
    // The VFS keeps the name for the file's lifetime and may look for URI parameters after it: give it a real one.
    const QByteArray absolute = QFile::encodeName(QFileInfo(path).absoluteFilePath());
    sqlite3_filename name = sqlite3_create_filename(absolute.constData(), "", "", 0, nullptr);
    auto *file = static_cast<sqlite3_file *>(sqlite3_malloc(vfs->szOsFile));
    if (!name || !file) {
        sqlite3_free_filename(name);
        sqlite3_free(file);
        return std::nullopt;
    }
    std::memset(file, 0, size_t(vfs->szOsFile));
    int flags = 0;
    std::optional<FileHead> head;
    if (vfs->xOpen(vfs, name, file, SQLITE_OPEN_READONLY | SQLITE_OPEN_MAIN_DB, &flags) == SQLITE_OK) {
        sqlite3_int64 size = 0;
        if (file->pMethods->xFileSize(file, &size) == SQLITE_OK) {
            FileHead read;
            read.size = size;
            read.bytes.resize(qsizetype(qMin<sqlite3_int64>(bytes, size)));
            if (read.bytes.isEmpty() ||
                file->pMethods->xRead(file, read.bytes.data(), int(read.bytes.size()), 0) == SQLITE_OK) {
                head = std::move(read);
            }
        }
    }
    if (file->pMethods) {
        file->pMethods->xClose(file);
    }
    sqlite3_free(file);
    sqlite3_free_filename(name);
    return head;
}

QString Database::describeSqliteError(int code)
{
    switch (code & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return QStringLiteral("the database is locked by another program; close it there and try again");
    case SQLITE_READONLY:
        return QStringLiteral("the database cannot be written (read-only file or folder)");
    case SQLITE_FULL:
        return QStringLiteral("the disk is full");
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        return QStringLiteral("the file is damaged or is not a database");
    case SQLITE_CANTOPEN:
        return QStringLiteral("the file cannot be opened");
    case SQLITE_IOERR:
        return QStringLiteral("the disk reported an input/output error");
    case SQLITE_CONSTRAINT:
        return QStringLiteral("a value breaks a rule of the data model");
    default:
        return QStringLiteral("the database reported an error");
    }
}

Result<std::unique_ptr<Database>> Database::open(const QString &path, Mode mode)
{
    const QFileInfo info(path);
    switch (inspectFile(path)) {
    case FileKind::NotSqlite:
        return makeError(ErrorCode::Storage, QStringLiteral("%1 is not a TaskOrch or SQLite database").arg(path));
    case FileKind::Unreadable:
        return makeError(ErrorCode::Storage, QStringLiteral("%1 cannot be read (check its permissions)").arg(path));
    case FileKind::Missing:
        if (mode != Mode::ReadWrite) {
            return makeError(ErrorCode::NotFound, QStringLiteral("%1 does not exist").arg(path));
        }
        if (!info.absoluteDir().exists()) {
            return makeError(
                ErrorCode::Storage,
                QStringLiteral("cannot create %1: the folder %2 does not exist").arg(path, info.absolutePath()));
        }
        break;
    case FileKind::Empty:
    case FileKind::Sqlite:
        break;
    }

    std::unique_ptr<Database> db(new Database);
    db->m_path = info.absoluteFilePath();
    db->m_connectionName = QStringLiteral("taskorch-%1").arg(s_connectionCounter.fetchAndAddRelaxed(1));
    db->m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), db->m_connectionName);
    db->m_db.setDatabaseName(db->m_path);
    QStringList options{QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000")};
    if (mode != Mode::ReadWrite) {
        options << QStringLiteral("QSQLITE_OPEN_READONLY");
    }
    if (mode == Mode::Inspect) {
        // SQLite's immutable URI parameter: the file is read as a snapshot, so nothing is created beside it.
        options << QStringLiteral("QSQLITE_OPEN_URI");
        db->m_db.setDatabaseName(QUrl::fromLocalFile(db->m_path).toString(QUrl::FullyEncoded) +
                                 QStringLiteral("?mode=ro&immutable=1"));
    }
    db->m_db.setConnectOptions(options.join(u';'));
    if (!db->m_db.open()) {
        return storageError(QStringLiteral("cannot open %1").arg(path), db->m_db.lastError().text());
    }
    const QVariant handle = db->m_db.driver()->handle();
    if (qstrcmp(handle.typeName(), "sqlite3*") == 0) {
        db->m_handle = *static_cast<sqlite3 *const *>(handle.constData());
    }
    Q_ASSERT(db->m_handle);

    // Reading the schema is the first real read: it fails on a damaged file or one that is not a database.
    QSqlQuery probe(db->m_db);
    if (!probe.exec(QStringLiteral("SELECT count(*) FROM sqlite_master"))) {
        return storageError(QStringLiteral("%1 is damaged or is not a database").arg(path), probe.lastError().text());
    }
    probe.finish();

    const QStringList pragmas{
        QStringLiteral("PRAGMA foreign_keys = ON"),
        QStringLiteral("PRAGMA busy_timeout = 5000"),
        // 8 MB: as many 16 KB pages as SQLite's default 2 MB holds at 4 KB. With fewer, a transaction inserting
        // into the tasks' dozen indexes in random key order spills pages (100k tasks created: 4.4 s -> 3.3 s).
        QStringLiteral("PRAGMA cache_size = -%1").arg(kCacheKiB),
    };
    for (const QString &pragma : pragmas) {
        if (Status s = db->exec(pragma); !s) {
            return s.error();
        }
    }
    if (mode == Mode::ReadWrite) {
        // Pages of 16 KB instead of SQLite's 4 KB: a quarter of the pages to read, write and balance. Measured at
        // 1M tasks (bench/RESULTS.md): legacy import 15.2 s -> 13.8 s, statistics and CSV export 30 % faster,
        // filtered task-list pages 30-50 % faster; the one loss is creating tasks row by row into a dozen indexes
        // (100k tasks: 2.8 s -> 3.3-3.6 s). It only takes effect while the file is still empty, so it must come before
        // the switch to WAL; an existing database keeps the page size it was created with.
        (void)db->exec(QStringLiteral("PRAGMA page_size = %1").arg(kPageSize));
        // WAL lets readers (the GUI) run while a writer commits. It fails harmlessly on read-only media,
        // which the first write then reports clearly.
        (void)db->exec(QStringLiteral("PRAGMA journal_mode = WAL"));
        (void)db->exec(QStringLiteral("PRAGMA synchronous = NORMAL"));
        // A cap on the file's size in pages: how the tests make the disk "full" (SQLITE_FULL) without filling one.
        if (const int maxPages = qEnvironmentVariableIntValue("TASKORCH_MAX_PAGE_COUNT"); maxPages > 0) {
            (void)db->exec(QStringLiteral("PRAGMA max_page_count = %1").arg(maxPages));
        }
    }
    sqlite3_create_function_v2(db->m_handle, "taskorch_contains", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr,
                               containsFunction, nullptr, nullptr, nullptr);
    return db;
}

Result<std::unique_ptr<Database>> Database::inspect(const QString &path)
{
    // A -journal beside the file may be hot: a writer in rollback-journal mode (the legacy importer, or a file on
    // a system without WAL) died mid-transaction, and the file holds half-written pages until SQLite puts the
    // original ones back from the journal. A snapshot read would see those pages and call the file damaged, and a
    // read-only connection may not put them back. So SQLite first recovers the file, as any program opening it
    // would; this restores the last committed state and changes nothing else.
    if (QFileInfo::exists(path + QStringLiteral("-journal"))) {
        sqlite3 *recovery = nullptr;
        if (sqlite3_open_v2(QFile::encodeName(path).constData(), &recovery, SQLITE_OPEN_READWRITE, nullptr) ==
            SQLITE_OK) {
            sqlite3_busy_timeout(recovery, 5000);
            sqlite3_exec(recovery, "SELECT count(*) FROM sqlite_master", nullptr, nullptr, nullptr);
        }
        sqlite3_close(recovery); // harmless on nullptr; a failure shows in the read-only open below
        return open(path, Mode::ReadOnly);
    }
    const bool walInUse = QFileInfo::exists(path + QStringLiteral("-wal"));
    return open(path, walInUse ? Mode::ReadOnly : Mode::Inspect);
}

Database::~Database()
{
    m_handle = nullptr;
    if (m_db.isValid()) {
        m_db.close();
    }
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_connectionName);
}

Status Database::exec(const QString &sql)
{
    QSqlQuery query(m_db);
    if (!query.exec(sql)) {
        const int code = sqlite3_extended_errcode(m_handle);
        return storageError(describeSqliteError(code), query.lastError().text() + QStringLiteral(" in: ") + sql);
    }
    return {};
}

Status Database::execScript(const QByteArray &script, const QString &origin)
{
    // SQLite reads SQL text only up to a NUL byte, so the statements after one would be skipped without an error.
    if (const qsizetype nul = script.indexOf('\0'); nul >= 0) {
        return storageError(QStringLiteral("%1 holds a NUL byte at offset %2; nothing was run").arg(origin).arg(nul),
                            QString());
    }
    const char *tail = script.constData();
    const char *end = tail + script.size();
    while (tail < end) {
        sqlite3_stmt *stmt = nullptr;
        const char *next = nullptr;
        int rc = sqlite3_prepare_v2(m_handle, tail, int(end - tail), &stmt, &next);
        // On a syntax error SQLite's tail points into the statement; show it up to its terminating semicolon.
        const char *statementEnd = (rc == SQLITE_OK && next) ? next : end;
        if (rc != SQLITE_OK) {
            if (const void *semicolon = memchr(tail, ';', size_t(end - tail))) {
                statementEnd = static_cast<const char *>(semicolon) + 1;
            }
        }
        const QString statementText = QString::fromUtf8(tail, int(statementEnd - tail)).trimmed();
        if (rc == SQLITE_OK && stmt) {
            while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
            }
            if (rc == SQLITE_DONE) {
                rc = SQLITE_OK;
            }
        }
        const QString error = QString::fromUtf8(sqlite3_errmsg(m_handle));
        sqlite3_finalize(stmt);
        if (rc != SQLITE_OK) {
            return storageError(QStringLiteral("%1 failed at statement: %2").arg(origin, statementText.left(200)),
                                error);
        }
        if (!next || next == tail) {
            break;
        }
        tail = next;
    }
    return {};
}

bool Database::hasTable(const QString &name)
{
    QSqlQuery query(m_db);
    query.prepare(QStringLiteral("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?"));
    query.addBindValue(name);
    return query.exec() && query.next();
}

} // namespace taskorch::storage
