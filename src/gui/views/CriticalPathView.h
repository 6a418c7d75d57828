// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "GraphLayout.h"
#include "ViewData.h"

#include <QWidget>

#include <optional>

class QCheckBox;
class QComboBox;
class QGraphicsScene;
class QLabel;
class QSpinBox;

namespace taskorch::gui {

class GraphCanvas;
class TaskBoxItem;
class ArrowsItem;

/// The critical-path graph (SPEC.md §11): a time-scaled network drawn from core::GraphLayout. Boxes as long as
/// their duration at x = earliest start, slack bars, hard (solid) and `enhances` (dashed) arrows labelled with
/// relation and lag, the critical chain in red, a time axis; wheel zoom, drag pan, fit. Modes plan/remaining,
/// collapse by phase or component, k-hop neighbourhood of the selection, "Explain" with the driving chain.
///
/// The layout is computed synchronously on the GUI thread. taskorch-bench measures a new view showing a database up
/// to its first painted frame: about 0.1 s for 5,000 tasks (half of it loading the network and computing the critical
/// path) and about 0.5 s for 50,000 tasks collapsed by phase (almost all of it loading), so only big graphs would
/// gain from a worker thread.
class CriticalPathView : public QWidget
{
    Q_OBJECT

public:
    /// QGraphicsItem::data() key holding a box's id (task id, or negative for an aggregate).
    static constexpr int BoxIdKey = 0;

    explicit CriticalPathView(QWidget *parent = nullptr);
    ~CriticalPathView() override;

    /// The database to show (not owned; may be null). Refreshes.
    void setWorkspace(storage::Workspace *workspace);

    void setMode(core::ScheduleMode mode);
    core::ScheduleMode mode() const { return m_mode; }
    void setGrouping(core::LayoutGrouping grouping);
    core::LayoutGrouping grouping() const { return m_grouping; }
    /// Shows only tasks within `hops` links of the selected task; 0 shows everything.
    void setNeighbourhoodHops(int hops);

    /// The current geometry and schedule (for tests and exports).
    const core::GraphLayout &layout() const { return m_layout; }
    const std::optional<core::CriticalPath> &criticalPath() const { return m_criticalPath; }
    /// Ids of the boxes drawn as critical (red): the critical tasks.
    QList<qint64> highlightedCriticalIds() const;
    /// The driving chain shown by the last explain(), empty when none.
    const QList<qint64> &explainedChain() const { return m_explainedChain; }
    QString explanationText() const;
    qint64 selectedTask() const { return m_selected; }
    /// Why the last refresh could not draw (a cycle, a storage error); empty when fine.
    const QString &errorText() const { return m_error; }
    QGraphicsScene *scene() const;
    GraphCanvas *canvas() const { return m_canvas; }

    /// Writes the whole graph with its time axis as a PNG / PDF / SVG. False when the file cannot be written (or
    /// there is no graph). The SVG is at scene scale (1 px per scene pixel): boxes and arrows as shapes, task
    /// titles and the axis as text.
    bool exportPng(const QString &path);
    bool exportPdf(const QString &path);
    bool exportSvg(const QString &path);

public Q_SLOTS:
    /// Reloads the network from the workspace and redraws, keeping selection, zoom and scroll where possible.
    void refresh();
    /// Selects and centres a task (from the table or detail panel); does not emit taskSelected.
    void selectTask(qint64 taskId);
    /// Shows why the selected task is (not) critical: its driving chain highlighted and the explanation text.
    void explainSelected();
    void zoomToFit();
    void zoomIn();
    void zoomOut();
    void exportWithDialog();

Q_SIGNALS:
    /// The user clicked a task box.
    void taskSelected(qint64 taskId);

private:
    friend class TaskBoxItem;
    void rebuildScene();
    void applyHighlights();
    void onSceneSelectionChanged();
    void paintToImage(QPainter &painter, const QRectF &target);

    storage::Workspace *m_workspace = nullptr;
    core::ScheduleMode m_mode = core::ScheduleMode::Plan;
    core::LayoutGrouping m_grouping = core::LayoutGrouping::None;
    int m_hops = 0;
    std::optional<core::CriticalPath> m_criticalPath;
    core::GraphLayout m_layout;
    QHash<qint64, TaskLabel> m_labels;
    QList<qint64> m_explainedChain;
    qint64 m_selected = 0;
    bool m_selecting = false;
    QString m_error;

    GraphCanvas *m_canvas = nullptr;
    QList<TaskBoxItem *> m_boxItems;
    ArrowsItem *m_arrowsItem = nullptr;
    QComboBox *m_modeCombo = nullptr;
    QComboBox *m_groupCombo = nullptr;
    QSpinBox *m_hopsSpin = nullptr;
    QLabel *m_explainLabel = nullptr;
    QLabel *m_summaryLabel = nullptr;
};

} // namespace taskorch::gui
