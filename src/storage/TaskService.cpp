// SPDX-License-Identifier: GPL-3.0-or-later
#include "TaskService.h"

#include "Timestamp.h"
#include "Transaction.h"

#include <QHash>
#include <QSet>

#include <deque>

namespace taskorch::storage {

using core::TaskStatus;

namespace {

const auto kReady = QStringLiteral(
    "SELECT %1 FROM tasks t WHERE t.status = 'not_started' AND NOT EXISTS ("
    " SELECT 1 FROM task_dependencies d JOIN tasks p ON p.id = d.depends_on_task_id"
    " WHERE d.task_id = t.id AND d.dependency_type IN ('blocks', 'requires') AND p.status <> 'completed')"
    " ORDER BY %2 DESC, t.id");
const auto kBlocked =
    QStringLiteral("SELECT t.id, group_concat(p.title, char(31)) FROM tasks t"
                   " JOIN task_dependencies d ON d.task_id = t.id AND d.dependency_type IN ('blocks', 'requires')"
                   " JOIN tasks p ON p.id = d.depends_on_task_id AND p.status <> 'completed'"
                   " WHERE t.status <> 'completed' GROUP BY t.id ORDER BY %1 DESC, t.id");
const auto kStatusTotals = QStringLiteral(
    "SELECT count(*), total(status = 'completed'), total(status = 'in_progress'), total(status = 'blocked'),"
    " total(status = 'not_started'), total(status = 'failed'), total(time_estimate_hours),"
    " total(CASE WHEN status = 'completed' THEN time_estimate_hours END) FROM tasks");
const auto kPhaseBreakdown =
    QStringLiteral("SELECT phase, count(*), total(status = 'completed') FROM tasks GROUP BY phase ORDER BY phase");
const auto kComponentBreakdown =
    QStringLiteral("SELECT component_area, count(*) AS n, total(status = 'completed') FROM tasks"
                   " GROUP BY component_area ORDER BY n DESC, component_area");
const auto kByComponent =
    QStringLiteral("SELECT %1 FROM tasks WHERE component_area = ? ORDER BY %2 DESC, created_at, id");

int defaultPercentage(TaskStatus status, std::optional<int> last)
{
    switch (status) {
    case TaskStatus::NotStarted:
        return 0;
    case TaskStatus::Completed:
        return 100;
    default:
        return last.value_or(0);
    }
}

} // namespace

QString formatCycle(const QList<qint64> &cycle)
{
    QStringList parts;
    for (qint64 id : cycle) {
        parts << QString::number(id);
    }
    return parts.join(QStringLiteral(" → "));
}

TaskService::TaskService(Database &db, TaskRepository &tasks, DependencyRepository &dependencies,
                         ProgressRepository &progress, CommentRepository &comments)
    : m_db(db), m_tasks(tasks), m_dependencies(dependencies), m_progress(progress), m_comments(comments)
{}

Status TaskService::requireTask(qint64 id)
{
    auto t = m_tasks.get(id);
    return t ? Status() : Status(t.error());
}

Result<qint64> TaskService::createTask(Task task)
{
    const QDateTime now = core::Clock::now();
    task.id = 0;
    task.createdAt = now;
    task.updatedAt = now;
    Transaction tx(m_db);
    if (!tx.begun()) {
        return tx.begun().error();
    }
    if (task.parentTaskId) {
        if (Status s = requireTask(*task.parentTaskId); !s) {
            return makeError(ErrorCode::NotFound,
                             QStringLiteral("parent task %1 does not exist").arg(*task.parentTaskId));
        }
    }
    auto id = m_tasks.insert(task);
    if (!id) {
        return id.error();
    }
    core::TaskProgress first;
    first.taskId = *id;
    first.progressPercentage = 0;
    first.notes = QStringLiteral("Task created");
    first.createdAt = now;
    if (auto p = m_progress.insert(first); !p) {
        return p.error();
    }
    if (Status s = tx.commit(); !s) {
        return s.error();
    }
    return id;
}

Status TaskService::updateTask(const Task &edited)
{
    Transaction tx(m_db);
    if (!tx.begun()) {
        return tx.begun();
    }
    auto current = m_tasks.get(edited.id);
    if (!current) {
        return current.error();
    }
    // A parent may not be the task itself or one of its descendants.
    for (std::optional<qint64> ancestor = edited.parentTaskId; ancestor;) {
        if (*ancestor == edited.id) {
            return makeError(ErrorCode::Conflict,
                             QStringLiteral("task %1 cannot be placed under %2: that task is inside it")
                                 .arg(edited.id)
                                 .arg(*edited.parentTaskId));
        }
        auto parent = m_tasks.get(*ancestor);
        if (!parent) {
            return makeError(ErrorCode::NotFound, QStringLiteral("parent task %1 does not exist").arg(*ancestor));
        }
        ancestor = parent->parentTaskId;
    }
    Task task = edited;
    task.createdAt = current->createdAt;
    task.updatedAt = core::Clock::now();
    if (Status s = m_tasks.update(task); !s) {
        return s;
    }
    return tx.commit();
}

Status TaskService::updateStatus(qint64 taskId, TaskStatus status, const StatusChange &change)
{
    Transaction tx(m_db);
    if (!tx.begun()) {
        return tx.begun();
    }
    auto task = m_tasks.get(taskId);
    if (!task) {
        return task.error();
    }
    const QDateTime now = core::Clock::now();
    task->status = status;
    task->updatedAt = now;
    if (Status s = m_tasks.update(*task); !s) {
        return s;
    }
    auto last = m_progress.latestPercentage(taskId);
    if (!last) {
        return last.error();
    }
    core::TaskProgress progress;
    progress.taskId = taskId;
    progress.progressPercentage = change.progressPercentage.value_or(defaultPercentage(status, *last));
    progress.notes = change.notes
                         ? change.notes
                         : std::optional<QString>(QStringLiteral("Status changed to %1").arg(core::toString(status)));
    progress.updatedBy = change.updatedBy;
    progress.createdAt = now;
    if (auto p = m_progress.insert(progress); !p) {
        return p.error();
    }
    if (change.comment) {
        core::TaskComment comment;
        comment.taskId = taskId;
        comment.comment = *change.comment;
        comment.type = change.commentType;
        comment.createdAt = now;
        if (auto c = m_comments.insert(comment); !c) {
            return c.error();
        }
    }
    return tx.commit();
}

Status TaskService::updateStatuses(const QList<qint64> &taskIds, TaskStatus status, const StatusChange &change)
{
    Transaction tx(m_db);
    if (!tx.begun()) {
        return tx.begun();
    }
    for (qint64 id : taskIds) {
        if (Status s = updateStatus(id, status, change); !s) {
            return s;
        }
    }
    return tx.commit();
}

Status TaskService::deleteTask(qint64 taskId)
{
    Transaction tx(m_db);
    if (!tx.begun()) {
        return tx.begun();
    }
    if (Status s = m_tasks.remove(taskId); !s) {
        return s;
    }
    return tx.commit();
}

Result<QList<Task>> TaskService::tasksByStatus(TaskStatus status)
{
    TaskListRequest request;
    request.filter.status = status;
    request.sort = TaskSortColumn::Priority;
    request.descending = true;
    return m_tasks.list(request);
}

Result<QList<Task>> TaskService::tasksByComponent(const QString &componentArea)
{
    EntityStore<Task> store(m_db);
    return store.select(kByComponent.arg(store.selectColumns(), priorityRankSql()), {componentArea});
}

Result<QList<Task>> TaskService::tasksByPhase(int phase)
{
    TaskListRequest request;
    request.filter.phase = phase;
    request.sort = TaskSortColumn::Priority;
    request.descending = true;
    return m_tasks.list(request);
}

Result<QList<Task>> TaskService::search(const QString &text)
{
    TaskListRequest request;
    request.filter.search = text;
    return m_tasks.list(request);
}

Result<QList<TaskTreeNode>> TaskService::subtaskTree(qint64 rootId)
{
    auto root = m_tasks.get(rootId);
    if (!root) {
        return root.error();
    }
    QList<TaskTreeNode> out;
    std::vector<TaskTreeNode> stack{{*root, 0}};
    while (!stack.empty()) {
        TaskTreeNode node = stack.back();
        stack.pop_back();
        out << node;
        auto children = m_tasks.children(node.task.id);
        if (!children) {
            return children.error();
        }
        for (auto it = children->crbegin(); it != children->crend(); ++it) {
            stack.push_back({*it, node.depth + 1});
        }
    }
    return out;
}

Result<QList<qint64>> TaskService::cycleThrough(qint64 taskId, qint64 prerequisiteId)
{
    // Breadth-first from the prerequisite along "depends on" edges; reaching the task means the new edge
    // task → prerequisite closes a cycle. BFS gives the shortest such cycle.
    QHash<qint64, qint64> reachedFrom{{prerequisiteId, prerequisiteId}};
    std::deque<qint64> queue{prerequisiteId};
    while (!queue.empty()) {
        const qint64 current = queue.front();
        queue.pop_front();
        if (current == taskId) {
            QList<qint64> path{taskId};
            for (qint64 node = taskId; node != prerequisiteId;) {
                node = reachedFrom.value(node);
                path.prepend(node);
            }
            path.prepend(taskId);
            return path;
        }
        auto next = m_dependencies.hardPrerequisiteIds(current);
        if (!next) {
            return next.error();
        }
        for (qint64 n : *next) {
            if (!reachedFrom.contains(n)) {
                reachedFrom.insert(n, current);
                queue.push_back(n);
            }
        }
    }
    return QList<qint64>{};
}

Result<core::TaskDependency> TaskService::addDependency(qint64 taskId, qint64 prerequisiteId, core::DependencyType type,
                                                        core::Relation relation, double lagHours)
{
    if (taskId == prerequisiteId) {
        return makeError(ErrorCode::Invalid, QStringLiteral("a task cannot depend on itself (task %1)").arg(taskId));
    }
    Transaction tx(m_db);
    if (!tx.begun()) {
        return tx.begun().error();
    }
    for (qint64 id : {taskId, prerequisiteId}) {
        if (Status s = requireTask(id); !s) {
            return s.error();
        }
    }
    auto existing = m_dependencies.find(taskId, prerequisiteId);
    if (!existing) {
        return existing.error();
    }
    if (*existing) {
        return **existing;
    }
    if (core::isHard(type)) {
        auto cycle = cycleThrough(taskId, prerequisiteId);
        if (!cycle) {
            return cycle.error();
        }
        if (!cycle->isEmpty()) {
            return makeError(ErrorCode::Conflict,
                             QStringLiteral("task %1 cannot depend on task %2: that would close the cycle %3")
                                 .arg(taskId)
                                 .arg(prerequisiteId)
                                 .arg(formatCycle(*cycle)));
        }
    }
    core::TaskDependency dependency;
    dependency.taskId = taskId;
    dependency.dependsOnTaskId = prerequisiteId;
    dependency.type = type;
    dependency.relation = relation;
    dependency.lagHours = lagHours;
    dependency.createdAt = core::Clock::now();
    auto id = m_dependencies.insert(dependency);
    if (!id) {
        return id.error();
    }
    dependency.id = *id;
    if (Status s = tx.commit(); !s) {
        return s.error();
    }
    return dependency;
}

Status TaskService::removeDependency(qint64 taskId, qint64 prerequisiteId)
{
    Transaction tx(m_db);
    if (!tx.begun()) {
        return tx.begun();
    }
    auto existing = m_dependencies.find(taskId, prerequisiteId);
    if (!existing) {
        return existing.error();
    }
    if (!*existing) {
        return makeError(ErrorCode::NotFound,
                         QStringLiteral("task %1 does not depend on task %2").arg(taskId).arg(prerequisiteId));
    }
    if (Status s = m_dependencies.remove((*existing)->id); !s) {
        return s;
    }
    return tx.commit();
}

Result<QList<Task>> TaskService::readyTasks(int limit)
{
    EntityStore<Task> store(m_db);
    QStringList qualified;
    for (const QString &c : Task::spec().columnNames()) {
        qualified << QStringLiteral("t.") + c;
    }
    QString sql = kReady.arg(qualified.join(QStringLiteral(", ")), priorityRankSql(QStringLiteral("t.priority")));
    if (limit > 0) {
        sql += QStringLiteral(" LIMIT %1").arg(limit);
    }
    return store.select(sql);
}

Result<QList<BlockedTask>> TaskService::blockedTasks()
{
    QSqlQuery q(m_db.connection());
    q.setForwardOnly(true);
    if (!q.exec(kBlocked.arg(priorityRankSql(QStringLiteral("t.priority"))))) {
        return storageError(QStringLiteral("cannot read blocked tasks"), q.lastError().text());
    }
    QList<std::pair<qint64, QStringList>> rows;
    while (q.next()) {
        rows.append({q.value(0).toLongLong(), q.value(1).toString().split(QChar(31))});
    }
    QList<BlockedTask> out;
    for (const auto &[id, titles] : rows) {
        auto task = m_tasks.get(id);
        if (!task) {
            return task.error();
        }
        QStringList sorted = titles;
        sorted.sort();
        out << BlockedTask{*task, sorted};
    }
    return out;
}

Result<qint64> TaskService::addComment(qint64 taskId, const QString &text, core::CommentType type)
{
    Transaction tx(m_db);
    if (!tx.begun()) {
        return tx.begun().error();
    }
    if (Status s = requireTask(taskId); !s) {
        return s.error();
    }
    core::TaskComment comment;
    comment.taskId = taskId;
    comment.comment = text;
    comment.type = type;
    comment.createdAt = core::Clock::now();
    auto id = m_comments.insert(comment);
    if (!id) {
        return id.error();
    }
    if (Status s = tx.commit(); !s) {
        return s.error();
    }
    return id;
}

Status TaskService::editComment(qint64 commentId, const QString &text, core::CommentType type)
{
    Transaction tx(m_db);
    if (!tx.begun()) {
        return tx.begun();
    }
    auto comment = m_comments.get(commentId);
    if (!comment) {
        return comment.error();
    }
    comment->comment = text;
    comment->type = type;
    if (Status s = m_comments.update(*comment); !s) {
        return s;
    }
    return tx.commit();
}

Result<core::ProjectStatistics> TaskService::statistics()
{
    core::ProjectStatistics stats;
    QSqlQuery q(m_db.connection());
    q.setForwardOnly(true);
    if (!q.exec(kStatusTotals) || !q.next()) {
        return storageError(QStringLiteral("cannot compute statistics"), q.lastError().text());
    }
    stats.totalTasks = q.value(0).toLongLong();
    stats.completedTasks = qint64(q.value(1).toDouble());
    stats.inProgressTasks = qint64(q.value(2).toDouble());
    stats.blockedTasks = qint64(q.value(3).toDouble());
    stats.notStartedTasks = qint64(q.value(4).toDouble());
    stats.failedTasks = qint64(q.value(5).toDouble());
    stats.totalEstimatedHours = q.value(6).toDouble();
    stats.completedHours = q.value(7).toDouble();
    q.finish();
    if (!q.exec(kPhaseBreakdown)) {
        return storageError(QStringLiteral("cannot compute statistics"), q.lastError().text());
    }
    while (q.next()) {
        stats.phaseBreakdown << core::PhaseBreakdown{q.value(0).toInt(), q.value(1).toLongLong(),
                                                     qint64(q.value(2).toDouble())};
    }
    q.finish();
    if (!q.exec(kComponentBreakdown)) {
        return storageError(QStringLiteral("cannot compute statistics"), q.lastError().text());
    }
    while (q.next()) {
        stats.componentBreakdown << core::ComponentBreakdown{q.value(0).toString(), q.value(1).toLongLong(),
                                                             qint64(q.value(2).toDouble())};
    }
    stats.finish();
    return stats;
}

} // namespace taskorch::storage
