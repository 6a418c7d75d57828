// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Database.h"

namespace taskorch::storage {

/// RAII write transaction: `BEGIN IMMEDIATE` at the outermost level, a savepoint when nested.
/// Rolls back in the destructor unless commit() succeeded, so an early return never leaves half a change.
class Transaction
{
public:
    explicit Transaction(Database &db);
    ~Transaction();
    Transaction(const Transaction &) = delete;
    Transaction &operator=(const Transaction &) = delete;

    /// Whether BEGIN (or SAVEPOINT) succeeded; check before doing work.
    const Status &begun() const { return m_begin; }
    Status commit();
    void rollback();

private:
    Database &m_db;
    Status m_begin;
    int m_level = 0;
    bool m_open = false;
};

} // namespace taskorch::storage
