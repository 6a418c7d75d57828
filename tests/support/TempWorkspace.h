// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Task.h"
#include "Workspace.h"

#include <QDateTime>
#include <QStringList>
#include <QTemporaryDir>

#include <memory>

namespace taskorch::test {

/// A fresh temporary folder holding `taskorch.db`, opened as a storage::Workspace through the real migration
/// runner. Create one per test function (in init()); the folder and the database go away with it.
class TempWorkspace
{
public:
    /// Creates the folder and opens (creating and migrating) the database. Check isValid() / errorString().
    TempWorkspace();
    ~TempWorkspace();
    TempWorkspace(const TempWorkspace &) = delete;
    TempWorkspace &operator=(const TempWorkspace &) = delete;

    bool isValid() const { return m_workspace != nullptr; }
    /// Why the folder or the workspace could not be made; empty when valid.
    const QString &errorString() const { return m_error; }

    QString dirPath() const { return m_dir.path(); }
    QString dbPath() const { return m_dir.filePath(QStringLiteral("taskorch.db")); }
    /// A path inside the temporary folder (for other files a test needs).
    QString filePath(const QString &name) const { return m_dir.filePath(name); }

    storage::Workspace &workspace() { return *m_workspace; }
    storage::Database &database() { return m_workspace->database(); }
    storage::TaskService &service() { return m_workspace->service(); }
    storage::TaskRepository &tasks() { return m_workspace->tasks(); }

    /// Closes the connection (the folder stays), e.g. before hashing the file.
    void close();
    /// Opens the database again after close().
    bool reopen();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<storage::Workspace> m_workspace;
    QString m_error;
};

/// Replaces core::Clock for its lifetime, so stored timestamps are predictable. Each call to now() returns the
/// current time and then moves it on by `step` milliseconds (0 = a frozen clock).
class FixedClock
{
public:
    explicit FixedClock(const QDateTime &start = defaultStart(), qint64 stepMsecs = 0);
    ~FixedClock();
    FixedClock(const FixedClock &) = delete;
    FixedClock &operator=(const FixedClock &) = delete;

    /// The time the next Clock::now() returns.
    QDateTime current() const { return m_now; }
    void set(const QDateTime &time) { m_now = time.toUTC(); }
    void advance(qint64 msecs) { m_now = m_now.addMSecs(msecs); }

    static QDateTime defaultStart();

private:
    QDateTime m_now;
    qint64 m_step = 0;
};

/// A valid task with the given title and component; the other fields keep their defaults.
core::Task makeTask(const QString &title, const QString &component = QStringLiteral("core"), int phase = 1,
                    core::Priority priority = core::Priority::Medium, double hours = 1.0);

/// sha256 of a file's bytes (hex); empty when it cannot be read.
QByteArray sha256OfFile(const QString &path);

/// Runs one query and returns its single value (invalid QVariant on error).
QVariant scalar(storage::Database &db, const QString &sql);

/// `type|name|tbl_name|sql` of every sqlite_master row, ordered by name: the schema, comparable as a list.
QStringList schemaSnapshot(storage::Database &db);

/// "Invalid", "NotFound", … for readable comparisons (QCOMPARE cannot print core's enums).
QString codeName(core::ErrorCode code);

} // namespace taskorch::test

/// Compares two core::ErrorCode values by name, so a failure prints "Invalid" vs "Conflict".
#define TASKORCH_COMPARE_CODE(actual, expected)                                                                        \
    QCOMPARE(taskorch::test::codeName(actual), taskorch::test::codeName(expected))
