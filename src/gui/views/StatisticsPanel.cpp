// SPDX-License-Identifier: GPL-3.0-or-later
#include "StatisticsPanel.h"

#include "ViewData.h"

#include <QFileDialog>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollArea>
#include <QSvgGenerator>
#include <QThread>
#include <QTimer>
#include <QVBoxLayout>

#include <qcustomplot.h>

namespace taskorch::gui {

namespace {

QString hours(double h)
{
    return QString::number(h, 'f', 1);
}

QString row(const QString &name, const QString &value, bool bold = false)
{
    const QString cell = bold ? QStringLiteral("<b>%1</b>") : QStringLiteral("%1");
    return QStringLiteral("<tr><td>%1</td><td align='right'>&nbsp;&nbsp;%2</td></tr>")
        .arg(cell.arg(name.toHtmlEscaped()), cell.arg(value));
}

void setTitle(QCustomPlot *plot, const QString &title)
{
    plot->plotLayout()->insertRow(0);
    auto *text = new QCPTextElement(plot, title, QFont(plot->font().family(), 10, QFont::Bold));
    plot->plotLayout()->addElement(0, 0, text);
}

void setCategoryTicks(QCustomPlot *plot, const QStringList &labels)
{
    QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
    for (int i = 0; i < labels.size(); ++i) {
        ticker->addTick(i + 1, labels[i]);
    }
    plot->xAxis->setTicker(ticker);
    plot->xAxis->setRange(0.3, labels.size() + 0.7);
    plot->xAxis->setSubTicks(false);
    plot->xAxis->setTickLength(0, 4);
    // Side by side, four or five names ("Not started", "In progress", …) run into each other in a chart as narrow as
    // the main window gives it; slanted they fit. Many categories slant more, a crowd of them stands upright.
    plot->xAxis->setTickLabelRotation(labels.size() > 12 ? 90 : labels.size() > 5 ? 45 : labels.size() > 3 ? 30 : 0);
}

void clearPlot(QCustomPlot *plot)
{
    plot->clearPlottables();
    plot->clearGraphs();
}

// Bars fill their chart up to its top: a legend inside the axis rectangle would hide the tallest ones, so these
// charts keep it in a column of its own on the right, at the top (the title stays centred over the plot).
void placeLegendBesidePlot(QCustomPlot *plot)
{
    if (!plot->axisRect()->insetLayout()->take(plot->legend)) {
        return;
    }
    auto *column = new QCPLayoutGrid;
    plot->plotLayout()->addElement(1, 1, column);
    plot->plotLayout()->setColumnStretchFactor(1, 0.01);
    // Inside the widget's edge (the legend's frame is drawn on its outer rectangle), level with the plot's top.
    column->setMargins(QMargins(0, 12, 8, 0));
    column->addElement(0, 0, plot->legend);
    column->addElement(1, 0, new QCPLayoutElement(plot)); // takes the height below the legend
    column->setRowStretchFactor(0, 0.01);
    plot->legend->setMargins(QMargins(6, 4, 6, 4));
}

} // namespace

/// What the worker thread keeps between refreshes: its own connection to the open database and the builder with
/// what it read, so that a refresh after edits reads only the changed tasks (ProgressRepository::statisticsSeries).
struct StatisticsPanel::Worker
{
    QString path;
    std::unique_ptr<storage::Workspace> workspace;
    core::StatisticsSeriesBuilder builder;

    core::Result<core::StatisticsSeries> compute(const QString &databasePath, const std::atomic<bool> *cancel)
    {
        if (cancel->load()) {
            return core::makeError(core::ErrorCode::Cancelled, QStringLiteral("Cancelled."));
        }
        if (!workspace || path != databasePath) {
            workspace.reset();
            storage::Workspace::Options options;
            options.migrate = false;
            options.createIfMissing = false;
            auto ws = storage::Workspace::open(databasePath, options);
            if (!ws) {
                return ws.error();
            }
            workspace = std::move(ws).value();
            path = databasePath;
            builder.reset(); // what it knew belongs to the other file
        }
        return workspace->progress().statisticsSeries(builder, cancel);
    }
};

struct StatisticsPanel::Outcome
{
    core::Result<core::StatisticsSeries> series = core::StatisticsSeries();
};

StatisticsPanel::StatisticsPanel(QWidget *parent) : QWidget(parent)
{
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto *content = new QWidget(scroll);
    auto *grid = new QGridLayout(content);
    m_summary = new QLabel(content);
    m_summary->setObjectName(QStringLiteral("statisticsSummaryLabel"));
    grid->addWidget(m_summary, 0, 0, 1, 2);
    grid->addWidget(makeCard(StatusChart, tr("Tasks by status")), 1, 0);
    grid->addWidget(makeCard(HoursChart, tr("Estimated vs completed hours by phase")), 1, 1);
    grid->addWidget(makeCard(PhaseChart, tr("Phases by status")), 2, 0);
    grid->addWidget(makeCard(ComponentChart, tr("Component areas by status")), 2, 1);
    grid->addWidget(makeCard(BurnUpChart, tr("Burn-up")), 3, 0, 1, 2);
    scroll->setWidget(content);
    outer->addWidget(scroll);
    // Every bar chart keeps its legend beside the plot: inside, it covered the tallest bars of a short chart.
    for (const Chart c : {StatusChart, PhaseChart, ComponentChart, HoursChart}) {
        placeLegendBesidePlot(m_charts[c]);
    }

    // One edit notifies several times (data changed, statistics reloaded): compute once per turn of the event loop.
    m_refreshTimer = new QTimer(this);
    m_refreshTimer->setSingleShot(true);
    m_refreshTimer->setInterval(0);
    connect(m_refreshTimer, &QTimer::timeout, this, &StatisticsPanel::startComputation);
    redraw();
}

StatisticsPanel::~StatisticsPanel()
{
    if (m_cancel) {
        m_cancel->store(true);
    }
    if (m_thread) {
        // The worker's connection must be closed on the thread that opened it.
        postToWorker([](Worker &worker) {
            worker.workspace.reset();
            QThread::currentThread()->quit();
        });
        m_thread->wait();
    }
}

void StatisticsPanel::ensureWorkerThread()
{
    if (m_thread) {
        return;
    }
    m_worker = std::make_shared<Worker>();
    m_thread = new QThread(this);
    m_thread->setObjectName(QStringLiteral("taskorch-statistics"));
    m_workerContext = new QObject;
    m_workerContext->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_workerContext, &QObject::deleteLater);
    m_thread->start();
}

void StatisticsPanel::postToWorker(std::function<void(Worker &)> work)
{
    ensureWorkerThread();
    QMetaObject::invokeMethod(
        m_workerContext, [worker = m_worker, work = std::move(work)] { work(*worker); }, Qt::QueuedConnection);
}

QWidget *StatisticsPanel::makeCard(Chart which, const QString &title)
{
    static const char *const names[ChartCount] = {"statusChart", "phaseChart", "componentChart", "hoursChart",
                                                  "burnUpChart"};
    auto *card = new QFrame(this);
    card->setFrameShape(QFrame::StyledPanel);
    auto *layout = new QHBoxLayout(card);
    auto *plot = new QCustomPlot(card);
    plot->setObjectName(QString::fromLatin1(names[which]));
    plot->setMinimumSize(360, 250);
    plot->setProperty("chartTitle", title);
    setTitle(plot, title);
    plot->legend->setVisible(true);
    QFont legendFont = plot->font();
    legendFont.setPointSizeF(7.5);
    plot->legend->setFont(legendFont);
    plot->legend->setBrush(QColor(255, 255, 255, 220));
    layout->addWidget(plot, 1);
    auto *side = new QVBoxLayout;
    auto *text = new QLabel(card);
    text->setObjectName(QString::fromLatin1(names[which]) + QStringLiteral("Text"));
    text->setTextFormat(Qt::RichText);
    text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    text->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    side->addWidget(text, 1);
    auto *png = new QPushButton(tr("Export…"), card);
    png->setToolTip(tr("Save this chart as PNG, PDF or SVG"));
    side->addWidget(png);
    layout->addLayout(side);
    connect(png, &QPushButton::clicked, this, [this, which] { exportWithDialog(which); });
    m_charts[which] = plot;
    m_texts[which] = text;
    return card;
}

void StatisticsPanel::setWorkspace(storage::Workspace *workspace)
{
    if (m_workspace && m_workspace != workspace && m_thread) {
        // Let go of the old file.
        postToWorker([](Worker &worker) { worker.workspace.reset(); });
    }
    m_workspace = workspace;
    refresh();
}

QString StatisticsPanel::chartText(Chart which) const
{
    return m_texts[which]->text();
}

void StatisticsPanel::refresh()
{
    m_computing = true;
    m_refreshTimer->start();
}

void StatisticsPanel::refreshNow()
{
    m_refreshTimer->stop();
    m_computing = true;
    startComputation();
}

void StatisticsPanel::startComputation()
{
    const int generation = ++m_generation;
    if (m_cancel) {
        // Its result would be dropped anyway: let the worker move on to this one.
        m_cancel->store(true);
        m_cancel.reset();
    }
    if (!m_workspace) {
        applyOutcome(generation, Outcome{});
        return;
    }
    auto cancel = std::make_shared<std::atomic<bool>>(false);
    m_cancel = cancel;
    const QString path = m_workspace->database().path();
    // `this` outlives the worker's tasks: the destructor waits for the thread. A result posted back after the
    // panel began to go away is discarded with the panel's pending events.
    postToWorker([this, path, cancel, generation](Worker &worker) {
        auto outcome = std::make_shared<Outcome>(Outcome{worker.compute(path, cancel.get())});
        QMetaObject::invokeMethod(
            this, [this, generation, outcome] { applyOutcome(generation, *outcome); }, Qt::QueuedConnection);
    });
}

void StatisticsPanel::applyOutcome(int generation, const Outcome &outcome)
{
    if (generation != m_generation) {
        return; // a newer refresh was asked for; its result is on its way
    }
    m_cancel.reset();
    m_computing = m_refreshTimer->isActive();
    if (outcome.series) {
        m_series = outcome.series.value();
        m_error.clear();
        m_statistics = m_workspace ? std::optional(m_series.projectStatistics()) : std::nullopt;
    } else {
        m_series = core::StatisticsSeries();
        m_statistics.reset();
        m_error = outcome.series.error().message;
    }
    redraw();
    ++m_updates;
    Q_EMIT statisticsUpdated();
}

void StatisticsPanel::redraw()
{
    const qint64 total = m_series.totalTasks();
    const double percent =
        total > 0 ? 100.0 * double(m_series.statusCounts[size_t(core::TaskStatus::Completed)]) / double(total) : 0.0;
    m_summary->setText(m_error.isEmpty() ? tr("%1 tasks · %2 % completed · %3 of %4 estimated hours done")
                                               .arg(total)
                                               .arg(QString::number(percent, 'f', 1), hours(m_series.completedHours),
                                                    hours(m_series.totalEstimatedHours))
                                         : tr("Cannot compute statistics: %1").arg(m_error));
    drawStatus();
    drawStacked(PhaseChart, m_series.phases, tr("Phase"));
    drawStacked(ComponentChart, m_series.components, tr("Component area"));
    drawHours();
    drawBurnUp();
}

void StatisticsPanel::drawStatus()
{
    QCustomPlot *plot = m_charts[StatusChart];
    clearPlot(plot);
    QStringList labels;
    QString text = QStringLiteral("<table>");
    for (int s = 0; s < core::statusCount; ++s) {
        labels << core::StatisticsSeries::statusLabel(s);
        auto *bars = new QCPBars(plot->xAxis, plot->yAxis);
        bars->setName(labels.last());
        const QColor colour = ViewData::statusColor(core::TaskStatus(s));
        bars->setBrush(colour);
        bars->setPen(colour.darker(130));
        bars->setWidth(0.6);
        bars->setData(QVector<double>{double(s + 1)}, QVector<double>{double(m_series.statusCounts[size_t(s)])});
        text += row(labels.last(), QString::number(m_series.statusCounts[size_t(s)]));
    }
    text += row(tr("Total"), QString::number(m_series.totalTasks()), true) + QStringLiteral("</table>");
    m_texts[StatusChart]->setText(text);
    setCategoryTicks(plot, labels);
    plot->xAxis->setLabel(tr("Status"));
    plot->yAxis->setLabel(tr("Tasks"));
    qint64 top = 0;
    for (const qint64 c : m_series.statusCounts) {
        top = std::max(top, c);
    }
    plot->yAxis->setRange(0, std::max(1.0, double(top) * 1.15));
    plot->legend->setVisible(true);
    plot->replot();
}

void StatisticsPanel::drawStacked(Chart which, const QList<core::StackedCategory> &categories, const QString &axisLabel)
{
    QCustomPlot *plot = m_charts[which];
    clearPlot(plot);
    QStringList labels;
    for (const core::StackedCategory &c : categories) {
        labels << c.label;
    }
    QCPBars *below = nullptr;
    for (int s = 0; s < core::statusCount; ++s) {
        // Only the categories that have tasks of this status: an empty segment would still draw its outline as a
        // line on top of the stack. Stacking goes by key, so the segments above still sit right.
        QVector<double> keys;
        QVector<double> values;
        for (int i = 0; i < categories.size(); ++i) {
            if (const qint64 count = categories[i].counts[size_t(s)]; count > 0) {
                keys << double(i + 1);
                values << double(count);
            }
        }
        auto *bars = new QCPBars(plot->xAxis, plot->yAxis);
        bars->setName(core::StatisticsSeries::statusLabel(s));
        const QColor colour = ViewData::statusColor(core::TaskStatus(s));
        bars->setBrush(colour);
        bars->setPen(colour.darker(130));
        bars->setWidth(0.65);
        bars->setStackingGap(0);
        bars->setData(keys, values);
        if (below) {
            bars->moveAbove(below);
        }
        below = bars;
    }
    QString text = QStringLiteral("<table><tr><th></th><th>&nbsp;done</th><th>&nbsp;all</th></tr>");
    qint64 top = 0;
    for (const core::StackedCategory &c : categories) {
        top = std::max(top, c.total());
        text += QStringLiteral("<tr><td>%1</td><td align='right'>%2</td><td align='right'>%3</td></tr>")
                    .arg(c.label.toHtmlEscaped())
                    .arg(c.counts[size_t(core::TaskStatus::Completed)])
                    .arg(c.total());
    }
    m_texts[which]->setText(text + QStringLiteral("</table>"));
    setCategoryTicks(plot, labels);
    plot->xAxis->setLabel(axisLabel);
    plot->yAxis->setLabel(tr("Tasks"));
    plot->yAxis->setRange(0, std::max<double>(1.0, double(top) * 1.1));
    plot->replot();
}

void StatisticsPanel::drawHours()
{
    QCustomPlot *plot = m_charts[HoursChart];
    clearPlot(plot);
    QStringList labels;
    QVector<double> estimatedKeys;
    QVector<double> completedKeys;
    QVector<double> estimated;
    QVector<double> completed;
    double top = 0.0;
    QString text = QStringLiteral("<table><tr><th></th><th>&nbsp;est.</th><th>&nbsp;done</th></tr>");
    for (int i = 0; i < m_series.phases.size(); ++i) {
        const core::StackedCategory &c = m_series.phases[i];
        labels << c.label;
        estimatedKeys << double(i + 1) - 0.18;
        completedKeys << double(i + 1) + 0.18;
        estimated << c.estimatedHours;
        completed << c.completedHours;
        top = std::max(top, c.estimatedHours);
        text += QStringLiteral("<tr><td>%1</td><td align='right'>%2</td><td align='right'>%3</td></tr>")
                    .arg(c.label.toHtmlEscaped(), hours(c.estimatedHours), hours(c.completedHours));
    }
    text += QStringLiteral("<tr><td><b>%1</b></td><td align='right'><b>%2</b></td><td align='right'><b>%3</b></td>"
                           "</tr></table>")
                .arg(tr("Total"), hours(m_series.totalEstimatedHours), hours(m_series.completedHours));
    m_texts[HoursChart]->setText(text);
    auto *est = new QCPBars(plot->xAxis, plot->yAxis);
    est->setName(tr("Estimated hours"));
    est->setBrush(QColor(0x9d, 0xb7, 0xd5));
    est->setPen(QColor(0x5a, 0x7a, 0xa0));
    est->setWidth(0.34);
    est->setData(estimatedKeys, estimated);
    auto *done = new QCPBars(plot->xAxis, plot->yAxis);
    done->setName(tr("Completed hours"));
    const QColor green = ViewData::statusColor(core::TaskStatus::Completed);
    done->setBrush(green);
    done->setPen(green.darker(130));
    done->setWidth(0.34);
    done->setData(completedKeys, completed);
    setCategoryTicks(plot, labels);
    plot->xAxis->setLabel(tr("Phase"));
    plot->yAxis->setLabel(tr("Hours"));
    plot->yAxis->setRange(0, std::max(1.0, top * 1.1));
    plot->replot();
}

void StatisticsPanel::drawBurnUp()
{
    QCustomPlot *plot = m_charts[BurnUpChart];
    clearPlot(plot);
    const core::BurnUp &b = m_series.burnUp;
    QVector<double> keys;
    for (const QDate &d : b.days) {
        keys << QCPAxisTickerDateTime::dateTimeToKey(d);
    }
    const auto addLine = [&](const QString &name, const QList<double> &values, const QColor &colour,
                             Qt::PenStyle style) {
        QCPGraph *graph = plot->addGraph();
        graph->setName(name);
        graph->setPen(QPen(colour, 2.0, style));
        graph->setLineStyle(QCPGraph::lsStepLeft);
        // A marker per day while they can be told apart; a year of days is a line.
        graph->setScatterStyle(keys.size() <= 60 ? QCPScatterStyle(QCPScatterStyle::ssCircle, colour, Qt::white, 5)
                                                 : QCPScatterStyle(QCPScatterStyle::ssNone));
        graph->setData(keys, QVector<double>(values.begin(), values.end()));
    };
    addLine(tr("Total scope (h)"), b.scopeHours, QColor(0x55, 0x5f, 0x6b), Qt::DashLine);
    addLine(tr("Completed (h)"), b.completedHours, ViewData::statusColor(core::TaskStatus::Completed), Qt::SolidLine);
    addLine(tr("Earned by progress % (h)"), b.earnedHours, ViewData::statusColor(core::TaskStatus::InProgress),
            Qt::DotLine);
    QSharedPointer<QCPAxisTickerDateTime> ticker(new QCPAxisTickerDateTime);
    ticker->setDateTimeFormat(QStringLiteral("yyyy-MM-dd"));
    ticker->setDateTimeSpec(Qt::UTC);
    plot->xAxis->setTicker(ticker);
    plot->xAxis->setLabel(tr("Day (UTC)"));
    plot->yAxis->setLabel(tr("Hours"));
    if (!keys.isEmpty()) {
        const double day = 86400.0;
        plot->xAxis->setRange(keys.first() - day / 2, keys.last() + day / 2);
        double top = 1.0;
        for (const double v : b.scopeHours) {
            top = std::max(top, v);
        }
        plot->yAxis->setRange(0, top * 1.15);
    }
    plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignLeft);
    QString text = QStringLiteral("<table><tr><th>%1</th><th>&nbsp;scope</th><th>&nbsp;done</th><th>&nbsp;earned</th>"
                                  "</tr>")
                       .arg(tr("day"));
    // The last days only: the chart shows the rest.
    const int first = std::max(0, int(b.days.size()) - 12);
    for (int i = first; i < b.days.size(); ++i) {
        text += QStringLiteral("<tr><td>%1</td><td align='right'>%2</td><td align='right'>%3</td>"
                               "<td align='right'>%4</td></tr>")
                    .arg(b.days[i].toString(Qt::ISODate), hours(b.scopeHours[i]), hours(b.completedHours[i]),
                         hours(b.earnedHours[i]));
    }
    m_texts[BurnUpChart]->setText(text + QStringLiteral("</table>"));
    plot->replot();
}

bool StatisticsPanel::exportPng(Chart which, const QString &path)
{
    QCustomPlot *plot = m_charts[which];
    return plot->savePng(path, std::max(plot->width(), 640), std::max(plot->height(), 420));
}

bool StatisticsPanel::exportPdf(Chart which, const QString &path)
{
    QCustomPlot *plot = m_charts[which];
    return plot->savePdf(path, std::max(plot->width(), 640), std::max(plot->height(), 420));
}

bool StatisticsPanel::exportSvg(Chart which, const QString &path)
{
    QCustomPlot *plot = m_charts[which];
    const QSize size(std::max(plot->width(), 640), std::max(plot->height(), 420));
    QSvgGenerator generator;
    generator.setFileName(path);
    generator.setSize(size);
    generator.setViewBox(QRect(QPoint(0, 0), size));
    generator.setTitle(plot->property("chartTitle").toString());
    generator.setDescription(tr("TaskOrch statistics chart"));
    QCPPainter painter;
    if (!painter.begin(&generator)) {
        return false;
    }
    // As QCustomPlot's own PDF export does: vector output, nothing cached as pixmaps.
    painter.setMode(QCPPainter::pmVectorized);
    painter.setMode(QCPPainter::pmNoCaching);
    plot->toPainter(&painter, size.width(), size.height());
    return painter.end();
}

void StatisticsPanel::exportWithDialog(Chart which)
{
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Export chart"), m_charts[which]->objectName() + QStringLiteral(".png"),
                                     tr("PNG image (*.png);;PDF document (*.pdf);;SVG image (*.svg)"));
    if (path.isEmpty()) {
        return;
    }
    bool ok = false;
    if (path.endsWith(QStringLiteral(".pdf"), Qt::CaseInsensitive)) {
        ok = exportPdf(which, path);
    } else if (path.endsWith(QStringLiteral(".svg"), Qt::CaseInsensitive)) {
        ok = exportSvg(which, path);
    } else {
        ok = exportPng(which, path);
    }
    if (!ok) {
        QMessageBox::warning(this, tr("Export chart"), tr("Could not write %1.").arg(path));
    }
}

} // namespace taskorch::gui
