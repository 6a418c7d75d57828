// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Enums.h"

#include <QString>

#include <algorithm>
#include <cmath>
#include <optional>

namespace taskorch::core {

/// A task as the scheduling maths sees it: an id and a duration in whole minutes, already adjusted for the
/// ScheduleMode by the caller.
struct ScheduleTask
{
    qint64 id = 0;
    qint64 durationMinutes = 0;
};

/// `successorId` depends on `predecessorId`. Only hard types (`isHard`) constrain the schedule.
struct ScheduleLink
{
    qint64 predecessorId = 0;
    qint64 successorId = 0;
    DependencyType type = DependencyType::Blocks;
    Relation relation = Relation::FS;
    qint64 lagMinutes = 0; ///< signed: a negative lag is a lead
};

/// Which durations a schedule uses (SPEC.md §7).
enum class ScheduleMode
{
    Plan,      ///< full estimates
    Remaining, ///< completed tasks take 0, in-progress tasks what is left of their estimate
};

template <> struct EnumNames<ScheduleMode>
{
    static constexpr auto values = std::to_array<std::pair<ScheduleMode, std::string_view>>(
        {{ScheduleMode::Plan, "plan"}, {ScheduleMode::Remaining, "remaining"}});
};

/// "plan" or "remaining" (fromString<ScheduleMode>() parses them).
inline QString toString(ScheduleMode mode)
{
    return enumToString(mode);
}

/// Hours to whole minutes, rounded to the nearest minute; negative and non-finite values give 0.
inline qint64 hoursToMinutes(double hours)
{
    if (!std::isfinite(hours) || hours <= 0.0) {
        return 0;
    }
    return qint64(std::llround(hours * 60.0));
}

/// Signed hours (a lag) to whole minutes, rounded to the nearest minute; non-finite values give 0.
inline qint64 signedHoursToMinutes(double hours)
{
    if (!std::isfinite(hours)) {
        return 0;
    }
    return qint64(std::llround(hours * 60.0));
}

/// Minutes to hours (exact division, for display and JSON).
inline double minutesToHours(qint64 minutes)
{
    return double(minutes) / 60.0;
}

/// Minutes as hours with one decimal, e.g. 210 → "3.5".
inline QString formatHours(qint64 minutes)
{
    return QString::number(minutesToHours(minutes), 'f', 1);
}

/// The duration left in mode `remaining`: completed → 0; in progress → estimate × (1 − last progress % / 100)
/// (no progress row counts as 0 %, the percentage is clamped to 0–100); any other status → the full estimate.
inline qint64 remainingDurationMinutes(double estimateHours, TaskStatus status, std::optional<int> lastProgressPercent)
{
    switch (status) {
    case TaskStatus::Completed:
        return 0;
    case TaskStatus::InProgress: {
        const int percent = std::clamp(lastProgressPercent.value_or(0), 0, 100);
        return hoursToMinutes(estimateHours * double(100 - percent) / 100.0);
    }
    case TaskStatus::NotStarted:
    case TaskStatus::Blocked:
    case TaskStatus::Failed:
        break;
    }
    return hoursToMinutes(estimateHours);
}

/// The duration a task takes in `mode`: the full estimate for Plan, remainingDurationMinutes() for Remaining.
inline qint64 scheduleDurationMinutes(ScheduleMode mode, double estimateHours, TaskStatus status,
                                      std::optional<int> lastProgressPercent)
{
    if (mode == ScheduleMode::Remaining) {
        return remainingDurationMinutes(estimateHours, status, lastProgressPercent);
    }
    return hoursToMinutes(estimateHours);
}

/// "finish-to-start", "start-to-start", "finish-to-finish" or "start-to-finish".
inline QString relationDescription(Relation relation)
{
    switch (relation) {
    case Relation::FS:
        return QStringLiteral("finish-to-start");
    case Relation::SS:
        return QStringLiteral("start-to-start");
    case Relation::FF:
        return QStringLiteral("finish-to-finish");
    case Relation::SF:
        return QStringLiteral("start-to-finish");
    }
    return {};
}

} // namespace taskorch::core
