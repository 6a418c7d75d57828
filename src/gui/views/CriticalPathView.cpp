// SPDX-License-Identifier: GPL-3.0-or-later
#include "CriticalPathView.h"

#include "BackgroundJob.h"
#include "GraphCanvas.h"

#include <QComboBox>
#include <QFileDialog>
#include <QGraphicsItem>
#include <QGraphicsScene>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPainter>
#include <QPainterPath>
#include <QPdfWriter>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QStyleOptionGraphicsItem>
#include <QSvgGenerator>
#include <QTimer>
#include <QVBoxLayout>

#include <cmath>

namespace taskorch::gui {

namespace {

const QColor kCritical(0xc6, 0x28, 0x28);
const QColor kExplain(0xf0, 0x8c, 0x00);
const QColor kArrow(0x60, 0x68, 0x74);
const QColor kSlack(0xb8, 0xc4, 0xd2);

/// What a layout depends on besides the data.
struct LayoutChoice
{
    core::LayoutGrouping grouping = core::LayoutGrouping::None;
    int hops = 0;
    qint64 selected = 0;
    bool neighbourhood() const { return hops > 0 && selected != 0; }
    bool operator==(const LayoutChoice &) const = default;
};

/// The geometry for `choice`; std::nullopt when every task was asked for and there are too many to draw one by one.
/// Pure: the worker computes the first layout of a refresh, the GUI thread the later ones.
std::optional<core::GraphLayout> computeLayout(const core::CriticalPath &cp, const QHash<qint64, TaskLabel> &labels,
                                               const LayoutChoice &choice, int maxTasksOneByOne)
{
    core::LayoutOptions options;
    options.pixelsPerHour = 24.0;
    if (choice.grouping == core::LayoutGrouping::None) {
        if (choice.neighbourhood()) {
            const QSet<qint64> visible = core::GraphLayout::neighbourhood(cp.graph(), choice.selected, choice.hops);
            return core::GraphLayout::compute(cp, options, &visible);
        }
        if (cp.taskCount() > maxTasksOneByOne) {
            return std::nullopt;
        }
        return core::GraphLayout::compute(cp, options);
    }
    QHash<qint64, QString> groups;
    groups.reserve(labels.size());
    QHash<int, QString> phaseNames; // a few shared strings rather than one per task
    for (auto it = labels.cbegin(); it != labels.cend(); ++it) {
        if (choice.grouping == core::LayoutGrouping::Phase) {
            auto name = phaseNames.constFind(it->phase);
            if (name == phaseNames.cend()) {
                name = phaseNames.insert(it->phase, QStringLiteral("Phase %1").arg(it->phase, 3, 10, QLatin1Char('0')));
            }
            groups.insert(it.key(), *name);
        } else {
            groups.insert(it.key(), it->componentArea);
        }
    }
    return core::GraphLayout::collapse(cp, groups, options);
}

} // namespace

/// One box of the layout: a task or an aggregate, with its slack bar. Level of detail: the title only when the
/// box is wide enough on screen, no outline when zoomed far out.
class TaskBoxItem : public QGraphicsItem
{
public:
    TaskBoxItem(const core::LayoutBox &box, QString title, QColor fill)
        : m_box(box), m_title(std::move(title)), m_fill(std::move(fill))
    {
        setPos(box.x, box.y);
        setData(CriticalPathView::BoxIdKey, box.id);
        setFlag(ItemIsSelectable, !box.isAggregate());
        setZValue(1);
        setAcceptHoverEvents(false);
    }

    qint64 id() const { return m_box.id; }
    const core::LayoutBox &box() const { return m_box; }
    void setExplained(bool on)
    {
        if (m_explained != on) {
            m_explained = on;
            update();
        }
    }

    QRectF boundingRect() const override
    {
        return QRectF(-2, -2, m_box.drawWidth + m_box.slackWidth + 4, m_box.height + 4);
    }

    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *) override
    {
        const qreal lod = option->levelOfDetailFromTransform(painter->worldTransform());
        const QRectF rect(0, 0, m_box.drawWidth, m_box.height);
        if (m_box.slackWidth > 0.0) {
            painter->fillRect(QRectF(m_box.drawWidth, m_box.height * 0.62, m_box.slackWidth, m_box.height * 0.26),
                              kSlack);
        }
        if (lod < 0.15) {
            painter->fillRect(rect, m_box.critical ? kCritical : m_fill);
            return;
        }
        QPen pen(m_box.critical ? kCritical : m_fill.darker(160), m_box.critical ? 2.0 : 1.0);
        if (m_explained) {
            pen = QPen(kExplain, 3.0);
        }
        if (isSelected()) {
            pen = QPen(QColor(0x15, 0x3e, 0x9a), 3.0);
        }
        pen.setCosmetic(true);
        painter->setPen(pen);
        painter->setBrush(m_fill);
        if (m_box.width <= 0.0 && !m_box.isAggregate()) {
            // A milestone (no duration): a diamond.
            const double h = m_box.height / 2.0;
            const QPointF diamond[4] = {{0, h}, {h * 0.6, 0}, {h * 1.2, h}, {h * 0.6, 2 * h}};
            painter->drawPolygon(diamond, 4);
        } else {
            painter->drawRect(rect);
        }
        if (lod * m_box.drawWidth < 28.0 || lod < 0.45) {
            return;
        }
        painter->setPen(Qt::black);
        QFont font = painter->font();
        font.setPointSizeF(8.0);
        painter->setFont(font);
        const QRectF textRect = rect.adjusted(3, 0, -2, 0);
        const QString text =
            QFontMetricsF(font).elidedText(m_title, Qt::ElideRight, textRect.width() * std::min<qreal>(lod, 1.0));
        painter->drawText(textRect, Qt::AlignVCenter | Qt::AlignLeft | Qt::TextSingleLine, text);
    }

private:
    core::LayoutBox m_box;
    QString m_title;
    QColor m_fill;
    bool m_explained = false;
};

/// Every arrow of the layout in one item (thousands of separate path items would cost far more), culled by the
/// exposed rectangle.
class ArrowsItem : public QGraphicsItem
{
public:
    ArrowsItem(const core::GraphLayout &layout, QRectF bounds) : m_layout(layout), m_bounds(bounds)
    {
        setFlag(ItemUsesExtendedStyleOption);
        setZValue(0);
    }

    void setExplainedChain(const QList<qint64> &chain)
    {
        m_explained.clear();
        for (int i = 1; i < chain.size(); ++i) {
            // explain() lists the task first, then its driver: links go driver → task.
            const int to = m_layout.indexOf(chain[i - 1]);
            const int from = m_layout.indexOf(chain[i]);
            if (from >= 0 && to >= 0) {
                m_explained.insert(qint64(from) << 32 | quint32(to));
            }
        }
        update();
    }

    QRectF boundingRect() const override { return m_bounds; }

    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *) override
    {
        const qreal lod = option->levelOfDetailFromTransform(painter->worldTransform());
        const QRectF exposed = option->exposedRect.adjusted(-40, -40, 40, 40);
        painter->setRenderHint(QPainter::Antialiasing, lod > 0.3);
        QFont font = painter->font();
        font.setPointSizeF(7.0);
        painter->setFont(font);
        // Non-critical first, so that the critical chain is drawn on top.
        for (int pass = 0; pass < 2; ++pass) {
            for (const core::LayoutArrow &a : m_layout.arrows()) {
                const bool explained = m_explained.contains(qint64(a.from) << 32 | quint32(a.to));
                const bool strong = a.critical || explained;
                if ((pass == 0) == strong) {
                    continue;
                }
                const QRectF span = QRectF(QPointF(a.fromX, a.fromY), QPointF(a.toX, a.toY)).normalized();
                if (!span.adjusted(-30, -30, 30, 30).intersects(exposed)) {
                    continue;
                }
                drawArrow(painter, a, explained, lod);
            }
        }
    }

private:
    void drawArrow(QPainter *painter, const core::LayoutArrow &a, bool explained, qreal lod)
    {
        QColor colour = explained ? kExplain : a.critical ? kCritical : kArrow;
        QPen pen(colour, explained ? 2.5 : a.critical ? 1.8 : 1.0, a.hard ? Qt::SolidLine : Qt::DashLine);
        pen.setCosmetic(true);
        painter->setPen(pen);
        painter->setBrush(Qt::NoBrush);
        const QPointF from(a.fromX, a.fromY);
        const QPointF to(a.toX, a.toY);
        const bool intoLeft = a.relation == core::Relation::FS || a.relation == core::Relation::SS;
        const bool outOfRight = a.relation == core::Relation::FS || a.relation == core::Relation::FF;
        const double reach = std::clamp(std::abs(to.x() - from.x()) / 2.0, 12.0, 60.0);
        // Aggregate arrows leave the bottom of their group and enter the top of the other, at the link's time.
        const bool vertical = a.fromMinutes >= 0;
        QPainterPath path(from);
        if (vertical) {
            const double drop = (to.y() - from.y()) / 2.0;
            path.cubicTo(from + QPointF(0, drop), to - QPointF(0, drop), to);
        } else {
            path.cubicTo(from + QPointF(outOfRight ? reach : -reach, 0), to + QPointF(intoLeft ? -reach : reach, 0),
                         to);
        }
        painter->drawPath(path);
        if (lod > 0.25) {
            const double d = intoLeft ? -7.0 : 7.0;
            const double up = to.y() >= from.y() ? -7.0 : 7.0;
            const QPointF side[3] = {to, to + QPointF(d, -3.5), to + QPointF(d, 3.5)};
            const QPointF down[3] = {to, to + QPointF(-3.5, up), to + QPointF(3.5, up)};
            const QPointF *head = vertical ? down : side;
            painter->setBrush(colour);
            painter->setPen(Qt::NoPen);
            painter->drawPolygon(head, 3);
        }
        const QString label = a.label();
        if (!label.isEmpty() && lod > 0.5) {
            painter->setPen(colour.darker(130));
            const QPointF mid = path.pointAtPercent(0.5);
            painter->drawText(mid + QPointF(3, -3), label);
        }
    }

    const core::GraphLayout &m_layout;
    QRectF m_bounds;
    QSet<qint64> m_explained;
};

CriticalPathView::CriticalPathView(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    auto *bar = new QHBoxLayout;
    m_modeCombo = new QComboBox(this);
    m_modeCombo->setObjectName(QStringLiteral("graphModeCombo"));
    m_modeCombo->addItem(tr("Plan (full estimates)"), int(core::ScheduleMode::Plan));
    m_modeCombo->addItem(tr("Remaining work"), int(core::ScheduleMode::Remaining));
    m_groupCombo = new QComboBox(this);
    m_groupCombo->setObjectName(QStringLiteral("graphGroupingCombo"));
    m_groupCombo->addItem(tr("Every task"), int(core::LayoutGrouping::None));
    m_groupCombo->addItem(tr("Collapse by phase"), int(core::LayoutGrouping::Phase));
    m_groupCombo->addItem(tr("Collapse by component"), int(core::LayoutGrouping::Component));
    m_hopsSpin = new QSpinBox(this);
    m_hopsSpin->setObjectName(QStringLiteral("graphHopsSpin"));
    m_hopsSpin->setRange(0, 20);
    m_hopsSpin->setSpecialValueText(tr("all tasks"));
    m_hopsSpin->setPrefix(tr("within "));
    m_hopsSpin->setSuffix(tr(" links of selection"));
    auto *explain = new QPushButton(tr("Explain"), this);
    explain->setObjectName(QStringLiteral("explainButton"));
    explain->setToolTip(tr("Show why the selected task is or is not critical"));
    auto *fit = new QPushButton(tr("Fit"), this);
    fit->setObjectName(QStringLiteral("fitButton"));
    auto *exportButton = new QPushButton(tr("Export…"), this);
    exportButton->setObjectName(QStringLiteral("exportGraphButton"));
    bar->addWidget(new QLabel(tr("Mode:"), this));
    bar->addWidget(m_modeCombo);
    bar->addWidget(m_groupCombo);
    bar->addWidget(m_hopsSpin);
    bar->addStretch(1);
    bar->addWidget(explain);
    bar->addWidget(fit);
    bar->addWidget(exportButton);
    layout->addLayout(bar);

    m_canvas = new GraphCanvas(this);
    m_canvas->setObjectName(QStringLiteral("graphView"));
    layout->addWidget(m_canvas, 1);

    m_summaryLabel = new QLabel(this);
    m_summaryLabel->setObjectName(QStringLiteral("graphSummaryLabel"));
    m_explainLabel = new QLabel(this);
    m_explainLabel->setObjectName(QStringLiteral("explainLabel"));
    m_explainLabel->setWordWrap(true);
    m_explainLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_summaryLabel);
    layout->addWidget(m_explainLabel);

    connect(m_modeCombo, &QComboBox::currentIndexChanged, this,
            [this] { setMode(core::ScheduleMode(m_modeCombo->currentData().toInt())); });
    connect(m_groupCombo, &QComboBox::currentIndexChanged, this,
            [this] { setGrouping(core::LayoutGrouping(m_groupCombo->currentData().toInt())); });
    connect(m_hopsSpin, &QSpinBox::valueChanged, this, &CriticalPathView::setNeighbourhoodHops);
    connect(explain, &QPushButton::clicked, this, &CriticalPathView::explainSelected);
    connect(fit, &QPushButton::clicked, this, &CriticalPathView::zoomToFit);
    connect(exportButton, &QPushButton::clicked, this, &CriticalPathView::exportWithDialog);
    connect(m_canvas->scene(), &QGraphicsScene::selectionChanged, this, &CriticalPathView::onSceneSelectionChanged);
}

CriticalPathView::~CriticalPathView()
{
    // The scene outlives this part of the object: deleting selected items must not call back into it.
    disconnect(m_canvas->scene(), nullptr, this, nullptr);
}

QGraphicsScene *CriticalPathView::scene() const
{
    return m_canvas->scene();
}

void CriticalPathView::setWorkspace(storage::Workspace *workspace)
{
    m_workspace = workspace;
    m_selected = 0;
    m_explainedChain.clear();
    m_fitPending = true;
    refresh();
}

void CriticalPathView::setMode(core::ScheduleMode mode)
{
    if (mode == m_mode) {
        return;
    }
    m_mode = mode;
    m_modeCombo->setCurrentIndex(m_modeCombo->findData(int(mode)));
    refresh();
}

void CriticalPathView::setGrouping(core::LayoutGrouping grouping)
{
    if (grouping == m_grouping) {
        return;
    }
    m_grouping = grouping;
    m_groupCombo->setCurrentIndex(m_groupCombo->findData(int(grouping)));
    rebuildScene();
    zoomToFit();
}

void CriticalPathView::setNeighbourhoodHops(int hops)
{
    if (hops == m_hops) {
        return;
    }
    m_hops = hops;
    m_hopsSpin->setValue(hops);
    rebuildScene();
}

/// What a worker read for one refresh.
struct CriticalPathView::Loaded
{
    QHash<qint64, TaskLabel> labels;
    std::optional<core::CriticalPath> criticalPath;
    LayoutChoice choice;                     ///< the grouping may switch to phases for a big network
    std::optional<core::GraphLayout> layout; ///< for `choice`, computed on the worker too
    QString error;
};

void CriticalPathView::refresh()
{
    m_stale = true;
    if (m_loadsOnlyWhenShown && !isVisible()) {
        return; // showEvent() reads
    }
    startLoading();
}

void CriticalPathView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_stale) {
        startLoading();
    }
}

void CriticalPathView::startLoading()
{
    m_stale = false;
    const int generation = ++m_generation;
    if (!m_workspace) {
        Loaded nothing;
        applyLoaded(generation, nothing);
        return;
    }
    m_loading = true;
    if (!m_criticalPath) {
        m_summaryLabel->setText(tr("Reading the plan…"));
    }
    auto loaded = std::make_shared<Loaded>();
    loaded->choice = LayoutChoice{m_grouping, m_hops, m_selected};
    const core::ScheduleMode mode = m_mode;
    // A worker with its own connection reads the network and the labels; a job still running for an older refresh
    // finishes on its own and its result is dropped (waiting for it would block the window).
    auto *job = new BackgroundJob(
        m_workspace->database().path(),
        [loaded, mode](storage::Workspace &workspace, BackgroundJob &) -> core::Status {
            auto labels = ViewData::taskLabels(workspace);
            if (!labels) {
                return labels.error();
            }
            auto cp = workspace.scheduling().criticalPath(mode);
            if (!cp) {
                return cp.error();
            }
            loaded->labels = std::move(labels.value());
            loaded->criticalPath = std::move(cp.value());
            LayoutChoice &choice = loaded->choice;
            if (choice.selected != 0 && !loaded->criticalPath->task(choice.selected)) {
                choice.selected = 0;
            }
            if (choice.grouping == core::LayoutGrouping::None && !choice.neighbourhood() &&
                loaded->criticalPath->taskCount() > maxTasksDrawnOneByOne()) {
                // Too many boxes to draw one by one: start collapsed; a neighbourhood still shows single tasks.
                choice.grouping = core::LayoutGrouping::Phase;
            }
            // Laying out a big network takes a while too: not on the GUI thread.
            loaded->layout = computeLayout(*loaded->criticalPath, loaded->labels, choice, maxTasksDrawnOneByOne());
            return {};
        },
        this);
    connect(job, &BackgroundJob::finished, this, [this, job, loaded, generation](bool ok, const QString &message) {
        job->deleteLater();
        if (!ok) {
            loaded->error = message;
        }
        applyLoaded(generation, *loaded);
    });
    job->start();
}

void CriticalPathView::applyLoaded(int generation, Loaded &loaded)
{
    if (generation != m_generation) {
        return; // a newer refresh is on its way
    }
    m_loading = false;
    m_error = loaded.error;
    m_labels = std::move(loaded.labels);
    m_criticalPath = std::move(loaded.criticalPath);
    if (m_criticalPath && m_selected != 0 && !m_criticalPath->task(m_selected)) {
        m_selected = 0;
    }
    if (m_criticalPath && !m_explainedChain.isEmpty()) {
        // Re-explain against the new schedule: the driving chain may have changed with the edit.
        const qint64 task = m_explainedChain.first();
        m_explainedChain.clear();
        if (auto e = m_criticalPath->explain(task)) {
            m_explainedChain = e->drivingChain;
            m_explainLabel->setText(e->text);
        }
    } else {
        m_explainedChain.clear();
        m_explainLabel->clear();
    }
    if (m_criticalPath && loaded.choice.grouping != m_grouping) {
        m_grouping = loaded.choice.grouping; // collapsed by the worker: the network is big
        const QSignalBlocker blocker(m_groupCombo);
        m_groupCombo->setCurrentIndex(m_groupCombo->findData(int(m_grouping)));
        m_fitPending = true;
    }
    if (m_criticalPath && loaded.choice == LayoutChoice{m_grouping, m_hops, m_selected}) {
        m_readyLayout = std::move(loaded.layout);
        m_hasReadyLayout = true;
    }
    rebuildScene();
    if (m_fitPending) {
        m_fitPending = false;
        zoomToFit();
    }
    Q_EMIT graphUpdated();
}

void CriticalPathView::rebuildScene()
{
    QGraphicsScene *scene = m_canvas->scene();
    const bool wasSelecting = m_selecting;
    m_selecting = true;
    scene->clear();
    m_boxItems.clear();
    m_arrowsItem = nullptr;
    if (!m_criticalPath) {
        m_layout = core::GraphLayout();
        m_summaryLabel->setText(m_error.isEmpty() ? tr("No database open.")
                                                  : tr("Cannot draw the graph: %1").arg(m_error));
        m_canvas->setLayoutScale(m_layout.options().pixelsPerHour);
        m_selecting = wasSelecting;
        return;
    }
    std::optional<core::GraphLayout> layout;
    if (m_hasReadyLayout) {
        layout = std::move(m_readyLayout);
        m_hasReadyLayout = false;
    } else {
        layout = computeLayout(*m_criticalPath, m_labels, LayoutChoice{m_grouping, m_hops, m_selected},
                               maxTasksDrawnOneByOne());
    }
    if (!layout) {
        m_layout = core::GraphLayout();
        m_summaryLabel->setText(tr("%1 tasks are too many to draw one by one: collapse them by phase or component, "
                                   "or select a task and show the tasks within a few links of it.")
                                    .arg(m_criticalPath->taskCount()));
        m_selecting = wasSelecting;
        return;
    }
    m_layout = std::move(*layout);
    const QRectF bounds(-20, -44, m_layout.sceneWidth() + 60, m_layout.sceneHeight() + 64);
    scene->setSceneRect(bounds);
    m_arrowsItem = new ArrowsItem(m_layout, bounds);
    scene->addItem(m_arrowsItem);
    m_boxItems.reserve(m_layout.boxes().size());
    for (const core::LayoutBox &box : m_layout.boxes()) {
        QString title;
        QColor fill;
        QString tip;
        if (box.isAggregate()) {
            QString key = box.groupKey;
            if (m_grouping == core::LayoutGrouping::Phase) {
                key = tr("Phase %1").arg(key.mid(6).toInt());
            }
            title = tr("%1 (%2 tasks)").arg(key.isEmpty() ? tr("(none)") : key).arg(box.memberCount);
            fill = QColor(0xdc, 0xe6, 0xf2);
            tip = tr("%1\nstart %2 h, span %3 h, least slack %4 h")
                      .arg(title, core::formatHours(box.startMinutes), core::formatHours(box.durationMinutes),
                           core::formatHours(box.totalSlackMinutes));
        } else {
            const TaskLabel label = m_labels.value(box.id);
            title = QStringLiteral("#%1 %2").arg(box.id).arg(label.title);
            fill = ViewData::statusColor(label.status).lighter(150);
            tip = tr("#%1 %2\n%3 · phase %4 · %5\nstart %6 h, duration %7 h, slack %8 h%9")
                      .arg(box.id)
                      .arg(label.title, core::toString(label.status))
                      .arg(label.phase)
                      .arg(label.componentArea, core::formatHours(box.startMinutes),
                           core::formatHours(box.durationMinutes), core::formatHours(box.totalSlackMinutes),
                           box.critical ? tr("\ncritical") : QString());
        }
        auto *item = new TaskBoxItem(box, title, fill);
        item->setToolTip(tip);
        scene->addItem(item);
        m_boxItems.append(item);
        if (box.id == m_selected) {
            item->setSelected(true);
        }
    }
    m_canvas->setLayoutScale(m_layout.options().pixelsPerHour);
    int critical = 0;
    for (const core::LayoutBox &box : m_layout.boxes()) {
        critical += box.critical ? 1 : 0;
    }
    m_summaryLabel->setText(tr("Project %1 h (%2) · %3 tasks · %4 boxes in %5 lanes, %6 critical · red: critical "
                               "chain, grey bar: slack, dashed: enhances")
                                .arg(core::formatHours(m_layout.projectMinutes()), core::toString(m_mode))
                                .arg(m_criticalPath->taskCount())
                                .arg(m_layout.boxes().size())
                                .arg(m_layout.laneCount())
                                .arg(critical));
    applyHighlights();
    m_selecting = wasSelecting;
}

void CriticalPathView::applyHighlights()
{
    const QSet<qint64> chain(m_explainedChain.cbegin(), m_explainedChain.cend());
    for (TaskBoxItem *item : std::as_const(m_boxItems)) {
        item->setExplained(chain.contains(item->id()));
    }
    if (m_arrowsItem) {
        m_arrowsItem->setExplainedChain(m_explainedChain);
    }
}

QList<qint64> CriticalPathView::highlightedCriticalIds() const
{
    QList<qint64> out;
    for (const TaskBoxItem *item : m_boxItems) {
        if (item->box().critical && !item->box().isAggregate()) {
            out.append(item->id());
        }
    }
    return out;
}

QString CriticalPathView::explanationText() const
{
    return m_explainLabel->text();
}

void CriticalPathView::onSceneSelectionChanged()
{
    if (m_selecting) {
        return;
    }
    const QList<QGraphicsItem *> selected = m_canvas->scene()->selectedItems();
    if (selected.isEmpty()) {
        return;
    }
    auto *box = static_cast<TaskBoxItem *>(selected.first());
    if (box->id() <= 0 || box->id() == m_selected) {
        return;
    }
    m_selected = box->id();
    Q_EMIT taskSelected(m_selected);
    if (m_hops > 0) {
        // Not from inside the scene's own signal: rebuilding deletes the item being clicked.
        QTimer::singleShot(0, this, [this] { rebuildScene(); });
    }
}

void CriticalPathView::selectTask(qint64 taskId)
{
    if (taskId == m_selected) {
        return;
    }
    m_selected = taskId;
    if (m_hops > 0 && m_grouping == core::LayoutGrouping::None) {
        rebuildScene();
    }
    m_selecting = true;
    m_canvas->scene()->clearSelection();
    const int index = m_layout.indexOf(taskId);
    if (index >= 0 && index < m_boxItems.size()) {
        TaskBoxItem *item = m_boxItems[index];
        item->setSelected(true);
        m_canvas->ensureVisible(item, 40, 40);
    }
    m_selecting = false;
}

void CriticalPathView::explainSelected()
{
    if (!m_criticalPath || m_selected == 0) {
        m_explainLabel->setText(tr("Select a task to explain its place in the schedule."));
        return;
    }
    auto e = m_criticalPath->explain(m_selected);
    if (!e) {
        m_explainLabel->setText(e.error().message);
        m_explainedChain.clear();
    } else {
        m_explainedChain = e->drivingChain;
        m_explainLabel->setText(e->text);
    }
    applyHighlights();
}

void CriticalPathView::zoomToFit()
{
    m_canvas->fitAll();
}

void CriticalPathView::zoomIn()
{
    m_canvas->zoomBy(1.25);
}

void CriticalPathView::zoomOut()
{
    m_canvas->zoomBy(0.8);
}

void CriticalPathView::paintToImage(QPainter &painter, const QRectF &target)
{
    const QRectF source = m_canvas->scene()->sceneRect();
    painter.fillRect(target, Qt::white);
    // Exports show the plan, not the selection outline.
    m_selecting = true;
    const QList<QGraphicsItem *> selected = m_canvas->scene()->selectedItems();
    m_canvas->scene()->clearSelection();
    m_canvas->scene()->render(&painter, target, source, Qt::KeepAspectRatio);
    for (QGraphicsItem *item : selected) {
        item->setSelected(true);
    }
    m_selecting = false;
    const double scale = std::min(target.width() / source.width(), target.height() / source.height());
    GraphCanvas::drawTimeAxis(
        painter, QRectF(target.left(), target.top(), target.width(), 26.0),
        [&](double sceneX) { return target.left() + (sceneX - source.left()) * scale; },
        m_layout.options().pixelsPerHour, scale, source.left(), source.right());
}

bool CriticalPathView::exportPng(const QString &path)
{
    const QRectF source = m_canvas->scene()->sceneRect();
    // Full size up to 8,000 px on the long side, so big graphs stay writable.
    const double scale = std::min(1.5, 8000.0 / std::max(source.width(), source.height()));
    QImage image(QSize(int(std::ceil(source.width() * scale)), int(std::ceil(source.height() * scale))),
                 QImage::Format_ARGB32_Premultiplied);
    if (image.isNull()) {
        return false;
    }
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    paintToImage(painter, QRectF(QPointF(0, 0), image.size()));
    painter.end();
    const bool ok = image.save(path, "PNG");
    return ok;
}

bool CriticalPathView::exportPdf(const QString &path)
{
    QPdfWriter writer(path);
    const QRectF source = m_canvas->scene()->sceneRect();
    writer.setPageSize(QPageSize(QSizeF(source.width() * 0.75 + 36, source.height() * 0.75 + 36), QPageSize::Point));
    writer.setPageMargins(QMarginsF(18, 18, 18, 18), QPageLayout::Point);
    writer.setTitle(tr("TaskOrch critical-path graph"));
    QPainter painter;
    if (!painter.begin(&writer)) {
        return false;
    }
    painter.setRenderHint(QPainter::Antialiasing);
    const QRect page = writer.pageLayout().paintRectPixels(writer.resolution());
    paintToImage(painter, QRectF(QPointF(0, 0), page.size()));
    return painter.end();
}

bool CriticalPathView::exportSvg(const QString &path)
{
    const QRectF source = m_canvas->scene()->sceneRect();
    const QSize size(int(std::ceil(source.width())), int(std::ceil(source.height())));
    if (m_layout.boxes().isEmpty() || size.isEmpty()) {
        return false;
    }
    QSvgGenerator generator;
    generator.setFileName(path);
    generator.setSize(size);
    generator.setViewBox(QRect(QPoint(0, 0), size));
    generator.setTitle(tr("TaskOrch critical-path graph"));
    generator.setDescription(m_summaryLabel->text());
    QPainter painter;
    if (!painter.begin(&generator)) {
        return false;
    }
    painter.setRenderHint(QPainter::Antialiasing);
    paintToImage(painter, QRectF(QPointF(0, 0), size));
    return painter.end();
}

void CriticalPathView::exportWithDialog()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export graph"), QStringLiteral("critical-path.png"),
                                                      tr("PNG image (*.png);;PDF document (*.pdf);;SVG image (*.svg)"));
    if (path.isEmpty()) {
        return;
    }
    bool ok = false;
    if (path.endsWith(QStringLiteral(".pdf"), Qt::CaseInsensitive)) {
        ok = exportPdf(path);
    } else if (path.endsWith(QStringLiteral(".svg"), Qt::CaseInsensitive)) {
        ok = exportSvg(path);
    } else {
        ok = exportPng(path);
    }
    if (!ok) {
        QMessageBox::warning(this, tr("Export graph"), tr("Could not write %1.").arg(path));
    }
}

} // namespace taskorch::gui
