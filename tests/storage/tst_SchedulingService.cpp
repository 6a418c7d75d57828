// SPDX-License-Identifier: GPL-3.0-or-later
#include "DemoProject.h"
#include "Workspace.h"

#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace taskorch;
using core::ExecutionStatus;

class TstSchedulingService : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<storage::Workspace> demoWorkspace()
    {
        auto ws = storage::Workspace::open(m_dir.filePath(QStringLiteral("s%1.db").arg(++m_counter)));
        if (!ws || !storage::DemoProject::load((*ws)->service())) {
            return nullptr;
        }
        return std::move(ws).value();
    }

    static int count(storage::Workspace &ws, const QString &sql)
    {
        QSqlQuery q(ws.database().connection());
        q.exec(sql);
        return q.next() ? q.value(0).toInt() : -1;
    }

    // Adds a fresh chain-free set of tasks so a plan has one group of independent tasks.
    static QList<qint64> addIndependentTasks(storage::Workspace &ws, int n)
    {
        QList<qint64> ids;
        for (int i = 0; i < n; ++i) {
            core::Task t;
            t.title = QStringLiteral("Independent %1").arg(i);
            t.componentArea = QStringLiteral("ops");
            t.timeEstimateHours = 1 + i;
            ids << *ws.service().createTask(t);
        }
        return ids;
    }

private Q_SLOTS:
    void criticalPathOfTheDemoFollowsTheLongChain()
    {
        auto ws = demoWorkspace();
        QVERIFY(ws);
        auto cpm = ws->scheduling().criticalPath(core::ScheduleMode::Plan);
        QVERIFY(cpm.ok());
        // The documented critical chain of the demo (DemoProject.cpp): 1→2→6→7→10→14→19→20→24→25→31→32→33→39→40.
        const QList<qint64> expected{1, 2, 6, 7, 10, 14, 19, 20, 24, 25, 31, 32, 33, 39, 40};
        QCOMPARE(cpm->criticalPath(), expected);
        // 2+1+6+8+10+12+6+4+7+5+8+6+6+3+1 hours.
        QCOMPARE(cpm->projectDurationMinutes(), qint64(85 * 60));
        QVERIFY(!cpm->task(9)->critical);
        QCOMPARE(*cpm->task(7)->drivingPredecessor, qint64(6));

        // Remaining mode: completed tasks take no time; task 7 is 60 % done (8 h → 3.2 h).
        auto remaining = ws->scheduling().criticalPath(core::ScheduleMode::Remaining);
        QVERIFY(remaining.ok());
        QCOMPARE(remaining->task(1)->durationMinutes, qint64(0));
        QCOMPARE(remaining->task(7)->durationMinutes, qint64(192));
    }

    void planIsSavedAndReplacesPendingPlans()
    {
        auto ws = demoWorkspace();
        QVERIFY(ws);
        auto plan = ws->scheduling().plan(4);
        QVERIFY(plan.ok());
        QCOMPARE(plan->taskCount, qint64(33)); // 40 tasks − 7 completed
        QVERIFY(plan->waveMakespanMinutes >= plan->flowMakespanMinutes);
        QVERIFY(plan->flowMakespanMinutes >= plan->lowerBoundMinutes);
        auto ids = ws->scheduling().savePlan(*plan);
        QVERIFY(ids.ok());
        QCOMPARE(ids->size(), plan->groups.size());
        QCOMPARE(count(*ws, QStringLiteral("SELECT count(*) FROM group_tasks")), 33);
        QCOMPARE(count(*ws, QStringLiteral("SELECT count(DISTINCT max_parallel_tasks) FROM execution_groups")), 1);
        QCOMPARE(count(*ws, QStringLiteral("SELECT max_parallel_tasks FROM execution_groups LIMIT 1")), 4);

        // A second plan replaces the pending one instead of adding to it.
        auto again = ws->scheduling().plan(8);
        QVERIFY(again.ok());
        QVERIFY(ws->scheduling().savePlan(*again).ok());
        QCOMPARE(count(*ws, QStringLiteral("SELECT count(*) FROM execution_groups")), int(again->groups.size()));
        QCOMPARE(count(*ws, QStringLiteral("SELECT count(*) FROM group_tasks")), 33);
        QVERIFY(!ws->scheduling().plan(0).ok());
        QVERIFY(!ws->scheduling().plan(51).ok());
    }

    void groupRunsFromStartToCompletionWithLogRows()
    {
        auto ws = storage::Workspace::open(m_dir.filePath(QStringLiteral("exec.db")));
        QVERIFY(ws.ok());
        storage::Workspace &w = **ws;
        const QList<qint64> tasks = addIndependentTasks(w, 3);

        // Three independent tasks, two lanes: one group, whose third task must wait for a free lane.
        auto plan = w.scheduling().plan(2);
        QVERIFY(plan.ok());
        QCOMPARE(plan->groups.size(), 1);
        auto groupIds = w.scheduling().savePlan(*plan);
        QVERIFY(groupIds.ok());
        const qint64 group = groupIds->at(0);

        QVERIFY(!w.scheduling().startTask(group, tasks[0]).ok()); // the group is not running yet
        QVERIFY(w.scheduling().startGroup(group).ok());
        QVERIFY(w.scheduling().startTask(group, tasks[0]).ok());
        QVERIFY(w.scheduling().startTask(group, tasks[1]).ok());
        auto full = w.scheduling().startTask(group, tasks[2]);
        QVERIFY(!full.ok());
        QVERIFY(full.error().message.contains(QStringLiteral("limit")));
        QCOMPARE(core::toString(w.tasks().get(tasks[0])->status), QStringLiteral("in_progress"));

        QVERIFY(w.scheduling().completeTask(group, tasks[0]).ok());
        QVERIFY(w.scheduling().startTask(group, tasks[2]).ok());
        QVERIFY(w.scheduling().completeTask(group, tasks[1]).ok());
        QCOMPARE(core::toString(w.scheduling().groups()->at(0).group.status), QStringLiteral("running"));
        QVERIFY(w.scheduling().completeTask(group, tasks[2]).ok());
        QCOMPARE(core::toString(w.tasks().get(tasks[2])->status), QStringLiteral("completed"));
        QCOMPARE(core::toString(w.scheduling().groups()->at(0).group.status), QStringLiteral("completed"));
        QCOMPARE(*w.progress().latestPercentage(tasks[2]), std::optional<int>(100));

        // One log row per transition: group start, 3 task starts, 3 completions, group completed.
        auto log = w.scheduling().log(group);
        QVERIFY(log.ok());
        QCOMPARE(log->size(), 8);
        QCOMPARE(log->first().message, QStringLiteral("Group started"));
        QCOMPARE(log->at(1).message, QStringLiteral("Task %1 started").arg(tasks[0]));
        QCOMPARE(*log->at(1).taskId, tasks[0]);
        QCOMPARE(log->last().message, QStringLiteral("Group completed"));
        QVERIFY(!log->last().taskId.has_value());
    }

    void groupFailsWhenATaskFails()
    {
        auto ws = storage::Workspace::open(m_dir.filePath(QStringLiteral("fail.db")));
        QVERIFY(ws.ok());
        storage::Workspace &w = **ws;
        const QList<qint64> tasks = addIndependentTasks(w, 1);
        auto plan = w.scheduling().plan(3);
        QVERIFY(plan.ok());
        auto ids = w.scheduling().savePlan(*plan);
        QVERIFY(ids.ok());
        QVERIFY(w.scheduling().startGroup(ids->at(0)).ok());
        QVERIFY(w.scheduling().startTask(ids->at(0), tasks[0]).ok());
        QVERIFY(w.scheduling().failTask(ids->at(0), tasks[0], QStringLiteral("disk full")).ok());
        QCOMPARE(core::toString(w.scheduling().groups()->at(0).group.status), QStringLiteral("failed"));
        QCOMPARE(core::toString(w.tasks().get(tasks[0])->status), QStringLiteral("failed"));
        auto log = w.scheduling().log();
        QCOMPARE(log->size(), 4);
        QVERIFY(log->at(2).message.contains(QStringLiteral("disk full")));
        QCOMPARE(core::toString(log->last().level), QStringLiteral("error"));
        // The failure message is kept as a blocker comment on the task.
        auto comments = w.service().comments(tasks[0]);
        QCOMPARE(comments->last().comment, QStringLiteral("disk full"));
        QCOMPARE(core::toString(comments->last().type), QStringLiteral("blocker"));
    }

    void forcedStartIsLogged()
    {
        auto ws = storage::Workspace::open(m_dir.filePath(QStringLiteral("force.db")));
        QVERIFY(ws.ok());
        storage::Workspace &w = **ws;
        const QList<qint64> tasks = addIndependentTasks(w, 2);
        QVERIFY(w.service().addDependency(tasks[1], tasks[0]).ok());
        auto plan = w.scheduling().plan(1);
        QVERIFY(plan.ok());
        auto ids = w.scheduling().savePlan(*plan);
        QVERIFY(ids.ok());
        QCOMPARE(ids->size(), 2);
        QVERIFY(w.scheduling().startGroup(ids->at(1), true).ok());
        auto log = w.scheduling().log(ids->at(1));
        QCOMPARE(log->size(), 2);
        QCOMPARE(core::toString(log->first().level), QStringLiteral("warning"));
        QVERIFY(log->first().message.contains(QStringLiteral("forced")));
    }

    void nextTasksPreferLeastSlack()
    {
        auto ws = demoWorkspace();
        QVERIFY(ws);
        auto next = ws->scheduling().nextTasks(3);
        QVERIFY(next.ok());
        // Ready in the demo: 9 (after 3 and 8) and 18 (after 4); 9 has less slack.
        QCOMPARE(next->size(), 2);
        QCOMPARE(next->at(0).id, qint64(9));
        QCOMPARE(next->at(1).id, qint64(18));
        auto cpm = ws->scheduling().criticalPath(core::ScheduleMode::Remaining);
        for (int i = 1; i < next->size(); ++i) {
            QVERIFY(cpm->task(next->at(i - 1).id)->totalSlack <= cpm->task(next->at(i).id)->totalSlack);
        }
    }

private:
    QTemporaryDir m_dir;
    int m_counter = 0;
};

QTEST_GUILESS_MAIN(TstSchedulingService)
#include "tst_SchedulingService.moc"
