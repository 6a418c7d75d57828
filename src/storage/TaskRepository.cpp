// SPDX-License-Identifier: GPL-3.0-or-later
#include "TaskRepository.h"

#include "Timestamp.h"

#include <sqlite3.h>

#include <algorithm>

namespace taskorch::storage {

namespace {

// The priority rank; migration 0004 indexes exactly this expression, so it is written here once.
constexpr char kPriorityRank[] = "(CASE priority WHEN 'low' THEN 1 WHEN 'medium' THEN 2 WHEN 'high' THEN 3 ELSE 4 END)";

struct SortInfo
{
    TaskSortColumn column;
    const char *name;
    const char *expression;
};

// Enumerations sort by rank; the CASE texts match the schema's CHECK lists.
constexpr SortInfo kSorts[] = {
    {TaskSortColumn::Id, "id", "id"},
    {TaskSortColumn::Title, "title", "title"},
    {TaskSortColumn::ComponentArea, "component", "component_area"},
    {TaskSortColumn::Phase, "phase", "phase"},
    {TaskSortColumn::Priority, "priority", kPriorityRank},
    {TaskSortColumn::Complexity, "complexity",
     "(CASE complexity WHEN 'simple' THEN 1 WHEN 'medium' THEN 2 WHEN 'complex' THEN 3 ELSE 4 END)"},
    {TaskSortColumn::WorkStatus, "status",
     "(CASE status WHEN 'not_started' THEN 1 WHEN 'in_progress' THEN 2 WHEN 'blocked' THEN 3 "
     "WHEN 'completed' THEN 4 ELSE 5 END)"},
    {TaskSortColumn::Hours, "hours", "time_estimate_hours"},
    {TaskSortColumn::CreatedAt, "created", "created_at"},
    {TaskSortColumn::UpdatedAt, "updated", "updated_at"},
};

const SortInfo &sortInfo(TaskSortColumn column)
{
    for (const SortInfo &s : kSorts) {
        if (s.column == column) {
            return s;
        }
    }
    return kSorts[0];
}

// WHERE clause for a filter; values are bound, never spliced.
QString whereClause(const TaskFilter &filter, QVariantList &binds)
{
    QStringList conditions;
    if (filter.status) {
        conditions << QStringLiteral("status = ?");
        binds << core::toString(*filter.status);
    }
    if (filter.phase) {
        conditions << QStringLiteral("phase = ?");
        binds << *filter.phase;
    }
    if (filter.componentArea) {
        conditions << QStringLiteral("component_area = ?");
        binds << *filter.componentArea;
    }
    if (filter.priority) {
        conditions << QStringLiteral("priority = ?");
        binds << core::toString(*filter.priority);
    }
    if (!filter.search.isEmpty()) {
        conditions << QStringLiteral("(taskorch_contains(title, ?) OR taskorch_contains(description, ?))");
        binds << filter.search << filter.search;
    }
    if (filter.parentTaskId) {
        conditions << QStringLiteral("parent_task_id = ?");
        binds << *filter.parentTaskId;
    }
    return conditions.isEmpty() ? QString() : QStringLiteral(" WHERE ") + conditions.join(QStringLiteral(" AND "));
}

QVariant sortValueOf(const Task &task, TaskSortColumn sort)
{
    switch (sort) {
    case TaskSortColumn::Id:
        return task.id;
    case TaskSortColumn::Title:
        return task.title;
    case TaskSortColumn::ComponentArea:
        return task.componentArea;
    case TaskSortColumn::Phase:
        return task.phase;
    case TaskSortColumn::Priority:
        return core::ordinal(task.priority);
    case TaskSortColumn::Complexity:
        return int(task.complexity) + 1;
    case TaskSortColumn::WorkStatus:
        return int(task.status) + 1;
    case TaskSortColumn::Hours:
        return task.timeEstimateHours;
    case TaskSortColumn::CreatedAt:
        return core::Timestamp::format(task.createdAt);
    case TaskSortColumn::UpdatedAt:
        return core::Timestamp::format(task.updatedAt);
    }
    return {};
}

} // namespace

QString priorityRankSql(const QString &column)
{
    return QString::fromLatin1(kPriorityRank).replace(QLatin1String("CASE priority"), QStringLiteral("CASE ") + column);
}

std::optional<TaskSortColumn> sortColumnFromString(QStringView text)
{
    for (const SortInfo &s : kSorts) {
        if (text == QLatin1StringView(s.name)) {
            return s.column;
        }
    }
    return std::nullopt;
}

QStringList sortColumnNames()
{
    QStringList names;
    for (const SortInfo &s : kSorts) {
        names << QString::fromLatin1(s.name);
    }
    return names;
}

TaskRepository::TaskRepository(Database &db) : m_db(db), m_store(db) {}

TaskCursor TaskRepository::cursorAfter(const Task &task, TaskSortColumn sort)
{
    return {sortValueOf(task, sort), task.id};
}

QString TaskRepository::listQuery(const TaskListRequest &request, QVariantList &binds) const
{
    QString where = whereClause(request.filter, binds);
    const QString expr = QString::fromLatin1(sortInfo(request.sort).expression);
    const QString cmp = request.descending ? QStringLiteral("<") : QStringLiteral(">");
    if (request.after) {
        // A row-value comparison lets SQLite seek in the sort index (migration 0004) instead of scanning.
        const QString keyset = request.sort == TaskSortColumn::Id ? QStringLiteral("id %1 ?").arg(cmp)
                                                                  : QStringLiteral("(%1, id) %2 (?, ?)").arg(expr, cmp);
        where += (where.isEmpty() ? QStringLiteral(" WHERE ") : QStringLiteral(" AND ")) + keyset;
        if (request.sort != TaskSortColumn::Id) {
            binds << request.after->sortValue;
        }
        binds << request.after->id;
    }
    const QString direction = request.descending ? QStringLiteral(" DESC") : QString();
    QString sql = QStringLiteral("SELECT %1 FROM tasks%2 ORDER BY ").arg(m_store.selectColumns(), where);
    sql += request.sort == TaskSortColumn::Id ? QStringLiteral("id") + direction
                                              : expr + direction + QStringLiteral(", id") + direction;
    if (request.limit > 0) {
        sql += QStringLiteral(" LIMIT %1").arg(request.limit);
    }
    return sql;
}

Result<QList<Task>> TaskRepository::list(const TaskListRequest &request)
{
    QVariantList binds;
    const QString sql = listQuery(request, binds);
    return m_store.select(sql, binds);
}

Result<qint64> TaskRepository::count(const TaskFilter &filter)
{
    QVariantList binds;
    QSqlQuery q(m_db.connection());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT count(*) FROM tasks") + whereClause(filter, binds));
    for (int i = 0; i < binds.size(); ++i) {
        q.bindValue(i, binds[i]);
    }
    if (!q.exec() || !q.next()) {
        return m_store.failure(q, QStringLiteral("cannot count tasks"));
    }
    return q.value(0).toLongLong();
}

Result<QList<Task>> TaskRepository::children(qint64 parentId)
{
    return m_store.select(
        QStringLiteral("SELECT %1 FROM tasks WHERE parent_task_id = ? ORDER BY id").arg(m_store.selectColumns()),
        {parentId});
}

namespace {

const char kHeadlineColumns[] = "SELECT id, title, phase, component_area, status FROM tasks";

/// Appends the headline rows of an executed query.
bool readHeadlines(QSqlQuery &q, QList<TaskHeadline> &out)
{
    while (q.next()) {
        TaskHeadline h;
        h.id = q.value(0).toLongLong();
        h.title = q.value(1).toString();
        h.phase = q.value(2).toInt();
        h.componentArea = q.value(3).toString();
        // The schema's CHECK constraint admits only known spellings.
        h.status = core::fromString<core::TaskStatus>(q.value(4).toString()).value_or(core::TaskStatus::NotStarted);
        out.append(std::move(h));
    }
    return !q.lastError().isValid();
}

} // namespace

Result<QList<TaskHeadline>> TaskRepository::headlines()
{
    QSqlQuery q(m_db.connection());
    q.setForwardOnly(true);
    QList<TaskHeadline> out;
    if (!q.exec(QString::fromLatin1(kHeadlineColumns) + QStringLiteral(" ORDER BY id")) || !readHeadlines(q, out)) {
        return m_store.failure(q, QStringLiteral("cannot read the task titles"));
    }
    return out;
}

Result<QList<TaskHeadline>> TaskRepository::headlines(const QList<qint64> &ids)
{
    QList<qint64> sorted = ids;
    std::sort(sorted.begin(), sorted.end());
    sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
    QList<TaskHeadline> out;
    // In chunks: SQLite limits the number of bound parameters of one statement.
    constexpr qsizetype kChunk = 500;
    for (qsizetype from = 0; from < sorted.size(); from += kChunk) {
        const qsizetype n = std::min(kChunk, sorted.size() - from);
        QSqlQuery q(m_db.connection());
        q.setForwardOnly(true);
        q.prepare(QString::fromLatin1(kHeadlineColumns) +
                  QStringLiteral(" WHERE id IN (%1) ORDER BY id").arg(QStringList(n, QStringLiteral("?")).join(u',')));
        for (qsizetype i = 0; i < n; ++i) {
            q.bindValue(int(i), sorted[from + i]);
        }
        if (!q.exec() || !readHeadlines(q, out)) {
            return m_store.failure(q, QStringLiteral("cannot read the task titles"));
        }
    }
    return out;
}

Status TaskRepository::insertMany(QList<Task> &tasks)
{
    const core::EntitySpec &spec = Task::spec();
    const QStringList columns = spec.columnNames(false);
    const QByteArray sql = QStringLiteral("INSERT INTO tasks (%1) VALUES (%2)")
                               .arg(columns.join(QStringLiteral(", ")),
                                    QStringList(columns.size(), QStringLiteral("?")).join(QStringLiteral(", ")))
                               .toUtf8();
    sqlite3 *h = m_db.handle();
    sqlite3_stmt *stmt = nullptr;
    if (sqlite3_prepare_v3(h, sql.constData(), int(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) !=
        SQLITE_OK) {
        return storageError(QStringLiteral("cannot prepare the task insert"), QString::fromUtf8(sqlite3_errmsg(h)));
    }
    const QString now = core::Timestamp::format(core::Clock::now());
    auto bindText = [stmt](int i, const QString &s) {
        sqlite3_bind_text16(stmt, i, s.utf16(), int(s.size() * 2), SQLITE_STATIC);
    };
    auto bindOptional = [&](int i, const std::optional<QString> &s) {
        if (s) {
            bindText(i, *s);
        } else {
            sqlite3_bind_null(stmt, i);
        }
    };
    Status result;
    for (Task &t : tasks) {
        if (const auto errors = t.validate(); !errors.isEmpty()) {
            result =
                makeError(ErrorCode::Invalid, QStringLiteral("task \"%1\": %2").arg(t.title, core::describe(errors)));
            break;
        }
        const QString created = t.createdAt.isValid() ? core::Timestamp::format(t.createdAt) : now;
        const QString updated = t.updatedAt.isValid() ? core::Timestamp::format(t.updatedAt) : now;
        const QString priority = core::toString(t.priority);
        const QString complexity = core::toString(t.complexity);
        const QString status = core::toString(t.status);
        bindText(1, t.title);
        bindOptional(2, t.description);
        bindText(3, t.componentArea);
        sqlite3_bind_int(stmt, 4, t.phase);
        bindText(5, priority);
        bindText(6, complexity);
        bindText(7, status);
        bindText(8, t.sourceDocument);
        bindOptional(9, t.successCriteria);
        sqlite3_bind_double(stmt, 10, t.timeEstimateHours);
        if (t.parentTaskId) {
            sqlite3_bind_int64(stmt, 11, *t.parentTaskId);
        } else {
            sqlite3_bind_null(stmt, 11);
        }
        bindText(12, created);
        bindText(13, updated);
        const int rc = sqlite3_step(stmt);
        sqlite3_reset(stmt);
        if (rc == SQLITE_CONSTRAINT || (rc & 0xff) == SQLITE_CONSTRAINT) {
            result = makeError(ErrorCode::Invalid,
                               QStringLiteral("cannot save task \"%1\": %2")
                                   .arg(t.title, Database::describeSqliteError(sqlite3_extended_errcode(h))),
                               QString::fromUtf8(sqlite3_errmsg(h)));
            break;
        }
        if (rc != SQLITE_DONE) {
            result = storageError(QStringLiteral("cannot save task \"%1\": %2")
                                      .arg(t.title, Database::describeSqliteError(sqlite3_extended_errcode(h))),
                                  QString::fromUtf8(sqlite3_errmsg(h)));
            break;
        }
        t.id = sqlite3_last_insert_rowid(h);
    }
    sqlite3_finalize(stmt);
    return result;
}

} // namespace taskorch::storage
