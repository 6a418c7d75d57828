// SPDX-License-Identifier: GPL-3.0-or-later
#include "DemoProject.h"
#include "StatisticsPanel.h"
#include "TempWorkspace.h"

#include <QElapsedTimer>
#include <QFile>
#include <QMap>
#include <QSignalSpy>
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

// Shows `workspace` and waits until the worker's first result is on screen.
bool showAndWait(gui::StatisticsPanel &panel, storage::Workspace *workspace)
{
    const int before = panel.updateCount();
    panel.setWorkspace(workspace);
    return QTest::qWaitFor([&] { return panel.updateCount() > before && !panel.isComputing(); }, 10000);
}

// The value of every bar of a QCPBars by key (stacked charts leave out empty segments).
QMap<double, double> valuesByKey(QCPBars *bars)
{
    QMap<double, double> out;
    for (auto it = bars->data()->constBegin(); it != bars->data()->constEnd(); ++it) {
        out.insert(it->key, it->value);
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
        QVERIFY(showAndWait(panel, &m_ws->workspace()));
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
        // The demo's history is spread over past days: the burn-up is a curve, not a single day.
        QVERIFY2(s.burnUp.days.size() >= 14, qPrintable(QString::number(s.burnUp.days.size())));
        QVERIFY(s.burnUp.completedHours.first() < s.burnUp.completedHours.last());
        QVERIFY(s.burnUp.scopeHours.first() < s.burnUp.scopeHours.last());

        // The figures for the status bar are the service's, from the same computation.
        QVERIFY(panel.projectStatistics());
        QCOMPARE(panel.projectStatistics()->toJson(), stats->toJson());
    }

    void chartsDrawTheSeries()
    {
        gui::StatisticsPanel panel;
        // Laid out at a real size, so that the legend checks below measure what a person sees.
        panel.resize(1400, 1200);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QVERIFY(showAndWait(panel, &m_ws->workspace()));
        auto stats = m_ws->service().statistics();
        QVERIFY(stats.ok());

        QCustomPlot *status = panel.chart(gui::StatisticsPanel::StatusChart);
        QCOMPARE(status->objectName(), QStringLiteral("statusChart"));
        QCOMPARE(values(barsNamed(status, QStringLiteral("Completed"))), QList<double>{double(stats->completedTasks)});
        QCOMPARE(values(barsNamed(status, QStringLiteral("Blocked"))), QList<double>{double(stats->blockedTasks)});
        QVERIFY(status->legend->visible());
        // Its legend is beside the plot, never over a bar, however short the chart (the main window gives it
        // far less height than this panel has here).
        for (const QSize size : {QSize(1400, 1200), QSize(700, 600)}) {
            panel.resize(size);
            QCoreApplication::processEvents();
            status->replot();
            QVERIFY(!status->axisRect()->insetLayout()->elements(false).contains(status->legend));
            QVERIFY(!status->legend->outerRect().intersects(status->axisRect()->rect()));
        }
        panel.resize(1400, 1200);
        QCoreApplication::processEvents();
        QVERIFY(!status->xAxis->label().isEmpty());
        QVERIFY(!status->yAxis->label().isEmpty());

        QCustomPlot *phases = panel.chart(gui::StatisticsPanel::PhaseChart);
        QCOMPARE(phases->plottableCount(), core::statusCount);
        // The legend sits beside the bars, not over them.
        QVERIFY(phases->legend->visible());
        QVERIFY(!phases->axisRect()->insetLayout()->elements(false).contains(phases->legend));
        phases->replot();
        QVERIFY(!phases->legend->outerRect().intersects(phases->axisRect()->rect()));
        // Stacked: the bars of every status add up to each phase's count.
        QList<double> sums(stats->phaseBreakdown.size(), 0.0);
        for (int i = 0; i < phases->plottableCount(); ++i) {
            const QMap<double, double> v = valuesByKey(qobject_cast<QCPBars *>(phases->plottable(i)));
            for (auto it = v.cbegin(); it != v.cend(); ++it) {
                QVERIFY(it.value() > 0); // no empty segment drawn as a line
                sums[int(it.key()) - 1] += it.value();
            }
        }
        for (int p = 0; p < sums.size(); ++p) {
            QCOMPARE(sums[p], double(stats->phaseBreakdown[p].count));
        }
        QCOMPARE(valuesByKey(barsNamed(phases, QStringLiteral("Completed"))).value(1.0),
                 double(stats->phaseBreakdown.first().completed));
        // Stacked by key: in phase 2 (8 not started, 1 in progress, 1 blocked) the blocked segment starts at 9.
        QCOMPARE(barsNamed(phases, QStringLiteral("Blocked"))->stackingGap(), 0.0);
        QCOMPARE(barsNamed(phases, QStringLiteral("Blocked"))->barBelow()->name(), QStringLiteral("In progress"));

        QCustomPlot *components = panel.chart(gui::StatisticsPanel::ComponentChart);
        double componentTasks = 0.0;
        for (int i = 0; i < components->plottableCount(); ++i) {
            for (const double v : valuesByKey(qobject_cast<QCPBars *>(components->plottable(i)))) {
                componentTasks += v;
            }
        }
        QCOMPARE(componentTasks, double(stats->totalTasks));
        qint64 componentsWithCompleted = 0;
        for (const core::ComponentBreakdown &c : stats->componentBreakdown) {
            componentsWithCompleted += c.completed > 0 ? 1 : 0;
        }
        QCOMPARE(valuesByKey(barsNamed(components, QStringLiteral("Completed"))).size(), componentsWithCompleted);

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
        QVERIFY(showAndWait(panel, &m_ws->workspace()));
        const qint64 before = panel.series().statusCounts[size_t(core::TaskStatus::Completed)];
        QVERIFY(m_ws->service().updateStatus(40, core::TaskStatus::Completed).ok());
        QSignalSpy updated(&panel, &gui::StatisticsPanel::statisticsUpdated);
        panel.refresh();
        // refresh() only asks: the numbers are computed on the worker thread, so the old ones stay on screen until
        // the event loop brings the new ones.
        QVERIFY(panel.isComputing());
        QCOMPARE(panel.series().statusCounts[size_t(core::TaskStatus::Completed)], before);
        QCOMPARE(updated.count(), 0);
        QTRY_COMPARE(panel.series().statusCounts[size_t(core::TaskStatus::Completed)], before + 1);
        QCOMPARE(updated.count(), 1);
        QVERIFY(!panel.isComputing());
        QCOMPARE(values(barsNamed(panel.chart(gui::StatisticsPanel::StatusChart), QStringLiteral("Completed"))),
                 QList<double>{double(before + 1)});
        QCOMPARE(panel.projectStatistics()->completedTasks, before + 1);
    }

    void refreshesInOneGoAreComputedOnce()
    {
        gui::StatisticsPanel panel;
        QVERIFY(showAndWait(panel, &m_ws->workspace()));
        const int before = panel.updateCount();
        panel.refresh();
        panel.refresh();
        panel.refresh();
        QTRY_VERIFY(!panel.isComputing());
        QTest::qWait(50);
        QCOMPARE(panel.updateCount(), before + 1);
    }

    void staleResultDoesNotOverwriteANewerOne()
    {
        gui::StatisticsPanel panel;
        QVERIFY(showAndWait(panel, &m_ws->workspace()));
        const qint64 before = panel.series().statusCounts[size_t(core::TaskStatus::Completed)];
        const int updates = panel.updateCount();
        // A: asked for before the change. B: after it. No event is processed in between, so A's result (computed
        // before or after the change, or cut short) can only reach the panel after B was asked for.
        panel.refreshNow();
        QVERIFY(m_ws->service().updateStatus(40, core::TaskStatus::Completed).ok());
        panel.refreshNow();
        QTRY_VERIFY(panel.updateCount() > updates && !panel.isComputing());
        QTest::qWait(100); // anything still on its way from A would land now
        QCOMPARE(panel.updateCount(), updates + 1);
        QVERIFY2(panel.errorText().isEmpty(), qPrintable(panel.errorText()));
        QCOMPARE(panel.series().statusCounts[size_t(core::TaskStatus::Completed)], before + 1);
    }

    void switchingDatabasesShowsTheNewOne()
    {
        gui::StatisticsPanel panel;
        QVERIFY(showAndWait(panel, &m_ws->workspace()));
        test::TempWorkspace other;
        QVERIFY(other.isValid());
        QVERIFY(other.service().createTask(test::makeTask(QStringLiteral("Only task"))).ok());
        QVERIFY(showAndWait(panel, &other.workspace()));
        QCOMPARE(panel.series().totalTasks(), 1);
        QVERIFY(showAndWait(panel, nullptr));
        QCOMPARE(panel.series().totalTasks(), 0);
        QVERIFY(!panel.projectStatistics());
    }

    void exportsEveryChart()
    {
        gui::StatisticsPanel panel;
        QVERIFY(showAndWait(panel, &m_ws->workspace()));
        for (int c = 0; c < gui::StatisticsPanel::ChartCount; ++c) {
            const auto chart = gui::StatisticsPanel::Chart(c);
            const QString png = m_ws->filePath(QStringLiteral("chart%1.png").arg(c));
            const QString pdf = m_ws->filePath(QStringLiteral("chart%1.pdf").arg(c));
            const QString svg = m_ws->filePath(QStringLiteral("chart%1.svg").arg(c));
            QVERIFY(panel.exportPng(chart, png));
            QVERIFY(panel.exportPdf(chart, pdf));
            QVERIFY(panel.exportSvg(chart, svg));
            QVERIFY(!QImage(png).isNull());
            QVERIFY(QFileInfo(pdf).size() > 100);
            QFile file(svg);
            QVERIFY(file.open(QIODevice::ReadOnly));
            const QByteArray text = file.readAll();
            QVERIFY2(text.startsWith("<?xml"), text.left(60).constData());
            QVERIFY(text.contains("<svg"));
            QVERIFY(text.trimmed().endsWith("</svg>"));
            // Titles and axis labels are text, not pixels.
            const QString title = panel.chart(chart)->property("chartTitle").toString();
            QVERIFY2(text.contains(title.toHtmlEscaped().toUtf8()), qPrintable(title));
        }
        // The status chart's legend names every status.
        QFile status(m_ws->filePath(QStringLiteral("chart0.svg")));
        QVERIFY(status.open(QIODevice::ReadOnly));
        const QByteArray text = status.readAll();
        for (int s = 0; s < core::statusCount; ++s) {
            QVERIFY(text.contains(core::StatisticsSeries::statusLabel(s).toUtf8()));
        }
        QVERIFY(!panel.exportSvg(gui::StatisticsPanel::StatusChart, m_ws->filePath(QStringLiteral("no/such/dir.svg"))));
    }

    void emptyWorkspace()
    {
        gui::StatisticsPanel panel;
        QVERIFY(showAndWait(panel, nullptr));
        QCOMPARE(panel.series().totalTasks(), 0);
        test::TempWorkspace empty;
        QVERIFY(empty.isValid());
        QVERIFY(showAndWait(panel, &empty.workspace()));
        QVERIFY2(panel.errorText().isEmpty(), qPrintable(panel.errorText()));
        QCOMPARE(panel.series().totalTasks(), 0);
        QVERIFY(panel.series().burnUp.days.isEmpty());
        QCOMPARE(panel.projectStatistics()->totalTasks, 0);
    }

    void destroyedWhileComputing()
    {
        // The panel waits for its worker and closes the worker's connection on the worker's thread.
        for (int i = 0; i < 3; ++i) {
            gui::StatisticsPanel panel;
            panel.setWorkspace(&m_ws->workspace());
            panel.refreshNow();
        }
        QVERIFY(m_ws->service().statistics().ok());
    }
};

QTEST_MAIN(TstStatisticsPanel)
#include "tst_StatisticsPanel.moc"
