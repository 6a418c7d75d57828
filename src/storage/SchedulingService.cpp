// SPDX-License-Identifier: GPL-3.0-or-later
#include "SchedulingService.h"

#include "Timestamp.h"
#include "Transaction.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <sqlite3.h>

#include <algorithm>
#include <unordered_map>

namespace taskorch::storage {

using core::ExecutionStatus;
using core::LogLevel;

namespace {

// The latest progress row per task, by (created_at, id), joined in one pass.
const char kLoadTasks[] =
    "SELECT t.id, t.time_estimate_hours, t.status, "
    " (SELECT p.progress_percentage FROM task_progress p WHERE p.task_id = t.id"
    "  ORDER BY p.created_at DESC, p.id DESC LIMIT 1) FROM tasks t ORDER BY t.id";
const char kLoadLinks[] =
    "SELECT depends_on_task_id, task_id, dependency_type, relation, lag_hours FROM task_dependencies ORDER BY id";

// Only these statuses are replaced when a new plan is saved; running and finished groups are history.
const auto kDeletePendingGroups = QStringLiteral("DELETE FROM execution_groups WHERE status = 'pending'");

core::DependencyType dependencyTypeOf(const unsigned char *text)
{
    return core::fromString<core::DependencyType>(QString::fromLatin1(reinterpret_cast<const char *>(text)))
        .value_or(core::DependencyType::Blocks);
}

} // namespace

SchedulingService::SchedulingService(Database &db, TaskService &tasks)
    : m_db(db), m_tasks(tasks), m_groups(db), m_groupTasks(db), m_log(db)
{
}

Result<ScheduleNetwork> SchedulingService::loadNetwork(core::ScheduleMode mode, bool openTasksOnly)
{
    // The native API: this runs on every graph refresh and on million-task databases (SPEC.md §6).
    sqlite3 *h = m_db.handle();
    ScheduleNetwork network;
    sqlite3_stmt *stmt = nullptr;
    if (sqlite3_prepare_v2(h, kLoadTasks, -1, &stmt, nullptr) != SQLITE_OK) {
        return storageError(QStringLiteral("cannot read the task network"), QString::fromUtf8(sqlite3_errmsg(h)));
    }
    std::unordered_map<qint64, bool> included;
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        const qint64 id = sqlite3_column_int64(stmt, 0);
        const double hours = sqlite3_column_double(stmt, 1);
        const auto status =
            core::fromString<core::TaskStatus>(
                QString::fromLatin1(reinterpret_cast<const char *>(sqlite3_column_text(stmt, 2))))
                .value_or(core::TaskStatus::NotStarted);
        if (openTasksOnly && status == core::TaskStatus::Completed) {
            continue;
        }
        std::optional<int> last;
        if (sqlite3_column_type(stmt, 3) != SQLITE_NULL) {
            last = sqlite3_column_int(stmt, 3);
        }
        core::ScheduleTask task;
        task.id = id;
        task.durationMinutes = core::scheduleDurationMinutes(mode, hours, status, last);
        network.tasks.append(task);
        included.emplace(id, true);
    }
    sqlite3_finalize(stmt);
    if (rc != SQLITE_DONE) {
        return storageError(QStringLiteral("cannot read the task network"), QString::fromUtf8(sqlite3_errmsg(h)));
    }
    if (sqlite3_prepare_v2(h, kLoadLinks, -1, &stmt, nullptr) != SQLITE_OK) {
        return storageError(QStringLiteral("cannot read the dependencies"), QString::fromUtf8(sqlite3_errmsg(h)));
    }
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        core::ScheduleLink link;
        link.predecessorId = sqlite3_column_int64(stmt, 0);
        link.successorId = sqlite3_column_int64(stmt, 1);
        if (openTasksOnly && (!included.count(link.predecessorId) || !included.count(link.successorId))) {
            continue;
        }
        link.type = dependencyTypeOf(sqlite3_column_text(stmt, 2));
        link.relation = core::fromString<core::Relation>(
                            QString::fromLatin1(reinterpret_cast<const char *>(sqlite3_column_text(stmt, 3))))
                            .value_or(core::Relation::FS);
        link.lagMinutes = core::signedHoursToMinutes(sqlite3_column_double(stmt, 4));
        network.links.append(link);
    }
    sqlite3_finalize(stmt);
    if (rc != SQLITE_DONE) {
        return storageError(QStringLiteral("cannot read the dependencies"), QString::fromUtf8(sqlite3_errmsg(h)));
    }
    return network;
}

Result<core::CriticalPath> SchedulingService::criticalPath(core::ScheduleMode mode)
{
    auto network = loadNetwork(mode);
    if (!network) {
        return network.error();
    }
    return core::CriticalPath::compute(network->tasks, network->links);
}

Result<core::ParallelPlan> SchedulingService::plan(int maxParallel)
{
    if (maxParallel < core::ParallelPlanner::minParallel || maxParallel > core::ParallelPlanner::maxParallel) {
        return makeError(ErrorCode::Invalid,
                         QStringLiteral("at most 1–50 tasks can run at once, got %1").arg(maxParallel));
    }
    auto network = loadNetwork(core::ScheduleMode::Remaining, true);
    if (!network) {
        return network.error();
    }
    auto graph = core::DependencyGraph::build(network->tasks, network->links);
    if (!graph) {
        return graph.error();
    }
    return core::ParallelPlanner::plan(*graph, maxParallel);
}

Result<QList<qint64>> SchedulingService::savePlan(const core::ParallelPlan &plan)
{
    Transaction tx(m_db);
    if (!tx.begun()) {
        return tx.begun().error();
    }
    if (Status s = m_db.exec(kDeletePendingGroups); !s) {
        return s.error();
    }
    const QDateTime now = core::Clock::now();
    QList<qint64> ids;
    for (const core::PlanGroup &g : plan.groups) {
        core::ExecutionGroup group;
        group.name = QStringLiteral("Group %1").arg(g.position);
        group.position = g.position;
        group.totalHours = core::minutesToHours(g.totalTaskMinutes);
        group.estimatedDurationMinutes = g.durationMinutes;
        group.maxParallelTasks = plan.maxParallel;
        group.metadata = QString::fromUtf8(
            QJsonDocument(QJsonObject{{"planned_start_hours", core::minutesToHours(g.startMinutes)},
                                      {"lower_bound_hours", core::minutesToHours(plan.lowerBoundMinutes)}})
                .toJson(QJsonDocument::Compact));
        group.createdAt = now;
        group.updatedAt = now;
        auto id = m_groups.insert(group);
        if (!id) {
            return id.error();
        }
        ids << *id;
        int order = 0;
        for (const core::GroupEntry &entry : g.tasks) {
            core::GroupTask gt;
            gt.groupId = *id;
            gt.taskId = entry.id;
            gt.executionOrder = ++order;
            gt.taskHours = core::minutesToHours(entry.durationMinutes);
            gt.createdAt = now;
            gt.updatedAt = now;
            if (auto r = m_groupTasks.insert(gt); !r) {
                return r.error();
            }
        }
    }
    if (Status s = tx.commit(); !s) {
        return s.error();
    }
    return ids;
}

Result<QList<core::Task>> SchedulingService::nextTasks(int count)
{
    auto ready = m_tasks.readyTasks();
    if (!ready) {
        return ready.error();
    }
    auto cpm = criticalPath(core::ScheduleMode::Remaining);
    if (!cpm) {
        return cpm.error();
    }
    QList<core::Task> tasks = *ready;
    auto slack = [&](const core::Task &t) {
        const auto s = cpm->task(t.id);
        return s ? s->totalSlack : std::numeric_limits<qint64>::max();
    };
    std::stable_sort(tasks.begin(), tasks.end(), [&](const core::Task &a, const core::Task &b) {
        if (slack(a) != slack(b)) {
            return slack(a) < slack(b);
        }
        if (a.priority != b.priority) {
            return core::ordinal(a.priority) > core::ordinal(b.priority);
        }
        return a.id < b.id;
    });
    if (count > 0 && tasks.size() > count) {
        tasks.resize(count);
    }
    return tasks;
}

Result<QList<GroupWithTasks>> SchedulingService::groups()
{
    auto groups = m_groups.select(
        QStringLiteral("SELECT %1 FROM execution_groups ORDER BY position, id").arg(m_groups.selectColumns()));
    if (!groups) {
        return groups.error();
    }
    QList<GroupWithTasks> out;
    for (const core::ExecutionGroup &g : *groups) {
        auto tasks = m_groupTasks.select(QStringLiteral("SELECT %1 FROM group_tasks WHERE group_id = ? "
                                                        "ORDER BY execution_order, id")
                                             .arg(m_groupTasks.selectColumns()),
                                         {g.id});
        if (!tasks) {
            return tasks.error();
        }
        out << GroupWithTasks{g, *tasks};
    }
    return out;
}

Status SchedulingService::logEvent(qint64 groupId, std::optional<qint64> taskId, LogLevel level,
                                   const QString &message)
{
    core::ExecutionLogEntry entry;
    entry.groupId = groupId;
    entry.taskId = taskId;
    entry.level = level;
    entry.message = message.left(2000);
    entry.createdAt = core::Clock::now();
    auto id = m_log.insert(entry);
    return id ? Status() : Status(id.error());
}

Status SchedulingService::startGroup(qint64 groupId, bool force)
{
    Transaction tx(m_db);
    if (!tx.begun()) {
        return tx.begun();
    }
    auto group = m_groups.get(groupId);
    if (!group) {
        return group.error();
    }
    if (group->status != ExecutionStatus::Pending) {
        return makeError(ErrorCode::Conflict, QStringLiteral("group %1 is %2, not pending")
                                                  .arg(groupId)
                                                  .arg(core::toString(group->status)));
    }
    auto earlier = m_groups.select(QStringLiteral("SELECT %1 FROM execution_groups WHERE position < ? "
                                                  "AND status <> 'completed' ORDER BY position")
                                       .arg(m_groups.selectColumns()),
                                   {group->position});
    if (!earlier) {
        return earlier.error();
    }
    if (!earlier->isEmpty()) {
        QStringList names;
        for (const auto &g : *earlier) {
            names << QStringLiteral("%1 (%2)").arg(g.name, core::toString(g.status));
        }
        if (!force) {
            return makeError(ErrorCode::Conflict,
                             QStringLiteral("group %1 cannot start before the earlier groups complete: %2; "
                                            "use --force to start it anyway")
                                 .arg(groupId)
                                 .arg(names.join(QStringLiteral(", "))));
        }
        if (Status s = logEvent(groupId, std::nullopt, LogLevel::Warning,
                                QStringLiteral("Group started out of order (forced) while %1 not completed")
                                    .arg(names.join(QStringLiteral(", "))));
            !s) {
            return s;
        }
    }
    group->status = ExecutionStatus::Running;
    group->updatedAt = core::Clock::now();
    if (Status s = m_groups.update(*group); !s) {
        return s;
    }
    if (Status s = logEvent(groupId, std::nullopt, LogLevel::Info, QStringLiteral("Group started")); !s) {
        return s;
    }
    return tx.commit();
}

Result<core::GroupTask> SchedulingService::requireGroupTask(qint64 groupId, qint64 taskId,
                                                             core::ExecutionGroup &group)
{
    auto g = m_groups.get(groupId);
    if (!g) {
        return g.error();
    }
    group = *g;
    auto rows = m_groupTasks.select(
        QStringLiteral("SELECT %1 FROM group_tasks WHERE group_id = ? AND task_id = ?").arg(m_groupTasks.selectColumns()),
        {groupId, taskId});
    if (!rows) {
        return rows.error();
    }
    if (rows->isEmpty()) {
        return makeError(ErrorCode::NotFound, QStringLiteral("task %1 is not in group %2").arg(taskId).arg(groupId));
    }
    return rows->first();
}

Status SchedulingService::startTask(qint64 groupId, qint64 taskId)
{
    Transaction tx(m_db);
    if (!tx.begun()) {
        return tx.begun();
    }
    core::ExecutionGroup group;
    auto gt = requireGroupTask(groupId, taskId, group);
    if (!gt) {
        return gt.error();
    }
    if (group.status != ExecutionStatus::Running) {
        return makeError(ErrorCode::Conflict,
                         QStringLiteral("group %1 is %2; start the group first").arg(groupId).arg(core::toString(group.status)));
    }
    if (gt->status != ExecutionStatus::Pending) {
        return makeError(ErrorCode::Conflict,
                         QStringLiteral("task %1 is already %2 in group %3").arg(taskId).arg(core::toString(gt->status)).arg(groupId));
    }
    auto running = m_groupTasks.select(QStringLiteral("SELECT %1 FROM group_tasks WHERE group_id = ? AND status = 'running'")
                                           .arg(m_groupTasks.selectColumns()),
                                       {groupId});
    if (!running) {
        return running.error();
    }
    if (running->size() >= group.maxParallelTasks) {
        return makeError(ErrorCode::Conflict, QStringLiteral("group %1 already runs %2 tasks, its limit; complete one first")
                                                  .arg(groupId)
                                                  .arg(running->size()));
    }
    gt->status = ExecutionStatus::Running;
    gt->updatedAt = core::Clock::now();
    if (Status s = m_groupTasks.update(*gt); !s) {
        return s;
    }
    StatusChange change;
    change.notes = QStringLiteral("Started in execution group %1").arg(groupId);
    if (Status s = m_tasks.updateStatus(taskId, core::TaskStatus::InProgress, change); !s) {
        return s;
    }
    if (Status s = logEvent(groupId, taskId, LogLevel::Info, QStringLiteral("Task %1 started").arg(taskId)); !s) {
        return s;
    }
    return tx.commit();
}

Status SchedulingService::finishTask(qint64 groupId, qint64 taskId, bool success, const QString &message)
{
    Transaction tx(m_db);
    if (!tx.begun()) {
        return tx.begun();
    }
    core::ExecutionGroup group;
    auto gt = requireGroupTask(groupId, taskId, group);
    if (!gt) {
        return gt.error();
    }
    if (gt->status != ExecutionStatus::Running) {
        return makeError(ErrorCode::Conflict,
                         QStringLiteral("task %1 is %2 in group %3, not running").arg(taskId).arg(core::toString(gt->status)).arg(groupId));
    }
    gt->status = success ? ExecutionStatus::Completed : ExecutionStatus::Failed;
    gt->updatedAt = core::Clock::now();
    if (Status s = m_groupTasks.update(*gt); !s) {
        return s;
    }
    StatusChange change;
    change.notes = success ? QStringLiteral("Completed in execution group %1").arg(groupId)
                           : QStringLiteral("Failed in execution group %1").arg(groupId);
    if (!success && !message.isEmpty()) {
        change.comment = message;
        change.commentType = core::CommentType::Blocker;
    }
    if (Status s = m_tasks.updateStatus(taskId, success ? core::TaskStatus::Completed : core::TaskStatus::Failed, change); !s) {
        return s;
    }
    const QString text = success ? QStringLiteral("Task %1 completed").arg(taskId)
                                 : QStringLiteral("Task %1 failed%2").arg(taskId).arg(message.isEmpty() ? QString() : QStringLiteral(": ") + message);
    if (Status s = logEvent(groupId, taskId, success ? LogLevel::Info : LogLevel::Error, text); !s) {
        return s;
    }
    if (Status s = settleGroup(group); !s) {
        return s;
    }
    return tx.commit();
}

Status SchedulingService::completeTask(qint64 groupId, qint64 taskId)
{
    return finishTask(groupId, taskId, true, {});
}

Status SchedulingService::failTask(qint64 groupId, qint64 taskId, const QString &message)
{
    return finishTask(groupId, taskId, false, message);
}

Status SchedulingService::settleGroup(core::ExecutionGroup &group)
{
    auto tasks = m_groupTasks.select(
        QStringLiteral("SELECT %1 FROM group_tasks WHERE group_id = ?").arg(m_groupTasks.selectColumns()), {group.id});
    if (!tasks) {
        return tasks.error();
    }
    bool open = false;
    bool anyFailed = false;
    for (const core::GroupTask &t : *tasks) {
        open = open || t.status == ExecutionStatus::Pending || t.status == ExecutionStatus::Running;
        anyFailed = anyFailed || t.status == ExecutionStatus::Failed;
    }
    if (open) {
        return {};
    }
    group.status = anyFailed ? ExecutionStatus::Failed : ExecutionStatus::Completed;
    group.updatedAt = core::Clock::now();
    if (Status s = m_groups.update(group); !s) {
        return s;
    }
    return logEvent(group.id, std::nullopt, anyFailed ? LogLevel::Error : LogLevel::Info,
                    anyFailed ? QStringLiteral("Group failed: at least one task failed")
                              : QStringLiteral("Group completed"));
}

Result<QList<core::ExecutionLogEntry>> SchedulingService::log(qint64 groupId)
{
    if (groupId == 0) {
        return m_log.select(QStringLiteral("SELECT %1 FROM parallel_execution_log ORDER BY created_at, id").arg(m_log.selectColumns()));
    }
    return m_log.select(QStringLiteral("SELECT %1 FROM parallel_execution_log WHERE group_id = ? ORDER BY created_at, id")
                            .arg(m_log.selectColumns()),
                        {groupId});
}

} // namespace taskorch::storage
