// SPDX-License-Identifier: GPL-3.0-or-later
#include "ProgressRepository.h"

#include <sqlite3.h>

namespace taskorch::storage {

namespace {

using core::StatisticsSeriesBuilder;

// The statistics read: each statement scans one table once and hands every row to a function of ours inside
// SQLite (registered below), which folds it into the builder bound to ?1. No sorting, no row leaves SQLite.
const char kSeriesTasks[] =
    "SELECT taskorch_statistics_task(?1, id, phase, component_area, status, time_estimate_hours, created_at,"
    " CASE WHEN status = 'completed' THEN updated_at END) FROM tasks";
// In id order (the table's own order, so no sort): rows of one task at the same time count in id order.
const char kSeriesProgress[] =
    "SELECT taskorch_statistics_progress(?1, task_id, progress_percentage, created_at) FROM task_progress ORDER BY id";
// The same for one task (the incremental refresh): its row, then its rows in id order (the task_id index keeps
// them so).
const char kSeriesOneTask[] =
    "SELECT taskorch_statistics_task(?1, id, phase, component_area, status, time_estimate_hours, created_at,"
    " CASE WHEN status = 'completed' THEN updated_at END) FROM tasks WHERE id = ?2";
const char kSeriesOneTaskProgress[] = "SELECT taskorch_statistics_progress(?1, task_id, progress_percentage, "
                                      "created_at) FROM task_progress WHERE task_id = ?2 ORDER BY id";
// The change log (migration 0005), trusted only whole: its table and all seven triggers (a program that dropped one
// would leave changes unlogged). Then its range, and what changed after a given entry.
const char kHasChangeLog[] =
    "SELECT count(*) = 8 FROM sqlite_master WHERE (type = 'table' AND name = 'statistics_changes') OR "
    "(type = 'trigger' AND name GLOB 'statistics_changes_*')";
const char kChangeLogRange[] = "SELECT coalesce(max(seq), 0), coalesce(min(seq), 0) FROM statistics_changes";
const char kChangedSince[] = "SELECT task_id FROM statistics_changes WHERE seq > ?1";
const char kMaxTaskId[] = "SELECT max(id) FROM tasks";
const char kMaxProgressId[] = "SELECT max(id) FROM task_progress";
// Never reserve more than this many rows up front (ids can be sparse).
constexpr qint64 kMaxReserve = 20'000'000;

/// What the SQL functions write into, bound to ?1 through SQLite's pointer-passing interface.
struct Feed
{
    StatisticsSeriesBuilder *builder = nullptr;
    const std::atomic<bool> *cancel = nullptr;
    qint64 rows = 0;
    bool cancelled = false;
};
constexpr char kFeedType[] = "taskorch.StatisticsFeed";

Feed *feedOf(sqlite3_context *context, sqlite3_value *value)
{
    auto *feed = static_cast<Feed *>(sqlite3_value_pointer(value, kFeedType));
    if (!feed) {
        sqlite3_result_error(context, "taskorch statistics function called without its builder", -1);
        return nullptr;
    }
    if ((++feed->rows & 0x3fff) == 0 && feed->cancel && feed->cancel->load(std::memory_order_relaxed)) {
        feed->cancelled = true;
        sqlite3_result_error(context, "cancelled", -1);
        return nullptr;
    }
    return feed;
}

QByteArrayView textOf(sqlite3_value *value)
{
    const auto *text = reinterpret_cast<const char *>(sqlite3_value_text(value));
    return text ? QByteArrayView(text, sqlite3_value_bytes(value)) : QByteArrayView();
}

qint64 timeOf(sqlite3_value *value)
{
    return sqlite3_value_type(value) == SQLITE_NULL ? StatisticsSeriesBuilder::invalidTime
                                                    : StatisticsSeriesBuilder::parseCanonicalMsecs(textOf(value));
}

// taskorch_statistics_task(feed, id, phase, component_area, status, hours, created_at, updated_at or NULL)
void taskStep(sqlite3_context *context, int, sqlite3_value **argv)
{
    Feed *feed = feedOf(context, argv[0]);
    if (!feed) {
        return;
    }
    const auto status = StatisticsSeriesBuilder::parseStatus(textOf(argv[4]));
    if (!status) {
        sqlite3_result_error(context, "a task has an unknown status", -1);
        return;
    }
    feed->builder->addTask(sqlite3_value_int64(argv[1]), sqlite3_value_int(argv[2]), textOf(argv[3]), *status,
                           sqlite3_value_double(argv[5]), timeOf(argv[6]), timeOf(argv[7]));
}

// taskorch_statistics_progress(feed, task_id, progress_percentage, created_at)
void progressStep(sqlite3_context *context, int, sqlite3_value **argv)
{
    Feed *feed = feedOf(context, argv[0]);
    if (!feed) {
        return;
    }
    feed->builder->addProgress(sqlite3_value_int64(argv[1]), sqlite3_value_int(argv[2]), timeOf(argv[3]));
}

void noResult(sqlite3_context *context)
{
    sqlite3_result_null(context);
}

core::Error sqliteError(sqlite3 *handle, const QString &message)
{
    return core::makeError(core::ErrorCode::Storage, message, QString::fromUtf8(sqlite3_errmsg(handle)));
}

/// Runs a statement that returns one integer (or NULL: 0).
Result<qint64> scalar(sqlite3 *handle, const char *sql)
{
    sqlite3_stmt *stmt = nullptr;
    if (sqlite3_prepare_v2(handle, sql, -1, &stmt, nullptr) != SQLITE_OK) {
        return sqliteError(handle, QStringLiteral("cannot read the statistics"));
    }
    const int rc = sqlite3_step(stmt);
    const qint64 value = rc == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : 0;
    Result<qint64> result = value;
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        result = sqliteError(handle, QStringLiteral("cannot read the statistics"));
    }
    sqlite3_finalize(stmt);
    return result;
}

/// What the change log says since the builder's version: the tasks to read again, or nothing when everything
/// must be read (no log, an "everything" entry, a gap, too many changes). Sets `version` to the log's newest entry.
std::optional<std::vector<qint64>> changedSince(sqlite3 *handle, qint64 builderVersion, qint64 &version)
{
    version = -1;
    sqlite3_stmt *stmt = nullptr;
    const auto step = [&](const char *sql) {
        sqlite3_finalize(stmt);
        stmt = nullptr;
        return sqlite3_prepare_v2(handle, sql, -1, &stmt, nullptr) == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW;
    };
    std::optional<std::vector<qint64>> changed;
    if (step(kHasChangeLog) && sqlite3_column_int(stmt, 0) == 1 && step(kChangeLogRange)) {
        const qint64 newest = sqlite3_column_int64(stmt, 0);
        const qint64 oldest = sqlite3_column_int64(stmt, 1);
        version = newest;
        // Usable when the builder saw this log before and nothing it has not seen was pruned yet.
        const bool complete = builderVersion >= 0 && newest >= builderVersion &&
                              (newest == builderVersion || oldest <= builderVersion + 1);
        if (complete) {
            changed.emplace();
            sqlite3_finalize(stmt);
            stmt = nullptr;
            int rc = sqlite3_prepare_v2(handle, kChangedSince, -1, &stmt, nullptr);
            if (rc == SQLITE_OK) {
                sqlite3_bind_int64(stmt, 1, builderVersion);
                while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
                    if (sqlite3_column_type(stmt, 0) == SQLITE_NULL ||
                        qsizetype(changed->size()) >= 4 * ProgressRepository::incrementalLimit()) {
                        changed.reset(); // "anything may have changed", or so much that a full read is cheaper
                        break;
                    }
                    changed->push_back(sqlite3_column_int64(stmt, 0));
                }
            }
            if (changed && rc != SQLITE_DONE) {
                changed.reset();
            }
            if (changed) {
                std::sort(changed->begin(), changed->end());
                changed->erase(std::unique(changed->begin(), changed->end()), changed->end());
                if (qsizetype(changed->size()) > ProgressRepository::incrementalLimit()) {
                    changed.reset();
                }
            }
        }
    }
    sqlite3_finalize(stmt);
    return changed;
}

Status exec(sqlite3 *handle, const QByteArray &sql)
{
    if (sqlite3_exec(handle, sql.constData(), nullptr, nullptr, nullptr) != SQLITE_OK) {
        return sqliteError(handle, QStringLiteral("cannot read the statistics"));
    }
    return {};
}

/// Runs `sql` with the feed bound to ?1: once, or once for each of `ids` (bound to ?2).
Status feedFrom(sqlite3 *handle, const char *sql, Feed &feed, const std::vector<qint64> *ids = nullptr)
{
    sqlite3_stmt *stmt = nullptr;
    int rc = sqlite3_prepare_v2(handle, sql, -1, &stmt, nullptr);
    if (rc == SQLITE_OK) {
        sqlite3_bind_pointer(stmt, 1, &feed, kFeedType, nullptr);
        rc = SQLITE_DONE; // no ids: nothing to read
        const size_t runs = ids ? ids->size() : 1;
        for (size_t i = 0; i < runs && rc == SQLITE_DONE; ++i) {
            if (ids) {
                sqlite3_bind_int64(stmt, 2, (*ids)[i]);
            }
            while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
            }
            sqlite3_reset(stmt);
        }
    }
    Status result;
    if (feed.cancelled) {
        result = core::makeError(core::ErrorCode::Cancelled, QStringLiteral("Cancelled."));
    } else if (rc != SQLITE_DONE) {
        result = sqliteError(handle, QStringLiteral("cannot read the statistics"));
    }
    sqlite3_finalize(stmt);
    return result;
}

} // namespace

Result<QList<TaskProgress>> ProgressRepository::history(qint64 taskId)
{
    return m_store.select(QStringLiteral("SELECT %1 FROM task_progress WHERE task_id = ? "
                                         "ORDER BY created_at DESC, id DESC")
                              .arg(m_store.selectColumns()),
                          {taskId});
}

Result<std::optional<int>> ProgressRepository::latestPercentage(qint64 taskId)
{
    auto rows = m_store.select(QStringLiteral("SELECT %1 FROM task_progress WHERE task_id = ? "
                                              "ORDER BY created_at DESC, id DESC LIMIT 1")
                                   .arg(m_store.selectColumns()),
                               {taskId});
    if (!rows) {
        return rows.error();
    }
    return rows->isEmpty() ? std::nullopt : std::optional<int>(rows->first().progressPercentage);
}

Result<core::StatisticsSeries> ProgressRepository::statisticsSeries(const std::atomic<bool> *cancel)
{
    StatisticsSeriesBuilder builder;
    return statisticsSeries(builder, cancel);
}

Result<core::StatisticsSeries> ProgressRepository::statisticsSeries(StatisticsSeriesBuilder &builder,
                                                                    const std::atomic<bool> *cancel)
{
    if (cancel && cancel->load()) {
        return core::makeError(core::ErrorCode::Cancelled, QStringLiteral("Cancelled."));
    }
    sqlite3 *handle = m_store.database().handle();
    if (!handle) {
        return core::makeError(core::ErrorCode::Storage, QStringLiteral("the database is not open"));
    }
    if (!m_functionsRegistered) {
        // Direct-only: usable from our own statements, never from a trigger or view of a file that was opened.
        const int flags = SQLITE_UTF8 | SQLITE_DIRECTONLY;
        if (sqlite3_create_function_v2(handle, "taskorch_statistics_task", 8, flags, nullptr, nullptr, taskStep,
                                       noResult, nullptr) != SQLITE_OK ||
            sqlite3_create_function_v2(handle, "taskorch_statistics_progress", 4, flags, nullptr, nullptr, progressStep,
                                       noResult, nullptr) != SQLITE_OK) {
            return sqliteError(handle, QStringLiteral("cannot read the statistics"));
        }
        m_functionsRegistered = true;
    }
    // The log, the tasks and the progress rows are read in one snapshot; inside a caller's transaction, in that one.
    const bool ownTransaction = sqlite3_get_autocommit(handle) != 0;
    Status status = ownTransaction ? exec(handle, "BEGIN") : Status();
    Feed feed{&builder, cancel};
    qint64 version = -1;
    std::optional<std::vector<qint64>> changed;
    if (status) {
        changed = changedSince(handle, builder.sourceVersion(), version);
    }
    if (status && changed) {
        builder.forgetTasks(*changed);
        status = feedFrom(handle, kSeriesOneTask, feed, &*changed);
        if (status) {
            status = feedFrom(handle, kSeriesOneTaskProgress, feed, &*changed);
        }
    } else if (status) {
        builder.reset();
        if (auto maxId = scalar(handle, kMaxTaskId)) {
            builder.reserveTasks(std::min(*maxId, kMaxReserve));
        }
        status = feedFrom(handle, kSeriesTasks, feed);
        if (status) {
            if (auto maxId = scalar(handle, kMaxProgressId)) {
                builder.reserveProgress(std::min(*maxId, kMaxReserve));
            }
            status = feedFrom(handle, kSeriesProgress, feed);
        }
    }
    if (ownTransaction) {
        // A read-only transaction: ending it cannot lose anything.
        static_cast<void>(exec(handle, "COMMIT"));
    }
    m_lastStatisticsRowsRead = feed.rows;
    if (!status) {
        builder.reset(); // half-fed: the next call reads everything
        return status.error();
    }
    // Uncommitted writes of the caller's transaction may be rolled back, and their log entries' numbers reused by
    // other changes: what was read then is no base to build on.
    const bool readOwnWrites = !ownTransaction && sqlite3_txn_state(handle, "main") == SQLITE_TXN_WRITE;
    builder.setSourceVersion(readOwnWrites ? -1 : version);
    return builder.finish();
}

} // namespace taskorch::storage
