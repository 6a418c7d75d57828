// SPDX-License-Identifier: GPL-3.0-or-later
// ProgressRepository's bulk statistics read: the same series as StatisticsSeries::compute() over rows read one by
// one, the same figures as TaskService::statistics(), and odd rows (times out of order, unreadable times, sparse
// ids) handled like compute() handles them.
#include "DemoProject.h"
#include "ProgressRepository.h"
#include "TempWorkspace.h"
#include "TestSupport.h"
#include "Timestamp.h"

#include <QFile>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTest>

#include <functional>
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

    /// A second connection to the same file, like the statistics panel's worker.
    std::unique_ptr<storage::Workspace> openWorker()
    {
        storage::Workspace::Options options;
        options.migrate = false;
        options.createIfMissing = false;
        auto ws = storage::Workspace::open(m_ws->dbPath(), options);
        return ws ? std::move(ws).value() : nullptr;
    }

    static void compareSeries(const core::StatisticsSeries &got, const core::StatisticsSeries &expected)
    {
        const QString difference = test::seriesDifference(got, expected);
        QVERIFY2(difference.isEmpty(), qPrintable(difference));
    }

    qint64 rowCount(const QString &table)
    {
        QSqlQuery q(m_ws->database().connection());
        return q.exec(QStringLiteral("SELECT count(*) FROM ") + table) && q.next() ? q.value(0).toLongLong() : -1;
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

    void rereadsOnlyTheTasksThatChanged()
    {
        // Edits of every kind, each made by another connection (as the window's edits are, seen from the panel's
        // worker): the worker's next read touches only the changed tasks' rows and still equals a full read.
        QVERIFY(storage::DemoProject::load(m_ws->service()).ok());
        auto worker = openWorker();
        QVERIFY(worker);
        core::StatisticsSeriesBuilder builder;
        QVERIFY(worker->progress().statisticsSeries(builder).ok());
        const qint64 allRows = rowCount(QStringLiteral("tasks")) + rowCount(QStringLiteral("task_progress"));
        QCOMPARE(worker->progress().lastStatisticsRowsRead(), allRows);

        const QList<std::function<void()>> edits{
            [&] { QVERIFY(m_ws->service().updateStatus(40, core::TaskStatus::Completed).ok()); },
            [&] {
                core::Task t = test::makeTask(QStringLiteral("late addition"));
                t.componentArea = QStringLiteral("a brand-new area");
                QVERIFY(m_ws->service().createTask(t).ok());
            },
            [&] { QVERIFY(m_ws->service().deleteTask(12).ok()); },
            [&] { exec(QStringLiteral("UPDATE tasks SET time_estimate_hours = 33, phase = 4 WHERE id = 3")); },
            [&] { exec(QStringLiteral("UPDATE task_progress SET progress_percentage = 100 WHERE task_id = 2")); },
            [&] { exec(QStringLiteral("DELETE FROM task_progress WHERE task_id = 5")); },
            [&] { exec(QStringLiteral("UPDATE tasks SET component_area = 'renamed' WHERE component_area = 'api'")); },
            [] {}, // nothing changed at all
        };
        for (int i = 0; i < edits.size(); ++i) {
            edits[i]();
            auto incremental = worker->progress().statisticsSeries(builder);
            QVERIFY2(
                incremental.ok(),
                qPrintable(incremental.ok() ? QString() : incremental.error().message + incremental.error().detail));
            const qint64 readNow = worker->progress().lastStatisticsRowsRead();
            QVERIFY2(readNow < allRows / 4, qPrintable(QStringLiteral("edit %1 read %2 rows").arg(i).arg(readNow)));
            auto full = m_ws->workspace().progress().statisticsSeries();
            QVERIFY(full.ok());
            compareSeries(*incremental, *full);
        }
        compareWithReference();
    }

    void readsEverythingWhenTheLogCannotTell()
    {
        QVERIFY(storage::DemoProject::load(m_ws->service()).ok());
        auto worker = openWorker();
        QVERIFY(worker);
        core::StatisticsSeriesBuilder builder;
        QVERIFY(worker->progress().statisticsSeries(builder).ok());
        const auto checkFullRead = [&](const char *what) {
            auto series = worker->progress().statisticsSeries(builder);
            QVERIFY2(series.ok(), what);
            const qint64 allRows = rowCount(QStringLiteral("tasks")) + rowCount(QStringLiteral("task_progress"));
            QVERIFY2(worker->progress().lastStatisticsRowsRead() == allRows, what);
            auto full = m_ws->workspace().progress().statisticsSeries();
            QVERIFY(full.ok());
            compareSeries(*series, *full);
        };
        // A bulk import's "anything may have changed" entry (it writes rows without logging each).
        exec(QStringLiteral("UPDATE tasks SET status = 'failed' WHERE id = 7"));
        exec(QStringLiteral("INSERT INTO statistics_changes(task_id) VALUES (NULL)"));
        checkFullRead("after an 'everything' entry");
        // The log pruned past the builder's last entry: 70,000 logged changes later only the newest 65,536 are kept.
        exec(QStringLiteral("UPDATE tasks SET status = 'blocked' WHERE id = 8"));
        exec(QStringLiteral("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 70000) "
                            "INSERT INTO statistics_changes(task_id) SELECT 1 FROM n"));
        QVERIFY(rowCount(QStringLiteral("statistics_changes")) <= 65536 + 4096);
        checkFullRead("after the log was pruned");
        // More changed tasks than point queries are worth.
        exec(QStringLiteral("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %1) "
                            "INSERT INTO statistics_changes(task_id) SELECT i FROM n")
                 .arg(storage::ProgressRepository::incrementalLimit() + 1));
        checkFullRead("after too many changes");
        // A program dropped one of the log's triggers: its changes would go unlogged, so nothing builds on the log.
        exec(QStringLiteral("DROP TRIGGER statistics_changes_task_update"));
        checkFullRead("without a trigger, first read");
        exec(QStringLiteral("UPDATE tasks SET status = 'completed' WHERE id = 9"));
        checkFullRead("without a trigger, after an unlogged change");
    }

    void aReadOfUncommittedChangesIsNoBase()
    {
        // Reading inside a transaction that then rolls back: the next read must not build on what it saw.
        QVERIFY(storage::DemoProject::load(m_ws->service()).ok());
        core::StatisticsSeriesBuilder builder;
        auto &progress = m_ws->workspace().progress();
        QVERIFY(progress.statisticsSeries(builder).ok());
        QSqlQuery q(m_ws->database().connection());
        QVERIFY(q.exec(QStringLiteral("BEGIN")));
        QVERIFY(q.exec(QStringLiteral("UPDATE tasks SET status = 'completed' WHERE id BETWEEN 20 AND 30")));
        QVERIFY(progress.statisticsSeries(builder).ok());
        QVERIFY(q.exec(QStringLiteral("ROLLBACK")));
        // Other changes now reuse the rolled-back entries' numbers, and go past them.
        for (const char *status : {"blocked", "failed"}) {
            for (int id = 31; id <= 40; ++id) {
                exec(QStringLiteral("UPDATE tasks SET status = '%1' WHERE id = %2").arg(QLatin1String(status)).arg(id));
            }
        }
        auto after = progress.statisticsSeries(builder);
        QVERIFY(after.ok());
        auto full = progress.statisticsSeries();
        QVERIFY(full.ok());
        compareSeries(*after, *full);
    }

    void worksWithoutTheChangeLog()
    {
        // A database of an older schema (before migration 0005): every read is a full one, and right.
        QVERIFY(storage::DemoProject::load(m_ws->service()).ok());
        QFile down(QStringLiteral(":/migrations/0005_statistics_change_log.down.sql"));
        QVERIFY(down.open(QIODevice::ReadOnly));
        QVERIFY(m_ws->database().execScript(down.readAll(), down.fileName()).ok());
        core::StatisticsSeriesBuilder builder;
        auto &progress = m_ws->workspace().progress();
        QVERIFY(progress.statisticsSeries(builder).ok());
        QVERIFY(m_ws->service().updateStatus(33, core::TaskStatus::Failed).ok());
        auto after = progress.statisticsSeries(builder);
        QVERIFY(after.ok());
        QCOMPARE(progress.lastStatisticsRowsRead(),
                 rowCount(QStringLiteral("tasks")) + rowCount(QStringLiteral("task_progress")));
        compareSeries(*after, *progress.statisticsSeries());
    }
};

QTEST_GUILESS_MAIN(TstProgressRepository)
#include "tst_ProgressRepository.moc"
