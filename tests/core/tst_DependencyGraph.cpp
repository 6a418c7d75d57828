// SPDX-License-Identifier: GPL-3.0-or-later
// The compact dependency network: index mapping, sorted adjacency, topological order, cycle reports.
#include "DependencyGraph.h"

#include <QTest>

#include <random>

using namespace taskorch::core;

namespace {

ScheduleLink hard(qint64 predecessor, qint64 successor)
{
    return ScheduleLink{predecessor, successor, DependencyType::Blocks, Relation::FS, 0};
}

ScheduleLink soft(qint64 predecessor, qint64 successor)
{
    return ScheduleLink{predecessor, successor, DependencyType::Enhances, Relation::FS, 0};
}

/// "a depends on b": b is the prerequisite.
ScheduleLink dependsOn(qint64 a, qint64 b)
{
    return hard(b, a);
}

QList<ScheduleTask> tasksWithIds(const QList<qint64> &ids, qint64 minutes = 60)
{
    QList<ScheduleTask> tasks;
    for (qint64 id : ids) {
        tasks.append(ScheduleTask{id, minutes});
    }
    return tasks;
}

QList<ScheduleTask> tasksOneTo(qint64 n)
{
    QList<qint64> ids;
    for (qint64 id = 1; id <= n; ++id) {
        ids.append(id);
    }
    return tasksWithIds(ids);
}

QList<qint64> neighbourIds(const DependencyGraph &g, std::span<const DependencyGraph::Edge> edges)
{
    QList<qint64> ids;
    for (const DependencyGraph::Edge &e : edges) {
        ids.append(g.idAt(e.node()));
    }
    return ids;
}

QList<qint64> topologicalIds(const DependencyGraph &g)
{
    QList<qint64> ids;
    for (qint32 index : g.topologicalOrder()) {
        ids.append(g.idAt(index));
    }
    return ids;
}

} // namespace

class TestDependencyGraph : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void indexesFollowAscendingIds();
    void sparseIdsUseTheSameMapping();
    void invalidInputIsRefused_data();
    void invalidInputIsRefused();
    void adjacencyIsSortedById();
    void linksOutsideTheTaskSetAreIgnored();
    void enhancesLinksAreKeptForDrawingOnly();
    void relationAndLagAreKeptOnBothEnds();
    void topologicalOrderIsValidAndDeterministic();
    void emptyGraph();
    void cyclesAreReportedWithTheirPath_data();
    void cyclesAreReportedWithTheirPath();
    void cycleErrorIsAConflictWithThePath();
    void enhancesLinksNeverCloseACycle();
    void longChainAndLongCycleNeedNoRecursion();
};

void TestDependencyGraph::indexesFollowAscendingIds()
{
    const auto g = DependencyGraph::build({{30, 5}, {10, 7}, {20, 9}}, {hard(30, 10)});
    QVERIFY(g.ok());
    QCOMPARE(g->taskCount(), 3);
    QCOMPARE(g->ids(), (QList<qint64>{10, 20, 30}));
    QCOMPARE(g->durations(), (QList<qint64>{7, 9, 5}));
    QCOMPARE(g->indexOf(10), std::optional<qint32>(0));
    QCOMPARE(g->indexOf(30), std::optional<qint32>(2));
    QCOMPARE(g->indexOf(15), std::nullopt);
    QCOMPARE(g->indexOf(-1), std::nullopt);
    QCOMPARE(g->indexOf(31), std::nullopt);
    QCOMPARE(g->hardLinkCount(), qint64(1));
    QCOMPARE(neighbourIds(*g, g->predecessors(0)), (QList<qint64>{30}));
    QCOMPARE(neighbourIds(*g, g->successors(2)), (QList<qint64>{10}));
}

void TestDependencyGraph::sparseIdsUseTheSameMapping()
{
    // Far-apart ids take the binary-search path instead of the dense table.
    const qint64 big = qint64(1) << 50;
    const auto g = DependencyGraph::build({{big, 1}, {-5, 2}, {7, 3}}, {hard(-5, big), hard(7, big)});
    QVERIFY(g.ok());
    QCOMPARE(g->ids(), (QList<qint64>{-5, 7, big}));
    QCOMPARE(g->indexOf(big), std::optional<qint32>(2));
    QCOMPARE(g->indexOf(-5), std::optional<qint32>(0));
    QCOMPARE(g->indexOf(8), std::nullopt);
    QCOMPARE(neighbourIds(*g, g->predecessors(2)), (QList<qint64>{-5, 7}));
}

void TestDependencyGraph::invalidInputIsRefused_data()
{
    QTest::addColumn<QList<ScheduleTask>>("tasks");
    QTest::addColumn<QList<ScheduleLink>>("links");
    QTest::addColumn<QString>("message");

    QTest::newRow("duplicate id") << QList<ScheduleTask>{{1, 5}, {2, 5}, {1, 6}} << QList<ScheduleLink>{}
                                  << QStringLiteral("task 1 is listed twice");
    QTest::newRow("negative duration") << QList<ScheduleTask>{{1, 5}, {2, -1}} << QList<ScheduleLink>{}
                                       << QStringLiteral("task 2 has a negative duration (-1 min)");
    QTest::newRow("lag out of range")
        << QList<ScheduleTask>{{1, 5}, {2, 5}}
        << QList<ScheduleLink>{{1, 2, DependencyType::Blocks, Relation::FS, qint64(1) << 40}}
        << QStringLiteral("the lag of the link 1 → 2 is out of range (1099511627776 min)");
}

void TestDependencyGraph::invalidInputIsRefused()
{
    QFETCH(QList<ScheduleTask>, tasks);
    QFETCH(QList<ScheduleLink>, links);
    QFETCH(QString, message);
    const auto g = DependencyGraph::build(tasks, links);
    QVERIFY(!g.ok());
    QCOMPARE(g.error().code, ErrorCode::Invalid);
    QCOMPARE(g.error().message, message);
}

void TestDependencyGraph::adjacencyIsSortedById()
{
    // Links arrive in no particular order; both lists come out by id, duplicates kept.
    const auto g = DependencyGraph::build(
        tasksOneTo(6), {hard(5, 6), hard(1, 6), hard(3, 6), hard(1, 4), hard(1, 2), hard(1, 3), hard(3, 6)});
    QVERIFY(g.ok());
    QCOMPARE(neighbourIds(*g, g->predecessors(*g->indexOf(6))), (QList<qint64>{1, 3, 3, 5}));
    QCOMPARE(neighbourIds(*g, g->successors(*g->indexOf(1))), (QList<qint64>{2, 3, 4, 6}));
    QCOMPARE(neighbourIds(*g, g->successors(*g->indexOf(3))), (QList<qint64>{6, 6}));
    QVERIFY(g->predecessors(*g->indexOf(1)).empty());
    QCOMPARE(g->hardLinkCount(), qint64(7));
    // predecessorLink() names every link of the predecessor lists by one position.
    const qint32 six = *g->indexOf(6);
    for (qint32 k = 0; k < qint32(g->predecessors(six).size()); ++k) {
        QCOMPARE(g->predecessorLink(g->predecessorListStart(six) + k).node(), g->predecessors(six)[size_t(k)].node());
    }
}

void TestDependencyGraph::linksOutsideTheTaskSetAreIgnored()
{
    const auto g = DependencyGraph::build(tasksOneTo(3), {hard(1, 2), hard(2, 99), hard(98, 3), soft(1, 97)});
    QVERIFY(g.ok());
    QCOMPARE(g->hardLinkCount(), qint64(1));
    QVERIFY(g->softLinks().isEmpty());
    QVERIFY(!g->hasCycle());
}

void TestDependencyGraph::enhancesLinksAreKeptForDrawingOnly()
{
    const auto g = DependencyGraph::build(tasksOneTo(3), {hard(1, 2), soft(2, 3), soft(3, 1)});
    QVERIFY(g.ok());
    QCOMPARE(g->hardLinkCount(), qint64(1));
    QCOMPARE(g->softLinks().size(), 2);
    QCOMPARE(g->softLinks()[0].predecessorId, qint64(2));
    QCOMPARE(g->softLinks()[1].successorId, qint64(1));
    QVERIFY(g->predecessors(*g->indexOf(3)).empty());
    QVERIFY(g->successors(*g->indexOf(3)).empty());
}

void TestDependencyGraph::relationAndLagAreKeptOnBothEnds()
{
    const auto g = DependencyGraph::build(tasksOneTo(2), {{1, 2, DependencyType::Requires, Relation::SF, -90}});
    QVERIFY(g.ok());
    const DependencyGraph::Edge in = g->predecessors(1)[0];
    const DependencyGraph::Edge out = g->successors(0)[0];
    QCOMPARE(in.node(), 0);
    QCOMPARE(out.node(), 1);
    QCOMPARE(int(in.relation()), int(Relation::SF));
    QCOMPARE(int(out.relation()), int(Relation::SF));
    QCOMPARE(in.lagMinutes(), qint64(-90));
    QCOMPARE(out.lagMinutes(), qint64(-90));
}

void TestDependencyGraph::topologicalOrderIsValidAndDeterministic()
{
    // 5 → 3 → 1, 4 → 1, 2 alone: Kahn takes the ready tasks by id, then in the order they became ready.
    const auto g = DependencyGraph::build(tasksOneTo(5), {hard(5, 3), hard(3, 1), hard(4, 1)});
    QVERIFY(g.ok());
    QCOMPARE(topologicalIds(*g), (QList<qint64>{2, 4, 5, 3, 1}));

    std::mt19937 rng(20240501);
    QList<ScheduleLink> links;
    for (qint64 s = 2; s <= 300; ++s) {
        for (int k = 0; k < 3; ++k) {
            links.append(hard(1 + qint64(rng() % quint32(s - 1)), s));
        }
    }
    std::shuffle(links.begin(), links.end(), rng);
    QList<ScheduleTask> tasks = tasksOneTo(300);
    std::shuffle(tasks.begin(), tasks.end(), rng);
    const auto big = DependencyGraph::build(tasks, links);
    QVERIFY(big.ok());
    const QList<qint32> &order = big->topologicalOrder();
    QCOMPARE(order.size(), 300);
    QList<qint32> position(300, -1);
    for (qsizetype i = 0; i < order.size(); ++i) {
        QCOMPARE(position[order[i]], -1);
        position[order[i]] = qint32(i);
    }
    for (qint32 s = 0; s < big->taskCount(); ++s) {
        for (const DependencyGraph::Edge &e : big->predecessors(s)) {
            QVERIFY(position[e.node()] < position[s]);
        }
    }
    const auto again = DependencyGraph::build(tasks, links);
    QCOMPARE(again->topologicalOrder(), order);
}

void TestDependencyGraph::emptyGraph()
{
    const auto g = DependencyGraph::build({}, {hard(1, 2)});
    QVERIFY(g.ok());
    QCOMPARE(g->taskCount(), 0);
    QCOMPARE(g->hardLinkCount(), qint64(0));
    QVERIFY(g->topologicalOrder().isEmpty());
    QVERIFY(!g->hasCycle());
    QVERIFY(g->checkAcyclic().ok());
    QCOMPARE(g->indexOf(1), std::nullopt);
}

void TestDependencyGraph::cyclesAreReportedWithTheirPath_data()
{
    QTest::addColumn<QList<ScheduleTask>>("tasks");
    QTest::addColumn<QList<ScheduleLink>>("links");
    QTest::addColumn<QList<qint64>>("cycle");

    QTest::newRow("self") << tasksOneTo(2) << QList<ScheduleLink>{dependsOn(2, 2), dependsOn(2, 1)}
                          << QList<qint64>{2, 2};
    QTest::newRow("two") << tasksOneTo(3) << QList<ScheduleLink>{dependsOn(3, 2), dependsOn(2, 3), dependsOn(2, 1)}
                         << QList<qint64>{2, 3, 2};
    // 12 depends on 40, 40 on 7, 7 on 12: reported from its smallest id.
    QTest::newRow("three") << tasksWithIds({7, 12, 40, 41})
                           << QList<ScheduleLink>{dependsOn(12, 40), dependsOn(40, 7), dependsOn(7, 12),
                                                  dependsOn(41, 40)}
                           << QList<qint64>{7, 12, 40, 7};

    // i depends on i + 1, 50 depends on 1, links given backwards, tasks ahead of and behind the cycle.
    QList<ScheduleLink> ring;
    for (qint64 i = 50; i >= 1; --i) {
        ring.append(dependsOn(i, i == 50 ? 1 : i + 1));
    }
    ring.append(dependsOn(60, 25));
    ring.append(dependsOn(3, 55));
    QList<qint64> ringPath;
    for (qint64 i = 1; i <= 50; ++i) {
        ringPath.append(i);
    }
    ringPath.append(1);
    QTest::newRow("fifty") << tasksOneTo(60) << ring << ringPath;

    // Two cycles through 1 (via 2 and via 3): the smallest prerequisite is followed.
    QTest::newRow("smallest first") << tasksOneTo(3)
                                    << QList<ScheduleLink>{dependsOn(1, 3), dependsOn(1, 2), dependsOn(3, 1),
                                                           dependsOn(2, 1)}
                                    << QList<qint64>{1, 2, 1};
    // Only tasks downstream of the cycle (4, 5) wait too; the walk never leaves the waiting tasks.
    QTest::newRow("behind a cycle") << tasksOneTo(5)
                                    << QList<ScheduleLink>{dependsOn(5, 4), dependsOn(4, 3), dependsOn(3, 4),
                                                           dependsOn(3, 1), dependsOn(2, 1)}
                                    << QList<qint64>{3, 4, 3};
}

void TestDependencyGraph::cyclesAreReportedWithTheirPath()
{
    QFETCH(QList<ScheduleTask>, tasks);
    QFETCH(QList<ScheduleLink>, links);
    QFETCH(QList<qint64>, cycle);
    const auto g = DependencyGraph::build(tasks, links);
    QVERIFY(g.ok());
    QVERIFY(g->hasCycle());
    QCOMPARE(g->cycle(), cycle);
    QVERIFY(g->topologicalOrder().isEmpty());
    // Every step of the report is a real "depends on" link.
    for (qsizetype i = 0; i + 1 < cycle.size(); ++i) {
        const qint32 dependent = *g->indexOf(cycle[i]);
        QVERIFY(neighbourIds(*g, g->predecessors(dependent)).contains(cycle[i + 1]));
    }
}

void TestDependencyGraph::cycleErrorIsAConflictWithThePath()
{
    const auto g =
        DependencyGraph::build(tasksWithIds({7, 12, 40}), {dependsOn(12, 40), dependsOn(40, 7), dependsOn(7, 12)});
    QVERIFY(g.ok());
    const Status status = g->checkAcyclic();
    QVERIFY(!status.ok());
    QCOMPARE(status.error().code, ErrorCode::Conflict);
    QCOMPARE(status.error().message, QStringLiteral("dependency cycle: 7 → 12 → 40 → 7"));
    QCOMPARE(DependencyGraph::formatCycle({12, 40, 7, 12}), QStringLiteral("12 → 40 → 7 → 12"));
}

void TestDependencyGraph::enhancesLinksNeverCloseACycle()
{
    const auto g = DependencyGraph::build(tasksOneTo(3), {hard(1, 2), hard(2, 3), soft(3, 1), soft(2, 2)});
    QVERIFY(g.ok());
    QVERIFY(!g->hasCycle());
    QVERIFY(g->checkAcyclic().ok());
    QCOMPARE(topologicalIds(*g), (QList<qint64>{1, 2, 3}));
}

void TestDependencyGraph::longChainAndLongCycleNeedNoRecursion()
{
    const qint64 n = 200'000;
    QList<ScheduleLink> chain;
    for (qint64 i = 1; i < n; ++i) {
        chain.append(hard(i, i + 1));
    }
    const auto g = DependencyGraph::build(tasksOneTo(n), chain);
    QVERIFY(g.ok());
    QVERIFY(!g->hasCycle());
    QCOMPARE(g->topologicalOrder().size(), qsizetype(n));
    QCOMPARE(g->topologicalOrder().back(), qint32(n - 1));

    chain.append(hard(n, 1));
    const auto cyclic = DependencyGraph::build(tasksOneTo(n), chain);
    QVERIFY(cyclic.ok());
    QCOMPARE(cyclic->cycle().size(), qsizetype(n + 1));
    // 1 depends on n, n on n − 1, …
    QCOMPARE(cyclic->cycle()[0], qint64(1));
    QCOMPARE(cyclic->cycle()[1], n);
    QCOMPARE(cyclic->cycle()[2], n - 1);
    QCOMPARE(cyclic->cycle().back(), qint64(1));
}

QTEST_GUILESS_MAIN(TestDependencyGraph)
#include "tst_DependencyGraph.moc"
