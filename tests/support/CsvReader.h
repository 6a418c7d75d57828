// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Result.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace taskorch::test {

/// One cell as read: std::nullopt for an empty unquoted field (NULL), a string otherwise (`""` is an empty string).
using CsvCell = std::optional<QString>;
using CsvRecord = QList<CsvCell>;

/// A whole file as read.
struct CsvTable
{
    bool hasBom = false;           ///< the file started with EF BB BF (not part of the first cell)
    bool endsWithLineBreak = true; ///< the last record was terminated (always true for an empty file)
    QList<CsvRecord> records;
};

/// A strict RFC 4180 reader, for checking what CsvWriter writes.
///
/// - An optional UTF-8 BOM is skipped and reported in CsvTable::hasBom; cells must be valid UTF-8.
/// - The delimiter is ',', ';' or '\t'. A quoted field may hold anything, `""` standing for one `"`; CR, LF and
///   CRLF inside quotes are kept as they are.
/// - Records end with CRLF. With `requireCrlf` (the default) a bare CR or LF outside quotes is an error, which is
///   how tests prove the writer never emits one; without it CR, LF and CRLF all end a record.
/// - An empty line is a record with one NULL cell. The last record may lack its line break.
/// - Errors (ErrorCode::Invalid, with the record and byte offset in the message): a `"` inside an unquoted field,
///   anything but a delimiter or a line break after a closing quote, an unterminated quoted field, invalid UTF-8.
class CsvReader
{
public:
    static core::Result<CsvTable> parse(const QByteArray &bytes, char delimiter, bool requireCrlf = true);
    /// Reads a file and parses it; NotFound when it cannot be opened.
    static core::Result<CsvTable> readFile(const QString &path, char delimiter, bool requireCrlf = true);
};

/// For test failure messages: `NULL` for a NULL cell, the text in quotes with C-style escapes otherwise
/// (long texts are shortened).
QString describe(const CsvCell &cell);
QString describe(const CsvRecord &record);

} // namespace taskorch::test
