// SPDX-License-Identifier: GPL-3.0-or-later
// The critical path method: textbook networks number by number, every relation with lags and leads, critical
// chains, explanations, and an exhaustive longest-path checker on random networks.
#include "CriticalPath.h"

#include <QTest>

#include <functional>
#include <map>
#include <random>

using namespace taskorch::core;

namespace {

ScheduleLink fs(qint64 predecessor, qint64 successor, qint64 lag = 0)
{
    return ScheduleLink{predecessor, successor, DependencyType::Blocks, Relation::FS, lag};
}

ScheduleLink link(qint64 predecessor, qint64 successor, Relation relation, qint64 lag = 0)
{
    return ScheduleLink{predecessor, successor, DependencyType::Requires, relation, lag};
}

struct Expected
{
    qint64 id;
    qint64 es;
    qint64 ef;
    qint64 ls;
    qint64 lf;
    qint64 totalSlack;
    qint64 freeSlack;
    std::optional<qint64> driver;
};

/// Checks every number of every listed task.
void checkSchedule(const CriticalPath &cp, const QList<Expected> &expected)
{
    for (const Expected &e : expected) {
        const std::optional<TaskSchedule> t = cp.task(e.id);
        QVERIFY2(t.has_value(), qPrintable(QString::number(e.id)));
        const QByteArray what = "task " + QByteArray::number(e.id);
        QVERIFY2(t->earlyStart == e.es, what + " ES " + QByteArray::number(t->earlyStart));
        QVERIFY2(t->earlyFinish == e.ef, what + " EF " + QByteArray::number(t->earlyFinish));
        QVERIFY2(t->lateStart == e.ls, what + " LS " + QByteArray::number(t->lateStart));
        QVERIFY2(t->lateFinish == e.lf, what + " LF " + QByteArray::number(t->lateFinish));
        QVERIFY2(t->totalSlack == e.totalSlack, what + " total slack " + QByteArray::number(t->totalSlack));
        QVERIFY2(t->freeSlack == e.freeSlack, what + " free slack " + QByteArray::number(t->freeSlack));
        QVERIFY2(t->critical == (e.totalSlack == 0), what + " critical flag");
        QVERIFY2(t->drivingPredecessor == e.driver,
                 what + " driver " + QByteArray::number(t->drivingPredecessor.value_or(-1)));
    }
}

CriticalPath computeOrFail(const QList<ScheduleTask> &tasks, const QList<ScheduleLink> &links)
{
    Result<CriticalPath> cp = CriticalPath::compute(tasks, links);
    if (!cp.ok()) {
        qFatal("unexpected error: %s", qPrintable(cp.error().message));
    }
    return cp.value();
}

constexpr auto none = std::nullopt;

} // namespace

class TestCriticalPath : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void chain();
    void diamond();
    void branchesOfDifferentLengthFreeVersusTotalSlack();
    void relationsWithLagsAndLeads_data();
    void relationsWithLagsAndLeads();
    void severalCriticalPaths();
    void criticalPathEnumerationIsCapped();
    void drivingPredecessorTiesGoToTheSmallestId();
    void lagOnAShorterBranchDrivesTheStart();
    void enhancesLinksAreNotScheduled();
    void zeroDurationMilestones();
    void emptyNetwork();
    void cycleIsAConflict();
    void unknownTaskIsNotFound();
    void exhaustiveLongestPathsAgree_data();
    void exhaustiveLongestPathsAgree();
    void explainCriticalTask();
    void explainTaskWithSlack();
    void explainStartTasks();
    void explainLongChainIsElided();
    void remainingDurations_data();
    void remainingDurations();
    void scheduleModeSpellings();
};

void TestCriticalPath::chain()
{
    const CriticalPath cp = computeOrFail({{1, 60}, {2, 120}, {3, 30}}, {fs(1, 2), fs(2, 3)});
    QCOMPARE(cp.projectDurationMinutes(), qint64(210));
    checkSchedule(cp, {
                          {1, 0, 60, 0, 60, 0, 0, none},
                          {2, 60, 180, 60, 180, 0, 0, 1},
                          {3, 180, 210, 180, 210, 0, 0, 2},
                      });
    QCOMPARE(cp.criticalPath(), (QList<qint64>{1, 2, 3}));
    const CriticalPaths all = cp.allCriticalPaths();
    QCOMPARE(all.paths, (QList<QList<qint64>>{{1, 2, 3}}));
    QVERIFY(!all.truncated);
    const TaskSchedule second = *cp.task(2);
    QCOMPARE(second.durationMinutes, qint64(120));
    QCOMPARE(int(second.drivingRelation), int(Relation::FS));
    QCOMPARE(second.drivingLagMinutes, qint64(0));
}

void TestCriticalPath::diamond()
{
    //      ┌→ 2 (120) ┐
    // 1 (60)           → 4 (60)
    //      └→ 3 (30)  ┘
    const CriticalPath cp =
        computeOrFail({{1, 60}, {2, 120}, {3, 30}, {4, 60}}, {fs(1, 2), fs(1, 3), fs(2, 4), fs(3, 4)});
    QCOMPARE(cp.projectDurationMinutes(), qint64(240));
    checkSchedule(cp, {
                          {1, 0, 60, 0, 60, 0, 0, none},
                          {2, 60, 180, 60, 180, 0, 0, 1},
                          {3, 60, 90, 150, 180, 90, 90, 1},
                          {4, 180, 240, 180, 240, 0, 0, 2},
                      });
    QCOMPARE(cp.criticalPath(), (QList<qint64>{1, 2, 4}));
    QCOMPARE(cp.allCriticalPaths().paths, (QList<QList<qint64>>{{1, 2, 4}}));
    QCOMPARE(cp.tasks().size(), 4);
    QCOMPARE(cp.tasks()[2].id, qint64(3));
}

void TestCriticalPath::branchesOfDifferentLengthFreeVersusTotalSlack()
{
    // A(1, 180) → B(2, 120) → D(5, 240); A → C(3, 30) → E(4, 60) → D.
    // C can slip 30 min without moving the end, but any slip moves E: free slack 0, total slack 30.
    const CriticalPath cp = computeOrFail({{1, 180}, {2, 120}, {3, 30}, {4, 60}, {5, 240}},
                                          {fs(1, 2), fs(2, 5), fs(1, 3), fs(3, 4), fs(4, 5)});
    QCOMPARE(cp.projectDurationMinutes(), qint64(540));
    checkSchedule(cp, {
                          {1, 0, 180, 0, 180, 0, 0, none},
                          {2, 180, 300, 180, 300, 0, 0, 1},
                          {3, 180, 210, 210, 240, 30, 0, 1},
                          {4, 210, 270, 240, 300, 30, 30, 3},
                          {5, 300, 540, 300, 540, 0, 0, 2},
                      });
    QCOMPARE(cp.criticalPath(), (QList<qint64>{1, 2, 5}));
}

void TestCriticalPath::relationsWithLagsAndLeads_data()
{
    QTest::addColumn<QList<ScheduleTask>>("tasks");
    QTest::addColumn<QList<ScheduleLink>>("links");
    QTest::addColumn<qint64>("duration");
    QTest::addColumn<QList<Expected>>("expected");
    QTest::addColumn<QList<qint64>>("criticalPath");

    // 2 may start 30 min after 1 starts.
    QTest::newRow("SS lag") << QList<ScheduleTask>{{1, 120}, {2, 60}}
                            << QList<ScheduleLink>{link(1, 2, Relation::SS, 30)} << qint64(120)
                            << QList<Expected>{{1, 0, 120, 0, 120, 0, 0, none}, {2, 30, 90, 60, 120, 30, 30, 1}}
                            << QList<qint64>{1};
    // 3 may start 30 min before 2 starts.
    QTest::newRow("SS lead") << QList<ScheduleTask>{{1, 60}, {2, 60}, {3, 60}}
                             << QList<ScheduleLink>{fs(1, 2), link(2, 3, Relation::SS, -30)} << qint64(120)
                             << QList<Expected>{{1, 0, 60, 0, 60, 0, 0, none},
                                                {2, 60, 120, 60, 120, 0, 0, 1},
                                                {3, 30, 90, 60, 120, 30, 30, 2}}
                             << QList<qint64>{1, 2};
    // A lead larger than the start: ES is floored at 0 and no link drives it.
    QTest::newRow("SS lead below zero") << QList<ScheduleTask>{{1, 120}, {2, 60}}
                                        << QList<ScheduleLink>{link(1, 2, Relation::SS, -30)} << qint64(120)
                                        << QList<Expected>{{1, 0, 120, 0, 120, 0, 0, none},
                                                           {2, 0, 60, 60, 120, 60, 60, none}}
                                        << QList<qint64>{1};
    // 2 finishes at least 30 min after 1 finishes.
    QTest::newRow("FF lag") << QList<ScheduleTask>{{1, 120}, {2, 60}}
                            << QList<ScheduleLink>{link(1, 2, Relation::FF, 30)} << qint64(150)
                            << QList<Expected>{{1, 0, 120, 0, 120, 0, 0, none}, {2, 90, 150, 90, 150, 0, 0, 1}}
                            << QList<qint64>{1, 2};
    // 2 may finish 30 min before 1 finishes; being long, it starts at 0 anyway.
    QTest::newRow("FF lead") << QList<ScheduleTask>{{1, 60}, {2, 120}}
                             << QList<ScheduleLink>{link(1, 2, Relation::FF, -30)} << qint64(120)
                             << QList<Expected>{{1, 0, 60, 60, 120, 60, 60, none}, {2, 0, 120, 0, 120, 0, 0, none}}
                             << QList<qint64>{2};
    // 2 finishes at least 180 min after 1 starts.
    QTest::newRow("SF lag") << QList<ScheduleTask>{{1, 60}, {2, 120}}
                            << QList<ScheduleLink>{link(1, 2, Relation::SF, 180)} << qint64(180)
                            << QList<Expected>{{1, 0, 60, 0, 60, 0, 0, none}, {2, 60, 180, 60, 180, 0, 0, 1}}
                            << QList<qint64>{1, 2};
    // 3 may finish 30 min before 2 starts.
    QTest::newRow("SF lead") << QList<ScheduleTask>{{1, 60}, {2, 60}, {3, 10}}
                             << QList<ScheduleLink>{fs(1, 2), link(2, 3, Relation::SF, -30)} << qint64(120)
                             << QList<Expected>{{1, 0, 60, 0, 60, 0, 0, none},
                                                {2, 60, 120, 60, 120, 0, 0, 1},
                                                {3, 20, 30, 110, 120, 90, 90, 2}}
                             << QList<qint64>{1, 2};
    // FS with a lag: 2 waits 45 min after 1 finishes.
    QTest::newRow("FS lag") << QList<ScheduleTask>{{1, 60}, {2, 60}} << QList<ScheduleLink>{fs(1, 2, 45)} << qint64(165)
                            << QList<Expected>{{1, 0, 60, 0, 60, 0, 0, none}, {2, 105, 165, 105, 165, 0, 0, 1}}
                            << QList<qint64>{1, 2};
    // FS with a lead: 2 overlaps the last 20 min of 1.
    QTest::newRow("FS lead") << QList<ScheduleTask>{{1, 60}, {2, 60}} << QList<ScheduleLink>{fs(1, 2, -20)}
                             << qint64(100)
                             << QList<Expected>{{1, 0, 60, 0, 60, 0, 0, none}, {2, 40, 100, 40, 100, 0, 0, 1}}
                             << QList<qint64>{1, 2};
}

void TestCriticalPath::relationsWithLagsAndLeads()
{
    QFETCH(QList<ScheduleTask>, tasks);
    QFETCH(QList<ScheduleLink>, links);
    QFETCH(qint64, duration);
    QFETCH(QList<Expected>, expected);
    QFETCH(QList<qint64>, criticalPath);
    const CriticalPath cp = computeOrFail(tasks, links);
    QCOMPARE(cp.projectDurationMinutes(), duration);
    checkSchedule(cp, expected);
    QCOMPARE(cp.criticalPath(), criticalPath);
    // The last link is the one under test; when it drives its successor, its relation and lag are reported.
    const TaskSchedule last = *cp.task(links.back().successorId);
    if (last.drivingPredecessor) {
        QCOMPARE(*last.drivingPredecessor, links.back().predecessorId);
        QCOMPARE(int(last.drivingRelation), int(links.back().relation));
        QCOMPARE(last.drivingLagMinutes, links.back().lagMinutes);
    }
}

void TestCriticalPath::severalCriticalPaths()
{
    // 1 → 2 → 4 and 1 → 3 → 4 (all 60) and 5 (120) → 4 reach 4 together; 6 → 4 has slack.
    const CriticalPath cp = computeOrFail({{1, 60}, {2, 60}, {3, 60}, {4, 30}, {5, 120}, {6, 30}},
                                          {fs(1, 2), fs(1, 3), fs(2, 4), fs(3, 4), fs(5, 4), fs(6, 4)});
    QCOMPARE(cp.projectDurationMinutes(), qint64(150));
    checkSchedule(cp, {
                          {1, 0, 60, 0, 60, 0, 0, none},
                          {2, 60, 120, 60, 120, 0, 0, 1},
                          {3, 60, 120, 60, 120, 0, 0, 1},
                          {4, 120, 150, 120, 150, 0, 0, 2},
                          {5, 0, 120, 0, 120, 0, 0, none},
                          {6, 0, 30, 90, 120, 90, 90, none},
                      });
    QCOMPARE(cp.criticalPath(), (QList<qint64>{1, 2, 4}));
    const CriticalPaths all = cp.allCriticalPaths();
    QCOMPARE(all.paths, (QList<QList<qint64>>{{1, 2, 4}, {1, 3, 4}, {5, 4}}));
    QVERIFY(!all.truncated);

    // Two critical chains of their own, one of them through a duplicated link.
    const CriticalPath twin = computeOrFail({{1, 60}, {2, 60}, {3, 120}}, {fs(1, 2), fs(1, 2)});
    QCOMPARE(twin.allCriticalPaths().paths, (QList<QList<qint64>>{{1, 2}, {3}}));
}

void TestCriticalPath::criticalPathEnumerationIsCapped()
{
    // 12 stages of two equal parallel tasks between joints: 2^12 critical chains.
    QList<ScheduleTask> tasks{{1, 10}};
    QList<ScheduleLink> links;
    qint64 joint = 1;
    for (int stage = 0; stage < 12; ++stage) {
        const qint64 a = joint + 1, b = joint + 2, next = joint + 3;
        tasks << ScheduleTask{a, 30} << ScheduleTask{b, 30} << ScheduleTask{next, 10};
        links << fs(joint, a) << fs(joint, b) << fs(a, next) << fs(b, next);
        joint = next;
    }
    const CriticalPath cp = computeOrFail(tasks, links);
    QCOMPARE(cp.projectDurationMinutes(), qint64(13 * 10 + 12 * 30));

    const CriticalPaths capped = cp.allCriticalPaths(1000);
    QCOMPARE(capped.paths.size(), 1000);
    QVERIFY(capped.truncated);
    QCOMPARE(capped.paths.first(), cp.criticalPath());
    QCOMPARE(capped.paths.first().size(), 25);
    for (qsizetype i = 1; i < capped.paths.size(); ++i) {
        QVERIFY(capped.paths[i - 1] < capped.paths[i]); // lexicographic, no duplicates
    }

    const CriticalPaths every = cp.allCriticalPaths(5000);
    QCOMPARE(every.paths.size(), 4096);
    QVERIFY(!every.truncated);

    const CriticalPaths byIds = cp.allCriticalPaths(5000, 60);
    QCOMPARE(byIds.paths.size(), 2); // 25 ids each
    QVERIFY(byIds.truncated);
}

void TestCriticalPath::drivingPredecessorTiesGoToTheSmallestId()
{
    // 3 and 2 both finish at 60; 4 finishes at 30.
    const CriticalPath cp = computeOrFail({{2, 60}, {3, 60}, {4, 30}, {9, 10}}, {fs(4, 9), fs(3, 9), fs(2, 9)});
    QCOMPARE(cp.task(9)->drivingPredecessor, std::optional<qint64>(2));
    QCOMPARE(cp.allCriticalPaths().paths, (QList<QList<qint64>>{{2, 9}, {3, 9}}));
}

void TestCriticalPath::lagOnAShorterBranchDrivesTheStart()
{
    // 1 (100) → 3 and 2 (30) → 3 with a 90 min lag: 2 drives 3, 1 has 20 min slack.
    const CriticalPath cp = computeOrFail({{1, 100}, {2, 30}, {3, 10}}, {fs(1, 3), fs(2, 3, 90)});
    checkSchedule(cp, {
                          {1, 0, 100, 20, 120, 20, 20, none},
                          {2, 0, 30, 0, 30, 0, 0, none},
                          {3, 120, 130, 120, 130, 0, 0, 2},
                      });
    QCOMPARE(cp.task(3)->drivingLagMinutes, qint64(90));
    QCOMPARE(cp.criticalPath(), (QList<qint64>{2, 3}));
}

void TestCriticalPath::enhancesLinksAreNotScheduled()
{
    const QList<ScheduleLink> links{fs(1, 2),
                                    {2, 1, DependencyType::Enhances, Relation::FS, 0},
                                    {1, 3, DependencyType::Enhances, Relation::FS, 500}};
    const CriticalPath cp = computeOrFail({{1, 60}, {2, 60}, {3, 30}}, links);
    QCOMPARE(cp.projectDurationMinutes(), qint64(120));
    checkSchedule(cp, {{3, 0, 30, 90, 120, 90, 90, none}});
    QCOMPARE(cp.graph().softLinks().size(), 2);
}

void TestCriticalPath::zeroDurationMilestones()
{
    // A milestone (0 min) between two tasks, and one at the very end.
    const CriticalPath cp = computeOrFail({{1, 60}, {2, 0}, {3, 30}, {4, 0}}, {fs(1, 2), fs(2, 3), fs(3, 4)});
    QCOMPARE(cp.projectDurationMinutes(), qint64(90));
    checkSchedule(cp, {
                          {2, 60, 60, 60, 60, 0, 0, 1},
                          {4, 90, 90, 90, 90, 0, 0, 3},
                      });
    QCOMPARE(cp.criticalPath(), (QList<qint64>{1, 2, 3, 4}));
}

void TestCriticalPath::emptyNetwork()
{
    const CriticalPath cp = computeOrFail({}, {});
    QCOMPARE(cp.projectDurationMinutes(), qint64(0));
    QVERIFY(cp.criticalPath().isEmpty());
    QVERIFY(cp.allCriticalPaths().paths.isEmpty());
    QVERIFY(cp.tasks().isEmpty());
}

void TestCriticalPath::cycleIsAConflict()
{
    const Result<CriticalPath> cp =
        CriticalPath::compute({{12, 60}, {40, 60}, {7, 60}, {1, 5}}, {fs(40, 12), fs(7, 40), fs(12, 7), fs(1, 12)});
    QVERIFY(!cp.ok());
    QCOMPARE(cp.error().code, ErrorCode::Conflict);
    QCOMPARE(cp.error().message, QStringLiteral("dependency cycle: 7 → 12 → 40 → 7"));

    const Result<CriticalPath> invalid = CriticalPath::compute({{1, 60}, {1, 30}}, {});
    QVERIFY(!invalid.ok());
    QCOMPARE(invalid.error().code, ErrorCode::Invalid);
}

void TestCriticalPath::unknownTaskIsNotFound()
{
    const CriticalPath cp = computeOrFail({{1, 60}}, {});
    QVERIFY(!cp.task(2).has_value());
    const Result<CriticalityExplanation> e = cp.explain(2);
    QVERIFY(!e.ok());
    QCOMPARE(e.error().code, ErrorCode::NotFound);
}

void TestCriticalPath::exhaustiveLongestPathsAgree_data()
{
    QTest::addColumn<bool>("allRelations");
    QTest::newRow("finish-to-start, lags") << false;
    QTest::newRow("every relation, lags and leads") << true;
}

void TestCriticalPath::exhaustiveLongestPathsAgree()
{
    QFETCH(bool, allRelations);
    // Each link is a constraint ES(s) ≥ ES(p) + w with w = FS d(p)+lag, SS lag, FF d(p)+lag−d(s), SF lag−d(s).
    // With ES ≥ 0 everywhere, ES(v) is the longest path ending at v over paths starting anywhere, and
    // LS(v) = T − (longest path starting at v, plus the duration of its last task). Enumerated path by path.
    std::mt19937 rng(allRelations ? 4242 : 1717);
    for (int round = 0; round < 150; ++round) {
        const int n = 2 + int(rng() % 9);
        QList<ScheduleTask> tasks;
        QList<qint64> duration(n + 1);
        for (int i = 1; i <= n; ++i) {
            duration[i] = qint64(rng() % 8) * 15;
            tasks.append(ScheduleTask{qint64(i) * 3, duration[i]}); // ids 3, 6, … : not the indexes
        }
        QList<ScheduleLink> links;
        QList<QList<std::pair<int, qint64>>> out(n + 1); // successor, weight
        std::map<std::pair<int, int>, qint64> weight;
        for (int s = 2; s <= n; ++s) {
            for (int p = 1; p < s; ++p) {
                if (rng() % 3 != 0) {
                    continue;
                }
                const Relation relation = allRelations ? Relation(rng() % 4) : Relation::FS;
                const qint64 lag = allRelations ? qint64(rng() % 7) * 10 - 30 : qint64(rng() % 3) * 10;
                links.append(ScheduleLink{qint64(p) * 3, qint64(s) * 3, DependencyType::Blocks, relation, lag});
                qint64 w = lag;
                if (relation == Relation::FS || relation == Relation::FF) {
                    w += duration[p];
                }
                if (relation == Relation::FF || relation == Relation::SF) {
                    w -= duration[s];
                }
                out[p].append({s, w});
                weight[{p, s}] = w;
            }
        }
        std::shuffle(links.begin(), links.end(), rng);

        QList<qint64> longestInto(n + 1, 0);
        QList<qint64> longestFrom(n + 1, std::numeric_limits<qint64>::min());
        std::function<void(int, int, qint64)> walk = [&](int start, int v, qint64 length) {
            longestInto[v] = std::max(longestInto[v], length);
            longestFrom[start] = std::max(longestFrom[start], length + duration[v]);
            for (const auto &[s, w] : out[v]) {
                walk(start, s, length + w);
            }
        };
        for (int v = 1; v <= n; ++v) {
            walk(v, v, 0);
        }
        qint64 end = 0;
        for (int v = 1; v <= n; ++v) {
            end = std::max(end, longestInto[v] + duration[v]);
        }

        const CriticalPath cp = computeOrFail(tasks, links);
        QCOMPARE(cp.projectDurationMinutes(), end);
        for (int v = 1; v <= n; ++v) {
            const TaskSchedule t = *cp.task(qint64(v) * 3);
            QCOMPARE(t.earlyStart, longestInto[v]);
            QCOMPARE(t.lateStart, end - longestFrom[v]);
            QCOMPARE(t.lateFinish, t.lateStart + duration[v]);
            QVERIFY(t.freeSlack >= 0 && t.freeSlack <= t.totalSlack);
            // The driving link is one that allows exactly ES; without one, ES is the project start.
            if (t.drivingPredecessor) {
                const int p = int(*t.drivingPredecessor / 3);
                QCOMPARE(longestInto[p] + weight.at({p, v}), t.earlyStart);
                for (int q = 1; q < p; ++q) {
                    if (weight.count({q, v})) {
                        QVERIFY(longestInto[q] + weight.at({q, v}) < t.earlyStart);
                    }
                }
            } else {
                QCOMPARE(t.earlyStart, qint64(0));
            }
        }
        // Every critical chain is a chain of critical tasks joined by links, from ES 0 to the end.
        for (const QList<qint64> &chain : cp.allCriticalPaths().paths) {
            QCOMPARE(cp.task(chain.first())->earlyStart, qint64(0));
            QCOMPARE(cp.task(chain.last())->earlyFinish, end);
            for (qint64 id : chain) {
                QVERIFY(cp.task(id)->critical);
            }
        }
    }
}

void TestCriticalPath::explainCriticalTask()
{
    // 2 (start) → 5 → 7, 600 + 1200 + 720 min = 42 h.
    const CriticalPath cp = computeOrFail({{2, 600}, {5, 1200}, {7, 720}, {8, 60}}, {fs(2, 5), fs(5, 7), fs(8, 7)});
    const Result<CriticalityExplanation> e = cp.explain(7);
    QVERIFY(e.ok());
    QVERIFY(e->critical);
    QCOMPARE(e->totalSlackMinutes, qint64(0));
    QCOMPARE(e->drivingChain, (QList<qint64>{7, 5, 2}));
    QCOMPARE(e->text, QStringLiteral("Task 7 is critical: it has no slack. Its start is driven by task 5 "
                                     "(finish-to-start), which is driven by task 2 (finish-to-start), a start task. "
                                     "Any delay to it delays the project end (42.0 h)."));
}

void TestCriticalPath::explainTaskWithSlack()
{
    // 9 waits for 3 (start-to-start, lag 1 h) and has 3.5 h of slack; its successor 10 leaves it 1.0 h.
    const CriticalPath cp = computeOrFail({{3, 60}, {9, 60}, {10, 30}, {11, 390}, {12, 30}},
                                          {link(3, 9, Relation::SS, 60), fs(9, 10, 60), fs(11, 12)});
    const TaskSchedule nine = *cp.task(9);
    QCOMPARE(nine.totalSlack, qint64(210));
    QCOMPARE(nine.freeSlack, qint64(0));
    const Result<CriticalityExplanation> e = cp.explain(9);
    QVERIFY(e.ok());
    QVERIFY(!e->critical);
    QCOMPARE(e->totalSlackMinutes, qint64(210));
    QCOMPARE(e->drivingChain, (QList<qint64>{9, 3}));
    QVERIFY2(e->text.contains(QStringLiteral("can slip 3.5 h without delaying the project")), qPrintable(e->text));
    QVERIFY2(e->text.contains(QStringLiteral("Its start is driven by task 3 (start-to-start, lag 1.0 h), a start "
                                             "task.")),
             qPrintable(e->text));
    QVERIFY2(e->text.contains(QStringLiteral("pushes back a successor")), qPrintable(e->text));

    const Result<CriticalityExplanation> ten = cp.explain(10);
    QVERIFY2(ten->text.contains(QStringLiteral("can slip 3.5 h")), qPrintable(ten->text));
    QVERIFY2(ten->text.contains(QStringLiteral("which is driven by task 3")), qPrintable(ten->text));
    QCOMPARE(ten->drivingChain, (QList<qint64>{10, 9, 3}));

    // 1 can slip 3.0 h, but only 1.0 h before it pushes back 3 (driven by 2).
    const CriticalPath partial =
        computeOrFail({{1, 60}, {2, 120}, {3, 30}, {4, 30}, {6, 300}}, {fs(1, 3), fs(2, 3), fs(3, 4)});
    const Result<CriticalityExplanation> p = partial.explain(1);
    QCOMPARE(p->totalSlackMinutes, qint64(180));
    QCOMPARE(p->freeSlackMinutes, qint64(60));
    QCOMPARE(p->text, QStringLiteral("Task 1 is not critical: it can slip 3.0 h without delaying the project. It can "
                                     "slip 1.0 h before it pushes back any successor. It is a start task: it depends "
                                     "on nothing. It can start between 0.0 h and 3.0 h after the project start; the "
                                     "project ends at 5.0 h."));
    const Result<CriticalityExplanation> three = partial.explain(3);
    QCOMPARE(three->drivingChain, (QList<qint64>{3, 2}));
}

void TestCriticalPath::explainStartTasks()
{
    const CriticalPath cp = computeOrFail({{1, 60}, {2, 120}}, {link(1, 2, Relation::SS, -30)});
    const Result<CriticalityExplanation> start = cp.explain(1);
    QCOMPARE(start->drivingChain, (QList<qint64>{1}));
    QVERIFY2(start->text.contains(QStringLiteral("It is a start task")), qPrintable(start->text));
    // 2 has a prerequisite, but the lead lets it start at 0.
    const Result<CriticalityExplanation> led = cp.explain(2);
    QCOMPARE(led->drivingChain, (QList<qint64>{2}));
    QVERIFY2(led->text.contains(QStringLiteral("Its prerequisites do not hold it back")), qPrintable(led->text));
    QVERIFY2(led->text.contains(QStringLiteral("Task 2 is critical")), qPrintable(led->text));
}

void TestCriticalPath::explainLongChainIsElided()
{
    QList<ScheduleTask> tasks;
    QList<ScheduleLink> links;
    for (qint64 i = 1; i <= 12; ++i) {
        tasks.append(ScheduleTask{i, 30});
        if (i > 1) {
            links.append(fs(i - 1, i));
        }
    }
    const CriticalPath cp = computeOrFail(tasks, links);
    const Result<CriticalityExplanation> e = cp.explain(12);
    QCOMPARE(e->drivingChain, (QList<qint64>{12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1}));
    QCOMPARE(e->text, QStringLiteral("Task 12 is critical: it has no slack. Its start is driven by task 11 "
                                     "(finish-to-start), which is driven by task 10 (finish-to-start), which is driven "
                                     "by task 9 (finish-to-start), which is driven by task 8 (finish-to-start), which "
                                     "is driven by task 7 (finish-to-start), and so on through 5 more tasks back to "
                                     "task 1, a start task. Any delay to it delays the project end (6.0 h)."));
}

void TestCriticalPath::remainingDurations_data()
{
    QTest::addColumn<double>("hours");
    QTest::addColumn<TaskStatus>("status");
    QTest::addColumn<int>("progress"); // -1: no progress row
    QTest::addColumn<qint64>("remaining");
    QTest::addColumn<qint64>("plan");

    QTest::newRow("completed") << 4.0 << TaskStatus::Completed << 100 << qint64(0) << qint64(240);
    QTest::newRow("completed, stale progress") << 4.0 << TaskStatus::Completed << 20 << qint64(0) << qint64(240);
    QTest::newRow("in progress 25 %") << 4.0 << TaskStatus::InProgress << 25 << qint64(180) << qint64(240);
    QTest::newRow("in progress, no row") << 1.5 << TaskStatus::InProgress << -1 << qint64(90) << qint64(90);
    QTest::newRow("in progress 100 %") << 2.0 << TaskStatus::InProgress << 100 << qint64(0) << qint64(120);
    QTest::newRow("in progress over 100 %") << 2.0 << TaskStatus::InProgress << 150 << qint64(0) << qint64(120);
    QTest::newRow("rounded to minutes") << 0.1 << TaskStatus::InProgress << 33 << qint64(4) << qint64(6);
    QTest::newRow("not started") << 2.5 << TaskStatus::NotStarted << 40 << qint64(150) << qint64(150);
    QTest::newRow("blocked") << 1.0 << TaskStatus::Blocked << -1 << qint64(60) << qint64(60);
    QTest::newRow("failed") << 200.0 << TaskStatus::Failed << 80 << qint64(12000) << qint64(12000);
}

void TestCriticalPath::remainingDurations()
{
    QFETCH(double, hours);
    QFETCH(TaskStatus, status);
    QFETCH(int, progress);
    QFETCH(qint64, remaining);
    QFETCH(qint64, plan);
    const std::optional<int> last = progress < 0 ? std::nullopt : std::optional<int>(progress);
    QCOMPARE(remainingDurationMinutes(hours, status, last), remaining);
    QCOMPARE(scheduleDurationMinutes(ScheduleMode::Remaining, hours, status, last), remaining);
    QCOMPARE(scheduleDurationMinutes(ScheduleMode::Plan, hours, status, last), plan);
}

void TestCriticalPath::scheduleModeSpellings()
{
    QCOMPARE(toString(ScheduleMode::Plan), QStringLiteral("plan"));
    QCOMPARE(toString(ScheduleMode::Remaining), QStringLiteral("remaining"));
    QCOMPARE(fromString<ScheduleMode>(u"remaining"), std::optional<ScheduleMode>(ScheduleMode::Remaining));
    QCOMPARE(fromString<ScheduleMode>(u"Plan"), std::nullopt);
    QCOMPARE(allNames<ScheduleMode>(), (QStringList{QStringLiteral("plan"), QStringLiteral("remaining")}));
    QCOMPARE(hoursToMinutes(1.99), qint64(119));
    QCOMPARE(hoursToMinutes(-1.0), qint64(0));
    QCOMPARE(signedHoursToMinutes(-0.5), qint64(-30));
    QCOMPARE(formatHours(210), QStringLiteral("3.5"));
    QCOMPARE(relationDescription(Relation::SF), QStringLiteral("start-to-finish"));
}

QTEST_GUILESS_MAIN(TestCriticalPath)
#include "tst_CriticalPath.moc"
