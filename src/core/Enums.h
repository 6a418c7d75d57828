// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>

#include <array>
#include <optional>
#include <string_view>
#include <utility>

namespace taskorch::core {

enum class TaskStatus
{
    NotStarted,
    InProgress,
    Blocked,
    Completed,
    Failed
};
enum class Priority
{
    Low,
    Medium,
    High,
    Critical
};
enum class Complexity
{
    Simple,
    Medium,
    Complex,
    Expert
};
enum class DependencyType
{
    Blocks,
    Requires,
    Enhances
};
enum class CommentType
{
    Note,
    Decision,
    Blocker,
    Solution
};
enum class ExecutionStatus
{
    Pending,
    Running,
    Completed,
    Failed,
    Cancelled
};
enum class LogLevel
{
    Debug,
    Info,
    Warning,
    Error
};
/// How a dependency constrains its dependent (finish-to-start by default).
enum class Relation
{
    FS,
    SS,
    FF,
    SF
};

/// The one place each enumeration's stored spelling is written down. The order is the ordinal order.
template <typename E> struct EnumNames;

#define TASKORCH_ENUM_NAMES(E, ...)                                                                                    \
    template <> struct EnumNames<E>                                                                                    \
    {                                                                                                                  \
        static constexpr auto values = std::to_array<std::pair<E, std::string_view>>({__VA_ARGS__});                   \
    };

TASKORCH_ENUM_NAMES(TaskStatus, {TaskStatus::NotStarted, "not_started"}, {TaskStatus::InProgress, "in_progress"},
                    {TaskStatus::Blocked, "blocked"}, {TaskStatus::Completed, "completed"},
                    {TaskStatus::Failed, "failed"})
TASKORCH_ENUM_NAMES(Priority, {Priority::Low, "low"}, {Priority::Medium, "medium"}, {Priority::High, "high"},
                    {Priority::Critical, "critical"})
TASKORCH_ENUM_NAMES(Complexity, {Complexity::Simple, "simple"}, {Complexity::Medium, "medium"},
                    {Complexity::Complex, "complex"}, {Complexity::Expert, "expert"})
TASKORCH_ENUM_NAMES(DependencyType, {DependencyType::Blocks, "blocks"}, {DependencyType::Requires, "requires"},
                    {DependencyType::Enhances, "enhances"})
TASKORCH_ENUM_NAMES(CommentType, {CommentType::Note, "note"}, {CommentType::Decision, "decision"},
                    {CommentType::Blocker, "blocker"}, {CommentType::Solution, "solution"})
TASKORCH_ENUM_NAMES(ExecutionStatus, {ExecutionStatus::Pending, "pending"}, {ExecutionStatus::Running, "running"},
                    {ExecutionStatus::Completed, "completed"}, {ExecutionStatus::Failed, "failed"},
                    {ExecutionStatus::Cancelled, "cancelled"})
TASKORCH_ENUM_NAMES(LogLevel, {LogLevel::Debug, "debug"}, {LogLevel::Info, "info"}, {LogLevel::Warning, "warning"},
                    {LogLevel::Error, "error"})
TASKORCH_ENUM_NAMES(Relation, {Relation::FS, "FS"}, {Relation::SS, "SS"}, {Relation::FF, "FF"}, {Relation::SF, "SF"})

#undef TASKORCH_ENUM_NAMES

/// The canonical stored spelling, e.g. `not_started`. (Callers use the toString() overloads below.)
template <typename E> QString enumToString(E value)
{
    for (const auto &[v, name] : EnumNames<E>::values) {
        if (v == value) {
            return QString::fromLatin1(name.data(), qsizetype(name.size()));
        }
    }
    return {};
}

// Plain overloads rather than one template, so that they win over QTest::toString<T> in QCOMPARE output.
inline QString toString(TaskStatus v)
{
    return enumToString(v);
}
inline QString toString(Priority v)
{
    return enumToString(v);
}
inline QString toString(Complexity v)
{
    return enumToString(v);
}
inline QString toString(DependencyType v)
{
    return enumToString(v);
}
inline QString toString(CommentType v)
{
    return enumToString(v);
}
inline QString toString(ExecutionStatus v)
{
    return enumToString(v);
}
inline QString toString(LogLevel v)
{
    return enumToString(v);
}
inline QString toString(Relation v)
{
    return enumToString(v);
}

/// Parses the canonical spelling only (exact match); lenient legacy spellings belong to the importer.
template <typename E> std::optional<E> fromString(QStringView text)
{
    for (const auto &[v, name] : EnumNames<E>::values) {
        if (text == QLatin1StringView(name.data(), qsizetype(name.size()))) {
            return v;
        }
    }
    return std::nullopt;
}

/// Every canonical spelling, in ordinal order.
template <typename E> QStringList allNames()
{
    QStringList out;
    for (const auto &entry : EnumNames<E>::values) {
        out << QString::fromLatin1(entry.second.data(), qsizetype(entry.second.size()));
    }
    return out;
}

/// Priority rank for sorting: low 1 … critical 4 (never sort priorities as text).
inline int ordinal(Priority p)
{
    return int(p) + 1;
}

/// Dependency types that constrain the schedule (`enhances` is drawn but never scheduled).
inline bool isHard(DependencyType type)
{
    return type != DependencyType::Enhances;
}

} // namespace taskorch::core
