// SPDX-License-Identifier: GPL-3.0-or-later
#include "DemoProject.h"
#include "MainWindow.h"
#include "TaskTableModel.h"
#include "Transaction.h"

#include <QAbstractItemModelTester>
#include <QLabel>
#include <QLineEdit>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace taskorch;

class TstMainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void init()
    {
        QVERIFY(m_dir.isValid());
        m_path = m_dir.filePath(QStringLiteral("gui-%1.db").arg(++m_counter));
    }

    void startsOffscreenAndShowsDemoRows()
    {
        {
            auto ws = storage::Workspace::open(m_path);
            QVERIFY(ws.ok());
            QVERIFY(storage::DemoProject::load((*ws)->service()).ok());
        }
        gui::MainWindow window;
        QVERIFY(window.openDatabase(m_path).ok());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        auto *table = window.findChild<QTableView *>(QStringLiteral("taskTable"));
        QVERIFY(table);
        QCOMPARE(table->model()->rowCount(), storage::DemoProject::taskCount);
        const QModelIndex title = table->model()->index(0, gui::TaskTableModel::TitleColumn);
        QCOMPARE(title.data().toString(), QStringLiteral("Install modern UI dependencies"));
        QCOMPARE(table->model()->index(0, gui::TaskTableModel::StatusColumn).data().toString(),
                 QStringLiteral("Completed"));

        auto *counts = window.findChild<QLabel *>(QStringLiteral("countsLabel"));
        QVERIFY(counts);
        QVERIFY2(counts->text().startsWith(QStringLiteral("40 tasks · 7 completed · 2 in progress · 1 blocked")),
                 qPrintable(counts->text()));
        auto *path = window.findChild<QLabel *>(QStringLiteral("pathLabel"));
        QVERIFY(path->text().endsWith(QFileInfo(m_path).fileName()));
        QVERIFY(!window.grab().isNull());
    }

    void searchFiltersInSql()
    {
        {
            auto ws = storage::Workspace::open(m_path);
            QVERIFY(ws.ok());
            QVERIFY(storage::DemoProject::load((*ws)->service()).ok());
        }
        gui::MainWindow window;
        QVERIFY(window.openDatabase(m_path).ok());
        auto *search = window.findChild<QLineEdit *>(QStringLiteral("searchEdit"));
        search->setText(QStringLiteral("TESTS"));
        // "Integration tests" and "End-to-end UI tests" (case-insensitive).
        QCOMPARE(window.taskModel()->rowCount(), 2);
        QCOMPARE(window.taskModel()->matchingCount(), 2);
    }

    void modelLoadsLazilyInBatchesAndPassesTester()
    {
        auto ws = storage::Workspace::open(m_path);
        QVERIFY(ws.ok());
        QList<core::Task> tasks;
        for (int i = 0; i < 1000; ++i) {
            core::Task t;
            t.title = QStringLiteral("Task %1").arg(i);
            t.componentArea = i % 2 ? QStringLiteral("ui") : QStringLiteral("database");
            t.priority = core::Priority(i % 4);
            tasks << t;
        }
        {
            storage::Transaction tx((*ws)->database());
            QVERIFY((*ws)->tasks().insertMany(tasks).ok());
            QVERIFY(tx.commit().ok());
        }
        gui::TaskTableModel model((*ws)->tasks());
        // Only the first batch is loaded up front.
        QCOMPARE(model.rowCount(), gui::TaskTableModel::batchSize);
        QCOMPARE(model.matchingCount(), 1000);
        QVERIFY(model.canFetchMore({}));
        model.fetchMore({});
        QCOMPARE(model.rowCount(), 2 * gui::TaskTableModel::batchSize);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);

        // Sorting by priority goes by rank: critical first when descending, and every row is seen once.
        model.sort(gui::TaskTableModel::PriorityColumn, Qt::DescendingOrder);
        while (model.canFetchMore({})) {
            model.fetchMore({});
        }
        QCOMPARE(model.rowCount(), 1000);
        // Enums compare as their stored spelling: core::toString is found by ADL before QTest::toString.
        QCOMPARE(core::toString(model.taskAt(0)->priority), QStringLiteral("critical"));
        QCOMPARE(core::toString(model.taskAt(999)->priority), QStringLiteral("low"));
        QSet<qint64> seen;
        for (int r = 0; r < model.rowCount(); ++r) {
            seen.insert(model.taskAt(r)->id);
        }
        QCOMPARE(seen.size(), 1000);
    }

    void refusesForeignFileAndKeepsCurrentDatabase()
    {
        gui::MainWindow window;
        QVERIFY(window.openDatabase(m_path).ok());
        const QString csv = m_dir.filePath(QStringLiteral("not-a-db.db"));
        QFile f(csv);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("id,title\n1,hello\n");
        f.close();
        const core::Status s = window.openDatabase(csv);
        QVERIFY(!s.ok());
        QVERIFY(s.error().message.contains(QStringLiteral("not a TaskOrch or SQLite database")));
        QCOMPARE(window.workspace()->database().path(), QFileInfo(m_path).absoluteFilePath());
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), QByteArray("id,title\n1,hello\n"));
    }

private:
    QTemporaryDir m_dir;
    QString m_path;
    int m_counter = 0;
};

QTEST_MAIN(TstMainWindow)
#include "tst_MainWindow.moc"
