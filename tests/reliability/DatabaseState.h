// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QMap>
#include <QString>
#include <QStringList>

namespace taskorch::test {

/// What a database holds, reduced to numbers that can be compared: the row count of every table and a SHA-256
/// over the schema (sqlite_master without page numbers, user_version) and over every row of every table.
///
/// Rows are hashed as a sorted set of exact encodings (type tag + value bytes), so the figure does not depend on
/// the order rows are stored in, and a copy made with VACUUM INTO compares equal to its original.
struct DatabaseState
{
    QMap<QString, qint64> rowCounts; ///< every table, sqlite_sequence included
    QByteArray schemaSha256;         ///< hex
    QByteArray rowsSha256;           ///< hex

    bool operator==(const DatabaseState &other) const = default;
    qint64 totalRows() const;
    /// One line for logs: "tasks=20000 task_progress=40000 … schema 1a2b3c4d rows 5e6f7a8b".
    QString summary() const;
};

/// The outcome of checking a database file as a crash left it.
struct DatabaseCheck
{
    QString error;               ///< why the file could not be read at all; empty when it could
    QStringList integrity;       ///< PRAGMA integrity_check rows; {"ok"} when intact
    qint64 foreignKeyErrors = 0; ///< rows of PRAGMA foreign_key_check
    DatabaseState state;

    bool intact() const { return error.isEmpty() && integrity == QStringList{QStringLiteral("ok")}; }
};

/// Opens `path` with the plain sqlite3 API (read-write, so a WAL left by a crash is recovered the way the app
/// would recover it), runs integrity_check and foreign_key_check and reads its state. No row is changed (closing
/// the connection may checkpoint the WAL into the file, as the app does).
DatabaseCheck checkDatabase(const QString &path);

} // namespace taskorch::test
