// SPDX-License-Identifier: GPL-3.0-or-later
// `taskorch-cli --batch`: one command per input line, each exactly as if run on its own (own transaction, same
// global options), words split and quoted as in a shell, stopping at the first failing line with its exit code.
// Driven in-process through CliApp with string streams; tst_Contention runs it through the real binary.

#include "CliApp.h"

#include "TempWorkspace.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace taskorch;

namespace {

struct Run
{
    int exit = -1;
    QString out;
    QString err;
};

} // namespace

class TestCliBatch : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        m_ws = std::make_unique<test::TempWorkspace>();
        QVERIFY2(m_ws->isValid(), qPrintable(m_ws->errorString()));
        m_ws->close();
    }
    void cleanup() { m_ws.reset(); }

    void runsEveryLineInOrder();
    void quotingFollowsTheShell_data();
    void quotingFollowsTheShell();
    void stopsAtTheFirstFailingLine();
    void unterminatedQuoteStopsTheBatch();
    void globalOptionsApplyToEveryLine();
    void refusesACommandOrANestedBatch();
    void emptyInputDoesNothing();

private:
    Run batch(const QString &input, const QStringList &globalOptions = {})
    {
        Run run;
        QString in = input;
        QTextStream inStream(&in, QIODevice::ReadOnly);
        QTextStream out(&run.out);
        QTextStream err(&run.err);
        cli::CliApp app;
        app.setInput(&inStream);
        run.exit = app.run(QStringList{QStringLiteral("--db"), m_ws->dbPath()} + globalOptions +
                               QStringList{QStringLiteral("--batch")},
                           out, err);
        out.flush();
        err.flush();
        return run;
    }
    QStringList titles()
    {
        auto ws = storage::Workspace::open(m_ws->dbPath());
        QStringList result;
        storage::TaskListRequest request;
        const auto tasks = (*ws)->tasks().list(request);
        for (const core::Task &t : *tasks) {
            result << t.title;
        }
        return result;
    }

    std::unique_ptr<test::TempWorkspace> m_ws;
};

void TestCliBatch::runsEveryLineInOrder()
{
    const Run run = batch(QStringLiteral("task add --title First --component core\n"
                                         "\n"
                                         "   # a comment line is skipped\n"
                                         "task add --title Second --component core\n"
                                         "task set-status 1 completed --notes 'done in a batch'\n"));
    QVERIFY2(run.exit == 0, qPrintable(run.err));
    QVERIFY(run.err.isEmpty());
    QCOMPARE(titles(), (QStringList{QStringLiteral("First"), QStringLiteral("Second")}));
    QVERIFY2(run.out.contains(QLatin1String("Task 1 is now completed")), qPrintable(run.out));
    auto ws = storage::Workspace::open(m_ws->dbPath());
    const auto history = (*ws)->service().progressHistory(1);
    QCOMPARE(history->first().notes.value_or(QString()), QStringLiteral("done in a batch"));
}

void TestCliBatch::quotingFollowsTheShell_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<QString>("title");
    QTest::newRow("single quotes") << QStringLiteral("--title 'Two words'") << QStringLiteral("Two words");
    QTest::newRow("double quotes") << QStringLiteral("--title \"Two  spaces\"") << QStringLiteral("Two  spaces");
    QTest::newRow("escaped quote") << QStringLiteral("--title \"Say \\\"hi\\\"\"") << QStringLiteral("Say \"hi\"");
    QTest::newRow("backslash outside quotes") << QStringLiteral("--title It\\'s") << QStringLiteral("It's");
    QTest::newRow("quotes joined to a word") << QStringLiteral("--title=a'b c'd") << QStringLiteral("ab cd");
    QTest::newRow("single quotes keep backslashes") << QStringLiteral("--title 'a\\b'") << QStringLiteral("a\\b");
    QTest::newRow("hash inside a line") << QStringLiteral("--title '#1 priority'") << QStringLiteral("#1 priority");
    QTest::newRow("unicode") << QStringLiteral("--title 'Überprüfung → ✓'") << QStringLiteral("Überprüfung → ✓");
}

void TestCliBatch::quotingFollowsTheShell()
{
    QFETCH(QString, line);
    QFETCH(QString, title);
    const Run run = batch(QStringLiteral("task add --component core ") + line + u'\n');
    QVERIFY2(run.exit == 0, qPrintable(run.err));
    QCOMPARE(titles(), QStringList{title});
}

void TestCliBatch::stopsAtTheFirstFailingLine()
{
    const Run run = batch(QStringLiteral("task add --title Kept --component core\n"
                                         "task set-status 99 completed\n"
                                         "task add --title Never --component core\n"));
    QCOMPARE(run.exit, 3); // not found, the exit code of the failing line
    QCOMPARE(titles(), QStringList{QStringLiteral("Kept")});
    QVERIFY2(run.err.contains(QLatin1String("--batch stopped at line 2 (exit 3)")), qPrintable(run.err));
}

void TestCliBatch::unterminatedQuoteStopsTheBatch()
{
    const Run run = batch(QStringLiteral("task add --title 'Open --component core\n"
                                         "task add --title Never --component core\n"));
    QCOMPARE(run.exit, 1);
    QVERIFY2(run.err.contains(QLatin1String("line 1: unterminated ' quote")), qPrintable(run.err));
    QVERIFY(titles().isEmpty());
}

void TestCliBatch::globalOptionsApplyToEveryLine()
{
    const Run run = batch(QStringLiteral("task add --title A --component core\ntask show 1\n"),
                          QStringList{QStringLiteral("--json")});
    QVERIFY2(run.exit == 0, qPrintable(run.err));
    // Each line printed one JSON document.
    const QString secondDocument = run.out.mid(run.out.indexOf(QLatin1String("\n{")) + 1);
    QVERIFY(QJsonDocument::fromJson(secondDocument.toUtf8()).isObject());
}

void TestCliBatch::refusesACommandOrANestedBatch()
{
    Run run;
    QTextStream out(&run.out);
    QTextStream err(&run.err);
    cli::CliApp app;
    QCOMPARE(
        app.run(QStringList{QStringLiteral("--db"), m_ws->dbPath(), QStringLiteral("--batch"), QStringLiteral("stats")},
                out, err),
        1);
    err.flush();
    QVERIFY2(run.err.contains(QLatin1String("give no command after it")), qPrintable(run.err));

    const Run nested = batch(QStringLiteral("--batch\n"));
    QCOMPARE(nested.exit, 1);
    QVERIFY2(nested.err.contains(QLatin1String("cannot be used inside a batch")), qPrintable(nested.err));
}

void TestCliBatch::emptyInputDoesNothing()
{
    const Run run = batch(QString());
    QCOMPARE(run.exit, 0);
    QVERIFY(run.out.isEmpty());
    QVERIFY(run.err.isEmpty());
}

QTEST_GUILESS_MAIN(TestCliBatch)
#include "tst_CliBatch.moc"
