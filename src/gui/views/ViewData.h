// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "StatisticsSeries.h"
#include "Workspace.h"

#include <QColor>
#include <QHash>

namespace taskorch::gui {

/// What the views show about a task besides its schedule.
struct TaskLabel
{
    QString title;
    int phase = 1;
    QString componentArea;
    core::TaskStatus status = core::TaskStatus::NotStarted;
};

/// Reads, through the repositories, what the graph, statistics and execution views need. GUI thread only (the
/// workspace's connection belongs to it).
namespace ViewData {

/// Every task's title, phase, component and status by id.
core::Result<QHash<qint64, TaskLabel>> taskLabels(storage::Workspace &workspace);
/// Every task as chart facts, and (when `progress` is given) every progress row.
/// The progress history is read task by task (ProgressRepository::history); fine for tens of thousands of tasks.
core::Result<QList<core::TaskFacts>> taskFacts(storage::Workspace &workspace, QList<core::ProgressEvent> *progress);

/// The colour the views use for a status (the same in every chart and graph).
QColor statusColor(core::TaskStatus status);

} // namespace ViewData

} // namespace taskorch::gui
