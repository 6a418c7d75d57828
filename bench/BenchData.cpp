// SPDX-License-Identifier: GPL-3.0-or-later
#include "BenchData.h"

#include <sqlite3.h>

#include <array>
#include <cstdio>
#include <ctime>
#include <random>

namespace taskorch::bench {

namespace {

constexpr std::array<double, 6> kHours{0.25, 0.5, 1.0, 2.0, 4.0, 8.0};
constexpr std::int64_t kEpoch2025 = 1735689600; // 2025-01-01T00:00:00Z

const char *const kVerbs[] = {"Implement", "Design",  "Test",    "Document", "Refactor",
                              "Review",    "Migrate", "Profile", "Harden",   "Integrate"};
const char *const kObjects[] = {"schema", "cache layer",   "login flow", "export",       "importer",   "scheduler",
                                "report", "settings page", "API client", "search index", "backup job", "audit log"};

std::string formatTime(std::int64_t seconds, bool canonical)
{
    const std::time_t t = std::time_t(kEpoch2025 + seconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buffer[96];
    if (canonical) {
        std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                      tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, int(seconds % 1000));
    } else {
        std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d %02d:%02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1,
                      tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
    }
    return buffer;
}

/// `count` distinct prerequisites of task index i (0-based) within the previous `window` tasks, as 0-based indexes.
template <typename Rng> int pickPrerequisites(std::int64_t i, int count, int window, Rng &rng, std::int64_t *out)
{
    const std::int64_t lo = std::max<std::int64_t>(0, i - window);
    const std::int64_t span = i - lo;
    count = int(std::min<std::int64_t>(count, span));
    int picked = 0;
    while (picked < count) {
        const std::int64_t candidate = lo + std::int64_t(rng() % std::uint64_t(span));
        bool duplicate = false;
        for (int k = 0; k < picked; ++k) {
            duplicate = duplicate || out[k] == candidate;
        }
        if (!duplicate) {
            out[picked++] = candidate;
        }
    }
    return picked;
}

} // namespace

const std::vector<std::string> &componentNames()
{
    static const std::vector<std::string> names{
        "Database",   "Testing", "UI",      "Services",  "Security",    "Documentation", "Architecture",
        "Navigation", "Styling", "Forms",   "Analytics", "Export",      "Search",        "Filtering",
        "Scheduling", "Import",  "Reports", "Settings",  "Performance", "Deployment"};
    return names;
}

const char *priorityName(int ordinal)
{
    static const char *const names[] = {"low", "medium", "high", "critical"};
    return names[ordinal];
}
const char *complexityName(int ordinal)
{
    static const char *const names[] = {"simple", "medium", "complex", "expert"};
    return names[ordinal];
}
const char *statusName(int ordinal)
{
    static const char *const names[] = {"not_started", "in_progress", "blocked", "completed", "failed"};
    return names[ordinal];
}
const char *commentTypeName(int ordinal)
{
    static const char *const names[] = {"note", "decision", "blocker", "solution"};
    return names[ordinal];
}

std::string canonicalTimestamp(std::int64_t seconds)
{
    return formatTime(seconds, true);
}

Dataset generateDataset(std::int64_t n, std::uint64_t seed, int window)
{
    std::mt19937_64 rng(seed);
    Dataset d;
    d.tasks.reserve(size_t(n));
    d.dependencies.reserve(size_t(n) * 3 / 2 + 16);
    d.progress.reserve(size_t(n) * 3 / 2 + 16);
    d.comments.reserve(size_t(n) * 3 / 10 + 16);
    const auto components = std::int64_t(componentNames().size());
    std::int64_t prerequisites[3];
    for (std::int64_t i = 0; i < n; ++i) {
        GenTask t;
        const std::int64_t id = i + 1;
        t.component = int(rng() % std::uint64_t(components));
        t.phase = int(1 + (i * 4) / n);
        t.title = std::string(kVerbs[rng() % std::size(kVerbs)]) + " " + kObjects[rng() % std::size(kObjects)] + " (" +
                  componentNames()[size_t(t.component)] + " #" + std::to_string(id) + ")";
        if (rng() % 10 < 7) {
            t.hasDescription = true;
            t.description = "Generated task " + std::to_string(id) + " of phase " + std::to_string(t.phase) +
                            ": acceptance covered by the component's test plan.";
        }
        const unsigned p = unsigned(rng() % 100);
        t.priority = p < 20 ? 0 : p < 65 ? 1 : p < 90 ? 2 : 3;
        t.complexity = int(rng() % 4);
        // Early tasks are mostly done, a band in the middle is in flight, the rest has not started.
        const double position = double(i) / double(n);
        const unsigned s = unsigned(rng() % 100);
        if (position < 0.3) {
            t.status = s < 90 ? 3 : s < 96 ? 1 : s < 99 ? 2 : 4;
        } else if (position < 0.4) {
            t.status = s < 30 ? 3 : s < 70 ? 1 : s < 85 ? 2 : s < 90 ? 4 : 0;
        } else {
            t.status = s < 2 ? 1 : s < 4 ? 2 : 0;
        }
        t.hours = kHours[rng() % kHours.size()];
        const std::int64_t created = i * 30 + std::int64_t(rng() % 30);
        t.createdAt = formatTime(created, true);
        t.updatedAt = formatTime(created + std::int64_t(rng() % 86400), true);

        const int count = pickPrerequisites(i, int(rng() % 4), window, rng, prerequisites);
        for (int k = 0; k < count; ++k) {
            d.dependencies.push_back({id, prerequisites[k] + 1});
        }
        d.progress.push_back({id, 0, "Task created", t.createdAt});
        if (t.status == 1 || t.status == 2) {
            d.progress.push_back({id, int(10 + rng() % 81), "Work in progress", t.updatedAt});
        } else if (t.status == 3) {
            d.progress.push_back({id, 100, "Done", t.updatedAt});
        }
        if (rng() % 10 < 3) {
            d.comments.push_back({id, "Comment on task " + std::to_string(id) + ", checked with the component owner.",
                                  int(rng() % 4), t.updatedAt});
        }
        d.tasks.push_back(std::move(t));
    }
    return d;
}

bool execSql(sqlite3 *db, const char *sql)
{
    char *error = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &error) != SQLITE_OK) {
        std::fprintf(stderr, "sqlite error: %s\n  in: %.200s\n", error ? error : "?", sql);
        sqlite3_free(error);
        return false;
    }
    return true;
}

LegacyCounts writeLegacyGenerationA(const std::string &path, const Dataset &data, std::uint64_t seed)
{
    static const char *const kTitlePriority[] = {"Low", "Medium", "High", "Critical"};
    static const char *const kTitleComplexity[] = {"Simple", "Medium", "Complex", "Expert"};
    LegacyCounts counts;
    std::remove(path.c_str());
    sqlite3 *db = nullptr;
    if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) {
        std::fprintf(stderr, "cannot create %s\n", path.c_str());
        sqlite3_close(db);
        counts.tasks = -1;
        return counts;
    }
    const char *ddl =
        "PRAGMA journal_mode=DELETE;"
        "CREATE TABLE tasks (id INTEGER PRIMARY KEY AUTOINCREMENT, title TEXT NOT NULL, description TEXT,"
        " component_area TEXT NOT NULL, phase INTEGER, priority TEXT DEFAULT 'Medium', complexity TEXT DEFAULT"
        " 'Medium', status TEXT DEFAULT 'not_started', source_document TEXT, success_criteria TEXT,"
        " time_estimate_hours REAL DEFAULT 1.0, parent_task_id INTEGER REFERENCES tasks(id),"
        " created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP, updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP);"
        "CREATE TABLE task_dependencies (id INTEGER PRIMARY KEY AUTOINCREMENT, task_id INTEGER NOT NULL REFERENCES"
        " tasks(id), depends_on_task_id INTEGER NOT NULL REFERENCES tasks(id), dependency_type TEXT DEFAULT 'blocks',"
        " created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP, UNIQUE(task_id, depends_on_task_id));"
        "CREATE TABLE task_progress (id INTEGER PRIMARY KEY AUTOINCREMENT, task_id INTEGER NOT NULL REFERENCES"
        " tasks(id), progress_percentage INTEGER, notes TEXT, updated_by TEXT DEFAULT 'system',"
        " created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP);"
        "CREATE TABLE task_comments (id INTEGER PRIMARY KEY AUTOINCREMENT, task_id INTEGER NOT NULL REFERENCES"
        " tasks(id), comment TEXT NOT NULL, comment_type TEXT DEFAULT 'note',"
        " created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP);"
        "BEGIN;";
    if (!execSql(db, ddl)) {
        sqlite3_close(db);
        counts.tasks = -1;
        return counts;
    }
    std::mt19937_64 rng(seed ^ 0xa5a5a5a5ULL);
    sqlite3_stmt *task = nullptr, *dep = nullptr, *progress = nullptr, *comment = nullptr;
    sqlite3_prepare_v2(db,
                       "INSERT INTO tasks (id, title, description, component_area, phase, priority, complexity, status,"
                       " source_document, success_criteria, time_estimate_hours, parent_task_id, created_at,"
                       " updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,NULL,?,?)",
                       -1, &task, nullptr);
    sqlite3_prepare_v2(db,
                       "INSERT INTO task_dependencies (task_id, depends_on_task_id, dependency_type, created_at)"
                       " VALUES (?,?,'blocks',?)",
                       -1, &dep, nullptr);
    sqlite3_prepare_v2(db,
                       "INSERT INTO task_progress (task_id, progress_percentage, notes, updated_by, created_at)"
                       " VALUES (?,?,?,'system',?)",
                       -1, &progress, nullptr);
    sqlite3_prepare_v2(db, "INSERT INTO task_comments (task_id, comment, comment_type, created_at) VALUES (?,?,?,?)",
                       -1, &comment, nullptr);
    bool ok = task && dep && progress && comment;
    const auto n = std::int64_t(data.tasks.size());
    std::int64_t prerequisites[3];
    for (std::int64_t i = 0; ok && i < n; ++i) {
        const GenTask &t = data.tasks[size_t(i)];
        const std::int64_t id = i + 1;
        const std::int64_t created = i * 30;
        const std::string createdText = formatTime(created, false);
        const std::string updatedText = formatTime(created + 3600, false);
        sqlite3_bind_int64(task, 1, id);
        sqlite3_bind_text(task, 2, t.title.c_str(), int(t.title.size()), SQLITE_STATIC);
        if (t.hasDescription) {
            sqlite3_bind_text(task, 3, t.description.c_str(), int(t.description.size()), SQLITE_STATIC);
        } else {
            sqlite3_bind_null(task, 3);
        }
        const std::string &area = componentNames()[size_t(t.component)];
        sqlite3_bind_text(task, 4, area.c_str(), int(area.size()), SQLITE_STATIC);
        sqlite3_bind_int(task, 5, t.phase);
        sqlite3_bind_text(task, 6, kTitlePriority[t.priority], -1, SQLITE_STATIC);
        sqlite3_bind_text(task, 7, kTitleComplexity[t.complexity], -1, SQLITE_STATIC);
        sqlite3_bind_text(task, 8, statusName(t.status), -1, SQLITE_STATIC);
        sqlite3_bind_text(task, 9, "ROADMAP.md", -1, SQLITE_STATIC);
        sqlite3_bind_null(task, 10);
        sqlite3_bind_double(task, 11, t.hours);
        sqlite3_bind_text(task, 12, createdText.c_str(), int(createdText.size()), SQLITE_TRANSIENT);
        sqlite3_bind_text(task, 13, updatedText.c_str(), int(updatedText.size()), SQLITE_TRANSIENT);
        ok = sqlite3_step(task) == SQLITE_DONE;
        sqlite3_reset(task);
        ++counts.tasks;

        const int count = pickPrerequisites(i, 2, 50, rng, prerequisites);
        for (int k = 0; ok && k < count; ++k) {
            sqlite3_bind_int64(dep, 1, id);
            sqlite3_bind_int64(dep, 2, prerequisites[k] + 1);
            sqlite3_bind_text(dep, 3, createdText.c_str(), int(createdText.size()), SQLITE_STATIC);
            ok = sqlite3_step(dep) == SQLITE_DONE;
            sqlite3_reset(dep);
            ++counts.dependencies;
        }
        const int percentage = t.status == 3 ? 100 : (t.status == 1 || t.status == 2) ? 25 : 0;
        sqlite3_bind_int64(progress, 1, id);
        sqlite3_bind_int(progress, 2, percentage);
        sqlite3_bind_text(progress, 3, "Status update", -1, SQLITE_STATIC);
        sqlite3_bind_text(progress, 4, updatedText.c_str(), int(updatedText.size()), SQLITE_STATIC);
        ok = ok && sqlite3_step(progress) == SQLITE_DONE;
        sqlite3_reset(progress);
        ++counts.progress;
        if (rng() % 10 < 3) {
            const std::string text = "Legacy note on task " + std::to_string(id);
            sqlite3_bind_int64(comment, 1, id);
            sqlite3_bind_text(comment, 2, text.c_str(), int(text.size()), SQLITE_TRANSIENT);
            sqlite3_bind_text(comment, 3, "note", -1, SQLITE_STATIC);
            sqlite3_bind_text(comment, 4, updatedText.c_str(), int(updatedText.size()), SQLITE_STATIC);
            ok = ok && sqlite3_step(comment) == SQLITE_DONE;
            sqlite3_reset(comment);
            ++counts.comments;
        }
    }
    if (!ok) {
        std::fprintf(stderr, "writing the legacy file failed: %s\n", sqlite3_errmsg(db));
    }
    for (sqlite3_stmt *s : {task, dep, progress, comment}) {
        sqlite3_finalize(s);
    }
    ok = ok && execSql(db, "COMMIT;"
                           "CREATE INDEX idx_tasks_component_area ON tasks(component_area);"
                           "CREATE INDEX idx_tasks_phase ON tasks(phase);"
                           "CREATE INDEX idx_tasks_status ON tasks(status);"
                           "CREATE INDEX idx_tasks_priority ON tasks(priority);"
                           "CREATE INDEX idx_tasks_parent ON tasks(parent_task_id);"
                           "CREATE INDEX idx_deps_task ON task_dependencies(task_id);"
                           "CREATE INDEX idx_deps_on ON task_dependencies(depends_on_task_id);"
                           "CREATE INDEX idx_progress_task ON task_progress(task_id);"
                           "CREATE INDEX idx_progress_created ON task_progress(created_at);"
                           "CREATE INDEX idx_comments_task ON task_comments(task_id);"
                           "CREATE INDEX idx_comments_created ON task_comments(created_at);");
    sqlite3_close(db);
    if (!ok) {
        counts.tasks = -1;
    }
    return counts;
}

void generateScheduleNetwork(std::int64_t n, int edgesPerTask, std::uint64_t seed, QList<core::ScheduleTask> &tasks,
                             QList<core::ScheduleLink> &links, int window)
{
    std::mt19937_64 rng(seed);
    tasks.clear();
    links.clear();
    tasks.reserve(qsizetype(n));
    links.reserve(qsizetype(n) * (edgesPerTask < 0 ? 2 : edgesPerTask));
    std::int64_t prerequisites[8];
    for (std::int64_t i = 0; i < n; ++i) {
        tasks.append({i + 1, core::hoursToMinutes(kHours[rng() % kHours.size()])});
        const int want = edgesPerTask < 0 ? int(rng() % 4) : std::min(edgesPerTask, 8);
        const int count = pickPrerequisites(i, want, window, rng, prerequisites);
        for (int k = 0; k < count; ++k) {
            core::ScheduleLink link;
            link.predecessorId = prerequisites[k] + 1;
            link.successorId = i + 1;
            links.append(link);
        }
    }
}

} // namespace taskorch::bench
