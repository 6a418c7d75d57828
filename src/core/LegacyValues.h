// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Pure conversions of legacy tracker values onto TaskOrch's canonical ones (LEGACY_FORMATS.md §14, SPEC.md §8).
// The importer in `storage` reads cells and writes rows; every rule about what a legacy value means lives here.

#include "Enums.h"

#include <QByteArrayView>
#include <QString>
#include <QStringView>

#include <optional>

namespace taskorch::core::legacy {

/// Why a value had to change to fit; written to `import_issues.code` (SPEC.md §8).
enum class IssueCode
{
    None,                 ///< nothing changed (case and spacing of a known spelling do not count)
    Synonym,              ///< a legacy word that meant more than its canonical value, e.g. `partial` → in_progress
    UnknownValue,         ///< not a known spelling: the default was stored
    NullDefault,          ///< NULL or empty where a value is required: the default was stored
    InvalidNumber,        ///< text that is not a number where a number is required: the default was stored
    Clamped,              ///< a number outside its range, moved to the nearest bound
    OutOfRange,           ///< a number that makes no sense (e.g. hours ≤ 0): the default was stored
    Rounded,              ///< a fractional number where a whole one is required
    Truncated,            ///< text longer than its column allows, cut
    UnparseableTimestamp, ///< not a time in any known format: the import time was stored
    TimestampClamped,     ///< updated_at earlier than created_at: created_at was stored
    MissingParent,        ///< parent_task_id points at no task: NULL was stored
    SelfParent,           ///< a task is its own parent: NULL was stored
    ParentCycle,          ///< parent links form a cycle: the newest link was set to NULL
    ExtraColumn,          ///< a column the new schema has no place for; its value is kept only in import_issues
    InvalidJson,          ///< JSON text that does not parse: NULL was stored
};

/// The stored spelling of an issue code, e.g. `unknown_value`.
QString toString(IssueCode code);

/// A legacy value mapped onto a canonical one.
template <typename T> struct Normalised
{
    T value{};
    bool changed = false;             ///< the stored value differs from the raw one beyond case and spacing
    bool known = true;                ///< the raw value is one the mapping accepts (false: a default was taken)
    IssueCode code = IssueCode::None; ///< why it changed; None exactly when `changed` is false
};

/// Trims, case-folds, and turns runs of spaces, hyphens and underscores into one `_`: `Not-Started ` → `not_started`.
QString foldSpelling(QStringView raw);

// Enumerations (LEGACY_FORMATS.md §14). A null view (`QStringView()`) stands for SQL NULL. A known spelling that
// differs from the canonical one only in case and spacing (`NOT_STARTED`, `Critical`, `in progress`), or a synonym
// that means exactly the canonical value (`done`, `Low` complexity), is not a change. A synonym that merges a legacy
// state into a broader one (`partial`, `requires_assistance`, `cancelled`, `backlog`, `enables`) is recorded.

/// not_started ← todo, pending, backlog, empty; in_progress ← running, started, partial; blocked ←
/// requires_assistance; completed ← done, complete; failed ← cancelled; unknown → not_started.
Normalised<TaskStatus> normaliseStatus(QStringView raw);
/// critical, high, medium, low; anything else or NULL → medium.
Normalised<Priority> normalisePriority(QStringView raw);
/// simple ← low; complex ← high; expert ← very_high; anything else or NULL → medium.
Normalised<Complexity> normaliseComplexity(QStringView raw);
/// blocks, requires, enhances; enables → enhances; anything else or NULL → blocks.
Normalised<DependencyType> normaliseDependencyType(QStringView raw);
/// note, decision, blocker, solution; anything else → note.
Normalised<CommentType> normaliseCommentType(QStringView raw);
/// pending, running, completed, failed, cancelled; anything else → pending.
Normalised<ExecutionStatus> normaliseExecutionStatus(QStringView raw);
/// debug, info, warning (← warn), error; anything else → info.
Normalised<LogLevel> normaliseLogLevel(QStringView raw);

/// A numeric cell of a legacy row: SQL NULL, a number, or something that is not a number (text, blob).
struct NumberCell
{
    enum class Kind
    {
        Null,
        Number,
        NotANumber
    };
    Kind kind = Kind::Null;
    double value = 0.0;

    static NumberCell null() { return {}; }
    static NumberCell number(double v) { return {Kind::Number, v}; }
    static NumberCell notANumber() { return {Kind::NotANumber, 0.0}; }
};

/// Roadmap phase 1–4: NULL or not a number → 1; fractions rounded; outside → clamped.
Normalised<int> normalisePhase(NumberCell raw);
/// Estimate in hours, 0.1–200: NULL, ≤ 0 or not a number → 1.0; below 0.1 → 0.1; above 200 → 200.
Normalised<double> normaliseEstimateHours(NumberCell raw);
/// Progress 0–100, rounded and clamped. NULL or not a number has no safe default: `known` is false (quarantine).
Normalised<int> normalisePercentage(NumberCell raw);
/// Parallelism 1–50: NULL or not a number → 5; clamped.
Normalised<int> normaliseMaxParallel(NumberCell raw);
/// Hours that may be 0 (group totals, a group task's hours): NULL, negative or not a number → 0.
Normalised<double> normaliseNonNegativeHours(NumberCell raw);
/// A whole number ≥ 0 (execution order, duration in minutes): NULL or not a number → 0; rounded; clamped at 0.
Normalised<qint64> normaliseNonNegativeCount(NumberCell raw);

/// Parses a decimal number from text (leading and trailing spaces allowed, `.` as the decimal point whatever the
/// locale). Nothing when the text is not a number.
std::optional<double> parseNumber(QByteArrayView utf8);

// Timestamps (LEGACY_FORMATS.md §7, H11), as milliseconds since the Unix epoch in UTC.

/// Every legacy shape: `YYYY-MM-DD[ T]HH:MM[:SS[.f…]]` with an optional `Z` or offset, a bare date, or epoch
/// seconds. Zone-less values are taken as UTC. Nothing when the text is not a time (or outside years 1–9999).
std::optional<qint64> parseTimestampMs(QByteArrayView utf8);
/// A numeric cell: a Julian day number (SQLite's julianday()) in [1e6, 1e7), Unix epoch seconds in [1e8, 1e11) or
/// epoch milliseconds in [1e11, 1e14). Nothing otherwise, or when outside the years 1–9999.
std::optional<qint64> timestampFromNumber(double value);
/// The canonical stored form `2025-08-03T22:30:31.958Z` (exactly 24 characters), as Timestamp::format writes it.
void formatTimestampMs(qint64 msSinceEpoch, char out[24]);
QString formatTimestampMs(qint64 msSinceEpoch);

// Text limits. Column limits count UTF-16 code units (what QString::size() counts), which is never fewer than the
// characters SQLite's length() counts, so text cut this way fits both.

/// UTF-16 code units of UTF-8 text.
qsizetype utf16Length(QByteArrayView utf8);
/// The number of leading bytes of `utf8` that hold at most `maxUnits` UTF-16 code units without splitting a
/// character.
qsizetype truncatedByteLength(QByteArrayView utf8, qsizetype maxUnits);

} // namespace taskorch::core::legacy
