// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "TaskRepository.h"

#include <QAbstractTableModel>
#include <QHash>

namespace taskorch::gui {

class TaskEditor;

/// The task table: rows arrive in batches by keyset paging from the repository (never all at once),
/// sorted and filtered in SQL.
class TaskTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        IdColumn,
        TitleColumn,
        StatusColumn,
        PriorityColumn,
        PhaseColumn,
        ComponentColumn,
        ComplexityColumn,
        HoursColumn,
        UpdatedColumn,
        ColumnCount
    };

    explicit TaskTableModel(storage::TaskRepository &tasks, QObject *parent = nullptr);

    /// Makes title, status, priority, phase, component, complexity and hours editable; edits go through `editor`
    /// (validated by core::Task::validate(), undoable). Without an editor the table is read-only.
    void setEditor(TaskEditor *editor);
    /// The canonical value of an editable cell, for editors (Qt::EditRole gives the same).
    static bool isEditableColumn(int column);

    static constexpr int batchSize = 256;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

    void setFilter(const storage::TaskFilter &filter);
    /// Drops the loaded rows and starts again from the first batch (after edits or an import).
    void reload();
    /// Re-reads these tasks and updates their rows in place (after an edit, undo or redo).
    void refreshTasks(const QList<qint64> &ids);
    /// The row showing task `id`, or -1 when it is not loaded.
    int rowOf(qint64 id) const;
    /// The message of the last refused edit of that cell, or empty.
    QString cellError(const QModelIndex &index) const;
    /// The task shown in `row`, or nothing.
    const core::Task *taskAt(int row) const;
    /// Total rows matching the filter (one COUNT query), not just the loaded ones.
    qint64 matchingCount() const { return m_matching; }
    /// The last storage error, for the status bar; empty when fine.
    QString lastError() const { return m_lastError; }

Q_SIGNALS:
    /// An edit was refused; `message` says why in plain words. The cell keeps its old value.
    void editRejected(const QModelIndex &index, const QString &message);

private:
    static storage::TaskSortColumn sortColumnFor(int column);
    /// The batch after the loaded rows; marks the model exhausted at the end or on an error.
    std::optional<QList<core::Task>> nextBatch();

    storage::TaskRepository &m_tasks;
    storage::TaskListRequest m_request;
    QList<core::Task> m_rows;
    qint64 m_matching = 0;
    bool m_exhausted = false;
    bool m_changing = false; ///< a reset or insert is being announced
    QString m_lastError;
    TaskEditor *m_editor = nullptr;
    QHash<QPair<qint64, int>, QString> m_cellErrors; ///< (task id, column) → message
};

} // namespace taskorch::gui
