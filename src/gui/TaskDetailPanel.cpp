// SPDX-License-Identifier: GPL-3.0-or-later
#include "TaskDetailPanel.h"

#include "Prompt.h"
#include "TaskEditor.h"
#include "ui_TaskDetailPanel.h"

#include <QCompleter>
#include <QHeaderView>
#include <QLocale>
#include <QRegularExpression>
#include <QStringListModel>
#include <QUndoStack>

namespace taskorch::gui {

namespace {

constexpr int IdRole = Qt::UserRole;
constexpr int PrerequisiteRole = Qt::UserRole + 1;

QString human(QString name)
{
    name.replace(u'_', u' ');
    if (!name.isEmpty()) {
        name[0] = name[0].toUpper();
    }
    return name;
}

QString when(const QDateTime &t)
{
    return QLocale().toString(t.toLocalTime(), QLocale::ShortFormat);
}

} // namespace

TaskDetailPanel::TaskDetailPanel(TaskEditor *editor, QWidget *parent)
    : QWidget(parent), m_ui(std::make_unique<Ui::TaskDetailPanel>()), m_editor(editor)
{
    m_ui->setupUi(this);
    QFont titleFont = m_ui->titleLabel->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.25);
    titleFont.setBold(true);
    m_ui->titleLabel->setFont(titleFont);
    m_ui->titleLabel->setContentsMargins(4, 6, 4, 6);
    for (const QString &t : core::allNames<core::DependencyType>()) {
        m_ui->dependencyType->addItem(human(t), t);
    }
    for (const QString &r : core::allNames<core::Relation>()) {
        m_ui->dependencyRelation->addItem(r, r);
    }
    m_ui->dependencyRelation->setToolTip(
        tr("FS finish-to-start, SS start-to-start, FF finish-to-finish, SF start-to-finish"));
    for (const QString &c : core::allNames<core::CommentType>()) {
        m_ui->commentType->addItem(human(c), c);
    }
    m_ui->progressTable->setColumnCount(4);
    m_ui->progressTable->setHorizontalHeaderLabels({tr("When"), tr("%"), tr("By"), tr("Notes")});
    m_ui->progressTable->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_ui->progressTable->horizontalHeader()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_ui->progressTable->horizontalHeader()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
    m_ui->cycleLabel->setStyleSheet(QStringLiteral("color: #b71c1c;"));

    m_pickerModel = new QStringListModel(this);
    auto *completer = new QCompleter(m_pickerModel, this);
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    completer->setFilterMode(Qt::MatchContains);
    m_ui->dependencyPicker->setCompleter(completer);
    connect(m_ui->dependencyPicker, &QLineEdit::textEdited, this, &TaskDetailPanel::fillPicker);
    connect(m_ui->dependencyPicker, &QLineEdit::returnPressed, this, &TaskDetailPanel::addPickedDependency);
    connect(m_ui->addDependencyButton, &QPushButton::clicked, this, &TaskDetailPanel::addPickedDependency);
    connect(m_ui->removeDependencyButton, &QPushButton::clicked, this, &TaskDetailPanel::removeSelectedDependency);
    connect(m_ui->removeCycleLinkButton, &QPushButton::clicked, this, [this] { (void)replaceCycleLink(); });
    connect(m_ui->addCommentButton, &QPushButton::clicked, this, &TaskDetailPanel::addComment);
    connect(m_ui->saveCommentButton, &QPushButton::clicked, this, &TaskDetailPanel::saveComment);
    connect(m_ui->commentList, &QListWidget::currentRowChanged, this, [this](int row) {
        QListWidgetItem *item = m_ui->commentList->item(row);
        m_ui->saveCommentButton->setEnabled(item != nullptr);
        if (item) {
            m_ui->commentEdit->setPlainText(item->data(Qt::UserRole + 2).toString());
            m_ui->commentType->setCurrentIndex(m_ui->commentType->findData(item->data(Qt::UserRole + 3)));
        }
    });
    for (QListWidget *list : {m_ui->subtaskList, m_ui->dependencyList}) {
        connect(list, &QListWidget::itemDoubleClicked, this, [this](QListWidgetItem *item) {
            const QVariant prerequisite = item->data(PrerequisiteRole);
            Q_EMIT taskActivated(prerequisite.isValid() ? prerequisite.toLongLong() : item->data(IdRole).toLongLong());
        });
    }
    clear();
}

TaskDetailPanel::~TaskDetailPanel() = default;

void TaskDetailPanel::setWorkspace(storage::Workspace *workspace)
{
    m_workspace = workspace;
    showTask(0);
}

void TaskDetailPanel::clear()
{
    m_taskId = 0;
    m_ui->titleLabel->setText(m_workspace ? tr("No task selected") : tr("No database open"));
    for (QLabel *l : {m_ui->statusValue, m_ui->priorityValue, m_ui->phaseValue, m_ui->componentValue,
                      m_ui->complexityValue, m_ui->hoursValue, m_ui->parentValue, m_ui->sourceValue,
                      m_ui->descriptionValue, m_ui->criteriaValue, m_ui->createdValue, m_ui->updatedValue}) {
        l->clear();
    }
    m_ui->subtaskList->clear();
    m_ui->dependencyList->clear();
    m_ui->progressTable->setRowCount(0);
    m_ui->commentList->clear();
    clearCycle();
    m_ui->detailTabs->setEnabled(false);
}

QString TaskDetailPanel::taskLabel(qint64 id)
{
    if (m_workspace) {
        if (auto t = m_workspace->tasks().get(id)) {
            return QStringLiteral("#%1 “%2”").arg(id).arg(t->title);
        }
    }
    return QStringLiteral("#%1").arg(id);
}

void TaskDetailPanel::showTask(qint64 taskId)
{
    if (!m_workspace || taskId == 0) {
        clear();
        return;
    }
    auto task = m_workspace->tasks().get(taskId);
    if (!task) {
        clear();
        return;
    }
    if (taskId != m_taskId) {
        clearCycle();
        m_ui->commentEdit->clear();
    }
    m_taskId = taskId;
    m_ui->detailTabs->setEnabled(true);
    m_ui->titleLabel->setText(QStringLiteral("#%1  %2").arg(task->id).arg(task->title));
    m_ui->statusValue->setText(human(core::toString(task->status)));
    m_ui->priorityValue->setText(human(core::toString(task->priority)));
    m_ui->phaseValue->setText(QString::number(task->phase));
    m_ui->componentValue->setText(task->componentArea);
    m_ui->complexityValue->setText(human(core::toString(task->complexity)));
    m_ui->hoursValue->setText(tr("%1 h").arg(QLocale().toString(task->timeEstimateHours, 'f', 1)));
    m_ui->parentValue->setText(task->parentTaskId ? taskLabel(*task->parentTaskId) : tr("—"));
    m_ui->sourceValue->setText(task->sourceDocument.isEmpty() ? tr("—") : task->sourceDocument);
    m_ui->descriptionValue->setText(task->description.value_or(tr("—")));
    m_ui->criteriaValue->setText(task->successCriteria.value_or(tr("—")));
    m_ui->createdValue->setText(when(task->createdAt));
    m_ui->updatedValue->setText(when(task->updatedAt));

    m_ui->subtaskList->clear();
    if (auto children = m_workspace->tasks().children(taskId)) {
        for (const core::Task &c : std::as_const(*children)) {
            auto *item = new QListWidgetItem(
                QStringLiteral("#%1  %2 — %3").arg(c.id).arg(c.title, human(core::toString(c.status))));
            item->setData(IdRole, c.id);
            m_ui->subtaskList->addItem(item);
        }
    }
    m_ui->dependencyList->clear();
    if (auto prerequisites = m_workspace->dependencies().prerequisitesOf(taskId)) {
        for (const storage::DependencyView &v : std::as_const(*prerequisites)) {
            const core::TaskDependency &d = v.dependency;
            QString text = QStringLiteral("#%1  %2").arg(d.dependsOnTaskId).arg(v.prerequisiteTitle);
            text += QStringLiteral("  ·  %1 %2").arg(core::toString(d.type), core::toString(d.relation));
            if (d.lagHours != 0.0) {
                text += tr(", lag %1 h").arg(QLocale().toString(d.lagHours, 'f', 1));
            }
            text += QStringLiteral("  ·  %1").arg(human(core::toString(v.prerequisiteStatus)));
            auto *item = new QListWidgetItem(text);
            item->setData(PrerequisiteRole, d.dependsOnTaskId);
            m_ui->dependencyList->addItem(item);
        }
    }
    m_ui->progressTable->setRowCount(0);
    if (auto history = m_workspace->service().progressHistory(taskId)) {
        for (const core::TaskProgress &p : std::as_const(*history)) {
            const int row = m_ui->progressTable->rowCount();
            m_ui->progressTable->insertRow(row);
            m_ui->progressTable->setItem(row, 0, new QTableWidgetItem(when(p.createdAt)));
            auto *pct = new QTableWidgetItem(QString::number(p.progressPercentage));
            pct->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            m_ui->progressTable->setItem(row, 1, pct);
            m_ui->progressTable->setItem(row, 2, new QTableWidgetItem(p.updatedBy));
            m_ui->progressTable->setItem(row, 3, new QTableWidgetItem(p.notes.value_or(QString())));
        }
    }
    const int commentRow = m_ui->commentList->currentRow();
    m_ui->commentList->clear();
    if (auto comments = m_workspace->service().comments(taskId)) {
        for (const core::TaskComment &c : std::as_const(*comments)) {
            auto *item = new QListWidgetItem(
                QStringLiteral("[%1] %2\n%3").arg(human(core::toString(c.type)), when(c.createdAt), c.comment));
            item->setData(Qt::UserRole, c.id);
            item->setData(Qt::UserRole + 2, c.comment);
            item->setData(Qt::UserRole + 3, core::toString(c.type));
            m_ui->commentList->addItem(item);
        }
    }
    if (commentRow >= 0 && commentRow < m_ui->commentList->count()) {
        const QSignalBlocker block(m_ui->commentList);
        m_ui->commentList->setCurrentRow(commentRow);
    }
    m_ui->saveCommentButton->setEnabled(m_ui->commentList->currentItem() != nullptr);
}

QList<qint64> TaskDetailPanel::pickerMatches(const QString &text)
{
    fillPicker(text);
    QList<qint64> ids;
    static const QRegularExpression leadingId(QStringLiteral("^#(\\d+)"));
    for (const QString &s : m_pickerModel->stringList()) {
        if (auto m = leadingId.match(s); m.hasMatch()) {
            ids << m.captured(1).toLongLong();
        }
    }
    return ids;
}

void TaskDetailPanel::fillPicker(const QString &text)
{
    QStringList entries;
    if (m_workspace) {
        storage::TaskListRequest request;
        request.limit = 25;
        const QString trimmed = text.trimmed();
        bool isNumber = false;
        const qint64 id = QString(trimmed).remove(u'#').toLongLong(&isNumber);
        if (isNumber && id != m_taskId) {
            if (auto t = m_workspace->tasks().get(id)) {
                entries << QStringLiteral("#%1 %2").arg(t->id).arg(t->title);
            }
        }
        request.filter.search = trimmed;
        // "#12" asks for that task only; other text searches titles and descriptions.
        if (trimmed.startsWith(u'#')) {
            m_pickerModel->setStringList(entries);
            return;
        }
        if (auto tasks = m_workspace->tasks().list(request)) {
            for (const core::Task &t : std::as_const(*tasks)) {
                if (t.id != m_taskId && !(isNumber && t.id == id)) {
                    entries << QStringLiteral("#%1 %2").arg(t.id).arg(t.title);
                }
            }
        }
    }
    m_pickerModel->setStringList(entries);
}

std::optional<qint64> TaskDetailPanel::pickedId() const
{
    static const QRegularExpression leadingId(QStringLiteral("^\\s*#?(\\d+)"));
    const QRegularExpressionMatch m = leadingId.match(m_ui->dependencyPicker->text());
    if (!m.hasMatch()) {
        return std::nullopt;
    }
    return m.captured(1).toLongLong();
}

QString TaskDetailPanel::showCycle(const QList<qint64> &cycle, qint64 prerequisiteId)
{
    QStringList steps;
    for (qint64 id : cycle) {
        steps << taskLabel(id);
    }
    const QString text = tr("Refused: this link would close a cycle (→ means “depends on”):\n%1")
                             .arg(steps.join(QStringLiteral("\n  → ")));
    m_ui->cycleLabel->setText(text);
    // cycle = [this task, the new prerequisite, …, this task]: every step after the first is an existing link, and
    // removing any one of them lets the new link in.
    m_ui->cycleLinkCombo->clear();
    for (qsizetype i = 1; i + 1 < cycle.size(); ++i) {
        m_ui->cycleLinkCombo->addItem(tr("%1 depends on %2").arg(taskLabel(cycle[i]), taskLabel(cycle[i + 1])),
                                      QVariantList{cycle[i], cycle[i + 1]});
    }
    m_cyclePrerequisite = prerequisiteId;
    m_ui->cycleFixRow->setVisible(m_ui->cycleLinkCombo->count() > 0);
    return text;
}

void TaskDetailPanel::clearCycle()
{
    m_ui->cycleLabel->clear();
    m_ui->cycleLinkCombo->clear();
    m_ui->cycleFixRow->setVisible(false);
    m_cyclePrerequisite = 0;
}

core::Status TaskDetailPanel::replaceCycleLink()
{
    const QVariantList link = m_ui->cycleLinkCombo->currentData().toList();
    if (!m_workspace || m_taskId == 0 || link.size() != 2 || m_cyclePrerequisite == 0) {
        return core::makeError(core::ErrorCode::Usage, tr("There is no refused link to add."));
    }
    const qint64 prerequisite = m_cyclePrerequisite;
    // One undo step: undoing brings the removed link back and takes the new one out.
    QUndoStack *stack = m_editor->undoStack();
    stack->beginMacro(tr("Replace link in a cycle"));
    core::Status s = m_editor->removeDependency(link[0].toLongLong(), link[1].toLongLong());
    if (s) {
        s = addDependency(prerequisite);
    }
    stack->endMacro();
    if (!s) {
        // Half a replacement is no replacement: put the removed link back.
        stack->undo();
        Prompt::warning(this, tr("Cannot replace the link"), s.error().message);
    }
    return s;
}

QString TaskDetailPanel::cycleText() const
{
    return m_ui->cycleLabel->text();
}

core::Status TaskDetailPanel::addDependency(qint64 prerequisiteId)
{
    if (!m_workspace || m_taskId == 0) {
        return core::makeError(core::ErrorCode::Usage, tr("Select a task first."));
    }
    const auto type = *core::fromString<core::DependencyType>(m_ui->dependencyType->currentData().toString());
    const auto relation = *core::fromString<core::Relation>(m_ui->dependencyRelation->currentData().toString());
    if (core::isHard(type)) {
        if (auto cycle = m_workspace->service().cycleThrough(m_taskId, prerequisiteId); cycle && !cycle->isEmpty()) {
            return core::makeError(core::ErrorCode::Conflict, showCycle(*cycle, prerequisiteId));
        }
    }
    core::Status s = m_editor->addDependency(m_taskId, prerequisiteId, type, relation, m_ui->dependencyLag->value());
    if (!s) {
        m_ui->cycleLabel->setText(s.error().message);
        return s;
    }
    clearCycle();
    m_ui->dependencyPicker->clear();
    showTask(m_taskId);
    return {};
}

void TaskDetailPanel::addPickedDependency()
{
    const std::optional<qint64> id = pickedId();
    if (!id) {
        m_ui->cycleLabel->setText(tr("Pick a task from the list (type part of its title or its #id)."));
        return;
    }
    (void)addDependency(*id);
}

void TaskDetailPanel::removeSelectedDependency()
{
    QListWidgetItem *item = m_ui->dependencyList->currentItem();
    if (!item || m_taskId == 0) {
        return;
    }
    if (core::Status s = m_editor->removeDependency(m_taskId, item->data(PrerequisiteRole).toLongLong()); !s) {
        Prompt::warning(this, tr("Cannot remove link"), s.error().message);
    }
    showTask(m_taskId);
}

void TaskDetailPanel::addComment()
{
    const QString text = m_ui->commentEdit->toPlainText().trimmed();
    if (m_taskId == 0 || text.isEmpty()) {
        return;
    }
    const auto type = *core::fromString<core::CommentType>(m_ui->commentType->currentData().toString());
    if (auto id = m_editor->addComment(m_taskId, text, type); !id) {
        Prompt::warning(this, tr("Cannot add comment"), id.error().message);
        return;
    }
    m_ui->commentEdit->clear();
    showTask(m_taskId);
}

void TaskDetailPanel::saveComment()
{
    QListWidgetItem *item = m_ui->commentList->currentItem();
    const QString text = m_ui->commentEdit->toPlainText().trimmed();
    if (!item || text.isEmpty()) {
        return;
    }
    const auto type = *core::fromString<core::CommentType>(m_ui->commentType->currentData().toString());
    if (core::Status s =
            m_editor->editComment(m_editor->resolveComment(item->data(Qt::UserRole).toLongLong()), text, type);
        !s) {
        Prompt::warning(this, tr("Cannot save comment"), s.error().message);
        return;
    }
    showTask(m_taskId);
}

} // namespace taskorch::gui
