// SPDX-License-Identifier: GPL-3.0-or-later
#include "EntitySpec.h"

#include "Entities.h"
#include "Timestamp.h"

#include <QJsonDocument>
#include <QJsonParseError>

#include <algorithm>
#include <cmath>

namespace taskorch::core {

int EntitySpec::indexOf(QStringView name) const
{
    for (int i = 0; i < columns.size(); ++i) {
        if (columns[i].name == name) {
            return i;
        }
    }
    return -1;
}

const ColumnSpec &EntitySpec::column(QStringView name) const
{
    const int i = indexOf(name);
    Q_ASSERT_X(i >= 0, "EntitySpec::column", "unknown column");
    return columns[i];
}

QStringList EntitySpec::columnNames(bool withId) const
{
    QStringList names;
    for (const ColumnSpec &c : columns) {
        if (withId || c.name != QLatin1String("id")) {
            names << c.name;
        }
    }
    return names;
}

static QString number(double v)
{
    return QString::number(v, 'g', 10);
}

std::optional<FieldError> validateValue(const ColumnSpec &column, const QVariant &value)
{
    auto fail = [&](const QString &what) { return FieldError{column.name, column.name + QStringLiteral(": ") + what}; };

    if (value.isNull()) {
        if (column.nullable) {
            return std::nullopt;
        }
        return fail(QStringLiteral("is required"));
    }

    switch (column.type) {
    case SqlType::Integer: {
        bool ok = false;
        const qlonglong v = value.toLongLong(&ok);
        if (!ok || (value.typeId() == QMetaType::Double && value.toDouble() != double(v))) {
            return fail(QStringLiteral("must be a whole number, got \"%1\"").arg(value.toString()));
        }
        if (column.minValue && column.maxValue && (v < *column.minValue || v > *column.maxValue)) {
            return fail(
                QStringLiteral("must be %1–%2, got %3").arg(number(*column.minValue), number(*column.maxValue)).arg(v));
        }
        if (column.minValue && v < *column.minValue) {
            return fail(QStringLiteral("must be at least %1, got %2").arg(number(*column.minValue)).arg(v));
        }
        break;
    }
    case SqlType::Real: {
        bool ok = false;
        const double v = value.toDouble(&ok);
        if (!ok || std::isnan(v) || std::isinf(v)) {
            return fail(QStringLiteral("must be a number, got \"%1\"").arg(value.toString()));
        }
        if (column.minValue && column.maxValue && (v < *column.minValue || v > *column.maxValue)) {
            return fail(QStringLiteral("must be %1–%2, got %3")
                            .arg(number(*column.minValue), number(*column.maxValue), number(v)));
        }
        if (column.minValue && v < *column.minValue) {
            return fail(QStringLiteral("must be at least %1, got %2").arg(number(*column.minValue), number(v)));
        }
        break;
    }
    case SqlType::Text: {
        const QString text = value.toString();
        // Characters as SQLite's length() counts them (code points), not UTF-16 units.
        const int length =
            int(text.size() - std::count_if(text.cbegin(), text.cend(), [](QChar c) { return c.isLowSurrogate(); }));
        if (!column.allowedValues.isEmpty()) {
            if (!column.allowedValues.contains(text)) {
                return fail(QStringLiteral("must be one of %1, got \"%2\"")
                                .arg(column.allowedValues.join(QStringLiteral(", ")), text));
            }
            break;
        }
        if (text.contains(QChar(0))) {
            return fail(QStringLiteral("must not contain NUL characters"));
        }
        // SQLite takes a leading U+FEFF of UTF-16 text for a byte order mark and drops it: refuse rather than lose it.
        if (text.startsWith(QChar(QChar::ByteOrderMark))) {
            return fail(QStringLiteral("must not start with U+FEFF (a byte order mark)"));
        }
        if (column.minLength && column.maxLength && (length < *column.minLength || length > *column.maxLength)) {
            return fail(QStringLiteral("must be %1–%2 characters, got %3")
                            .arg(*column.minLength)
                            .arg(*column.maxLength)
                            .arg(length));
        }
        if (column.maxLength && length > *column.maxLength) {
            return fail(QStringLiteral("must be at most %1 characters, got %2").arg(*column.maxLength).arg(length));
        }
        if (column.isTimestamp && !Timestamp::parseCanonical(text)) {
            return fail(
                QStringLiteral("must be an ISO 8601 UTC time like 2025-08-03T22:30:31.958Z, got \"%1\"").arg(text));
        }
        if (column.isJson) {
            QJsonParseError error;
            QJsonDocument::fromJson(text.toUtf8(), &error);
            if (error.error != QJsonParseError::NoError) {
                return fail(QStringLiteral("must be valid JSON (%1)").arg(error.errorString()));
            }
        }
        break;
    }
    }
    return std::nullopt;
}

QList<FieldError> validateRow(const EntitySpec &spec, const QVariantList &row)
{
    Q_ASSERT(row.size() == spec.columns.size());
    QList<FieldError> errors;
    for (int i = 0; i < spec.columns.size(); ++i) {
        if (spec.columns[i].name == QLatin1String("id")) {
            continue;
        }
        if (auto error = validateValue(spec.columns[i], row.value(i))) {
            errors << *error;
        }
    }
    return errors;
}

QString describe(const QList<FieldError> &errors)
{
    QStringList parts;
    for (const FieldError &e : errors) {
        parts << e.message;
    }
    return parts.join(QStringLiteral("; "));
}

QList<const EntitySpec *> allEntitySpecs()
{
    return {&Task::spec(),           &TaskDependency::spec(), &TaskProgress::spec(),     &TaskComment::spec(),
            &ExecutionGroup::spec(), &GroupTask::spec(),      &ExecutionLogEntry::spec()};
}

} // namespace taskorch::core
