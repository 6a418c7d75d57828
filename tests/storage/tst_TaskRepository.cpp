// SPDX-License-Identifier: GPL-3.0-or-later
// TaskRepository (SPEC.md §6): CRUD through the entity declaration, every filter, every sort column in both
// directions, keyset paging that returns every row exactly once, count, and the native bulk insert.
#include "TaskRepository.h"

#include "TempWorkspace.h"
#include "Timestamp.h"
#include "Transaction.h"

#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <QTimeZone>

#include <algorithm>

using namespace taskorch;
using core::Complexity;
using core::Priority;
using core::Task;
using core::TaskStatus;
using storage::TaskCursor;
using storage::TaskFilter;
using storage::TaskListRequest;
using storage::TaskSortColumn;

Q_DECLARE_METATYPE(taskorch::storage::TaskFilter)

namespace {

const QDateTime kBase(QDate(2025, 3, 1), QTime(9, 0), QTimeZone::utc());

struct Row
{
    const char *title;
    const char *component;
    int phase;
    Priority priority;
    Complexity complexity;
    TaskStatus status;
    double hours;
    int createdMinute;
    int updatedMinute;
    const char *description;
    int parent;
};

// Ids 1..12 in this order. Every sort column has ties, so the id tie-break and the keyset cursor are exercised.
const Row kRows[] = {
    {"Beta", "ui", 1, Priority::High, Complexity::Simple, TaskStatus::NotStarted, 2, 1, 5, nullptr, 0},
    {"alpha", "core", 2, Priority::Low, Complexity::Medium, TaskStatus::InProgress, 1, 1, 3, nullptr, 0},
    {"Gamma", "ui", 2, Priority::Critical, Complexity::Complex, TaskStatus::Completed, 2, 2, 3, nullptr, 0},
    {"beta", "db", 3, Priority::Medium, Complexity::Expert, TaskStatus::Blocked, 0.5, 0, 9, "Search me", 0},
    {"Alpha", "core", 4, Priority::High, Complexity::Simple, TaskStatus::Failed, 8, 3, 1, nullptr, 0},
    {"Delta", "ui", 1, Priority::Low, Complexity::Medium, TaskStatus::NotStarted, 1, 2, 2, nullptr, 0},
    {"Beta", "db", 1, Priority::Medium, Complexity::Complex, TaskStatus::NotStarted, 2, 4, 4, nullptr, 0},
    {"epsilon", "core", 3, Priority::Critical, Complexity::Simple, TaskStatus::Completed, 200, 4, 0, nullptr, 0},
    {"Zeta", "ui", 4, Priority::Medium, Complexity::Medium, TaskStatus::InProgress, 0.1, 5, 5, "Please SEARCH here", 0},
    {"über", "ui", 2, Priority::Low, Complexity::Expert, TaskStatus::NotStarted, 3, 5, 6, nullptr, 0},
    {"Gamma", "core", 1, Priority::High, Complexity::Complex, TaskStatus::Blocked, 2, 6, 6, nullptr, 7},
    {"eta", "db", 2, Priority::Medium, Complexity::Simple, TaskStatus::NotStarted, 1, 6, 7, nullptr, 7},
};

Task taskOf(const Row &r)
{
    Task t = test::makeTask(QString::fromUtf8(r.title), QString::fromUtf8(r.component), r.phase, r.priority, r.hours);
    t.complexity = r.complexity;
    t.status = r.status;
    t.createdAt = kBase.addSecs(60 * r.createdMinute);
    t.updatedAt = kBase.addSecs(60 * r.updatedMinute);
    if (r.description) {
        t.description = QString::fromUtf8(r.description);
    }
    if (r.parent) {
        t.parentTaskId = r.parent;
    }
    return t;
}

QList<qint64> idsOf(const QList<Task> &tasks)
{
    QList<qint64> ids;
    for (const Task &t : tasks) {
        ids << t.id;
    }
    return ids;
}

// The value a sort column orders by, as the specification defines it (enumerations by ordinal).
QVariant keyOf(const Task &t, TaskSortColumn sort)
{
    switch (sort) {
    case TaskSortColumn::Id:
        return t.id;
    case TaskSortColumn::Title:
        return t.title;
    case TaskSortColumn::ComponentArea:
        return t.componentArea;
    case TaskSortColumn::Phase:
        return t.phase;
    case TaskSortColumn::Priority:
        return core::ordinal(t.priority);
    case TaskSortColumn::Complexity:
        return int(t.complexity);
    case TaskSortColumn::WorkStatus:
        return int(t.status);
    case TaskSortColumn::Hours:
        return t.timeEstimateHours;
    case TaskSortColumn::CreatedAt:
        return core::Timestamp::format(t.createdAt);
    case TaskSortColumn::UpdatedAt:
        return core::Timestamp::format(t.updatedAt);
    }
    return {};
}

int compareKeys(const QVariant &a, const QVariant &b)
{
    if (a.typeId() == QMetaType::QString) {
        // SQLite's BINARY collation compares UTF-8 bytes, which orders like UTF-16 code units for these titles.
        const QString x = a.toString();
        const QString y = b.toString();
        return x < y ? -1 : (y < x ? 1 : 0);
    }
    const double x = a.toDouble();
    const double y = b.toDouble();
    return x < y ? -1 : (y < x ? 1 : 0);
}

// The order the repository must produce: the sort key, then the id, both in the requested direction.
QList<qint64> expectedOrder(QList<Task> tasks, TaskSortColumn sort, bool descending)
{
    std::sort(tasks.begin(), tasks.end(), [&](const Task &a, const Task &b) {
        int c = compareKeys(keyOf(a, sort), keyOf(b, sort));
        if (c == 0) {
            c = a.id < b.id ? -1 : (a.id > b.id ? 1 : 0);
        }
        return descending ? c > 0 : c < 0;
    });
    return idsOf(tasks);
}

} // namespace

class TestTaskRepository : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void insertGetUpdateRemove();
    void constraintFailuresAreInvalid();
    void sortColumnSpellings();
    void filters_data();
    void filters();
    void sortEveryColumn_data();
    void sortEveryColumn();
    void priorityByOrdinalNotText();
    void keysetPaging_data();
    void keysetPaging();
    void keysetPagingWithAFilter();
    void countWithFilters();
    void children();
    void headlinesMatchTheFullRows();
    void insertMany();
    void insertManyStopsAtTheFirstInvalidTask();
    void insertManyReportsAConstraintFailureAsInvalid();
    void everySortIsServedByAnIndex_data();
    void everySortIsServedByAnIndex();

private:
    void insertRows();
    QList<Task> all();

    std::unique_ptr<test::TempWorkspace> m_ws;
};

void TestTaskRepository::init()
{
    m_ws = std::make_unique<test::TempWorkspace>();
    QVERIFY2(m_ws->isValid(), qPrintable(m_ws->errorString()));
}

void TestTaskRepository::cleanup()
{
    m_ws.reset();
}

void TestTaskRepository::insertRows()
{
    qint64 expectedId = 1;
    for (const Row &r : kRows) {
        auto id = m_ws->tasks().insert(taskOf(r));
        QVERIFY2(id.ok(), qPrintable(id.ok() ? QString() : id.error().message + " / " + id.error().detail));
        QCOMPARE(*id, expectedId++);
    }
}

QList<Task> TestTaskRepository::all()
{
    auto tasks = m_ws->tasks().list({});
    return tasks ? *tasks : QList<Task>();
}

void TestTaskRepository::insertGetUpdateRemove()
{
    Task t = taskOf(kRows[3]);
    t.successCriteria = QStringLiteral("Done when reviewed");
    t.sourceDocument = QStringLiteral("plan.md");
    auto id = m_ws->tasks().insert(t);
    QVERIFY(id.ok());
    auto got = m_ws->tasks().get(*id);
    QVERIFY(got.ok());
    QCOMPARE(got->id, *id);
    QCOMPARE(got->title, t.title);
    QCOMPARE(got->description, t.description);
    QCOMPARE(got->componentArea, t.componentArea);
    QCOMPARE(got->phase, t.phase);
    QCOMPARE(toString(got->priority), toString(t.priority));
    QCOMPARE(toString(got->complexity), toString(t.complexity));
    QCOMPARE(toString(got->status), toString(t.status));
    QCOMPARE(got->sourceDocument, t.sourceDocument);
    QCOMPARE(got->successCriteria, t.successCriteria);
    QCOMPARE(got->timeEstimateHours, t.timeEstimateHours);
    QCOMPARE(got->parentTaskId, t.parentTaskId);
    QCOMPARE(got->createdAt, t.createdAt);
    QCOMPARE(got->updatedAt, t.updatedAt);

    Task edited = *got;
    edited.title = QStringLiteral("Edited");
    edited.description.reset();
    edited.status = TaskStatus::Completed;
    QVERIFY(m_ws->tasks().update(edited).ok());
    got = m_ws->tasks().get(*id);
    QCOMPARE(got->title, QStringLiteral("Edited"));
    QVERIFY(!got->description.has_value());
    QCOMPARE(toString(got->status), QStringLiteral("completed"));

    // Invalid values are refused before SQL, with every failed field.
    edited.phase = 7;
    edited.componentArea.clear();
    const core::Status invalid = m_ws->tasks().update(edited);
    TASKORCH_COMPARE_CODE(invalid.error().code, core::ErrorCode::Invalid);
    QCOMPARE(invalid.error().message,
             QStringLiteral("component_area: must be 1–100 characters, got 0; phase: must be 1–4, got 7"));
    QCOMPARE(m_ws->tasks().get(*id)->phase, t.phase);
    auto badInsert = m_ws->tasks().insert(edited);
    TASKORCH_COMPARE_CODE(badInsert.error().code, core::ErrorCode::Invalid);

    // Missing rows.
    TASKORCH_COMPARE_CODE(m_ws->tasks().get(999).error().code, core::ErrorCode::NotFound);
    QCOMPARE(m_ws->tasks().get(999).error().message, QStringLiteral("task 999 does not exist"));
    Task ghost = taskOf(kRows[0]);
    ghost.id = 999;
    TASKORCH_COMPARE_CODE(m_ws->tasks().update(ghost).error().code, core::ErrorCode::NotFound);
    TASKORCH_COMPARE_CODE(m_ws->tasks().remove(999).error().code, core::ErrorCode::NotFound);

    QVERIFY(m_ws->tasks().remove(*id).ok());
    TASKORCH_COMPARE_CODE(m_ws->tasks().get(*id).error().code, core::ErrorCode::NotFound);
}

void TestTaskRepository::constraintFailuresAreInvalid()
{
    // A parent that does not exist passes the column rules but not the foreign key.
    Task t = taskOf(kRows[0]);
    t.parentTaskId = 4711;
    auto id = m_ws->tasks().insert(t);
    QVERIFY(!id.ok());
    TASKORCH_COMPARE_CODE(id.error().code, core::ErrorCode::Invalid);
    QVERIFY2(id.error().message.startsWith(QStringLiteral("cannot save the tasks row")),
             qPrintable(id.error().message));
    QCOMPARE(m_ws->tasks().count({}).value(), 0);
}

void TestTaskRepository::sortColumnSpellings()
{
    const QStringList names = storage::sortColumnNames();
    QCOMPARE(names, QStringList({"id", "title", "component", "phase", "priority", "complexity", "status", "hours",
                                 "created", "updated"}));
    for (int i = 0; i < names.size(); ++i) {
        const auto column = storage::sortColumnFromString(names[i]);
        QVERIFY(column.has_value());
        QCOMPARE(int(*column), i);
    }
    QVERIFY(!storage::sortColumnFromString(u"Title").has_value());
    QVERIFY(!storage::sortColumnFromString(u"title; DROP TABLE tasks").has_value());
    QVERIFY(!storage::sortColumnFromString(u"").has_value());
}

void TestTaskRepository::filters_data()
{
    QTest::addColumn<TaskFilter>("filter");
    QTest::addColumn<QList<qint64>>("expected");

    TaskFilter f;
    QTest::newRow("none") << f << QList<qint64>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
    f = {};
    f.status = TaskStatus::NotStarted;
    QTest::newRow("status not_started") << f << QList<qint64>{1, 6, 7, 10, 12};
    f.status = TaskStatus::Blocked;
    QTest::newRow("status blocked") << f << QList<qint64>{4, 11};
    f.status = TaskStatus::Failed;
    QTest::newRow("status failed") << f << QList<qint64>{5};
    f = {};
    f.phase = 2;
    QTest::newRow("phase 2") << f << QList<qint64>{2, 3, 10, 12};
    f.phase = 4;
    QTest::newRow("phase 4") << f << QList<qint64>{5, 9};
    f = {};
    f.componentArea = QStringLiteral("ui");
    QTest::newRow("component ui") << f << QList<qint64>{1, 3, 6, 9, 10};
    f.componentArea = QStringLiteral("UI");
    QTest::newRow("component is exact") << f << QList<qint64>{};
    f = {};
    f.priority = Priority::High;
    QTest::newRow("priority high") << f << QList<qint64>{1, 5, 11};
    f.priority = Priority::Critical;
    QTest::newRow("priority critical") << f << QList<qint64>{3, 8};
    f = {};
    f.search = QStringLiteral("beta");
    QTest::newRow("search any case") << f << QList<qint64>{1, 4, 7};
    f.search = QStringLiteral("ÜBER");
    QTest::newRow("search non-ASCII upper case") << f << QList<qint64>{10};
    f.search = QStringLiteral("search");
    QTest::newRow("search in the description") << f << QList<qint64>{4, 9};
    f.search = QStringLiteral("%");
    QTest::newRow("search: percent is literal") << f << QList<qint64>{};
    f = {};
    f.parentTaskId = 7;
    QTest::newRow("parent 7") << f << QList<qint64>{11, 12};
    f = {};
    f.componentArea = QStringLiteral("ui");
    f.status = TaskStatus::NotStarted;
    QTest::newRow("component and status") << f << QList<qint64>{1, 6, 10};
    f.priority = Priority::Low;
    QTest::newRow("component, status and priority") << f << QList<qint64>{6, 10};
    f.phase = 2;
    QTest::newRow("component, status, priority and phase") << f << QList<qint64>{10};
    f.search = QStringLiteral("nothing");
    QTest::newRow("all filters, no match") << f << QList<qint64>{};
}

void TestTaskRepository::filters()
{
    QFETCH(TaskFilter, filter);
    QFETCH(QList<qint64>, expected);
    insertRows();
    TaskListRequest request;
    request.filter = filter;
    auto tasks = m_ws->tasks().list(request);
    QVERIFY(tasks.ok());
    QCOMPARE(idsOf(*tasks), expected);
    QCOMPARE(m_ws->tasks().count(filter).value(), qint64(expected.size()));
}

void TestTaskRepository::sortEveryColumn_data()
{
    QTest::addColumn<int>("sort");
    QTest::addColumn<bool>("descending");
    for (const QString &name : storage::sortColumnNames()) {
        const int sort = int(*storage::sortColumnFromString(name));
        QTest::addRow("%s asc", qPrintable(name)) << sort << false;
        QTest::addRow("%s desc", qPrintable(name)) << sort << true;
    }
}

void TestTaskRepository::sortEveryColumn()
{
    QFETCH(int, sort);
    QFETCH(bool, descending);
    insertRows();
    const QList<Task> tasks = all();
    QCOMPARE(tasks.size(), 12);

    TaskListRequest request;
    request.sort = TaskSortColumn(sort);
    request.descending = descending;
    auto sorted = m_ws->tasks().list(request);
    QVERIFY(sorted.ok());
    QCOMPARE(idsOf(*sorted), expectedOrder(tasks, request.sort, descending));

    // A limit takes the first rows of the same order.
    request.limit = 4;
    QCOMPARE(idsOf(*m_ws->tasks().list(request)), expectedOrder(tasks, request.sort, descending).mid(0, 4));
}

void TestTaskRepository::priorityByOrdinalNotText()
{
    insertRows();
    TaskListRequest request;
    request.sort = TaskSortColumn::Priority;
    auto ascending = m_ws->tasks().list(request);
    QStringList priorities;
    for (const Task &t : *ascending) {
        priorities << toString(t.priority);
    }
    QCOMPARE(priorities, QStringList({"low", "low", "low", "medium", "medium", "medium", "medium", "high", "high",
                                      "high", "critical", "critical"}));
    QCOMPARE(idsOf(*ascending), QList<qint64>({2, 6, 10, 4, 7, 9, 12, 1, 5, 11, 3, 8}));
    request.descending = true;
    QCOMPARE(idsOf(*m_ws->tasks().list(request)), QList<qint64>({8, 3, 11, 5, 1, 12, 9, 7, 4, 10, 6, 2}));

    // Status and complexity sort by their declared order too.
    request.sort = TaskSortColumn::WorkStatus;
    request.descending = false;
    QStringList statuses;
    const auto byStatus = m_ws->tasks().list(request); // held: a range-for over *temporary would dangle
    QVERIFY(byStatus.ok());
    for (const Task &t : *byStatus) {
        statuses << toString(t.status);
    }
    QCOMPARE(statuses.first(), QStringLiteral("not_started"));
    QCOMPARE(statuses.last(), QStringLiteral("failed"));
}

void TestTaskRepository::keysetPaging_data()
{
    QTest::addColumn<int>("sort");
    QTest::addColumn<bool>("descending");
    QTest::addColumn<int>("pageSize");
    for (const QString &name : storage::sortColumnNames()) {
        const int sort = int(*storage::sortColumnFromString(name));
        for (int pageSize : {1, 3, 5, 12, 50}) {
            QTest::addRow("%s asc, pages of %d", qPrintable(name), pageSize) << sort << false << pageSize;
            QTest::addRow("%s desc, pages of %d", qPrintable(name), pageSize) << sort << true << pageSize;
        }
    }
}

void TestTaskRepository::keysetPaging()
{
    QFETCH(int, sort);
    QFETCH(bool, descending);
    QFETCH(int, pageSize);
    insertRows();

    TaskListRequest request;
    request.sort = TaskSortColumn(sort);
    request.descending = descending;
    request.limit = pageSize;
    QList<qint64> seen;
    int pages = 0;
    while (true) {
        auto page = m_ws->tasks().list(request);
        QVERIFY(page.ok());
        QVERIFY(page->size() <= pageSize);
        seen << idsOf(*page);
        if (page->isEmpty()) {
            break;
        }
        ++pages;
        QVERIFY2(pages <= 12, "paging does not advance");
        request.after = storage::TaskRepository::cursorAfter(page->last(), request.sort);
        if (page->size() < pageSize) {
            // A short page is the last one; asking again must return nothing.
            QVERIFY(m_ws->tasks().list(request)->isEmpty());
            break;
        }
    }
    // Every row exactly once, in the unpaged order.
    QCOMPARE(seen, expectedOrder(all(), request.sort, descending));
    QCOMPARE(QSet<qint64>(seen.begin(), seen.end()).size(), 12);
}

void TestTaskRepository::keysetPagingWithAFilter()
{
    insertRows();
    TaskListRequest request;
    request.filter.status = TaskStatus::NotStarted;
    request.sort = TaskSortColumn::Title;
    request.limit = 2;
    QList<qint64> seen;
    for (int guard = 0; guard < 10; ++guard) {
        auto page = m_ws->tasks().list(request);
        if (page->isEmpty()) {
            break;
        }
        seen << idsOf(*page);
        request.after = storage::TaskRepository::cursorAfter(page->last(), request.sort);
    }
    // not_started: 1 Beta, 6 Delta, 7 Beta, 10 über, 12 eta — by title (binary), then id.
    QCOMPARE(seen, QList<qint64>({1, 7, 6, 12, 10}));
}

void TestTaskRepository::countWithFilters()
{
    QCOMPARE(m_ws->tasks().count({}).value(), 0);
    insertRows();
    QCOMPARE(m_ws->tasks().count({}).value(), 12);
    TaskFilter f;
    f.componentArea = QStringLiteral("core");
    QCOMPARE(m_ws->tasks().count(f).value(), 4);
    f.search = QStringLiteral("ALPHA");
    QCOMPARE(m_ws->tasks().count(f).value(), 2);
}

void TestTaskRepository::children()
{
    insertRows();
    QCOMPARE(idsOf(*m_ws->tasks().children(7)), QList<qint64>({11, 12}));
    QVERIFY(m_ws->tasks().children(1)->isEmpty());
}

void TestTaskRepository::headlinesMatchTheFullRows()
{
    insertRows();
    const QList<Task> tasks = all();
    auto headlines = m_ws->tasks().headlines();
    QVERIFY(headlines.ok());
    QCOMPARE(headlines->size(), tasks.size());
    QSet<core::TaskStatus> statuses;
    for (int i = 0; i < tasks.size(); ++i) {
        const storage::TaskHeadline &h = headlines->at(i);
        QCOMPARE(h.id, tasks[i].id);
        QCOMPARE(h.title, tasks[i].title);
        QCOMPARE(h.phase, tasks[i].phase);
        QCOMPARE(h.componentArea, tasks[i].componentArea);
        QVERIFY(h.status == tasks[i].status);
        statuses.insert(h.status);
    }
    QVERIFY(statuses.size() > 2); // the rows carry several statuses: the spelling is read, not defaulted

    // Some of them: unknown ids left out, repeats once, in id order.
    auto some = m_ws->tasks().headlines({5, 2, 999, 5});
    QVERIFY(some.ok());
    QCOMPARE(some->size(), 2);
    QCOMPARE(some->at(0).id, 2);
    QCOMPARE(some->at(1).id, 5);
    QCOMPARE(some->at(1).title, tasks[4].title);

    // More ids than one statement may bind: read in chunks, none lost.
    QList<Task> many;
    for (int i = 0; i < 1200; ++i) {
        many << taskOf(kRows[0]);
    }
    QVERIFY(m_ws->tasks().insertMany(many).ok());
    QList<qint64> ids;
    for (const Task &t : std::as_const(many)) {
        ids << t.id;
    }
    auto chunked = m_ws->tasks().headlines(ids);
    QVERIFY(chunked.ok());
    QCOMPARE(chunked->size(), ids.size());
    QCOMPARE(chunked->constLast().id, ids.constLast());
}

void TestTaskRepository::insertMany()
{
    test::FixedClock clock(QDateTime(QDate(2025, 5, 1), QTime(8, 0), QTimeZone::utc()));
    QList<Task> tasks;
    for (int i = 0; i < 250; ++i) {
        Task t = test::makeTask(QStringLiteral("Bulk %1 — ü").arg(i), QStringLiteral("bulk"), 1 + i % 4,
                                Priority(i % 4), 0.5 + i % 10);
        if (i % 3 == 0) {
            t.description = QStringLiteral("Described %1").arg(i);
        }
        if (i == 7) {
            t.createdAt = QDateTime(QDate(2024, 1, 2), QTime(3, 4, 5, 6), QTimeZone::utc());
            t.updatedAt = t.createdAt;
        }
        tasks << t;
    }
    storage::Transaction tx(m_ws->database());
    QVERIFY(tx.begun().ok());
    const core::Status s = m_ws->tasks().insertMany(tasks);
    QVERIFY2(s.ok(), qPrintable(s.ok() ? QString() : s.error().message + " / " + s.error().detail));
    QVERIFY(tx.commit().ok());

    for (int i = 0; i < tasks.size(); ++i) {
        QCOMPARE(tasks[i].id, qint64(i + 1));
    }
    QCOMPARE(m_ws->tasks().count({}).value(), 250);
    const Task got = *m_ws->tasks().get(4);
    QCOMPARE(got.title, QStringLiteral("Bulk 3 — ü"));
    QCOMPARE(got.description, std::optional<QString>(QStringLiteral("Described 3")));
    QCOMPARE(got.phase, 4);
    QCOMPARE(toString(got.priority), QStringLiteral("critical"));
    QCOMPARE(got.timeEstimateHours, 3.5);
    QCOMPARE(got.sourceDocument, QString());
    QCOMPARE(core::Timestamp::format(got.createdAt), QStringLiteral("2025-05-01T08:00:00.000Z"));
    QVERIFY(!m_ws->tasks().get(5)->description.has_value());
    QCOMPARE(core::Timestamp::format(m_ws->tasks().get(8)->createdAt), QStringLiteral("2024-01-02T03:04:05.006Z"));
    // The bulk path and the single-row path store the same thing.
    Task single = tasks[3];
    single.id = 0;
    const qint64 singleId = *m_ws->tasks().insert(single);
    const Task viaSingle = *m_ws->tasks().get(singleId);
    QCOMPARE(viaSingle.toRow().mid(1), got.toRow().mid(1));
}

void TestTaskRepository::insertManyStopsAtTheFirstInvalidTask()
{
    QList<Task> tasks{test::makeTask(QStringLiteral("one")), test::makeTask(QStringLiteral("two")),
                      test::makeTask(QStringLiteral("three, in phase 9"), QStringLiteral("core"), 9),
                      test::makeTask(QStringLiteral("four"))};
    {
        storage::Transaction tx(m_ws->database());
        const core::Status s = m_ws->tasks().insertMany(tasks);
        QVERIFY(!s.ok());
        TASKORCH_COMPARE_CODE(s.error().code, core::ErrorCode::Invalid);
        QCOMPARE(s.error().message, QStringLiteral("task \"three, in phase 9\": phase: must be 1–4, got 9"));
        QCOMPARE(tasks[0].id, 1);
        QCOMPARE(tasks[1].id, 2);
        QCOMPARE(tasks[2].id, 0);
        QCOMPARE(tasks[3].id, 0);
        // The caller's transaction is rolled back when it goes out of scope.
    }
    QCOMPARE(m_ws->tasks().count({}).value(), 0);
}

void TestTaskRepository::insertManyReportsAConstraintFailureAsInvalid()
{
    Task orphan = test::makeTask(QStringLiteral("orphan"));
    orphan.parentTaskId = 4711;
    QList<Task> tasks{test::makeTask(QStringLiteral("fine")), orphan};
    storage::Transaction tx(m_ws->database());
    const core::Status s = m_ws->tasks().insertMany(tasks);
    QVERIFY(!s.ok());
    QVERIFY2(s.error().message.contains(QStringLiteral("\"orphan\"")), qPrintable(s.error().message));
    // Bad data, like EntityStore's constraint failures, is the user's (exit 2), not a storage fault (exit 5).
    TASKORCH_COMPARE_CODE(s.error().code, core::ErrorCode::Invalid);
}

void TestTaskRepository::everySortIsServedByAnIndex_data()
{
    QTest::addColumn<QString>("sort");
    QTest::addColumn<bool>("descending");
    QTest::addColumn<bool>("continued");
    for (const QString &sort : storage::sortColumnNames()) {
        for (bool descending : {false, true}) {
            for (bool continued : {false, true}) {
                QTest::addRow("%s%s%s", qPrintable(sort), descending ? " desc" : "", continued ? " after a cursor" : "")
                    << sort << descending << continued;
            }
        }
    }
}

// The first page of a million-task list must not sort the table: SQLite's plan may not need a temporary B-tree
// for ORDER BY (migration 0004 indexes every sort, and the keyset uses a row-value comparison).
void TestTaskRepository::everySortIsServedByAnIndex()
{
    QFETCH(QString, sort);
    QFETCH(bool, descending);
    QFETCH(bool, continued);
    storage::TaskListRequest request;
    request.sort = *storage::sortColumnFromString(sort);
    request.descending = descending;
    request.limit = 50;
    if (continued) {
        request.after = storage::TaskCursor{QVariant(1), 1};
    }
    QVariantList binds;
    const QString sql = m_ws->tasks().listQuery(request, binds);
    QSqlQuery plan(m_ws->database().connection());
    QVERIFY(plan.prepare(QStringLiteral("EXPLAIN QUERY PLAN ") + sql));
    for (int i = 0; i < binds.size(); ++i) {
        plan.bindValue(i, binds[i]);
    }
    QVERIFY2(plan.exec(), qPrintable(plan.lastError().text()));
    QStringList steps;
    while (plan.next()) {
        steps << plan.value(3).toString();
    }
    QVERIFY2(!steps.join(u'|').contains(QStringLiteral("TEMP B-TREE")), qPrintable(steps.join(QStringLiteral(" | "))));
}

QTEST_GUILESS_MAIN(TestTaskRepository)
#include "tst_TaskRepository.moc"
