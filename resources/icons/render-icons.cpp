// SPDX-License-Identifier: GPL-3.0-or-later
// Draws the PNG sizes of taskorch.svg with QPainter (the machines have no SVG rasteriser). Not part of the build:
//   g++ -std=c++20 -fPIC render-icons.cpp $(pkg-config --cflags --libs Qt6Gui) -o /tmp/render-icons
//   QT_QPA_PLATFORM=offscreen /tmp/render-icons resources/icons
#include <QGuiApplication>
#include <QImage>
#include <QLinearGradient>
#include <QPainter>
#include <QPainterPath>

static QImage draw(int size)
{
    QImage img(size, size, QImage::Format_ARGB32_Premultiplied);
    img.fill(Qt::transparent);
    QPainter p(&img);
    p.setRenderHint(QPainter::Antialiasing);
    p.scale(size / 256.0, size / 256.0);
    QLinearGradient bg(0, 16, 0, 240);
    bg.setColorAt(0, QColor(0x3f, 0x7f, 0xd9));
    bg.setColorAt(1, QColor(0x1d, 0x4f, 0xa0));
    p.setPen(Qt::NoPen);
    p.setBrush(bg);
    p.drawRoundedRect(QRectF(16, 16, 224, 224), 44, 44);
    QPen link(QColor(255, 255, 255, 217), 10, Qt::SolidLine, Qt::RoundCap);
    p.setPen(link);
    p.setBrush(Qt::NoBrush);
    QPainterPath a(QPointF(76, 80));
    a.cubicTo(110, 80, 110, 128, 140, 128);
    QPainterPath b(QPointF(76, 176));
    b.cubicTo(110, 176, 110, 128, 140, 128);
    p.drawPath(a);
    p.drawPath(b);
    p.drawLine(QPointF(140, 128), QPointF(184, 128));
    p.setPen(Qt::NoPen);
    p.setBrush(Qt::white);
    p.drawEllipse(QPointF(68, 80), 20, 20);
    p.drawEllipse(QPointF(68, 176), 20, 20);
    p.setBrush(QColor(0xff, 0xd5, 0x4f));
    p.drawEllipse(QPointF(140, 128), 20, 20);
    p.setBrush(QColor(0x66, 0xbb, 0x6a));
    p.drawRoundedRect(QRectF(172, 106, 48, 44), 10, 10);
    p.setPen(QPen(Qt::white, 8, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    QPainterPath tick(QPointF(184, 128));
    tick.lineTo(193, 137);
    tick.lineTo(209, 119);
    p.setBrush(Qt::NoBrush);
    p.drawPath(tick);
    return img;
}

int main(int argc, char *argv[])
{
    QGuiApplication app(argc, argv);
    const QString folder = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QStringLiteral(".");
    for (int size : {16, 24, 32, 48, 64, 128, 256, 512}) {
        if (!draw(size).save(QStringLiteral("%1/taskorch-%2.png").arg(folder).arg(size))) {
            return 1;
        }
    }
    return 0;
}
