// SPDX-License-Identifier: GPL-3.0-or-later
#include "StatisticsSeries.h"

#include <QTest>
#include <QTimeZone>

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
    }
};

QTEST_GUILESS_MAIN(TstStatisticsSeries)
#include "tst_StatisticsSeries.moc"
