// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Workspace.h"

#include <QHash>
#include <QObject>
#include <QUndoStack>

namespace taskorch::gui {

/// Every edit the window and the detail panel make goes through here: each one calls TaskService, and on success
/// becomes one command on the undo stack (field edit, status change incl. bulk, create, delete with its cascade,
/// dependency add/remove, comment add/edit). A refused edit changes nothing and pushes nothing.
///
/// Undoing a delete re-creates the rows through the typed repositories, which assign new ids; the editor keeps a
/// map from the ids commands remember to the current ones (resolve()), so older commands keep working.
class TaskEditor : public QObject
{
    Q_OBJECT

public:
    explicit TaskEditor(QObject *parent = nullptr);
    ~TaskEditor() override;

    /// Switches to another database (or none). Clears the undo stack: opening a database is never undoable.
    void setWorkspace(storage::Workspace *workspace);
    storage::Workspace *workspace() const { return m_workspace; }
    QUndoStack *undoStack() { return &m_stack; }

    /// The current id of a task a command knew as `id`.
    qint64 resolve(qint64 id) const;
    qint64 resolveComment(qint64 id) const;

    /// Saves the edited fields of `after` (its id names the task).
    core::Status editTask(const core::Task &after);
    /// Sets the status of one or many tasks as one undoable step.
    core::Status setStatus(const QList<qint64> &ids, core::TaskStatus status);
    core::Result<qint64> createTask(const core::Task &task);
    /// Deletes the tasks with their subtasks, dependencies, progress and comments; undo brings all back.
    core::Status deleteTasks(const QList<qint64> &ids);
    /// "task depends on prerequisite". A link that would close a cycle is refused (Conflict, path in message).
    core::Status addDependency(qint64 taskId, qint64 prerequisiteId, core::DependencyType type, core::Relation relation,
                               double lagHours);
    core::Status removeDependency(qint64 taskId, qint64 prerequisiteId);
    core::Result<qint64> addComment(qint64 taskId, const QString &text, core::CommentType type);
    core::Status editComment(qint64 commentId, const QString &text, core::CommentType type);

    // Used by the commands.
    void remap(qint64 oldId, qint64 newId);
    void remapComment(qint64 oldId, qint64 newId);
    void notifyTasksChanged(const QList<qint64> &ids);
    void notifyStructureChanged();
    void reportUndoError(const QString &message);

Q_SIGNALS:
    /// The fields of these tasks changed (the table refreshes the rows in place).
    void tasksChanged(const QList<qint64> &ids);
    /// Tasks appeared or went away (the table reloads).
    void structureChanged();
    /// Any change, after an edit, an undo or a redo.
    void changed();
    /// An undo or redo could not be applied (e.g. the database was changed by another program).
    void errorOccurred(const QString &message);

private:
    core::Status pushApplied(class EditCommand *command);

    storage::Workspace *m_workspace = nullptr;
    QUndoStack m_stack;
    QHash<qint64, qint64> m_ids;
    QHash<qint64, qint64> m_commentIds;
};

} // namespace taskorch::gui
