// SPDX-License-Identifier: GPL-3.0-or-later
// taskorch-bench: each workload through TaskOrch's typed layer, timed next to the raw sqlite3 C API doing the same
// work on the same data in the same run (interleaved repetitions, medians). See bench/RESULTS.md.
#include "BenchData.h"

#include "CriticalPath.h"
#include "CriticalPathView.h"
#include "DependencyGraph.h"
#include "GraphLayout.h"
#include "LegacyImporter.h"
#include "MainWindow.h"
#include "ParallelPlanner.h"
#include "ReportWriter.h"
#include "StatisticsPanel.h"
#include "StatisticsSeries.h"
#include "Task.h"
#include "TaskDependency.h"
#include "TaskTableModel.h"
#include "Timestamp.h"
#include "Transaction.h"
#include "ViewData.h"
#include "Workspace.h"

#include <QApplication>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QKeyEvent>
#include <QProcess>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>

#include <sqlite3.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <map>
#include <random>
#include <thread>

#ifndef TASKORCH_BENCH_BUILD_TYPE
#define TASKORCH_BENCH_BUILD_TYPE "unknown"
#endif

using namespace taskorch;
using namespace taskorch::bench;
using core::Status;
using storage::Workspace;

namespace {

// ------------------------------------------------------------------------------------------------ options

struct Options
{
    std::vector<std::int64_t> sizes;
    bool json = false;
    bool quick = false;
    QString dir;
    int reps = 5;
    double budgetSeconds = 90; ///< per workload and size: after ≥ 3 reps (or 1 slow one), stop repeating
    QStringList only;          ///< workload groups to run (empty = all)
    int qualityDags = 100;
    std::uint64_t seed = 20250801;
    bool keep = false;  ///< leave the generated databases in --dir (for inspection)
    bool reuse = false; ///< use databases an earlier --keep run left in --dir (same size and seed)
};

const QStringList kGroups{QStringLiteral("create"),      QStringLiteral("deps"),   QStringLiteral("stats"),
                          QStringLiteral("stats-panel"), QStringLiteral("cpm"),    QStringLiteral("cpm-mem"),
                          QStringLiteral("plan"),        QStringLiteral("import"), QStringLiteral("csv"),
                          QStringLiteral("list"),        QStringLiteral("graph"),  QStringLiteral("quality"),
                          QStringLiteral("gui-open")};

bool isReleaseBuild()
{
    const std::string type = TASKORCH_BENCH_BUILD_TYPE;
    return type == "Release" || type == "RelWithDebInfo" || type == "MinSizeRel";
}

void usage()
{
    std::fprintf(stderr,
                 "usage: taskorch-bench [--sizes N,N,...] [--quick] [--tiny] [--json] [--dir DIR] [--reps N]\n"
                 "                      [--budget SECONDS] [--only GROUP,...] [--quality-dags N] [--seed S] [--keep]\n"
                 "                      [--reuse]\n"
                 "  --quick    one small size (10k in Release, 2k in other builds), 3 reps: a CI smoke test\n"
                 "  --tiny     like --quick with 2k tasks\n"
                 "  --json     machine-readable results on stdout (the tables go to stderr)\n"
                 "  --keep     leave the generated databases in --dir\n"
                 "  --reuse    use the databases a --keep run of the same size and seed left in --dir\n"
                 "  groups: %s\n"
                 "  (graph runs at its own sizes: 5,000 tasks, and 50,000 collapsed by phase;\n"
                 "   gui-open starts the real main window in a child process on each size's database)\n"
                 "default sizes: 10000,100000,1000000\n",
                 kGroups.join(QLatin1Char(',')).toUtf8().constData());
}

// ------------------------------------------------------------------------------------------------ measuring

double nowSeconds()
{
    using namespace std::chrono;
    return duration<double>(steady_clock::now().time_since_epoch()).count();
}

long maxRssKb()
{
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

long currentRssKb()
{
    long pages = 0, resident = 0;
    if (FILE *f = std::fopen("/proc/self/statm", "r")) {
        if (std::fscanf(f, "%ld %ld", &pages, &resident) != 2) {
            resident = 0;
        }
        std::fclose(f);
    }
    return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

/// Resets the kernel's high-water mark (ru_maxrss) to the current RSS, so each measurement gets its own peak.
bool g_peakResettable = false;
void resetPeak()
{
    if (FILE *f = std::fopen("/proc/self/clear_refs", "w")) {
        std::fputs("5", f);
        std::fclose(f);
    }
}

struct Timer
{
    double t0 = 0;
    double elapsed = -1;
    long startRssKb = 0;
    long peakKb = 0;
    void start()
    {
        resetPeak();
        startRssKb = currentRssKb();
        t0 = nowSeconds();
    }
    void stop()
    {
        elapsed = nowSeconds() - t0;
        peakKb = maxRssKb();
    }
};

/// One side of a workload: does its setup, calls timer.start()/stop() around the measured work, returns false on
/// an error (after printing it).
using Side = std::function<bool(Timer &)>;

struct Sample
{
    std::vector<double> seconds;
    long peakKb = 0;      ///< highest process RSS seen during the measured part
    long peakDeltaKb = 0; ///< highest growth over the RSS at its start
    bool failed = false;
    void add(const Timer &t)
    {
        seconds.push_back(t.elapsed);
        peakKb = std::max(peakKb, t.peakKb);
        peakDeltaKb = std::max(peakDeltaKb, t.peakKb - t.startRssKb);
    }
};

double median(std::vector<double> v)
{
    if (v.empty()) {
        return -1;
    }
    std::sort(v.begin(), v.end());
    const size_t m = v.size() / 2;
    return v.size() % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

struct Row
{
    std::int64_t size = 0;
    QString group;
    QString workload;
    std::int64_t rows = 0; ///< rows the workload moves (for rows/s)
    Sample ours;
    Sample raw;
    bool hasRaw = false;
    QString target;
    QString verdict; ///< met / MISSED / info / n/a / FAILED
    QString note;
    double oursMedian() const { return median(ours.seconds); }
    double rawMedian() const { return median(raw.seconds); }
    double ratio() const { return hasRaw && rawMedian() > 0 ? oursMedian() / rawMedian() : -1; }
    double rowsPerSecond() const { return oursMedian() > 0 ? double(rows) / oursMedian() : -1; }
};

struct Run
{
    Options options;
    std::vector<Row> rows;
    QJsonObject quality;
    QJsonObject machine;
};

Run *g_run = nullptr;

void progressLine(const QString &text)
{
    std::fprintf(stderr, "  … %s\n", text.toUtf8().constData());
    std::fflush(stderr);
}

/// Interleaved repetitions: ours, raw, ours, raw … (the order flips every repetition).
Row &measurePair(std::int64_t size, const QString &group, const QString &name, std::int64_t rows, const Side &ours,
                 const Side &raw)
{
    Row row;
    row.size = size;
    row.group = group;
    row.workload = name;
    row.rows = rows;
    row.hasRaw = bool(raw);
    const Options &o = g_run->options;
    double spent = 0;
    for (int rep = 0; rep < o.reps; ++rep) {
        const double repStart = nowSeconds();
        for (int k = 0; k < 2; ++k) {
            const bool oursTurn = (rep % 2 == 0) == (k == 0);
            const Side &side = oursTurn ? ours : raw;
            Sample &sample = oursTurn ? row.ours : row.raw;
            if (!side || sample.failed) {
                continue;
            }
            Timer t;
            if (!side(t) || t.elapsed < 0) {
                sample.failed = true;
                continue;
            }
            sample.add(t);
        }
        spent += nowSeconds() - repStart;
        if ((rep + 1 >= 3 && spent > o.budgetSeconds) || spent > o.budgetSeconds * 2) {
            break;
        }
    }
    progressLine(QStringLiteral("%1 [%2]: ours %3 s, raw %4 s, %5 reps")
                     .arg(name)
                     .arg(size)
                     .arg(row.oursMedian(), 0, 'f', 4)
                     .arg(row.rawMedian(), 0, 'f', 4)
                     .arg(row.ours.seconds.size()));
    g_run->rows.push_back(row);
    return g_run->rows.back();
}

void judgeRatio(Row &row, double limit)
{
    row.target = QStringLiteral("≤ %1× raw").arg(limit, 0, 'f', 1);
    if (row.ours.failed || row.raw.failed) {
        row.verdict = QStringLiteral("FAILED");
    } else {
        row.verdict = row.ratio() <= limit ? QStringLiteral("met") : QStringLiteral("MISSED");
    }
}

void judgeSeconds(Row &row, double limit, std::int64_t atSize, const QString &what)
{
    row.target = what;
    if (row.ours.failed) {
        row.verdict = QStringLiteral("FAILED");
    } else if (row.size < atSize) {
        row.verdict = row.oursMedian() <= limit ? QStringLiteral("(met)") : QStringLiteral("(missed)");
    } else {
        row.verdict = row.oursMedian() <= limit ? QStringLiteral("met") : QStringLiteral("MISSED");
    }
}

// ------------------------------------------------------------------------------------------------ files and dbs

QString g_dir;

QString pathIn(const QString &name)
{
    return g_dir + QLatin1Char('/') + name;
}

void removeDb(const QString &path)
{
    for (const char *suffix : {"", "-wal", "-shm", "-journal"}) {
        QFile::remove(path + QLatin1String(suffix));
    }
}

bool copyDb(const QString &from, const QString &to)
{
    removeDb(to);
    if (!QFile::copy(from, to)) {
        std::fprintf(stderr, "cannot copy %s to %s\n", qPrintable(from), qPrintable(to));
        return false;
    }
    if (QFile::exists(from + QStringLiteral("-wal"))) {
        QFile::copy(from + QStringLiteral("-wal"), to + QStringLiteral("-wal"));
    }
    return true;
}

/// Writes out what earlier steps left in the page cache (the generated source file, the other side's database), so
/// that neither side of a write-heavy workload pays for the kernel flushing the previous one's gigabyte.
void settleDisk()
{
    ::sync();
}

void printError(const QString &what, const core::Error &e)
{
    std::fprintf(stderr, "ERROR %s: %s (%s)\n", qPrintable(what), qPrintable(e.message), qPrintable(e.detail));
}

std::unique_ptr<Workspace> openWorkspace(const QString &path)
{
    auto ws = Workspace::open(path);
    if (!ws) {
        printError(QStringLiteral("opening ") + path, ws.error());
        return nullptr;
    }
    return std::move(ws.value());
}

/// A raw connection with TaskOrch's pragmas (SPEC.md §3), so both sides pay the same durability costs.
sqlite3 *openRaw(const QString &path)
{
    sqlite3 *db = nullptr;
    if (sqlite3_open_v2(path.toUtf8().constData(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) !=
        SQLITE_OK) {
        std::fprintf(stderr, "cannot open %s\n", qPrintable(path));
        sqlite3_close(db);
        return nullptr;
    }
    execSql(db, "PRAGMA foreign_keys=ON; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                "PRAGMA busy_timeout=5000; PRAGMA cache_size=-8192;");
    return db;
}

struct RawDb
{
    sqlite3 *db = nullptr;
    explicit RawDb(const QString &path) : db(openRaw(path)) {}
    ~RawDb() { sqlite3_close(db); }
    RawDb(const RawDb &) = delete;
    RawDb &operator=(const RawDb &) = delete;
    explicit operator bool() const { return db != nullptr; }
};

sqlite3_stmt *prepare(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *stmt = nullptr;
    if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) != SQLITE_OK) {
        std::fprintf(stderr, "prepare failed: %s\n  in: %s\n", sqlite3_errmsg(db), sql);
        return nullptr;
    }
    return stmt;
}

void bindText(sqlite3_stmt *s, int i, const std::string &text)
{
    sqlite3_bind_text(s, i, text.data(), int(text.size()), SQLITE_STATIC);
}

// ------------------------------------------------------------------------------------------------ raw writers

bool rawInsertTasks(sqlite3 *db, const Dataset &d)
{
    sqlite3_stmt *s = prepare(db, "INSERT INTO tasks (title, description, component_area, phase, priority,"
                                  " complexity, status, source_document, success_criteria, time_estimate_hours,"
                                  " parent_task_id, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)");
    if (!s) {
        return false;
    }
    bool ok = true;
    for (const GenTask &t : d.tasks) {
        bindText(s, 1, t.title);
        if (t.hasDescription) {
            bindText(s, 2, t.description);
        } else {
            sqlite3_bind_null(s, 2);
        }
        bindText(s, 3, componentNames()[size_t(t.component)]);
        sqlite3_bind_int(s, 4, t.phase);
        sqlite3_bind_text(s, 5, priorityName(t.priority), -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 6, complexityName(t.complexity), -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 7, statusName(t.status), -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 8, "", 0, SQLITE_STATIC);
        sqlite3_bind_null(s, 9);
        sqlite3_bind_double(s, 10, t.hours);
        sqlite3_bind_null(s, 11);
        bindText(s, 12, t.createdAt);
        bindText(s, 13, t.updatedAt);
        if (sqlite3_step(s) != SQLITE_DONE) {
            std::fprintf(stderr, "raw task insert failed: %s\n", sqlite3_errmsg(db));
            ok = false;
            break;
        }
        sqlite3_reset(s);
    }
    sqlite3_finalize(s);
    return ok;
}

bool rawInsertDependencies(sqlite3 *db, const Dataset &d)
{
    sqlite3_stmt *s = prepare(db, "INSERT INTO task_dependencies (task_id, depends_on_task_id, dependency_type,"
                                  " created_at, relation, lag_hours) VALUES (?,?,?,?,?,?)");
    if (!s) {
        return false;
    }
    const std::string now = canonicalTimestamp(86400 * 200);
    bool ok = true;
    for (const GenDependency &dep : d.dependencies) {
        sqlite3_bind_int64(s, 1, dep.taskId);
        sqlite3_bind_int64(s, 2, dep.dependsOnTaskId);
        sqlite3_bind_text(s, 3, "blocks", -1, SQLITE_STATIC);
        bindText(s, 4, now);
        sqlite3_bind_text(s, 5, "FS", -1, SQLITE_STATIC);
        sqlite3_bind_double(s, 6, 0.0);
        if (sqlite3_step(s) != SQLITE_DONE) {
            std::fprintf(stderr, "raw dependency insert failed: %s\n", sqlite3_errmsg(db));
            ok = false;
            break;
        }
        sqlite3_reset(s);
    }
    sqlite3_finalize(s);
    return ok;
}

bool rawInsertHistory(sqlite3 *db, const Dataset &d)
{
    sqlite3_stmt *p = prepare(db, "INSERT INTO task_progress (task_id, progress_percentage, notes, updated_by,"
                                  " created_at) VALUES (?,?,?,'system',?)");
    sqlite3_stmt *c =
        prepare(db, "INSERT INTO task_comments (task_id, comment, comment_type, created_at) VALUES (?,?,?,?)");
    bool ok = p && c;
    for (const GenProgress &g : d.progress) {
        if (!ok) {
            break;
        }
        sqlite3_bind_int64(p, 1, g.taskId);
        sqlite3_bind_int(p, 2, g.percentage);
        bindText(p, 3, g.notes);
        bindText(p, 4, g.createdAt);
        ok = sqlite3_step(p) == SQLITE_DONE;
        sqlite3_reset(p);
    }
    for (const GenComment &g : d.comments) {
        if (!ok) {
            break;
        }
        sqlite3_bind_int64(c, 1, g.taskId);
        bindText(c, 2, g.text);
        sqlite3_bind_text(c, 3, commentTypeName(g.type), -1, SQLITE_STATIC);
        bindText(c, 4, g.createdAt);
        ok = sqlite3_step(c) == SQLITE_DONE;
        sqlite3_reset(c);
    }
    if (!ok) {
        std::fprintf(stderr, "raw history insert failed: %s\n", sqlite3_errmsg(db));
    }
    sqlite3_finalize(p);
    sqlite3_finalize(c);
    return ok;
}

// ------------------------------------------------------------------------------------------------ typed data

QList<core::Task> typedTasks(const Dataset &d)
{
    QList<core::Task> list;
    list.reserve(qsizetype(d.tasks.size()));
    for (const GenTask &g : d.tasks) {
        core::Task t;
        t.title = QString::fromStdString(g.title);
        if (g.hasDescription) {
            t.description = QString::fromStdString(g.description);
        }
        t.componentArea = QString::fromStdString(componentNames()[size_t(g.component)]);
        t.phase = g.phase;
        t.priority = core::Priority(g.priority);
        t.complexity = core::Complexity(g.complexity);
        t.status = core::TaskStatus(g.status);
        t.timeEstimateHours = g.hours;
        t.createdAt = core::Timestamp::parseCanonical(QString::fromStdString(g.createdAt)).value_or(QDateTime());
        t.updatedAt = core::Timestamp::parseCanonical(QString::fromStdString(g.updatedAt)).value_or(QDateTime());
        list.append(std::move(t));
    }
    return list;
}

// ------------------------------------------------------------------------------------------------ workloads

struct SizeContext
{
    std::int64_t n = 0;
    Dataset data;
    QString templateDb; ///< freshly migrated, empty
    QString tasksOnlyDb;
    QString datasetDb; ///< every table filled
};

bool wants(const QString &group)
{
    return g_run->options.only.isEmpty() || g_run->options.only.contains(group);
}

void workloadCreate(SizeContext &c)
{
    const QList<core::Task> base = typedTasks(c.data);
    const QString oursPath = pathIn(QStringLiteral("create_ours.db"));
    const QString rawPath = pathIn(QStringLiteral("create_raw.db"));
    Row &row = measurePair(
        c.n, QStringLiteral("create"), QStringLiteral("create tasks: insertMany vs raw"), c.n,
        [&](Timer &t) {
            if (!copyDb(c.templateDb, oursPath)) {
                return false;
            }
            bool ok = true;
            {
                auto ws = openWorkspace(oursPath);
                if (!ws) {
                    return false;
                }
                QList<core::Task> tasks = base;
                tasks.detach(); // the copy happens here, not inside the timer
                t.start();
                storage::Transaction tx(ws->database());
                Status s = tx.begun();
                if (s) {
                    s = ws->tasks().insertMany(tasks);
                }
                if (s) {
                    s = tx.commit();
                }
                t.stop();
                if (!s) {
                    printError(QStringLiteral("insertMany"), s.error());
                    ok = false;
                }
            }
            removeDb(oursPath);
            return ok;
        },
        [&](Timer &t) {
            if (!copyDb(c.templateDb, rawPath)) {
                return false;
            }
            bool ok = true;
            {
                RawDb db(rawPath);
                t.start();
                ok = execSql(db.db, "BEGIN IMMEDIATE") && rawInsertTasks(db.db, c.data) && execSql(db.db, "COMMIT");
                t.stop();
            }
            removeDb(rawPath);
            return ok;
        });
    judgeRatio(row, 1.5);
}

void workloadDependencies(SizeContext &c)
{
    const QString oursPath = pathIn(QStringLiteral("deps_ours.db"));
    const QString rawPath = pathIn(QStringLiteral("deps_raw.db"));
    const auto rows = std::int64_t(c.data.dependencies.size());
    QList<core::TaskDependency> base;
    base.reserve(qsizetype(rows));
    const QDateTime now = core::Timestamp::parseCanonical(QString::fromStdString(canonicalTimestamp(86400 * 200)))
                              .value_or(QDateTime::currentDateTimeUtc());
    for (const GenDependency &g : c.data.dependencies) {
        core::TaskDependency d;
        d.taskId = g.taskId;
        d.dependsOnTaskId = g.dependsOnTaskId;
        d.createdAt = now;
        base.append(d);
    }
    Row &row = measurePair(
        c.n, QStringLiteral("deps"), QStringLiteral("create dependencies: DependencyRepository::insert per row vs raw"),
        rows,
        [&](Timer &t) {
            if (!copyDb(c.tasksOnlyDb, oursPath)) {
                return false;
            }
            bool ok = true;
            {
                auto ws = openWorkspace(oursPath);
                if (!ws) {
                    return false;
                }
                t.start();
                storage::Transaction tx(ws->database());
                Status s = tx.begun();
                for (const core::TaskDependency &d : base) {
                    if (!s) {
                        break;
                    }
                    if (auto id = ws->dependencies().insert(d); !id) {
                        s = id.error();
                    }
                }
                if (s) {
                    s = tx.commit();
                }
                t.stop();
                if (!s) {
                    printError(QStringLiteral("dependency insert"), s.error());
                    ok = false;
                }
            }
            removeDb(oursPath);
            return ok;
        },
        [&](Timer &t) {
            if (!copyDb(c.tasksOnlyDb, rawPath)) {
                return false;
            }
            bool ok = true;
            {
                RawDb db(rawPath);
                t.start();
                ok = execSql(db.db, "BEGIN IMMEDIATE") && rawInsertDependencies(db.db, c.data) &&
                     execSql(db.db, "COMMIT");
                t.stop();
            }
            removeDb(rawPath);
            return ok;
        });
    row.note = QStringLiteral("no bulk dependency insert in the typed API: one QSqlQuery per row");
    judgeRatio(row, 1.5);
}

// The statistics queries of TaskService (SPEC.md §6), run raw.
const char kRawStatusTotals[] =
    "SELECT count(*), total(status = 'completed'), total(status = 'in_progress'), total(status = 'blocked'),"
    " total(status = 'not_started'), total(status = 'failed'), total(time_estimate_hours),"
    " total(CASE WHEN status = 'completed' THEN time_estimate_hours END) FROM tasks";
const char kRawPhases[] =
    "SELECT phase, count(*), total(status = 'completed') FROM tasks GROUP BY phase ORDER BY phase";
const char kRawComponents[] = "SELECT component_area, count(*) AS n, total(status = 'completed') FROM tasks"
                              " GROUP BY component_area ORDER BY n DESC, component_area";

void workloadStatistics(SizeContext &c, Workspace &ws, sqlite3 *raw)
{
    std::int64_t checksum = 0;
    Row &row = measurePair(
        c.n, QStringLiteral("stats"), QStringLiteral("statistics: TaskService::statistics vs raw"), c.n,
        [&](Timer &t) {
            t.start();
            auto stats = ws.service().statistics();
            t.stop();
            if (!stats) {
                printError(QStringLiteral("statistics"), stats.error());
                return false;
            }
            checksum = stats->completedTasks;
            return true;
        },
        [&](Timer &t) {
            t.start();
            std::int64_t completed = 0;
            double hours = 0;
            for (const char *sql : {kRawStatusTotals, kRawPhases, kRawComponents}) {
                sqlite3_stmt *s = prepare(raw, sql);
                if (!s) {
                    return false;
                }
                while (sqlite3_step(s) == SQLITE_ROW) {
                    const int columns = sqlite3_column_count(s);
                    if (sql == kRawStatusTotals) {
                        completed = std::int64_t(sqlite3_column_double(s, 1));
                    }
                    for (int i = 0; i < columns; ++i) {
                        if (sqlite3_column_type(s, i) == SQLITE_TEXT) {
                            std::string area(reinterpret_cast<const char *>(sqlite3_column_text(s, i)));
                            hours += double(area.size());
                        } else {
                            hours += sqlite3_column_double(s, i);
                        }
                    }
                }
                sqlite3_finalize(s);
            }
            t.stop();
            return completed == checksum || checksum == 0;
        });
    judgeRatio(row, 1.2);
}

// ------------------------------------------------------------------------------------------------ statistics panel

// The statistics panel's numbers as plain SQL aggregates, run raw: status × phase × component counts and hours,
// scope by creation day, earned hours by day (each progress row's change over the previous row of its task, a
// window function), completed hours by the day each completed task's trailing run of 100 % rows began.
const char kRawPanelCategories[] = "SELECT phase, component_area, status, count(*), total(time_estimate_hours)"
                                   " FROM tasks GROUP BY phase, component_area, status";
const char kRawPanelScope[] =
    "SELECT substr(created_at, 1, 10) AS day, total(time_estimate_hours) FROM tasks GROUP BY day";
const char kRawPanelEarned[] =
    "SELECT substr(p.created_at, 1, 10) AS day, total(t.time_estimate_hours * (p.pct - p.previous) / 100.0)"
    " FROM (SELECT task_id, created_at, min(max(progress_percentage, 0), 100) AS pct,"
    "   coalesce(lag(min(max(progress_percentage, 0), 100))"
    "     OVER (PARTITION BY task_id ORDER BY created_at, id), 0) AS previous FROM task_progress) p"
    " JOIN tasks t ON t.id = p.task_id GROUP BY day";
const char kRawPanelCompleted[] =
    "SELECT substr(coalesce((SELECT p.created_at FROM task_progress p"
    "   WHERE p.task_id = t.id AND p.progress_percentage >= 100 AND NOT EXISTS (SELECT 1 FROM task_progress q"
    "     WHERE q.task_id = t.id AND q.progress_percentage < 100"
    "       AND (q.created_at > p.created_at OR (q.created_at = p.created_at AND q.id > p.id)))"
    "   ORDER BY p.created_at, p.id LIMIT 1), t.updated_at), 1, 10) AS day, total(t.time_estimate_hours)"
    " FROM tasks t WHERE t.status = 'completed' GROUP BY day";

/// What both sides of the statistics-panel workload end with, compared once so that the ratio is fair.
struct PanelFigures
{
    std::int64_t tasks = 0;
    std::int64_t completed = 0;
    std::int64_t days = 0;
    double scope = 0;
    double done = 0;
    double earned = 0;
    QString text() const
    {
        return QStringLiteral("%1 tasks, %2 completed, %3 days, last day: scope %4 h, completed %5 h, earned %6 h")
            .arg(tasks)
            .arg(completed)
            .arg(days)
            .arg(scope, 0, 'f', 1)
            .arg(done, 0, 'f', 1)
            .arg(earned, 0, 'f', 1);
    }
    bool operator==(const PanelFigures &o) const
    {
        const auto near = [](double a, double b) { return std::abs(a - b) < 1e-3; };
        return tasks == o.tasks && completed == o.completed && days == o.days && near(scope, o.scope) &&
               near(done, o.done) && near(earned, o.earned);
    }
};

PanelFigures figuresOf(const core::StatisticsSeries &s)
{
    PanelFigures f;
    f.tasks = s.totalTasks();
    f.completed = s.statusCounts[size_t(core::TaskStatus::Completed)];
    f.days = s.burnUp.days.size();
    if (!s.burnUp.days.isEmpty()) {
        f.scope = s.burnUp.scopeHours.last();
        f.done = s.burnUp.completedHours.last();
        f.earned = s.burnUp.earnedHours.last();
    }
    return f;
}

/// The raw side: the four aggregates, folded into the same per-phase, per-component and per-day figures.
bool rawPanelFigures(sqlite3 *raw, PanelFigures &out)
{
    struct Category
    {
        std::int64_t counts[5] = {};
        double hours = 0, completedHours = 0;
    };
    std::map<int, Category> phases;
    std::map<std::string, Category> components;
    std::map<std::string, double> scope, earned, completed; // by day, "YYYY-MM-DD" sorts by date
    sqlite3_stmt *s = prepare(raw, kRawPanelCategories);
    if (!s) {
        return false;
    }
    out = PanelFigures{};
    while (sqlite3_step(s) == SQLITE_ROW) {
        const auto *status = reinterpret_cast<const char *>(sqlite3_column_text(s, 2));
        const auto parsed = core::StatisticsSeriesBuilder::parseStatus(status ? status : "");
        const int ordinal = parsed ? int(*parsed) : 0;
        const std::int64_t count = sqlite3_column_int64(s, 3);
        const double hours = sqlite3_column_double(s, 4);
        for (Category *c : {&phases[sqlite3_column_int(s, 0)],
                            &components[reinterpret_cast<const char *>(sqlite3_column_text(s, 1))]}) {
            c->counts[ordinal] += count;
            c->hours += hours;
            c->completedHours += ordinal == int(core::TaskStatus::Completed) ? hours : 0.0;
        }
        out.tasks += count;
        out.completed += ordinal == int(core::TaskStatus::Completed) ? count : 0;
    }
    sqlite3_finalize(s);
    for (const auto &[sql, byDay] : {std::pair{kRawPanelScope, &scope}, std::pair{kRawPanelEarned, &earned},
                                     std::pair{kRawPanelCompleted, &completed}}) {
        s = prepare(raw, sql);
        if (!s) {
            return false;
        }
        while (sqlite3_step(s) == SQLITE_ROW) {
            (*byDay)[reinterpret_cast<const char *>(sqlite3_column_text(s, 0))] += sqlite3_column_double(s, 1);
        }
        sqlite3_finalize(s);
    }
    // Consecutive days from the first to the last one that has anything, running sums.
    std::map<std::string, int> days;
    for (const auto *byDay : {&scope, &earned, &completed}) {
        for (const auto &entry : *byDay) {
            days.emplace(entry.first, 0);
        }
    }
    if (!days.empty()) {
        const QDate first = QDate::fromString(QString::fromStdString(days.begin()->first), Qt::ISODate);
        const QDate last = QDate::fromString(QString::fromStdString(days.rbegin()->first), Qt::ISODate);
        out.days = first.daysTo(last) + 1;
    }
    for (const auto &entry : scope) {
        out.scope += entry.second;
    }
    for (const auto &entry : earned) {
        out.earned += entry.second;
    }
    for (const auto &entry : completed) {
        out.done += entry.second;
    }
    return true;
}

/// A second connection like the panel's worker keeps (own Workspace, no migration).
std::unique_ptr<Workspace> openWorkerWorkspace(const QString &path)
{
    Workspace::Options options;
    options.migrate = false;
    options.createIfMissing = false;
    auto ws = Workspace::open(path, options);
    if (!ws) {
        printError(QStringLiteral("opening ") + path, ws.error());
        return nullptr;
    }
    return std::move(ws.value());
}

/// One committed edit of 10 tasks spread over the table, as another program would make it: each flips between
/// completed and in progress and gets a progress row. `round` picks other tasks each time.
bool editTenTasks(sqlite3 *raw, std::int64_t n, int round)
{
    QByteArray sql = "BEGIN;";
    for (int k = 0; k < 10; ++k) {
        const std::int64_t id = 1 + (std::int64_t(round) * 7919 + std::int64_t(k) * 104729) % n;
        sql += QByteArray("UPDATE tasks SET status = CASE status WHEN 'completed' THEN 'in_progress' "
                          "ELSE 'completed' END, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ") +
               QByteArray::number(qint64(id)) +
               ";INSERT INTO task_progress(task_id, progress_percentage, updated_by, created_at) VALUES (" +
               QByteArray::number(qint64(id)) + ", 100, 'bench', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));";
    }
    sql += "COMMIT;";
    return execSql(raw, sql.constData());
}

void workloadStatisticsPanel(SizeContext &c, Workspace &ws, sqlite3 *raw)
{
    // Ours: what the panel's worker thread runs on every refresh, on its own long-lived connection with its
    // builder's memory kept (the first refresh after opening is measured separately below).
    auto worker = openWorkerWorkspace(c.datasetDb);
    if (!worker) {
        return;
    }
    core::StatisticsSeriesBuilder builder;
    PanelFigures ours, theirs;
    {
        // Cold: a fresh connection and fresh memory, as the first refresh after opening a database.
        auto cold = openWorkerWorkspace(c.datasetDb);
        Row &first = measurePair(c.n, QStringLiteral("stats-panel"),
                                 QStringLiteral("  first refresh (fresh connection and memory)"), c.n,
                                 [&](Timer &t) {
                                     auto fresh = openWorkerWorkspace(c.datasetDb);
                                     if (!fresh) {
                                         return false;
                                     }
                                     t.start();
                                     auto series = fresh->progress().statisticsSeries();
                                     const core::ProjectStatistics figures =
                                         series ? series->projectStatistics() : core::ProjectStatistics();
                                     t.stop();
                                     return series.ok() && figures.totalTasks == c.n;
                                 },
                                 {});
        first.verdict = QStringLiteral("info");
    }
    Row &row = measurePair(
        c.n, QStringLiteral("stats-panel"),
        QStringLiteral("statistics panel, full read: ProgressRepository::statisticsSeries vs raw SQL aggregates"), c.n,
        [&](Timer &t) {
            builder.reset(); // read everything, as after opening a file or a bulk import
            t.start();
            auto series = worker->progress().statisticsSeries(builder);
            const core::ProjectStatistics figures = series ? series->projectStatistics() : core::ProjectStatistics();
            t.stop();
            if (!series) {
                printError(QStringLiteral("statisticsSeries"), series.error());
                return false;
            }
            ours = figuresOf(*series);
            return figures.totalTasks == c.n;
        },
        [&](Timer &t) {
            t.start();
            const bool ok = rawPanelFigures(raw, theirs);
            t.stop();
            return ok;
        });
    row.verdict = QStringLiteral("info");
    row.note = ours == theirs ? QStringLiteral("both sides agree: ") + ours.text()
                              : QStringLiteral("SIDES DIFFER: ours %1; raw %2").arg(ours.text(), theirs.text());
    if (!(ours == theirs)) {
        row.verdict = QStringLiteral("FAILED");
    }

    // A refresh after an edit, the panel's everyday case: another connection (the window, taskorch-cli) commits a
    // change of 10 tasks (status and a progress row each); the worker's next read takes only what the change log
    // names. Checked against a full read of the same state each time.
    int round = 0;
    bool agreed = true;
    qint64 rowsRead = 0;
    Row &edited = measurePair(
        c.n, QStringLiteral("stats-panel"),
        QStringLiteral("statistics panel, refresh after an edit of 10 tasks: ProgressRepository::statisticsSeries"),
        c.n,
        [&](Timer &t) {
            if (!editTenTasks(raw, c.n, round++)) {
                return false;
            }
            t.start();
            auto series = worker->progress().statisticsSeries(builder);
            const core::ProjectStatistics figures = series ? series->projectStatistics() : core::ProjectStatistics();
            t.stop();
            rowsRead = worker->progress().lastStatisticsRowsRead();
            core::StatisticsSeriesBuilder fresh;
            auto full = worker->progress().statisticsSeries(fresh);
            if (!series || !full) {
                return false;
            }
            agreed = agreed && figuresOf(*series) == figuresOf(*full);
            return figures.totalTasks == c.n;
        },
        {});
    judgeSeconds(edited, 0.25, 1000000, QStringLiteral("≤ 250 ms at 1M"));
    edited.note = QStringLiteral("read %1 rows (changed tasks and their progress); %2")
                      .arg(rowsRead)
                      .arg(agreed ? QStringLiteral("equal to a full read every time")
                                  : QStringLiteral("DIFFERS FROM A FULL READ"));
    if (!agreed) {
        edited.verdict = QStringLiteral("FAILED");
    }

    // Through the widget: refreshNow() on the GUI thread until statisticsUpdated() has been handled, with the
    // longest time the GUI thread was busy in between (the event loop's largest gap, sampled every millisecond).
    gui::StatisticsPanel panel;
    panel.resize(1400, 1200);
    // The event loop runs until the update arrives; a 2 ms ticker records the longest time between two of its turns
    // (the GUI thread busy), without keeping a core busy itself.
    const auto waitForUpdate = [&panel](int before, double *longestGapMs) {
        QElapsedTimer gapClock;
        gapClock.start();
        double longest = 0;
        QTimer ticker;
        ticker.setTimerType(Qt::PreciseTimer);
        ticker.setInterval(2);
        QObject::connect(&ticker, &QTimer::timeout, [&] {
            longest = std::max(longest, double(gapClock.nsecsElapsed()) / 1e6);
            gapClock.restart();
        });
        ticker.start();
        QEventLoop loop;
        const auto done = [&] { return panel.updateCount() > before && !panel.isComputing(); };
        QObject::connect(&panel, &gui::StatisticsPanel::statisticsUpdated, &loop, [&] {
            if (done()) {
                loop.quit();
            }
        });
        QTimer::singleShot(120000, &loop, &QEventLoop::quit);
        if (!done()) {
            loop.exec();
        }
        longest = std::max(longest, double(gapClock.nsecsElapsed()) / 1e6);
        if (longestGapMs) {
            *longestGapMs = longest;
        }
        return done();
    };
    panel.setWorkspace(&ws);
    if (!waitForUpdate(0, nullptr)) {
        std::fprintf(stderr, "ERROR statistics panel: no first result\n");
        return;
    }
    std::vector<double> returns, gaps;
    Row &gui = measurePair(
        c.n, QStringLiteral("stats-panel"),
        QStringLiteral("  through the widget, after an edit of 10 tasks: refreshNow() until charts redrawn"), c.n,
        [&](Timer &t) {
            if (!editTenTasks(raw, c.n, round++)) {
                return false;
            }
            const int before = panel.updateCount();
            double gap = 0;
            t.start();
            panel.refreshNow();
            returns.push_back(nowSeconds() - t.t0);
            const bool ok = waitForUpdate(before, &gap);
            t.stop();
            gaps.push_back(gap);
            return ok && panel.errorText().isEmpty();
        },
        {});
    judgeSeconds(gui, 0.25, 1000000, QStringLiteral("≤ 250 ms at 1M"));
    gui.note = QStringLiteral("refreshNow() returned in %1 ms (median); longest GUI-thread stall %2 ms (median, "
                              "2 ms resolution), i.e. drawing the charts")
                   .arg(median(returns) * 1000, 0, 'f', 2)
                   .arg(median(gaps), 0, 'f', 1);
}

// ------------------------------------------------------------------------------------------------ graph view

/// A database holding `d` (tasks, dependencies, progress, comments), made from the migrated template.
bool fillDatabase(const QString &templateDb, const QString &path, const Dataset &d)
{
    if (!copyDb(templateDb, path)) {
        return false;
    }
    RawDb db(path);
    return execSql(db.db, "BEGIN") && rawInsertTasks(db.db, d) && rawInsertDependencies(db.db, d) &&
           rawInsertHistory(db.db, d) && execSql(db.db, "COMMIT") && execSql(db.db, "PRAGMA wal_checkpoint(TRUNCATE)");
}

void workloadGraph(const QString &templateDb)
{
    struct Case
    {
        std::int64_t n;
        core::LayoutGrouping grouping;
        double target;
        std::int64_t targetSize; ///< the size the target is set for (--quick runs smaller)
    };
    const bool quick = g_run->options.quick;
    const std::vector<Case> cases{{quick ? 1000 : 5000, core::LayoutGrouping::None, 1.0, 5000},
                                  {quick ? 5000 : 50000, core::LayoutGrouping::Phase, 2.0, 50000}};
    const QSize viewSize(1400, 850);
    for (const Case &k : cases) {
        const QString what = k.grouping == core::LayoutGrouping::None ? QStringLiteral("every task")
                                                                      : QStringLiteral("collapsed by phase");
        double t0 = nowSeconds();
        const Dataset d = generateDataset(k.n, g_run->options.seed + 11);
        const QString path = pathIn(QStringLiteral("graph_%1.db").arg(k.n));
        if (!fillDatabase(templateDb, path, d)) {
            return;
        }
        progressLine(
            QStringLiteral("graph database of %1 tasks filled in %2 s").arg(k.n).arg(nowSeconds() - t0, 0, 'f', 1));
        auto ws = openWorkspace(path);
        if (!ws) {
            return;
        }
        // The parts, for the breakdown.
        std::optional<core::CriticalPath> cp;
        QHash<qint64, gui::TaskLabel> labels;
        Row &load =
            measurePair(k.n, QStringLiteral("graph"),
                        QStringLiteral("  %1: load (SchedulingService::criticalPath + task labels)").arg(what), k.n,
                        [&](Timer &t) {
                            t.start();
                            auto schedule = ws->scheduling().criticalPath(core::ScheduleMode::Plan);
                            auto l = gui::ViewData::taskLabels(*ws);
                            t.stop();
                            if (!schedule || !l) {
                                return false;
                            }
                            cp = std::move(schedule.value());
                            labels = std::move(l.value());
                            return true;
                        },
                        {});
        load.verdict = QStringLiteral("info");
        if (!cp) {
            return;
        }
        core::GraphLayout layout;
        Row &geometry = measurePair(
            k.n, QStringLiteral("graph"), QStringLiteral("  %1: GraphLayout (core geometry)").arg(what), k.n,
            [&](Timer &t) {
                QHash<qint64, QString> groups;
                if (k.grouping != core::LayoutGrouping::None) {
                    groups.reserve(labels.size());
                    for (auto it = labels.cbegin(); it != labels.cend(); ++it) {
                        groups.insert(it.key(), QStringLiteral("Phase %1").arg(it->phase, 3, 10, QLatin1Char('0')));
                    }
                }
                t.start();
                layout = k.grouping == core::LayoutGrouping::None ? core::GraphLayout::compute(*cp)
                                                                  : core::GraphLayout::collapse(*cp, groups);
                t.stop();
                return !layout.boxes().isEmpty();
            },
            {});
        geometry.verdict = QStringLiteral("info");
        geometry.note = QStringLiteral("%1 boxes in %2 lanes, %3 arrows")
                            .arg(layout.boxes().size())
                            .arg(layout.laneCount())
                            .arg(layout.arrows().size());

        // The whole: a new view shows the database and paints its first frame into an offscreen image.
        double paintSeconds = 0;
        std::vector<double> paints;
        Row &row =
            measurePair(k.n, QStringLiteral("graph"),
                        QStringLiteral("critical-path graph, %1: load + layout + scene + first paint (%2×%3)")
                            .arg(what)
                            .arg(viewSize.width())
                            .arg(viewSize.height()),
                        k.n,
                        [&](Timer &t) {
                            gui::CriticalPathView view;
                            view.setAttribute(Qt::WA_DontShowOnScreen);
                            view.resize(viewSize);
                            view.show();
                            QCoreApplication::processEvents(); // layouts settle: the canvas knows its size for "fit"
                            view.setGrouping(k.grouping);      // no database yet: nothing to lay out
                            QImage image(view.size(), QImage::Format_ARGB32_Premultiplied);
                            QEventLoop drawn; // the view reads on a worker and draws when the data arrives
                            QObject::connect(&view, &gui::CriticalPathView::graphUpdated, &drawn, &QEventLoop::quit);
                            t.start();
                            view.setWorkspace(ws.get());
                            if (view.isLoading()) {
                                drawn.exec();
                            }
                            const double beforePaint = nowSeconds();
                            view.render(&image);
                            paintSeconds = nowSeconds() - beforePaint;
                            t.stop();
                            paints.push_back(paintSeconds);
                            return view.errorText().isEmpty() && !view.layout().boxes().isEmpty();
                        },
                        {});
        judgeSeconds(row, k.target, k.targetSize,
                     QStringLiteral("≤ %1 s at %2").arg(k.target, 0, 'f', 0).arg(k.targetSize));
        row.note = QStringLiteral("first paint alone %1 ms (median)").arg(median(paints) * 1000, 0, 'f', 1);
        ws.reset();
        removeDb(path);
    }
}

// The network queries of SchedulingService::loadNetwork, read raw into plain arrays.
const char kRawLoadTasks[] = "SELECT t.id, t.time_estimate_hours, t.status, "
                             " (SELECT p.progress_percentage FROM task_progress p WHERE p.task_id = t.id"
                             "  ORDER BY p.created_at DESC, p.id DESC LIMIT 1) FROM tasks t ORDER BY t.id";
const char kRawLoadLinks[] =
    "SELECT depends_on_task_id, task_id, dependency_type, relation, lag_hours FROM task_dependencies ORDER BY id";

struct RawTaskRow
{
    std::int64_t id;
    double hours;
    char status;
    int progress;
};
struct RawLinkRow
{
    std::int64_t pred, succ;
    char type, relation;
    double lag;
};

bool rawReadNetwork(sqlite3 *raw, std::vector<RawTaskRow> &tasks, std::vector<RawLinkRow> &links)
{
    sqlite3_stmt *s = prepare(raw, kRawLoadTasks);
    if (!s) {
        return false;
    }
    while (sqlite3_step(s) == SQLITE_ROW) {
        const auto *status = reinterpret_cast<const char *>(sqlite3_column_text(s, 2));
        tasks.push_back({sqlite3_column_int64(s, 0), sqlite3_column_double(s, 1), status ? status[0] : '?',
                         sqlite3_column_type(s, 3) == SQLITE_NULL ? -1 : sqlite3_column_int(s, 3)});
    }
    sqlite3_finalize(s);
    s = prepare(raw, kRawLoadLinks);
    if (!s) {
        return false;
    }
    while (sqlite3_step(s) == SQLITE_ROW) {
        const auto *type = reinterpret_cast<const char *>(sqlite3_column_text(s, 2));
        const auto *relation = reinterpret_cast<const char *>(sqlite3_column_text(s, 3));
        links.push_back({sqlite3_column_int64(s, 0), sqlite3_column_int64(s, 1), type ? type[0] : '?',
                         relation ? relation[0] : '?', sqlite3_column_double(s, 4)});
    }
    sqlite3_finalize(s);
    return true;
}

void workloadCriticalPath(SizeContext &c, Workspace &ws, sqlite3 *raw)
{
    const auto rows = std::int64_t(c.data.tasks.size() + c.data.dependencies.size());
    auto rawSide = [&](Timer &t) {
        std::vector<RawTaskRow> tasks;
        std::vector<RawLinkRow> links;
        t.start();
        const bool ok = rawReadNetwork(raw, tasks, links);
        t.stop();
        return ok;
    };
    Row &row = measurePair(
        c.n, QStringLiteral("cpm"), QStringLiteral("load graph + critical path vs raw read of the same rows"), rows,
        [&](Timer &t) {
            t.start();
            auto cp = ws.scheduling().criticalPath(core::ScheduleMode::Plan);
            t.stop();
            if (!cp) {
                printError(QStringLiteral("criticalPath"), cp.error());
                return false;
            }
            return true;
        },
        rawSide);
    judgeRatio(row, 1.5);
    row.note = QStringLiteral("rows = tasks + dependencies read");
    Row &load = measurePair(
        c.n, QStringLiteral("cpm"), QStringLiteral("  of which loadNetwork alone vs raw read"), rows,
        [&](Timer &t) {
            t.start();
            auto network = ws.scheduling().loadNetwork(core::ScheduleMode::Plan);
            t.stop();
            if (!network) {
                printError(QStringLiteral("loadNetwork"), network.error());
                return false;
            }
            return true;
        },
        rawSide);
    load.verdict = QStringLiteral("info");
}

void workloadCpmInMemory(std::int64_t n)
{
    QList<core::ScheduleTask> tasks;
    QList<core::ScheduleLink> links;
    generateScheduleNetwork(n, 3, g_run->options.seed + 7, tasks, links);
    const auto edges = std::int64_t(links.size());
    std::optional<core::DependencyGraph> graph;
    Row &build = measurePair(n, QStringLiteral("cpm-mem"),
                             QStringLiteral("DependencyGraph::build (%1 edges)").arg(edges), n + edges,
                             [&](Timer &t) {
                                 t.start();
                                 auto g = core::DependencyGraph::build(tasks, links);
                                 t.stop();
                                 if (!g) {
                                     printError(QStringLiteral("DependencyGraph::build"), g.error());
                                     return false;
                                 }
                                 graph = std::move(g.value());
                                 return true;
                             },
                             {});
    build.verdict = QStringLiteral("info");
    if (!graph) {
        return;
    }
    Row &row = measurePair(n, QStringLiteral("cpm-mem"),
                           QStringLiteral("CriticalPath::compute in memory (%1 edges)").arg(edges), n + edges,
                           [&](Timer &t) {
                               t.start();
                               auto cp = core::CriticalPath::compute(*graph);
                               t.stop();
                               if (!cp) {
                                   printError(QStringLiteral("CriticalPath::compute"), cp.error());
                                   return false;
                               }
                               return true;
                           },
                           {});
    judgeSeconds(row, 0.5, 1000000, QStringLiteral("≤ 0.5 s at 1M/3M"));
}

void workloadPlan(SizeContext &c, Workspace &ws)
{
    core::ParallelPlan last;
    Row &row =
        measurePair(c.n, QStringLiteral("plan"), QStringLiteral("parallel plan K=8 (SchedulingService::plan)"), c.n,
                    [&](Timer &t) {
                        t.start();
                        auto plan = ws.scheduling().plan(8);
                        t.stop();
                        if (!plan) {
                            printError(QStringLiteral("plan"), plan.error());
                            return false;
                        }
                        last = std::move(plan.value());
                        return true;
                    },
                    {});
    judgeSeconds(row, 2.0, 100000, QStringLiteral("≤ 2 s at 100k"));
    row.rows = last.taskCount;
    row.note = QStringLiteral("open tasks %1, %2 groups, flow/bound %3, wave/bound %4")
                   .arg(last.taskCount)
                   .arg(last.groups.size())
                   .arg(last.flowRatio, 0, 'f', 3)
                   .arg(last.waveRatio, 0, 'f', 3);
}

const char *const kRawImport[] = {
    "INSERT INTO main.tasks (id, title, description, component_area, phase, priority, complexity, status,"
    " source_document, success_criteria, time_estimate_hours, parent_task_id, created_at, updated_at)"
    " SELECT id, title, description, component_area, phase, lower(priority), lower(complexity), lower(status),"
    " coalesce(source_document, ''), success_criteria, time_estimate_hours, parent_task_id,"
    " strftime('%Y-%m-%dT%H:%M:%fZ', created_at), strftime('%Y-%m-%dT%H:%M:%fZ', updated_at) FROM src.tasks",
    "INSERT INTO main.task_dependencies (id, task_id, depends_on_task_id, dependency_type, created_at)"
    " SELECT id, task_id, depends_on_task_id, lower(dependency_type), strftime('%Y-%m-%dT%H:%M:%fZ', created_at)"
    " FROM src.task_dependencies",
    "INSERT INTO main.task_progress (id, task_id, progress_percentage, notes, updated_by, created_at)"
    " SELECT id, task_id, progress_percentage, notes, coalesce(updated_by, 'system'),"
    " strftime('%Y-%m-%dT%H:%M:%fZ', created_at) FROM src.task_progress",
    "INSERT INTO main.task_comments (id, task_id, comment, comment_type, created_at)"
    " SELECT id, task_id, comment, lower(comment_type), strftime('%Y-%m-%dT%H:%M:%fZ', created_at)"
    " FROM src.task_comments",
};

void workloadImport(SizeContext &c)
{
    const QString source = pathIn(QStringLiteral("legacy_a_%1.db").arg(c.n));
    const double t0 = nowSeconds();
    const LegacyCounts counts = writeLegacyGenerationA(source.toStdString(), c.data, g_run->options.seed + 3);
    if (counts.tasks < 0) {
        return;
    }
    progressLine(QStringLiteral("generation-A file: %1 tasks, %2 deps, %3 progress, %4 comments in %5 s")
                     .arg(counts.tasks)
                     .arg(counts.dependencies)
                     .arg(counts.progress)
                     .arg(counts.comments)
                     .arg(nowSeconds() - t0, 0, 'f', 1));
    const QString oursPath = pathIn(QStringLiteral("import_ours.db"));
    const QString rawPath = pathIn(QStringLiteral("import_raw.db"));
    QString summary;
    Row &row = measurePair(
        c.n, QStringLiteral("import"), QStringLiteral("legacy import (gen A) vs ATTACH + INSERT…SELECT"),
        counts.total(),
        [&](Timer &t) {
            if (!copyDb(c.templateDb, oursPath)) {
                return false;
            }
            bool ok = true;
            {
                auto ws = openWorkspace(oursPath);
                if (!ws) {
                    return false;
                }
                settleDisk();
                t.start();
                auto report = storage::LegacyImporter::run(*ws, source);
                t.stop();
                if (!report) {
                    printError(QStringLiteral("LegacyImporter::run"), report.error());
                    ok = false;
                } else {
                    qint64 imported = 0, quarantined = 0;
                    for (const auto &table : report->tables) {
                        imported += table.imported;
                        quarantined += table.quarantinedTotal();
                    }
                    summary = QStringLiteral("imported %1 + quarantined %2 of %3 source rows; %4 issues")
                                  .arg(imported)
                                  .arg(quarantined)
                                  .arg(counts.total())
                                  .arg(report->issues);
                }
            }
            removeDb(oursPath);
            return ok;
        },
        [&](Timer &t) {
            if (!copyDb(c.templateDb, rawPath)) {
                return false;
            }
            bool ok = true;
            {
                RawDb db(rawPath);
                const std::string attach = "ATTACH DATABASE '" + source.toStdString() + "' AS src";
                settleDisk();
                t.start();
                ok = execSql(db.db, attach.c_str()) && execSql(db.db, "BEGIN IMMEDIATE");
                // Like the importer, copy without logging every row for the statistics panel (migration 0005).
                ok = ok && execSql(db.db, "DROP TRIGGER statistics_changes_task_insert;"
                                          "DROP TRIGGER statistics_changes_progress_insert;");
                for (const char *sql : kRawImport) {
                    ok = ok && execSql(db.db, sql);
                }
                ok = ok && execSql(db.db, "COMMIT") && execSql(db.db, "DETACH DATABASE src");
                t.stop();
            }
            removeDb(rawPath);
            return ok;
        });
    row.target = QStringLiteral("≥ 300k src rows/s, < 1.5 GB");
    if (row.ours.failed) {
        row.verdict = QStringLiteral("FAILED");
    } else {
        const bool met = row.rowsPerSecond() >= 300000 && row.ours.peakKb < 1536 * 1024;
        row.verdict = c.n >= 1000000 ? (met ? QStringLiteral("met") : QStringLiteral("MISSED"))
                                     : (met ? QStringLiteral("(met)") : QStringLiteral("(missed)"));
    }
    row.note = summary + QStringLiteral("; raw side reads the source in place and keeps its indexes up to date row by "
                                        "row, the importer copies the source first and builds the indexes of the "
                                        "tables it fills once they are full");
    if (!g_run->options.keep) {
        removeDb(source);
    }
}

/// RFC 4180 quoting, only when needed, so the raw side writes the same bytes for this data.
void writeCsvText(FILE *f, const unsigned char *text, int length)
{
    if (!text) {
        return;
    }
    const char *s = reinterpret_cast<const char *>(text);
    if (std::memchr(s, ',', size_t(length)) || std::memchr(s, '"', size_t(length)) ||
        std::memchr(s, '\n', size_t(length)) || std::memchr(s, '\r', size_t(length))) {
        std::fputc('"', f);
        for (int i = 0; i < length; ++i) {
            if (s[i] == '"') {
                std::fputc('"', f);
            }
            std::fputc(s[i], f);
        }
        std::fputc('"', f);
    } else {
        std::fwrite(s, 1, size_t(length), f);
    }
}

bool rawCsv(sqlite3 *raw, const std::string &path)
{
    FILE *f = std::fopen(path.c_str(), "w");
    if (!f) {
        return false;
    }
    std::fputs("id,title,description,component_area,phase,priority,complexity,status,source_document,"
               "success_criteria,time_estimate_hours,parent_task_id,created_at,updated_at,dependency_count,"
               "latest_progress_percentage\r\n",
               f);
    execSql(raw, "BEGIN");
    sqlite3_stmt *t = prepare(raw, "SELECT id, title, description, component_area, phase, priority, complexity,"
                                   " status, source_document, success_criteria, time_estimate_hours, parent_task_id,"
                                   " created_at, updated_at FROM tasks ORDER BY id");
    sqlite3_stmt *d = prepare(raw, "SELECT task_id, count(*) FROM task_dependencies GROUP BY task_id ORDER BY task_id");
    sqlite3_stmt *p =
        prepare(raw, "SELECT task_id, created_at, progress_percentage FROM task_progress ORDER BY task_id, id");
    bool hasD = sqlite3_step(d) == SQLITE_ROW;
    bool hasP = sqlite3_step(p) == SQLITE_ROW;
    std::string latestTime;
    while (sqlite3_step(t) == SQLITE_ROW) {
        const std::int64_t id = sqlite3_column_int64(t, 0);
        std::fprintf(f, "%lld,", static_cast<long long>(id));
        for (int i = 1; i < 14; ++i) {
            switch (sqlite3_column_type(t, i)) {
            case SQLITE_NULL:
                break;
            case SQLITE_INTEGER:
                std::fprintf(f, "%lld", static_cast<long long>(sqlite3_column_int64(t, i)));
                break;
            case SQLITE_FLOAT:
                std::fprintf(f, "%g", sqlite3_column_double(t, i));
                break;
            default:
                writeCsvText(f, sqlite3_column_text(t, i), sqlite3_column_bytes(t, i));
            }
            std::fputc(',', f);
        }
        while (hasD && sqlite3_column_int64(d, 0) < id) {
            hasD = sqlite3_step(d) == SQLITE_ROW;
        }
        std::fprintf(f, "%lld,",
                     static_cast<long long>(hasD && sqlite3_column_int64(d, 0) == id ? sqlite3_column_int64(d, 1) : 0));
        while (hasP && sqlite3_column_int64(p, 0) < id) {
            hasP = sqlite3_step(p) == SQLITE_ROW;
        }
        int latest = -1;
        while (hasP && sqlite3_column_int64(p, 0) == id) {
            const char *created = reinterpret_cast<const char *>(sqlite3_column_text(p, 1));
            if (latest < 0 || std::strcmp(created, latestTime.c_str()) >= 0) {
                latestTime = created;
                latest = sqlite3_column_int(p, 2);
            }
            hasP = sqlite3_step(p) == SQLITE_ROW;
        }
        if (latest >= 0) {
            std::fprintf(f, "%d", latest);
        }
        std::fputs("\r\n", f);
    }
    sqlite3_finalize(t);
    sqlite3_finalize(d);
    sqlite3_finalize(p);
    execSql(raw, "COMMIT");
    return std::fclose(f) == 0;
}

void workloadCsv(SizeContext &c, Workspace &ws, sqlite3 *raw)
{
    const QString oursPath = pathIn(QStringLiteral("tasks_ours.csv"));
    const QString rawPath = pathIn(QStringLiteral("tasks_raw.csv"));
    qint64 written = 0;
    Row &row = measurePair(
        c.n, QStringLiteral("csv"), QStringLiteral("CSV export `tasks` (ReportWriter) vs raw read + fprintf"), c.n,
        [&](Timer &t) {
            storage::ReportRequest request;
            request.kind = storage::ReportKind::Tasks;
            t.start();
            auto rows = storage::ReportWriter::exportReport(ws, request, oursPath);
            t.stop();
            QFile::remove(oursPath);
            if (!rows) {
                printError(QStringLiteral("exportReport"), rows.error());
                return false;
            }
            written = *rows;
            return true;
        },
        [&](Timer &t) {
            t.start();
            const bool ok = rawCsv(raw, rawPath.toStdString());
            t.stop();
            QFile::remove(rawPath);
            return ok;
        });
    row.target = QStringLiteral("≥ 500k rows/s and ≤ 2× raw");
    if (row.ours.failed || row.raw.failed) {
        row.verdict = QStringLiteral("FAILED");
    } else {
        const bool met = row.rowsPerSecond() >= 500000 && row.ratio() <= 2.0;
        row.verdict = met ? QStringLiteral("met") : QStringLiteral("MISSED");
    }
    row.note = QStringLiteral("%1 rows written; peak Δ shows whether memory stays flat").arg(written);
}

struct SortSpec
{
    storage::TaskSortColumn column;
    const char *name;
    const char *expression; // as TaskRepository orders (enumerations by rank)
};
const SortSpec kSortSpecs[] = {
    {storage::TaskSortColumn::Id, "id", "id"},
    {storage::TaskSortColumn::Title, "title", "title"},
    {storage::TaskSortColumn::ComponentArea, "component", "component_area"},
    {storage::TaskSortColumn::Phase, "phase", "phase"},
    {storage::TaskSortColumn::Priority, "priority",
     "(CASE priority WHEN 'low' THEN 1 WHEN 'medium' THEN 2 WHEN 'high' THEN 3 ELSE 4 END)"},
    {storage::TaskSortColumn::Complexity, "complexity",
     "(CASE complexity WHEN 'simple' THEN 1 WHEN 'medium' THEN 2 WHEN 'complex' THEN 3 ELSE 4 END)"},
    {storage::TaskSortColumn::WorkStatus, "status",
     "(CASE status WHEN 'not_started' THEN 1 WHEN 'in_progress' THEN 2 WHEN 'blocked' THEN 3 "
     "WHEN 'completed' THEN 4 ELSE 5 END)"},
    {storage::TaskSortColumn::Hours, "hours", "time_estimate_hours"},
    {storage::TaskSortColumn::CreatedAt, "created", "created_at"},
    {storage::TaskSortColumn::UpdatedAt, "updated", "updated_at"},
};

void workloadList(SizeContext &c, Workspace &ws, sqlite3 *raw)
{
    const QString columns = core::Task::spec().columnNames(true).join(QStringLiteral(", "));
    struct FilterCase
    {
        const char *label;
        const char *where;
        std::optional<core::TaskStatus> status;
        std::optional<int> phase;
    };
    const FilterCase filters[] = {
        {"status=not_started", " WHERE status = ?", core::TaskStatus::NotStarted, std::nullopt},
        {"phase=2", " WHERE phase = ?", std::nullopt, 2},
        {"no filter", "", std::nullopt, std::nullopt},
    };
    for (const FilterCase &f : filters) {
        for (const SortSpec &sort : kSortSpecs) {
            const std::string sql = QStringLiteral("SELECT %1 FROM tasks%2 ORDER BY %3 LIMIT 50")
                                        .arg(columns, QLatin1String(f.where),
                                             sort.column == storage::TaskSortColumn::Id
                                                 ? QStringLiteral("id")
                                                 : QLatin1String(sort.expression) + QStringLiteral(", id"))
                                        .toStdString();
            // Does an index deliver the order, or does SQLite sort every matching row?
            bool tempSort = false;
            if (sqlite3_stmt *plan = prepare(raw, ("EXPLAIN QUERY PLAN " + sql).c_str())) {
                if (f.status) {
                    sqlite3_bind_text(plan, 1, "not_started", -1, SQLITE_STATIC);
                } else if (f.phase) {
                    sqlite3_bind_int(plan, 1, *f.phase);
                }
                while (sqlite3_step(plan) == SQLITE_ROW) {
                    const char *detail = reinterpret_cast<const char *>(sqlite3_column_text(plan, 3));
                    tempSort = tempSort || (detail && std::strstr(detail, "TEMP B-TREE"));
                }
                sqlite3_finalize(plan);
            }
            int oursRows = 0;
            Row &row = measurePair(
                c.n, QStringLiteral("list"),
                QStringLiteral("task list page 50: %1, sort %2").arg(QLatin1String(f.label), QLatin1String(sort.name)),
                50,
                [&](Timer &t) {
                    storage::TaskListRequest request;
                    request.filter.status = f.status;
                    request.filter.phase = f.phase;
                    request.sort = sort.column;
                    request.limit = 50;
                    t.start();
                    auto page = ws.tasks().list(request);
                    t.stop();
                    if (!page) {
                        printError(QStringLiteral("task list"), page.error());
                        return false;
                    }
                    oursRows = int(page->size());
                    return true;
                },
                [&](Timer &t) {
                    t.start();
                    sqlite3_stmt *s = prepare(raw, sql.c_str());
                    if (!s) {
                        return false;
                    }
                    if (f.status) {
                        sqlite3_bind_text(s, 1, "not_started", -1, SQLITE_STATIC);
                    } else if (f.phase) {
                        sqlite3_bind_int(s, 1, *f.phase);
                    }
                    std::vector<std::string> cells;
                    while (sqlite3_step(s) == SQLITE_ROW) {
                        for (int i = 0; i < sqlite3_column_count(s); ++i) {
                            const auto *text = sqlite3_column_text(s, i);
                            cells.emplace_back(text ? reinterpret_cast<const char *>(text) : "");
                        }
                    }
                    sqlite3_finalize(s);
                    t.stop();
                    return true;
                });
            row.rows = oursRows;
            judgeSeconds(row, 0.050, 1000000, QStringLiteral("≤ 50 ms at 1M"));
            row.note = tempSort ? QStringLiteral("no index delivers this order: SQLite sorts all matching rows")
                                : QStringLiteral("index order");
        }
    }
}

// ------------------------------------------------------------------------------------------------ app opening

/// Peak resident memory of this process (VmHWM), in kB.
long peakRssKb()
{
    long kb = 0;
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind("VmHWM:", 0) == 0) {
            kb = std::atol(line.c_str() + 6);
        }
    }
    return kb;
}

/// Runs the event loop until `done` or `seconds` pass.
bool waitUntil(const std::function<bool()> &done, double seconds)
{
    const double end = nowSeconds() + seconds;
    while (!done()) {
        if (nowSeconds() > end) {
            return false;
        }
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        QThread::msleep(2);
    }
    return true;
}

/// How many times the gui-open child jumps to the end of the table (Ctrl+End).
constexpr int kScrollJumps = 40;

/// The child process of the gui-open workload: the real main window, in a process of its own so its memory is
/// the app's alone, opens `path` the way taskorch does (open, show, first paint), waits for the statistics the
/// status bar shows, then jumps to the end of the table kScrollJumps times. Prints its figures as JSON.
int guiOpenChild(const QString &path)
{
    QJsonObject out;
    const double t0 = nowSeconds();
    gui::MainWindow window;
    window.resize(1400, 850);
    if (core::Status s = window.openDatabase(path); !s) {
        std::fprintf(stderr, "cannot open %s: %s\n", qPrintable(path), qPrintable(s.error().message));
        return 1;
    }
    window.show();
    const QImage firstFrame = window.grab().toImage(); // paints the table with its first rows
    out[QStringLiteral("first_rows_seconds")] = nowSeconds() - t0;
    auto *model = window.taskModel();
    out[QStringLiteral("rows_loaded_at_open")] = model->rowCount();
    out[QStringLiteral("rss_after_open_kb")] = double(currentRssKb());

    auto *statistics = window.findChild<gui::StatisticsPanel *>(QStringLiteral("statisticsPanel"));
    const bool statsReady =
        statistics &&
        waitUntil([statistics] { return statistics->updateCount() > 0 && !statistics->isComputing(); }, 120);
    out[QStringLiteral("statistics_seconds")] = statsReady ? nowSeconds() - t0 : -1.0;
    out[QStringLiteral("rss_after_statistics_kb")] = double(currentRssKb());

    auto *table = window.findChild<QTableView *>(QStringLiteral("taskTable"));
    if (!table) {
        std::fprintf(stderr, "no task table\n");
        return 1;
    }
    table->setFocus();
    QJsonArray jumps;
    for (int i = 0; i < kScrollJumps; ++i) {
        const double j0 = nowSeconds();
        QKeyEvent press(QEvent::KeyPress, Qt::Key_End, Qt::ControlModifier);
        QCoreApplication::sendEvent(table, &press);
        QCoreApplication::processEvents();
        table->viewport()->grab(); // paint what is now in view
        jumps.append(nowSeconds() - j0);
    }
    out[QStringLiteral("scroll_jump_seconds")] = jumps;
    out[QStringLiteral("rows_loaded_after_scroll")] = model->rowCount();
    out[QStringLiteral("matching_rows")] = double(model->matchingCount());
    out[QStringLiteral("rss_end_kb")] = double(currentRssKb());
    out[QStringLiteral("peak_rss_kb")] = double(peakRssKb());

    // Then the person looks at the critical-path tab: read on a worker, drawn when it arrives. A 10 ms timer on the
    // GUI thread measures the longest time the window could not react.
    auto *graph = window.findChild<gui::CriticalPathView *>(QStringLiteral("criticalPathView"));
    auto *tabs = window.findChild<QTabWidget *>(QStringLiteral("viewTabs"));
    if (graph && tabs) {
        double lastTick = nowSeconds();
        double longestStall = 0;
        QTimer ticker;
        QObject::connect(&ticker, &QTimer::timeout, [&] {
            const double now = nowSeconds();
            longestStall = std::max(longestStall, now - lastTick);
            lastTick = now;
        });
        ticker.start(10);
        const double g0 = nowSeconds();
        tabs->setCurrentIndex(tabs->indexOf(tabs->widget(1)));
        const bool drawn = waitUntil([graph] { return !graph->isLoading(); }, 600);
        window.grab();
        out[QStringLiteral("graph_seconds")] = drawn ? nowSeconds() - g0 : -1.0;
        out[QStringLiteral("graph_longest_stall_seconds")] = std::max(longestStall, nowSeconds() - lastTick);
        out[QStringLiteral("graph_boxes")] = int(graph->layout().boxes().size());
        out[QStringLiteral("graph_error")] = graph->errorText();
        out[QStringLiteral("graph_peak_rss_kb")] = double(peakRssKb());
    }
    out[QStringLiteral("frame")] = QStringLiteral("%1x%2").arg(firstFrame.width()).arg(firstFrame.height());
    std::fputs(QJsonDocument(out).toJson(QJsonDocument::Compact).constData(), stdout);
    std::fputc('\n', stdout);
    return 0;
}

/// Opening a database in the desktop app (issue: first rows in ≤ 1 s at 1M tasks, under 300 MB, scrolling to the
/// end loads only what is viewed). Ours: a fresh process running the real main window (guiOpenChild). Raw: the
/// sqlite3 C API opening the file and reading what the window first shows (the first page of the table and the
/// task count of the status bar).
void workloadGuiOpen(SizeContext &c)
{
    const QString configDir = pathIn(QStringLiteral("gui-open-config"));
    QJsonObject last;
    Row &row = measurePair(
        c.n, QStringLiteral("gui-open"), QStringLiteral("app opens the database: window painted with its first rows"),
        256,
        [&](Timer &t) {
            QProcess child;
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
            env.insert(QStringLiteral("XDG_CONFIG_HOME"), configDir); // the user's settings stay untouched
            if (!env.contains(QStringLiteral("XDG_RUNTIME_DIR"))) {
                const QString runtime = configDir + QStringLiteral("/runtime");
                QDir().mkpath(runtime);
                QFile::setPermissions(runtime, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
                env.insert(QStringLiteral("XDG_RUNTIME_DIR"), runtime);
            }
            child.setProcessEnvironment(env);
            child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
            child.start(QCoreApplication::applicationFilePath(), {QStringLiteral("--gui-open-child"), c.datasetDb});
            if (!child.waitForFinished(600000) || child.exitCode() != 0) {
                std::fprintf(stderr, "gui-open child failed (exit %d)\n", child.exitCode());
                return false;
            }
            last = QJsonDocument::fromJson(child.readAllStandardOutput().trimmed()).object();
            if (last.isEmpty()) {
                return false;
            }
            // The child measured itself: its figures replace the timer's.
            t.elapsed = last[QStringLiteral("first_rows_seconds")].toDouble();
            t.startRssKb = 0;
            t.peakKb = long(last[QStringLiteral("rss_after_open_kb")].toDouble());
            return true;
        },
        [&](Timer &t) {
            const std::string sql = QStringLiteral("SELECT %1 FROM tasks ORDER BY id LIMIT 256")
                                        .arg(core::Task::spec().columnNames(true).join(QStringLiteral(", ")))
                                        .toStdString();
            t.start();
            RawDb db(c.datasetDb);
            sqlite3_stmt *page = db ? prepare(db.db, sql.c_str()) : nullptr;
            sqlite3_stmt *count = db ? prepare(db.db, "SELECT count(*) FROM tasks") : nullptr;
            bool ok = page && count;
            while (ok && sqlite3_step(page) == SQLITE_ROW) {
                for (int i = 0; i < sqlite3_column_count(page); ++i) {
                    sqlite3_column_text(page, i);
                }
            }
            ok = ok && sqlite3_step(count) == SQLITE_ROW && sqlite3_column_int64(count, 0) == c.n;
            sqlite3_finalize(page);
            sqlite3_finalize(count);
            t.stop();
            return ok;
        });
    judgeSeconds(row, 1.0, 1000000, QStringLiteral("≤ 1 s at 1M"));
    row.note = QStringLiteral("a fresh process; %1 rows loaded; RSS after the first paint %2 MB; raw = open + first "
                              "page + count")
                   .arg(last[QStringLiteral("rows_loaded_at_open")].toInt())
                   .arg(last[QStringLiteral("rss_after_open_kb")].toDouble() / 1024, 0, 'f', 0);
    if (row.ours.failed) {
        return;
    }

    // Memory: the whole process, from start through the statistics the status bar shows and the scrolling below.
    const double peakMb = last[QStringLiteral("peak_rss_kb")].toDouble() / 1024;
    Row memory;
    memory.size = c.n;
    memory.group = QStringLiteral("gui-open");
    memory.workload =
        QStringLiteral("  app memory: peak RSS of the process (open, statistics, %1 jumps)").arg(kScrollJumps);
    memory.rows = c.n;
    memory.ours.seconds = {last[QStringLiteral("statistics_seconds")].toDouble()};
    memory.ours.peakKb = long(last[QStringLiteral("peak_rss_kb")].toDouble());
    memory.target = QStringLiteral("< 300 MB");
    const bool memoryMet = peakMb < 300;
    memory.verdict = c.n >= 1000000 ? (memoryMet ? QStringLiteral("met") : QStringLiteral("MISSED"))
                                    : (memoryMet ? QStringLiteral("(met)") : QStringLiteral("(missed)"));
    memory.note = QStringLiteral("time = until the statistics panel's first result; RSS after it %1 MB, at the end "
                                 "%2 MB")
                      .arg(last[QStringLiteral("rss_after_statistics_kb")].toDouble() / 1024, 0, 'f', 0)
                      .arg(last[QStringLiteral("rss_end_kb")].toDouble() / 1024, 0, 'f', 0);
    g_run->rows.push_back(memory);

    // Scrolling: each jump to the end fetches one more page (fetchMore), never the whole table.
    std::vector<double> jumps;
    for (const QJsonValue &v : last[QStringLiteral("scroll_jump_seconds")].toArray()) {
        jumps.push_back(v.toDouble());
    }
    const int loaded = last[QStringLiteral("rows_loaded_after_scroll")].toInt();
    const int atOpen = last[QStringLiteral("rows_loaded_at_open")].toInt();
    Row scroll;
    scroll.size = c.n;
    scroll.group = QStringLiteral("gui-open");
    scroll.workload = QStringLiteral("  Ctrl+End in the table, one jump (median of %1)").arg(kScrollJumps);
    scroll.rows = loaded - atOpen;
    scroll.ours.seconds = {median(jumps)};
    scroll.ours.peakKb = long(last[QStringLiteral("rss_end_kb")].toDouble());
    scroll.target = QStringLiteral("loads only what is viewed");
    // Each jump may fetch the page after the last loaded row, and nothing else.
    const bool onlyViewed = loaded - atOpen <= (kScrollJumps + 1) * 256 && loaded < c.n;
    scroll.verdict = onlyViewed ? QStringLiteral("met") : QStringLiteral("MISSED");
    scroll.note = QStringLiteral("%1 of %2 rows loaded after %3 jumps (%4 at open); slowest jump %5 ms")
                      .arg(loaded)
                      .arg(qint64(last[QStringLiteral("matching_rows")].toDouble()))
                      .arg(kScrollJumps)
                      .arg(atOpen)
                      .arg(*std::max_element(jumps.begin(), jumps.end()) * 1000, 0, 'f', 1);
    g_run->rows.push_back(scroll);

    // The critical-path tab, first shown after all that.
    Row graph;
    graph.size = c.n;
    graph.group = QStringLiteral("gui-open");
    graph.workload = QStringLiteral("  then the critical-path tab: read on a worker, drawn");
    graph.rows = c.n;
    graph.ours.seconds = {last[QStringLiteral("graph_seconds")].toDouble()};
    graph.ours.peakKb = long(last[QStringLiteral("graph_peak_rss_kb")].toDouble());
    graph.target = QStringLiteral("window responsive");
    const double stall = last[QStringLiteral("graph_longest_stall_seconds")].toDouble();
    graph.verdict = stall <= 0.25 && graph.oursMedian() >= 0 ? QStringLiteral("info") : QStringLiteral("SLOW");
    graph.note = QStringLiteral("%1 boxes; longest GUI-thread stall %2 ms%3")
                     .arg(last[QStringLiteral("graph_boxes")].toInt())
                     .arg(stall * 1000, 0, 'f', 0)
                     .arg(last[QStringLiteral("graph_error")].toString().isEmpty()
                              ? QString()
                              : QStringLiteral("; error: ") + last[QStringLiteral("graph_error")].toString());
    g_run->rows.push_back(graph);
}

// ------------------------------------------------------------------------------------------------ plan quality

/// A random layered DAG: layers of 1–50 tasks, each task 0–3 prerequisites from the previous two layers.
void layeredDag(int n, std::uint64_t seed, QList<core::ScheduleTask> &tasks, QList<core::ScheduleLink> &links)
{
    static constexpr double kHours[] = {0.25, 0.5, 1.0, 2.0, 4.0, 8.0};
    std::mt19937_64 rng(seed);
    tasks.clear();
    links.clear();
    std::vector<std::pair<int, int>> layers; // [begin, end) ids
    int next = 1;
    while (next <= n) {
        const int width = std::min(int(1 + rng() % 50), n - next + 1);
        layers.push_back({next, next + width});
        for (int id = next; id < next + width; ++id) {
            tasks.append({id, core::hoursToMinutes(kHours[rng() % 6])});
            if (layers.size() > 1) {
                const int from = layers[std::max<size_t>(0, layers.size() >= 3 ? layers.size() - 3 : 0)].first;
                const int to = layers[layers.size() - 2].second; // previous two layers
                const int count = int(rng() % 4);
                std::vector<int> picked;
                for (int k = 0; k < count && int(picked.size()) < to - from; ++k) {
                    int p;
                    do {
                        p = from + int(rng() % unsigned(to - from));
                    } while (std::find(picked.begin(), picked.end(), p) != picked.end());
                    picked.push_back(p);
                    core::ScheduleLink link;
                    link.predecessorId = p;
                    link.successorId = id;
                    links.append(link);
                }
            }
        }
        next += width;
    }
}

void planQuality()
{
    const int dags = g_run->options.qualityDags;
    QJsonObject out;
    out[QStringLiteral("dags")] = dags;
    out[QStringLiteral("tasks_per_dag")] = 1000;
    std::fprintf(stderr, "\n== plan quality: %d random layered DAGs of 1,000 tasks (ParallelPlanner) ==\n", dags);
    std::fprintf(stderr, "%-4s %12s %12s %12s %12s %10s  %s\n", "K", "mean flow/LB", "max flow/LB", "mean wave/LB",
                 "max wave/LB", "time/plan", "target");
    for (int k : {4, 8, 16}) {
        double flowSum = 0, waveSum = 0, flowMax = 0, waveMax = 0, seconds = 0;
        int done = 0;
        for (int i = 0; i < dags; ++i) {
            QList<core::ScheduleTask> tasks;
            QList<core::ScheduleLink> links;
            layeredDag(1000, g_run->options.seed * 31 + std::uint64_t(i), tasks, links);
            auto graph = core::DependencyGraph::build(tasks, links);
            if (!graph) {
                printError(QStringLiteral("quality graph"), graph.error());
                continue;
            }
            const double t0 = nowSeconds();
            auto plan = core::ParallelPlanner::plan(*graph, k);
            seconds += nowSeconds() - t0;
            if (!plan) {
                printError(QStringLiteral("ParallelPlanner::plan"), plan.error());
                continue;
            }
            flowSum += plan->flowRatio;
            waveSum += plan->waveRatio;
            flowMax = std::max(flowMax, plan->flowRatio);
            waveMax = std::max(waveMax, plan->waveRatio);
            ++done;
        }
        if (done == 0) {
            continue;
        }
        const double flowMean = flowSum / done, waveMean = waveSum / done;
        const double waveLimit = k == 4 ? 1.10 : k == 16 ? 1.35 : 0;
        QString target = QStringLiteral("flow ≤ 1.02");
        bool met = flowMean <= 1.02;
        if (waveLimit > 0) {
            target += QStringLiteral(", wave ≤ %1").arg(waveLimit, 0, 'f', 2);
            met = met && waveMean <= waveLimit;
        }
        std::fprintf(stderr, "%-4d %12.4f %12.4f %12.4f %12.4f %8.1fms  %s: %s\n", k, flowMean, flowMax, waveMean,
                     waveMax, 1000 * seconds / done, qPrintable(target), met ? "met" : "MISSED");
        QJsonObject entry;
        entry[QStringLiteral("mean_flow_ratio")] = flowMean;
        entry[QStringLiteral("max_flow_ratio")] = flowMax;
        entry[QStringLiteral("mean_wave_ratio")] = waveMean;
        entry[QStringLiteral("max_wave_ratio")] = waveMax;
        entry[QStringLiteral("seconds_per_plan")] = seconds / done;
        entry[QStringLiteral("target")] = target;
        entry[QStringLiteral("verdict")] = met ? QStringLiteral("met") : QStringLiteral("MISSED");
        out[QStringLiteral("K%1").arg(k)] = entry;
    }
    g_run->quality = out;
}

// ------------------------------------------------------------------------------------------------ output

QString readFirstLine(const char *path, const char *prefix)
{
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line)) {
        if (!prefix || line.rfind(prefix, 0) == 0) {
            return QString::fromStdString(line);
        }
    }
    return {};
}

QJsonObject machineInfo()
{
    QJsonObject m;
    m[QStringLiteral("nproc")] = int(std::thread::hardware_concurrency());
    QString cpu = readFirstLine("/proc/cpuinfo", "model name");
    m[QStringLiteral("cpu")] = cpu.section(QLatin1Char(':'), 1).trimmed();
    m[QStringLiteral("memory")] = readFirstLine("/proc/meminfo", "MemTotal").section(QLatin1Char(':'), 1).trimmed();
    m[QStringLiteral("loadavg_start")] = readFirstLine("/proc/loadavg", nullptr);
    m[QStringLiteral("date")] = QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
    m[QStringLiteral("sqlite")] = QString::fromLatin1(sqlite3_libversion());
    m[QStringLiteral("qt")] = QString::fromLatin1(qVersion());
    m[QStringLiteral("build_type")] = QString::fromLatin1(TASKORCH_BENCH_BUILD_TYPE);
    m[QStringLiteral("peak_reset")] = g_peakResettable;
    return m;
}

QString human(double v)
{
    if (v < 0) {
        return QStringLiteral("—");
    }
    if (v >= 1e6) {
        return QStringLiteral("%1M").arg(v / 1e6, 0, 'f', 2);
    }
    if (v >= 1e3) {
        return QStringLiteral("%1k").arg(v / 1e3, 0, 'f', 0);
    }
    return QString::number(v, 'f', 0);
}

QString seconds(double s)
{
    if (s < 0) {
        return QStringLiteral("—");
    }
    if (s < 0.1) {
        return QStringLiteral("%1 ms").arg(s * 1000, 0, 'f', 2);
    }
    return QStringLiteral("%1 s").arg(s, 0, 'f', 3);
}

void printTable(std::int64_t size)
{
    std::fprintf(stderr, "\n== %lld tasks ==\n", static_cast<long long>(size));
    std::fprintf(stderr, "%-64s %9s %11s %11s %7s %9s %15s %4s  %-28s %s\n", "workload", "rows", "TaskOrch", "raw",
                 "ratio", "rows/s", "peak MB (Δ)", "reps", "target", "verdict");
    for (const Row &r : g_run->rows) {
        if (r.size != size) {
            continue;
        }
        const QString ratio = r.ratio() < 0 ? QStringLiteral("—") : QStringLiteral("%1×").arg(r.ratio(), 0, 'f', 2);
        const QString peak = QStringLiteral("%1 (%2)").arg(r.ours.peakKb / 1024).arg(r.ours.peakDeltaKb / 1024);
        std::fprintf(stderr, "%-64s %9s %11s %11s %7s %9s %15s %4zu  %-28s %s\n", qPrintable(r.workload),
                     qPrintable(human(double(r.rows))), qPrintable(seconds(r.oursMedian())),
                     qPrintable(seconds(r.hasRaw ? r.rawMedian() : -1)), qPrintable(ratio),
                     qPrintable(human(r.rowsPerSecond())), qPrintable(peak), r.ours.seconds.size(),
                     qPrintable(r.target), qPrintable(r.verdict));
        if (!r.note.isEmpty()) {
            std::fprintf(stderr, "%-64s   note: %s\n", "", qPrintable(r.note));
        }
    }
}

void printGroup(const QString &group, const QString &title)
{
    std::fprintf(stderr, "\n== %s ==\n", qPrintable(title));
    std::fprintf(stderr, "%-90s %9s %11s %4s  %-22s %s\n", "workload", "tasks", "time", "reps", "target", "verdict");
    for (const Row &r : g_run->rows) {
        if (r.group != group) {
            continue;
        }
        std::fprintf(stderr, "%-90s %9s %11s %4zu  %-22s %s\n", qPrintable(r.workload),
                     qPrintable(human(double(r.size))), qPrintable(seconds(r.oursMedian())), r.ours.seconds.size(),
                     qPrintable(r.target), qPrintable(r.verdict));
        if (!r.note.isEmpty()) {
            std::fprintf(stderr, "%-90s   note: %s\n", "", qPrintable(r.note));
        }
    }
}

QJsonArray toJson(const std::vector<double> &v)
{
    QJsonArray a;
    for (double x : v) {
        a.append(x);
    }
    return a;
}

QJsonObject toJson(const Row &r)
{
    QJsonObject o;
    o[QStringLiteral("size")] = qint64(r.size);
    o[QStringLiteral("group")] = r.group;
    o[QStringLiteral("workload")] = r.workload.trimmed();
    o[QStringLiteral("rows")] = qint64(r.rows);
    o[QStringLiteral("seconds")] = r.oursMedian();
    o[QStringLiteral("seconds_all")] = toJson(r.ours.seconds);
    o[QStringLiteral("rows_per_second")] = r.rowsPerSecond();
    o[QStringLiteral("peak_rss_mb")] = double(r.ours.peakKb) / 1024;
    o[QStringLiteral("peak_growth_mb")] = double(r.ours.peakDeltaKb) / 1024;
    if (r.hasRaw) {
        o[QStringLiteral("raw_seconds")] = r.rawMedian();
        o[QStringLiteral("raw_seconds_all")] = toJson(r.raw.seconds);
        o[QStringLiteral("raw_peak_rss_mb")] = double(r.raw.peakKb) / 1024;
        o[QStringLiteral("ratio")] = r.ratio();
    }
    o[QStringLiteral("reps")] = int(r.ours.seconds.size());
    o[QStringLiteral("target")] = r.target;
    o[QStringLiteral("verdict")] = r.verdict;
    o[QStringLiteral("note")] = r.note;
    o[QStringLiteral("failed")] = r.ours.failed || r.raw.failed;
    return o;
}

// ------------------------------------------------------------------------------------------------ per size

bool runSize(std::int64_t n)
{
    SizeContext c;
    c.n = n;
    double t0 = nowSeconds();
    c.data = generateDataset(n, g_run->options.seed);
    std::fprintf(stderr, "\n-- %lld tasks: generated %zu dependencies, %zu progress rows, %zu comments in %.1f s\n",
                 static_cast<long long>(n), c.data.dependencies.size(), c.data.progress.size(), c.data.comments.size(),
                 nowSeconds() - t0);
    c.templateDb = pathIn(QStringLiteral("template.db"));
    if (!QFile::exists(c.templateDb)) {
        auto ws = openWorkspace(c.templateDb);
        if (!ws) {
            return false;
        }
    }
    c.tasksOnlyDb = pathIn(QStringLiteral("tasks_only_%1.db").arg(n));
    c.datasetDb = pathIn(QStringLiteral("dataset_%1.db").arg(n));
    t0 = nowSeconds();
    // A --keep run leaves a marker naming its seed once both databases are filled; --reuse trusts only that.
    const QString filledMarker = pathIn(QStringLiteral("filled_%1.seed").arg(n));
    const QByteArray seedText = QByteArray::number(qulonglong(g_run->options.seed));
    QFile marker(filledMarker);
    const bool reuse = g_run->options.reuse && marker.open(QIODevice::ReadOnly) && marker.readAll() == seedText &&
                       QFile::exists(c.tasksOnlyDb) && QFile::exists(c.datasetDb);
    marker.close();
    QFile::remove(filledMarker);
    for (const QString &path : {c.tasksOnlyDb, c.datasetDb}) {
        if (reuse) {
            break;
        }
        if (!copyDb(c.templateDb, path)) {
            return false;
        }
        RawDb db(path);
        bool ok = execSql(db.db, "BEGIN") && rawInsertTasks(db.db, c.data);
        if (path == c.datasetDb) {
            ok = ok && rawInsertDependencies(db.db, c.data) && rawInsertHistory(db.db, c.data);
        }
        ok = ok && execSql(db.db, "COMMIT") && execSql(db.db, "PRAGMA wal_checkpoint(TRUNCATE)");
        if (!ok) {
            return false;
        }
    }
    progressLine(reuse ? QStringLiteral("databases of an earlier --keep run reused")
                       : QStringLiteral("databases filled in %1 s").arg(nowSeconds() - t0, 0, 'f', 1));

    if (wants(QStringLiteral("create"))) {
        workloadCreate(c);
    }
    if (wants(QStringLiteral("deps"))) {
        workloadDependencies(c);
    }
    {
        auto ws = openWorkspace(c.datasetDb);
        RawDb raw(c.datasetDb);
        if (!ws || !raw) {
            return false;
        }
        if (wants(QStringLiteral("stats"))) {
            workloadStatistics(c, *ws, raw.db);
        }
        if (wants(QStringLiteral("stats-panel"))) {
            workloadStatisticsPanel(c, *ws, raw.db);
        }
        if (wants(QStringLiteral("cpm"))) {
            workloadCriticalPath(c, *ws, raw.db);
        }
        if (wants(QStringLiteral("plan"))) {
            workloadPlan(c, *ws);
        }
        if (wants(QStringLiteral("csv"))) {
            workloadCsv(c, *ws, raw.db);
        }
        if (wants(QStringLiteral("list"))) {
            workloadList(c, *ws, raw.db);
        }
    }
    if (wants(QStringLiteral("cpm-mem"))) {
        workloadCpmInMemory(n);
    }
    if (wants(QStringLiteral("import"))) {
        workloadImport(c);
    }
    if (wants(QStringLiteral("gui-open"))) {
        workloadGuiOpen(c);
    }
    if (!g_run->options.keep) {
        removeDb(c.tasksOnlyDb);
        removeDb(c.datasetDb);
    } else if (marker.open(QIODevice::WriteOnly)) {
        marker.write(seedText);
    }
    printTable(n);
    return true;
}

bool parseOptions(const QStringList &args, Options &o)
{
    bool tiny = false;
    for (int i = 1; i < args.size(); ++i) {
        const QString &a = args[i];
        auto value = [&]() -> QString { return i + 1 < args.size() ? args[++i] : QString(); };
        if (a == QStringLiteral("--json")) {
            o.json = true;
        } else if (a == QStringLiteral("--quick")) {
            o.quick = true;
        } else if (a == QStringLiteral("--tiny")) {
            o.quick = true;
            tiny = true;
        } else if (a == QStringLiteral("--sizes")) {
            o.sizes.clear();
            for (const QString &s : value().split(QLatin1Char(','), Qt::SkipEmptyParts)) {
                bool ok = false;
                const qint64 n = s.trimmed().toLongLong(&ok);
                if (!ok || n < 100) {
                    std::fprintf(stderr, "bad size: %s (at least 100)\n", qPrintable(s));
                    return false;
                }
                o.sizes.push_back(n);
            }
        } else if (a == QStringLiteral("--dir")) {
            o.dir = value();
        } else if (a == QStringLiteral("--reps")) {
            o.reps = std::max(1, value().toInt());
        } else if (a == QStringLiteral("--budget")) {
            o.budgetSeconds = value().toDouble();
        } else if (a == QStringLiteral("--only")) {
            o.only = value().split(QLatin1Char(','), Qt::SkipEmptyParts);
            for (const QString &g : o.only) {
                if (!kGroups.contains(g)) {
                    std::fprintf(stderr, "unknown group: %s\n", qPrintable(g));
                    return false;
                }
            }
        } else if (a == QStringLiteral("--keep")) {
            o.keep = true;
        } else if (a == QStringLiteral("--reuse")) {
            o.reuse = true;
        } else if (a == QStringLiteral("--quality-dags")) {
            o.qualityDags = std::max(1, value().toInt());
        } else if (a == QStringLiteral("--seed")) {
            o.seed = value().toULongLong();
        } else if (a == QStringLiteral("--help") || a == QStringLiteral("-h")) {
            usage();
            std::exit(0);
        } else {
            std::fprintf(stderr, "unknown argument: %s\n", qPrintable(a));
            usage();
            return false;
        }
    }
    if (o.quick) {
        o.sizes = {tiny || !isReleaseBuild() ? 2000 : 10000};
        o.reps = std::min(o.reps, 3);
        o.qualityDags = std::min(o.qualityDags, 10);
        o.budgetSeconds = std::min(o.budgetSeconds, 5.0);
    }
    if (o.sizes.empty()) {
        o.sizes = {10000, 100000, 1000000};
    }
    return true;
}

} // namespace

int main(int argc, char **argv)
{
    // The graph and statistics-panel workloads draw widgets into images: no display needed.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") && qEnvironmentVariableIsEmpty("DISPLAY") &&
        qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")) {
        qputenv("QT_QPA_PLATFORM", "offscreen");
    }
    // The offscreen platform says so every time a widget is shown; the workloads show a few.
    static const QtMessageHandler defaultHandler = qInstallMessageHandler(nullptr);
    qInstallMessageHandler([](QtMsgType type, const QMessageLogContext &context, const QString &message) {
        if (!message.contains(QStringLiteral("propagateSizeHints"))) {
            defaultHandler(type, context, message);
        }
    });
    QApplication app(argc, argv);
    if (app.arguments().size() == 3 && app.arguments().at(1) == QStringLiteral("--gui-open-child")) {
        return guiOpenChild(app.arguments().at(2));
    }
    Run run;
    run.rows.reserve(1024); // rows are handed out by reference while later ones are appended
    g_run = &run;
    if (!parseOptions(app.arguments(), run.options)) {
        return 1;
    }
    {
        resetPeak();
        std::vector<char> probe(64 << 20, 1); // touch 64 MB, free it, reset: does the peak come back down?
        probe.clear();
        probe.shrink_to_fit();
        resetPeak();
        g_peakResettable = maxRssKb() < currentRssKb() + 32 * 1024;
    }
    std::optional<QTemporaryDir> temporary;
    if (run.options.dir.isEmpty()) {
        temporary.emplace(QDir::tempPath() + QStringLiteral("/taskorch-bench-XXXXXX"));
        if (!temporary->isValid()) {
            std::fprintf(stderr, "cannot create a temporary folder\n");
            return 1;
        }
        g_dir = temporary->path();
    } else {
        QDir().mkpath(run.options.dir);
        g_dir = QDir(run.options.dir).absolutePath();
    }
    run.machine = machineInfo();
    std::fprintf(stderr, "taskorch-bench (%s build), SQLite %s, Qt %s, %d cores, %s, %s\n", TASKORCH_BENCH_BUILD_TYPE,
                 sqlite3_libversion(), qVersion(), int(std::thread::hardware_concurrency()),
                 qPrintable(run.machine[QStringLiteral("cpu")].toString()),
                 qPrintable(run.machine[QStringLiteral("memory")].toString()));
    std::fprintf(stderr, "load average at start: %s; peak memory per workload: %s; work folder %s\n",
                 qPrintable(run.machine[QStringLiteral("loadavg_start")].toString()),
                 g_peakResettable ? "reset before each measurement" : "process high-water mark (not resettable)",
                 qPrintable(g_dir));
    std::fprintf(stderr, "medians of up to %d interleaved repetitions; fewer when a workload exceeds %.0f s\n",
                 run.options.reps, run.options.budgetSeconds);
    bool ok = true;
    // Graph and plan quality run at sizes of their own; skip filling the databases when only they are asked for.
    const bool sized = std::any_of(kGroups.cbegin(), kGroups.cend(), [](const QString &g) {
        return g != QStringLiteral("graph") && g != QStringLiteral("quality") && wants(g);
    });
    for (std::int64_t n : run.options.sizes) {
        if (sized) {
            ok = runSize(n) && ok;
        }
    }
    if (wants(QStringLiteral("graph"))) {
        const QString templateDb = pathIn(QStringLiteral("template.db"));
        if (!QFile::exists(templateDb) && !openWorkspace(templateDb)) {
            return 1;
        }
        workloadGraph(templateDb);
        printGroup(QStringLiteral("graph"), QStringLiteral("critical-path graph view (offscreen)"));
    }
    if (wants(QStringLiteral("quality"))) {
        planQuality();
    }
    run.machine[QStringLiteral("loadavg_end")] = readFirstLine("/proc/loadavg", nullptr);
    std::fprintf(stderr, "\nload average at end: %s\n",
                 qPrintable(run.machine[QStringLiteral("loadavg_end")].toString()));
    if (run.options.json) {
        QJsonObject root;
        root[QStringLiteral("machine")] = run.machine;
        QJsonArray results;
        for (const Row &r : run.rows) {
            results.append(toJson(r));
            ok = ok && !(r.ours.failed || r.raw.failed);
        }
        root[QStringLiteral("results")] = results;
        root[QStringLiteral("plan_quality")] = run.quality;
        std::fputs(QJsonDocument(root).toJson(QJsonDocument::Indented).constData(), stdout);
    } else {
        for (const Row &r : run.rows) {
            ok = ok && !(r.ours.failed || r.raw.failed);
        }
    }
    return ok ? 0 : 1;
}
