// SPDX-License-Identifier: GPL-3.0-or-later
#include "GraphCanvas.h"

#include <QGraphicsScene>
#include <QPainter>
#include <QScrollBar>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace taskorch::gui {

GraphCanvas::GraphCanvas(QWidget *parent) : QGraphicsView(parent)
{
    setScene(new QGraphicsScene(this));
    setDragMode(QGraphicsView::ScrollHandDrag);
    setRenderHint(QPainter::Antialiasing);
    setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
    setViewportUpdateMode(QGraphicsView::SmartViewportUpdate);
    setBackgroundBrush(QColor(0xfb, 0xfc, 0xfd));
    // The axis is drawn in viewport coordinates: any scroll must repaint it.
    setCacheMode(QGraphicsView::CacheNone);
    setOptimizationFlag(QGraphicsView::DontSavePainterState);
}

void GraphCanvas::setLayoutScale(double pixelsPerHour)
{
    m_pixelsPerHour = pixelsPerHour;
    viewport()->update();
}

double GraphCanvas::zoom() const
{
    return transform().m11();
}

void GraphCanvas::zoomBy(double factor)
{
    const double next = std::clamp(zoom() * factor, 0.01, 8.0);
    scale(next / zoom(), next / zoom());
    viewport()->update();
}

void GraphCanvas::fitAll()
{
    if (!scene() || scene()->sceneRect().isEmpty()) {
        return;
    }
    fitInView(scene()->sceneRect(), Qt::KeepAspectRatio);
    // A long, flat graph would fit as a thin strip: never shrink below what keeps lanes readable.
    if (zoom() < 0.25) {
        const double f = 0.25 / zoom();
        scale(f, f);
        centerOn(scene()->sceneRect().left() + viewport()->width() / 2.0 / zoom(), scene()->sceneRect().top());
    }
    viewport()->update();
}

void GraphCanvas::wheelEvent(QWheelEvent *event)
{
    if (event->angleDelta().y() == 0) {
        QGraphicsView::wheelEvent(event);
        return;
    }
    zoomBy(std::pow(1.0015, event->angleDelta().y()));
    event->accept();
}

void GraphCanvas::drawForeground(QPainter *painter, const QRectF &rect)
{
    Q_UNUSED(rect);
    if (!scene() || scene()->items().isEmpty()) {
        return;
    }
    painter->save();
    painter->resetTransform();
    const QRectF band(0, 0, viewport()->width(), 26.0);
    const QRectF sceneRect = scene()->sceneRect();
    const QTransform toViewport = viewportTransform();
    drawTimeAxis(
        *painter, band, [&toViewport](double x) { return toViewport.map(QPointF(x, 0)).x(); }, m_pixelsPerHour, zoom(),
        sceneRect.left(), sceneRect.right());
    painter->restore();
}

void GraphCanvas::drawTimeAxis(QPainter &painter, const QRectF &band, const std::function<double(double)> &toDevice,
                               double scenePixelsPerHour, double deviceScale, double sceneLeft, double sceneRight)
{
    const double pixelsPerHour = scenePixelsPerHour * deviceScale;
    if (pixelsPerHour <= 0.0) {
        return;
    }
    painter.fillRect(band, QColor(255, 255, 255, 235));
    painter.setPen(QColor(0x9a, 0xa4, 0xb0));
    painter.drawLine(band.bottomLeft(), band.bottomRight());
    // The smallest step (in hours) that keeps labels about 70 device pixels apart.
    static const double steps[] = {0.25, 0.5, 1, 2, 4, 8, 12, 24, 48, 96, 168, 336, 720, 1440, 2880, 8760};
    double step = steps[std::size(steps) - 1];
    for (const double s : steps) {
        if (s * pixelsPerHour >= 70.0) {
            step = s;
            break;
        }
    }
    const double scenePerHour = scenePixelsPerHour;
    QFont font = painter.font();
    font.setPointSizeF(8.0);
    painter.setFont(font);
    const double firstHour = std::max(0.0, std::floor(sceneLeft / scenePerHour / step) * step);
    for (double h = firstHour; h * scenePerHour <= sceneRight; h += step) {
        const double x = toDevice(h * scenePerHour);
        if (x < band.left() - 1 || x > band.right() + 1) {
            continue;
        }
        painter.setPen(QColor(0x60, 0x68, 0x74));
        painter.drawLine(QPointF(x, band.bottom() - 6), QPointF(x, band.bottom()));
        // Whole days once the step is a day or more; hours otherwise (never mixed on one axis).
        const QString text = step >= 24.0 ? QStringLiteral("%1 d").arg(h / 24.0) : QStringLiteral("%1 h").arg(h);
        painter.drawText(QRectF(x + 3, band.top(), 80, band.height() - 6), Qt::AlignLeft | Qt::AlignVCenter, text);
    }
}

} // namespace taskorch::gui
