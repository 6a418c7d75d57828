// SPDX-License-Identifier: GPL-3.0-or-later
#include "TaskEditor.h"

#include "Transaction.h"

#include <QSet>
#include <QUndoCommand>

namespace taskorch::gui {

using core::ErrorCode;
using core::makeError;
using core::Status;

/// A command that is applied before it is pushed (so a refusal pushes nothing); undo/redo report failures.
class EditCommand : public QUndoCommand
{
public:
    EditCommand(TaskEditor &editor, const QString &text) : m_editor(editor) { setText(text); }

    virtual Status apply() = 0;
    virtual Status revert() = 0;

    void redo() override
    {
        if (m_skipFirstRedo) {
            m_skipFirstRedo = false;
            return;
        }
        report(apply());
    }
    void undo() override { report(revert()); }

    bool m_skipFirstRedo = true;

protected:
    storage::Workspace &ws() { return *m_editor.workspace(); }
    storage::TaskService &service() { return ws().service(); }
    TaskEditor &m_editor;

private:
    void report(const Status &s)
    {
        if (!s) {
            m_editor.reportUndoError(s.error().message);
        }
    }
};

namespace {

class EditTaskCommand : public EditCommand
{
public:
    EditTaskCommand(TaskEditor &editor, core::Task before, core::Task after)
        : EditCommand(editor, TaskEditor::tr("Edit “%1”").arg(after.title)), m_before(std::move(before)),
          m_after(std::move(after))
    {}
    Status apply() override { return save(m_after); }
    Status revert() override { return save(m_before); }

private:
    Status save(core::Task task)
    {
        task.id = m_editor.resolve(task.id);
        if (task.parentTaskId) {
            task.parentTaskId = m_editor.resolve(*task.parentTaskId);
        }
        Status s = service().updateTask(task);
        if (s) {
            m_editor.notifyTasksChanged({task.id});
        }
        return s;
    }
    core::Task m_before;
    core::Task m_after;
};

class StatusCommand : public EditCommand
{
public:
    struct Before
    {
        qint64 id = 0;
        core::TaskStatus status = core::TaskStatus::NotStarted;
        std::optional<int> percentage;
    };
    StatusCommand(TaskEditor &editor, QList<Before> before, core::TaskStatus status)
        : EditCommand(editor, before.size() == 1
                                  ? TaskEditor::tr("Set status of task %1").arg(before.first().id)
                                  : TaskEditor::tr("Set status of %n tasks", nullptr, int(before.size()))),
          m_before(std::move(before)), m_status(status)
    {}
    Status apply() override
    {
        storage::Transaction tx(ws().database());
        if (!tx.begun()) {
            return tx.begun();
        }
        QList<qint64> ids;
        for (const Before &b : m_before) {
            const qint64 id = m_editor.resolve(b.id);
            if (Status s = service().updateStatus(id, m_status); !s) {
                return s;
            }
            ids << id;
        }
        return finish(tx, ids);
    }
    Status revert() override
    {
        storage::Transaction tx(ws().database());
        if (!tx.begun()) {
            return tx.begun();
        }
        QList<qint64> ids;
        for (const Before &b : m_before) {
            const qint64 id = m_editor.resolve(b.id);
            storage::StatusChange change;
            change.progressPercentage = b.percentage.value_or(0);
            change.notes = TaskEditor::tr("Status change undone");
            if (Status s = service().updateStatus(id, b.status, change); !s) {
                return s;
            }
            ids << id;
        }
        return finish(tx, ids);
    }

private:
    Status finish(storage::Transaction &tx, const QList<qint64> &ids)
    {
        if (Status s = tx.commit(); !s) {
            return s;
        }
        m_editor.notifyTasksChanged(ids);
        return {};
    }
    QList<Before> m_before;
    core::TaskStatus m_status;
};

class CreateTaskCommand : public EditCommand
{
public:
    CreateTaskCommand(TaskEditor &editor, core::Task task)
        : EditCommand(editor, TaskEditor::tr("Create “%1”").arg(task.title)), m_task(std::move(task))
    {}
    Status apply() override
    {
        core::Task t = m_task;
        t.id = 0;
        if (t.parentTaskId) {
            t.parentTaskId = m_editor.resolve(*t.parentTaskId);
        }
        auto id = service().createTask(t);
        if (!id) {
            return id.error();
        }
        if (m_id != 0) {
            m_editor.remap(m_editor.resolve(m_id), *id);
        } else {
            m_id = *id;
        }
        m_editor.notifyStructureChanged();
        return {};
    }
    Status revert() override
    {
        Status s = service().deleteTask(m_editor.resolve(m_id));
        if (s) {
            m_editor.notifyStructureChanged();
        }
        return s;
    }
    qint64 createdId() const { return m_id; }

private:
    core::Task m_task;
    qint64 m_id = 0;
};

/// Deletes tasks; undo re-creates the whole cascade: subtasks, dependencies on both sides, progress, comments.
class DeleteTasksCommand : public EditCommand
{
public:
    DeleteTasksCommand(TaskEditor &editor, QList<qint64> ids)
        : EditCommand(editor, ids.size() == 1 ? TaskEditor::tr("Delete task %1").arg(ids.first())
                                              : TaskEditor::tr("Delete %n tasks", nullptr, int(ids.size()))),
          m_roots(std::move(ids))
    {}
    Status apply() override
    {
        if (Status s = snapshot(); !s) {
            return s;
        }
        storage::Transaction tx(ws().database());
        if (!tx.begun()) {
            return tx.begun();
        }
        QSet<qint64> gone;
        for (const core::Task &t : std::as_const(m_tasks)) {
            // A subtask of another selected root is already gone with its parent.
            if (gone.contains(t.id)) {
                continue;
            }
            if (m_rootSet.contains(t.id)) {
                if (Status s = service().deleteTask(t.id); !s) {
                    return s;
                }
                for (const core::Task &other : std::as_const(m_tasks)) {
                    if (isInside(other.id, t.id)) {
                        gone.insert(other.id);
                    }
                }
            }
        }
        if (Status s = tx.commit(); !s) {
            return s;
        }
        m_editor.notifyStructureChanged();
        return {};
    }
    Status revert() override
    {
        storage::Transaction tx(ws().database());
        if (!tx.begun()) {
            return tx.begun();
        }
        QHash<qint64, qint64> fresh; // id at delete time → id now
        auto current = [&](qint64 id) { return fresh.value(id, m_editor.resolve(id)); };
        // Rows come back under their old ids, so references from outside (notes, scripts, the CLI) stay valid;
        // only when an id has been taken since does a row get a new one.
        auto put = [](auto &repository, const auto &row) -> core::Result<qint64> {
            const Status restored = repository.restore(row);
            if (restored) {
                return row.id;
            }
            if (restored.error().code != core::ErrorCode::Conflict) {
                return restored.error();
            }
            return repository.insert(row);
        };
        for (core::Task t : std::as_const(m_tasks)) { // parents come before their subtasks
            const qint64 old = t.id;
            if (t.parentTaskId) {
                t.parentTaskId = current(*t.parentTaskId);
            }
            auto id = put(ws().tasks(), t);
            if (!id) {
                return id.error();
            }
            fresh.insert(old, *id);
        }
        for (core::TaskDependency dep : std::as_const(m_dependencies)) {
            dep.taskId = current(dep.taskId);
            dep.dependsOnTaskId = current(dep.dependsOnTaskId);
            if (auto id = put(ws().dependencies(), dep); !id) {
                return id.error();
            }
        }
        for (core::TaskProgress p : std::as_const(m_progress)) {
            p.taskId = current(p.taskId);
            if (auto id = put(ws().progress(), p); !id) {
                return id.error();
            }
        }
        QHash<qint64, qint64> comments;
        for (core::TaskComment c : std::as_const(m_comments)) {
            const qint64 old = c.id;
            c.taskId = current(c.taskId);
            auto id = put(ws().comments(), c);
            if (!id) {
                return id.error();
            }
            comments.insert(old, *id);
        }
        if (Status s = tx.commit(); !s) {
            return s;
        }
        for (auto it = fresh.cbegin(); it != fresh.cend(); ++it) {
            m_editor.remap(it.key(), it.value());
        }
        for (auto it = comments.cbegin(); it != comments.cend(); ++it) {
            m_editor.remapComment(it.key(), it.value());
        }
        m_editor.notifyStructureChanged();
        return {};
    }

private:
    bool isInside(qint64 id, qint64 root) const
    {
        for (qint64 cur = id;;) {
            if (cur == root) {
                return true;
            }
            const auto it = m_parents.constFind(cur);
            if (it == m_parents.cend() || *it == 0) {
                return false;
            }
            cur = *it;
        }
    }

    /// Reads everything the delete will take with it, with the ids as they are now.
    Status snapshot()
    {
        m_tasks.clear();
        m_dependencies.clear();
        m_progress.clear();
        m_comments.clear();
        m_parents.clear();
        m_rootSet.clear();
        QSet<qint64> seenTasks;
        QSet<qint64> seenDependencies;
        for (qint64 root : std::as_const(m_roots)) {
            const qint64 id = m_editor.resolve(root);
            m_rootSet.insert(id);
            auto tree = service().subtaskTree(id);
            if (!tree) {
                return tree.error();
            }
            for (const storage::TaskTreeNode &node : std::as_const(*tree)) {
                if (!seenTasks.contains(node.task.id)) {
                    seenTasks.insert(node.task.id);
                    m_tasks << node.task;
                    m_parents.insert(node.task.id, node.task.parentTaskId.value_or(0));
                }
            }
        }
        // Parents first, so undo can insert in order: sort by depth from the top of the deleted forest.
        std::stable_sort(m_tasks.begin(), m_tasks.end(),
                         [this](const core::Task &a, const core::Task &b) { return depth(a.id) < depth(b.id); });
        for (const core::Task &t : std::as_const(m_tasks)) {
            auto prerequisites = ws().dependencies().prerequisitesOf(t.id);
            if (!prerequisites) {
                return prerequisites.error();
            }
            for (const storage::DependencyView &v : std::as_const(*prerequisites)) {
                if (!seenDependencies.contains(v.dependency.id)) {
                    seenDependencies.insert(v.dependency.id);
                    m_dependencies << v.dependency;
                }
            }
            auto dependents = ws().dependencies().dependentsOf(t.id);
            if (!dependents) {
                return dependents.error();
            }
            for (const core::TaskDependency &dep : std::as_const(*dependents)) {
                if (!seenDependencies.contains(dep.id)) {
                    seenDependencies.insert(dep.id);
                    m_dependencies << dep;
                }
            }
            auto progress = service().progressHistory(t.id);
            if (!progress) {
                return progress.error();
            }
            // History is newest first; re-insert oldest first so ids keep their order.
            for (auto it = progress->crbegin(); it != progress->crend(); ++it) {
                m_progress << *it;
            }
            auto comments = service().comments(t.id);
            if (!comments) {
                return comments.error();
            }
            m_comments << *comments;
        }
        std::sort(m_dependencies.begin(), m_dependencies.end(),
                  [](const core::TaskDependency &a, const core::TaskDependency &b) { return a.id < b.id; });
        return {};
    }

    int depth(qint64 id) const
    {
        int level = 0;
        for (auto it = m_parents.constFind(id); it != m_parents.cend() && *it != 0; it = m_parents.constFind(*it)) {
            ++level;
        }
        return level;
    }

    QList<qint64> m_roots;
    QSet<qint64> m_rootSet;
    QHash<qint64, qint64> m_parents;
    QList<core::Task> m_tasks;
    QList<core::TaskDependency> m_dependencies;
    QList<core::TaskProgress> m_progress;
    QList<core::TaskComment> m_comments;
};

class DependencyCommand : public EditCommand
{
public:
    DependencyCommand(TaskEditor &editor, core::TaskDependency dependency, bool add)
        : EditCommand(
              editor,
              add ? TaskEditor::tr("Add dependency %1 → %2").arg(dependency.taskId).arg(dependency.dependsOnTaskId)
                  : TaskEditor::tr("Remove dependency %1 → %2").arg(dependency.taskId).arg(dependency.dependsOnTaskId)),
          m_dependency(std::move(dependency)), m_add(add)
    {}
    Status apply() override { return m_add ? add() : remove(); }
    Status revert() override { return m_add ? remove() : add(); }

private:
    Status add()
    {
        auto added = service().addDependency(m_editor.resolve(m_dependency.taskId),
                                             m_editor.resolve(m_dependency.dependsOnTaskId), m_dependency.type,
                                             m_dependency.relation, m_dependency.lagHours);
        if (!added) {
            return added.error();
        }
        m_editor.notifyTasksChanged({added->taskId});
        return {};
    }
    Status remove()
    {
        const qint64 task = m_editor.resolve(m_dependency.taskId);
        Status s = service().removeDependency(task, m_editor.resolve(m_dependency.dependsOnTaskId));
        if (s) {
            m_editor.notifyTasksChanged({task});
        }
        return s;
    }
    core::TaskDependency m_dependency;
    bool m_add;
};

class AddCommentCommand : public EditCommand
{
public:
    AddCommentCommand(TaskEditor &editor, qint64 taskId, QString text, core::CommentType type)
        : EditCommand(editor, TaskEditor::tr("Add comment to task %1").arg(taskId)), m_taskId(taskId),
          m_text(std::move(text)), m_type(type)
    {}
    Status apply() override
    {
        auto id = service().addComment(m_editor.resolve(m_taskId), m_text, m_type);
        if (!id) {
            return id.error();
        }
        if (m_id != 0) {
            m_editor.remapComment(m_editor.resolveComment(m_id), *id);
        } else {
            m_id = *id;
        }
        m_editor.notifyTasksChanged({m_editor.resolve(m_taskId)});
        return {};
    }
    Status revert() override
    {
        Status s = ws().comments().remove(m_editor.resolveComment(m_id));
        if (s) {
            m_editor.notifyTasksChanged({m_editor.resolve(m_taskId)});
        }
        return s;
    }
    qint64 createdId() const { return m_id; }

private:
    qint64 m_taskId;
    QString m_text;
    core::CommentType m_type;
    qint64 m_id = 0;
};

class EditCommentCommand : public EditCommand
{
public:
    EditCommentCommand(TaskEditor &editor, core::TaskComment before, QString text, core::CommentType type)
        : EditCommand(editor, TaskEditor::tr("Edit comment")), m_before(std::move(before)), m_text(std::move(text)),
          m_type(type)
    {}
    Status apply() override { return save(m_text, m_type); }
    Status revert() override { return save(m_before.comment, m_before.type); }

private:
    Status save(const QString &text, core::CommentType type)
    {
        Status s = service().editComment(m_editor.resolveComment(m_before.id), text, type);
        if (s) {
            m_editor.notifyTasksChanged({m_editor.resolve(m_before.taskId)});
        }
        return s;
    }
    core::TaskComment m_before;
    QString m_text;
    core::CommentType m_type;
};

Status noDatabase()
{
    return makeError(ErrorCode::Usage, TaskEditor::tr("No database is open."));
}

} // namespace

TaskEditor::TaskEditor(QObject *parent) : QObject(parent)
{
    m_stack.setUndoLimit(500);
}

TaskEditor::~TaskEditor()
{
    // Commands refer to the workspace: drop them first.
    m_stack.clear();
}

void TaskEditor::setWorkspace(storage::Workspace *workspace)
{
    m_stack.clear();
    m_ids.clear();
    m_commentIds.clear();
    m_workspace = workspace;
}

namespace {

/// Follows old → new id links (a row deleted and restored by undo/redo gets a new id each time) to today's id.
qint64 followIds(const QHash<qint64, qint64> &links, qint64 id)
{
    for (int guard = 0; guard < 1000; ++guard) {
        const auto it = links.constFind(id);
        if (it == links.cend()) {
            break;
        }
        id = *it;
    }
    return id;
}

void linkIds(QHash<qint64, qint64> &links, qint64 oldId, qint64 newId)
{
    if (oldId != newId) {
        links.insert(oldId, newId);
        links.remove(newId); // the new id is current now, whatever it meant before
    }
}

} // namespace

qint64 TaskEditor::resolve(qint64 id) const
{
    return followIds(m_ids, id);
}

qint64 TaskEditor::resolveComment(qint64 id) const
{
    return followIds(m_commentIds, id);
}

void TaskEditor::remap(qint64 oldId, qint64 newId)
{
    linkIds(m_ids, oldId, newId);
}

void TaskEditor::remapComment(qint64 oldId, qint64 newId)
{
    linkIds(m_commentIds, oldId, newId);
}

void TaskEditor::notifyTasksChanged(const QList<qint64> &ids)
{
    Q_EMIT tasksChanged(ids);
    Q_EMIT changed();
}

void TaskEditor::notifyStructureChanged()
{
    Q_EMIT structureChanged();
    Q_EMIT changed();
}

void TaskEditor::reportUndoError(const QString &message)
{
    Q_EMIT errorOccurred(message);
}

Status TaskEditor::pushApplied(EditCommand *command)
{
    std::unique_ptr<EditCommand> owned(command);
    if (Status s = owned->apply(); !s) {
        return s;
    }
    owned->m_skipFirstRedo = true;
    m_stack.push(owned.release());
    return {};
}

Status TaskEditor::editTask(const core::Task &after)
{
    if (!m_workspace) {
        return noDatabase();
    }
    if (const auto errors = after.validate(); !errors.isEmpty()) {
        return makeError(ErrorCode::Invalid, core::describe(errors));
    }
    auto before = m_workspace->tasks().get(after.id);
    if (!before) {
        return before.error();
    }
    return pushApplied(new EditTaskCommand(*this, *before, after));
}

Status TaskEditor::setStatus(const QList<qint64> &ids, core::TaskStatus status)
{
    if (!m_workspace) {
        return noDatabase();
    }
    QList<StatusCommand::Before> before;
    for (qint64 id : ids) {
        auto task = m_workspace->tasks().get(id);
        if (!task) {
            return task.error();
        }
        if (task->status == status) {
            continue;
        }
        auto percentage = m_workspace->progress().latestPercentage(id);
        if (!percentage) {
            return percentage.error();
        }
        before << StatusCommand::Before{id, task->status, *percentage};
    }
    if (before.isEmpty()) {
        return {};
    }
    return pushApplied(new StatusCommand(*this, before, status));
}

core::Result<qint64> TaskEditor::createTask(const core::Task &task)
{
    if (!m_workspace) {
        return noDatabase().error();
    }
    auto *command = new CreateTaskCommand(*this, task);
    if (Status s = pushApplied(command); !s) {
        return s.error();
    }
    return command->createdId();
}

Status TaskEditor::deleteTasks(const QList<qint64> &ids)
{
    if (!m_workspace) {
        return noDatabase();
    }
    if (ids.isEmpty()) {
        return {};
    }
    return pushApplied(new DeleteTasksCommand(*this, ids));
}

Status TaskEditor::addDependency(qint64 taskId, qint64 prerequisiteId, core::DependencyType type,
                                 core::Relation relation, double lagHours)
{
    if (!m_workspace) {
        return noDatabase();
    }
    auto existing = m_workspace->dependencies().find(taskId, prerequisiteId);
    if (!existing) {
        return existing.error();
    }
    if (*existing) {
        return makeError(ErrorCode::Conflict,
                         tr("Task %1 already depends on task %2.").arg(taskId).arg(prerequisiteId));
    }
    core::TaskDependency dep;
    dep.taskId = taskId;
    dep.dependsOnTaskId = prerequisiteId;
    dep.type = type;
    dep.relation = relation;
    dep.lagHours = lagHours;
    return pushApplied(new DependencyCommand(*this, dep, true));
}

Status TaskEditor::removeDependency(qint64 taskId, qint64 prerequisiteId)
{
    if (!m_workspace) {
        return noDatabase();
    }
    auto existing = m_workspace->dependencies().find(taskId, prerequisiteId);
    if (!existing) {
        return existing.error();
    }
    if (!*existing) {
        return makeError(ErrorCode::NotFound,
                         tr("Task %1 does not depend on task %2.").arg(taskId).arg(prerequisiteId));
    }
    return pushApplied(new DependencyCommand(*this, **existing, false));
}

core::Result<qint64> TaskEditor::addComment(qint64 taskId, const QString &text, core::CommentType type)
{
    if (!m_workspace) {
        return noDatabase().error();
    }
    auto *command = new AddCommentCommand(*this, taskId, text, type);
    if (Status s = pushApplied(command); !s) {
        return s.error();
    }
    return command->createdId();
}

Status TaskEditor::editComment(qint64 commentId, const QString &text, core::CommentType type)
{
    if (!m_workspace) {
        return noDatabase();
    }
    auto before = m_workspace->comments().get(commentId);
    if (!before) {
        return before.error();
    }
    return pushApplied(new EditCommentCommand(*this, *before, text, type));
}

} // namespace taskorch::gui
