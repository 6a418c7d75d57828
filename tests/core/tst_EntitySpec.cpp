// SPDX-License-Identifier: GPL-3.0-or-later
// Every column rule of every entity of SPEC.md §3, checked through the one declaration (§4) at its boundaries,
// with the exact message a person reads.
#include "EntitySpec.h"

#include "Entities.h"

#include <QTest>
#include <QTimeZone>

#include <limits>

using namespace taskorch::core;

namespace {

const QDateTime kTime(QDate(2025, 8, 3), QTime(22, 30, 31, 958), QTimeZone::utc());

// A valid row of each table, in `spec().columns` order.
QVariantList validRow(const QString &table)
{
    if (table == QLatin1String("tasks")) {
        Task t;
        t.title = QStringLiteral("Write the tests");
        t.componentArea = QStringLiteral("testing");
        t.createdAt = kTime;
        t.updatedAt = kTime;
        return t.toRow();
    }
    if (table == QLatin1String("task_dependencies")) {
        TaskDependency d;
        d.taskId = 1;
        d.dependsOnTaskId = 2;
        d.createdAt = kTime;
        return d.toRow();
    }
    if (table == QLatin1String("task_progress")) {
        TaskProgress p;
        p.taskId = 1;
        p.createdAt = kTime;
        return p.toRow();
    }
    if (table == QLatin1String("task_comments")) {
        TaskComment c;
        c.taskId = 1;
        c.comment = QStringLiteral("A note");
        c.createdAt = kTime;
        return c.toRow();
    }
    if (table == QLatin1String("execution_groups")) {
        ExecutionGroup g;
        g.name = QStringLiteral("Group 1");
        g.createdAt = kTime;
        g.updatedAt = kTime;
        return g.toRow();
    }
    if (table == QLatin1String("group_tasks")) {
        GroupTask g;
        g.groupId = 1;
        g.taskId = 1;
        g.createdAt = kTime;
        g.updatedAt = kTime;
        return g.toRow();
    }
    if (table == QLatin1String("parallel_execution_log")) {
        ExecutionLogEntry e;
        e.groupId = 1;
        e.message = QStringLiteral("Group started");
        e.createdAt = kTime;
        return e.toRow();
    }
    qFatal("no valid row for %s", qPrintable(table));
    return {};
}

const EntitySpec &specOf(const QString &table)
{
    for (const EntitySpec *spec : allEntitySpecs()) {
        if (spec->table == table) {
            return *spec;
        }
    }
    qFatal("no spec for %s", qPrintable(table));
    return *allEntitySpecs().first();
}

QString text(int length, QChar c = u'x')
{
    return QString(length, c);
}

const QVariant kNull;

// Rows of the rule table: value accepted (empty message) or refused with exactly `message`.
// A message ending in '*' is compared as a prefix (for text that comes from Qt, e.g. a JSON parser's error).
void accept(const char *table, const char *column, const char *what, const QVariant &value)
{
    QTest::addRow("%s.%s %s accepted", table, column, what) << table << column << value << QString();
}

void refuse(const char *table, const char *column, const char *what, const QVariant &value, const QString &message)
{
    QTest::addRow("%s.%s %s refused", table, column, what) << table << column << value << message;
}

// The length rules of a text column with a lower and an upper bound (both inclusive).
void textBounds(const char *table, const char *column, int min, int max)
{
    const QString range = QStringLiteral("%1: must be %2–%3 characters, got ").arg(column).arg(min).arg(max);
    if (min > 0) {
        refuse(table, column, "length min-1", text(min - 1), range + QString::number(min - 1));
    }
    accept(table, column, "length min", text(min));
    if (min + 1 < max) {
        accept(table, column, "length min+1", text(min + 1));
    }
    accept(table, column, "length max", text(max));
    refuse(table, column, "length max+1", text(max + 1), range + QString::number(max + 1));
}

// A nullable text column with only a maximum length.
void optionalTextMax(const char *table, const char *column, int max)
{
    accept(table, column, "null", kNull);
    accept(table, column, "empty", QString(""));
    accept(table, column, "length max", text(max));
    refuse(table, column, "length max+1", text(max + 1),
           QStringLiteral("%1: must be at most %2 characters, got %3").arg(column).arg(max).arg(max + 1));
}

void required(const char *table, const char *column)
{
    refuse(table, column, "null", kNull, QStringLiteral("%1: is required").arg(column));
}

void enumColumn(const char *table, const char *column, const QStringList &values, const QString &bad)
{
    for (const QString &v : values) {
        QTest::addRow("%s.%s %s accepted", table, column, qPrintable(v)) << table << column << QVariant(v) << QString();
    }
    const QString oneOf = QStringLiteral("%1: must be one of %2, got ").arg(column, values.join(QStringLiteral(", ")));
    refuse(table, column, "unknown value", bad, oneOf + u'"' + bad + u'"');
    const QString shouted =
        values.first().toUpper() == values.first() ? values.first().toLower() : values.first().toUpper();
    refuse(table, column, "other case", shouted, oneOf + u'"' + shouted + u'"');
    refuse(table, column, "empty", QString(""), oneOf + QStringLiteral("\"\""));
    required(table, column);
}

void timestampColumn(const char *table, const char *column)
{
    const QString like =
        QStringLiteral("%1: must be an ISO 8601 UTC time like 2025-08-03T22:30:31.958Z, got ").arg(column);
    accept(table, column, "canonical", QString("2025-08-03T22:30:31.958Z"));
    refuse(table, column, "space separator", QString("2025-08-03 22:30:31.958Z"),
           like + QStringLiteral("\"2025-08-03 22:30:31.958Z\""));
    refuse(table, column, "no milliseconds", QString("2025-08-03T22:30:31Z"),
           like + QStringLiteral("\"2025-08-03T22:30:31Z\""));
    refuse(table, column, "offset", QString("2025-08-03T22:30:31.958+02:00"),
           like + QStringLiteral("\"2025-08-03T22:30:31.958+02:00\""));
    refuse(table, column, "invalid date", QString("2025-02-30T22:30:31.958Z"),
           like + QStringLiteral("\"2025-02-30T22:30:31.958Z\""));
    refuse(table, column, "empty", QString(""), like + QStringLiteral("\"\""));
    required(table, column);
}

void jsonColumn(const char *table, const char *column)
{
    accept(table, column, "null", kNull);
    accept(table, column, "object", QString(R"({"max_parallel": 3, "note": "ok"})"));
    accept(table, column, "array", QString("[1, 2, 3]"));
    accept(table, column, "empty object", QString("{}"));
    refuse(table, column, "unterminated object", QString(R"({"a": 1)"),
           QStringLiteral("%1: must be valid JSON (*").arg(column));
    refuse(table, column, "single quotes", QString("{'a': 1}"),
           QStringLiteral("%1: must be valid JSON (*").arg(column));
    refuse(table, column, "empty text", QString(""), QStringLiteral("%1: must be valid JSON (*").arg(column));
    refuse(table, column, "plain words", QString("not json"), QStringLiteral("%1: must be valid JSON (*").arg(column));
}

void requiredId(const char *table, const char *column)
{
    accept(table, column, "positive id", qint64(7));
    required(table, column);
    refuse(table, column, "text", QString("seven"),
           QStringLiteral("%1: must be a whole number, got \"seven\"").arg(column));
}

} // namespace

class TestEntitySpec : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void declarations();
    void validRowsPass();
    void rules_data();
    void rules();
    void everyFailedFieldIsReported();
    void selfDependencyRefused();
    void entityRowsRoundTrip();
};

void TestEntitySpec::declarations()
{
    QStringList tables;
    for (const EntitySpec *spec : allEntitySpecs()) {
        tables << spec->table;
        QVERIFY(!spec->columns.isEmpty());
        const ColumnSpec &id = spec->columns.first();
        QCOMPARE(id.name, QStringLiteral("id"));
        QVERIFY(id.type == SqlType::Integer);
        QCOMPARE(spec->indexOf(u"id"), 0);
        QCOMPARE(spec->indexOf(u"no_such_column"), -1);
        QCOMPARE(spec->columnNames(true).size(), spec->columns.size());
        QCOMPARE(spec->columnNames(false).size(), spec->columns.size() - 1);
        QVERIFY(!spec->columnNames(false).contains(QStringLiteral("id")));
        for (const ColumnSpec &c : spec->columns) {
            QCOMPARE(&spec->column(c.name), &c);
            if (!c.references.isEmpty()) {
                QVERIFY(c.type == SqlType::Integer);
            }
        }
    }
    // Parents before children.
    QCOMPARE(tables, QStringList({"tasks", "task_dependencies", "task_progress", "task_comments", "execution_groups",
                                  "group_tasks", "parallel_execution_log"}));

    // The columns of SPEC.md §3 (relation and lag_hours from migration 0002), in physical order.
    QCOMPARE(Task::spec().columnNames(),
             QStringList({"id", "title", "description", "component_area", "phase", "priority", "complexity", "status",
                          "source_document", "success_criteria", "time_estimate_hours", "parent_task_id", "created_at",
                          "updated_at"}));
    QCOMPARE(
        TaskDependency::spec().columnNames(),
        QStringList({"id", "task_id", "depends_on_task_id", "dependency_type", "created_at", "relation", "lag_hours"}));
    QCOMPARE(TaskProgress::spec().columnNames(),
             QStringList({"id", "task_id", "progress_percentage", "notes", "updated_by", "created_at"}));
    QCOMPARE(TaskComment::spec().columnNames(),
             QStringList({"id", "task_id", "comment", "comment_type", "created_at"}));
    QCOMPARE(ExecutionGroup::spec().columnNames(),
             QStringList({"id", "name", "position", "total_hours", "estimated_duration", "max_parallel_tasks", "status",
                          "metadata", "created_at", "updated_at"}));
    QCOMPARE(GroupTask::spec().columnNames(), QStringList({"id", "group_id", "task_id", "execution_order", "task_hours",
                                                           "status", "created_at", "updated_at"}));
    QCOMPARE(ExecutionLogEntry::spec().columnNames(),
             QStringList({"id", "group_id", "task_id", "level", "message", "metadata", "created_at"}));

    // References and their ON DELETE actions.
    QCOMPARE(Task::spec().column(u"parent_task_id").references, QStringLiteral("tasks"));
    QVERIFY(Task::spec().column(u"parent_task_id").onDelete == ForeignKeyAction::Cascade);
    QVERIFY(Task::spec().column(u"parent_task_id").nullable);
    for (const char *c : {"task_id", "depends_on_task_id"}) {
        QCOMPARE(TaskDependency::spec().column(QString::fromLatin1(c)).references, QStringLiteral("tasks"));
        QVERIFY(TaskDependency::spec().column(QString::fromLatin1(c)).onDelete == ForeignKeyAction::Cascade);
    }
    QVERIFY(TaskProgress::spec().column(u"task_id").onDelete == ForeignKeyAction::Cascade);
    QVERIFY(TaskComment::spec().column(u"task_id").onDelete == ForeignKeyAction::Cascade);
    QCOMPARE(GroupTask::spec().column(u"group_id").references, QStringLiteral("execution_groups"));
    QVERIFY(GroupTask::spec().column(u"group_id").onDelete == ForeignKeyAction::Cascade);
    QVERIFY(GroupTask::spec().column(u"task_id").onDelete == ForeignKeyAction::Cascade);
    QVERIFY(ExecutionLogEntry::spec().column(u"group_id").onDelete == ForeignKeyAction::Cascade);
    QVERIFY(ExecutionLogEntry::spec().column(u"task_id").onDelete == ForeignKeyAction::SetNull);
    QVERIFY(ExecutionLogEntry::spec().column(u"task_id").nullable);

    // Indexes of §3.
    QStringList taskIndexColumns;
    for (const IndexSpec &i : Task::spec().indexes) {
        taskIndexColumns << i.columns;
    }
    // §3's indexes, then migration 0004's one per task-list sort (the three rank indexes are on expressions).
    QCOMPARE(taskIndexColumns, QStringList({"component_area", "phase", "status", "priority", "parent_task_id", "title",
                                            "time_estimate_hours", "created_at", "updated_at", "", "", ""}));
    bool uniquePair = false;
    for (const IndexSpec &i : TaskDependency::spec().indexes) {
        uniquePair |= i.unique && i.columns == QStringList({"task_id", "depends_on_task_id"});
    }
    QVERIFY(uniquePair);

    // Types of the columns whose SQL type matters for the schema check.
    QVERIFY(Task::spec().column(u"phase").type == SqlType::Integer);
    QVERIFY(Task::spec().column(u"time_estimate_hours").type == SqlType::Real);
    QVERIFY(Task::spec().column(u"created_at").isTimestamp);
    QVERIFY(ExecutionGroup::spec().column(u"metadata").isJson);
    QVERIFY(ExecutionLogEntry::spec().column(u"metadata").isJson);
}

void TestEntitySpec::validRowsPass()
{
    for (const EntitySpec *spec : allEntitySpecs()) {
        const QVariantList row = validRow(spec->table);
        QCOMPARE(row.size(), spec->columns.size());
        const QList<FieldError> errors = validateRow(*spec, row);
        QVERIFY2(errors.isEmpty(), qPrintable(spec->table + ": " + describe(errors)));
    }
}

void TestEntitySpec::rules_data()
{
    QTest::addColumn<QString>("table");
    QTest::addColumn<QString>("column");
    QTest::addColumn<QVariant>("value");
    QTest::addColumn<QString>("message"); // empty: accepted

    // ---- tasks
    textBounds("tasks", "title", 1, 500);
    required("tasks", "title");
    refuse("tasks", "title", "NUL character", QString(QStringLiteral("a") + QChar(0) + QStringLiteral("b")),
           QStringLiteral("title: must not contain NUL characters"));
    accept("tasks", "title", "non-ASCII", QStringLiteral("Überarbeitung der Oberfläche — 設計"));
    // Lengths count characters, as SQLite's length() in the CHECK constraint does, not UTF-16 code units.
    accept("tasks", "title", "500 characters outside the BMP", QString(QStringLiteral("😀")).repeated(500));
    refuse("tasks", "title", "501 characters outside the BMP", QString(QStringLiteral("😀")).repeated(501),
           QStringLiteral("title: must be 1–500 characters, got 501"));

    optionalTextMax("tasks", "description", 2000);

    textBounds("tasks", "component_area", 1, 100);
    required("tasks", "component_area");

    refuse("tasks", "phase", "0", 0, QStringLiteral("phase: must be 1–4, got 0"));
    accept("tasks", "phase", "1", 1);
    accept("tasks", "phase", "2", 2);
    accept("tasks", "phase", "4", 4);
    refuse("tasks", "phase", "5", 5, QStringLiteral("phase: must be 1–4, got 5"));
    refuse("tasks", "phase", "-1", -1, QStringLiteral("phase: must be 1–4, got -1"));
    refuse("tasks", "phase", "1.5", 1.5, QStringLiteral("phase: must be a whole number, got \"1.5\""));
    refuse("tasks", "phase", "text", QString("two"), QStringLiteral("phase: must be a whole number, got \"two\""));
    accept("tasks", "phase", "whole double 3.0", 3.0);
    required("tasks", "phase");

    enumColumn("tasks", "priority", {"low", "medium", "high", "critical"}, "urgent");
    enumColumn("tasks", "complexity", {"simple", "medium", "complex", "expert"}, "very_high");
    enumColumn("tasks", "status", {"not_started", "in_progress", "blocked", "completed", "failed"}, "done");

    accept("tasks", "source_document", "empty", QString(""));
    accept("tasks", "source_document", "length 1", text(1));
    accept("tasks", "source_document", "length max", text(200));
    refuse("tasks", "source_document", "length max+1", text(201),
           QStringLiteral("source_document: must be 0–200 characters, got 201"));
    required("tasks", "source_document");

    optionalTextMax("tasks", "success_criteria", 1000);

    refuse("tasks", "time_estimate_hours", "0", 0.0, QStringLiteral("time_estimate_hours: must be 0.1–200, got 0"));
    refuse("tasks", "time_estimate_hours", "0.09", 0.09,
           QStringLiteral("time_estimate_hours: must be 0.1–200, got 0.09"));
    accept("tasks", "time_estimate_hours", "0.1", 0.1);
    accept("tasks", "time_estimate_hours", "37.5", 37.5);
    accept("tasks", "time_estimate_hours", "200", 200.0);
    accept("tasks", "time_estimate_hours", "integer 8", 8);
    refuse("tasks", "time_estimate_hours", "200.01", 200.01,
           QStringLiteral("time_estimate_hours: must be 0.1–200, got 200.01"));
    refuse("tasks", "time_estimate_hours", "-1", -1.0, QStringLiteral("time_estimate_hours: must be 0.1–200, got -1"));
    refuse("tasks", "time_estimate_hours", "text", QString("two"),
           QStringLiteral("time_estimate_hours: must be a number, got \"two\""));
    refuse("tasks", "time_estimate_hours", "NaN", std::numeric_limits<double>::quiet_NaN(),
           QStringLiteral("time_estimate_hours: must be a number, got *"));
    refuse("tasks", "time_estimate_hours", "infinity", std::numeric_limits<double>::infinity(),
           QStringLiteral("time_estimate_hours: must be a number, got *"));
    required("tasks", "time_estimate_hours");

    accept("tasks", "parent_task_id", "null", kNull);
    accept("tasks", "parent_task_id", "an id", qint64(12));
    refuse("tasks", "parent_task_id", "text", QString("twelve"),
           QStringLiteral("parent_task_id: must be a whole number, got \"twelve\""));

    timestampColumn("tasks", "created_at");
    timestampColumn("tasks", "updated_at");

    // ---- task_dependencies
    requiredId("task_dependencies", "task_id");
    requiredId("task_dependencies", "depends_on_task_id");
    enumColumn("task_dependencies", "dependency_type", {"blocks", "requires", "enhances"}, "soft");
    timestampColumn("task_dependencies", "created_at");
    enumColumn("task_dependencies", "relation", {"FS", "SS", "FF", "SF"}, "XX");
    accept("task_dependencies", "lag_hours", "0", 0.0);
    accept("task_dependencies", "lag_hours", "negative lead", -4.5);
    accept("task_dependencies", "lag_hours", "-10000", -10000.0);
    accept("task_dependencies", "lag_hours", "10000", 10000.0);
    refuse("task_dependencies", "lag_hours", "-10000.5", -10000.5,
           QStringLiteral("lag_hours: must be -10000–10000, got -10000.5"));
    refuse("task_dependencies", "lag_hours", "10000.5", 10000.5,
           QStringLiteral("lag_hours: must be -10000–10000, got 10000.5"));
    required("task_dependencies", "lag_hours");

    // ---- task_progress
    requiredId("task_progress", "task_id");
    refuse("task_progress", "progress_percentage", "-1", -1,
           QStringLiteral("progress_percentage: must be 0–100, got -1"));
    accept("task_progress", "progress_percentage", "0", 0);
    accept("task_progress", "progress_percentage", "1", 1);
    accept("task_progress", "progress_percentage", "100", 100);
    refuse("task_progress", "progress_percentage", "101", 101,
           QStringLiteral("progress_percentage: must be 0–100, got 101"));
    refuse("task_progress", "progress_percentage", "50.5", 50.5,
           QStringLiteral("progress_percentage: must be a whole number, got \"50.5\""));
    required("task_progress", "progress_percentage");
    optionalTextMax("task_progress", "notes", 1000);
    textBounds("task_progress", "updated_by", 1, 100);
    accept("task_progress", "updated_by", "system", QString("system"));
    required("task_progress", "updated_by");
    timestampColumn("task_progress", "created_at");

    // ---- task_comments
    requiredId("task_comments", "task_id");
    textBounds("task_comments", "comment", 1, 2000);
    required("task_comments", "comment");
    enumColumn("task_comments", "comment_type", {"note", "decision", "blocker", "solution"}, "question");
    timestampColumn("task_comments", "created_at");

    // ---- execution_groups
    textBounds("execution_groups", "name", 1, 200);
    required("execution_groups", "name");
    refuse("execution_groups", "position", "0", 0, QStringLiteral("position: must be at least 1, got 0"));
    accept("execution_groups", "position", "1", 1);
    accept("execution_groups", "position", "1000", 1000);
    required("execution_groups", "position");
    refuse("execution_groups", "total_hours", "-0.5", -0.5,
           QStringLiteral("total_hours: must be at least 0, got -0.5"));
    accept("execution_groups", "total_hours", "0", 0.0);
    accept("execution_groups", "total_hours", "12345.5", 12345.5);
    required("execution_groups", "total_hours");
    refuse("execution_groups", "estimated_duration", "-1", -1,
           QStringLiteral("estimated_duration: must be at least 0, got -1"));
    accept("execution_groups", "estimated_duration", "0", 0);
    accept("execution_groups", "estimated_duration", "600", 600);
    required("execution_groups", "estimated_duration");
    refuse("execution_groups", "max_parallel_tasks", "0", 0, QStringLiteral("max_parallel_tasks: must be 1–50, got 0"));
    accept("execution_groups", "max_parallel_tasks", "1", 1);
    accept("execution_groups", "max_parallel_tasks", "5", 5);
    accept("execution_groups", "max_parallel_tasks", "50", 50);
    refuse("execution_groups", "max_parallel_tasks", "51", 51,
           QStringLiteral("max_parallel_tasks: must be 1–50, got 51"));
    required("execution_groups", "max_parallel_tasks");
    enumColumn("execution_groups", "status", {"pending", "running", "completed", "failed", "cancelled"}, "done");
    jsonColumn("execution_groups", "metadata");
    timestampColumn("execution_groups", "created_at");
    timestampColumn("execution_groups", "updated_at");

    // ---- group_tasks
    requiredId("group_tasks", "group_id");
    requiredId("group_tasks", "task_id");
    refuse("group_tasks", "execution_order", "-1", -1, QStringLiteral("execution_order: must be at least 0, got -1"));
    accept("group_tasks", "execution_order", "0", 0);
    accept("group_tasks", "execution_order", "7", 7);
    required("group_tasks", "execution_order");
    refuse("group_tasks", "task_hours", "-0.25", -0.25, QStringLiteral("task_hours: must be at least 0, got -0.25"));
    accept("group_tasks", "task_hours", "0", 0.0);
    accept("group_tasks", "task_hours", "3.5", 3.5);
    required("group_tasks", "task_hours");
    enumColumn("group_tasks", "status", {"pending", "running", "completed", "failed", "cancelled"}, "waiting");
    timestampColumn("group_tasks", "created_at");
    timestampColumn("group_tasks", "updated_at");

    // ---- parallel_execution_log
    requiredId("parallel_execution_log", "group_id");
    accept("parallel_execution_log", "task_id", "null (a group-level event)", kNull);
    accept("parallel_execution_log", "task_id", "an id", qint64(3));
    enumColumn("parallel_execution_log", "level", {"debug", "info", "warning", "error"}, "fatal");
    textBounds("parallel_execution_log", "message", 1, 2000);
    required("parallel_execution_log", "message");
    jsonColumn("parallel_execution_log", "metadata");
    timestampColumn("parallel_execution_log", "created_at");
}

void TestEntitySpec::rules()
{
    QFETCH(QString, table);
    QFETCH(QString, column);
    QFETCH(QVariant, value);
    QFETCH(QString, message);

    const EntitySpec &spec = specOf(table);
    const int index = spec.indexOf(column);
    QVERIFY2(index >= 0, qPrintable(table + "." + column + " is not declared"));

    // The column on its own.
    const std::optional<FieldError> single = validateValue(spec.columns[index], value);
    // The same value inside an otherwise valid row: exactly this field fails, or nothing does.
    QVariantList row = validRow(table);
    row[index] = value;
    const QList<FieldError> errors = validateRow(spec, row);

    if (message.isEmpty()) {
        QVERIFY2(!single, qPrintable(single ? single->message : QString()));
        QVERIFY2(errors.isEmpty(), qPrintable(describe(errors)));
        return;
    }
    QVERIFY2(single.has_value(), "the value was accepted");
    QCOMPARE(single->field, column);
    if (message.endsWith(u'*')) {
        QVERIFY2(single->message.startsWith(message.chopped(1)), qPrintable(single->message));
        QVERIFY(single->message.size() > message.size() - 1);
    } else {
        QCOMPARE(single->message, message);
    }
    QCOMPARE(errors.size(), 1);
    QCOMPARE(errors.first().field, column);
    QCOMPARE(errors.first().message, single->message);
    QCOMPARE(describe(errors), single->message);
}

void TestEntitySpec::everyFailedFieldIsReported()
{
    Task t;
    t.title = QString();
    t.componentArea = text(101);
    t.phase = 0;
    t.timeEstimateHours = 250;
    t.createdAt = kTime;
    t.updatedAt = kTime;
    const QList<FieldError> errors = t.validate();
    QStringList fields;
    for (const FieldError &e : errors) {
        fields << e.field;
    }
    QCOMPARE(fields, QStringList({"title", "component_area", "phase", "time_estimate_hours"}));
    QCOMPARE(describe(errors), QStringLiteral("title: must be 1–500 characters, got 0; "
                                              "component_area: must be 1–100 characters, got 101; "
                                              "phase: must be 1–4, got 0; "
                                              "time_estimate_hours: must be 0.1–200, got 250"));
    QCOMPARE(describe({}), QString());

    ExecutionGroup g;
    g.name = QString();
    g.position = 0;
    g.maxParallelTasks = 99;
    g.metadata = QStringLiteral("{");
    g.createdAt = kTime;
    g.updatedAt = kTime;
    fields.clear();
    for (const FieldError &e : g.validate()) {
        fields << e.field;
    }
    QCOMPARE(fields, QStringList({"name", "position", "max_parallel_tasks", "metadata"}));
}

void TestEntitySpec::selfDependencyRefused()
{
    TaskDependency d;
    d.taskId = 3;
    d.dependsOnTaskId = 3;
    d.createdAt = kTime;
    const QList<FieldError> errors = d.validate();
    QCOMPARE(errors.size(), 1);
    QCOMPARE(errors.first().field, QStringLiteral("depends_on_task_id"));
    QCOMPARE(errors.first().message, QStringLiteral("depends_on_task_id: a task cannot depend on itself (task 3)"));

    d.dependsOnTaskId = 4;
    QVERIFY(d.validate().isEmpty());
}

void TestEntitySpec::entityRowsRoundTrip()
{
    Task t;
    t.id = 42;
    t.title = QStringLiteral("Round trip");
    t.description = QStringLiteral("über");
    t.componentArea = QStringLiteral("core");
    t.phase = 3;
    t.priority = Priority::Critical;
    t.complexity = Complexity::Expert;
    t.status = TaskStatus::Blocked;
    t.sourceDocument = QStringLiteral("plan.md");
    t.timeEstimateHours = 2.5;
    t.parentTaskId = 7;
    t.createdAt = kTime;
    t.updatedAt = kTime.addSecs(60);
    const Task back = Task::fromRow(t.toRow());
    QCOMPARE(back.id, t.id);
    QCOMPARE(back.title, t.title);
    QCOMPARE(back.description, t.description);
    QCOMPARE(back.componentArea, t.componentArea);
    QCOMPARE(back.phase, t.phase);
    QCOMPARE(toString(back.priority), toString(t.priority));
    QCOMPARE(toString(back.complexity), toString(t.complexity));
    QCOMPARE(toString(back.status), toString(t.status));
    QCOMPARE(back.sourceDocument, t.sourceDocument);
    QVERIFY(!back.successCriteria.has_value());
    QCOMPARE(back.timeEstimateHours, t.timeEstimateHours);
    QCOMPARE(back.parentTaskId, t.parentTaskId);
    QCOMPARE(back.createdAt, t.createdAt);
    QCOMPARE(back.updatedAt, t.updatedAt);

    // A new entity (id 0) binds NULL for its id, so SQLite assigns one; nullable fields bind NULL.
    Task fresh;
    const QVariantList row = fresh.toRow();
    QVERIFY(row.at(0).isNull());
    QVERIFY(row.at(Task::spec().indexOf(u"description")).isNull());
    QVERIFY(row.at(Task::spec().indexOf(u"parent_task_id")).isNull());

    TaskDependency d;
    d.id = 5;
    d.taskId = 1;
    d.dependsOnTaskId = 2;
    d.type = DependencyType::Enhances;
    d.relation = Relation::SF;
    d.lagHours = -1.5;
    d.createdAt = kTime;
    const TaskDependency dBack = TaskDependency::fromRow(d.toRow());
    QCOMPARE(toString(dBack.type), QStringLiteral("enhances"));
    QCOMPARE(toString(dBack.relation), QStringLiteral("SF"));
    QCOMPARE(dBack.lagHours, -1.5);
    QCOMPARE(dBack.createdAt, kTime);
}

QTEST_GUILESS_MAIN(TestEntitySpec)
#include "tst_EntitySpec.moc"
