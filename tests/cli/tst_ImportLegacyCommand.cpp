// SPDX-License-Identifier: GPL-3.0-or-later
#include "CliApp.h"

#include "TestSupport.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

#include <sys/wait.h>
#include <unistd.h>

using namespace taskorch;

namespace {

struct Outcome
{
    int exitCode = -1;
    QString out;
    QString err;
};

Outcome runCli(const QStringList &args)
{
    Outcome o;
    QTextStream out(&o.out);
    QTextStream err(&o.err);
    cli::CliApp app;
    o.exitCode = app.run(args, out, err);
    out.flush();
    err.flush();
    return o;
}

QString sha256Of(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return QStringLiteral("(missing)");
    }
    return QString::fromLatin1(QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256).toHex());
}

qint64 count(const QString &database, const QString &table)
{
    sqlite3 *db = nullptr;
    qint64 n = -1;
    if (sqlite3_open_v2(QFile::encodeName(database).constData(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
        sqlite3_stmt *stmt = nullptr;
        const QByteArray sql = "SELECT count(*) FROM " + table.toUtf8();
        if (sqlite3_prepare_v2(db, sql.constData(), -1, &stmt, nullptr) == SQLITE_OK &&
            sqlite3_step(stmt) == SQLITE_ROW) {
            n = sqlite3_column_int64(stmt, 0);
        }
        sqlite3_finalize(stmt);
    }
    sqlite3_close(db);
    return n;
}

/// Holds SQLite's EXCLUSIVE lock on a file from a child process (a legacy tracker in the middle of a write).
class ForeignWriter
{
public:
    bool lock(const QString &path)
    {
        int ready[2];
        if (::pipe(ready) != 0 || ::pipe(m_release) != 0) {
            return false;
        }
        m_pid = ::fork();
        if (m_pid == 0) {
            ::close(ready[0]);
            ::close(m_release[1]);
            sqlite3 *db = nullptr;
            char ok = '0';
            if (sqlite3_open(QFile::encodeName(path).constData(), &db) == SQLITE_OK &&
                sqlite3_exec(db, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr) == SQLITE_OK) {
                ok = '1';
            }
            (void)!::write(ready[1], &ok, 1);
            char c = 0;
            (void)!::read(m_release[0], &c, 1);
            ::_exit(0);
        }
        ::close(ready[1]);
        ::close(m_release[0]);
        char ok = '0';
        const bool got = ::read(ready[0], &ok, 1) == 1 && ok == '1';
        ::close(ready[0]);
        return got;
    }
    ~ForeignWriter()
    {
        if (m_pid > 0) {
            ::close(m_release[1]);
            ::waitpid(m_pid, nullptr, 0);
        }
    }

private:
    pid_t m_pid = -1;
    int m_release[2] = {-1, -1};
};

} // namespace

class TestImportLegacyCommand : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    QString realFile() const
    {
        return test::sourcePath(QStringLiteral("tests/data/legacy/implementation_tracker.sqlmodel_era.db"));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
    }

    void importsTheRealFileAndPrintsTheReport()
    {
        const QString db = m_dir.filePath(QStringLiteral("real.db"));
        const QString before = sha256Of(realFile()) + sha256Of(realFile() + QStringLiteral("-wal"));
        const Outcome o = runCli({"--db", db, "import-legacy", realFile()});
        QCOMPARE(o.exitCode, 0);
        QVERIFY(o.err.isEmpty());
        QVERIFY(o.out.contains(QStringLiteral("generation B")));
        QVERIFY(o.out.contains(QStringLiteral("source table")));
        QVERIFY(o.out.contains(QStringLiteral("imported")));
        QVERIFY(o.out.contains(QStringLiteral("quarantined")));
        QVERIFY(o.out.contains(QRegularExpression(QStringLiteral("tasks\\s+6\\s+6\\s+0\\s+0"))));
        QVERIFY(o.out.contains(QRegularExpression(QStringLiteral("task_progress\\s+8\\s+8\\s+0\\s+0"))));
        QCOMPARE(sha256Of(realFile()) + sha256Of(realFile() + QStringLiteral("-wal")), before);
        QCOMPARE(count(db, QStringLiteral("tasks")), 6);

        // check-schema stays clean, and the data is there for the other commands.
        QCOMPARE(runCli({"--db", db, "check-schema"}).exitCode, 0);
        const Outcome stats = runCli({"--db", db, "stats", "--json"});
        QCOMPARE(stats.exitCode, 0);
        QCOMPARE(QJsonDocument::fromJson(stats.out.toUtf8()).object().value(QStringLiteral("total_tasks")).toInt(), 6);
    }

    void jsonReportHasTheSpecShape()
    {
        const QString source = m_dir.filePath(QStringLiteral("small.db"));
        QVERIFY(test::writeSqliteFile(source, test::kSmallLegacyTracker));
        const QString db = m_dir.filePath(QStringLiteral("json.db"));
        const Outcome o = runCli({"--db", db, "import-legacy", source, "--json"});
        QCOMPARE(o.exitCode, 0); // imported, even with quarantined rows
        QJsonParseError error{};
        const QJsonObject json = QJsonDocument::fromJson(o.out.toUtf8(), &error).object();
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(json.keys(), (QStringList{"generation", "run_id", "tables"}));
        QCOMPARE(json.value(QStringLiteral("generation")).toString(), QStringLiteral("A"));
        QCOMPARE(json.value(QStringLiteral("run_id")).toInt(), 1);
        const QJsonObject deps =
            json.value(QStringLiteral("tables")).toObject().value(QStringLiteral("task_dependencies")).toObject();
        QCOMPARE(deps.keys(), (QStringList{"imported", "normalised", "quarantined", "read"}));
        QCOMPARE(deps.value(QStringLiteral("read")).toInt(), 3);
        QCOMPARE(deps.value(QStringLiteral("imported")).toInt(), 1);
        const QJsonObject quarantined = deps.value(QStringLiteral("quarantined")).toObject();
        QCOMPARE(quarantined.value(QStringLiteral("self_dependency")).toInt(), 1);
        QCOMPARE(quarantined.value(QStringLiteral("orphan_reference")).toInt(), 1);
        // The global --json before the command works too.
        const Outcome dry = runCli({"--db", db, "--json", "import-legacy", source, "--dry-run", "--force"});
        QCOMPARE(dry.exitCode, 0);
        QCOMPARE(QJsonDocument::fromJson(dry.out.toUtf8()).object().value(QStringLiteral("run_id")).toInt(), 2);
    }

    void secondImportIsRefusedUnlessForced()
    {
        const QString db = m_dir.filePath(QStringLiteral("twice.db"));
        QCOMPARE(runCli({"--db", db, "import-legacy", realFile()}).exitCode, 0);
        const Outcome again = runCli({"--db", db, "import-legacy", realFile()});
        QCOMPARE(again.exitCode, 4);
        QVERIFY(again.out.isEmpty());
        QCOMPARE(again.err.trimmed().count(u'\n'), 0);
        QVERIFY(again.err.contains(QStringLiteral("already imported")));
        QVERIFY(again.err.contains(QStringLiteral("--force")));
        QCOMPARE(count(db, QStringLiteral("tasks")), 6);
        const Outcome forced = runCli({"--db", db, "import-legacy", "--force", realFile()});
        QCOMPARE(forced.exitCode, 0);
        QCOMPARE(count(db, QStringLiteral("tasks")), 12);
        QCOMPARE(count(db, QStringLiteral("import_runs")), 2);
    }

    void dryRunWritesNothing()
    {
        const QString db = m_dir.filePath(QStringLiteral("dry.db"));
        QCOMPARE(runCli({"--db", db, "demo"}).exitCode, 0);
        const Outcome o = runCli({"--db", db, "import-legacy", "--dry-run", realFile()});
        QCOMPARE(o.exitCode, 0);
        QVERIFY(o.out.contains(QStringLiteral("Dry run")));
        QVERIFY(o.out.contains(QStringLiteral("nothing was written")));
        QCOMPARE(count(db, QStringLiteral("tasks")), 40);
        QCOMPARE(count(db, QStringLiteral("import_runs")), 0);
        QCOMPARE(count(db, QStringLiteral("import_id_map")), 0);
        // A real import afterwards merges beside the demo.
        QCOMPARE(runCli({"--db", db, "import-legacy", realFile()}).exitCode, 0);
        QCOMPARE(count(db, QStringLiteral("tasks")), 46);
    }

    void errorsAreOneClearLine_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("message");
        QTest::newRow("not SQLite") << "text" << 5 << "not an SQLite database";
        QTest::newRow("no tasks table") << "no-tasks" << 2 << "no tasks table";
        QTest::newRow("missing") << "missing" << 3 << "does not exist";
        QTest::newRow("locked") << "locked" << 5 << "locked";
    }
    void errorsAreOneClearLine()
    {
        QFETCH(QString, kind);
        QFETCH(int, exitCode);
        QFETCH(QString, message);
        const QString source = m_dir.filePath(kind + QStringLiteral(".src"));
        ForeignWriter writer;
        if (kind == QLatin1String("text")) {
            QFile f(source);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("id,title\n1,hello\n");
        } else if (kind == QLatin1String("no-tasks")) {
            QVERIFY(test::writeSqliteFile(source, "CREATE TABLE jobs (id INTEGER PRIMARY KEY, title TEXT);"));
        } else if (kind == QLatin1String("locked")) {
            QVERIFY(test::writeSqliteFile(source, test::kSmallLegacyTracker));
            QVERIFY(writer.lock(source));
        }
        const QString db = m_dir.filePath(kind + QStringLiteral(".target.db"));
        const Outcome o = runCli({"--db", db, "import-legacy", source});
        QCOMPARE(o.exitCode, exitCode);
        QVERIFY(o.out.isEmpty());
        QVERIFY2(o.err.contains(message), qPrintable(o.err));
        QVERIFY(o.err.startsWith(QStringLiteral("taskorch-cli import-legacy: ")));
        QCOMPARE(o.err.trimmed().count(u'\n'), 0);
        QCOMPARE(count(db, QStringLiteral("tasks")), 0);
    }

    void usageAndHelp()
    {
        const QString db = m_dir.filePath(QStringLiteral("usage.db"));
        QCOMPARE(runCli({"--db", db, "import-legacy"}).exitCode, 1);
        const Outcome help = runCli({"--db", db, "import-legacy", "--help"});
        QCOMPARE(help.exitCode, 0);
        QVERIFY(help.out.contains(QStringLiteral("--dry-run")));
        QVERIFY(help.out.contains(QStringLiteral("--force")));
        QVERIFY(runCli({"--help"}).out.contains(QStringLiteral("import-legacy")));
    }
};

QTEST_GUILESS_MAIN(TestImportLegacyCommand)
#include "tst_ImportLegacyCommand.moc"
