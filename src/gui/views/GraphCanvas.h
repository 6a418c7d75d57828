// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QGraphicsView>

#include <functional>

namespace taskorch::gui {

/// A QGraphicsView for time-scaled scenes: wheel zoom (around the cursor), drag to pan, fit, and a time axis kept
/// at the top of the viewport whatever the scroll position.
class GraphCanvas : public QGraphicsView
{
    Q_OBJECT

public:
    explicit GraphCanvas(QWidget *parent = nullptr);

    /// Scene pixels per hour at zoom 1, for the axis labels.
    void setLayoutScale(double pixelsPerHour);
    /// The current zoom factor (1 = one scene pixel per device pixel).
    double zoom() const;
    void zoomBy(double factor);
    /// Shows the whole scene.
    void fitAll();

    /// Draws an hour axis in `band`: `toDevice` maps a scene x to a device x, `deviceScale` device pixels per scene
    /// pixel; labels from hour 0 to `sceneRight`.
    static void drawTimeAxis(QPainter &painter, const QRectF &band, const std::function<double(double)> &toDevice,
                             double scenePixelsPerHour, double deviceScale, double sceneLeft, double sceneRight);

protected:
    void wheelEvent(QWheelEvent *event) override;
    void drawForeground(QPainter *painter, const QRectF &rect) override;

private:
    double m_pixelsPerHour = 24.0;
};

} // namespace taskorch::gui
