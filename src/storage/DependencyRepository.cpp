// SPDX-License-Identifier: GPL-3.0-or-later
#include "DependencyRepository.h"

namespace taskorch::storage {

namespace {
const auto kHardPrerequisites =
    QStringLiteral("SELECT depends_on_task_id FROM task_dependencies WHERE task_id = ? "
                   "AND dependency_type IN ('blocks', 'requires') ORDER BY depends_on_task_id");
}

Result<std::optional<TaskDependency>> DependencyRepository::find(qint64 taskId, qint64 prerequisiteId)
{
    auto rows =
        m_store.select(QStringLiteral("SELECT %1 FROM task_dependencies WHERE task_id = ? AND depends_on_task_id = ?")
                           .arg(m_store.selectColumns()),
                       {taskId, prerequisiteId});
    if (!rows) {
        return rows.error();
    }
    return rows->isEmpty() ? std::nullopt : std::optional<TaskDependency>(rows->first());
}

Result<QList<DependencyView>> DependencyRepository::prerequisitesOf(qint64 taskId)
{
    QStringList qualified;
    for (const QString &c : TaskDependency::spec().columnNames()) {
        qualified << QStringLiteral("d.") + c;
    }
    QSqlQuery q(m_store.database().connection());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT %1, t.title, t.status FROM task_dependencies d "
                             "JOIN tasks t ON t.id = d.depends_on_task_id WHERE d.task_id = ? ORDER BY d.id")
                  .arg(qualified.join(QStringLiteral(", "))));
    q.bindValue(0, taskId);
    if (!q.exec()) {
        return m_store.failure(q, QStringLiteral("cannot read the dependencies of task %1").arg(taskId));
    }
    QList<DependencyView> out;
    const int n = int(TaskDependency::spec().columns.size());
    while (q.next()) {
        DependencyView v;
        v.dependency = TaskDependency::fromRow(EntityStore<TaskDependency>::rowOf(q));
        v.prerequisiteTitle = q.value(n).toString();
        v.prerequisiteStatus =
            core::fromString<core::TaskStatus>(q.value(n + 1).toString()).value_or(core::TaskStatus::NotStarted);
        out << v;
    }
    return out;
}

Result<QList<TaskDependency>> DependencyRepository::dependentsOf(qint64 taskId)
{
    return m_store.select(QStringLiteral("SELECT %1 FROM task_dependencies WHERE depends_on_task_id = ? ORDER BY id")
                              .arg(m_store.selectColumns()),
                          {taskId});
}

Result<QList<TaskDependency>> DependencyRepository::all()
{
    return m_store.select(QStringLiteral("SELECT %1 FROM task_dependencies ORDER BY id").arg(m_store.selectColumns()));
}

Result<QList<qint64>> DependencyRepository::hardPrerequisiteIds(qint64 taskId)
{
    if (!m_hardPrerequisites) {
        m_hardPrerequisites.emplace(m_store.database().connection());
        m_hardPrerequisites->setForwardOnly(true);
        m_hardPrerequisites->prepare(kHardPrerequisites);
    }
    QSqlQuery &q = *m_hardPrerequisites;
    q.bindValue(0, taskId);
    if (!q.exec()) {
        return m_store.failure(q, QStringLiteral("cannot read the dependencies of task %1").arg(taskId));
    }
    QList<qint64> ids;
    while (q.next()) {
        ids << q.value(0).toLongLong();
    }
    q.finish();
    return ids;
}

} // namespace taskorch::storage
