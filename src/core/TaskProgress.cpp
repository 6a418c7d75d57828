// SPDX-License-Identifier: GPL-3.0-or-later
#include "TaskProgress.h"

#include "RowValues.h"

namespace taskorch::core {

const EntitySpec &TaskProgress::spec()
{
    static const EntitySpec s{
        QStringLiteral("task_progress"),
        {
            {.name = "id", .type = SqlType::Integer},
            {.name = "task_id", .type = SqlType::Integer, .references = "tasks", .onDelete = ForeignKeyAction::Cascade},
            {.name = "progress_percentage", .type = SqlType::Integer, .minValue = 0, .maxValue = 100},
            {.name = "notes", .type = SqlType::Text, .nullable = true, .maxLength = 1000},
            {.name = "updated_by", .type = SqlType::Text, .minLength = 1, .maxLength = 100},
            {.name = "created_at", .type = SqlType::Text, .isTimestamp = true},
        },
        {
            {"idx_task_progress_task_id", {"task_id"}},
            {"idx_task_progress_created_at", {"created_at"}},
        },
    };
    return s;
}

QVariantList TaskProgress::toRow() const
{
    return {id ? QVariant(id) : QVariant(QMetaType(QMetaType::LongLong)),
            taskId,
            progressPercentage,
            row::optionalText(notes),
            updatedBy,
            row::time(createdAt)};
}

TaskProgress TaskProgress::fromRow(const QVariantList &r)
{
    TaskProgress p;
    p.id = r.value(0).toLongLong();
    p.taskId = r.value(1).toLongLong();
    p.progressPercentage = r.value(2).toInt();
    p.notes = row::toOptionalText(r.value(3));
    p.updatedBy = r.value(4).toString();
    p.createdAt = row::toTime(r.value(5));
    return p;
}

} // namespace taskorch::core
