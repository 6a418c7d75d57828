// SPDX-License-Identifier: GPL-3.0-or-later
#include "ReportWriter.h"

#include "Statistics.h"
#include "TaskComment.h"
#include "TaskDependency.h"
#include "TaskProgress.h"
#include "Workspace.h"

#include <QHash>

#include <sqlite3.h>

#include <cstring>

namespace taskorch::storage {

using core::CsvWriter;
using core::ErrorCode;
using core::makeError;
using core::minutesToHours;

namespace {

// The extra columns of each report, after the entity's own columns.
const QStringList kTaskExtras{QStringLiteral("dependency_count"), QStringLiteral("latest_progress_percentage")};
const QStringList kDependencyExtras{QStringLiteral("task_title"), QStringLiteral("depends_on_title")};
const QStringList kTitleExtra{QStringLiteral("task_title")};
const QStringList kCriticalPathColumns{QStringLiteral("id"),
                                       QStringLiteral("title"),
                                       QStringLiteral("duration_hours"),
                                       QStringLiteral("es"),
                                       QStringLiteral("ef"),
                                       QStringLiteral("ls"),
                                       QStringLiteral("lf"),
                                       QStringLiteral("total_slack"),
                                       QStringLiteral("free_slack"),
                                       QStringLiteral("critical"),
                                       QStringLiteral("driving_predecessor"),
                                       QStringLiteral("critical_path_position")};
const QStringList kPlanColumns{QStringLiteral("section"),
                               QStringLiteral("key"),
                               QStringLiteral("value"),
                               QStringLiteral("group_position"),
                               QStringLiteral("execution_order"),
                               QStringLiteral("task_id"),
                               QStringLiteral("title"),
                               QStringLiteral("duration_hours"),
                               QStringLiteral("flow_start_hours"),
                               QStringLiteral("flow_finish_hours"),
                               QStringLiteral("flow_lane"),
                               QStringLiteral("wave_start_hours"),
                               QStringLiteral("wave_finish_hours"),
                               QStringLiteral("wave_lane"),
                               QStringLiteral("group_start_hours"),
                               QStringLiteral("group_duration_hours")};
const QStringList kStatisticsColumns{QStringLiteral("section"), QStringLiteral("key"), QStringLiteral("count"),
                                     QStringLiteral("completed"), QStringLiteral("value")};
const QStringList kImportColumns{QStringLiteral("section"),      QStringLiteral("run_id"),
                                 QStringLiteral("source_table"), QStringLiteral("source_id"),
                                 QStringLiteral("key"),          QStringLiteral("value"),
                                 QStringLiteral("column"),       QStringLiteral("raw_value"),
                                 QStringLiteral("stored_value"), QStringLiteral("row_json")};

// SQL text. Entity columns are spliced in from the declarations (identifiers, quoted); values are always bound.
// The unfiltered tasks report merges three forward-only scans ordered by task id (tasks by rowid, the two others
// along their task_id index): about twice as fast on a million tasks as one index probe per task, no sort, flat
// memory. Filtered exports touch fewer tasks and use the correlated subqueries below instead.
constexpr char kDependencyCounts[] =
    "SELECT task_id, count(*) FROM task_dependencies GROUP BY task_id ORDER BY task_id";
constexpr char kProgressByTask[] =
    "SELECT task_id, created_at, progress_percentage FROM task_progress ORDER BY task_id, id";
constexpr char kDependencyCount[] = "(SELECT count(*) FROM task_dependencies d WHERE d.task_id = t.id)";
// Same "latest" as the scheduling service: newest created_at, then highest id.
constexpr char kLatestProgress[] = "(SELECT p.progress_percentage FROM task_progress p WHERE p.task_id = t.id "
                                   "ORDER BY p.created_at DESC, p.id DESC LIMIT 1)";
constexpr char kTitles[] = "SELECT id, title FROM tasks ORDER BY id";
constexpr char kTitleById[] = "SELECT title FROM tasks WHERE id = ?1";
constexpr char kImportRuns[] = "SELECT id, source_path, source_sha256, generation, started_at, finished_at, status "
                               "FROM import_runs ORDER BY id";
constexpr char kImportRunCount[] = "SELECT count(*) FROM import_runs";
// Source tables of a run with their imported, quarantined and normalised (imported with an issue) row counts.
constexpr char kImportTableCounts[] =
    "WITH t(source_table) AS (SELECT source_table FROM import_id_map WHERE run_id = ?1 "
    " UNION SELECT source_table FROM import_quarantine WHERE run_id = ?1) "
    "SELECT t.source_table, "
    " (SELECT count(*) FROM import_id_map m WHERE m.run_id = ?1 AND m.source_table = t.source_table), "
    " (SELECT count(*) FROM import_quarantine q WHERE q.run_id = ?1 AND q.source_table = t.source_table), "
    " (SELECT count(DISTINCT i.source_id) FROM import_issues i WHERE i.run_id = ?1 AND i.source_table = t.source_table"
    "   AND EXISTS (SELECT 1 FROM import_id_map m WHERE m.run_id = ?1 AND m.source_table = i.source_table"
    "               AND m.source_id = i.source_id)) "
    "FROM t ORDER BY t.source_table";
constexpr char kImportReasons[] = "SELECT reason, count(*) FROM import_quarantine WHERE run_id = ?1 AND "
                                  "source_table = ?2 GROUP BY reason ORDER BY reason";
// Both orders match an index, so neither needs a sort (and its memory).
constexpr char kImportQuarantine[] = "SELECT source_table, source_id, reason, row_json FROM import_quarantine "
                                     "WHERE run_id = ?1 ORDER BY source_table, source_id, id";
constexpr char kImportIssues[] = "SELECT source_table, source_id, code, \"column\", raw_value, stored_value "
                                 "FROM import_issues WHERE run_id = ?1 ORDER BY source_table, source_id, id";
const QStringList kImportBookkeeping{QStringLiteral("import_runs"), QStringLiteral("import_id_map"),
                                     QStringLiteral("import_issues"), QStringLiteral("import_quarantine")};

/// How a result column becomes a cell.
enum class Cell : quint8
{
    Integer,
    Real,
    Text,
};

Cell cellOf(const core::ColumnSpec &column)
{
    switch (column.type) {
    case core::SqlType::Integer:
        return Cell::Integer;
    case core::SqlType::Real:
        return Cell::Real;
    case core::SqlType::Text:
        break;
    }
    return Cell::Text;
}

QString quoted(const QString &identifier)
{
    QString out = identifier;
    out.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + out + QLatin1Char('"');
}

/// `alias."col1", alias."col2", …` of an entity, and the matching cell kinds appended to `cells`.
QString entityColumns(const core::EntitySpec &spec, const QString &alias, QList<Cell> &cells)
{
    QStringList parts;
    for (const core::ColumnSpec &c : spec.columns) {
        parts << alias + QLatin1Char('.') + quoted(c.name);
        cells << cellOf(c);
    }
    return parts.join(QStringLiteral(", "));
}

core::Error sqliteError(sqlite3 *handle, const QString &what)
{
    return makeError(
        ErrorCode::Storage,
        QStringLiteral("%1: %2").arg(what, Database::describeSqliteError(sqlite3_extended_errcode(handle))),
        QString::fromUtf8(sqlite3_errmsg(handle)));
}

/// A prepared native statement, finalized on destruction.
class Statement
{
public:
    explicit Statement(sqlite3 *handle) : m_handle(handle) {}
    ~Statement() { sqlite3_finalize(m_stmt); }
    Statement(const Statement &) = delete;
    Statement &operator=(const Statement &) = delete;

    Status prepare(const QByteArray &sql, const QString &what)
    {
        m_what = what;
        if (sqlite3_prepare_v2(m_handle, sql.constData(), int(sql.size()), &m_stmt, nullptr) != SQLITE_OK) {
            return sqliteError(m_handle, QStringLiteral("cannot read %1").arg(what));
        }
        return {};
    }
    void bind(int index, qint64 value) { sqlite3_bind_int64(m_stmt, index, value); }
    void bind(int index, const QString &value)
    {
        const QByteArray utf8 = value.toUtf8();
        sqlite3_bind_text(m_stmt, index, utf8.constData(), int(utf8.size()), SQLITE_TRANSIENT);
    }
    /// Binds the current value of `other`'s result column `column`.
    void bindColumn(int index, const Statement &other, int column)
    {
        sqlite3_bind_value(m_stmt, index, sqlite3_column_value(other.m_stmt, column));
    }
    void reset() { sqlite3_reset(m_stmt); }

    /// True for a row; false at the end or on an error (then error() is set).
    bool next()
    {
        const int rc = sqlite3_step(m_stmt);
        if (rc == SQLITE_ROW) {
            return true;
        }
        if (rc != SQLITE_DONE) {
            m_error = sqliteError(m_handle, QStringLiteral("cannot read %1").arg(m_what));
        }
        return false;
    }
    const Status &error() const { return m_error; }

    qint64 integer(int column) const { return sqlite3_column_int64(m_stmt, column); }
    bool isNull(int column) const { return sqlite3_column_type(m_stmt, column) == SQLITE_NULL; }
    /// The column's bytes (UTF-8 for text); valid until the next step.
    QByteArrayView bytes(int column) const
    {
        const auto *data = reinterpret_cast<const char *>(sqlite3_column_text(m_stmt, column));
        return QByteArrayView(data, sqlite3_column_bytes(m_stmt, column));
    }
    QString text(int column) const
    {
        const auto *data = reinterpret_cast<const char *>(sqlite3_column_text(m_stmt, column));
        return QString::fromUtf8(data, sqlite3_column_bytes(m_stmt, column));
    }

    /// Writes result column `column` as a `kind` cell; SQL NULL is a NULL cell.
    void write(CsvWriter &writer, int column, Cell kind) const
    {
        switch (kind) {
        case Cell::Text: {
            // sqlite3_column_text() first, then _bytes() (SQLite's documented order); NULL → null pointer → NULL.
            const auto *text = reinterpret_cast<const char *>(sqlite3_column_text(m_stmt, column));
            writer.fieldUtf8(text, sqlite3_column_bytes(m_stmt, column));
            return;
        }
        case Cell::Integer:
            if (isNull(column)) {
                writer.nullField();
            } else {
                writer.field(qint64(sqlite3_column_int64(m_stmt, column)));
            }
            return;
        case Cell::Real:
            if (isNull(column)) {
                writer.nullField();
            } else {
                writer.field(sqlite3_column_double(m_stmt, column));
            }
            return;
        }
    }

private:
    sqlite3 *m_handle;
    sqlite3_stmt *m_stmt = nullptr;
    QString m_what;
    Status m_error;
};

/// One read transaction around the whole report, so that its statements see one snapshot. Joins the caller's
/// transaction when one is open.
class ReadSnapshot
{
public:
    explicit ReadSnapshot(sqlite3 *handle) : m_handle(handle)
    {
        if (sqlite3_get_autocommit(handle) != 0) {
            m_own = sqlite3_exec(handle, "BEGIN DEFERRED", nullptr, nullptr, nullptr) == SQLITE_OK;
        }
    }
    ~ReadSnapshot()
    {
        if (m_own) {
            sqlite3_exec(m_handle, "COMMIT", nullptr, nullptr, nullptr);
        }
    }
    ReadSnapshot(const ReadSnapshot &) = delete;
    ReadSnapshot &operator=(const ReadSnapshot &) = delete;

private:
    sqlite3 *m_handle;
    bool m_own = false;
};

/// Ends rows, counts them and reports progress; turns a false from the callback into ErrorCode::Cancelled.
class RowSink
{
public:
    RowSink(CsvWriter &writer, const ReportProgress &progress) : m_writer(writer), m_progress(progress) {}

    CsvWriter &writer() { return m_writer; }
    qint64 rows() const { return m_rows; }

    Status endRow()
    {
        Status written = m_writer.endRow();
        if (!written) {
            return written;
        }
        if (++m_rows % ReportWriter::progressInterval == 0 && m_progress && !m_progress(m_rows)) {
            return cancelled();
        }
        return {};
    }
    Status finish()
    {
        if (m_progress && !m_progress(m_rows)) {
            return cancelled();
        }
        return {};
    }

    /// Streams every row of `stmt`, each result column written as its `cells` kind.
    Status stream(Statement &stmt, const QList<Cell> &cells)
    {
        const int count = int(cells.size());
        const Cell *kinds = cells.constData();
        while (stmt.next()) {
            m_writer.beginRow();
            for (int i = 0; i < count; ++i) {
                stmt.write(m_writer, i, kinds[i]);
            }
            if (Status s = endRow(); !s) {
                return s;
            }
        }
        return stmt.error();
    }

private:
    static Status cancelled() { return makeError(ErrorCode::Cancelled, QStringLiteral("the export was cancelled")); }

    CsvWriter &m_writer;
    const ReportProgress &m_progress;
    qint64 m_rows = 0;
};

// --- tasks, dependencies, progress, comments: one streaming query each ---

bool isEmpty(const TaskFilter &filter)
{
    return !filter.status && !filter.phase && !filter.componentArea && !filter.priority && filter.search.isEmpty() &&
           !filter.parentTaskId;
}

/// Every task in id order, dependency count and latest progress merged in from their own ordered scans.
Status writeAllTasks(sqlite3 *handle, RowSink &sink)
{
    const core::EntitySpec &spec = core::Task::spec();
    QList<Cell> cells;
    const QString sql =
        QStringLiteral("SELECT %1 FROM tasks t ORDER BY t.id").arg(entityColumns(spec, QStringLiteral("t"), cells));
    const int idColumn = spec.indexOf(u"id");
    Q_ASSERT(idColumn >= 0);
    Statement tasks(handle);
    Statement dependencies(handle);
    Statement progress(handle);
    if (Status s = tasks.prepare(sql.toUtf8(), QStringLiteral("the tasks")); !s) {
        return s;
    }
    if (Status s = dependencies.prepare(kDependencyCounts, QStringLiteral("the dependencies")); !s) {
        return s;
    }
    if (Status s = progress.prepare(kProgressByTask, QStringLiteral("the progress history")); !s) {
        return s;
    }
    CsvWriter &w = sink.writer();
    const int count = int(cells.size());
    const Cell *kinds = cells.constData();
    bool hasDependency = dependencies.next();
    bool hasProgress = progress.next();
    QByteArray latestTime; // created_at of the latest progress row so far, reused to avoid an allocation per task
    while (tasks.next()) {
        const qint64 id = tasks.integer(idColumn);
        w.beginRow();
        for (int i = 0; i < count; ++i) {
            tasks.write(w, i, kinds[i]);
        }
        while (hasDependency && dependencies.integer(0) < id) {
            hasDependency = dependencies.next();
        }
        w.field(hasDependency && dependencies.integer(0) == id ? dependencies.integer(1) : qint64(0));
        while (hasProgress && progress.integer(0) < id) {
            hasProgress = progress.next();
        }
        // Rows of one task come in id order; the newest created_at wins and, on a tie, the later id (the same
        // "latest" as the scheduling service).
        std::optional<qint64> latest;
        while (hasProgress && progress.integer(0) == id) {
            const QByteArrayView created = progress.bytes(1);
            if (!latest || created.compare(QByteArrayView(latestTime)) >= 0) {
                latestTime.resize(created.size());
                std::memcpy(latestTime.data(), created.data(), size_t(created.size()));
                latest = progress.integer(2);
            }
            hasProgress = progress.next();
        }
        w.field(latest);
        if (Status s = sink.endRow(); !s) {
            return s;
        }
    }
    for (const Statement *stmt : {&tasks, &dependencies, &progress}) {
        if (!stmt->error()) {
            return stmt->error();
        }
    }
    return {};
}

Status writeTasks(sqlite3 *handle, const TaskFilter &filter, RowSink &sink)
{
    if (isEmpty(filter)) {
        return writeAllTasks(handle, sink);
    }
    QList<Cell> cells;
    QString sql = QStringLiteral("SELECT ") + entityColumns(core::Task::spec(), QStringLiteral("t"), cells) +
                  QStringLiteral(", ") + QLatin1StringView(kDependencyCount) + QStringLiteral(", ") +
                  QLatin1StringView(kLatestProgress) + QStringLiteral(" FROM tasks t");
    cells << Cell::Integer << Cell::Integer;

    // The filters of `task list` (TaskRepository), bound in order.
    QStringList conditions;
    QList<std::function<void(Statement &, int)>> binds;
    if (filter.status) {
        conditions << QStringLiteral("t.status = ?");
        binds << [v = core::toString(*filter.status)](Statement &s, int i) { s.bind(i, v); };
    }
    if (filter.phase) {
        conditions << QStringLiteral("t.phase = ?");
        binds << [v = qint64(*filter.phase)](Statement &s, int i) { s.bind(i, v); };
    }
    if (filter.componentArea) {
        conditions << QStringLiteral("t.component_area = ?");
        binds << [v = *filter.componentArea](Statement &s, int i) { s.bind(i, v); };
    }
    if (filter.priority) {
        conditions << QStringLiteral("t.priority = ?");
        binds << [v = core::toString(*filter.priority)](Statement &s, int i) { s.bind(i, v); };
    }
    if (!filter.search.isEmpty()) {
        conditions << QStringLiteral("(taskorch_contains(t.title, ?) OR taskorch_contains(t.description, ?))");
        for (int k = 0; k < 2; ++k) {
            binds << [v = filter.search](Statement &s, int i) { s.bind(i, v); };
        }
    }
    if (filter.parentTaskId) {
        conditions << QStringLiteral("t.parent_task_id = ?");
        binds << [v = *filter.parentTaskId](Statement &s, int i) { s.bind(i, v); };
    }
    sql += QStringLiteral(" WHERE ") + conditions.join(QStringLiteral(" AND ")) + QStringLiteral(" ORDER BY t.id");

    Statement stmt(handle);
    if (Status s = stmt.prepare(sql.toUtf8(), QStringLiteral("the tasks")); !s) {
        return s;
    }
    for (int i = 0; i < binds.size(); ++i) {
        binds[i](stmt, i + 1);
    }
    return sink.stream(stmt, cells);
}

/// An entity's rows in `order`, followed by the titles of the tasks its `titleColumns` point at.
Status writeEntity(sqlite3 *handle, const core::EntitySpec &spec, const QStringList &titleColumns, const QString &order,
                   const QString &what, RowSink &sink)
{
    QList<Cell> cells;
    QString select = entityColumns(spec, QStringLiteral("e"), cells);
    QString joins;
    for (int i = 0; i < titleColumns.size(); ++i) {
        const QString alias = QStringLiteral("t%1").arg(i);
        select += QStringLiteral(", %1.title").arg(alias);
        joins += QStringLiteral(" LEFT JOIN tasks %1 ON %1.id = e.%2").arg(alias, quoted(titleColumns[i]));
        cells << Cell::Text;
    }
    const QString sql =
        QStringLiteral("SELECT %1 FROM %2 e%3 ORDER BY %4").arg(select, quoted(spec.table), joins, order);
    Statement stmt(handle);
    if (Status s = stmt.prepare(sql.toUtf8(), what); !s) {
        return s;
    }
    return sink.stream(stmt, cells);
}

// --- critical-path and plan: the schedule from the scheduling service, titles streamed beside it ---

void hoursField(CsvWriter &writer, qint64 minutes)
{
    writer.field(minutesToHours(minutes));
}

Status writeCriticalPath(Workspace &ws, core::ScheduleMode mode, RowSink &sink)
{
    auto cpm = ws.scheduling().criticalPath(mode);
    if (!cpm) {
        return cpm.error();
    }
    QHash<qint64, int> position;
    const QList<qint64> &path = cpm->criticalPath();
    for (int i = 0; i < path.size(); ++i) {
        position.insert(path[i], i + 1);
    }
    Statement titles(ws.database().handle());
    if (Status s = titles.prepare(kTitles, QStringLiteral("the task titles")); !s) {
        return s;
    }
    CsvWriter &w = sink.writer();
    while (titles.next()) {
        const qint64 id = titles.integer(0);
        const std::optional<core::TaskSchedule> t = cpm->task(id);
        if (!t) {
            continue;
        }
        w.beginRow();
        w.field(id);
        titles.write(w, 1, Cell::Text);
        hoursField(w, t->durationMinutes);
        hoursField(w, t->earlyStart);
        hoursField(w, t->earlyFinish);
        hoursField(w, t->lateStart);
        hoursField(w, t->lateFinish);
        hoursField(w, t->totalSlack);
        hoursField(w, t->freeSlack);
        w.field(t->critical);
        w.field(t->drivingPredecessor);
        const auto p = position.constFind(id);
        if (p != position.cend()) {
            w.field(*p);
        } else {
            w.nullField();
        }
        if (Status s = sink.endRow(); !s) {
            return s;
        }
    }
    return titles.error();
}

Status writePlan(Workspace &ws, int maxParallel, RowSink &sink)
{
    // K outside 1–50 (0 included) is refused by the scheduling service with ErrorCode::Invalid.
    auto planned = ws.scheduling().plan(maxParallel);
    if (!planned) {
        return planned.error();
    }
    const core::ParallelPlan &plan = *planned;
    CsvWriter &w = sink.writer();
    const auto summary = [&](const QString &key, auto value) {
        w.beginRow();
        w.field(QStringView(u"summary"));
        w.field(key);
        w.field(value);
        for (int i = 3; i < kPlanColumns.size(); ++i) {
            w.nullField();
        }
        return sink.endRow();
    };
    const Status summaries[] = {
        summary(QStringLiteral("max_parallel"), qint64(plan.maxParallel)),
        summary(QStringLiteral("task_count"), plan.taskCount),
        summary(QStringLiteral("group_count"), qint64(plan.groups.size())),
        summary(QStringLiteral("total_task_hours"), minutesToHours(plan.totalTaskMinutes)),
        summary(QStringLiteral("critical_path_hours"), minutesToHours(plan.criticalPathMinutes)),
        summary(QStringLiteral("lower_bound_hours"), minutesToHours(plan.lowerBoundMinutes)),
        summary(QStringLiteral("flow_makespan_hours"), minutesToHours(plan.flowMakespanMinutes)),
        summary(QStringLiteral("wave_makespan_hours"), minutesToHours(plan.waveMakespanMinutes)),
        summary(QStringLiteral("flow_ratio"), plan.flowRatio),
        summary(QStringLiteral("wave_ratio"), plan.waveRatio),
    };
    for (const Status &s : summaries) {
        if (!s) {
            return s;
        }
    }

    QHash<qint64, qsizetype> flowIndex;
    flowIndex.reserve(plan.flow.size());
    for (qsizetype i = 0; i < plan.flow.size(); ++i) {
        flowIndex.insert(plan.flow[i].id, i);
    }
    Statement title(ws.database().handle());
    if (Status s = title.prepare(kTitleById, QStringLiteral("the task titles")); !s) {
        return s;
    }
    for (const core::PlanGroup &group : plan.groups) {
        for (qsizetype i = 0; i < group.tasks.size(); ++i) {
            const core::GroupEntry &entry = group.tasks[i];
            w.beginRow();
            w.field(QStringView(u"task"));
            w.nullField();
            w.nullField();
            w.field(qint64(group.position));
            w.field(qint64(i + 1));
            w.field(entry.id);
            title.reset();
            title.bind(1, entry.id);
            if (title.next()) {
                title.write(w, 0, Cell::Text);
            } else if (!title.error()) {
                return title.error();
            } else {
                w.nullField();
            }
            hoursField(w, entry.durationMinutes);
            const auto f = flowIndex.constFind(entry.id);
            if (f != flowIndex.cend()) {
                const core::FlowEntry &flow = plan.flow[*f];
                hoursField(w, flow.start);
                hoursField(w, flow.finish);
                w.field(qint64(flow.lane));
            } else {
                w.nullField();
                w.nullField();
                w.nullField();
            }
            const qint64 waveStart = group.startMinutes + entry.start;
            hoursField(w, waveStart);
            hoursField(w, waveStart + entry.durationMinutes);
            w.field(qint64(entry.lane));
            hoursField(w, group.startMinutes);
            hoursField(w, group.durationMinutes);
            if (Status s = sink.endRow(); !s) {
                return s;
            }
        }
    }
    return {};
}

// --- statistics: a handful of rows from TaskService::statistics() ---

Status writeStatistics(Workspace &ws, RowSink &sink)
{
    auto computed = ws.service().statistics();
    if (!computed) {
        return computed.error();
    }
    const core::ProjectStatistics &s = *computed;
    CsvWriter &w = sink.writer();
    const auto row = [&](QStringView section, const QString &key, std::optional<qint64> count,
                         std::optional<qint64> completed, auto value) {
        w.beginRow();
        w.field(section);
        w.field(key);
        w.field(count);
        w.field(completed);
        w.field(value);
        return sink.endRow();
    };
    const auto figure = [&](const char *key, auto value) {
        return row(u"summary", QString::fromLatin1(key), std::nullopt, std::nullopt, value);
    };
    QList<Status> results{
        figure("total_tasks", s.totalTasks),
        figure("completed_tasks", s.completedTasks),
        figure("in_progress_tasks", s.inProgressTasks),
        figure("blocked_tasks", s.blockedTasks),
        figure("not_started_tasks", s.notStartedTasks),
        figure("failed_tasks", s.failedTasks),
        figure("completion_percentage", s.completionPercentage),
        figure("total_estimated_hours", s.totalEstimatedHours),
        figure("completed_hours", s.completedHours),
        figure("remaining_hours", s.remainingHours),
        figure("progress_percentage", s.progressPercentage),
    };
    const std::pair<core::TaskStatus, qint64> statuses[] = {
        {core::TaskStatus::NotStarted, s.notStartedTasks}, {core::TaskStatus::InProgress, s.inProgressTasks},
        {core::TaskStatus::Blocked, s.blockedTasks},       {core::TaskStatus::Completed, s.completedTasks},
        {core::TaskStatus::Failed, s.failedTasks},
    };
    for (const auto &[status, count] : statuses) {
        results << row(u"status", core::toString(status), count, std::nullopt,
                       core::percentOneDecimal(double(count), double(s.totalTasks)));
    }
    for (const core::PhaseBreakdown &p : s.phaseBreakdown) {
        results << row(u"phase", QString::number(p.phase), p.count, p.completed,
                       core::percentOneDecimal(double(p.completed), double(p.count)));
    }
    for (const core::ComponentBreakdown &c : s.componentBreakdown) {
        results << row(u"component", c.area, c.count, c.completed,
                       core::percentOneDecimal(double(c.completed), double(c.count)));
    }
    for (const Status &r : results) {
        if (!r) {
            return r;
        }
    }
    return {};
}

// --- import-report: the bookkeeping tables of the legacy importer ---

Status writeImportReport(Workspace &ws, RowSink &sink)
{
    Database &db = ws.database();
    for (const QString &table : kImportBookkeeping) {
        if (!db.hasTable(table)) {
            return makeError(ErrorCode::NotFound, QStringLiteral("no import has been run in this database"),
                             QStringLiteral("table %1 does not exist").arg(table));
        }
    }
    sqlite3 *handle = db.handle();
    {
        Statement count(handle);
        if (Status s = count.prepare(kImportRunCount, QStringLiteral("the import runs")); !s) {
            return s;
        }
        if (!count.next()) {
            return count.error();
        }
        if (count.integer(0) == 0) {
            return makeError(ErrorCode::NotFound, QStringLiteral("no import has been run in this database"));
        }
    }
    Statement runs(handle);
    Statement tables(handle);
    Statement reasons(handle);
    Statement quarantine(handle);
    Statement issues(handle);
    for (const auto &[stmt, sql] :
         {std::pair{&runs, kImportRuns}, std::pair{&tables, kImportTableCounts}, std::pair{&reasons, kImportReasons},
          std::pair{&quarantine, kImportQuarantine}, std::pair{&issues, kImportIssues}}) {
        if (Status s = stmt->prepare(sql, QStringLiteral("the import report")); !s) {
            return s;
        }
    }
    CsvWriter &w = sink.writer();
    // section, run_id, source_table, source_id, key, then value and the rest as the caller writes them.
    const auto start = [&](QStringView section, qint64 runId) {
        w.beginRow();
        w.field(section);
        w.field(runId);
    };
    const auto nulls = [&](int n) {
        for (int i = 0; i < n; ++i) {
            w.nullField();
        }
    };
    static const char *const runKeys[] = {"source_path", "source_sha256", "generation",
                                          "started_at",  "finished_at",   "status"};
    while (runs.next()) {
        const qint64 runId = runs.integer(0);
        for (int k = 0; k < 6; ++k) {
            start(u"run", runId);
            nulls(2);
            w.field(QString::fromLatin1(runKeys[k]));
            runs.write(w, k + 1, Cell::Text);
            nulls(4);
            if (Status s = sink.endRow(); !s) {
                return s;
            }
        }

        tables.reset();
        tables.bind(1, runId);
        while (tables.next()) {
            const qint64 imported = tables.integer(1);
            const qint64 quarantined = tables.integer(2);
            const std::pair<const char *, qint64> counts[] = {{"read", imported + quarantined},
                                                              {"imported", imported},
                                                              {"normalised", tables.integer(3)},
                                                              {"quarantined", quarantined}};
            const auto countRow = [&](const QString &key, qint64 value) {
                start(u"table", runId);
                tables.write(w, 0, Cell::Text);
                w.nullField();
                w.field(key);
                w.field(value);
                nulls(4);
                return sink.endRow();
            };
            for (const auto &[key, value] : counts) {
                if (Status s = countRow(QString::fromLatin1(key), value); !s) {
                    return s;
                }
            }
            reasons.reset();
            reasons.bind(1, runId);
            reasons.bindColumn(2, tables, 0);
            while (reasons.next()) {
                start(u"table", runId);
                tables.write(w, 0, Cell::Text);
                w.nullField();
                w.field(QStringLiteral("quarantined:") + reasons.text(0));
                reasons.write(w, 1, Cell::Integer);
                nulls(4);
                if (Status s = sink.endRow(); !s) {
                    return s;
                }
            }
            if (!reasons.error()) {
                return reasons.error();
            }
        }
        if (!tables.error()) {
            return tables.error();
        }

        quarantine.reset();
        quarantine.bind(1, runId);
        while (quarantine.next()) {
            start(u"quarantine", runId);
            quarantine.write(w, 0, Cell::Text);
            quarantine.write(w, 1, Cell::Integer);
            quarantine.write(w, 2, Cell::Text);
            nulls(4);
            quarantine.write(w, 3, Cell::Text);
            if (Status s = sink.endRow(); !s) {
                return s;
            }
        }
        if (!quarantine.error()) {
            return quarantine.error();
        }

        issues.reset();
        issues.bind(1, runId);
        while (issues.next()) {
            start(u"issue", runId);
            issues.write(w, 0, Cell::Text);
            issues.write(w, 1, Cell::Integer);
            issues.write(w, 2, Cell::Text);
            w.nullField();
            issues.write(w, 3, Cell::Text);
            issues.write(w, 4, Cell::Text);
            issues.write(w, 5, Cell::Text);
            w.nullField();
            if (Status s = sink.endRow(); !s) {
                return s;
            }
        }
        if (!issues.error()) {
            return issues.error();
        }
    }
    return runs.error();
}

Status writeRows(Workspace &ws, const ReportRequest &request, RowSink &sink)
{
    sqlite3 *handle = ws.database().handle();
    switch (request.kind) {
    case ReportKind::Tasks:
        return writeTasks(handle, request.taskFilter, sink);
    case ReportKind::Dependencies:
        return writeEntity(handle, core::TaskDependency::spec(),
                           {QStringLiteral("task_id"), QStringLiteral("depends_on_task_id")}, QStringLiteral("e.id"),
                           QStringLiteral("the dependencies"), sink);
    case ReportKind::CriticalPath:
        return writeCriticalPath(ws, request.mode, sink);
    case ReportKind::Plan:
        return writePlan(ws, request.maxParallel, sink);
    case ReportKind::Statistics:
        return writeStatistics(ws, sink);
    case ReportKind::Progress:
        return writeEntity(handle, core::TaskProgress::spec(), {QStringLiteral("task_id")},
                           QStringLiteral("e.created_at, e.id"), QStringLiteral("the progress history"), sink);
    case ReportKind::Comments:
        return writeEntity(handle, core::TaskComment::spec(), {QStringLiteral("task_id")}, QStringLiteral("e.id"),
                           QStringLiteral("the comments"), sink);
    case ReportKind::ImportReport:
        return writeImportReport(ws, sink);
    }
    return makeError(ErrorCode::Usage, QStringLiteral("unknown report"));
}

} // namespace

QStringList ReportWriter::columns(ReportKind kind)
{
    switch (kind) {
    case ReportKind::Tasks:
        return core::Task::spec().columnNames() + kTaskExtras;
    case ReportKind::Dependencies:
        return core::TaskDependency::spec().columnNames() + kDependencyExtras;
    case ReportKind::CriticalPath:
        return kCriticalPathColumns;
    case ReportKind::Plan:
        return kPlanColumns;
    case ReportKind::Statistics:
        return kStatisticsColumns;
    case ReportKind::Progress:
        return core::TaskProgress::spec().columnNames() + kTitleExtra;
    case ReportKind::Comments:
        return core::TaskComment::spec().columnNames() + kTitleExtra;
    case ReportKind::ImportReport:
        return kImportColumns;
    }
    return {};
}

core::Result<QList<bool>> ReportWriter::columnMask(ReportKind kind, const QStringList &chosen)
{
    const QStringList all = columns(kind);
    if (chosen.isEmpty()) {
        return QList<bool>();
    }
    for (const QString &name : chosen) {
        if (!all.contains(name)) {
            return core::makeError(ErrorCode::Invalid,
                                   QStringLiteral("the %1 report has no column \"%2\"; its columns are: %3")
                                       .arg(core::enumToString(kind), name, all.join(QStringLiteral(", "))));
        }
    }
    QList<bool> keep;
    keep.reserve(all.size());
    for (const QString &name : all) {
        keep.append(chosen.contains(name));
    }
    return keep;
}

core::Result<qint64> ReportWriter::write(Workspace &workspace, const ReportRequest &request, CsvWriter &writer,
                                         const ReportProgress &progress)
{
    auto keep = columnMask(request.kind, request.columns);
    if (!keep) {
        return keep.error();
    }
    writer.selectColumns(*keep);
    if (Status s = writer.writeHeader(columns(request.kind)); !s) {
        return s.error();
    }
    RowSink sink(writer, progress);
    ReadSnapshot snapshot(workspace.database().handle());
    if (Status s = writeRows(workspace, request, sink); !s) {
        return s.error();
    }
    if (Status s = sink.finish(); !s) {
        return s.error();
    }
    return sink.rows();
}

core::Result<qint64> ReportWriter::exportReport(Workspace &workspace, const ReportRequest &request, const QString &path,
                                                const core::CsvOptions &options, const ReportProgress &progress)
{
    CsvWriter writer(options);
    if (Status s = writer.open(path); !s) {
        return s.error();
    }
    auto rows = write(workspace, request, writer, progress);
    if (!rows) {
        writer.cancel();
        return rows;
    }
    if (Status s = writer.commit(); !s) {
        return s.error();
    }
    return rows;
}

} // namespace taskorch::storage
