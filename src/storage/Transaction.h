// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Database.h"

#include <QLoggingCategory>

namespace taskorch::storage {

/// Contention diagnostics of write transactions (`taskorch.storage.busy`): a warning when the write lock could not
/// be had, a debug line for every wait or retry (`QT_LOGGING_RULES="taskorch.storage.busy.debug=true"`).
Q_DECLARE_LOGGING_CATEGORY(lcBusy)

/// RAII write transaction: `BEGIN IMMEDIATE` at the outermost level, a savepoint when nested.
/// Rolls back in the destructor unless commit() succeeded, so an early return never leaves half a change.
///
/// Contention: every attempt to take the write lock (BEGIN IMMEDIATE) or to commit waits up to the connection's
/// busy timeout (5 s) inside SQLite; when SQLite still answers SQLITE_BUSY, the attempt is repeated up to
/// kBusyRetries times after a growing, jittered pause. A BUSY commit keeps the transaction open, so repeating it
/// is safe and never applies a change twice. When the retries run out, the error says the database stayed locked
/// and for how long; nothing was written.
class Transaction
{
public:
    /// Extra attempts after the first one, for BEGIN IMMEDIATE and for COMMIT each.
    static constexpr int kBusyRetries = 3;

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
