// SPDX-License-Identifier: GPL-3.0-or-later
#include "MainWindow.h"

#include "ChangeWatcher.h"
#include "CriticalPathView.h"
#include "DemoProject.h"
#include "ExecutionPanel.h"
#include "ExportDialog.h"
#include "ImportDialog.h"
#include "Prompt.h"
#include "StatisticsPanel.h"
#include "TaskDelegate.h"
#include "TaskDetailPanel.h"
#include "TaskEditor.h"
#include "TaskTableModel.h"
#include "ui_MainWindow.h"

#include <QActionGroup>
#include <QCloseEvent>
#include <QDir>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QMimeData>
#include <QScrollArea>
#include <QSettings>
#include <QTimer>
#include <QToolTip>

namespace taskorch::gui {

namespace {

const QString kGeometry = QStringLiteral("window/geometry");
const QString kState = QStringLiteral("window/state");
const QString kSplitter = QStringLiteral("window/splitter");
const QString kDetails = QStringLiteral("window/detailsVisible");
const QString kRecent = QStringLiteral("recentFiles");
const QString kLast = QStringLiteral("lastDatabase");

QString humanName(QString name)
{
    name.replace(u'_', u' ');
    name.replace(u'-', u' ');
    if (!name.isEmpty()) {
        name[0] = name[0].toUpper();
    }
    return name;
}

} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent), m_ui(std::make_unique<Ui::MainWindow>()), m_editor(new TaskEditor(this))
{
    m_ui->setupUi(this);
    setAcceptDrops(true);
    m_countsLabel = new QLabel(this);
    m_countsLabel->setObjectName(QStringLiteral("countsLabel"));
    m_pathLabel = new QLabel(this);
    m_pathLabel->setObjectName(QStringLiteral("pathLabel"));
    m_pathLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    statusBar()->addWidget(m_countsLabel, 1);
    statusBar()->addPermanentWidget(m_pathLabel);

    m_detail = new TaskDetailPanel(m_editor, m_ui->mainSplitter);
    m_detail->setObjectName(QStringLiteral("detailPanel"));
    m_ui->mainSplitter->addWidget(m_detail);
    m_ui->mainSplitter->setStretchFactor(0, 3);
    m_ui->mainSplitter->setStretchFactor(1, 1);
    m_ui->mainSplitter->setSizes({820, 360});

    m_ui->taskTable->setItemDelegate(new TaskDelegate(m_ui->taskTable));
    m_ui->taskTable->horizontalHeader()->setSortIndicatorShown(true);
    m_ui->taskTable->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 12);
    m_ui->viewTabs->tabBar()->setExpanding(false);

    setupActions();
    connect(m_ui->searchEdit, &QLineEdit::textChanged, this, &MainWindow::applyFilter);
    for (QComboBox *combo : {m_ui->statusFilter, m_ui->phaseFilter, m_ui->priorityFilter, m_ui->componentFilter}) {
        connect(combo, &QComboBox::currentIndexChanged, this, &MainWindow::applyFilter);
    }
    connect(m_editor, &TaskEditor::changed, this, &MainWindow::onEditorChanged);
    connect(m_editor, &TaskEditor::errorOccurred, this,
            [this](const QString &message) { Prompt::warning(this, tr("Cannot undo or redo"), message); });
    connect(this, &MainWindow::currentTaskChanged, m_detail, &TaskDetailPanel::showTask);
    connect(m_detail, &TaskDetailPanel::taskActivated, this, &MainWindow::selectTask);
    addPlanViews();

    restoreSettings();
    updateStatusBar();
    updateActions();
}

MainWindow::~MainWindow()
{
    // The dialogs' destroyed() handlers reset members of this class: delete them while this is still a MainWindow.
    // Left to ~QWidget, which deletes the children after this destructor, the handlers would write into an object
    // that is only a QWidget by then (undefined behaviour; UBSan's vptr check stops the test).
    delete m_importDialog;
    delete m_exportDialog;
    // Commands and the model hold references into the workspace: drop them first.
    m_changeWatcher.reset();
    m_editor->setWorkspace(nullptr);
    m_detail->setWorkspace(nullptr);
    m_ui->taskTable->setModel(nullptr);
    m_model.reset();
    m_workspace.reset();
}

void MainWindow::setupActions()
{
    QStyle *s = style();
    m_ui->actionNew->setIcon(QIcon::fromTheme(QStringLiteral("document-new"), s->standardIcon(QStyle::SP_FileIcon)));
    m_ui->actionOpen->setIcon(
        QIcon::fromTheme(QStringLiteral("document-open"), s->standardIcon(QStyle::SP_DialogOpenButton)));
    m_ui->actionImportLegacy->setIcon(
        QIcon::fromTheme(QStringLiteral("document-import"), s->standardIcon(QStyle::SP_ArrowDown)));
    m_ui->actionNewTask->setIcon(
        QIcon::fromTheme(QStringLiteral("list-add"), s->standardIcon(QStyle::SP_FileDialogNewFolder)));
    m_ui->actionDelete->setIcon(QIcon::fromTheme(QStringLiteral("edit-delete"), s->standardIcon(QStyle::SP_TrashIcon)));
    m_ui->actionRefresh->setIcon(
        QIcon::fromTheme(QStringLiteral("view-refresh"), s->standardIcon(QStyle::SP_BrowserReload)));
    m_ui->actionQuit->setIcon(
        QIcon::fromTheme(QStringLiteral("application-exit"), s->standardIcon(QStyle::SP_DialogCloseButton)));

    QAction *undo = m_editor->undoStack()->createUndoAction(this, tr("&Undo"));
    undo->setObjectName(QStringLiteral("actionUndo"));
    undo->setShortcut(QKeySequence::Undo);
    undo->setIcon(QIcon::fromTheme(QStringLiteral("edit-undo"), s->standardIcon(QStyle::SP_ArrowBack)));
    QAction *redo = m_editor->undoStack()->createRedoAction(this, tr("&Redo"));
    redo->setObjectName(QStringLiteral("actionRedo"));
    redo->setShortcut(QKeySequence::Redo);
    redo->setIcon(QIcon::fromTheme(QStringLiteral("edit-redo"), s->standardIcon(QStyle::SP_ArrowForward)));
    QAction *first = m_ui->menuEdit->actions().value(0);
    m_ui->menuEdit->insertAction(first, undo);
    m_ui->menuEdit->insertAction(first, redo);
    m_ui->menuEdit->insertSeparator(first);

    for (const QString &name : core::allNames<core::TaskStatus>()) {
        QAction *a = m_ui->menuSetStatus->addAction(humanName(name));
        a->setObjectName(QStringLiteral("actionStatus_") + name);
        const core::TaskStatus status = *core::fromString<core::TaskStatus>(name);
        connect(a, &QAction::triggered, this, [this, status] { setSelectedStatus(status); });
    }
    for (const QString &name : core::allNames<storage::ReportKind>()) {
        QAction *a = m_ui->menuExport->addAction(humanName(name) + QStringLiteral("…"));
        a->setObjectName(QStringLiteral("actionExport_") + name);
        const storage::ReportKind kind = *core::fromString<storage::ReportKind>(name);
        connect(a, &QAction::triggered, this, [this, kind] { showExportDialog(kind); });
    }

    QToolBar *bar = m_ui->mainToolBar;
    bar->addAction(m_ui->actionNew);
    bar->addAction(m_ui->actionOpen);
    bar->addAction(m_ui->actionImportLegacy);
    bar->addSeparator();
    bar->addAction(undo);
    bar->addAction(redo);
    bar->addSeparator();
    bar->addAction(m_ui->actionNewTask);
    bar->addAction(m_ui->actionDelete);
    bar->addSeparator();
    bar->addAction(m_ui->actionRefresh);

    connect(m_ui->actionNew, &QAction::triggered, this, &MainWindow::newDatabase);
    connect(m_ui->actionOpen, &QAction::triggered, this, &MainWindow::chooseDatabase);
    connect(m_ui->actionImportLegacy, &QAction::triggered, this, [this] { showImportDialog(); });
    connect(m_ui->actionQuit, &QAction::triggered, this, &QWidget::close);
    connect(m_ui->actionRefresh, &QAction::triggered, this, &MainWindow::refresh);
    connect(m_ui->actionAbout, &QAction::triggered, this, &MainWindow::showAbout);
    connect(m_ui->actionNewTask, &QAction::triggered, this, &MainWindow::newTask);
    connect(m_ui->actionNewSubtask, &QAction::triggered, this, &MainWindow::newSubtask);
    connect(m_ui->actionDelete, &QAction::triggered, this, &MainWindow::deleteSelected);
    connect(m_ui->actionShowDetails, &QAction::toggled, m_detail, &QWidget::setVisible);
    connect(m_ui->emptyNewTaskButton, &QPushButton::clicked, this, &MainWindow::newTask);
    connect(m_ui->emptyImportButton, &QPushButton::clicked, m_ui->actionImportLegacy, &QAction::trigger);
    connect(m_ui->loadDemoButton, &QPushButton::clicked, this, &MainWindow::loadDemoProject);
    connect(m_ui->actionShowToolbar, &QAction::toggled, bar, &QWidget::setVisible);
}

core::Status MainWindow::openDatabase(const QString &path)
{
    auto ws = storage::Workspace::open(path);
    if (!ws) {
        return ws.error();
    }
    if (m_workspace) {
        Q_EMIT databaseChanged(nullptr);
    }
    m_editor->setWorkspace(nullptr);
    m_detail->setWorkspace(nullptr);
    m_ui->taskTable->setModel(nullptr);
    m_model.reset();
    m_workspace = std::move(ws).value();
    m_editor->setWorkspace(m_workspace.get());
    m_model = std::make_unique<TaskTableModel>(m_workspace->tasks());
    m_model->setEditor(m_editor);
    connect(m_model.get(), &TaskTableModel::editRejected, this, &MainWindow::onEditRejected);
    connect(m_editor, &TaskEditor::tasksChanged, m_model.get(), &TaskTableModel::refreshTasks);
    connect(m_editor, &TaskEditor::structureChanged, m_model.get(), &TaskTableModel::reload);
    connect(m_model.get(), &QAbstractItemModel::modelReset, this, &MainWindow::updateEmptyProjectBanner);
    connect(m_model.get(), &QAbstractItemModel::rowsInserted, this, &MainWindow::updateEmptyProjectBanner);
    connect(m_model.get(), &QAbstractItemModel::rowsRemoved, this, &MainWindow::updateEmptyProjectBanner);
    m_ui->taskTable->setModel(m_model.get());
    m_ui->taskTable->sortByColumn(TaskTableModel::IdColumn, Qt::AscendingOrder);
    QHeaderView *header = m_ui->taskTable->horizontalHeader();
    header->setSectionResizeMode(TaskTableModel::TitleColumn, QHeaderView::Stretch);
    header->setStretchLastSection(false);
    for (int c : {int(TaskTableModel::IdColumn), int(TaskTableModel::PhaseColumn), int(TaskTableModel::HoursColumn)}) {
        header->setSectionResizeMode(c, QHeaderView::ResizeToContents);
    }
    m_ui->taskTable->setColumnWidth(TaskTableModel::StatusColumn, 96);
    m_ui->taskTable->setColumnWidth(TaskTableModel::PriorityColumn, 70);
    m_ui->taskTable->setColumnWidth(TaskTableModel::ComponentColumn, 110);
    m_ui->taskTable->setColumnWidth(TaskTableModel::ComplexityColumn, 84);
    m_ui->taskTable->setColumnWidth(TaskTableModel::UpdatedColumn, 118);
    connect(m_ui->taskTable->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this] { Q_EMIT currentTaskChanged(currentTaskId()); });
    connect(m_ui->taskTable->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &MainWindow::updateActions);
    m_detail->setWorkspace(m_workspace.get());
    m_changeWatcher = std::make_unique<ChangeWatcher>(m_workspace->database());
    connect(m_changeWatcher.get(), &ChangeWatcher::externalChange, this, &MainWindow::onExternalChange);
    const QString absolute = QFileInfo(path).absoluteFilePath();
    setWindowTitle(tr("%1 — TaskOrch").arg(QFileInfo(path).fileName()));
    addRecentFile(absolute);
    QSettings().setValue(kLast, absolute);
    reloadStatistics();
    fillFilterChoices();
    updateStatusBar();
    updateActions();
    if (m_model->rowCount() > 0) {
        m_ui->taskTable->selectRow(0);
    }
    Q_EMIT databaseChanged(m_workspace.get());
    Q_EMIT dataChanged();
    return {};
}

void MainWindow::addViewTab(QWidget *view, const QString &title)
{
    m_ui->viewTabs->addTab(view, title);
}

QStringList MainWindow::recentFiles() const
{
    return m_recentFiles;
}

QList<qint64> MainWindow::selectedTaskIds() const
{
    QList<qint64> ids;
    if (!m_model || !m_ui->taskTable->selectionModel()) {
        return ids;
    }
    QModelIndexList rows = m_ui->taskTable->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(), [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
    for (const QModelIndex &r : rows) {
        if (const core::Task *t = m_model->taskAt(r.row())) {
            ids << t->id;
        }
    }
    return ids;
}

qint64 MainWindow::currentTaskId() const
{
    if (!m_model || !m_ui->taskTable->selectionModel()) {
        return 0;
    }
    const core::Task *t = m_model->taskAt(m_ui->taskTable->selectionModel()->currentIndex().row());
    return t ? t->id : 0;
}

void MainWindow::selectTask(qint64 id)
{
    if (!m_model) {
        return;
    }
    const int row = m_model->rowOf(id);
    if (row >= 0) {
        m_ui->taskTable->selectRow(row);
        m_ui->taskTable->scrollTo(m_model->index(row, 0));
    }
}

void MainWindow::fillFilterChoices()
{
    const QSignalBlocker blockStatus(m_ui->statusFilter);
    const QSignalBlocker blockPhase(m_ui->phaseFilter);
    const QSignalBlocker blockPriority(m_ui->priorityFilter);
    const QSignalBlocker blockComponent(m_ui->componentFilter);
    const QVariant component = m_ui->componentFilter->currentData();
    // Statuses, phases and priorities are fixed lists: filled once, so a refresh keeps what the person chose.
    if (m_ui->statusFilter->count() == 0) {
        m_ui->statusFilter->addItem(tr("All statuses"));
        for (const QString &s : core::allNames<core::TaskStatus>()) {
            m_ui->statusFilter->addItem(humanName(s), s);
        }
        m_ui->phaseFilter->addItem(tr("All phases"));
        for (int p = 1; p <= 4; ++p) {
            m_ui->phaseFilter->addItem(tr("Phase %1").arg(p), p);
        }
        m_ui->priorityFilter->addItem(tr("All priorities"));
        for (const QString &p : core::allNames<core::Priority>()) {
            m_ui->priorityFilter->addItem(humanName(p), p);
        }
    }
    m_ui->componentFilter->clear();
    m_ui->componentFilter->addItem(tr("All components"));
    if (m_statistics) {
        QStringList areas;
        for (const auto &c : m_statistics->componentBreakdown) {
            areas << c.area;
        }
        areas.sort(Qt::CaseInsensitive);
        for (const QString &a : areas) {
            m_ui->componentFilter->addItem(a, a);
        }
    }
    if (component.isValid()) {
        m_ui->componentFilter->setCurrentIndex(std::max(0, m_ui->componentFilter->findData(component)));
    }
}

storage::TaskFilter MainWindow::currentFilter() const
{
    storage::TaskFilter filter;
    filter.search = m_ui->searchEdit->text().trimmed();
    if (auto v = m_ui->statusFilter->currentData(); v.isValid()) {
        filter.status = core::fromString<core::TaskStatus>(v.toString());
    }
    if (auto v = m_ui->phaseFilter->currentData(); v.isValid()) {
        filter.phase = v.toInt();
    }
    if (auto v = m_ui->priorityFilter->currentData(); v.isValid()) {
        filter.priority = core::fromString<core::Priority>(v.toString());
    }
    if (auto v = m_ui->componentFilter->currentData(); v.isValid()) {
        filter.componentArea = v.toString();
    }
    return filter;
}

QString MainWindow::filterSummary() const
{
    QStringList parts;
    for (const QComboBox *combo :
         {m_ui->statusFilter, m_ui->phaseFilter, m_ui->priorityFilter, m_ui->componentFilter}) {
        if (combo->currentData().isValid()) {
            parts << combo->currentText();
        }
    }
    if (const QString search = m_ui->searchEdit->text().trimmed(); !search.isEmpty()) {
        parts << tr("search “%1”").arg(search);
    }
    return parts.join(QStringLiteral(", "));
}

void MainWindow::applyFilter()
{
    if (!m_model) {
        return;
    }
    m_model->setFilter(currentFilter());
    updateStatusBar();
    updateActions();
}

void MainWindow::refresh()
{
    const qint64 current = currentTaskId();
    if (m_model) {
        m_model->reload();
    }
    reloadStatistics();
    fillFilterChoices();
    updateStatusBar();
    selectTask(current);
    m_detail->showTask(currentTaskId());
    Q_EMIT dataChanged();
}

void MainWindow::onExternalChange()
{
    // Reloading would close an open cell editor and lose what is being typed: try again at the next poll.
    const QWidget *focus = QApplication::focusWidget();
    const bool editingCell = focus && focus != m_ui->taskTable && m_ui->taskTable->isAncestorOf(focus);
    if (editingCell) {
        QTimer::singleShot(ChangeWatcher::defaultIntervalMs, this, [this] {
            if (m_changeWatcher) {
                onExternalChange();
            }
        });
        return;
    }
    refresh();
}

void MainWindow::onEditorChanged()
{
    reloadStatistics();
    updateStatusBar();
    updateActions();
    m_detail->showTask(currentTaskId());
    Q_EMIT dataChanged();
}

void MainWindow::reloadStatistics()
{
    // The statistics panel counts off the GUI thread (a million tasks take a while) and its statisticsUpdated()
    // brings the figures to the status bar and the component filter. Until then they keep the last ones, unless
    // they belong to another database.
    auto *panel = findChild<StatisticsPanel *>(QStringLiteral("statisticsPanel"));
    if (!m_workspace || !panel || panel->workspace() != m_workspace.get()) {
        m_statistics.reset();
        m_statisticsError = m_workspace ? tr("Counting tasks…") : QString();
    }
    if (panel) {
        panel->refresh();
    }
}

void MainWindow::loadDemoProject()
{
    if (!m_workspace) {
        return;
    }
    if (core::Status s = storage::DemoProject::load(m_workspace->service()); !s) {
        showError(tr("Cannot load the demo project"), s.error());
        return;
    }
    // Forty tasks at once are not one undoable edit; earlier edits cannot be undone across them either.
    m_editor->undoStack()->clear();
    refresh();
}

void MainWindow::updateEmptyProjectBanner()
{
    // Only a project with no tasks at all, not a filter that matches none.
    const bool empty =
        m_workspace && m_model && m_model->rowCount() == 0 && !m_model->canFetchMore({}) && filterSummary().isEmpty();
    m_ui->emptyProjectBanner->setVisible(empty);
}

void MainWindow::updateStatusBar()
{
    updateEmptyProjectBanner();
    if (!m_workspace) {
        m_countsLabel->setText(tr("No database open"));
        m_pathLabel->clear();
        return;
    }
    if (!m_statistics) {
        m_countsLabel->setText(m_statisticsError);
        return;
    }
    const core::ProjectStatistics *stats = &*m_statistics;
    QString text = stats->totalTasks == 1 ? tr("1 task") : tr("%1 tasks").arg(stats->totalTasks);
    text += tr(" · %1 completed · %2 in progress · %3 blocked · %4 not started · %5 failed · %6% done")
                .arg(stats->completedTasks)
                .arg(stats->inProgressTasks)
                .arg(stats->blockedTasks)
                .arg(stats->notStartedTasks)
                .arg(stats->failedTasks)
                .arg(stats->completionPercentage);
    if (m_model && m_model->matchingCount() != stats->totalTasks) {
        text += tr(" · %1 shown by the filter").arg(m_model->matchingCount());
    }
    m_countsLabel->setText(text);
    m_pathLabel->setText(QDir::toNativeSeparators(m_workspace->database().path()));
}

void MainWindow::updateActions()
{
    const bool open = m_workspace != nullptr;
    const bool selected = open && !selectedTaskIds().isEmpty();
    m_ui->actionNewTask->setEnabled(open);
    m_ui->actionNewSubtask->setEnabled(selected);
    m_ui->actionDelete->setEnabled(selected);
    m_ui->menuSetStatus->setEnabled(selected);
    m_ui->actionImportLegacy->setEnabled(open);
    m_ui->menuExport->setEnabled(open);
    m_ui->actionRefresh->setEnabled(open);
}

void MainWindow::showError(const QString &title, const core::Error &error)
{
    Prompt::warning(this, title, error.message);
}

void MainWindow::newDatabase()
{
    const QString path =
        Prompt::saveFileName(this, tr("New TaskOrch database"), QDir::home().filePath(QStringLiteral("project.db")),
                             tr("TaskOrch databases (*.db)"));
    if (path.isEmpty()) {
        return;
    }
    if (QFileInfo::exists(path)) {
        Prompt::warning(this, tr("Cannot create database"),
                        tr("%1 already exists. Choose another name, or open it with File ▸ Open.")
                            .arg(QDir::toNativeSeparators(path)));
        return;
    }
    if (core::Status s = openDatabase(path); !s) {
        showError(tr("Cannot create database"), s.error());
    }
}

void MainWindow::chooseDatabase()
{
    const QString path = Prompt::openFileName(this, tr("Open TaskOrch database"),
                                              tr("TaskOrch databases (*.db *.sqlite);;All files (*)"));
    if (path.isEmpty()) {
        return;
    }
    openDroppedFile(path);
}

MainWindow::FileKind MainWindow::classifyFile(const QString &path)
{
    const storage::FileKind kind = storage::inspectFile(path);
    if (kind == storage::FileKind::Missing) {
        return FileKind::TaskOrchDatabase; // created on open
    }
    if (kind != storage::FileKind::Sqlite) {
        return FileKind::Other;
    }
    auto db = storage::Database::inspect(path);
    if (!db) {
        return FileKind::Other;
    }
    if ((*db)->hasTable(QStringLiteral("schema_migrations"))) {
        return FileKind::TaskOrchDatabase;
    }
    return (*db)->hasTable(QStringLiteral("tasks")) ? FileKind::LegacyTracker : FileKind::Other;
}

void MainWindow::openDroppedFile(const QString &path)
{
    switch (classifyFile(path)) {
    case FileKind::LegacyTracker:
        if (!m_workspace) {
            Prompt::warning(this, tr("Cannot import"), tr("Open or create a TaskOrch database first."));
            return;
        }
        if (Prompt::question(this, tr("Import legacy tracker?"),
                             tr("%1 is a legacy tracker file. Import its tasks into %2?")
                                 .arg(QFileInfo(path).fileName(),
                                      QFileInfo(m_workspace->database().path()).fileName())) == QMessageBox::Yes) {
            showImportDialog(path);
        }
        return;
    case FileKind::TaskOrchDatabase:
    case FileKind::Other:
        if (core::Status s = openDatabase(path); !s) {
            showError(tr("Cannot open database"), s.error());
        }
        return;
    }
}

void MainWindow::showAbout()
{
    const QString text = tr("<h3>TaskOrch %1</h3><p>Plan work as tasks with dependencies, find the critical path "
                            "and run it in parallel.</p><p>Copyright © the TaskOrch authors.<br>Licensed under the GNU "
                            "General Public License, version 3 or later (GPL-3.0-or-later).</p>")
                             .arg(QCoreApplication::applicationVersion());
    if (Prompt::testMode()) {
        Prompt::information(this, tr("About TaskOrch"), text);
        return;
    }
    QMessageBox::about(this, tr("About TaskOrch"), text);
}

void MainWindow::newTask()
{
    if (!m_workspace) {
        return;
    }
    core::Task t;
    t.title = tr("New task");
    const QVariant component = m_ui->componentFilter->currentData();
    t.componentArea = component.isValid() ? component.toString() : QStringLiteral("general");
    if (auto v = m_ui->phaseFilter->currentData(); v.isValid()) {
        t.phase = v.toInt();
    }
    auto id = m_editor->createTask(t);
    if (!id) {
        showError(tr("Cannot create task"), id.error());
        return;
    }
    selectTask(*id);
    const int row = m_model->rowOf(*id);
    if (row >= 0 && isVisible()) {
        m_ui->taskTable->edit(m_model->index(row, TaskTableModel::TitleColumn));
    }
}

void MainWindow::newSubtask()
{
    const qint64 parentId = currentTaskId();
    if (!m_workspace || parentId == 0) {
        return;
    }
    auto parent = m_workspace->tasks().get(parentId);
    if (!parent) {
        showError(tr("Cannot create subtask"), parent.error());
        return;
    }
    core::Task t;
    t.title = tr("New subtask of %1").arg(parent->title).left(500);
    t.componentArea = parent->componentArea;
    t.phase = parent->phase;
    t.priority = parent->priority;
    t.parentTaskId = parentId;
    auto id = m_editor->createTask(t);
    if (!id) {
        showError(tr("Cannot create subtask"), id.error());
        return;
    }
    selectTask(*id);
}

void MainWindow::deleteSelected()
{
    const QList<qint64> ids = selectedTaskIds();
    if (ids.isEmpty()) {
        return;
    }
    const QString what = ids.size() == 1 ? tr("task %1").arg(ids.first()) : tr("%n tasks", nullptr, int(ids.size()));
    if (Prompt::question(
            this, tr("Delete tasks?"),
            tr("Delete %1 with their subtasks, dependencies, progress and comments? You can undo this.").arg(what)) !=
        QMessageBox::Yes) {
        return;
    }
    if (core::Status s = m_editor->deleteTasks(ids); !s) {
        showError(tr("Cannot delete"), s.error());
    }
}

void MainWindow::setSelectedStatus(core::TaskStatus status)
{
    const QList<qint64> ids = selectedTaskIds();
    if (core::Status s = m_editor->setStatus(ids, status); !s) {
        showError(tr("Cannot change status"), s.error());
    }
}

void MainWindow::onEditRejected(const QModelIndex &index, const QString &message)
{
    statusBar()->showMessage(tr("Edit refused — %1").arg(message), 8000);
    const QRect cell = m_ui->taskTable->visualRect(index);
    if (isVisible() && cell.isValid()) {
        QToolTip::showText(m_ui->taskTable->viewport()->mapToGlobal(cell.bottomLeft()), message,
                           m_ui->taskTable->viewport(), cell, 8000);
    }
}

void MainWindow::showImportDialog(const QString &sourcePath)
{
    if (!m_workspace) {
        return;
    }
    if (!m_importDialog) {
        m_importDialog = new ImportDialog(m_workspace->database().path(), this);
        m_importDialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(m_importDialog, &ImportDialog::imported, this, [this] {
            m_editor->undoStack()->clear(); // an import is not undoable: older commands may refer to remapped rows
            refresh();
        });
        connect(m_importDialog, &ImportDialog::exportRequested, this,
                [this] { showExportDialog(storage::ReportKind::ImportReport); });
        connect(m_importDialog, &QObject::destroyed, this, [this] { m_importDialog = nullptr; });
    }
    if (!sourcePath.isEmpty()) {
        m_importDialog->setSourcePath(sourcePath);
    }
    m_importDialog->show();
    m_importDialog->raise();
}

void MainWindow::showExportDialog(storage::ReportKind kind)
{
    if (!m_workspace) {
        return;
    }
    if (!m_exportDialog) {
        m_exportDialog = new ExportDialog(m_workspace->database().path(), this);
        m_exportDialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(m_exportDialog, &QObject::destroyed, this, [this] { m_exportDialog = nullptr; });
    }
    m_exportDialog->setReport(kind);
    m_exportDialog->setTaskFilter(currentFilter(), filterSummary());
    m_exportDialog->show();
    m_exportDialog->raise();
}

void MainWindow::rebuildRecentMenu()
{
    m_ui->menuRecent->clear();
    for (const QString &path : std::as_const(m_recentFiles)) {
        QAction *a = m_ui->menuRecent->addAction(QDir::toNativeSeparators(path));
        a->setData(path);
        connect(a, &QAction::triggered, this, [this, path] {
            if (core::Status s = openDatabase(path); !s) {
                showError(tr("Cannot open database"), s.error());
            }
        });
    }
    if (!m_recentFiles.isEmpty()) {
        m_ui->menuRecent->addSeparator();
        QAction *clear = m_ui->menuRecent->addAction(tr("Clear Recent Files"));
        connect(clear, &QAction::triggered, this, [this] {
            m_recentFiles.clear();
            QSettings().setValue(kRecent, m_recentFiles);
            rebuildRecentMenu();
        });
    }
    m_ui->menuRecent->setEnabled(!m_recentFiles.isEmpty());
}

void MainWindow::addRecentFile(const QString &path)
{
    m_recentFiles.removeAll(path);
    m_recentFiles.prepend(path);
    while (m_recentFiles.size() > maxRecentFiles) {
        m_recentFiles.removeLast();
    }
    QSettings().setValue(kRecent, m_recentFiles);
    rebuildRecentMenu();
}

void MainWindow::restoreSettings()
{
    QSettings settings;
    if (const QByteArray g = settings.value(kGeometry).toByteArray(); !g.isEmpty()) {
        restoreGeometry(g);
    }
    if (const QByteArray s = settings.value(kState).toByteArray(); !s.isEmpty()) {
        restoreState(s);
    }
    if (const QByteArray s = settings.value(kSplitter).toByteArray(); !s.isEmpty()) {
        m_ui->mainSplitter->restoreState(s);
    }
    m_ui->actionShowDetails->setChecked(settings.value(kDetails, true).toBool());
    m_ui->actionShowToolbar->setChecked(!m_ui->mainToolBar->isHidden() || settings.value(kState).isNull());
    m_recentFiles.clear();
    for (const QString &path : settings.value(kRecent).toStringList()) {
        if (QFileInfo::exists(path) && !m_recentFiles.contains(path)) {
            m_recentFiles << path;
        }
    }
    rebuildRecentMenu();
}

void MainWindow::saveSettings() const
{
    QSettings settings;
    settings.setValue(kGeometry, saveGeometry());
    settings.setValue(kState, saveState());
    settings.setValue(kSplitter, m_ui->mainSplitter->saveState());
    settings.setValue(kDetails, m_ui->actionShowDetails->isChecked());
    settings.setValue(kRecent, m_recentFiles);
    if (m_workspace) {
        settings.setValue(kLast, QFileInfo(m_workspace->database().path()).absoluteFilePath());
    }
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveSettings();
    QMainWindow::closeEvent(event);
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    const QMimeData *mime = event->mimeData();
    if (mime && mime->hasUrls() && !mime->urls().isEmpty() && mime->urls().first().isLocalFile()) {
        event->acceptProposedAction();
    }
}

void MainWindow::dropEvent(QDropEvent *event)
{
    const QMimeData *mime = event->mimeData();
    if (!mime || !mime->hasUrls() || mime->urls().isEmpty() || !mime->urls().first().isLocalFile()) {
        return;
    }
    event->acceptProposedAction();
    const QString path = mime->urls().first().toLocalFile();
    // Let the drag finish before any question is asked.
    QMetaObject::invokeMethod(
        this, [this, path] { openDroppedFile(path); }, Qt::QueuedConnection);
}

void MainWindow::addPlanViews()
{
    auto *graph = new CriticalPathView(this);
    graph->setObjectName(QStringLiteral("criticalPathView"));
    auto *statistics = new StatisticsPanel(this);
    statistics->setObjectName(QStringLiteral("statisticsPanel"));
    auto *execution = new ExecutionPanel(this);
    execution->setObjectName(QStringLiteral("executionPanel"));
    // Scroll areas keep the panels' toolbars and charts from forcing a minimum window width on small screens.
    auto scrollable = [this](QWidget *view) {
        auto *area = new QScrollArea(this);
        area->setWidget(view);
        area->setWidgetResizable(true);
        area->setFrameShape(QFrame::NoFrame);
        return area;
    };
    // Only the view on screen reads: opening a big database must not lay out a graph nobody looks at.
    graph->setLoadsOnlyWhenShown(true);
    execution->setLoadsOnlyWhenShown(true);
    addViewTab(scrollable(graph), tr("Critical path"));
    addViewTab(scrollable(statistics), tr("Statistics"));
    addViewTab(scrollable(execution), tr("Execution"));

    // Every view follows the open database and every edit, undo and import.
    connect(this, &MainWindow::databaseChanged, graph, &CriticalPathView::setWorkspace);
    connect(this, &MainWindow::databaseChanged, statistics, &StatisticsPanel::setWorkspace);
    connect(this, &MainWindow::databaseChanged, execution, &ExecutionPanel::setWorkspace);
    connect(this, &MainWindow::dataChanged, graph, &CriticalPathView::refresh);
    connect(this, &MainWindow::dataChanged, statistics, &StatisticsPanel::refresh);
    connect(this, &MainWindow::dataChanged, execution, &ExecutionPanel::refresh);
    // The status bar and the component filter show the figures the panel computed (reloadStatistics()).
    connect(statistics, &StatisticsPanel::statisticsUpdated, this, [this, statistics] {
        const auto areas = [](const std::optional<core::ProjectStatistics> &stats) {
            QStringList out;
            for (const auto &c : stats ? stats->componentBreakdown : QList<core::ComponentBreakdown>()) {
                out << c.area;
            }
            return out;
        };
        const bool newAreas = areas(m_statistics) != areas(statistics->projectStatistics());
        m_statistics = statistics->projectStatistics();
        m_statisticsError = statistics->errorText();
        if (newAreas) {
            fillFilterChoices();
        }
        updateStatusBar();
    });

    // Selection is shared: a click in the graph selects the task in the table and the detail panel, and back.
    connect(graph, &CriticalPathView::taskSelected, this, &MainWindow::selectTask);
    connect(this, &MainWindow::currentTaskChanged, graph, &CriticalPathView::selectTask);
    // Running tasks from the execution panel changes their status: the table and the charts follow.
    connect(execution, &ExecutionPanel::executionChanged, this, &MainWindow::refresh);

    if (m_workspace) {
        graph->setWorkspace(m_workspace.get());
        statistics->setWorkspace(m_workspace.get());
        execution->setWorkspace(m_workspace.get());
    }
}

} // namespace taskorch::gui
