// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Enums.h"

#include <QDate>
#include <QDateTime>
#include <QList>
#include <QString>

#include <array>

namespace taskorch::core {

/// What the charts need to know about one task.
struct TaskFacts
{
    qint64 id = 0;
    TaskStatus status = TaskStatus::NotStarted;
    int phase = 1;
    QString componentArea;
    double estimateHours = 0.0;
    QDateTime createdAt;
    QDateTime updatedAt;
};

/// One row of `task_progress`.
struct ProgressEvent
{
    qint64 taskId = 0;
    int percent = 0;
    QDateTime at;
};

/// The number of task statuses, in enum order (not_started, in_progress, blocked, completed, failed).
inline constexpr int statusCount = 5;
using StatusCounts = std::array<qint64, statusCount>;

/// One category of a stacked bar chart (a phase or a component area).
struct StackedCategory
{
    QString label;
    StatusCounts counts{}; ///< by TaskStatus ordinal
    double estimatedHours = 0.0;
    double completedHours = 0.0; ///< estimates of its completed tasks

    qint64 total() const;
};

/// The burn-up chart: one point per calendar day (UTC).
struct BurnUp
{
    QList<QDate> days;            ///< consecutive, from the first task creation or progress row to the last
    QList<double> scopeHours;     ///< estimates of the tasks created by the end of that day
    QList<double> completedHours; ///< estimates of the tasks completed by then (and still completed now)
    QList<double> earnedHours;    ///< Σ estimate × last progress % by then
};

/// The series of the statistics panel (SPEC.md §11), computed from plain task facts and the progress history.
/// Agrees with ProjectStatistics: same totals, phases ascending, components by count desc then name.
struct StatisticsSeries
{
    StatusCounts statusCounts{};
    double totalEstimatedHours = 0.0;
    double completedHours = 0.0;
    QList<StackedCategory> phases;     ///< label "Phase N", ascending phase
    QList<int> phaseNumbers;           ///< the phase of each entry of `phases`
    QList<StackedCategory> components; ///< count desc, then area
    BurnUp burnUp;

    /// `progress` may be in any order. A completed task counts as completed from the first row of its trailing
    /// run of 100 % rows (its updatedAt when there is none), so the last burn-up day agrees with its status.
    static StatisticsSeries compute(const QList<TaskFacts> &tasks, const QList<ProgressEvent> &progress);

    qint64 totalTasks() const;
    /// "Not started", "In progress", …
    static QString statusLabel(int statusOrdinal);
};

} // namespace taskorch::core
