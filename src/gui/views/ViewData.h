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

/// Reads, through the repositories, what the graph and execution views need. Call it on the thread that opened
/// the workspace (a connection belongs to its thread): the graph view reads on a worker with its own workspace.
namespace ViewData {

/// Every task's title, phase, component and status by id.
core::Result<QHash<qint64, TaskLabel>> taskLabels(storage::Workspace &workspace);
/// The labels of `ids` missing from `labels`, added to it (ids with no task stay missing).
core::Status addTaskLabels(storage::Workspace &workspace, const QList<qint64> &ids, QHash<qint64, TaskLabel> &labels);

/// The colour the views use for a status (the same in every chart and graph).
QColor statusColor(core::TaskStatus status);

} // namespace ViewData

} // namespace taskorch::gui
