// SPDX-License-Identifier: GPL-3.0-or-later
#include "ExecutionPanel.h"

#include "GraphCanvas.h"

#include <QComboBox>
#include <QGraphicsRectItem>
#include <QGraphicsScene>
#include <QGraphicsSimpleTextItem>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTableWidget>
#include <QThread>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <memory>

namespace taskorch::gui {

namespace {

constexpr double kPixelsPerHour = 16.0;
constexpr double kLaneHeight = 20.0;
constexpr double kLaneGap = 4.0;
constexpr int kGroupRole = Qt::UserRole;
constexpr int kTaskRole = Qt::UserRole + 1;

QColor bandColour(int position)
{
    static const QColor colours[] = {QColor(0xe8, 0xf0, 0xfa), QColor(0xf4, 0xee, 0xe0), QColor(0xe6, 0xf4, 0xea),
                                     QColor(0xf3, 0xe8, 0xf3)};
    return colours[position % 4];
}

double px(qint64 minutes)
{
    return double(minutes) * kPixelsPerHour / 60.0;
}

} // namespace

ExecutionPanel::ExecutionPanel(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);

    auto *bar = new QHBoxLayout;
    m_kSpin = new QSpinBox(this);
    m_kSpin->setObjectName(QStringLiteral("parallelSpin"));
    m_kSpin->setRange(core::ParallelPlanner::minParallel, core::ParallelPlanner::maxParallel);
    m_kSpin->setValue(3);
    m_kSpin->setPrefix(tr("K = "));
    m_kSpin->setToolTip(tr("At most this many tasks run at once"));
    m_computeButton = new QPushButton(tr("Compute plan"), this);
    m_computeButton->setObjectName(QStringLiteral("computePlanButton"));
    m_saveButton = new QPushButton(tr("Save plan"), this);
    m_saveButton->setObjectName(QStringLiteral("savePlanButton"));
    m_saveButton->setEnabled(false);
    bar->addWidget(new QLabel(tr("Parallel tasks:"), this));
    bar->addWidget(m_kSpin);
    bar->addWidget(m_computeButton);
    bar->addWidget(m_saveButton);
    bar->addStretch(1);
    layout->addLayout(bar);

    m_summary = new QLabel(tr("No plan computed."), this);
    m_summary->setObjectName(QStringLiteral("planSummaryLabel"));
    m_summary->setWordWrap(true);
    layout->addWidget(m_summary);

    auto *split = new QSplitter(Qt::Vertical, this);
    m_canvas = new GraphCanvas(split);
    m_canvas->setObjectName(QStringLiteral("planView"));
    m_canvas->setLayoutScale(kPixelsPerHour);
    split->addWidget(m_canvas);

    auto *bottom = new QWidget(split);
    auto *bottomLayout = new QHBoxLayout(bottom);
    bottomLayout->setContentsMargins(0, 0, 0, 0);
    auto *groupBox = new QVBoxLayout;
    m_groupTree = new QTreeWidget(bottom);
    m_groupTree->setObjectName(QStringLiteral("groupTree"));
    m_groupTree->setHeaderLabels({tr("Saved group / task"), tr("Status"), tr("Hours")});
    m_groupTree->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    groupBox->addWidget(m_groupTree, 1);
    auto *actions = new QHBoxLayout;
    m_startGroupButton = new QPushButton(tr("Start group"), bottom);
    m_startGroupButton->setObjectName(QStringLiteral("startGroupButton"));
    m_startTaskButton = new QPushButton(tr("Start task"), bottom);
    m_startTaskButton->setObjectName(QStringLiteral("startTaskButton"));
    m_completeTaskButton = new QPushButton(tr("Complete task"), bottom);
    m_completeTaskButton->setObjectName(QStringLiteral("completeTaskButton"));
    m_failTaskButton = new QPushButton(tr("Fail task"), bottom);
    m_failTaskButton->setObjectName(QStringLiteral("failTaskButton"));
    actions->addWidget(m_startGroupButton);
    actions->addWidget(m_startTaskButton);
    actions->addWidget(m_completeTaskButton);
    actions->addWidget(m_failTaskButton);
    groupBox->addLayout(actions);
    bottomLayout->addLayout(groupBox, 2);

    auto *logBox = new QVBoxLayout;
    auto *logBar = new QHBoxLayout;
    logBar->addWidget(new QLabel(tr("Execution log, level:"), bottom));
    m_levelFilter = new QComboBox(bottom);
    m_levelFilter->setObjectName(QStringLiteral("logLevelFilter"));
    m_levelFilter->addItem(tr("all"), -1);
    for (const core::LogLevel level :
         {core::LogLevel::Debug, core::LogLevel::Info, core::LogLevel::Warning, core::LogLevel::Error}) {
        m_levelFilter->addItem(tr("%1 and above").arg(core::toString(level)), int(level));
    }
    logBar->addWidget(m_levelFilter);
    logBar->addStretch(1);
    logBox->addLayout(logBar);
    m_logTable = new QTableWidget(0, 5, bottom);
    m_logTable->setObjectName(QStringLiteral("logTable"));
    m_logTable->setHorizontalHeaderLabels({tr("Time"), tr("Level"), tr("Group"), tr("Task"), tr("Message")});
    m_logTable->horizontalHeader()->setStretchLastSection(true);
    m_logTable->verticalHeader()->setVisible(false);
    m_logTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_logTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    logBox->addWidget(m_logTable, 1);
    bottomLayout->addLayout(logBox, 3);
    split->addWidget(bottom);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    m_canvas->setMinimumHeight(220);
    split->setSizes({480, 320});
    layout->addWidget(split, 1);

    connect(m_computeButton, &QPushButton::clicked, this, &ExecutionPanel::computePlan);
    connect(m_saveButton, &QPushButton::clicked, this, &ExecutionPanel::savePlan);
    connect(m_startGroupButton, &QPushButton::clicked, this, &ExecutionPanel::startSelectedGroup);
    connect(m_startTaskButton, &QPushButton::clicked, this, &ExecutionPanel::startSelectedTask);
    connect(m_completeTaskButton, &QPushButton::clicked, this, &ExecutionPanel::completeSelectedTask);
    connect(m_failTaskButton, &QPushButton::clicked, this, &ExecutionPanel::failSelectedTask);
    connect(m_levelFilter, &QComboBox::currentIndexChanged, this, &ExecutionPanel::reloadLog);
    connect(m_groupTree, &QTreeWidget::itemSelectionChanged, this, &ExecutionPanel::updateButtons);
    updateButtons();
}

ExecutionPanel::~ExecutionPanel() = default;

void ExecutionPanel::setWorkspace(storage::Workspace *workspace)
{
    m_workspace = workspace;
    ++m_generation; // a plan still being computed for the previous database is dropped
    m_computing = false;
    m_plan.reset();
    drawPlan();
    refresh();
}

void ExecutionPanel::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_stale) {
        refresh();
    }
}

void ExecutionPanel::refresh()
{
    m_stale = m_loadsOnlyWhenShown && !isVisible();
    if (m_stale) {
        return; // showEvent() reloads
    }
    // Labels are read for the tasks shown (groups, plan), not for the whole database: statuses and titles may have
    // changed, so forget the old ones.
    m_labels.clear();
    reloadGroups();
    reloadLog();
    updateButtons();
}

void ExecutionPanel::computePlan()
{
    if (!m_workspace) {
        return;
    }
    const int generation = ++m_generation;
    const int k = m_kSpin->value();
    const QString path = m_workspace->database().path();
    m_computing = true;
    m_computeButton->setEnabled(false);
    m_summary->setText(tr("Computing the plan for K = %1…").arg(k));
    // The worker opens its own connection (a QSqlDatabase belongs to its thread); WAL lets it read while the GUI
    // connection stays usable.
    auto result = std::make_shared<std::optional<core::Result<core::ParallelPlan>>>();
    QThread *worker = QThread::create([path, k, result] {
        storage::Workspace::Options options;
        options.migrate = false;
        options.createIfMissing = false;
        auto ws = storage::Workspace::open(path, options);
        if (!ws) {
            result->emplace(ws.error());
            return;
        }
        result->emplace((*ws)->scheduling().plan(k));
    });
    connect(worker, &QThread::finished, this, [this, worker, result, generation] {
        worker->deleteLater();
        if (result->has_value()) {
            applyPlan(**result, generation);
        } else {
            applyPlan(core::makeError(core::ErrorCode::Storage, tr("the planner stopped unexpectedly")), generation);
        }
    });
    worker->start();
}

void ExecutionPanel::applyPlan(const core::Result<core::ParallelPlan> &result, int generation)
{
    if (generation != m_generation) {
        return;
    }
    m_computing = false;
    m_computeButton->setEnabled(true);
    if (!result) {
        m_plan.reset();
        m_lastError = result.error().message;
        m_summary->setText(tr("Cannot plan: %1").arg(m_lastError));
    } else {
        m_lastError.clear();
        m_plan = result.value();
        const core::ParallelPlan &p = *m_plan;
        m_summary->setText(
            tr("K = %1 · %2 open tasks, %3 h of work · bound %4 h (max of critical path %5 h and work / K) · flow "
               "makespan %6 h (×%7 of bound) · wave makespan %8 h in %9 groups (×%10 of bound)")
                .arg(p.maxParallel)
                .arg(p.taskCount)
                .arg(core::formatHours(p.totalTaskMinutes), core::formatHours(p.lowerBoundMinutes),
                     core::formatHours(p.criticalPathMinutes), core::formatHours(p.flowMakespanMinutes),
                     QString::number(p.flowRatio, 'f', 2), core::formatHours(p.waveMakespanMinutes))
                .arg(p.groups.size())
                .arg(QString::number(p.waveRatio, 'f', 2)));
    }
    drawPlan();
    updateButtons();
    Q_EMIT planComputed();
}

void ExecutionPanel::drawPlan()
{
    QGraphicsScene *scene = m_canvas->scene();
    scene->clear();
    if (!m_plan) {
        return;
    }
    const core::ParallelPlan &p = *m_plan;
    QList<qint64> planned;
    planned.reserve(p.flow.size());
    for (const core::FlowEntry &e : p.flow) {
        planned.append(e.id);
    }
    for (const core::PlanGroup &g : p.groups) {
        for (const core::GroupEntry &e : g.tasks) {
            planned.append(e.id);
        }
    }
    labelTasks(planned);
    const double pitch = kLaneHeight + kLaneGap;
    QFont small = font();
    small.setPointSizeF(7.5);
    QFont heading = font();
    heading.setBold(true);
    heading.setPointSizeF(8.5);
    const auto addBox = [&](double x, double y, double w, qint64 id, const QColor &fill) {
        auto *rect = scene->addRect(QRectF(x, y, std::max(w, 3.0), kLaneHeight), QPen(fill.darker(150)), fill);
        const TaskLabel label = m_labels.value(id);
        rect->setToolTip(tr("#%1 %2").arg(id).arg(label.title));
        if (w > 26) {
            auto *text = new QGraphicsSimpleTextItem(
                QFontMetricsF(small).elidedText(QStringLiteral("#%1 %2").arg(id).arg(label.title), Qt::ElideRight,
                                                w - 4),
                rect);
            text->setFont(small);
            text->setPos(x + 2, y + (kLaneHeight - QFontMetricsF(small).height()) / 2);
        }
    };
    const double width = px(std::max(p.flowMakespanMinutes, p.waveMakespanMinutes));
    // Flow schedule: one row per lane.
    auto *flowTitle =
        scene->addSimpleText(tr("Flow schedule (%1 h)").arg(core::formatHours(p.flowMakespanMinutes)), heading);
    flowTitle->setPos(0, 0);
    double top = 20;
    for (int lane = 0; lane < p.maxParallel; ++lane) {
        scene->addRect(QRectF(0, top + lane * pitch - 1, width, kLaneHeight + 2), Qt::NoPen,
                       QColor(lane % 2 ? 0xf4 : 0xee, 0xf1, 0xf6));
    }
    for (const core::FlowEntry &e : p.flow) {
        const TaskLabel label = m_labels.value(e.id);
        addBox(px(e.start), top + (e.lane - 1) * pitch, px(e.finish - e.start), e.id,
               ViewData::statusColor(label.status).lighter(140));
    }
    top += p.maxParallel * pitch + 26;
    // Execution groups: bands one after another, each with its own K lanes.
    auto *waveTitle = scene->addSimpleText(
        tr("Execution groups (waves, %1 h)").arg(core::formatHours(p.waveMakespanMinutes)), heading);
    waveTitle->setPos(0, top - 20);
    int usedLanes = 1;
    for (const core::PlanGroup &g : p.groups) {
        for (const core::GroupEntry &e : g.tasks) {
            usedLanes = std::max(usedLanes, e.lane);
        }
    }
    const double bandHeight = usedLanes * pitch + 16;
    for (const core::PlanGroup &g : p.groups) {
        auto *band = scene->addRect(QRectF(px(g.startMinutes), top, px(g.durationMinutes), bandHeight),
                                    QPen(QColor(0x8a, 0x96, 0xa6), 0, Qt::DashLine), bandColour(g.position));
        band->setToolTip(tr("Group %1: %2 tasks, %3 h")
                             .arg(g.position)
                             .arg(g.tasks.size())
                             .arg(core::formatHours(g.durationMinutes)));
        auto *label = scene->addSimpleText(tr("G%1").arg(g.position), small);
        label->setPos(px(g.startMinutes) + 2, top + 1);
        for (const core::GroupEntry &e : g.tasks) {
            addBox(px(g.startMinutes + e.start), top + 14 + (e.lane - 1) * pitch, px(e.durationMinutes), e.id,
                   QColor(0xc9, 0xd8, 0xec));
        }
    }
    scene->setSceneRect(QRectF(-10, -34, width + 30, top + bandHeight + 44));
    m_canvas->fitAll();
}

void ExecutionPanel::savePlan()
{
    if (!m_workspace || !m_plan) {
        return;
    }
    auto ids = m_workspace->scheduling().savePlan(*m_plan);
    afterAction(ids ? core::Status() : core::Status(ids.error()));
}

qint64 ExecutionPanel::selectedGroup() const
{
    const QList<QTreeWidgetItem *> items = m_groupTree->selectedItems();
    return items.isEmpty() ? 0 : items.first()->data(0, kGroupRole).toLongLong();
}

qint64 ExecutionPanel::selectedTask() const
{
    const QList<QTreeWidgetItem *> items = m_groupTree->selectedItems();
    return items.isEmpty() ? 0 : items.first()->data(0, kTaskRole).toLongLong();
}

bool ExecutionPanel::selectInTree(qint64 groupId, qint64 taskId)
{
    for (int i = 0; i < m_groupTree->topLevelItemCount(); ++i) {
        QTreeWidgetItem *group = m_groupTree->topLevelItem(i);
        if (group->data(0, kGroupRole).toLongLong() != groupId) {
            continue;
        }
        if (taskId == 0) {
            m_groupTree->setCurrentItem(group);
            return true;
        }
        for (int j = 0; j < group->childCount(); ++j) {
            if (group->child(j)->data(0, kTaskRole).toLongLong() == taskId) {
                m_groupTree->setCurrentItem(group->child(j));
                return true;
            }
        }
    }
    return false;
}

void ExecutionPanel::startSelectedGroup()
{
    if (m_workspace && selectedGroup() != 0) {
        afterAction(m_workspace->scheduling().startGroup(selectedGroup()));
    }
}

void ExecutionPanel::startSelectedTask()
{
    if (m_workspace && selectedTask() != 0) {
        afterAction(m_workspace->scheduling().startTask(selectedGroup(), selectedTask()));
    }
}

void ExecutionPanel::completeSelectedTask()
{
    if (m_workspace && selectedTask() != 0) {
        afterAction(m_workspace->scheduling().completeTask(selectedGroup(), selectedTask()));
    }
}

void ExecutionPanel::failSelectedTask()
{
    if (m_workspace && selectedTask() != 0) {
        afterAction(
            m_workspace->scheduling().failTask(selectedGroup(), selectedTask(), tr("Marked failed in the app")));
    }
}

void ExecutionPanel::afterAction(const core::Status &status)
{
    const qint64 group = selectedGroup();
    const qint64 task = selectedTask();
    m_lastError = status ? QString() : status.error().message;
    refresh();
    selectInTree(group, task);
    if (!status) {
        m_summary->setText(tr("Refused: %1").arg(m_lastError));
    }
    Q_EMIT executionChanged();
}

void ExecutionPanel::reloadGroups()
{
    m_groupTree->clear();
    if (!m_workspace) {
        return;
    }
    auto groups = m_workspace->scheduling().groups();
    if (!groups) {
        m_lastError = groups.error().message;
        return;
    }
    QList<qint64> shown;
    for (const storage::GroupWithTasks &g : std::as_const(*groups)) {
        for (const core::GroupTask &t : g.tasks) {
            shown.append(t.taskId);
        }
    }
    labelTasks(shown);
    for (const storage::GroupWithTasks &g : std::as_const(*groups)) {
        auto *item = new QTreeWidgetItem(m_groupTree);
        item->setText(
            0, tr("%1 (position %2, K = %3)").arg(g.group.name).arg(g.group.position).arg(g.group.maxParallelTasks));
        item->setText(1, core::toString(g.group.status));
        item->setText(2, QString::number(g.group.totalHours, 'f', 1));
        item->setData(0, kGroupRole, g.group.id);
        for (const core::GroupTask &t : g.tasks) {
            auto *child = new QTreeWidgetItem(item);
            child->setText(0, QStringLiteral("#%1 %2").arg(t.taskId).arg(m_labels.value(t.taskId).title));
            child->setText(1, core::toString(t.status));
            child->setText(2, QString::number(t.taskHours, 'f', 1));
            child->setData(0, kGroupRole, g.group.id);
            child->setData(0, kTaskRole, t.taskId);
        }
        item->setExpanded(g.group.status == core::ExecutionStatus::Running);
    }
}

void ExecutionPanel::labelTasks(const QList<qint64> &ids)
{
    if (m_workspace) {
        if (core::Status s = ViewData::addTaskLabels(*m_workspace, ids, m_labels); !s) {
            m_lastError = s.error().message; // boxes and rows then show ids without titles
        }
    }
}

void ExecutionPanel::reloadLog()
{
    m_logTable->setRowCount(0);
    if (!m_workspace) {
        return;
    }
    auto log = m_workspace->scheduling().log();
    if (!log) {
        m_lastError = log.error().message;
        return;
    }
    const int minimum = m_levelFilter->currentData().toInt();
    for (const core::ExecutionLogEntry &e : std::as_const(*log)) {
        if (int(e.level) < minimum) {
            continue;
        }
        const int r = m_logTable->rowCount();
        m_logTable->insertRow(r);
        m_logTable->setItem(
            r, 0, new QTableWidgetItem(e.createdAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))));
        m_logTable->setItem(r, 1, new QTableWidgetItem(core::toString(e.level)));
        m_logTable->setItem(r, 2, new QTableWidgetItem(QString::number(e.groupId)));
        m_logTable->setItem(r, 3, new QTableWidgetItem(e.taskId ? QString::number(*e.taskId) : QString()));
        m_logTable->setItem(r, 4, new QTableWidgetItem(e.message));
        if (e.level >= core::LogLevel::Warning) {
            const QColor c = e.level == core::LogLevel::Error ? QColor(0xfd, 0xe2, 0xe2) : QColor(0xff, 0xf4, 0xd6);
            for (int col = 0; col < 5; ++col) {
                m_logTable->item(r, col)->setBackground(c);
            }
        }
    }
    m_logTable->resizeColumnsToContents();
    m_logTable->horizontalHeader()->setStretchLastSection(true);
    m_logTable->scrollToBottom();
}

void ExecutionPanel::updateButtons()
{
    const bool open = m_workspace != nullptr;
    m_computeButton->setEnabled(open && !m_computing);
    m_saveButton->setEnabled(open && m_plan.has_value());
    m_startGroupButton->setEnabled(open && selectedGroup() != 0 && selectedTask() == 0);
    const bool task = open && selectedTask() != 0;
    m_startTaskButton->setEnabled(task);
    m_completeTaskButton->setEnabled(task);
    m_failTaskButton->setEnabled(task);
}

} // namespace taskorch::gui
