// SPDX-License-Identifier: GPL-3.0-or-later
#include "MainWindow.h"

#include "BadFiles.h"
#include "CriticalPathView.h"
#include "DemoProject.h"
#include "ImportDialog.h"
#include "Prompt.h"
#include "TaskEditor.h"
#include "TaskTableModel.h"
#include "TempWorkspace.h"
#include "TestSupport.h"
#include "Transaction.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMimeData>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSplitter>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

using namespace taskorch;

class TstMainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        storage::Workspace::setApplicationIdentity();
        gui::Prompt::setTestMode(true);
    }

    void init()
    {
        QVERIFY(m_dir.isValid());
        m_path = m_dir.filePath(QStringLiteral("gui-%1.db").arg(++m_counter));
        QSettings().clear();
        gui::Prompt::setTestMode(true);
    }

    void loadDemo(const QString &path)
    {
        auto ws = storage::Workspace::open(path);
        QVERIFY(ws.ok());
        QVERIFY(storage::DemoProject::load((*ws)->service()).ok());
    }

    QString legacyCopy()
    {
        const QString name = QStringLiteral("implementation_tracker.sqlmodel_era.db");
        const QString target = m_dir.filePath(QStringLiteral("legacy-%1.db").arg(m_counter));
        for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")}) {
            const QString from = test::sourcePath(QStringLiteral("tests/data/legacy/") + name + suffix);
            if (QFile::exists(from)) {
                QFile::remove(target + suffix);
                if (!QFile::copy(from, target + suffix)) {
                    return {};
                }
                QFile(target + suffix).setPermissions(QFile::ReadOwner | QFile::WriteOwner);
            }
        }
        return target;
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
        // Counted by the statistics panel's worker thread: the label follows shortly.
        QTRY_VERIFY2(counts->text().startsWith(QStringLiteral("40 tasks · 7 completed · 2 in progress · 1 blocked")),
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

    void menusAndViewsAreInPlace()
    {
        gui::MainWindow window;
        QVERIFY(window.openDatabase(m_path).ok());
        QStringList exports;
        for (QAction *a : window.findChild<QMenu *>(QStringLiteral("menuExport"))->actions()) {
            exports << a->objectName();
        }
        QCOMPARE(exports.size(), core::allNames<storage::ReportKind>().size());
        QVERIFY(exports.contains(QStringLiteral("actionExport_import-report")));
        QCOMPARE(window.findChild<QMenu *>(QStringLiteral("menuSetStatus"))->actions().size(), 5);
        QVERIFY(window.findChild<QAction *>(QStringLiteral("actionUndo")));
        QVERIFY(window.findChild<QAction *>(QStringLiteral("actionRedo")));
        auto *tabs = window.findChild<QTabWidget *>(QStringLiteral("viewTabs"));
        QVERIFY(tabs);
        QCOMPARE(tabs->tabText(0), QStringLiteral("Tasks"));
        // Tasks, then the plan views: critical path, statistics, execution.
        QCOMPARE(tabs->count(), 4);
        QCOMPARE(tabs->tabText(1), QStringLiteral("Critical path"));
        QCOMPARE(tabs->tabText(2), QStringLiteral("Statistics"));
        QCOMPARE(tabs->tabText(3), QStringLiteral("Execution"));
        QSignalSpy changed(&window, &gui::MainWindow::dataChanged);
        window.addViewTab(new QWidget, QStringLiteral("Extra"));
        QCOMPARE(tabs->count(), 5);
        window.refresh();
        QCOMPARE(changed.size(), 1);
        window.findChild<QAction *>(QStringLiteral("actionAbout"))->trigger();
        QVERIFY(gui::Prompt::messages().constLast().contains(QStringLiteral("GPL-3.0-or-later")));
    }

    void newOpenAndRecentFiles()
    {
        gui::MainWindow window;
        QSignalSpy opened(&window, &gui::MainWindow::databaseChanged);
        const QString fresh = m_dir.filePath(QStringLiteral("fresh-%1.db").arg(m_counter));
        gui::Prompt::setNextFileName(fresh);
        window.findChild<QAction *>(QStringLiteral("actionNew"))->trigger();
        QVERIFY(window.workspace());
        QCOMPARE(window.workspace()->database().path(), QFileInfo(fresh).absoluteFilePath());
        QCOMPARE(opened.size(), 1);

        loadDemo(m_path);
        gui::Prompt::setNextFileName(m_path);
        window.findChild<QAction *>(QStringLiteral("actionOpen"))->trigger();
        QCOMPARE(window.taskModel()->matchingCount(), storage::DemoProject::taskCount);
        QCOMPARE(window.recentFiles(),
                 QStringList({QFileInfo(m_path).absoluteFilePath(), QFileInfo(fresh).absoluteFilePath()}));
        // Open Recent lists both, newest first, and opens the older one again.
        auto *recent = window.findChild<QMenu *>(QStringLiteral("menuRecent"));
        QAction *older = recent->actions().at(1);
        QCOMPARE(older->data().toString(), QFileInfo(fresh).absoluteFilePath());
        older->trigger();
        QCOMPARE(window.workspace()->database().path(), QFileInfo(fresh).absoluteFilePath());
        QCOMPARE(QSettings().value(QStringLiteral("lastDatabase")).toString(), QFileInfo(fresh).absoluteFilePath());
    }

    void openingClearsUndoStack()
    {
        gui::MainWindow window;
        QVERIFY(window.openDatabase(m_path).ok());
        window.findChild<QAction *>(QStringLiteral("actionNewTask"))->trigger();
        QCOMPARE(window.taskModel()->rowCount(), 1);
        QCOMPARE(window.editor()->undoStack()->count(), 1);
        QVERIFY(window.openDatabase(m_path).ok());
        QCOMPARE(window.editor()->undoStack()->count(), 0);
    }

    void settingsAreRestored()
    {
        loadDemo(m_path);
        QByteArray splitterState;
        {
            gui::MainWindow window;
            QVERIFY(window.openDatabase(m_path).ok());
            window.resize(1000, 640);
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            auto *splitter = window.findChild<QSplitter *>(QStringLiteral("mainSplitter"));
            splitter->setSizes({700, 300});
            splitterState = splitter->saveState();
            window.close();
        }
        gui::MainWindow again;
        QCOMPARE(again.size(), QSize(1000, 640));
        QCOMPARE(again.findChild<QSplitter *>(QStringLiteral("mainSplitter"))->saveState(), splitterState);
        QCOMPARE(again.recentFiles(), QStringList{QFileInfo(m_path).absoluteFilePath()});
        QCOMPARE(QSettings().value(QStringLiteral("lastDatabase")).toString(), QFileInfo(m_path).absoluteFilePath());
    }

    void inlineEditAcceptedAndRejected()
    {
        loadDemo(m_path);
        gui::MainWindow window;
        QVERIFY(window.openDatabase(m_path).ok());
        gui::TaskTableModel *model = window.taskModel();
        QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const qint64 id = model->taskAt(0)->id;
        const int originalPhase = model->taskAt(0)->phase;
        const QModelIndex title = model->index(0, gui::TaskTableModel::TitleColumn);
        QVERIFY(model->flags(title) & Qt::ItemIsEditable);
        QVERIFY(!(model->flags(model->index(0, gui::TaskTableModel::IdColumn)) & Qt::ItemIsEditable));
        QVERIFY(model->setData(title, QStringLiteral("Renamed in the table")));
        QCOMPARE(window.workspace()->tasks().get(id)->title, QStringLiteral("Renamed in the table"));
        QCOMPARE(title.data().toString(), QStringLiteral("Renamed in the table"));

        QSignalSpy rejected(model, &gui::TaskTableModel::editRejected);
        QVERIFY(!model->setData(title, QString()));
        QCOMPARE(rejected.size(), 1);
        QVERIFY2(model->cellError(title).startsWith(QStringLiteral("title")), qPrintable(model->cellError(title)));
        QCOMPARE(title.data(Qt::ToolTipRole).toString(), model->cellError(title));
        QCOMPARE(window.workspace()->tasks().get(id)->title, QStringLiteral("Renamed in the table"));

        const QModelIndex hours = model->index(0, gui::TaskTableModel::HoursColumn);
        QVERIFY(!model->setData(hours, 500.0));
        QVERIFY2(model->cellError(hours).contains(QStringLiteral("time_estimate_hours")),
                 qPrintable(model->cellError(hours)));
        const QModelIndex phase = model->index(0, gui::TaskTableModel::PhaseColumn);
        QVERIFY(!model->setData(phase, 9));
        QVERIFY(!model->cellError(phase).isEmpty());
        const int newPhase = originalPhase == 3 ? 2 : 3;
        QVERIFY(model->setData(phase, newPhase));
        QVERIFY(model->cellError(phase).isEmpty());
        QCOMPARE(window.workspace()->tasks().get(id)->phase, newPhase);
        QVERIFY(model->setData(model->index(0, gui::TaskTableModel::PriorityColumn), QStringLiteral("critical")));
        QVERIFY(model->setData(model->index(0, gui::TaskTableModel::StatusColumn), QStringLiteral("blocked")));
        QCOMPARE(core::toString(window.workspace()->tasks().get(id)->status), QStringLiteral("blocked"));

        // Each accepted edit is one undo step: status, priority, phase, title.
        QUndoStack *stack = window.editor()->undoStack();
        QCOMPARE(stack->count(), 4);
        stack->undo();
        stack->undo();
        stack->undo();
        QCOMPARE(window.workspace()->tasks().get(id)->phase, originalPhase);
        QCOMPARE(model->index(0, gui::TaskTableModel::PhaseColumn).data().toInt(), originalPhase);
        stack->undo();
        QCOMPARE(window.workspace()->tasks().get(id)->title, QStringLiteral("Install modern UI dependencies"));
        stack->redo();
        QCOMPARE(window.workspace()->tasks().get(id)->title, QStringLiteral("Renamed in the table"));
    }

    void bulkStatusDeleteAndUndoFromTheWindow()
    {
        loadDemo(m_path);
        gui::MainWindow window;
        QVERIFY(window.openDatabase(m_path).ok());
        auto *table = window.findChild<QTableView *>(QStringLiteral("taskTable"));
        QItemSelection rows;
        rows.select(table->model()->index(1, 0), table->model()->index(3, 0));
        table->selectionModel()->select(rows, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        const QList<qint64> ids = window.selectedTaskIds();
        QCOMPARE(ids.size(), 3);
        window.findChild<QAction *>(QStringLiteral("actionStatus_failed"))->trigger();
        for (qint64 id : ids) {
            QCOMPARE(core::toString(window.workspace()->tasks().get(id)->status), QStringLiteral("failed"));
        }
        window.findChild<QAction *>(QStringLiteral("actionUndo"))->trigger();
        for (qint64 id : ids) {
            QVERIFY(core::toString(window.workspace()->tasks().get(id)->status) != QStringLiteral("failed"));
        }

        table->selectionModel()->select(rows, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        gui::Prompt::setNextAnswer(QMessageBox::Yes);
        window.findChild<QAction *>(QStringLiteral("actionDelete"))->trigger();
        QVERIFY(window.taskModel()->matchingCount() < storage::DemoProject::taskCount - 2);
        window.findChild<QAction *>(QStringLiteral("actionUndo"))->trigger();
        QCOMPARE(window.taskModel()->matchingCount(), storage::DemoProject::taskCount);
    }

    void dropTaskOrchDatabaseOpensIt()
    {
        loadDemo(m_path);
        gui::MainWindow window;
        QVERIFY(window.openDatabase(m_dir.filePath(QStringLiteral("other-%1.db").arg(m_counter))).ok());
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(m_path)});
        QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(&window, &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(&window, &drop);
        QTRY_COMPARE(window.workspace()->database().path(), QFileInfo(m_path).absoluteFilePath());
        QCOMPARE(window.taskModel()->matchingCount(), storage::DemoProject::taskCount);
    }

    void dropLegacyTrackerOffersImport()
    {
        const QString legacy = legacyCopy();
        QVERIFY(!legacy.isEmpty());
        QCOMPARE(gui::MainWindow::classifyFile(legacy), gui::MainWindow::FileKind::LegacyTracker);
        gui::MainWindow window;
        QVERIFY(window.openDatabase(m_path).ok());
        gui::Prompt::setNextAnswer(QMessageBox::Yes);
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(legacy)});
        QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(&window, &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(&window, &drop);
        QTRY_VERIFY2(window.importDialog(), qPrintable(gui::Prompt::messages().join(u'|')));
        QVERIFY(gui::Prompt::messages().constLast().contains(QStringLiteral("legacy tracker")));
        QCOMPARE(window.importDialog()->sourcePath(), legacy);
        // The open database is unchanged by the drop itself.
        QCOMPARE(window.workspace()->database().path(), QFileInfo(m_path).absoluteFilePath());
        QSignalSpy changed(&window, &gui::MainWindow::dataChanged);
        window.importDialog()->startImport();
        QTRY_VERIFY_WITH_TIMEOUT(changed.size() >= 1, 30000);
        QVERIFY(window.taskModel()->matchingCount() > 0);
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
        QVERIFY2(s.error().message.contains(QStringLiteral("not a TaskOrch database")), qPrintable(s.error().message));
        QCOMPARE(window.workspace()->database().path(), QFileInfo(m_path).absoluteFilePath());
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), QByteArray("id,title\n1,hello\n"));
    }

    // File ▸ Open on each kind of unusable file: one message in plain words, the open project stays, no file changes.
    void openRefusesUnusableFiles()
    {
        QTemporaryDir badDir;
        test::BadFiles bad(badDir.path());
        QVERIFY2(bad.errorString().isEmpty(), qPrintable(bad.errorString()));
        QVERIFY(!bad.files().isEmpty());
        loadDemo(m_path);
        gui::MainWindow window;
        QVERIFY(window.openDatabase(m_path).ok());
        const QString current = window.workspace()->database().path();

        for (const test::BadFile &file : bad.files()) {
            const auto before = test::BadFiles::snapshot(badDir.path());
            gui::Prompt::clearMessages();
            gui::Prompt::setNextFileName(file.path);
            window.findChild<QAction *>(QStringLiteral("actionOpen"))->trigger();
            const QStringList messages = gui::Prompt::messages();
            QVERIFY2(messages.size() == 1, qPrintable(file.name + QStringLiteral(": ") + messages.join(u'|')));
            for (const QString &word : file.expectWords) {
                QVERIFY2(messages.first().contains(word),
                         qPrintable(file.name + QStringLiteral(": ") + messages.first()));
            }
            QCOMPARE(window.workspace()->database().path(), current);
            QCOMPARE(window.findChild<QTableView *>(QStringLiteral("taskTable"))->model()->rowCount() > 0, true);
            QCOMPARE(test::BadFiles::snapshot(badDir.path()), before);
        }
    }

    // An empty project says so and offers a first task, an import and the demo; a filter matching nothing does not.
    void emptyProjectOffersTheDemo()
    {
        gui::MainWindow window;
        QVERIFY(window.openDatabase(m_path).ok());
        window.show();
        auto *banner = window.findChild<QWidget *>(QStringLiteral("emptyProjectBanner"));
        QVERIFY(banner);
        QVERIFY(banner->isVisible());

        window.findChild<QPushButton *>(QStringLiteral("loadDemoButton"))->click();
        auto *table = window.findChild<QTableView *>(QStringLiteral("taskTable"));
        QTRY_VERIFY(table->model()->rowCount() > 0);
        QCOMPARE(*window.workspace()->tasks().count({}), qint64(storage::DemoProject::taskCount));
        QVERIFY(!banner->isVisible());
        // Loading the demo is not an undoable edit.
        QVERIFY(!window.findChild<QAction *>(QStringLiteral("actionUndo"))->isEnabled());

        // A search that matches nothing is not an empty project.
        window.findChild<QLineEdit *>(QStringLiteral("searchEdit"))->setText(QStringLiteral("no task has this title"));
        QCOMPARE(table->model()->rowCount(), 0);
        QVERIFY(!banner->isVisible());
    }

    // taskorch-cli (or anyone) adds a task while the window is open: the table shows it without a restart.
    void showsChangesMadeByAnotherProgram()
    {
        loadDemo(m_path);
        gui::MainWindow window;
        QVERIFY(window.openDatabase(m_path).ok());
        auto *table = window.findChild<QTableView *>(QStringLiteral("taskTable"));
        QCOMPARE(window.workspace()->tasks().count({}).value(), qint64(storage::DemoProject::taskCount));

        QProcess cli;
        cli.start(qEnvironmentVariable("TASKORCH_CLI"),
                  {QStringLiteral("--db"), m_path, QStringLiteral("task"), QStringLiteral("add"),
                   QStringLiteral("--title"), QStringLiteral("Added from the command line"),
                   QStringLiteral("--component"), QStringLiteral("cli")});
        QVERIFY(cli.waitForFinished(30000));
        QCOMPARE(cli.exitCode(), 0);

        const auto titles = [table] {
            QStringList out;
            for (int row = 0; row < table->model()->rowCount(); ++row) {
                out << table->model()->index(row, gui::TaskTableModel::TitleColumn).data().toString();
            }
            return out;
        };
        QTRY_VERIFY_WITH_TIMEOUT(titles().contains(QStringLiteral("Added from the command line")), 5000);
        // The window's own edits do not count as outside changes (no reload loop): nothing else happened.
    }

    // Opening a database reads the table and the statistics, not the graph: the graph tab reads when it is shown,
    // and an edit while it is hidden waits for the next look.
    void hiddenPlanViewsStayIdle()
    {
        loadDemo(m_path);
        gui::MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *graph = window.findChild<gui::CriticalPathView *>(QStringLiteral("criticalPathView"));
        QVERIFY(graph);
        QSignalSpy updated(graph, &gui::CriticalPathView::graphUpdated);
        QVERIFY(window.openDatabase(m_path).ok());
        QTest::qWait(300);
        QCOMPARE(updated.size(), 0);
        QVERIFY(graph->layout().boxes().isEmpty());

        auto *tabs = window.findChild<QTabWidget *>(QStringLiteral("viewTabs"));
        tabs->setCurrentIndex(1);
        QTRY_COMPARE_WITH_TIMEOUT(updated.size(), 1, 10000);
        QCOMPARE(graph->layout().boxes().size(), storage::DemoProject::taskCount);

        tabs->setCurrentIndex(0);
        QVERIFY(window.workspace()->service().createTask(test::makeTask(QStringLiteral("Added while hidden"))).ok());
        window.refresh();
        QTest::qWait(300);
        QCOMPARE(updated.size(), 1);
        tabs->setCurrentIndex(1);
        QTRY_COMPARE_WITH_TIMEOUT(updated.size(), 2, 10000);
        QCOMPARE(graph->layout().boxes().size(), storage::DemoProject::taskCount + 1);
    }

    // A refresh (by hand, or after another program's change) keeps the filter the person chose, visibly.
    void refreshKeepsTheChosenFilters()
    {
        loadDemo(m_path);
        gui::MainWindow window;
        QVERIFY(window.openDatabase(m_path).ok());
        auto *status = window.findChild<QComboBox *>(QStringLiteral("statusFilter"));
        auto *priority = window.findChild<QComboBox *>(QStringLiteral("priorityFilter"));
        status->setCurrentIndex(status->findData(QStringLiteral("completed")));
        priority->setCurrentIndex(priority->findData(QStringLiteral("high")));
        auto *table = window.findChild<QTableView *>(QStringLiteral("taskTable"));
        const int shown = table->model()->rowCount();
        QVERIFY(shown > 0 && shown < storage::DemoProject::taskCount);

        window.findChild<QAction *>(QStringLiteral("actionRefresh"))->trigger();
        QCOMPARE(status->currentData().toString(), QStringLiteral("completed"));
        QCOMPARE(priority->currentData().toString(), QStringLiteral("high"));
        QCOMPARE(table->model()->rowCount(), shown);
    }

    void fullDiskIsReportedAndNothingIsLost()
    {
        loadDemo(m_path);
        gui::MainWindow window;
        QVERIFY(window.openDatabase(m_path).ok());
        storage::Database &db = window.workspace()->database();
        const qint64 pages = test::scalar(db, QStringLiteral("PRAGMA page_count")).toLongLong();
        QVERIFY(db.exec(QStringLiteral("PRAGMA max_page_count = %1").arg(pages + 1)).ok());

        gui::Prompt::clearMessages();
        int created = 0;
        while (gui::Prompt::messages().isEmpty() && created < 2000) {
            window.findChild<QAction *>(QStringLiteral("actionNewTask"))->trigger();
            ++created;
        }
        const QStringList messages = gui::Prompt::messages();
        QCOMPARE(messages.size(), 1);
        QVERIFY2(messages.first().contains(QStringLiteral("disk is full")), qPrintable(messages.first()));
        // The tasks made before the disk filled are kept; the failed one left nothing behind.
        QCOMPARE(test::scalar(db, QStringLiteral("SELECT count(*) FROM tasks")).toInt(), 40 + created - 1);
        QCOMPARE(test::scalar(db, QStringLiteral("PRAGMA integrity_check")).toString(), QStringLiteral("ok"));
    }

private:
    QTemporaryDir m_dir;
    QString m_path;
    int m_counter = 0;
};

QTEST_MAIN(TstMainWindow)
#include "tst_MainWindow.moc"
