// SPDX-License-Identifier: GPL-3.0-or-later
#include "ChangeWatcher.h"

#include "Database.h"

#include <sqlite3.h>

namespace taskorch::gui {

ChangeWatcher::ChangeWatcher(storage::Database &database, QObject *parent) : QObject(parent), m_database(database)
{
    m_version = readVersion();
    m_timer.setInterval(defaultIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &ChangeWatcher::poll);
    m_timer.start();
}

void ChangeWatcher::poll()
{
    const qint64 version = readVersion();
    if (version >= 0 && version != m_version) {
        m_version = version;
        Q_EMIT externalChange();
    }
}

qint64 ChangeWatcher::readVersion() const
{
    // The native handle: a QSqlQuery per second would be fine too, but this keeps the poll allocation-free.
    sqlite3_stmt *stmt = nullptr;
    qint64 version = -1;
    if (sqlite3_prepare_v2(m_database.handle(), "PRAGMA data_version", -1, &stmt, nullptr) == SQLITE_OK &&
        sqlite3_step(stmt) == SQLITE_ROW) {
        version = sqlite3_column_int64(stmt, 0);
    }
    sqlite3_finalize(stmt);
    return version;
}

} // namespace taskorch::gui
