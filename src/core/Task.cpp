// SPDX-License-Identifier: GPL-3.0-or-later
#include "Task.h"

#include "RowValues.h"

namespace taskorch::core {

const EntitySpec &Task::spec()
{
    static const EntitySpec s{
        QStringLiteral("tasks"),
        {
            {.name = "id", .type = SqlType::Integer},
            {.name = "title", .type = SqlType::Text, .minLength = 1, .maxLength = 500},
            {.name = "description", .type = SqlType::Text, .nullable = true, .maxLength = 2000},
            {.name = "component_area", .type = SqlType::Text, .minLength = 1, .maxLength = 100},
            {.name = "phase", .type = SqlType::Integer, .minValue = 1, .maxValue = 4},
            {.name = "priority", .type = SqlType::Text, .allowedValues = allNames<Priority>()},
            {.name = "complexity", .type = SqlType::Text, .allowedValues = allNames<Complexity>()},
            {.name = "status", .type = SqlType::Text, .allowedValues = allNames<TaskStatus>()},
            {.name = "source_document", .type = SqlType::Text, .minLength = 0, .maxLength = 200},
            {.name = "success_criteria", .type = SqlType::Text, .nullable = true, .maxLength = 1000},
            {.name = "time_estimate_hours", .type = SqlType::Real, .minValue = 0.1, .maxValue = 200},
            {.name = "parent_task_id",
             .type = SqlType::Integer,
             .nullable = true,
             .references = "tasks",
             .onDelete = ForeignKeyAction::Cascade},
            {.name = "created_at", .type = SqlType::Text, .isTimestamp = true},
            {.name = "updated_at", .type = SqlType::Text, .isTimestamp = true},
        },
        {
            {"idx_tasks_component_area", {"component_area"}},
            {"idx_tasks_phase", {"phase"}},
            {"idx_tasks_status", {"status"}},
            {"idx_tasks_priority", {"priority"}},
            {"idx_tasks_parent_task_id", {"parent_task_id"}},
            // Migration 0004: one index per task-list sort. An expression index has one unnamed column ("").
            {"idx_tasks_title", {"title"}},
            {"idx_tasks_time_estimate_hours", {"time_estimate_hours"}},
            {"idx_tasks_created_at", {"created_at"}},
            {"idx_tasks_updated_at", {"updated_at"}},
            {"idx_tasks_priority_rank", {""}},
            {"idx_tasks_complexity_rank", {""}},
            {"idx_tasks_status_rank", {""}},
        },
    };
    return s;
}

QVariantList Task::toRow() const
{
    return {id ? QVariant(id) : QVariant(QMetaType(QMetaType::LongLong)),
            title,
            row::optionalText(description),
            componentArea,
            phase,
            row::enumValue(priority),
            row::enumValue(complexity),
            row::enumValue(status),
            sourceDocument.isNull() ? QStringLiteral("") : sourceDocument, // NOT NULL: a null QString would bind NULL
            row::optionalText(successCriteria),
            timeEstimateHours,
            row::optionalId(parentTaskId),
            row::time(createdAt),
            row::time(updatedAt)};
}

Task Task::fromRow(const QVariantList &r)
{
    Task t;
    t.id = r.value(0).toLongLong();
    t.title = r.value(1).toString();
    t.description = row::toOptionalText(r.value(2));
    t.componentArea = r.value(3).toString();
    t.phase = r.value(4).toInt();
    t.priority = row::toEnum(r.value(5), Priority::Medium);
    t.complexity = row::toEnum(r.value(6), Complexity::Medium);
    t.status = row::toEnum(r.value(7), TaskStatus::NotStarted);
    t.sourceDocument = r.value(8).toString();
    t.successCriteria = row::toOptionalText(r.value(9));
    t.timeEstimateHours = r.value(10).toDouble();
    t.parentTaskId = row::toOptionalId(r.value(11));
    t.createdAt = row::toTime(r.value(12));
    t.updatedAt = row::toTime(r.value(13));
    return t;
}

} // namespace taskorch::core
