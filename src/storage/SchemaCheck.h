// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Database.h"

#include <QStringList>

namespace taskorch::storage {

/// Compares the live database with the entity declarations of `core` (SPEC.md §5) and lists every difference:
/// missing tables and columns, types, nullability, indexes and foreign keys. A freshly migrated database has none.
class SchemaCheck
{
public:
    explicit SchemaCheck(Database &db) : m_db(db) {}

    /// One line per difference, e.g. "tasks.phase: type is TEXT, expected INTEGER". Empty when in agreement.
    Result<QStringList> differences();

private:
    Database &m_db;
};

} // namespace taskorch::storage
