// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "CsvWriter.h"
#include "Enums.h"
#include "ScheduleTypes.h"
#include "TaskRepository.h"

#include <QStringList>

#include <functional>

namespace taskorch::storage {

class Workspace;

/// The CSV reports of SPEC.md §9. The CLI spellings are the EnumNames below (`tasks`, `critical-path`, …).
enum class ReportKind
{
    Tasks,        ///< every task column, then dependency_count and latest_progress_percentage; filterable
    Dependencies, ///< every task_dependencies column, then the titles of both tasks
    CriticalPath, ///< the CPM schedule of every task in hours, plan or remaining mode
    Plan,         ///< a parallel plan with at most K tasks at once: summary rows, then one row per task
    Statistics,   ///< the §6 figures and the status, phase and component breakdowns as rows
    Progress,     ///< the progress history (every task_progress column, then the task title), oldest first
    Comments,     ///< every task_comments column, then the task title
    ImportReport, ///< per legacy import run: the run, per source table the counts, quarantined rows and issues
};

} // namespace taskorch::storage

namespace taskorch::core {

template <> struct EnumNames<storage::ReportKind>
{
    static constexpr auto values = std::to_array<std::pair<storage::ReportKind, std::string_view>>({
        {storage::ReportKind::Tasks, "tasks"},
        {storage::ReportKind::Dependencies, "dependencies"},
        {storage::ReportKind::CriticalPath, "critical-path"},
        {storage::ReportKind::Plan, "plan"},
        {storage::ReportKind::Statistics, "statistics"},
        {storage::ReportKind::Progress, "progress"},
        {storage::ReportKind::Comments, "comments"},
        {storage::ReportKind::ImportReport, "import-report"},
    });
};

} // namespace taskorch::core

namespace taskorch::storage {

/// Which report to write and its parameters. Parameters that do not belong to `kind` are ignored.
struct ReportRequest
{
    ReportKind kind = ReportKind::Tasks;
    /// `tasks` only: the same filters as `task list` (status, phase, component, priority, search, parent).
    TaskFilter taskFilter;
    /// `critical-path` only: full estimates (plan) or what is left of open work (remaining).
    core::ScheduleMode mode = core::ScheduleMode::Plan;
    /// `plan` only: at most this many tasks at once, 1–50 (required: 0 is refused with ErrorCode::Invalid).
    int maxParallel = 0;
    /// The columns to write, by header name, in the report's own order whatever the order here; empty = all.
    /// A name the report does not have is refused with ErrorCode::Invalid.
    QStringList columns;
};

/// Called with the number of data rows written so far, every ReportWriter::progressInterval rows and once when
/// all rows are written (before the file is committed). Return false to cancel. Runs on the exporting thread.
using ReportProgress = std::function<bool(qint64 rows)>;

/// Writes the CSV reports of SPEC.md §9 through core::CsvWriter.
///
/// Every header comes from the entity declarations (Task::spec() etc.), so a column renamed in the model renames
/// the report column; columns that are not stored (counts, titles, schedule figures) follow the spec columns.
/// Report layouts (columns() gives the exact header):
/// - `tasks`: Task::spec() columns, `dependency_count` (dependencies the task has as the dependent, any type) and
///   `latest_progress_percentage` (the newest task_progress row, NULL when there is none); in id order.
/// - `dependencies`: TaskDependency::spec() columns, `task_title`, `depends_on_title`; in id order.
/// - `critical-path`: `id, title, duration_hours, es, ef, ls, lf, total_slack, free_slack, critical,
///   driving_predecessor, critical_path_position` — times in hours from the project start, in id order;
///   critical_path_position numbers the tasks of CriticalPath::criticalPath() 1, 2, … (NULL for the others).
/// - `plan`: first `section=summary` rows (`key`, `value`: max_parallel, task_count, group_count,
///   total_task_hours, critical_path_hours, lower_bound_hours, flow_makespan_hours, wave_makespan_hours,
///   flow_ratio, wave_ratio), then one `section=task` row per open task in group position and execution order:
///   its duration, its start/finish/lane in the flow schedule, its start/finish/lane in the wave (groups) view
///   and its group's start and duration, all in hours from the plan start.
/// - `statistics`: `section, key, count, completed, value` — section `summary` (the §6 figures in `value`),
///   `status` (count per status, value = share of all tasks in %), `phase` and `component` (count, completed,
///   value = completion % with one decimal), in the order of ProjectStatistics.
/// - `progress`: TaskProgress::spec() columns, `task_title`; by created_at, then id.
/// - `comments`: TaskComment::spec() columns, `task_title`; in id order.
/// - `import-report`: `section, run_id, source_table, source_id, key, value, column, raw_value, stored_value,
///   row_json` — per run: `run` rows (key = source_path, source_sha256, generation, started_at, finished_at,
///   status), `table` rows per source table (key = read, imported, normalised, quarantined and
///   `quarantined:<reason>`, value = rows), `quarantine` rows (key = reason, row_json = the source row) and
///   `issue` rows (key = code, column, raw_value, stored_value).
///
/// Rows are read forward-only through the native sqlite3 API inside one read transaction (a consistent snapshot)
/// and written as they come, so memory does not grow with the number of rows. The exceptions are the reports that
/// need the whole network in memory anyway: `critical-path` and `plan` hold the schedule (tens of bytes per task)
/// but still stream the titles.
///
/// Must run on the thread that owns the workspace's connection. Not reentrant on one Workspace.
class ReportWriter
{
public:
    /// Rows between two progress calls.
    static constexpr qint64 progressInterval = 4096;

    /// The header of a report, derived from the entity declarations.
    static QStringList columns(ReportKind kind);
    /// Which of columns(kind) to write for a choice of names (ReportRequest::columns): empty for all; Invalid
    /// naming the unknown column and the report's columns.
    static core::Result<QList<bool>> columnMask(ReportKind kind, const QStringList &chosen);

    /// Writes the report to `path` atomically (temporary file, then rename) and returns the number of data rows.
    /// Errors, with nothing left at `path` (an existing file keeps its content):
    /// - Storage: the folder does not exist or is not writable, `path` is a folder, a write fails (disk full), the
    ///   rename fails, a query fails; Invalid: a bad delimiter or request (K outside 1–50);
    /// - NotFound: `import-report` on a database where no import has been run;
    /// - Conflict: `critical-path` or `plan` on a network with a dependency cycle;
    /// - Cancelled: `progress` returned false.
    static core::Result<qint64> exportReport(Workspace &workspace, const ReportRequest &request, const QString &path,
                                             const core::CsvOptions &options = {}, const ReportProgress &progress = {});

    /// Writes the header and the rows into a writer the caller opened (a path or a device) and returns the number
    /// of data rows. Does not commit: on success the caller commits, on an error or a cancel it calls cancel().
    /// Errors as exportReport(), except those of opening and committing.
    static core::Result<qint64> write(Workspace &workspace, const ReportRequest &request, core::CsvWriter &writer,
                                      const ReportProgress &progress = {});
};

} // namespace taskorch::storage
