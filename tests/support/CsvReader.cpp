// SPDX-License-Identifier: GPL-3.0-or-later
#include "CsvReader.h"

#include <QFile>
#include <QStringDecoder>

namespace taskorch::test {

using core::ErrorCode;
using core::makeError;

namespace {

std::optional<QString> decodeUtf8(const QByteArray &bytes)
{
    // ConvertInitialBom: a cell may start with U+FEFF; only the file's own BOM is skipped, by parse().
    QStringDecoder decoder(QStringDecoder::Utf8,
                           QStringDecoder::Flag::Stateless | QStringDecoder::Flag::ConvertInitialBom);
    QString text = decoder(bytes);
    if (decoder.hasError()) {
        return std::nullopt;
    }
    return text;
}

} // namespace

core::Result<CsvTable> CsvReader::parse(const QByteArray &bytes, char delimiter, bool requireCrlf)
{
    if (delimiter != ',' && delimiter != ';' && delimiter != '\t') {
        return makeError(ErrorCode::Usage, QStringLiteral("unsupported delimiter"));
    }
    CsvTable table;
    qsizetype pos = 0;
    const qsizetype size = bytes.size();
    if (bytes.startsWith("\xEF\xBB\xBF")) {
        table.hasBom = true;
        pos = 3;
    }
    if (pos == size) {
        return table;
    }

    CsvRecord record;
    QByteArray cell;
    auto fail = [&](const char *what) -> core::Result<CsvTable> {
        return makeError(ErrorCode::Invalid, QStringLiteral("CSV error in record %1 at byte %2: %3")
                                                 .arg(table.records.size() + 1)
                                                 .arg(pos)
                                                 .arg(QString::fromLatin1(what)));
    };
    // Ends the current field; false when its bytes are not UTF-8.
    auto endField = [&](bool quoted) {
        if (!quoted && cell.isEmpty()) {
            record.append(std::nullopt);
            return true;
        }
        std::optional<QString> text = decodeUtf8(cell);
        cell.clear();
        if (!text) {
            return false;
        }
        record.append(std::move(*text));
        return true;
    };
    auto endRecord = [&] {
        table.records.append(std::move(record));
        record = {};
    };

    // Each turn of the loop reads one field and what follows it (a delimiter, a line break or the end).
    while (true) {
        bool quoted = false;
        if (pos < size && bytes[pos] == '"') {
            quoted = true;
            ++pos;
            while (true) {
                if (pos >= size) {
                    return fail("unterminated quoted field");
                }
                const char c = bytes[pos];
                if (c == '"') {
                    if (pos + 1 < size && bytes[pos + 1] == '"') {
                        cell.append('"');
                        pos += 2;
                        continue;
                    }
                    ++pos;
                    break;
                }
                cell.append(c);
                ++pos;
            }
            if (pos < size && bytes[pos] != delimiter && bytes[pos] != '\r' && bytes[pos] != '\n') {
                return fail("unexpected character after a closing quote");
            }
        } else {
            while (pos < size) {
                const char c = bytes[pos];
                if (c == delimiter || c == '\r' || c == '\n') {
                    break;
                }
                if (c == '"') {
                    return fail("quote inside an unquoted field");
                }
                cell.append(c);
                ++pos;
            }
        }
        if (!endField(quoted)) {
            return fail("invalid UTF-8");
        }
        if (pos >= size) {
            endRecord();
            table.endsWithLineBreak = false;
            return table;
        }
        const char c = bytes[pos];
        if (c == delimiter) {
            ++pos;
            if (pos == size) { // a trailing delimiter: the record ends with a NULL cell, without line break
                record.append(std::nullopt);
                endRecord();
                table.endsWithLineBreak = false;
                return table;
            }
            continue;
        }
        if (c == '\r' && pos + 1 < size && bytes[pos + 1] == '\n') {
            pos += 2;
        } else if (requireCrlf) {
            return fail(c == '\r' ? "bare CR outside quotes" : "bare LF outside quotes");
        } else {
            pos += 1;
        }
        endRecord();
        if (pos == size) {
            table.endsWithLineBreak = true;
            return table;
        }
    }
}

core::Result<CsvTable> CsvReader::readFile(const QString &path, char delimiter, bool requireCrlf)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return makeError(ErrorCode::NotFound, QStringLiteral("cannot read %1").arg(path), file.errorString());
    }
    return parse(file.readAll(), delimiter, requireCrlf);
}

QString describe(const CsvCell &cell)
{
    if (!cell) {
        return QStringLiteral("NULL");
    }
    QString text = *cell;
    const qsizetype limit = 80;
    const bool shortened = text.size() > limit;
    if (shortened) {
        text.truncate(limit);
    }
    text.replace(QLatin1Char('\\'), QLatin1String("\\\\"))
        .replace(QLatin1Char('"'), QLatin1String("\\\""))
        .replace(QLatin1Char('\r'), QLatin1String("\\r"))
        .replace(QLatin1Char('\n'), QLatin1String("\\n"))
        .replace(QLatin1Char('\t'), QLatin1String("\\t"));
    return QLatin1Char('"') + text + QLatin1Char('"') +
           (shortened ? QStringLiteral("… (%1 characters)").arg(cell->size()) : QString());
}

QString describe(const CsvRecord &record)
{
    QStringList parts;
    for (const CsvCell &cell : record) {
        parts.append(describe(cell));
    }
    return QLatin1Char('[') + parts.join(QStringLiteral(", ")) + QLatin1Char(']');
}

} // namespace taskorch::test
