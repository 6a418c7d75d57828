// SPDX-License-Identifier: GPL-3.0-or-later
// The CSV reports of SPEC.md §9 on the demo project: headers derived from the entity declarations, known rows,
// task filters, locale independence, atomic writes and cancel. Files are read back with the tests' RFC 4180 reader.
#include "ReportWriter.h"

#include "CsvReader.h"
#include "DemoProject.h"
#include "Entities.h"
#include "TempWorkspace.h"
#include "Timestamp.h"
#include "Transaction.h"

#include <QDir>
#include <QFile>
#include <QHash>
#include <QLocale>
#include <QScopeGuard>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTest>

#include <charconv>

using namespace taskorch;
using core::ErrorCode;
using storage::ReportKind;
using storage::ReportRequest;
using storage::ReportWriter;
using test::CsvCell;
using test::CsvRecord;
using test::CsvTable;

Q_DECLARE_METATYPE(taskorch::storage::ReportKind)
Q_DECLARE_METATYPE(taskorch::storage::TaskFilter)

// Readable QCOMPARE failures for cells: NULL or the quoted text.
template <> char *QTest::toString<CsvCell>(const CsvCell &cell)
{
    return qstrdup(qPrintable(taskorch::test::describe(cell)));
}

namespace {

/// A data row as column name → cell, for readable checks.
using Row = QHash<QString, CsvCell>;

Row rowOf(const CsvRecord &header, const CsvRecord &record)
{
    Row row;
    for (int i = 0; i < header.size() && i < record.size(); ++i) {
        row.insert(header[i].value_or(QString()), record[i]);
    }
    return row;
}

QStringList headerNames(const CsvTable &table)
{
    QStringList names;
    if (!table.records.isEmpty()) {
        for (const CsvCell &cell : table.records.first()) {
            names << cell.value_or(QStringLiteral("<NULL>"));
        }
    }
    return names;
}

/// The data rows of a table.
QList<Row> rowsOf(const CsvTable &table)
{
    QList<Row> rows;
    for (int i = 1; i < table.records.size(); ++i) {
        rows << rowOf(table.records.first(), table.records[i]);
    }
    return rows;
}

/// The first row whose `column` is `value`, or an empty row.
Row findRow(const QList<Row> &rows, const QString &column, const QString &value)
{
    for (const Row &row : rows) {
        if (row.value(column) == value) {
            return row;
        }
    }
    return {};
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray("<cannot read>");
}

QStringList entriesOf(const QString &dir)
{
    return QDir(dir).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden, QDir::Name);
}

// The shortest text that reads back as `value`, in plain decimals: how the CSV writer spells numbers of the size
// reports hold.
QString number(double value)
{
    char text[64];
    const std::to_chars_result result = std::to_chars(text, text + sizeof text, value, std::chars_format::fixed);
    return QString::fromLatin1(text, result.ptr - text);
}

} // namespace

class TestReportWriter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void headersComeFromTheEntityDeclarations_data();
    void headersComeFromTheEntityDeclarations();
    void reportNames();
    void tasksKnownRow();
    void tasksFilters_data();
    void tasksFilters();
    void filteredAndUnfilteredTasksAgree();
    void dependenciesKnownRow();
    void criticalPathKnownRows();
    void criticalPathRemainingMode();
    void planRowsMatchThePlan();
    void planNeedsMaxParallel();
    void statisticsRows();
    void progressAndCommentsKnownRows();
    void importReportWithoutImportTables();
    void importReportWithoutRuns();
    void importReportRows();
    void germanLocaleKeepsDotDecimals();
    void delimiterBomAndFormulaGuard();
    void failedExportLeavesExistingFileUnchanged();
    void cancelLeavesNoFile();
    void unwritableTargetsLeaveNoFile();
    void manyTasksStreamWithProgress();
    void chosenColumnsInReportOrder_data();
    void chosenColumnsInReportOrder();
    void unknownColumnIsRefused();

private:
    CsvTable exportTable(const ReportRequest &request, const core::CsvOptions &options = {},
                         const QString &name = QStringLiteral("report.csv"));
    QList<Row> exportRows(const ReportRequest &request) { return rowsOf(exportTable(request)); }
    static ReportRequest request(ReportKind kind)
    {
        ReportRequest r;
        r.kind = kind;
        r.maxParallel = 3;
        return r;
    }

    std::unique_ptr<test::FixedClock> m_clock;
    std::unique_ptr<test::TempWorkspace> m_ws;
};

void TestReportWriter::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void TestReportWriter::init()
{
    // A clock that moves 1 ms per call keeps created_at strictly ordered and predictable.
    m_clock = std::make_unique<test::FixedClock>(test::FixedClock::defaultStart(), 1);
    m_ws = std::make_unique<test::TempWorkspace>();
    QVERIFY2(m_ws->isValid(), qPrintable(m_ws->errorString()));
    const core::Status loaded = storage::DemoProject::load(m_ws->service());
    QVERIFY2(loaded.ok(), qPrintable(loaded.error().message));
}

void TestReportWriter::cleanup()
{
    QLocale::setDefault(QLocale::c());
    m_ws.reset();
    m_clock.reset();
}

CsvTable TestReportWriter::exportTable(const ReportRequest &request, const core::CsvOptions &options,
                                       const QString &name)
{
    const QString path = m_ws->filePath(name);
    const auto rows = ReportWriter::exportReport(m_ws->workspace(), request, path, options);
    if (!rows) {
        qWarning("export failed: %s (%s)", qPrintable(rows.error().message), qPrintable(rows.error().detail));
        return {};
    }
    auto table = test::CsvReader::readFile(path, options.delimiter);
    if (!table) {
        qWarning("not RFC 4180: %s", qPrintable(table.error().message));
        return {};
    }
    if (table->records.size() != *rows + 1) {
        qWarning("%lld records read, %lld rows reported", qint64(table->records.size()), *rows);
        return {};
    }
    return *table;
}

// ---------------------------------------------------------------- headers

void TestReportWriter::headersComeFromTheEntityDeclarations_data()
{
    QTest::addColumn<ReportKind>("kind");
    QTest::addColumn<QStringList>("specColumns"); // the entity's own columns, first and in order
    QTest::addColumn<QStringList>("extras");      // what the report adds after them

    QTest::newRow("tasks") << ReportKind::Tasks << core::Task::spec().columnNames()
                           << QStringList{"dependency_count", "latest_progress_percentage"};
    QTest::newRow("dependencies") << ReportKind::Dependencies << core::TaskDependency::spec().columnNames()
                                  << QStringList{"task_title", "depends_on_title"};
    QTest::newRow("progress") << ReportKind::Progress << core::TaskProgress::spec().columnNames()
                              << QStringList{"task_title"};
    QTest::newRow("comments") << ReportKind::Comments << core::TaskComment::spec().columnNames()
                              << QStringList{"task_title"};
    QTest::newRow("critical-path") << ReportKind::CriticalPath << QStringList{}
                                   << QStringList{"id",
                                                  "title",
                                                  "duration_hours",
                                                  "es",
                                                  "ef",
                                                  "ls",
                                                  "lf",
                                                  "total_slack",
                                                  "free_slack",
                                                  "critical",
                                                  "driving_predecessor",
                                                  "critical_path_position"};
    QTest::newRow("plan") << ReportKind::Plan << QStringList{}
                          << QStringList{"section",
                                         "key",
                                         "value",
                                         "group_position",
                                         "execution_order",
                                         "task_id",
                                         "title",
                                         "duration_hours",
                                         "flow_start_hours",
                                         "flow_finish_hours",
                                         "flow_lane",
                                         "wave_start_hours",
                                         "wave_finish_hours",
                                         "wave_lane",
                                         "group_start_hours",
                                         "group_duration_hours"};
    QTest::newRow("statistics") << ReportKind::Statistics << QStringList{}
                                << QStringList{"section", "key", "count", "completed", "value"};
}

void TestReportWriter::headersComeFromTheEntityDeclarations()
{
    QFETCH(ReportKind, kind);
    QFETCH(QStringList, specColumns);
    QFETCH(QStringList, extras);

    // The declared header is the spec's column names (read from the declaration at run time, so a renamed model
    // column renames the report column) followed by the report's own columns…
    QCOMPARE(ReportWriter::columns(kind), specColumns + extras);
    // …and that is exactly what lands in the file.
    const CsvTable table = exportTable(request(kind));
    QVERIFY(!table.records.isEmpty());
    QCOMPARE(headerNames(table), specColumns + extras);
    QVERIFY(!table.hasBom);
    // Every data row has one cell per column.
    for (const CsvRecord &record : table.records) {
        QCOMPARE(record.size(), qsizetype(specColumns.size() + extras.size()));
    }
}

void TestReportWriter::reportNames()
{
    QCOMPARE(core::allNames<ReportKind>(), (QStringList{"tasks", "dependencies", "critical-path", "plan", "statistics",
                                                        "progress", "comments", "import-report"}));
    QVERIFY(core::fromString<ReportKind>(u"critical-path") == ReportKind::CriticalPath);
    QVERIFY(!core::fromString<ReportKind>(u"nonsense").has_value());
    QCOMPARE(core::enumToString(ReportKind::ImportReport), QStringLiteral("import-report"));
}

// ---------------------------------------------------------------- tasks

void TestReportWriter::tasksKnownRow()
{
    const QList<Row> rows = exportRows(request(ReportKind::Tasks));
    QCOMPARE(rows.size(), storage::DemoProject::taskCount);
    const Row first = rows.first();
    auto stored = m_ws->tasks().get(1);
    QVERIFY(stored.ok());
    QCOMPARE(first.value("id"), CsvCell("1"));
    QCOMPARE(first.value("title"), CsvCell("Install modern UI dependencies"));
    QCOMPARE(first.value("description"), CsvCell("Pin the UI toolkit and its plugins in the lock file."));
    QCOMPARE(first.value("component_area"), CsvCell("environment"));
    QCOMPARE(first.value("phase"), CsvCell("1"));
    QCOMPARE(first.value("priority"), CsvCell("high"));
    QCOMPARE(first.value("complexity"), CsvCell("simple"));
    QCOMPARE(first.value("status"), CsvCell("completed"));
    QCOMPARE(first.value("source_document"), CsvCell("06-development-roadmap.md"));
    QCOMPARE(first.value("success_criteria"), CsvCell("Reviewed and merged with tests"));
    QCOMPARE(first.value("time_estimate_hours"), CsvCell("2"));
    QCOMPARE(first.value("parent_task_id"), CsvCell()); // NULL, not ""
    QCOMPARE(first.value("created_at"), CsvCell(core::Timestamp::format(stored->createdAt)));
    QCOMPARE(first.value("updated_at"), CsvCell(core::Timestamp::format(stored->updatedAt)));
    QVERIFY(first.value("created_at")->endsWith(u'Z'));
    QCOMPARE(first.value("dependency_count"), CsvCell("0"));
    QCOMPARE(first.value("latest_progress_percentage"), CsvCell("100"));

    // Task 3 has no description (NULL) and one prerequisite; task 10 has two prerequisites (7 blocks, 4 requires).
    const Row third = findRow(rows, "id", "3");
    QCOMPARE(third.value("description"), CsvCell());
    QCOMPARE(third.value("dependency_count"), CsvCell("1"));
    QCOMPARE(findRow(rows, "id", "10").value("dependency_count"), CsvCell("2"));
    // Task 7 moved 0 → 25 → 60: the latest row wins. Task 22 is a subtask of 21 and was never started.
    QCOMPARE(findRow(rows, "id", "7").value("latest_progress_percentage"), CsvCell("60"));
    QCOMPARE(findRow(rows, "id", "22").value("parent_task_id"), CsvCell("21"));
    QCOMPARE(findRow(rows, "id", "22").value("latest_progress_percentage"), CsvCell("0"));
    // Fractional hours keep their decimals.
    QCOMPARE(findRow(rows, "id", "5").value("time_estimate_hours"), CsvCell("1.5"));
    // Rows come in id order.
    for (int i = 0; i < rows.size(); ++i) {
        QCOMPARE(rows[i].value("id"), CsvCell(QString::number(i + 1)));
    }
}

void TestReportWriter::tasksFilters_data()
{
    QTest::addColumn<storage::TaskFilter>("filter");
    QTest::addColumn<QString>("column"); // every row must have…
    QTest::addColumn<QString>("value");  // …this value there (empty: not checked)
    QTest::addColumn<int>("expected");

    storage::TaskFilter f;
    f.status = core::TaskStatus::InProgress;
    QTest::newRow("status") << f << "status"
                            << "in_progress" << -1;
    f = {};
    f.phase = 2;
    QTest::newRow("phase") << f << "phase"
                           << "2" << 10;
    f = {};
    f.componentArea = QStringLiteral("ui");
    QTest::newRow("component") << f << "component_area"
                               << "ui" << -1;
    f = {};
    f.priority = core::Priority::Critical;
    QTest::newRow("priority") << f << "priority"
                              << "critical" << -1;
    f = {};
    f.search = QStringLiteral("SCHEMA"); // any case, title or description
    QTest::newRow("search") << f << ""
                            << "" << -1;
    f = {};
    f.phase = 3;
    f.priority = core::Priority::High;
    QTest::newRow("phase and priority") << f << "phase"
                                        << "3" << -1;
    f = {};
    f.parentTaskId = 21;
    QTest::newRow("parent") << f << "parent_task_id"
                            << "21" << -1;
    f = {};
    f.componentArea = QStringLiteral("no such component");
    QTest::newRow("nothing matches") << f << ""
                                     << "" << 0;
}

void TestReportWriter::tasksFilters()
{
    QFETCH(storage::TaskFilter, filter);
    QFETCH(QString, column);
    QFETCH(QString, value);
    QFETCH(int, expected);

    ReportRequest r = request(ReportKind::Tasks);
    r.taskFilter = filter;
    const CsvTable table = exportTable(r);
    QCOMPARE(headerNames(table), ReportWriter::columns(ReportKind::Tasks)); // a header even without rows
    const QList<Row> rows = rowsOf(table);

    // The same tasks as `task list` with that filter, in the same (id) order.
    auto listed = m_ws->tasks().list(storage::TaskListRequest{filter});
    QVERIFY(listed.ok());
    QCOMPARE(rows.size(), listed->size());
    for (int i = 0; i < rows.size(); ++i) {
        QCOMPARE(rows[i].value("id"), CsvCell(QString::number(listed->at(i).id)));
        if (!column.isEmpty()) {
            QCOMPARE(rows[i].value(column), CsvCell(value));
        }
    }
    if (expected >= 0) {
        QCOMPARE(rows.size(), expected);
    } else {
        QVERIFY(!rows.isEmpty());
    }
}

void TestReportWriter::filteredAndUnfilteredTasksAgree()
{
    // The unfiltered report merges three scans, a filtered one uses correlated subqueries: the rows must be equal.
    const QList<Row> all = exportRows(request(ReportKind::Tasks));
    QList<Row> byStatus;
    for (const QString &status : core::allNames<core::TaskStatus>()) {
        ReportRequest r = request(ReportKind::Tasks);
        r.taskFilter.status = core::fromString<core::TaskStatus>(status);
        byStatus << exportRows(r);
    }
    std::sort(byStatus.begin(), byStatus.end(),
              [](const Row &a, const Row &b) { return a.value("id")->toLongLong() < b.value("id")->toLongLong(); });
    QCOMPARE(byStatus.size(), all.size());
    for (int i = 0; i < all.size(); ++i) {
        QCOMPARE(byStatus[i], all[i]);
    }
}

// ---------------------------------------------------------------- other reports

void TestReportWriter::dependenciesKnownRow()
{
    const QList<Row> rows = exportRows(request(ReportKind::Dependencies));
    auto count = test::scalar(m_ws->database(), QStringLiteral("SELECT count(*) FROM task_dependencies"));
    QCOMPARE(rows.size(), count.toInt());
    const Row first = rows.first(); // demo link {2, 1, blocks}
    QCOMPARE(first.value("id"), CsvCell("1"));
    QCOMPARE(first.value("task_id"), CsvCell("2"));
    QCOMPARE(first.value("depends_on_task_id"), CsvCell("1"));
    QCOMPARE(first.value("dependency_type"), CsvCell("blocks"));
    QCOMPARE(first.value("relation"), CsvCell("FS"));
    QCOMPARE(first.value("lag_hours"), CsvCell("0"));
    QCOMPARE(first.value("task_title"), CsvCell("Create UI architecture directory structure"));
    QCOMPARE(first.value("depends_on_title"), CsvCell("Install modern UI dependencies"));
    QVERIFY(first.value("created_at")->endsWith(u'Z'));
    // A soft link is exported too.
    QVERIFY(!findRow(rows, "dependency_type", "enhances").isEmpty());
}

void TestReportWriter::criticalPathKnownRows()
{
    const QList<Row> rows = exportRows(request(ReportKind::CriticalPath));
    QCOMPARE(rows.size(), storage::DemoProject::taskCount);
    auto cpm = m_ws->workspace().scheduling().criticalPath(core::ScheduleMode::Plan);
    QVERIFY(cpm.ok());

    // Task 1 starts the critical chain: 2 h, no slack, no driving predecessor.
    const Row first = findRow(rows, "id", "1");
    QCOMPARE(first.value("title"), CsvCell("Install modern UI dependencies"));
    QCOMPARE(first.value("duration_hours"), CsvCell("2"));
    QCOMPARE(first.value("es"), CsvCell("0"));
    QCOMPARE(first.value("ef"), CsvCell("2"));
    QCOMPARE(first.value("total_slack"), CsvCell("0"));
    QCOMPARE(first.value("critical"), CsvCell("true"));
    QCOMPARE(first.value("driving_predecessor"), CsvCell());
    QCOMPARE(first.value("critical_path_position"), CsvCell("1"));
    // Task 2 is driven by task 1 and starts when it ends.
    const Row second = findRow(rows, "id", "2");
    QCOMPARE(second.value("driving_predecessor"), CsvCell("1"));
    QCOMPARE(second.value("es"), CsvCell("2"));
    QCOMPARE(second.value("critical"), CsvCell("true"));

    // Every row matches the computed schedule, in hours; the critical chain is numbered in order.
    const QList<qint64> &path = cpm->criticalPath();
    for (const Row &row : rows) {
        const auto t = cpm->task(row.value("id")->toLongLong());
        QVERIFY(t.has_value());
        QCOMPARE(row.value("es"), CsvCell(number(core::minutesToHours(t->earlyStart))));
        QCOMPARE(row.value("lf"), CsvCell(number(core::minutesToHours(t->lateFinish))));
        QCOMPARE(row.value("free_slack"), CsvCell(number(core::minutesToHours(t->freeSlack))));
        QCOMPARE(row.value("critical"), CsvCell(t->critical ? "true" : "false"));
        const qsizetype at = path.indexOf(t->id);
        QCOMPARE(row.value("critical_path_position"), at < 0 ? CsvCell() : CsvCell(QString::number(at + 1)));
    }
    // A task off the chain has slack and is not critical.
    const Row relaxed = findRow(rows, "critical", "false");
    QVERIFY(!relaxed.isEmpty());
    QVERIFY(relaxed.value("total_slack")->toDouble() > 0);
}

void TestReportWriter::criticalPathRemainingMode()
{
    ReportRequest r = request(ReportKind::CriticalPath);
    r.mode = core::ScheduleMode::Remaining;
    const QList<Row> rows = exportRows(r);
    QCOMPARE(rows.size(), storage::DemoProject::taskCount);
    // Task 1 is completed: nothing remains of it. Task 7 is 60 % done: 40 % of 8 h remain.
    QCOMPARE(findRow(rows, "id", "1").value("duration_hours"), CsvCell("0"));
    QCOMPARE(findRow(rows, "id", "7").value("duration_hours"), CsvCell("3.2"));
}

void TestReportWriter::planRowsMatchThePlan()
{
    const QList<Row> rows = exportRows(request(ReportKind::Plan));
    auto plan = m_ws->workspace().scheduling().plan(3);
    QVERIFY(plan.ok());

    QList<Row> summary;
    QList<Row> tasks;
    for (const Row &row : rows) {
        (row.value("section") == CsvCell("summary") ? summary : tasks) << row;
    }
    QCOMPARE(summary.size() + tasks.size(), rows.size());
    QCOMPARE(findRow(summary, "key", "max_parallel").value("value"), CsvCell("3"));
    QCOMPARE(findRow(summary, "key", "task_count").value("value"), CsvCell(QString::number(plan->taskCount)));
    QCOMPARE(findRow(summary, "key", "group_count").value("value"), CsvCell(QString::number(plan->groups.size())));
    QCOMPARE(findRow(summary, "key", "lower_bound_hours").value("value"),
             CsvCell(number(core::minutesToHours(plan->lowerBoundMinutes))));
    QCOMPARE(findRow(summary, "key", "flow_makespan_hours").value("value"),
             CsvCell(number(core::minutesToHours(plan->flowMakespanMinutes))));
    QCOMPARE(findRow(summary, "key", "wave_makespan_hours").value("value"),
             CsvCell(number(core::minutesToHours(plan->waveMakespanMinutes))));
    QCOMPARE(findRow(summary, "key", "wave_ratio").value("value"), CsvCell(number(plan->waveRatio)));

    // One row per open task, in group and execution order, each task once.
    QCOMPARE(tasks.size(), plan->taskCount);
    QSet<QString> seen;
    int row = 0;
    for (const core::PlanGroup &group : plan->groups) {
        for (int i = 0; i < group.tasks.size(); ++i, ++row) {
            const Row &r = tasks[row];
            QCOMPARE(r.value("group_position"), CsvCell(QString::number(group.position)));
            QCOMPARE(r.value("execution_order"), CsvCell(QString::number(i + 1)));
            QCOMPARE(r.value("task_id"), CsvCell(QString::number(group.tasks[i].id)));
            QCOMPARE(r.value("group_duration_hours"), CsvCell(number(core::minutesToHours(group.durationMinutes))));
            QCOMPARE(r.value("key"), CsvCell());
            QVERIFY(!r.value("title")->isEmpty());
            seen.insert(*r.value("task_id"));
        }
    }
    QCOMPARE(seen.size(), tasks.size());
    // The flow view of one task as the planner computed it.
    const core::FlowEntry &flow = plan->flow.first();
    const Row first = findRow(tasks, "task_id", QString::number(flow.id));
    QCOMPARE(first.value("flow_start_hours"), CsvCell(number(core::minutesToHours(flow.start))));
    QCOMPARE(first.value("flow_finish_hours"), CsvCell(number(core::minutesToHours(flow.finish))));
    QCOMPARE(first.value("flow_lane"), CsvCell(QString::number(flow.lane)));
    // Completed tasks are not planned.
    QVERIFY(findRow(tasks, "task_id", "1").isEmpty());
}

void TestReportWriter::planNeedsMaxParallel()
{
    const QString path = m_ws->filePath(QStringLiteral("plan.csv"));
    for (int k : {0, 51, -1}) {
        ReportRequest r = request(ReportKind::Plan);
        r.maxParallel = k;
        const auto rows = ReportWriter::exportReport(m_ws->workspace(), r, path);
        QVERIFY(!rows.ok());
        TASKORCH_COMPARE_CODE(rows.error().code, ErrorCode::Invalid);
        QVERIFY(!QFile::exists(path));
    }
}

void TestReportWriter::statisticsRows()
{
    const QList<Row> rows = exportRows(request(ReportKind::Statistics));
    auto stats = m_ws->service().statistics();
    QVERIFY(stats.ok());
    const auto figure = [&](const char *key) {
        const Row row = findRow(rows, "key", QString::fromLatin1(key));
        return row.value("section") == CsvCell("summary") ? row.value("value") : CsvCell();
    };
    QCOMPARE(figure("total_tasks"), CsvCell("40"));
    QCOMPARE(figure("completed_tasks"), CsvCell(QString::number(stats->completedTasks)));
    QCOMPARE(figure("in_progress_tasks"), CsvCell(QString::number(stats->inProgressTasks)));
    QCOMPARE(figure("blocked_tasks"), CsvCell(QString::number(stats->blockedTasks)));
    QCOMPARE(figure("not_started_tasks"), CsvCell(QString::number(stats->notStartedTasks)));
    QCOMPARE(figure("failed_tasks"), CsvCell(QString::number(stats->failedTasks)));
    QCOMPARE(figure("completion_percentage"), CsvCell(number(stats->completionPercentage)));
    QCOMPARE(figure("total_estimated_hours"), CsvCell(number(stats->totalEstimatedHours)));
    QCOMPARE(figure("completed_hours"), CsvCell(number(stats->completedHours)));
    QCOMPARE(figure("remaining_hours"), CsvCell(number(stats->remainingHours)));
    QCOMPARE(figure("progress_percentage"), CsvCell(number(stats->progressPercentage)));
    QCOMPARE(findRow(rows, "key", "total_tasks").value("count"), CsvCell()); // NULL: the figure is in value

    // The breakdowns as rows: five statuses, four phases, every component; each adds up to the total.
    qint64 statuses = 0;
    qint64 phases = 0;
    qint64 components = 0;
    int phaseRows = 0;
    for (const Row &row : rows) {
        const QString section = row.value("section").value_or(QString());
        if (section == QStringLiteral("status")) {
            statuses += row.value("count")->toLongLong();
        } else if (section == QStringLiteral("phase")) {
            phases += row.value("count")->toLongLong();
            ++phaseRows;
        } else if (section == QStringLiteral("component")) {
            components += row.value("count")->toLongLong();
        }
    }
    QCOMPARE(statuses, 40);
    QCOMPARE(phases, 40);
    QCOMPARE(components, 40);
    QCOMPARE(phaseRows, 4);
    const Row completed = findRow(rows, "key", "completed");
    QCOMPARE(completed.value("section"), CsvCell("status"));
    QCOMPARE(completed.value("count"), CsvCell(QString::number(stats->completedTasks)));
    // Phase 1 of the demo: 10 tasks; its completed count and completion percentage as the statistics say.
    const Row phase1 = findRow(rows, "key", "1");
    QCOMPARE(phase1.value("section"), CsvCell("phase"));
    QCOMPARE(phase1.value("count"), CsvCell("10"));
    QCOMPARE(phase1.value("completed"), CsvCell(QString::number(stats->phaseBreakdown.first().completed)));
    // Components in the statistics' order (count desc, then area).
    const core::ComponentBreakdown &top = stats->componentBreakdown.first();
    const Row firstComponent = findRow(rows, "section", "component");
    QCOMPARE(firstComponent.value("key"), CsvCell(top.area));
    QCOMPARE(firstComponent.value("count"), CsvCell(QString::number(top.count)));
}

void TestReportWriter::progressAndCommentsKnownRows()
{
    const QList<Row> progress = exportRows(request(ReportKind::Progress));
    auto progressCount = test::scalar(m_ws->database(), QStringLiteral("SELECT count(*) FROM task_progress"));
    QCOMPARE(progress.size(), progressCount.toInt());
    const Row created = progress.first(); // the first task's creation row
    QCOMPARE(created.value("task_id"), CsvCell("1"));
    QCOMPARE(created.value("progress_percentage"), CsvCell("0"));
    QCOMPARE(created.value("notes"), CsvCell("Task created"));
    QCOMPARE(created.value("updated_by"), CsvCell("system"));
    QCOMPARE(created.value("task_title"), CsvCell("Install modern UI dependencies"));
    // Oldest first.
    for (int i = 1; i < progress.size(); ++i) {
        QVERIFY(*progress[i - 1].value("created_at") <= *progress[i].value("created_at"));
    }

    const QList<Row> comments = exportRows(request(ReportKind::Comments));
    QCOMPARE(comments.size(), 7);
    const Row decision = comments.first();
    QCOMPARE(decision.value("task_id"), CsvCell("6"));
    QCOMPARE(decision.value("comment_type"), CsvCell("decision"));
    QCOMPARE(decision.value("comment"),
             CsvCell("Use SQLite with WAL: one writer, many readers is enough for a desktop app."));
    QCOMPARE(decision.value("task_title"), CsvCell("Design database schema"));
}

// ---------------------------------------------------------------- import-report

void TestReportWriter::importReportWithoutImportTables()
{
    // A database whose schema predates the import bookkeeping (migration 0003 not there).
    for (const char *table : {"import_quarantine", "import_issues", "import_id_map", "import_runs"}) {
        (void)m_ws->database().exec(QStringLiteral("DROP TABLE IF EXISTS %1").arg(QLatin1StringView(table)));
    }
    QVERIFY(!m_ws->database().hasTable(QStringLiteral("import_runs")));
    const QString path = m_ws->filePath(QStringLiteral("import.csv"));
    const auto rows = ReportWriter::exportReport(m_ws->workspace(), request(ReportKind::ImportReport), path);
    QVERIFY(!rows.ok());
    TASKORCH_COMPARE_CODE(rows.error().code, ErrorCode::NotFound);
    QCOMPARE(rows.error().message, QStringLiteral("no import has been run in this database"));
    QVERIFY(!QFile::exists(path));
}

void TestReportWriter::importReportWithoutRuns()
{
    if (!m_ws->database().hasTable(QStringLiteral("import_runs"))) {
        QSKIP("the import bookkeeping migration is not part of this build");
    }
    const auto rows = ReportWriter::exportReport(m_ws->workspace(), request(ReportKind::ImportReport),
                                                 m_ws->filePath(QStringLiteral("import.csv")));
    QVERIFY(!rows.ok());
    TASKORCH_COMPARE_CODE(rows.error().code, ErrorCode::NotFound);
}

void TestReportWriter::importReportRows()
{
    if (!m_ws->database().hasTable(QStringLiteral("import_runs"))) {
        QSKIP("the import bookkeeping migration is not part of this build");
    }
    // A run as the importer records it: 3 legacy tasks imported (one normalised), 2 dependencies of which one is
    // quarantined as an orphan, one comment quarantined as invalid.
    const QStringList statements{
        "INSERT INTO import_runs (id, source_path, source_sha256, generation, started_at, finished_at, status) VALUES "
        "(1, '/legacy/implementation_tracker.db', '" +
            QString(64, u'a') + "', 'B', '2025-08-03T22:30:31.958Z', '2025-08-03T22:30:32.000Z', 'completed')",
        "INSERT INTO import_id_map VALUES (1, 'tasks', 10, 'tasks', 1), (1, 'tasks', 11, 'tasks', 2), "
        "(1, 'tasks', 12, 'tasks', 3), (1, 'task_dependencies', 5, 'task_dependencies', 1)",
        "INSERT INTO import_issues (run_id, source_table, source_id, \"column\", raw_value, stored_value, code) VALUES "
        "(1, 'tasks', 11, 'status', 'Done', 'completed', 'normalised_enum'), "
        "(1, 'tasks', 11, 'priority', 'HIGH', 'high', 'normalised_enum')",
        "INSERT INTO import_quarantine (run_id, source_table, source_id, reason, row_json) VALUES "
        "(1, 'task_dependencies', 6, 'orphan_reference', '{\"id\":6,\"task_id\":99}'), "
        "(1, 'task_comments', 3, 'invalid_value', '{\"id\":3,\"comment\":\"\"}')",
    };
    for (const QString &sql : statements) {
        const core::Status s = m_ws->database().exec(sql);
        QVERIFY2(s.ok(), qPrintable(s.error().detail));
    }
    const CsvTable table = exportTable(request(ReportKind::ImportReport));
    QCOMPARE(headerNames(table), ReportWriter::columns(ReportKind::ImportReport));
    QCOMPARE(headerNames(table), (QStringList{"section", "run_id", "source_table", "source_id", "key", "value",
                                              "column", "raw_value", "stored_value", "row_json"}));
    const QList<Row> rows = rowsOf(table);
    const auto cell = [&](const QString &section, const QString &sourceTable, const QString &key) {
        for (const Row &row : rows) {
            if (row.value("section") == section && row.value("key") == key &&
                (sourceTable.isEmpty() || row.value("source_table") == sourceTable)) {
                return row.value("value");
            }
        }
        return CsvCell(QStringLiteral("<missing>"));
    };
    QCOMPARE(cell("run", "", "source_path"), CsvCell("/legacy/implementation_tracker.db"));
    QCOMPARE(cell("run", "", "generation"), CsvCell("B"));
    QCOMPARE(cell("run", "", "status"), CsvCell("completed"));
    QCOMPARE(cell("table", "tasks", "read"), CsvCell("3"));
    QCOMPARE(cell("table", "tasks", "imported"), CsvCell("3"));
    QCOMPARE(cell("table", "tasks", "normalised"), CsvCell("1"));
    QCOMPARE(cell("table", "tasks", "quarantined"), CsvCell("0"));
    QCOMPARE(cell("table", "task_dependencies", "read"), CsvCell("2"));
    QCOMPARE(cell("table", "task_dependencies", "quarantined"), CsvCell("1"));
    QCOMPARE(cell("table", "task_dependencies", "quarantined:orphan_reference"), CsvCell("1"));
    QCOMPARE(cell("table", "task_comments", "read"), CsvCell("1"));
    QCOMPARE(cell("table", "task_comments", "imported"), CsvCell("0"));
    QCOMPARE(cell("table", "task_comments", "quarantined:invalid_value"), CsvCell("1"));

    const Row orphan = findRow(rows, "key", "orphan_reference");
    QCOMPARE(orphan.value("section"), CsvCell("quarantine"));
    QCOMPARE(orphan.value("run_id"), CsvCell("1"));
    QCOMPARE(orphan.value("source_id"), CsvCell("6"));
    QCOMPARE(orphan.value("row_json"), CsvCell("{\"id\":6,\"task_id\":99}"));
    const Row issue = findRow(rows, "column", "status");
    QCOMPARE(issue.value("section"), CsvCell("issue"));
    QCOMPARE(issue.value("source_table"), CsvCell("tasks"));
    QCOMPARE(issue.value("source_id"), CsvCell("11"));
    QCOMPARE(issue.value("key"), CsvCell("normalised_enum"));
    QCOMPARE(issue.value("raw_value"), CsvCell("Done"));
    QCOMPARE(issue.value("stored_value"), CsvCell("completed"));
}

// ---------------------------------------------------------------- format

void TestReportWriter::germanLocaleKeepsDotDecimals()
{
    QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
    QCOMPARE(QLocale().toString(1.5), QStringLiteral("1,5")); // the locale really is German
    // Excel's German preset separates with ';' — the decimals still use '.'.
    const core::CsvOptions options = core::CsvOptions::excel(QLocale(QLocale::German, QLocale::Germany));
    QCOMPARE(options.delimiter, ';');
    QVERIFY(options.bom);

    const CsvTable tasks = exportTable(request(ReportKind::Tasks), options);
    QVERIFY(tasks.hasBom);
    const QList<Row> taskRows = rowsOf(tasks);
    QCOMPARE(findRow(taskRows, "id", "5").value("time_estimate_hours"), CsvCell("1.5"));

    const QList<Row> cpm = rowsOf(exportTable(request(ReportKind::CriticalPath), options));
    const QList<Row> stats = rowsOf(exportTable(request(ReportKind::Statistics), options));
    ReportRequest remaining = request(ReportKind::CriticalPath);
    remaining.mode = core::ScheduleMode::Remaining;
    QCOMPARE(findRow(rowsOf(exportTable(remaining, options)), "id", "7").value("duration_hours"), CsvCell("3.2"));
    // No number is written with a decimal comma: every numeric column reads as a C-locale number.
    const auto checkNumbers = [](const QList<Row> &rows, const QStringList &columns) {
        for (const Row &row : rows) {
            for (const QString &column : columns) {
                const CsvCell cell = row.value(column);
                if (!cell) {
                    continue;
                }
                bool ok = false;
                QLocale::c().toDouble(*cell, &ok);
                if (!ok || cell->contains(u',')) {
                    qWarning("%s is not a C-locale number: %s", qPrintable(column), qPrintable(*cell));
                    return false;
                }
            }
        }
        return true;
    };
    QVERIFY(checkNumbers(taskRows, {"time_estimate_hours", "phase", "dependency_count", "latest_progress_percentage"}));
    QVERIFY(checkNumbers(cpm, {"duration_hours", "es", "ef", "ls", "lf", "total_slack", "free_slack"}));
    QVERIFY(checkNumbers(stats, {"count", "completed", "value"}));
    QCOMPARE(findRow(stats, "key", "completion_percentage").value("value"),
             CsvCell(number(m_ws->service().statistics()->completionPercentage)));
}

void TestReportWriter::delimiterBomAndFormulaGuard()
{
    // A hostile title: a formula, the delimiters, quotes, a line break, CJK and an emoji.
    core::Task hostile = test::makeTask(QStringLiteral("=1+2, \"quoted\"; tab\there\r\n日本語 🚀"));
    hostile.description = QStringLiteral("-minus; first");
    auto id = m_ws->service().createTask(hostile);
    QVERIFY(id.ok());

    for (char delimiter : {',', ';', '\t'}) {
        for (bool guard : {true, false}) {
            core::CsvOptions options;
            options.delimiter = delimiter;
            options.bom = guard; // both with and without BOM
            options.formulaGuard = guard;
            const CsvTable table = exportTable(request(ReportKind::Tasks), options);
            QCOMPARE(table.hasBom, guard);
            QCOMPARE(headerNames(table), ReportWriter::columns(ReportKind::Tasks));
            const Row row = findRow(rowsOf(table), "id", QString::number(*id));
            const QString prefix = guard ? QStringLiteral("'") : QString();
            QCOMPARE(row.value("title"), CsvCell(prefix + hostile.title));
            QCOMPARE(row.value("description"), CsvCell(prefix + *hostile.description));
            QCOMPARE(row.value("success_criteria"), CsvCell());         // NULL stays NULL
            QCOMPARE(row.value("source_document"), CsvCell(QString())); // "" stays ""
        }
    }
}

// ---------------------------------------------------------------- atomic writes

void TestReportWriter::failedExportLeavesExistingFileUnchanged()
{
    const QString path = m_ws->filePath(QStringLiteral("report.csv"));
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("old content\r\n");
    }
    const QStringList before = entriesOf(m_ws->dirPath());

    // A report that fails after the file was opened (no import runs) and one that fails in the request.
    const auto noImport = ReportWriter::exportReport(m_ws->workspace(), request(ReportKind::ImportReport), path);
    QVERIFY(!noImport.ok());
    ReportRequest badPlan = request(ReportKind::Plan);
    badPlan.maxParallel = 0;
    QVERIFY(!ReportWriter::exportReport(m_ws->workspace(), badPlan, path).ok());
    QCOMPARE(readAll(path), QByteArray("old content\r\n"));
    QCOMPARE(entriesOf(m_ws->dirPath()), before); // no temporary file left behind

    // A successful export replaces it whole.
    const auto rows = ReportWriter::exportReport(m_ws->workspace(), request(ReportKind::Comments), path);
    QVERIFY(rows.ok());
    QVERIFY(readAll(path).startsWith("id,task_id,comment,"));
    QCOMPARE(entriesOf(m_ws->dirPath()), before);
}

void TestReportWriter::cancelLeavesNoFile()
{
    const QString path = m_ws->filePath(QStringLiteral("cancelled.csv"));
    const QStringList before = entriesOf(m_ws->dirPath());
    QList<qint64> calls;
    const auto rows =
        ReportWriter::exportReport(m_ws->workspace(), request(ReportKind::Tasks), path, {}, [&](qint64 done) {
            calls << done;
            return false;
        });
    QVERIFY(!rows.ok());
    TASKORCH_COMPARE_CODE(rows.error().code, ErrorCode::Cancelled);
    QCOMPARE(calls, QList<qint64>{40}); // fewer rows than one interval: one call, at the end
    QVERIFY(!QFile::exists(path));
    QCOMPARE(entriesOf(m_ws->dirPath()), before);

    // The same export, not cancelled, is written.
    calls.clear();
    const auto written =
        ReportWriter::exportReport(m_ws->workspace(), request(ReportKind::Tasks), path, {}, [&](qint64 done) {
            calls << done;
            return true;
        });
    QVERIFY(written.ok());
    QCOMPARE(*written, 40);
    QCOMPARE(calls, QList<qint64>{40});
    QVERIFY(QFile::exists(path));
}

void TestReportWriter::unwritableTargetsLeaveNoFile()
{
    const QString folder = m_ws->filePath(QStringLiteral("a folder"));
    QVERIFY(QDir().mkpath(folder));
    const QString missing = m_ws->filePath(QStringLiteral("no such folder/report.csv"));
    for (const QString &path : {folder, missing}) {
        const auto rows = ReportWriter::exportReport(m_ws->workspace(), request(ReportKind::Tasks), path);
        QVERIFY(!rows.ok());
        TASKORCH_COMPARE_CODE(rows.error().code, ErrorCode::Storage);
        QVERIFY2(rows.error().message.contains(QDir::toNativeSeparators(path)), qPrintable(rows.error().message));
    }
    QVERIFY(QFileInfo(folder).isDir());
    QVERIFY(entriesOf(folder).isEmpty());
    QVERIFY(!QFile::exists(missing));
}

void TestReportWriter::manyTasksStreamWithProgress()
{
    // More rows than a few progress intervals, with subtasks, dependencies and several progress rows per task.
    constexpr int count = 3 * int(ReportWriter::progressInterval) + 100;
    QList<core::Task> tasks;
    for (int i = 0; i < count; ++i) {
        tasks << test::makeTask(QStringLiteral("Bulk task %1").arg(i), QStringLiteral("bulk"), 1 + i % 4);
    }
    {
        storage::Transaction tx(m_ws->database());
        QVERIFY(tx.begun().ok());
        QVERIFY(m_ws->tasks().insertMany(tasks).ok());
        QSqlQuery q(m_ws->database().connection());
        // Each bulk task depends on the previous one and has two progress rows (10 %, then its id mod 100).
        QVERIFY(q.exec(QStringLiteral(
            "INSERT INTO task_dependencies (task_id, depends_on_task_id, dependency_type, created_at) "
            "SELECT id, id - 1, 'blocks', created_at FROM tasks WHERE component_area = 'bulk' AND id > 41")));
        QVERIFY(q.exec(QStringLiteral("INSERT INTO task_progress (task_id, progress_percentage, created_at) "
                                      "SELECT id, 10, '2030-01-01T00:00:00.000Z' FROM tasks WHERE id > 40")));
        QVERIFY(q.exec(QStringLiteral("INSERT INTO task_progress (task_id, progress_percentage, created_at) "
                                      "SELECT id, id % 100, '2030-01-02T00:00:00.000Z' FROM tasks WHERE id > 40")));
        QVERIFY(tx.commit().ok());
    }
    const int total = count + storage::DemoProject::taskCount;
    QList<qint64> calls;
    const QString path = m_ws->filePath(QStringLiteral("many.csv"));
    const auto rows =
        ReportWriter::exportReport(m_ws->workspace(), request(ReportKind::Tasks), path, {}, [&](qint64 done) {
            calls << done;
            return true;
        });
    QVERIFY(rows.ok());
    QCOMPARE(*rows, total);
    const qint64 n = ReportWriter::progressInterval;
    QCOMPARE(calls, (QList<qint64>{n, 2 * n, 3 * n, total}));

    auto table = test::CsvReader::readFile(path, ',');
    QVERIFY(table.ok());
    const QList<Row> all = rowsOf(*table);
    QCOMPARE(all.size(), total);
    for (const Row &row : all) {
        const qint64 id = row.value("id")->toLongLong();
        if (id <= 41) {
            continue;
        }
        QCOMPARE(row.value("dependency_count"), CsvCell("1"));
        QCOMPARE(row.value("latest_progress_percentage"), CsvCell(QString::number(id % 100)));
    }
    QCOMPARE(findRow(all, "id", "41").value("dependency_count"), CsvCell("0"));
}

void TestReportWriter::chosenColumnsInReportOrder_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<QStringList>("chosen");
    QTest::addColumn<QStringList>("header");
    QTest::newRow("tasks") << int(ReportKind::Tasks)
                           << QStringList{QStringLiteral("status"), QStringLiteral("id"),
                                          QStringLiteral("dependency_count")}
                           << QStringList{QStringLiteral("id"), QStringLiteral("status"),
                                          QStringLiteral("dependency_count")};
    QTest::newRow("critical path") << int(ReportKind::CriticalPath)
                                   << QStringList{QStringLiteral("critical"), QStringLiteral("title")}
                                   << QStringList{QStringLiteral("title"), QStringLiteral("critical")};
    QTest::newRow("statistics, one column")
        << int(ReportKind::Statistics) << QStringList{QStringLiteral("key")} << QStringList{QStringLiteral("key")};
}

// Picking columns drops the others from the header and from every row, and keeps the values the full report has.
void TestReportWriter::chosenColumnsInReportOrder()
{
    QFETCH(int, kind);
    QFETCH(QStringList, chosen);
    QFETCH(QStringList, header);
    ReportRequest full = request(ReportKind(kind));
    const CsvTable all = exportTable(full, {}, QStringLiteral("all.csv"));
    ReportRequest picked = full;
    picked.columns = chosen;
    const CsvTable some = exportTable(picked, {}, QStringLiteral("some.csv"));
    QCOMPARE(some.records.size(), all.records.size());
    QStringList names;
    for (const CsvCell &cell : some.records.first()) {
        names << cell.value_or(QString());
    }
    QCOMPARE(names, header);
    const QList<Row> allRows = rowsOf(all);
    const QList<Row> someRows = rowsOf(some);
    for (qsizetype i = 0; i < someRows.size(); ++i) {
        QCOMPARE(someRows[i].size(), header.size());
        for (const QString &name : header) {
            QCOMPARE(someRows[i].value(name), allRows[i].value(name));
        }
    }
}

void TestReportWriter::unknownColumnIsRefused()
{
    ReportRequest r = request(ReportKind::Comments);
    r.columns = {QStringLiteral("comment"), QStringLiteral("author")};
    const QString path = m_ws->filePath(QStringLiteral("comments.csv"));
    auto rows = ReportWriter::exportReport(m_ws->workspace(), r, path);
    QVERIFY(!rows);
    TASKORCH_COMPARE_CODE(rows.error().code, core::ErrorCode::Invalid);
    QVERIFY2(rows.error().message.contains(QStringLiteral("\"author\"")), qPrintable(rows.error().message));
    QVERIFY(!QFile::exists(path));
}

QTEST_GUILESS_MAIN(TestReportWriter)
#include "tst_ReportWriter.moc"
