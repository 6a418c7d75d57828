// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "EntityStore.h"
#include "Task.h"

#include <optional>

namespace taskorch::storage {

using core::Task;

/// Columns a task list can be sorted by. Enumerations sort by their ordinal, never as text.
enum class TaskSortColumn
{
    Id,
    Title,
    ComponentArea,
    Phase,
    Priority,
    Complexity,
    WorkStatus, // the task status (named so it does not shadow core::Status)
    Hours,
    CreatedAt,
    UpdatedAt,
};
/// CLI spellings: id, title, component, phase, priority, complexity, status, hours, created, updated.
std::optional<TaskSortColumn> sortColumnFromString(QStringView text);
/// SQL of the priority rank (low 1 … critical 4) of `column`, e.g. "t.priority", for ORDER BY clauses;
/// the unqualified form is the expression migration 0004 indexes.
QString priorityRankSql(const QString &column = QStringLiteral("priority"));
QStringList sortColumnNames();

struct TaskFilter
{
    std::optional<core::TaskStatus> status;
    std::optional<int> phase;
    std::optional<QString> componentArea;
    std::optional<core::Priority> priority;
    QString search; ///< case-insensitive, in title and description
    std::optional<qint64> parentTaskId;
};

/// Where the previous page ended: its last row's sort value and id (keyset paging, no OFFSET).
struct TaskCursor
{
    QVariant sortValue;
    qint64 id = 0;
};

struct TaskListRequest
{
    TaskFilter filter;
    TaskSortColumn sort = TaskSortColumn::Id;
    bool descending = false;
    int limit = 0; ///< 0 = no limit
    std::optional<TaskCursor> after;
};

/// What the plan views label a task with: a narrow row, so that labelling a million tasks does not read their
/// descriptions and criteria.
struct TaskHeadline
{
    qint64 id = 0;
    QString title;
    int phase = 1;
    QString componentArea;
    core::TaskStatus status = core::TaskStatus::NotStarted;
};

/// Tasks: CRUD through the entity declaration, filtered and sorted pages, and a native bulk insert.
class TaskRepository
{
public:
    explicit TaskRepository(Database &db);

    Result<Task> get(qint64 id) { return m_store.get(id); }
    Result<qint64> insert(const Task &task) { return m_store.insert(task); }
    /// Re-inserts a deleted row under its old id (undo); Conflict when the id is taken.
    Status restore(const Task &task) { return m_store.restore(task); }
    Status update(const Task &task) { return m_store.update(task); }
    Status remove(qint64 id) { return m_store.remove(id); }

    /// One page of tasks matching the filter, in the requested order.
    Result<QList<Task>> list(const TaskListRequest &request);
    /// The SQL list() runs, with its bound values appended to `binds` (for query-plan checks).
    QString listQuery(const TaskListRequest &request, QVariantList &binds) const;
    /// The cursor that continues after `task` for the given sort.
    static TaskCursor cursorAfter(const Task &task, TaskSortColumn sort);
    Result<qint64> count(const TaskFilter &filter);
    Result<QList<Task>> children(qint64 parentId);
    /// Every task's headline, by id.
    Result<QList<TaskHeadline>> headlines();
    /// The headlines of `ids` (ids with no task are left out), by id.
    Result<QList<TaskHeadline>> headlines(const QList<qint64> &ids);
    /// Inserts many validated tasks in one prepared native statement; assigns their ids. Must run inside a
    /// transaction for speed. Stops at the first invalid task, naming it.
    Status insertMany(QList<Task> &tasks);

private:
    Database &m_db;
    EntityStore<Task> m_store;
};

} // namespace taskorch::storage
