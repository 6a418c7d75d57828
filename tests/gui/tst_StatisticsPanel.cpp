// SPDX-License-Identifier: GPL-3.0-or-later
#include "DemoProject.h"
#include "StatisticsPanel.h"
#include "TempWorkspace.h"

#include <QStandardPaths>
#include <QTest>

#include <qcustomplot.h>

#include <memory>

using namespace taskorch;

namespace {

// The value of every bar of a QCPBars, in key order.
QList<double> values(QCPBars *bars)
{
    QList<double> out;
    for (auto it = bars->data()->constBegin(); it != bars->data()->constEnd(); ++it) {
        out << it->value;
    }
    return out;
}

QCPBars *barsNamed(QCustomPlot *plot, const QString &name)
{
    for (int i = 0; i < plot->plottableCount(); ++i) {
        if (auto *bars = qobject_cast<QCPBars *>(plot->plottable(i)); bars && bars->name() == name) {
            return bars;
        }
    }
    return nullptr;
}

} // namespace

class TstStatisticsPanel : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<test::TempWorkspace> m_ws;

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void init()
    {
        m_ws = std::make_unique<test::TempWorkspace>();
        QVERIFY2(m_ws->isValid(), qPrintable(m_ws->errorString()));
        QVERIFY(storage::DemoProject::load(m_ws->service()).ok());
    }

    void cleanup() { m_ws.reset(); }

    void seriesEqualTheStatistics()
    {
        gui::StatisticsPanel panel;
        panel.setWorkspace(&m_ws->workspace());
        QVERIFY2(panel.errorText().isEmpty(), qPrintable(panel.errorText()));
        auto stats = m_ws->service().statistics();
        QVERIFY(stats.ok());
        const core::StatisticsSeries &s = panel.series();
        using core::TaskStatus;
        QCOMPARE(s.totalTasks(), stats->totalTasks);
        QCOMPARE(s.statusCounts[size_t(TaskStatus::Completed)], stats->completedTasks);
        QCOMPARE(s.statusCounts[size_t(TaskStatus::InProgress)], stats->inProgressTasks);
        QCOMPARE(s.statusCounts[size_t(TaskStatus::Blocked)], stats->blockedTasks);
        QCOMPARE(s.statusCounts[size_t(TaskStatus::NotStarted)], stats->notStartedTasks);
        QCOMPARE(s.statusCounts[size_t(TaskStatus::Failed)], stats->failedTasks);
        QCOMPARE(s.totalEstimatedHours, stats->totalEstimatedHours);
        QCOMPARE(s.completedHours, stats->completedHours);
        QCOMPARE(s.phases.size(), stats->phaseBreakdown.size());
        for (int i = 0; i < s.phases.size(); ++i) {
            QCOMPARE(s.phaseNumbers[i], stats->phaseBreakdown[i].phase);
            QCOMPARE(s.phases[i].total(), stats->phaseBreakdown[i].count);
            QCOMPARE(s.phases[i].counts[size_t(TaskStatus::Completed)], stats->phaseBreakdown[i].completed);
        }
        QCOMPARE(s.components.size(), stats->componentBreakdown.size());
        for (int i = 0; i < s.components.size(); ++i) {
            QCOMPARE(s.components[i].label, stats->componentBreakdown[i].area);
            QCOMPARE(s.components[i].total(), stats->componentBreakdown[i].count);
            QCOMPARE(s.components[i].counts[size_t(TaskStatus::Completed)], stats->componentBreakdown[i].completed);
        }
        // Burn-up ends at today's scope and completed hours.
        QVERIFY(!s.burnUp.days.isEmpty());
        QCOMPARE(s.burnUp.scopeHours.last(), stats->totalEstimatedHours);
        QCOMPARE(s.burnUp.completedHours.last(), stats->completedHours);
    }

    void chartsDrawTheSeries()
    {
        gui::StatisticsPanel panel;
        panel.setWorkspace(&m_ws->workspace());
        auto stats = m_ws->service().statistics();
        QVERIFY(stats.ok());

        QCustomPlot *status = panel.chart(gui::StatisticsPanel::StatusChart);
        QCOMPARE(status->objectName(), QStringLiteral("statusChart"));
        QCOMPARE(values(barsNamed(status, QStringLiteral("Completed"))), QList<double>{double(stats->completedTasks)});
        QCOMPARE(values(barsNamed(status, QStringLiteral("Blocked"))), QList<double>{double(stats->blockedTasks)});
        QVERIFY(status->legend->visible());
        QVERIFY(!status->xAxis->label().isEmpty());
        QVERIFY(!status->yAxis->label().isEmpty());

        QCustomPlot *phases = panel.chart(gui::StatisticsPanel::PhaseChart);
        QCOMPARE(phases->plottableCount(), core::statusCount);
        // Stacked: the bars of every status add up to each phase's count.
        QList<double> sums(stats->phaseBreakdown.size(), 0.0);
        for (int i = 0; i < phases->plottableCount(); ++i) {
            const QList<double> v = values(qobject_cast<QCPBars *>(phases->plottable(i)));
            for (int p = 0; p < v.size(); ++p) {
                sums[p] += v[p];
            }
        }
        for (int p = 0; p < sums.size(); ++p) {
            QCOMPARE(sums[p], double(stats->phaseBreakdown[p].count));
        }
        QCOMPARE(values(barsNamed(phases, QStringLiteral("Completed"))).first(),
                 double(stats->phaseBreakdown.first().completed));

        QCustomPlot *components = panel.chart(gui::StatisticsPanel::ComponentChart);
        QCOMPARE(values(barsNamed(components, QStringLiteral("Completed"))).size(), stats->componentBreakdown.size());

        QCustomPlot *hours = panel.chart(gui::StatisticsPanel::HoursChart);
        double estimated = 0.0;
        for (const double v : values(barsNamed(hours, QStringLiteral("Estimated hours")))) {
            estimated += v;
        }
        double completed = 0.0;
        for (const double v : values(barsNamed(hours, QStringLiteral("Completed hours")))) {
            completed += v;
        }
        QCOMPARE(std::round(estimated * 1e6) / 1e6, stats->totalEstimatedHours);
        QCOMPARE(std::round(completed * 1e6) / 1e6, stats->completedHours);

        QCustomPlot *burnUp = panel.chart(gui::StatisticsPanel::BurnUpChart);
        QCOMPARE(burnUp->graphCount(), 3);
        QCOMPARE(burnUp->graph(1)->data()->size(), panel.series().burnUp.days.size());
        QCOMPARE((burnUp->graph(1)->data()->constEnd() - 1)->value, stats->completedHours);

        // The numbers as text next to the charts.
        QVERIFY(panel.chartText(gui::StatisticsPanel::StatusChart).contains(QString::number(stats->totalTasks)));
        QVERIFY(panel.chartText(gui::StatisticsPanel::ComponentChart).contains(stats->componentBreakdown[0].area));
    }

    void updatesWhenDataChanges()
    {
        gui::StatisticsPanel panel;
        panel.setWorkspace(&m_ws->workspace());
        const qint64 before = panel.series().statusCounts[size_t(core::TaskStatus::Completed)];
        QVERIFY(m_ws->service().updateStatus(40, core::TaskStatus::Completed).ok());
        panel.refresh();
        QCOMPARE(panel.series().statusCounts[size_t(core::TaskStatus::Completed)], before + 1);
        QCOMPARE(values(barsNamed(panel.chart(gui::StatisticsPanel::StatusChart), QStringLiteral("Completed"))),
                 QList<double>{double(before + 1)});
    }

    void exportsEveryChart()
    {
        gui::StatisticsPanel panel;
        panel.setWorkspace(&m_ws->workspace());
        for (int c = 0; c < gui::StatisticsPanel::ChartCount; ++c) {
            const auto chart = gui::StatisticsPanel::Chart(c);
            const QString png = m_ws->filePath(QStringLiteral("chart%1.png").arg(c));
            const QString pdf = m_ws->filePath(QStringLiteral("chart%1.pdf").arg(c));
            QVERIFY(panel.exportPng(chart, png));
            QVERIFY(panel.exportPdf(chart, pdf));
            QVERIFY(!QImage(png).isNull());
            QVERIFY(QFileInfo(pdf).size() > 100);
        }
    }

    void emptyWorkspace()
    {
        gui::StatisticsPanel panel;
        panel.setWorkspace(nullptr);
        QCOMPARE(panel.series().totalTasks(), 0);
        test::TempWorkspace empty;
        QVERIFY(empty.isValid());
        panel.setWorkspace(&empty.workspace());
        QCOMPARE(panel.series().totalTasks(), 0);
        QVERIFY(panel.series().burnUp.days.isEmpty());
    }
};

QTEST_MAIN(TstStatisticsPanel)
#include "tst_StatisticsPanel.moc"
