// SPDX-License-Identifier: GPL-3.0-or-later
// What people (and agents) pass on the command line — SQL, quotes, right-to-left marks, bytes that are not UTF-8,
// very long text — is stored exactly or refused in one line, never run as SQL nor changed without a word.
#include "TestSupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace taskorch::test;

class TstHostileArguments : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(!qEnvironmentVariable("TASKORCH_CLI").isEmpty(), "TASKORCH_CLI is not set (see tests/CMakeLists.txt)");
        QVERIFY(m_dir.isValid());
        m_db = m_dir.filePath(QStringLiteral("hostile.db"));
        QCOMPARE(runCli({QStringLiteral("--db"), m_db, QStringLiteral("init")}).exitCode, 0);
    }

    void storedExactly_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("SQL fragment") << QStringLiteral("x'); DROP TABLE tasks; --");
        QTest::newRow("quotes") << QStringLiteral("\"double\" 'single' `back` $HOME \\\\");
        QTest::newRow("right-to-left override") << QStringLiteral("\u202Eexe.txt \u05E9\u05DC\u05D5\u05DD");
        QTest::newRow("emoji") << QStringLiteral("🚀 launch 𝔘𝔫𝔦𝔠𝔬𝔡𝔢");
        QTest::newRow("line breaks and tabs") << QStringLiteral("one\ntwo\tthree");
        QTest::newRow("option-like") << QStringLiteral("--db=/etc/passwd");
    }

    void storedExactly()
    {
        QFETCH(QString, text);
        const CliRun add = runCli({QStringLiteral("--db"), m_db, QStringLiteral("task"), QStringLiteral("add"),
                                   QStringLiteral("--title"), text, QStringLiteral("--component"), text.left(100)});
        QCOMPARE(add.exitCode, 0);
        const QString id = add.out.trimmed();
        const CliRun show = runCli({QStringLiteral("--db"), m_db, QStringLiteral("--json"), QStringLiteral("task"),
                                    QStringLiteral("show"), id});
        QCOMPARE(show.exitCode, 0);
        const QJsonObject task = QJsonDocument::fromJson(show.out.toUtf8()).object();
        QCOMPARE(task.value(QStringLiteral("title")).toString(), text);
        QCOMPARE(task.value(QStringLiteral("component_area")).toString(), text.left(100));

        const CliRun found = runCli({QStringLiteral("--db"), m_db, QStringLiteral("--json"), QStringLiteral("task"),
                                     QStringLiteral("list"), QStringLiteral("--search"), text});
        QCOMPARE(found.exitCode, 0);
        const QJsonArray rows = QJsonDocument::fromJson(found.out.toUtf8()).array();
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows.first().toObject().value(QStringLiteral("title")).toString(), text);
    }

    // Bytes that are not UTF-8 would become U+FFFD: refused before anything is opened.
    void invalidUtf8IsRefused()
    {
        const qint64 before = taskCount();
        // Raw bytes can only be passed through a shell; printf writes the 0xFF byte.
        QProcess shell;
        shell.start(QStringLiteral("/bin/sh"),
                    {QStringLiteral("-c"),
                     QStringLiteral("exec \"$0\" --db \"$1\" task add --title \"$(printf 'a\\377b')\" "
                                    "--component core"),
                     qEnvironmentVariable("TASKORCH_CLI"), m_db});
        QVERIFY(shell.waitForFinished(60000));
        QCOMPARE(shell.exitCode(), 2);
        const QString err = QString::fromUtf8(shell.readAllStandardError());
        QVERIFY2(err.contains(QStringLiteral("not valid UTF-8")), qPrintable(err));
        QCOMPARE(err.trimmed().count(u'\n'), 0);
        QCOMPARE(taskCount(), before);
    }

    void tooLongIsRefusedWhole()
    {
        const qint64 before = taskCount();
        const CliRun add = runCli({QStringLiteral("--db"), m_db, QStringLiteral("task"), QStringLiteral("add"),
                                   QStringLiteral("--title"), QString(100000, u'x'), QStringLiteral("--component"),
                                   QStringLiteral("core")});
        QCOMPARE(add.exitCode, 2);
        QVERIFY2(add.err.contains(QStringLiteral("title")) && add.err.contains(QStringLiteral("500")),
                 qPrintable(add.err));
        QVERIFY2(add.err.size() < 400, "the message names the limit, it does not echo the text");
        QCOMPARE(taskCount(), before);
    }

private:
    qint64 taskCount()
    {
        const CliRun stats = runCli({QStringLiteral("--db"), m_db, QStringLiteral("--json"), QStringLiteral("stats")});
        return QJsonDocument::fromJson(stats.out.toUtf8()).object().value(QStringLiteral("total_tasks")).toInteger(-1);
    }

    QTemporaryDir m_dir;
    QString m_db;
};

QTEST_GUILESS_MAIN(TstHostileArguments)
#include "tst_HostileArguments.moc"
