// SPDX-License-Identifier: GPL-3.0-or-later
// The real taskorch-cli pointed at files it cannot use: one clear line on stderr, exit 5, and not a byte written.
#include "BadFiles.h"
#include "TestSupport.h"

#include <QTemporaryDir>
#include <QTest>

using namespace taskorch::test;

class TstDatabaseFiles : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(!qEnvironmentVariable("TASKORCH_CLI").isEmpty(), "TASKORCH_CLI is not set (see tests/CMakeLists.txt)");
        QVERIFY(m_dir.isValid());
        m_bad = std::make_unique<BadFiles>(m_dir.path());
        QVERIFY2(m_bad->errorString().isEmpty(), qPrintable(m_bad->errorString()));
        if (!m_bad->readOnlyNote().isEmpty()) {
            qWarning("%s", qPrintable(m_bad->readOnlyNote()));
        }
    }

    void cleanupTestCase() { m_bad.reset(); }

    void oneClearErrorAndNothingWritten_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QStringList>("words");
        QTest::addColumn<QStringList>("command");
        const QList<QStringList> commands{
            {QStringLiteral("task"), QStringLiteral("list")},
            {QStringLiteral("task"), QStringLiteral("add"), QStringLiteral("--title"), QStringLiteral("New"),
             QStringLiteral("--component"), QStringLiteral("core")},
            {QStringLiteral("stats")},
            {QStringLiteral("migrate"), QStringLiteral("up")},
        };
        for (const BadFile &file : m_bad->files()) {
            for (const QStringList &command : commands) {
                QTest::addRow("%s: %s", qPrintable(file.name), qPrintable(command.join(u' ')))
                    << file.path << file.expectWords << command;
            }
        }
    }

    void oneClearErrorAndNothingWritten()
    {
        QFETCH(QString, path);
        QFETCH(QStringList, words);
        QFETCH(QStringList, command);
        const auto before = BadFiles::snapshot(m_dir.path());

        const CliRun run = runCli(QStringList{QStringLiteral("--db"), path} + command);
        QCOMPARE(run.exitCode, 5);
        QVERIFY2(run.out.isEmpty(), qPrintable(run.out));
        const QStringList lines = run.err.trimmed().split(u'\n');
        QCOMPARE(lines.size(), 1);
        for (const QString &word : words) {
            QVERIFY2(lines.first().contains(word), qPrintable(lines.first() + QStringLiteral(" lacks: ") + word));
        }
        QCOMPARE(BadFiles::snapshot(m_dir.path()), before);
    }

    void aFullDiskStopsTheCommandAndKeepsEarlierWork()
    {
        const QString path = m_dir.filePath(QStringLiteral("full.db"));
        QCOMPARE(runCli({QStringLiteral("--db"), path, QStringLiteral("init")}).exitCode, 0);

        // The size cap (in pages) is what a full disk looks like to SQLite: SQLITE_FULL on the write that needs room.
        // A new database has one page per table and index (44 of 16 KB); the cap leaves room for a few dozen tasks.
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("TASKORCH_MAX_PAGE_COUNT"), QStringLiteral("50"));
        const QString description(1900, u'd');
        int added = 0;
        CliRun run;
        for (int attempt = 0; attempt < 400; ++attempt) {
            run = runCli({QStringLiteral("--db"), path, QStringLiteral("task"), QStringLiteral("add"),
                          QStringLiteral("--title"), QStringLiteral("Task %1").arg(attempt),
                          QStringLiteral("--component"), QStringLiteral("core"), QStringLiteral("--description"),
                          description},
                         env);
            if (run.exitCode != 0) {
                break;
            }
            ++added;
        }
        QVERIFY2(added > 0, qPrintable(run.err));
        QCOMPARE(run.exitCode, 5);
        QCOMPARE(run.err.trimmed().count(u'\n'), 0);
        QVERIFY2(run.err.contains(QStringLiteral("disk is full")), qPrintable(run.err));

        // Every task added before the disk filled is there, and the file is sound.
        const CliRun stats = runCli({QStringLiteral("--db"), path, QStringLiteral("--json"), QStringLiteral("stats")});
        QCOMPARE(stats.exitCode, 0);
        QVERIFY2(stats.out.contains(QStringLiteral("\"total_tasks\": %1").arg(added)), qPrintable(stats.out));
        const CliRun check = runCli({QStringLiteral("--db"), path, QStringLiteral("check-schema")});
        QCOMPARE(check.exitCode, 0);
    }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<BadFiles> m_bad;
};

QTEST_GUILESS_MAIN(TstDatabaseFiles)
#include "tst_DatabaseFiles.moc"
