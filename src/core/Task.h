// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "EntitySpec.h"
#include "Enums.h"

#include <QDateTime>

#include <optional>

namespace taskorch::core {

/// A unit of planned work (table `tasks`).
struct Task
{
    qint64 id = 0;
    QString title;
    std::optional<QString> description;
    QString componentArea;
    int phase = 1;
    Priority priority = Priority::Medium;
    Complexity complexity = Complexity::Medium;
    TaskStatus status = TaskStatus::NotStarted;
    QString sourceDocument;
    std::optional<QString> successCriteria;
    double timeEstimateHours = 1.0;
    std::optional<qint64> parentTaskId;
    QDateTime createdAt;
    QDateTime updatedAt;

    static const EntitySpec &spec();
    /// Values in `spec().columns` order; invalid timestamps become "now".
    QVariantList toRow() const;
    static Task fromRow(const QVariantList &row);
    QList<FieldError> validate() const { return validateRow(spec(), toRow()); }
};

} // namespace taskorch::core
