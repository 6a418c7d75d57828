// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ParallelPlanner.h"
#include "ViewData.h"

#include <QWidget>

#include <optional>

class QComboBox;
class QLabel;
class QPushButton;
class QSpinBox;
class QTableWidget;
class QTreeWidget;

namespace taskorch::gui {

class GraphCanvas;

/// The execution panel (SPEC.md §11): choose K, compute the parallel plan off the GUI thread (a worker opens its
/// own connection to the same file), see the flow schedule as lanes over time and the execution groups as bands,
/// with the bound, both makespans and ratios; save the plan; start a group and start/complete/fail its tasks;
/// the execution log below, filterable by level.
class ExecutionPanel : public QWidget
{
    Q_OBJECT

public:
    explicit ExecutionPanel(QWidget *parent = nullptr);
    ~ExecutionPanel() override;

    /// The database to act on (not owned; may be null). Refreshes the groups and the log; drops a computed plan.
    void setWorkspace(storage::Workspace *workspace);
    /// When on, refresh() while the panel is hidden only notes that it is stale; showing it reloads (the main
    /// window keeps the panels that are not on screen idle).
    void setLoadsOnlyWhenShown(bool on) { m_loadsOnlyWhenShown = on; }

    /// The last computed plan, if any.
    const std::optional<core::ParallelPlan> &plan() const { return m_plan; }
    /// True while a plan is being computed.
    bool isComputing() const { return m_computing; }
    /// The saved group (or the group of the task) selected in the group tree, 0 when none.
    qint64 selectedGroup() const;
    /// The task selected in the group tree, 0 when a group or nothing is selected.
    qint64 selectedTask() const;
    /// Selects a group row (taskId 0) or a task row of the group tree. False when there is no such row.
    bool selectInTree(qint64 groupId, qint64 taskId = 0);
    /// The last error shown to the user; empty when the last action worked.
    const QString &lastError() const { return m_lastError; }

public Q_SLOTS:
    /// Reloads the saved groups and the log.
    void refresh();
    /// Starts computing the plan for the K in the spin box; planComputed() follows.
    void computePlan();
    /// Saves the computed plan as execution groups (replacing pending ones).
    void savePlan();
    void startSelectedGroup();
    void startSelectedTask();
    void completeSelectedTask();
    void failSelectedTask();

Q_SIGNALS:
    void planComputed();
    /// A group or task changed state: other views should refresh.
    void executionChanged();

protected:
    void showEvent(QShowEvent *event) override;

private:
    void applyPlan(const core::Result<core::ParallelPlan> &result, int generation);
    void drawPlan();
    void reloadGroups();
    void reloadLog();
    /// Reads the labels of `ids` that are not known yet.
    void labelTasks(const QList<qint64> &ids);
    void afterAction(const core::Status &status);
    void updateButtons();

    storage::Workspace *m_workspace = nullptr;
    std::optional<core::ParallelPlan> m_plan;
    QHash<qint64, TaskLabel> m_labels; ///< of the tasks shown in the groups and the plan
    bool m_computing = false;
    int m_generation = 0;
    bool m_loadsOnlyWhenShown = false;
    bool m_stale = false; ///< a refresh waits for the panel to be shown
    QString m_lastError;

    QSpinBox *m_kSpin = nullptr;
    QPushButton *m_computeButton = nullptr;
    QPushButton *m_saveButton = nullptr;
    QLabel *m_summary = nullptr;
    GraphCanvas *m_canvas = nullptr;
    QTreeWidget *m_groupTree = nullptr;
    QPushButton *m_startGroupButton = nullptr;
    QPushButton *m_startTaskButton = nullptr;
    QPushButton *m_completeTaskButton = nullptr;
    QPushButton *m_failTaskButton = nullptr;
    QComboBox *m_levelFilter = nullptr;
    QTableWidget *m_logTable = nullptr;
};

} // namespace taskorch::gui
