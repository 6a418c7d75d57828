// SPDX-License-Identifier: GPL-3.0-or-later
#include "LegacyFile.h"

#include <QDateTime>
#include <QFile>
#include <QTimeZone>

#include <sqlite3.h>

#include <random>

namespace taskorch::test {

namespace {

const char *const kSchema = R"SQL(
PRAGMA journal_mode = DELETE;
CREATE TABLE tasks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    title TEXT NOT NULL,
    description TEXT,
    component_area TEXT NOT NULL,
    phase INTEGER DEFAULT 1,
    priority TEXT DEFAULT 'Medium',
    complexity TEXT DEFAULT 'Medium',
    status TEXT DEFAULT 'not_started',
    source_document TEXT,
    success_criteria TEXT,
    time_estimate_hours REAL DEFAULT 1.0,
    parent_task_id INTEGER REFERENCES tasks(id),
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);
CREATE TABLE task_dependencies (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    task_id INTEGER NOT NULL REFERENCES tasks(id),
    depends_on_task_id INTEGER NOT NULL REFERENCES tasks(id),
    dependency_type TEXT DEFAULT 'blocks',
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);
CREATE TABLE task_progress (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    task_id INTEGER NOT NULL REFERENCES tasks(id),
    progress_percentage INTEGER,
    notes TEXT,
    updated_by TEXT DEFAULT 'system',
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);
CREATE TABLE task_comments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    task_id INTEGER NOT NULL REFERENCES tasks(id),
    comment TEXT NOT NULL,
    comment_type TEXT DEFAULT 'note',
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX idx_tasks_status ON tasks(status);
CREATE INDEX idx_deps_task ON task_dependencies(task_id);
CREATE INDEX idx_progress_task ON task_progress(task_id);
)SQL";

const char *const kPriorities[] = {"Low", "Medium", "High", "Critical", "medium"};
const char *const kComplexities[] = {"Simple", "Medium", "Complex", "Expert", "low", "high"};
const char *const kStatuses[] = {"not_started", "in_progress", "completed", "blocked", "done", "pending_review"};
const char *const kComponents[] = {"storage", "cli", "gui", "scheduler", "import", "reports", "docs", "packaging"};

/// Prepared statement that resets itself after each step.
class Statement
{
public:
    Statement(sqlite3 *db, const char *sql) { sqlite3_prepare_v2(db, sql, -1, &m_stmt, nullptr); }
    ~Statement() { sqlite3_finalize(m_stmt); }
    Statement(const Statement &) = delete;
    Statement &operator=(const Statement &) = delete;

    bool valid() const { return m_stmt != nullptr; }
    Statement &bind(int index, qint64 value)
    {
        sqlite3_bind_int64(m_stmt, index, value);
        return *this;
    }
    Statement &bind(int index, double value)
    {
        sqlite3_bind_double(m_stmt, index, value);
        return *this;
    }
    Statement &bind(int index, const QByteArray &text)
    {
        sqlite3_bind_text(m_stmt, index, text.constData(), int(text.size()), SQLITE_TRANSIENT);
        return *this;
    }
    bool step()
    {
        const bool ok = sqlite3_step(m_stmt) == SQLITE_DONE;
        sqlite3_reset(m_stmt);
        sqlite3_clear_bindings(m_stmt);
        return ok;
    }

private:
    sqlite3_stmt *m_stmt = nullptr;
};

QByteArray legacyTime(qint64 secondsAfterStart)
{
    static const QDateTime start(QDate(2024, 3, 1), QTime(9, 0), QTimeZone::utc());
    return start.addSecs(secondsAfterStart).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")).toLatin1();
}

} // namespace

LegacyFileCounts writeLegacyGenerationA(const QString &path, qint64 tasks, quint64 seed, QString *error)
{
    LegacyFileCounts counts;
    QFile::remove(path);
    sqlite3 *db = nullptr;
    auto fail = [&](const QString &what) {
        if (error) {
            *error = QStringLiteral("%1: %2").arg(what, QString::fromUtf8(sqlite3_errmsg(db)));
        }
        sqlite3_close(db);
        counts.tasks = -1;
        return counts;
    };
    if (sqlite3_open(QFile::encodeName(path).constData(), &db) != SQLITE_OK) {
        return fail(QStringLiteral("cannot create %1").arg(path));
    }
    if (sqlite3_exec(db, kSchema, nullptr, nullptr, nullptr) != SQLITE_OK ||
        sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK) {
        return fail(QStringLiteral("cannot write the legacy schema"));
    }
    {
        Statement task(db, "INSERT INTO tasks (id, title, description, component_area, phase, priority, complexity,"
                           " status, source_document, time_estimate_hours, created_at, updated_at)"
                           " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'ROADMAP.md', ?, ?, ?)");
        Statement dependency(db, "INSERT INTO task_dependencies (task_id, depends_on_task_id, dependency_type,"
                                 " created_at) VALUES (?, ?, ?, ?)");
        Statement progress(db, "INSERT INTO task_progress (task_id, progress_percentage, notes, created_at)"
                               " VALUES (?, ?, ?, ?)");
        Statement comment(db, "INSERT INTO task_comments (task_id, comment, comment_type, created_at)"
                              " VALUES (?, ?, 'note', ?)");
        if (!task.valid() || !dependency.valid() || !progress.valid() || !comment.valid()) {
            return fail(QStringLiteral("cannot prepare the legacy inserts"));
        }
        std::mt19937_64 rng(seed);
        auto pick = [&rng](qint64 n) { return qint64(rng() % quint64(n)); };
        bool ok = true;
        for (qint64 id = 1; ok && id <= tasks; ++id) {
            const QByteArray created = legacyTime(id * 37);
            const QByteArray updated = legacyTime(id * 37 + 600 + pick(3600));
            const char *status = kStatuses[pick(100) < 97 ? pick(4) : 4 + pick(2)];
            ok = task.bind(1, id)
                     .bind(2, QByteArrayLiteral("Legacy task ") + QByteArray::number(id))
                     .bind(3, QByteArrayLiteral("Imported from the old tracker, row ") + QByteArray::number(id))
                     .bind(4, QByteArray(kComponents[pick(8)]))
                     .bind(5, qint64(1 + (id - 1) * 4 / tasks))
                     .bind(6, QByteArray(kPriorities[pick(5)]))
                     .bind(7, QByteArray(kComplexities[pick(6)]))
                     .bind(8, QByteArray(status))
                     .bind(9, double(1 + pick(16)) / 2.0)
                     .bind(10, created)
                     .bind(11, updated)
                     .step();
            ++counts.tasks;
            // Up to two prerequisites among the previous 50 tasks: a DAG, like a real plan.
            const qint64 prerequisites = id > 2 ? pick(3) : 0;
            qint64 previous = 0;
            for (qint64 k = 0; ok && k < prerequisites; ++k) {
                qint64 on = id - 1 - pick(qMin<qint64>(50, id - 1));
                if (on == previous) {
                    continue;
                }
                previous = on;
                ok = dependency.bind(1, id).bind(2, on).bind(3, QByteArray("blocks")).bind(4, created).step();
                ++counts.dependencies;
            }
            const qint64 percentage = qstrcmp(status, "completed") == 0 ? 100 : pick(4) * 25;
            ok = ok &&
                 progress.bind(1, id).bind(2, qint64(0)).bind(3, QByteArray("Task created")).bind(4, created).step();
            ++counts.progress;
            if (percentage > 0) {
                ok = ok && progress.bind(1, id)
                               .bind(2, percentage)
                               .bind(3, QByteArray("Status update"))
                               .bind(4, updated)
                               .step();
                ++counts.progress;
            }
            if (pick(3) == 0) {
                ok = ok && comment.bind(1, id)
                               .bind(2, QByteArrayLiteral("Legacy note on task ") + QByteArray::number(id))
                               .bind(3, updated)
                               .step();
                ++counts.comments;
            }
        }
        // Hazards the importer must survive: an orphan, a self-dependency and a duplicate pair.
        if (ok && tasks > 3) {
            ok = dependency.bind(1, tasks)
                     .bind(2, tasks + 1000)
                     .bind(3, QByteArray("blocks"))
                     .bind(4, legacyTime(0))
                     .step() &&
                 dependency.bind(1, qint64(3))
                     .bind(2, qint64(3))
                     .bind(3, QByteArray("blocks"))
                     .bind(4, legacyTime(0))
                     .step() &&
                 dependency.bind(1, qint64(3))
                     .bind(2, qint64(1))
                     .bind(3, QByteArray("requires"))
                     .bind(4, legacyTime(1))
                     .step() &&
                 dependency.bind(1, qint64(3))
                     .bind(2, qint64(1))
                     .bind(3, QByteArray("blocks"))
                     .bind(4, legacyTime(2))
                     .step();
            counts.dependencies += 4;
        }
        if (!ok) {
            return fail(QStringLiteral("cannot write the legacy rows"));
        }
    }
    if (sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) {
        return fail(QStringLiteral("cannot commit the legacy rows"));
    }
    sqlite3_close(db);
    return counts;
}

} // namespace taskorch::test
