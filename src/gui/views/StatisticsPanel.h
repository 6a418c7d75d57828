// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "StatisticsSeries.h"
#include "Workspace.h"

#include <QWidget>

#include <array>

class QCustomPlot; // qcustomplot.h stays out of headers (TOOLCHAIN.md §3)
class QLabel;

namespace taskorch::gui {

/// The statistics panel (SPEC.md §11): status distribution, phase and component breakdowns stacked by status,
/// estimated vs completed hours per phase, and the burn-up from `task_progress`. Each chart has a title, axis
/// labels, a legend and PNG/PDF export; the same numbers are shown as text next to it. The series come from
/// core::StatisticsSeries; this class only draws them. Computed synchronously on refresh().
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

    const core::StatisticsSeries &series() const { return m_series; }
    QCustomPlot *chart(Chart which) const { return m_charts[which]; }
    /// The text shown next to a chart.
    QString chartText(Chart which) const;
    /// Why the last refresh failed; empty when fine.
    const QString &errorText() const { return m_error; }

    bool exportPng(Chart which, const QString &path);
    bool exportPdf(Chart which, const QString &path);

public Q_SLOTS:
    /// Re-reads the tasks and progress history and redraws every chart.
    void refresh();

private:
    QWidget *makeCard(Chart which, const QString &title);
    void exportWithDialog(Chart which);
    void drawStatus();
    void drawStacked(Chart which, const QList<core::StackedCategory> &categories, const QString &axisLabel);
    void drawHours();
    void drawBurnUp();

    storage::Workspace *m_workspace = nullptr;
    core::StatisticsSeries m_series;
    QString m_error;
    std::array<QCustomPlot *, ChartCount> m_charts{};
    std::array<QLabel *, ChartCount> m_texts{};
    QLabel *m_summary = nullptr;
};

} // namespace taskorch::gui
