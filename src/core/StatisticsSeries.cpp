// SPDX-License-Identifier: GPL-3.0-or-later
#include "StatisticsSeries.h"

#include <QHash>

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <vector>

namespace taskorch::core {

namespace {

// Sums of REAL values, rounded like ProjectStatistics so that the two agree to the printed digit.
double tidy(double hours)
{
    return std::round(hours * 1e6) / 1e6;
}

void add(StackedCategory &category, const TaskFacts &task)
{
    ++category.counts[size_t(task.status)];
    category.estimatedHours += task.estimateHours;
    if (task.status == TaskStatus::Completed) {
        category.completedHours += task.estimateHours;
    }
}

void tidy(StackedCategory &category)
{
    category.estimatedHours = tidy(category.estimatedHours);
    category.completedHours = tidy(category.completedHours);
}

} // namespace

qint64 StackedCategory::total() const
{
    qint64 sum = 0;
    for (const qint64 c : counts) {
        sum += c;
    }
    return sum;
}

qint64 StatisticsSeries::totalTasks() const
{
    qint64 sum = 0;
    for (const qint64 c : statusCounts) {
        sum += c;
    }
    return sum;
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

StatisticsSeries StatisticsSeries::compute(const QList<TaskFacts> &tasks, const QList<ProgressEvent> &progress)
{
    StatisticsSeries out;
    std::map<int, StackedCategory> phases;
    std::map<QString, StackedCategory> components;
    for (const TaskFacts &t : tasks) {
        ++out.statusCounts[size_t(t.status)];
        out.totalEstimatedHours += t.estimateHours;
        if (t.status == TaskStatus::Completed) {
            out.completedHours += t.estimateHours;
        }
        add(phases[t.phase], t);
        StackedCategory &c = components[t.componentArea];
        c.label = t.componentArea;
        add(c, t);
    }
    out.totalEstimatedHours = tidy(out.totalEstimatedHours);
    out.completedHours = tidy(out.completedHours);
    for (auto &[phase, category] : phases) {
        category.label = QStringLiteral("Phase %1").arg(phase);
        tidy(category);
        out.phases.append(category);
        out.phaseNumbers.append(phase);
    }
    for (auto &entry : components) {
        tidy(entry.second);
        out.components.append(entry.second);
    }
    std::stable_sort(out.components.begin(), out.components.end(),
                     [](const StackedCategory &a, const StackedCategory &b) { return a.total() > b.total(); });

    // Burn-up. Progress rows per task in time order (ties by input order, which is id order from storage).
    QHash<qint64, int> taskIndex;
    for (int i = 0; i < tasks.size(); ++i) {
        taskIndex.insert(tasks[i].id, i);
    }
    QList<ProgressEvent> events;
    events.reserve(progress.size());
    for (const ProgressEvent &e : progress) {
        if (taskIndex.contains(e.taskId) && e.at.isValid()) {
            events.append(e);
        }
    }
    std::stable_sort(events.begin(), events.end(),
                     [](const ProgressEvent &a, const ProgressEvent &b) { return a.at < b.at; });
    std::optional<QDate> first;
    std::optional<QDate> last;
    const auto see = [&](const QDate &d) {
        if (!d.isValid()) {
            return;
        }
        first = first ? std::min(*first, d) : d;
        last = last ? std::max(*last, d) : d;
    };
    for (const TaskFacts &t : tasks) {
        see(t.createdAt.toUTC().date());
    }
    for (const ProgressEvent &e : events) {
        see(e.at.toUTC().date());
    }
    if (!first) {
        return out;
    }
    // When each completed task became complete: the first row of its trailing run of 100 % rows.
    QList<QDate> completedOn(tasks.size());
    {
        QList<std::optional<QDateTime>> runStart(tasks.size());
        for (const ProgressEvent &e : std::as_const(events)) {
            auto &start = runStart[taskIndex.value(e.taskId)];
            if (e.percent >= 100) {
                if (!start) {
                    start = e.at;
                }
            } else {
                start.reset();
            }
        }
        for (int i = 0; i < tasks.size(); ++i) {
            if (tasks[i].status != TaskStatus::Completed) {
                continue;
            }
            const QDateTime when = runStart[i] ? *runStart[i] : tasks[i].updatedAt;
            completedOn[i] = when.isValid() ? when.toUTC().date() : *first;
            see(completedOn[i]);
        }
    }
    const qint64 dayCount = first->daysTo(*last) + 1;
    std::vector<double> scope(static_cast<size_t>(dayCount), 0.0);
    std::vector<double> completed(static_cast<size_t>(dayCount), 0.0);
    std::vector<double> earned(static_cast<size_t>(dayCount), 0.0);
    for (int i = 0; i < tasks.size(); ++i) {
        const TaskFacts &t = tasks[i];
        const QDate created = t.createdAt.isValid() ? t.createdAt.toUTC().date() : *first;
        scope[size_t(first->daysTo(created))] += t.estimateHours;
        if (completedOn[i].isValid()) {
            completed[size_t(first->daysTo(completedOn[i]))] += t.estimateHours;
        }
    }
    // Earned value: each row replaces its task's previous percentage from its day on.
    QList<int> lastPercent(tasks.size(), 0);
    for (const ProgressEvent &e : std::as_const(events)) {
        const int i = taskIndex.value(e.taskId);
        const int percent = std::clamp(e.percent, 0, 100);
        earned[size_t(first->daysTo(e.at.toUTC().date()))] +=
            tasks[i].estimateHours * double(percent - lastPercent[i]) / 100.0;
        lastPercent[i] = percent;
    }
    double s = 0.0;
    double c = 0.0;
    double v = 0.0;
    for (qint64 d = 0; d < dayCount; ++d) {
        s += scope[size_t(d)];
        c += completed[size_t(d)];
        v += earned[size_t(d)];
        out.burnUp.days.append(first->addDays(d));
        out.burnUp.scopeHours.append(tidy(s));
        out.burnUp.completedHours.append(tidy(c));
        out.burnUp.earnedHours.append(tidy(v));
    }
    return out;
}

} // namespace taskorch::core
