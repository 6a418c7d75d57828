// SPDX-License-Identifier: GPL-3.0-or-later
// Opening files: every file a person might point TaskOrch at that it cannot use gets one clear refusal and is left
// exactly as it was; a full disk fails the command and keeps what was there.
#include "BadFiles.h"
#include "TempWorkspace.h"
#include "TestSupport.h"
#include "Workspace.h"

#include <QFile>
#include <QScopeGuard>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

using namespace taskorch;
using namespace taskorch::test;

class TstWorkspace : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_bad = std::make_unique<BadFiles>(m_dir.path());
        QVERIFY2(m_bad->errorString().isEmpty(), qPrintable(m_bad->errorString()));
        if (!m_bad->readOnlyNote().isEmpty()) {
            qWarning("%s", qPrintable(m_bad->readOnlyNote()));
        }
    }

    void cleanupTestCase() { m_bad.reset(); }

    void statementJournalsStayInMemory()
    {
        // Set by a static initialiser before SQLite starts; without it every task insert (a multi-row write because
        // of the statistics log's trigger) spills its undo copy to a temp file and creating tasks is 4x slower.
        QVERIFY(storage::Database::statementJournalSpillConfigured());
    }

    void sqliteKeepsNoGlobalAllocationStatistics()
    {
        // Also set before SQLite starts: the statistics' global mutex made the legacy importer's two writing threads
        // (the staged tasks beside the other tables) run at half speed each.
        QVERIFY(storage::Database::memoryStatisticsOff());
    }

    void aBigIndexCanBeDroppedInsideATransaction()
    {
        // What the legacy importer does with the indexes of the tables it fills. With SQLite 3.40 a statement
        // journal spill threshold above 128 KiB made this fail with "database or disk is full".
        test::TempWorkspace ws;
        QVERIFY2(ws.isValid(), qPrintable(ws.errorString()));
        storage::Database &db = ws.database();
        QVERIFY(db.exec(QStringLiteral("CREATE TABLE wide (id INTEGER PRIMARY KEY, text TEXT)")).ok());
        QVERIFY(db.exec(QStringLiteral("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < "
                                       "120000) INSERT INTO wide (text) SELECT printf('%.100c%d', 'x', i) FROM n"))
                    .ok());
        QVERIFY(db.exec(QStringLiteral("CREATE INDEX wide_text ON wide (text)")).ok()); // some 14 MB
        QVERIFY(db.exec(QStringLiteral("BEGIN")).ok());
        const core::Status dropped = db.exec(QStringLiteral("DROP INDEX wide_text"));
        QVERIFY2(dropped.ok(), qPrintable(dropped.ok() ? QString() : dropped.error().detail));
        QVERIFY(db.exec(QStringLiteral("COMMIT")).ok());
    }

    void aWriterThatDiedInRollbackJournalModeLeavesTheCommittedRows()
    {
        // The legacy importer writes with a rollback journal. A writer killed mid-transaction leaves half-written
        // pages in the file and the originals in the -journal; opening must put them back, not call the file
        // damaged (a snapshot read of the main file alone would see the half-written pages).
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("plan.db"));
        {
            auto ws = storage::Workspace::open(path);
            QVERIFY(ws.ok());
            for (int i = 1; i <= 3; ++i) {
                QVERIFY((*ws)->service().createTask(makeTask(QStringLiteral("Committed %1").arg(i))).ok());
            }
        }
        QByteArray committed;
        {
            QFile file(path);
            QVERIFY(file.open(QIODevice::ReadOnly));
            committed = file.readAll();
        }
        const QString crashed = dir.filePath(QStringLiteral("crashed.db"));
        {
            sqlite3 *writer = nullptr;
            QCOMPARE(sqlite3_open_v2(QFile::encodeName(path).constData(), &writer, SQLITE_OPEN_READWRITE, nullptr),
                     SQLITE_OK);
            auto closeWriter = qScopeGuard([writer] { sqlite3_close(writer); });
            auto exec = [writer](const char *sql) { return sqlite3_exec(writer, sql, nullptr, nullptr, nullptr); };
            QCOMPARE(exec("PRAGMA journal_mode = DELETE"), SQLITE_OK);
            QCOMPARE(exec("PRAGMA cache_size = 10"), SQLITE_OK); // a tiny cache: changed pages reach the file early
            QCOMPARE(exec("BEGIN"), SQLITE_OK);
            QCOMPARE(exec("UPDATE tasks SET title = 'Uncommitted'"), SQLITE_OK);
            QCOMPARE(exec("DROP INDEX idx_tasks_title"), SQLITE_OK); // as the importer does: the schema changes too
            QCOMPARE(exec("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 30000) "
                          "INSERT INTO statistics_changes (task_id) SELECT NULL FROM n"),
                     SQLITE_OK);
            // The files as a SIGKILL at this moment would leave them.
            QVERIFY(QFile::copy(path, crashed));
            QVERIFY(QFile::exists(path + QStringLiteral("-journal")));
            QVERIFY(QFile::copy(path + QStringLiteral("-journal"), crashed + QStringLiteral("-journal")));
            QCOMPARE(exec("ROLLBACK"), SQLITE_OK);
        }
        {
            QFile file(crashed);
            QVERIFY(file.open(QIODevice::ReadOnly));
            QVERIFY2(file.readAll() != committed, "the writer had not yet written to the file: nothing is tested");
            // SQLite writes the journal's magic number once the journal is synced, just before it first writes
            // changed pages into the database file; without it the journal is not "hot" and nothing is tested.
            QFile journal(crashed + QStringLiteral("-journal"));
            QVERIFY(journal.open(QIODevice::ReadOnly));
            QCOMPARE(journal.read(8).toHex(), QByteArray("d9d505f920a163d7"));
        }

        auto titles = [](storage::Database &db) {
            QSqlQuery query(db.connection());
            QStringList found;
            if (query.exec(QStringLiteral("SELECT title FROM tasks ORDER BY id"))) {
                while (query.next()) {
                    found << query.value(0).toString();
                }
            }
            return found;
        };
        const QStringList committedTitles{QStringLiteral("Committed 1"), QStringLiteral("Committed 2"),
                                          QStringLiteral("Committed 3")};
        {
            // What Workspace::open looks at before it opens the file for writing.
            auto inspected = storage::Database::inspect(crashed);
            QVERIFY2(inspected.ok(), qPrintable(inspected.ok() ? QString() : inspected.error().message));
            QCOMPARE(titles(**inspected), committedTitles);
            QVERIFY((*inspected)->hasTable(QStringLiteral("tasks")));
        }
        QVERIFY(!QFile::exists(crashed + QStringLiteral("-journal")));

        auto ws = storage::Workspace::open(crashed);
        QVERIFY2(ws.ok(), qPrintable(ws.ok() ? QString() : ws.error().message));
        QCOMPARE(titles((*ws)->database()), committedTitles);
        QSqlQuery query((*ws)->database().connection());
        QVERIFY(query.exec(QStringLiteral("SELECT count(*) FROM sqlite_master WHERE name = 'idx_tasks_title'")));
        QVERIFY(query.next());
        QCOMPARE(query.value(0).toInt(), 1);
        QVERIFY(query.exec(QStringLiteral("SELECT count(*) FROM statistics_changes WHERE task_id IS NULL")));
        QVERIFY(query.next());
        QCOMPARE(query.value(0).toInt(), 0);
        QVERIFY(query.exec(QStringLiteral("PRAGMA integrity_check")));
        QVERIFY(query.next());
        QCOMPARE(query.value(0).toString(), QStringLiteral("ok"));
    }

    void refusesAndLeavesTheFileAlone_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QStringList>("words");
        for (const BadFile &file : m_bad->files()) {
            QTest::newRow(qPrintable(file.name)) << file.path << file.expectWords;
        }
    }

    void refusesAndLeavesTheFileAlone()
    {
        QFETCH(QString, path);
        QFETCH(QStringList, words);
        const auto before = BadFiles::snapshot(m_dir.path());

        auto ws = storage::Workspace::open(path);
        QVERIFY(!ws);
        TASKORCH_COMPARE_CODE(ws.error().code, core::ErrorCode::Storage);
        const QString message = ws.error().message;
        for (const QString &word : words) {
            QVERIFY2(message.contains(word), qPrintable(message + QStringLiteral(" lacks: ") + word));
        }
        QVERIFY2(!message.contains(u'\n'), qPrintable(message));
        // Nothing written, created or removed anywhere in the folder (no -wal, -shm or backup either).
        QCOMPARE(BadFiles::snapshot(m_dir.path()), before);
    }

    void anEmptyFileBecomesADatabaseOnlyWhenAsked()
    {
        const QString path = m_dir.filePath(QStringLiteral("touched.db"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();
        QVERIFY(!storage::Workspace::open(path));
        QCOMPARE(QFileInfo(path).size(), 0);

        storage::Workspace::Options options;
        options.adoptEmptyFile = true;
        auto ws = storage::Workspace::open(path, options);
        QVERIFY2(ws.ok(), ws ? "" : qPrintable(ws.error().message));
        QVERIFY((*ws)->database().hasTable(QStringLiteral("tasks")));
    }

    void aMissingFolderIsNamed()
    {
        const QString path = m_dir.filePath(QStringLiteral("no/such/folder/project.db"));
        auto ws = storage::Workspace::open(path);
        QVERIFY(!ws);
        QVERIFY2(ws.error().message.contains(QStringLiteral("does not exist")), qPrintable(ws.error().message));
        QVERIFY(!QFile::exists(path));
    }

    void aFullDiskFailsTheCommandAndKeepsTheData()
    {
        TempWorkspace temp;
        QVERIFY2(temp.isValid(), qPrintable(temp.errorString()));
        QVERIFY(temp.service().createTask(makeTask(QStringLiteral("kept"))).ok());
        const qint64 pages = scalar(temp.database(), QStringLiteral("PRAGMA page_count")).toLongLong();
        // Two more pages allowed: a few tasks fit, then the "disk" is full.
        QVERIFY(temp.database().exec(QStringLiteral("PRAGMA max_page_count = %1").arg(pages + 2)).ok());

        core::Task big = makeTask(QStringLiteral("large"));
        big.description = QString(2000, u'x');
        int stored = 1;
        core::Result<qint64> id = qint64(0);
        for (int attempt = 0; attempt < 100 && id; ++attempt) {
            id = temp.service().createTask(big);
            stored += id ? 1 : 0;
        }
        QVERIFY(!id);
        TASKORCH_COMPARE_CODE(id.error().code, core::ErrorCode::Storage);
        QVERIFY2(id.error().message.contains(QStringLiteral("disk is full")), qPrintable(id.error().message));

        QCOMPARE(scalar(temp.database(), QStringLiteral("SELECT count(*) FROM tasks")).toInt(), stored);
        QCOMPARE(scalar(temp.database(), QStringLiteral("PRAGMA integrity_check")).toString(), QStringLiteral("ok"));
        // Room again: the same command now succeeds.
        QVERIFY(temp.database().exec(QStringLiteral("PRAGMA max_page_count = 1000000")).ok());
        QVERIFY(temp.service().createTask(big).ok());
    }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<BadFiles> m_bad;
};

QTEST_GUILESS_MAIN(TstWorkspace)
#include "tst_Workspace.moc"
