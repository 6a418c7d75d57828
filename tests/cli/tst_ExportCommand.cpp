// SPDX-License-Identifier: GPL-3.0-or-later
// `taskorch-cli export` (SPEC.md §9, §10) driven in-process through CliApp on a demo database per test function.
#include "ExportCommand.h"

#include "CliApp.h"
#include "CsvReader.h"
#include "ReportWriter.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace taskorch;
using test::CsvCell;
using test::CsvTable;

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

QStringList headerOf(const CsvTable &table)
{
    QStringList names;
    if (!table.records.isEmpty()) {
        for (const CsvCell &cell : table.records.first()) {
            names << cell.value_or(QStringLiteral("<NULL>"));
        }
    }
    return names;
}

QStringList entriesOf(const QString &dir)
{
    return QDir(dir).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden, QDir::Name);
}

} // namespace

class TestExportCommand : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void everyReport_data();
    void everyReport();
    void taskFilters();
    void excelWritesBom();
    void delimiters_data();
    void delimiters();
    void formulaGuard();
    void json();
    void directoryTarget();
    void missingFolder();
    void existingFileKeptOnFailure();
    void importReportWithoutImport();
    void usageAndInvalidInput_data();
    void usageAndInvalidInput();

private:
    Run cli(const QStringList &args);
    Run db(const QStringList &args) { return cli(QStringList{QStringLiteral("--db"), m_db} + args); }
    QString path(const QString &name) const { return m_dir->filePath(name); }
    /// Exports into `name` with extra options, checks success and reads the file back.
    CsvTable exportTo(const QString &name, const QStringList &args, char delimiter = ',');

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_db;
};

void TestExportCommand::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    storage::Workspace::setApplicationIdentity();
}

void TestExportCommand::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_db = m_dir->filePath(QStringLiteral("demo.db"));
    const Run demo = db({"demo"});
    QVERIFY2(demo.exit == 0, qPrintable(demo.err));
}

void TestExportCommand::cleanup()
{
    m_dir.reset();
}

Run TestExportCommand::cli(const QStringList &args)
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

CsvTable TestExportCommand::exportTo(const QString &name, const QStringList &args, char delimiter)
{
    const Run r = db(QStringList{"export"} + args + QStringList{"--out", path(name)});
    if (r.exit != 0) {
        qWarning("export failed (%d): %s", r.exit, qPrintable(r.err));
        return {};
    }
    auto table = test::CsvReader::readFile(path(name), delimiter);
    if (!table) {
        qWarning("not RFC 4180: %s", qPrintable(table.error().message));
        return {};
    }
    return *table;
}

// ---------------------------------------------------------------- reports

void TestExportCommand::everyReport_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("rows"); // data rows expected, -1: at least one
    QTest::newRow("tasks") << QStringList{"tasks"} << 40;
    QTest::newRow("dependencies") << QStringList{"dependencies"} << -1;
    QTest::newRow("critical-path") << QStringList{"critical-path"} << 40;
    QTest::newRow("critical-path remaining") << QStringList{"critical-path", "--mode", "remaining"} << 40;
    QTest::newRow("plan") << QStringList{"plan", "--max-parallel", "4"} << -1;
    QTest::newRow("statistics") << QStringList{"statistics"} << -1;
    QTest::newRow("progress") << QStringList{"progress"} << -1;
    QTest::newRow("comments") << QStringList{"comments"} << 7;
}

void TestExportCommand::everyReport()
{
    QFETCH(QStringList, args);
    QFETCH(int, rows);
    const Run r = db(QStringList{"export"} + args + QStringList{"--out", path("report.csv")});
    QCOMPARE(r.exit, 0);
    QVERIFY2(r.err.isEmpty(), qPrintable(r.err));
    QVERIFY2(r.out.startsWith(QStringLiteral("Wrote ")), qPrintable(r.out));
    QVERIFY(r.out.contains(path("report.csv")));

    auto table = test::CsvReader::readFile(path("report.csv"), ',');
    QVERIFY(table.ok());
    const auto kind = core::fromString<storage::ReportKind>(args.first());
    QVERIFY(kind.has_value());
    QCOMPARE(headerOf(*table), storage::ReportWriter::columns(*kind));
    const qsizetype dataRows = table->records.size() - 1;
    if (rows >= 0) {
        QCOMPARE(dataRows, qsizetype(rows));
    } else {
        QVERIFY(dataRows > 0);
    }
    QVERIFY(r.out.contains(QStringLiteral("Wrote %1 ").arg(dataRows)));
}

void TestExportCommand::taskFilters()
{
    const CsvTable completed = exportTo("completed.csv", {"tasks", "--status", "completed"});
    QVERIFY(completed.records.size() > 1);
    const int status = int(headerOf(completed).indexOf(QStringLiteral("status")));
    for (qsizetype i = 1; i < completed.records.size(); ++i) {
        QCOMPARE(completed.records[i].at(status), CsvCell(QStringLiteral("completed")));
    }
    QCOMPARE(exportTo("phase.csv", {"tasks", "--phase", "4"}).records.size(), qsizetype(11));
    const CsvTable ui = exportTo("ui.csv", {"tasks", "--component", "ui", "--priority", "low"});
    QVERIFY(ui.records.size() > 1);
    const CsvTable search = exportTo("search.csv", {"tasks", "--search", "SCHEMA"});
    QVERIFY(search.records.size() > 1);
    // The same tasks as `task list` with the same filters.
    const Run listed = db({"--json", "task", "list", "--search", "SCHEMA"});
    QCOMPARE(listed.exit, 0);
    QCOMPARE(QJsonDocument::fromJson(listed.out.toUtf8()).array().size(), search.records.size() - 1);
}

void TestExportCommand::excelWritesBom()
{
    const char delimiter = core::CsvWriter::excelDelimiterFor(QLocale::system());
    const CsvTable table = exportTo("excel.csv", {"tasks", "--excel"}, delimiter);
    QVERIFY(table.hasBom);
    QCOMPARE(headerOf(table), storage::ReportWriter::columns(storage::ReportKind::Tasks));
    QCOMPARE(table.records.size(), qsizetype(41));
    // --bom alone: a BOM and the default comma.
    QVERIFY(exportTo("bom.csv", {"tasks", "--bom"}).hasBom);
    QVERIFY(!exportTo("plain.csv", {"tasks"}).hasBom);
    // An explicit delimiter wins over the Excel preset's.
    const CsvTable tabbed = exportTo("excel-tab.csv", {"tasks", "--excel", "--delimiter", "tab"}, '\t');
    QVERIFY(tabbed.hasBom);
    QCOMPARE(headerOf(tabbed), storage::ReportWriter::columns(storage::ReportKind::Tasks));
}

void TestExportCommand::delimiters_data()
{
    QTest::addColumn<QString>("option");
    QTest::addColumn<char>("delimiter");
    QTest::newRow("comma") << "," << ',';
    QTest::newRow("semicolon") << ";" << ';';
    QTest::newRow("tab") << "tab" << '\t';
    QTest::newRow("literal tab") << "\t" << '\t';
}

void TestExportCommand::delimiters()
{
    QFETCH(QString, option);
    QFETCH(char, delimiter);
    const CsvTable table = exportTo("delimited.csv", {"comments", "--delimiter", option}, delimiter);
    QCOMPARE(headerOf(table), storage::ReportWriter::columns(storage::ReportKind::Comments));
    QCOMPARE(table.records.size(), qsizetype(8));
    // The comment with a comma in it is one cell whatever the delimiter.
    QCOMPARE(table.records.at(1).at(2),
             CsvCell(QStringLiteral("Use SQLite with WAL: one writer, many readers is enough for a desktop app.")));
    if (delimiter == '\t') {
        QFile file(path("delimited.csv"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(file.readLine().startsWith("id\ttask_id\tcomment\t"));
    }
}

void TestExportCommand::formulaGuard()
{
    const QString title = QStringLiteral("=1+2, \"quoted\"; 日本語 🚀");
    const Run added = db({"task", "add", "--title", title, "--component", "ui"});
    QCOMPARE(added.exit, 0);
    const QString id = added.out.trimmed();
    const auto titleOf = [&](const CsvTable &table) {
        for (const auto &record : table.records) {
            if (record.first() == id) {
                return record.at(1);
            }
        }
        return CsvCell();
    };
    QCOMPARE(titleOf(exportTo("guarded.csv", {"tasks"})), CsvCell(QLatin1Char('\'') + title));
    QCOMPARE(titleOf(exportTo("open.csv", {"tasks", "--no-formula-guard"})), CsvCell(title));
    const char excel = core::CsvWriter::excelDelimiterFor(QLocale::system());
    QCOMPARE(titleOf(exportTo("excel.csv", {"tasks", "--excel"}, excel)), CsvCell(QLatin1Char('\'') + title));
}

void TestExportCommand::json()
{
    const Run r = db({"export", "comments", "--out", path("c.csv"), "--json"});
    QCOMPARE(r.exit, 0);
    const QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8()).object();
    QCOMPARE(o.value("report").toString(), QStringLiteral("comments"));
    QCOMPARE(o.value("rows").toInt(), 7);
    QCOMPARE(o.value("path").toString(), QDir::toNativeSeparators(path("c.csv")));
}

// ---------------------------------------------------------------- failures

void TestExportCommand::directoryTarget()
{
    const QString folder = path("a folder");
    QVERIFY(QDir().mkpath(folder));
    const Run r = db({"export", "tasks", "--out", folder});
    QCOMPARE(r.exit, 5);
    QVERIFY2(isOneLine(r.err), qPrintable(r.err));
    QVERIFY2(r.err.contains(QStringLiteral("folder")), qPrintable(r.err));
    QVERIFY(r.out.isEmpty());
    QVERIFY(QFileInfo(folder).isDir());
    QVERIFY(entriesOf(folder).isEmpty());
}

void TestExportCommand::missingFolder()
{
    const QStringList before = entriesOf(m_dir->path());
    const QString target = path("missing/report.csv");
    const Run r = db({"export", "statistics", "--out", target});
    QCOMPARE(r.exit, 5);
    QVERIFY2(isOneLine(r.err), qPrintable(r.err));
    QVERIFY2(r.err.contains(QStringLiteral("does not exist")), qPrintable(r.err));
    QVERIFY(!QFile::exists(target));
    QCOMPARE(entriesOf(m_dir->path()), before);
}

void TestExportCommand::existingFileKeptOnFailure()
{
    const QString target = path("report.csv");
    {
        QFile file(target);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("keep me\r\n");
    }
    const QStringList before = entriesOf(m_dir->path());
    const Run r = db({"export", "plan", "--max-parallel", "0", "--out", target});
    QCOMPARE(r.exit, 2);
    QVERIFY2(isOneLine(r.err), qPrintable(r.err));
    QFile file(target);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), QByteArray("keep me\r\n"));
    QCOMPARE(entriesOf(m_dir->path()), before);
}

void TestExportCommand::importReportWithoutImport()
{
    const Run r = db({"export", "import-report", "--out", path("import.csv")});
    QCOMPARE(r.exit, 3);
    QVERIFY2(isOneLine(r.err), qPrintable(r.err));
    QVERIFY2(r.err.contains(QStringLiteral("no import has been run")), qPrintable(r.err));
    QVERIFY(!QFile::exists(path("import.csv")));
}

void TestExportCommand::usageAndInvalidInput_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("exit");
    QTest::newRow("no report") << QStringList{"--out", "x.csv"} << 1;
    QTest::newRow("two reports") << QStringList{"tasks", "comments", "--out", "x.csv"} << 1;
    QTest::newRow("no --out") << QStringList{"tasks"} << 1;
    QTest::newRow("unknown report") << QStringList{"everything", "--out", "x.csv"} << 2;
    QTest::newRow("bad delimiter") << QStringList{"tasks", "--out", "x.csv", "--delimiter", "|"} << 2;
    QTest::newRow("filter on another report")
        << QStringList{"comments", "--status", "completed", "--out", "x.csv"} << 1;
    QTest::newRow("mode on tasks") << QStringList{"tasks", "--mode", "plan", "--out", "x.csv"} << 1;
    QTest::newRow("bad mode") << QStringList{"critical-path", "--mode", "soon", "--out", "x.csv"} << 2;
    QTest::newRow("plan without K") << QStringList{"plan", "--out", "x.csv"} << 1;
    QTest::newRow("plan with bad K") << QStringList{"plan", "--max-parallel", "many", "--out", "x.csv"} << 2;
    QTest::newRow("plan with K out of range") << QStringList{"plan", "--max-parallel", "51", "--out", "x.csv"} << 2;
    QTest::newRow("bad status") << QStringList{"tasks", "--status", "done-ish", "--out", "x.csv"} << 2;
    QTest::newRow("unknown option") << QStringList{"tasks", "--colour", "--out", "x.csv"} << 1;
}

void TestExportCommand::usageAndInvalidInput()
{
    QFETCH(QStringList, args);
    QFETCH(int, exit);
    const QStringList before = entriesOf(m_dir->path());
    // Relative --out paths would land in the working directory: make them absolute in the test folder.
    const qsizetype out = args.indexOf(QStringLiteral("--out"));
    if (out >= 0) {
        args[out + 1] = path(args[out + 1]);
    }
    const Run r = db(QStringList{"export"} + args);
    QCOMPARE(r.exit, exit);
    QVERIFY2(isOneLine(r.err), qPrintable(r.err));
    QVERIFY(r.out.isEmpty());
    QCOMPARE(entriesOf(m_dir->path()), before);
}

QTEST_GUILESS_MAIN(TestExportCommand)
#include "tst_ExportCommand.moc"
