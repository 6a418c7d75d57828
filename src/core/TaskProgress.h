// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "EntitySpec.h"

#include <QDateTime>

#include <optional>

namespace taskorch::core {

/// One entry of a task's append-only progress history (table `task_progress`).
struct TaskProgress
{
    qint64 id = 0;
    qint64 taskId = 0;
    int progressPercentage = 0;
    std::optional<QString> notes;
    QString updatedBy = QStringLiteral("system");
    QDateTime createdAt;

    static const EntitySpec &spec();
    QVariantList toRow() const;
    static TaskProgress fromRow(const QVariantList &row);
    QList<FieldError> validate() const { return validateRow(spec(), toRow()); }
};

} // namespace taskorch::core
