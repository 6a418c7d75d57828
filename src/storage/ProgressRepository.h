// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "EntityStore.h"
#include "TaskProgress.h"

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

private:
    EntityStore<TaskProgress> m_store;
};

} // namespace taskorch::storage
