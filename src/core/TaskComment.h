// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "EntitySpec.h"
#include "Enums.h"

#include <QDateTime>

namespace taskorch::core {

/// A note, decision, blocker or solution attached to a task (table `task_comments`).
struct TaskComment
{
    qint64 id = 0;
    qint64 taskId = 0;
    QString comment;
    CommentType type = CommentType::Note;
    QDateTime createdAt;

    static const EntitySpec &spec();
    QVariantList toRow() const;
    static TaskComment fromRow(const QVariantList &row);
    QList<FieldError> validate() const { return validateRow(spec(), toRow()); }
};

} // namespace taskorch::core
