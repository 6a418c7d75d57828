// SPDX-License-Identifier: GPL-3.0-or-later
#include "ProgressRepository.h"

namespace taskorch::storage {

Result<QList<TaskProgress>> ProgressRepository::history(qint64 taskId)
{
    return m_store.select(QStringLiteral("SELECT %1 FROM task_progress WHERE task_id = ? "
                                         "ORDER BY created_at DESC, id DESC")
                              .arg(m_store.selectColumns()),
                          {taskId});
}

Result<std::optional<int>> ProgressRepository::latestPercentage(qint64 taskId)
{
    auto rows = m_store.select(QStringLiteral("SELECT %1 FROM task_progress WHERE task_id = ? "
                                              "ORDER BY created_at DESC, id DESC LIMIT 1")
                                   .arg(m_store.selectColumns()),
                               {taskId});
    if (!rows) {
        return rows.error();
    }
    return rows->isEmpty() ? std::nullopt : std::optional<int>(rows->first().progressPercentage);
}

} // namespace taskorch::storage
