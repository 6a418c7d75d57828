// SPDX-License-Identifier: GPL-3.0-or-later
#include "Transaction.h"

namespace taskorch::storage {

Transaction::Transaction(Database &db) : m_db(db)
{
    m_level = ++m_db.transactionDepth();
    // IMMEDIATE takes the write lock up front, so the busy timeout applies at BEGIN rather than
    // failing half-way through a command.
    m_begin = m_level == 1 ? m_db.exec(QStringLiteral("BEGIN IMMEDIATE"))
                           : m_db.exec(QStringLiteral("SAVEPOINT sp%1").arg(m_level));
    m_open = m_begin.ok();
    if (!m_open) {
        --m_db.transactionDepth();
    }
}

Transaction::~Transaction()
{
    rollback();
}

Status Transaction::commit()
{
    if (!m_open) {
        return m_begin.ok() ? core::makeError(core::ErrorCode::Storage, QStringLiteral("transaction already finished"))
                            : m_begin;
    }
    Status s = m_level == 1 ? m_db.exec(QStringLiteral("COMMIT"))
                            : m_db.exec(QStringLiteral("RELEASE SAVEPOINT sp%1").arg(m_level));
    if (!s) {
        rollback();
        return s;
    }
    m_open = false;
    --m_db.transactionDepth();
    return {};
}

void Transaction::rollback()
{
    if (!m_open) {
        return;
    }
    if (m_level == 1) {
        // A failed rollback leaves SQLite to roll back on close; nothing more can be done here.
        (void)m_db.exec(QStringLiteral("ROLLBACK"));
    } else {
        (void)m_db.exec(QStringLiteral("ROLLBACK TO SAVEPOINT sp%1").arg(m_level));
        (void)m_db.exec(QStringLiteral("RELEASE SAVEPOINT sp%1").arg(m_level));
    }
    m_open = false;
    --m_db.transactionDepth();
}

} // namespace taskorch::storage
