// SPDX-License-Identifier: GPL-3.0-or-later
// ProgressRepository's bulk statistics read: the same series as StatisticsSeries::compute() over rows read one by
// one, the same figures as TaskService::statistics(), and odd rows (times out of order, unreadable times, sparse
// ids) handled like compute() handles them.
#include "DemoProject.h"
#include "ProgressRepository.h"
#include "TempWorkspace.h"
#include "Timestamp.h"

#include <QSqlQuery>
#include <QStandardPaths>
#include <QTest>

#include <memory>

using namespace taskorch;

class TstProgressRepository : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<test::TempWorkspace> m_ws;

    /// The series the slow way: every task through TaskRepository, every task's history one by one.
    core::StatisticsSeries reference()
    {
        auto tasks = m_ws->tasks().list(storage::TaskListRequest{});
        if (!tasks) {
            return {};
        }
        QList<core::TaskFacts> facts;
        QList<core::ProgressEvent> progress;
        for (const core::Task &t : std::as_const(*tasks)) {
            facts << core::TaskFacts{t.id,        t.status,   t.phase, t.componentArea, t.timeEstimateHours,
                                     t.createdAt, t.updatedAt};
            auto history = m_ws->workspace().progress().history(t.id);
            if (!history) {
                return {};
            }
            for (auto it = history->crbegin(); it != history->crend(); ++it) {
                progress << core::ProgressEvent{t.id, it->progressPercentage, it->createdAt};
            }
        }
        return core::StatisticsSeries::compute(facts, progress);
    }

    void compareWithReference()
    {
        auto bulk = m_ws->workspace().progress().statisticsSeries();
        QVERIFY2(bulk.ok(), qPrintable(bulk.ok() ? QString() : bulk.error().message + bulk.error().detail));
        const core::StatisticsSeries slow = reference();
        QCOMPARE(bulk->totalTasks(), slow.totalTasks());
        QCOMPARE(bulk->projectStatistics().toJson(), slow.projectStatistics().toJson());
        QCOMPARE(bulk->burnUp.days, slow.burnUp.days);
        QCOMPARE(bulk->burnUp.scopeHours, slow.burnUp.scopeHours);
        QCOMPARE(bulk->burnUp.completedHours, slow.burnUp.completedHours);
        QCOMPARE(bulk->burnUp.earnedHours, slow.burnUp.earnedHours);
        QCOMPARE(bulk->phases.size(), slow.phases.size());
        for (int i = 0; i < slow.phases.size(); ++i) {
            QCOMPARE(bulk->phases[i].label, slow.phases[i].label);
            QCOMPARE(bulk->phases[i].estimatedHours, slow.phases[i].estimatedHours);
            QCOMPARE(bulk->phases[i].completedHours, slow.phases[i].completedHours);
        }
        auto service = m_ws->service().statistics();
        QVERIFY(service.ok());
        QCOMPARE(bulk->projectStatistics().toJson(), service->toJson());
    }

    void exec(const QString &sql)
    {
        const core::Status s = m_ws->database().exec(sql);
        QVERIFY2(s.ok(), qPrintable(s.ok() ? QString() : s.error().message + s.error().detail));
    }

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void init()
    {
        m_ws = std::make_unique<test::TempWorkspace>();
        QVERIFY2(m_ws->isValid(), qPrintable(m_ws->errorString()));
    }

    void cleanup() { m_ws.reset(); }

    void demoProject()
    {
        QVERIFY(storage::DemoProject::load(m_ws->service()).ok());
        compareWithReference();
        auto s = m_ws->workspace().progress().statisticsSeries();
        QVERIFY(s.ok());
        // The documented demo figures (README, SPEC.md §6).
        const core::ProjectStatistics p = s->projectStatistics();
        QCOMPARE(p.completedTasks, 7);
        QCOMPARE(p.inProgressTasks, 2);
        QCOMPARE(p.blockedTasks, 1);
        QCOMPARE(p.failedTasks, 1);
        QCOMPARE(p.notStartedTasks, 29);
        QCOMPARE(p.completionPercentage, 17.5);
        QCOMPARE(p.totalEstimatedHours, 187.0);
        QCOMPARE(p.completedHours, 19.5);
        QCOMPARE(p.progressPercentage, 10.4);
        // Its history spans the past weeks and ends yesterday.
        QCOMPARE(s->burnUp.days.last(), core::Clock::now().toUTC().date().addDays(-1));
        QVERIFY(s->burnUp.days.size() > 20);
    }

    void emptyDatabase()
    {
        auto s = m_ws->workspace().progress().statisticsSeries();
        QVERIFY(s.ok());
        QCOMPARE(s->totalTasks(), 0);
        QVERIFY(s->burnUp.days.isEmpty());
        compareWithReference();
    }

    void oddRows()
    {
        for (int i = 0; i < 12; ++i) {
            auto id = m_ws->service().createTask(test::makeTask(QStringLiteral("t%1").arg(i),
                                                                i % 3 ? QStringLiteral("ui") : QStringLiteral("Zeta"),
                                                                1 + i % 4, core::Priority::Medium, 0.5 + i));
            QVERIFY(id.ok());
        }
        QVERIFY(m_ws->service().updateStatus(2, core::TaskStatus::Completed).ok());
        QVERIFY(m_ws->service().updateStatus(3, core::TaskStatus::InProgress).ok());
        QVERIFY(m_ws->service().updateStatus(5, core::TaskStatus::Completed).ok());
        // Sparse ids.
        QVERIFY(m_ws->service().deleteTask(4).ok());
        QVERIFY(m_ws->service().deleteTask(9).ok());
        // Times spread over days and out of id order for one task, with two rows at the same time.
        exec(QStringLiteral("UPDATE tasks SET created_at = '2026-01-0' || (1 + id % 5) || 'T10:00:00.000Z'"));
        exec(QStringLiteral("UPDATE task_progress SET created_at = '2026-01-06T09:00:00.000Z' WHERE task_id = 2 AND "
                            "progress_percentage = 100"));
        exec(QStringLiteral("INSERT INTO task_progress (task_id, progress_percentage, created_at) VALUES "
                            "(3, 80, '2026-01-08T09:00:00.000Z'), (3, 40, '2026-01-07T09:00:00.000Z'), "
                            "(3, 60, '2026-01-07T09:00:00.000Z'), (5, 100, '2026-01-09T09:00:00.000Z'), "
                            "(5, 100, '2026-01-08T12:00:00.000Z')"));
        compareWithReference();
        // A time no one can read counts like a missing one (the task's scope goes to the first day).
        exec(QStringLiteral("UPDATE tasks SET created_at = 'yesterday' WHERE id = 7"));
        exec(QStringLiteral("UPDATE task_progress SET created_at = '2026-13-01T00:00:00.000Z' WHERE task_id = 3 "
                            "AND progress_percentage = 80"));
        compareWithReference();
    }

    void insideATransactionSeesItsChanges()
    {
        QVERIFY(m_ws->service().createTask(test::makeTask(QStringLiteral("a"))).ok());
        QSqlQuery q(m_ws->database().connection());
        QVERIFY(q.exec(QStringLiteral("BEGIN")));
        QVERIFY(q.exec(QStringLiteral("UPDATE tasks SET status = 'completed'")));
        auto s = m_ws->workspace().progress().statisticsSeries();
        QVERIFY(q.exec(QStringLiteral("ROLLBACK")));
        QVERIFY(s.ok());
        QCOMPARE(s->statusCounts[size_t(core::TaskStatus::Completed)], 1);
        auto after = m_ws->workspace().progress().statisticsSeries();
        QCOMPARE(after->statusCounts[size_t(core::TaskStatus::Completed)], 0);
    }

    void cancelled()
    {
        QVERIFY(storage::DemoProject::load(m_ws->service()).ok());
        std::atomic<bool> cancel{true};
        auto s = m_ws->workspace().progress().statisticsSeries(&cancel);
        QVERIFY(!s.ok());
        TASKORCH_COMPARE_CODE(s.error().code, core::ErrorCode::Cancelled);
        // The connection is fine afterwards.
        QVERIFY(m_ws->workspace().progress().statisticsSeries().ok());
        QVERIFY(m_ws->service().statistics().ok());
    }

    void reusesItsBuilder()
    {
        QVERIFY(storage::DemoProject::load(m_ws->service()).ok());
        core::StatisticsSeriesBuilder builder;
        auto first = m_ws->workspace().progress().statisticsSeries(builder);
        QVERIFY(m_ws->service().updateStatus(40, core::TaskStatus::Completed).ok());
        auto second = m_ws->workspace().progress().statisticsSeries(builder);
        QVERIFY(first.ok() && second.ok());
        QCOMPARE(second->statusCounts[size_t(core::TaskStatus::Completed)],
                 first->statusCounts[size_t(core::TaskStatus::Completed)] + 1);
        compareWithReference();
    }
};

QTEST_GUILESS_MAIN(TstProgressRepository)
#include "tst_ProgressRepository.moc"
