// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Enums.h"
#include "Statistics.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QDate>
#include <QDateTime>
#include <QList>
#include <QString>

#include <array>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace taskorch::core {

/// What the charts need to know about one task.
struct TaskFacts
{
    qint64 id = 0;
    TaskStatus status = TaskStatus::NotStarted;
    int phase = 1;
    QString componentArea;
    double estimateHours = 0.0;
    QDateTime createdAt;
    QDateTime updatedAt;
};

/// One row of `task_progress`.
struct ProgressEvent
{
    qint64 taskId = 0;
    int percent = 0;
    QDateTime at;
};

/// The number of task statuses, in enum order (not_started, in_progress, blocked, completed, failed).
inline constexpr int statusCount = 5;
using StatusCounts = std::array<qint64, statusCount>;

/// One category of a stacked bar chart (a phase or a component area).
struct StackedCategory
{
    QString label;
    StatusCounts counts{}; ///< by TaskStatus ordinal
    double estimatedHours = 0.0;
    double completedHours = 0.0; ///< estimates of its completed tasks

    qint64 total() const;
};

/// The burn-up chart: one point per calendar day (UTC).
struct BurnUp
{
    QList<QDate> days;            ///< consecutive, from the first task creation or progress row to the last
    QList<double> scopeHours;     ///< estimates of the tasks created by the end of that day
    QList<double> completedHours; ///< estimates of the tasks completed by then (and still completed now)
    QList<double> earnedHours;    ///< Σ estimate × last progress % by then
};

/// The series of the statistics panel (SPEC.md §11), computed from plain task facts and the progress history.
/// Agrees with ProjectStatistics: same totals, phases ascending, components by count desc then name.
struct StatisticsSeries
{
    StatusCounts statusCounts{};
    double totalEstimatedHours = 0.0;
    double completedHours = 0.0;
    QList<StackedCategory> phases;     ///< label "Phase N", ascending phase
    QList<int> phaseNumbers;           ///< the phase of each entry of `phases`
    QList<StackedCategory> components; ///< count desc, then area
    BurnUp burnUp;

    /// `progress` may be in any order. A completed task counts as completed from the first row of its trailing
    /// run of 100 % rows (its updatedAt when there is none), so the last burn-up day agrees with its status.
    /// Rows of one task at the same time count in list order. Built on StatisticsSeriesBuilder.
    static StatisticsSeries compute(const QList<TaskFacts> &tasks, const QList<ProgressEvent> &progress);

    qint64 totalTasks() const;
    /// The project figures of SPEC.md §6 from the same numbers, equal to TaskService::statistics() on the same data
    /// (components by count desc, then name in UTF-8 byte order like SQLite's BINARY collation).
    ProjectStatistics projectStatistics() const;
    /// "Not started", "In progress", …
    static QString statusLabel(int statusOrdinal);
};

/// Builds a StatisticsSeries from a stream of rows, keeping compact per-task facts only, so that a million tasks
/// and their progress history can be fed straight from a bulk read (ProgressRepository::statisticsSeries()).
/// StatisticsSeries::compute() uses it too, so both paths give the same series.
///
/// Feed every task first (addTask, any order), then the progress rows (addProgress, in id order, so that rows of
/// one task with the same time keep their order), then call finish(). The facts stay after finish(), so a refresh
/// after a few edits does not need to read everything again: forgetTasks() drops what it knew about the changed
/// tasks, addTask()/addProgress() feed their current rows (each task's rows in id order), and finish() computes the
/// whole series again from memory. reset() starts over and keeps the memory. Not thread-safe.
class StatisticsSeriesBuilder
{
public:
    /// A time that is not known (a timestamp that could not be parsed).
    static constexpr qint64 invalidTime = std::numeric_limits<qint64>::min();

    void reserveTasks(qsizetype tasks);
    void reserveProgress(qsizetype rows);
    /// One task: `componentArea` in UTF-8, times in milliseconds since the epoch (UTC) or invalidTime.
    /// `updatedMsecs` is only used for completed tasks that have no 100 % progress row. A task already known must be
    /// forgotten first.
    void addTask(qint64 id, int phase, QByteArrayView componentArea, TaskStatus status, double estimateHours,
                 qint64 createdMsecs, qint64 updatedMsecs);
    /// One `task_progress` row. Rows of unknown tasks and rows without a valid time are ignored.
    void addProgress(qint64 taskId, int percent, qint64 atMsecs);
    /// Forgets the tasks with these ids and all their progress rows (ids it does not know are fine).
    void forgetTasks(std::vector<qint64> ids);
    /// The series of everything fed so far. The facts are kept: forget, feed again and finish again.
    StatisticsSeries finish();
    /// Forgets every row and the source version; keeps the allocated memory.
    void reset();

    /// Which state of the source the facts reflect, as the feeding side counts (ProgressRepository uses the
    /// sequence number of its change log); −1 when unknown. reset() sets −1.
    qint64 sourceVersion() const { return m_sourceVersion; }
    void setSourceVersion(qint64 version) { m_sourceVersion = version; }

    qsizetype taskCount() const { return qsizetype(m_tasks.size()); }
    qsizetype progressCount() const { return qsizetype(m_progress.size()); }

    /// The canonical stored timestamp `2025-08-03T22:30:31.958Z` in milliseconds since the epoch, without going
    /// through QDateTime (bulk reads parse millions); invalidTime for any other text or an impossible date.
    static qint64 parseCanonicalMsecs(QByteArrayView text);
    /// `not_started` … `failed`; nothing for any other text.
    static std::optional<TaskStatus> parseStatus(QByteArrayView text);

private:
    struct Category
    {
        StatusCounts counts{};
        double estimatedHours = 0.0;
        double completedHours = 0.0;
    };
    /// One task's facts and, while finish() replays the progress rows, its state: all of it in one place, so that
    /// a row touches one cache line.
    struct TaskEntry
    {
        qint64 id = 0;
        double hours = 0.0;
        qint64 created = invalidTime;
        qint64 updated = invalidTime; ///< completed tasks only
        qint32 phase = 0;
        qint32 component = 0; ///< index into m_componentNames
        TaskStatus status = TaskStatus::NotStarted;
        // Replay state, set by finish().
        qint8 lastPercent = 0;
        bool disordered = false;       ///< a row came earlier in time than one before it
        qint64 lastAt = invalidTime;   ///< time of its latest row so far
        qint64 runStart = invalidTime; ///< first row of its current run of 100 % rows
    };
    /// Finds component names by view, without building a key per row.
    struct NameHash
    {
        using is_transparent = void;
        size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    struct ProgressEntry
    {
        qint64 taskId = 0;
        qint64 at = invalidTime;
        int percent = 0;
    };

    int componentIndex(QByteArrayView area);
    void sortTasks();
    void addScope(qint64 day, double hours);
    void seeDay(qint64 day);
    void buildCategories(StatisticsSeries &out);
    void buildBurnUp(StatisticsSeries &out);

    // Facts.
    std::vector<TaskEntry> m_tasks;
    size_t m_sortedTasks = 0; ///< m_tasks[0, m_sortedTasks) is in ascending id order
    std::vector<ProgressEntry> m_progress;
    std::vector<QByteArray> m_componentNames; ///< every area seen since reset(), some perhaps without tasks now
    std::unordered_map<std::string, int, NameHash, std::equal_to<>> m_componentIndex;
    int m_lastComponent = -1;
    qint64 m_sourceVersion = -1;

    // Scratch of finish(), kept for its memory.
    std::vector<qint32> m_taskIndexById; ///< task id − first id → index, when ids are dense enough
    // Scope hours by creation day (days since the epoch), from m_scopeBase on; tasks without a creation time count
    // on the first day of the chart.
    std::vector<double> m_scope;
    qint64 m_scopeBase = 0;
    double m_undatedScope = 0.0;
    std::optional<qint64> m_firstDay;
    std::optional<qint64> m_lastDay;
};

} // namespace taskorch::core
