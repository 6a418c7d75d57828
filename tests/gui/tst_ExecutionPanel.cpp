// SPDX-License-Identifier: GPL-3.0-or-later
#include "DemoProject.h"
#include "ExecutionPanel.h"
#include "GraphCanvas.h"
#include "TempWorkspace.h"

#include <QComboBox>
#include <QGraphicsScene>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTest>
#include <QTreeWidget>

#include <memory>

using namespace taskorch;

class TstExecutionPanel : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<test::TempWorkspace> m_ws;

    bool computeWithButton(gui::ExecutionPanel &panel, int k)
    {
        QSignalSpy computed(&panel, &gui::ExecutionPanel::planComputed);
        panel.findChild<QSpinBox *>(QStringLiteral("parallelSpin"))->setValue(k);
        QTest::mouseClick(panel.findChild<QPushButton *>(QStringLiteral("computePlanButton")), Qt::LeftButton);
        return computed.wait(30000) || computed.count() > 0;
    }

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void init()
    {
        m_ws = std::make_unique<test::TempWorkspace>();
        QVERIFY2(m_ws->isValid(), qPrintable(m_ws->errorString()));
        QVERIFY(storage::DemoProject::load(m_ws->service()).ok());
    }

    void cleanup() { m_ws.reset(); }

    void computesThePlanOffTheGuiThread()
    {
        gui::ExecutionPanel panel;
        panel.setWorkspace(&m_ws->workspace());
        QVERIFY(computeWithButton(panel, 3));
        QVERIFY2(panel.plan().has_value(), qPrintable(panel.lastError()));
        auto expected = m_ws->workspace().scheduling().plan(3);
        QVERIFY(expected.ok());
        QCOMPARE(panel.plan()->flowMakespanMinutes, expected->flowMakespanMinutes);
        QCOMPARE(panel.plan()->waveMakespanMinutes, expected->waveMakespanMinutes);
        QCOMPARE(panel.plan()->lowerBoundMinutes, expected->lowerBoundMinutes);
        QCOMPARE(panel.plan()->groups.size(), expected->groups.size());
        const QString summary = panel.findChild<QLabel *>(QStringLiteral("planSummaryLabel"))->text();
        QVERIFY2(summary.contains(core::formatHours(expected->lowerBoundMinutes)), qPrintable(summary));
        QVERIFY(summary.contains(QString::number(expected->waveRatio, 'f', 2)));
        // Lanes and bands are drawn.
        QVERIFY(panel.findChild<gui::GraphCanvas *>(QStringLiteral("planView"))->scene()->items().size() >
                expected->flow.size());
    }

    void drivesAGroupFromStartToCompletion()
    {
        gui::ExecutionPanel panel;
        panel.setWorkspace(&m_ws->workspace());
        QVERIFY(computeWithButton(panel, 2));
        QVERIFY(panel.plan().has_value());
        QTest::mouseClick(panel.findChild<QPushButton *>(QStringLiteral("savePlanButton")), Qt::LeftButton);
        auto *tree = panel.findChild<QTreeWidget *>(QStringLiteral("groupTree"));
        QCOMPARE(tree->topLevelItemCount(), panel.plan()->groups.size());

        auto groups = m_ws->workspace().scheduling().groups();
        QVERIFY(groups.ok());
        const storage::GroupWithTasks first = groups->first();
        QVERIFY(panel.selectInTree(first.group.id));
        QTest::mouseClick(panel.findChild<QPushButton *>(QStringLiteral("startGroupButton")), Qt::LeftButton);
        QVERIFY2(panel.lastError().isEmpty(), qPrintable(panel.lastError()));
        for (const core::GroupTask &t : first.tasks) {
            QVERIFY(panel.selectInTree(first.group.id, t.taskId));
            QCOMPARE(panel.selectedTask(), t.taskId);
            QTest::mouseClick(panel.findChild<QPushButton *>(QStringLiteral("startTaskButton")), Qt::LeftButton);
            QVERIFY2(panel.lastError().isEmpty(), qPrintable(panel.lastError()));
            QTest::mouseClick(panel.findChild<QPushButton *>(QStringLiteral("completeTaskButton")), Qt::LeftButton);
            QVERIFY2(panel.lastError().isEmpty(), qPrintable(panel.lastError()));
        }
        groups = m_ws->workspace().scheduling().groups();
        QVERIFY(groups.ok());
        QCOMPARE(core::toString(groups->first().group.status), QStringLiteral("completed"));
        QCOMPARE(tree->topLevelItem(0)->text(1), QStringLiteral("completed"));
        for (const core::GroupTask &t : first.tasks) {
            auto task = m_ws->tasks().get(t.taskId);
            QVERIFY(task.ok());
            QCOMPARE(core::toString(task->status), QStringLiteral("completed"));
        }

        // The log rows appear: group start, each task's start and completion, group completion.
        auto log = m_ws->workspace().scheduling().log();
        QVERIFY(log.ok());
        auto *table = panel.findChild<QTableWidget *>(QStringLiteral("logTable"));
        QVERIFY(table->rowCount() >= 2 + 2 * first.tasks.size());
        QCOMPARE(table->rowCount(), log->size());
        QCOMPARE(table->item(table->rowCount() - 1, 4)->text(), log->last().message);
    }

    void refusesAndLogsFilteredByLevel()
    {
        gui::ExecutionPanel panel;
        panel.setWorkspace(&m_ws->workspace());
        QVERIFY(computeWithButton(panel, 2));
        panel.savePlan();
        auto groups = m_ws->workspace().scheduling().groups();
        QVERIFY(groups.ok() && groups->size() > 1);
        // Starting the second group before the first is refused and the panel says so.
        QVERIFY(panel.selectInTree(groups->at(1).group.id));
        panel.startSelectedGroup();
        QVERIFY(!panel.lastError().isEmpty());
        // Start the first group and fail a task: an error row, which the level filter keeps.
        QVERIFY(panel.selectInTree(groups->first().group.id));
        panel.startSelectedGroup();
        const qint64 task = groups->first().tasks.first().taskId;
        QVERIFY(panel.selectInTree(groups->first().group.id, task));
        panel.startSelectedTask();
        panel.failSelectedTask();
        QVERIFY2(panel.lastError().isEmpty(), qPrintable(panel.lastError()));
        auto *table = panel.findChild<QTableWidget *>(QStringLiteral("logTable"));
        const int all = table->rowCount();
        auto *filter = panel.findChild<QComboBox *>(QStringLiteral("logLevelFilter"));
        filter->setCurrentIndex(filter->findData(int(core::LogLevel::Error)));
        QVERIFY(table->rowCount() >= 1);
        QVERIFY(table->rowCount() < all);
        for (int r = 0; r < table->rowCount(); ++r) {
            QCOMPARE(table->item(r, 1)->text(), QStringLiteral("error"));
        }
    }
};

QTEST_MAIN(TstExecutionPanel)
#include "tst_ExecutionPanel.moc"
