// SPDX-License-Identifier: GPL-3.0-or-later
#include "TaskDetailPanel.h"

#include "Prompt.h"
#include "TaskEditor.h"
#include "TempWorkspace.h"

#include <QComboBox>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTest>

using namespace taskorch;

class TstTaskDetailPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        gui::Prompt::setTestMode(true);
    }

    void showsFieldsSubtasksProgressAndComments()
    {
        test::TempWorkspace ws;
        QVERIFY(ws.isValid());
        const qint64 parent = *ws.service().createTask(test::makeTask(QStringLiteral("Parent")));
        core::Task child = test::makeTask(QStringLiteral("Child"));
        child.parentTaskId = parent;
        QVERIFY(ws.service().createTask(child).ok());
        QVERIFY(ws.service().addComment(parent, QStringLiteral("We chose SQLite"), core::CommentType::Decision).ok());
        gui::TaskEditor editor;
        editor.setWorkspace(&ws.workspace());
        gui::TaskDetailPanel panel(&editor);
        panel.setWorkspace(&ws.workspace());
        panel.showTask(parent);
        QVERIFY(panel.findChild<QLabel *>(QStringLiteral("titleLabel"))->text().contains(QStringLiteral("Parent")));
        QCOMPARE(panel.findChild<QListWidget *>(QStringLiteral("subtaskList"))->count(), 1);
        auto *comments = panel.findChild<QListWidget *>(QStringLiteral("commentList"));
        QCOMPARE(comments->count(), 1);
        QVERIFY(comments->item(0)->text().startsWith(QStringLiteral("[Decision]")));

        // Add a comment and edit it through the panel; both are undoable.
        panel.findChild<QPlainTextEdit *>(QStringLiteral("commentEdit"))->setPlainText(QStringLiteral("Blocked on CI"));
        panel.findChild<QPushButton *>(QStringLiteral("addCommentButton"))->click();
        QCOMPARE(comments->count(), 2);
        comments->setCurrentRow(1);
        panel.findChild<QPlainTextEdit *>(QStringLiteral("commentEdit"))->setPlainText(QStringLiteral("CI fixed"));
        panel.findChild<QPushButton *>(QStringLiteral("saveCommentButton"))->click();
        QCOMPARE(ws.service().comments(parent)->at(1).comment, QStringLiteral("CI fixed"));
        QCOMPARE(editor.undoStack()->count(), 2);
        editor.undoStack()->undo();
        QCOMPARE(ws.service().comments(parent)->at(1).comment, QStringLiteral("Blocked on CI"));
    }

    void pickerFindsTasksAndRefusesCycleWithNamedPath()
    {
        test::TempWorkspace ws;
        QVERIFY(ws.isValid());
        const qint64 a = *ws.service().createTask(test::makeTask(QStringLiteral("Design schema")));
        const qint64 b = *ws.service().createTask(test::makeTask(QStringLiteral("Write migrations")));
        const qint64 c = *ws.service().createTask(test::makeTask(QStringLiteral("Ship release")));
        gui::TaskEditor editor;
        editor.setWorkspace(&ws.workspace());
        gui::TaskDetailPanel panel(&editor);
        panel.setWorkspace(&ws.workspace());

        panel.showTask(c);
        QCOMPARE(panel.pickerMatches(QStringLiteral("migr")), QList<qint64>{b});
        QCOMPARE(panel.pickerMatches(QStringLiteral("#%1").arg(a)), QList<qint64>{a});
        QVERIFY(!panel.pickerMatches(QStringLiteral("ship")).contains(c)); // never itself
        QVERIFY(panel.addDependency(b).ok());                              // release depends on migrations
        panel.showTask(b);
        QVERIFY(panel.addDependency(a).ok()); // migrations depend on schema
        QCOMPARE(panel.findChild<QListWidget *>(QStringLiteral("dependencyList"))->count(), 1);

        panel.showTask(a);
        const int commands = editor.undoStack()->count();
        const core::Status refused = panel.addDependency(c); // schema would depend on release: a cycle
        QVERIFY(!refused.ok());
        QCOMPARE(editor.undoStack()->count(), commands);
        QVERIFY(!ws.workspace().dependencies().find(a, c)->has_value());
        const QString text = panel.cycleText();
        QVERIFY2(text.contains(QStringLiteral("cycle")), qPrintable(text));
        for (const QString &title :
             {QStringLiteral("Design schema"), QStringLiteral("Write migrations"), QStringLiteral("Ship release")}) {
            QVERIFY2(text.contains(title), qPrintable(text));
        }
        QVERIFY(text.indexOf(QStringLiteral("Design schema")) < text.indexOf(QStringLiteral("Ship release")));

        // A soft link may close the loop: enhances is never scheduled.
        QVERIFY(editor.addDependency(a, c, core::DependencyType::Enhances, core::Relation::FS, 0).ok());
        // Removing through the editor is undoable.
        QVERIFY(editor.removeDependency(b, a).ok());
        editor.undoStack()->undo();
        QVERIFY(ws.workspace().dependencies().find(b, a)->has_value());
    }

    // The refusal offers each existing link of the cycle; choosing one swaps it for the new link in one undo step.
    void refusedLinkOffersTheCycleLinksForRemoval()
    {
        test::TempWorkspace ws;
        QVERIFY(ws.isValid());
        const qint64 a = *ws.service().createTask(test::makeTask(QStringLiteral("Design schema")));
        const qint64 b = *ws.service().createTask(test::makeTask(QStringLiteral("Write migrations")));
        const qint64 c = *ws.service().createTask(test::makeTask(QStringLiteral("Ship release")));
        gui::TaskEditor editor;
        editor.setWorkspace(&ws.workspace());
        gui::TaskDetailPanel panel(&editor);
        panel.setWorkspace(&ws.workspace());
        panel.show();
        panel.showTask(c);
        QVERIFY(panel.addDependency(b).ok()); // c depends on b
        panel.showTask(b);
        QVERIFY(panel.addDependency(a).ok()); // b depends on a

        panel.showTask(a);
        QVERIFY(!panel.addDependency(c).ok()); // a → c → b → a
        auto *row = panel.findChild<QWidget *>(QStringLiteral("cycleFixRow"));
        auto *links = panel.findChild<QComboBox *>(QStringLiteral("cycleLinkCombo"));
        QVERIFY(!row->isHidden()); // on the Dependencies tab, which need not be the current one
        QCOMPARE(links->count(), 2);
        QVERIFY2(links->itemText(0).contains(QStringLiteral("Ship release")) &&
                     links->itemText(0).contains(QStringLiteral("depends on")),
                 qPrintable(links->itemText(0)));

        if (const QString folder = qEnvironmentVariable("TASKORCH_SCREENSHOTS"); !folder.isEmpty()) {
            panel.findChild<QTabWidget *>(QStringLiteral("detailTabs"))->setCurrentIndex(1);
            panel.resize(520, 560);
            QVERIFY(panel.grab().save(folder + QStringLiteral("/detail-cycle.png")));
        }
        links->setCurrentIndex(1); // "Write migrations depends on Design schema"
        const int commands = editor.undoStack()->count();
        panel.findChild<QPushButton *>(QStringLiteral("removeCycleLinkButton"))->click();
        auto &deps = ws.workspace().dependencies();
        QVERIFY(!deps.find(b, a)->has_value());
        QVERIFY(deps.find(a, c)->has_value());
        QVERIFY(row->isHidden());
        QVERIFY(panel.cycleText().isEmpty());
        QCOMPARE(editor.undoStack()->count(), commands + 1);

        editor.undoStack()->undo(); // both halves come back as they were
        QVERIFY(deps.find(b, a)->has_value());
        QVERIFY(!deps.find(a, c)->has_value());
    }
};

QTEST_MAIN(TstTaskDetailPanel)
#include "tst_TaskDetailPanel.moc"
