// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QString>

#include <functional>
#include <optional>

namespace taskorch::core {

/// The one timestamp format TaskOrch stores: `2025-08-03T22:30:31.958Z` (UTC, milliseconds, sortable as text),
/// and the lenient parser the legacy importer needs.
namespace Timestamp {

/// Formats in the canonical stored form. The input is converted to UTC first.
QString format(const QDateTime &time);

/// Parses the canonical stored form only.
std::optional<QDateTime> parseCanonical(QStringView text);

/// Parses every format legacy files carry: `YYYY-MM-DD[ T]HH:MM[:SS[.f{0,9}]]` with an optional `Z` or
/// `±HH[:MM]` offset, a bare date `YYYY-MM-DD`, or Unix epoch seconds. Values without a zone are taken as UTC.
/// Returns the time in UTC, or nothing when the text is not a time or the time is outside the years 1–9999 (which
/// format() cannot write).
std::optional<QDateTime> parseLenient(QStringView text);

} // namespace Timestamp

/// The current time, swappable for tests so that stored timestamps are predictable.
class Clock
{
public:
    static QDateTime now();
    /// Replaces the clock; pass an empty function to restore the system clock.
    static void setSource(std::function<QDateTime()> source);
};

} // namespace taskorch::core
