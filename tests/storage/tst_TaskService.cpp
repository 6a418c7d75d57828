// SPDX-License-Identifier: GPL-3.0-or-later
// Every TaskService operation of SPEC.md §6 on a fresh, really migrated database per test function.
#include "TaskService.h"

#include "DemoProject.h"
#include "TempWorkspace.h"
#include "Timestamp.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QSqlQuery>
#include <QTest>
#include <QTimeZone>

using namespace taskorch;
using core::CommentType;
using core::DependencyType;
using core::Priority;
using core::Task;
using core::TaskStatus;
using storage::StatusChange;
using test::makeTask;
using test::scalar;

namespace {

QList<qint64> idsOf(const QList<Task> &tasks)
{
    QList<qint64> ids;
    for (const Task &t : tasks) {
        ids << t.id;
    }
    return ids;
}

QString ts(const QDateTime &t)
{
    return core::Timestamp::format(t);
}

} // namespace

class TestTaskService : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    // tasks
    void createWritesTheFirstProgressRow();
    void createWithDefaultsStoresAnEmptySourceDocument();
    void createRefusesInvalidValuesAndWritesNothing();
    void createRefusesAMissingParent();
    void updateTaskKeepsCreatedAtAndRefreshesUpdatedAt();
    void updateTaskRefusesAParentCycle();
    void updateStatusDefaultPercentages_data();
    void updateStatusDefaultPercentages();
    void updateStatusWithPercentNotesAndComment();
    void updateStatusRefusesInvalidValuesAndWritesNothing();
    void updateStatusOfAMissingTask();
    void tasksByStatus();
    void tasksByComponentOrdersByPriorityThenCreatedAt();
    void tasksByPhase();
    void searchIsCaseInsensitiveAndUnicode_data();
    void searchIsCaseInsensitiveAndUnicode();
    void subtaskTree();
    void deleteCascades();
    void deleteAMissingTask();
    // dependencies
    void addDependency();
    void addExistingPairReturnsTheExistingRow();
    void addDependencyOnItselfRefused();
    void addDependencyOnAMissingTask();
    void twoCycleRefused();
    void fiveCycleRefused();
    void cycleThroughRequiresRefused();
    void diamondAccepted();
    void enhancesEdgeMayCloseACycle();
    void removeDependency();
    void readyTasks();
    void blockedTasksWithTitles();
    // comments and progress
    void commentsAndProgressHistory();
    void editComment();
    // statistics
    void statisticsOfAnEmptyDatabase();
    void statisticsOfTheDemoProject();
    void statisticsRoundToOneDecimal();
    void demoLoadsOnlyIntoAnEmptyDatabase();
    void demoCycleMessageNamesTheShortestPath();

private:
    qint64 create(const QString &title, const QString &component = QStringLiteral("core"), int phase = 1,
                  Priority priority = Priority::Medium, double hours = 1.0);
    qint64 count(const QString &table);

    std::unique_ptr<test::TempWorkspace> m_ws;
    std::unique_ptr<test::FixedClock> m_clock;
};

void TestTaskService::init()
{
    // A clock that moves on by one second at every reading, so every row has its own time.
    m_clock = std::make_unique<test::FixedClock>(test::FixedClock::defaultStart(), 1000);
    m_ws = std::make_unique<test::TempWorkspace>();
    QVERIFY2(m_ws->isValid(), qPrintable(m_ws->errorString()));
}

void TestTaskService::cleanup()
{
    m_ws.reset();
    m_clock.reset();
}

qint64 TestTaskService::create(const QString &title, const QString &component, int phase, Priority priority,
                               double hours)
{
    auto id = m_ws->service().createTask(makeTask(title, component, phase, priority, hours));
    if (!id) {
        qWarning("createTask(%s): %s", qPrintable(title), qPrintable(id.error().message));
        return 0;
    }
    return *id;
}

qint64 TestTaskService::count(const QString &table)
{
    return scalar(m_ws->database(), QStringLiteral("SELECT count(*) FROM ") + table).toLongLong();
}

// ---------------------------------------------------------------- tasks

void TestTaskService::createWritesTheFirstProgressRow()
{
    const QDateTime t0 = m_clock->current();
    Task task = makeTask(QStringLiteral("Design the schema"), QStringLiteral("database"), 2, Priority::High, 6);
    task.description = QStringLiteral("Tables and indexes");
    task.sourceDocument = QStringLiteral("roadmap.md");
    task.successCriteria = QStringLiteral("Reviewed");
    task.id = 999; // ignored: the database assigns the id
    auto id = m_ws->service().createTask(task);
    QVERIFY2(id.ok(), qPrintable(id.ok() ? QString() : id.error().message));
    QCOMPARE(*id, 1);

    auto stored = m_ws->tasks().get(*id);
    QVERIFY(stored.ok());
    QCOMPARE(stored->title, QStringLiteral("Design the schema"));
    QCOMPARE(stored->description, std::optional<QString>(QStringLiteral("Tables and indexes")));
    QCOMPARE(stored->componentArea, QStringLiteral("database"));
    QCOMPARE(stored->phase, 2);
    QCOMPARE(toString(stored->priority), QStringLiteral("high"));
    QCOMPARE(toString(stored->status), QStringLiteral("not_started"));
    QCOMPARE(stored->sourceDocument, QStringLiteral("roadmap.md"));
    QCOMPARE(stored->successCriteria, std::optional<QString>(QStringLiteral("Reviewed")));
    QCOMPARE(stored->timeEstimateHours, 6.0);
    QCOMPARE(ts(stored->createdAt), ts(t0));
    QCOMPARE(stored->updatedAt, stored->createdAt);

    auto history = m_ws->service().progressHistory(*id);
    QVERIFY(history.ok());
    QCOMPARE(history->size(), 1);
    const core::TaskProgress &first = history->first();
    QCOMPARE(first.taskId, *id);
    QCOMPARE(first.progressPercentage, 0);
    QCOMPARE(first.notes, std::optional<QString>(QStringLiteral("Task created")));
    QCOMPARE(first.updatedBy, QStringLiteral("system"));
    QCOMPARE(first.createdAt, stored->createdAt);
    QCOMPARE(count(QStringLiteral("task_comments")), 0);
}

void TestTaskService::createWithDefaultsStoresAnEmptySourceDocument()
{
    // A Task whose optional text was never set (a null QString) is stored as '' in the NOT NULL column.
    Task task;
    task.title = QStringLiteral("Defaults");
    task.componentArea = QStringLiteral("core");
    auto id = m_ws->service().createTask(task);
    QVERIFY2(id.ok(), qPrintable(id.ok() ? QString() : id.error().message + " / " + id.error().detail));
    QCOMPARE(scalar(m_ws->database(), QStringLiteral("SELECT quote(source_document) || '|' || quote(description) || "
                                                     "'|' || priority || '|' || complexity || '|' || "
                                                     "time_estimate_hours FROM tasks"))
                 .toString(),
             QStringLiteral("''|NULL|medium|medium|1.0"));
}

void TestTaskService::createRefusesInvalidValuesAndWritesNothing()
{
    Task task = makeTask(QString(), QStringLiteral("core"), 5, Priority::Low, 0.05);
    auto id = m_ws->service().createTask(task);
    QVERIFY(!id.ok());
    TASKORCH_COMPARE_CODE(id.error().code, core::ErrorCode::Invalid);
    QCOMPARE(id.error().message, QStringLiteral("title: must be 1–500 characters, got 0; phase: must be 1–4, got 5; "
                                                "time_estimate_hours: must be 0.1–200, got 0.05"));
    QCOMPARE(count(QStringLiteral("tasks")), 0);
    QCOMPARE(count(QStringLiteral("task_progress")), 0);
    // The failed call left no transaction open: the next one works.
    QVERIFY(create(QStringLiteral("Valid")) > 0);
}

void TestTaskService::createRefusesAMissingParent()
{
    Task task = makeTask(QStringLiteral("Orphan"));
    task.parentTaskId = 42;
    auto id = m_ws->service().createTask(task);
    QVERIFY(!id.ok());
    TASKORCH_COMPARE_CODE(id.error().code, core::ErrorCode::NotFound);
    QCOMPARE(id.error().message, QStringLiteral("parent task 42 does not exist"));
    QCOMPARE(count(QStringLiteral("tasks")), 0);
    QCOMPARE(count(QStringLiteral("task_progress")), 0);
}

void TestTaskService::updateTaskKeepsCreatedAtAndRefreshesUpdatedAt()
{
    const qint64 id = create(QStringLiteral("Before"));
    auto task = m_ws->tasks().get(id);
    QVERIFY(task.ok());
    const QDateTime created = task->createdAt;
    m_clock->advance(3600 * 1000);
    const QDateTime expectedUpdate = m_clock->current();
    task->title = QStringLiteral("After");
    task->createdAt = created.addDays(-5); // ignored
    QVERIFY(m_ws->service().updateTask(*task).ok());
    auto stored = m_ws->tasks().get(id);
    QCOMPARE(stored->title, QStringLiteral("After"));
    QCOMPARE(stored->createdAt, created);
    QCOMPARE(ts(stored->updatedAt), ts(expectedUpdate));

    task->title = QString(501, u'x');
    const core::Status s = m_ws->service().updateTask(*task);
    QVERIFY(!s.ok());
    TASKORCH_COMPARE_CODE(s.error().code, core::ErrorCode::Invalid);
    QCOMPARE(m_ws->tasks().get(id)->title, QStringLiteral("After"));

    Task missing = *task;
    missing.id = 77;
    missing.title = QStringLiteral("Ghost");
    TASKORCH_COMPARE_CODE(m_ws->service().updateTask(missing).error().code, core::ErrorCode::NotFound);
}

void TestTaskService::updateTaskRefusesAParentCycle()
{
    const qint64 a = create(QStringLiteral("A"));
    Task b = makeTask(QStringLiteral("B"));
    b.parentTaskId = a;
    const qint64 bId = *m_ws->service().createTask(b);
    Task c = makeTask(QStringLiteral("C"));
    c.parentTaskId = bId;
    const qint64 cId = *m_ws->service().createTask(c);

    // A under C would make A its own ancestor.
    Task aTask = *m_ws->tasks().get(a);
    aTask.parentTaskId = cId;
    const core::Status s = m_ws->service().updateTask(aTask);
    QVERIFY(!s.ok());
    TASKORCH_COMPARE_CODE(s.error().code, core::ErrorCode::Conflict);
    QVERIFY2(s.error().message.contains(QStringLiteral("task %1 cannot be placed under %2").arg(a).arg(cId)),
             qPrintable(s.error().message));
    QVERIFY(!m_ws->tasks().get(a)->parentTaskId.has_value());

    // Its own parent.
    aTask.parentTaskId = a;
    TASKORCH_COMPARE_CODE(m_ws->service().updateTask(aTask).error().code, core::ErrorCode::Conflict);
    // A missing parent.
    aTask.parentTaskId = 99;
    TASKORCH_COMPARE_CODE(m_ws->service().updateTask(aTask).error().code, core::ErrorCode::NotFound);
    // A legal move: C directly under A.
    Task cTask = *m_ws->tasks().get(cId);
    cTask.parentTaskId = a;
    QVERIFY(m_ws->service().updateTask(cTask).ok());
    QCOMPARE(m_ws->tasks().get(cId)->parentTaskId, std::optional<qint64>(a));
}

void TestTaskService::updateStatusDefaultPercentages_data()
{
    QTest::addColumn<int>("first");    // status index of a first change (with 40 %), -1 for none
    QTest::addColumn<int>("status");   // the change under test, without a percentage
    QTest::addColumn<int>("expected"); // the percentage written

    const int none = -1;
    QTest::newRow("not_started → 0") << int(TaskStatus::InProgress) << int(TaskStatus::NotStarted) << 0;
    QTest::newRow("completed → 100") << none << int(TaskStatus::Completed) << 100;
    QTest::newRow("completed after 40 % → 100") << int(TaskStatus::InProgress) << int(TaskStatus::Completed) << 100;
    QTest::newRow("in_progress keeps the last %") << int(TaskStatus::InProgress) << int(TaskStatus::InProgress) << 40;
    QTest::newRow("blocked keeps the last %") << int(TaskStatus::InProgress) << int(TaskStatus::Blocked) << 40;
    QTest::newRow("failed keeps the last %") << int(TaskStatus::InProgress) << int(TaskStatus::Failed) << 40;
    QTest::newRow("in_progress from creation → 0") << none << int(TaskStatus::InProgress) << 0;
}

void TestTaskService::updateStatusDefaultPercentages()
{
    QFETCH(int, first);
    QFETCH(int, status);
    QFETCH(int, expected);
    const qint64 id = create(QStringLiteral("Task"));
    if (first >= 0) {
        StatusChange change;
        change.progressPercentage = 40;
        QVERIFY(m_ws->service().updateStatus(id, TaskStatus(first), change).ok());
    }
    QVERIFY(m_ws->service().updateStatus(id, TaskStatus(status)).ok());
    auto history = m_ws->service().progressHistory(id);
    QVERIFY(history.ok());
    QCOMPARE(history->size(), first >= 0 ? 3 : 2);
    QCOMPARE(history->first().progressPercentage, expected);
    QCOMPARE(history->first().notes,
             std::optional<QString>(QStringLiteral("Status changed to ") + toString(TaskStatus(status))));
    QCOMPARE(history->first().updatedBy, QStringLiteral("system"));
    QCOMPARE(toString(m_ws->tasks().get(id)->status), toString(TaskStatus(status)));
}

void TestTaskService::updateStatusWithPercentNotesAndComment()
{
    const qint64 id = create(QStringLiteral("Task"));
    const QDateTime created = m_ws->tasks().get(id)->createdAt;
    m_clock->advance(60 * 1000);
    const QDateTime changedAt = m_clock->current();

    StatusChange change;
    change.progressPercentage = 35;
    change.notes = QStringLiteral("Halfway through the parser");
    change.comment = QStringLiteral("Waiting for the API review");
    change.commentType = CommentType::Blocker;
    change.updatedBy = QStringLiteral("agent-7");
    QVERIFY(m_ws->service().updateStatus(id, TaskStatus::Blocked, change).ok());

    auto task = m_ws->tasks().get(id);
    QCOMPARE(toString(task->status), QStringLiteral("blocked"));
    QCOMPARE(task->createdAt, created);
    QCOMPARE(ts(task->updatedAt), ts(changedAt));

    auto history = m_ws->service().progressHistory(id);
    QCOMPARE(history->size(), 2);
    QCOMPARE(history->first().progressPercentage, 35);
    QCOMPARE(history->first().notes, std::optional<QString>(QStringLiteral("Halfway through the parser")));
    QCOMPARE(history->first().updatedBy, QStringLiteral("agent-7"));
    QCOMPARE(ts(history->first().createdAt), ts(changedAt));

    auto comments = m_ws->service().comments(id);
    QCOMPARE(comments->size(), 1);
    QCOMPARE(comments->first().comment, QStringLiteral("Waiting for the API review"));
    QCOMPARE(toString(comments->first().type), QStringLiteral("blocker"));
    QCOMPARE(ts(comments->first().createdAt), ts(changedAt));

    // The given percentage wins over the status default, and no comment means no comment row.
    StatusChange done;
    done.progressPercentage = 90;
    QVERIFY(m_ws->service().updateStatus(id, TaskStatus::Completed, done).ok());
    QCOMPARE(m_ws->service().progressHistory(id)->first().progressPercentage, 90);
    QCOMPARE(count(QStringLiteral("task_comments")), 1);
}

void TestTaskService::updateStatusRefusesInvalidValuesAndWritesNothing()
{
    const qint64 id = create(QStringLiteral("Task"));
    const Task before = *m_ws->tasks().get(id);

    StatusChange tooMuch;
    tooMuch.progressPercentage = 101;
    tooMuch.comment = QStringLiteral("This comment must not be written");
    core::Status s = m_ws->service().updateStatus(id, TaskStatus::InProgress, tooMuch);
    QVERIFY(!s.ok());
    TASKORCH_COMPARE_CODE(s.error().code, core::ErrorCode::Invalid);
    QCOMPARE(s.error().message, QStringLiteral("progress_percentage: must be 0–100, got 101"));

    StatusChange emptyComment;
    emptyComment.comment = QString();
    s = m_ws->service().updateStatus(id, TaskStatus::InProgress, emptyComment);
    QVERIFY(!s.ok());
    TASKORCH_COMPARE_CODE(s.error().code, core::ErrorCode::Invalid);
    QCOMPARE(s.error().message, QStringLiteral("comment: must be 1–2000 characters, got 0"));

    StatusChange longNotes;
    longNotes.notes = QString(1001, u'n');
    s = m_ws->service().updateStatus(id, TaskStatus::InProgress, longNotes);
    TASKORCH_COMPARE_CODE(s.error().code, core::ErrorCode::Invalid);

    // Nothing of the three calls was written: status, updated_at, progress and comments as before.
    const Task after = *m_ws->tasks().get(id);
    QCOMPARE(toString(after.status), toString(before.status));
    QCOMPARE(after.updatedAt, before.updatedAt);
    QCOMPARE(count(QStringLiteral("task_progress")), 1);
    QCOMPARE(count(QStringLiteral("task_comments")), 0);
}

void TestTaskService::updateStatusOfAMissingTask()
{
    const core::Status s = m_ws->service().updateStatus(12, TaskStatus::Completed);
    QVERIFY(!s.ok());
    TASKORCH_COMPARE_CODE(s.error().code, core::ErrorCode::NotFound);
    QCOMPARE(s.error().message, QStringLiteral("task 12 does not exist"));
    QCOMPARE(count(QStringLiteral("task_progress")), 0);
}

void TestTaskService::tasksByStatus()
{
    const qint64 a = create(QStringLiteral("A"), QStringLiteral("core"), 1, Priority::Low);
    const qint64 b = create(QStringLiteral("B"), QStringLiteral("core"), 1, Priority::Critical);
    const qint64 c = create(QStringLiteral("C"), QStringLiteral("core"), 1, Priority::High);
    const qint64 d = create(QStringLiteral("D"));
    QVERIFY(m_ws->service().updateStatus(d, TaskStatus::Completed).ok());
    QVERIFY(m_ws->service().updateStatus(c, TaskStatus::InProgress).ok());

    auto notStarted = m_ws->service().tasksByStatus(TaskStatus::NotStarted);
    QVERIFY(notStarted.ok());
    QCOMPARE(idsOf(*notStarted), QList<qint64>({b, a})); // priority ordinal, highest first
    QCOMPARE(idsOf(*m_ws->service().tasksByStatus(TaskStatus::Completed)), QList<qint64>({d}));
    QCOMPARE(idsOf(*m_ws->service().tasksByStatus(TaskStatus::InProgress)), QList<qint64>({c}));
    QVERIFY(m_ws->service().tasksByStatus(TaskStatus::Failed)->isEmpty());
}

void TestTaskService::tasksByComponentOrdersByPriorityThenCreatedAt()
{
    // Created in this order (the clock moves on at every call), so created_at follows the ids.
    const qint64 lowOld = create(QStringLiteral("low, old"), QStringLiteral("ui"), 1, Priority::Low);
    const qint64 highOld = create(QStringLiteral("high, old"), QStringLiteral("ui"), 1, Priority::High);
    const qint64 other = create(QStringLiteral("other component"), QStringLiteral("database"), 1, Priority::Critical);
    const qint64 critical = create(QStringLiteral("critical"), QStringLiteral("ui"), 1, Priority::Critical);
    const qint64 mediumNew = create(QStringLiteral("medium"), QStringLiteral("ui"), 1, Priority::Medium);
    const qint64 highNew = create(QStringLiteral("high, new"), QStringLiteral("ui"), 1, Priority::High);
    const qint64 lowNew = create(QStringLiteral("low, new"), QStringLiteral("ui"), 1, Priority::Low);

    auto ui = m_ws->service().tasksByComponent(QStringLiteral("ui"));
    QVERIFY(ui.ok());
    // By ordinal (critical 4 … low 1), never by text (which would put "critical" < "high" < "low" < "medium").
    QCOMPARE(idsOf(*ui), QList<qint64>({critical, highOld, highNew, mediumNew, lowOld, lowNew}));
    QCOMPARE(idsOf(*m_ws->service().tasksByComponent(QStringLiteral("database"))), QList<qint64>({other}));
    QVERIFY(m_ws->service().tasksByComponent(QStringLiteral("UI"))->isEmpty());

    // created_at decides within a priority even when ids say otherwise.
    Task older = *m_ws->tasks().get(highNew);
    older.createdAt = QDateTime(QDate(2020, 1, 1), QTime(0, 0), QTimeZone::utc());
    QVERIFY(m_ws->tasks().update(older).ok());
    QCOMPARE(idsOf(*m_ws->service().tasksByComponent(QStringLiteral("ui"))),
             QList<qint64>({critical, highNew, highOld, mediumNew, lowOld, lowNew}));
}

void TestTaskService::tasksByPhase()
{
    const qint64 p1 = create(QStringLiteral("P1"), QStringLiteral("core"), 1);
    const qint64 p2low = create(QStringLiteral("P2 low"), QStringLiteral("core"), 2, Priority::Low);
    const qint64 p2crit = create(QStringLiteral("P2 critical"), QStringLiteral("core"), 2, Priority::Critical);
    const qint64 p4 = create(QStringLiteral("P4"), QStringLiteral("core"), 4);
    QCOMPARE(idsOf(*m_ws->service().tasksByPhase(1)), QList<qint64>({p1}));
    QCOMPARE(idsOf(*m_ws->service().tasksByPhase(2)), QList<qint64>({p2crit, p2low}));
    QVERIFY(m_ws->service().tasksByPhase(3)->isEmpty());
    QCOMPARE(idsOf(*m_ws->service().tasksByPhase(4)), QList<qint64>({p4}));
}

void TestTaskService::searchIsCaseInsensitiveAndUnicode_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QList<qint64>>("expected");

    // Tasks 1..5 are created in searchIsCaseInsensitiveAndUnicode().
    QTest::newRow("exact") << "über" << QList<qint64>{1};
    QTest::newRow("upper-case non-ASCII") << "ÜBER" << QList<qint64>{1};
    QTest::newRow("mixed case") << "ÜbEr" << QList<qint64>{1};
    QTest::newRow("Greek") << "ΣΧΈΔΙΟ" << QList<qint64>{2};
    QTest::newRow("Cyrillic lower finds upper") << "отчёт" << QList<qint64>{3};
    QTest::newRow("ASCII any case in title") << "PARSER" << QList<qint64>{4};
    QTest::newRow("in the description only") << "KEYRING" << QList<qint64>{5};
    QTest::newRow("in several") << "the" << QList<qint64>{4, 5};
    QTest::newRow("percent is not a wildcard") << "%" << QList<qint64>{};
    QTest::newRow("underscore is not a wildcard") << "_" << QList<qint64>{};
    QTest::newRow("no match") << "nothing like this" << QList<qint64>{};
}

void TestTaskService::searchIsCaseInsensitiveAndUnicode()
{
    QFETCH(QString, text);
    QFETCH(QList<qint64>, expected);
    QCOMPARE(create(QStringLiteral("Überarbeitung: über alles")), 1);
    QCOMPARE(create(QStringLiteral("Σχέδιο βάσης")), 2);
    QCOMPARE(create(QStringLiteral("ОТЧЁТ за неделю")), 3);
    QCOMPARE(create(QStringLiteral("Write the parser")), 4);
    Task withDescription = makeTask(QStringLiteral("Configure secrets"));
    withDescription.description = QStringLiteral("Read them from the OS keyring");
    QCOMPARE(*m_ws->service().createTask(withDescription), 5);

    auto found = m_ws->service().search(text);
    QVERIFY(found.ok());
    QCOMPARE(idsOf(*found), expected);
}

void TestTaskService::subtaskTree()
{
    //  1
    //  ├─ 2
    //  │  └─ 4
    //  └─ 3
    //     └─ 5
    //        └─ 6        7 (another root)
    const qint64 root = create(QStringLiteral("root"));
    auto child = [&](const QString &title, qint64 parent) {
        Task t = makeTask(title);
        t.parentTaskId = parent;
        return *m_ws->service().createTask(t);
    };
    const qint64 a = child(QStringLiteral("a"), root);
    const qint64 b = child(QStringLiteral("b"), root);
    const qint64 a1 = child(QStringLiteral("a1"), a);
    const qint64 b1 = child(QStringLiteral("b1"), b);
    const qint64 b11 = child(QStringLiteral("b11"), b1);
    const qint64 other = create(QStringLiteral("other root"));

    auto tree = m_ws->service().subtaskTree(root);
    QVERIFY(tree.ok());
    QList<qint64> ids;
    QList<int> depths;
    for (const storage::TaskTreeNode &n : *tree) {
        ids << n.task.id;
        depths << n.depth;
    }
    QCOMPARE(ids, QList<qint64>({root, a, a1, b, b1, b11}));
    QCOMPARE(depths, QList<int>({0, 1, 2, 1, 2, 3}));

    auto leaf = m_ws->service().subtaskTree(other);
    QCOMPARE(leaf->size(), 1);
    QCOMPARE(leaf->first().depth, 0);
    TASKORCH_COMPARE_CODE(m_ws->service().subtaskTree(99).error().code, core::ErrorCode::NotFound);
}

void TestTaskService::deleteCascades()
{
    const qint64 parent = create(QStringLiteral("parent"));
    Task sub = makeTask(QStringLiteral("subtask"));
    sub.parentTaskId = parent;
    const qint64 child = *m_ws->service().createTask(sub);
    Task subsub = makeTask(QStringLiteral("sub-subtask"));
    subsub.parentTaskId = child;
    const qint64 grandchild = *m_ws->service().createTask(subsub);
    const qint64 keep = create(QStringLiteral("unrelated"));
    const qint64 keep2 = create(QStringLiteral("unrelated too"));

    QVERIFY(m_ws->service().addDependency(parent, keep).ok()); // parent depends on keep
    QVERIFY(m_ws->service().addDependency(keep2, child).ok()); // keep2 depends on the subtask
    QVERIFY(m_ws->service().addDependency(keep2, keep).ok());  // survives
    QVERIFY(m_ws->service().addComment(parent, QStringLiteral("on the parent")).ok());
    QVERIFY(m_ws->service().addComment(grandchild, QStringLiteral("on the grandchild")).ok());
    QVERIFY(m_ws->service().addComment(keep, QStringLiteral("survives")).ok());
    QVERIFY(m_ws->service().updateStatus(child, TaskStatus::InProgress).ok());

    QVERIFY(m_ws->service().deleteTask(parent).ok());
    QCOMPARE(idsOf(*m_ws->tasks().list({})), QList<qint64>({keep, keep2}));
    QCOMPARE(count(QStringLiteral("task_dependencies")), 1);
    QCOMPARE(scalar(m_ws->database(), QStringLiteral("SELECT task_id || '>' || depends_on_task_id FROM "
                                                     "task_dependencies"))
                 .toString(),
             QStringLiteral("%1>%2").arg(keep2).arg(keep));
    QCOMPARE(count(QStringLiteral("task_comments")), 1);
    QCOMPARE(scalar(m_ws->database(), QStringLiteral("SELECT comment FROM task_comments")).toString(),
             QStringLiteral("survives"));
    QCOMPARE(count(QStringLiteral("task_progress")), 2); // the two "Task created" rows of the survivors
    QCOMPARE(
        scalar(m_ws->database(),
               QStringLiteral("SELECT count(*) FROM task_progress WHERE task_id NOT IN (%1, %2)").arg(keep).arg(keep2))
            .toInt(),
        0);
}

void TestTaskService::deleteAMissingTask()
{
    create(QStringLiteral("stays"));
    const core::Status s = m_ws->service().deleteTask(5);
    QVERIFY(!s.ok());
    TASKORCH_COMPARE_CODE(s.error().code, core::ErrorCode::NotFound);
    QCOMPARE(s.error().message, QStringLiteral("task 5 does not exist"));
    QCOMPARE(count(QStringLiteral("tasks")), 1);
}

// ---------------------------------------------------------------- dependencies

void TestTaskService::addDependency()
{
    const qint64 a = create(QStringLiteral("A"));
    const qint64 b = create(QStringLiteral("B"));
    const QDateTime at = m_clock->current();
    auto dep = m_ws->service().addDependency(a, b, DependencyType::Requires, core::Relation::SS, -2.5);
    QVERIFY2(dep.ok(), qPrintable(dep.ok() ? QString() : dep.error().message));
    QVERIFY(dep->id > 0);
    QCOMPARE(dep->taskId, a);
    QCOMPARE(dep->dependsOnTaskId, b);
    QCOMPARE(toString(dep->type), QStringLiteral("requires"));
    QCOMPARE(toString(dep->relation), QStringLiteral("SS"));
    QCOMPARE(dep->lagHours, -2.5);
    QCOMPARE(ts(dep->createdAt), ts(at));

    auto stored = m_ws->workspace().dependencies().get(dep->id);
    QVERIFY(stored.ok());
    QCOMPARE(stored->taskId, a);
    QCOMPARE(stored->dependsOnTaskId, b);
    QCOMPARE(toString(stored->type), QStringLiteral("requires"));
    QCOMPARE(toString(stored->relation), QStringLiteral("SS"));
    QCOMPARE(stored->lagHours, -2.5);

    auto views = m_ws->workspace().dependencies().prerequisitesOf(a);
    QCOMPARE(views->size(), 1);
    QCOMPARE(views->first().prerequisiteTitle, QStringLiteral("B"));

    // A lag out of range is refused with the rule's message.
    const qint64 c = create(QStringLiteral("C"));
    auto badLag = m_ws->service().addDependency(c, b, DependencyType::Blocks, core::Relation::FS, 20000);
    QVERIFY(!badLag.ok());
    TASKORCH_COMPARE_CODE(badLag.error().code, core::ErrorCode::Invalid);
    QCOMPARE(badLag.error().message, QStringLiteral("lag_hours: must be -10000–10000, got 20000"));
    QCOMPARE(count(QStringLiteral("task_dependencies")), 1);
}

void TestTaskService::addExistingPairReturnsTheExistingRow()
{
    const qint64 a = create(QStringLiteral("A"));
    const qint64 b = create(QStringLiteral("B"));
    auto first = m_ws->service().addDependency(a, b, DependencyType::Blocks);
    QVERIFY(first.ok());
    auto again = m_ws->service().addDependency(a, b, DependencyType::Enhances, core::Relation::FF, 3);
    QVERIFY(again.ok());
    QCOMPARE(again->id, first->id);
    QCOMPARE(toString(again->type), QStringLiteral("blocks"));
    QCOMPARE(toString(again->relation), QStringLiteral("FS"));
    QCOMPARE(again->lagHours, 0.0);
    QCOMPARE(again->createdAt, first->createdAt);
    QCOMPARE(count(QStringLiteral("task_dependencies")), 1);
}

void TestTaskService::addDependencyOnItselfRefused()
{
    const qint64 a = create(QStringLiteral("A"));
    auto dep = m_ws->service().addDependency(a, a);
    QVERIFY(!dep.ok());
    TASKORCH_COMPARE_CODE(dep.error().code, core::ErrorCode::Invalid);
    QCOMPARE(dep.error().message, QStringLiteral("a task cannot depend on itself (task %1)").arg(a));
    QCOMPARE(count(QStringLiteral("task_dependencies")), 0);
}

void TestTaskService::addDependencyOnAMissingTask()
{
    const qint64 a = create(QStringLiteral("A"));
    for (const auto &[task, prerequisite] : {std::pair<qint64, qint64>{a, 50}, {50, a}, {50, 51}}) {
        auto dep = m_ws->service().addDependency(task, prerequisite);
        QVERIFY(!dep.ok());
        TASKORCH_COMPARE_CODE(dep.error().code, core::ErrorCode::NotFound);
        QCOMPARE(dep.error().message, QStringLiteral("task 50 does not exist"));
    }
    QCOMPARE(count(QStringLiteral("task_dependencies")), 0);
}

void TestTaskService::twoCycleRefused()
{
    const qint64 a = create(QStringLiteral("A"));
    const qint64 b = create(QStringLiteral("B"));
    QVERIFY(m_ws->service().addDependency(a, b).ok());
    auto cycle = m_ws->service().addDependency(b, a);
    QVERIFY(!cycle.ok());
    TASKORCH_COMPARE_CODE(cycle.error().code, core::ErrorCode::Conflict);
    QCOMPARE(cycle.error().message,
             QStringLiteral("task %1 cannot depend on task %2: that would close the cycle %1 → %2 → %1").arg(b).arg(a));
    QCOMPARE(*m_ws->service().cycleThrough(b, a), QList<qint64>({b, a, b}));
    QCOMPARE(count(QStringLiteral("task_dependencies")), 1);
}

void TestTaskService::fiveCycleRefused()
{
    // Ids 1..5 in a chain: 1 depends on 2, 2 on 3, 3 on 4, 4 on 5. Plus a distraction: 1 depends on 6.
    QList<qint64> ids;
    for (int i = 1; i <= 6; ++i) {
        ids << create(QStringLiteral("T%1").arg(i));
    }
    QCOMPARE(ids, QList<qint64>({1, 2, 3, 4, 5, 6}));
    for (int i = 1; i <= 4; ++i) {
        QVERIFY(m_ws->service().addDependency(i, i + 1).ok());
    }
    QVERIFY(m_ws->service().addDependency(1, 6).ok());

    // 5 depending on 1 closes 5 → 1 → 2 → 3 → 4 → 5.
    auto cycle = m_ws->service().addDependency(5, 1, DependencyType::Blocks);
    QVERIFY(!cycle.ok());
    TASKORCH_COMPARE_CODE(cycle.error().code, core::ErrorCode::Conflict);
    QCOMPARE(cycle.error().message,
             QStringLiteral("task 5 cannot depend on task 1: that would close the cycle 5 → 1 → 2 → 3 → 4 → 5"));
    QCOMPARE(count(QStringLiteral("task_dependencies")), 5);
    QCOMPARE(storage::formatCycle({5, 1, 2, 3, 4, 5}), QStringLiteral("5 → 1 → 2 → 3 → 4 → 5"));

    // Shorter cycles inside the chain are refused too, each with its own path.
    auto inner = m_ws->service().addDependency(4, 2);
    QVERIFY(!inner.ok());
    QVERIFY2(inner.error().message.endsWith(QStringLiteral("4 → 2 → 3 → 4")), qPrintable(inner.error().message));
    // An edge in the same direction as the chain is fine (a shortcut, not a cycle).
    QVERIFY(m_ws->service().addDependency(1, 5).ok());
}

void TestTaskService::cycleThroughRequiresRefused()
{
    const qint64 a = create(QStringLiteral("A"));
    const qint64 b = create(QStringLiteral("B"));
    const qint64 c = create(QStringLiteral("C"));
    QVERIFY(m_ws->service().addDependency(a, b, DependencyType::Requires).ok());
    QVERIFY(m_ws->service().addDependency(b, c, DependencyType::Blocks).ok());
    auto cycle = m_ws->service().addDependency(c, a, DependencyType::Requires);
    QVERIFY(!cycle.ok());
    TASKORCH_COMPARE_CODE(cycle.error().code, core::ErrorCode::Conflict);
    QVERIFY2(cycle.error().message.endsWith(QStringLiteral("%1 → %2 → %3 → %1").arg(c).arg(a).arg(b)),
             qPrintable(cycle.error().message));
}

void TestTaskService::diamondAccepted()
{
    //      top
    //     /   \        top depends on left and right; both depend on bottom.
    //  left   right
    //     \   /
    //    bottom
    const qint64 top = create(QStringLiteral("top"));
    const qint64 left = create(QStringLiteral("left"));
    const qint64 right = create(QStringLiteral("right"));
    const qint64 bottom = create(QStringLiteral("bottom"));
    QVERIFY(m_ws->service().addDependency(top, left).ok());
    QVERIFY(m_ws->service().addDependency(top, right).ok());
    QVERIFY(m_ws->service().addDependency(left, bottom).ok());
    auto closing = m_ws->service().addDependency(right, bottom);
    QVERIFY2(closing.ok(), qPrintable(closing.ok() ? QString() : closing.error().message));
    // And a transitive shortcut across the diamond.
    QVERIFY(m_ws->service().addDependency(top, bottom).ok());
    QCOMPARE(count(QStringLiteral("task_dependencies")), 5);
    QVERIFY(m_ws->service().cycleThrough(top, bottom)->isEmpty());
    // Closing it from the bottom is a cycle.
    auto cycle = m_ws->service().addDependency(bottom, top);
    QVERIFY(!cycle.ok());
    QCOMPARE(cycle.error().message, QStringLiteral("task %1 cannot depend on task %2: that would close the cycle "
                                                   "%1 → %2 → %1")
                                        .arg(bottom)
                                        .arg(top));
}

void TestTaskService::enhancesEdgeMayCloseACycle()
{
    const qint64 a = create(QStringLiteral("A"));
    const qint64 b = create(QStringLiteral("B"));
    const qint64 c = create(QStringLiteral("C"));
    QVERIFY(m_ws->service().addDependency(a, b).ok());
    QVERIFY(m_ws->service().addDependency(b, c).ok());
    // Soft edge closing the loop: drawn, never scheduled, so allowed.
    auto soft = m_ws->service().addDependency(c, a, DependencyType::Enhances);
    QVERIFY2(soft.ok(), qPrintable(soft.ok() ? QString() : soft.error().message));
    QCOMPARE(toString(soft->type), QStringLiteral("enhances"));
    // A hard edge whose only way back runs through the soft edge is no cycle either.
    const qint64 d = create(QStringLiteral("D"));
    QVERIFY(m_ws->service().addDependency(d, c, DependencyType::Enhances).ok());
    QVERIFY(m_ws->service().addDependency(a, d).ok()); // a → d is hard; d → c is soft
    QCOMPARE(count(QStringLiteral("task_dependencies")), 5);
}

void TestTaskService::removeDependency()
{
    const qint64 a = create(QStringLiteral("A"));
    const qint64 b = create(QStringLiteral("B"));
    QVERIFY(m_ws->service().addDependency(a, b).ok());
    QVERIFY(m_ws->service().removeDependency(a, b).ok());
    QCOMPARE(count(QStringLiteral("task_dependencies")), 0);

    const core::Status again = m_ws->service().removeDependency(a, b);
    QVERIFY(!again.ok());
    TASKORCH_COMPARE_CODE(again.error().code, core::ErrorCode::NotFound);
    QCOMPARE(again.error().message, QStringLiteral("task %1 does not depend on task %2").arg(a).arg(b));
    // The reverse direction is a different edge.
    QVERIFY(m_ws->service().addDependency(a, b).ok());
    TASKORCH_COMPARE_CODE(m_ws->service().removeDependency(b, a).error().code, core::ErrorCode::NotFound);
    QCOMPARE(count(QStringLiteral("task_dependencies")), 1);
    // Removing the edge makes the reverse possible.
    QVERIFY(m_ws->service().removeDependency(a, b).ok());
    QVERIFY(m_ws->service().addDependency(b, a).ok());
}

void TestTaskService::readyTasks()
{
    const qint64 done = create(QStringLiteral("done"));
    const qint64 free = create(QStringLiteral("free, low"), QStringLiteral("core"), 1, Priority::Low);
    const qint64 afterDone =
        create(QStringLiteral("after done, critical"), QStringLiteral("core"), 1, Priority::Critical);
    const qint64 afterOpen = create(QStringLiteral("after an open task"));
    const qint64 softOnly =
        create(QStringLiteral("only enhanced by an open task"), QStringLiteral("core"), 1, Priority::High);
    const qint64 running = create(QStringLiteral("in progress"));
    const qint64 requiresOpen = create(QStringLiteral("requires an open task"));
    const qint64 mixed = create(QStringLiteral("one done, one open"));

    QVERIFY(m_ws->service().updateStatus(done, TaskStatus::Completed).ok());
    QVERIFY(m_ws->service().updateStatus(running, TaskStatus::InProgress).ok());
    QVERIFY(m_ws->service().addDependency(afterDone, done).ok());
    QVERIFY(m_ws->service().addDependency(afterOpen, free).ok());
    QVERIFY(m_ws->service().addDependency(softOnly, free, DependencyType::Enhances).ok());
    QVERIFY(m_ws->service().addDependency(requiresOpen, running, DependencyType::Requires).ok());
    QVERIFY(m_ws->service().addDependency(mixed, done).ok());
    QVERIFY(m_ws->service().addDependency(mixed, free).ok());

    auto ready = m_ws->service().readyTasks();
    QVERIFY(ready.ok());
    // Highest priority first, then id.
    QCOMPARE(idsOf(*ready), QList<qint64>({afterDone, softOnly, free}));
    QCOMPARE(idsOf(*m_ws->service().readyTasks(2)), QList<qint64>({afterDone, softOnly}));

    // Completing the prerequisite frees its dependents.
    QVERIFY(m_ws->service().updateStatus(free, TaskStatus::Completed).ok());
    QCOMPARE(idsOf(*m_ws->service().readyTasks()), QList<qint64>({afterDone, softOnly, afterOpen, mixed}));
}

void TestTaskService::blockedTasksWithTitles()
{
    const qint64 zeta = create(QStringLiteral("Zeta prerequisite"));
    const qint64 alpha = create(QStringLiteral("Alpha prerequisite"));
    const qint64 done = create(QStringLiteral("Done prerequisite"));
    const qint64 waiting = create(QStringLiteral("Waits for two"), QStringLiteral("core"), 1, Priority::Low);
    const qint64 urgent =
        create(QStringLiteral("Urgent, waits for one"), QStringLiteral("core"), 1, Priority::Critical);
    const qint64 free = create(QStringLiteral("Only waits for a completed task"));
    const qint64 soft = create(QStringLiteral("Only enhanced"));
    const qint64 finished = create(QStringLiteral("Completed despite an open prerequisite"));

    QVERIFY(m_ws->service().updateStatus(done, TaskStatus::Completed).ok());
    QVERIFY(m_ws->service().addDependency(waiting, zeta).ok());
    QVERIFY(m_ws->service().addDependency(waiting, alpha, DependencyType::Requires).ok());
    QVERIFY(m_ws->service().addDependency(waiting, done).ok());
    QVERIFY(m_ws->service().addDependency(urgent, alpha).ok());
    QVERIFY(m_ws->service().addDependency(free, done).ok());
    QVERIFY(m_ws->service().addDependency(soft, zeta, DependencyType::Enhances).ok());
    QVERIFY(m_ws->service().addDependency(finished, zeta).ok());
    QVERIFY(m_ws->service().updateStatus(finished, TaskStatus::Completed).ok());

    auto blocked = m_ws->service().blockedTasks();
    QVERIFY(blocked.ok());
    QCOMPARE(blocked->size(), 2);
    QCOMPARE(blocked->at(0).task.id, urgent);
    QCOMPARE(blocked->at(0).task.title, QStringLiteral("Urgent, waits for one"));
    QCOMPARE(blocked->at(0).blockingTitles, QStringList({"Alpha prerequisite"}));
    QCOMPARE(blocked->at(1).task.id, waiting);
    QCOMPARE(blocked->at(1).blockingTitles, QStringList({"Alpha prerequisite", "Zeta prerequisite"}));
}

// ---------------------------------------------------------------- comments and progress

void TestTaskService::commentsAndProgressHistory()
{
    const qint64 id = create(QStringLiteral("Task"));
    const qint64 other = create(QStringLiteral("Other"));
    auto c1 = m_ws->service().addComment(id, QStringLiteral("First, a note"));
    auto c2 = m_ws->service().addComment(id, QStringLiteral("We chose SQLite"), CommentType::Decision);
    auto c3 = m_ws->service().addComment(id, QStringLiteral("Fixed by a retry"), CommentType::Solution);
    QVERIFY(c1.ok() && c2.ok() && c3.ok());
    QVERIFY(m_ws->service().addComment(other, QStringLiteral("Elsewhere")).ok());

    auto comments = m_ws->service().comments(id);
    QVERIFY(comments.ok());
    QStringList texts;
    QStringList types;
    for (const core::TaskComment &c : *comments) {
        texts << c.comment;
        types << toString(c.type);
        QCOMPARE(c.taskId, id);
    }
    QCOMPARE(texts, QStringList({"First, a note", "We chose SQLite", "Fixed by a retry"})); // oldest first
    QCOMPARE(types, QStringList({"note", "decision", "solution"}));

    // Comments are validated and need an existing task.
    auto empty = m_ws->service().addComment(id, QString());
    TASKORCH_COMPARE_CODE(empty.error().code, core::ErrorCode::Invalid);
    QCOMPARE(empty.error().message, QStringLiteral("comment: must be 1–2000 characters, got 0"));
    QVERIFY(m_ws->service().addComment(id, QString(2000, u'c')).ok());
    TASKORCH_COMPARE_CODE(m_ws->service().addComment(id, QString(2001, u'c')).error().code, core::ErrorCode::Invalid);
    auto missing = m_ws->service().addComment(99, QStringLiteral("nobody reads this"));
    TASKORCH_COMPARE_CODE(missing.error().code, core::ErrorCode::NotFound);
    QCOMPARE(count(QStringLiteral("task_comments")), 5);

    // Progress history: newest first.
    StatusChange p;
    p.progressPercentage = 20;
    QVERIFY(m_ws->service().updateStatus(id, TaskStatus::InProgress, p).ok());
    p.progressPercentage = 70;
    QVERIFY(m_ws->service().updateStatus(id, TaskStatus::InProgress, p).ok());
    QVERIFY(m_ws->service().updateStatus(id, TaskStatus::Completed).ok());
    auto history = m_ws->service().progressHistory(id);
    QList<int> percentages;
    for (const core::TaskProgress &entry : *history) {
        percentages << entry.progressPercentage;
    }
    QCOMPARE(percentages, QList<int>({100, 70, 20, 0}));
    for (int i = 1; i < history->size(); ++i) {
        QVERIFY(history->at(i - 1).createdAt > history->at(i).createdAt);
    }
    QCOMPARE(m_ws->service().progressHistory(other)->size(), 1);
    QVERIFY(m_ws->service().progressHistory(99)->isEmpty());
}

void TestTaskService::editComment()
{
    const qint64 id = create(QStringLiteral("Task"));
    const qint64 commentId =
        *m_ws->service().addComment(id, QStringLiteral("Blocked by the API"), CommentType::Blocker);
    const QDateTime created = m_ws->service().comments(id)->first().createdAt;

    QVERIFY(m_ws->service().editComment(commentId, QStringLiteral("Solved with a retry"), CommentType::Solution).ok());
    auto comments = m_ws->service().comments(id);
    QCOMPARE(comments->size(), 1);
    QCOMPARE(comments->first().id, commentId);
    QCOMPARE(comments->first().comment, QStringLiteral("Solved with a retry"));
    QCOMPARE(toString(comments->first().type), QStringLiteral("solution"));
    QCOMPARE(comments->first().createdAt, created);

    const core::Status invalid = m_ws->service().editComment(commentId, QString(), CommentType::Note);
    QVERIFY(!invalid.ok());
    TASKORCH_COMPARE_CODE(invalid.error().code, core::ErrorCode::Invalid);
    QCOMPARE(m_ws->service().comments(id)->first().comment, QStringLiteral("Solved with a retry"));

    TASKORCH_COMPARE_CODE(m_ws->service().editComment(999, QStringLiteral("x"), CommentType::Note).error().code,
                          core::ErrorCode::NotFound);
}

// ---------------------------------------------------------------- statistics

void TestTaskService::statisticsOfAnEmptyDatabase()
{
    auto stats = m_ws->service().statistics();
    QVERIFY(stats.ok());
    QCOMPARE(stats->totalTasks, 0);
    QCOMPARE(stats->completedTasks, 0);
    QCOMPARE(stats->inProgressTasks, 0);
    QCOMPARE(stats->blockedTasks, 0);
    QCOMPARE(stats->notStartedTasks, 0);
    QCOMPARE(stats->failedTasks, 0);
    QCOMPARE(stats->completionPercentage, 0.0);
    QCOMPARE(stats->totalEstimatedHours, 0.0);
    QCOMPARE(stats->completedHours, 0.0);
    QCOMPARE(stats->remainingHours, 0.0);
    QCOMPARE(stats->progressPercentage, 0.0);
    QVERIFY(stats->phaseBreakdown.isEmpty());
    QVERIFY(stats->componentBreakdown.isEmpty());

    const QJsonObject json = stats->toJson();
    QStringList keys = json.keys();
    keys.sort();
    QStringList expected{"total_tasks",         "completed_tasks",       "in_progress_tasks",     "blocked_tasks",
                         "not_started_tasks",   "failed_tasks",          "completion_percentage", "phase_breakdown",
                         "component_breakdown", "total_estimated_hours", "completed_hours",       "remaining_hours",
                         "progress_percentage"};
    expected.sort();
    QCOMPARE(keys, expected);
    for (const QString &key : json.keys()) {
        const QJsonValue v = json.value(key);
        if (key.endsWith(QLatin1String("_breakdown"))) {
            QVERIFY2(v.isArray() && v.toArray().isEmpty(), qPrintable(key));
        } else {
            QVERIFY2(v.isDouble(), qPrintable(key));
            QCOMPARE(v.toDouble(), 0.0);
        }
    }
}

void TestTaskService::statisticsOfTheDemoProject()
{
    const core::Status loaded = storage::DemoProject::load(m_ws->service());
    QVERIFY2(loaded.ok(), qPrintable(loaded.ok() ? QString() : loaded.error().message));
    QCOMPARE(count(QStringLiteral("tasks")), storage::DemoProject::taskCount);

    auto stats = m_ws->service().statistics();
    QVERIFY(stats.ok());
    QCOMPARE(stats->totalTasks, 40);
    QCOMPARE(stats->completedTasks, 7);
    QCOMPARE(stats->inProgressTasks, 2);
    QCOMPARE(stats->blockedTasks, 1);
    QCOMPARE(stats->failedTasks, 1);
    QCOMPARE(stats->notStartedTasks, 29);
    QCOMPARE(stats->completionPercentage, 17.5);
    QCOMPARE(stats->totalEstimatedHours, 187.0);
    QCOMPARE(stats->completedHours, 19.5);
    QCOMPARE(stats->remainingHours, 167.5);
    QCOMPARE(stats->progressPercentage, 10.4);

    QStringList phases;
    for (const core::PhaseBreakdown &p : stats->phaseBreakdown) {
        phases << QStringLiteral("%1:%2/%3").arg(p.phase).arg(p.completed).arg(p.count);
    }
    QCOMPARE(phases, QStringList({"1:7/10", "2:0/10", "3:0/10", "4:0/10"}));

    // Count descending, then area: the whole list.
    QStringList components;
    for (const core::ComponentBreakdown &c : stats->componentBreakdown) {
        components << QStringLiteral("%1:%2/%3").arg(c.area).arg(c.completed).arg(c.count);
    }
    QCOMPARE(
        components,
        QStringList({"ui:1/5",           "documentation:0/3", "environment:2/3", "testing:0/3",         "analytics:0/2",
                     "applications:0/2", "database:1/2",      "llm:0/2",         "performance:0/2",     "search:0/2",
                     "architecture:1/1", "background:0/1",    "components:0/1",  "configuration:1/1",   "export:0/1",
                     "filtering:0/1",    "forms:0/1",         "layout:0/1",      "navigation:0/1",      "progress:0/1",
                     "scraper:0/1",      "security:0/1",      "services:0/1",    "state_management:1/1"}));

    const QJsonObject json = stats->toJson();
    QCOMPARE(json.value(QStringLiteral("total_tasks")).toInt(), 40);
    QCOMPARE(json.value(QStringLiteral("completion_percentage")).toDouble(), 17.5);
    QCOMPARE(json.value(QStringLiteral("progress_percentage")).toDouble(), 10.4);
    QCOMPARE(json.value(QStringLiteral("remaining_hours")).toDouble(), 167.5);
    const QJsonObject firstComponent = json.value(QStringLiteral("component_breakdown")).toArray().first().toObject();
    QCOMPARE(firstComponent.value(QStringLiteral("area")).toString(), QStringLiteral("ui"));
    QCOMPARE(firstComponent.value(QStringLiteral("count")).toInt(), 5);
    QCOMPARE(firstComponent.value(QStringLiteral("completed")).toInt(), 1);
    const QJsonObject firstPhase = json.value(QStringLiteral("phase_breakdown")).toArray().first().toObject();
    QCOMPARE(firstPhase.keys(), QStringList({"completed", "count", "phase"}));

    // The demo is built through the service: the rest of its shape.
    QCOMPARE(count(QStringLiteral("task_dependencies")), 51);
    QCOMPARE(scalar(m_ws->database(), QStringLiteral("SELECT count(*) FROM task_dependencies WHERE "
                                                     "dependency_type = 'enhances'"))
                 .toInt(),
             3);
    QCOMPARE(count(QStringLiteral("task_comments")), 7);
    QCOMPARE(count(QStringLiteral("task_progress")), 40 + 12);
    QCOMPARE(
        scalar(m_ws->database(), QStringLiteral("SELECT count(*) FROM tasks WHERE parent_task_id IS NOT NULL")).toInt(),
        4);
}

void TestTaskService::statisticsRoundToOneDecimal()
{
    // 1 of 3 tasks completed: 33.3 %; 0.1 + 0.2 hours add up to exactly 0.3.
    const qint64 a = create(QStringLiteral("a"), QStringLiteral("core"), 1, Priority::Medium, 0.1);
    create(QStringLiteral("b"), QStringLiteral("core"), 1, Priority::Medium, 0.2);
    create(QStringLiteral("c"), QStringLiteral("ui"), 3, Priority::Medium, 0.3);
    QVERIFY(m_ws->service().updateStatus(a, TaskStatus::Completed).ok());
    auto stats = m_ws->service().statistics();
    QCOMPARE(stats->completionPercentage, 33.3);
    QCOMPARE(stats->totalEstimatedHours, 0.6);
    QCOMPARE(stats->completedHours, 0.1);
    QCOMPARE(stats->remainingHours, 0.5);
    QCOMPARE(stats->progressPercentage, 16.7);
    QCOMPARE(stats->phaseBreakdown.size(), 2);
    QCOMPARE(stats->phaseBreakdown.at(1).phase, 3);
    QCOMPARE(stats->componentBreakdown.first().area, QStringLiteral("core"));
    QCOMPARE(stats->componentBreakdown.first().count, 2);
    QCOMPARE(core::percentOneDecimal(2, 3), 66.7);
    QCOMPARE(core::percentOneDecimal(1, 0), 0.0);
}

void TestTaskService::demoLoadsOnlyIntoAnEmptyDatabase()
{
    create(QStringLiteral("Existing"));
    const core::Status s = storage::DemoProject::load(m_ws->service());
    QVERIFY(!s.ok());
    TASKORCH_COMPARE_CODE(s.error().code, core::ErrorCode::Conflict);
    QCOMPARE(count(QStringLiteral("tasks")), 1);
}

void TestTaskService::demoCycleMessageNamesTheShortestPath()
{
    QVERIFY(storage::DemoProject::load(m_ws->service()).ok());
    // Task 1 is the root of the critical chain; making it depend on the last task closes a cycle.
    auto cycle = m_ws->service().addDependency(1, 40);
    QVERIFY(!cycle.ok());
    TASKORCH_COMPARE_CODE(cycle.error().code, core::ErrorCode::Conflict);
    QCOMPARE(
        cycle.error().message,
        QStringLiteral("task 1 cannot depend on task 40: that would close the cycle 1 → 40 → 39 → 36 → 4 → 5 → 1"));
}

QTEST_GUILESS_MAIN(TestTaskService)
#include "tst_TaskService.moc"
