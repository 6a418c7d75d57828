// SPDX-License-Identifier: GPL-3.0-or-later
#include "StatisticsSeries.h"
#include "TestSupport.h"
#include "Timestamp.h"

#include <QTest>
#include <QTimeZone>

#include <random>

using namespace taskorch::core;

namespace {

QDateTime at(int day, int hour = 12)
{
    return QDateTime(QDate(2026, 3, day), QTime(hour, 0), QTimeZone::utc());
}

TaskFacts task(qint64 id, TaskStatus status, int phase, const QString &area, double hours, int createdDay)
{
    TaskFacts t;
    t.id = id;
    t.status = status;
    t.phase = phase;
    t.componentArea = area;
    t.estimateHours = hours;
    t.createdAt = at(createdDay);
    t.updatedAt = at(createdDay);
    return t;
}

} // namespace

class TstStatisticsSeries : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void countsAndBreakdowns()
    {
        const QList<TaskFacts> tasks{
            task(1, TaskStatus::Completed, 1, "ui", 2.0, 1), task(2, TaskStatus::InProgress, 1, "ui", 3.0, 1),
            task(3, TaskStatus::Blocked, 2, "db", 4.0, 1), task(4, TaskStatus::NotStarted, 2, "ui", 0.5, 1),
            task(5, TaskStatus::Failed, 3, "api", 1.5, 1)};
        const auto s = StatisticsSeries::compute(tasks, {});
        QCOMPARE(s.totalTasks(), 5);
        QCOMPARE(s.statusCounts[size_t(TaskStatus::Completed)], 1);
        QCOMPARE(s.statusCounts[size_t(TaskStatus::Failed)], 1);
        QCOMPARE(s.totalEstimatedHours, 11.0);
        QCOMPARE(s.completedHours, 2.0);
        QCOMPARE(s.phases.size(), 3);
        QCOMPARE(s.phaseNumbers, (QList<int>{1, 2, 3}));
        QCOMPARE(s.phases[1].label, QStringLiteral("Phase 2"));
        QCOMPARE(s.phases[1].counts[size_t(TaskStatus::Blocked)], 1);
        QCOMPARE(s.phases[1].estimatedHours, 4.5);
        QCOMPARE(s.components.size(), 3);
        QCOMPARE(s.components[0].label, QStringLiteral("ui"));  // 3 tasks
        QCOMPARE(s.components[1].label, QStringLiteral("api")); // 1 task each: by name
        QCOMPARE(s.components[2].label, QStringLiteral("db"));
        QCOMPARE(s.components[0].completedHours, 2.0);
        QCOMPARE(StatisticsSeries::statusLabel(int(TaskStatus::InProgress)), QStringLiteral("In progress"));
    }

    void burnUpPerDay()
    {
        QList<TaskFacts> tasks{task(1, TaskStatus::Completed, 1, "ui", 2.0, 1),
                               task(2, TaskStatus::InProgress, 1, "ui", 4.0, 1),
                               task(3, TaskStatus::NotStarted, 1, "ui", 6.0, 3)};
        const QList<ProgressEvent> progress{{1, 0, at(1)},   {2, 0, at(1)},  {1, 50, at(2)},     {3, 0, at(3)},
                                            {1, 100, at(3)}, {2, 25, at(4)}, {1, 100, at(4, 13)}};
        const BurnUp b = StatisticsSeries::compute(tasks, progress).burnUp;
        QCOMPARE(b.days.size(), 4);
        QCOMPARE(b.days.first(), QDate(2026, 3, 1));
        QCOMPARE(b.scopeHours, (QList<double>{6.0, 6.0, 12.0, 12.0}));
        // Task 1 reached 100 % on day 3 (the later 100 % row does not move it).
        QCOMPARE(b.completedHours, (QList<double>{0.0, 0.0, 2.0, 2.0}));
        QCOMPARE(b.earnedHours, (QList<double>{0.0, 1.0, 2.0, 3.0}));
    }

    void reopenedTaskIsNotCompleted()
    {
        QList<TaskFacts> tasks{task(1, TaskStatus::InProgress, 1, "ui", 2.0, 1)};
        const QList<ProgressEvent> progress{{1, 100, at(2)}, {1, 50, at(3)}};
        const BurnUp b = StatisticsSeries::compute(tasks, progress).burnUp;
        QCOMPARE(b.completedHours, (QList<double>{0.0, 0.0, 0.0}));
        QCOMPARE(b.earnedHours, (QList<double>{0.0, 2.0, 1.0}));
    }

    void empty()
    {
        const auto s = StatisticsSeries::compute({}, {});
        QCOMPARE(s.totalTasks(), 0);
        QVERIFY(s.phases.isEmpty());
        QVERIFY(s.burnUp.days.isEmpty());
        QCOMPARE(s.projectStatistics().totalTasks, 0);
        QCOMPARE(s.projectStatistics().completionPercentage, 0.0);
    }

    void completedWithoutProgressCountsFromItsLastUpdate()
    {
        TaskFacts t = task(1, TaskStatus::Completed, 1, "ui", 3.0, 1);
        t.updatedAt = at(4);
        const BurnUp b = StatisticsSeries::compute({t}, {{1, 0, at(1)}}).burnUp;
        QCOMPARE(b.days.size(), 4);
        QCOMPARE(b.completedHours, (QList<double>{0.0, 0.0, 0.0, 3.0}));
        QCOMPARE(b.earnedHours, (QList<double>{0.0, 0.0, 0.0, 0.0}));
    }

    void undatedTasksCountFromTheFirstDay()
    {
        TaskFacts undated = task(2, TaskStatus::NotStarted, 1, "ui", 5.0, 1);
        undated.createdAt = QDateTime();
        const BurnUp b =
            StatisticsSeries::compute({task(1, TaskStatus::NotStarted, 1, "ui", 1.0, 2), undated}, {}).burnUp;
        QCOMPARE(b.days, (QList<QDate>{QDate(2026, 3, 2)}));
        QCOMPARE(b.scopeHours, (QList<double>{6.0}));
    }

    void projectStatisticsFromTheSeries()
    {
        const QList<TaskFacts> tasks{
            task(1, TaskStatus::Completed, 2, "b", 0.1, 1), task(2, TaskStatus::NotStarted, 2, "b", 0.2, 1),
            task(3, TaskStatus::Completed, 1, "a", 0.3, 1), task(4, TaskStatus::Failed, 1, "c", 1.0, 1),
            task(5, TaskStatus::Blocked, 4, "B", 1.0, 1)};
        const ProjectStatistics p = StatisticsSeries::compute(tasks, {}).projectStatistics();
        QCOMPARE(p.totalTasks, 5);
        QCOMPARE(p.completedTasks, 2);
        QCOMPARE(p.failedTasks, 1);
        QCOMPARE(p.blockedTasks, 1);
        QCOMPARE(p.completionPercentage, 40.0);
        QCOMPARE(p.totalEstimatedHours, 2.6);
        QCOMPARE(p.completedHours, 0.4);
        QCOMPARE(p.remainingHours, 2.2);
        QCOMPARE(p.progressPercentage, 15.4);
        QCOMPARE(p.phaseBreakdown.size(), 3);
        QCOMPARE(p.phaseBreakdown[0].phase, 1);
        QCOMPARE(p.phaseBreakdown[2].phase, 4);
        QCOMPARE(p.phaseBreakdown[1].completed, 1);
        // Count descending, then the name byte by byte as SQLite's BINARY collation orders it ("B" < "a").
        QStringList areas;
        for (const ComponentBreakdown &c : p.componentBreakdown) {
            areas << QStringLiteral("%1:%2/%3").arg(c.area).arg(c.completed).arg(c.count);
        }
        QCOMPARE(areas, (QStringList{"b:1/2", "B:0/1", "a:1/1", "c:0/1"}));
    }

    void parseCanonicalMsecs_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<bool>("valid");
        QTest::newRow("canonical") << QByteArray("2025-08-03T22:30:31.958Z") << true;
        QTest::newRow("epoch") << QByteArray("1970-01-01T00:00:00.000Z") << true;
        QTest::newRow("before epoch") << QByteArray("1969-12-31T23:59:59.999Z") << true;
        QTest::newRow("leap day") << QByteArray("2024-02-29T12:00:00.000Z") << true;
        QTest::newRow("year 1") << QByteArray("0001-01-01T00:00:00.000Z") << true;
        QTest::newRow("year 9999") << QByteArray("9999-12-31T23:59:59.999Z") << true;
        QTest::newRow("no leap day") << QByteArray("2025-02-29T12:00:00.000Z") << false;
        QTest::newRow("year 0") << QByteArray("0000-06-01T00:00:00.000Z") << false;
        QTest::newRow("month 13") << QByteArray("2025-13-01T00:00:00.000Z") << false;
        QTest::newRow("hour 24") << QByteArray("2025-01-01T24:00:00.000Z") << false;
        QTest::newRow("no millis") << QByteArray("2025-01-01T00:00:00Z") << false;
        QTest::newRow("space") << QByteArray("2025-01-01 00:00:00.000Z") << false;
        QTest::newRow("offset") << QByteArray("2025-01-01T00:00:00.000+") << false;
        QTest::newRow("letters") << QByteArray("2025-0a-01T00:00:00.000Z") << false;
        QTest::newRow("empty") << QByteArray() << false;
    }

    void parseCanonicalMsecs()
    {
        QFETCH(QByteArray, text);
        QFETCH(bool, valid);
        const qint64 msecs = StatisticsSeriesBuilder::parseCanonicalMsecs(text);
        // The same answer as the canonical parser every other reader uses.
        const auto reference = Timestamp::parseCanonical(QString::fromLatin1(text));
        QCOMPARE(reference.has_value(), valid);
        if (valid) {
            QCOMPARE(msecs, reference->toMSecsSinceEpoch());
        } else {
            QCOMPARE(msecs, StatisticsSeriesBuilder::invalidTime);
        }
    }

    void parseStatus()
    {
        for (const TaskStatus s : {TaskStatus::NotStarted, TaskStatus::InProgress, TaskStatus::Blocked,
                                   TaskStatus::Completed, TaskStatus::Failed}) {
            QCOMPARE(StatisticsSeriesBuilder::parseStatus(toString(s).toLatin1()), std::optional(s));
        }
        QCOMPARE(StatisticsSeriesBuilder::parseStatus("completed "), std::nullopt);
        QCOMPARE(StatisticsSeriesBuilder::parseStatus("Completed"), std::nullopt);
        QCOMPARE(StatisticsSeriesBuilder::parseStatus("c"), std::nullopt);
        QCOMPARE(StatisticsSeriesBuilder::parseStatus(""), std::nullopt);
    }

    void builderTakesRowsOutOfTimeOrder()
    {
        // Rows in id order whose times go back and forth (an imported history): each task's rows still count in
        // time order, and rows at the same time in id order.
        std::mt19937 rng(7);
        QList<TaskFacts> tasks;
        for (qint64 id = 1; id <= 60; ++id) {
            const auto status = TaskStatus(rng() % 5);
            TaskFacts t = task(id * 3, status, int(1 + rng() % 4), QStringLiteral("c%1").arg(rng() % 6),
                               double(1 + rng() % 16) / 4.0, int(1 + rng() % 5));
            t.updatedAt = at(int(6 + rng() % 5));
            tasks << t;
        }
        QList<ProgressEvent> rows; // in "id order"
        for (int i = 0; i < 400; ++i) {
            rows << ProgressEvent{3 * qint64(1 + rng() % 60), int(rng() % 5) * 25,
                                  at(int(1 + rng() % 20), 8 + rng() % 3)};
        }
        rows << ProgressEvent{999, 100, at(3)};    // an unknown task
        rows << ProgressEvent{3, 50, QDateTime()}; // no time

        StatisticsSeriesBuilder builder;
        for (const TaskFacts &t : tasks) {
            builder.addTask(t.id, t.phase, t.componentArea.toUtf8(), t.status, t.estimateHours,
                            t.createdAt.toMSecsSinceEpoch(), t.updatedAt.toMSecsSinceEpoch());
        }
        for (const ProgressEvent &e : rows) {
            builder.addProgress(e.taskId, e.percent,
                                e.at.isValid() ? e.at.toMSecsSinceEpoch() : StatisticsSeriesBuilder::invalidTime);
        }
        const StatisticsSeries fed = builder.finish();
        const StatisticsSeries computed = StatisticsSeries::compute(tasks, rows);
        QCOMPARE(fed.burnUp.days, computed.burnUp.days);
        QCOMPARE(fed.burnUp.scopeHours, computed.burnUp.scopeHours);
        QCOMPARE(fed.burnUp.completedHours, computed.burnUp.completedHours);
        QCOMPARE(fed.burnUp.earnedHours, computed.burnUp.earnedHours);
        QCOMPARE(fed.projectStatistics().toJson(), computed.projectStatistics().toJson());

        // By hand for one task: rows at days 5 (100 %), 2 (50 %), 5 (0 %, same time, later id), 7 (100 %).
        StatisticsSeriesBuilder one;
        one.addTask(1, 1, "x", TaskStatus::Completed, 4.0, at(1).toMSecsSinceEpoch(), at(9).toMSecsSinceEpoch());
        for (const auto &[percent, day] : {std::pair{100, 5}, {50, 2}, {0, 5}, {100, 7}}) {
            one.addProgress(1, percent, at(day).toMSecsSinceEpoch());
        }
        const BurnUp b = one.finish().burnUp;
        QCOMPARE(b.days.size(), 7);
        QCOMPARE(b.earnedHours, (QList<double>{0.0, 2.0, 2.0, 2.0, 0.0, 0.0, 4.0}));
        QCOMPARE(b.completedHours, (QList<double>{0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 4.0}));
    }

    void forgettingAndFeedingAgainMatchesAFreshBuild()
    {
        // What the statistics panel does after edits: forget the changed tasks, feed their current rows, finish
        // again. Every round must give exactly what a builder fed everything from scratch gives. Quarter hours and
        // multiples of 25 % keep every sum exact, so the comparison can be exact too.
        std::mt19937 rng(11);
        struct Row
        {
            qint64 rowId;
            ProgressEvent event;
        };
        QMap<qint64, TaskFacts> tasks;
        QList<Row> rows; // ascending rowId
        qint64 nextRowId = 1;
        const auto randomTask = [&](qint64 id) {
            TaskFacts t = task(id, TaskStatus(rng() % 5), int(1 + rng() % 4), QStringLiteral("c%1").arg(rng() % 5),
                               double(1 + rng() % 16) / 4.0, int(1 + rng() % 9));
            t.updatedAt = at(int(10 + rng() % 5));
            return t;
        };
        const auto addRow = [&](qint64 taskId) {
            rows << Row{nextRowId++,
                        ProgressEvent{taskId, int(rng() % 5) * 25, at(int(1 + rng() % 20), 8 + rng() % 3)}};
        };
        for (qint64 id = 10; id < 310; id += 2) {
            tasks.insert(id, randomTask(id));
        }
        for (int i = 0; i < 900; ++i) {
            addRow(tasks.keys().at(int(rng() % tasks.size())));
        }
        const auto feed = [](StatisticsSeriesBuilder &b, const TaskFacts &t) {
            b.addTask(t.id, t.phase, t.componentArea.toUtf8(), t.status, t.estimateHours,
                      t.createdAt.toMSecsSinceEpoch(), t.updatedAt.toMSecsSinceEpoch());
        };
        const auto feedRows = [&](StatisticsSeriesBuilder &b, const QSet<qint64> *only) {
            for (const Row &r : std::as_const(rows)) {
                if (!only || only->contains(r.event.taskId)) {
                    b.addProgress(r.event.taskId, r.event.percent, r.event.at.toMSecsSinceEpoch());
                }
            }
        };
        StatisticsSeriesBuilder kept;
        for (const TaskFacts &t : std::as_const(tasks)) {
            feed(kept, t);
        }
        feedRows(kept, nullptr);
        kept.finish();

        for (int round = 0; round < 12; ++round) {
            QSet<qint64> changed;
            for (int edit = 0; edit < 1 + round * 3; ++edit) {
                const qint64 id = tasks.keys().at(int(rng() % tasks.size()));
                switch (rng() % 6) {
                case 0: // edited task
                    tasks[id] = randomTask(id);
                    break;
                case 1: // deleted task, and its rows with it
                    tasks.remove(id);
                    rows.removeIf([id](const Row &r) { return r.event.taskId == id; });
                    break;
                case 2: { // new task, with an id below or above the others
                    const qint64 fresh = (rng() % 2) ? 1 + qint64(rng() % 9) : 400 + qint64(round * 40 + edit);
                    if (!tasks.contains(fresh)) {
                        tasks.insert(fresh, randomTask(fresh));
                        addRow(fresh);
                        changed << fresh;
                    }
                    break;
                }
                case 3: // new progress row
                    addRow(id);
                    break;
                case 4: // deleted progress row
                    rows.removeIf([id](const Row &r) { return r.event.taskId == id; });
                    break;
                default: // every task of one area moves to a new area, so the old one disappears
                    for (TaskFacts &t : tasks) {
                        if (t.componentArea == tasks[id].componentArea && t.id != id) {
                            t.componentArea = QStringLiteral("moved%1").arg(round);
                            changed << t.id;
                        }
                    }
                    tasks[id].componentArea = QStringLiteral("moved%1").arg(round);
                    break;
                }
                changed << id;
            }
            kept.forgetTasks(std::vector<qint64>(changed.begin(), changed.end()));
            for (const qint64 id : std::as_const(changed)) {
                if (tasks.contains(id)) {
                    feed(kept, tasks[id]);
                }
            }
            feedRows(kept, &changed);
            const StatisticsSeries incremental = kept.finish();

            StatisticsSeriesBuilder fresh;
            for (const TaskFacts &t : std::as_const(tasks)) {
                feed(fresh, t);
            }
            feedRows(fresh, nullptr);
            const StatisticsSeries expected = fresh.finish();
            QCOMPARE(kept.taskCount(), tasks.size());
            QCOMPARE(kept.progressCount(), rows.size());
            const QString difference = taskorch::test::seriesDifference(incremental, expected);
            QVERIFY2(difference.isEmpty(), qPrintable(QStringLiteral("round %1: %2").arg(round).arg(difference)));
        }
    }

    void sourceVersionIsForgottenOnReset()
    {
        StatisticsSeriesBuilder builder;
        QCOMPARE(builder.sourceVersion(), -1);
        builder.setSourceVersion(42);
        builder.addTask(1, 1, "ui", TaskStatus::Completed, 1.0, at(1).toMSecsSinceEpoch(), at(1).toMSecsSinceEpoch());
        QCOMPARE(builder.sourceVersion(), 42);
        builder.reset();
        QCOMPARE(builder.sourceVersion(), -1);
        QCOMPARE(builder.taskCount(), 0);
        QCOMPARE(builder.finish().totalTasks(), 0);
    }

    void builderIsReusable()
    {
        const QList<TaskFacts> tasks{task(1, TaskStatus::Completed, 1, "ui", 2.0, 1),
                                     task(2, TaskStatus::InProgress, 2, "db", 4.0, 2)};
        StatisticsSeriesBuilder builder;
        QList<StatisticsSeries> results;
        for (int round = 0; round < 2; ++round) {
            builder.reset();
            for (const TaskFacts &t : tasks) {
                builder.addTask(t.id, t.phase, t.componentArea.toUtf8(), t.status, t.estimateHours,
                                t.createdAt.toMSecsSinceEpoch(), t.updatedAt.toMSecsSinceEpoch());
            }
            builder.addProgress(1, 100, at(2).toMSecsSinceEpoch());
            builder.addProgress(2, 50, at(3).toMSecsSinceEpoch());
            results << builder.finish();
        }
        QCOMPARE(results[1].projectStatistics().toJson(), results[0].projectStatistics().toJson());
        QCOMPARE(results[1].burnUp.earnedHours, results[0].burnUp.earnedHours);
        QCOMPARE(results[1].burnUp.earnedHours, (QList<double>{0.0, 2.0, 4.0}));
        QCOMPARE(results[1].components.size(), 2);
    }
};

QTEST_GUILESS_MAIN(TstStatisticsSeries)
#include "tst_StatisticsSeries.moc"
