// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Workspace.h"

#include <QWidget>

#include <memory>

class QStringListModel;

namespace Ui {
class TaskDetailPanel;
}

namespace taskorch::gui {

class TaskEditor;

/// Everything about one task: its fields, subtasks, dependencies (add with a searchable picker, type, relation
/// and lag; a link that would close a cycle is refused and the cycle is shown with the tasks named; remove),
/// progress history, and comments by type (add, edit). Edits go through TaskEditor, so they are undoable.
class TaskDetailPanel : public QWidget
{
    Q_OBJECT

public:
    explicit TaskDetailPanel(TaskEditor *editor, QWidget *parent = nullptr);
    ~TaskDetailPanel() override;

    void setWorkspace(storage::Workspace *workspace);
    qint64 taskId() const { return m_taskId; }

    /// Links the shown task to `prerequisiteId`; refused links return the error and show it in the panel.
    core::Status addDependency(qint64 prerequisiteId);
    /// The text shown after the last refused link (the cycle path with titles), or empty.
    QString cycleText() const;
    /// After a refused link: removes the existing link chosen in the cycle and adds the refused one, as one undo step.
    core::Status replaceCycleLink();
    /// Task ids the picker currently offers for `text` (title search, or "#id").
    QList<qint64> pickerMatches(const QString &text);

public Q_SLOTS:
    void showTask(qint64 taskId);

Q_SIGNALS:
    /// The person double-clicked a related task (subtask, prerequisite).
    void taskActivated(qint64 taskId);

private:
    void clear();
    void fillPicker(const QString &text);
    std::optional<qint64> pickedId() const;
    QString taskLabel(qint64 id);
    void addPickedDependency();
    /// Shows a refused link's cycle and offers its existing links for removal; returns the message.
    QString showCycle(const QList<qint64> &cycle, qint64 prerequisiteId);
    void clearCycle();
    void removeSelectedDependency();
    void addComment();
    void saveComment();

    std::unique_ptr<Ui::TaskDetailPanel> m_ui;
    TaskEditor *m_editor;
    storage::Workspace *m_workspace = nullptr;
    qint64 m_taskId = 0;
    qint64 m_cyclePrerequisite = 0; ///< the refused new prerequisite, while the cycle is shown
    QStringListModel *m_pickerModel = nullptr;
};

} // namespace taskorch::gui
