// SPDX-License-Identifier: GPL-3.0-or-later
#include "BackgroundJob.h"

#include "Workspace.h"

#include <QThread>

namespace taskorch::gui {

BackgroundJob::BackgroundJob(QString databasePath, Work work, QObject *parent)
    : QObject(parent), m_path(std::move(databasePath)), m_work(std::move(work))
{}

BackgroundJob::~BackgroundJob()
{
    cancel();
    if (m_thread) {
        m_thread->wait();
        delete m_thread;
    }
}

bool BackgroundJob::isRunning() const
{
    return m_thread && m_thread->isRunning();
}

void BackgroundJob::start()
{
    Q_ASSERT(!m_thread);
    m_thread = QThread::create([this] {
        core::Status result;
        if (isCancelled()) {
            result = core::makeError(core::ErrorCode::Cancelled, tr("Cancelled."));
        } else {
            storage::Workspace::Options options;
            options.migrate = false;
            options.createIfMissing = false;
            auto ws = storage::Workspace::open(m_path, options);
            if (!ws) {
                result = ws.error();
            } else {
                result = m_work(**ws, *this);
            }
        }
        if (result) {
            Q_EMIT finished(true, QString(), -1);
        } else {
            Q_EMIT finished(false, result.error().message, int(result.error().code));
        }
    });
    m_thread->setObjectName(QStringLiteral("taskorch-worker"));
    m_thread->start();
}

} // namespace taskorch::gui
