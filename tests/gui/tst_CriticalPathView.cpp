// SPDX-License-Identifier: GPL-3.0-or-later
#include "CriticalPathView.h"
#include "DemoProject.h"
#include "GraphCanvas.h"
#include "TempWorkspace.h"
#include "Transaction.h"

#include <QGraphicsItem>
#include <QGraphicsScene>
#include <QLabel>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

#include <algorithm>
#include <memory>

using namespace taskorch;

class TstCriticalPathView : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<test::TempWorkspace> m_ws;

    QGraphicsItem *itemFor(gui::CriticalPathView &view, qint64 id)
    {
        for (QGraphicsItem *item : view.scene()->items()) {
            if (item->data(gui::CriticalPathView::BoxIdKey).isValid() &&
                item->data(gui::CriticalPathView::BoxIdKey).toLongLong() == id) {
                return item;
            }
        }
        return nullptr;
    }

    /// Waits for the worker's data to be drawn.
    static bool loaded(gui::CriticalPathView &view)
    {
        return QTest::qWaitFor([&view] { return !view.isLoading(); }, 30000);
    }

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void init()
    {
        m_ws = std::make_unique<test::TempWorkspace>();
        QVERIFY2(m_ws->isValid(), qPrintable(m_ws->errorString()));
        QVERIFY(storage::DemoProject::load(m_ws->service()).ok());
    }

    void cleanup() { m_ws.reset(); }

    void positionsRespectTheSchedule()
    {
        gui::CriticalPathView view;
        view.setWorkspace(&m_ws->workspace());
        QVERIFY(loaded(view));
        QVERIFY2(view.errorText().isEmpty(), qPrintable(view.errorText()));
        const core::GraphLayout &layout = view.layout();
        QCOMPARE(layout.boxes().size(), storage::DemoProject::taskCount);
        auto network = m_ws->workspace().scheduling().loadNetwork(core::ScheduleMode::Plan);
        QVERIFY(network.ok());
        int checked = 0;
        for (const core::ScheduleLink &link : network->links) {
            if (!core::isHard(link.type) || link.relation != core::Relation::FS || link.lagMinutes < 0) {
                continue;
            }
            const core::LayoutBox &pred = layout.boxes()[layout.indexOf(link.predecessorId)];
            const core::LayoutBox &succ = layout.boxes()[layout.indexOf(link.successorId)];
            QVERIFY2(succ.x + 1e-9 >= pred.x + pred.width,
                     qPrintable(QStringLiteral("%1 starts before %2 ends").arg(succ.id).arg(pred.id)));
            ++checked;
        }
        QVERIFY(checked > 10);
        for (int i = 0; i < layout.boxes().size(); ++i) {
            for (int j = i + 1; j < layout.boxes().size(); ++j) {
                const core::LayoutBox &a = layout.boxes()[i];
                const core::LayoutBox &b = layout.boxes()[j];
                const QRectF ra(a.x, a.y, a.drawWidth, a.height);
                const QRectF rb(b.x, b.y, b.drawWidth, b.height);
                QVERIFY2(!ra.intersects(rb), qPrintable(QStringLiteral("%1 overlaps %2").arg(a.id).arg(b.id)));
            }
        }
        // Every box is drawn, and the scene items sit where the layout says.
        for (const core::LayoutBox &box : layout.boxes()) {
            QGraphicsItem *item = itemFor(view, box.id);
            QVERIFY(item);
            QCOMPARE(item->pos(), QPointF(box.x, box.y));
        }
    }

    void criticalChainItemsAreTheCriticalTasks()
    {
        gui::CriticalPathView view;
        view.setWorkspace(&m_ws->workspace());
        QVERIFY(loaded(view));
        auto cp = m_ws->workspace().scheduling().criticalPath(core::ScheduleMode::Plan);
        QVERIFY(cp.ok());
        QList<qint64> expected;
        for (const core::TaskSchedule &t : cp->tasks()) {
            if (t.critical) {
                expected << t.id;
            }
        }
        QList<qint64> drawn = view.highlightedCriticalIds();
        std::sort(drawn.begin(), drawn.end());
        QVERIFY(!expected.isEmpty());
        QCOMPARE(drawn, expected);
        for (const qint64 id : cp->criticalPath()) {
            QVERIFY(drawn.contains(id));
        }
        QCOMPARE(view.layout().projectMinutes(), cp->projectDurationMinutes());
    }

    void selectionSyncsBothWays()
    {
        gui::CriticalPathView view;
        view.resize(1000, 600);
        view.setWorkspace(&m_ws->workspace());
        QVERIFY(loaded(view));
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QSignalSpy spy(&view, &gui::CriticalPathView::taskSelected);

        // From outside (the table): selects the item, no echo signal.
        view.selectTask(5);
        QCOMPARE(view.selectedTask(), 5);
        QGraphicsItem *five = itemFor(view, 5);
        QVERIFY(five && five->isSelected());
        QCOMPARE(spy.count(), 0);

        // A click on a box: the signal carries its id.
        view.canvas()->centerOn(itemFor(view, 12));
        QGraphicsItem *twelve = itemFor(view, 12);
        QVERIFY(twelve);
        const QPointF centre = twelve->mapToScene(QPointF(2.0, twelve->boundingRect().height() / 2.0 - 2.0));
        QTest::mouseClick(view.canvas()->viewport(), Qt::LeftButton, {}, view.canvas()->mapFromScene(centre));
        QTRY_COMPARE(spy.count(), 1);
        QCOMPARE(spy.first().first().toLongLong(), 12);
        QCOMPARE(view.selectedTask(), 12);
        QVERIFY(!five->isSelected());
    }

    void explainShowsTheDrivingChain()
    {
        gui::CriticalPathView view;
        view.setWorkspace(&m_ws->workspace());
        QVERIFY(loaded(view));
        auto cp = m_ws->workspace().scheduling().criticalPath(core::ScheduleMode::Plan);
        QVERIFY(cp.ok());
        const qint64 last = cp->criticalPath().last();
        view.selectTask(last);
        view.explainSelected();
        auto e = cp->explain(last);
        QVERIFY(e.ok());
        QCOMPARE(view.explainedChain(), e->drivingChain);
        QVERIFY(view.explainedChain().size() > 1);
        QCOMPARE(view.explanationText(), e->text);
        QCOMPARE(view.findChild<QLabel *>(QStringLiteral("explainLabel"))->text(), e->text);
    }

    void modesCollapseAndNeighbourhood()
    {
        gui::CriticalPathView view;
        view.setWorkspace(&m_ws->workspace());
        QVERIFY(loaded(view));
        const qint64 planMinutes = view.layout().projectMinutes();

        view.setMode(core::ScheduleMode::Remaining);
        QVERIFY(loaded(view));
        auto remaining = m_ws->workspace().scheduling().criticalPath(core::ScheduleMode::Remaining);
        QVERIFY(remaining.ok());
        QCOMPARE(view.layout().projectMinutes(), remaining->projectDurationMinutes());
        QVERIFY(view.layout().projectMinutes() < planMinutes); // the demo has completed work

        view.setGrouping(core::LayoutGrouping::Phase);
        auto stats = m_ws->service().statistics();
        QVERIFY(stats.ok());
        QCOMPARE(view.layout().boxes().size(), stats->phaseBreakdown.size());
        int members = 0;
        for (const core::LayoutBox &b : view.layout().boxes()) {
            QVERIFY(b.isAggregate());
            members += b.memberCount;
        }
        QCOMPARE(members, storage::DemoProject::taskCount);
        view.setGrouping(core::LayoutGrouping::Component);
        QCOMPARE(view.layout().boxes().size(), stats->componentBreakdown.size());

        view.setGrouping(core::LayoutGrouping::None);
        view.setNeighbourhoodHops(1);
        view.selectTask(5);
        const QSet<qint64> expected = core::GraphLayout::neighbourhood(view.criticalPath()->graph(), 5, 1);
        QCOMPARE(view.layout().boxes().size(), expected.size());
        QVERIFY(view.layout().boxes().size() < storage::DemoProject::taskCount);
    }

    void reactsToEditsOnRefresh()
    {
        gui::CriticalPathView view;
        view.setWorkspace(&m_ws->workspace());
        QVERIFY(loaded(view));
        auto id = m_ws->service().createTask(
            test::makeTask(QStringLiteral("Late addition"), QStringLiteral("ui"), 4, core::Priority::High, 200.0));
        QVERIFY2(id.ok(), qPrintable(id.ok() ? QString() : id.error().message));
        QVERIFY(m_ws->service().addDependency(*id, 12).ok());
        view.refresh();
        QVERIFY(view.isLoading());
        QVERIFY(loaded(view));
        QCOMPARE(view.layout().boxes().size(), storage::DemoProject::taskCount + 1);
        // 200 hours at the end of the network: it is now the critical path's last task.
        QVERIFY(view.highlightedCriticalIds().contains(*id));
    }

    void hiddenViewReadsOnlyWhenShown()
    {
        // In the main window the graph tab is one of several: it must not read while another tab is shown.
        gui::CriticalPathView view;
        view.setLoadsOnlyWhenShown(true);
        QSignalSpy updated(&view, &gui::CriticalPathView::graphUpdated);
        view.setWorkspace(&m_ws->workspace());
        QTest::qWait(200);
        QCOMPARE(updated.size(), 0);
        QVERIFY(view.layout().boxes().isEmpty());
        QVERIFY(view.isLoading()); // stale: waits to be shown

        view.show();
        QVERIFY(loaded(view));
        QCOMPARE(updated.size(), 1);
        QCOMPARE(view.layout().boxes().size(), storage::DemoProject::taskCount);

        // An edit while hidden marks it stale again; showing it again reads the edit.
        view.hide();
        auto id = m_ws->service().createTask(test::makeTask(QStringLiteral("While hidden")));
        QVERIFY(id.ok());
        view.refresh();
        QTest::qWait(100);
        QCOMPARE(updated.size(), 1);
        view.show();
        QVERIFY(loaded(view));
        QCOMPARE(view.layout().boxes().size(), storage::DemoProject::taskCount + 1);
    }

    void bigGraphsStartCollapsedByPhase()
    {
        // More tasks than can be drawn one by one: the view opens collapsed by phase, and "Every task" explains
        // itself instead of building tens of thousands of boxes; a neighbourhood still shows single tasks.
        const int extra = gui::CriticalPathView::maxTasksDrawnOneByOne() + 1 - storage::DemoProject::taskCount;
        {
            QList<core::Task> tasks;
            for (int i = 0; i < extra; ++i) {
                tasks << test::makeTask(QStringLiteral("Bulk %1").arg(i), QStringLiteral("bulk"), 1 + i % 4);
            }
            storage::Transaction tx(m_ws->workspace().database());
            QVERIFY(tx.begun().ok());
            const core::Status inserted = m_ws->workspace().tasks().insertMany(tasks);
            QVERIFY2(inserted.ok(), qPrintable(inserted.ok() ? QString() : inserted.error().message));
            QVERIFY(tx.commit().ok());
        }
        gui::CriticalPathView view;
        view.setWorkspace(&m_ws->workspace());
        QVERIFY(loaded(view));
        QVERIFY2(view.errorText().isEmpty(), qPrintable(view.errorText()));
        QCOMPARE(view.grouping(), core::LayoutGrouping::Phase);
        QCOMPARE(view.layout().boxes().size(), 4);
        int members = 0;
        for (const core::LayoutBox &b : view.layout().boxes()) {
            members += b.memberCount;
        }
        QCOMPARE(members, gui::CriticalPathView::maxTasksDrawnOneByOne() + 1);

        view.setGrouping(core::LayoutGrouping::None);
        QVERIFY(view.layout().boxes().isEmpty());
        QVERIFY(
            view.findChild<QLabel *>(QStringLiteral("graphSummaryLabel"))->text().contains(QStringLiteral("too many")));
        view.setNeighbourhoodHops(1);
        view.selectTask(5);
        const QSet<qint64> expected = core::GraphLayout::neighbourhood(view.criticalPath()->graph(), 5, 1);
        QCOMPARE(view.layout().boxes().size(), expected.size());
    }

    void exportsPngAndPdf()
    {
        gui::CriticalPathView view;
        view.setWorkspace(&m_ws->workspace());
        QVERIFY(loaded(view));
        const QString png = m_ws->filePath(QStringLiteral("graph.png"));
        const QString pdf = m_ws->filePath(QStringLiteral("graph.pdf"));
        QVERIFY(view.exportPng(png));
        QVERIFY(view.exportPdf(pdf));
        QImage image(png);
        QVERIFY(!image.isNull());
        QVERIFY(image.width() > 300);
        QFile file(pdf);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(file.read(5).startsWith("%PDF"));
    }

    void exportsSvg()
    {
        gui::CriticalPathView view;
        view.setWorkspace(&m_ws->workspace());
        QVERIFY(loaded(view));
        const QString svg = m_ws->filePath(QStringLiteral("graph.svg"));
        QVERIFY(view.exportSvg(svg));
        QFile file(svg);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray text = file.readAll();
        QVERIFY2(text.startsWith("<?xml"), text.left(60).constData());
        QVERIFY(text.contains("<svg"));
        QVERIFY(text.trimmed().endsWith("</svg>"));
        // Task titles are text: at scene scale every box wide enough for a label shows "#id title" (elided when
        // the box is short).
        QVERIFY(text.contains(">#6 Design database schema</text>"));
        QVERIFY(text.contains(">#37 User guide</text>"));
        int labelled = 0;
        for (const core::LayoutBox &box : view.layout().boxes()) {
            if (box.drawWidth >= 28.0) {
                QVERIFY2(text.contains(QStringLiteral(">#%1 ").arg(box.id).toUtf8()),
                         qPrintable(QString::number(box.id)));
                ++labelled;
            }
        }
        QVERIFY(labelled > storage::DemoProject::taskCount / 2);
        // The time axis is text too.
        QVERIFY(text.contains(" h</text>") || text.contains(" d</text>"));
        // At least one shape per task box.
        QVERIFY2(text.count("<rect") + text.count("<path") + text.count("<polygon") >= storage::DemoProject::taskCount,
                 qPrintable(QString::number(text.count("<rect") + text.count("<path"))));

        // Collapsed by phase: one box per phase, named.
        view.setGrouping(core::LayoutGrouping::Phase);
        file.close();
        QVERIFY(view.exportSvg(svg));
        QFile collapsed(svg);
        QVERIFY(collapsed.open(QIODevice::ReadOnly));
        const QByteArray phases = collapsed.readAll();
        for (int p = 1; p <= 4; ++p) {
            QVERIFY(phases.contains(QStringLiteral("Phase %1 (10 tasks)").arg(p).toUtf8()));
        }

        // Nothing to draw, or nowhere to write: refused.
        QVERIFY(!view.exportSvg(m_ws->filePath(QStringLiteral("missing/folder/graph.svg"))));
        gui::CriticalPathView empty;
        QVERIFY(!empty.exportSvg(m_ws->filePath(QStringLiteral("empty.svg"))));
    }
};

QTEST_MAIN(TstCriticalPathView)
#include "tst_CriticalPathView.moc"
