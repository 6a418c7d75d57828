// SPDX-License-Identifier: GPL-3.0-or-later
#include "MainWindow.h"

#include "TaskTableModel.h"
#include "ui_MainWindow.h"

#include <QFileDialog>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QSqlQuery>

namespace taskorch::gui {

MainWindow::MainWindow(QWidget *parent) : QMainWindow(parent), m_ui(std::make_unique<Ui::MainWindow>())
{
    m_ui->setupUi(this);
    m_countsLabel = new QLabel(this);
    m_countsLabel->setObjectName(QStringLiteral("countsLabel"));
    m_pathLabel = new QLabel(this);
    m_pathLabel->setObjectName(QStringLiteral("pathLabel"));
    m_pathLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    statusBar()->addWidget(m_countsLabel, 1);
    statusBar()->addPermanentWidget(m_pathLabel);

    m_ui->taskTable->horizontalHeader()->setSortIndicatorShown(true);
    m_ui->taskTable->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 10);

    connect(m_ui->actionOpen, &QAction::triggered, this, &MainWindow::chooseDatabase);
    connect(m_ui->actionQuit, &QAction::triggered, this, &QWidget::close);
    connect(m_ui->actionRefresh, &QAction::triggered, this, &MainWindow::refresh);
    connect(m_ui->actionAbout, &QAction::triggered, this, &MainWindow::showAbout);
    connect(m_ui->searchEdit, &QLineEdit::textChanged, this, &MainWindow::applyFilter);
    for (QComboBox *combo : {m_ui->statusFilter, m_ui->phaseFilter, m_ui->priorityFilter, m_ui->componentFilter}) {
        connect(combo, &QComboBox::currentIndexChanged, this, &MainWindow::applyFilter);
    }
    updateStatusBar();
}

MainWindow::~MainWindow()
{
    // The model holds references into the workspace: drop it first.
    m_ui->taskTable->setModel(nullptr);
    m_model.reset();
    m_workspace.reset();
}

core::Status MainWindow::openDatabase(const QString &path)
{
    auto ws = storage::Workspace::open(path);
    if (!ws) {
        return ws.error();
    }
    m_ui->taskTable->setModel(nullptr);
    m_model.reset();
    m_workspace = std::move(ws).value();
    m_model = std::make_unique<TaskTableModel>(m_workspace->tasks());
    m_ui->taskTable->setModel(m_model.get());
    m_ui->taskTable->sortByColumn(TaskTableModel::IdColumn, Qt::AscendingOrder);
    QHeaderView *header = m_ui->taskTable->horizontalHeader();
    header->setSectionResizeMode(TaskTableModel::TitleColumn, QHeaderView::Stretch);
    header->setStretchLastSection(false);
    for (int c : {int(TaskTableModel::IdColumn), int(TaskTableModel::PhaseColumn), int(TaskTableModel::HoursColumn)}) {
        header->setSectionResizeMode(c, QHeaderView::ResizeToContents);
    }
    m_ui->taskTable->setColumnWidth(TaskTableModel::StatusColumn, 110);
    m_ui->taskTable->setColumnWidth(TaskTableModel::ComponentColumn, 140);
    m_ui->taskTable->setColumnWidth(TaskTableModel::UpdatedColumn, 150);
    setWindowTitle(tr("%1 — TaskOrch").arg(QFileInfo(path).fileName()));
    fillFilterChoices();
    updateStatusBar();
    return {};
}

void MainWindow::fillFilterChoices()
{
    const QSignalBlocker blockStatus(m_ui->statusFilter);
    const QSignalBlocker blockPhase(m_ui->phaseFilter);
    const QSignalBlocker blockPriority(m_ui->priorityFilter);
    const QSignalBlocker blockComponent(m_ui->componentFilter);
    m_ui->statusFilter->clear();
    m_ui->statusFilter->addItem(tr("All statuses"));
    for (const QString &s : core::allNames<core::TaskStatus>()) {
        m_ui->statusFilter->addItem(QString(s).replace(u'_', u' '), s);
    }
    m_ui->phaseFilter->clear();
    m_ui->phaseFilter->addItem(tr("All phases"));
    for (int p = 1; p <= 4; ++p) {
        m_ui->phaseFilter->addItem(tr("Phase %1").arg(p), p);
    }
    m_ui->priorityFilter->clear();
    m_ui->priorityFilter->addItem(tr("All priorities"));
    for (const QString &p : core::allNames<core::Priority>()) {
        m_ui->priorityFilter->addItem(p, p);
    }
    m_ui->componentFilter->clear();
    m_ui->componentFilter->addItem(tr("All components"));
    if (m_workspace) {
        if (auto stats = m_workspace->service().statistics()) {
            QStringList areas;
            for (const auto &c : stats->componentBreakdown) {
                areas << c.area;
            }
            areas.sort(Qt::CaseInsensitive);
            for (const QString &a : areas) {
                m_ui->componentFilter->addItem(a, a);
            }
        }
    }
}

void MainWindow::applyFilter()
{
    if (!m_model) {
        return;
    }
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
    m_model->setFilter(filter);
    updateStatusBar();
}

void MainWindow::refresh()
{
    if (m_model) {
        m_model->reload();
    }
    updateStatusBar();
}

void MainWindow::updateStatusBar()
{
    if (!m_workspace) {
        m_countsLabel->setText(tr("No database open"));
        m_pathLabel->clear();
        return;
    }
    auto stats = m_workspace->service().statistics();
    if (!stats) {
        m_countsLabel->setText(stats.error().message);
        return;
    }
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
    m_pathLabel->setText(m_workspace->database().path());
}

void MainWindow::chooseDatabase()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open TaskOrch database"), QString(),
                                                      tr("TaskOrch databases (*.db *.sqlite);;All files (*)"));
    if (path.isEmpty()) {
        return;
    }
    if (core::Status s = openDatabase(path); !s) {
        QMessageBox::warning(this, tr("Cannot open database"), s.error().message);
    }
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About TaskOrch"),
                       tr("<h3>TaskOrch %1</h3><p>Plan work as tasks with dependencies, find the critical path and "
                          "run it in parallel.</p><p>Licensed under the GNU General Public License, version 3 or "
                          "later.</p>")
                           .arg(QCoreApplication::applicationVersion()));
}

} // namespace taskorch::gui
