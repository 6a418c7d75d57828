// SPDX-License-Identifier: GPL-3.0-or-later
#include "TempWorkspace.h"

#include "Timestamp.h"

#include <QCryptographicHash>
#include <QFile>
#include <QSqlQuery>
#include <QTimeZone>

namespace taskorch::test {

TempWorkspace::TempWorkspace()
{
    if (!m_dir.isValid()) {
        m_error = QStringLiteral("cannot create a temporary folder: %1").arg(m_dir.errorString());
        return;
    }
    reopen();
}

TempWorkspace::~TempWorkspace()
{
    close();
}

void TempWorkspace::close()
{
    m_workspace.reset();
}

bool TempWorkspace::reopen()
{
    m_workspace.reset();
    auto ws = storage::Workspace::open(dbPath());
    if (!ws) {
        m_error = ws.error().message + QStringLiteral(" (") + ws.error().detail + QStringLiteral(")");
        return false;
    }
    m_error.clear();
    m_workspace = std::move(ws).value();
    return true;
}

FixedClock::FixedClock(const QDateTime &start, qint64 stepMsecs) : m_now(start.toUTC()), m_step(stepMsecs)
{
    core::Clock::setSource([this] {
        const QDateTime now = m_now;
        m_now = m_now.addMSecs(m_step);
        return now;
    });
}

FixedClock::~FixedClock()
{
    core::Clock::setSource({});
}

QDateTime FixedClock::defaultStart()
{
    return QDateTime(QDate(2025, 8, 3), QTime(22, 30, 31, 958), QTimeZone::utc());
}

core::Task makeTask(const QString &title, const QString &component, int phase, core::Priority priority, double hours)
{
    core::Task t;
    t.title = title;
    t.componentArea = component;
    t.phase = phase;
    t.priority = priority;
    t.timeEstimateHours = hours;
    return t;
}

QByteArray sha256OfFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return {};
    }
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(&file);
    return hash.result().toHex();
}

QVariant scalar(storage::Database &db, const QString &sql)
{
    QSqlQuery q(db.connection());
    if (!q.exec(sql) || !q.next()) {
        return {};
    }
    return q.value(0);
}

QStringList schemaSnapshot(storage::Database &db)
{
    QStringList rows;
    QSqlQuery q(db.connection());
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name"))) {
        return {QStringLiteral("<cannot read sqlite_master>")};
    }
    while (q.next()) {
        rows << QStringList{q.value(0).toString(), q.value(1).toString(), q.value(2).toString(), q.value(3).toString()}
                    .join(u'|');
    }
    return rows;
}

QString codeName(core::ErrorCode code)
{
    switch (code) {
    case core::ErrorCode::Usage:
        return QStringLiteral("Usage");
    case core::ErrorCode::Invalid:
        return QStringLiteral("Invalid");
    case core::ErrorCode::NotFound:
        return QStringLiteral("NotFound");
    case core::ErrorCode::Conflict:
        return QStringLiteral("Conflict");
    case core::ErrorCode::Storage:
        return QStringLiteral("Storage");
    case core::ErrorCode::Cancelled:
        return QStringLiteral("Cancelled");
    }
    return QStringLiteral("ErrorCode(%1)").arg(int(code));
}

} // namespace taskorch::test
