// SPDX-License-Identifier: GPL-3.0-or-later
// SPEC.md §5: empty → latest, up → down → up, refusals that leave the file byte-identical, the backup before
// migrating data, and multi-statement scripts.
#include "MigrationRunner.h"

#include "Entities.h"
#include "TempWorkspace.h"
#include "TestSupport.h"
#include "Timestamp.h"
#include "Workspace.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace taskorch;
using storage::Database;
using storage::MigrationRunner;
using test::scalar;
using test::schemaSnapshot;
using test::sha256OfFile;

namespace {

const auto kInsertTask = QStringLiteral(
    "INSERT INTO tasks (title, component_area, phase, created_at, updated_at) "
    "VALUES ('Kept across the upgrade', 'core', 2, '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z')");

// version|name|checksum of every applied migration (applied_at left out: it is a time).
QStringList appliedRows(Database &db)
{
    QStringList rows;
    QSqlQuery q(db.connection());
    q.exec(QStringLiteral("SELECT version, name, checksum FROM schema_migrations ORDER BY version"));
    while (q.next()) {
        rows << QStringLiteral("%1|%2|%3").arg(q.value(0).toString(), q.value(1).toString(), q.value(2).toString());
    }
    return rows;
}

QStringList expectedApplied(int upTo)
{
    QStringList rows;
    for (const storage::Migration &m : MigrationRunner::embedded()) {
        if (m.version <= upTo) {
            rows << QStringLiteral("%1|%2|%3").arg(m.version).arg(m.name, m.checksum);
        }
    }
    return rows;
}

void writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(f.write(bytes), bytes.size());
}

QByteArray randomBytes(int size, quint32 seed)
{
    QRandomGenerator generator(seed);
    QByteArray bytes(size, Qt::Uninitialized);
    for (char &c : bytes) {
        c = char(generator.bounded(256));
    }
    return bytes;
}

} // namespace

class TestMigrationRunner : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void embeddedMigrationsMatchTheSourceFiles();
    void emptyToLatest();
    void anExistingDatabaseKeepsItsPageSize();
    void upToAVersionAndOnward();
    void upDownUpGivesAnIdenticalSchema();
    void downRevertsOneVersionAtATime();
    void downToZeroDropsEverything();
    void statusListsEveryMigration();
    void refusesANewerVersion();
    void refusesAnEditedMigration();
    void refusesAFileThatIsNotSqlite_data();
    void refusesAFileThatIsNotSqlite();
    void backupBeforeMigratingData();
    void noBackupWithoutData();
    void backupNeverOverwritesAnEarlierOne();
    void scriptWithQuotesCommentsAndTrigger();
    void scriptErrorNamesTheStatement();
    void scriptWithANulByteIsRefused();

private:
    std::unique_ptr<Database> open(const QString &path);

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
};

void TestMigrationRunner::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_path = m_dir->filePath(QStringLiteral("taskorch.db"));
}

void TestMigrationRunner::cleanup()
{
    m_dir.reset();
}

std::unique_ptr<Database> TestMigrationRunner::open(const QString &path)
{
    auto db = Database::open(path);
    if (!db) {
        qWarning("cannot open %s: %s", qPrintable(path), qPrintable(db.error().message));
        return nullptr;
    }
    return std::move(db).value();
}

void TestMigrationRunner::embeddedMigrationsMatchTheSourceFiles()
{
    const QList<storage::Migration> &all = MigrationRunner::embedded();
    QVERIFY(all.size() >= 2);
    QCOMPARE(MigrationRunner::latestVersion(), all.last().version);
    const QDir source(test::sourcePath(QStringLiteral("migrations")));
    QVERIFY2(source.exists(), qPrintable(source.path()));
    for (int i = 0; i < all.size(); ++i) {
        const storage::Migration &m = all[i];
        QCOMPARE(m.version, i + 1); // contiguous, starting at 1
        QVERIFY(!m.name.isEmpty());
        QVERIFY(!m.upSql.trimmed().isEmpty());
        QVERIFY(!m.downSql.trimmed().isEmpty());
        const QString stem = QStringLiteral("%1_%2").arg(m.version, 4, 10, QLatin1Char('0')).arg(m.name);
        QFile up(source.filePath(stem + QStringLiteral(".up.sql")));
        QFile down(source.filePath(stem + QStringLiteral(".down.sql")));
        QVERIFY2(up.open(QIODevice::ReadOnly), qPrintable(up.fileName()));
        QVERIFY2(down.open(QIODevice::ReadOnly), qPrintable(down.fileName()));
        QCOMPARE(m.upSql, up.readAll());
        QCOMPARE(m.downSql, down.readAll());
        QCOMPARE(m.checksum,
                 QString::fromLatin1(QCryptographicHash::hash(m.upSql, QCryptographicHash::Sha256).toHex()));
    }
    QCOMPARE(all.first().name, QStringLiteral("initial"));
}

void TestMigrationRunner::emptyToLatest()
{
    test::FixedClock clock;
    auto db = open(m_path);
    QVERIFY(db);
    MigrationRunner runner(*db);
    QCOMPARE(*runner.currentVersion(), 0);
    QVERIFY(!db->hasTable(QStringLiteral("tasks")));

    const core::Status s = runner.up();
    QVERIFY2(s.ok(), qPrintable(s.error().message + " / " + s.error().detail));
    QCOMPARE(*runner.currentVersion(), MigrationRunner::latestVersion());
    for (const core::EntitySpec *spec : core::allEntitySpecs()) {
        QVERIFY2(db->hasTable(spec->table), qPrintable(spec->table));
    }
    QCOMPARE(appliedRows(*db), expectedApplied(MigrationRunner::latestVersion()));
    QCOMPARE(scalar(*db, QStringLiteral("SELECT min(applied_at) || ' ' || max(applied_at) FROM schema_migrations"))
                 .toString(),
             QStringLiteral("2025-08-03T22:30:31.958Z 2025-08-03T22:30:31.958Z"));
    // An empty database needs no backup.
    QVERIFY(runner.lastBackupPath().isEmpty());
    QCOMPARE(QDir(m_dir->path()).entryList({QStringLiteral("*.bak-v*")}, QDir::Files), QStringList());

    // Running it again changes nothing.
    const QStringList before = schemaSnapshot(*db);
    QVERIFY(runner.up().ok());
    QCOMPARE(schemaSnapshot(*db), before);
    QCOMPARE(appliedRows(*db), expectedApplied(MigrationRunner::latestVersion()));

    // The pragmas of §3.
    QCOMPARE(scalar(*db, QStringLiteral("PRAGMA foreign_keys")).toInt(), 1);
    QCOMPARE(scalar(*db, QStringLiteral("PRAGMA journal_mode")).toString(), QStringLiteral("wal"));
    QCOMPARE(scalar(*db, QStringLiteral("PRAGMA synchronous")).toInt(), 1); // NORMAL
    QVERIFY(scalar(*db, QStringLiteral("PRAGMA busy_timeout")).toInt() >= 5000);
    // New files get TaskOrch's page size (big imports and indexes touch a quarter of the pages SQLite's 4 KB need).
    QCOMPARE(scalar(*db, QStringLiteral("PRAGMA page_size")).toInt(), Database::kPageSize);
}

void TestMigrationRunner::anExistingDatabaseKeepsItsPageSize()
{
    // A database from before TaskOrch chose 16 KB pages (or made by another program): opening and migrating it
    // neither rewrites its pages nor loses a row.
    QVERIFY(test::writeSqliteFile(m_path, "PRAGMA page_size = 4096; PRAGMA journal_mode = DELETE; "
                                          "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); "
                                          "INSERT INTO notes (body) VALUES ('kept'), ('also kept');"));
    {
        auto db = open(m_path);
        QVERIFY(db);
        QVERIFY(MigrationRunner(*db).up().ok());
        QCOMPARE(scalar(*db, QStringLiteral("PRAGMA page_size")).toInt(), 4096);
        QVERIFY(db->exec(kInsertTask).ok());
        QCOMPARE(scalar(*db, QStringLiteral("SELECT group_concat(body, '|') FROM notes")).toString(),
                 QStringLiteral("kept|also kept"));
    }
    auto reopened = open(m_path);
    QVERIFY(reopened);
    QCOMPARE(scalar(*reopened, QStringLiteral("PRAGMA page_size")).toInt(), 4096);
    QCOMPARE(scalar(*reopened, QStringLiteral("SELECT count(*) FROM tasks")).toInt(), 1);
    QCOMPARE(scalar(*reopened, QStringLiteral("PRAGMA integrity_check")).toString(), QStringLiteral("ok"));
}

void TestMigrationRunner::upToAVersionAndOnward()
{
    auto db = open(m_path);
    QVERIFY(db);
    MigrationRunner runner(*db);
    QVERIFY(runner.up(1).ok());
    QCOMPARE(*runner.currentVersion(), 1);
    QCOMPARE(appliedRows(*db), expectedApplied(1));
    QVERIFY(db->hasTable(QStringLiteral("tasks")));
    QVERIFY(!scalar(*db, QStringLiteral("SELECT sql FROM sqlite_master WHERE name = 'task_dependencies'"))
                 .toString()
                 .contains(QStringLiteral("lag_hours")));
    QVERIFY(runner.up().ok());
    QCOMPARE(*runner.currentVersion(), MigrationRunner::latestVersion());
    QVERIFY(scalar(*db, QStringLiteral("SELECT sql FROM sqlite_master WHERE name = 'task_dependencies'"))
                .toString()
                .contains(QStringLiteral("lag_hours")));
}

void TestMigrationRunner::upDownUpGivesAnIdenticalSchema()
{
    const int latest = MigrationRunner::latestVersion();

    // Reference schema of every version, each from a fresh database.
    QList<QStringList> reference{{}};
    for (int v = 1; v <= latest; ++v) {
        QTemporaryDir dir;
        auto fresh = open(dir.filePath(QStringLiteral("v.db")));
        QVERIFY(fresh);
        QVERIFY(MigrationRunner(*fresh).up(v).ok());
        reference << schemaSnapshot(*fresh);
    }

    auto db = open(m_path);
    QVERIFY(db);
    MigrationRunner runner(*db);
    QVERIFY(runner.up().ok());
    const QStringList latestSchema = schemaSnapshot(*db);
    QCOMPARE(latestSchema, reference[latest]);

    // One step down and up again, from every version.
    for (int v = latest; v >= 1; --v) {
        QVERIFY(runner.down(v - 1).ok());
        QCOMPARE(*runner.currentVersion(), v - 1);
        if (v > 1) {
            QCOMPARE(schemaSnapshot(*db), reference[v - 1]);
        }
    }
    QVERIFY(runner.up().ok());
    QCOMPARE(schemaSnapshot(*db), latestSchema);
    QCOMPARE(appliedRows(*db), expectedApplied(latest));

    // Straight down to 0 and back up.
    QVERIFY(runner.down(0).ok());
    QVERIFY(runner.up().ok());
    QCOMPARE(schemaSnapshot(*db), latestSchema);
    QCOMPARE(appliedRows(*db), expectedApplied(latest));

    // And the schema still agrees with the data model (the task table works after the round trip).
    QVERIFY(db->exec(kInsertTask).ok());
    QCOMPARE(scalar(*db, QStringLiteral("SELECT count(*) FROM tasks")).toInt(), 1);
}

void TestMigrationRunner::downRevertsOneVersionAtATime()
{
    auto db = open(m_path);
    QVERIFY(db);
    MigrationRunner runner(*db);
    QVERIFY(runner.up().ok());
    const int latest = MigrationRunner::latestVersion();
    QVERIFY(runner.down().ok());
    QCOMPARE(*runner.currentVersion(), latest - 1);
    QCOMPARE(appliedRows(*db), expectedApplied(latest - 1));
    QVERIFY(runner.down().ok());
    QCOMPARE(*runner.currentVersion(), latest - 2);
    // Down from 0 is a no-op, not an error.
    QVERIFY(runner.down(0).ok());
    QVERIFY(runner.down().ok());
    QCOMPARE(*runner.currentVersion(), 0);
}

void TestMigrationRunner::downToZeroDropsEverything()
{
    auto db = open(m_path);
    QVERIFY(db);
    MigrationRunner runner(*db);
    QVERIFY(runner.up().ok());
    QVERIFY(db->exec(kInsertTask).ok());
    QVERIFY(runner.down(0).ok());
    QCOMPARE(*runner.currentVersion(), 0);
    // Only the bookkeeping table is left, and it is empty.
    QCOMPARE(schemaSnapshot(*db).size(), 1);
    QVERIFY(schemaSnapshot(*db).first().startsWith(QStringLiteral("table|schema_migrations|")));
    QCOMPARE(scalar(*db, QStringLiteral("SELECT count(*) FROM schema_migrations")).toInt(), 0);
}

void TestMigrationRunner::statusListsEveryMigration()
{
    test::FixedClock clock;
    auto db = open(m_path);
    QVERIFY(db);
    MigrationRunner runner(*db);
    auto pending = runner.status();
    QVERIFY(pending.ok());
    QCOMPARE(pending->size(), MigrationRunner::embedded().size());
    for (const storage::MigrationState &s : *pending) {
        QVERIFY(!s.applied);
        QVERIFY(s.checksumMatches);
    }
    QVERIFY(runner.up(1).ok());
    auto partial = runner.status();
    QVERIFY(partial.ok());
    QCOMPARE(partial->at(0).version, 1);
    QCOMPARE(partial->at(0).name, QStringLiteral("initial"));
    QVERIFY(partial->at(0).applied);
    QCOMPARE(partial->at(0).appliedAt, QStringLiteral("2025-08-03T22:30:31.958Z"));
    QVERIFY(!partial->at(1).applied);
}

void TestMigrationRunner::refusesANewerVersion()
{
    {
        auto db = open(m_path);
        QVERIFY(db);
        QVERIFY(MigrationRunner(*db).up().ok());
        QVERIFY(db->exec(QStringLiteral("INSERT INTO schema_migrations VALUES "
                                        "(999, 'from_the_future', 'abc', '2030-01-01T00:00:00.000Z')"))
                    .ok());
    }
    const QByteArray before = sha256OfFile(m_path);
    QVERIFY(!before.isEmpty());
    {
        auto db = open(m_path);
        QVERIFY(db);
        MigrationRunner runner(*db);
        for (const core::Status &s : {runner.verify(), runner.up(), runner.down(), runner.down(0)}) {
            QVERIFY(!s.ok());
            TASKORCH_COMPARE_CODE(s.error().code, core::ErrorCode::Storage);
            QVERIFY2(s.error().message.contains(QStringLiteral("999")), qPrintable(s.error().message));
            QVERIFY2(s.error().message.contains(QStringLiteral("newer")), qPrintable(s.error().message));
        }
        auto states = runner.status();
        QVERIFY(states.ok());
        QCOMPARE(states->last().version, 999);
        QVERIFY(states->last().applied);
        QCOMPARE(*runner.currentVersion(), 999);
    }
    auto ws = storage::Workspace::open(m_path);
    QVERIFY(!ws.ok());
    TASKORCH_COMPARE_CODE(ws.error().code, core::ErrorCode::Storage);
    QVERIFY(ws.error().message.contains(QStringLiteral("newer")));
    QCOMPARE(sha256OfFile(m_path), before);
}

void TestMigrationRunner::refusesAnEditedMigration()
{
    {
        auto db = open(m_path);
        QVERIFY(db);
        QVERIFY(MigrationRunner(*db).up(1).ok());
        QVERIFY(db->exec(kInsertTask).ok());
        QVERIFY(db->exec(QStringLiteral("UPDATE schema_migrations SET checksum = 'edited' WHERE version = 1")).ok());
    }
    const QByteArray before = sha256OfFile(m_path);
    {
        auto db = open(m_path);
        QVERIFY(db);
        MigrationRunner runner(*db);
        for (const core::Status &s : {runner.verify(), runner.up(), runner.down()}) {
            QVERIFY(!s.ok());
            TASKORCH_COMPARE_CODE(s.error().code, core::ErrorCode::Storage);
            QVERIFY2(s.error().message.contains(QStringLiteral("0001_initial")), qPrintable(s.error().message));
            QVERIFY2(s.error().message.contains(QStringLiteral("checksum")), qPrintable(s.error().message));
            QVERIFY(s.error().detail.contains(QStringLiteral("edited")));
        }
        auto states = runner.status();
        QVERIFY(states.ok());
        QVERIFY(!states->first().checksumMatches);
        QCOMPARE(*runner.currentVersion(), 1);
        QVERIFY(runner.lastBackupPath().isEmpty());
    }
    auto ws = storage::Workspace::open(m_path);
    QVERIFY(!ws.ok());
    TASKORCH_COMPARE_CODE(ws.error().code, core::ErrorCode::Storage);
    QCOMPARE(sha256OfFile(m_path), before);
    // Not even a backup was written.
    QCOMPARE(QDir(m_dir->path()).entryList({QStringLiteral("*.bak-v*")}, QDir::Files), QStringList());
}

void TestMigrationRunner::refusesAFileThatIsNotSqlite_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::newRow("random bytes") << randomBytes(8192, 42);
    QTest::newRow("a CSV named .db") << QByteArray(
        "id,title,status\r\n1,Write tests,not_started\r\n2,\"Ship, it\",done\r\n");
    QTest::newRow("a text file") << QByteArray("This is not a database.\n");
    QTest::newRow("SQLite header, then garbage") << (QByteArray("SQLite format 3\0", 16) + randomBytes(4096 - 16, 7));
}

void TestMigrationRunner::refusesAFileThatIsNotSqlite()
{
    QFETCH(QByteArray, content);
    writeFile(m_path, content);
    const QByteArray before = sha256OfFile(m_path);

    auto db = Database::open(m_path);
    QVERIFY(!db.ok());
    TASKORCH_COMPARE_CODE(db.error().code, core::ErrorCode::Storage);
    QVERIFY2(db.error().message.contains(QStringLiteral("not a")), qPrintable(db.error().message));
    QVERIFY(!db.error().message.contains(u'\n'));

    auto ws = storage::Workspace::open(m_path);
    QVERIFY(!ws.ok());
    TASKORCH_COMPARE_CODE(ws.error().code, core::ErrorCode::Storage);

    QCOMPARE(sha256OfFile(m_path), before);
    QFile f(m_path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), content);
    // No journal or backup files appeared next to it.
    QCOMPARE(QDir(m_dir->path()).entryList(QDir::Files), QStringList({QStringLiteral("taskorch.db")}));
}

void TestMigrationRunner::backupBeforeMigratingData()
{
    {
        auto db = open(m_path);
        QVERIFY(db);
        MigrationRunner runner(*db);
        QVERIFY(runner.up(1).ok());
        QVERIFY(runner.lastBackupPath().isEmpty());
        QVERIFY(db->exec(kInsertTask).ok());

        QVERIFY(runner.up().ok());
        QCOMPARE(runner.lastBackupPath(), QFileInfo(m_path).absoluteFilePath() + QStringLiteral(".bak-v1"));
        QCOMPARE(*runner.currentVersion(), MigrationRunner::latestVersion());
        // The data survived the migration itself.
        QCOMPARE(scalar(*db, QStringLiteral("SELECT title FROM tasks")).toString(),
                 QStringLiteral("Kept across the upgrade"));
    }
    const QString backupPath = m_path + QStringLiteral(".bak-v1");
    QVERIFY(QFileInfo::exists(backupPath));
    auto backup = Database::open(backupPath, Database::Mode::ReadOnly);
    QVERIFY2(backup.ok(), qPrintable(backup.ok() ? QString() : backup.error().message));
    Database &b = **backup;
    QCOMPARE(scalar(b, QStringLiteral("SELECT count(*) FROM tasks")).toInt(), 1);
    QCOMPARE(scalar(b, QStringLiteral("SELECT title || '/' || component_area || '/' || phase FROM tasks")).toString(),
             QStringLiteral("Kept across the upgrade/core/2"));
    // The backup is the database as it was: version 1.
    QCOMPARE(*MigrationRunner(b).currentVersion(), 1);
    QCOMPARE(appliedRows(b), expectedApplied(1));
}

void TestMigrationRunner::noBackupWithoutData()
{
    auto db = open(m_path);
    QVERIFY(db);
    MigrationRunner runner(*db);
    QVERIFY(runner.up(1).ok()); // tables, but no rows
    QVERIFY(runner.up().ok());
    QVERIFY(runner.lastBackupPath().isEmpty());
    // Already at the latest version: nothing to migrate, so no backup even with data.
    QVERIFY(db->exec(kInsertTask).ok());
    QVERIFY(runner.up().ok());
    QVERIFY(runner.lastBackupPath().isEmpty());
    QCOMPARE(QDir(m_dir->path()).entryList({QStringLiteral("*.bak-v*")}, QDir::Files), QStringList());
}

void TestMigrationRunner::backupNeverOverwritesAnEarlierOne()
{
    const QString earlier = m_path + QStringLiteral(".bak-v1");
    writeFile(earlier, "an earlier backup");
    auto db = open(m_path);
    QVERIFY(db);
    MigrationRunner runner(*db);
    QVERIFY(runner.up(1).ok());
    QVERIFY(db->exec(kInsertTask).ok());
    QVERIFY(runner.up().ok());
    QVERIFY(!runner.lastBackupPath().isEmpty());
    QVERIFY(runner.lastBackupPath() != QFileInfo(earlier).absoluteFilePath());
    QVERIFY(runner.lastBackupPath().startsWith(QFileInfo(earlier).absoluteFilePath()));
    QVERIFY(QFileInfo::exists(runner.lastBackupPath()));
    QFile f(earlier);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), QByteArray("an earlier backup"));
}

void TestMigrationRunner::scriptWithQuotesCommentsAndTrigger()
{
    auto db = open(m_path);
    QVERIFY(db);
    const QByteArray script = R"sql(
-- A comment; with a semicolon and a 'quote
CREATE TABLE t (id INTEGER PRIMARY KEY, x TEXT NOT NULL); /* a block comment; also with ; */
CREATE TABLE log (msg TEXT NOT NULL);
CREATE TRIGGER t_after_insert AFTER INSERT ON t
BEGIN
    INSERT INTO log (msg) VALUES ('inserted; ' || new.x);
    UPDATE t SET x = x || ';!' WHERE id = new.id;
END;
INSERT INTO t (x) VALUES ('it''s; fine');
INSERT INTO t (x) VALUES ('two
lines; -- not a comment');
INSERT INTO "t" ("x") VALUES ('/* not a comment either */');
-- a trailing comment without a statement
)sql";
    const core::Status s = db->execScript(script, QStringLiteral("script.sql"));
    QVERIFY2(s.ok(), qPrintable(s.error().message + " / " + s.error().detail));

    QSqlQuery q(db->connection());
    QVERIFY(q.exec(QStringLiteral("SELECT x FROM t ORDER BY id")));
    QStringList values;
    while (q.next()) {
        values << q.value(0).toString();
    }
    QCOMPARE(values, QStringList({QStringLiteral("it's; fine;!"), QStringLiteral("two\nlines; -- not a comment;!"),
                                  QStringLiteral("/* not a comment either */;!")}));
    QVERIFY(q.exec(QStringLiteral("SELECT msg FROM log ORDER BY rowid")));
    values.clear();
    while (q.next()) {
        values << q.value(0).toString();
    }
    QCOMPARE(values, QStringList({QStringLiteral("inserted; it's; fine"),
                                  QStringLiteral("inserted; two\nlines; -- not a comment"),
                                  QStringLiteral("inserted; /* not a comment either */")}));
    QCOMPARE(scalar(*db, QStringLiteral("SELECT count(*) FROM sqlite_master WHERE type = 'trigger'")).toInt(), 1);
}

void TestMigrationRunner::scriptErrorNamesTheStatement()
{
    auto db = open(m_path);
    QVERIFY(db);
    const QByteArray script = "CREATE TABLE a (x INTEGER);\n"
                              "INSERT INTO missing_table VALUES (1);\n"
                              "CREATE TABLE b (x INTEGER);\n";
    const core::Status s = db->execScript(script, QStringLiteral("0009_broken.up.sql"));
    QVERIFY(!s.ok());
    TASKORCH_COMPARE_CODE(s.error().code, core::ErrorCode::Storage);
    QCOMPARE(s.error().message,
             QStringLiteral("0009_broken.up.sql failed at statement: INSERT INTO missing_table VALUES (1);"));
    QVERIFY2(s.error().detail.contains(QStringLiteral("no such table: missing_table")), qPrintable(s.error().detail));
    // It stopped at the first error.
    QVERIFY(db->hasTable(QStringLiteral("a")));
    QVERIFY(!db->hasTable(QStringLiteral("b")));

    // A failing statement in the middle of a line names that statement only.
    const core::Status t = db->execScript("CREATE TABLE c (x INTEGER); SELEC 1; CREATE TABLE d (x INTEGER);",
                                          QStringLiteral("inline.sql"));
    QVERIFY(!t.ok());
    // On a syntax error SQLite stops parsing at the offending token, so the statement is named up to there.
    QVERIFY2(t.error().message.startsWith(QStringLiteral("inline.sql failed at statement: SELEC")),
             qPrintable(t.error().message));
    QVERIFY2(!t.error().message.contains(QStringLiteral("CREATE TABLE")), qPrintable(t.error().message));
    QVERIFY2(t.error().detail.contains(QStringLiteral("syntax error")), qPrintable(t.error().detail));
    QVERIFY(!db->hasTable(QStringLiteral("d")));
}

// Found by tests/fuzz/fuzz_ExecScript: SQLite stops reading SQL text at a NUL byte, so a script with one (a damaged
// migration file) ran only up to it and still reported success, and the migration would be recorded as applied.
void TestMigrationRunner::scriptWithANulByteIsRefused()
{
    auto db = open(m_path);
    QVERIFY(db);
    const QByteArray script(
        "-- a comment\0 with a NUL byte\nCREATE TABLE a (x INTEGER);\nCREATE TABLE b (x INTEGER);\n", 86);
    QCOMPARE(script.indexOf('\0'), 12);
    const core::Status s = db->execScript(script, QStringLiteral("0009_damaged.up.sql"));
    QVERIFY(!s.ok());
    TASKORCH_COMPARE_CODE(s.error().code, core::ErrorCode::Storage);
    QVERIFY2(s.error().message.startsWith(QStringLiteral("0009_damaged.up.sql holds a NUL byte at offset 12")),
             qPrintable(s.error().message));
    // Refused before anything ran.
    QVERIFY(!db->hasTable(QStringLiteral("a")));
    QVERIFY(!db->hasTable(QStringLiteral("b")));

    // After a statement, too: nothing runs, not even what comes before the NUL byte.
    const QByteArray late("CREATE TABLE c (x INTEGER);\0CREATE TABLE d (x INTEGER);", 55);
    QVERIFY(!db->execScript(late, QStringLiteral("late.sql")).ok());
    QVERIFY(!db->hasTable(QStringLiteral("c")));
    QVERIFY(!db->hasTable(QStringLiteral("d")));
}

QTEST_GUILESS_MAIN(TestMigrationRunner)
#include "tst_MigrationRunner.moc"
