// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Small conversions shared by the entities' toRow()/fromRow(): the bridge between typed fields and
// the QVariant rows that repositories bind and read in `EntitySpec::columns` order.

#include "Enums.h"
#include "Timestamp.h"

#include <QVariant>

#include <optional>

namespace taskorch::core::row {

inline QVariant optionalText(const std::optional<QString> &v)
{
    return v ? QVariant(*v) : QVariant(QMetaType(QMetaType::QString));
}
inline QVariant optionalId(const std::optional<qint64> &v)
{
    return v ? QVariant(*v) : QVariant(QMetaType(QMetaType::LongLong));
}
inline std::optional<QString> toOptionalText(const QVariant &v)
{
    return v.isNull() ? std::nullopt : std::optional<QString>(v.toString());
}
inline std::optional<qint64> toOptionalId(const QVariant &v)
{
    return v.isNull() ? std::nullopt : std::optional<qint64>(v.toLongLong());
}
inline QVariant time(const QDateTime &t)
{
    return Timestamp::format(t.isValid() ? t : Clock::now());
}
inline QDateTime toTime(const QVariant &v)
{
    return Timestamp::parseCanonical(v.toString()).value_or(QDateTime());
}
template<typename E>
QVariant enumValue(E e)
{
    return toString(e);
}
template<typename E>
E toEnum(const QVariant &v, E fallback)
{
    return fromString<E>(v.toString()).value_or(fallback);
}

} // namespace taskorch::core::row
