// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "DependencyGraph.h"
#include "Result.h"
#include "ScheduleTypes.h"

#include <QList>
#include <QString>

#include <optional>

namespace taskorch::core {

/// One task's place in the critical-path schedule. All times are whole minutes from the project start.
struct TaskSchedule
{
    qint64 id = 0;
    qint64 durationMinutes = 0;
    qint64 earlyStart = 0;
    qint64 earlyFinish = 0;
    qint64 lateStart = 0;
    qint64 lateFinish = 0;
    qint64 totalSlack = 0; ///< lateStart − earlyStart: how far it can slip without moving the project end
    qint64 freeSlack = 0;  ///< how far it can slip without moving any successor's earliest dates or the end
    bool critical = false; ///< totalSlack == 0
    /// The hard predecessor whose link sets earlyStart (ties → smallest id). Absent for a task that starts at 0
    /// because no link pushes it later.
    std::optional<qint64> drivingPredecessor;
    Relation drivingRelation = Relation::FS; ///< of the driving link; meaningful only with drivingPredecessor
    qint64 drivingLagMinutes = 0;            ///< of the driving link
};

/// Why a task is or is not critical, for a planner (CriticalPath::explain()).
struct CriticalityExplanation
{
    qint64 taskId = 0;
    bool critical = false;
    qint64 totalSlackMinutes = 0;
    qint64 freeSlackMinutes = 0;
    /// The task, its driving predecessor, that one's driving predecessor, … back to a start task.
    QList<qint64> drivingChain;
    /// A few sentences, e.g. "Task 7 is critical: it has no slack. Its start is driven by task 5
    /// (finish-to-start), which is driven by task 2 (finish-to-start), a start task. Any delay to it delays the
    /// project end (42.0 h)."
    QString text;
};

/// Chains of critical tasks (CriticalPath::allCriticalPaths()).
struct CriticalPaths
{
    QList<QList<qint64>> paths; ///< in lexicographic id order
    bool truncated = false;     ///< a cap stopped the enumeration and more chains exist
};

/// The critical path method over the hard links of a DependencyGraph (SPEC.md §7).
///
/// Relations: FS succ.ES ≥ pred.EF + lag; SS succ.ES ≥ pred.ES + lag; FF succ.EF ≥ pred.EF + lag;
/// SF succ.EF ≥ pred.ES + lag. ES is never below 0, LF never above the project duration (= max EF).
/// O(V + E), deterministic. The result keeps a (shared, cheap) copy of the graph and about 28 bytes per task;
/// it is a plain value with no thread affinity, and its const methods may run concurrently.
class CriticalPath
{
public:
    CriticalPath() = default;

    /// Conflict ("dependency cycle: 12 → 40 → 7 → 12") when the hard links form a cycle.
    static Result<CriticalPath> compute(const DependencyGraph &graph);
    /// Convenience: builds the graph first (Invalid on duplicate ids, negative durations, …).
    static Result<CriticalPath> compute(const QList<ScheduleTask> &tasks, const QList<ScheduleLink> &links);

    const DependencyGraph &graph() const { return m_graph; }
    /// max EF over all tasks; 0 for an empty network.
    qint64 projectDurationMinutes() const { return m_projectDuration; }
    qint32 taskCount() const { return m_graph.taskCount(); }
    /// The schedule of the task at graph index `index` (0 … taskCount() − 1, ascending id).
    TaskSchedule taskAt(qint32 index) const;
    /// The schedule of `taskId`, or nothing when the task is not in the network.
    std::optional<TaskSchedule> task(qint64 taskId) const;
    /// Every task in ascending id order (materialised: about 100 bytes per task).
    QList<TaskSchedule> tasks() const;
    qint64 earlyStartAt(qint32 index) const { return m_earlyStart[index]; }
    qint64 lateStartAt(qint32 index) const { return m_lateFinish[index] - m_graph.durationAt(index); }
    bool isCriticalAt(qint32 index) const
    {
        return m_lateFinish[index] - m_graph.durationAt(index) == m_earlyStart[index];
    }

    /// One critical chain from a start task (ES 0) to the project end, following binding links (the successor's
    /// earliest date is exactly what the link allows) between critical tasks. Ties by id: the smallest start task,
    /// then always the smallest successor. Empty only for an empty network.
    const QList<qint64> &criticalPath() const { return m_criticalPath; }
    /// Every such chain in lexicographic id order (the first one is criticalPath()), stopping after `maxPaths`
    /// chains or `maxIds` ids in all, whichever comes first. Computed on each call: the count can grow
    /// exponentially with the number of ties.
    CriticalPaths allCriticalPaths(int maxPaths = 1000, qint64 maxIds = 1'000'000) const;

    /// Slack, driving chain and a short text. NotFound when `taskId` is not in the network.
    Result<CriticalityExplanation> explain(qint64 taskId) const;

private:
    bool binding(qint32 predecessor, const DependencyGraph::Edge &toSuccessor) const;
    bool startsCriticalChain(qint32 index) const;

    DependencyGraph m_graph;
    qint64 m_projectDuration = 0;
    QList<qint64> m_earlyStart;
    QList<qint64> m_lateFinish;
    QList<qint64> m_freeSlack;
    // Position of the driving link in the graph's predecessor lists, or -1.
    QList<qint32> m_driver;
    QList<qint64> m_criticalPath;
};

} // namespace taskorch::core
