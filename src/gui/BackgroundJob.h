// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Result.h"

#include <QObject>
#include <QString>

#include <atomic>
#include <functional>

class QThread;

namespace taskorch::storage {
class Workspace;
}

namespace taskorch::gui {

/// Runs long work (import, export) on a worker thread with its own connection to the database: QSqlDatabase
/// connections belong to the thread that opened them, so the worker opens a second storage::Workspace on the same
/// file. Progress and the outcome arrive as queued signals on the GUI thread; cancel() may be called at any time.
class BackgroundJob : public QObject
{
    Q_OBJECT

public:
    /// Runs on the worker thread. Check job.isCancelled() or pass job.cancelFlag() to the storage call.
    using Work = std::function<core::Status(storage::Workspace &workspace, BackgroundJob &job)>;

    BackgroundJob(QString databasePath, Work work, QObject *parent = nullptr);
    /// Cancels and waits for the worker.
    ~BackgroundJob() override;

    void start();
    void cancel() { m_cancel.store(true); }
    bool isCancelled() const { return m_cancel.load(); }
    const std::atomic<bool> *cancelFlag() const { return &m_cancel; }
    bool isRunning() const;
    /// Called from the worker: forwards (done, total) to the GUI thread.
    void reportProgress(qint64 done, qint64 total) { Q_EMIT progress(done, total); }

Q_SIGNALS:
    void progress(qint64 done, qint64 total);
    /// The work ended; `ok` false with a message for a person (cancelled: ErrorCode::Cancelled).
    void finished(bool ok, const QString &message, int errorCode);

private:
    QString m_path;
    Work m_work;
    QThread *m_thread = nullptr;
    std::atomic<bool> m_cancel{false};
};

} // namespace taskorch::gui
