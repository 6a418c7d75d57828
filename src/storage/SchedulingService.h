// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "CriticalPath.h"
#include "Entities.h"
#include "EntityStore.h"
#include "ParallelPlanner.h"
#include "TaskService.h"

namespace taskorch::storage {

/// The task network as the scheduling maths needs it, loaded in one pass over tasks and dependencies.
struct ScheduleNetwork
{
    QList<core::ScheduleTask> tasks;
    QList<core::ScheduleLink> links;
};

/// A saved execution group with its tasks in execution order.
struct GroupWithTasks
{
    core::ExecutionGroup group;
    QList<core::GroupTask> tasks;
};

/// Loads the network from the database for the critical path and parallel plans (maths in core), saves plans as
/// execution groups, and tracks their execution (SPEC.md §7). Every command that writes is one transaction and
/// writes a `parallel_execution_log` row for each transition.
class SchedulingService
{
public:
    SchedulingService(Database &db, TaskService &tasks);

    /// Every task with its duration in `mode`, and every dependency. With `openTasksOnly`, completed tasks are
    /// left out (their dependents are free to start).
    Result<ScheduleNetwork> loadNetwork(core::ScheduleMode mode, bool openTasksOnly = false);
    Result<core::CriticalPath> criticalPath(core::ScheduleMode mode);
    /// The plan for the tasks not completed, with at most `maxParallel` running at once.
    Result<core::ParallelPlan> plan(int maxParallel);
    /// Writes the plan as execution_groups + group_tasks, replacing earlier pending groups. Returns the group ids.
    Result<QList<qint64>> savePlan(const core::ParallelPlan &plan);
    /// Ready tasks ordered by least total slack (remaining mode), then priority rank, then id.
    Result<QList<core::Task>> nextTasks(int count);

    Result<QList<GroupWithTasks>> groups();
    /// Sets a pending group running. Refused (Conflict) while an earlier group is not completed, unless forced;
    /// a forced start is logged as a warning.
    Status startGroup(qint64 groupId, bool force = false);
    /// Starts a task of a running group; refused when K tasks are already running.
    Status startTask(qint64 groupId, qint64 taskId);
    Status completeTask(qint64 groupId, qint64 taskId);
    Status failTask(qint64 groupId, qint64 taskId, const QString &message = {});
    /// Log rows, oldest first; all groups when `groupId` is 0.
    Result<QList<core::ExecutionLogEntry>> log(qint64 groupId = 0);

private:
    Result<core::GroupTask> requireGroupTask(qint64 groupId, qint64 taskId, core::ExecutionGroup &group);
    Status logEvent(qint64 groupId, std::optional<qint64> taskId, core::LogLevel level, const QString &message);
    /// Completes or fails the group when none of its tasks is pending or running any more.
    Status settleGroup(core::ExecutionGroup &group);
    Status finishTask(qint64 groupId, qint64 taskId, bool success, const QString &message);

    Database &m_db;
    TaskService &m_tasks;
    EntityStore<core::ExecutionGroup> m_groups;
    EntityStore<core::GroupTask> m_groupTasks;
    EntityStore<core::ExecutionLogEntry> m_log;
};

} // namespace taskorch::storage
