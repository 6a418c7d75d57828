// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Entities.h"

#include <QJsonObject>

namespace taskorch::cli {

/// Any entity as a JSON object keyed by its declared column names (so JSON follows the model).
template <typename T> QJsonObject toJson(const T &entity)
{
    QJsonObject object;
    const QVariantList row = entity.toRow();
    const auto &columns = T::spec().columns;
    for (int i = 0; i < columns.size(); ++i) {
        // fromVariant() turns a typed NULL (an absent description or parent) into "" or 0; JSON wants null.
        object.insert(columns[i].name, row[i].isNull() ? QJsonValue() : QJsonValue::fromVariant(row[i]));
    }
    object.insert(QStringLiteral("id"), entity.id);
    return object;
}

} // namespace taskorch::cli
