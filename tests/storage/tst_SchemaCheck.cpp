// SPDX-License-Identifier: GPL-3.0-or-later
// SPEC.md §5: a freshly migrated database has zero differences from the entity declarations, and every kind of
// injected difference is named.
#include "SchemaCheck.h"

#include "MigrationRunner.h"
#include "TempWorkspace.h"

#include <QTemporaryDir>
#include <QTest>

using namespace taskorch;
using storage::Database;
using storage::MigrationRunner;
using storage::SchemaCheck;

class TestSchemaCheck : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void freshDatabaseHasNoDifferences();
    void freshWorkspaceHasNoDifferences();
    void differenceInTheInitialSchema_data();
    void differenceInTheInitialSchema();
    void differenceMadeByAlteringTheLiveDatabase_data();
    void differenceMadeByAlteringTheLiveDatabase();
    void olderSchemaListsWhatIsMissing();
    void emptyDatabaseListsEveryTable();
    void everyDifferenceIsListed();

private:
    /// A database migrated to the latest version, except that `from` is replaced by `to` in 0001's up script.
    std::unique_ptr<Database> createEdited(const QByteArray &from, const QByteArray &to);
    QStringList differences(Database &db);

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
};

void TestSchemaCheck::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_path = m_dir->filePath(QStringLiteral("check.db"));
}

void TestSchemaCheck::cleanup()
{
    m_dir.reset();
}

QStringList TestSchemaCheck::differences(Database &db)
{
    auto diffs = SchemaCheck(db).differences();
    if (!diffs) {
        return {QStringLiteral("<error: %1>").arg(diffs.error().message)};
    }
    return *diffs;
}

std::unique_ptr<Database> TestSchemaCheck::createEdited(const QByteArray &from, const QByteArray &to)
{
    auto db = Database::open(m_path);
    if (!db) {
        qWarning("%s", qPrintable(db.error().message));
        return nullptr;
    }
    const QList<storage::Migration> &all = MigrationRunner::embedded();
    QByteArray initial = all.first().upSql;
    if (!from.isEmpty()) {
        if (!initial.contains(from)) {
            qWarning("0001 does not contain \"%s\"", from.constData());
            return nullptr;
        }
        initial.replace(from, to);
    }
    if (core::Status s = (*db)->execScript(initial, QStringLiteral("edited 0001")); !s) {
        qWarning("%s: %s", qPrintable(s.error().message), qPrintable(s.error().detail));
        return nullptr;
    }
    for (int i = 1; i < all.size(); ++i) {
        if (core::Status s = (*db)->execScript(all[i].upSql, all[i].name); !s) {
            qWarning("%s: %s", qPrintable(s.error().message), qPrintable(s.error().detail));
            return nullptr;
        }
    }
    return std::move(db).value();
}

void TestSchemaCheck::freshDatabaseHasNoDifferences()
{
    auto db = Database::open(m_path);
    QVERIFY(db.ok());
    QVERIFY(MigrationRunner(**db).up().ok());
    QCOMPARE(differences(**db), QStringList());
}

void TestSchemaCheck::freshWorkspaceHasNoDifferences()
{
    test::TempWorkspace ws;
    QVERIFY2(ws.isValid(), qPrintable(ws.errorString()));
    QCOMPARE(differences(ws.database()), QStringList());
    // Data does not change the schema.
    QVERIFY(ws.service().createTask(test::makeTask(QStringLiteral("A task"))).ok());
    QCOMPARE(differences(ws.database()), QStringList());
}

void TestSchemaCheck::differenceInTheInitialSchema_data()
{
    QTest::addColumn<QByteArray>("from");
    QTest::addColumn<QByteArray>("to");
    QTest::addColumn<QStringList>("expected");

    QTest::newRow("unchanged") << QByteArray() << QByteArray() << QStringList();
    QTest::newRow("a column with another type (tasks.phase TEXT)")
        << QByteArray("phase INTEGER NOT NULL") << QByteArray("phase TEXT NOT NULL")
        << QStringList{"tasks.phase: type is TEXT, expected INTEGER"};
    QTest::newRow("REAL declared as INTEGER")
        << QByteArray("time_estimate_hours REAL NOT NULL") << QByteArray("time_estimate_hours INTEGER NOT NULL")
        << QStringList{"tasks.time_estimate_hours: type is INTEGER, expected REAL"};
    QTest::newRow("a required column made nullable")
        << QByteArray("component_area TEXT NOT NULL") << QByteArray("component_area TEXT")
        << QStringList{"tasks.component_area: nullable, expected NOT NULL"};
    QTest::newRow("a nullable column made required")
        << QByteArray("description TEXT CHECK") << QByteArray("description TEXT NOT NULL CHECK")
        << QStringList{"tasks.description: NOT NULL, expected nullable"};
    QTest::newRow("a column renamed") << QByteArray("comment TEXT NOT NULL CHECK (length(comment)")
                                      << QByteArray("body TEXT NOT NULL CHECK (length(body)")
                                      << QStringList{"task_comments.comment: column is missing",
                                                     "task_comments.body: column is not in the model"};
    QTest::newRow("a foreign key with another ON DELETE")
        << QByteArray("parent_task_id INTEGER REFERENCES tasks(id) ON DELETE CASCADE")
        << QByteArray("parent_task_id INTEGER REFERENCES tasks(id) ON DELETE SET NULL")
        << QStringList{"tasks.parent_task_id: foreign key to tasks ON DELETE SET NULL, expected tasks ON DELETE "
                       "CASCADE"};
    QTest::newRow("a missing foreign key")
        << QByteArray("task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,\n    comment")
        << QByteArray("task_id INTEGER NOT NULL,\n    comment")
        << QStringList{"task_comments.task_id: foreign key to tasks is missing"};
    QTest::newRow("a missing index (never created)")
        << QByteArray("CREATE INDEX idx_tasks_phase ON tasks(phase);") << QByteArray()
        << QStringList{"tasks: index idx_tasks_phase is missing"};
    QTest::newRow("an index on other columns")
        << QByteArray("CREATE INDEX idx_tasks_phase ON tasks(phase);")
        << QByteArray("CREATE INDEX idx_tasks_phase ON tasks(phase, status);")
        << QStringList{"tasks: index idx_tasks_phase is on (phase, status), expected (phase)"};
    QTest::newRow("a unique constraint missing")
        << QByteArray("    UNIQUE (group_id, task_id)\n") << QByteArray("    CHECK (1)\n")
        << QStringList{"group_tasks: index sqlite_autoindex_group_tasks_1 is missing"};
}

void TestSchemaCheck::differenceInTheInitialSchema()
{
    QFETCH(QByteArray, from);
    QFETCH(QByteArray, to);
    QFETCH(QStringList, expected);
    auto db = createEdited(from, to);
    QVERIFY(db);
    QCOMPARE(differences(*db), expected);
}

void TestSchemaCheck::differenceMadeByAlteringTheLiveDatabase_data()
{
    QTest::addColumn<QString>("sql");
    QTest::addColumn<QStringList>("expected");

    QTest::newRow("DROP INDEX") << "DROP INDEX idx_tasks_status"
                                << QStringList{"tasks: index idx_tasks_status is missing"};
    QTest::newRow("an extra index") << "CREATE INDEX idx_tasks_source_document ON tasks(source_document)"
                                    << QStringList{"tasks: index idx_tasks_source_document is not in the model"};
    QTest::newRow("an extra column") << "ALTER TABLE task_progress ADD COLUMN mood TEXT"
                                     << QStringList{"task_progress.mood: column is not in the model"};
    QTest::newRow("a dropped column") << "ALTER TABLE task_dependencies DROP COLUMN lag_hours"
                                      << QStringList{"task_dependencies.lag_hours: column is missing"};
    QTest::newRow("a dropped table") << "DROP TABLE parallel_execution_log"
                                     << QStringList{"parallel_execution_log: table is missing"};
    QTest::newRow("an unrelated table is not a difference")
        << "CREATE TABLE notes (id INTEGER PRIMARY KEY, x TEXT)" << QStringList();
}

void TestSchemaCheck::differenceMadeByAlteringTheLiveDatabase()
{
    QFETCH(QString, sql);
    QFETCH(QStringList, expected);
    test::TempWorkspace ws;
    QVERIFY2(ws.isValid(), qPrintable(ws.errorString()));
    const core::Status s = ws.database().exec(sql);
    QVERIFY2(s.ok(), qPrintable(s.ok() ? QString() : s.error().detail));
    QCOMPARE(differences(ws.database()), expected);
}

void TestSchemaCheck::olderSchemaListsWhatIsMissing()
{
    auto db = Database::open(m_path);
    QVERIFY(db.ok());
    QVERIFY(MigrationRunner(**db).up(1).ok());
    // Version 1 lacks migration 0002's columns and migration 0004's sort indexes.
    QCOMPARE(differences(**db),
             QStringList(
                 {"tasks: index idx_tasks_title is missing", "tasks: index idx_tasks_time_estimate_hours is missing",
                  "tasks: index idx_tasks_created_at is missing", "tasks: index idx_tasks_updated_at is missing",
                  "tasks: index idx_tasks_priority_rank is missing",
                  "tasks: index idx_tasks_complexity_rank is missing", "tasks: index idx_tasks_status_rank is missing",
                  "task_dependencies.relation: column is missing", "task_dependencies.lag_hours: column is missing"}));
}

void TestSchemaCheck::emptyDatabaseListsEveryTable()
{
    auto db = Database::open(m_path);
    QVERIFY(db.ok());
    QStringList expected;
    for (const core::EntitySpec *spec : core::allEntitySpecs()) {
        expected << spec->table + QStringLiteral(": table is missing");
    }
    QCOMPARE(differences(**db), expected);
}

void TestSchemaCheck::everyDifferenceIsListed()
{
    auto db = createEdited("phase INTEGER NOT NULL", "phase TEXT NOT NULL");
    QVERIFY(db);
    QVERIFY(db->exec(QStringLiteral("DROP INDEX idx_task_comments_task_id")).ok());
    QVERIFY(db->exec(QStringLiteral("DROP TABLE group_tasks")).ok());
    QCOMPARE(differences(*db), QStringList({"tasks.phase: type is TEXT, expected INTEGER",
                                            "task_comments: index idx_task_comments_task_id is missing",
                                            "group_tasks: table is missing"}));
}

QTEST_GUILESS_MAIN(TestSchemaCheck)
#include "tst_SchemaCheck.moc"
