// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "StatisticsSeries.h"
#include "Workspace.h"

#include <QWidget>

#include <array>
#include <atomic>
#include <functional>
#include <memory>
#include <optional>

class QCustomPlot; // qcustomplot.h stays out of headers (TOOLCHAIN.md §3)
class QLabel;
class QThread;
class QTimer;

namespace taskorch::gui {

/// The statistics panel (SPEC.md §11): status distribution, phase and component breakdowns stacked by status,
/// estimated vs completed hours per phase, and the burn-up from `task_progress`. Each chart has a title, axis
/// labels, a legend and PNG/PDF/SVG export; the same numbers are shown as text next to it. The series come from
/// core::StatisticsSeries; this class only draws them.
///
/// The numbers are computed off the GUI thread: a worker thread keeps its own connection to the open database
/// (a QSqlDatabase belongs to its thread) and runs ProgressRepository::statisticsSeries(), a quarter of a second or
/// so at a million tasks. refresh() returns at once; the panel keeps showing the last result until the new one
/// arrives, then redraws and emits statisticsUpdated(). Refreshes asked for in one go (one edit notifies several
/// times) are computed once, and a result is only shown if no newer refresh was asked for in the meantime: a
/// newer request stops the running computation early and its result is dropped.
class StatisticsPanel : public QWidget
{
    Q_OBJECT

public:
    enum Chart
    {
        StatusChart,
        PhaseChart,
        ComponentChart,
        HoursChart,
        BurnUpChart,
        ChartCount
    };

    explicit StatisticsPanel(QWidget *parent = nullptr);
    ~StatisticsPanel() override;

    /// The database to show (not owned; may be null). Refreshes.
    void setWorkspace(storage::Workspace *workspace);
    storage::Workspace *workspace() const { return m_workspace; }

    const core::StatisticsSeries &series() const { return m_series; }
    /// The project figures of the shown series (status bar, filters); nothing without a database or after an error.
    const std::optional<core::ProjectStatistics> &projectStatistics() const { return m_statistics; }
    /// True from refresh() until its result is shown.
    bool isComputing() const { return m_computing; }
    /// How many results have been shown so far (each emits statisticsUpdated()).
    int updateCount() const { return m_updates; }
    QCustomPlot *chart(Chart which) const { return m_charts[which]; }
    /// The text shown next to a chart.
    QString chartText(Chart which) const;
    /// Why the last refresh failed; empty when fine.
    const QString &errorText() const { return m_error; }

    bool exportPng(Chart which, const QString &path);
    bool exportPdf(Chart which, const QString &path);
    /// A vector image of the chart (QSvgGenerator): titles, labels and legend as SVG text.
    bool exportSvg(Chart which, const QString &path);

public Q_SLOTS:
    /// Recomputes the numbers on the worker thread and redraws every chart when they arrive. Returns at once;
    /// calls in one turn of the event loop are computed once.
    void refresh();
    /// Like refresh(), but asks the worker at once instead of at the end of this turn of the event loop.
    void refreshNow();

Q_SIGNALS:
    /// New numbers are shown (or the error that kept them from being computed).
    void statisticsUpdated();

private:
    struct Worker;
    struct Outcome;

    QWidget *makeCard(Chart which, const QString &title);
    void exportWithDialog(Chart which);
    void startComputation();
    void applyOutcome(int generation, const Outcome &outcome);
    void redraw();
    void ensureWorkerThread();
    /// Runs `work` on the worker thread, in order with the computations.
    void postToWorker(std::function<void(Worker &)> work);
    void drawStatus();
    void drawStacked(Chart which, const QList<core::StackedCategory> &categories, const QString &axisLabel);
    void drawHours();
    void drawBurnUp();

    storage::Workspace *m_workspace = nullptr;
    core::StatisticsSeries m_series;
    std::optional<core::ProjectStatistics> m_statistics;
    QString m_error;
    bool m_computing = false;
    int m_generation = 0; ///< of the latest request; results of older ones are dropped
    int m_updates = 0;
    QTimer *m_refreshTimer = nullptr;
    QThread *m_thread = nullptr;
    QObject *m_workerContext = nullptr;          ///< lives on m_thread: posting to it runs code there
    std::shared_ptr<Worker> m_worker;            ///< only touched on m_thread
    std::shared_ptr<std::atomic<bool>> m_cancel; ///< of the computation in flight
    std::array<QCustomPlot *, ChartCount> m_charts{};
    std::array<QLabel *, ChartCount> m_texts{};
    QLabel *m_summary = nullptr;
};

} // namespace taskorch::gui
