// SPDX-License-Identifier: GPL-3.0-or-later
#include "LegacyImporter.h"

#include "Entities.h"
#include "LegacySource.h"
#include "LegacyValues.h"
#include "Timestamp.h"
#include "Transaction.h"
#include "Workspace.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonValue>
#include <QRegularExpression>
#include <QScopeGuard>

#include <sqlite3.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstring>
#include <functional>
#include <iterator>
#include <limits>
#include <map>
#include <optional>
#include <thread>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace taskorch::storage {

using core::ErrorCode;
using core::makeError;
using legacy::LegacySource;
using legacy::SourceTable;
using legacy::Statement;
namespace lv = core::legacy;
using lv::IssueCode;
using lv::NumberCell;

namespace {

constexpr char kOrphanReference[] = "orphan_reference";
constexpr char kSelfDependency[] = "self_dependency";
constexpr char kDuplicate[] = "duplicate";
constexpr char kCycle[] = "cycle";
constexpr char kInvalidValue[] = "invalid_value";
constexpr char kUnmappedTable[] = "unmapped_table";

// Statements on the target. Column lists are named, so later migrations that add columns with defaults keep working.
constexpr char kInsertRun[] = "INSERT INTO import_runs (source_path, source_sha256, generation, started_at, status) "
                              "VALUES (?1, ?2, ?3, ?4, 'running')";
constexpr char kFindEarlierRun[] = "SELECT id, finished_at FROM import_runs WHERE source_sha256 = ?1 AND "
                                   "status = 'completed' AND id <> ?2 ORDER BY id LIMIT 1";
constexpr char kFinishRun[] = "UPDATE import_runs SET source_sha256 = ?1, finished_at = ?2, status = 'completed', "
                              "summary_json = ?3 WHERE id = ?4";
constexpr char kInsertIssue[] = "INSERT INTO import_issues (run_id, source_table, source_id, \"column\", raw_value, "
                                "stored_value, code) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
constexpr char kInsertQuarantine[] = "INSERT INTO import_quarantine (run_id, source_table, source_id, reason, "
                                     "row_json) VALUES (?1, ?2, ?3, ?4, ?5)";
constexpr char kInsertTask[] =
    "INSERT INTO tasks (id, title, description, component_area, phase, priority, complexity, status, "
    "source_document, success_criteria, time_estimate_hours, parent_task_id, created_at, updated_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)";
constexpr char kSetParent[] = "UPDATE tasks SET parent_task_id = ?1 WHERE id = ?2";
constexpr char kInsertGroup[] =
    "INSERT INTO execution_groups (id, name, position, total_hours, estimated_duration, max_parallel_tasks, status, "
    "metadata, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
constexpr char kInsertDependency[] = "INSERT INTO task_dependencies (task_id, depends_on_task_id, dependency_type, "
                                     "created_at) VALUES (?1, ?2, ?3, ?4)";
constexpr char kInsertProgress[] = "INSERT INTO task_progress (task_id, progress_percentage, notes, updated_by, "
                                   "created_at) VALUES (?1, ?2, ?3, ?4, ?5)";
constexpr char kInsertComment[] =
    "INSERT INTO task_comments (task_id, comment, comment_type, created_at) VALUES (?1, ?2, ?3, ?4)";
constexpr char kInsertGroupTask[] = "INSERT INTO group_tasks (group_id, task_id, execution_order, task_hours, status, "
                                    "created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
constexpr char kInsertLog[] = "INSERT INTO parallel_execution_log (group_id, task_id, level, message, metadata, "
                              "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
// The source tables the importer maps, parents first; each fills the target table of the same name.
const char *const kMappedTables[] = {"tasks",         "execution_groups", "task_dependencies",     "task_progress",
                                     "task_comments", "group_tasks",      "parallel_execution_log"};
// The secondary indexes an import may defer (see ImportRun::deferIndexes): made by CREATE INDEX, not enforcing
// anything, in the order they were created.
constexpr char kDeferrableIndexes[] =
    "SELECT s.name, s.sql FROM sqlite_master AS s JOIN pragma_index_list(?1) AS l ON l.name = s.name "
    "WHERE s.type = 'index' AND l.origin = 'c' AND NOT l.\"unique\" AND s.sql IS NOT NULL ORDER BY s.rowid";
// The statistics change log (migration 0005) and the triggers of ?1 that write it, which an import defers (see
// ImportRun::deferStatisticsLog), in the order they were created. GLOB: a case-sensitive prefix, `_` included.
constexpr char kStatisticsLogExists[] =
    "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'statistics_changes' COLLATE NOCASE";
constexpr char kStatisticsTriggers[] =
    "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?1 COLLATE NOCASE AND "
    "name GLOB 'statistics_changes_*' AND sql IS NOT NULL ORDER BY rowid";
// The tables whose writes the statistics log's triggers record.
const char *const kStatisticsLoggedTables[] = {"tasks", "task_progress"};
// The scratch database of the staged tasks, as the target's connection attaches it (see ImportRun::stageTasks).
constexpr char kStagingSchema[] = "taskorch_staged";
// "Anything may have changed": readers of the log read everything again.
constexpr char kLogEverything[] = "INSERT INTO statistics_changes (task_id) VALUES (NULL)";
// id_map rows go in batches: ?1 run, ?2 source table, ?3 target table, then (source id, target id) pairs.
constexpr int kMapBatch = 128;

// Limits of the target columns (SPEC.md §3).
constexpr qsizetype kTitleMax = 500;
constexpr qsizetype kDescriptionMax = 2000;
constexpr qsizetype kComponentMax = 100;
constexpr qsizetype kSourceDocumentMax = 200;
constexpr qsizetype kSuccessCriteriaMax = 1000;
constexpr qsizetype kNotesMax = 1000;
constexpr qsizetype kUpdatedByMax = 100;
constexpr qsizetype kCommentMax = 2000;
constexpr qsizetype kGroupNameMax = 200;
constexpr qsizetype kMessageMax = 2000;

// ---------------------------------------------------------------------------------------------------------------
// Reading source rows

/// Where each wanted field sits in a source table's SELECT (all columns in file order, then a hidden rowid when
/// `id` is not the rowid), and which columns no field claimed.
struct ColumnPlan
{
    const SourceTable *table = nullptr;
    QByteArray tableName; ///< UTF-8, as stored in import_* rows
    QByteArray quotedTable;
    std::vector<int> field;
    std::vector<int> extras;
    int rowidIndex = -1;
    int columnCount = 0;
    QList<QByteArray> names;
    QList<QByteArray> quotedNames;
    QByteArray selectList;

    int operator[](int f) const { return field[size_t(f)]; }
    QByteArray select() const { return "SELECT " + selectList + " FROM " + quotedTable; }
    /// The quoted column of field `f`, or NULL when the table lacks it.
    QByteArray columnOr(int f, const char *fallback) const
    {
        return field[size_t(f)] >= 0 ? quotedNames[field[size_t(f)]] : QByteArray(fallback);
    }
};

/// Each field lists the column names that may hold it (LEGACY_FORMATS.md H6); the first present one wins and any
/// other present alias counts as an extra column.
ColumnPlan planFor(const SourceTable &t, std::initializer_list<std::initializer_list<const char *>> fields)
{
    ColumnPlan plan;
    plan.table = &t;
    plan.tableName = t.name.toUtf8();
    plan.quotedTable = legacy::quoteIdentifier(t.name);
    plan.columnCount = int(t.columns.size());
    std::vector<bool> claimed(t.columns.size(), false);
    for (const auto &candidates : fields) {
        int index = -1;
        for (const char *name : candidates) {
            const int i = t.columnIndex(QString::fromLatin1(name));
            if (i >= 0 && !claimed[size_t(i)]) {
                index = i;
                claimed[size_t(i)] = true;
                break;
            }
        }
        plan.field.push_back(index);
    }
    QList<QByteArray> parts;
    for (int i = 0; i < t.columns.size(); ++i) {
        plan.names << t.columns[i].toUtf8();
        plan.quotedNames << legacy::quoteIdentifier(t.columns[i]);
        parts << plan.quotedNames.last();
        if (!claimed[size_t(i)]) {
            plan.extras.push_back(i);
        }
    }
    if (t.hasRowid && !t.idIsRowid) {
        plan.rowidIndex = int(parts.size());
        parts << "_rowid_";
    }
    plan.selectList = parts.join(", ");
    return plan;
}

/// Typed access to the current row of a source statement. Each cell is read once: its type first, then its value.
class Row
{
public:
    explicit Row(sqlite3_stmt *stmt) : m_stmt(stmt) {}

    int type(int i) const { return i < 0 ? SQLITE_NULL : sqlite3_column_type(m_stmt, i); }
    bool isNull(int i) const { return type(i) == SQLITE_NULL; }
    QByteArrayView text(int i) const
    {
        const auto *p = reinterpret_cast<const char *>(sqlite3_column_text(m_stmt, i));
        return QByteArrayView(p ? p : "", sqlite3_column_bytes(m_stmt, i));
    }
    /// The cell as text for import_issues.raw_value; a null QByteArray for NULL.
    QByteArray raw(int i) const
    {
        if (i < 0 || sqlite3_column_type(m_stmt, i) == SQLITE_NULL) {
            return {};
        }
        const QByteArrayView t = text(i);
        return QByteArray(t.data(), t.size());
    }
    NumberCell number(int i) const
    {
        switch (type(i)) {
        case SQLITE_NULL:
            return NumberCell::null();
        case SQLITE_INTEGER:
            return NumberCell::number(double(sqlite3_column_int64(m_stmt, i)));
        case SQLITE_FLOAT:
            return NumberCell::number(sqlite3_column_double(m_stmt, i));
        case SQLITE_TEXT:
            if (const auto v = lv::parseNumber(text(i))) {
                return NumberCell::number(*v);
            }
            return NumberCell::notANumber();
        default:
            return NumberCell::notANumber();
        }
    }
    /// A reference to another row's id: an integer, an integral real, or integer text. Nothing otherwise.
    std::optional<qint64> reference(int i) const
    {
        switch (type(i)) {
        case SQLITE_INTEGER:
            return sqlite3_column_int64(m_stmt, i);
        case SQLITE_FLOAT: {
            const double v = sqlite3_column_double(m_stmt, i);
            if (v == std::floor(v) && std::abs(v) < 9e15) {
                return qint64(v);
            }
            return std::nullopt;
        }
        case SQLITE_TEXT: {
            const QByteArrayView t = text(i).trimmed();
            qint64 v = 0;
            const auto [end, error] = std::from_chars(t.data(), t.data() + t.size(), v);
            if (error == std::errc() && end == t.data() + t.size() && !t.isEmpty()) {
                return v;
            }
            return std::nullopt;
        }
        default:
            return std::nullopt;
        }
    }
    /// A timestamp cell in milliseconds; nothing for NULL or a value that is not a time.
    std::optional<qint64> time(int i) const
    {
        switch (type(i)) {
        case SQLITE_TEXT:
            return lv::parseTimestampMs(text(i));
        case SQLITE_INTEGER:
        case SQLITE_FLOAT:
            return lv::timestampFromNumber(sqlite3_column_double(m_stmt, i));
        default:
            return std::nullopt;
        }
    }
    qint64 int64(int i) const { return sqlite3_column_int64(m_stmt, i); }

    /// The whole row (the table's own columns) as a JSON object, for import_quarantine.row_json.
    QByteArray json(const ColumnPlan &plan) const
    {
        QJsonObject object;
        for (int i = 0; i < plan.columnCount; ++i) {
            const QString name = QString::fromUtf8(plan.names[i]);
            switch (sqlite3_column_type(m_stmt, i)) {
            case SQLITE_INTEGER:
                object.insert(name, qint64(sqlite3_column_int64(m_stmt, i)));
                break;
            case SQLITE_FLOAT:
                object.insert(name, sqlite3_column_double(m_stmt, i));
                break;
            case SQLITE_TEXT:
                object.insert(name, QString::fromUtf8(text(i)));
                break;
            case SQLITE_BLOB: {
                const auto *p = static_cast<const char *>(sqlite3_column_blob(m_stmt, i));
                const QByteArray blob(p ? p : "", sqlite3_column_bytes(m_stmt, i));
                object.insert(name, QStringLiteral("base64:") + QString::fromLatin1(blob.toBase64()));
                break;
            }
            default:
                object.insert(name, QJsonValue::Null);
            }
        }
        return QJsonDocument(object).toJson(QJsonDocument::Compact);
    }

private:
    sqlite3_stmt *m_stmt;
};

/// Who a source row is: its `id` when that is an integer, else its rowid, else its position in the scan.
struct RowIdentity
{
    qint64 sourceId = 0;
    bool idValid = false;
    qint64 rowKey = 0; ///< what finds the row again: rowid, or the scan position for WITHOUT ROWID tables
};

RowIdentity identify(const Row &row, const ColumnPlan &plan, int idField, qint64 ordinal)
{
    RowIdentity who;
    const int idColumn = plan[idField];
    if (idColumn >= 0 && row.type(idColumn) == SQLITE_INTEGER) {
        who.sourceId = row.int64(idColumn);
        who.idValid = true;
    }
    if (plan.table->idIsRowid) {
        who.rowKey = who.sourceId;
    } else if (plan.rowidIndex >= 0) {
        who.rowKey = row.int64(plan.rowidIndex);
    } else {
        who.rowKey = ordinal;
    }
    if (!who.idValid) {
        who.sourceId = plan.rowidIndex >= 0 || plan.table->idIsRowid ? who.rowKey : ordinal;
    }
    return who;
}

/// Finds a source row again by its row key, to keep it whole in quarantine after the decision was taken late
/// (duplicates, cycles). WITHOUT ROWID tables cannot be looked up, so their rows are remembered while scanning.
class RowFetcher
{
public:
    RowFetcher(sqlite3 *db, const ColumnPlan &plan) : m_plan(plan)
    {
        if (plan.table->hasRowid) {
            m_lookup = Statement(db, plan.select() + " WHERE _rowid_ = ?1");
        }
    }
    bool mustRemember() const { return !m_plan.table->hasRowid; }
    void remember(qint64 rowKey, const Row &row) { m_remembered[rowKey] = row.json(m_plan); }
    QByteArray json(qint64 rowKey)
    {
        if (!m_lookup.ok()) {
            return m_remembered.value(rowKey, QByteArrayLiteral("{}"));
        }
        sqlite3_bind_int64(m_lookup, 1, rowKey);
        QByteArray out = QByteArrayLiteral("{}");
        if (sqlite3_step(m_lookup) == SQLITE_ROW) {
            out = Row(m_lookup).json(m_plan);
        }
        sqlite3_reset(m_lookup);
        return out;
    }

private:
    const ColumnPlan &m_plan;
    Statement m_lookup;
    QHash<qint64, QByteArray> m_remembered;
};

// ---------------------------------------------------------------------------------------------------------------
// Values

/// One value that had to change, waiting to be written to import_issues.
struct Issue
{
    QByteArray column;
    QByteArray raw;    ///< null for SQL NULL
    QByteArray stored; ///< null for SQL NULL
    IssueCode code = IssueCode::None;
};

const QByteArray &issueCodeText(IssueCode code)
{
    static const std::vector<QByteArray> texts = [] {
        std::vector<QByteArray> out;
        for (int c = 0; c <= int(IssueCode::InvalidJson); ++c) {
            out.push_back(lv::toString(IssueCode(c)).toUtf8());
        }
        return out;
    }();
    return texts[size_t(code)];
}

QByteArray numberText(double v)
{
    return QByteArray::number(v, 'g', 15);
}

QByteArray timeText(qint64 ms)
{
    char buffer[24];
    lv::formatTimestampMs(ms, buffer);
    return QByteArray(buffer, 24);
}

/// Normalises enum cells through the importer's few distinct spellings: one conversion per spelling, not per row.
template <typename E> class EnumCache
{
public:
    struct Entry
    {
        QByteArray raw;
        lv::Normalised<E> value;
        QByteArray canonical;
    };
    using Normaliser = lv::Normalised<E> (*)(QStringView);

    explicit EnumCache(Normaliser normaliser) : m_normaliser(normaliser) {}

    const Entry &get(const Row &row, int column)
    {
        if (row.isNull(column)) {
            if (!m_null) {
                m_null = make(QByteArray(), m_normaliser(QStringView()));
            }
            return *m_null;
        }
        const QByteArrayView text = row.text(column);
        for (const Entry &e : m_entries) {
            if (e.raw == text) {
                return e;
            }
        }
        Entry entry = make(text.toByteArray(), m_normaliser(QString::fromUtf8(text)));
        // A column of free text could have a spelling per row; stop caching rather than search a long list.
        if (m_entries.size() < 64) {
            m_entries.push_back(std::move(entry));
            return m_entries.back();
        }
        m_scratch = std::move(entry);
        return m_scratch;
    }

    /// The default, for a table that lacks the column (nothing to record).
    QByteArray canonical(E value) const { return core::toString(value).toUtf8(); }

private:
    static Entry make(QByteArray raw, lv::Normalised<E> value)
    {
        return Entry{std::move(raw), value, core::toString(value.value).toUtf8()};
    }

    Normaliser m_normaliser;
    std::vector<Entry> m_entries;
    std::optional<Entry> m_null;
    Entry m_scratch;
};

/// source id → target id. Dense ids (the usual case) use a vector; sparse ones a hash map.
class IdMap
{
public:
    void add(qint64 sourceId, qint64 targetId) { m_pairs.emplace_back(sourceId, targetId); }

    void finish()
    {
        if (m_pairs.empty()) {
            return;
        }
        qint64 low = m_pairs.front().first;
        qint64 high = low;
        for (const auto &[s, t] : m_pairs) {
            low = std::min(low, s);
            high = std::max(high, s);
        }
        const auto span = quint64(high) - quint64(low);
        if (span < 4 * quint64(m_pairs.size()) + 4096) {
            m_low = low;
            m_dense.assign(size_t(span) + 1, -1);
            for (const auto &[s, t] : m_pairs) {
                m_dense[size_t(s - low)] = t;
            }
        } else {
            m_sparse.reserve(m_pairs.size());
            for (const auto &[s, t] : m_pairs) {
                m_sparse.emplace(s, t);
            }
        }
        m_pairs.clear();
        m_pairs.shrink_to_fit();
    }

    /// The target id, or -1.
    qint64 find(qint64 sourceId) const
    {
        if (!m_dense.empty()) {
            if (sourceId < m_low || quint64(sourceId - m_low) >= m_dense.size()) {
                return -1;
            }
            return m_dense[size_t(sourceId - m_low)];
        }
        const auto it = m_sparse.find(sourceId);
        return it == m_sparse.end() ? -1 : it->second;
    }

private:
    std::vector<std::pair<qint64, qint64>> m_pairs;
    qint64 m_low = 0;
    std::vector<qint64> m_dense;
    std::unordered_map<qint64, qint64> m_sparse;
};

// ---------------------------------------------------------------------------------------------------------------
// Progress and cancel

class Progress
{
public:
    Progress(const ImportOptions &options, const ImportProgress &callback, qint64 total)
        : m_callback(callback), m_flag(options.cancel), m_interval(std::max<qint64>(1, options.progressInterval)),
          m_total(total)
    {}

    /// One more source row has found its place; false when the import must stop.
    bool advance()
    {
        ++m_done;
        return poll();
    }
    /// Called inside long read passes that do not move the count.
    bool stopRequested() const
    {
        return m_cancelled || (m_flag && m_flag->load(std::memory_order_relaxed)) ||
               (m_stop && m_stop->load(std::memory_order_relaxed));
    }
    /// Also stop when `stop` is set (by another thread).
    void stopAlsoOn(const std::atomic<bool> *stop) { m_stop = stop; }
    /// Publishes the count into `shared` as it goes, for the Progress of another thread to include (countAlso).
    void publishTo(std::atomic<qint64> *shared) { m_published = shared; }
    /// Includes the rows another thread counts into `shared` (publishTo) in what this one reports.
    void countAlso(const std::atomic<qint64> *shared) { m_elsewhere = shared; }
    /// The other thread has ended: its final count becomes part of this one's.
    void absorbCountedElsewhere()
    {
        if (m_elsewhere) {
            m_done += m_elsewhere->load(std::memory_order_relaxed);
            m_elsewhere = nullptr;
        }
    }
    /// Reports when the count (this thread's and another's, see countAlso) has moved by the interval since the last
    /// report; also called while waiting for another thread. False when the import must stop.
    bool poll()
    {
        if (done() - m_reported >= m_interval) {
            return report();
        }
        return !stopRequested();
    }
    /// Publishes the count now (publishTo): the last rows since the last report included.
    void publish()
    {
        if (m_published) {
            m_published->store(m_done, std::memory_order_relaxed);
        }
    }
    /// The last call: done == total.
    bool finish()
    {
        absorbCountedElsewhere();
        m_done = m_total;
        if (m_reported != m_done || !m_calledOnce) {
            return report();
        }
        return !stopRequested();
    }

private:
    qint64 done() const { return m_done + (m_elsewhere ? m_elsewhere->load(std::memory_order_relaxed) : 0); }

    bool report()
    {
        m_reported = done();
        m_calledOnce = true;
        publish();
        // A damaged file can yield more rows than it counted (execute() then refuses it); the caller's progress
        // never goes beyond the total.
        if (m_callback && !m_callback(std::min(m_reported, m_total), m_total)) {
            m_cancelled = true;
        }
        return !stopRequested();
    }

    const ImportProgress &m_callback;
    const std::atomic<bool> *m_flag;
    const std::atomic<bool> *m_stop = nullptr;
    std::atomic<qint64> *m_published = nullptr;
    const std::atomic<qint64> *m_elsewhere = nullptr;
    qint64 m_interval;
    qint64 m_total;
    qint64 m_done = 0;
    qint64 m_reported = 0;
    bool m_calledOnce = false;
    bool m_cancelled = false;
};

core::Error cancelledError()
{
    return makeError(ErrorCode::Cancelled, QStringLiteral("the import was cancelled; the database is as it was"));
}

// In a damaged file two reads of one table can disagree without SQLite reporting an error: count(*) or a covering
// index may see other rows than a scan of the table.
core::Error inconsistentTableError(const QString &path, const QString &table, const QString &detail)
{
    return makeError(
        ErrorCode::Storage,
        QStringLiteral("%1 is damaged: its table %2 gives different rows each time it is read").arg(path, table),
        detail);
}

// ---------------------------------------------------------------------------------------------------------------
// Dependency cycles

/// A dependency row that survived the per-row checks, waiting for the duplicate and cycle decisions.
struct DependencyRow
{
    enum Fate : quint8
    {
        Kept,
        Duplicate,
        Cycle
    };
    qint64 sourceId;
    qint64 rowKey;
    qint64 createdMs;
    qint32 task;         ///< index of the dependent task among the imported tasks
    qint32 prerequisite; ///< index of the prerequisite
    quint32 issueFirst;
    quint16 issueCount;
    quint8 type;
    quint8 fate;
};

bool later(const DependencyRow &a, const DependencyRow &b)
{
    return a.createdMs != b.createdMs ? a.createdMs > b.createdMs : a.sourceId > b.sourceId;
}

/// Marks `Cycle`, per cycle of hard edges among the kept ones, the edge with the latest (created_at, id), until no
/// cycle is left (SPEC.md §8). `rows` are sorted by dependent task. One iterative depth-first search: a finished
/// node can never be on a cycle again (removing edges creates none), so only the path above a removed edge is
/// searched again. O(V + E) when the graph has no cycle.
qint64 breakCycles(std::vector<DependencyRow> &rows, qint32 nodeCount, const Progress &progress)
{
    std::vector<qint32> offset(size_t(nodeCount) + 1, 0);
    for (const DependencyRow &r : rows) {
        if (r.fate == DependencyRow::Kept && core::isHard(core::DependencyType(r.type))) {
            ++offset[size_t(r.task) + 1];
        }
    }
    for (size_t i = 1; i < offset.size(); ++i) {
        offset[i] += offset[i - 1];
    }
    std::vector<qint32> edges(size_t(offset.back()));
    {
        std::vector<qint32> fill(offset.begin(), offset.end() - 1);
        for (size_t e = 0; e < rows.size(); ++e) {
            const DependencyRow &r = rows[e];
            if (r.fate == DependencyRow::Kept && core::isHard(core::DependencyType(r.type))) {
                edges[size_t(fill[size_t(r.task)]++)] = qint32(e);
            }
        }
    }
    enum : quint8
    {
        White,
        Grey,
        Black
    };
    std::vector<quint8> colour(size_t(nodeCount), White);
    std::vector<qint32> stackPosition(size_t(nodeCount), -1);
    struct Frame
    {
        qint32 node;
        qint32 next; ///< next position in `edges`
        qint32 via;  ///< the row that led here from the frame below, -1 for a root
    };
    std::vector<Frame> stack;
    qint64 broken = 0;
    qint64 steps = 0;
    for (qint32 root = 0; root < nodeCount; ++root) {
        if (colour[size_t(root)] != White || offset[size_t(root)] == offset[size_t(root) + 1]) {
            continue;
        }
        stack.push_back({root, offset[size_t(root)], -1});
        colour[size_t(root)] = Grey;
        stackPosition[size_t(root)] = 0;
        while (!stack.empty()) {
            if ((++steps & 0xFFFF) == 0 && progress.stopRequested()) {
                return broken;
            }
            Frame &frame = stack.back();
            if (frame.next == offset[size_t(frame.node) + 1]) {
                colour[size_t(frame.node)] = Black;
                stackPosition[size_t(frame.node)] = -1;
                stack.pop_back();
                continue;
            }
            const qint32 e = edges[size_t(frame.next++)];
            if (rows[size_t(e)].fate != DependencyRow::Kept) {
                continue;
            }
            const qint32 to = rows[size_t(e)].prerequisite;
            if (colour[size_t(to)] == White) {
                colour[size_t(to)] = Grey;
                stackPosition[size_t(to)] = qint32(stack.size());
                stack.push_back({to, offset[size_t(to)], e});
                continue;
            }
            if (colour[size_t(to)] == Black) {
                continue;
            }
            // A cycle: the frames above `to` and this closing edge.
            qint32 latest = e;
            size_t latestFrame = stack.size(); // the frame the latest row leads into; size() = the closing edge
            for (size_t j = size_t(stackPosition[size_t(to)]) + 1; j < stack.size(); ++j) {
                if (later(rows[size_t(stack[j].via)], rows[size_t(latest)])) {
                    latest = stack[j].via;
                    latestFrame = j;
                }
            }
            rows[size_t(latest)].fate = DependencyRow::Cycle;
            ++broken;
            // The path above the removed edge is no longer on the stack's chain: search it again later.
            while (stack.size() > latestFrame) {
                colour[size_t(stack.back().node)] = White;
                stackPosition[size_t(stack.back().node)] = -1;
                stack.pop_back();
            }
        }
    }
    return broken;
}

// ---------------------------------------------------------------------------------------------------------------
// The run

enum TaskField
{
    TId,
    TTitle,
    TDescription,
    TComponent,
    TPhase,
    TPriority,
    TComplexity,
    TStatus,
    TSourceDocument,
    TSuccessCriteria,
    THours,
    TParent,
    TCreated,
    TUpdated
};
enum GroupField
{
    GId,
    GName,
    GTotalHours,
    GDuration,
    GMaxParallel,
    GStatus,
    GMetadata,
    GDayRange,
    GPrerequisites,
    GCreated,
    GUpdated
};
enum DependencyField
{
    DId,
    DTask,
    DPrerequisite,
    DType,
    DCreated
};
enum ProgressField
{
    PId,
    PTask,
    PPercentage,
    PNotes,
    PUpdatedBy,
    PCreated
};
enum CommentField
{
    CId,
    CTask,
    CText,
    CType,
    CCreated
};
enum GroupTaskField
{
    GtId,
    GtGroup,
    GtTask,
    GtOrder,
    GtHours,
    GtStatus,
    GtCreated,
    GtUpdated
};
enum LogField
{
    LId,
    LGroup,
    LTask,
    LLevel,
    LMessage,
    LMetadata,
    LCreated
};

/// What the first pass over the legacy tasks decided, for the pass that writes them.
struct TaskPlan
{
    std::vector<qint64> scanTarget;     ///< per row, in scan order: its new id, or -1 (a duplicate id)
    std::vector<qint64> acceptedSource; ///< per new task (new id - base): its source id
    std::vector<qint32> parent;         ///< per new task: its parent's index, or -1
    std::vector<IssueCode> parentIssue; ///< per new task: why its parent link was dropped, if it was
};

class ImportRun
{
public:
    ImportRun(sqlite3 *target, LegacySource &source, const ImportOptions &options, Progress &progress,
              ImportReport &report, qint64 importMs)
        : m_db(target), m_source(source), m_sourceDb(source.handle()), m_options(options), m_progress(progress),
          m_report(report), m_importMs(importMs)
    {}
    /// A run that writes into `target` (a scratch database) reading the source through `sourceDb`, on another
    /// thread than `parent`, whose ids and run it shares.
    ImportRun(const ImportRun &parent, sqlite3 *target, sqlite3 *sourceDb, Progress &progress, ImportReport &report)
        : m_db(target), m_source(parent.m_source), m_sourceDb(sourceDb), m_options(parent.m_options),
          m_progress(progress), m_report(report), m_importMs(parent.m_importMs), m_importTime(parent.m_importTime),
          m_runId(parent.m_runId), m_taskBase(parent.m_taskBase), m_taskCount(parent.m_taskCount), m_writesIdMap(false)
    {}
    ~ImportRun() { stopStagingTasks(); }

    Status execute();

private:
    // Target writes
    Status prepareTarget();
    Status step(Statement &stmt, const char *what);
    Status mapRow(const ColumnPlan &plan, qint64 sourceId, const char *targetTable, qint64 targetId);
    Status flushMap();
    Status writeIssues(const ColumnPlan &plan, qint64 sourceId, const Issue *issues, size_t count);
    Status quarantine(const ColumnPlan &plan, qint64 sourceId, const char *reason, const QByteArray &json);
    /// Counts an imported row and writes its id map and issues.
    Status imported(const ColumnPlan &plan, ImportTableReport &table, qint64 sourceId, const char *targetTable,
                    qint64 targetId, const Issue *issues, size_t issueCount);
    Status quarantined(const ColumnPlan &plan, ImportTableReport &table, qint64 sourceId, const char *reason,
                       const QByteArray &json);
    core::Error writeError(const QString &what) const;

    // Values, recording issues in m_issues
    /// `makeFallback`, when given, builds the default only when it is needed (it is then kept in m_scratch).
    QByteArrayView requiredText(const Row &row, int column, qsizetype maxUnits, const QByteArray &fallback,
                                const ColumnPlan &plan, const std::function<QByteArray()> &makeFallback = {});
    std::optional<QByteArrayView> optionalText(const Row &row, int column, qsizetype maxUnits, const ColumnPlan &plan);
    qint64 timeField(const Row &row, int column, qint64 fallback, const ColumnPlan &plan);
    qint64 laterTimeField(const Row &row, int column, qint64 created, const ColumnPlan &plan);
    template <typename T>
    T numberField(const Row &row, int column, lv::Normalised<T> (*normalise)(NumberCell), T absent,
                  const ColumnPlan &plan);
    template <typename E>
    const QByteArray &enumField(EnumCache<E> &cache, const Row &row, int column, E absent, const ColumnPlan &plan,
                                E *value = nullptr);
    void extraColumns(const Row &row, const ColumnPlan &plan);
    void addIssue(const ColumnPlan &plan, int column, QByteArray raw, QByteArray stored, IssueCode code);
    /// JSON text stored in a metadata column: valid JSON as it is, NULL (with an issue) otherwise.
    std::optional<QByteArray> jsonField(const Row &row, int column, const ColumnPlan &plan);

    ImportTableReport &tableReport(const SourceTable &t);
    /// Remembers where the rows this import writes into `spec`'s table begin (ids are never reused mid-import).
    Status markWritten(const core::EntitySpec &spec);
    /// The first and last id a table received from this import.
    using IdRange = std::pair<qint64, qint64>;
    /// The ids this import wrote into `spec`'s table from `firstId` on, refused unless they are consecutive.
    Result<IdRange> writtenIds(const core::EntitySpec &spec, qint64 firstId);
    /// Checks every written row against its entity's declared rules (what the schema's CHECK constraints say).
    /// `pending` names a written table whose rows have not arrived yet (the staged tasks): its own rows are left
    /// out, and references to it are checked against the ids it is being given, `pendingIds`.
    Status verifyWrittenRows(const QString &pending = {}, IdRange pendingIds = {});
    /// An index or trigger dropped for the import's duration.
    struct DeferredObject
    {
        const char *table; ///< the table it belongs to (a static string)
        QByteArray name;
        QByteArray sql; ///< the CREATE statement, as sqlite_master held it
    };
    /// Drops every object of `kind` ("index", "trigger") that `list` names (rows of name and sql, all of `table`),
    /// keeping each one in `into`.
    Status dropListed(Statement &list, const char *table, const char *kind, std::vector<DeferredObject> &into);
    /// Creates the objects of `table` (all of them when null) in `deferred` again, from their exact SQL.
    Status recreate(std::vector<DeferredObject> &deferred, const char *table, const char *kind);
    /// Drops the secondary indexes of the still empty tables this import fills, keeping their SQL.
    Status deferIndexes();
    /// Creates the indexes of `table` that deferIndexes() dropped again, from their exact SQL.
    Status rebuildIndexes(const char *table);
    /// Drops the statistics log's triggers on the tables this import fills, keeping their SQL.
    Status deferStatisticsLog();
    /// Creates the triggers deferStatisticsLog() dropped again and logs the import as one "anything changed" entry.
    Status restoreStatisticsLog();

    /// Pass 1 over the legacy tasks: their new ids (m_tasks), parents and duplicates (m_taskPlan).
    Status mapTasks();
    /// Pass 2: writes the tasks m_taskPlan maps into this run's database.
    Status writeTasks(const TaskPlan &taskPlan);
    /// The id map rows of the tasks, from pass 1.
    Status mapTaskIds();
    /// Starts the thread that writes the tasks into a scratch database (see stageTasks).
    Status startStagingTasks();
    /// The staging thread's work.
    Status stageTasks();
    /// Waits for the staging thread and copies what it wrote into the target.
    Status finishStagingTasks();
    /// Stops the staging thread, if it runs, and waits for it.
    void stopStagingTasks();
    Status importGroups();
    Status importDependencies();
    Status importProgress();
    Status importComments();
    Status importGroupTasks();
    Status importLog();
    Status importUnmapped(const SourceTable &t);

    sqlite3 *m_db;
    LegacySource &m_source;
    sqlite3 *m_sourceDb; ///< this run's connection to the source copy
    const ImportOptions &m_options;
    Progress &m_progress;
    ImportReport &m_report;
    qint64 m_importMs;
    QByteArray m_importTime;
    qint64 m_runId = 0;

    Statement m_insertIssue, m_insertQuarantine, m_mapBatch, m_mapOne;
    QByteArray m_mapSource;
    const char *m_mapTarget = nullptr;
    std::vector<std::pair<qint64, qint64>> m_mapBuffer;

    std::vector<Issue> m_issues; ///< of the current row
    QByteArray m_scratch;        ///< a default text that must live until the row is written
    Statement m_jsonValid;

    std::vector<std::pair<const core::EntitySpec *, qint64>> m_written; ///< table, first written id
    QStringList m_rowsCheckedElsewhere; ///< written tables whose rows the staging thread checked

    std::vector<DeferredObject> m_deferredIndexes;  ///< dropped, not yet created again
    std::vector<DeferredObject> m_deferredTriggers; ///< dropped, not yet created again
    bool m_hasStatisticsLog = false;                ///< the target has the statistics_changes table

    IdMap m_tasks;
    qint64 m_taskBase = 1;
    qint64 m_taskCount = 0;
    TaskPlan m_taskPlan;

    // The staging thread (see stageTasks).
    bool m_writesIdMap = true; ///< false on the staging thread: the importing thread writes the tasks' id map
    std::thread m_staging;
    std::atomic<bool> m_stopStaging{false};
    std::atomic<bool> m_stagingEnded{false}; ///< set by the staging thread as its last act
    std::atomic<qint64> m_stagedRowsDone{0}; ///< the staging thread's progress, included in this thread's reports
    Status m_stagingResult;                  ///< set by the staging thread; read once it has ended
    ImportReport m_stagingReport;            ///< the tasks' counts and findings, from the staging thread
    QString m_stagingPath;
    QByteArray m_stagingSchema; ///< CREATE statements of the tables the staging thread writes
    std::vector<QByteArray> m_taskIndexSql;
    IdMap m_groups;

    EnumCache<core::TaskStatus> m_status{lv::normaliseStatus};
    EnumCache<core::Priority> m_priority{lv::normalisePriority};
    EnumCache<core::Complexity> m_complexity{lv::normaliseComplexity};
    EnumCache<core::DependencyType> m_dependencyType{lv::normaliseDependencyType};
    EnumCache<core::CommentType> m_commentType{lv::normaliseCommentType};
    EnumCache<core::ExecutionStatus> m_executionStatus{lv::normaliseExecutionStatus};
    EnumCache<core::LogLevel> m_level{lv::normaliseLogLevel};
};

core::Error ImportRun::writeError(const QString &what) const
{
    const int code = sqlite3_extended_errcode(m_db);
    return storageError(what + QStringLiteral(": ") + Database::describeSqliteError(code),
                        QString::fromUtf8(sqlite3_errmsg(m_db)));
}

Status ImportRun::step(Statement &stmt, const char *what)
{
    const int rc = sqlite3_step(stmt);
    sqlite3_reset(stmt);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
        return writeError(QString::fromLatin1(what));
    }
    return {};
}

ImportTableReport &ImportRun::tableReport(const SourceTable &t)
{
    for (ImportTableReport &r : m_report.tables) {
        if (r.table == t.name) {
            return r;
        }
    }
    Q_UNREACHABLE();
    return m_report.tables.first();
}

Status ImportRun::prepareTarget()
{
    auto prepare = [this](Statement &stmt, const QByteArray &sql) -> Status {
        stmt = Statement(m_db, sql);
        if (!stmt.ok()) {
            return writeError(QStringLiteral("cannot prepare the import"));
        }
        return {};
    };
    if (Status s = prepare(m_insertIssue, kInsertIssue); !s) {
        return s;
    }
    if (Status s = prepare(m_insertQuarantine, kInsertQuarantine); !s) {
        return s;
    }
    QByteArray batch = "INSERT INTO import_id_map (run_id, source_table, source_id, target_table, target_id) VALUES ";
    for (int i = 0; i < kMapBatch; ++i) {
        batch += (i ? ", " : "") + QByteArray("(?1, ?2, ?") + QByteArray::number(4 + 2 * i) + ", ?3, ?" +
                 QByteArray::number(5 + 2 * i) + ")";
    }
    if (Status s = prepare(m_mapBatch, batch); !s) {
        return s;
    }
    if (Status s = prepare(m_mapOne, "INSERT INTO import_id_map (run_id, source_table, source_id, target_table, "
                                     "target_id) VALUES (?1, ?2, ?4, ?3, ?5)");
        !s) {
        return s;
    }
    m_jsonValid = Statement(m_sourceDb, "SELECT json_valid(?1)");
    return {};
}

Status ImportRun::flushMap()
{
    if (m_mapBuffer.empty()) {
        return {};
    }
    auto bindCommon = [this](sqlite3_stmt *stmt) {
        sqlite3_bind_int64(stmt, 1, m_runId);
        sqlite3_bind_text(stmt, 2, m_mapSource.constData(), int(m_mapSource.size()), SQLITE_STATIC);
        sqlite3_bind_text(stmt, 3, m_mapTarget, -1, SQLITE_STATIC);
    };
    size_t i = 0;
    if (m_mapBuffer.size() == size_t(kMapBatch)) {
        bindCommon(m_mapBatch);
        for (int j = 0; j < kMapBatch; ++j) {
            sqlite3_bind_int64(m_mapBatch, 4 + 2 * j, m_mapBuffer[size_t(j)].first);
            sqlite3_bind_int64(m_mapBatch, 5 + 2 * j, m_mapBuffer[size_t(j)].second);
        }
        if (Status s = step(m_mapBatch, "cannot record the imported rows"); !s) {
            return s;
        }
        i = m_mapBuffer.size();
    }
    bindCommon(m_mapOne);
    for (; i < m_mapBuffer.size(); ++i) {
        sqlite3_bind_int64(m_mapOne, 4, m_mapBuffer[i].first);
        sqlite3_bind_int64(m_mapOne, 5, m_mapBuffer[i].second);
        if (Status s = step(m_mapOne, "cannot record the imported rows"); !s) {
            return s;
        }
    }
    m_mapBuffer.clear();
    return {};
}

Status ImportRun::mapRow(const ColumnPlan &plan, qint64 sourceId, const char *targetTable, qint64 targetId)
{
    if (m_mapTarget != targetTable || m_mapSource != plan.tableName) {
        if (Status s = flushMap(); !s) {
            return s;
        }
        m_mapSource = plan.tableName;
        m_mapTarget = targetTable;
    }
    m_mapBuffer.emplace_back(sourceId, targetId);
    if (m_mapBuffer.size() == size_t(kMapBatch)) {
        return flushMap();
    }
    return {};
}

Status ImportRun::writeIssues(const ColumnPlan &plan, qint64 sourceId, const Issue *issues, size_t count)
{
    for (size_t i = 0; i < count; ++i) {
        const Issue &issue = issues[i];
        sqlite3_stmt *stmt = m_insertIssue;
        sqlite3_bind_int64(stmt, 1, m_runId);
        sqlite3_bind_text(stmt, 2, plan.tableName.constData(), int(plan.tableName.size()), SQLITE_STATIC);
        sqlite3_bind_int64(stmt, 3, sourceId);
        sqlite3_bind_text(stmt, 4, issue.column.constData(), int(issue.column.size()), SQLITE_STATIC);
        if (issue.raw.isNull()) {
            sqlite3_bind_null(stmt, 5);
        } else {
            sqlite3_bind_text(stmt, 5, issue.raw.constData(), int(issue.raw.size()), SQLITE_STATIC);
        }
        if (issue.stored.isNull()) {
            sqlite3_bind_null(stmt, 6);
        } else {
            sqlite3_bind_text(stmt, 6, issue.stored.constData(), int(issue.stored.size()), SQLITE_STATIC);
        }
        const QByteArray &code = issueCodeText(issue.code);
        sqlite3_bind_text(stmt, 7, code.constData(), int(code.size()), SQLITE_STATIC);
        if (Status s = step(m_insertIssue, "cannot record a changed value"); !s) {
            return s;
        }
        ++m_report.issues;
        if (m_report.changedValues.size() < ImportReport::findingsLimit) {
            m_report.changedValues.append({QString::fromUtf8(plan.tableName), sourceId, QString::fromLatin1(code),
                                           QString::fromUtf8(issue.column), QString::fromUtf8(issue.raw),
                                           QString::fromUtf8(issue.stored)});
        }
    }
    return {};
}

Status ImportRun::quarantine(const ColumnPlan &plan, qint64 sourceId, const char *reason, const QByteArray &json)
{
    sqlite3_stmt *stmt = m_insertQuarantine;
    sqlite3_bind_int64(stmt, 1, m_runId);
    sqlite3_bind_text(stmt, 2, plan.tableName.constData(), int(plan.tableName.size()), SQLITE_STATIC);
    sqlite3_bind_int64(stmt, 3, sourceId);
    sqlite3_bind_text(stmt, 4, reason, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 5, json.constData(), int(json.size()), SQLITE_STATIC);
    if (Status s = step(m_insertQuarantine, "cannot keep a row in quarantine"); !s) {
        return s;
    }
    if (m_report.quarantinedRows.size() < ImportReport::findingsLimit) {
        m_report.quarantinedRows.append({QString::fromUtf8(plan.tableName), sourceId, QString::fromLatin1(reason),
                                         QString(), QString::fromUtf8(json), QString()});
    }
    return {};
}

Status ImportRun::imported(const ColumnPlan &plan, ImportTableReport &table, qint64 sourceId, const char *targetTable,
                           qint64 targetId, const Issue *issues, size_t issueCount)
{
    if (m_writesIdMap) {
        if (Status s = mapRow(plan, sourceId, targetTable, targetId); !s) {
            return s;
        }
    }
    if (issueCount > 0) {
        if (Status s = writeIssues(plan, sourceId, issues, issueCount); !s) {
            return s;
        }
        ++table.normalised;
    }
    ++table.imported;
    if (!m_progress.advance()) {
        return cancelledError();
    }
    return {};
}

Status ImportRun::quarantined(const ColumnPlan &plan, ImportTableReport &table, qint64 sourceId, const char *reason,
                              const QByteArray &json)
{
    if (Status s = quarantine(plan, sourceId, reason, json); !s) {
        return s;
    }
    ++table.quarantined[QString::fromLatin1(reason)];
    if (!m_progress.advance()) {
        return cancelledError();
    }
    return {};
}

void ImportRun::addIssue(const ColumnPlan &plan, int column, QByteArray raw, QByteArray stored, IssueCode code)
{
    m_issues.push_back(Issue{plan.names[column], std::move(raw), std::move(stored), code});
}

QByteArrayView ImportRun::requiredText(const Row &row, int column, qsizetype maxUnits, const QByteArray &fallback,
                                       const ColumnPlan &plan, const std::function<QByteArray()> &makeFallback)
{
    const bool missing = column < 0 || row.isNull(column) || row.text(column).isEmpty();
    if (missing && makeFallback) {
        m_scratch = makeFallback();
    }
    const QByteArray &value = missing && makeFallback ? m_scratch : fallback;
    if (column < 0) {
        return value;
    }
    if (missing) {
        addIssue(plan, column, row.raw(column), value, IssueCode::NullDefault);
        return value;
    }
    const QByteArrayView text = row.text(column);
    const qsizetype cut = lv::truncatedByteLength(text, maxUnits);
    if (cut < text.size()) {
        addIssue(plan, column, text.toByteArray(), text.first(cut).toByteArray(), IssueCode::Truncated);
        return text.first(cut);
    }
    return text;
}

std::optional<QByteArrayView> ImportRun::optionalText(const Row &row, int column, qsizetype maxUnits,
                                                      const ColumnPlan &plan)
{
    if (column < 0 || row.isNull(column)) {
        return std::nullopt;
    }
    const QByteArrayView text = row.text(column);
    const qsizetype cut = lv::truncatedByteLength(text, maxUnits);
    if (cut < text.size()) {
        addIssue(plan, column, text.toByteArray(), text.first(cut).toByteArray(), IssueCode::Truncated);
        return text.first(cut);
    }
    return text;
}

qint64 ImportRun::timeField(const Row &row, int column, qint64 fallback, const ColumnPlan &plan)
{
    if (column < 0) {
        return fallback;
    }
    if (row.isNull(column)) {
        addIssue(plan, column, {}, timeText(fallback), IssueCode::NullDefault);
        return fallback;
    }
    if (const auto ms = row.time(column)) {
        return *ms;
    }
    addIssue(plan, column, row.raw(column), timeText(m_importMs), IssueCode::UnparseableTimestamp);
    return m_importMs;
}

// updated_at: missing → created_at; earlier than created_at → created_at (H11).
qint64 ImportRun::laterTimeField(const Row &row, int column, qint64 created, const ColumnPlan &plan)
{
    if (column < 0) {
        return created;
    }
    const qint64 value = timeField(row, column, created, plan);
    if (value < created) {
        addIssue(plan, column, row.raw(column), timeText(created), IssueCode::TimestampClamped);
        return created;
    }
    return value;
}

template <typename T>
T ImportRun::numberField(const Row &row, int column, lv::Normalised<T> (*normalise)(NumberCell), T absent,
                         const ColumnPlan &plan)
{
    if (column < 0) {
        return absent;
    }
    const lv::Normalised<T> n = normalise(row.number(column));
    if (n.changed) {
        addIssue(plan, column, row.raw(column), numberText(double(n.value)), n.code);
    }
    return n.value;
}

template <typename E>
const QByteArray &ImportRun::enumField(EnumCache<E> &cache, const Row &row, int column, E absent,
                                       const ColumnPlan &plan, E *value)
{
    if (column < 0) {
        // Every enumeration lists its values in ordinal order, starting at 0.
        static const std::vector<QByteArray> names = [] {
            std::vector<QByteArray> out;
            for (const auto &[v, name] : core::EnumNames<E>::values) {
                out.emplace_back(name.data(), qsizetype(name.size()));
            }
            return out;
        }();
        if (value) {
            *value = absent;
        }
        return names[size_t(absent)];
    }
    const auto &entry = cache.get(row, column);
    if (entry.value.changed) {
        addIssue(plan, column, entry.raw, entry.canonical, entry.value.code);
    }
    if (value) {
        *value = entry.value.value;
    }
    return entry.canonical;
}

void ImportRun::extraColumns(const Row &row, const ColumnPlan &plan)
{
    for (int column : plan.extras) {
        if (!row.isNull(column)) {
            addIssue(plan, column, row.raw(column), {}, IssueCode::ExtraColumn);
        }
    }
}

std::optional<QByteArray> ImportRun::jsonField(const Row &row, int column, const ColumnPlan &plan)
{
    if (column < 0 || row.isNull(column)) {
        return std::nullopt;
    }
    QByteArray text = row.raw(column);
    bool valid = false;
    if (m_jsonValid.ok()) {
        sqlite3_bind_text(m_jsonValid, 1, text.constData(), int(text.size()), SQLITE_STATIC);
        valid = sqlite3_step(m_jsonValid) == SQLITE_ROW && sqlite3_column_int(m_jsonValid, 0) == 1;
        sqlite3_reset(m_jsonValid);
    }
    if (!valid) {
        addIssue(plan, column, text, {}, IssueCode::InvalidJson);
        return std::nullopt;
    }
    return text;
}

Status ImportRun::markWritten(const core::EntitySpec &spec)
{
    Statement next(m_db, "SELECT coalesce(max(id), 0) + 1 FROM " + spec.table.toUtf8());
    if (!next.ok() || sqlite3_step(next) != SQLITE_ROW) {
        return writeError(QStringLiteral("cannot read the existing %1").arg(spec.table));
    }
    m_written.emplace_back(&spec, sqlite3_column_int64(next, 0));
    return {};
}

namespace {

// One SQL condition per declared rule that a value of `column` breaks: the rules the schema's CHECK constraints
// enforce (allowed values, lengths, ranges, JSON). NOT NULL and UNIQUE stay enforced by SQLite itself; foreign keys are
// checked by verifyWrittenRows.
QStringList brokenRules(const core::ColumnSpec &column)
{
    const QString c = QLatin1Char('"') + column.name + QLatin1Char('"');
    auto number = [](double v) { return QString::number(v, 'g', 17); };
    QStringList rules;
    QStringList valueRules;
    if (!column.allowedValues.isEmpty()) {
        // `c <> 'a' AND c <> 'b' …` rather than `c NOT IN ('a', 'b', …)`: for more than two values SQLite probes a
        // temporary index for every row, and the comparisons take half the time (2M dependencies: 0.44 -> 0.25 s).
        // The two agree for every value that is not NULL, and the rule is only applied under `IS NOT NULL`.
        QStringList differs;
        for (QString v : column.allowedValues) {
            differs << c + QStringLiteral(" <> '") + v.replace(QLatin1Char('\''), QLatin1String("''")) +
                           QLatin1Char('\'');
        }
        valueRules << differs.join(QStringLiteral(" AND "));
    }
    if (column.minLength) {
        valueRules << QStringLiteral("length(%1) < %2").arg(c).arg(*column.minLength);
    }
    if (column.maxLength) {
        valueRules << QStringLiteral("length(%1) > %2").arg(c).arg(*column.maxLength);
    }
    if (column.minValue) {
        valueRules << QStringLiteral("%1 < %2").arg(c, number(*column.minValue));
    }
    if (column.maxValue) {
        valueRules << QStringLiteral("%1 > %2").arg(c, number(*column.maxValue));
    }
    if (column.isJson) {
        valueRules << QStringLiteral("NOT json_valid(%1)").arg(c);
    }
    for (const QString &rule : valueRules) {
        rules << QStringLiteral("(%1 IS NOT NULL AND (%2))").arg(c, rule);
    }
    return rules;
}

} // namespace

Result<ImportRun::IdRange> ImportRun::writtenIds(const core::EntitySpec &spec, qint64 firstId)
{
    Statement range(m_db, "SELECT count(*), coalesce(max(id), ?1 - 1) FROM " + spec.table.toUtf8() + " WHERE id >= ?1");
    if (!range.ok()) {
        return writeError(QStringLiteral("cannot check the imported %1").arg(spec.table));
    }
    sqlite3_bind_int64(range, 1, firstId);
    if (sqlite3_step(range) != SQLITE_ROW) {
        return writeError(QStringLiteral("cannot check the imported %1").arg(spec.table));
    }
    const qint64 count = sqlite3_column_int64(range, 0);
    const qint64 lastId = sqlite3_column_int64(range, 1);
    if (count != lastId - firstId + 1) {
        return makeError(ErrorCode::Invalid,
                         QStringLiteral("the import wrote %1 rows with ids %2 to %3, not consecutive ids; nothing "
                                        "was imported")
                             .arg(spec.table)
                             .arg(firstId)
                             .arg(lastId));
    }
    return IdRange{firstId, lastId};
}

Status ImportRun::verifyWrittenRows(const QString &pending, IdRange pendingIds)
{
    // The ids each table received. They are consecutive (every insert takes max(id) + 1), which is checked: then a
    // reference inside a range points at a row, and checking references costs a comparison each.
    std::map<QString, IdRange> written;
    for (const auto &[spec, firstId] : m_written) {
        if (spec->table == pending) {
            written[spec->table] = pendingIds;
            continue;
        }
        auto ids = writtenIds(*spec, firstId);
        if (!ids) {
            return ids.error();
        }
        written[spec->table] = *ids;
    }
    for (const auto &[spec, firstId] : m_written) {
        if (spec->table == pending || m_rowsCheckedElsewhere.contains(spec->table)) {
            continue;
        }
        QList<std::pair<QString, QString>> rules; // column, condition
        for (const core::ColumnSpec &column : spec->columns) {
            if (column.name != QLatin1String("id")) {
                for (const QString &rule : brokenRules(column)) {
                    rules.append({column.name, rule});
                }
            }
            if (column.references.isEmpty()) {
                continue;
            }
            // Foreign keys are off during the import (see LegacyImporter::run), so they are checked here. The
            // importer only ever links rows it imported itself.
            const QString c = QLatin1Char('"') + column.name + QLatin1Char('"');
            const auto range = written.find(column.references);
            rules.append({column.name, range != written.end()
                                           ? QStringLiteral("%1 IS NOT NULL AND %1 NOT BETWEEN %2 AND %3")
                                                 .arg(c)
                                                 .arg(range->second.first)
                                                 .arg(range->second.second)
                                           : QStringLiteral("%1 IS NOT NULL AND NOT EXISTS (SELECT 1 FROM \"%2\" "
                                                            "WHERE id = %1)")
                                                 .arg(c, column.references)});
        }
        // The table-level rules of the schema.
        if (spec->table == QLatin1String("tasks")) {
            rules.append({QStringLiteral("parent_task_id"), QStringLiteral("parent_task_id = id")});
        } else if (spec->table == QLatin1String("task_dependencies")) {
            rules.append({QStringLiteral("depends_on_task_id"), QStringLiteral("task_id = depends_on_task_id")});
        }
        QStringList any;
        for (const auto &[column, rule] : rules) {
            any << QLatin1Char('(') + rule + QLatin1Char(')');
        }
        const QByteArray sql = QStringLiteral("SELECT id FROM %1 WHERE id >= ?1 AND (%2) LIMIT 1")
                                   .arg(spec->table, any.join(QStringLiteral(" OR ")))
                                   .toUtf8();
        Statement check(m_db, sql);
        if (!check.ok()) {
            return writeError(QStringLiteral("cannot check the imported %1").arg(spec->table));
        }
        sqlite3_bind_int64(check, 1, firstId);
        const int rc = sqlite3_step(check);
        if (rc == SQLITE_DONE) {
            continue;
        }
        if (rc != SQLITE_ROW) {
            return writeError(QStringLiteral("cannot check the imported %1").arg(spec->table));
        }
        const qint64 id = sqlite3_column_int64(check, 0);
        QString broken;
        for (const auto &[column, rule] : rules) {
            Statement one(m_db,
                          QStringLiteral("SELECT 1 FROM %1 WHERE id = ?1 AND (%2)").arg(spec->table, rule).toUtf8());
            sqlite3_bind_int64(one, 1, id);
            if (one.ok() && sqlite3_step(one) == SQLITE_ROW) {
                broken = column;
                break;
            }
        }
        return makeError(ErrorCode::Invalid,
                         QStringLiteral("the import produced a %1 row (id %2) whose %3 breaks the data model; nothing "
                                        "was imported")
                             .arg(spec->table)
                             .arg(id)
                             .arg(broken));
    }
    return {};
}

// Keeping a dozen indexes in order through a million inserts each costs more than building each index once from the
// filled table, where SQLite sorts the keys and writes the index in order, with the table's pages still in the cache
// (1M tasks: 15 s of CPU to insert them with their 12 indexes, against 3.3 s without them plus 6.3 s to build them
// afterwards). So while a table the import fills is still empty, its secondary indexes are dropped inside the import's
// transaction, and created again from the SQL sqlite_master held for them as soon as the table is full: a failure,
// a cancel or a dry run rolls the drops back with everything else, and what commits has the schema the database
// had. Indexes that enforce something (UNIQUE, PRIMARY KEY) stay, and so do the indexes of tables that already hold
// rows: rebuilding those would cost time in proportion to the rows already there. The tasks' indexes stay too: the
// staging thread builds them in its scratch database, and the copy into the target brings their entries along.
Status ImportRun::deferIndexes()
{
    Statement indexes(m_db, kDeferrableIndexes);
    if (!indexes.ok()) {
        return writeError(QStringLiteral("cannot read the indexes"));
    }
    for (const char *table : kMappedTables) {
        const SourceTable *t = m_source.table(QString::fromLatin1(table));
        if (!t || t->rowCount == 0) {
            continue;
        }
        if (std::strcmp(table, "tasks") == 0) {
            continue; // see startStagingTasks
        }
        int rc = SQLITE_ERROR;
        {
            Statement any(m_db, "SELECT 1 FROM " + legacy::quoteIdentifier(QString::fromLatin1(table)) + " LIMIT 1");
            rc = any.ok() ? sqlite3_step(any) : SQLITE_ERROR;
        }
        if (rc == SQLITE_ROW) {
            continue;
        }
        if (rc != SQLITE_DONE) {
            return writeError(QStringLiteral("cannot read the existing %1").arg(QLatin1String(table)));
        }
        sqlite3_bind_text(indexes, 1, table, -1, SQLITE_STATIC);
        if (Status s = dropListed(indexes, table, "index", m_deferredIndexes); !s) {
            return s;
        }
    }
    return {};
}

Status ImportRun::rebuildIndexes(const char *table)
{
    return recreate(m_deferredIndexes, table, "index");
}

// A bulk import would append a statistics_changes row for every task and progress row it writes (and prune the log
// every 4,096 of them), only for the log's readers to re-read what they would have read whole anyway. So, as with the
// deferred indexes, the log's triggers on tasks and task_progress are dropped inside the import's transaction, created
// again from their exact SQL just before the commit, and the import is logged as a single NULL entry ("anything may
// have changed"). A failure, a cancel or a dry run rolls the drops back with everything else. This is done for every
// import, into empty tables or not: dropping a trigger costs nothing in proportion to the rows.
Status ImportRun::deferStatisticsLog()
{
    {
        Statement exists(m_db, kStatisticsLogExists);
        const int rc = exists.ok() ? sqlite3_step(exists) : SQLITE_ERROR;
        if (rc == SQLITE_DONE) {
            return {}; // a schema from before the log: no triggers, nothing to log
        }
        if (rc != SQLITE_ROW) {
            return writeError(QStringLiteral("cannot read the statistics log"));
        }
    }
    m_hasStatisticsLog = true;
    Statement triggers(m_db, kStatisticsTriggers);
    if (!triggers.ok()) {
        return writeError(QStringLiteral("cannot read the triggers"));
    }
    for (const char *table : kStatisticsLoggedTables) {
        sqlite3_bind_text(triggers, 1, table, -1, SQLITE_STATIC);
        if (Status s = dropListed(triggers, table, "trigger", m_deferredTriggers); !s) {
            return s;
        }
    }
    return {};
}

Status ImportRun::restoreStatisticsLog()
{
    if (!m_hasStatisticsLog) {
        return {};
    }
    if (Status s = recreate(m_deferredTriggers, nullptr, "trigger"); !s) {
        return s;
    }
    Statement log(m_db, kLogEverything);
    if (!log.ok()) {
        return writeError(QStringLiteral("cannot write the statistics log"));
    }
    return step(log, "cannot write the statistics log");
}

Status ImportRun::dropListed(Statement &list, const char *table, const char *kind, std::vector<DeferredObject> &into)
{
    std::vector<DeferredObject> found;
    while (sqlite3_step(list) == SQLITE_ROW) {
        found.push_back({table, QByteArray(reinterpret_cast<const char *>(sqlite3_column_text(list, 0))),
                         QByteArray(reinterpret_cast<const char *>(sqlite3_column_text(list, 1)))});
    }
    if (sqlite3_reset(list) != SQLITE_OK) {
        return writeError(QStringLiteral("cannot read the schema"));
    }
    for (DeferredObject &object : found) {
        const QByteArray drop =
            "DROP " + QByteArray(kind) + ' ' + legacy::quoteIdentifier(QString::fromUtf8(object.name));
        // A statement of this connection that is still reading the table keeps its indexes in place (SQLite
        // refuses the drop, and changes nothing); the import then maintains them as it goes. Likewise a trigger
        // that cannot be dropped stays and logs every row.
        if (sqlite3_exec(m_db, drop.constData(), nullptr, nullptr, nullptr) == SQLITE_OK) {
            into.push_back(std::move(object));
        }
    }
    return {};
}

Status ImportRun::recreate(std::vector<DeferredObject> &deferred, const char *table, const char *kind)
{
    for (auto it = deferred.begin(); it != deferred.end();) {
        if (table && std::strcmp(it->table, table) != 0) {
            ++it;
            continue;
        }
        if (m_progress.stopRequested()) {
            return cancelledError();
        }
        if (sqlite3_exec(m_db, it->sql.constData(), nullptr, nullptr, nullptr) != SQLITE_OK) {
            return writeError(
                QStringLiteral("cannot build the %1 %2").arg(QLatin1String(kind), QString::fromUtf8(it->name)));
        }
        it = deferred.erase(it);
    }
    return {};
}

// ---------------------------------------------------------------------------------------------------------------

ColumnPlan taskColumns(const SourceTable &t)
{
    return planFor(t, {{"id"},
                       {"title"},
                       {"description"},
                       {"component_area"},
                       {"phase"},
                       {"priority"},
                       {"complexity"},
                       {"status"},
                       {"source_document"},
                       {"success_criteria"},
                       {"time_estimate_hours"},
                       {"parent_task_id"},
                       {"created_at"},
                       {"updated_at"}});
}

Status ImportRun::mapTasks()
{
    const SourceTable &t = *m_source.table(u"tasks");
    const ColumnPlan plan = taskColumns(t);

    Statement maxId(m_db, "SELECT coalesce(max(id), 0) FROM tasks");
    if (!maxId.ok() || sqlite3_step(maxId) != SQLITE_ROW) {
        return writeError(QStringLiteral("cannot read the existing tasks"));
    }
    m_taskBase = sqlite3_column_int64(maxId, 0) + 1;

    // Pass 1: which rows become tasks, their new ids, and their parents, so that parent links (which may point
    // forward) and every child table can be remapped while streaming.
    constexpr qint64 kNoParent = std::numeric_limits<qint64>::min();
    constexpr qint64 kBadParent = kNoParent + 1;
    std::vector<qint64> &scanTarget = m_taskPlan.scanTarget;
    scanTarget.reserve(size_t(t.rowCount));
    std::vector<qint64> &acceptedSource = m_taskPlan.acceptedSource;
    std::vector<qint64> parentSource;
    std::vector<qint64> createdMs;
    acceptedSource.reserve(size_t(t.rowCount));
    parentSource.reserve(size_t(t.rowCount));
    createdMs.reserve(size_t(t.rowCount));
    {
        Statement scan(m_sourceDb, "SELECT " + plan.columnOr(TId, "NULL") + ", " + plan.columnOr(TParent, "NULL") +
                                       ", " + plan.columnOr(TCreated, "NULL") + ", " +
                                       (plan.rowidIndex >= 0 ? QByteArray("_rowid_") : QByteArray("NULL")) + " FROM " +
                                       plan.quotedTable);
        if (!scan.ok()) {
            return storageError(QStringLiteral("cannot read the legacy tasks"),
                                QString::fromUtf8(sqlite3_errmsg(m_sourceDb)));
        }
        std::unordered_set<qint64> seen;
        qint64 ordinal = 0;
        int rc = SQLITE_OK;
        const Row row(scan);
        while ((rc = sqlite3_step(scan)) == SQLITE_ROW) {
            if ((ordinal & 0xFFFF) == 0 && m_progress.stopRequested()) {
                return cancelledError();
            }
            qint64 sourceId = ordinal;
            bool idValid = false;
            if (row.type(0) == SQLITE_INTEGER) {
                sourceId = row.int64(0);
                idValid = true;
            } else if (plan.rowidIndex >= 0) {
                sourceId = row.int64(3);
            }
            ++ordinal;
            if (!t.idIsRowid && !seen.insert(sourceId).second) {
                scanTarget.push_back(-1);
                continue;
            }
            const qint64 target = m_taskBase + qint64(acceptedSource.size());
            scanTarget.push_back(target);
            if (idValid) {
                m_tasks.add(sourceId, target);
            }
            acceptedSource.push_back(sourceId);
            if (row.isNull(1)) {
                parentSource.push_back(kNoParent);
            } else {
                parentSource.push_back(row.reference(1).value_or(kBadParent));
            }
            createdMs.push_back(row.time(2).value_or(m_importMs));
        }
        if (rc != SQLITE_DONE) {
            return storageError(QStringLiteral("cannot read the legacy tasks"),
                                QString::fromUtf8(sqlite3_errmsg(m_sourceDb)));
        }
    }
    m_tasks.finish();
    m_taskCount = qint64(acceptedSource.size());
    if (m_taskCount >= std::numeric_limits<qint32>::max()) {
        return makeError(ErrorCode::Invalid,
                         QStringLiteral("the legacy file holds more tasks than TaskOrch can import"));
    }

    // Parents: missing → NULL, self → NULL, and one link per cycle (the newest task's) → NULL.
    std::vector<qint32> &parent = m_taskPlan.parent;
    std::vector<IssueCode> &parentIssue = m_taskPlan.parentIssue;
    parent.assign(acceptedSource.size(), -1);
    parentIssue.assign(acceptedSource.size(), IssueCode::None);
    for (size_t k = 0; k < acceptedSource.size(); ++k) {
        const qint64 p = parentSource[k];
        if (p == kNoParent) {
            continue;
        }
        if (p == acceptedSource[k] && m_tasks.find(p) == m_taskBase + qint64(k)) {
            parentIssue[k] = IssueCode::SelfParent;
            continue;
        }
        const qint64 target = p == kBadParent ? -1 : m_tasks.find(p);
        if (target < 0) {
            parentIssue[k] = IssueCode::MissingParent;
            continue;
        }
        parent[k] = qint32(target - m_taskBase);
    }
    parentSource = {};
    {
        // Each task has one parent, so every component holds at most one cycle: walk up, marking the path.
        constexpr qint32 kUnvisited = -1;
        constexpr qint32 kDone = -2;
        std::vector<qint32> state(acceptedSource.size(), kUnvisited);
        std::vector<qint32> path;
        for (size_t start = 0; start < acceptedSource.size(); ++start) {
            if (state[start] != kUnvisited) {
                continue;
            }
            path.clear();
            qint32 x = qint32(start);
            while (x >= 0 && state[size_t(x)] == kUnvisited) {
                state[size_t(x)] = qint32(path.size());
                path.push_back(x);
                x = parent[size_t(x)];
            }
            if (x >= 0 && state[size_t(x)] >= 0) {
                qint32 newest = x;
                for (size_t j = size_t(state[size_t(x)]); j < path.size(); ++j) {
                    const qint32 n = path[j];
                    if (createdMs[size_t(n)] > createdMs[size_t(newest)] ||
                        (createdMs[size_t(n)] == createdMs[size_t(newest)] &&
                         acceptedSource[size_t(n)] > acceptedSource[size_t(newest)])) {
                        newest = n;
                    }
                }
                parent[size_t(newest)] = -1;
                parentIssue[size_t(newest)] = IssueCode::ParentCycle;
            }
            for (qint32 n : path) {
                state[size_t(n)] = kDone;
            }
        }
    }
    createdMs = {};
    return {};
}

// Pass 2: stream every row into this run's database.
Status ImportRun::writeTasks(const TaskPlan &taskPlan)
{
    const SourceTable &t = *m_source.table(u"tasks");
    ImportTableReport &report = tableReport(t);
    const ColumnPlan plan = taskColumns(t);
    const std::vector<qint64> &scanTarget = taskPlan.scanTarget;
    const std::vector<qint32> &parent = taskPlan.parent;
    const std::vector<IssueCode> &parentIssue = taskPlan.parentIssue;
    Statement insert(m_db, kInsertTask);
    Statement setParent(m_db, kSetParent);
    Statement scan(m_sourceDb, plan.select());
    if (!insert.ok() || !setParent.ok()) {
        return writeError(QStringLiteral("cannot prepare the task import"));
    }
    if (!scan.ok()) {
        return storageError(QStringLiteral("cannot read the legacy tasks"),
                            QString::fromUtf8(sqlite3_errmsg(m_sourceDb)));
    }
    std::vector<std::pair<qint64, qint64>> forwardParents;
    const QByteArray unknownArea = QByteArrayLiteral("Unknown");
    const QByteArray empty = QByteArrayLiteral("");
    const Row row(scan);
    qint64 ordinal = 0;
    int rc = SQLITE_OK;
    while ((rc = sqlite3_step(scan)) == SQLITE_ROW) {
        const RowIdentity who = identify(row, plan, TId, ordinal);
        if (size_t(ordinal) >= scanTarget.size()) {
            return inconsistentTableError(
                m_source.path(), t.name,
                QStringLiteral("the first pass read %1 rows, the second more").arg(scanTarget.size()));
        }
        const qint64 target = scanTarget[size_t(ordinal)];
        ++ordinal;
        if (target < 0) {
            if (Status s = quarantined(plan, report, who.sourceId, kDuplicate, row.json(plan)); !s) {
                return s;
            }
            continue;
        }
        const auto k = size_t(target - m_taskBase);
        m_issues.clear();
        const QByteArrayView title = requiredText(row, plan[TTitle], kTitleMax, QByteArray(), plan, [&] {
            return "Untitled legacy task " + QByteArray::number(who.sourceId);
        });
        const auto description = optionalText(row, plan[TDescription], kDescriptionMax, plan);
        const QByteArrayView component = requiredText(row, plan[TComponent], kComponentMax, unknownArea, plan);
        const int phase = numberField<int>(row, plan[TPhase], lv::normalisePhase, 1, plan);
        const QByteArray &priority = enumField(m_priority, row, plan[TPriority], core::Priority::Medium, plan);
        const QByteArray &complexity = enumField(m_complexity, row, plan[TComplexity], core::Complexity::Medium, plan);
        const QByteArray &status = enumField(m_status, row, plan[TStatus], core::TaskStatus::NotStarted, plan);
        // source_document is NOT NULL but may be empty: NULL becomes '' as the legacy readers did (H7).
        QByteArrayView sourceDocument = empty;
        if (plan[TSourceDocument] >= 0) {
            if (row.isNull(plan[TSourceDocument])) {
                addIssue(plan, plan[TSourceDocument], {}, empty, IssueCode::NullDefault);
            } else {
                sourceDocument = *optionalText(row, plan[TSourceDocument], kSourceDocumentMax, plan);
            }
        }
        const auto successCriteria = optionalText(row, plan[TSuccessCriteria], kSuccessCriteriaMax, plan);
        const double hours = numberField<double>(row, plan[THours], lv::normaliseEstimateHours, 1.0, plan);
        qint64 parentTarget = -1;
        if (parentIssue[k] != IssueCode::None) {
            addIssue(plan, plan[TParent], row.raw(plan[TParent]), {}, parentIssue[k]);
        } else if (parent[k] >= 0) {
            parentTarget = m_taskBase + parent[k];
            // A parent that comes later in the file is linked once it exists (foreign keys are checked per row).
            if (size_t(parent[k]) > k) {
                forwardParents.emplace_back(target, parentTarget);
                parentTarget = -1;
            }
        }
        const qint64 created = timeField(row, plan[TCreated], m_importMs, plan);
        const qint64 updated = laterTimeField(row, plan[TUpdated], created, plan);
        extraColumns(row, plan);

        char createdText[24];
        char updatedText[24];
        lv::formatTimestampMs(created, createdText);
        lv::formatTimestampMs(updated, updatedText);
        sqlite3_stmt *s = insert;
        sqlite3_bind_int64(s, 1, target);
        sqlite3_bind_text(s, 2, title.data(), int(title.size()), SQLITE_STATIC);
        if (description) {
            sqlite3_bind_text(s, 3, description->data(), int(description->size()), SQLITE_STATIC);
        } else {
            sqlite3_bind_null(s, 3);
        }
        sqlite3_bind_text(s, 4, component.data(), int(component.size()), SQLITE_STATIC);
        sqlite3_bind_int(s, 5, phase);
        sqlite3_bind_text(s, 6, priority.constData(), int(priority.size()), SQLITE_STATIC);
        sqlite3_bind_text(s, 7, complexity.constData(), int(complexity.size()), SQLITE_STATIC);
        sqlite3_bind_text(s, 8, status.constData(), int(status.size()), SQLITE_STATIC);
        sqlite3_bind_text(s, 9, sourceDocument.data(), int(sourceDocument.size()), SQLITE_STATIC);
        if (successCriteria) {
            sqlite3_bind_text(s, 10, successCriteria->data(), int(successCriteria->size()), SQLITE_STATIC);
        } else {
            sqlite3_bind_null(s, 10);
        }
        sqlite3_bind_double(s, 11, hours);
        if (parentTarget >= 0) {
            sqlite3_bind_int64(s, 12, parentTarget);
        } else {
            sqlite3_bind_null(s, 12);
        }
        sqlite3_bind_text(s, 13, createdText, 24, SQLITE_STATIC);
        sqlite3_bind_text(s, 14, updatedText, 24, SQLITE_STATIC);
        if (Status st = step(insert, "cannot save an imported task"); !st) {
            return makeError(st.error().code,
                             QStringLiteral("legacy task %1: %2").arg(who.sourceId).arg(st.error().message),
                             st.error().detail);
        }
        if (Status st = imported(plan, report, who.sourceId, "tasks", target, m_issues.data(), m_issues.size()); !st) {
            return st;
        }
    }
    if (rc != SQLITE_DONE) {
        return storageError(QStringLiteral("cannot read the legacy tasks"),
                            QString::fromUtf8(sqlite3_errmsg(m_sourceDb)));
    }
    for (const auto &[child, parentId] : forwardParents) {
        sqlite3_bind_int64(setParent, 1, parentId);
        sqlite3_bind_int64(setParent, 2, child);
        if (Status st = step(setParent, "cannot link an imported subtask"); !st) {
            return st;
        }
    }
    return flushMap();
}

Status ImportRun::mapTaskIds()
{
    const ColumnPlan plan = taskColumns(*m_source.table(u"tasks"));
    std::vector<std::pair<qint64, qint64>> pairs;
    pairs.reserve(m_taskPlan.acceptedSource.size());
    for (size_t k = 0; k < m_taskPlan.acceptedSource.size(); ++k) {
        pairs.emplace_back(m_taskPlan.acceptedSource[k], m_taskBase + qint64(k));
    }
    std::sort(pairs.begin(), pairs.end()); // the map is keyed by source id: in that order the inserts append
    for (const auto &[sourceId, targetId] : pairs) {
        if (Status s = mapRow(plan, sourceId, "tasks", targetId); !s) {
            return s;
        }
    }
    return flushMap();
}

// Writing a million tasks and then building their twelve indexes is almost half of a large import, all of it SQLite
// work on the one connection that holds the import's transaction. So a second thread writes the tasks, and builds
// their indexes, into a scratch database next to the source copy, with the target's own CREATE statements, while
// this thread imports the other tables. The finished table is then copied into the target with
// `INSERT INTO tasks SELECT * FROM staged.tasks`, which SQLite performs as a page-order transfer of records and
// index entries (its "xfer" optimisation: the same table definition and indexes, foreign keys off, no triggers)
// at a third of the cost of building the indexes. Where SQLite cannot transfer (say a trigger someone added to
// tasks) the same statement copies row by row: slower, same result. The tasks' issues and quarantined rows are
// copied too. The staging thread checks the rows it wrote (verifyWrittenRows) before it ends.
Status ImportRun::startStagingTasks()
{
    Statement schema(m_db, "SELECT type, sql FROM sqlite_master WHERE sql IS NOT NULL AND ((type = 'table' AND name "
                           "IN ('tasks', 'import_id_map', 'import_issues', 'import_quarantine')) OR (type = 'index' "
                           "AND tbl_name = 'tasks')) ORDER BY rowid");
    if (!schema.ok()) {
        return writeError(QStringLiteral("cannot read the schema"));
    }
    int rc = SQLITE_OK;
    while ((rc = sqlite3_step(schema)) == SQLITE_ROW) {
        const QByteArray sql(reinterpret_cast<const char *>(sqlite3_column_text(schema, 1)));
        if (qstrcmp(reinterpret_cast<const char *>(sqlite3_column_text(schema, 0)), "index") == 0) {
            m_taskIndexSql.push_back(sql);
        } else {
            m_stagingSchema += sql + ";\n";
        }
    }
    if (rc != SQLITE_DONE) {
        return writeError(QStringLiteral("cannot read the schema"));
    }
    m_stagingPath = m_source.scratchPath(QStringLiteral("staged-tasks.db"));
    QFile::remove(m_stagingPath);
    m_stagingReport.tables = m_report.tables; // copied here: this thread goes on counting into m_report
    // Everything the staging thread reads of this run is set by now and stays unchanged until it has ended.
    m_progress.countAlso(&m_stagedRowsDone);
    m_staging = std::thread([this] {
        m_stagingResult = stageTasks();
        m_stagingEnded.store(true, std::memory_order_release);
    });
    return {};
}

Status ImportRun::stageTasks()
{
    sqlite3 *staged = nullptr;
    const int rc = sqlite3_open_v2(QFile::encodeName(m_stagingPath).constData(), &staged,
                                   SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    auto closeStaged = qScopeGuard([staged] { sqlite3_close(staged); });
    auto failed = [staged](const QString &what) {
        return storageError(QStringLiteral("cannot stage the imported tasks: %1").arg(what),
                            staged ? QString::fromUtf8(sqlite3_errmsg(staged)) : QString());
    };
    if (rc != SQLITE_OK) {
        return failed(QStringLiteral("cannot create the scratch database"));
    }
    // A scratch file thrown away afterwards: no journal, no syncs; checked like the rest before the commit. Pages of
    // 16 KB: a quarter of the page reads and writes while the twelve indexes are built (1M tasks: 0.9 s less). The
    // copy into the target moves records, not pages, so the two page sizes need not match.
    const QByteArray setup =
        "PRAGMA page_size = 16384; PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -131072; "
        "PRAGMA ignore_check_constraints = ON;\n" +
        m_stagingSchema;
    if (sqlite3_exec(staged, setup.constData(), nullptr, nullptr, nullptr) != SQLITE_OK) {
        return failed(QStringLiteral("cannot create its tables"));
    }
    auto reader = m_source.openReader();
    if (!reader) {
        return reader.error();
    }
    auto closeReader = qScopeGuard([db = *reader] { sqlite3_close(db); });

    const ImportProgress noCallback; // the importing thread reports progress
    Progress progress(m_options, noCallback, 0);
    progress.stopAlsoOn(&m_stopStaging);
    progress.publishTo(&m_stagedRowsDone);
    ImportRun staging(*this, staged, *reader, progress, m_stagingReport);
    if (sqlite3_exec(staged, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK) {
        return failed(QStringLiteral("cannot begin"));
    }
    if (Status s = staging.prepareTarget(); !s) {
        return s;
    }
    if (Status s = staging.writeTasks(m_taskPlan); !s) {
        return s;
    }
    progress.publish();
    for (const QByteArray &sql : m_taskIndexSql) {
        if (progress.stopRequested()) {
            return cancelledError();
        }
        if (sqlite3_exec(staged, sql.constData(), nullptr, nullptr, nullptr) != SQLITE_OK) {
            return failed(QStringLiteral("cannot build an index"));
        }
    }
    // The copy into the target brings the records as they are, so they are checked here, while the importing
    // thread is still busy with the other tables.
    staging.m_written.emplace_back(&core::Task::spec(), m_taskBase);
    if (Status s = staging.verifyWrittenRows(); !s) {
        return s;
    }
    if (sqlite3_exec(staged, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) {
        return failed(QStringLiteral("cannot commit"));
    }
    return {};
}

void ImportRun::stopStagingTasks()
{
    if (m_staging.joinable()) {
        m_stopStaging = true;
        m_staging.join();
    }
}

Status ImportRun::finishStagingTasks()
{
    // Waiting, this thread goes on reporting the staging thread's progress, and stops it at once on a cancel.
    while (!m_stagingEnded.load(std::memory_order_acquire)) {
        if (!m_progress.poll()) {
            stopStagingTasks();
            return cancelledError();
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    m_staging.join();
    m_progress.absorbCountedElsewhere();
    if (!m_stagingResult) {
        return m_stagingResult;
    }
    const SourceTable &t = *m_source.table(u"tasks");
    tableReport(t) = *m_stagingReport.table(t.name);
    {
        // The staging thread checked the rows it wrote, and this thread the others while it waited. Nothing changes
        // them unless a trigger on a table the copy writes (the statistics log's are dropped by now) fires on the
        // way: then every written row is checked again (execute()).
        Statement triggers(m_db, "SELECT 1 FROM main.sqlite_master WHERE type = 'trigger' AND lower(tbl_name) IN "
                                 "('tasks', 'import_issues', 'import_quarantine')");
        const int rc = triggers.ok() ? sqlite3_step(triggers) : SQLITE_ERROR;
        if (rc == SQLITE_DONE) {
            m_rowsCheckedElsewhere << QStringLiteral("tasks");
        } else if (rc != SQLITE_ROW) {
            return writeError(QStringLiteral("cannot read the triggers"));
        }
    }
    // The tasks were imported first: their findings go first.
    m_report.issues += m_stagingReport.issues;
    m_report.quarantinedRows =
        (m_stagingReport.quarantinedRows + m_report.quarantinedRows).mid(0, ImportReport::findingsLimit);
    m_report.changedValues =
        (m_stagingReport.changedValues + m_report.changedValues).mid(0, ImportReport::findingsLimit);

    Statement attach(m_db, "ATTACH DATABASE ?1 AS " + QByteArray(kStagingSchema));
    const QByteArray path = QFile::encodeName(m_stagingPath);
    if (!attach.ok()) {
        return writeError(QStringLiteral("cannot read the staged tasks"));
    }
    sqlite3_bind_text(attach, 1, path.constData(), int(path.size()), SQLITE_STATIC);
    if (Status s = step(attach, "cannot read the staged tasks"); !s) {
        return s;
    }
    const QByteArray from = QByteArray(" FROM ") + kStagingSchema + '.';
    const QByteArray issueColumns = "run_id, source_table, source_id, \"column\", raw_value, stored_value, code";
    const QByteArray quarantineColumns = "run_id, source_table, source_id, reason, row_json";
    const QByteArray copies[] = {
        "INSERT INTO main.tasks SELECT *" + from + "tasks",
        "INSERT INTO main.import_issues (" + issueColumns + ") SELECT " + issueColumns + from +
            "import_issues ORDER BY id",
        "INSERT INTO main.import_quarantine (" + quarantineColumns + ") SELECT " + quarantineColumns + from +
            "import_quarantine ORDER BY id",
    };
    for (const QByteArray &sql : copies) {
        if (m_progress.stopRequested()) {
            return cancelledError();
        }
        if (sqlite3_exec(m_db, sql.constData(), nullptr, nullptr, nullptr) != SQLITE_OK) {
            return writeError(QStringLiteral("cannot copy the staged tasks"));
        }
    }
    return {};
}

Status ImportRun::importGroups()
{
    const SourceTable *t = m_source.table(u"execution_groups");
    if (!t) {
        m_groups.finish();
        return {};
    }
    ImportTableReport &report = tableReport(*t);
    const ColumnPlan plan = planFor(*t, {{"id"},
                                         {"name", "group_name"},
                                         {"total_hours"},
                                         {"estimated_duration"},
                                         {"max_parallel_tasks"},
                                         {"status"},
                                         {"metadata", "execution_metadata"},
                                         {"day_range"},
                                         {"prerequisite_groups"},
                                         {"created_at"},
                                         {"updated_at"}});
    Statement bases(m_db, "SELECT coalesce(max(id), 0), coalesce(max(position), 0) FROM execution_groups");
    if (!bases.ok() || sqlite3_step(bases) != SQLITE_ROW) {
        return writeError(QStringLiteral("cannot read the existing execution groups"));
    }
    const qint64 idBase = sqlite3_column_int64(bases, 0) + 1;
    const qint64 positionBase = sqlite3_column_int64(bases, 1) + 1;
    if (Status st = markWritten(core::ExecutionGroup::spec()); !st) {
        return st;
    }
    Statement insert(m_db, kInsertGroup);
    Statement scan(m_sourceDb, plan.select());
    if (!insert.ok()) {
        return writeError(QStringLiteral("cannot prepare the group import"));
    }
    if (!scan.ok()) {
        return storageError(QStringLiteral("cannot read the legacy execution groups"),
                            QString::fromUtf8(sqlite3_errmsg(m_sourceDb)));
    }
    std::unordered_set<qint64> seen;
    const Row row(scan);
    qint64 ordinal = 0;
    qint64 count = 0;
    int rc = SQLITE_OK;
    while ((rc = sqlite3_step(scan)) == SQLITE_ROW) {
        const RowIdentity who = identify(row, plan, GId, ordinal++);
        if (!t->idIsRowid && !seen.insert(who.sourceId).second) {
            if (Status s = quarantined(plan, report, who.sourceId, kDuplicate, row.json(plan)); !s) {
                return s;
            }
            continue;
        }
        const qint64 target = idBase + count;
        const qint64 position = positionBase + count;
        ++count;
        if (who.idValid) {
            m_groups.add(who.sourceId, target);
        }
        m_issues.clear();
        const QByteArrayView name = requiredText(row, plan[GName], kGroupNameMax, QByteArray(), plan,
                                                 [&] { return "Imported group " + QByteArray::number(who.sourceId); });
        const double totalHours = numberField<double>(row, plan[GTotalHours], lv::normaliseNonNegativeHours, 0.0, plan);
        const qint64 duration = numberField<qint64>(row, plan[GDuration], lv::normaliseNonNegativeCount, 0, plan);
        const int maxParallel = numberField<int>(row, plan[GMaxParallel], lv::normaliseMaxParallel, 5, plan);
        const QByteArray &status =
            enumField(m_executionStatus, row, plan[GStatus], core::ExecutionStatus::Pending, plan);
        std::optional<QByteArray> metadata = jsonField(row, plan[GMetadata], plan);
        // Generation A keeps its day block and prerequisite groups in the group's metadata (never dropped).
        const bool hasDayRange = plan[GDayRange] >= 0 && !row.isNull(plan[GDayRange]);
        const bool hasPrerequisites = plan[GPrerequisites] >= 0 && !row.isNull(plan[GPrerequisites]);
        if (hasDayRange || hasPrerequisites) {
            QJsonObject object;
            if (metadata) {
                // Wrapped in an array so that scalars parse too.
                const QJsonArray wrapped = QJsonDocument::fromJson("[" + *metadata + "]").array();
                const QJsonValue value =
                    wrapped.size() == 1 ? wrapped.first() : QJsonValue(QString::fromUtf8(*metadata));
                object = value.isObject() ? value.toObject() : QJsonObject{{QStringLiteral("legacy_metadata"), value}};
            }
            if (hasDayRange) {
                object.insert(QStringLiteral("day_range"), QString::fromUtf8(row.text(plan[GDayRange])));
            }
            if (hasPrerequisites) {
                const QString text = QString::fromUtf8(row.text(plan[GPrerequisites])).trimmed();
                QJsonArray names;
                QJsonParseError error{};
                const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8(), &error);
                if (error.error == QJsonParseError::NoError && doc.isArray()) {
                    names = doc.array();
                } else {
                    for (const QString &part : text.split(QRegularExpression(QStringLiteral("[,;]")))) {
                        if (!part.trimmed().isEmpty()) {
                            names.append(part.trimmed());
                        }
                    }
                }
                object.insert(QStringLiteral("prerequisite_groups"), names);
            }
            metadata = QJsonDocument(object).toJson(QJsonDocument::Compact);
        }
        const qint64 created = timeField(row, plan[GCreated], m_importMs, plan);
        const qint64 updated = laterTimeField(row, plan[GUpdated], created, plan);
        extraColumns(row, plan);

        char createdText[24];
        char updatedText[24];
        lv::formatTimestampMs(created, createdText);
        lv::formatTimestampMs(updated, updatedText);
        sqlite3_stmt *s = insert;
        sqlite3_bind_int64(s, 1, target);
        sqlite3_bind_text(s, 2, name.data(), int(name.size()), SQLITE_STATIC);
        sqlite3_bind_int64(s, 3, position);
        sqlite3_bind_double(s, 4, totalHours);
        sqlite3_bind_int64(s, 5, duration);
        sqlite3_bind_int(s, 6, maxParallel);
        sqlite3_bind_text(s, 7, status.constData(), int(status.size()), SQLITE_STATIC);
        if (metadata) {
            sqlite3_bind_text(s, 8, metadata->constData(), int(metadata->size()), SQLITE_STATIC);
        } else {
            sqlite3_bind_null(s, 8);
        }
        sqlite3_bind_text(s, 9, createdText, 24, SQLITE_STATIC);
        sqlite3_bind_text(s, 10, updatedText, 24, SQLITE_STATIC);
        if (Status st = step(insert, "cannot save an imported execution group"); !st) {
            return st;
        }
        if (Status st =
                imported(plan, report, who.sourceId, "execution_groups", target, m_issues.data(), m_issues.size());
            !st) {
            return st;
        }
    }
    if (rc != SQLITE_DONE) {
        return storageError(QStringLiteral("cannot read the legacy execution groups"),
                            QString::fromUtf8(sqlite3_errmsg(m_sourceDb)));
    }
    m_groups.finish();
    return flushMap();
}

Status ImportRun::importDependencies()
{
    const SourceTable *t = m_source.table(u"task_dependencies");
    if (!t) {
        return {};
    }
    ImportTableReport &report = tableReport(*t);
    const ColumnPlan plan =
        planFor(*t, {{"id"}, {"task_id"}, {"depends_on_task_id"}, {"dependency_type"}, {"created_at"}});
    Statement scan(m_sourceDb, plan.select());
    if (!scan.ok()) {
        return storageError(QStringLiteral("cannot read the legacy dependencies"),
                            QString::fromUtf8(sqlite3_errmsg(m_sourceDb)));
    }
    RowFetcher fetcher(m_sourceDb, plan);

    // Pass 1: per-row checks (orphans and self-dependencies go to quarantine at once); the rest waits for the
    // duplicate and cycle decisions, which need every row.
    std::vector<DependencyRow> rows;
    rows.reserve(size_t(t->rowCount));
    std::vector<Issue> pendingIssues;
    std::unordered_set<qint64> seen;
    const Row row(scan);
    qint64 ordinal = 0;
    int rc = SQLITE_OK;
    while ((rc = sqlite3_step(scan)) == SQLITE_ROW) {
        const RowIdentity who = identify(row, plan, DId, ordinal++);
        if (!t->idIsRowid && !seen.insert(who.sourceId).second) {
            if (Status s = quarantined(plan, report, who.sourceId, kDuplicate, row.json(plan)); !s) {
                return s;
            }
            continue;
        }
        const auto taskRef = row.reference(plan[DTask]);
        const auto prerequisiteRef = row.reference(plan[DPrerequisite]);
        const qint64 task = taskRef ? m_tasks.find(*taskRef) : -1;
        const qint64 prerequisite = prerequisiteRef ? m_tasks.find(*prerequisiteRef) : -1;
        if (task < 0 || prerequisite < 0) {
            if (Status s = quarantined(plan, report, who.sourceId, kOrphanReference, row.json(plan)); !s) {
                return s;
            }
            continue;
        }
        if (task == prerequisite) {
            if (Status s = quarantined(plan, report, who.sourceId, kSelfDependency, row.json(plan)); !s) {
                return s;
            }
            continue;
        }
        m_issues.clear();
        core::DependencyType type = core::DependencyType::Blocks;
        enumField(m_dependencyType, row, plan[DType], core::DependencyType::Blocks, plan, &type);
        const qint64 created = timeField(row, plan[DCreated], m_importMs, plan);
        extraColumns(row, plan);
        if (fetcher.mustRemember()) {
            fetcher.remember(who.rowKey, row);
        }
        rows.push_back(DependencyRow{who.sourceId, who.rowKey, created, qint32(task - m_taskBase),
                                     qint32(prerequisite - m_taskBase), quint32(pendingIssues.size()),
                                     quint16(m_issues.size()), quint8(type), DependencyRow::Kept});
        std::move(m_issues.begin(), m_issues.end(), std::back_inserter(pendingIssues));
    }
    if (rc != SQLITE_DONE) {
        return storageError(QStringLiteral("cannot read the legacy dependencies"),
                            QString::fromUtf8(sqlite3_errmsg(m_sourceDb)));
    }

    // Duplicates: the same pair again; the earliest (created_at, id) stays. Sorting by pair also makes the inserts
    // below append to the pair and task indexes.
    std::sort(rows.begin(), rows.end(), [](const DependencyRow &a, const DependencyRow &b) {
        if (a.task != b.task) {
            return a.task < b.task;
        }
        if (a.prerequisite != b.prerequisite) {
            return a.prerequisite < b.prerequisite;
        }
        return later(b, a);
    });
    for (size_t i = 1; i < rows.size(); ++i) {
        if (rows[i].task == rows[i - 1].task && rows[i].prerequisite == rows[i - 1].prerequisite) {
            rows[i].fate = DependencyRow::Duplicate;
        }
    }
    breakCycles(rows, qint32(m_taskCount), m_progress);
    if (m_progress.stopRequested()) {
        return cancelledError();
    }

    if (Status st = markWritten(core::TaskDependency::spec()); !st) {
        return st;
    }
    Statement insert(m_db, kInsertDependency);
    if (!insert.ok()) {
        return writeError(QStringLiteral("cannot prepare the dependency import"));
    }
    const QByteArray typeNames[] = {core::toString(core::DependencyType::Blocks).toUtf8(),
                                    core::toString(core::DependencyType::Requires).toUtf8(),
                                    core::toString(core::DependencyType::Enhances).toUtf8()};
    std::vector<std::pair<qint64, qint64>> mapped;
    mapped.reserve(rows.size());
    for (const DependencyRow &r : rows) {
        if (r.fate != DependencyRow::Kept) {
            continue;
        }
        const QByteArray &type = typeNames[r.type];
        char createdText[24];
        lv::formatTimestampMs(r.createdMs, createdText);
        sqlite3_stmt *s = insert;
        sqlite3_bind_int64(s, 1, m_taskBase + r.task);
        sqlite3_bind_int64(s, 2, m_taskBase + r.prerequisite);
        sqlite3_bind_text(s, 3, type.constData(), int(type.size()), SQLITE_STATIC);
        sqlite3_bind_text(s, 4, createdText, 24, SQLITE_STATIC);
        if (Status st = step(insert, "cannot save an imported dependency"); !st) {
            return st;
        }
        mapped.emplace_back(r.sourceId, sqlite3_last_insert_rowid(m_db));
        if (r.issueCount > 0) {
            if (Status st = writeIssues(plan, r.sourceId, pendingIssues.data() + r.issueFirst, r.issueCount); !st) {
                return st;
            }
            ++report.normalised;
        }
        ++report.imported;
        if (!m_progress.advance()) {
            return cancelledError();
        }
    }
    // The id map is keyed by source id: write it in that order so the inserts append.
    std::sort(mapped.begin(), mapped.end());
    for (const auto &[sourceId, targetId] : mapped) {
        if (Status st = mapRow(plan, sourceId, "task_dependencies", targetId); !st) {
            return st;
        }
    }
    if (Status st = flushMap(); !st) {
        return st;
    }
    for (const DependencyRow &r : rows) {
        if (r.fate == DependencyRow::Kept) {
            continue;
        }
        const char *reason = r.fate == DependencyRow::Duplicate ? kDuplicate : kCycle;
        if (Status st = quarantined(plan, report, r.sourceId, reason, fetcher.json(r.rowKey)); !st) {
            return st;
        }
    }
    return {};
}

Status ImportRun::importProgress()
{
    const SourceTable *t = m_source.table(u"task_progress");
    if (!t) {
        return {};
    }
    ImportTableReport &report = tableReport(*t);
    const ColumnPlan plan =
        planFor(*t, {{"id"}, {"task_id"}, {"progress_percentage"}, {"notes"}, {"updated_by"}, {"created_at"}});
    if (Status st = markWritten(core::TaskProgress::spec()); !st) {
        return st;
    }
    Statement insert(m_db, kInsertProgress);
    Statement scan(m_sourceDb, plan.select());
    if (!insert.ok()) {
        return writeError(QStringLiteral("cannot prepare the progress import"));
    }
    if (!scan.ok()) {
        return storageError(QStringLiteral("cannot read the legacy progress history"),
                            QString::fromUtf8(sqlite3_errmsg(m_sourceDb)));
    }
    const QByteArray system = QByteArrayLiteral("system");
    std::unordered_set<qint64> seen;
    const Row row(scan);
    qint64 ordinal = 0;
    int rc = SQLITE_OK;
    while ((rc = sqlite3_step(scan)) == SQLITE_ROW) {
        const RowIdentity who = identify(row, plan, PId, ordinal++);
        const char *reason = nullptr;
        qint64 task = -1;
        if (!t->idIsRowid && !seen.insert(who.sourceId).second) {
            reason = kDuplicate;
        } else if (const auto ref = row.reference(plan[PTask]); !ref || (task = m_tasks.find(*ref)) < 0) {
            reason = kOrphanReference;
        }
        m_issues.clear();
        int percentage = 0;
        if (!reason) {
            // NULL was the legacy "blocked" entry (LEGACY_FORMATS.md §8): no number to keep, so it is not invented.
            const lv::Normalised<int> p = lv::normalisePercentage(row.number(plan[PPercentage]));
            if (!p.known) {
                reason = kInvalidValue;
            } else {
                percentage = p.value;
                if (p.changed) {
                    addIssue(plan, plan[PPercentage], row.raw(plan[PPercentage]), QByteArray::number(p.value), p.code);
                }
            }
        }
        if (reason) {
            if (Status s = quarantined(plan, report, who.sourceId, reason, row.json(plan)); !s) {
                return s;
            }
            continue;
        }
        const auto notes = optionalText(row, plan[PNotes], kNotesMax, plan);
        const QByteArrayView updatedBy = requiredText(row, plan[PUpdatedBy], kUpdatedByMax, system, plan);
        const qint64 created = timeField(row, plan[PCreated], m_importMs, plan);
        extraColumns(row, plan);
        char createdText[24];
        lv::formatTimestampMs(created, createdText);
        sqlite3_stmt *s = insert;
        sqlite3_bind_int64(s, 1, task);
        sqlite3_bind_int(s, 2, percentage);
        if (notes) {
            sqlite3_bind_text(s, 3, notes->data(), int(notes->size()), SQLITE_STATIC);
        } else {
            sqlite3_bind_null(s, 3);
        }
        sqlite3_bind_text(s, 4, updatedBy.data(), int(updatedBy.size()), SQLITE_STATIC);
        sqlite3_bind_text(s, 5, createdText, 24, SQLITE_STATIC);
        if (Status st = step(insert, "cannot save an imported progress entry"); !st) {
            return st;
        }
        if (Status st = imported(plan, report, who.sourceId, "task_progress", sqlite3_last_insert_rowid(m_db),
                                 m_issues.data(), m_issues.size());
            !st) {
            return st;
        }
    }
    if (rc != SQLITE_DONE) {
        return storageError(QStringLiteral("cannot read the legacy progress history"),
                            QString::fromUtf8(sqlite3_errmsg(m_sourceDb)));
    }
    return flushMap();
}

Status ImportRun::importComments()
{
    const SourceTable *t = m_source.table(u"task_comments");
    if (!t) {
        return {};
    }
    ImportTableReport &report = tableReport(*t);
    const ColumnPlan plan = planFor(*t, {{"id"}, {"task_id"}, {"comment"}, {"comment_type"}, {"created_at"}});
    if (Status st = markWritten(core::TaskComment::spec()); !st) {
        return st;
    }
    Statement insert(m_db, kInsertComment);
    Statement scan(m_sourceDb, plan.select());
    if (!insert.ok()) {
        return writeError(QStringLiteral("cannot prepare the comment import"));
    }
    if (!scan.ok()) {
        return storageError(QStringLiteral("cannot read the legacy comments"),
                            QString::fromUtf8(sqlite3_errmsg(m_sourceDb)));
    }
    std::unordered_set<qint64> seen;
    const Row row(scan);
    qint64 ordinal = 0;
    int rc = SQLITE_OK;
    while ((rc = sqlite3_step(scan)) == SQLITE_ROW) {
        const RowIdentity who = identify(row, plan, CId, ordinal++);
        const char *reason = nullptr;
        qint64 task = -1;
        if (!t->idIsRowid && !seen.insert(who.sourceId).second) {
            reason = kDuplicate;
        } else if (const auto ref = row.reference(plan[CTask]); !ref || (task = m_tasks.find(*ref)) < 0) {
            reason = kOrphanReference;
        } else if (plan[CText] < 0 || row.isNull(plan[CText]) || row.text(plan[CText]).trimmed().isEmpty()) {
            reason = kInvalidValue; // a comment without text has nothing to say and no safe default
        }
        if (reason) {
            if (Status s = quarantined(plan, report, who.sourceId, reason, row.json(plan)); !s) {
                return s;
            }
            continue;
        }
        m_issues.clear();
        const QByteArrayView text = requiredText(row, plan[CText], kCommentMax, QByteArray(), plan);
        const QByteArray &type = enumField(m_commentType, row, plan[CType], core::CommentType::Note, plan);
        const qint64 created = timeField(row, plan[CCreated], m_importMs, plan);
        extraColumns(row, plan);
        char createdText[24];
        lv::formatTimestampMs(created, createdText);
        sqlite3_stmt *s = insert;
        sqlite3_bind_int64(s, 1, task);
        sqlite3_bind_text(s, 2, text.data(), int(text.size()), SQLITE_STATIC);
        sqlite3_bind_text(s, 3, type.constData(), int(type.size()), SQLITE_STATIC);
        sqlite3_bind_text(s, 4, createdText, 24, SQLITE_STATIC);
        if (Status st = step(insert, "cannot save an imported comment"); !st) {
            return st;
        }
        if (Status st = imported(plan, report, who.sourceId, "task_comments", sqlite3_last_insert_rowid(m_db),
                                 m_issues.data(), m_issues.size());
            !st) {
            return st;
        }
    }
    if (rc != SQLITE_DONE) {
        return storageError(QStringLiteral("cannot read the legacy comments"),
                            QString::fromUtf8(sqlite3_errmsg(m_sourceDb)));
    }
    return flushMap();
}

Status ImportRun::importGroupTasks()
{
    const SourceTable *t = m_source.table(u"group_tasks");
    if (!t) {
        return {};
    }
    ImportTableReport &report = tableReport(*t);
    const ColumnPlan plan = planFor(*t, {{"id"},
                                         {"group_id"},
                                         {"task_id"},
                                         {"execution_order", "parallel_batch"},
                                         {"task_hours", "estimated_agent_hours"},
                                         {"status"},
                                         {"created_at"},
                                         {"updated_at"}});
    Statement scan(m_sourceDb, plan.select());
    if (!scan.ok()) {
        return storageError(QStringLiteral("cannot read the legacy group tasks"),
                            QString::fromUtf8(sqlite3_errmsg(m_sourceDb)));
    }
    RowFetcher fetcher(m_sourceDb, plan);
    struct Member
    {
        qint64 sourceId;
        qint64 rowKey;
        qint64 group;
        qint64 task;
        qint64 order;
        double hours;
        qint64 createdMs;
        qint64 updatedMs;
        quint32 issueFirst;
        quint16 issueCount;
        quint8 status;
        bool duplicate;
    };
    std::vector<Member> members;
    std::vector<Issue> pendingIssues;
    std::unordered_set<qint64> seen;
    const Row row(scan);
    qint64 ordinal = 0;
    int rc = SQLITE_OK;
    while ((rc = sqlite3_step(scan)) == SQLITE_ROW) {
        const RowIdentity who = identify(row, plan, GtId, ordinal++);
        const char *reason = nullptr;
        const auto groupRef = row.reference(plan[GtGroup]);
        const auto taskRef = row.reference(plan[GtTask]);
        const qint64 group = groupRef ? m_groups.find(*groupRef) : -1;
        const qint64 task = taskRef ? m_tasks.find(*taskRef) : -1;
        if (!t->idIsRowid && !seen.insert(who.sourceId).second) {
            reason = kDuplicate;
        } else if (group < 0 || task < 0) {
            reason = kOrphanReference;
        }
        if (reason) {
            if (Status s = quarantined(plan, report, who.sourceId, reason, row.json(plan)); !s) {
                return s;
            }
            continue;
        }
        m_issues.clear();
        const qint64 order = numberField<qint64>(row, plan[GtOrder], lv::normaliseNonNegativeCount, 0, plan);
        const double hours = numberField<double>(row, plan[GtHours], lv::normaliseNonNegativeHours, 0.0, plan);
        core::ExecutionStatus status = core::ExecutionStatus::Pending;
        enumField(m_executionStatus, row, plan[GtStatus], core::ExecutionStatus::Pending, plan, &status);
        const qint64 created = timeField(row, plan[GtCreated], m_importMs, plan);
        const qint64 updated = laterTimeField(row, plan[GtUpdated], created, plan);
        extraColumns(row, plan);
        if (fetcher.mustRemember()) {
            fetcher.remember(who.rowKey, row);
        }
        members.push_back(Member{who.sourceId, who.rowKey, group, task, order, hours, created, updated,
                                 quint32(pendingIssues.size()), quint16(m_issues.size()), quint8(status), false});
        std::move(m_issues.begin(), m_issues.end(), std::back_inserter(pendingIssues));
    }
    if (rc != SQLITE_DONE) {
        return storageError(QStringLiteral("cannot read the legacy group tasks"),
                            QString::fromUtf8(sqlite3_errmsg(m_sourceDb)));
    }
    // The same task twice in a group: the earliest (created_at, id) stays.
    std::vector<size_t> order(members.size());
    for (size_t i = 0; i < order.size(); ++i) {
        order[i] = i;
    }
    std::sort(order.begin(), order.end(), [&members](size_t a, size_t b) {
        const Member &x = members[a];
        const Member &y = members[b];
        return std::tie(x.group, x.task, x.createdMs, x.sourceId) < std::tie(y.group, y.task, y.createdMs, y.sourceId);
    });
    for (size_t i = 1; i < order.size(); ++i) {
        const Member &previous = members[order[i - 1]];
        Member &current = members[order[i]];
        current.duplicate = current.group == previous.group && current.task == previous.task;
    }

    if (Status st = markWritten(core::GroupTask::spec()); !st) {
        return st;
    }
    Statement insert(m_db, kInsertGroupTask);
    if (!insert.ok()) {
        return writeError(QStringLiteral("cannot prepare the group task import"));
    }
    for (const Member &m : members) {
        if (m.duplicate) {
            continue;
        }
        const QByteArray status = core::toString(core::ExecutionStatus(m.status)).toUtf8();
        char createdText[24];
        char updatedText[24];
        lv::formatTimestampMs(m.createdMs, createdText);
        lv::formatTimestampMs(m.updatedMs, updatedText);
        sqlite3_stmt *s = insert;
        sqlite3_bind_int64(s, 1, m.group);
        sqlite3_bind_int64(s, 2, m.task);
        sqlite3_bind_int64(s, 3, m.order);
        sqlite3_bind_double(s, 4, m.hours);
        sqlite3_bind_text(s, 5, status.constData(), int(status.size()), SQLITE_TRANSIENT);
        sqlite3_bind_text(s, 6, createdText, 24, SQLITE_STATIC);
        sqlite3_bind_text(s, 7, updatedText, 24, SQLITE_STATIC);
        if (Status st = step(insert, "cannot save an imported group task"); !st) {
            return st;
        }
        if (Status st = imported(plan, report, m.sourceId, "group_tasks", sqlite3_last_insert_rowid(m_db),
                                 pendingIssues.data() + m.issueFirst, m.issueCount);
            !st) {
            return st;
        }
    }
    if (Status st = flushMap(); !st) {
        return st;
    }
    for (const Member &m : members) {
        if (m.duplicate) {
            if (Status st = quarantined(plan, report, m.sourceId, kDuplicate, fetcher.json(m.rowKey)); !st) {
                return st;
            }
        }
    }
    return {};
}

Status ImportRun::importLog()
{
    const SourceTable *t = m_source.table(u"parallel_execution_log");
    if (!t) {
        return {};
    }
    ImportTableReport &report = tableReport(*t);
    const ColumnPlan plan = planFor(
        *t, {{"id"}, {"group_id"}, {"task_id"}, {"level"}, {"message"}, {"metadata", "log_metadata"}, {"created_at"}});
    if (Status st = markWritten(core::ExecutionLogEntry::spec()); !st) {
        return st;
    }
    Statement insert(m_db, kInsertLog);
    Statement scan(m_sourceDb, plan.select());
    if (!insert.ok()) {
        return writeError(QStringLiteral("cannot prepare the execution log import"));
    }
    if (!scan.ok()) {
        return storageError(QStringLiteral("cannot read the legacy execution log"),
                            QString::fromUtf8(sqlite3_errmsg(m_sourceDb)));
    }
    std::unordered_set<qint64> seen;
    const Row row(scan);
    qint64 ordinal = 0;
    int rc = SQLITE_OK;
    while ((rc = sqlite3_step(scan)) == SQLITE_ROW) {
        const RowIdentity who = identify(row, plan, LId, ordinal++);
        const char *reason = nullptr;
        const auto groupRef = row.reference(plan[LGroup]);
        const qint64 group = groupRef ? m_groups.find(*groupRef) : -1;
        qint64 task = -1;
        const bool hasTask = plan[LTask] >= 0 && !row.isNull(plan[LTask]);
        if (hasTask) {
            const auto ref = row.reference(plan[LTask]);
            task = ref ? m_tasks.find(*ref) : -1;
        }
        if (!t->idIsRowid && !seen.insert(who.sourceId).second) {
            reason = kDuplicate;
        } else if (group < 0 || (hasTask && task < 0)) {
            reason = kOrphanReference;
        } else if (plan[LMessage] < 0 || row.isNull(plan[LMessage]) || row.text(plan[LMessage]).trimmed().isEmpty()) {
            reason = kInvalidValue;
        }
        if (reason) {
            if (Status s = quarantined(plan, report, who.sourceId, reason, row.json(plan)); !s) {
                return s;
            }
            continue;
        }
        m_issues.clear();
        const QByteArray &level = enumField(m_level, row, plan[LLevel], core::LogLevel::Info, plan);
        const QByteArrayView message = requiredText(row, plan[LMessage], kMessageMax, QByteArray(), plan);
        const std::optional<QByteArray> metadata = jsonField(row, plan[LMetadata], plan);
        const qint64 created = timeField(row, plan[LCreated], m_importMs, plan);
        extraColumns(row, plan);
        char createdText[24];
        lv::formatTimestampMs(created, createdText);
        sqlite3_stmt *s = insert;
        sqlite3_bind_int64(s, 1, group);
        if (hasTask) {
            sqlite3_bind_int64(s, 2, task);
        } else {
            sqlite3_bind_null(s, 2);
        }
        sqlite3_bind_text(s, 3, level.constData(), int(level.size()), SQLITE_STATIC);
        sqlite3_bind_text(s, 4, message.data(), int(message.size()), SQLITE_STATIC);
        if (metadata) {
            sqlite3_bind_text(s, 5, metadata->constData(), int(metadata->size()), SQLITE_STATIC);
        } else {
            sqlite3_bind_null(s, 5);
        }
        sqlite3_bind_text(s, 6, createdText, 24, SQLITE_STATIC);
        if (Status st = step(insert, "cannot save an imported log entry"); !st) {
            return st;
        }
        if (Status st = imported(plan, report, who.sourceId, "parallel_execution_log", sqlite3_last_insert_rowid(m_db),
                                 m_issues.data(), m_issues.size());
            !st) {
            return st;
        }
    }
    if (rc != SQLITE_DONE) {
        return storageError(QStringLiteral("cannot read the legacy execution log"),
                            QString::fromUtf8(sqlite3_errmsg(m_sourceDb)));
    }
    return flushMap();
}

// Tables the new schema has no place for (generation C's task_execution_logs, anything unknown) are kept whole.
Status ImportRun::importUnmapped(const SourceTable &t)
{
    ImportTableReport &report = tableReport(t);
    const ColumnPlan plan = planFor(t, {{"id"}});
    Statement scan(m_sourceDb, plan.select());
    if (!scan.ok()) {
        return storageError(QStringLiteral("cannot read the legacy table %1").arg(t.name),
                            QString::fromUtf8(sqlite3_errmsg(m_sourceDb)));
    }
    const Row row(scan);
    qint64 ordinal = 0;
    int rc = SQLITE_OK;
    while ((rc = sqlite3_step(scan)) == SQLITE_ROW) {
        const RowIdentity who = identify(row, plan, 0, ordinal++);
        if (Status s = quarantined(plan, report, who.sourceId, kUnmappedTable, row.json(plan)); !s) {
            return s;
        }
    }
    if (rc != SQLITE_DONE) {
        return storageError(QStringLiteral("cannot read the legacy table %1").arg(t.name),
                            QString::fromUtf8(sqlite3_errmsg(m_sourceDb)));
    }
    return {};
}

bool isMapped(const QString &table)
{
    for (const char *name : kMappedTables) {
        if (table.compare(QLatin1String(name), Qt::CaseInsensitive) == 0) {
            return true;
        }
    }
    return false;
}

Status ImportRun::execute()
{
    m_importTime = timeText(m_importMs);
    if (Status s = prepareTarget(); !s) {
        return s;
    }
    {
        Statement run(m_db, kInsertRun);
        if (!run.ok()) {
            return writeError(QStringLiteral("cannot start the import"));
        }
        const QByteArray path = m_source.path().toUtf8();
        const QByteArray placeholder(64, '0'); // the hash arrives at the end, from a background thread
        const QByteArray generation = m_source.generation().toUtf8();
        sqlite3_bind_text(run, 1, path.constData(), int(path.size()), SQLITE_STATIC);
        sqlite3_bind_text(run, 2, placeholder.constData(), 64, SQLITE_STATIC);
        sqlite3_bind_text(run, 3, generation.constData(), int(generation.size()), SQLITE_STATIC);
        sqlite3_bind_text(run, 4, m_importTime.constData(), int(m_importTime.size()), SQLITE_STATIC);
        if (Status s = step(run, "cannot start the import"); !s) {
            return s;
        }
        m_runId = sqlite3_last_insert_rowid(m_db);
        m_report.runId = m_runId;
    }
    if (Status s = deferIndexes(); !s) {
        return s;
    }
    if (Status s = deferStatisticsLog(); !s) {
        return s;
    }
    // The tasks first: every other table refers to them through the ids pass 1 gives them. Their rows and their
    // dozen indexes are then written by a second thread into a scratch database, while this one imports the rest.
    if (Status s = mapTasks(); !s) {
        return s;
    }
    if (Status s = markWritten(core::Task::spec()); !s) {
        return s;
    }
    if (Status s = startStagingTasks(); !s) {
        return s;
    }
    // Parents before children, so that every reference is remapped through the in-memory maps. Each phase fills one
    // target table, whose deferred indexes are built as soon as it is full. The phases run in the order of the
    // tables' names, and the tasks' id map is written last: `import_id_map` is keyed by (run, table name, source
    // id), so every row it receives then goes after the last one, where SQLite appends without searching the tree
    // (a 1M-task file: the importing thread ≈ 2 s faster than when each table's rows went in front of the tasks').
    struct Phase
    {
        Status (ImportRun::*run)();
        const char *table;
    };
    const Phase phases[] = {
        {&ImportRun::importGroups, "execution_groups"},        {&ImportRun::importGroupTasks, "group_tasks"},
        {&ImportRun::importLog, "parallel_execution_log"},     {&ImportRun::importComments, "task_comments"},
        {&ImportRun::importDependencies, "task_dependencies"}, {&ImportRun::importProgress, "task_progress"}};
    static_assert(std::size(phases) + 1 == std::size(kMappedTables));
    Q_ASSERT(std::is_sorted(std::begin(phases), std::end(phases),
                            [](const Phase &a, const Phase &b) { return qstrcmp(a.table, b.table) < 0; }));
    for (const Phase &phase : phases) {
        // Copied first: GCC 12 with -fsanitize=undefined checks a member call through an array element against a
        // garbage index, and every import crashed in the sanitizer build (scripts/test.sh step 2).
        const auto run = phase.run;
        if (Status s = (this->*run)(); !s) {
            return s;
        }
        if (Status s = rebuildIndexes(phase.table); !s) {
            return s;
        }
    }
    if (Status s = mapTaskIds(); !s) {
        return s;
    }
    // While the staging thread is still at work, this one checks the rows it wrote. References to the tasks are
    // checked against the ids the tasks are being given; that the copy brings exactly those is checked after it.
    const IdRange taskIds{m_taskBase, m_taskBase + qint64(m_taskPlan.acceptedSource.size()) - 1};
    if (Status s = verifyWrittenRows(QStringLiteral("tasks"), taskIds); !s) {
        return s;
    }
    if (Status s = finishStagingTasks(); !s) {
        return s;
    }
    Q_ASSERT(m_deferredIndexes.empty());
    for (const SourceTable &t : m_source.tables()) {
        if (!isMapped(t.name)) {
            if (Status s = importUnmapped(t); !s) {
                return s;
            }
        }
    }
    if (!m_progress.finish()) {
        return cancelledError();
    }
    // Every counted row must have ended somewhere; refuse a damaged file rather than lose rows.
    for (const ImportTableReport &r : m_report.tables) {
        if (r.read != r.imported + r.quarantinedTotal()) {
            return inconsistentTableError(
                m_source.path(), r.table,
                QStringLiteral("counted %1 rows, read %2").arg(r.read).arg(r.imported + r.quarantinedTotal()));
        }
    }
    if (m_rowsCheckedElsewhere.contains(QStringLiteral("tasks"))) {
        auto ids = writtenIds(core::Task::spec(), m_taskBase);
        if (!ids) {
            return ids.error();
        }
        if (*ids != taskIds) {
            return makeError(ErrorCode::Invalid,
                             QStringLiteral("the import wrote tasks with ids %1 to %2 instead of %3 to %4; nothing "
                                            "was imported")
                                 .arg(ids->first)
                                 .arg(ids->second)
                                 .arg(taskIds.first)
                                 .arg(taskIds.second));
        }
    } else if (Status s = verifyWrittenRows(); !s) { // a trigger fired on the way in: everything again
        return s;
    }

    auto sha = m_source.sha256();
    if (!sha) {
        return sha.error();
    }
    m_report.sourceSha256 = *sha;
    const QByteArray shaText = sha->toLatin1();
    {
        Statement earlier(m_db, kFindEarlierRun);
        if (!earlier.ok()) {
            return writeError(QStringLiteral("cannot read earlier imports"));
        }
        sqlite3_bind_text(earlier, 1, shaText.constData(), int(shaText.size()), SQLITE_STATIC);
        sqlite3_bind_int64(earlier, 2, m_runId);
        if (sqlite3_step(earlier) == SQLITE_ROW && !m_options.force) {
            const qint64 previous = sqlite3_column_int64(earlier, 0);
            const QString when = QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(earlier, 1)));
            return makeError(ErrorCode::Conflict,
                             QStringLiteral("%1 was already imported into this database (import run %2, %3)")
                                 .arg(m_source.path())
                                 .arg(previous)
                                 .arg(when));
        }
    }
    {
        Statement finish(m_db, kFinishRun);
        if (!finish.ok()) {
            return writeError(QStringLiteral("cannot finish the import"));
        }
        const QByteArray finished = timeText(core::Clock::now().toMSecsSinceEpoch());
        const QByteArray summary = QJsonDocument(m_report.toJson()).toJson(QJsonDocument::Compact);
        sqlite3_bind_text(finish, 1, shaText.constData(), int(shaText.size()), SQLITE_STATIC);
        sqlite3_bind_text(finish, 2, finished.constData(), int(finished.size()), SQLITE_STATIC);
        sqlite3_bind_text(finish, 3, summary.constData(), int(summary.size()), SQLITE_STATIC);
        sqlite3_bind_int64(finish, 4, m_runId);
        if (Status s = step(finish, "cannot finish the import"); !s) {
            return s;
        }
    }
    // Last: every return before this one fails the import, which rolls the dropped triggers back.
    if (Status s = restoreStatisticsLog(); !s) {
        return s;
    }
    Q_ASSERT(m_deferredTriggers.empty());
    return {};
}

// Runs a pragma on the target and returns its first column as text.
QByteArray pragmaValue(sqlite3 *db, const char *sql)
{
    Statement stmt(db, sql);
    QByteArray value;
    if (stmt.ok() && sqlite3_step(stmt) == SQLITE_ROW) {
        value = QByteArray(reinterpret_cast<const char *>(sqlite3_column_text(stmt, 0)));
    }
    return value;
}

// Two settings that only take effect outside a transaction, so the import sets them before it begins and restores
// them once it has ended; inside a caller's transaction it runs with the connection's settings.
//  - Foreign keys off: SQLite would look up the parent of every inserted row (2M dependencies: two lookups each,
//    ≈ 1 s). The importer only links rows through its own id maps, and verifyWrittenRows checks every reference of
//    every written row before the commit.
//  - A rollback journal instead of WAL, when this connection is the only one on the file (SQLite refuses the switch
//    otherwise, e.g. while the desktop app has the file open, and the import then simply runs in WAL): WAL writes
//    every page of the import twice, once into the -wal file and again when the commit checkpoints it into the
//    database (1M tasks: ≈ 1 GB, 4.5 s of the commit). A rollback journal keeps only the original content of pages
//    that existed before, and new pages are written once. If the process dies mid-import, the journal restores the
//    file when it is next opened, and opening a database turns WAL on again (Database::open).
auto bulkImportSettings(sqlite3 *db)
{
    bool foreignKeysWereOn = false;
    bool leftWal = false;
    if (sqlite3_get_autocommit(db)) {
        foreignKeysWereOn = pragmaValue(db, "PRAGMA foreign_keys") == "1";
        if (foreignKeysWereOn) {
            sqlite3_exec(db, "PRAGMA foreign_keys = OFF", nullptr, nullptr, nullptr);
        }
        leftWal = pragmaValue(db, "PRAGMA journal_mode") == "wal" &&
                  pragmaValue(db, "PRAGMA journal_mode = DELETE") == "delete";
    }
    return qScopeGuard([db, foreignKeysWereOn, leftWal] {
        if (leftWal) {
            sqlite3_exec(db, "PRAGMA journal_mode = WAL", nullptr, nullptr, nullptr);
        }
        if (foreignKeysWereOn) {
            sqlite3_exec(db, "PRAGMA foreign_keys = ON", nullptr, nullptr, nullptr);
        }
    });
}

} // namespace

qint64 ImportTableReport::quarantinedTotal() const
{
    qint64 total = 0;
    for (const auto &[reason, n] : quarantined) {
        total += n;
    }
    return total;
}

const ImportTableReport *ImportReport::table(QStringView name) const
{
    for (const ImportTableReport &t : tables) {
        if (t.table.compare(name, Qt::CaseInsensitive) == 0) {
            return &t;
        }
    }
    return nullptr;
}

QJsonObject ImportReport::toJson() const
{
    QJsonObject tablesObject;
    for (const ImportTableReport &t : tables) {
        QJsonObject quarantined;
        for (const auto &[reason, n] : t.quarantined) {
            quarantined.insert(reason, n);
        }
        tablesObject.insert(t.table, QJsonObject{{QStringLiteral("read"), t.read},
                                                 {QStringLiteral("imported"), t.imported},
                                                 {QStringLiteral("normalised"), t.normalised},
                                                 {QStringLiteral("quarantined"), quarantined}});
    }
    return QJsonObject{{QStringLiteral("run_id"), runId},
                       {QStringLiteral("generation"), generation},
                       {QStringLiteral("tables"), tablesObject}};
}

QStringList LegacyImporter::quarantineReasons()
{
    return {QLatin1String(kOrphanReference), QLatin1String(kSelfDependency), QLatin1String(kDuplicate),
            QLatin1String(kCycle),           QLatin1String(kInvalidValue),   QLatin1String(kUnmappedTable)};
}

Result<ImportReport> LegacyImporter::run(Workspace &workspace, const QString &sourcePath, const ImportOptions &options,
                                         const ImportProgress &progress)
{
    return run(workspace.database(), sourcePath, options, progress);
}

Result<ImportReport> LegacyImporter::run(Database &target, const QString &sourcePath, const ImportOptions &options,
                                         const ImportProgress &progress)
{
    if (!target.hasTable(QStringLiteral("import_runs"))) {
        return makeError(ErrorCode::Invalid,
                         QStringLiteral("%1 is not migrated to a schema that can record imports; run migrate up first")
                             .arg(target.path()));
    }
    auto opened = LegacySource::open(sourcePath);
    if (!opened) {
        return opened.error();
    }
    LegacySource &source = **opened;

    ImportReport report;
    report.generation = source.generation();
    report.sourcePath = source.path();
    report.dryRun = options.dryRun;
    qint64 total = 0;
    // Parents first, then children, then what has no place; the report lists them in that order.
    QList<const SourceTable *> ordered;
    for (const char *name : kMappedTables) {
        if (const SourceTable *t = source.table(QString::fromLatin1(name))) {
            ordered << t;
        }
    }
    for (const SourceTable &t : source.tables()) {
        if (!isMapped(t.name)) {
            ordered << &t;
        }
    }
    for (const SourceTable *t : ordered) {
        ImportTableReport r;
        r.table = t->name;
        r.read = t->rowCount;
        report.tables << r;
        total += t->rowCount;
    }

    sqlite3 *db = target.handle();
    // A large page cache keeps the indexes that bulk inserts touch in memory; restored afterwards.
    const QByteArray cacheSize = pragmaValue(db, "PRAGMA cache_size");
    sqlite3_exec(db, "PRAGMA cache_size = -262144", nullptr, nullptr, nullptr);
    auto restoreCache = qScopeGuard([&] {
        if (!cacheSize.isEmpty()) {
            sqlite3_exec(db, ("PRAGMA cache_size = " + cacheSize).constData(), nullptr, nullptr, nullptr);
        }
    });

    // SQLite evaluates every `CHECK (x IN (...))` by building a temporary b-tree for each inserted row, which is a
    // third of the import's time. The import's statements are therefore compiled without CHECK constraints, and
    // the rows they wrote are checked once, at the end, against the same rules (verifyWrittenRows). Statements
    // compiled elsewhere keep their checks: the setting only affects statements prepared while it is on.
    sqlite3_exec(db, "PRAGMA ignore_check_constraints = ON", nullptr, nullptr, nullptr);
    auto restoreChecks =
        qScopeGuard([db] { sqlite3_exec(db, "PRAGMA ignore_check_constraints = OFF", nullptr, nullptr, nullptr); });
    // Restored after the transaction has ended (declared before it): SQLite ignores both pragmas inside one.
    auto restoreBulkSettings = bulkImportSettings(db);
    // The staged tasks' scratch database can only be detached once the transaction has ended.
    auto detachStaged = qScopeGuard([db] {
        if (sqlite3_get_autocommit(db)) {
            sqlite3_exec(db, (QByteArray("DETACH DATABASE ") + kStagingSchema).constData(), nullptr, nullptr, nullptr);
        }
    });
    Transaction tx(target);
    if (!tx.begun()) {
        return tx.begun().error();
    }
    Progress tracker(options, progress, total);
    Status outcome;
    {
        ImportRun run(db, source, options, tracker, report, core::Clock::now().toMSecsSinceEpoch());
        outcome = run.execute();
    }
    if (!outcome) {
        tx.rollback();
        return outcome.error();
    }
    if (options.dryRun) {
        tx.rollback();
        return report;
    }
    if (Status s = tx.commit(); !s) {
        return s.error();
    }
    return report;
}

} // namespace taskorch::storage
