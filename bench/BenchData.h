// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ScheduleTypes.h"

#include <QList>

#include <cstdint>
#include <string>
#include <vector>

struct sqlite3;

namespace taskorch::bench {

/// One generated task. Ids are 1…N in generation order (the order they are inserted into an empty database).
struct GenTask
{
    std::string title;
    std::string description; ///< empty with hasDescription == false means NULL
    bool hasDescription = false;
    int component = 0;     ///< index into componentNames()
    int phase = 1;         ///< 1–4, ascending with the id (a plan runs phase by phase)
    int priority = 1;      ///< Priority ordinal 0–3
    int complexity = 1;    ///< Complexity ordinal 0–3
    int status = 0;        ///< TaskStatus ordinal 0–4
    double hours = 1.0;    ///< from {0.25, 0.5, 1, 2, 4, 8}
    std::string createdAt; ///< canonical `2025-01-01T00:00:00.000Z`
    std::string updatedAt;
};

struct GenDependency
{
    std::int64_t taskId = 0;          ///< the dependent
    std::int64_t dependsOnTaskId = 0; ///< the prerequisite (always a smaller id: the network is a DAG)
};

struct GenProgress
{
    std::int64_t taskId = 0;
    int percentage = 0;
    std::string notes;
    std::string createdAt;
};

struct GenComment
{
    std::int64_t taskId = 0;
    std::string text;
    int type = 0; ///< CommentType ordinal
    std::string createdAt;
};

/// A task network with the shape of a real plan: four phases in order, ~20 components, 0–3 hard prerequisites per
/// task chosen among the previous `window` tasks, estimates from {0.25, 0.5, 1, 2, 4, 8} h, early tasks mostly
/// completed, a few in progress / blocked / failed, progress history and comments on some tasks.
struct Dataset
{
    std::vector<GenTask> tasks;
    std::vector<GenDependency> dependencies;
    std::vector<GenProgress> progress;
    std::vector<GenComment> comments;
};

/// Deterministic for a given (n, seed).
Dataset generateDataset(std::int64_t n, std::uint64_t seed, int window = 50);

const std::vector<std::string> &componentNames();
const char *priorityName(int ordinal);
const char *complexityName(int ordinal);
const char *statusName(int ordinal);
const char *commentTypeName(int ordinal);

/// Canonical UTC timestamp (`2025-01-01T00:00:00.000Z`) `seconds` after 2025-01-01.
std::string canonicalTimestamp(std::int64_t seconds);

/// Row counts of a generated generation-A legacy file.
struct LegacyCounts
{
    std::int64_t tasks = 0;
    std::int64_t dependencies = 0;
    std::int64_t progress = 0;
    std::int64_t comments = 0;
    std::int64_t total() const { return tasks + dependencies + progress + comments; }
};

/// Writes a generation-A legacy tracker file (LEGACY_FORMATS.md §4: plain types, Title-case priority and
/// complexity, lower-case status, `YYYY-MM-DD HH:MM:SS` timestamps, rollback journal) with the tasks of `data`,
/// 2 dependencies per task (window 50), one progress row per task and comments on 30 % of the tasks — the shape
/// of issue 3's figure (1M tasks, 2M dependencies, 1M progress rows, 300k comments). Returns the row counts, or
/// tasks == -1 on an SQLite error (printed to stderr).
LegacyCounts writeLegacyGenerationA(const std::string &path, const Dataset &data, std::uint64_t seed);

/// An in-memory network for the scheduling maths: ids 1…n, durations in minutes from the estimate set, and
/// `edgesPerTask` distinct FS prerequisites per task (fewer for the first tasks) within the previous `window`
/// tasks. With edgesPerTask < 0, each task gets a random 0–3.
void generateScheduleNetwork(std::int64_t n, int edgesPerTask, std::uint64_t seed, QList<core::ScheduleTask> &tasks,
                             QList<core::ScheduleLink> &links, int window = 50);

/// Runs `sql` (several statements allowed); prints the error and returns false on failure.
bool execSql(sqlite3 *db, const char *sql);

} // namespace taskorch::bench
