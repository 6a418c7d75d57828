// SPDX-License-Identifier: GPL-3.0-or-later
#include "TaskEditor.h"

#include "TempWorkspace.h"

#include <QStandardPaths>
#include <QTest>

using namespace taskorch;
using core::TaskStatus;

class TstTaskEditor : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<test::TempWorkspace> m_ws;
    std::unique_ptr<gui::TaskEditor> m_editor;

    qint64 create(const QString &title, std::optional<qint64> parent = std::nullopt)
    {
        core::Task t = test::makeTask(title);
        t.parentTaskId = parent;
        auto id = m_ws->service().createTask(t);
        return id ? *id : 0;
    }
    QString titleOf(qint64 id)
    {
        auto t = m_ws->tasks().get(m_editor->resolve(id));
        return t ? t->title : QString();
    }
    qint64 taskCount() { return *m_ws->tasks().count({}); }

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void init()
    {
        m_ws = std::make_unique<test::TempWorkspace>();
        QVERIFY2(m_ws->isValid(), qPrintable(m_ws->errorString()));
        m_editor = std::make_unique<gui::TaskEditor>();
        m_editor->setWorkspace(&m_ws->workspace());
    }

    void cleanup()
    {
        m_editor.reset();
        m_ws.reset();
    }

    void fieldEditUndoRedo()
    {
        const qint64 id = create(QStringLiteral("Before"));
        core::Task edited = *m_ws->tasks().get(id);
        edited.title = QStringLiteral("After");
        edited.timeEstimateHours = 7.5;
        QVERIFY(m_editor->editTask(edited).ok());
        QCOMPARE(titleOf(id), QStringLiteral("After"));
        QCOMPARE(m_editor->undoStack()->count(), 1);
        m_editor->undoStack()->undo();
        QCOMPARE(titleOf(id), QStringLiteral("Before"));
        QCOMPARE(m_ws->tasks().get(id)->timeEstimateHours, 1.0);
        m_editor->undoStack()->redo();
        QCOMPARE(titleOf(id), QStringLiteral("After"));
    }

    void refusedEditPushesNothing()
    {
        const qint64 id = create(QStringLiteral("Keep"));
        core::Task edited = *m_ws->tasks().get(id);
        edited.title.clear();
        const core::Status s = m_editor->editTask(edited);
        QVERIFY(!s.ok());
        QVERIFY2(s.error().message.contains(QStringLiteral("title")), qPrintable(s.error().message));
        QCOMPARE(m_editor->undoStack()->count(), 0);
        QCOMPARE(titleOf(id), QStringLiteral("Keep"));
    }

    void bulkStatusUndoRedo()
    {
        const qint64 a = create(QStringLiteral("A"));
        const qint64 b = create(QStringLiteral("B"));
        QVERIFY(m_ws->service().updateStatus(b, TaskStatus::InProgress, {.progressPercentage = 40}).ok());
        QVERIFY(m_editor->setStatus({a, b}, TaskStatus::Completed).ok());
        QCOMPARE(m_editor->undoStack()->count(), 1);
        QCOMPARE(core::toString(m_ws->tasks().get(a)->status), QStringLiteral("completed"));
        QCOMPARE(core::toString(m_ws->tasks().get(b)->status), QStringLiteral("completed"));
        m_editor->undoStack()->undo();
        QCOMPARE(core::toString(m_ws->tasks().get(a)->status), QStringLiteral("not_started"));
        QCOMPARE(core::toString(m_ws->tasks().get(b)->status), QStringLiteral("in_progress"));
        QCOMPARE(**m_ws->workspace().progress().latestPercentage(b), 40);
        m_editor->undoStack()->redo();
        QCOMPARE(core::toString(m_ws->tasks().get(b)->status), QStringLiteral("completed"));
        QCOMPARE(**m_ws->workspace().progress().latestPercentage(b), 100);
    }

    void createUndoRedo()
    {
        auto id = m_editor->createTask(test::makeTask(QStringLiteral("Fresh")));
        QVERIFY(id.ok());
        QCOMPARE(taskCount(), 1);
        m_editor->undoStack()->undo();
        QCOMPARE(taskCount(), 0);
        m_editor->undoStack()->redo();
        QCOMPARE(taskCount(), 1);
        QCOMPARE(titleOf(*id), QStringLiteral("Fresh"));
    }

    void deleteRestoresCascadeOnUndo()
    {
        const qint64 before = create(QStringLiteral("Before"));
        const qint64 parent = create(QStringLiteral("Parent"));
        const qint64 child = create(QStringLiteral("Child"), parent);
        const qint64 after = create(QStringLiteral("After"));
        QVERIFY(m_ws->service().addDependency(parent, before).ok());
        QVERIFY(
            m_ws->service().addDependency(after, child, core::DependencyType::Requires, core::Relation::SS, 2.5).ok());
        QVERIFY(m_ws->service().addComment(child, QStringLiteral("a decision"), core::CommentType::Decision).ok());
        QVERIFY(m_ws->service().updateStatus(child, TaskStatus::InProgress, {.progressPercentage = 30}).ok());
        // An edit made before the delete must still undo after the delete is undone (ids may change).
        core::Task renamed = *m_ws->tasks().get(parent);
        renamed.title = QStringLiteral("Parent renamed");
        QVERIFY(m_editor->editTask(renamed).ok());

        QVERIFY(m_editor->deleteTasks({parent}).ok());
        QCOMPARE(taskCount(), 2);
        QVERIFY(m_ws->workspace().dependencies().all()->isEmpty());

        m_editor->undoStack()->undo();
        QCOMPARE(taskCount(), 4);
        // The tasks come back under their own ids, so nothing that refers to them breaks.
        QCOMPARE(m_editor->resolve(parent), parent);
        QCOMPARE(m_editor->resolve(child), child);
        const qint64 p = m_editor->resolve(parent);
        const qint64 c = m_editor->resolve(child);
        QCOMPARE(titleOf(parent), QStringLiteral("Parent renamed"));
        QCOMPARE(*m_ws->tasks().get(c)->parentTaskId, p);
        QCOMPARE(core::toString(m_ws->tasks().get(c)->status), QStringLiteral("in_progress"));
        const auto deps = *m_ws->workspace().dependencies().all();
        QCOMPARE(deps.size(), 2);
        QVERIFY(m_ws->workspace().dependencies().find(p, before)->has_value());
        const auto restored = *m_ws->workspace().dependencies().find(after, c);
        QVERIFY(restored.has_value());
        QCOMPARE(core::toString(restored->relation), QStringLiteral("SS"));
        QCOMPARE(restored->lagHours, 2.5);
        const auto comments = *m_ws->service().comments(c);
        QCOMPARE(comments.size(), 1);
        QCOMPARE(comments.first().comment, QStringLiteral("a decision"));
        QCOMPARE(m_ws->service().progressHistory(c)->size(), 2);
        QCOMPARE(**m_ws->workspace().progress().latestPercentage(c), 30);

        m_editor->undoStack()->redo();
        QCOMPARE(taskCount(), 2);
        m_editor->undoStack()->undo();
        QCOMPARE(taskCount(), 4);
        m_editor->undoStack()->undo(); // the rename, on whatever id the parent has now
        QCOMPARE(titleOf(parent), QStringLiteral("Parent"));
    }

    void deleteUndoFallsBackToANewIdWhenTheOldOneIsTaken()
    {
        create(QStringLiteral("First"));
        const qint64 last = create(QStringLiteral("Last"));
        QVERIFY(m_editor->deleteTasks({last}).ok());
        // SQLite hands the highest free id to the next insert: the deleted task's id is taken again.
        core::Task other;
        other.title = QStringLiteral("Other");
        other.componentArea = QStringLiteral("ops");
        const qint64 taken = *m_ws->service().createTask(other);
        QCOMPARE(taken, last);
        m_editor->undoStack()->undo();
        QCOMPARE(taskCount(), 3);
        const qint64 back = m_editor->resolve(last);
        QVERIFY(back != last);
        QCOMPARE(titleOf(last), QStringLiteral("Last"));
        QCOMPARE(m_ws->tasks().get(taken)->title, QStringLiteral("Other"));
    }

    void dependencyAddRemoveUndoRedo()
    {
        const qint64 a = create(QStringLiteral("A"));
        const qint64 b = create(QStringLiteral("B"));
        QVERIFY(m_editor->addDependency(a, b, core::DependencyType::Blocks, core::Relation::FS, 1.0).ok());
        QVERIFY(m_ws->workspace().dependencies().find(a, b)->has_value());
        m_editor->undoStack()->undo();
        QVERIFY(!m_ws->workspace().dependencies().find(a, b)->has_value());
        m_editor->undoStack()->redo();
        QVERIFY(m_ws->workspace().dependencies().find(a, b)->has_value());

        // Closing the cycle is refused and pushes nothing.
        const int commands = m_editor->undoStack()->count();
        const core::Status cycle = m_editor->addDependency(b, a, core::DependencyType::Blocks, core::Relation::FS, 0);
        QVERIFY(!cycle.ok());
        QCOMPARE(m_editor->undoStack()->count(), commands);

        QVERIFY(m_editor->removeDependency(a, b).ok());
        QVERIFY(!m_ws->workspace().dependencies().find(a, b)->has_value());
        m_editor->undoStack()->undo();
        const auto back = *m_ws->workspace().dependencies().find(a, b);
        QVERIFY(back.has_value());
        QCOMPARE(back->lagHours, 1.0);
    }

    void commentAddEditUndoRedo()
    {
        const qint64 a = create(QStringLiteral("A"));
        auto id = m_editor->addComment(a, QStringLiteral("first"), core::CommentType::Note);
        QVERIFY(id.ok());
        QVERIFY(m_editor->editComment(*id, QStringLiteral("second"), core::CommentType::Blocker).ok());
        QCOMPARE(m_ws->service().comments(a)->first().comment, QStringLiteral("second"));
        m_editor->undoStack()->undo();
        QCOMPARE(m_ws->service().comments(a)->first().comment, QStringLiteral("first"));
        m_editor->undoStack()->undo();
        QVERIFY(m_ws->service().comments(a)->isEmpty());
        m_editor->undoStack()->redo();
        m_editor->undoStack()->redo();
        QCOMPARE(m_ws->service().comments(a)->size(), 1);
        QCOMPARE(m_ws->service().comments(a)->first().comment, QStringLiteral("second"));
    }

    void switchingDatabaseClearsTheStack()
    {
        QVERIFY(m_editor->createTask(test::makeTask(QStringLiteral("X"))).ok());
        QCOMPARE(m_editor->undoStack()->count(), 1);
        m_editor->setWorkspace(&m_ws->workspace());
        QCOMPARE(m_editor->undoStack()->count(), 0);
    }
};

QTEST_MAIN(TstTaskEditor)
#include "tst_TaskEditor.moc"
