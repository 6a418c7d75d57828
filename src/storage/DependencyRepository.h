// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "EntityStore.h"
#include "TaskDependency.h"

#include <optional>

namespace taskorch::storage {

using core::TaskDependency;

/// A dependency joined with its prerequisite's title and status, for display.
struct DependencyView
{
    TaskDependency dependency;
    QString prerequisiteTitle;
    core::TaskStatus prerequisiteStatus = core::TaskStatus::NotStarted;
};

class DependencyRepository
{
public:
    explicit DependencyRepository(Database &db) : m_store(db) {}

    Result<qint64> insert(const TaskDependency &d) { return m_store.insert(d); }
    /// Re-inserts a deleted row under its old id (undo); Conflict when the id is taken.
    Status restore(const TaskDependency &d) { return m_store.restore(d); }
    Result<TaskDependency> get(qint64 id) { return m_store.get(id); }
    Status update(const TaskDependency &d) { return m_store.update(d); }
    Status remove(qint64 id) { return m_store.remove(id); }
    /// The edge "task depends on prerequisite", if present.
    Result<std::optional<TaskDependency>> find(qint64 taskId, qint64 prerequisiteId);
    /// What `taskId` depends on, with the prerequisites' titles.
    Result<QList<DependencyView>> prerequisitesOf(qint64 taskId);
    /// Tasks that depend on `taskId`.
    Result<QList<TaskDependency>> dependentsOf(qint64 taskId);
    /// Every dependency, ordered by id.
    Result<QList<TaskDependency>> all();
    /// Ids of the hard (blocks/requires) prerequisites of `taskId`, ascending.
    Result<QList<qint64>> hardPrerequisiteIds(qint64 taskId);

private:
    EntityStore<TaskDependency> m_store;
    std::optional<QSqlQuery> m_hardPrerequisites;
};

} // namespace taskorch::storage
