// SPDX-License-Identifier: GPL-3.0-or-later
#include "TaskComment.h"

#include "RowValues.h"

namespace taskorch::core {

const EntitySpec &TaskComment::spec()
{
    static const EntitySpec s{
        QStringLiteral("task_comments"),
        {
            {.name = "id", .type = SqlType::Integer},
            {.name = "task_id", .type = SqlType::Integer, .references = "tasks", .onDelete = ForeignKeyAction::Cascade},
            {.name = "comment", .type = SqlType::Text, .minLength = 1, .maxLength = 2000},
            {.name = "comment_type", .type = SqlType::Text, .allowedValues = allNames<CommentType>()},
            {.name = "created_at", .type = SqlType::Text, .isTimestamp = true},
        },
        {
            {"idx_task_comments_task_id", {"task_id"}},
        },
    };
    return s;
}

QVariantList TaskComment::toRow() const
{
    return {id ? QVariant(id) : QVariant(QMetaType(QMetaType::LongLong)), taskId, comment, row::enumValue(type),
            row::time(createdAt)};
}

TaskComment TaskComment::fromRow(const QVariantList &r)
{
    TaskComment c;
    c.id = r.value(0).toLongLong();
    c.taskId = r.value(1).toLongLong();
    c.comment = r.value(2).toString();
    c.type = row::toEnum(r.value(3), CommentType::Note);
    c.createdAt = row::toTime(r.value(4));
    return c;
}

} // namespace taskorch::core
