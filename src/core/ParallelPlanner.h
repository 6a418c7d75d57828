// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "DependencyGraph.h"
#include "Result.h"

#include <QList>

namespace taskorch::core {

/// A task in the flow schedule. Times are whole minutes from the plan start.
struct FlowEntry
{
    qint64 id = 0;
    qint64 start = 0;
    qint64 finish = 0;
    int lane = 1; ///< 1…K
};

/// A task inside an execution group. `start` is minutes from the start of its group.
struct GroupEntry
{
    qint64 id = 0;
    qint64 start = 0;
    qint64 durationMinutes = 0;
    int lane = 1; ///< 1…K within the group
};

/// One synchronisation point of the wave view: runs after the previous group has finished.
struct PlanGroup
{
    int position = 1;            ///< 1, 2, … in run order
    QList<GroupEntry> tasks;     ///< in start order within the group (ties by id): `execution_order` = index + 1
    qint64 startMinutes = 0;     ///< sum of the durations of the earlier groups
    qint64 durationMinutes = 0;  ///< the length of the group's own K-lane schedule
    qint64 totalTaskMinutes = 0; ///< sum of its tasks' durations

    QList<qint64> taskIds() const;
};

/// Both views of a parallel plan and what synchronisation costs (SPEC.md §7). Durations in whole minutes.
struct ParallelPlan
{
    int maxParallel = 1;
    qint64 taskCount = 0;
    qint64 totalTaskMinutes = 0;
    qint64 criticalPathMinutes = 0; ///< the CPM project duration (relations and lags included)
    /// max(criticalPathMinutes, ⌈totalTaskMinutes / K⌉): no plan with at most K tasks at once can be shorter.
    qint64 lowerBoundMinutes = 0;
    qint64 flowMakespanMinutes = 0;
    qint64 waveMakespanMinutes = 0; ///< the sum of the group durations
    double flowRatio = 1.0;         ///< flow makespan / lower bound; 1.0 when the bound is 0
    double waveRatio = 1.0;         ///< wave makespan / lower bound; 1.0 when the bound is 0
    QList<FlowEntry> flow;          ///< by start, then id
    QList<PlanGroup> groups;
};

/// Plans a set of tasks for at most K running at once (K = 1…50), the caller having left out completed tasks.
/// Two views of one plan, both driven by critical-path priority (the longest path from a task to the end):
/// a list schedule (the flow view: a task starts once its links allow and a lane is free) and ordered execution
/// groups (the wave view: groups packed by duration to keep lanes busy, then improved by bounded local moves).
/// Deterministic: the same network always gives the same plan. Stateless; callable from any thread.
class ParallelPlanner
{
public:
    static constexpr int minParallel = 1;
    static constexpr int maxParallel = 50;

    /// Invalid when K is outside 1…50; Conflict ("dependency cycle: …") when the hard links form a cycle.
    static Result<ParallelPlan> plan(const DependencyGraph &graph, int maxParallelTasks);
};

} // namespace taskorch::core
