// SPDX-License-Identifier: GPL-3.0-or-later
#include "GraphLayout.h"

#include <QTest>

using namespace taskorch::core;

namespace {

ScheduleLink fs(qint64 pred, qint64 succ, qint64 lag = 0)
{
    return ScheduleLink{pred, succ, DependencyType::Blocks, Relation::FS, lag};
}

// A deterministic pseudo-random network: each task depends on up to three earlier ones.
CriticalPath randomNetwork(int n, quint32 seed)
{
    QList<ScheduleTask> tasks;
    QList<ScheduleLink> links;
    quint32 x = seed;
    const auto next = [&x]() {
        x = x * 1664525U + 1013904223U;
        return x >> 8;
    };
    for (int i = 1; i <= n; ++i) {
        tasks.append({i, qint64(next() % 8) * 30});
        const int deps = i > 1 ? int(next() % 4) : 0;
        for (int d = 0; d < deps; ++d) {
            const qint64 pred = 1 + qint64(next() % quint32(i - 1));
            const quint32 kind = next() % 10;
            if (kind == 0) {
                links.append({pred, i, DependencyType::Enhances, Relation::FS, 0});
            } else if (kind == 1) {
                links.append({pred, i, DependencyType::Requires, Relation::SS, 60});
            } else {
                links.append(fs(pred, i));
            }
        }
    }
    auto cp = CriticalPath::compute(tasks, links);
    Q_ASSERT(cp.ok());
    return *cp;
}

bool overlaps(const LayoutBox &a, const LayoutBox &b)
{
    if (a.lane != b.lane) {
        return false;
    }
    const double aEnd = a.x + a.drawWidth;
    const double bEnd = b.x + b.drawWidth;
    return a.x < bEnd && b.x < aEnd;
}

} // namespace

class TstGraphLayout : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void xIsEarliestStartAndWidthIsDuration()
    {
        // 1 (2h) → 2 (3h) → 4 (1h); 1 → 3 (1h) → 4; 3 has 2h of slack.
        auto cp =
            CriticalPath::compute({{1, 120}, {2, 180}, {3, 60}, {4, 60}}, {fs(1, 2), fs(2, 4), fs(1, 3), fs(3, 4)});
        QVERIFY(cp.ok());
        LayoutOptions o;
        o.pixelsPerHour = 10.0;
        const GraphLayout layout = GraphLayout::compute(*cp, o);
        QCOMPARE(layout.boxes().size(), 4);
        const LayoutBox &b2 = layout.boxes()[layout.indexOf(2)];
        QCOMPARE(b2.x, 20.0);
        QCOMPARE(b2.width, 30.0);
        QVERIFY(b2.critical);
        const LayoutBox &b3 = layout.boxes()[layout.indexOf(3)];
        QVERIFY(!b3.critical);
        QCOMPARE(b3.slackWidth, 20.0);
        // 2 and 3 run at the same time: two lanes, 2 (smaller id) on the first free lane.
        QCOMPARE(layout.laneCount(), 2);
        QCOMPARE(b2.lane, 0);
        QCOMPARE(b3.lane, 1);
        QCOMPARE(layout.boxes()[layout.indexOf(4)].lane, 0);
        QCOMPARE(layout.arrows().size(), 4);
        int critical = 0;
        for (const LayoutArrow &a : layout.arrows()) {
            critical += a.critical ? 1 : 0;
            QVERIFY(a.label().isEmpty());
        }
        QCOMPARE(critical, 2); // 1→2, 2→4
    }

    void positionsRespectTheScheduleAndNeverOverlap_data()
    {
        QTest::addColumn<int>("count");
        QTest::addColumn<bool>("packSlack");
        QTest::newRow("60 with slack") << 60 << true;
        QTest::newRow("400 with slack") << 400 << true;
        QTest::newRow("2000 boxes only") << 2000 << false;
    }

    void positionsRespectTheScheduleAndNeverOverlap()
    {
        QFETCH(int, count);
        QFETCH(bool, packSlack);
        const CriticalPath cp = randomNetwork(count, quint32(count));
        LayoutOptions o;
        o.packSlack = packSlack;
        const GraphLayout layout = GraphLayout::compute(cp, o);
        QCOMPARE(layout.boxes().size(), count);
        const DependencyGraph &g = cp.graph();
        for (qint32 s = 0; s < g.taskCount(); ++s) {
            const LayoutBox &succ = layout.boxes()[layout.indexOf(g.idAt(s))];
            for (const auto &in : g.predecessors(s)) {
                if (in.relation() != Relation::FS || in.lagMinutes() < 0) {
                    continue;
                }
                const LayoutBox &pred = layout.boxes()[layout.indexOf(g.idAt(in.node()))];
                QVERIFY2(succ.x + 1e-9 >= pred.x + pred.width,
                         qPrintable(QStringLiteral("%1 before %2").arg(succ.id).arg(pred.id)));
            }
        }
        // Sweep per lane: sorted by x, each box starts after the previous one (and its slack bar) ends.
        QList<QList<const LayoutBox *>> lanes(layout.laneCount());
        for (const LayoutBox &b : layout.boxes()) {
            QVERIFY(b.lane >= 0 && b.lane < layout.laneCount());
            lanes[b.lane].append(&b);
        }
        for (auto &lane : lanes) {
            std::sort(lane.begin(), lane.end(), [](auto *a, auto *b) { return a->x < b->x; });
            for (int i = 1; i < lane.size(); ++i) {
                QVERIFY(!overlaps(*lane[i - 1], *lane[i]));
                if (packSlack) {
                    QVERIFY(lane[i]->x >= lane[i - 1]->x + lane[i - 1]->drawWidth + lane[i - 1]->slackWidth);
                }
            }
        }
        if (count <= 400) {
            for (int i = 0; i < layout.boxes().size(); ++i) {
                for (int j = i + 1; j < layout.boxes().size(); ++j) {
                    QVERIFY(!overlaps(layout.boxes()[i], layout.boxes()[j]));
                }
            }
        }
    }

    void criticalFlagsFollowTheCriticalPath()
    {
        const CriticalPath cp = randomNetwork(300, 7);
        const GraphLayout layout = GraphLayout::compute(cp);
        for (const qint64 id : cp.criticalPath()) {
            QVERIFY(layout.boxes()[layout.indexOf(id)].critical);
        }
        for (const LayoutBox &b : layout.boxes()) {
            QCOMPARE(b.critical, cp.task(b.id)->critical);
            QCOMPARE(b.totalSlackMinutes, cp.task(b.id)->totalSlack);
        }
        // Consecutive tasks of the critical chain are joined by critical arrows.
        const QList<qint64> &chain = cp.criticalPath();
        for (int i = 1; i < chain.size(); ++i) {
            const int from = layout.indexOf(chain[i - 1]);
            const int to = layout.indexOf(chain[i]);
            const bool found = std::any_of(layout.arrows().begin(), layout.arrows().end(), [&](const LayoutArrow &a) {
                return a.from == from && a.to == to && a.critical && a.hard;
            });
            QVERIFY(found);
        }
    }

    void arrowsCarryRelationLagAndSoftness()
    {
        QList<ScheduleLink> links{{1, 2, DependencyType::Blocks, Relation::SS, 90},
                                  {1, 3, DependencyType::Enhances, Relation::FS, 0},
                                  {2, 3, DependencyType::Blocks, Relation::FS, -30}};
        auto cp = CriticalPath::compute({{1, 120}, {2, 60}, {3, 60}}, links);
        QVERIFY(cp.ok());
        const GraphLayout layout = GraphLayout::compute(*cp);
        QCOMPARE(layout.arrows().size(), 3);
        int soft = 0;
        for (const LayoutArrow &a : layout.arrows()) {
            const qint64 from = layout.boxes()[a.from].id;
            const qint64 to = layout.boxes()[a.to].id;
            if (!a.hard) {
                ++soft;
                QCOMPARE(from, 1);
                QCOMPARE(to, 3);
            } else if (to == 2) {
                QCOMPARE(a.label(), QStringLiteral("SS +1.5h"));
                // Start-to-start: from the left edge of 1 to the left edge of 2.
                QCOMPARE(a.fromX, layout.boxes()[a.from].x);
                QCOMPARE(a.toX, layout.boxes()[a.to].x);
            } else {
                QCOMPARE(a.label(), QStringLiteral("FS \u22120.5h"));
            }
        }
        QCOMPARE(soft, 1);
    }

    void collapseAggregatesByGroup()
    {
        // Phase A: 1 → 2; phase B: 3 (after 2), 4 (independent).
        auto cp = CriticalPath::compute({{1, 60}, {2, 60}, {3, 120}, {4, 30}}, {fs(1, 2), fs(2, 3)});
        QVERIFY(cp.ok());
        const QHash<qint64, QString> groups{{1, "A"}, {2, "A"}, {3, "B"}, {4, "B"}};
        const GraphLayout layout = GraphLayout::collapse(*cp, groups);
        QCOMPARE(layout.boxes().size(), 2);
        const LayoutBox &a = layout.boxes()[0];
        const LayoutBox &b = layout.boxes()[1];
        QCOMPARE(a.groupKey, QStringLiteral("A"));
        QVERIFY(a.isAggregate());
        QCOMPARE(a.memberCount, 2);
        QCOMPARE(a.startMinutes, 0);
        QCOMPARE(a.durationMinutes, 120);
        QCOMPARE(b.startMinutes, 0); // task 4 starts at 0
        QCOMPARE(b.durationMinutes, 240);
        QVERIFY(a.critical && b.critical);
        QCOMPARE(layout.arrows().size(), 1);
        QCOMPARE(layout.arrows()[0].from, 0);
        QCOMPARE(layout.arrows()[0].to, 1);
        QCOMPARE(layout.indexOf(a.id), 0);
        QVERIFY(a.lane != b.lane);
    }

    void neighbourhoodFollowsLinksBothWays()
    {
        // Chain 1 → 2 → 3 → 4 → 5 and 6 enhances 3.
        QList<ScheduleLink> links{
            fs(1, 2), fs(2, 3), fs(3, 4), fs(4, 5), {6, 3, DependencyType::Enhances, Relation::FS, 0}};
        auto cp = CriticalPath::compute({{1, 60}, {2, 60}, {3, 60}, {4, 60}, {5, 60}, {6, 60}}, links);
        QVERIFY(cp.ok());
        QCOMPARE(GraphLayout::neighbourhood(cp->graph(), 3, 0), (QSet<qint64>{3}));
        QCOMPARE(GraphLayout::neighbourhood(cp->graph(), 3, 1), (QSet<qint64>{2, 3, 4, 6}));
        QCOMPARE(GraphLayout::neighbourhood(cp->graph(), 3, 2), (QSet<qint64>{1, 2, 3, 4, 5, 6}));
        QVERIFY(GraphLayout::neighbourhood(cp->graph(), 99, 2).isEmpty());

        const QSet<qint64> visible = GraphLayout::neighbourhood(cp->graph(), 1, 1);
        const GraphLayout layout = GraphLayout::compute(*cp, {}, &visible);
        QCOMPARE(layout.boxes().size(), 2);
        QCOMPARE(layout.arrows().size(), 1);
        QCOMPARE(layout.indexOf(5), -1);
    }

    void emptyNetwork()
    {
        const GraphLayout layout = GraphLayout::compute(CriticalPath());
        QVERIFY(layout.boxes().isEmpty());
        QCOMPARE(layout.laneCount(), 0);
        QCOMPARE(layout.sceneHeight(), 0.0);
    }
};

QTEST_GUILESS_MAIN(TstGraphLayout)
#include "tst_GraphLayout.moc"
