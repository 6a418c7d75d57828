// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Result.h"
#include "ScheduleTypes.h"

#include <QList>

#include <optional>
#include <span>

namespace taskorch::core {

/// The hard dependency network of a set of tasks in compact, index-based arrays (SPEC.md §7).
///
/// Tasks get dense indexes 0…n−1 in ascending id order; hard links are stored twice as CSR adjacency
/// (predecessors and successors of each task, each list sorted by the other end's id, duplicates kept in input
/// order). `enhances` links are kept aside for drawing and never constrain anything. Links with an end outside
/// the task set are ignored. Built once, then read-only: safe to read from several threads. Copies are cheap
/// (the arrays are implicitly shared).
class DependencyGraph
{
public:
    /// One end of a hard link as seen from the other end (8 bytes: the graph holds millions of them).
    class Edge
    {
    public:
        Edge() = default;
        Edge(qint32 node, Relation relation, qint32 lagMinutes)
            : m_nodeAndRelation(quint32(node) | (quint32(relation) << 30)), m_lagMinutes(lagMinutes)
        {}
        /// The index of the task at the other end.
        qint32 node() const { return qint32(m_nodeAndRelation & 0x3fffffffU); }
        Relation relation() const { return Relation(m_nodeAndRelation >> 30); }
        qint64 lagMinutes() const { return m_lagMinutes; }

    private:
        quint32 m_nodeAndRelation = 0;
        qint32 m_lagMinutes = 0;
    };

    /// At most this many tasks (indexes fit in 30 bits).
    static constexpr qint64 maxTasks = (qint64(1) << 30) - 1;
    /// At most this many hard links (offsets are 32-bit).
    static constexpr qint64 maxHardLinks = (qint64(1) << 31) - 1;

    DependencyGraph() = default;

    /// Builds the graph and searches it for a cycle (a cyclic graph is still returned: see cycle()).
    /// Invalid when a task id is listed twice, a duration is negative, a lag exceeds ±2^31 minutes or the network
    /// exceeds maxTasks / maxHardLinks.
    static Result<DependencyGraph> build(const QList<ScheduleTask> &tasks, const QList<ScheduleLink> &links);

    /// The earliest start the link `fromPredecessor` allows its successor (whose duration is `successorDuration`)
    /// given the predecessor's start and finish: FS finish + lag, SS start + lag, FF finish + lag − duration,
    /// SF start + lag − duration. May be negative.
    static qint64 startAllowedBy(const Edge &fromPredecessor, qint64 predecessorStart, qint64 predecessorFinish,
                                 qint64 successorDuration)
    {
        switch (fromPredecessor.relation()) {
        case Relation::FS:
            return predecessorFinish + fromPredecessor.lagMinutes();
        case Relation::SS:
            return predecessorStart + fromPredecessor.lagMinutes();
        case Relation::FF:
            return predecessorFinish + fromPredecessor.lagMinutes() - successorDuration;
        case Relation::SF:
            return predecessorStart + fromPredecessor.lagMinutes() - successorDuration;
        }
        return predecessorFinish + fromPredecessor.lagMinutes();
    }

    qint32 taskCount() const { return qint32(m_ids.size()); }
    qint64 hardLinkCount() const { return qint64(m_predEdges.size()); }

    /// The id of the task at `index` (ids ascend with the index).
    qint64 idAt(qint32 index) const { return m_ids[index]; }
    qint64 durationAt(qint32 index) const { return m_durations[index]; }
    /// Every id in ascending order, so that `ids()[i] == idAt(i)`.
    const QList<qint64> &ids() const { return m_ids; }
    /// Durations in minutes by index.
    const QList<qint64> &durations() const { return m_durations; }
    /// The index of `id`, or nothing when the task is not in the graph.
    std::optional<qint32> indexOf(qint64 id) const;

    /// Hard links into the task at `index`; `Edge::node()` is the predecessor. Sorted by predecessor id.
    std::span<const Edge> predecessors(qint32 index) const
    {
        return {m_predEdges.constData() + m_predOffsets[index], m_predEdges.constData() + m_predOffsets[index + 1]};
    }
    /// Hard links out of the task at `index`; `Edge::node()` is the successor. Sorted by successor id.
    std::span<const Edge> successors(qint32 index) const
    {
        return {m_succEdges.constData() + m_succOffsets[index], m_succEdges.constData() + m_succOffsets[index + 1]};
    }
    /// Position of `predecessors(index).front()` in one array holding every predecessor list back to back, so
    /// that a link can be named by one number (`predecessorListStart(i) + position in the list`).
    qint32 predecessorListStart(qint32 index) const { return m_predOffsets[index]; }
    /// The link named by `predecessorListStart(i) + k`: predecessors(i)[k].
    const Edge &predecessorLink(qint32 position) const { return m_predEdges[position]; }

    /// The `enhances` links between tasks of the graph, in input order: for drawing only.
    const QList<ScheduleLink> &softLinks() const { return m_softLinks; }

    bool hasCycle() const { return !m_cycle.isEmpty(); }
    /// A cycle over hard links as ids in "depends on" direction, starting and ending with its smallest id:
    /// `[a, b, c, a]` means a depends on b, b on c and c on a. Empty when the graph is acyclic.
    /// Deterministic: the search starts at the smallest id that lies on or behind a cycle and always follows the
    /// smallest prerequisite id that is itself on or behind a cycle.
    const QList<qint64> &cycle() const { return m_cycle; }
    /// Ok when acyclic; otherwise Conflict with the message "dependency cycle: 12 → 40 → 7 → 12".
    Status checkAcyclic() const;
    /// "12 → 40 → 7 → 12".
    static QString formatCycle(const QList<qint64> &cycle);

    /// Every task index in a topological order of the hard links (Kahn's algorithm, tasks taken in the order they
    /// become ready, the initially ready ones by id). Empty when the graph has a cycle.
    const QList<qint32> &topologicalOrder() const { return m_topological; }

private:
    void computeOrderAndCycle();

    QList<qint64> m_ids;
    QList<qint64> m_durations;
    // ids → index: a direct table when ids are dense enough, otherwise binary search on m_ids.
    QList<qint32> m_denseIndex;
    qint64 m_minId = 0;
    QList<qint32> m_predOffsets{0};
    QList<Edge> m_predEdges;
    QList<qint32> m_succOffsets{0};
    QList<Edge> m_succEdges;
    QList<ScheduleLink> m_softLinks;
    QList<qint32> m_topological;
    QList<qint64> m_cycle;
};

} // namespace taskorch::core
