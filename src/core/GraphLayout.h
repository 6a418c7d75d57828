// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "CriticalPath.h"

#include <QHash>
#include <QList>
#include <QSet>
#include <QString>

namespace taskorch::core {

/// Scales and spacing of the time-scaled network (scene pixels; the view zooms by transforming the scene).
struct LayoutOptions
{
    double pixelsPerHour = 24.0;
    double boxHeight = 26.0;
    double laneGap = 16.0;      ///< vertical space between two lanes (arrow labels go there)
    double minBoxWidth = 6.0;   ///< short and zero-length tasks are drawn at least this wide
    double horizontalGap = 0.0; ///< kept free after a box (and its slack bar) before the next box of its lane
    bool packSlack = true;      ///< the slack bar counts as occupied, so it never runs under another box
};

/// One box of the layout: a task, or the aggregate of a phase or component when collapsed.
struct LayoutBox
{
    qint64 id = 0;                ///< the task id; for an aggregate, −(1 + its index in GraphLayout::boxes())
    qint64 startMinutes = 0;      ///< earliest start (aggregate: of its earliest member)
    qint64 durationMinutes = 0;   ///< the task's duration (aggregate: latest finish − start)
    qint64 totalSlackMinutes = 0; ///< aggregate: the smallest slack of its members
    bool critical = false;        ///< aggregate: one of its members is critical
    int lane = 0;                 ///< 0, 1, … from the top
    int memberCount = 1;
    QString groupKey;        ///< the phase or component of an aggregate; empty for a task
    double x = 0.0;          ///< startMinutes in pixels
    double width = 0.0;      ///< durationMinutes in pixels (exact; 0 for a milestone)
    double drawWidth = 0.0;  ///< max(width, minBoxWidth): what is drawn and packed
    double slackWidth = 0.0; ///< totalSlackMinutes in pixels, drawn after the box
    double y = 0.0;
    double height = 0.0;

    bool isAggregate() const { return id < 0; }
};

/// One dependency arrow between two boxes of the layout.
struct LayoutArrow
{
    int from = 0;     ///< index in GraphLayout::boxes() of the prerequisite
    int to = 0;       ///< index of the dependent
    bool hard = true; ///< false for `enhances` (drawn dashed, never scheduled)
    Relation relation = Relation::FS;
    qint64 lagMinutes = 0;
    bool critical = false; ///< both ends critical and the link binds (sets the dependent's earliest start)
    int linkCount = 1;     ///< aggregate arrows: how many task links it stands for
    /// Aggregate arrows: where the link they are drawn for (a critical one if any, else the first) leaves and
    /// arrives, in minutes (the prerequisite's finish and the dependent's start); −1 for task arrows.
    qint64 fromMinutes = -1;
    qint64 toMinutes = -1;
    double fromX = 0.0, fromY = 0.0, toX = 0.0, toY = 0.0; ///< anchors: FS right→left, SS left→left, …

    /// "SS +2.0h", "FS −1.5h"; empty for FS with no lag (the common case is not labelled).
    QString label() const;
};

/// How tasks are grouped into aggregate boxes (GraphLayout::collapse()).
enum class LayoutGrouping
{
    None,
    Phase,
    Component,
};

/// The time-scaled network of SPEC.md §11 as plain geometry: x = earliest start, width = duration, lanes packed
/// by interval partitioning (first fit by start, ties by id) so that no two boxes or slack bars overlap, y = lane.
/// Computed from a CriticalPath (Qt Core only); the GUI only draws it. A plain value; O(n log n + E).
class GraphLayout
{
public:
    GraphLayout() = default;

    /// Every task of `cp`, or only those in `visible` when given (lanes are packed among the visible ones; x keeps
    /// the schedule). Arrows for hard links and `enhances` links whose two ends are shown.
    static GraphLayout compute(const CriticalPath &cp, const LayoutOptions &options = {},
                               const QSet<qint64> *visible = nullptr);
    /// One aggregate box per distinct `groupOf` value (tasks missing from the map go to the group ""), spanning
    /// its members' earliest start to latest finish, one arrow per pair of groups linked by at least one task link
    /// (hard wins over soft). Boxes are in ascending key order before packing.
    static GraphLayout collapse(const CriticalPath &cp, const QHash<qint64, QString> &groupOf,
                                const LayoutOptions &options = {});

    /// The ids within `hops` links of `centre` (hard and `enhances`, either direction), `centre` included.
    /// Empty when `centre` is not in the graph.
    static QSet<qint64> neighbourhood(const DependencyGraph &graph, qint64 centre, int hops);

    const QList<LayoutBox> &boxes() const { return m_boxes; }
    const QList<LayoutArrow> &arrows() const { return m_arrows; }
    /// The index of a box by its id (task id or aggregate id), or −1.
    int indexOf(qint64 id) const { return m_index.value(id, -1); }
    int laneCount() const { return m_laneCount; }
    qint64 projectMinutes() const { return m_projectMinutes; }
    /// The scene size the boxes (and slack bars) need.
    double sceneWidth() const { return m_sceneWidth; }
    double sceneHeight() const { return m_sceneHeight; }
    const LayoutOptions &options() const { return m_options; }

    /// Pixels of `minutes` at this layout's scale.
    double xOf(qint64 minutes) const { return double(minutes) * m_options.pixelsPerHour / 60.0; }

private:
    void pack();
    void anchorArrows();

    LayoutOptions m_options;
    QList<LayoutBox> m_boxes;
    QList<LayoutArrow> m_arrows;
    QHash<qint64, int> m_index;
    int m_laneCount = 0;
    qint64 m_projectMinutes = 0;
    double m_sceneWidth = 0.0;
    double m_sceneHeight = 0.0;
};

} // namespace taskorch::core
