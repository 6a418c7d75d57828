// SPDX-License-Identifier: GPL-3.0-or-later
// taskorch-cli (SPEC.md §10) driven in-process through CliApp with string streams, on a temporary database per
// test function; plus one run of the real binary.
#include "CliApp.h"

#include "Commands.h"
#include "Entities.h"
#include "MigrationRunner.h"
#include "TempWorkspace.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace taskorch;
using test::sha256OfFile;

namespace {

struct Run
{
    int exit = -1;
    QString out;
    QString err;
};

// What a failed command must print: exactly one line on stderr.
bool isOneLine(const QString &text)
{
    return !text.isEmpty() && text.endsWith(u'\n') && text.count(u'\n') == 1;
}

QJsonDocument parseJson(const QString &text)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError) {
        qWarning("not JSON (%s): %s", qPrintable(error.errorString()), qPrintable(text));
    }
    return doc;
}

QStringList sorted(QStringList list)
{
    list.sort();
    return list;
}

QStringList statisticsKeys()
{
    return sorted({"total_tasks", "completed_tasks", "in_progress_tasks", "blocked_tasks", "not_started_tasks",
                   "failed_tasks", "completion_percentage", "phase_breakdown", "component_breakdown",
                   "total_estimated_hours", "completed_hours", "remaining_hours", "progress_percentage"});
}

} // namespace

class TestCliApp : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void helpOnTheApp();
    void helpOnEveryCommand_data();
    void helpOnEveryCommand();
    void commandHelpNamesTheCommand();
    void helpOnACommandGroup();
    void unknownCommandsAndOptions_data();
    void unknownCommandsAndOptions();
    void initCreatesAndMigrates();
    void demoAndStats();
    void migrateStatusUpDown();
    void taskAddListShow();
    void taskListFiltersAndSort_data();
    void taskListFiltersAndSort();
    void taskSetStatusAndDelete();
    void dependenciesCommentsReadyBlocked();
    void jsonAfterTheCommand();
    void invalidValues_data();
    void invalidValues();
    void usageErrors_data();
    void usageErrors();
    void missingTask_data();
    void missingTask();
    void cycleRefusedWithItsPath();
    void notSqliteFileRefusedUntouched_data();
    void notSqliteFileRefusedUntouched();
    void otherApplicationsSqliteFileRefusedUntouched_data();
    void otherApplicationsSqliteFileRefusedUntouched();
    void missingFolderRefused();
    void realBinary();

private:
    Run cli(const QStringList &args);
    /// Runs with `--db <the test's database>` in front.
    Run db(const QStringList &args) { return cli(QStringList{QStringLiteral("--db"), m_path} + args); }
    void addThreeTasks();

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
};

void TestCliApp::initTestCase()
{
    // --help prints the default database path: keep it out of the user's real data folder.
    QStandardPaths::setTestModeEnabled(true);
    storage::Workspace::setApplicationIdentity();
}

void TestCliApp::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_path = m_dir->filePath(QStringLiteral("cli.db"));
}

void TestCliApp::cleanup()
{
    m_dir.reset();
}

Run TestCliApp::cli(const QStringList &args)
{
    Run run;
    QTextStream out(&run.out);
    QTextStream err(&run.err);
    cli::CliApp app;
    run.exit = app.run(args, out, err);
    out.flush();
    err.flush();
    return run;
}

void TestCliApp::addThreeTasks()
{
    QCOMPARE(db({"task", "add", "--title", "First", "--component", "core"}).out, QStringLiteral("1\n"));
    QCOMPARE(db({"task", "add", "--title", "Second", "--component", "ui", "--priority", "high"}).out,
             QStringLiteral("2\n"));
    QCOMPARE(db({"task", "add", "--title", "Third", "--component", "core", "--phase", "3"}).out, QStringLiteral("3\n"));
}

// ---------------------------------------------------------------- help and usage

void TestCliApp::helpOnTheApp()
{
    for (const QStringList &args : {QStringList{"--help"}, QStringList{"-h"}, QStringList{"help"}}) {
        const Run r = cli(args);
        QCOMPARE(r.exit, 0);
        QVERIFY2(r.out.startsWith(QStringLiteral("Usage: taskorch-cli [--db PATH] [--json] COMMAND")),
                 qPrintable(r.out));
        QVERIFY(r.err.isEmpty());
        for (const auto &command : cli::allCommands()) {
            QVERIFY2(r.out.contains(command->name()), qPrintable(command->name()));
        }
        QVERIFY(r.out.contains(QStringLiteral("Exit codes: 0 ok, 1 usage, 2 invalid input, 3 not found")));
    }
    // No command at all: usage on stderr, exit 1.
    const Run none = cli({});
    QCOMPARE(none.exit, 1);
    QVERIFY(none.err.startsWith(QStringLiteral("Usage:")));
    QVERIFY(none.out.isEmpty());
}

void TestCliApp::helpOnEveryCommand_data()
{
    QTest::addColumn<QStringList>("words");
    QStringList names;
    for (const auto &command : cli::allCommands()) {
        names << command->name();
        QTest::newRow(qPrintable(command->name())) << command->name().split(u' ');
    }
    // The commands of the foundation are all there.
    for (const char *name : {"init", "demo", "migrate status", "migrate up", "migrate down", "check-schema", "task add",
                             "task list", "task show", "task set-status", "task delete", "dep add", "dep remove",
                             "comment add", "stats", "ready", "blocked"}) {
        QVERIFY2(names.contains(QString::fromLatin1(name)), name);
    }
}

void TestCliApp::helpOnEveryCommand()
{
    QFETCH(QStringList, words);
    QString summary;
    for (const auto &command : cli::allCommands()) {
        if (command->name() == words.join(u' ')) {
            summary = command->summary();
        }
    }
    for (const QString &flag : {QStringLiteral("--help"), QStringLiteral("-h")}) {
        const Run r = db(words + QStringList{flag});
        QCOMPARE(r.exit, 0);
        QVERIFY2(r.out.startsWith(QStringLiteral("Usage: ")), qPrintable(r.out));
        QVERIFY2(r.out.contains(summary), qPrintable(r.out));
        QVERIFY(r.out.contains(QStringLiteral("--help")));
        QVERIFY(r.out.contains(QStringLiteral("--json")));
        QVERIFY2(r.err.isEmpty(), qPrintable(r.err));
    }
    // Help never touches the database.
    QVERIFY(!QFileInfo::exists(m_path));
}

void TestCliApp::commandHelpNamesTheCommand()
{
    // "taskorch-cli task show --help" must tell how to call *that* command, not "taskorch-cli [options] ID".
    for (const QStringList &words : {QStringList{"task", "show"}, QStringList{"dep", "add"}, QStringList{"stats"}}) {
        const Run r = db(words + QStringList{"--help"});
        QCOMPARE(r.exit, 0);
        const QString usageLine = r.out.section(u'\n', 0, 0);
        QVERIFY2(usageLine.startsWith(QStringLiteral("Usage: taskorch-cli ") + words.join(u' ')),
                 qPrintable(usageLine));
    }
}

void TestCliApp::helpOnACommandGroup()
{
    const Run help = db({"task", "--help"});
    QCOMPARE(help.exit, 0);
    for (const char *sub : {"task add", "task list", "task show", "task set-status", "task delete"}) {
        QVERIFY2(help.out.contains(QString::fromLatin1(sub)), sub);
    }
    const Run bare = db({"migrate"});
    QCOMPARE(bare.exit, 1);
    QVERIFY(bare.err.contains(QStringLiteral("migrate status")));
    QVERIFY(!QFileInfo::exists(m_path));
}

void TestCliApp::unknownCommandsAndOptions_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    QTest::newRow("unknown command") << QStringList{"frobnicate"} << "unknown command \"frobnicate\"";
    QTest::newRow("unknown subcommand") << QStringList{"task", "frobnicate"} << "Subcommands of task";
    QTest::newRow("unknown global option") << QStringList{"--verbose", "stats"} << "unknown option --verbose";
    QTest::newRow("unknown command option") << QStringList{"task", "list", "--colour", "red"} << "colour";
    QTest::newRow("--db without a path") << QStringList{"--db"} << "--db needs a path";
}

void TestCliApp::unknownCommandsAndOptions()
{
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    const Run r = args.first() == QLatin1String("--db") ? cli(args) : db(args);
    QCOMPARE(r.exit, 1);
    QVERIFY2(r.err.contains(message), qPrintable(r.err));
    QVERIFY(!QFileInfo::exists(m_path));
}

// ---------------------------------------------------------------- project commands

void TestCliApp::initCreatesAndMigrates()
{
    const int latest = storage::MigrationRunner::latestVersion();
    const Run r = db({"init"});
    QCOMPARE(r.exit, 0);
    QVERIFY2(r.out.contains(QStringLiteral("(schema version %1)").arg(latest)), qPrintable(r.out));
    QVERIFY(r.err.isEmpty());
    QVERIFY(QFileInfo::exists(m_path));

    const Run check = db({"check-schema"});
    QCOMPARE(check.exit, 0);
    QCOMPARE(check.out, QStringLiteral("The schema matches the data model.\n"));
    const Run checkJson = db({"check-schema", "--json"});
    QCOMPARE(checkJson.exit, 0);
    QCOMPARE(parseJson(checkJson.out).object().value(QStringLiteral("differences")).toArray().size(), 0);

    // init on an existing database is harmless and reports the same version.
    const Run again = db({"--json", "init"});
    QCOMPARE(again.exit, 0);
    const QJsonObject o = parseJson(again.out).object();
    QCOMPARE(o.value(QStringLiteral("schema_version")).toInt(), latest);
    QCOMPARE(o.value(QStringLiteral("database")).toString(), QFileInfo(m_path).absoluteFilePath());
}

void TestCliApp::demoAndStats()
{
    const Run demo = db({"demo"});
    QCOMPARE(demo.exit, 0);
    QVERIFY2(demo.out.contains(QStringLiteral("40 tasks")), qPrintable(demo.out));

    const Run stats = db({"stats", "--json"});
    QCOMPARE(stats.exit, 0);
    const QJsonObject s = parseJson(stats.out).object();
    QCOMPARE(sorted(s.keys()), statisticsKeys());
    QCOMPARE(s.value(QStringLiteral("total_tasks")).toInt(), 40);
    QCOMPARE(s.value(QStringLiteral("completed_tasks")).toInt(), 7);
    QCOMPARE(s.value(QStringLiteral("in_progress_tasks")).toInt(), 2);
    QCOMPARE(s.value(QStringLiteral("blocked_tasks")).toInt(), 1);
    QCOMPARE(s.value(QStringLiteral("failed_tasks")).toInt(), 1);
    QCOMPARE(s.value(QStringLiteral("not_started_tasks")).toInt(), 29);
    QCOMPARE(s.value(QStringLiteral("completion_percentage")).toDouble(), 17.5);
    QCOMPARE(s.value(QStringLiteral("total_estimated_hours")).toDouble(), 187.0);
    QCOMPARE(s.value(QStringLiteral("completed_hours")).toDouble(), 19.5);
    QCOMPARE(s.value(QStringLiteral("remaining_hours")).toDouble(), 167.5);
    QCOMPARE(s.value(QStringLiteral("progress_percentage")).toDouble(), 10.4);
    const QJsonArray phases = s.value(QStringLiteral("phase_breakdown")).toArray();
    QCOMPARE(phases.size(), 4);
    QCOMPARE(phases.at(0).toObject(), QJsonObject({{"phase", 1}, {"count", 10}, {"completed", 7}}));
    QCOMPARE(phases.at(3).toObject(), QJsonObject({{"phase", 4}, {"count", 10}, {"completed", 0}}));
    const QJsonArray components = s.value(QStringLiteral("component_breakdown")).toArray();
    QCOMPARE(components.size(), 24);
    QCOMPARE(components.at(0).toObject(), QJsonObject({{"area", "ui"}, {"count", 5}, {"completed", 1}}));

    const Run text = db({"stats"});
    QCOMPARE(text.exit, 0);
    QVERIFY2(text.out.contains(QStringLiteral("Tasks:        40")), qPrintable(text.out));
    QVERIFY(text.out.contains(QStringLiteral("completed:  7 (17.5%)")));
    QVERIFY(text.out.contains(QStringLiteral("Phase 1: 7/10")));

    // The demo goes only into an empty database.
    const Run again = db({"demo"});
    QCOMPARE(again.exit, 4);
    QVERIFY(isOneLine(again.err));
    QCOMPARE(parseJson(db({"stats", "--json"}).out).object().value(QStringLiteral("total_tasks")).toInt(), 40);
}

void TestCliApp::migrateStatusUpDown()
{
    const int latest = storage::MigrationRunner::latestVersion();
    QCOMPARE(db({"init"}).exit, 0);

    const Run status = db({"migrate", "status"});
    QCOMPARE(status.exit, 0);
    QCOMPARE(status.out.count(u'\n'), latest);
    QVERIFY(status.out.startsWith(QStringLiteral("0001 initial")));
    QCOMPARE(status.out.count(QStringLiteral(" applied ")), latest);
    QVERIFY(!status.out.contains(QStringLiteral("MISMATCH")));

    const Run statusJson = db({"migrate", "status", "--json"});
    const QJsonArray rows = parseJson(statusJson.out).array();
    QCOMPARE(rows.size(), latest);
    for (int i = 0; i < rows.size(); ++i) {
        const QJsonObject row = rows.at(i).toObject();
        QCOMPARE(row.value(QStringLiteral("version")).toInt(), i + 1);
        QVERIFY(row.value(QStringLiteral("applied")).toBool());
        QVERIFY(row.value(QStringLiteral("checksum_ok")).toBool());
        QVERIFY(!row.value(QStringLiteral("applied_at")).toString().isEmpty());
    }

    const Run down = db({"migrate", "down", "--to", "0"});
    QCOMPARE(down.exit, 0);
    QCOMPARE(down.out, QStringLiteral("Schema at version 0\n"));
    const Run checkEmpty = db({"check-schema"});
    QCOMPARE(checkEmpty.exit, 5);
    QVERIFY(checkEmpty.out.contains(QStringLiteral("tasks: table is missing")));
    QVERIFY(isOneLine(checkEmpty.err));
    const Run pending = db({"migrate", "status", "--json"});
    for (const QJsonValue &v : parseJson(pending.out).array()) {
        QVERIFY(!v.toObject().value(QStringLiteral("applied")).toBool());
    }

    const Run up = db({"migrate", "up"});
    QCOMPARE(up.exit, 0);
    QCOMPARE(up.out, QStringLiteral("Schema at version %1\n").arg(latest));
    QCOMPARE(db({"check-schema"}).exit, 0);

    const Run oneDown = db({"migrate", "down"});
    QCOMPARE(oneDown.exit, 0);
    QCOMPARE(oneDown.out, QStringLiteral("Schema at version %1\n").arg(latest - 1));
    const Run upTo = db({"migrate", "up", "--to", QString::number(latest)});
    QCOMPARE(upTo.exit, 0);
    QCOMPARE(upTo.out, QStringLiteral("Schema at version %1\n").arg(latest));

    const Run badTarget = db({"migrate", "down", "--to", "x"});
    QCOMPARE(badTarget.exit, 1);
    QVERIFY(isOneLine(badTarget.err));
    // The same for up: a target that is not a number is refused, not read as 0.
    const Run badUpTarget = db({"migrate", "up", "--to", "x"});
    QCOMPARE(badUpTarget.exit, 1);
    QVERIFY(isOneLine(badUpTarget.err));
    QCOMPARE(db({"check-schema"}).exit, 0);
}

// ---------------------------------------------------------------- tasks

void TestCliApp::taskAddListShow()
{
    QCOMPARE(db({"init"}).exit, 0);
    const Run full = db({"task",
                         "add",
                         "--title",
                         "Write the tests",
                         "--component",
                         "testing",
                         "--phase",
                         "2",
                         "--priority",
                         "high",
                         "--complexity",
                         "complex",
                         "--hours",
                         "2.5",
                         "--description",
                         "Über alles",
                         "--source-document",
                         "plan.md",
                         "--success-criteria",
                         "All green"});
    QCOMPARE(full.exit, 0);
    QCOMPARE(full.out, QStringLiteral("1\n"));
    // Only the required options: the optional texts are stored as their defaults.
    const Run minimal = db({"task", "add", "--title", "Minimal", "--component", "core"});
    QVERIFY2(minimal.exit == 0, qPrintable(minimal.err));
    QCOMPARE(minimal.out, QStringLiteral("2\n"));
    const Run child = db({"task", "add", "--title", "Child", "--component", "core", "--parent", "1", "--json"});
    QCOMPARE(child.exit, 0);
    QCOMPARE(parseJson(child.out).object(), QJsonObject({{"id", 3}}));

    const Run list = db({"task", "list"});
    QCOMPARE(list.exit, 0);
    QVERIFY(list.out.contains(QStringLiteral("Write the tests")));
    QVERIFY(list.out.contains(QStringLiteral("Minimal")));
    QVERIFY(list.out.endsWith(QStringLiteral("3 task(s)\n")));

    const Run json = db({"task", "list", "--json"});
    QCOMPARE(json.exit, 0);
    const QJsonArray tasks = parseJson(json.out).array();
    QCOMPARE(tasks.size(), 3);
    const QJsonObject first = tasks.at(0).toObject();
    QCOMPARE(sorted(first.keys()), sorted(core::Task::spec().columnNames()));
    QCOMPARE(first.value(QStringLiteral("id")).toInt(), 1);
    QCOMPARE(first.value(QStringLiteral("title")).toString(), QStringLiteral("Write the tests"));
    QCOMPARE(first.value(QStringLiteral("description")).toString(), QStringLiteral("Über alles"));
    QCOMPARE(first.value(QStringLiteral("component_area")).toString(), QStringLiteral("testing"));
    QCOMPARE(first.value(QStringLiteral("phase")).toInt(), 2);
    QCOMPARE(first.value(QStringLiteral("priority")).toString(), QStringLiteral("high"));
    QCOMPARE(first.value(QStringLiteral("complexity")).toString(), QStringLiteral("complex"));
    QCOMPARE(first.value(QStringLiteral("status")).toString(), QStringLiteral("not_started"));
    QCOMPARE(first.value(QStringLiteral("source_document")).toString(), QStringLiteral("plan.md"));
    QCOMPARE(first.value(QStringLiteral("success_criteria")).toString(), QStringLiteral("All green"));
    QCOMPARE(first.value(QStringLiteral("time_estimate_hours")).toDouble(), 2.5);
    QVERIFY(first.value(QStringLiteral("parent_task_id")).isNull());
    const QJsonObject second = tasks.at(1).toObject();
    QCOMPARE(second.value(QStringLiteral("source_document")).toString(), QString());
    QVERIFY(second.value(QStringLiteral("description")).isNull());
    QCOMPARE(second.value(QStringLiteral("priority")).toString(), QStringLiteral("medium"));
    QCOMPARE(second.value(QStringLiteral("time_estimate_hours")).toDouble(), 1.0);
    QCOMPARE(tasks.at(2).toObject().value(QStringLiteral("parent_task_id")).toInt(), 1);

    const Run show = db({"task", "show", "1"});
    QCOMPARE(show.exit, 0);
    QVERIFY(show.out.startsWith(QStringLiteral("Task 1: Write the tests\n")));
    QVERIFY(show.out.contains(QStringLiteral("3  Child [not_started]")));
    QVERIFY(show.out.contains(QStringLiteral("Task created (system)")));

    const Run showJson = db({"task", "show", "1", "--json"});
    QCOMPARE(showJson.exit, 0);
    const QJsonObject detail = parseJson(showJson.out).object();
    QCOMPARE(detail.value(QStringLiteral("title")).toString(), QStringLiteral("Write the tests"));
    QCOMPARE(detail.value(QStringLiteral("subtasks")).toArray(), QJsonArray({3}));
    QCOMPARE(detail.value(QStringLiteral("progress")).toArray().size(), 1);
    QCOMPARE(detail.value(QStringLiteral("progress")).toArray().at(0).toObject().value(QStringLiteral("notes")),
             QJsonValue(QStringLiteral("Task created")));
    QVERIFY(detail.value(QStringLiteral("dependencies")).toArray().isEmpty());
    QVERIFY(detail.value(QStringLiteral("comments")).toArray().isEmpty());
}

void TestCliApp::taskListFiltersAndSort_data()
{
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<QList<int>>("ids");

    // The demo project: ids 1..40 as listed in DemoProject.cpp.
    QTest::newRow("all") << QStringList{} << [] {
        QList<int> all;
        for (int i = 1; i <= 40; ++i) {
            all << i;
        }
        return all;
    }();
    QTest::newRow("--status completed") << QStringList{"--status", "completed"} << QList<int>{1, 2, 3, 4, 5, 6, 8};
    QTest::newRow("--status in any case") << QStringList{"--status", "In_Progress"} << QList<int>{7, 14};
    QTest::newRow("--component ui") << QStringList{"--component", "ui"} << QList<int>{3, 12, 15, 18, 35};
    QTest::newRow("--phase 1 --priority critical")
        << QStringList{"--phase", "1", "--priority", "critical"} << QList<int>{4, 6, 10};
    QTest::newRow("--search any case") << QStringList{"--search", "TEST"} << QList<int>{31, 32, 33};
    QTest::newRow("--search in the description") << QStringList{"--search", "keyring"} << QList<int>{4};
    QTest::newRow("--sort priority --desc --limit 6")
        << QStringList{"--sort", "priority", "--desc", "--limit", "6"} << QList<int>{40, 36, 29, 14, 10, 6};
    QTest::newRow("--sort hours --limit 3") << QStringList{"--sort", "hours", "--limit", "3"} << QList<int>{2, 40, 5};
    QTest::newRow("--component documentation --sort title")
        << QStringList{"--component", "documentation", "--sort", "title"} << QList<int>{38, 40, 37};
    QTest::newRow("no match") << QStringList{"--component", "nothing"} << QList<int>{};
}

void TestCliApp::taskListFiltersAndSort()
{
    QFETCH(QStringList, options);
    QFETCH(QList<int>, ids);
    QCOMPARE(db({"demo"}).exit, 0);
    const Run r = db(QStringList{"task", "list", "--json"} + options);
    QCOMPARE(r.exit, 0);
    QList<int> got;
    for (const QJsonValue &v : parseJson(r.out).array()) {
        got << v.toObject().value(QStringLiteral("id")).toInt();
    }
    QCOMPARE(got, ids);
    const Run text = db(QStringList{"task", "list"} + options);
    QCOMPARE(text.exit, 0);
    QVERIFY(text.out.endsWith(QStringLiteral("%1 task(s)\n").arg(ids.size())));
}

void TestCliApp::taskSetStatusAndDelete()
{
    QCOMPARE(db({"init"}).exit, 0);
    addThreeTasks();
    const Run set = db({"task", "set-status", "1", "in_progress", "--progress", "40", "--notes", "Halfway", "--comment",
                        "Chose the parser", "--comment-type", "decision"});
    QCOMPARE(set.exit, 0);
    QCOMPARE(set.out, QStringLiteral("Task 1 is now in_progress\n"));
    QJsonObject detail = parseJson(db({"task", "show", "1", "--json"}).out).object();
    QCOMPARE(detail.value(QStringLiteral("status")).toString(), QStringLiteral("in_progress"));
    QJsonObject latest = detail.value(QStringLiteral("progress")).toArray().at(0).toObject();
    QCOMPARE(latest.value(QStringLiteral("progress_percentage")).toInt(), 40);
    QCOMPARE(latest.value(QStringLiteral("notes")).toString(), QStringLiteral("Halfway"));
    const QJsonObject comment = detail.value(QStringLiteral("comments")).toArray().at(0).toObject();
    QCOMPARE(comment.value(QStringLiteral("comment")).toString(), QStringLiteral("Chose the parser"));
    QCOMPARE(comment.value(QStringLiteral("comment_type")).toString(), QStringLiteral("decision"));

    // Status spelling is case-insensitive; completed defaults to 100 %.
    const Run done = db({"task", "set-status", "1", "COMPLETED", "--json"});
    QCOMPARE(done.exit, 0);
    QCOMPARE(parseJson(done.out).object(), QJsonObject({{"id", 1}, {"status", "completed"}}));
    detail = parseJson(db({"task", "show", "1", "--json"}).out).object();
    latest = detail.value(QStringLiteral("progress")).toArray().at(0).toObject();
    QCOMPARE(latest.value(QStringLiteral("progress_percentage")).toInt(), 100);

    const Run del = db({"task", "delete", "1"});
    QCOMPARE(del.exit, 0);
    QCOMPARE(del.out, QStringLiteral("Deleted task 1\n"));
    QCOMPARE(db({"task", "show", "1"}).exit, 3);
    QCOMPARE(parseJson(db({"task", "delete", "2", "--json"}).out).object(), QJsonObject({{"deleted", 2}}));
    QVERIFY(db({"task", "list"}).out.endsWith(QStringLiteral("1 task(s)\n")));
}

void TestCliApp::dependenciesCommentsReadyBlocked()
{
    QCOMPARE(db({"init"}).exit, 0);
    addThreeTasks();
    const Run add = db({"dep", "add", "2", "1"});
    QCOMPARE(add.exit, 0);
    QCOMPARE(add.out, QStringLiteral("Task 2 depends on task 1 (blocks, FS)\n"));
    const Run addJson =
        db({"dep", "add", "3", "1", "--type", "requires", "--relation", "ss", "--lag", "-1.5", "--json"});
    QCOMPARE(addJson.exit, 0);
    const QJsonObject dep = parseJson(addJson.out).object();
    QCOMPARE(dep.value(QStringLiteral("task_id")).toInt(), 3);
    QCOMPARE(dep.value(QStringLiteral("depends_on_task_id")).toInt(), 1);
    QCOMPARE(dep.value(QStringLiteral("dependency_type")).toString(), QStringLiteral("requires"));
    QCOMPARE(dep.value(QStringLiteral("relation")).toString(), QStringLiteral("SS"));
    QCOMPARE(dep.value(QStringLiteral("lag_hours")).toDouble(), -1.5);
    // The same pair again returns the existing row.
    const QJsonObject same = parseJson(db({"dep", "add", "3", "1", "--json"}).out).object();
    QCOMPARE(same.value(QStringLiteral("id")), dep.value(QStringLiteral("id")));

    const Run ready = db({"ready"});
    QCOMPARE(ready.exit, 0);
    QVERIFY(ready.out.contains(QStringLiteral("First")));
    QVERIFY(!ready.out.contains(QStringLiteral("Second")));
    QVERIFY(ready.out.endsWith(QStringLiteral("1 ready task(s)\n")));
    const Run blocked = db({"blocked"});
    QCOMPARE(blocked.exit, 0);
    QVERIFY2(blocked.out.contains(QStringLiteral("Second  blocked by: First")), qPrintable(blocked.out));
    QVERIFY(blocked.out.endsWith(QStringLiteral("2 blocked task(s)\n")));
    const QJsonArray blockedJson = parseJson(db({"blocked", "--json"}).out).array();
    QCOMPARE(blockedJson.size(), 2);
    QCOMPARE(blockedJson.at(0).toObject().value(QStringLiteral("blocked_by")).toArray(), QJsonArray({"First"}));

    const Run comment = db({"comment", "add", "1", "Use SQLite", "--type", "decision"});
    QCOMPARE(comment.exit, 0);
    QCOMPARE(comment.out, QStringLiteral("1\n"));
    QCOMPARE(parseJson(db({"comment", "add", "1", "Second thought", "--json"}).out).object(), QJsonObject({{"id", 2}}));

    QCOMPARE(db({"task", "set-status", "1", "completed"}).exit, 0);
    const QJsonArray nowReady = parseJson(db({"ready", "--json", "--limit", "5"}).out).array();
    QCOMPARE(nowReady.size(), 2);
    QCOMPARE(nowReady.at(0).toObject().value(QStringLiteral("id")).toInt(), 2); // high before medium
    QCOMPARE(db({"ready", "--limit", "1", "--json"}).out.count(QStringLiteral("\"id\"")), 1);

    const Run remove = db({"dep", "remove", "2", "1"});
    QCOMPARE(remove.exit, 0);
    QCOMPARE(remove.out, QStringLiteral("Task 2 no longer depends on task 1\n"));
    const Run removeAgain = db({"dep", "remove", "2", "1"});
    QCOMPARE(removeAgain.exit, 3);
    QVERIFY(isOneLine(removeAgain.err));
}

void TestCliApp::jsonAfterTheCommand()
{
    QCOMPARE(db({"demo"}).exit, 0);
    const Run before = db({"--json", "stats"});
    const Run after = db({"stats", "--json"});
    QCOMPARE(before.exit, 0);
    QCOMPARE(after.exit, 0);
    QCOMPARE(after.out, before.out);
    QVERIFY(parseJson(after.out).isObject());
    const Run list = db({"task", "list", "--status", "blocked", "--json"});
    QCOMPARE(parseJson(list.out).array().size(), 1);
    const Run show = db({"task", "show", "--json", "19"});
    QCOMPARE(parseJson(show.out).object().value(QStringLiteral("id")).toInt(), 19);
}

// ---------------------------------------------------------------- errors

void TestCliApp::invalidValues_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");

    const QStringList add{"task", "add", "--title", "T", "--component", "core"};
    QTest::newRow("empty title") << QStringList{"task", "add", "--title", "", "--component", "core"}
                                 << "title: must be 1–500 characters, got 0";
    QTest::newRow("title too long") << QStringList{"task", "add", "--title", QString(501, u'x'), "--component", "c"}
                                    << "title: must be 1–500 characters, got 501";
    QTest::newRow("phase 5") << add + QStringList{"--phase", "5"} << "phase: must be 1–4, got 5";
    QTest::newRow("phase 0") << add + QStringList{"--phase", "0"} << "phase: must be 1–4, got 0";
    QTest::newRow("phase not a number") << add + QStringList{"--phase", "two"}
                                        << "--phase must be a whole number, got \"two\"";
    QTest::newRow("unknown priority") << add + QStringList{"--priority", "urgent"}
                                      << "--priority must be one of low, medium, high, critical, got \"urgent\"";
    QTest::newRow("unknown complexity") << add + QStringList{"--complexity", "hard"} << "--complexity must be one of";
    QTest::newRow("hours too small") << add + QStringList{"--hours", "0.05"}
                                     << "time_estimate_hours: must be 0.1–200, got 0.05";
    QTest::newRow("hours too large") << add + QStringList{"--hours", "200.5"}
                                     << "time_estimate_hours: must be 0.1–200, got 200.5";
    QTest::newRow("hours not a number") << add + QStringList{"--hours", "lots"} << "--hours must be a number";
    QTest::newRow("parent not an id") << add + QStringList{"--parent", "x"} << "--parent must be a task id";
    QTest::newRow("list: unknown status") << QStringList{"task", "list", "--status", "done"}
                                          << "--status must be one of not_started, in_progress, blocked, completed, "
                                             "failed, got \"done\"";
    QTest::newRow("list: unknown sort") << QStringList{"task", "list", "--sort", "colour"} << "--sort must be one of";
    QTest::newRow("list: limit not a number")
        << QStringList{"task", "list", "--limit", "many"} << "--limit must be a whole number";
    QTest::newRow("set-status: unknown status")
        << QStringList{"task", "set-status", "1", "done"} << "status must be one of";
    QTest::newRow("set-status: progress 150")
        << QStringList{"task", "set-status", "1", "in_progress", "--progress", "150"}
        << "progress_percentage: must be 0–100, got 150";
    QTest::newRow("set-status: unknown comment type")
        << QStringList{"task", "set-status", "1", "blocked", "--comment", "x", "--comment-type", "rant"}
        << "--comment-type must be one of";
    QTest::newRow("dep: unknown type") << QStringList{"dep", "add", "2", "1", "--type", "soft"}
                                       << "--type must be one of blocks, requires, enhances, got \"soft\"";
    QTest::newRow("dep: unknown relation")
        << QStringList{"dep", "add", "2", "1", "--relation", "XY"} << "--relation must be one of FS, SS, FF, SF";
    QTest::newRow("dep: lag not a number")
        << QStringList{"dep", "add", "2", "1", "--lag", "soon"} << "--lag must be a number of hours";
    QTest::newRow("dep: lag out of range")
        << QStringList{"dep", "add", "2", "1", "--lag", "20000"} << "lag_hours: must be -10000–10000, got 20000";
    QTest::newRow("dep: itself") << QStringList{"dep", "add", "1", "1"} << "a task cannot depend on itself (task 1)";
    QTest::newRow("comment: empty") << QStringList{"comment", "add", "1", ""}
                                    << "comment: must be 1–2000 characters, got 0";
    QTest::newRow("comment: unknown type") << QStringList{"comment", "add", "1", "x", "--type", "rant"}
                                           << "--type must be one of note, decision, blocker, solution";
    QTest::newRow("ready: negative limit") << QStringList{"ready", "--limit", "-1"} << "--limit must be a number";
}

void TestCliApp::invalidValues()
{
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    QCOMPARE(db({"init"}).exit, 0);
    QCOMPARE(db({"task", "add", "--title", "One", "--component", "core"}).exit, 0);
    QCOMPARE(db({"task", "add", "--title", "Two", "--component", "core"}).exit, 0);
    const QString before = db({"task", "show", "1", "--json"}).out + db({"task", "list", "--json"}).out;

    const Run r = db(args);
    QCOMPARE(r.exit, 2);
    QVERIFY2(isOneLine(r.err), qPrintable(r.err));
    QVERIFY2(r.err.contains(message), qPrintable(r.err));
    QVERIFY2(r.err.startsWith(QStringLiteral("taskorch-cli ")), qPrintable(r.err));
    QVERIFY(r.out.isEmpty());
    // Nothing changed.
    QCOMPARE(db({"task", "show", "1", "--json"}).out + db({"task", "list", "--json"}).out, before);
    QCOMPARE(parseJson(db({"task", "show", "1", "--json"}).out)
                 .object()
                 .value(QStringLiteral("dependencies"))
                 .toArray()
                 .size(),
             0);
}

void TestCliApp::usageErrors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::newRow("task add without --title") << QStringList{"task", "add", "--component", "core"};
    QTest::newRow("task add without --component") << QStringList{"task", "add", "--title", "T"};
    QTest::newRow("task show without an id") << QStringList{"task", "show"};
    QTest::newRow("task show with a word") << QStringList{"task", "show", "first"};
    QTest::newRow("task show with two ids") << QStringList{"task", "show", "1", "2"};
    QTest::newRow("task set-status without a status") << QStringList{"task", "set-status", "1"};
    QTest::newRow("dep add with one id") << QStringList{"dep", "add", "1"};
    QTest::newRow("dep add with a negative id") << QStringList{"dep", "add", "1", "-2"};
    QTest::newRow("comment add without text") << QStringList{"comment", "add", "1"};
    QTest::newRow("option without its value") << QStringList{"task", "list", "--status"};
}

void TestCliApp::usageErrors()
{
    QFETCH(QStringList, args);
    const Run r = db(args);
    QCOMPARE(r.exit, 1);
    QVERIFY2(isOneLine(r.err), qPrintable(r.err));
    QVERIFY2(r.err.contains(QStringLiteral("--help")), qPrintable(r.err));
}

void TestCliApp::missingTask_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    QTest::newRow("task show") << QStringList{"task", "show", "99"} << "task 99 does not exist";
    QTest::newRow("task delete") << QStringList{"task", "delete", "99"} << "task 99 does not exist";
    QTest::newRow("task set-status") << QStringList{"task", "set-status", "99", "completed"}
                                     << "task 99 does not exist";
    QTest::newRow("task add --parent") << QStringList{"task",        "add", "--title",  "T",
                                                      "--component", "c",   "--parent", "99"}
                                       << "parent task 99 does not exist";
    QTest::newRow("dep add: missing task") << QStringList{"dep", "add", "99", "1"} << "task 99 does not exist";
    QTest::newRow("dep add: missing prerequisite") << QStringList{"dep", "add", "1", "99"} << "task 99 does not exist";
    QTest::newRow("dep remove: no such dependency")
        << QStringList{"dep", "remove", "1", "2"} << "task 1 does not depend on task 2";
    QTest::newRow("comment add") << QStringList{"comment", "add", "99", "text"} << "task 99 does not exist";
}

void TestCliApp::missingTask()
{
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    QCOMPARE(db({"init"}).exit, 0);
    addThreeTasks();
    const Run r = db(args);
    QCOMPARE(r.exit, 3);
    QVERIFY2(isOneLine(r.err), qPrintable(r.err));
    QVERIFY2(r.err.contains(message), qPrintable(r.err));
    QVERIFY(db({"task", "list"}).out.endsWith(QStringLiteral("3 task(s)\n")));
}

void TestCliApp::cycleRefusedWithItsPath()
{
    QCOMPARE(db({"demo"}).exit, 0);
    const Run r = db({"dep", "add", "1", "40"});
    QCOMPARE(r.exit, 4);
    QVERIFY2(isOneLine(r.err), qPrintable(r.err));
    QCOMPARE(r.err, QStringLiteral("taskorch-cli dep add: task 1 cannot depend on task 40: that would close the cycle "
                                   "1 → 40 → 39 → 36 → 4 → 5 → 1\n"));
    QVERIFY(r.out.isEmpty());
    // Nothing was added; the soft type is accepted where the hard one was not.
    QVERIFY(parseJson(db({"task", "show", "1", "--json"}).out)
                .object()
                .value(QStringLiteral("dependencies"))
                .toArray()
                .isEmpty());
    QCOMPARE(db({"dep", "add", "1", "40", "--type", "enhances"}).exit, 0);
}

void TestCliApp::notSqliteFileRefusedUntouched_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QStringList>("args");
    QByteArray random(4096, Qt::Uninitialized);
    QRandomGenerator generator(2024);
    for (char &c : random) {
        c = char(generator.bounded(256));
    }
    const QByteArray csv("id,title\r\n1,Write tests\r\n");
    for (const QStringList &args :
         {QStringList{"init"}, QStringList{"demo"}, QStringList{"task", "list"}, QStringList{"stats", "--json"},
          QStringList{"migrate", "status"}, QStringList{"migrate", "up"}, QStringList{"migrate", "down", "--to", "0"},
          QStringList{"check-schema"}, QStringList{"task", "add", "--title", "T", "--component", "c"}}) {
        QTest::addRow("random bytes: %s", qPrintable(args.join(u' '))) << random << args;
        QTest::addRow("CSV named .db: %s", qPrintable(args.join(u' '))) << csv << args;
    }
}

void TestCliApp::notSqliteFileRefusedUntouched()
{
    QFETCH(QByteArray, content);
    QFETCH(QStringList, args);
    {
        QFile f(m_path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(content);
    }
    const QByteArray before = sha256OfFile(m_path);
    const Run r = db(args);
    QCOMPARE(r.exit, 5);
    QVERIFY2(isOneLine(r.err), qPrintable(r.err));
    QVERIFY2(r.err.contains(QStringLiteral("not a TaskOrch database")), qPrintable(r.err));
    QCOMPARE(sha256OfFile(m_path), before);
    QCOMPARE(QDir(m_dir->path()).entryList(QDir::Files), QStringList({QStringLiteral("cli.db")}));
}

void TestCliApp::otherApplicationsSqliteFileRefusedUntouched_data()
{
    QTest::addColumn<QString>("table");
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    const QString recipes = QStringLiteral("is not a TaskOrch database (it holds other tables: recipes).");
    const QString legacy = QStringLiteral("use import-legacy");
    QTest::newRow("recipes: init") << "recipes" << QStringList{"init"} << recipes;
    QTest::newRow("recipes: task list") << "recipes" << QStringList{"task", "list"} << recipes;
    QTest::newRow("legacy tracker: stats") << "tasks" << QStringList{"stats"} << legacy;
    QTest::newRow("legacy tracker: migrate up") << "tasks" << QStringList{"migrate", "up"} << legacy;
}

void TestCliApp::otherApplicationsSqliteFileRefusedUntouched()
{
    QFETCH(QString, table);
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    {
        // Written the way another program would: the default rollback journal, not WAL.
        QSqlDatabase other = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("other-app"));
        other.setDatabaseName(m_path);
        QVERIFY(other.open());
        QSqlQuery q(other);
        QVERIFY(q.exec(QStringLiteral("CREATE TABLE %1 (id INTEGER PRIMARY KEY, title TEXT)").arg(table)));
        QVERIFY(q.exec(QStringLiteral("INSERT INTO %1 (title) VALUES ('Pancakes')").arg(table)));
        q.finish();
        other.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("other-app"));
    const QByteArray before = sha256OfFile(m_path);

    const Run r = db(args);
    QCOMPARE(r.exit, 5);
    QVERIFY2(isOneLine(r.err), qPrintable(r.err));
    QVERIFY2(r.err.contains(message), qPrintable(r.err));
    QCOMPARE(sha256OfFile(m_path), before);
    QCOMPARE(QDir(m_dir->path()).entryList(QDir::Files), QStringList({QStringLiteral("cli.db")}));
}

void TestCliApp::missingFolderRefused()
{
    const QString path = m_dir->filePath(QStringLiteral("no/such/folder/x.db"));
    const Run r = cli({"--db", path, "init"});
    QCOMPARE(r.exit, 5);
    QVERIFY2(isOneLine(r.err), qPrintable(r.err));
    QVERIFY(r.err.contains(QStringLiteral("does not exist")));
    QVERIFY(!QFileInfo::exists(m_dir->filePath(QStringLiteral("no"))));
}

// ---------------------------------------------------------------- the real binary

void TestCliApp::realBinary()
{
    const QString program = qEnvironmentVariable("TASKORCH_CLI");
    QVERIFY2(!program.isEmpty(), "TASKORCH_CLI is not set (see tests/CMakeLists.txt)");
    QVERIFY2(QFileInfo(program).isExecutable(), qPrintable(program));

    auto run = [&](const QStringList &args) {
        QProcess process;
        process.setProgram(program);
        process.setArguments(QStringList{QStringLiteral("--db"), m_path} + args);
        process.start();
        Run r;
        if (!process.waitForFinished(120000) || process.exitStatus() != QProcess::NormalExit) {
            qWarning("%s did not finish normally", qPrintable(program));
            return r;
        }
        r.exit = process.exitCode();
        r.out = QString::fromUtf8(process.readAllStandardOutput());
        r.err = QString::fromUtf8(process.readAllStandardError());
        return r;
    };

    const Run demo = run({"demo"});
    QVERIFY2(demo.exit == 0, qPrintable(demo.err));
    QVERIFY(demo.out.contains(QStringLiteral("40 tasks")));

    const Run stats = run({"stats", "--json"});
    QCOMPARE(stats.exit, 0);
    const QJsonObject s = parseJson(stats.out).object();
    QCOMPARE(sorted(s.keys()), statisticsKeys());
    QCOMPARE(s.value(QStringLiteral("total_tasks")).toInt(), 40);
    QCOMPARE(s.value(QStringLiteral("completed_tasks")).toInt(), 7);
    QCOMPARE(s.value(QStringLiteral("progress_percentage")).toDouble(), 10.4);

    // Task 2 already depends on task 1: the reverse closes a cycle.
    const Run cycle = run({"dep", "add", "1", "2"});
    QCOMPARE(cycle.exit, 4);
    QVERIFY2(isOneLine(cycle.err), qPrintable(cycle.err));
    QVERIFY2(cycle.err.contains(QStringLiteral("1 → 2 → 1")), qPrintable(cycle.err));
    QVERIFY(cycle.out.isEmpty());

    const Run unknown = run({"frobnicate"});
    QCOMPARE(unknown.exit, 1);
}

QTEST_GUILESS_MAIN(TestCliApp)
#include "tst_CliApp.moc"
