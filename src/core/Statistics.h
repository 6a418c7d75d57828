// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

namespace taskorch::core {

struct PhaseBreakdown
{
    int phase = 0;
    qint64 count = 0;
    qint64 completed = 0;
};

struct ComponentBreakdown
{
    QString area;
    qint64 count = 0;
    qint64 completed = 0;
};

/// The project figures of SPEC.md §6, shared by the CLI, the GUI and the CSV report.
struct ProjectStatistics
{
    qint64 totalTasks = 0;
    qint64 completedTasks = 0;
    qint64 inProgressTasks = 0;
    qint64 blockedTasks = 0;
    qint64 notStartedTasks = 0;
    qint64 failedTasks = 0;
    double completionPercentage = 0.0; ///< completed / total × 100, one decimal
    QList<PhaseBreakdown> phaseBreakdown;
    QList<ComponentBreakdown> componentBreakdown; ///< count desc, then area
    double totalEstimatedHours = 0.0;
    double completedHours = 0.0;
    double remainingHours = 0.0;
    double progressPercentage = 0.0; ///< completed hours / total hours × 100, one decimal

    /// Fills the derived percentages and remaining hours from the counts; safe on an empty project.
    void finish();
    /// Exactly the keys of SPEC.md §6.
    QJsonObject toJson() const;
};

/// part / whole × 100 rounded to one decimal; 0 when whole is 0.
double percentOneDecimal(double part, double whole);

} // namespace taskorch::core
