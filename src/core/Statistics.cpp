// SPDX-License-Identifier: GPL-3.0-or-later
#include "Statistics.h"

#include <QJsonArray>

#include <cmath>

namespace taskorch::core {

double percentOneDecimal(double part, double whole)
{
    if (whole <= 0.0) {
        return 0.0;
    }
    return std::round(part / whole * 1000.0) / 10.0;
}

// Hours are sums of REAL values; round to 1e-6 so that 0.1 + 0.2 prints as 0.3.
static double tidy(double hours)
{
    return std::round(hours * 1e6) / 1e6;
}

void ProjectStatistics::finish()
{
    totalEstimatedHours = tidy(totalEstimatedHours);
    completedHours = tidy(completedHours);
    remainingHours = tidy(totalEstimatedHours - completedHours);
    completionPercentage = percentOneDecimal(double(completedTasks), double(totalTasks));
    progressPercentage = percentOneDecimal(completedHours, totalEstimatedHours);
}

QJsonObject ProjectStatistics::toJson() const
{
    QJsonArray phases;
    for (const PhaseBreakdown &p : phaseBreakdown) {
        phases.append(QJsonObject{{"phase", p.phase}, {"count", p.count}, {"completed", p.completed}});
    }
    QJsonArray components;
    for (const ComponentBreakdown &c : componentBreakdown) {
        components.append(QJsonObject{{"area", c.area}, {"count", c.count}, {"completed", c.completed}});
    }
    return QJsonObject{
        {"total_tasks", totalTasks},
        {"completed_tasks", completedTasks},
        {"in_progress_tasks", inProgressTasks},
        {"blocked_tasks", blockedTasks},
        {"not_started_tasks", notStartedTasks},
        {"failed_tasks", failedTasks},
        {"completion_percentage", completionPercentage},
        {"phase_breakdown", phases},
        {"component_breakdown", components},
        {"total_estimated_hours", totalEstimatedHours},
        {"completed_hours", completedHours},
        {"remaining_hours", remainingHours},
        {"progress_percentage", progressPercentage},
    };
}

} // namespace taskorch::core
