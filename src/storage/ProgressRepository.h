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
    /// The same, reusing `builder`'s memory (it is reset first): for callers that refresh often.
    Result<core::StatisticsSeries> statisticsSeries(core::StatisticsSeriesBuilder &builder,
                                                    const std::atomic<bool> *cancel = nullptr);

private:
    EntityStore<TaskProgress> m_store;
    bool m_functionsRegistered = false;
};

} // namespace taskorch::storage
