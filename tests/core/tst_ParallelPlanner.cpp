// SPDX-License-Identifier: GPL-3.0-or-later
// The parallel plan: flow schedule and execution groups checked against every prerequisite, K, group
// independence and order, on hand-made and seeded random networks; and the quality of both views.
#include "ParallelPlanner.h"

#include <QTest>

#include <map>
#include <random>
#include <set>

using namespace taskorch::core;

namespace {

ScheduleLink fs(qint64 predecessor, qint64 successor, qint64 lag = 0)
{
    return ScheduleLink{predecessor, successor, DependencyType::Blocks, Relation::FS, lag};
}

DependencyGraph graphOf(const QList<ScheduleTask> &tasks, const QList<ScheduleLink> &links)
{
    Result<DependencyGraph> g = DependencyGraph::build(tasks, links);
    if (!g.ok()) {
        qFatal("unexpected error: %s", qPrintable(g.error().message));
    }
    return g.value();
}

ParallelPlan planOf(const DependencyGraph &g, int k)
{
    Result<ParallelPlan> plan = ParallelPlanner::plan(g, k);
    if (!plan.ok()) {
        qFatal("unexpected error: %s", qPrintable(plan.error().message));
    }
    return plan.value();
}

/// Random layered networks: task i takes 0–3 distinct prerequisites among the `window` tasks before it.
/// With `relations`, links get every relation and lags from −60 to +60 min.
void randomNetwork(quint32 seed, int n, int window, bool relations, QList<ScheduleTask> &tasks,
                   QList<ScheduleLink> &links)
{
    std::mt19937 rng(seed);
    static const qint64 minutes[] = {15, 30, 60, 120, 240, 480};
    tasks.clear();
    links.clear();
    for (int i = 1; i <= n; ++i) {
        tasks.append(ScheduleTask{qint64(i) * 10, minutes[rng() % 6]}); // ids 10, 20, …
        const int lo = std::max(1, i - window);
        const int available = i - lo;
        const int count = std::min(int(rng() % 4), available);
        std::set<int> chosen;
        while (int(chosen.size()) < count) {
            chosen.insert(lo + int(rng() % quint32(available)));
        }
        for (int p : chosen) {
            ScheduleLink l = fs(qint64(p) * 10, qint64(i) * 10);
            if (relations) {
                l.relation = Relation(rng() % 4);
                l.lagMinutes = qint64(rng() % 5) * 30 - 60;
            }
            links.append(l);
        }
        if (rng() % 10 == 0 && i > 1) {
            links.append(ScheduleLink{qint64(i) * 10, qint64(1 + rng() % quint32(i - 1)) * 10, DependencyType::Enhances,
                                      Relation::FS, 0});
        }
    }
}

/// At most `k` of the intervals [start, finish) overlap at any instant, and none overlap on one lane.
void checkLanes(const QList<std::tuple<qint64, qint64, int>> &intervals, int k)
{
    std::vector<std::pair<qint64, int>> events;
    std::map<int, std::vector<std::pair<qint64, qint64>>> byLane;
    for (const auto &[start, finish, lane] : intervals) {
        QVERIFY(lane >= 1 && lane <= k);
        QVERIFY(start <= finish);
        if (start < finish) {
            events.emplace_back(start, +1);
            events.emplace_back(finish, -1);
        }
        byLane[lane].emplace_back(start, finish);
    }
    std::sort(events.begin(), events.end()); // a finish (−1) sorts before a start (+1) at the same instant
    int running = 0;
    for (const auto &[time, delta] : events) {
        running += delta;
        QVERIFY2(running <= k, qPrintable(QStringLiteral("%1 tasks running at %2").arg(running).arg(time)));
    }
    for (auto &[lane, spans] : byLane) {
        std::sort(spans.begin(), spans.end());
        for (size_t i = 1; i < spans.size(); ++i) {
            QVERIFY2(spans[i - 1].second <= spans[i].first, qPrintable(QStringLiteral("overlap on lane %1").arg(lane)));
        }
    }
}

/// Every invariant of both views.
void checkPlan(const DependencyGraph &g, const ParallelPlan &plan, int k)
{
    const qint32 n = g.taskCount();
    QCOMPARE(plan.maxParallel, k);
    QCOMPARE(plan.taskCount, qint64(n));
    qint64 total = 0;
    for (qint64 d : g.durations()) {
        total += d;
    }
    QCOMPARE(plan.totalTaskMinutes, total);
    QCOMPARE(plan.lowerBoundMinutes, std::max(plan.criticalPathMinutes, (total + k - 1) / k));

    // Flow view.
    QCOMPARE(plan.flow.size(), qsizetype(n));
    std::vector<qint64> start(static_cast<size_t>(n), -1), finish(static_cast<size_t>(n), -1);
    QList<std::tuple<qint64, qint64, int>> intervals;
    qint64 makespan = 0;
    for (qsizetype i = 0; i < plan.flow.size(); ++i) {
        const FlowEntry &f = plan.flow[i];
        const qint32 index = *g.indexOf(f.id);
        QCOMPARE(start[size_t(index)], qint64(-1));
        QVERIFY(f.start >= 0);
        QCOMPARE(f.finish - f.start, g.durationAt(index));
        start[size_t(index)] = f.start;
        finish[size_t(index)] = f.finish;
        intervals.append({f.start, f.finish, f.lane});
        makespan = std::max(makespan, f.finish);
        if (i > 0) {
            QVERIFY(std::pair(plan.flow[i - 1].start, plan.flow[i - 1].id) < std::pair(f.start, f.id));
        }
    }
    checkLanes(intervals, k);
    QCOMPARE(plan.flowMakespanMinutes, makespan);
    QVERIFY(plan.flowMakespanMinutes >= plan.lowerBoundMinutes);
    for (qint32 s = 0; s < n; ++s) {
        for (const DependencyGraph::Edge &e : g.predecessors(s)) {
            const qint32 p = e.node();
            QVERIFY2(DependencyGraph::startAllowedBy(e, start[size_t(p)], finish[size_t(p)], g.durationAt(s)) <=
                         start[size_t(s)],
                     qPrintable(QStringLiteral("flow: %1 starts too early after %2").arg(g.idAt(s)).arg(g.idAt(p))));
        }
    }
    // No lane idles while a released task waits: from its release to its start all K lanes are busy.
    for (qint32 s = 0; s < n; ++s) {
        qint64 release = 0;
        for (const DependencyGraph::Edge &e : g.predecessors(s)) {
            release = std::max(release, DependencyGraph::startAllowedBy(e, start[size_t(e.node())],
                                                                        finish[size_t(e.node())], g.durationAt(s)));
        }
        // Released only once every predecessor has started.
        for (const DependencyGraph::Edge &e : g.predecessors(s)) {
            release = std::max(release, start[size_t(e.node())]);
        }
        if (start[size_t(s)] == release) {
            continue;
        }
        // The running set only changes when a task starts or finishes.
        std::vector<qint64> instants{release};
        for (qint32 o = 0; o < n; ++o) {
            for (qint64 t : {start[size_t(o)], finish[size_t(o)]}) {
                if (t > release && t < start[size_t(s)]) {
                    instants.push_back(t);
                }
            }
        }
        for (qint64 t : instants) {
            int busy = 0;
            for (qint32 o = 0; o < n; ++o) {
                busy += start[size_t(o)] <= t && t < finish[size_t(o)] ? 1 : 0;
            }
            QVERIFY2(busy == k,
                     qPrintable(QStringLiteral("flow: a lane idles at %1 while %2 waits").arg(t).arg(g.idAt(s))));
        }
    }

    // Wave view.
    std::vector<qint32> groupOf(static_cast<size_t>(n), -1);
    std::vector<qint64> absolute(static_cast<size_t>(n), -1);
    qint64 groupStart = 0;
    for (qsizetype gi = 0; gi < plan.groups.size(); ++gi) {
        const PlanGroup &group = plan.groups[gi];
        QCOMPARE(group.position, int(gi) + 1);
        QCOMPARE(group.startMinutes, groupStart);
        QVERIFY(!group.tasks.isEmpty());
        QList<std::tuple<qint64, qint64, int>> inGroup;
        qint64 length = 0;
        qint64 minutes = 0;
        for (qsizetype t = 0; t < group.tasks.size(); ++t) {
            const GroupEntry &entry = group.tasks[t];
            const qint32 index = *g.indexOf(entry.id);
            QCOMPARE(groupOf[size_t(index)], -1);
            groupOf[size_t(index)] = qint32(gi);
            QCOMPARE(entry.durationMinutes, g.durationAt(index));
            QVERIFY(entry.start >= 0);
            absolute[size_t(index)] = groupStart + entry.start;
            inGroup.append({entry.start, entry.start + entry.durationMinutes, entry.lane});
            length = std::max(length, entry.start + entry.durationMinutes);
            minutes += entry.durationMinutes;
            if (t > 0) {
                QVERIFY(std::pair(group.tasks[t - 1].start, group.tasks[t - 1].id) < std::pair(entry.start, entry.id));
            }
        }
        checkLanes(inGroup, k);
        QCOMPARE(group.durationMinutes, length);
        QCOMPARE(group.totalTaskMinutes, minutes);
        QCOMPARE(group.taskIds().size(), group.tasks.size());
        groupStart += group.durationMinutes;
    }
    QCOMPARE(plan.waveMakespanMinutes, groupStart);
    QVERIFY(plan.waveMakespanMinutes >= plan.lowerBoundMinutes);
    for (qint32 s = 0; s < n; ++s) {
        QVERIFY2(groupOf[size_t(s)] >= 0, "every task is in a group");
        for (const DependencyGraph::Edge &e : g.predecessors(s)) {
            const qint32 p = e.node();
            QVERIFY2(groupOf[size_t(p)] < groupOf[size_t(s)],
                     qPrintable(
                         QStringLiteral("groups: %1 is not after its prerequisite %2").arg(g.idAt(s)).arg(g.idAt(p))));
            QVERIFY(DependencyGraph::startAllowedBy(e, absolute[size_t(p)], absolute[size_t(p)] + g.durationAt(p),
                                                    g.durationAt(s)) <= absolute[size_t(s)]);
        }
    }

    const auto ratio = [&](qint64 m) {
        return plan.lowerBoundMinutes == 0 ? 1.0 : double(m) / double(plan.lowerBoundMinutes);
    };
    QCOMPARE(plan.flowRatio, ratio(plan.flowMakespanMinutes));
    QCOMPARE(plan.waveRatio, ratio(plan.waveMakespanMinutes));
}

bool samePlan(const ParallelPlan &a, const ParallelPlan &b)
{
    if (a.flow.size() != b.flow.size() || a.groups.size() != b.groups.size() ||
        a.waveMakespanMinutes != b.waveMakespanMinutes || a.flowMakespanMinutes != b.flowMakespanMinutes) {
        return false;
    }
    for (qsizetype i = 0; i < a.flow.size(); ++i) {
        if (a.flow[i].id != b.flow[i].id || a.flow[i].start != b.flow[i].start || a.flow[i].lane != b.flow[i].lane) {
            return false;
        }
    }
    for (qsizetype i = 0; i < a.groups.size(); ++i) {
        const QList<GroupEntry> &x = a.groups[i].tasks;
        const QList<GroupEntry> &y = b.groups[i].tasks;
        if (x.size() != y.size()) {
            return false;
        }
        for (qsizetype t = 0; t < x.size(); ++t) {
            if (x[t].id != y[t].id || x[t].start != y[t].start || x[t].lane != y[t].lane) {
                return false;
            }
        }
    }
    return true;
}

} // namespace

class TestParallelPlanner : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parallelismOutOfRangeIsRefused_data();
    void parallelismOutOfRangeIsRefused();
    void cycleIsAConflict();
    void emptyPlan();
    void chainRunsOneTaskAtATime();
    void independentTasksShareTheLanes();
    void longestTailGoesFirst();
    void lagsAreHonouredInBothViews();
    void startToStartOverlapsInTheFlowButNotInGroups();
    void enhancesLinksDoNotConstrain();
    void serialPlanWithOneLane();
    void randomNetworksRespectEveryRule_data();
    void randomNetworksRespectEveryRule();
    void plansAreDeterministic();
    void qualityOnRandomLayeredNetworks();
};

void TestParallelPlanner::parallelismOutOfRangeIsRefused_data()
{
    QTest::addColumn<int>("k");
    QTest::addColumn<bool>("accepted");
    QTest::newRow("0") << 0 << false;
    QTest::newRow("-1") << -1 << false;
    QTest::newRow("1") << 1 << true;
    QTest::newRow("50") << 50 << true;
    QTest::newRow("51") << 51 << false;
}

void TestParallelPlanner::parallelismOutOfRangeIsRefused()
{
    QFETCH(int, k);
    QFETCH(bool, accepted);
    const DependencyGraph g = graphOf({{1, 60}, {2, 60}}, {fs(1, 2)});
    const Result<ParallelPlan> plan = ParallelPlanner::plan(g, k);
    QCOMPARE(plan.ok(), accepted);
    if (!accepted) {
        QCOMPARE(plan.error().code, ErrorCode::Invalid);
        QVERIFY2(plan.error().message.contains(QStringLiteral("between 1 and 50")), qPrintable(plan.error().message));
    }
}

void TestParallelPlanner::cycleIsAConflict()
{
    const DependencyGraph g = graphOf({{1, 60}, {2, 60}, {3, 60}}, {fs(1, 2), fs(2, 3), fs(3, 2)});
    const Result<ParallelPlan> plan = ParallelPlanner::plan(g, 4);
    QVERIFY(!plan.ok());
    QCOMPARE(plan.error().code, ErrorCode::Conflict);
    QCOMPARE(plan.error().message, QStringLiteral("dependency cycle: 2 → 3 → 2"));
}

void TestParallelPlanner::emptyPlan()
{
    const ParallelPlan plan = planOf(graphOf({}, {}), 5);
    QCOMPARE(plan.lowerBoundMinutes, qint64(0));
    QCOMPARE(plan.flowMakespanMinutes, qint64(0));
    QCOMPARE(plan.waveMakespanMinutes, qint64(0));
    QCOMPARE(plan.flowRatio, 1.0);
    QCOMPARE(plan.waveRatio, 1.0);
    QVERIFY(plan.flow.isEmpty());
    QVERIFY(plan.groups.isEmpty());
}

void TestParallelPlanner::chainRunsOneTaskAtATime()
{
    const DependencyGraph g = graphOf({{1, 60}, {2, 30}, {3, 90}}, {fs(1, 2), fs(2, 3)});
    const ParallelPlan plan = planOf(g, 3);
    checkPlan(g, plan, 3);
    QCOMPARE(plan.criticalPathMinutes, qint64(180));
    QCOMPARE(plan.lowerBoundMinutes, qint64(180));
    QCOMPARE(plan.flowMakespanMinutes, qint64(180));
    QCOMPARE(plan.waveMakespanMinutes, qint64(180));
    QCOMPARE(plan.flowRatio, 1.0);
    QCOMPARE(plan.waveRatio, 1.0);
    QCOMPARE(plan.flow[1].id, qint64(2));
    QCOMPARE(plan.flow[1].start, qint64(60));
    QCOMPARE(plan.flow[1].lane, 1);
    QCOMPARE(plan.groups.size(), 3);
    QCOMPARE(plan.groups[2].taskIds(), (QList<qint64>{3}));
    QCOMPARE(plan.groups[2].startMinutes, qint64(90));
    QCOMPARE(plan.groups[2].durationMinutes, qint64(90));
}

void TestParallelPlanner::independentTasksShareTheLanes()
{
    // 240 + 4 × 60 + 2 × 120 = 720 min on 3 lanes: 240 each, in one group.
    const DependencyGraph g = graphOf({{1, 60}, {2, 240}, {3, 60}, {4, 120}, {5, 60}, {6, 120}, {7, 60}}, {});
    const ParallelPlan plan = planOf(g, 3);
    checkPlan(g, plan, 3);
    QCOMPARE(plan.lowerBoundMinutes, qint64(240));
    QCOMPARE(plan.flowMakespanMinutes, qint64(240));
    QCOMPARE(plan.waveMakespanMinutes, qint64(240));
    QCOMPARE(plan.groups.size(), 1);
    QCOMPARE(plan.groups[0].totalTaskMinutes, qint64(720));
    QCOMPARE(plan.groups[0].tasks.size(), 7);
}

void TestParallelPlanner::longestTailGoesFirst()
{
    // Two lanes, three ready tasks: 3 heads the longest chain (3 → 4), so it takes lane 1 at 0, 1 takes lane 2;
    // 4 follows 3 on lane 1 at 30 and 2 waits for lane 2 until 60.
    const DependencyGraph g = graphOf({{1, 60}, {2, 60}, {3, 30}, {4, 120}}, {fs(3, 4)});
    const ParallelPlan plan = planOf(g, 2);
    checkPlan(g, plan, 2);
    QCOMPARE(plan.flow[0].id, qint64(1));
    QCOMPARE(plan.flow[0].lane, 2);
    QCOMPARE(plan.flow[1].id, qint64(3));
    QCOMPARE(plan.flow[1].start, qint64(0));
    QCOMPARE(plan.flow[1].lane, 1);
    QCOMPARE(plan.flow[2].id, qint64(4));
    QCOMPARE(plan.flow[2].start, qint64(30));
    QCOMPARE(plan.flow[2].lane, 1);
    QCOMPARE(plan.flow[3].id, qint64(2));
    QCOMPARE(plan.flow[3].start, qint64(60));
    QCOMPARE(plan.flowMakespanMinutes, qint64(150));
    QCOMPARE(plan.lowerBoundMinutes, qint64(150));
}

void TestParallelPlanner::lagsAreHonouredInBothViews()
{
    // 2 waits 45 min after 1 finishes; 3 is independent filler.
    const DependencyGraph g = graphOf({{1, 60}, {2, 60}, {3, 30}}, {fs(1, 2, 45)});
    const ParallelPlan plan = planOf(g, 2);
    checkPlan(g, plan, 2);
    QCOMPARE(plan.criticalPathMinutes, qint64(165));
    QCOMPARE(plan.flowMakespanMinutes, qint64(165));
    const auto two = std::find_if(plan.flow.begin(), plan.flow.end(), [](const FlowEntry &f) { return f.id == 2; });
    QCOMPARE(two->start, qint64(105));
    QCOMPARE(plan.waveMakespanMinutes, qint64(165));
}

void TestParallelPlanner::startToStartOverlapsInTheFlowButNotInGroups()
{
    const DependencyGraph g =
        graphOf({{1, 60}, {2, 60}}, {ScheduleLink{1, 2, DependencyType::Requires, Relation::SS, 15}});
    const ParallelPlan plan = planOf(g, 2);
    checkPlan(g, plan, 2);
    QCOMPARE(plan.flowMakespanMinutes, qint64(75));
    QCOMPARE(plan.flow[1].start, qint64(15));
    QCOMPARE(plan.groups.size(), 2);
    QCOMPARE(plan.waveMakespanMinutes, qint64(120));
}

void TestParallelPlanner::enhancesLinksDoNotConstrain()
{
    const DependencyGraph g = graphOf({{1, 60}, {2, 60}}, {ScheduleLink{1, 2, DependencyType::Enhances}});
    const ParallelPlan plan = planOf(g, 2);
    checkPlan(g, plan, 2);
    QCOMPARE(plan.flowMakespanMinutes, qint64(60));
    QCOMPARE(plan.waveMakespanMinutes, qint64(60));
    QCOMPARE(plan.groups.size(), 1);
}

void TestParallelPlanner::serialPlanWithOneLane()
{
    QList<ScheduleTask> tasks;
    QList<ScheduleLink> links;
    randomNetwork(7, 60, 10, false, tasks, links);
    const DependencyGraph g = graphOf(tasks, links);
    const ParallelPlan plan = planOf(g, 1);
    checkPlan(g, plan, 1);
    QCOMPARE(plan.flowMakespanMinutes, plan.totalTaskMinutes);
    QCOMPARE(plan.waveMakespanMinutes, plan.totalTaskMinutes);
    QCOMPARE(plan.flowRatio, 1.0);
}

void TestParallelPlanner::randomNetworksRespectEveryRule_data()
{
    QTest::addColumn<quint32>("seed");
    QTest::addColumn<int>("n");
    QTest::addColumn<int>("window");
    QTest::addColumn<bool>("relations");
    QTest::addColumn<int>("k");
    QTest::newRow("narrow, K=2") << 11u << 150 << 5 << false << 2;
    QTest::newRow("narrow, K=4") << 12u << 150 << 8 << false << 4;
    QTest::newRow("wide, K=3") << 13u << 200 << 60 << false << 3;
    QTest::newRow("wide, K=16") << 14u << 200 << 60 << false << 16;
    QTest::newRow("wide, K=50") << 15u << 300 << 200 << false << 50;
    QTest::newRow("relations and lags, K=2") << 16u << 150 << 10 << true << 2;
    QTest::newRow("relations and lags, K=5") << 17u << 200 << 30 << true << 5;
    QTest::newRow("relations and lags, K=12") << 18u << 200 << 60 << true << 12;
}

void TestParallelPlanner::randomNetworksRespectEveryRule()
{
    QFETCH(quint32, seed);
    QFETCH(int, n);
    QFETCH(int, window);
    QFETCH(bool, relations);
    QFETCH(int, k);
    QList<ScheduleTask> tasks;
    QList<ScheduleLink> links;
    randomNetwork(seed, n, window, relations, tasks, links);
    const DependencyGraph g = graphOf(tasks, links);
    checkPlan(g, planOf(g, k), k);
}

void TestParallelPlanner::plansAreDeterministic()
{
    QList<ScheduleTask> tasks;
    QList<ScheduleLink> links;
    randomNetwork(99, 400, 40, true, tasks, links);
    const ParallelPlan first = planOf(graphOf(tasks, links), 6);
    std::reverse(tasks.begin(), tasks.end());
    std::reverse(links.begin(), links.end());
    const ParallelPlan second = planOf(graphOf(tasks, links), 6);
    QVERIFY(samePlan(first, second));
}

void TestParallelPlanner::qualityOnRandomLayeredNetworks()
{
    // 1,000 tasks, estimates from {0.25, 0.5, 1, 2, 4, 8} h, 0–3 prerequisites among the 50 previous tasks.
    // The bounds asserted here hold with a wide margin (measured over 100 networks: flow 1.000, wave 1.000 at
    // K = 4 and 1.26 at K = 16); the point is to print the ratios.
    const int networks = 12;
    for (int k : {4, 16}) {
        double flow = 0.0;
        double wave = 0.0;
        double worstWave = 0.0;
        for (int r = 0; r < networks; ++r) {
            QList<ScheduleTask> tasks;
            QList<ScheduleLink> links;
            randomNetwork(1000 + quint32(r), 1000, 50, false, tasks, links);
            const ParallelPlan plan = planOf(graphOf(tasks, links), k);
            flow += plan.flowRatio;
            wave += plan.waveRatio;
            worstWave = std::max(worstWave, plan.waveRatio);
        }
        flow /= networks;
        wave /= networks;
        qInfo("K=%d over %d networks: mean flow/bound %.4f, mean wave/bound %.4f (worst %.4f)", k, networks, flow, wave,
              worstWave);
        QVERIFY(flow <= 1.02);
        QVERIFY(wave <= (k == 4 ? 1.10 : 1.35));
    }
}

QTEST_GUILESS_MAIN(TestParallelPlanner)
#include "tst_ParallelPlanner.moc"
