// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "EntitySpec.h"
#include "Enums.h"

#include <QDateTime>

#include <optional>

namespace taskorch::core {

/// One synchronisation point of a parallel plan (table `execution_groups`).
struct ExecutionGroup
{
    qint64 id = 0;
    QString name;
    int position = 1;
    double totalHours = 0.0;
    qint64 estimatedDurationMinutes = 0;
    int maxParallelTasks = 5;
    ExecutionStatus status = ExecutionStatus::Pending;
    std::optional<QString> metadata; ///< JSON text
    QDateTime createdAt;
    QDateTime updatedAt;

    static const EntitySpec &spec();
    QVariantList toRow() const;
    static ExecutionGroup fromRow(const QVariantList &row);
    QList<FieldError> validate() const { return validateRow(spec(), toRow()); }
};

} // namespace taskorch::core
