// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "EntityStore.h"
#include "TaskComment.h"

namespace taskorch::storage {

using core::TaskComment;

class CommentRepository
{
public:
    explicit CommentRepository(Database &db) : m_store(db) {}

    Result<qint64> insert(const TaskComment &c) { return m_store.insert(c); }
    /// Re-inserts a deleted row under its old id (undo); Conflict when the id is taken.
    Status restore(const TaskComment &c) { return m_store.restore(c); }
    Result<TaskComment> get(qint64 id) { return m_store.get(id); }
    Status update(const TaskComment &c) { return m_store.update(c); }
    Status remove(qint64 id) { return m_store.remove(id); }
    /// Oldest first.
    Result<QList<TaskComment>> forTask(qint64 taskId)
    {
        return m_store.select(QStringLiteral("SELECT %1 FROM task_comments WHERE task_id = ? ORDER BY created_at, id")
                                  .arg(m_store.selectColumns()),
                              {taskId});
    }

private:
    EntityStore<TaskComment> m_store;
};

} // namespace taskorch::storage
