// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "EntitySpec.h"
#include "Enums.h"

#include <QDateTime>

#include <optional>

namespace taskorch::core {

/// One line of the execution log (table `parallel_execution_log`); no task means a group-level event.
struct ExecutionLogEntry
{
    qint64 id = 0;
    qint64 groupId = 0;
    std::optional<qint64> taskId;
    LogLevel level = LogLevel::Info;
    QString message;
    std::optional<QString> metadata; ///< JSON text
    QDateTime createdAt;

    static const EntitySpec &spec();
    QVariantList toRow() const;
    static ExecutionLogEntry fromRow(const QVariantList &row);
    QList<FieldError> validate() const { return validateRow(spec(), toRow()); }
};

} // namespace taskorch::core
