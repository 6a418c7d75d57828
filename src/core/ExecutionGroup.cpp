// SPDX-License-Identifier: GPL-3.0-or-later
#include "ExecutionGroup.h"

#include "RowValues.h"

namespace taskorch::core {

const EntitySpec &ExecutionGroup::spec()
{
    static const EntitySpec s{
        QStringLiteral("execution_groups"),
        {
            {.name = "id", .type = SqlType::Integer},
            {.name = "name", .type = SqlType::Text, .minLength = 1, .maxLength = 200},
            {.name = "position", .type = SqlType::Integer, .minValue = 1},
            {.name = "total_hours", .type = SqlType::Real, .minValue = 0},
            {.name = "estimated_duration", .type = SqlType::Integer, .minValue = 0},
            {.name = "max_parallel_tasks", .type = SqlType::Integer, .minValue = 1, .maxValue = 50},
            {.name = "status", .type = SqlType::Text, .allowedValues = allNames<ExecutionStatus>()},
            {.name = "metadata", .type = SqlType::Text, .nullable = true, .isJson = true},
            {.name = "created_at", .type = SqlType::Text, .isTimestamp = true},
            {.name = "updated_at", .type = SqlType::Text, .isTimestamp = true},
        },
        {
            {"idx_execution_groups_status", {"status"}},
            {"idx_execution_groups_position", {"position"}},
        },
    };
    return s;
}

QVariantList ExecutionGroup::toRow() const
{
    return {id ? QVariant(id) : QVariant(QMetaType(QMetaType::LongLong)),
            name,
            position,
            totalHours,
            estimatedDurationMinutes,
            maxParallelTasks,
            row::enumValue(status),
            row::optionalText(metadata),
            row::time(createdAt),
            row::time(updatedAt)};
}

ExecutionGroup ExecutionGroup::fromRow(const QVariantList &r)
{
    ExecutionGroup g;
    g.id = r.value(0).toLongLong();
    g.name = r.value(1).toString();
    g.position = r.value(2).toInt();
    g.totalHours = r.value(3).toDouble();
    g.estimatedDurationMinutes = r.value(4).toLongLong();
    g.maxParallelTasks = r.value(5).toInt();
    g.status = row::toEnum(r.value(6), ExecutionStatus::Pending);
    g.metadata = row::toOptionalText(r.value(7));
    g.createdAt = row::toTime(r.value(8));
    g.updatedAt = row::toTime(r.value(9));
    return g;
}

} // namespace taskorch::core
