// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <QVariant>

#include <optional>

namespace taskorch::core {

/// The storage class of a column, as SQLite STRICT tables name it.
enum class SqlType
{
    Integer,
    Real,
    Text
};

/// What happens to a referencing row when the referenced row is deleted.
enum class ForeignKeyAction
{
    NoAction,
    Cascade,
    SetNull
};

/// One column, declared once: the schema check, repositories, validation messages and CSV headers read it.
struct ColumnSpec
{
    QString name;
    SqlType type = SqlType::Text;
    bool nullable = false;
    std::optional<int> minLength;    ///< text: fewest characters
    std::optional<int> maxLength;    ///< text: most characters
    std::optional<double> minValue;  ///< numbers: smallest allowed
    std::optional<double> maxValue;  ///< numbers: largest allowed
    QStringList allowedValues;       ///< enumerations: the canonical spellings
    bool isTimestamp = false;        ///< ISO 8601 UTC text with milliseconds and Z
    bool isJson = false;             ///< text that must be valid JSON
    QString references;              ///< referenced table (its id), empty when none
    ForeignKeyAction onDelete = ForeignKeyAction::NoAction;
};

struct IndexSpec
{
    QString name;
    QStringList columns;
    bool unique = false;
};

/// A table: its columns in physical order (the `id` primary key first) and its indexes.
struct EntitySpec
{
    QString table;
    QList<ColumnSpec> columns;
    QList<IndexSpec> indexes;

    /// Position of a column in `columns`, or -1.
    int indexOf(QStringView column) const;
    const ColumnSpec &column(QStringView name) const;
    /// Column names in order; without `id` when `withId` is false.
    QStringList columnNames(bool withId = true) const;
};

/// One failed rule on one field, e.g. field "title", message "title: must be 1–500 characters, got 0".
struct FieldError
{
    QString field;
    QString message;
};

/// Checks one value against its column's rules. Returns an empty optional when the value is fine.
std::optional<FieldError> validateValue(const ColumnSpec &column, const QVariant &value);

/// Checks a whole row (values in `spec.columns` order; the id is not checked) and returns every failure.
QList<FieldError> validateRow(const EntitySpec &spec, const QVariantList &row);

/// Joins field errors into one line for a person.
QString describe(const QList<FieldError> &errors);

/// Every entity of the current schema, in creation order (parents before children).
QList<const EntitySpec *> allEntitySpecs();

} // namespace taskorch::core
