// SPDX-License-Identifier: GPL-3.0-or-later
// Issue #9 item 1: a legacy import, a bulk status change and a migration, each killed with SIGKILL at seeded random
// points (taskorch-crash-child). After every kill the database must be intact (integrity_check "ok", no foreign-key
// violation), hold exactly the rows it held before the operation or exactly the rows a complete run leaves, and open
// in the app; an interrupted migration resumes to the latest version and its backups are intact copies.
//
// Kill points: half are timed (a delay after the child reports that the operation started, stratified over 1.15 ×
// the operation's runtime, so some land after it finished), half are counted by the child itself (it raises
// SIGKILL at the N-th SQLite progress callback, stratified over the whole operation, so they land inside the
// transaction deterministically), plus one inside SQLite's commit hook of each write transaction.
//
// Environment: TASKORCH_CRASH_KILLS (kills per operation, default 8; the full run uses 50), TASKORCH_CRASH_SEED
// (default: from the clock; always printed, and printed with every failure, so a run can be repeated).

#include "DatabaseState.h"
#include "LegacyFile.h"
#include "LegacySource.h"
#include "MigrationRunner.h"
#include "TempWorkspace.h"
#include "TestSupport.h"
#include "Transaction.h"
#include "Workspace.h"

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <chrono>
#include <map>
#include <random>
#include <thread>

using namespace taskorch;
using test::checkDatabase;
using test::DatabaseCheck;
using test::DatabaseState;

namespace {

// Sizes: in a Debug build on the CI machines the import runs for about 0.7 s, the bulk change for about 2 s and the
// migration (backup, then four migrations) for about 0.3 s; larger sizes only make every kill slower to check.
constexpr qint64 kImportTasks = 12000;
constexpr qint64 kBulkTasks = 3000;
constexpr qint64 kMigrationTasks = 30000;

const QString kDbName = QStringLiteral("taskorch.db");

/// What the child wrote before it ended or was killed.
struct ChildRun
{
    bool completed = false; ///< exit code 0 with a "done" marker
    int exitCode = 0;
    QProcess::ExitStatus exitStatus = QProcess::NormalExit;
    QList<QByteArray> markers;
    QByteArray errorOutput;
    qint64 operationMs = 0;
    qint64 steps = 0;
    int commits = 0;

    QString transcript() const
    {
        QStringList lines;
        for (const QByteArray &m : markers) {
            lines << QString::fromUtf8(m);
        }
        // The last markers are the ones that tell where the kill landed.
        if (lines.size() > 12) {
            lines = QStringList{QStringLiteral("…")} + lines.mid(lines.size() - 12);
        }
        return lines.join(QStringLiteral(" | ")) +
               (errorOutput.isEmpty() ? QString() : QStringLiteral(" stderr: ") + QString::fromUtf8(errorOutput));
    }
};

/// Where, by the child's markers, a kill landed.
enum class Landing
{
    BeforeWrite,   ///< no write transaction had started
    InTransaction, ///< inside write transaction N, before its commit
    AtCommit,      ///< commit N was about to be written, or being written
    Between,       ///< after a commit, before the next write transaction or the end (backup, checkpoint, close)
    Completed,     ///< the child finished before the kill
};

const char *landingName(Landing landing)
{
    switch (landing) {
    case Landing::BeforeWrite:
        return "before the first write";
    case Landing::InTransaction:
        return "inside a transaction";
    case Landing::AtCommit:
        return "at a commit";
    case Landing::Between:
        return "after a commit";
    case Landing::Completed:
        return "after completion";
    }
    return "?";
}

struct Classified
{
    Landing landing = Landing::BeforeWrite;
    int transaction = 0; ///< the write transaction (InTransaction) or commit (AtCommit) number
    int commitsSeen = 0;
};

Classified classify(const ChildRun &run)
{
    Classified c;
    if (run.completed) {
        c.landing = Landing::Completed;
        return c;
    }
    static const QRegularExpression number(QStringLiteral("(\\d+)$"));
    for (const QByteArray &marker : run.markers) {
        const QString m = QString::fromUtf8(marker);
        const int n = number.match(m).captured(1).toInt();
        if (m.startsWith(QLatin1String("phase write"))) {
            c.landing = Landing::InTransaction;
            c.transaction = n;
        } else if (m.startsWith(QLatin1String("commit"))) {
            c.landing = Landing::AtCommit;
            c.transaction = n;
            c.commitsSeen = n;
        } else if (m.startsWith(QLatin1String("phase none")) || m.startsWith(QLatin1String("phase read"))) {
            if (c.landing != Landing::BeforeWrite) {
                c.landing = Landing::Between;
            }
        }
    }
    return c;
}

enum class KillKind
{
    Timed,
    AtStep,
    AtCommit
};

struct KillPoint
{
    KillKind kind = KillKind::Timed;
    qint64 value = 0; ///< microseconds after "open", progress step, or commit number

    QString describe() const
    {
        switch (kind) {
        case KillKind::Timed:
            return QStringLiteral("SIGKILL %1 ms after the operation started").arg(double(value) / 1000.0, 0, 'f', 1);
        case KillKind::AtStep:
            return QStringLiteral("raise(SIGKILL) at progress step %1").arg(value);
        case KillKind::AtCommit:
            return QStringLiteral("raise(SIGKILL) in the commit hook of commit %1").arg(value);
        }
        return {};
    }
};

/// Tallies of one operation, printed at the end.
struct Tally
{
    int kills = 0;
    std::map<KillKind, int> byKind;
    std::map<Landing, int> byLanding;
    std::map<QString, int> byState;
    int backupsChecked = 0;
    int resumed = 0;
    int copiesRemoved = 0; ///< private copies of the legacy file that killed imports left, removed afterwards

    QString format(const QString &name) const
    {
        QStringList landings;
        for (const auto &[landing, n] : byLanding) {
            landings << QStringLiteral("%1 %2").arg(n).arg(QLatin1String(landingName(landing)));
        }
        QStringList states;
        for (const auto &[state, n] : byState) {
            states << QStringLiteral("%1 %2").arg(n).arg(state);
        }
        return QStringLiteral("%1: %2 kills survived (%3 timed, %4 at a progress step, %5 in a commit hook); landed: "
                              "%6; state found: %7%8%9%10")
            .arg(name)
            .arg(kills)
            .arg(byKind.count(KillKind::Timed) ? byKind.at(KillKind::Timed) : 0)
            .arg(byKind.count(KillKind::AtStep) ? byKind.at(KillKind::AtStep) : 0)
            .arg(byKind.count(KillKind::AtCommit) ? byKind.at(KillKind::AtCommit) : 0)
            .arg(landings.join(QStringLiteral(", ")), states.join(QStringLiteral(", ")))
            .arg(resumed ? QStringLiteral("; %1 resumed to the latest version on open").arg(resumed) : QString())
            .arg(backupsChecked ? QStringLiteral("; %1 backup files intact").arg(backupsChecked) : QString())
            .arg(copiesRemoved ? QStringLiteral("; %1 abandoned import copies removed").arg(copiesRemoved) : QString());
    }
};

/// Copies the database and its -wal, -shm and -journal (when present) from one folder to another.
bool copyDatabase(const QString &from, const QString &to)
{
    QFile::remove(to);
    if (!QFile::copy(from, to)) {
        return false;
    }
    QFile::setPermissions(to, QFile::ReadOwner | QFile::WriteOwner);
    for (const char *suffix : {"-wal", "-shm", "-journal"}) {
        QFile::remove(to + QLatin1String(suffix));
        if (QFile::exists(from + QLatin1String(suffix))) {
            if (!QFile::copy(from + QLatin1String(suffix), to + QLatin1String(suffix))) {
                return false;
            }
            QFile::setPermissions(to + QLatin1String(suffix), QFile::ReadOwner | QFile::WriteOwner);
        }
    }
    return true;
}

/// One operation under test: how to run it and the states it may legitimately leave.
struct Scenario
{
    QString name;
    QString folder;
    QString beforePath;
    QStringList extraArgs; ///< after the database path (the legacy source)
    /// States in the order the operation commits them: [before, after] for one transaction; for the migration,
    /// one per schema version from the oldest to the latest.
    QList<DatabaseState> sequence;
    QStringList sequenceNames;
    ChildRun reference;
    QString sourcePath;
    QByteArray sourceSha256;

    const DatabaseState &before() const { return sequence.first(); }
    const DatabaseState &after() const { return sequence.last(); }
    bool isMigration() const { return name == QLatin1String("migrate"); }
};

} // namespace

class TestCrashSafety : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void importLegacy();
    void bulkStatusChange();
    void migrationFromOldestSchema();
    void cleanupTestCase();

private:
    QString context(const Scenario &scenario, int index = -1, const KillPoint *point = nullptr) const;
    ChildRun runChild(const Scenario &scenario, const QString &dbPath, const KillPoint *point);
    void runReference(Scenario &scenario);
    void killRepeatedly(Scenario &scenario);
    void checkKill(Scenario &scenario, int index, const KillPoint &point, Tally &tally);

    QString m_child;
    quint64 m_seed = 0;
    int m_kills = 8;
    QTemporaryDir m_dir;
    QStringList m_summary;
};

void TestCrashSafety::initTestCase()
{
    m_child = qEnvironmentVariable("TASKORCH_CRASH_CHILD");
    QVERIFY2(QFileInfo(m_child).isExecutable(), "TASKORCH_CRASH_CHILD must name the taskorch-crash-child binary");
    QVERIFY(m_dir.isValid());
    bool ok = false;
    const int kills = qEnvironmentVariableIntValue("TASKORCH_CRASH_KILLS", &ok);
    if (ok && kills > 0) {
        m_kills = kills;
    }
    const QByteArray seed = qgetenv("TASKORCH_CRASH_SEED");
    m_seed = seed.isEmpty() ? quint64(QDateTime::currentMSecsSinceEpoch()) : seed.toULongLong();
    qInfo("crash harness: %d kills per operation, TASKORCH_CRASH_SEED=%llu, child %s", m_kills,
          static_cast<unsigned long long>(m_seed), qPrintable(m_child));
}

void TestCrashSafety::cleanupTestCase()
{
    qInfo("crash harness summary (TASKORCH_CRASH_SEED=%llu):", static_cast<unsigned long long>(m_seed));
    for (const QString &line : std::as_const(m_summary)) {
        qInfo("  %s", qPrintable(line));
    }
}

QString TestCrashSafety::context(const Scenario &scenario, int index, const KillPoint *point) const
{
    QString text = QStringLiteral("[%1, TASKORCH_CRASH_SEED=%2, TASKORCH_CRASH_KILLS=%3")
                       .arg(scenario.name)
                       .arg(m_seed)
                       .arg(m_kills);
    if (index >= 0) {
        text += QStringLiteral(", kill #%1").arg(index);
    }
    if (point) {
        text += QStringLiteral(": ") + point->describe();
    }
    return text + u']';
}

ChildRun TestCrashSafety::runChild(const Scenario &scenario, const QString &dbPath, const KillPoint *point)
{
    ChildRun run;
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("TASKORCH_CRASH_AT_STEP"));
    env.remove(QStringLiteral("TASKORCH_CRASH_AT_COMMIT"));
    // The importer's scratch copy of the source goes next to the database, not into the shared /tmp.
    const QString scratch = QFileInfo(dbPath).absolutePath() + QStringLiteral("/tmp");
    QDir().mkpath(scratch);
    env.insert(QStringLiteral("TMPDIR"), scratch);
    if (point && point->kind == KillKind::AtStep) {
        env.insert(QStringLiteral("TASKORCH_CRASH_AT_STEP"), QString::number(point->value));
    } else if (point && point->kind == KillKind::AtCommit) {
        env.insert(QStringLiteral("TASKORCH_CRASH_AT_COMMIT"), QString::number(point->value));
    }
    process.setProcessEnvironment(env);
    process.start(m_child, QStringList{scenario.name, dbPath} + scenario.extraArgs);
    if (!process.waitForStarted(30000)) {
        run.errorOutput = process.errorString().toUtf8();
        return run;
    }
    QByteArray out;
    if (point && point->kind == KillKind::Timed) {
        // The clock starts when the operation does, not when the process does (loading Qt is not the operation).
        QElapsedTimer waiting;
        waiting.start();
        while (!out.contains("open\n") && process.state() == QProcess::Running && waiting.elapsed() < 60000) {
            process.waitForReadyRead(100);
            out += process.readAllStandardOutput();
        }
        std::this_thread::sleep_for(std::chrono::microseconds(point->value));
        process.kill(); // SIGKILL on Unix
    }
    process.waitForFinished(300000);
    out += process.readAllStandardOutput();
    run.errorOutput = process.readAllStandardError().trimmed();
    run.exitStatus = process.exitStatus();
    run.exitCode = process.exitCode();
    for (const QByteArray &line : out.split('\n')) {
        if (!line.isEmpty()) {
            run.markers << line;
        }
    }
    if (!run.markers.isEmpty() && run.markers.last().startsWith("done ")) {
        const QList<QByteArray> parts = run.markers.last().split(' ');
        run.operationMs = parts.value(1).toLongLong();
        run.steps = parts.value(2).toLongLong();
        run.commits = parts.value(3).toInt();
        run.completed = run.exitStatus == QProcess::NormalExit && run.exitCode == 0;
    }
    return run;
}

void TestCrashSafety::runReference(Scenario &scenario)
{
    // Two complete runs from the same "before": the operation must be deterministic, or "exactly after" means
    // nothing.
    for (int attempt = 0; attempt < 2; ++attempt) {
        const QString folder = QStringLiteral("%1/reference-%2").arg(scenario.folder).arg(attempt);
        QVERIFY(QDir().mkpath(folder));
        const QString db = folder + u'/' + kDbName;
        QVERIFY(copyDatabase(scenario.beforePath, db));
        ChildRun run = runChild(scenario, db, nullptr);
        QVERIFY2(run.completed,
                 qPrintable(context(scenario) + QStringLiteral(" reference run failed: ") + run.transcript()));
        const DatabaseCheck check = checkDatabase(db);
        QVERIFY2(check.intact(), qPrintable(check.error + check.integrity.join(u';')));
        QCOMPARE(check.foreignKeyErrors, 0);
        if (attempt == 0) {
            scenario.reference = run;
            if (scenario.isMigration()) {
                QCOMPARE(check.state, scenario.after()); // the child's migration = the in-process one
            } else {
                QVERIFY2(check.state != scenario.before(), "the operation changed nothing");
                scenario.sequence << check.state;
                scenario.sequenceNames << QStringLiteral("after");
            }
        } else {
            QVERIFY2(check.state == scenario.after(),
                     qPrintable(QStringLiteral("two complete runs differ: %1 vs %2")
                                    .arg(check.state.summary(), scenario.after().summary())));
        }
    }
    const ChildRun &r = scenario.reference;
    qInfo("%s: the operation takes %lld ms, %lld progress steps, %d commits; before %s; after %s",
          qPrintable(scenario.name), r.operationMs, r.steps, r.commits, qPrintable(scenario.before().summary()),
          qPrintable(scenario.after().summary()));
    qInfo("%s: markers of a complete run: %s", qPrintable(scenario.name), qPrintable(r.transcript()));
    QVERIFY2(r.steps >= 10, "too few progress steps to place kills inside the operation");
}

void TestCrashSafety::killRepeatedly(Scenario &scenario)
{
    std::mt19937_64 rng(m_seed ^ qHash(scenario.name));
    QList<KillPoint> plan;
    // One kill inside each write transaction's commit hook (at most a fifth of the kills), the rest half timed, half
    // at a progress step, each kind stratified so the kills spread over the whole operation.
    const int commitKills = qMin(scenario.reference.commits, qMax(1, m_kills / 5));
    for (int c = 1; c <= commitKills; ++c) {
        plan << KillPoint{KillKind::AtCommit, c};
    }
    const int rest = m_kills - commitKills;
    const int timed = (rest + 1) / 2;
    const int stepped = rest - timed;
    const double windowUs = double(scenario.reference.operationMs) * 1000.0 * 1.15;
    for (int i = 0; i < timed; ++i) {
        std::uniform_real_distribution<double> within(windowUs * i / timed, windowUs * (i + 1) / timed);
        plan << KillPoint{KillKind::Timed, qint64(within(rng))};
    }
    const double steps = double(scenario.reference.steps);
    for (int i = 0; i < stepped; ++i) {
        std::uniform_real_distribution<double> within(steps * i / stepped, steps * (i + 1) / stepped);
        plan << KillPoint{KillKind::AtStep, qMax<qint64>(1, qint64(within(rng)) + 1)};
    }
    std::shuffle(plan.begin(), plan.end(), rng);

    Tally tally;
    for (int i = 0; i < plan.size(); ++i) {
        checkKill(scenario, i, plan.at(i), tally);
        if (QTest::currentTestFailed()) {
            m_dir.setAutoRemove(false);
            qWarning("%s: files kept in %s", qPrintable(context(scenario, i, &plan.at(i))),
                     qPrintable(scenario.folder));
            return;
        }
    }
    m_summary << tally.format(scenario.name);
    qInfo("%s", qPrintable(m_summary.last()));
    // The harness proves something only if kills land inside the operation, not all before it or after it.
    QVERIFY2(tally.byLanding[Landing::InTransaction] > 0, "no kill landed inside a transaction");
    QVERIFY2(tally.byState[QStringLiteral("before")] > 0 || m_kills < 4, "no kill left the database as before");
}

void TestCrashSafety::checkKill(Scenario &scenario, int index, const KillPoint &point, Tally &tally)
{
    const QString where = context(scenario, index, &point);
    const QString folder = QStringLiteral("%1/kill-%2").arg(scenario.folder).arg(index);
    QVERIFY(QDir().mkpath(folder + QStringLiteral("/reopen")));
    const QString db = folder + u'/' + kDbName;
    QVERIFY(copyDatabase(scenario.beforePath, db));

    const ChildRun run = runChild(scenario, db, &point);
    const Classified landed = classify(run);
    if (landed.landing != Landing::Completed) {
        QVERIFY2(run.exitStatus == QProcess::CrashExit,
                 qPrintable(where + QStringLiteral(" the child was not killed: ") + run.transcript()));
    }
    // The app's first open after the crash works on the files exactly as the crash left them.
    const QString reopened = folder + QStringLiteral("/reopen/") + kDbName;
    QVERIFY(copyDatabase(db, reopened));

    // 1. Intact, and exactly one of the states the operation may commit.
    const DatabaseCheck check = checkDatabase(db);
    QVERIFY2(check.error.isEmpty(), qPrintable(where + u' ' + check.error + QStringLiteral("; ") + run.transcript()));
    QVERIFY2(check.intact(), qPrintable(where + QStringLiteral(" integrity_check: ") + check.integrity.join(u';')));
    QVERIFY2(check.foreignKeyErrors == 0,
             qPrintable(where + QStringLiteral(" %1 foreign-key violations").arg(check.foreignKeyErrors)));
    const qsizetype found = scenario.sequence.indexOf(check.state);
    QVERIFY2(found >= 0, qPrintable(where + QStringLiteral(" the database is neither before nor after: %1; markers: %2")
                                                .arg(check.state.summary(), run.transcript())));

    // 2. The state agrees with where the kill landed: nothing of an uncommitted transaction survives.
    switch (landed.landing) {
    case Landing::BeforeWrite:
        QVERIFY2(found == 0, qPrintable(where + QStringLiteral(" killed before any write, yet the database changed")));
        break;
    case Landing::InTransaction:
        // Write transaction N (1-based) starts from the state of N-1 commits.
        QVERIFY2(found == qMin<qsizetype>(landed.transaction - 1, scenario.sequence.size() - 1),
                 qPrintable(where + QStringLiteral(" killed inside transaction %1, found state %2; markers: %3")
                                        .arg(landed.transaction)
                                        .arg(scenario.sequenceNames.at(found), run.transcript())));
        break;
    case Landing::AtCommit:
        if (point.kind == KillKind::AtCommit) {
            // Killed inside the commit hook: SQLite had not written the commit yet.
            QVERIFY2(found == landed.transaction - 1,
                     qPrintable(where + QStringLiteral(" killed before commit %1 was written, found state %2")
                                            .arg(landed.transaction)
                                            .arg(scenario.sequenceNames.at(found))));
        } else {
            QVERIFY2(found == landed.transaction - 1 || found == landed.transaction,
                     qPrintable(where + QStringLiteral(" killed during commit %1, found state %2")
                                            .arg(landed.transaction)
                                            .arg(scenario.sequenceNames.at(found))));
        }
        break;
    case Landing::Between:
        QVERIFY2(found == qMin<qsizetype>(landed.commitsSeen, scenario.sequence.size() - 1),
                 qPrintable(where + QStringLiteral(" killed after commit %1, found state %2")
                                        .arg(landed.commitsSeen)
                                        .arg(scenario.sequenceNames.at(found))));
        break;
    case Landing::Completed:
        QVERIFY2(found == scenario.sequence.size() - 1,
                 qPrintable(
                     where +
                     QStringLiteral(" the operation completed, found state %1").arg(scenario.sequenceNames.at(found))));
        break;
    }

    // 3. The app opens it; an interrupted migration resumes to the latest version.
    {
        test::FixedClock clock; // the resumed migration records the same applied_at as a complete run
        auto ws = storage::Workspace::open(reopened);
        QVERIFY2(ws.ok(), qPrintable(where + QStringLiteral(" Workspace::open: ") +
                                     (ws.ok() ? QString() : ws.error().message + u' ' + ws.error().detail)));
    }
    const DatabaseCheck afterOpen = checkDatabase(reopened);
    QVERIFY2(afterOpen.intact(),
             qPrintable(where + QStringLiteral(" after open: ") + afterOpen.error + afterOpen.integrity.join(u';')));
    if (scenario.isMigration()) {
        QVERIFY2(afterOpen.state == scenario.after(),
                 qPrintable(where + QStringLiteral(" open did not resume the migration to the latest version: %1")
                                        .arg(afterOpen.state.summary())));
        if (found < scenario.sequence.size() - 1) {
            ++tally.resumed;
        }
    } else {
        QVERIFY2(afterOpen.state == check.state, qPrintable(where + QStringLiteral(" opening changed the rows")));
    }

    // 4. Every backup a migration left (the killed run's and the resumed one's) is an intact copy of the version
    // it is named after.
    static const QRegularExpression backupName(QStringLiteral("\\.bak-v(\\d+)"));
    for (const QString &dir : {folder, folder + QStringLiteral("/reopen")}) {
        const QStringList backups =
            QDir(dir).entryList(QStringList{kDbName + QStringLiteral(".bak-v*")}, QDir::Files, QDir::Name);
        for (const QString &name : backups) {
            // SQLite's companions of a backup being checked, and the migration's own scratch file (a backup being
            // written when the kill came; never taken for a backup, replaced by the next attempt).
            if (name.endsWith(QLatin1String("-wal")) || name.endsWith(QLatin1String("-shm")) ||
                name.endsWith(QLatin1String("-journal")) || name.endsWith(QLatin1String(".partial"))) {
                continue;
            }
            QVERIFY2(scenario.isMigration(), qPrintable(where + QStringLiteral(" unexpected backup ") + name));
            const int version = backupName.match(name).captured(1).toInt();
            const DatabaseCheck backup = checkDatabase(dir + u'/' + name);
            QVERIFY2(backup.intact(),
                     qPrintable(where + QStringLiteral(" backup %1 is damaged: %2 %3; markers: %4")
                                            .arg(name, backup.error, backup.integrity.join(u';'), run.transcript())));
            QVERIFY2(version >= 1 && version <= scenario.sequence.size() &&
                         backup.state == scenario.sequence.at(version - 1),
                     qPrintable(where + QStringLiteral(" backup %1 does not hold version %2: %3")
                                            .arg(name)
                                            .arg(version)
                                            .arg(backup.state.summary())));
            ++tally.backupsChecked;
        }
    }

    // 5. The legacy source is never touched, and the private copy a killed import left in its temporary folder is
    // what the next import removes (the kernel released the copy's lock with the process).
    if (!scenario.sourcePath.isEmpty()) {
        QVERIFY2(test::sha256OfFile(scenario.sourcePath) == scenario.sourceSha256,
                 qPrintable(where + QStringLiteral(" the legacy source file changed")));
        const QDir scratch(folder + QStringLiteral("/tmp"));
        const QStringList copyFolders = QStringList{QStringLiteral("taskorch-import-*")};
        const qsizetype left = scratch.entryList(copyFolders, QDir::Dirs | QDir::NoDotAndDotDot).size();
        const QByteArray oldTmp = qgetenv("TMPDIR");
        qputenv("TMPDIR", QFile::encodeName(scratch.path()));
        const int removed = storage::legacy::LegacySource::removeAbandonedCopies();
        qputenv("TMPDIR", oldTmp);
        QCOMPARE(removed, int(left));
        QVERIFY2(scratch.entryList(copyFolders, QDir::Dirs | QDir::NoDotAndDotDot).isEmpty(),
                 qPrintable(where + QStringLiteral(" a killed import's copy could not be removed")));
        tally.copiesRemoved += removed;
    }

    ++tally.kills;
    ++tally.byKind[point.kind];
    ++tally.byLanding[landed.landing];
    ++tally.byState[scenario.sequenceNames.at(found)];
    QDir(folder).removeRecursively();
}

void TestCrashSafety::importLegacy()
{
    Scenario s;
    s.name = QStringLiteral("import");
    s.folder = m_dir.filePath(s.name);
    QVERIFY(QDir().mkpath(s.folder));
    s.sourcePath = s.folder + QStringLiteral("/implementation_tracker.db");
    QString error;
    const test::LegacyFileCounts counts = test::writeLegacyGenerationA(s.sourcePath, kImportTasks, m_seed, &error);
    QVERIFY2(counts.tasks == kImportTasks, qPrintable(error));
    s.sourceSha256 = test::sha256OfFile(s.sourcePath);
    s.extraArgs << s.sourcePath;
    s.beforePath = s.folder + QStringLiteral("/before.db");
    {
        // The target already holds a small project, so the import merges and remaps ids.
        test::FixedClock clock;
        auto ws = storage::Workspace::open(s.beforePath);
        QVERIFY(ws.ok());
        for (int i = 1; i <= 25; ++i) {
            QVERIFY((*ws)->service().createTask(test::makeTask(QStringLiteral("Existing task %1").arg(i))).ok());
        }
    }
    const DatabaseCheck before = checkDatabase(s.beforePath);
    QVERIFY(before.intact());
    s.sequence << before.state;
    s.sequenceNames << QStringLiteral("before");
    runReference(s);
    if (QTest::currentTestFailed()) {
        return;
    }
    killRepeatedly(s);
}

void TestCrashSafety::bulkStatusChange()
{
    Scenario s;
    s.name = QStringLiteral("bulk-status");
    s.folder = m_dir.filePath(s.name);
    QVERIFY(QDir().mkpath(s.folder));
    s.beforePath = s.folder + QStringLiteral("/before.db");
    {
        test::FixedClock clock;
        auto ws = storage::Workspace::open(s.beforePath);
        QVERIFY(ws.ok());
        storage::Transaction tx((*ws)->database());
        QVERIFY(tx.begun().ok());
        QList<core::Task> tasks;
        for (qint64 i = 1; i <= kBulkTasks; ++i) {
            core::Task t =
                test::makeTask(QStringLiteral("Task %1").arg(i), QStringLiteral("area %1").arg(i % 17), int(1 + i % 4));
            t.status = i % 5 == 0 ? core::TaskStatus::InProgress : core::TaskStatus::NotStarted;
            t.createdAt = clock.current();
            t.updatedAt = clock.current();
            tasks << t;
        }
        QVERIFY((*ws)->tasks().insertMany(tasks).ok());
        QSqlQuery progress((*ws)->database().connection());
        QVERIFY(progress.exec(QStringLiteral(
            "INSERT INTO task_progress (task_id, progress_percentage, notes, updated_by, created_at)"
            " SELECT id, CASE status WHEN 'in_progress' THEN 40 ELSE 0 END, 'Task created', 'system', created_at"
            " FROM tasks")));
        QVERIFY(tx.commit().ok());
    }
    const DatabaseCheck before = checkDatabase(s.beforePath);
    QVERIFY(before.intact());
    QCOMPARE(before.state.rowCounts.value(QStringLiteral("tasks")), kBulkTasks);
    s.sequence << before.state;
    s.sequenceNames << QStringLiteral("before");
    runReference(s);
    if (QTest::currentTestFailed()) {
        return;
    }
    QCOMPARE(s.after().rowCounts.value(QStringLiteral("task_progress")), 2 * kBulkTasks);
    killRepeatedly(s);
}

void TestCrashSafety::migrationFromOldestSchema()
{
    Scenario s;
    s.name = QStringLiteral("migrate");
    s.folder = m_dir.filePath(s.name);
    QVERIFY(QDir().mkpath(s.folder));
    s.beforePath = s.folder + QStringLiteral("/before.db");
    const int oldest = storage::MigrationRunner::embedded().first().version;
    const int latest = storage::MigrationRunner::latestVersion();
    QVERIFY(latest > oldest);
    {
        test::FixedClock clock;
        auto db = storage::Database::open(s.beforePath);
        QVERIFY(db.ok());
        QVERIFY(storage::MigrationRunner(**db).up(oldest).ok());
        storage::TaskRepository repository(**db);
        storage::Transaction tx(**db);
        QVERIFY(tx.begun().ok());
        QList<core::Task> tasks;
        for (qint64 i = 1; i <= kMigrationTasks; ++i) {
            core::Task t = test::makeTask(QStringLiteral("Old task %1").arg(i), QStringLiteral("area %1").arg(i % 23),
                                          int(1 + i % 4));
            t.createdAt = clock.current().addSecs(i);
            t.updatedAt = t.createdAt;
            tasks << t;
        }
        QVERIFY(repository.insertMany(tasks).ok());
        QSqlQuery q((*db)->connection());
        QVERIFY(q.exec(QStringLiteral("INSERT INTO task_dependencies (task_id, depends_on_task_id, dependency_type,"
                                      " created_at) SELECT id, id - 1 - (id % 7), 'blocks', created_at FROM tasks"
                                      " WHERE id > 8")));
        QVERIFY(q.exec(QStringLiteral("INSERT INTO task_progress (task_id, progress_percentage, notes, updated_by,"
                                      " created_at) SELECT id, 0, 'Task created', 'system', created_at FROM tasks")));
        QVERIFY(tx.commit().ok());
    }
    // The state of every version, migrating a copy one step further each time, in this process.
    for (int version = oldest; version <= latest; ++version) {
        const QString folder = QStringLiteral("%1/v%2").arg(s.folder).arg(version);
        QVERIFY(QDir().mkpath(folder));
        const QString db = folder + u'/' + kDbName;
        QVERIFY(copyDatabase(s.beforePath, db));
        {
            test::FixedClock clock;
            auto opened = storage::Database::open(db);
            QVERIFY(opened.ok());
            QVERIFY(storage::MigrationRunner(**opened).up(version).ok());
        }
        const DatabaseCheck check = checkDatabase(db);
        QVERIFY(check.intact());
        s.sequence << check.state;
        s.sequenceNames << (version == oldest   ? QStringLiteral("before")
                            : version == latest ? QStringLiteral("after")
                                                : QStringLiteral("v%1").arg(version));
        QDir(folder).removeRecursively();
    }
    QCOMPARE(s.sequence.size(), latest - oldest + 1);
    runReference(s);
    if (QTest::currentTestFailed()) {
        return;
    }
    killRepeatedly(s);
}

QTEST_GUILESS_MAIN(TestCrashSafety)
#include "tst_CrashSafety.moc"
