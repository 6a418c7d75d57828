// SPDX-License-Identifier: GPL-3.0-or-later
#include "DemoProject.h"

#include "Timestamp.h"
#include "Transaction.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QTimeZone>

#include <iterator>

namespace taskorch::storage {

using core::CommentType;
using core::Complexity;
using core::DependencyType;
using core::Priority;
using core::TaskStatus;

namespace {

struct DemoTask
{
    const char *title;
    const char *component;
    int phase;
    Priority priority;
    Complexity complexity;
    double hours;
    int parent; // demo number (1-based) or 0
    const char *description;
};

// Numbered 1..40 in this order; on a fresh database the ids equal these numbers.
const DemoTask kTasks[] = {
    {"Install modern UI dependencies", "environment", 1, Priority::High, Complexity::Simple, 2, 0,
     "Pin the UI toolkit and its plugins in the lock file."},
    {"Create UI architecture directory structure", "architecture", 1, Priority::High, Complexity::Simple, 1, 0,
     "pages/, components/, services/, state/ with an __init__ each."},
    {"Set up CSS theme system", "ui", 1, Priority::Medium, Complexity::Medium, 3, 0, nullptr},
    {"Configure API key management", "configuration", 1, Priority::Critical, Complexity::Medium, 2, 0,
     "Keys from the environment or the OS keyring, never from the repository."},
    {"Create development environment setup", "environment", 1, Priority::High, Complexity::Simple, 1.5, 0, nullptr},
    {"Design database schema", "database", 1, Priority::Critical, Complexity::Complex, 6, 0,
     "Tables, indexes and constraints for jobs, companies and applications."},
    {"Implement schema migration", "database", 1, Priority::High, Complexity::Complex, 8, 0, nullptr},
    {"Create session state manager", "state_management", 1, Priority::High, Complexity::Medium, 4, 0, nullptr},
    {"Build navigation shell", "navigation", 1, Priority::Medium, Complexity::Medium, 3, 0, nullptr},
    {"Write core service layer", "services", 1, Priority::Critical, Complexity::Complex, 10, 0,
     "Job, company and application services over the repositories."},
    {"Job card component", "components", 2, Priority::High, Complexity::Medium, 4, 0, nullptr},
    {"Company page", "ui", 2, Priority::Medium, Complexity::Medium, 5, 0, nullptr},
    {"Progress tracking widget", "progress", 2, Priority::Medium, Complexity::Simple, 3, 0, nullptr},
    {"Background scraping worker", "background", 2, Priority::Critical, Complexity::Expert, 12, 0,
     "Runs scrapes off the UI thread and reports progress."},
    {"Notification toasts", "ui", 2, Priority::Low, Complexity::Simple, 1.5, 0, nullptr},
    {"Form validation rules", "forms", 2, Priority::Medium, Complexity::Medium, 3, 0, nullptr},
    {"Responsive layout grid", "layout", 2, Priority::Medium, Complexity::Medium, 4, 0, nullptr},
    {"Settings page", "ui", 2, Priority::Low, Complexity::Simple, 2, 0, nullptr},
    {"Scraper retry policy", "scraper", 2, Priority::High, Complexity::Complex, 6, 0,
     "Back-off with jitter; give up after five attempts."},
    {"Cache scraped results", "performance", 2, Priority::Medium, Complexity::Medium, 4, 0, nullptr},
    {"Analytics dashboard", "analytics", 3, Priority::High, Complexity::Complex, 8, 0, nullptr},
    {"Salary trend charts", "analytics", 3, Priority::Medium, Complexity::Medium, 5, 21, nullptr},
    {"CSV and Excel export", "export", 3, Priority::Medium, Complexity::Simple, 3, 0, nullptr},
    {"Full-text search", "search", 3, Priority::High, Complexity::Complex, 7, 0, nullptr},
    {"Advanced filters panel", "filtering", 3, Priority::Medium, Complexity::Medium, 5, 0, nullptr},
    {"Saved searches", "search", 3, Priority::Low, Complexity::Simple, 2, 24, nullptr},
    {"Application tracker board", "applications", 3, Priority::High, Complexity::Complex, 9, 0, nullptr},
    {"Interview scheduler", "applications", 3, Priority::Medium, Complexity::Medium, 4, 27, nullptr},
    {"LLM job summaries", "llm", 3, Priority::Critical, Complexity::Expert, 10, 0,
     "Summarise each posting in three bullet points."},
    {"Skill match scoring", "llm", 3, Priority::High, Complexity::Complex, 6, 0, nullptr},
    {"Unit test suite", "testing", 4, Priority::High, Complexity::Medium, 8, 0, nullptr},
    {"Integration tests", "testing", 4, Priority::High, Complexity::Complex, 6, 0, nullptr},
    {"End-to-end UI tests", "testing", 4, Priority::Medium, Complexity::Complex, 6, 0, nullptr},
    {"Performance profiling", "performance", 4, Priority::Medium, Complexity::Medium, 4, 0, nullptr},
    {"Accessibility review", "ui", 4, Priority::Medium, Complexity::Medium, 3, 0, nullptr},
    {"Security audit", "security", 4, Priority::Critical, Complexity::Complex, 5, 0, nullptr},
    {"User guide", "documentation", 4, Priority::Medium, Complexity::Simple, 4, 0, nullptr},
    {"API reference", "documentation", 4, Priority::Low, Complexity::Simple, 3, 37, nullptr},
    {"Release packaging", "environment", 4, Priority::High, Complexity::Medium, 3, 0, nullptr},
    {"Launch checklist", "documentation", 4, Priority::Critical, Complexity::Simple, 1, 0, nullptr},
};

struct DemoLink
{
    int task;
    int prerequisite;
    DependencyType type;
};

constexpr DependencyType B = DependencyType::Blocks;
constexpr DependencyType R = DependencyType::Requires;
constexpr DependencyType E = DependencyType::Enhances;

// Two chains (environment 1→5→4 and database 2→6→7) join at the service layer (10); 10 fans out to 11 and 13,
// which join again at 17 (a diamond). The long chain 1→2→6→7→10→14→19→20→24→25→31→32→33→39→40 is critical.
const DemoLink kLinks[] = {
    {2, 1, B},   {5, 1, B},   {3, 2, B},   {4, 5, B},   {6, 2, B},   {7, 6, B},   {8, 2, B},   {9, 8, B},   {9, 3, B},
    {10, 7, B},  {10, 4, R},  {11, 10, B}, {13, 10, B}, {17, 11, B}, {17, 13, B}, {14, 10, B}, {19, 14, B}, {20, 19, B},
    {15, 9, B},  {16, 9, B},  {18, 4, B},  {12, 11, B}, {21, 20, B}, {22, 21, B}, {23, 21, B}, {24, 20, B}, {25, 24, B},
    {26, 24, B}, {27, 12, B}, {27, 16, B}, {28, 27, B}, {29, 14, B}, {30, 29, B}, {31, 25, B}, {31, 27, B}, {32, 31, B},
    {33, 32, B}, {33, 17, B}, {34, 20, B}, {35, 17, B}, {36, 4, R},  {36, 24, B}, {37, 27, B}, {38, 37, B}, {39, 33, B},
    {39, 36, B}, {40, 39, B}, {40, 37, B}, {23, 22, E}, {30, 24, E}, {15, 13, E},
};

struct DemoStatus
{
    int task;
    TaskStatus status;
    int percent;
    const char *notes;
};

const DemoStatus kStatuses[] = {
    {1, TaskStatus::Completed, 100, "Dependencies pinned"},
    {2, TaskStatus::Completed, 100, nullptr},
    {3, TaskStatus::Completed, 100, nullptr},
    {5, TaskStatus::Completed, 100, nullptr},
    {4, TaskStatus::Completed, 100, "Keys read from the keyring"},
    {6, TaskStatus::Completed, 100, nullptr},
    {7, TaskStatus::InProgress, 25, "Tables created"},
    {7, TaskStatus::InProgress, 60, "Indexes and constraints done"},
    {8, TaskStatus::Completed, 100, "State kept per session"},
    {14, TaskStatus::InProgress, 20, "Worker skeleton"},
    {19, TaskStatus::Blocked, 40, "Waiting for the worker's error API"},
    {29, TaskStatus::Failed, 10, "Model output too inconsistent"},
};

// The demo's history reads like three weeks of work, so its burn-up has a shape: tasks are created phase by phase
// and the status changes of kStatuses follow over the days after (the timestamps the service wrote at load time are
// moved back in the same transaction). Days before today, relative to Clock::now(): a fresh demo ends yesterday.
constexpr int kCreatedDaysAgo[] = {0, 24, 20, 14, 9};                         // by phase (1–4)
constexpr int kStatusDaysAgo[] = {22, 21, 19, 18, 16, 14, 12, 8, 7, 5, 3, 1}; // one per kStatuses entry
static_assert(std::size(kStatusDaysAgo) == std::size(kStatuses));

const auto kDemoProgressRows = QStringLiteral("SELECT id, task_id FROM task_progress ORDER BY id");
const auto kDemoCommentRows = QStringLiteral("SELECT id FROM task_comments ORDER BY id");
const auto kBackdateTask = QStringLiteral("UPDATE tasks SET created_at = ?, updated_at = ? WHERE id = ?");
const auto kBackdateProgress = QStringLiteral("UPDATE task_progress SET created_at = ? WHERE id = ?");
const auto kBackdateComment = QStringLiteral("UPDATE task_comments SET created_at = ? WHERE id = ?");

struct DemoComment
{
    int task;
    CommentType type;
    const char *text;
};

const DemoComment kComments[] = {
    {6, CommentType::Decision, "Use SQLite with WAL: one writer, many readers is enough for a desktop app."},
    {7, CommentType::Note, "Migration files are embedded as resources and checksummed."},
    {19, CommentType::Blocker, "The worker does not yet say whether a failure is retryable."},
    {19, CommentType::Note, "Proposed: an error enum with a retryable flag."},
    {29, CommentType::Blocker, "Summaries differ run to run for the same posting."},
    {4, CommentType::Solution, "Read keys from the OS keyring, fall back to environment variables."},
    {10, CommentType::Decision, "Services take repositories by reference so tests can pass fakes."},
};
constexpr int kCommentDaysAgo[] = {15, 10, 3, 3, 2, 16, 20}; // one per kComments entry
static_assert(std::size(kCommentDaysAgo) == std::size(kComments));

/// `daysAgo` days before `today` at `hour`:`minute` UTC.
QDateTime dayTime(const QDate &today, int daysAgo, int hour, int minute)
{
    return QDateTime(today.addDays(-daysAgo), QTime(hour, 0).addSecs(minute * 60), QTimeZone::utc());
}

/// Moves the demo's timestamps (written at load time) back over the past weeks; see kCreatedDaysAgo.
Status backdate(Database &db, const QList<qint64> &ids)
{
    const QDate today = core::Clock::now().toUTC().date();
    const auto failed = [](const QSqlQuery &q) {
        return storageError(QStringLiteral("cannot date the demo project"), q.lastError().text());
    };
    // Task id → its creation time and the time of its last change.
    QHash<qint64, QDateTime> created;
    QHash<qint64, QDateTime> updated;
    for (int n = 1; n < ids.size(); ++n) {
        created.insert(ids[n], dayTime(today, kCreatedDaysAgo[kTasks[n - 1].phase], 9, n));
        updated.insert(ids[n], created.value(ids[n]));
    }
    // Each task's progress rows in id order: its creation row, then its kStatuses entries in order.
    QHash<qint64, QList<int>> statusesOf;
    for (int i = 0; i < int(std::size(kStatuses)); ++i) {
        statusesOf[ids.at(kStatuses[i].task)].append(i);
    }
    QSqlQuery rows(db.connection());
    rows.setForwardOnly(true);
    if (!rows.exec(kDemoProgressRows)) {
        return failed(rows);
    }
    QList<std::pair<qint64, QDateTime>> progressTimes;
    QHash<qint64, int> seen;
    while (rows.next()) {
        const qint64 task = rows.value(1).toLongLong();
        const int k = seen[task]++;
        QDateTime at = created.value(task);
        if (k > 0 && k <= statusesOf.value(task).size()) {
            const int i = statusesOf.value(task).at(k - 1);
            at = dayTime(today, kStatusDaysAgo[i], 15, i);
            updated.insert(task, at);
        }
        progressTimes.append({rows.value(0).toLongLong(), at});
    }
    QSqlQuery q(db.connection());
    if (!q.prepare(kBackdateProgress)) {
        return failed(q);
    }
    for (const auto &[id, at] : std::as_const(progressTimes)) {
        q.addBindValue(core::Timestamp::format(at));
        q.addBindValue(id);
        if (!q.exec()) {
            return failed(q);
        }
    }
    if (!q.prepare(kBackdateTask)) {
        return failed(q);
    }
    for (auto it = created.cbegin(); it != created.cend(); ++it) {
        q.addBindValue(core::Timestamp::format(it.value()));
        q.addBindValue(core::Timestamp::format(updated.value(it.key())));
        q.addBindValue(it.key());
        if (!q.exec()) {
            return failed(q);
        }
    }
    if (!rows.exec(kDemoCommentRows)) {
        return failed(rows);
    }
    QList<qint64> comments;
    while (rows.next()) {
        comments.append(rows.value(0).toLongLong());
    }
    if (!q.prepare(kBackdateComment)) {
        return failed(q);
    }
    for (int i = 0; i < comments.size() && i < int(std::size(kComments)); ++i) {
        q.addBindValue(core::Timestamp::format(dayTime(today, kCommentDaysAgo[i], 16, i)));
        q.addBindValue(comments[i]);
        if (!q.exec()) {
            return failed(q);
        }
    }
    return {};
}

} // namespace

Status DemoProject::load(TaskService &service)
{
    auto existing = service.tasks().count({});
    if (!existing) {
        return existing.error();
    }
    if (*existing > 0) {
        return makeError(
            ErrorCode::Conflict,
            QStringLiteral("the demo project goes into an empty database; this one has %1 tasks").arg(*existing));
    }
    Transaction tx(service.database());
    if (!tx.begun()) {
        return tx.begun();
    }
    QList<qint64> ids{0}; // demo number → id
    for (const DemoTask &d : kTasks) {
        Task t;
        t.title = QString::fromUtf8(d.title);
        t.componentArea = QString::fromUtf8(d.component);
        t.phase = d.phase;
        t.priority = d.priority;
        t.complexity = d.complexity;
        t.timeEstimateHours = d.hours;
        t.sourceDocument = QStringLiteral("06-development-roadmap.md");
        if (d.description) {
            t.description = QString::fromUtf8(d.description);
        }
        t.successCriteria = QStringLiteral("Reviewed and merged with tests");
        if (d.parent) {
            t.parentTaskId = ids.at(d.parent);
        }
        auto id = service.createTask(t);
        if (!id) {
            return id.error();
        }
        ids << *id;
    }
    for (const DemoLink &l : kLinks) {
        if (auto d = service.addDependency(ids.at(l.task), ids.at(l.prerequisite), l.type); !d) {
            return d.error();
        }
    }
    for (const DemoStatus &s : kStatuses) {
        StatusChange change;
        change.progressPercentage = s.percent;
        if (s.notes) {
            change.notes = QString::fromUtf8(s.notes);
        }
        if (Status st = service.updateStatus(ids.at(s.task), s.status, change); !st) {
            return st;
        }
    }
    for (const DemoComment &c : kComments) {
        if (auto id = service.addComment(ids.at(c.task), QString::fromUtf8(c.text), c.type); !id) {
            return id.error();
        }
    }
    if (Status s = backdate(service.database(), ids); !s) {
        return s;
    }
    return tx.commit();
}

} // namespace taskorch::storage
