// SPDX-License-Identifier: GPL-3.0-or-later
#include "ViewData.h"

namespace taskorch::gui::ViewData {

namespace {

void addLabels(const QList<storage::TaskHeadline> &headlines, QHash<qint64, TaskLabel> &labels)
{
    for (const storage::TaskHeadline &h : headlines) {
        labels.insert(h.id, TaskLabel{h.title, h.phase, h.componentArea, h.status});
    }
}

} // namespace

core::Result<QHash<qint64, TaskLabel>> taskLabels(storage::Workspace &workspace)
{
    auto headlines = workspace.tasks().headlines();
    if (!headlines) {
        return headlines.error();
    }
    QHash<qint64, TaskLabel> out;
    out.reserve(headlines->size());
    addLabels(*headlines, out);
    return out;
}

core::Status addTaskLabels(storage::Workspace &workspace, const QList<qint64> &ids, QHash<qint64, TaskLabel> &labels)
{
    QList<qint64> missing;
    for (const qint64 id : ids) {
        if (!labels.contains(id)) {
            missing.append(id);
        }
    }
    if (missing.isEmpty()) {
        return {};
    }
    auto headlines = workspace.tasks().headlines(missing);
    if (!headlines) {
        return headlines.error();
    }
    addLabels(*headlines, labels);
    return {};
}

QColor statusColor(core::TaskStatus status)
{
    switch (status) {
    case core::TaskStatus::NotStarted:
        return QColor(0xa0, 0xa8, 0xb4);
    case core::TaskStatus::InProgress:
        return QColor(0x3b, 0x82, 0xc4);
    case core::TaskStatus::Blocked:
        return QColor(0xe0, 0x9b, 0x2d);
    case core::TaskStatus::Completed:
        return QColor(0x3f, 0xa3, 0x5b);
    case core::TaskStatus::Failed:
        return QColor(0xc9, 0x3c, 0x3c);
    }
    return Qt::gray;
}

} // namespace taskorch::gui::ViewData
