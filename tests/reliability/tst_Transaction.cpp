// SPDX-License-Identifier: GPL-3.0-or-later
// storage::Transaction under contention: BEGIN IMMEDIATE and COMMIT are retried with a pause when SQLite still
// answers SQLITE_BUSY after its busy timeout; a commit is never applied twice; when the retries run out the error
// says the database stayed locked, and nothing was written.
//
// The tests shorten the connection's busy timeout (sqlite3_busy_timeout on the native handle) so SQLite gives up
// quickly and the retry path is what gets the lock.

#include "Transaction.h"

#include "TempWorkspace.h"
#include "Workspace.h"

#include <QFile>
#include <QMutex>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QTest>

#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <thread>

using namespace taskorch;

namespace {

QMutex s_mutex;
QStringList s_busyLines;
QtMessageHandler s_previous = nullptr;

void collect(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (context.category && qstrcmp(context.category, "taskorch.storage.busy") == 0) {
        QMutexLocker lock(&s_mutex);
        s_busyLines << message;
        if (type < QtWarningMsg) {
            return;
        }
    }
    s_previous(type, context, message);
}

QStringList takeBusyLines()
{
    QMutexLocker lock(&s_mutex);
    return std::exchange(s_busyLines, {});
}

int retriesIn(const QStringList &lines, const QString &statement)
{
    static const QRegularExpression retries(QStringLiteral("(\\d+) retries"));
    int total = 0;
    for (const QString &line : lines) {
        if (line.startsWith(statement)) {
            total += retries.match(line).captured(1).toInt();
        }
    }
    return total;
}

/// A second connection on its own thread that takes a lock, reports it is held, keeps it for `holdMs` (or until
/// released) and lets go.
class LockHolder
{
public:
    /// `begin` is "BEGIN IMMEDIATE" (the write lock) or "BEGIN" followed by a read (a shared lock).
    LockHolder(const QString &path, const char *begin, int holdMs) : m_holdMs(holdMs)
    {
        m_thread = std::thread([this, path, begin] {
            sqlite3 *db = nullptr;
            sqlite3_open_v2(QFile::encodeName(path).constData(), &db, SQLITE_OPEN_READWRITE, nullptr);
            const bool ok = sqlite3_exec(db, begin, nullptr, nullptr, nullptr) == SQLITE_OK &&
                            sqlite3_exec(db, "SELECT count(*) FROM tasks", nullptr, nullptr, nullptr) == SQLITE_OK;
            m_locked.store(ok ? 1 : -1);
            const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(m_holdMs);
            while (!m_release.load() && (m_holdMs < 0 || std::chrono::steady_clock::now() < until)) {
                std::this_thread::sleep_for(std::chrono::milliseconds(5));
            }
            sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
            sqlite3_close(db);
        });
        while (m_locked.load() == 0) {
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
    }
    ~LockHolder()
    {
        m_release.store(true);
        m_thread.join();
    }
    bool locked() const { return m_locked.load() == 1; }

private:
    int m_holdMs;
    std::atomic<int> m_locked{0};
    std::atomic<bool> m_release{false};
    std::thread m_thread;
};

qint64 count(storage::Database &db, const QString &sql)
{
    QSqlQuery q(db.connection());
    return q.exec(sql) && q.next() ? q.value(0).toLongLong() : -1;
}

} // namespace

class TestTransaction : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QLoggingCategory::setFilterRules(QStringLiteral("taskorch.storage.busy.debug=true"));
        s_previous = qInstallMessageHandler(collect);
    }
    void cleanupTestCase() { qInstallMessageHandler(s_previous); }
    void init()
    {
        m_ws = std::make_unique<test::TempWorkspace>();
        QVERIFY2(m_ws->isValid(), qPrintable(m_ws->errorString()));
        m_taskId = *m_ws->service().createTask(test::makeTask(QStringLiteral("Contended")));
        takeBusyLines();
    }
    void cleanup() { m_ws.reset(); }

    void beginWithoutContentionDoesNotRetry();
    void beginRetriesUntilTheWriterLetsGo();
    void beginGivesUpWithAClearError();
    void commandFailsCleanlyWhenLocked();
    void commitRetriesWhileReadersHoldTheFile();
    void nestedTransactionsStillUseSavepoints();

private:
    std::unique_ptr<test::TempWorkspace> m_ws;
    qint64 m_taskId = 0;
};

void TestTransaction::beginWithoutContentionDoesNotRetry()
{
    storage::Transaction tx(m_ws->database());
    QVERIFY(tx.begun().ok());
    QVERIFY(tx.commit().ok());
    QCOMPARE(retriesIn(takeBusyLines(), QStringLiteral("BEGIN")), 0);
}

void TestTransaction::beginRetriesUntilTheWriterLetsGo()
{
    // SQLite alone waits 30 ms; the other writer keeps the lock for 150 ms, so only a retry can get it.
    sqlite3_busy_timeout(m_ws->database().handle(), 30);
    LockHolder writer(m_ws->dbPath(), "BEGIN IMMEDIATE", 150);
    QVERIFY(writer.locked());
    storage::Transaction tx(m_ws->database());
    QVERIFY2(tx.begun().ok(), qPrintable(tx.begun().ok() ? QString() : tx.begun().error().message));
    QVERIFY(m_ws->database().exec(QStringLiteral("UPDATE tasks SET title = 'Retried' WHERE id = %1").arg(m_taskId)));
    QVERIFY(tx.commit().ok());
    const QStringList lines = takeBusyLines();
    QVERIFY2(retriesIn(lines, QStringLiteral("BEGIN IMMEDIATE")) >= 1, qPrintable(lines.join(u'\n')));
    QCOMPARE(m_ws->tasks().get(m_taskId)->title, QStringLiteral("Retried"));
}

void TestTransaction::beginGivesUpWithAClearError()
{
    sqlite3_busy_timeout(m_ws->database().handle(), 10);
    LockHolder writer(m_ws->dbPath(), "BEGIN IMMEDIATE", -1);
    QVERIFY(writer.locked());
    const int depth = m_ws->database().transactionDepth();
    storage::Transaction tx(m_ws->database());
    QVERIFY(!tx.begun().ok());
    const core::Error error = tx.begun().error();
    QCOMPARE(error.code, core::ErrorCode::Storage);
    QVERIFY2(error.message.contains(QLatin1String("stayed locked by another program")), qPrintable(error.message));
    QVERIFY2(error.detail.contains(QStringLiteral("after %1 attempts").arg(storage::Transaction::kBusyRetries + 1)),
             qPrintable(error.detail));
    QCOMPARE(m_ws->database().transactionDepth(), depth);
    QVERIFY(!tx.commit().ok());
    const QStringList lines = takeBusyLines();
    QVERIFY2(lines.filter(QStringLiteral("gave up")).size() == 1, qPrintable(lines.join(u'\n')));
}

void TestTransaction::commandFailsCleanlyWhenLocked()
{
    sqlite3_busy_timeout(m_ws->database().handle(), 10);
    const qint64 progressBefore = count(m_ws->database(), QStringLiteral("SELECT count(*) FROM task_progress"));
    {
        LockHolder writer(m_ws->dbPath(), "BEGIN IMMEDIATE", -1);
        QVERIFY(writer.locked());
        const core::Status s = m_ws->service().updateStatus(m_taskId, core::TaskStatus::Completed);
        QVERIFY(!s.ok());
        QVERIFY2(s.error().message.contains(QLatin1String("locked")), qPrintable(s.error().message));
    }
    QCOMPARE(core::toString(m_ws->tasks().get(m_taskId)->status), core::toString(core::TaskStatus::NotStarted));
    QCOMPARE(count(m_ws->database(), QStringLiteral("SELECT count(*) FROM task_progress")), progressBefore);
    // Once the other program lets go, the same command works on the same connection.
    QVERIFY(m_ws->service().updateStatus(m_taskId, core::TaskStatus::Completed).ok());
    QCOMPARE(core::toString(m_ws->tasks().get(m_taskId)->status), core::toString(core::TaskStatus::Completed));
}

void TestTransaction::commitRetriesWhileReadersHoldTheFile()
{
    // With a rollback journal (WAL unavailable, e.g. on some network file systems) a commit needs every reader
    // gone: SQLite answers SQLITE_BUSY and keeps the transaction open, so repeating COMMIT is safe.
    storage::Database &db = m_ws->database();
    QVERIFY(db.exec(QStringLiteral("PRAGMA journal_mode = DELETE")));
    sqlite3_busy_timeout(db.handle(), 20);
    const qint64 progressBefore = count(db, QStringLiteral("SELECT count(*) FROM task_progress"));
    {
        LockHolder reader(m_ws->dbPath(), "BEGIN", 150);
        QVERIFY(reader.locked());
        QVERIFY(m_ws->service().updateStatus(m_taskId, core::TaskStatus::InProgress).ok());
    }
    const QStringList lines = takeBusyLines();
    QVERIFY2(retriesIn(lines, QStringLiteral("COMMIT")) >= 1, qPrintable(lines.join(u'\n')));
    // Applied exactly once.
    QCOMPARE(count(db, QStringLiteral("SELECT count(*) FROM task_progress")), progressBefore + 1);
    QCOMPARE(core::toString(m_ws->tasks().get(m_taskId)->status), core::toString(core::TaskStatus::InProgress));
    QCOMPARE(db.transactionDepth(), 0);
}

void TestTransaction::nestedTransactionsStillUseSavepoints()
{
    storage::Database &db = m_ws->database();
    storage::Transaction outer(db);
    QVERIFY(outer.begun().ok());
    {
        storage::Transaction inner(db);
        QVERIFY(inner.begun().ok());
        QVERIFY(db.exec(QStringLiteral("UPDATE tasks SET title = 'Inner' WHERE id = %1").arg(m_taskId)));
        // Not committed: rolled back to its savepoint, the outer transaction goes on.
    }
    QVERIFY(db.exec(QStringLiteral("UPDATE tasks SET phase = 3 WHERE id = %1").arg(m_taskId)));
    QVERIFY(outer.commit().ok());
    const auto task = m_ws->tasks().get(m_taskId);
    QCOMPARE(task->title, QStringLiteral("Contended"));
    QCOMPARE(task->phase, 3);
}

QTEST_GUILESS_MAIN(TestTransaction)
#include "tst_Transaction.moc"
