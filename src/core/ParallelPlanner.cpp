// SPDX-License-Identifier: GPL-3.0-or-later
#include "ParallelPlanner.h"

#include "CriticalPath.h"

#include <algorithm>
#include <bit>
#include <limits>
#include <numeric>
#include <queue>
#include <tuple>
#include <vector>

namespace taskorch::core {

namespace {

using Edge = DependencyGraph::Edge;

// Lanes 0…K−1 as the bits of a mask; the smallest free lane is taken first.
class LanePool
{
public:
    explicit LanePool(int k) : m_free(k >= 64 ? ~quint64(0) : (quint64(1) << k) - 1) {}
    bool anyFree() const { return m_free != 0; }
    int take()
    {
        const int lane = std::countr_zero(m_free);
        m_free &= m_free - 1;
        return lane;
    }
    void give(int lane) { m_free |= quint64(1) << lane; }

private:
    quint64 m_free;
};

// Everything the two views share: the graph and, per task index, its duration and its critical-path
// priority (the longest path from its start to the project end).
struct Problem
{
    const DependencyGraph &graph;
    int k;
    qint32 n;
    const qint64 *duration;
    std::vector<qint64> tail;
};

struct FlowSchedule
{
    std::vector<qint64> start;
    std::vector<qint64> finish;
    std::vector<int> lane;
    qint64 makespan = 0;
};

// List scheduling over the whole network: whenever a lane is free, the released task with the longest tail
// (ties by id) takes the smallest free lane. A task is released once every predecessor has started (durations
// are fixed, so its earliest start is then known) and the links allow it.
FlowSchedule flowSchedule(const Problem &pb)
{
    const DependencyGraph &graph = pb.graph;
    const qint32 n = pb.n;
    FlowSchedule f;
    f.start.assign(static_cast<size_t>(n), 0);
    f.finish.assign(static_cast<size_t>(n), 0);
    f.lane.assign(static_cast<size_t>(n), 0);

    using Key = std::pair<qint64, qint32>; // (−tail, index): smaller is more urgent
    std::priority_queue<Key, std::vector<Key>, std::greater<>> ready;
    using Pending = std::tuple<qint64, qint64, qint32>; // (release, −tail, index)
    std::priority_queue<Pending, std::vector<Pending>, std::greater<>> pending;
    using Running = std::pair<qint64, int>; // (finish, lane)
    std::priority_queue<Running, std::vector<Running>, std::greater<>> running;
    std::vector<qint32> unstarted(static_cast<size_t>(n));
    for (qint32 i = 0; i < n; ++i) {
        unstarted[size_t(i)] = qint32(graph.predecessors(i).size());
        if (unstarted[size_t(i)] == 0) {
            ready.emplace(-pb.tail[size_t(i)], i);
        }
    }

    LanePool lanes(pb.k);
    qint64 now = 0;
    qint32 started = 0;
    while (started < n) {
        while (!running.empty() && running.top().first <= now) {
            lanes.give(running.top().second);
            running.pop();
        }
        while (!pending.empty() && std::get<0>(pending.top()) <= now) {
            ready.emplace(std::get<1>(pending.top()), std::get<2>(pending.top()));
            pending.pop();
        }
        while (lanes.anyFree() && !ready.empty()) {
            const qint32 i = ready.top().second;
            ready.pop();
            const int lane = lanes.take();
            f.start[size_t(i)] = now;
            f.finish[size_t(i)] = now + pb.duration[i];
            f.lane[size_t(i)] = lane;
            f.makespan = std::max(f.makespan, f.finish[size_t(i)]);
            running.emplace(f.finish[size_t(i)], lane);
            ++started;
            for (const Edge &out : graph.successors(i)) {
                const qint32 s = out.node();
                if (--unstarted[size_t(s)] != 0) {
                    continue;
                }
                qint64 release = 0;
                for (const Edge &in : graph.predecessors(s)) {
                    release =
                        std::max(release, DependencyGraph::startAllowedBy(in, f.start[size_t(in.node())],
                                                                          f.finish[size_t(in.node())], pb.duration[s]));
                }
                if (release <= now) {
                    ready.emplace(-pb.tail[size_t(s)], s);
                } else {
                    pending.emplace(release, -pb.tail[size_t(s)], s);
                }
            }
        }
        if (started == n) {
            break;
        }
        qint64 next = std::numeric_limits<qint64>::max();
        if (!running.empty()) {
            next = running.top().first;
        }
        if (!pending.empty() && lanes.anyFree()) {
            next = std::min(next, std::get<0>(pending.top()));
        }
        Q_ASSERT(next != std::numeric_limits<qint64>::max());
        now = std::max(now, next);
    }
    return f;
}

// A small deterministic generator (splitmix64): the same input always gives the same plan, on every platform.
class SplitMix
{
public:
    quint64 next()
    {
        quint64 z = (m_state += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    quint64 below(quint64 bound) { return next() % bound; }

private:
    quint64 m_state = 0x5eed5eed5eed5eedULL;
};

// The wave view: tasks are put into ordered groups (every hard predecessor in an earlier group), each group
// packed onto K lanes. Built in three steps, all deterministic:
//  1. greedy construction, one group at a time: for several duration caps C (the distinct durations among
//     the most urgent ready tasks, and "all of them"), pack the ready tasks by urgency onto K lanes of length C
//     and keep the cap that minimises C + 1.1 × (lower bound of what remains: the longest remaining tail or the
//     remaining work / K). This packs long tasks together and keeps the critical chain moving;
//  2. compaction: move single tasks into an earlier or later group where they fit into idle lane time;
//  3. a bounded local search of random single-task moves between groups (and lanes) that never lengthen the
//     plan, which breaks the ties the first two steps leave.
// Lags are ignored while grouping (any hard link forces a later group); they are honoured when each group is
// finally timed.
class WaveBuilder
{
public:
    explicit WaveBuilder(const Problem &pb)
        : m_pb(pb), m_group(static_cast<size_t>(pb.n), -1), m_lane(static_cast<size_t>(pb.n), 0)
    {}

    void run()
    {
        construct();
        relaxWithLpt();
        compact();
        relaxWithLpt();
        search();
        dropEmptyGroups();
    }

    qint32 groupCount() const { return qint32(m_makespan.size()); }
    qint32 groupOf(qint32 i) const { return m_group[size_t(i)]; }
    int laneOf(qint32 i) const { return m_lane[size_t(i)]; }
    qint64 packedLength(qint32 g) const { return m_makespan[size_t(g)]; }

private:
    // α = 11/10 in the construction score: a little pessimism about what remains favours fuller groups.
    static constexpr qint64 alphaNumerator = 11;
    static constexpr qint64 alphaDenominator = 10;
    static constexpr int maxCaps = 16;
    static constexpr qint32 compactionWindow = 64;
    static constexpr int compactionPasses = 10;

    qint64 *loads(qint32 g) { return m_load.data() + size_t(g) * size_t(m_pb.k); }
    const qint64 *loads(qint32 g) const { return m_load.data() + size_t(g) * size_t(m_pb.k); }
    qint32 addGroup()
    {
        m_load.resize(m_load.size() + size_t(m_pb.k), 0);
        m_makespan.push_back(0);
        m_room.push_back(0);
        return qint32(m_makespan.size()) - 1;
    }
    // Recomputes the group's length and the longest task it can still take without getting longer.
    void refresh(qint32 g)
    {
        const qint64 *l = loads(g);
        const auto [lo, hi] = std::minmax_element(l, l + m_pb.k);
        m_makespan[size_t(g)] = *hi;
        m_room[size_t(g)] = *hi - *lo;
    }

    struct Packing
    {
        std::vector<char> chosen; // by position in the candidate list
        std::vector<int> lane;
        std::vector<qint64> load;
        qint64 work = 0;
        qint64 makespan = 0;
    };

    // Urgency order, best fit: each task goes to the fullest lane that still has room for it within `cap`.
    Packing packByUrgency(const std::vector<qint32> &candidates, qint64 cap, qint64 shortest) const
    {
        const int k = m_pb.k;
        Packing p;
        p.chosen.assign(candidates.size(), 0);
        p.lane.assign(candidates.size(), 0);
        p.load.assign(size_t(k), 0);
        qint64 room = cap;
        for (size_t c = 0; c < candidates.size() && room >= shortest; ++c) {
            const qint64 d = m_pb.duration[candidates[c]];
            if (d > room) {
                continue;
            }
            int best = -1;
            for (int l = 0; l < k; ++l) {
                if (p.load[size_t(l)] + d <= cap && (best < 0 || p.load[size_t(l)] > p.load[size_t(best)])) {
                    best = l;
                }
            }
            p.chosen[c] = 1;
            p.lane[c] = best;
            p.load[size_t(best)] += d;
            p.work += d;
            room = 0;
            for (int l = 0; l < k; ++l) {
                room = std::max(room, cap - p.load[size_t(l)]);
            }
        }
        p.makespan = *std::max_element(p.load.begin(), p.load.end());
        return p;
    }

    // Longest processing time first onto the least loaded lane: every candidate.
    Packing packAll(const std::vector<qint32> &candidates) const
    {
        const int k = m_pb.k;
        Packing p;
        p.chosen.assign(candidates.size(), 1);
        p.lane.assign(candidates.size(), 0);
        p.load.assign(size_t(k), 0);
        std::vector<size_t> order(candidates.size());
        std::iota(order.begin(), order.end(), size_t(0));
        std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
            return m_pb.duration[candidates[a]] > m_pb.duration[candidates[b]];
        });
        for (size_t c : order) {
            const int l = int(std::min_element(p.load.begin(), p.load.end()) - p.load.begin());
            p.lane[c] = l;
            p.load[size_t(l)] += m_pb.duration[candidates[c]];
            p.work += m_pb.duration[candidates[c]];
        }
        p.makespan = *std::max_element(p.load.begin(), p.load.end());
        return p;
    }

    void construct()
    {
        const DependencyGraph &graph = m_pb.graph;
        const qint32 n = m_pb.n;
        const int k = m_pb.k;
        // Looking at the most urgent few dozen tasks per lane is enough to fill a group and bounds the work.
        const size_t window = size_t(8 * k + 32);

        using Key = std::pair<qint64, qint32>; // (−tail, index): top = most urgent
        std::priority_queue<Key, std::vector<Key>, std::greater<>> ready;
        std::vector<qint32> waiting(static_cast<size_t>(n));
        qint64 remainingWork = 0;
        for (qint32 i = 0; i < n; ++i) {
            waiting[size_t(i)] = qint32(graph.predecessors(i).size());
            if (waiting[size_t(i)] == 0) {
                ready.emplace(-m_pb.tail[size_t(i)], i);
            }
            remainingWork += m_pb.duration[i];
        }

        std::vector<qint32> candidates;
        std::vector<qint64> caps;
        qint32 placed = 0;
        while (placed < n) {
            candidates.clear();
            while (!ready.empty() && candidates.size() < window) {
                candidates.push_back(ready.top().second);
                ready.pop();
            }
            Q_ASSERT(!candidates.empty());
            const qint64 restTail = ready.empty() ? 0 : -ready.top().first;

            caps.clear();
            for (qint32 i : candidates) {
                caps.push_back(m_pb.duration[i]);
            }
            std::sort(caps.begin(), caps.end());
            caps.erase(std::unique(caps.begin(), caps.end()), caps.end());
            const qint64 shortest = caps.front();
            if (caps.size() > size_t(maxCaps)) {
                std::vector<qint64> spread;
                for (int j = 0; j < maxCaps; ++j) {
                    spread.push_back(caps[size_t(j) * (caps.size() - 1) / size_t(maxCaps - 1)]);
                }
                caps.swap(spread);
            }

            // score × K × denominator = denominator·K·makespan + numerator·max(K·tail, work left)
            const auto score = [&](const Packing &p) {
                qint64 tail = restTail;
                for (size_t c = 0; c < candidates.size(); ++c) {
                    if (!p.chosen[c]) {
                        tail = std::max(tail, m_pb.tail[size_t(candidates[c])]);
                        break; // candidates are in urgency order
                    }
                }
                for (size_t c = 0; c < candidates.size(); ++c) {
                    if (p.chosen[c]) {
                        for (const Edge &e : graph.successors(candidates[c])) {
                            tail = std::max(tail, m_pb.tail[size_t(e.node())]);
                        }
                    }
                }
                return alphaDenominator * k * p.makespan +
                       alphaNumerator * std::max(qint64(k) * tail, remainingWork - p.work);
            };

            Packing best = packAll(candidates);
            qint64 bestScore = score(best);
            for (qint64 cap : caps) {
                Packing p = packByUrgency(candidates, cap, shortest);
                const qint64 s = score(p);
                if (s < bestScore || (s == bestScore && p.work > best.work)) {
                    bestScore = s;
                    best = std::move(p);
                }
            }

            const qint32 g = addGroup();
            qint64 *l = loads(g);
            for (int lane = 0; lane < k; ++lane) {
                l[lane] = best.load[size_t(lane)];
            }
            refresh(g);
            remainingWork -= best.work;
            for (size_t c = 0; c < candidates.size(); ++c) {
                const qint32 i = candidates[c];
                if (!best.chosen[c]) {
                    ready.emplace(-m_pb.tail[size_t(i)], i);
                    continue;
                }
                m_group[size_t(i)] = g;
                m_lane[size_t(i)] = best.lane[c];
                ++placed;
            }
            for (size_t c = 0; c < candidates.size(); ++c) {
                if (!best.chosen[c]) {
                    continue;
                }
                for (const Edge &e : graph.successors(candidates[c])) {
                    if (--waiting[size_t(e.node())] == 0) {
                        ready.emplace(-m_pb.tail[size_t(e.node())], e.node());
                    }
                }
            }
        }
    }

    // Re-packs every group with LPT where that is shorter than its current lanes.
    void relaxWithLpt()
    {
        const int k = m_pb.k;
        std::vector<std::vector<qint32>> members(m_makespan.size());
        for (qint32 i = 0; i < m_pb.n; ++i) {
            members[size_t(m_group[size_t(i)])].push_back(i);
        }
        std::vector<qint64> lpt(static_cast<size_t>(k));
        for (qint32 g = 0; g < groupCount(); ++g) {
            std::vector<qint32> &m = members[size_t(g)];
            std::sort(m.begin(), m.end(), [&](qint32 a, qint32 b) {
                return std::pair(-m_pb.duration[a], a) < std::pair(-m_pb.duration[b], b);
            });
            std::fill(lpt.begin(), lpt.end(), 0);
            for (qint32 i : m) {
                *std::min_element(lpt.begin(), lpt.end()) += m_pb.duration[i];
            }
            if (*std::max_element(lpt.begin(), lpt.end()) >= m_makespan[size_t(g)]) {
                continue;
            }
            qint64 *l = loads(g);
            std::fill(l, l + k, 0);
            for (qint32 i : m) {
                const int lane = int(std::min_element(l, l + k) - l);
                m_lane[size_t(i)] = lane;
                l[lane] += m_pb.duration[i];
            }
            refresh(g);
        }
    }

    // The fullest lane of group `g` that takes `d` more minutes without lengthening the group, or -1.
    int fittingLane(qint32 g, qint64 d) const
    {
        if (d > m_room[size_t(g)]) {
            return -1;
        }
        const qint64 *l = loads(g);
        int best = -1;
        for (int lane = 0; lane < m_pb.k; ++lane) {
            if (l[lane] + d <= m_makespan[size_t(g)] && (best < 0 || l[lane] > l[best])) {
                best = lane;
            }
        }
        return best;
    }

    void move(qint32 i, qint32 g, int lane)
    {
        const qint64 d = m_pb.duration[i];
        const qint32 from = m_group[size_t(i)];
        loads(from)[m_lane[size_t(i)]] -= d;
        refresh(from);
        loads(g)[lane] += d;
        refresh(g);
        m_group[size_t(i)] = g;
        m_lane[size_t(i)] = lane;
    }

    qint32 earliestGroup(qint32 i) const
    {
        qint32 lo = 0;
        for (const Edge &e : m_pb.graph.predecessors(i)) {
            lo = std::max(lo, m_group[size_t(e.node())] + 1);
        }
        return lo;
    }
    qint32 latestGroup(qint32 i) const
    {
        qint32 hi = groupCount() - 1;
        for (const Edge &e : m_pb.graph.successors(i)) {
            hi = std::min(hi, m_group[size_t(e.node())] - 1);
        }
        return hi;
    }

    void compact()
    {
        const QList<qint32> &order = m_pb.graph.topologicalOrder();
        for (int pass = 0; pass < compactionPasses; ++pass) {
            bool changed = false;
            for (qint32 i : order) {
                const qint32 g = m_group[size_t(i)];
                for (qint32 h = std::max(earliestGroup(i), g - compactionWindow); h < g; ++h) {
                    if (const int lane = fittingLane(h, m_pb.duration[i]); lane >= 0) {
                        move(i, h, lane);
                        changed = true;
                        break;
                    }
                }
            }
            for (auto it = order.crbegin(); it != order.crend(); ++it) {
                const qint32 i = *it;
                const qint32 g = m_group[size_t(i)];
                for (qint32 h = std::min(latestGroup(i), g + compactionWindow); h > g; --h) {
                    if (const int lane = fittingLane(h, m_pb.duration[i]); lane >= 0) {
                        move(i, h, lane);
                        changed = true;
                        break;
                    }
                }
            }
            if (!changed) {
                break;
            }
        }
    }

    // Random single-task moves (to another group or lane) accepted when the plan does not get longer.
    void search()
    {
        const qint32 n = m_pb.n;
        const int k = m_pb.k;
        if (n < 2) {
            return;
        }
        // About 100 tries per task, capped so that very large plans stay within their time budget. Sweeping the
        // tasks in index order (rather than picking them at random) keeps the memory accesses local.
        const qint64 budget = 4'000'000 * 16 / std::max(k, 16);
        const qint64 sweeps = std::clamp<qint64>(budget / n, 1, 100);
        SplitMix rng;
        for (qint64 it = 0; it < sweeps * n; ++it) {
            const qint32 i = qint32(it % n);
            const qint32 lo = earliestGroup(i);
            const qint32 hi = latestGroup(i);
            const qint32 h = lo + qint32(rng.below(quint64(hi - lo + 1)));
            const qint32 from = m_group[size_t(i)];
            const qint64 d = m_pb.duration[i];
            qint64 *source = loads(from);
            source[m_lane[size_t(i)]] -= d;
            const qint64 sourceAfter = *std::max_element(source, source + k);
            const qint64 *target = loads(h);
            const int lane = int(std::min_element(target, target + k) - target);
            qint64 delta;
            qint64 targetAfter;
            if (h == from) {
                targetAfter = std::max(sourceAfter, target[lane] + d);
                delta = targetAfter - m_makespan[size_t(from)];
            } else {
                targetAfter = std::max(m_makespan[size_t(h)], target[lane] + d);
                delta = (sourceAfter - m_makespan[size_t(from)]) + (targetAfter - m_makespan[size_t(h)]);
            }
            source[m_lane[size_t(i)]] += d;
            if (delta > 0) {
                continue;
            }
            move(i, h, lane);
        }
    }

    void dropEmptyGroups()
    {
        std::vector<qint32> count(m_makespan.size(), 0);
        for (qint32 g : m_group) {
            ++count[size_t(g)];
        }
        std::vector<qint32> renumber(m_makespan.size(), -1);
        qint32 next = 0;
        for (size_t g = 0; g < m_makespan.size(); ++g) {
            if (count[g] > 0) {
                m_makespan[size_t(next)] = m_makespan[g];
                m_room[size_t(next)] = m_room[g];
                std::copy_n(loads(qint32(g)), m_pb.k, loads(next));
                renumber[g] = next++;
            }
        }
        m_makespan.resize(size_t(next));
        m_room.resize(size_t(next));
        m_load.resize(size_t(next) * size_t(m_pb.k));
        for (qint32 &g : m_group) {
            g = renumber[size_t(g)];
        }
    }

    const Problem &m_pb;
    std::vector<qint32> m_group;
    std::vector<int> m_lane;
    std::vector<qint64> m_load; // K lane loads per group
    std::vector<qint64> m_makespan;
    std::vector<qint64> m_room; // makespan − least loaded lane
};

// Times one group on K lanes: released tasks, longest first (ties by tail, then id), each on the smallest free
// lane. `release` is relative to the group start. Writes start and lane, returns the group's length.
qint64 listScheduleGroup(const Problem &pb, std::vector<qint32> &members, const std::vector<qint64> &release,
                         std::vector<qint64> &start, std::vector<int> &lane)
{
    std::sort(members.begin(), members.end(), [&](qint32 a, qint32 b) {
        return std::tuple(release[size_t(a)], -pb.duration[a], -pb.tail[size_t(a)], a) <
               std::tuple(release[size_t(b)], -pb.duration[b], -pb.tail[size_t(b)], b);
    });
    using Key = std::tuple<qint64, qint64, qint32>; // (−duration, −tail, index)
    std::priority_queue<Key, std::vector<Key>, std::greater<>> ready;
    using Running = std::pair<qint64, int>;
    std::priority_queue<Running, std::vector<Running>, std::greater<>> running;
    LanePool lanes(pb.k);
    size_t nextRelease = 0;
    size_t started = 0;
    qint64 now = 0;
    qint64 makespan = 0;
    while (started < members.size()) {
        while (!running.empty() && running.top().first <= now) {
            lanes.give(running.top().second);
            running.pop();
        }
        while (nextRelease < members.size() && release[size_t(members[nextRelease])] <= now) {
            const qint32 i = members[nextRelease++];
            ready.emplace(-pb.duration[i], -pb.tail[size_t(i)], i);
        }
        while (lanes.anyFree() && !ready.empty()) {
            const qint32 i = std::get<2>(ready.top());
            ready.pop();
            const int l = lanes.take();
            start[size_t(i)] = now;
            lane[size_t(i)] = l;
            running.emplace(now + pb.duration[i], l);
            makespan = std::max(makespan, now + pb.duration[i]);
            ++started;
        }
        if (started == members.size()) {
            break;
        }
        qint64 next = std::numeric_limits<qint64>::max();
        if (!running.empty()) {
            next = running.top().first;
        }
        if (nextRelease < members.size() && lanes.anyFree()) {
            next = std::min(next, release[size_t(members[nextRelease])]);
        }
        now = std::max(now, next);
    }
    return makespan;
}

} // namespace

QList<qint64> PlanGroup::taskIds() const
{
    QList<qint64> ids;
    ids.reserve(tasks.size());
    for (const GroupEntry &e : tasks) {
        ids.append(e.id);
    }
    return ids;
}

Result<ParallelPlan> ParallelPlanner::plan(const DependencyGraph &graph, int maxParallelTasks)
{
    if (maxParallelTasks < minParallel || maxParallelTasks > maxParallel) {
        return makeError(ErrorCode::Invalid,
                         QStringLiteral("the number of tasks run at once must be between %1 and %2, not %3")
                             .arg(minParallel)
                             .arg(maxParallel)
                             .arg(maxParallelTasks));
    }
    Result<CriticalPath> cpm = CriticalPath::compute(graph);
    if (!cpm) {
        return cpm.error();
    }
    const qint32 n = graph.taskCount();
    Problem pb{graph, maxParallelTasks, n, graph.durations().constData(), {}};
    pb.tail.resize(static_cast<size_t>(n));
    for (qint32 i = 0; i < n; ++i) {
        pb.tail[size_t(i)] = cpm->projectDurationMinutes() - cpm->lateStartAt(i);
    }
    const int k = pb.k;

    ParallelPlan plan;
    plan.maxParallel = k;
    plan.taskCount = n;
    for (qint32 i = 0; i < n; ++i) {
        plan.totalTaskMinutes += pb.duration[i];
    }
    plan.criticalPathMinutes = cpm->projectDurationMinutes();
    plan.lowerBoundMinutes = std::max(plan.criticalPathMinutes, (plan.totalTaskMinutes + k - 1) / k);

    const FlowSchedule flow = flowSchedule(pb);
    plan.flowMakespanMinutes = flow.makespan;
    {
        std::vector<qint32> byStart(static_cast<size_t>(n));
        std::iota(byStart.begin(), byStart.end(), 0);
        std::sort(byStart.begin(), byStart.end(), [&](qint32 a, qint32 b) {
            return std::pair(flow.start[size_t(a)], a) < std::pair(flow.start[size_t(b)], b);
        });
        plan.flow.reserve(n);
        for (qint32 i : byStart) {
            plan.flow.append(
                FlowEntry{graph.idAt(i), flow.start[size_t(i)], flow.finish[size_t(i)], flow.lane[size_t(i)] + 1});
        }
    }

    WaveBuilder waves(pb);
    waves.run();

    // Time the groups one after another. Lags to earlier groups become release times inside a group; without
    // any, the packed lanes are used as they are unless list scheduling happens to be shorter.
    std::vector<std::vector<qint32>> members(static_cast<size_t>(waves.groupCount()));
    for (qint32 i = 0; i < n; ++i) {
        members[size_t(waves.groupOf(i))].push_back(i);
    }
    std::vector<qint64> absoluteStart(static_cast<size_t>(n), 0), release(static_cast<size_t>(n), 0);
    std::vector<qint64> start(static_cast<size_t>(n), 0), packedStart(static_cast<size_t>(n), 0);
    std::vector<int> lane(static_cast<size_t>(n), 0);
    std::vector<qint64> laneEnd(static_cast<size_t>(k), 0);
    qint64 groupStart = 0;
    for (qint32 g = 0; g < waves.groupCount(); ++g) {
        std::vector<qint32> &m = members[size_t(g)];
        bool released = true;
        for (qint32 s : m) {
            qint64 r = 0;
            for (const Edge &e : graph.predecessors(s)) {
                const qint32 p = e.node();
                Q_ASSERT(waves.groupOf(p) < g);
                r = std::max(r, DependencyGraph::startAllowedBy(e, absoluteStart[size_t(p)],
                                                                absoluteStart[size_t(p)] + pb.duration[p],
                                                                pb.duration[s]) -
                                    groupStart);
            }
            release[size_t(s)] = r;
            released = released && r == 0;
        }
        qint64 length = listScheduleGroup(pb, m, release, start, lane);
        if (released && waves.packedLength(g) < length) {
            // Lanes as packed, each running its tasks longest first.
            std::sort(m.begin(), m.end(), [&](qint32 a, qint32 b) {
                return std::tuple(waves.laneOf(a), -pb.duration[a], a) <
                       std::tuple(waves.laneOf(b), -pb.duration[b], b);
            });
            std::fill(laneEnd.begin(), laneEnd.end(), 0);
            for (qint32 i : m) {
                lane[size_t(i)] = waves.laneOf(i);
                start[size_t(i)] = laneEnd[size_t(lane[size_t(i)])];
                laneEnd[size_t(lane[size_t(i)])] += pb.duration[i];
            }
            length = waves.packedLength(g);
        }
        std::sort(m.begin(), m.end(),
                  [&](qint32 a, qint32 b) { return std::pair(start[size_t(a)], a) < std::pair(start[size_t(b)], b); });
        PlanGroup pg;
        pg.position = g + 1;
        pg.startMinutes = groupStart;
        pg.durationMinutes = length;
        pg.tasks.reserve(qsizetype(m.size()));
        for (qint32 i : m) {
            absoluteStart[size_t(i)] = groupStart + start[size_t(i)];
            pg.totalTaskMinutes += pb.duration[i];
            pg.tasks.append(GroupEntry{graph.idAt(i), start[size_t(i)], pb.duration[i], lane[size_t(i)] + 1});
        }
        plan.groups.append(std::move(pg));
        groupStart += length;
    }
    plan.waveMakespanMinutes = groupStart;

    const auto ratio = [&](qint64 makespan) {
        return plan.lowerBoundMinutes == 0 ? 1.0 : double(makespan) / double(plan.lowerBoundMinutes);
    };
    plan.flowRatio = ratio(plan.flowMakespanMinutes);
    plan.waveRatio = ratio(plan.waveMakespanMinutes);
    return plan;
}

} // namespace taskorch::core
