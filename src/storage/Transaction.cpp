// SPDX-License-Identifier: GPL-3.0-or-later
#include "Transaction.h"

#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QThread>

#include <sqlite3.h>

namespace taskorch::storage {

Q_LOGGING_CATEGORY(lcBusy, "taskorch.storage.busy", QtWarningMsg)

namespace {

constexpr int kFirstPauseMsecs = 50;

bool isBusy(int code)
{
    return (code & 0xff) == SQLITE_BUSY;
}

/// Runs BEGIN IMMEDIATE or COMMIT on the native handle (for its exact result code), repeating it while SQLite
/// answers SQLITE_BUSY after its own busy timeout, at most Transaction::kBusyRetries more times.
Status execWithRetries(Database &db, const char *sql, bool isCommit)
{
    sqlite3 *handle = db.handle();
    QElapsedTimer clock;
    clock.start();
    int rc = SQLITE_OK;
    int retries = 0;
    for (;;) {
        rc = sqlite3_exec(handle, sql, nullptr, nullptr, nullptr);
        if (!isBusy(rc) || retries == Transaction::kBusyRetries) {
            break;
        }
        // A BUSY commit leaves the transaction open and can be repeated; if SQLite rolled it back, it cannot.
        if (isCommit && sqlite3_get_autocommit(handle)) {
            break;
        }
        ++retries;
        // 50, 100, 200 ms plus up to half again at random, so two waiting writers do not retry in lockstep.
        const int pause = kFirstPauseMsecs << (retries - 1);
        QThread::msleep(ulong(pause + int(QRandomGenerator::global()->bounded(pause / 2 + 1))));
    }
    const qint64 waited = clock.elapsed();
    if (rc == SQLITE_OK) {
        if (retries > 0 || waited > 0) {
            qCDebug(lcBusy, "%s: waited %lld ms, %d retries", sql, static_cast<long long>(waited), retries);
        }
        return {};
    }
    const int code = sqlite3_extended_errcode(handle);
    const QString detail = QStringLiteral("%1: %2 (after %3 attempts in %4 ms)")
                               .arg(QString::fromLatin1(sql), QString::fromUtf8(sqlite3_errmsg(handle)))
                               .arg(retries + 1)
                               .arg(waited);
    if (isBusy(rc)) {
        qCWarning(lcBusy, "%s: gave up after %d attempts in %lld ms", sql, retries + 1, static_cast<long long>(waited));
        return storageError(QStringLiteral("the database stayed locked by another program for %1 s; nothing was "
                                           "saved; close it there and try again")
                                .arg(double(waited) / 1000.0, 0, 'f', 1),
                            detail);
    }
    return storageError(Database::describeSqliteError(code), detail);
}

} // namespace

Transaction::Transaction(Database &db) : m_db(db)
{
    m_level = ++m_db.transactionDepth();
    // IMMEDIATE takes the write lock up front, so waiting for it happens at BEGIN rather than half-way through a
    // command (where SQLite could not wait without risking a deadlock with another writer).
    m_begin = m_level == 1 ? execWithRetries(m_db, "BEGIN IMMEDIATE", false)
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
    Status s = m_level == 1 ? execWithRetries(m_db, "COMMIT", true)
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
        // A failed rollback leaves SQLite to roll back on close; nothing more can be done here. SQLite may also
        // have rolled back already (a failed COMMIT on a full disk): then there is nothing to undo.
        if (!sqlite3_get_autocommit(m_db.handle())) {
            (void)m_db.exec(QStringLiteral("ROLLBACK"));
        }
    } else {
        (void)m_db.exec(QStringLiteral("ROLLBACK TO SAVEPOINT sp%1").arg(m_level));
        (void)m_db.exec(QStringLiteral("RELEASE SAVEPOINT sp%1").arg(m_level));
    }
    m_open = false;
    --m_db.transactionDepth();
}

} // namespace taskorch::storage
