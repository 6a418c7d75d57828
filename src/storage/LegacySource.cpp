// SPDX-License-Identifier: GPL-3.0-or-later
#include "LegacySource.h"

#include "Database.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <openssl/evp.h>
#include <sqlite3.h>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <memory>
#include <thread>

namespace taskorch::storage::legacy {

using core::ErrorCode;
using core::makeError;

Statement::Statement(sqlite3 *db, const QByteArray &sql)
{
    if (sqlite3_prepare_v3(db, sql.constData(), int(sql.size()), SQLITE_PREPARE_PERSISTENT, &m_stmt, nullptr) !=
        SQLITE_OK) {
        sqlite3_finalize(m_stmt);
        m_stmt = nullptr;
    }
}

Statement::~Statement()
{
    sqlite3_finalize(m_stmt);
}

Statement::Statement(Statement &&other) noexcept : m_stmt(std::exchange(other.m_stmt, nullptr)) {}

Statement &Statement::operator=(Statement &&other) noexcept
{
    if (this != &other) {
        sqlite3_finalize(m_stmt);
        m_stmt = std::exchange(other.m_stmt, nullptr);
    }
    return *this;
}

QByteArray quoteIdentifier(const QString &name)
{
    QByteArray quoted = name.toUtf8();
    quoted.replace('"', "\"\"");
    return '"' + quoted + '"';
}

int SourceTable::columnIndex(QStringView column) const
{
    for (int i = 0; i < columns.size(); ++i) {
        if (columns[i].compare(column, Qt::CaseInsensitive) == 0) {
            return i;
        }
    }
    return -1;
}

namespace {

// Each import copies the legacy file into a folder of its own in the system's temporary folder. A process killed
// mid-import (SIGKILL, a crash, a power cut) cannot remove its folder, which holds a copy as large as the legacy file.
// So every folder holds a lock file that its import keeps locked with flock(2), a lock the kernel drops when the
// process ends however it ends, and each import first removes the folders whose lock nobody holds.
constexpr char kCopyFolderPrefix[] = "taskorch-import-";
constexpr char kOwnerLockName[] = "owner.lock";
// A folder exists a moment before its lock file: one without a lock file that is not empty is left alone while it is
// this young.
constexpr qint64 kUnlockedFolderGraceSeconds = 600;

/// Opens `path` (created if missing) and takes an exclusive flock on it without waiting. Returns the descriptor, which
/// holds the lock until closed, or -1 when another process holds it or the file cannot be opened.
int lockOwnerFile(const QString &path)
{
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) {
        return -1;
    }
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

// The companion files SQLite keeps beside a database. The -wal goes first so that a checkpoint racing the copy
// leaves frames that replay onto the newer .db rather than a .db missing them.
const char *const kCompanions[] = {"-wal", "-shm", "-journal", ""};

struct FileStamp
{
    bool exists = false;
    qint64 size = 0;
    qint64 modifiedNs = 0;
    qint64 changedNs = 0;

    bool operator==(const FileStamp &) const = default;
};

FileStamp stampOf(const QString &path)
{
    struct stat info
    {};
    if (::stat(QFile::encodeName(path).constData(), &info) != 0) {
        return {};
    }
    return {true, qint64(info.st_size), qint64(info.st_mtim.tv_sec) * 1'000'000'000 + info.st_mtim.tv_nsec,
            qint64(info.st_ctim.tv_sec) * 1'000'000'000 + info.st_ctim.tv_nsec};
}

// True when another process holds SQLite's PENDING or EXCLUSIVE lock on the file, i.e. a writer is changing its
// pages right now (a RESERVED writer still keeps its changes in memory, so a copy is consistent). POSIX locks of
// this process are invisible here; SQLite's own connections in this process never write to the user's file anyway.
bool lockedByWriter(const QString &path)
{
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return false;
    }
    constexpr off_t kPendingByte = 0x40000000;
    constexpr off_t kSharedFirst = kPendingByte + 2;
    constexpr off_t kSharedSize = 510;
    auto heldForWriting = [fd](off_t start, off_t length) {
        struct flock probe
        {};
        probe.l_type = F_RDLCK;
        probe.l_whence = SEEK_SET;
        probe.l_start = start;
        probe.l_len = length;
        return ::fcntl(fd, F_GETLK, &probe) == 0 && probe.l_type != F_UNLCK;
    };
    const bool locked = heldForWriting(kPendingByte, 1) || heldForWriting(kSharedFirst, kSharedSize);
    ::close(fd);
    return locked;
}

core::Error sqliteOpenError(const QString &path, int code, const QString &detail)
{
    switch (code & 0xff) {
    case SQLITE_NOTADB:
        return makeError(ErrorCode::Storage, QStringLiteral("%1 is not an SQLite database").arg(path), detail);
    case SQLITE_CORRUPT:
        return makeError(ErrorCode::Storage, QStringLiteral("%1 is damaged and cannot be read").arg(path), detail);
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return makeError(
            ErrorCode::Storage,
            QStringLiteral("%1 is locked by another program; close the legacy tracker and try again").arg(path),
            detail);
    default:
        return makeError(ErrorCode::Storage,
                         QStringLiteral("%1 cannot be read: %2").arg(path, Database::describeSqliteError(code)),
                         detail);
    }
}

} // namespace

namespace {

// SHA-256 through OpenSSL, which uses the CPU's SHA instructions where it has them: about 1.7 GB/s here against
// QCryptographicHash's 0.25 GB/s, and the hash of a large source runs beside the two threads of the import.
class Sha256
{
public:
    Sha256() : m_context(EVP_MD_CTX_new(), &EVP_MD_CTX_free)
    {
        m_ok = m_context && EVP_DigestInit_ex(m_context.get(), EVP_sha256(), nullptr) == 1;
    }
    void addData(const char *data, qint64 size)
    {
        m_ok = m_ok && EVP_DigestUpdate(m_context.get(), data, size_t(size)) == 1;
    }
    /// The hash in lower-case hex; empty if OpenSSL failed.
    QString hex()
    {
        unsigned char digest[EVP_MAX_MD_SIZE];
        unsigned int length = 0;
        if (!m_ok || EVP_DigestFinal_ex(m_context.get(), digest, &length) != 1) {
            return {};
        }
        return QString::fromLatin1(QByteArray(reinterpret_cast<const char *>(digest), int(length)).toHex());
    }

private:
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> m_context;
    bool m_ok = false;
};

} // namespace

struct LegacySource::Hasher
{
    std::thread thread;
    std::atomic<bool> stop{false};
    QString result;
    QString error;

    void start(const QString &path, const QList<FileStamp> &stamps)
    {
        thread = std::thread([this, path, stamps] {
            Sha256 hash;
            QByteArray buffer(1 << 20, Qt::Uninitialized);
            for (const char *suffix : {"", "-wal"}) {
                const QString file = path + QLatin1String(suffix);
                if (!QFileInfo::exists(file)) {
                    continue;
                }
                QFile in(file);
                if (!in.open(QIODevice::ReadOnly)) {
                    error = QStringLiteral("%1 cannot be read: %2").arg(file, in.errorString());
                    return;
                }
                qint64 n = 0;
                while ((n = in.read(buffer.data(), buffer.size())) > 0) {
                    if (stop.load(std::memory_order_relaxed)) {
                        return;
                    }
                    hash.addData(buffer.constData(), n);
                }
                if (n < 0) {
                    error = QStringLiteral("%1 cannot be read: %2").arg(file, in.errorString());
                    return;
                }
            }
            int i = 0;
            for (const char *suffix : kCompanions) {
                const QString name = path + QLatin1String(suffix);
                if (qstrcmp(suffix, "-shm") != 0 && stampOf(name) != stamps[i]) {
                    error = QStringLiteral("%1 changed while it was being imported; close the legacy tracker "
                                           "and import again")
                                .arg(path);
                    return;
                }
                ++i;
            }
            result = hash.hex();
            if (result.isEmpty()) {
                error = QStringLiteral("%1 cannot be hashed: OpenSSL's SHA-256 failed").arg(path);
            }
        });
    }

    ~Hasher()
    {
        stop = true;
        if (thread.joinable()) {
            thread.join();
        }
    }
};

Result<std::unique_ptr<LegacySource>> LegacySource::open(const QString &path)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    switch (inspectFile(absolute)) {
    case FileKind::Missing:
        return makeError(ErrorCode::NotFound, QStringLiteral("%1 does not exist").arg(path));
    case FileKind::Empty:
        return makeError(ErrorCode::Storage, QStringLiteral("%1 is empty; it is not an SQLite database").arg(path));
    case FileKind::NotSqlite:
        return makeError(ErrorCode::Storage, QStringLiteral("%1 is not an SQLite database").arg(path));
    case FileKind::Unreadable:
        return makeError(ErrorCode::Storage, QStringLiteral("%1 cannot be read (check its permissions)").arg(path));
    case FileKind::Sqlite:
        break;
    }
    std::unique_ptr<LegacySource> source(new LegacySource);
    source->m_path = absolute;
    if (Status s = source->copyFiles(); !s) {
        return s.error();
    }
    if (Status s = source->openCopy(); !s) {
        return s.error();
    }
    if (Status s = source->readSchema(); !s) {
        return s.error();
    }
    if (!source->table(u"tasks")) {
        return makeError(ErrorCode::Invalid,
                         QStringLiteral("%1 has no tasks table; it is not a legacy tracker file").arg(path));
    }
    if (source->table(u"schema_migrations")) {
        return makeError(ErrorCode::Invalid,
                         QStringLiteral("%1 is a TaskOrch database, not a legacy tracker file; open it instead of "
                                        "importing it")
                             .arg(path));
    }
    source->detectGeneration();
    return source;
}

LegacySource::~LegacySource()
{
    m_hasher.reset();
    if (m_db) {
        sqlite3_close_v2(m_db);
    }
    if (m_tempDir && m_tempDir->isValid()) {
        // The lock file goes last, so that a process killed at any point here leaves either a folder with its lock
        // file or an empty folder, both of which the next import removes.
        m_tempDir->setAutoRemove(false);
        QDir folder(m_tempDir->path());
        for (const QFileInfo &entry : folder.entryInfoList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden)) {
            if (entry.fileName() == QLatin1String(kOwnerLockName)) {
                continue;
            }
            if (entry.isDir() && !entry.isSymLink()) {
                QDir(entry.absoluteFilePath()).removeRecursively();
            } else {
                folder.remove(entry.fileName());
            }
        }
        folder.remove(QLatin1String(kOwnerLockName));
        QDir().rmdir(folder.path());
    }
    if (m_ownerLock >= 0) {
        ::close(m_ownerLock);
    }
}

int LegacySource::removeAbandonedCopies()
{
    int removed = 0;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QFileInfoList folders = QDir(QDir::tempPath())
                                      .entryInfoList({QLatin1String(kCopyFolderPrefix) + u'*'},
                                                     QDir::Dirs | QDir::NoDotAndDotDot | QDir::NoSymLinks);
    for (const QFileInfo &folder : folders) {
        const QString lockPath = folder.absoluteFilePath() + u'/' + QLatin1String(kOwnerLockName);
        if (!QFileInfo::exists(lockPath)) {
            // Empty: an import killed as it created or removed its folder. rmdir removes only an empty folder, so it
            // cannot take one whose import has just put its lock file in (that import then makes another folder).
            if (QDir().rmdir(folder.absoluteFilePath())) {
                ++removed;
                continue;
            }
            if (folder.lastModified().secsTo(now) < kUnlockedFolderGraceSeconds) {
                continue;
            }
        }
        const int lock = lockOwnerFile(lockPath);
        if (lock < 0) {
            continue; // an import that is running (or another user's folder): not ours to remove
        }
        if (QDir(folder.absoluteFilePath()).removeRecursively()) {
            ++removed;
        }
        ::close(lock);
    }
    return removed;
}

Status LegacySource::copyFiles()
{
    removeAbandonedCopies();
    for (int attempt = 0; attempt < 3 && m_ownerLock < 0; ++attempt) {
        m_tempDir = std::make_unique<QTemporaryDir>(QDir::tempPath() + u'/' + QLatin1String(kCopyFolderPrefix) +
                                                    QStringLiteral("XXXXXX"));
        if (!m_tempDir->isValid()) {
            return makeError(ErrorCode::Storage, QStringLiteral("cannot create a temporary folder for the import copy"),
                             m_tempDir->errorString());
        }
        const QString lockPath = m_tempDir->filePath(QLatin1String(kOwnerLockName));
        m_ownerLock = lockOwnerFile(lockPath);
        // Another import's sweep may have taken the brand-new folder for an abandoned one in the instant before the
        // lock: then it is gone, and a new one is made.
        if (m_ownerLock >= 0 && !QFileInfo::exists(lockPath)) {
            ::close(m_ownerLock);
            m_ownerLock = -1;
        }
    }
    if (m_ownerLock < 0) {
        return makeError(ErrorCode::Storage, QStringLiteral("cannot lock the temporary folder of the import copy"),
                         m_tempDir->path());
    }
    m_copyPath = m_tempDir->filePath(QStringLiteral("legacy.db"));
    // A writer that commits while we copy would leave a torn copy: compare the files before and after, and retry.
    for (int attempt = 0; attempt < 3; ++attempt) {
        if (lockedByWriter(m_path)) {
            return makeError(ErrorCode::Storage,
                             QStringLiteral("%1 is locked by another program that is writing to it; close the legacy "
                                            "tracker and try again")
                                 .arg(m_path));
        }
        QList<FileStamp> before;
        for (const char *suffix : kCompanions) {
            before << stampOf(m_path + QLatin1String(suffix));
        }
        m_sizeBytes = 0;
        int i = 0;
        for (const char *suffix : kCompanions) {
            const QString from = m_path + QLatin1String(suffix);
            const QString to = m_copyPath + QLatin1String(suffix);
            QFile::remove(to);
            if (before[i++].exists) {
                QFile in(from);
                if (!in.copy(to)) {
                    return makeError(ErrorCode::Storage,
                                     QStringLiteral("%1 cannot be read (check its permissions)").arg(from),
                                     in.errorString());
                }
                // The copy keeps the original's read-only bits; SQLite needs to recover the WAL in it.
                QFile::setPermissions(to, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
                if (qstrcmp(suffix, "-shm") != 0 && qstrcmp(suffix, "-journal") != 0) {
                    m_sizeBytes += QFileInfo(to).size();
                }
            }
        }
        QList<FileStamp> after;
        for (const char *suffix : kCompanions) {
            after << stampOf(m_path + QLatin1String(suffix));
        }
        // The -shm changes whenever a reader opens the file; only the data files matter.
        before[1] = after[1] = FileStamp{};
        if (before == after) {
            m_hasher = std::make_unique<Hasher>();
            QList<FileStamp> stamps = after;
            m_hasher->start(m_path, stamps);
            return {};
        }
    }
    return makeError(
        ErrorCode::Storage,
        QStringLiteral("%1 keeps changing while it is copied; close the legacy tracker and try again").arg(m_path));
}

Status LegacySource::openCopy()
{
    return openCopyConnection(&m_db);
}

Status LegacySource::openCopyConnection(sqlite3 **db) const
{
    const QByteArray file = QFile::encodeName(m_copyPath);
    // Each connection is used by one thread only, so SQLite's per-call mutex is pure cost.
    const int rc = sqlite3_open_v2(file.constData(), db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
        const QString detail = *db ? QString::fromUtf8(sqlite3_errmsg(*db)) : QString();
        sqlite3_close(*db);
        *db = nullptr;
        return sqliteOpenError(m_path, rc, detail);
    }
    sqlite3_extended_result_codes(*db, 1);
    // The copy is thrown away: checkpointing its WAL into it on close would only cost time.
    sqlite3_db_config(*db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
    // The copy is ours, but nothing here should ever change it; SQLite may still recover a WAL or a hot journal.
    sqlite3_exec(*db, "PRAGMA query_only = 1", nullptr, nullptr, nullptr);
    return {};
}

Result<sqlite3 *> LegacySource::openReader() const
{
    sqlite3 *db = nullptr;
    if (Status s = openCopyConnection(&db); !s) {
        return s.error();
    }
    return db;
}

QString LegacySource::scratchPath(const QString &name) const
{
    return m_tempDir->filePath(name);
}

Status LegacySource::readSchema()
{
    Statement list(m_db, "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' "
                         "ESCAPE '\\' ORDER BY rowid");
    if (!list.ok()) {
        return sqliteOpenError(m_path, sqlite3_extended_errcode(m_db), QString::fromUtf8(sqlite3_errmsg(m_db)));
    }
    int rc = SQLITE_OK;
    QList<SourceTable> tables;
    while ((rc = sqlite3_step(list)) == SQLITE_ROW) {
        const QString sql = QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(list, 1)));
        if (sql.trimmed().startsWith(QLatin1String("CREATE VIRTUAL"), Qt::CaseInsensitive)) {
            continue; // its rows live in shadow tables, which are listed themselves
        }
        SourceTable t;
        t.name = QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(list, 0)));
        tables << t;
    }
    if (rc != SQLITE_DONE) {
        return sqliteOpenError(m_path, sqlite3_extended_errcode(m_db), QString::fromUtf8(sqlite3_errmsg(m_db)));
    }
    for (SourceTable &t : tables) {
        const QByteArray quoted = quoteIdentifier(t.name);
        Statement info(m_db, "PRAGMA table_info(" + quoted + ")");
        if (!info.ok()) {
            return sqliteOpenError(m_path, sqlite3_extended_errcode(m_db), QString::fromUtf8(sqlite3_errmsg(m_db)));
        }
        int primaryKeys = 0;
        int idPk = -1;
        while (sqlite3_step(info) == SQLITE_ROW) {
            t.columns << QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(info, 1)));
            const char *type = reinterpret_cast<const char *>(sqlite3_column_text(info, 2));
            t.types << QString::fromUtf8(type ? type : "");
            if (sqlite3_column_int(info, 5) > 0) {
                ++primaryKeys;
                if (t.columns.last().compare(QLatin1String("id"), Qt::CaseInsensitive) == 0) {
                    idPk = int(t.columns.size()) - 1;
                }
            }
        }
        t.hasRowid = Statement(m_db, "SELECT _rowid_ FROM " + quoted + " LIMIT 0").ok();
        t.idIsRowid = t.hasRowid && primaryKeys == 1 && idPk >= 0 &&
                      t.types[idPk].trimmed().compare(QLatin1String("INTEGER"), Qt::CaseInsensitive) == 0;
        Statement count(m_db, "SELECT count(*) FROM " + quoted);
        if (!count.ok() || sqlite3_step(count) != SQLITE_ROW) {
            return sqliteOpenError(m_path, sqlite3_extended_errcode(m_db), QString::fromUtf8(sqlite3_errmsg(m_db)));
        }
        t.rowCount = sqlite3_column_int64(count, 0);
    }
    m_tables = tables;
    return {};
}

void LegacySource::detectGeneration()
{
    const SourceTable *tasks = table(u"tasks");
    Q_ASSERT(tasks);
    if (tasks->columnIndex(u"uuid") >= 0 || table(u"task_execution_logs")) {
        m_generation = QStringLiteral("C");
        return;
    }
    bool sqlModelTypes = false;
    for (const QString &type : tasks->types) {
        for (const char *marker : {"VARCHAR", "DATETIME", "FLOAT", "JSON"}) {
            sqlModelTypes = sqlModelTypes || type.contains(QLatin1String(marker), Qt::CaseInsensitive);
        }
    }
    const SourceTable *groups = table(u"execution_groups");
    const SourceTable *log = table(u"parallel_execution_log");
    const bool idNotFirst = !tasks->columns.isEmpty() && tasks->columnIndex(u"id") > 0;
    if (sqlModelTypes || idNotFirst || (groups && groups->columnIndex(u"execution_metadata") >= 0) ||
        (log && log->columnIndex(u"log_metadata") >= 0)) {
        m_generation = QStringLiteral("B");
        return;
    }
    m_generation = QStringLiteral("A");
}

const SourceTable *LegacySource::table(QStringView name) const
{
    for (const SourceTable &t : m_tables) {
        if (t.name.compare(name, Qt::CaseInsensitive) == 0) {
            return &t;
        }
    }
    return nullptr;
}

Result<QString> LegacySource::sha256()
{
    if (!m_hasher) {
        return makeError(ErrorCode::Storage, QStringLiteral("the source was not copied"));
    }
    if (m_hasher->thread.joinable()) {
        m_hasher->thread.join();
    }
    if (!m_hasher->error.isEmpty()) {
        return makeError(ErrorCode::Storage, m_hasher->error);
    }
    return m_hasher->result;
}

} // namespace taskorch::storage::legacy
