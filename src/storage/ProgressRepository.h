// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "EntityStore.h"
#include "StatisticsSeries.h"
#include "TaskProgress.h"

#include <atomic>
#include <optional>

namespace taskorch::storage {

using core::TaskProgress;

/// The append-only progress history.
class ProgressRepository
{
public:
    explicit ProgressRepository(Database &db) : m_store(db) {}

    Result<qint64> insert(const TaskProgress &p) { return m_store.insert(p); }
    /// Re-inserts a deleted row under its old id (undo); Conflict when the id is taken.
    Status restore(const TaskProgress &p) { return m_store.restore(p); }
    /// Newest first (created_at, then id, both descending).
    Result<QList<TaskProgress>> history(qint64 taskId);
    /// The latest recorded percentage, or nothing when the task has no history.
    Result<std::optional<int>> latestPercentage(qint64 taskId);

    /// The statistics panel's numbers and chart series (status distribution, phase and component breakdowns,
    /// hours, burn-up by day) for every task and every progress row, in two bulk passes over one read snapshot:
    /// one scan of `tasks` and one of `task_progress`, each row folded inside SQLite into a
    /// core::StatisticsSeriesBuilder by a function of ours, so no row becomes a Task or a QVariant and nothing is
    /// sorted. Equal to StatisticsSeries::compute() over the same rows and, through
    /// StatisticsSeries::projectStatistics(), to TaskService::statistics().
    ///
    /// Inside a caller's transaction it reads that transaction's snapshot.
    /// `cancel`, when set before or during the read, stops it with ErrorCode::Cancelled. Runs on the connection's
    /// thread; meant for a worker's own connection (the desktop app calls it off the GUI thread).
    Result<core::StatisticsSeries> statisticsSeries(const std::atomic<bool> *cancel = nullptr);
    /// The same for callers that refresh often (the statistics panel): `builder` keeps what it read. When it was
    /// last fed by this call from this database, and the change log (migration 0005's `statistics_changes`, written
    /// by triggers whoever edits the file) still holds every entry since, only the tasks logged since are read again
    /// (two point queries each) and the series is computed from memory: milliseconds instead of two full scans.
    /// Otherwise (first call, a bulk import's "everything" entry, a log pruned past what the builder saw, more than
    /// incrementalLimit() tasks changed) it reads everything. Feed one builder from one database only, or reset() it.
    Result<core::StatisticsSeries> statisticsSeries(core::StatisticsSeriesBuilder &builder,
                                                    const std::atomic<bool> *cancel = nullptr);
    /// Above this many changed tasks a full read is cheaper than one pair of point queries per task.
    static constexpr qsizetype incrementalLimit() { return 20000; }
    /// Task and progress rows the last statisticsSeries() call read (all of them, or the changed tasks' only).
    qint64 lastStatisticsRowsRead() const { return m_lastStatisticsRowsRead; }

private:
    EntityStore<TaskProgress> m_store;
    bool m_functionsRegistered = false;
    qint64 m_lastStatisticsRowsRead = 0;
};

} // namespace taskorch::storage
