// SPDX-License-Identifier: GPL-3.0-or-later
// Fuzzes the legacy importer (SPEC.md §8) with mutated SQLite files: the input is written to a .db file and
// imported into a migrated TaskOrch database. It must give a report or an error, never crash, hang or leak, and:
// - on success, for every source table: read = imported + quarantined, and (in a real run) the rows of
//   import_id_map and import_quarantine match the report, the run is recorded as completed, every stored timestamp
//   is canonical and no foreign key is broken;
// - on failure or in a dry run, the target is exactly as before (no task, no import run);
// - progress never goes backwards or beyond the total, and the source file is left byte for byte as it was.
// Inputs of odd length run as dry runs. The real runs happen inside an outer transaction that the harness rolls
// back, so the target stays empty and every input starts from the same state.
#include "Database.h"
#include "FuzzSupport.h"
#include "LegacyImporter.h"
#include "MigrationRunner.h"
#include "Transaction.h"

#include <QFile>
#include <QJsonDocument>

#include <sqlite3.h>

#include <cstdint>
#include <cstdio>
#include <functional>

using namespace taskorch;
using namespace taskorch::storage;

namespace {

// Never deleted: a static's destructor would run after Qt's own statics that QSqlDatabase needs.
Database *s_target = nullptr;

qint64 count(const QByteArray &sql, const QList<QByteArray> &texts = {}, qint64 number = 0)
{
    sqlite3_stmt *stmt = nullptr;
    FUZZ_CHECK(sqlite3_prepare_v2(s_target->handle(), sql.constData(), -1, &stmt, nullptr) == SQLITE_OK,
               QString::fromUtf8(sql) + QStringLiteral(": ") + QString::fromUtf8(sqlite3_errmsg(s_target->handle())));
    int index = 1;
    if (sqlite3_bind_parameter_count(stmt) > texts.size()) {
        sqlite3_bind_int64(stmt, index++, number);
    }
    for (const QByteArray &text : texts) {
        sqlite3_bind_text(stmt, index++, text.constData(), int(text.size()), SQLITE_TRANSIENT);
    }
    FUZZ_CHECK(sqlite3_step(stmt) == SQLITE_ROW, QString::fromUtf8(sql));
    const qint64 value = sqlite3_column_int64(stmt, 0);
    sqlite3_finalize(stmt);
    return value;
}

// The target holds nothing but its schema (what every input starts from).
void checkTargetUntouched(const std::function<QString()> &context)
{
    FUZZ_CHECK(count("SELECT count(*) FROM tasks") == 0, context());
    FUZZ_CHECK(count("SELECT count(*) FROM import_runs") == 0, context());
    FUZZ_CHECK(count("SELECT count(*) FROM import_id_map") == 0, context());
    FUZZ_CHECK(count("SELECT count(*) FROM import_quarantine") == 0, context());
}

void checkReport(const ImportReport &report, bool dryRun)
{
    const auto context = [&] {
        return QString::fromUtf8(QJsonDocument(report.toJson()).toJson(QJsonDocument::Compact));
    };
    FUZZ_CHECK(report.generation == u"A" || report.generation == u"B" || report.generation == u"C", context());
    FUZZ_CHECK(report.dryRun == dryRun, context());
    for (const ImportTableReport &t : report.tables) {
        const auto table = [&] { return QStringLiteral("table %1 in %2").arg(t.table, context()); };
        FUZZ_CHECK(t.read >= 0 && t.imported >= 0 && t.normalised >= 0 && t.normalised <= t.imported, table());
        FUZZ_CHECK(t.read == t.imported + t.quarantinedTotal(), table());
        for (const auto &[reason, rows] : t.quarantined) {
            FUZZ_CHECK(rows > 0 && LegacyImporter::quarantineReasons().contains(reason), table());
        }
    }
    if (dryRun) {
        checkTargetUntouched([&] { return QStringLiteral("a dry run wrote to the target: ") + context(); });
        return;
    }
    for (const ImportTableReport &t : report.tables) {
        const auto table = [&] { return QStringLiteral("table %1 in %2").arg(t.table, context()); };
        const QByteArray name = t.table.toUtf8();
        FUZZ_CHECK(count("SELECT count(*) FROM import_id_map WHERE run_id = ? AND source_table = ?", {name},
                         report.runId) == t.imported,
                   table());
        FUZZ_CHECK(count("SELECT count(*) FROM import_quarantine WHERE run_id = ? AND source_table = ?", {name},
                         report.runId) == t.quarantinedTotal(),
                   table());
        for (const auto &[reason, rows] : t.quarantined) {
            FUZZ_CHECK(count("SELECT count(*) FROM import_quarantine WHERE run_id = ? AND source_table = ? AND "
                             "reason = ?",
                             {name, reason.toUtf8()}, report.runId) == rows,
                       table());
        }
    }
    FUZZ_CHECK(count("SELECT count(*) FROM import_runs WHERE id = ? AND status = 'completed'", {}, report.runId) == 1,
               context());
    FUZZ_CHECK(count("SELECT count(*) FROM pragma_foreign_key_check") == 0, context());
    static const QList<QByteArray> timestamps = {"tasks.created_at",
                                                 "tasks.updated_at",
                                                 "task_dependencies.created_at",
                                                 "task_progress.created_at",
                                                 "task_comments.created_at",
                                                 "execution_groups.created_at",
                                                 "group_tasks.created_at",
                                                 "parallel_execution_log.created_at"};
    for (const QByteArray &column : timestamps) {
        const QByteArray table = column.left(column.indexOf('.'));
        FUZZ_CHECK(count("SELECT count(*) FROM " + table + " WHERE length(" + column + ") <> 24 OR " + column +
                         " NOT GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]."
                         "[0-9][0-9][0-9]Z'") == 0,
                   QString::fromLatin1(column) + QStringLiteral(" not canonical after ") + context());
    }
    FUZZ_CHECK(count("SELECT count(*) FROM tasks WHERE updated_at < created_at") == 0, context());
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    fuzz::initialise();
    auto target = Database::open(fuzz::scratchFolder() + QStringLiteral("/target.db"));
    FUZZ_CHECK(target.ok(), target.ok() ? QString() : target.error().message);
    s_target = std::move(target).value().release();
    // Every run is rolled back: no need to wait for the disk.
    sqlite3_exec(s_target->handle(), "PRAGMA synchronous = OFF", nullptr, nullptr, nullptr);
    const Status migrated = MigrationRunner(*s_target).up();
    FUZZ_CHECK(migrated.ok(),
               migrated.ok() ? QString() : migrated.error().message + QLatin1Char(' ') + migrated.error().detail);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString source = fuzz::scratchFolder() + QStringLiteral("/legacy.db");
    {
        QFile file(source);
        FUZZ_CHECK(file.open(QIODevice::WriteOnly | QIODevice::Truncate), file.errorString());
        FUZZ_CHECK(file.write(reinterpret_cast<const char *>(data), qint64(size)) == qint64(size), file.errorString());
    }

    ImportOptions options;
    options.dryRun = size % 2 == 1;
    options.force = true;
    options.progressInterval = 16;
    qint64 lastDone = 0;
    qint64 lastTotal = -1;
    const ImportProgress progress = [&](qint64 done, qint64 total) {
        FUZZ_CHECK(done >= lastDone && done <= total && (lastTotal < 0 || total == lastTotal),
                   QStringLiteral("progress %1/%2 after %3/%4").arg(done).arg(total).arg(lastDone).arg(lastTotal));
        lastDone = done;
        lastTotal = total;
        return true;
    };

    Transaction outer(*s_target);
    FUZZ_CHECK(outer.begun().ok(), outer.begun().error().message);
    const Result<ImportReport> result = LegacyImporter::run(*s_target, source, options, progress);
    if (!qEnvironmentVariableIsEmpty("TASKORCH_FUZZ_VERBOSE")) {
        const QByteArray outcome =
            result ? QJsonDocument(result->toJson()).toJson(QJsonDocument::Compact)
                   : (result.error().message + QStringLiteral(" / ") + result.error().detail).toUtf8();
        std::fprintf(stderr, "import: %s\n", outcome.constData());
    }
    if (result) {
        checkReport(*result, options.dryRun);
    } else {
        FUZZ_CHECK(!result.error().message.isEmpty(), result.error().detail);
        checkTargetUntouched(
            [&] { return QStringLiteral("a failed import wrote to the target: ") + result.error().message; });
    }
    outer.rollback();
    {
        // The source is only ever read through a private copy (SPEC.md §8): the file is byte for byte the input.
        QFile file(source);
        FUZZ_CHECK(file.open(QIODevice::ReadOnly), file.errorString());
        FUZZ_CHECK(file.readAll() == QByteArrayView(data, qsizetype(size)), QStringLiteral("the source file changed"));
    }
    FUZZ_CHECK(s_target->transactionDepth() == 0, QStringLiteral("a transaction was left open"));
    return 0;
}
