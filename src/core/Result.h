// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <utility>
#include <variant>

namespace taskorch::core {

/// What went wrong, in the categories the CLI maps to exit codes (SPEC.md §10).
enum class ErrorCode
{
    Usage,     ///< the command was called wrongly (exit 1)
    Invalid,   ///< a value broke a rule (exit 2)
    NotFound,  ///< an id or file that does not exist (exit 3)
    Conflict,  ///< a cycle, a duplicate import (exit 4)
    Storage,   ///< not a database, locked, corrupt, newer schema, unwritable (exit 5)
    Cancelled, ///< the user cancelled a long operation
};

/// An error for a person (`message`) with the technical cause kept for logs (`detail`).
struct Error
{
    ErrorCode code = ErrorCode::Invalid;
    QString message;
    QString detail;
};

/// A value or an Error. Errors travel as values, never as exceptions.
template<typename T>
class [[nodiscard]] Result
{
public:
    Result(T value) : m_data(std::move(value)) {}
    Result(Error error) : m_data(std::move(error)) {}

    bool ok() const { return std::holds_alternative<T>(m_data); }
    explicit operator bool() const { return ok(); }

    const T &value() const & { return std::get<T>(m_data); }
    T &value() & { return std::get<T>(m_data); }
    T &&value() && { return std::get<T>(std::move(m_data)); }
    const T &operator*() const & { return value(); }
    const T *operator->() const { return &value(); }
    T *operator->() { return &value(); }

    const Error &error() const { return std::get<Error>(m_data); }

private:
    std::variant<T, Error> m_data;
};

/// Result of an operation that produces no value.
template<>
class [[nodiscard]] Result<void>
{
public:
    Result() = default;
    Result(Error error) : m_error(std::move(error)), m_ok(false) {}

    bool ok() const { return m_ok; }
    explicit operator bool() const { return m_ok; }
    const Error &error() const { return m_error; }

private:
    Error m_error;
    bool m_ok = true;
};

using Status = Result<void>;

inline Error makeError(ErrorCode code, QString message, QString detail = {})
{
    return Error{code, std::move(message), std::move(detail)};
}

} // namespace taskorch::core
