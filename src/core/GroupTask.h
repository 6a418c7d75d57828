// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "EntitySpec.h"
#include "Enums.h"

#include <QDateTime>

namespace taskorch::core {

/// A task's membership of an execution group (table `group_tasks`).
struct GroupTask
{
    qint64 id = 0;
    qint64 groupId = 0;
    qint64 taskId = 0;
    int executionOrder = 0;
    double taskHours = 0.0;
    ExecutionStatus status = ExecutionStatus::Pending;
    QDateTime createdAt;
    QDateTime updatedAt;

    static const EntitySpec &spec();
    QVariantList toRow() const;
    static GroupTask fromRow(const QVariantList &row);
    QList<FieldError> validate() const { return validateRow(spec(), toRow()); }
};

} // namespace taskorch::core
