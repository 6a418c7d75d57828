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
/// The network and the task labels are read on a worker thread with its own connection, so a big database never
/// freezes the window; the geometry is computed when the data arrives (about 0.1 s for 5,000 tasks). A network of
/// more than maxTasksDrawnOneByOne() tasks is shown collapsed by phase: a box per task would neither fit on screen
/// nor build in reasonable time. In the main window the view reads only while it is on screen
/// (setLoadsOnlyWhenShown()): opening a million-task database does not lay out a graph nobody looks at.
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
    /// When on, refresh() while the view is hidden only notes that the data is stale; showing it reads.
    void setLoadsOnlyWhenShown(bool on) { m_loadsOnlyWhenShown = on; }
    /// True from a refresh() until its data is drawn (or stale data waits for the view to be shown).
    bool isLoading() const { return m_loading || m_stale; }
    /// Above this many tasks "Every task" is replaced by the phase collapse (unless a neighbourhood is shown).
    static constexpr int maxTasksDrawnOneByOne() { return 20000; }

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
    /// Reloads the network from the workspace (on a worker thread) and redraws, keeping selection, zoom and
    /// scroll where possible.
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
    /// A refresh's data arrived and is drawn (or its error shown).
    void graphUpdated();

protected:
    void showEvent(QShowEvent *event) override;

private:
    friend class TaskBoxItem;
    struct Loaded;
    void startLoading();
    void applyLoaded(int generation, Loaded &loaded);
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
    std::optional<core::GraphLayout> m_readyLayout; ///< computed by the worker for the current choice
    bool m_hasReadyLayout = false;
    QHash<qint64, TaskLabel> m_labels;
    QList<qint64> m_explainedChain;
    qint64 m_selected = 0;
    bool m_selecting = false;
    QString m_error;
    bool m_loadsOnlyWhenShown = false;
    bool m_stale = false;   ///< a refresh waits for the view to be shown
    bool m_loading = false; ///< a worker is reading
    bool m_fitPending = false;
    int m_generation = 0; ///< of the latest load; older loads' results are dropped

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
