// SPDX-License-Identifier: GPL-3.0-or-later
// Fuzzes Database::execScript, the statement splitter the migration runner feeds every migration through: it walks
// a script with sqlite3_prepare_v2's tail pointer. For any bytes it must return ok or an error that names the
// script, never crash, hang or leak, leave no statement prepared, keep the connection usable, and never report
// success for a script whose text SQLite did not read to the end (it stops at a NUL byte).
//
// Each input runs on a new database file in a scratch folder. The harness bounds what arbitrary SQL may do, so
// that a run stays short and writes nothing outside the folder: no ATTACH (nor VACUUM INTO), values of at most
// 1 MB, an interrupt after a few million virtual machine steps, and a heap limit.
#include "Database.h"
#include "FuzzSupport.h"

#include <QFile>

#include <sqlite3.h>

#include <cstdint>
#include <memory>

using namespace taskorch;
using storage::Database;

namespace {

// Called every 1,000 virtual machine instructions; a non-zero answer interrupts the statement.
int stopRunaways(void *steps)
{
    return ++*static_cast<int *>(steps) > 5000 ? 1 : 0;
}

void removeDatabaseFiles(const QString &path)
{
    for (const char *suffix : {"", "-wal", "-shm", "-journal"}) {
        QFile::remove(path + QLatin1String(suffix));
    }
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    fuzz::initialise();
    sqlite3_hard_heap_limit64(256 * 1024 * 1024);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString path = fuzz::scratchFolder() + QStringLiteral("/script.db");
    removeDatabaseFiles(path);
    auto opened = Database::open(path);
    FUZZ_CHECK(opened.ok(),
               opened.ok() ? QString() : opened.error().message + QLatin1Char(' ') + opened.error().detail);
    std::unique_ptr<Database> db = std::move(opened).value();
    sqlite3 *handle = db->handle();
    // Defensive mode refuses what can corrupt a database on purpose (writable_schema, journal_mode = OFF).
    sqlite3_db_config(handle, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
    // The file is thrown away after the run: no need to wait for the disk.
    sqlite3_exec(handle, "PRAGMA synchronous = OFF", nullptr, nullptr, nullptr);
    sqlite3_limit(handle, SQLITE_LIMIT_ATTACHED, 0);
    sqlite3_limit(handle, SQLITE_LIMIT_LENGTH, 1'000'000);
    int steps = 0;
    sqlite3_progress_handler(handle, 1000, stopRunaways, &steps);
    FUZZ_CHECK(sqlite3_next_stmt(handle, nullptr) == nullptr, QStringLiteral("a statement is open before the run"));

    const QByteArray script(reinterpret_cast<const char *>(data), qsizetype(size));
    const core::Status status = db->execScript(script, QStringLiteral("fuzz.sql"));
    const auto context = [&] {
        return QStringLiteral("script (%1 bytes): %2").arg(size).arg(QString::fromLatin1(script.toHex(' ')));
    };
    if (status.ok()) {
        // SQLite's parser stops at a NUL byte; success means every statement of the script was run.
        FUZZ_CHECK(!script.contains('\0'),
                   QStringLiteral("ok for a script SQLite reads only up to a NUL byte; ") + context());
    } else {
        FUZZ_CHECK(status.error().message.startsWith(QStringLiteral("fuzz.sql ")),
                   status.error().message + QLatin1Char('\n') + context());
    }
    FUZZ_CHECK(sqlite3_next_stmt(handle, nullptr) == nullptr,
               QStringLiteral("a statement was left open; ") + context());

    // The connection still answers (the script may have left a transaction open or switched to query_only).
    sqlite3_progress_handler(handle, 0, nullptr, nullptr);
    sqlite3_stmt *probe = nullptr;
    const int rc = sqlite3_prepare_v2(handle, "SELECT 1", -1, &probe, nullptr);
    FUZZ_CHECK(rc == SQLITE_OK && sqlite3_step(probe) == SQLITE_ROW, QString::fromUtf8(sqlite3_errmsg(handle)));
    sqlite3_finalize(probe);
    db.reset();
    removeDatabaseFiles(path);
    return 0;
}
