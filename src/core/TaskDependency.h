// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "EntitySpec.h"
#include "Enums.h"

#include <QDateTime>

namespace taskorch::core {

/// `taskId` depends on `dependsOnTaskId` (the prerequisite). Table `task_dependencies`.
struct TaskDependency
{
    qint64 id = 0;
    qint64 taskId = 0;
    qint64 dependsOnTaskId = 0;
    DependencyType type = DependencyType::Blocks;
    QDateTime createdAt;
    Relation relation = Relation::FS;
    double lagHours = 0.0; ///< signed: negative lag is a lead

    static const EntitySpec &spec();
    QVariantList toRow() const;
    static TaskDependency fromRow(const QVariantList &row);
    /// Column rules plus the table rule that a task cannot depend on itself.
    QList<FieldError> validate() const;
};

} // namespace taskorch::core
