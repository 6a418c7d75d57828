// SPDX-License-Identifier: GPL-3.0-or-later
#include "CriticalPath.h"

#include <QStringList>

#include <algorithm>
#include <limits>
#include <vector>

namespace taskorch::core {

namespace {

using Edge = DependencyGraph::Edge;

QString linkDescription(Relation relation, qint64 lagMinutes)
{
    QString text = relationDescription(relation);
    if (lagMinutes > 0) {
        text += QStringLiteral(", lag %1 h").arg(formatHours(lagMinutes));
    } else if (lagMinutes < 0) {
        text += QStringLiteral(", lead %1 h").arg(formatHours(-lagMinutes));
    }
    return text;
}

} // namespace

Result<CriticalPath> CriticalPath::compute(const QList<ScheduleTask> &tasks, const QList<ScheduleLink> &links)
{
    Result<DependencyGraph> graph = DependencyGraph::build(tasks, links);
    if (!graph) {
        return graph.error();
    }
    return compute(graph.value());
}

Result<CriticalPath> CriticalPath::compute(const DependencyGraph &graph)
{
    if (Status acyclic = graph.checkAcyclic(); !acyclic) {
        return acyclic.error();
    }
    const qint32 n = graph.taskCount();
    const QList<qint32> &order = graph.topologicalOrder();
    const qint64 *duration = graph.durations().constData();

    CriticalPath cp;
    cp.m_graph = graph;
    cp.m_earlyStart.resize(n);
    cp.m_lateFinish.resize(n);
    cp.m_freeSlack.resize(n);
    cp.m_driver.resize(n);
    qint64 *es = cp.m_earlyStart.data();
    qint64 *lf = cp.m_lateFinish.data();
    qint64 *freeSlack = cp.m_freeSlack.data();
    qint32 *driver = cp.m_driver.data();

    // Forward pass. Predecessor lists are sorted by id and only a strictly larger bound replaces the driver,
    // so ties go to the smallest id.
    qint64 projectEnd = 0;
    for (qint32 s : order) {
        const qint64 d = duration[s];
        const std::span<const Edge> preds = graph.predecessors(s);
        qint64 best = std::numeric_limits<qint64>::min();
        qint32 bestPosition = -1;
        for (size_t k = 0; k < preds.size(); ++k) {
            const Edge &e = preds[k];
            const qint64 allowed =
                DependencyGraph::startAllowedBy(e, es[e.node()], es[e.node()] + duration[e.node()], d);
            if (allowed > best) {
                best = allowed;
                bestPosition = graph.predecessorListStart(s) + qint32(k);
            }
        }
        if (bestPosition >= 0 && best >= 0) {
            es[s] = best;
            driver[s] = bestPosition;
        } else {
            es[s] = 0;
            driver[s] = -1;
        }
        projectEnd = std::max(projectEnd, es[s] + d);
    }

    // Backward pass, with free slack measured against the successors' earliest dates.
    for (auto it = order.crbegin(); it != order.crend(); ++it) {
        const qint32 p = *it;
        const qint64 d = duration[p];
        const qint64 esP = es[p];
        const qint64 efP = esP + d;
        qint64 latest = projectEnd;
        qint64 room = projectEnd - efP;
        for (const Edge &e : graph.successors(p)) {
            const qint32 s = e.node();
            const qint64 lag = e.lagMinutes();
            switch (e.relation()) {
            case Relation::FS:
                latest = std::min(latest, lf[s] - duration[s] - lag);
                room = std::min(room, es[s] - lag - efP);
                break;
            case Relation::SS:
                latest = std::min(latest, lf[s] - duration[s] - lag + d);
                room = std::min(room, es[s] - lag - esP);
                break;
            case Relation::FF:
                latest = std::min(latest, lf[s] - lag);
                room = std::min(room, es[s] + duration[s] - lag - efP);
                break;
            case Relation::SF:
                latest = std::min(latest, lf[s] - lag + d);
                room = std::min(room, es[s] + duration[s] - lag - esP);
                break;
            }
        }
        lf[p] = latest;
        freeSlack[p] = room;
        Q_ASSERT(latest >= efP && room >= 0 && room <= latest - efP);
    }
    cp.m_projectDuration = projectEnd;

    // The first critical chain: from the smallest critical task that no binding critical link drives, always
    // to the smallest binding critical successor. A critical task's binding predecessor is critical too, so
    // the walk cannot stop before the project end.
    for (qint32 s = 0; s < n; ++s) {
        if (!cp.startsCriticalChain(s)) {
            continue;
        }
        for (qint32 current = s; current >= 0;) {
            cp.m_criticalPath.append(graph.idAt(current));
            const std::span<const Edge> next = graph.successors(current);
            const auto step =
                std::find_if(next.begin(), next.end(), [&](const Edge &e) { return cp.binding(current, e); });
            current = step == next.end() ? -1 : step->node();
        }
        break;
    }
    return cp;
}

bool CriticalPath::binding(qint32 predecessor, const DependencyGraph::Edge &toSuccessor) const
{
    const qint32 s = toSuccessor.node();
    return isCriticalAt(s) &&
           DependencyGraph::startAllowedBy(toSuccessor, m_earlyStart[predecessor],
                                           m_earlyStart[predecessor] + m_graph.durationAt(predecessor),
                                           m_graph.durationAt(s)) == m_earlyStart[s];
}

bool CriticalPath::startsCriticalChain(qint32 index) const
{
    if (!isCriticalAt(index)) {
        return false;
    }
    const std::span<const Edge> preds = m_graph.predecessors(index);
    return std::none_of(preds.begin(), preds.end(), [&](const Edge &in) {
        const qint32 p = in.node();
        return isCriticalAt(p) &&
               DependencyGraph::startAllowedBy(in, m_earlyStart[p], m_earlyStart[p] + m_graph.durationAt(p),
                                               m_graph.durationAt(index)) == m_earlyStart[index];
    });
}

CriticalPaths CriticalPath::allCriticalPaths(int maxPaths, qint64 maxIds) const
{
    CriticalPaths out;
    const qint32 n = m_graph.taskCount();
    struct Frame
    {
        qint32 node;
        qint32 next;      // position in the successor list
        qint32 lastChild; // duplicate links to one successor must not duplicate chains
    };
    std::vector<Frame> stack;
    qint64 idsTaken = 0;
    for (qint32 start = 0; start < n; ++start) {
        if (!startsCriticalChain(start)) {
            continue;
        }
        stack.push_back(Frame{start, 0, -1});
        while (!stack.empty()) {
            Frame &top = stack.back();
            const std::span<const Edge> next = m_graph.successors(top.node);
            bool descended = false;
            while (top.next < qint32(next.size())) {
                const Edge &e = next[size_t(top.next++)];
                if (e.node() != top.lastChild && binding(top.node, e)) {
                    top.lastChild = e.node();
                    stack.push_back(Frame{e.node(), 0, -1});
                    descended = true;
                    break;
                }
            }
            if (descended) {
                continue;
            }
            if (top.lastChild < 0) {
                if (out.paths.size() >= maxPaths || idsTaken + qint64(stack.size()) > maxIds) {
                    out.truncated = true;
                    return out;
                }
                QList<qint64> chain;
                chain.reserve(qsizetype(stack.size()));
                for (const Frame &f : stack) {
                    chain.append(m_graph.idAt(f.node));
                }
                idsTaken += chain.size();
                out.paths.append(std::move(chain));
            }
            stack.pop_back();
        }
    }
    return out;
}

TaskSchedule CriticalPath::taskAt(qint32 index) const
{
    TaskSchedule t;
    t.id = m_graph.idAt(index);
    t.durationMinutes = m_graph.durationAt(index);
    t.earlyStart = m_earlyStart[index];
    t.earlyFinish = t.earlyStart + t.durationMinutes;
    t.lateFinish = m_lateFinish[index];
    t.lateStart = t.lateFinish - t.durationMinutes;
    t.totalSlack = t.lateStart - t.earlyStart;
    t.freeSlack = m_freeSlack[index];
    t.critical = t.totalSlack == 0;
    if (const qint32 position = m_driver[index]; position >= 0) {
        const Edge &e = m_graph.predecessorLink(position);
        t.drivingPredecessor = m_graph.idAt(e.node());
        t.drivingRelation = e.relation();
        t.drivingLagMinutes = e.lagMinutes();
    }
    return t;
}

std::optional<TaskSchedule> CriticalPath::task(qint64 taskId) const
{
    const std::optional<qint32> index = m_graph.indexOf(taskId);
    if (!index) {
        return std::nullopt;
    }
    return taskAt(*index);
}

QList<TaskSchedule> CriticalPath::tasks() const
{
    QList<TaskSchedule> out;
    out.reserve(taskCount());
    for (qint32 i = 0; i < taskCount(); ++i) {
        out.append(taskAt(i));
    }
    return out;
}

Result<CriticalityExplanation> CriticalPath::explain(qint64 taskId) const
{
    const std::optional<qint32> index = m_graph.indexOf(taskId);
    if (!index) {
        return makeError(ErrorCode::NotFound, QStringLiteral("task %1 is not in the schedule").arg(taskId));
    }
    const TaskSchedule t = taskAt(*index);
    CriticalityExplanation out;
    out.taskId = taskId;
    out.critical = t.critical;
    out.totalSlackMinutes = t.totalSlack;
    out.freeSlackMinutes = t.freeSlack;

    QStringList sentences;
    if (t.critical) {
        sentences << QStringLiteral("Task %1 is critical: it has no slack.").arg(taskId);
    } else {
        QString s = QStringLiteral("Task %1 is not critical: it can slip %2 h without delaying the project.")
                        .arg(taskId)
                        .arg(formatHours(t.totalSlack));
        if (t.freeSlack == 0) {
            s += QStringLiteral(" Any delay to it pushes back a successor, though.");
        } else if (t.freeSlack < t.totalSlack) {
            s += QStringLiteral(" It can slip %1 h before it pushes back any successor.").arg(formatHours(t.freeSlack));
        }
        sentences << s;
    }

    // The driving chain; its description elides the middle of a long chain.
    constexpr qsizetype shownLinks = 5;
    QStringList drivers;
    qint32 current = *index;
    out.drivingChain.append(taskId);
    while (m_driver[current] >= 0) {
        const Edge &e = m_graph.predecessorLink(m_driver[current]);
        drivers << QStringLiteral("task %1 (%2)")
                       .arg(m_graph.idAt(e.node()))
                       .arg(linkDescription(e.relation(), e.lagMinutes()));
        current = e.node();
        out.drivingChain.append(m_graph.idAt(current));
    }
    const bool startHasPrerequisites = !m_graph.predecessors(current).empty();
    if (drivers.isEmpty()) {
        sentences << (startHasPrerequisites
                          ? QStringLiteral("Its prerequisites do not hold it back: it can start at the project start.")
                          : QStringLiteral("It is a start task: it depends on nothing."));
    } else {
        QString text = QStringLiteral("Its start is driven by ") + drivers.first();
        if (drivers.size() <= shownLinks + 1) {
            for (qsizetype i = 1; i < drivers.size(); ++i) {
                text += QStringLiteral(", which is driven by ") + drivers[i];
            }
        } else {
            for (qsizetype i = 1; i < shownLinks; ++i) {
                text += QStringLiteral(", which is driven by ") + drivers[i];
            }
            text += QStringLiteral(", and so on through %1 more tasks back to task %2")
                        .arg(drivers.size() - shownLinks - 1)
                        .arg(m_graph.idAt(current));
        }
        sentences << QStringLiteral("%1, %2.").arg(
            text, startHasPrerequisites ? QStringLiteral("whose own prerequisites do not hold it back")
                                        : QStringLiteral("a start task"));
    }
    if (t.critical) {
        sentences
            << QStringLiteral("Any delay to it delays the project end (%1 h).").arg(formatHours(m_projectDuration));
    } else {
        sentences << QStringLiteral("It can start between %1 h and %2 h after the project start; the project ends at "
                                    "%3 h.")
                         .arg(formatHours(t.earlyStart), formatHours(t.lateStart), formatHours(m_projectDuration));
    }
    out.text = sentences.join(QLatin1Char(' '));
    return out;
}

} // namespace taskorch::core
