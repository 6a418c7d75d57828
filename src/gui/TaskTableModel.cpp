// SPDX-License-Identifier: GPL-3.0-or-later
#include "TaskTableModel.h"

#include "TaskEditor.h"

#include <QColor>
#include <QLocale>

namespace taskorch::gui {

using core::TaskStatus;

TaskTableModel::TaskTableModel(storage::TaskRepository &tasks, QObject *parent)
    : QAbstractTableModel(parent), m_tasks(tasks)
{
    reload();
}

int TaskTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int TaskTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

const core::Task *TaskTableModel::taskAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? &m_rows[row] : nullptr;
}

static QString humanStatus(TaskStatus status)
{
    switch (status) {
    case TaskStatus::NotStarted:
        return TaskTableModel::tr("Not started");
    case TaskStatus::InProgress:
        return TaskTableModel::tr("In progress");
    case TaskStatus::Blocked:
        return TaskTableModel::tr("Blocked");
    case TaskStatus::Completed:
        return TaskTableModel::tr("Completed");
    case TaskStatus::Failed:
        return TaskTableModel::tr("Failed");
    }
    return {};
}

static QColor statusColor(TaskStatus status)
{
    switch (status) {
    case TaskStatus::Completed:
        return QColor(0x2e, 0x7d, 0x32);
    case TaskStatus::InProgress:
        return QColor(0x15, 0x65, 0xc0);
    case TaskStatus::Blocked:
        return QColor(0xef, 0x6c, 0x00);
    case TaskStatus::Failed:
        return QColor(0xc6, 0x28, 0x28);
    case TaskStatus::NotStarted:
        break;
    }
    return QColor(0x61, 0x61, 0x61);
}

QVariant TaskTableModel::data(const QModelIndex &index, int role) const
{
    const core::Task *t = index.isValid() ? taskAt(index.row()) : nullptr;
    if (!t) {
        return {};
    }
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case IdColumn:
            return t->id;
        case TitleColumn:
            return t->title;
        case StatusColumn:
            return humanStatus(t->status);
        case PriorityColumn: {
            QString p = core::toString(t->priority);
            p[0] = p[0].toUpper();
            return p;
        }
        case PhaseColumn:
            return t->phase;
        case ComponentColumn:
            return t->componentArea;
        case ComplexityColumn: {
            QString c = core::toString(t->complexity);
            c[0] = c[0].toUpper();
            return c;
        }
        case HoursColumn:
            return QLocale().toString(t->timeEstimateHours, 'f', 1);
        case UpdatedColumn:
            return t->updatedAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"));
        }
    } else if (role == Qt::EditRole) {
        switch (index.column()) {
        case TitleColumn:
            return t->title;
        case StatusColumn:
            return core::toString(t->status);
        case PriorityColumn:
            return core::toString(t->priority);
        case PhaseColumn:
            return t->phase;
        case ComponentColumn:
            return t->componentArea;
        case ComplexityColumn:
            return core::toString(t->complexity);
        case HoursColumn:
            return t->timeEstimateHours;
        default:
            return data(index, Qt::DisplayRole);
        }
    } else if (role == Qt::BackgroundRole && m_cellErrors.contains({t->id, index.column()})) {
        return QColor(0xff, 0xeb, 0xee);
    } else if (role == Qt::ToolTipRole && m_cellErrors.contains({t->id, index.column()})) {
        return m_cellErrors.value({t->id, index.column()});
    } else if (role == Qt::ForegroundRole && index.column() == StatusColumn) {
        return statusColor(t->status);
    } else if (role == Qt::TextAlignmentRole) {
        if (index.column() == IdColumn || index.column() == HoursColumn || index.column() == PhaseColumn) {
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        }
    } else if (role == Qt::ToolTipRole && index.column() == TitleColumn) {
        return t->description.value_or(t->title);
    } else if (role == Qt::UserRole) {
        return t->id;
    }
    return {};
}

void TaskTableModel::setEditor(TaskEditor *editor)
{
    m_editor = editor;
}

bool TaskTableModel::isEditableColumn(int column)
{
    switch (column) {
    case TitleColumn:
    case StatusColumn:
    case PriorityColumn:
    case PhaseColumn:
    case ComponentColumn:
    case ComplexityColumn:
    case HoursColumn:
        return true;
    default:
        return false;
    }
}

Qt::ItemFlags TaskTableModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags f = QAbstractTableModel::flags(index);
    if (index.isValid() && m_editor && isEditableColumn(index.column())) {
        f |= Qt::ItemIsEditable;
    }
    return f;
}

QString TaskTableModel::cellError(const QModelIndex &index) const
{
    const core::Task *t = index.isValid() ? taskAt(index.row()) : nullptr;
    return t ? m_cellErrors.value({t->id, index.column()}) : QString();
}

bool TaskTableModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    const core::Task *current = index.isValid() ? taskAt(index.row()) : nullptr;
    if (!current || role != Qt::EditRole || !m_editor || !isEditableColumn(index.column())) {
        return false;
    }
    core::Task edited = *current;
    const QString text = value.toString().trimmed();
    QString parseError;
    switch (index.column()) {
    case TitleColumn:
        edited.title = value.toString().trimmed();
        break;
    case ComponentColumn:
        edited.componentArea = text;
        break;
    case StatusColumn:
        if (auto s = core::fromString<TaskStatus>(text)) {
            edited.status = *s;
        } else {
            parseError = tr("status: “%1” is not one of %2").arg(text, core::allNames<TaskStatus>().join(u", "));
        }
        break;
    case PriorityColumn:
        if (auto p = core::fromString<core::Priority>(text.toLower())) {
            edited.priority = *p;
        } else {
            parseError = tr("priority: “%1” is not one of %2").arg(text, core::allNames<core::Priority>().join(u", "));
        }
        break;
    case ComplexityColumn:
        if (auto x = core::fromString<core::Complexity>(text.toLower())) {
            edited.complexity = *x;
        } else {
            parseError =
                tr("complexity: “%1” is not one of %2").arg(text, core::allNames<core::Complexity>().join(u", "));
        }
        break;
    case PhaseColumn: {
        bool ok = false;
        edited.phase = value.toInt(&ok);
        if (!ok) {
            parseError = tr("phase: “%1” is not a whole number").arg(value.toString());
        }
        break;
    }
    case HoursColumn: {
        bool ok = false;
        edited.timeEstimateHours = value.toDouble(&ok);
        if (!ok) {
            edited.timeEstimateHours = QLocale().toDouble(text, &ok);
        }
        if (!ok) {
            parseError = tr("hours: “%1” is not a number").arg(value.toString());
        }
        break;
    }
    }
    const QPair<qint64, int> key{current->id, index.column()};
    auto reject = [&](const QString &message) {
        m_cellErrors.insert(key, message);
        Q_EMIT dataChanged(index, index, {Qt::BackgroundRole, Qt::ToolTipRole});
        Q_EMIT editRejected(index, message);
        return false;
    };
    if (!parseError.isEmpty()) {
        return reject(parseError);
    }
    if (const auto errors = edited.validate(); !errors.isEmpty()) {
        return reject(core::describe(errors));
    }
    core::Status s =
        index.column() == StatusColumn ? m_editor->setStatus({current->id}, edited.status) : m_editor->editTask(edited);
    if (!s) {
        return reject(s.error().message);
    }
    if (m_cellErrors.remove(key) > 0) {
        Q_EMIT dataChanged(index, index, {Qt::BackgroundRole, Qt::ToolTipRole});
    }
    return true;
}

int TaskTableModel::rowOf(qint64 id) const
{
    for (int r = 0; r < m_rows.size(); ++r) {
        if (m_rows[r].id == id) {
            return r;
        }
    }
    return -1;
}

void TaskTableModel::refreshTasks(const QList<qint64> &ids)
{
    for (qint64 id : ids) {
        const int row = rowOf(id);
        if (row < 0) {
            continue;
        }
        auto task = m_tasks.get(id);
        if (!task) {
            continue;
        }
        m_rows[row] = *task;
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
    }
}

QVariant TaskTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return QAbstractTableModel::headerData(section, orientation, role);
    }
    switch (section) {
    case IdColumn:
        return tr("ID");
    case TitleColumn:
        return tr("Title");
    case StatusColumn:
        return tr("Status");
    case PriorityColumn:
        return tr("Priority");
    case PhaseColumn:
        return tr("Phase");
    case ComponentColumn:
        return tr("Component");
    case ComplexityColumn:
        return tr("Complexity");
    case HoursColumn:
        return tr("Hours");
    case UpdatedColumn:
        return tr("Updated");
    }
    return {};
}

bool TaskTableModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && !m_exhausted && !m_changing;
}

std::optional<QList<core::Task>> TaskTableModel::nextBatch()
{
    storage::TaskListRequest request = m_request;
    request.limit = batchSize;
    if (!m_rows.isEmpty()) {
        request.after = storage::TaskRepository::cursorAfter(m_rows.last(), request.sort);
    }
    auto batch = m_tasks.list(request);
    if (!batch) {
        m_lastError = batch.error().message;
        m_exhausted = true;
        return std::nullopt;
    }
    if (batch->size() < batchSize) {
        m_exhausted = true;
    }
    return std::move(batch).value();
}

void TaskTableModel::fetchMore(const QModelIndex &parent)
{
    if (parent.isValid() || m_exhausted || m_changing) {
        return;
    }
    auto batch = nextBatch();
    if (!batch || batch->isEmpty()) {
        return;
    }
    m_changing = true;
    beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + batch->size() - 1));
    m_rows.append(*batch);
    endInsertRows();
    m_changing = false;
}

storage::TaskSortColumn TaskTableModel::sortColumnFor(int column)
{
    using storage::TaskSortColumn;
    switch (column) {
    case TitleColumn:
        return TaskSortColumn::Title;
    case StatusColumn:
        return TaskSortColumn::WorkStatus;
    case PriorityColumn:
        return TaskSortColumn::Priority;
    case PhaseColumn:
        return TaskSortColumn::Phase;
    case ComponentColumn:
        return TaskSortColumn::ComponentArea;
    case ComplexityColumn:
        return TaskSortColumn::Complexity;
    case HoursColumn:
        return TaskSortColumn::Hours;
    case UpdatedColumn:
        return TaskSortColumn::UpdatedAt;
    default:
        return TaskSortColumn::Id;
    }
}

void TaskTableModel::sort(int column, Qt::SortOrder order)
{
    m_request.sort = sortColumnFor(column);
    m_request.descending = order == Qt::DescendingOrder;
    reload();
}

void TaskTableModel::setFilter(const storage::TaskFilter &filter)
{
    m_request.filter = filter;
    reload();
}

void TaskTableModel::reload()
{
    // The first batch is loaded inside the reset, so views that fetch on modelReset see a consistent model.
    m_changing = true;
    beginResetModel();
    m_rows.clear();
    m_cellErrors.clear();
    m_exhausted = false;
    m_lastError.clear();
    auto count = m_tasks.count(m_request.filter);
    m_matching = count ? *count : 0;
    if (!count) {
        m_lastError = count.error().message;
    }
    if (auto batch = nextBatch()) {
        m_rows = *batch;
    }
    // Listeners of modelReset or rowsInserted (views, QAbstractItemModelTester) may call fetchMore re-entrantly;
    // m_changing makes such nested calls wait until the current change has been announced.
    endResetModel();
    m_changing = false;
}

} // namespace taskorch::gui
