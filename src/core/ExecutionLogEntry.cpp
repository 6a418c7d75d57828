// SPDX-License-Identifier: GPL-3.0-or-later
#include "ExecutionLogEntry.h"

#include "RowValues.h"

namespace taskorch::core {

const EntitySpec &ExecutionLogEntry::spec()
{
    static const EntitySpec s{
        QStringLiteral("parallel_execution_log"),
        {
            {.name = "id", .type = SqlType::Integer},
            {.name = "group_id",
             .type = SqlType::Integer,
             .references = "execution_groups",
             .onDelete = ForeignKeyAction::Cascade},
            {.name = "task_id",
             .type = SqlType::Integer,
             .nullable = true,
             .references = "tasks",
             .onDelete = ForeignKeyAction::SetNull},
            {.name = "level", .type = SqlType::Text, .allowedValues = allNames<LogLevel>()},
            {.name = "message", .type = SqlType::Text, .minLength = 1, .maxLength = 2000},
            {.name = "metadata", .type = SqlType::Text, .nullable = true, .isJson = true},
            {.name = "created_at", .type = SqlType::Text, .isTimestamp = true},
        },
        {
            {"idx_parallel_execution_log_group_id", {"group_id"}},
            {"idx_parallel_execution_log_task_id", {"task_id"}},
            {"idx_parallel_execution_log_level", {"level"}},
        },
    };
    return s;
}

QVariantList ExecutionLogEntry::toRow() const
{
    return {id ? QVariant(id) : QVariant(QMetaType(QMetaType::LongLong)),
            groupId,
            row::optionalId(taskId),
            row::enumValue(level),
            message,
            row::optionalText(metadata),
            row::time(createdAt)};
}

ExecutionLogEntry ExecutionLogEntry::fromRow(const QVariantList &r)
{
    ExecutionLogEntry e;
    e.id = r.value(0).toLongLong();
    e.groupId = r.value(1).toLongLong();
    e.taskId = row::toOptionalId(r.value(2));
    e.level = row::toEnum(r.value(3), LogLevel::Info);
    e.message = r.value(4).toString();
    e.metadata = row::toOptionalText(r.value(5));
    e.createdAt = row::toTime(r.value(6));
    return e;
}

} // namespace taskorch::core
