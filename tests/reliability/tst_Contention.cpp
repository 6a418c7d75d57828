// SPDX-License-Identifier: GPL-3.0-or-later
// Issue #9 item 2: three writers change task statuses in the same database at once — two `taskorch-cli --batch`
// processes and the desktop app's worker (gui::BackgroundJob, its own connection on its own thread) — while a reader
// thread checks, in read transactions, that no command is ever seen half-applied.
//
// Every change is one command (`task set-status ID STATUS --notes … --comment …`, one transaction writing the task,
// a progress row and a comment), tagged with its writer and sequence number, so each one is countable: all of them
// must land exactly once and none may fail ("database is locked" or otherwise).
//
// TASKORCH_CONTENTION_CHANGES sets the changes per writer (default 1000).

#include "BackgroundJob.h"
#include "TempWorkspace.h"
#include "Transaction.h"
#include "Workspace.h"

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QMutex>
#include <QProcess>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <optional>
#include <thread>

using namespace taskorch;

namespace {

constexpr int kTasks = 60;

const char *const kStatuses[] = {"in_progress", "blocked", "completed", "failed", "not_started"};

/// The change `seq` of writer `writer`: which task, which status, and the tags that make it countable.
struct Change
{
    qint64 taskId = 0;
    QString status;
    QString notes;
    QString comment;
};

Change changeFor(const QString &writer, int seq, int writerIndex)
{
    Change c;
    // Writers walk the tasks at different strides, so they keep colliding on the same rows.
    c.taskId = 1 + (qint64(seq) * (7 + 4 * writerIndex) + writerIndex * 13) % kTasks;
    c.status = QString::fromLatin1(kStatuses[(seq + writerIndex) % 5]);
    c.notes = QStringLiteral("%1 by %2 #%3").arg(c.status, writer).arg(seq);
    c.comment = QStringLiteral("change %1 #%2").arg(writer).arg(seq);
    return c;
}

/// Waits for the write lock as reported by Transaction's `taskorch.storage.busy` debug lines.
struct WaitStats
{
    int waits = 0; ///< transactions that waited at least 1 ms
    qint64 maxWaitMs = 0;
    qint64 totalWaitMs = 0;
    int retries = 0;
    int gaveUp = 0;

    void add(const QString &line)
    {
        static const QRegularExpression waited(QStringLiteral("waited (\\d+) ms, (\\d+) retries"));
        if (const auto m = waited.match(line); m.hasMatch()) {
            const qint64 ms = m.captured(1).toLongLong();
            ++waits;
            maxWaitMs = qMax(maxWaitMs, ms);
            totalWaitMs += ms;
            retries += m.captured(2).toInt();
        } else if (line.contains(QLatin1String("gave up"))) {
            ++gaveUp;
        }
    }
    QString format() const
    {
        return QStringLiteral("%1 waited for the lock (max %2 ms, total %3 ms), %4 retries, %5 gave up")
            .arg(waits)
            .arg(maxWaitMs)
            .arg(totalWaitMs)
            .arg(retries)
            .arg(gaveUp);
    }
};

// The worker's busy lines, caught in this process (the CLI processes print theirs to stderr).
QMutex s_logMutex;
WaitStats s_workerWaits;
QtMessageHandler s_previousHandler = nullptr;

void captureBusyLines(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (context.category && qstrcmp(context.category, "taskorch.storage.busy") == 0) {
        QMutexLocker lock(&s_logMutex);
        s_workerWaits.add(message);
        if (type < QtWarningMsg) {
            return;
        }
    }
    s_previousHandler(type, context, message);
}

/// What the reader saw.
struct ReaderReport
{
    int snapshots = 0;
    int snapshotsDuringWrites = 0; ///< snapshots that saw some but not all commands
    int halfApplied = 0;           ///< snapshots that broke an invariant
    int errors = 0;
    QString firstProblem;
    qint64 lastCommands = 0;
};

} // namespace

class TestContention : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void threeWritersAndAReader();
    void aSecondConnectionKeepsTheFirstOnesLocks();

private:
    int m_changes = 1000;
    QString m_cli;
};

void TestContention::initTestCase()
{
    m_cli = qEnvironmentVariable("TASKORCH_CLI");
    QVERIFY2(QFile::exists(m_cli), "TASKORCH_CLI must name the taskorch-cli binary");
    bool ok = false;
    const int changes = qEnvironmentVariableIntValue("TASKORCH_CONTENTION_CHANGES", &ok);
    if (ok && changes > 0) {
        m_changes = changes;
    }
    QLoggingCategory::setFilterRules(QStringLiteral("taskorch.storage.busy.debug=true"));
    s_previousHandler = qInstallMessageHandler(captureBusyLines);
}

void TestContention::cleanupTestCase()
{
    qInstallMessageHandler(s_previousHandler);
}

void TestContention::threeWritersAndAReader()
{
    test::TempWorkspace temp;
    QVERIFY2(temp.isValid(), qPrintable(temp.errorString()));
    for (int i = 1; i <= kTasks; ++i) {
        QVERIFY(temp.service().createTask(test::makeTask(QStringLiteral("Contended task %1").arg(i))).ok());
    }
    const QString dbPath = temp.dbPath();
    temp.close();

    // The reader: its own connection on its own thread, one read transaction per snapshot.
    std::atomic<bool> stop{false};
    ReaderReport reader;
    const qint64 expectedTotal = 3 * qint64(m_changes);
    std::thread readerThread([&] {
        // A read-write connection that only reads, like the desktop app's.
        auto db = storage::Database::open(dbPath);
        if (!db) {
            reader.errors = 1;
            reader.firstProblem = db.error().message;
            return;
        }
        QSqlQuery broken((*db)->connection());
        broken.setForwardOnly(true);
        // A command writes the task (status, updated_at), a progress row (same time, notes naming the status) and a
        // comment. Half of one would show as a task whose latest progress row disagrees with it, or as a progress
        // row without its comment.
        broken.prepare(QStringLiteral(
            "SELECT count(*) FROM tasks t JOIN task_progress p"
            " ON p.id = (SELECT max(id) FROM task_progress WHERE task_id = t.id)"
            " WHERE p.created_at <> t.updated_at"
            " OR NOT ((p.notes = 'Task created' AND t.status = 'not_started') OR p.notes LIKE t.status || ' by %')"));
        QSqlQuery counts((*db)->connection());
        counts.setForwardOnly(true);
        counts.prepare(QStringLiteral("SELECT (SELECT count(*) FROM task_progress WHERE notes LIKE '% by %'),"
                                      " (SELECT count(*) FROM task_comments WHERE comment LIKE 'change %')"));
        // One more snapshot after the writers have finished, so the last one sees every command.
        for (bool last = false; !last;) {
            last = stop.load();
            if (!(*db)->exec(QStringLiteral("BEGIN")).ok()) {
                ++reader.errors;
                continue;
            }
            const bool ok = broken.exec() && broken.next() && counts.exec() && counts.next();
            if (!ok) {
                ++reader.errors;
                if (reader.firstProblem.isEmpty()) {
                    reader.firstProblem = broken.lastError().text() + counts.lastError().text();
                }
            } else {
                ++reader.snapshots;
                const qint64 bad = broken.value(0).toLongLong();
                const qint64 progress = counts.value(0).toLongLong();
                const qint64 comments = counts.value(1).toLongLong();
                if (bad != 0 || progress != comments || progress < reader.lastCommands) {
                    ++reader.halfApplied;
                    if (reader.firstProblem.isEmpty()) {
                        reader.firstProblem = QStringLiteral("%1 tasks disagree with their latest progress row; "
                                                             "%2 tagged progress rows, %3 comments (before: %4)")
                                                  .arg(bad)
                                                  .arg(progress)
                                                  .arg(comments)
                                                  .arg(reader.lastCommands);
                    }
                }
                if (progress > 0 && progress < expectedTotal) {
                    ++reader.snapshotsDuringWrites;
                }
                reader.lastCommands = progress;
            }
            broken.finish();
            counts.finish();
            (void)(*db)->exec(QStringLiteral("COMMIT"));
        }
    });
    auto joinReader = qScopeGuard([&] {
        stop.store(true);
        readerThread.join();
    });

    // Two CLI processes, each running its changes as separate commands from one batch.
    QTemporaryDir scratch;
    QVERIFY(scratch.isValid());
    QList<std::shared_ptr<QProcess>> processes;
    const QStringList cliWriters{QStringLiteral("cli1"), QStringLiteral("cli2")};
    for (int w = 0; w < cliWriters.size(); ++w) {
        QByteArray script;
        for (int seq = 0; seq < m_changes; ++seq) {
            const Change c = changeFor(cliWriters[w], seq, w);
            script += QStringLiteral("task set-status %1 %2 --notes '%3' --comment '%4'\n")
                          .arg(c.taskId)
                          .arg(c.status, c.notes, c.comment)
                          .toUtf8();
        }
        const QString input = scratch.filePath(cliWriters[w] + QStringLiteral(".in"));
        QFile file(input);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(script);
        file.close();
        auto process = std::make_shared<QProcess>();
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("taskorch.storage.busy.debug=true"));
        env.insert(QStringLiteral("TASKORCH_DEBUG"), QStringLiteral("1")); // a failure also prints SQLite's text
        process->setProcessEnvironment(env);
        process->setStandardInputFile(input);
        process->setStandardOutputFile(scratch.filePath(cliWriters[w] + QStringLiteral(".out")));
        process->setStandardErrorFile(scratch.filePath(cliWriters[w] + QStringLiteral(".err")));
        processes << process;
    }

    // The desktop app's worker: BackgroundJob opens its own Workspace on its thread, as the GUI's long jobs do.
    const QString workerName = QStringLiteral("gui");
    const int changes = m_changes;
    gui::BackgroundJob job(dbPath, [&, changes](storage::Workspace &ws, gui::BackgroundJob &self) -> core::Status {
        for (int seq = 0; seq < changes; ++seq) {
            const Change c = changeFor(workerName, seq, 2);
            storage::StatusChange change;
            change.notes = c.notes;
            change.comment = c.comment;
            const auto status = core::fromString<core::TaskStatus>(c.status);
            if (core::Status s = ws.service().updateStatus(c.taskId, *status, change); !s) {
                return core::makeError(s.error().code, QStringLiteral("change %1: %2").arg(seq).arg(s.error().message),
                                       s.error().detail);
            }
            self.reportProgress(seq + 1, changes);
        }
        return {};
    });
    // Queued to this thread, as the GUI receives it.
    std::optional<std::pair<bool, QString>> outcome;
    connect(&job, &gui::BackgroundJob::finished, this,
            [&outcome](bool ok, const QString &message, int) { outcome.emplace(ok, message); });

    QElapsedTimer clock;
    clock.start();
    for (const auto &process : std::as_const(processes)) {
        process->start(m_cli, QStringList{QStringLiteral("--db"), dbPath, QStringLiteral("--batch")});
    }
    job.start();
    for (const auto &process : std::as_const(processes)) {
        QVERIFY(process->waitForStarted(30000));
    }
    QTRY_VERIFY_WITH_TIMEOUT(outcome.has_value(), 600000);
    for (const auto &process : std::as_const(processes)) {
        if (process->state() != QProcess::NotRunning) {
            QVERIFY(process->waitForFinished(600000));
        }
    }
    const qint64 elapsedMs = clock.elapsed();
    joinReader.dismiss();
    stop.store(true);
    readerThread.join();

    // No writer failed; none saw "database is locked".
    QVERIFY2(outcome->first, qPrintable(QStringLiteral("the worker failed: ") + outcome->second));
    WaitStats cliWaits;
    for (int w = 0; w < processes.size(); ++w) {
        QFile err(scratch.filePath(cliWriters[w] + QStringLiteral(".err")));
        QVERIFY(err.open(QIODevice::ReadOnly));
        QStringList problems;
        for (const QByteArray &line : err.readAll().split('\n')) {
            const QString text = QString::fromUtf8(line);
            if (text.startsWith(QLatin1String("taskorch.storage.busy: "))) {
                cliWaits.add(text);
            } else if (!text.trimmed().isEmpty()) {
                problems << text;
            }
        }
        QVERIFY2(problems.isEmpty(), qPrintable(cliWriters[w] + QStringLiteral(": ") + problems.join(u'\n')));
        QVERIFY2(processes[w]->exitStatus() == QProcess::NormalExit && processes[w]->exitCode() == 0,
                 qPrintable(cliWriters[w] + QStringLiteral(" exited with %1").arg(processes[w]->exitCode())));
        QFile out(scratch.filePath(cliWriters[w] + QStringLiteral(".out")));
        QVERIFY(out.open(QIODevice::ReadOnly));
        QCOMPARE(out.readAll().count("is now"), qsizetype(m_changes));
    }

    // Every change landed exactly once.
    QVERIFY(temp.reopen());
    QSqlQuery rows(temp.database().connection());
    rows.setForwardOnly(true);
    QVERIFY(rows.exec(QStringLiteral("SELECT notes FROM task_progress WHERE notes LIKE '% by %'")));
    QSet<QString> landed;
    qint64 tagged = 0;
    while (rows.next()) {
        landed.insert(rows.value(0).toString());
        ++tagged;
    }
    QCOMPARE(tagged, expectedTotal);
    const QStringList writers = cliWriters + QStringList{workerName};
    for (int w = 0; w < writers.size(); ++w) {
        for (int seq = 0; seq < m_changes; ++seq) {
            const Change c = changeFor(writers[w], seq, w);
            QVERIFY2(landed.contains(c.notes), qPrintable(QStringLiteral("missing: ") + c.notes));
        }
    }
    QVERIFY(rows.exec(QStringLiteral("SELECT count(*) FROM task_comments WHERE comment LIKE 'change %'")));
    QVERIFY(rows.next());
    QCOMPARE(rows.value(0).toLongLong(), expectedTotal);
    rows.finish();

    // The reader never saw half a command, and it really read while the writers wrote.
    QVERIFY2(reader.halfApplied == 0 && reader.errors == 0,
             qPrintable(QStringLiteral("%1 bad snapshots, %2 read errors: %3")
                            .arg(reader.halfApplied)
                            .arg(reader.errors)
                            .arg(reader.firstProblem)));
    QCOMPARE(reader.lastCommands, expectedTotal);
    QVERIFY2(reader.snapshotsDuringWrites > 0, "the reader never overlapped the writers");

    QMutexLocker lock(&s_logMutex);
    qInfo("contention: 3 writers × %d changes = %lld commands landed in %.1f s; reader: %d snapshots (%d during the "
          "writes), 0 half-applied",
          m_changes, static_cast<long long>(expectedTotal), double(elapsedMs) / 1000.0, reader.snapshots,
          reader.snapshotsDuringWrites);
    qInfo("contention: CLI processes: %s", qPrintable(cliWaits.format()));
    qInfo("contention: GUI worker: %s", qPrintable(s_workerWaits.format()));
    QCOMPARE(cliWaits.gaveUp + s_workerWaits.gaveUp, 0);
}

void TestContention::aSecondConnectionKeepsTheFirstOnesLocks()
{
    // The desktop app holds its connection while a BackgroundJob opens a second Workspace on the same file. Opening
    // must not read the file through a descriptor of its own: closing it would drop every POSIX lock this process
    // holds on the file, SQLite's included, and the next program to close its connection would take itself for the
    // last one and delete the WAL under the app (how the first runs of threeWritersAndAReader corrupted the file).
    test::TempWorkspace app;
    QVERIFY2(app.isValid(), qPrintable(app.errorString()));
    QVERIFY(app.service().createTask(test::makeTask(QStringLiteral("Written by the app"))).ok());
    const QString wal = app.dbPath() + QStringLiteral("-wal");
    QVERIFY(QFileInfo::exists(wal));
    {
        auto worker = storage::Workspace::open(app.dbPath());
        QVERIFY(worker.ok());
    }
    QProcess cli;
    cli.start(m_cli, QStringList{QStringLiteral("--db"), app.dbPath(), QStringLiteral("task"), QStringLiteral("add"),
                                 QStringLiteral("--title"), QStringLiteral("Written by the CLI"),
                                 QStringLiteral("--component"), QStringLiteral("core")});
    QVERIFY(cli.waitForFinished(60000));
    QCOMPARE(cli.exitCode(), 0);
    // The CLI saw the app's connection and left the WAL alone.
    QVERIFY2(QFileInfo::exists(wal), "another program deleted the WAL of an open connection");
    QVERIFY(app.service().createTask(test::makeTask(QStringLiteral("Written by the app again"))).ok());
    app.close();
    QVERIFY(app.reopen());
    QSqlQuery q(app.database().connection());
    QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM tasks")));
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toInt(), 3);
}

QTEST_GUILESS_MAIN(TestContention)
#include "tst_Contention.moc"
