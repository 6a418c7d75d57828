// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QTimer>

namespace taskorch::storage {
class Database;
}

namespace taskorch::gui {

/// Notices commits made to the open database by anyone else: another process (taskorch-cli, a second window) or
/// another connection of this one (a worker thread). It polls SQLite's `PRAGMA data_version`, which changes exactly
/// when another connection committed, so the window's own edits never trigger it and a poll costs microseconds.
class ChangeWatcher : public QObject
{
    Q_OBJECT

public:
    static constexpr int defaultIntervalMs = 1000;

    explicit ChangeWatcher(storage::Database &database, QObject *parent = nullptr);

    void setInterval(int ms) { m_timer.setInterval(ms); }
    /// Polls now (the timer calls this); emits externalChange() when the version moved.
    void poll();

Q_SIGNALS:
    void externalChange();

private:
    qint64 readVersion() const;

    storage::Database &m_database;
    QTimer m_timer;
    qint64 m_version = -1;
};

} // namespace taskorch::gui
