// SPDX-License-Identifier: GPL-3.0-or-later
#include "GraphLayout.h"

#include <algorithm>
#include <functional>
#include <limits>
#include <map>
#include <queue>
#include <set>
#include <utility>
#include <vector>

namespace taskorch::core {

QString LayoutArrow::label() const
{
    if (relation == Relation::FS && lagMinutes == 0) {
        return {};
    }
    QString text = toString(relation);
    if (lagMinutes != 0) {
        const QString sign = lagMinutes > 0 ? QStringLiteral("+") : QStringLiteral("\u2212");
        text += QStringLiteral(" %1%2h").arg(sign, formatHours(lagMinutes < 0 ? -lagMinutes : lagMinutes));
    }
    return text;
}

namespace {

LayoutBox taskBox(const CriticalPath &cp, qint32 index)
{
    LayoutBox box;
    box.id = cp.graph().idAt(index);
    box.startMinutes = cp.earlyStartAt(index);
    box.durationMinutes = cp.graph().durationAt(index);
    box.totalSlackMinutes = cp.lateStartAt(index) - cp.earlyStartAt(index);
    box.critical = cp.isCriticalAt(index);
    return box;
}

// Whether the link sets the dependent's earliest start exactly (what makes it part of a critical chain).
bool binds(const CriticalPath &cp, qint32 predecessor, const DependencyGraph::Edge &toSuccessor)
{
    const qint32 s = toSuccessor.node();
    const qint64 start = cp.earlyStartAt(predecessor);
    return DependencyGraph::startAllowedBy(toSuccessor, start, start + cp.graph().durationAt(predecessor),
                                           cp.graph().durationAt(s)) == cp.earlyStartAt(s);
}

} // namespace

GraphLayout GraphLayout::compute(const CriticalPath &cp, const LayoutOptions &options, const QSet<qint64> *visible)
{
    GraphLayout layout;
    layout.m_options = options;
    layout.m_projectMinutes = cp.projectDurationMinutes();
    const DependencyGraph &graph = cp.graph();
    const qint32 n = graph.taskCount();
    // Graph index → box index (−1 when hidden).
    std::vector<int> boxOf(static_cast<size_t>(n), -1);
    layout.m_boxes.reserve(visible ? visible->size() : n);
    for (qint32 i = 0; i < n; ++i) {
        if (visible && !visible->contains(graph.idAt(i))) {
            continue;
        }
        boxOf[size_t(i)] = int(layout.m_boxes.size());
        layout.m_boxes.append(taskBox(cp, i));
    }
    for (qint32 s = 0; s < n; ++s) {
        if (boxOf[size_t(s)] < 0) {
            continue;
        }
        for (const DependencyGraph::Edge &in : graph.predecessors(s)) {
            const qint32 p = in.node();
            if (boxOf[size_t(p)] < 0) {
                continue;
            }
            LayoutArrow arrow;
            arrow.from = boxOf[size_t(p)];
            arrow.to = boxOf[size_t(s)];
            arrow.relation = in.relation();
            arrow.lagMinutes = in.lagMinutes();
            // Re-express the successor-side edge for binds(): the edge's node must be the successor.
            const DependencyGraph::Edge out(s, in.relation(), qint32(in.lagMinutes()));
            arrow.critical = cp.isCriticalAt(p) && cp.isCriticalAt(s) && binds(cp, p, out);
            layout.m_arrows.append(arrow);
        }
    }
    for (const ScheduleLink &link : graph.softLinks()) {
        const auto p = graph.indexOf(link.predecessorId);
        const auto s = graph.indexOf(link.successorId);
        if (!p || !s || boxOf[size_t(*p)] < 0 || boxOf[size_t(*s)] < 0) {
            continue;
        }
        LayoutArrow arrow;
        arrow.from = boxOf[size_t(*p)];
        arrow.to = boxOf[size_t(*s)];
        arrow.hard = false;
        arrow.relation = link.relation;
        arrow.lagMinutes = link.lagMinutes;
        layout.m_arrows.append(arrow);
    }
    layout.pack();
    layout.anchorArrows();
    return layout;
}

GraphLayout GraphLayout::collapse(const CriticalPath &cp, const QHash<qint64, QString> &groupOf,
                                  const LayoutOptions &options)
{
    GraphLayout layout;
    layout.m_options = options;
    layout.m_projectMinutes = cp.projectDurationMinutes();
    const DependencyGraph &graph = cp.graph();
    const qint32 n = graph.taskCount();

    std::map<QString, int> keyIndex;
    for (qint32 i = 0; i < n; ++i) {
        keyIndex.emplace(groupOf.value(graph.idAt(i)), 0);
    }
    int next = 0;
    for (auto &entry : keyIndex) {
        entry.second = next++;
    }
    struct Span
    {
        qint64 start = std::numeric_limits<qint64>::max();
        qint64 finish = 0;
        qint64 slack = std::numeric_limits<qint64>::max();
        bool critical = false;
        int members = 0;
    };
    std::vector<Span> spans(keyIndex.size());
    std::vector<int> groupOfIndex(static_cast<size_t>(n));
    for (qint32 i = 0; i < n; ++i) {
        const int g = keyIndex.at(groupOf.value(graph.idAt(i)));
        groupOfIndex[size_t(i)] = g;
        Span &span = spans[size_t(g)];
        const qint64 es = cp.earlyStartAt(i);
        span.start = std::min(span.start, es);
        span.finish = std::max(span.finish, es + graph.durationAt(i));
        span.slack = std::min(span.slack, cp.lateStartAt(i) - es);
        span.critical = span.critical || cp.isCriticalAt(i);
        ++span.members;
    }
    for (const auto &[key, g] : keyIndex) {
        const Span &span = spans[size_t(g)];
        LayoutBox box;
        box.id = -(1 + qint64(g));
        box.groupKey = key;
        box.startMinutes = span.start;
        box.durationMinutes = span.finish - span.start;
        box.totalSlackMinutes = span.slack;
        box.critical = span.critical;
        box.memberCount = span.members;
        layout.m_boxes.append(box);
    }
    // (from, to) → arrow index; hard links replace a soft arrow between the same pair.
    std::map<std::pair<int, int>, int> arrowOf;
    const auto addLink = [&](int from, int to, bool hard, Relation relation, qint64 lag, bool critical, qint64 leaves,
                             qint64 arrives) {
        if (from == to) {
            return;
        }
        const auto [it, inserted] = arrowOf.emplace(std::make_pair(from, to), int(layout.m_arrows.size()));
        if (inserted) {
            LayoutArrow arrow;
            arrow.from = from;
            arrow.to = to;
            arrow.hard = hard;
            arrow.relation = relation;
            arrow.lagMinutes = lag;
            arrow.critical = critical;
            arrow.fromMinutes = leaves;
            arrow.toMinutes = arrives;
            layout.m_arrows.append(arrow);
            return;
        }
        LayoutArrow &arrow = layout.m_arrows[it->second];
        ++arrow.linkCount;
        if (critical && !arrow.critical) {
            arrow.fromMinutes = leaves;
            arrow.toMinutes = arrives;
        }
        arrow.critical = arrow.critical || critical;
        if (hard && !arrow.hard) {
            arrow.hard = true;
        }
        // An aggregate arrow stands for many links: only label it when they all agree.
        if (arrow.relation != relation || arrow.lagMinutes != lag) {
            arrow.relation = Relation::FS;
            arrow.lagMinutes = 0;
        }
    };
    for (qint32 s = 0; s < n; ++s) {
        for (const DependencyGraph::Edge &in : graph.predecessors(s)) {
            const qint32 p = in.node();
            const DependencyGraph::Edge out(s, in.relation(), qint32(in.lagMinutes()));
            addLink(groupOfIndex[size_t(p)], groupOfIndex[size_t(s)], true, in.relation(), in.lagMinutes(),
                    cp.isCriticalAt(p) && cp.isCriticalAt(s) && binds(cp, p, out),
                    cp.earlyStartAt(p) + graph.durationAt(p), cp.earlyStartAt(s));
        }
    }
    for (const ScheduleLink &link : graph.softLinks()) {
        const auto p = graph.indexOf(link.predecessorId);
        const auto s = graph.indexOf(link.successorId);
        if (p && s) {
            addLink(groupOfIndex[size_t(*p)], groupOfIndex[size_t(*s)], false, link.relation, link.lagMinutes, false,
                    cp.earlyStartAt(*p) + graph.durationAt(*p), cp.earlyStartAt(*s));
        }
    }
    layout.pack();
    layout.anchorArrows();
    return layout;
}

QSet<qint64> GraphLayout::neighbourhood(const DependencyGraph &graph, qint64 centre, int hops)
{
    QSet<qint64> out;
    const auto start = graph.indexOf(centre);
    if (!start) {
        return out;
    }
    // Soft links are few and unindexed: group them by end once.
    QHash<qint32, QList<qint32>> soft;
    for (const ScheduleLink &link : graph.softLinks()) {
        const auto p = graph.indexOf(link.predecessorId);
        const auto s = graph.indexOf(link.successorId);
        if (p && s) {
            soft[*p].append(*s);
            soft[*s].append(*p);
        }
    }
    QSet<qint32> seen{*start};
    QList<qint32> frontier{*start};
    for (int depth = 0; depth < hops && !frontier.isEmpty(); ++depth) {
        QList<qint32> next;
        const auto visit = [&](qint32 node) {
            if (!seen.contains(node)) {
                seen.insert(node);
                next.append(node);
            }
        };
        for (const qint32 i : std::as_const(frontier)) {
            for (const DependencyGraph::Edge &e : graph.predecessors(i)) {
                visit(e.node());
            }
            for (const DependencyGraph::Edge &e : graph.successors(i)) {
                visit(e.node());
            }
            for (const qint32 j : soft.value(i)) {
                visit(j);
            }
        }
        frontier = std::move(next);
    }
    for (const qint32 i : std::as_const(seen)) {
        out.insert(graph.idAt(i));
    }
    return out;
}

void GraphLayout::pack()
{
    const LayoutOptions &o = m_options;
    for (LayoutBox &box : m_boxes) {
        box.x = xOf(box.startMinutes);
        box.width = xOf(box.durationMinutes);
        box.drawWidth = std::max(box.width, o.minBoxWidth);
        box.slackWidth = xOf(box.totalSlackMinutes);
        box.height = o.boxHeight;
    }
    // Interval partitioning: boxes by (start, id); each takes the lowest-numbered lane that is free by its start.
    // Sorting by start makes first fit optimal: the lane count equals the largest number of overlapping boxes.
    std::vector<int> order(size_t(m_boxes.size()));
    for (size_t i = 0; i < order.size(); ++i) {
        order[i] = int(i);
    }
    std::sort(order.begin(), order.end(), [this](int a, int b) {
        const LayoutBox &l = m_boxes[a];
        const LayoutBox &r = m_boxes[b];
        return l.startMinutes != r.startMinutes ? l.startMinutes < r.startMinutes : l.id < r.id;
    });
    using Busy = std::pair<double, int>; // (occupied until, lane)
    std::priority_queue<Busy, std::vector<Busy>, std::greater<>> busy;
    std::set<int> freeLanes;
    int lanes = 0;
    double right = 0.0;
    for (const int i : order) {
        LayoutBox &box = m_boxes[i];
        while (!busy.empty() && busy.top().first <= box.x) {
            freeLanes.insert(busy.top().second);
            busy.pop();
        }
        if (freeLanes.empty()) {
            box.lane = lanes++;
        } else {
            box.lane = *freeLanes.begin();
            freeLanes.erase(freeLanes.begin());
        }
        const double end = box.x + box.drawWidth + (o.packSlack ? box.slackWidth : 0.0);
        right = std::max(right, end);
        busy.push({end + o.horizontalGap, box.lane});
        box.y = double(box.lane) * (o.boxHeight + o.laneGap);
    }
    m_laneCount = lanes;
    m_sceneWidth = std::max(right, xOf(m_projectMinutes));
    m_sceneHeight = lanes > 0 ? double(lanes) * (o.boxHeight + o.laneGap) - o.laneGap : 0.0;
    m_index.clear();
    m_index.reserve(m_boxes.size());
    for (int i = 0; i < m_boxes.size(); ++i) {
        m_index.insert(m_boxes[i].id, i);
    }
}

void GraphLayout::anchorArrows()
{
    for (LayoutArrow &arrow : m_arrows) {
        const LayoutBox &from = m_boxes[arrow.from];
        const LayoutBox &to = m_boxes[arrow.to];
        const bool fromStart = arrow.relation == Relation::SS || arrow.relation == Relation::SF;
        const bool toFinish = arrow.relation == Relation::FF || arrow.relation == Relation::SF;
        arrow.fromX = fromStart ? from.x : from.x + from.drawWidth;
        arrow.fromY = from.y + from.height / 2.0;
        arrow.toX = toFinish ? to.x + to.drawWidth : to.x;
        arrow.toY = to.y + to.height / 2.0;
        if (arrow.fromMinutes >= 0) {
            // An aggregate spans many tasks: draw the link where it really leaves and arrives.
            arrow.fromX = std::clamp(xOf(arrow.fromMinutes), from.x, from.x + from.drawWidth);
            arrow.toX = std::clamp(xOf(arrow.toMinutes), to.x, to.x + to.drawWidth);
            arrow.fromY = from.y + from.height;
            arrow.toY = to.y;
        }
    }
}

} // namespace taskorch::core
