// SPDX-License-Identifier: GPL-3.0-or-later
#include "DependencyGraph.h"

#include <QStringList>

#include <algorithm>
#include <limits>
#include <numeric>

namespace taskorch::core {

namespace {

using Edge = DependencyGraph::Edge;

// Stable sort of one adjacency list by the other end's index (lists are short; hubs fall back to stable_sort).
void sortByNode(Edge *first, Edge *last)
{
    const auto byNode = [](const Edge &a, const Edge &b) { return a.node() < b.node(); };
    if (last - first > 32) {
        std::stable_sort(first, last, byNode);
        return;
    }
    for (Edge *i = first + 1; i < last; ++i) {
        const Edge value = *i;
        Edge *j = i;
        while (j > first && byNode(value, *(j - 1))) {
            *j = *(j - 1);
            --j;
        }
        *j = value;
    }
}

// Turns per-node counts in `offsets[1…n]` into CSR offsets.
void prefixSum(QList<qint32> &offsets)
{
    qint32 *o = offsets.data();
    for (qsizetype i = 1; i < offsets.size(); ++i) {
        o[i] += o[i - 1];
    }
}

// After filling with `offsets[i]++` as the cursor of node i, every offset has moved to the next node's start.
void restoreOffsets(QList<qint32> &offsets)
{
    qint32 *o = offsets.data();
    for (qsizetype i = offsets.size() - 1; i > 0; --i) {
        o[i] = o[i - 1];
    }
    o[0] = 0;
}

} // namespace

Result<DependencyGraph> DependencyGraph::build(const QList<ScheduleTask> &tasks, const QList<ScheduleLink> &links)
{
    DependencyGraph g;
    const qsizetype n = tasks.size();
    if (n > maxTasks) {
        return makeError(ErrorCode::Invalid, QStringLiteral("too many tasks to schedule: %1").arg(n));
    }

    g.m_ids.resize(n);
    g.m_durations.resize(n);
    qint64 *ids = g.m_ids.data();
    qint64 *durations = g.m_durations.data();
    // Callers usually load tasks ordered by id; sort only when they did not.
    const bool sorted = std::is_sorted(tasks.cbegin(), tasks.cend(),
                                       [](const ScheduleTask &a, const ScheduleTask &b) { return a.id < b.id; });
    if (sorted) {
        for (qsizetype i = 0; i < n; ++i) {
            ids[i] = tasks[i].id;
            durations[i] = tasks[i].durationMinutes;
        }
    } else {
        QList<qint32> order(n);
        std::iota(order.begin(), order.end(), 0);
        std::sort(order.begin(), order.end(), [&](qint32 a, qint32 b) { return tasks[a].id < tasks[b].id; });
        for (qsizetype i = 0; i < n; ++i) {
            ids[i] = tasks[order[i]].id;
            durations[i] = tasks[order[i]].durationMinutes;
        }
    }
    for (qsizetype i = 0; i < n; ++i) {
        if (i > 0 && ids[i] == ids[i - 1]) {
            return makeError(ErrorCode::Invalid, QStringLiteral("task %1 is listed twice").arg(ids[i]));
        }
        if (durations[i] < 0) {
            return makeError(ErrorCode::Invalid,
                             QStringLiteral("task %1 has a negative duration (%2 min)").arg(ids[i]).arg(durations[i]));
        }
    }

    // A direct lookup table costs at most a few bytes per task when ids are roughly dense (the database case).
    if (n > 0) {
        g.m_minId = ids[0];
        const quint64 span = quint64(ids[n - 1]) - quint64(g.m_minId) + 1;
        if (span <= quint64(4 * n + 1024)) {
            g.m_denseIndex.fill(-1, qsizetype(span));
            qint32 *dense = g.m_denseIndex.data();
            for (qsizetype i = 0; i < n; ++i) {
                dense[ids[i] - g.m_minId] = qint32(i);
            }
        }
    }

    // Pass 1 counts (and validates) the hard links; pass 2 looks the ends up again rather than keeping a copy of
    // every link: cheaper than the memory at a few million links.
    g.m_predOffsets.fill(0, n + 1);
    g.m_succOffsets.fill(0, n + 1);
    qint64 hard = 0;
    for (const ScheduleLink &link : links) {
        const std::optional<qint32> p = g.indexOf(link.predecessorId);
        const std::optional<qint32> s = g.indexOf(link.successorId);
        if (!p || !s) {
            continue;
        }
        if (!isHard(link.type)) {
            g.m_softLinks.append(link);
            continue;
        }
        if (link.lagMinutes < std::numeric_limits<qint32>::min() ||
            link.lagMinutes > std::numeric_limits<qint32>::max()) {
            return makeError(ErrorCode::Invalid, QStringLiteral("the lag of the link %1 → %2 is out of range (%3 min)")
                                                     .arg(link.predecessorId)
                                                     .arg(link.successorId)
                                                     .arg(link.lagMinutes));
        }
        if (++hard > maxHardLinks) {
            return makeError(ErrorCode::Invalid, QStringLiteral("too many dependencies to schedule"));
        }
        ++g.m_succOffsets[*p + 1];
        ++g.m_predOffsets[*s + 1];
    }
    prefixSum(g.m_succOffsets);
    prefixSum(g.m_predOffsets);

    // Successor lists in input order, then sorted by successor; predecessor lists then come out sorted by
    // predecessor when the successor lists are walked in predecessor order.
    g.m_succEdges.resize(hard);
    Edge *succEdges = g.m_succEdges.data();
    qint32 *succCursor = g.m_succOffsets.data();
    for (const ScheduleLink &link : links) {
        if (!isHard(link.type)) {
            continue;
        }
        const std::optional<qint32> p = g.indexOf(link.predecessorId);
        const std::optional<qint32> s = g.indexOf(link.successorId);
        if (p && s) {
            succEdges[succCursor[*p]++] = Edge(*s, link.relation, qint32(link.lagMinutes));
        }
    }
    restoreOffsets(g.m_succOffsets);
    const qint32 *succOffsets = g.m_succOffsets.constData();
    for (qsizetype p = 0; p < n; ++p) {
        sortByNode(succEdges + succOffsets[p], succEdges + succOffsets[p + 1]);
    }

    g.m_predEdges.resize(hard);
    Edge *predEdges = g.m_predEdges.data();
    qint32 *predCursor = g.m_predOffsets.data();
    for (qsizetype p = 0; p < n; ++p) {
        for (qint32 k = succOffsets[p]; k < succOffsets[p + 1]; ++k) {
            const Edge &e = succEdges[k];
            predEdges[predCursor[e.node()]++] = Edge(qint32(p), e.relation(), qint32(e.lagMinutes()));
        }
    }
    restoreOffsets(g.m_predOffsets);

    g.computeOrderAndCycle();
    return g;
}

std::optional<qint32> DependencyGraph::indexOf(qint64 id) const
{
    if (!m_denseIndex.isEmpty()) {
        if (id < m_minId || quint64(id) - quint64(m_minId) >= quint64(m_denseIndex.size())) {
            return std::nullopt;
        }
        const qint32 index = m_denseIndex[id - m_minId];
        return index < 0 ? std::nullopt : std::optional<qint32>(index);
    }
    const auto it = std::lower_bound(m_ids.begin(), m_ids.end(), id);
    if (it == m_ids.end() || *it != id) {
        return std::nullopt;
    }
    return qint32(it - m_ids.begin());
}

void DependencyGraph::computeOrderAndCycle()
{
    const qint32 n = taskCount();
    QList<qint32> waiting(n);
    qint32 *w = waiting.data();
    m_topological.clear();
    m_topological.reserve(n);
    for (qint32 i = 0; i < n; ++i) {
        w[i] = m_predOffsets[i + 1] - m_predOffsets[i];
        if (w[i] == 0) {
            m_topological.append(i);
        }
    }
    // m_topological doubles as Kahn's FIFO queue.
    for (qsizetype head = 0; head < m_topological.size(); ++head) {
        for (const Edge &e : successors(m_topological[head])) {
            if (--w[e.node()] == 0) {
                m_topological.append(e.node());
            }
        }
    }
    if (m_topological.size() == n) {
        return;
    }
    m_topological.clear();

    // Every task Kahn could not release still waits for another such task, so walking "smallest waiting
    // prerequisite" from the smallest waiting task never dead-ends and must come back to a visited task.
    QList<qint32> step(n, -1);
    QList<qint32> walk;
    qint32 current = 0;
    while (w[current] == 0) {
        ++current;
    }
    while (step[current] < 0) {
        step[current] = qint32(walk.size());
        walk.append(current);
        for (const Edge &e : predecessors(current)) {
            if (w[e.node()] > 0) {
                current = e.node();
                break;
            }
        }
    }
    QList<qint32> loop = walk.mid(step[current]);
    std::rotate(loop.begin(), std::min_element(loop.begin(), loop.end()), loop.end());
    for (qint32 index : loop) {
        m_cycle.append(idAt(index));
    }
    m_cycle.append(idAt(loop.front()));
}

Status DependencyGraph::checkAcyclic() const
{
    if (m_cycle.isEmpty()) {
        return {};
    }
    return makeError(ErrorCode::Conflict, QStringLiteral("dependency cycle: %1").arg(formatCycle(m_cycle)));
}

QString DependencyGraph::formatCycle(const QList<qint64> &cycle)
{
    QStringList parts;
    parts.reserve(cycle.size());
    for (qint64 id : cycle) {
        parts << QString::number(id);
    }
    return parts.join(QStringLiteral(" → "));
}

} // namespace taskorch::core
