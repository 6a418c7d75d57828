// SPDX-License-Identifier: GPL-3.0-or-later
#include "TaskDependency.h"

#include "RowValues.h"

namespace taskorch::core {

const EntitySpec &TaskDependency::spec()
{
    // relation and lag_hours come from migration 0002 and therefore sit after created_at.
    static const EntitySpec s{
        QStringLiteral("task_dependencies"),
        {
            {.name = "id", .type = SqlType::Integer},
            {.name = "task_id", .type = SqlType::Integer, .references = "tasks", .onDelete = ForeignKeyAction::Cascade},
            {.name = "depends_on_task_id",
             .type = SqlType::Integer,
             .references = "tasks",
             .onDelete = ForeignKeyAction::Cascade},
            {.name = "dependency_type", .type = SqlType::Text, .allowedValues = allNames<DependencyType>()},
            {.name = "created_at", .type = SqlType::Text, .isTimestamp = true},
            {.name = "relation", .type = SqlType::Text, .allowedValues = allNames<Relation>()},
            {.name = "lag_hours", .type = SqlType::Real, .minValue = -10000, .maxValue = 10000},
        },
        {
            {"idx_task_dependencies_task_id", {"task_id"}},
            {"idx_task_dependencies_depends_on_task_id", {"depends_on_task_id"}},
            {"sqlite_autoindex_task_dependencies_1", {"task_id", "depends_on_task_id"}, true},
        },
    };
    return s;
}

QVariantList TaskDependency::toRow() const
{
    return {id ? QVariant(id) : QVariant(QMetaType(QMetaType::LongLong)),
            taskId,
            dependsOnTaskId,
            row::enumValue(type),
            row::time(createdAt),
            row::enumValue(relation),
            lagHours};
}

TaskDependency TaskDependency::fromRow(const QVariantList &r)
{
    TaskDependency d;
    d.id = r.value(0).toLongLong();
    d.taskId = r.value(1).toLongLong();
    d.dependsOnTaskId = r.value(2).toLongLong();
    d.type = row::toEnum(r.value(3), DependencyType::Blocks);
    d.createdAt = row::toTime(r.value(4));
    d.relation = row::toEnum(r.value(5), Relation::FS);
    d.lagHours = r.value(6).toDouble();
    return d;
}

QList<FieldError> TaskDependency::validate() const
{
    QList<FieldError> errors = validateRow(spec(), toRow());
    if (taskId == dependsOnTaskId) {
        errors << FieldError{QStringLiteral("depends_on_task_id"),
                             QStringLiteral("depends_on_task_id: a task cannot depend on itself (task %1)").arg(taskId)};
    }
    return errors;
}

} // namespace taskorch::core
