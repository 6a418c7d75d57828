// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "CommentRepository.h"
#include "DependencyRepository.h"
#include "ProgressRepository.h"
#include "Statistics.h"
#include "TaskRepository.h"

namespace taskorch::storage {

/// A task with the titles of the unfinished hard prerequisites that hold it back.
struct BlockedTask
{
    Task task;
    QStringList blockingTitles;
};

/// A task and its depth below the root of a subtask tree (root = 0).
struct TaskTreeNode
{
    Task task;
    int depth = 0;
};

/// Options of a status change (SPEC.md §6): all optional.
struct StatusChange
{
    std::optional<int> progressPercentage;
    std::optional<QString> notes;
    std::optional<QString> comment;
    core::CommentType commentType = core::CommentType::Note;
    QString updatedBy = QStringLiteral("system");
};

/// The operations people and agents perform on tasks. Every call that writes is one transaction.
class TaskService
{
public:
    TaskService(Database &db, TaskRepository &tasks, DependencyRepository &dependencies, ProgressRepository &progress,
                CommentRepository &comments);

    /// Creates a task and its first progress row (0 %, "Task created", by system). Returns the new id.
    Result<qint64> createTask(Task task);
    /// Saves edited fields; refuses a parent that would make the task its own ancestor.
    Status updateTask(const Task &task);
    /// Changes the status, refreshes updated_at and always writes a progress row: the given percentage or the
    /// status default (not_started 0, completed 100, otherwise the last known %). Optionally adds a comment.
    Status updateStatus(qint64 taskId, core::TaskStatus status, const StatusChange &change = {});
    /// updateStatus() for every task of `taskIds`, all in one transaction: either every task changes (each with
    /// its progress row and comment) or none does. A missing task refuses the whole change (ErrorCode::NotFound).
    Status updateStatuses(const QList<qint64> &taskIds, core::TaskStatus status, const StatusChange &change = {});
    /// Deletes the task; its subtasks, dependencies, progress and comments go with it.
    Status deleteTask(qint64 taskId);

    Result<QList<Task>> tasksByStatus(core::TaskStatus status);
    /// Highest priority first, then oldest.
    Result<QList<Task>> tasksByComponent(const QString &componentArea);
    Result<QList<Task>> tasksByPhase(int phase);
    /// Case-insensitive (Unicode) search in title and description.
    Result<QList<Task>> search(const QString &text);
    /// The task and all its descendants, depth-first in id order.
    Result<QList<TaskTreeNode>> subtaskTree(qint64 rootId);

    /// "task depends on prerequisite". An existing pair returns the existing row unchanged. A hard edge that
    /// would close a cycle is refused with ErrorCode::Conflict and the whole cycle path, e.g. `12 → 40 → 7 → 12`.
    Result<core::TaskDependency> addDependency(qint64 taskId, qint64 prerequisiteId,
                                               core::DependencyType type = core::DependencyType::Blocks,
                                               core::Relation relation = core::Relation::FS, double lagHours = 0.0);
    Status removeDependency(qint64 taskId, qint64 prerequisiteId);
    /// The cycle a new hard edge task → prerequisite would close, as ids [task, prerequisite, …, task]; empty if none.
    Result<QList<qint64>> cycleThrough(qint64 taskId, qint64 prerequisiteId);

    /// not_started tasks whose hard prerequisites are all completed; highest priority first, then id.
    Result<QList<Task>> readyTasks(int limit = 0);
    /// Unfinished tasks held back by unfinished hard prerequisites.
    Result<QList<BlockedTask>> blockedTasks();

    Result<qint64> addComment(qint64 taskId, const QString &text, core::CommentType type = core::CommentType::Note);
    Status editComment(qint64 commentId, const QString &text, core::CommentType type);
    Result<QList<core::TaskComment>> comments(qint64 taskId) { return m_comments.forTask(taskId); }
    Result<QList<core::TaskProgress>> progressHistory(qint64 taskId) { return m_progress.history(taskId); }

    /// The figures of SPEC.md §6 in one call; an empty database gives all zeros.
    Result<core::ProjectStatistics> statistics();

    Database &database() { return m_db; }
    TaskRepository &tasks() { return m_tasks; }
    DependencyRepository &dependencies() { return m_dependencies; }

private:
    Status requireTask(qint64 id);

    Database &m_db;
    TaskRepository &m_tasks;
    DependencyRepository &m_dependencies;
    ProgressRepository &m_progress;
    CommentRepository &m_comments;
};

/// Joins a cycle for people: "12 → 40 → 7 → 12".
QString formatCycle(const QList<qint64> &cycle);

} // namespace taskorch::storage
