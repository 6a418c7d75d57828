// SPDX-License-Identifier: GPL-3.0-or-later
#include "TaskDelegate.h"

#include "Enums.h"
#include "TaskTableModel.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QSpinBox>

namespace taskorch::gui {

namespace {

QStringList choicesFor(int column)
{
    switch (column) {
    case TaskTableModel::StatusColumn:
        return core::allNames<core::TaskStatus>();
    case TaskTableModel::PriorityColumn:
        return core::allNames<core::Priority>();
    case TaskTableModel::ComplexityColumn:
        return core::allNames<core::Complexity>();
    default:
        return {};
    }
}

QString human(QString name)
{
    name.replace(u'_', u' ');
    if (!name.isEmpty()) {
        name[0] = name[0].toUpper();
    }
    return name;
}

} // namespace

QWidget *TaskDelegate::createEditor(QWidget *parent, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    if (const QStringList choices = choicesFor(index.column()); !choices.isEmpty()) {
        auto *combo = new QComboBox(parent);
        for (const QString &c : choices) {
            combo->addItem(human(c), c);
        }
        return combo;
    }
    if (index.column() == TaskTableModel::PhaseColumn) {
        auto *spin = new QSpinBox(parent);
        spin->setRange(0, 99);
        return spin;
    }
    if (index.column() == TaskTableModel::HoursColumn) {
        auto *spin = new QDoubleSpinBox(parent);
        spin->setRange(0.0, 10000.0);
        spin->setDecimals(1);
        spin->setSingleStep(0.5);
        return spin;
    }
    return QStyledItemDelegate::createEditor(parent, option, index);
}

void TaskDelegate::setEditorData(QWidget *editor, const QModelIndex &index) const
{
    if (auto *combo = qobject_cast<QComboBox *>(editor)) {
        combo->setCurrentIndex(combo->findData(index.data(Qt::EditRole)));
        return;
    }
    QStyledItemDelegate::setEditorData(editor, index);
}

void TaskDelegate::setModelData(QWidget *editor, QAbstractItemModel *model, const QModelIndex &index) const
{
    if (auto *combo = qobject_cast<QComboBox *>(editor)) {
        model->setData(index, combo->currentData(), Qt::EditRole);
        return;
    }
    QStyledItemDelegate::setModelData(editor, model, index);
}

} // namespace taskorch::gui
