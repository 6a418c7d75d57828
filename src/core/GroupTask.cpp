// SPDX-License-Identifier: GPL-3.0-or-later
#include "GroupTask.h"

#include "RowValues.h"

namespace taskorch::core {

const EntitySpec &GroupTask::spec()
{
    static const EntitySpec s{
        QStringLiteral("group_tasks"),
        {
            {.name = "id", .type = SqlType::Integer},
            {.name = "group_id",
             .type = SqlType::Integer,
             .references = "execution_groups",
             .onDelete = ForeignKeyAction::Cascade},
            {.name = "task_id", .type = SqlType::Integer, .references = "tasks", .onDelete = ForeignKeyAction::Cascade},
            {.name = "execution_order", .type = SqlType::Integer, .minValue = 0},
            {.name = "task_hours", .type = SqlType::Real, .minValue = 0},
            {.name = "status", .type = SqlType::Text, .allowedValues = allNames<ExecutionStatus>()},
            {.name = "created_at", .type = SqlType::Text, .isTimestamp = true},
            {.name = "updated_at", .type = SqlType::Text, .isTimestamp = true},
        },
        {
            {"idx_group_tasks_group_id", {"group_id"}},
            {"idx_group_tasks_task_id", {"task_id"}},
            {"sqlite_autoindex_group_tasks_1", {"group_id", "task_id"}, true},
        },
    };
    return s;
}

QVariantList GroupTask::toRow() const
{
    return {id ? QVariant(id) : QVariant(QMetaType(QMetaType::LongLong)),
            groupId,
            taskId,
            executionOrder,
            taskHours,
            row::enumValue(status),
            row::time(createdAt),
            row::time(updatedAt)};
}

GroupTask GroupTask::fromRow(const QVariantList &r)
{
    GroupTask g;
    g.id = r.value(0).toLongLong();
    g.groupId = r.value(1).toLongLong();
    g.taskId = r.value(2).toLongLong();
    g.executionOrder = r.value(3).toInt();
    g.taskHours = r.value(4).toDouble();
    g.status = row::toEnum(r.value(5), ExecutionStatus::Pending);
    g.createdAt = row::toTime(r.value(6));
    g.updatedAt = row::toTime(r.value(7));
    return g;
}

} // namespace taskorch::core
