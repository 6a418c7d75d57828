// SPDX-License-Identifier: GPL-3.0-or-later
#include "StatisticsSeries.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace taskorch::core {

namespace {

constexpr qint64 kMsecsPerDay = 86400000;
constexpr qint64 kJulianDayOfEpoch = 2440588; // 1970-01-01

// Sums of REAL values, rounded like ProjectStatistics so that the two agree to the printed digit.
double tidy(double hours)
{
    return std::round(hours * 1e6) / 1e6;
}

qint64 dayOf(qint64 msecs)
{
    // Floor division: times before 1970 belong to the day they fall in, not the one after.
    return msecs >= 0 ? msecs / kMsecsPerDay : -((-msecs + kMsecsPerDay - 1) / kMsecsPerDay);
}

QDate dateOfDay(qint64 day)
{
    return QDate::fromJulianDay(day + kJulianDayOfEpoch);
}

qint64 msecsOf(const QDateTime &time)
{
    return time.isValid() ? time.toMSecsSinceEpoch() : StatisticsSeriesBuilder::invalidTime;
}

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
qint64 daysFromCivil(qint64 y, unsigned m, unsigned d)
{
    y -= m <= 2 ? 1 : 0;
    const qint64 era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = unsigned(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + qint64(doe) - 719468;
}

bool isLeap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

// The value of `count` ASCII digits at `from`, or −1 when one of them is not a digit.
int digits(const char *text, int from, int count)
{
    int value = 0;
    for (int i = from; i < from + count; ++i) {
        const char c = text[i];
        if (c < '0' || c > '9') {
            return -1;
        }
        value = value * 10 + (c - '0');
    }
    return value;
}

qint64 total(const StatusCounts &counts)
{
    qint64 sum = 0;
    for (const qint64 c : counts) {
        sum += c;
    }
    return sum;
}

} // namespace

qint64 StackedCategory::total() const
{
    return core::total(counts);
}

qint64 StatisticsSeries::totalTasks() const
{
    return core::total(statusCounts);
}

QString StatisticsSeries::statusLabel(int statusOrdinal)
{
    switch (TaskStatus(statusOrdinal)) {
    case TaskStatus::NotStarted:
        return QStringLiteral("Not started");
    case TaskStatus::InProgress:
        return QStringLiteral("In progress");
    case TaskStatus::Blocked:
        return QStringLiteral("Blocked");
    case TaskStatus::Completed:
        return QStringLiteral("Completed");
    case TaskStatus::Failed:
        return QStringLiteral("Failed");
    }
    return {};
}

ProjectStatistics StatisticsSeries::projectStatistics() const
{
    ProjectStatistics p;
    p.totalTasks = totalTasks();
    p.completedTasks = statusCounts[size_t(TaskStatus::Completed)];
    p.inProgressTasks = statusCounts[size_t(TaskStatus::InProgress)];
    p.blockedTasks = statusCounts[size_t(TaskStatus::Blocked)];
    p.notStartedTasks = statusCounts[size_t(TaskStatus::NotStarted)];
    p.failedTasks = statusCounts[size_t(TaskStatus::Failed)];
    for (int i = 0; i < phases.size(); ++i) {
        p.phaseBreakdown.append(
            PhaseBreakdown{phaseNumbers.value(i), phases[i].total(), phases[i].counts[size_t(TaskStatus::Completed)]});
    }
    for (const StackedCategory &c : components) {
        p.componentBreakdown.append(ComponentBreakdown{c.label, c.total(), c.counts[size_t(TaskStatus::Completed)]});
    }
    p.totalEstimatedHours = totalEstimatedHours;
    p.completedHours = completedHours;
    p.finish();
    return p;
}

StatisticsSeries StatisticsSeries::compute(const QList<TaskFacts> &tasks, const QList<ProgressEvent> &progress)
{
    StatisticsSeriesBuilder builder;
    builder.reserveTasks(tasks.size());
    for (const TaskFacts &t : tasks) {
        builder.addTask(t.id, t.phase, t.componentArea.toUtf8(), t.status, t.estimateHours, msecsOf(t.createdAt),
                        msecsOf(t.updatedAt));
    }
    // The builder keeps rows of one task at the same time in the order they come; sorting by time first makes
    // any input order work (stable, so equal times keep the list order).
    QList<ProgressEvent> events = progress;
    std::stable_sort(events.begin(), events.end(),
                     [](const ProgressEvent &a, const ProgressEvent &b) { return msecsOf(a.at) < msecsOf(b.at); });
    builder.reserveProgress(events.size());
    for (const ProgressEvent &e : std::as_const(events)) {
        builder.addProgress(e.taskId, e.percent, msecsOf(e.at));
    }
    return builder.finish();
}

// ------------------------------------------------------------------------------------------------ builder

qint64 StatisticsSeriesBuilder::parseCanonicalMsecs(QByteArrayView text)
{
    const char *s = text.data();
    if (text.size() != 24 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' ||
        s[19] != '.' || s[23] != 'Z') {
        return invalidTime;
    }
    const int year = digits(s, 0, 4);
    const int month = digits(s, 5, 2);
    const int day = digits(s, 8, 2);
    const int hour = digits(s, 11, 2);
    const int minute = digits(s, 14, 2);
    const int second = digits(s, 17, 2);
    const int msec = digits(s, 20, 3);
    static constexpr int monthDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    // Year 0 does not exist in QDate's calendar, which Timestamp::parseCanonical() uses.
    if (year < 1 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 ||
        second < 0 || second > 59 || msec < 0) {
        return invalidTime;
    }
    if (day > monthDays[month - 1] + (month == 2 && isLeap(year) ? 1 : 0)) {
        return invalidTime;
    }
    return daysFromCivil(year, unsigned(month), unsigned(day)) * kMsecsPerDay +
           ((qint64(hour) * 60 + minute) * 60 + second) * 1000 + msec;
}

std::optional<TaskStatus> StatisticsSeriesBuilder::parseStatus(QByteArrayView text)
{
    // The first letters differ; the whole spelling is still checked.
    const auto is = [&text](const char *name) { return text == QByteArrayView(name); };
    switch (text.isEmpty() ? '\0' : text.front()) {
    case 'n':
        return is("not_started") ? std::optional(TaskStatus::NotStarted) : std::nullopt;
    case 'i':
        return is("in_progress") ? std::optional(TaskStatus::InProgress) : std::nullopt;
    case 'b':
        return is("blocked") ? std::optional(TaskStatus::Blocked) : std::nullopt;
    case 'c':
        return is("completed") ? std::optional(TaskStatus::Completed) : std::nullopt;
    case 'f':
        return is("failed") ? std::optional(TaskStatus::Failed) : std::nullopt;
    default:
        return std::nullopt;
    }
}

void StatisticsSeriesBuilder::reserveTasks(qsizetype tasks)
{
    m_tasks.reserve(size_t(std::max<qsizetype>(0, tasks)));
}

void StatisticsSeriesBuilder::reserveProgress(qsizetype rows)
{
    m_progress.reserve(size_t(std::max<qsizetype>(0, rows)));
}

int StatisticsSeriesBuilder::componentIndex(QByteArrayView area)
{
    // Bulk reads meet the same component many times in a row: compare with the last one before hashing.
    if (m_lastComponent >= 0 && QByteArrayView(m_componentNames[size_t(m_lastComponent)]) == area) {
        return m_lastComponent;
    }
    const std::string_view key(area.data(), size_t(area.size()));
    auto it = m_componentIndex.find(key);
    if (it == m_componentIndex.end()) {
        it = m_componentIndex.emplace(std::string(key), int(m_componentNames.size())).first;
        m_componentNames.push_back(area.toByteArray());
    }
    m_lastComponent = it->second;
    return m_lastComponent;
}

void StatisticsSeriesBuilder::seeDay(qint64 day)
{
    m_firstDay = m_firstDay ? std::min(*m_firstDay, day) : day;
    m_lastDay = m_lastDay ? std::max(*m_lastDay, day) : day;
}

void StatisticsSeriesBuilder::addScope(qint64 day, double hours)
{
    if (m_scope.empty()) {
        m_scopeBase = day;
    }
    if (day < m_scopeBase) {
        m_scope.insert(m_scope.begin(), size_t(m_scopeBase - day), 0.0);
        m_scopeBase = day;
    } else if (day - m_scopeBase >= qint64(m_scope.size())) {
        m_scope.resize(size_t(day - m_scopeBase + 1), 0.0);
    }
    m_scope[size_t(day - m_scopeBase)] += hours;
}

void StatisticsSeriesBuilder::addTask(qint64 id, int phase, QByteArrayView componentArea, TaskStatus status,
                                      double estimateHours, qint64 createdMsecs, qint64 updatedMsecs)
{
    if (m_sortedTasks == m_tasks.size() && (m_tasks.empty() || m_tasks.back().id < id)) {
        ++m_sortedTasks;
    }
    TaskEntry &t = m_tasks.emplace_back();
    t.id = id;
    t.hours = estimateHours;
    t.created = createdMsecs;
    t.updated = status == TaskStatus::Completed ? updatedMsecs : invalidTime;
    t.phase = phase;
    t.component = componentIndex(componentArea);
    t.status = status;
}

void StatisticsSeriesBuilder::addProgress(qint64 taskId, int percent, qint64 atMsecs)
{
    if (atMsecs != invalidTime) {
        m_progress.push_back(ProgressEntry{taskId, atMsecs, percent});
    }
}

void StatisticsSeriesBuilder::forgetTasks(std::vector<qint64> ids)
{
    if (ids.empty()) {
        return;
    }
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    const auto forgotten = [&ids](qint64 id) { return std::binary_search(ids.begin(), ids.end(), id); };
    // Removing keeps the order of what stays, so the sorted prefix only shrinks by what left it.
    size_t kept = 0;
    size_t keptSorted = 0;
    for (size_t i = 0; i < m_tasks.size(); ++i) {
        if (forgotten(m_tasks[i].id)) {
            continue;
        }
        if (i < m_sortedTasks) {
            ++keptSorted;
        }
        m_tasks[kept++] = m_tasks[i];
    }
    m_tasks.resize(kept);
    m_sortedTasks = keptSorted;
    // A task's rows stay in their relative order; re-fed rows of a task come after all rows of the others, which
    // does not matter: finish() only needs each task's own rows in id order.
    std::erase_if(m_progress, [&](const ProgressEntry &row) { return forgotten(row.taskId); });
}

void StatisticsSeriesBuilder::reset()
{
    m_tasks.clear();
    m_sortedTasks = 0;
    m_progress.clear();
    m_componentNames.clear();
    m_componentIndex.clear();
    m_lastComponent = -1;
    m_sourceVersion = -1;
}

void StatisticsSeriesBuilder::sortTasks()
{
    if (m_sortedTasks == m_tasks.size()) {
        return;
    }
    // Usually a few re-fed tasks after a long sorted run: sort those, then merge the two runs in linear time.
    const auto byId = [](const TaskEntry &a, const TaskEntry &b) { return a.id < b.id; };
    const auto middle = m_tasks.begin() + qsizetype(m_sortedTasks);
    std::sort(middle, m_tasks.end(), byId);
    std::inplace_merge(m_tasks.begin(), middle, m_tasks.end(), byId);
    m_sortedTasks = m_tasks.size();
}

StatisticsSeries StatisticsSeriesBuilder::finish()
{
    sortTasks();
    m_scope.clear();
    m_scopeBase = 0;
    m_undatedScope = 0.0;
    m_firstDay.reset();
    m_lastDay.reset();
    StatisticsSeries out;
    buildCategories(out);
    buildBurnUp(out);
    return out;
}

void StatisticsSeriesBuilder::buildCategories(StatisticsSeries &out)
{
    double totalHours = 0.0;
    double completedHours = 0.0;
    std::vector<std::pair<int, Category>> phases; // in order of first appearance
    int lastPhase = -1;
    std::vector<Category> components(m_componentNames.size());
    for (TaskEntry &t : m_tasks) {
        ++out.statusCounts[size_t(t.status)];
        totalHours += t.hours;
        if (lastPhase < 0 || phases[size_t(lastPhase)].first != t.phase) {
            const int phase = t.phase;
            const auto it =
                std::find_if(phases.begin(), phases.end(), [phase](const auto &p) { return p.first == phase; });
            lastPhase = int(it - phases.begin());
            if (it == phases.end()) {
                phases.emplace_back(phase, Category{});
            }
        }
        Category &p = phases[size_t(lastPhase)].second;
        Category &c = components[size_t(t.component)];
        ++p.counts[size_t(t.status)];
        ++c.counts[size_t(t.status)];
        p.estimatedHours += t.hours;
        c.estimatedHours += t.hours;
        if (t.status == TaskStatus::Completed) {
            completedHours += t.hours;
            p.completedHours += t.hours;
            c.completedHours += t.hours;
        }
        if (t.created != invalidTime) {
            const qint64 day = dayOf(t.created);
            seeDay(day);
            addScope(day, t.hours);
        } else {
            m_undatedScope += t.hours;
        }
        // The replay of buildBurnUp() starts from here.
        t.lastPercent = 0;
        t.disordered = false;
        t.lastAt = invalidTime;
        t.runStart = invalidTime;
    }
    out.totalEstimatedHours = tidy(totalHours);
    out.completedHours = tidy(completedHours);
    std::sort(phases.begin(), phases.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
    const auto toCategory = [](QString label, const Category &c) {
        StackedCategory s;
        s.label = std::move(label);
        s.counts = c.counts;
        s.estimatedHours = tidy(c.estimatedHours);
        s.completedHours = tidy(c.completedHours);
        return s;
    };
    for (const auto &[phase, category] : phases) {
        out.phases.append(toCategory(QStringLiteral("Phase %1").arg(phase), category));
        out.phaseNumbers.append(phase);
    }
    // Areas that have tasks, by count descending, then the name byte by byte (SQLite's BINARY order, as
    // TaskService sorts them).
    std::vector<int> order;
    for (size_t i = 0; i < components.size(); ++i) {
        if (total(components[i].counts) > 0) {
            order.push_back(int(i));
        }
    }
    std::sort(order.begin(), order.end(), [&](int a, int b) {
        const qint64 lt = total(components[size_t(a)].counts);
        const qint64 rt = total(components[size_t(b)].counts);
        return lt != rt ? lt > rt : m_componentNames[size_t(a)] < m_componentNames[size_t(b)];
    });
    for (const int i : order) {
        out.components.append(toCategory(QString::fromUtf8(m_componentNames[size_t(i)]), components[size_t(i)]));
    }
}

void StatisticsSeriesBuilder::buildBurnUp(StatisticsSeries &out)
{
    const auto n = qint64(m_tasks.size());
    // Task id → index: a direct table when ids are dense enough (the usual case), binary search otherwise.
    std::vector<qint32> &direct = m_taskIndexById;
    direct.clear();
    const qint64 firstId = n > 0 ? m_tasks.front().id : 0;
    if (n > 0 && m_tasks.back().id - firstId < 4 * n + 1024) {
        direct.assign(size_t(m_tasks.back().id - firstId + 1), -1);
        for (qint64 i = 0; i < n; ++i) {
            direct[size_t(m_tasks[size_t(i)].id - firstId)] = qint32(i);
        }
    }
    const auto indexOf = [&](qint64 id) -> qint64 {
        if (!direct.empty()) {
            const qint64 k = id - firstId;
            return k >= 0 && k < qint64(direct.size()) ? direct[size_t(k)] : -1;
        }
        const auto it =
            std::lower_bound(m_tasks.begin(), m_tasks.end(), id, [](const TaskEntry &t, qint64 v) { return t.id < v; });
        return it != m_tasks.end() && it->id == id ? qint64(it - m_tasks.begin()) : -1;
    };

    // One pass over the rows in the order they came, with each task's state: its last percentage, the start of its
    // trailing run of 100 % rows, and its last time. A task whose rows do not come in time order is redone below.
    // Earned hours by day (days since the epoch, from earnedBase on).
    std::vector<double> earned;
    qint64 earnedBase = 0;
    const auto addEarned = [&](qint64 day, double hours) {
        if (earned.empty()) {
            earnedBase = day;
        }
        if (day < earnedBase) {
            earned.insert(earned.begin(), size_t(earnedBase - day), 0.0);
            earnedBase = day;
        } else if (day - earnedBase >= qint64(earned.size())) {
            earned.resize(size_t(day - earnedBase + 1), 0.0);
        }
        earned[size_t(day - earnedBase)] += hours;
    };
    const auto step = [&](TaskEntry &t, const ProgressEntry &row, double sign) {
        const int percent = std::clamp(row.percent, 0, 100);
        addEarned(dayOf(row.at), sign * t.hours * double(percent - t.lastPercent) / 100.0);
        t.lastPercent = qint8(percent);
        if (row.percent >= 100) {
            if (t.runStart == invalidTime) {
                t.runStart = row.at;
            }
        } else {
            t.runStart = invalidTime;
        }
    };
    bool anyDisordered = false;
    qint64 lastDay = std::numeric_limits<qint64>::min();
    for (const ProgressEntry &row : m_progress) {
        const qint64 i = indexOf(row.taskId);
        if (i < 0) {
            continue;
        }
        TaskEntry &t = m_tasks[size_t(i)];
        if (const qint64 day = dayOf(row.at); day != lastDay) {
            seeDay(day);
            lastDay = day;
        }
        if (row.at < t.lastAt) {
            t.disordered = true;
            anyDisordered = true;
        }
        t.lastAt = row.at;
        step(t, row, 1.0);
    }
    if (anyDisordered) {
        // Take back what those tasks' rows added in arrival order, then add them again in time order (stable, so
        // rows at the same time keep their order).
        std::vector<std::pair<qint64, size_t>> rows; // (task index, row)
        for (size_t r = 0; r < m_progress.size(); ++r) {
            const qint64 i = indexOf(m_progress[r].taskId);
            if (i >= 0 && m_tasks[size_t(i)].disordered) {
                rows.emplace_back(i, r);
            }
        }
        std::stable_sort(rows.begin(), rows.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
        for (size_t begin = 0; begin < rows.size();) {
            TaskEntry &t = m_tasks[size_t(rows[begin].first)];
            size_t end = begin;
            while (end < rows.size() && rows[end].first == rows[begin].first) {
                ++end;
            }
            t.lastPercent = 0;
            for (size_t k = begin; k < end; ++k) {
                step(t, m_progress[rows[k].second], -1.0);
            }
            std::stable_sort(
                rows.begin() + qsizetype(begin), rows.begin() + qsizetype(end),
                [this](const auto &a, const auto &b) { return m_progress[a.second].at < m_progress[b.second].at; });
            t.lastPercent = 0;
            t.runStart = invalidTime;
            for (size_t k = begin; k < end; ++k) {
                step(t, m_progress[rows[k].second], 1.0);
            }
            begin = end;
        }
    }
    if (!m_firstDay) {
        return;
    }
    // When each completed task became complete: the first row of its trailing run of 100 % rows, else its last
    // update, else (invalidTime here) the first day of the chart.
    std::vector<std::pair<qint64, double>> completions;
    for (qint64 i = 0; i < n; ++i) {
        const TaskEntry &t = m_tasks[size_t(i)];
        if (t.status != TaskStatus::Completed) {
            continue;
        }
        const qint64 when = t.runStart != invalidTime ? t.runStart : t.updated;
        const qint64 day = when != invalidTime ? dayOf(when) : invalidTime;
        if (day != invalidTime) {
            seeDay(day);
        }
        completions.emplace_back(day, t.hours);
    }
    const qint64 first = *m_firstDay;
    const qint64 dayCount = *m_lastDay - first + 1;
    std::vector<double> scope(size_t(dayCount), 0.0);
    std::vector<double> completed(size_t(dayCount), 0.0);
    std::vector<double> earnedByDay(size_t(dayCount), 0.0);
    scope[0] += m_undatedScope;
    for (size_t k = 0; k < m_scope.size(); ++k) {
        scope[size_t(m_scopeBase + qint64(k) - first)] += m_scope[k];
    }
    for (const auto &[day, hours] : completions) {
        completed[size_t(day == invalidTime ? 0 : day - first)] += hours;
    }
    for (size_t k = 0; k < earned.size(); ++k) {
        earnedByDay[size_t(earnedBase + qint64(k) - first)] += earned[k];
    }
    double s = 0.0;
    double c = 0.0;
    double v = 0.0;
    out.burnUp.days.reserve(dayCount);
    out.burnUp.scopeHours.reserve(dayCount);
    out.burnUp.completedHours.reserve(dayCount);
    out.burnUp.earnedHours.reserve(dayCount);
    for (qint64 d = 0; d < dayCount; ++d) {
        s += scope[size_t(d)];
        c += completed[size_t(d)];
        v += earnedByDay[size_t(d)];
        out.burnUp.days.append(dateOfDay(first + d));
        out.burnUp.scopeHours.append(tidy(s));
        out.burnUp.completedHours.append(tidy(c));
        out.burnUp.earnedHours.append(tidy(v));
    }
}

} // namespace taskorch::core
