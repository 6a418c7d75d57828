// SPDX-License-Identifier: GPL-3.0-or-later
// Fuzzes CsvWriter (SPEC.md §9) through a write → read round trip: rows of text and NULL cells are written with one
// of the delimiters, with or without BOM and formula guard, through field(), fieldUtf8(), fieldValue(), writeRow()
// and writeHeader(), then read back with the strict RFC 4180 reader of the QtTest suite. Every cell must come back
// as it went in: NULL as NULL, text as text, except for what CsvWriter documents (the formula guard's `'` prefix,
// unpaired UTF-16 surrogates written as U+FFFD).
//
// Input: byte 0 chooses the options and the writing calls; the rest is text (UTF-8, or UTF-16 when bit 5 is set)
// in which U+001E ends a row, U+001F ends a cell and a cell holding only U+001D is NULL.
#include "CsvReader.h"
#include "CsvWriter.h"
#include "FuzzSupport.h"

#include <QBuffer>
#include <QStringDecoder>

#include <cstdint>
#include <cstring>

using namespace taskorch;
using test::CsvCell;
using test::CsvRecord;

namespace {

constexpr char16_t kRowEnd = 0x1E;
constexpr char16_t kCellEnd = 0x1F;
constexpr char16_t kNull = 0x1D;

enum class Call
{
    Field,      ///< beginRow(), field(QStringView) / nullField(), endRow()
    FieldUtf8,  ///< beginRow(), fieldUtf8() (NULL: a null pointer), endRow()
    FieldValue, ///< beginRow(), fieldValue(QVariant), endRow()
    WriteRow,   ///< writeRow(QVariantList)
};

// UTF-8 to text, keeping a leading U+FEFF (QString::fromUtf8() drops it), invalid sequences as U+FFFD.
QString decodeUtf8(QByteArrayView utf8)
{
    QStringDecoder decoder(QStringDecoder::Utf8,
                           QStringDecoder::Flag::Stateless | QStringDecoder::Flag::ConvertInitialBom);
    return decoder(utf8);
}

// What a cell reads back as.
CsvCell expected(const CsvCell &cell, bool formulaGuard)
{
    if (!cell) {
        return std::nullopt;
    }
    QString text = *cell;
    for (QChar &c : text) {
        if (c.isSurrogate()) {
            c = QChar(0xFFFD);
        }
    }
    // Repair pairs that the loop above broke: a valid pair stays as it is.
    const QString &raw = *cell;
    for (qsizetype i = 0; i + 1 < raw.size(); ++i) {
        if (raw[i].isHighSurrogate() && raw[i + 1].isLowSurrogate()) {
            text[i] = raw[i];
            text[i + 1] = raw[i + 1];
            ++i;
        }
    }
    const char16_t first = text.isEmpty() ? 0 : text[0].unicode();
    if (formulaGuard &&
        (first == u'=' || first == u'+' || first == u'-' || first == u'@' || first == u'\t' || first == u'\r')) {
        text.prepend(u'\'');
    }
    return text;
}

QList<CsvRecord> split(const QString &text)
{
    QList<CsvRecord> rows;
    for (QStringView row : QStringView(text).split(kRowEnd)) {
        CsvRecord record;
        for (QStringView cell : row.split(kCellEnd)) {
            if (cell.size() == 1 && cell[0] == kNull) {
                record.append(std::nullopt);
            } else {
                record.append(cell.toString());
            }
        }
        rows.append(record);
    }
    return rows;
}

QString describeAll(const QList<CsvRecord> &records)
{
    QStringList lines;
    for (const CsvRecord &record : records) {
        lines << test::describe(record);
    }
    return lines.join(u'\n');
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    fuzz::initialise();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0) {
        return 0;
    }
    const uint8_t mode = data[0];
    core::CsvOptions options;
    options.delimiter = ",;\t,"[mode & 3];
    options.bom = (mode & 4) != 0;
    options.formulaGuard = (mode & 8) != 0;
    const bool header = (mode & 16) != 0;
    const bool utf16 = (mode & 32) != 0;
    const auto call = Call((mode >> 6) & 3);

    QString text;
    if (utf16) {
        text.resize(qsizetype((size - 1) / 2));
        std::memcpy(text.data(), data + 1, size_t(text.size()) * 2);
    } else {
        text = decodeUtf8(QByteArrayView(data + 1, qsizetype(size - 1)));
    }
    const QList<CsvRecord> rows = split(text);

    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    core::CsvWriter writer(options);
    core::Status status = writer.open(&buffer, QStringLiteral("fuzz"));
    FUZZ_CHECK(status.ok(), status.error().message);

    QList<CsvRecord> wanted;
    for (qsizetype r = 0; r < rows.size(); ++r) {
        const CsvRecord &row = rows[r];
        CsvRecord expectedRow;
        if (r == 0 && header) {
            QStringList names;
            for (const CsvCell &cell : row) {
                names << cell.value_or(QString());
                expectedRow << expected(cell.value_or(QString()), options.formulaGuard);
            }
            status = writer.writeHeader(names);
        } else if (call == Call::WriteRow) {
            QVariantList values;
            for (const CsvCell &cell : row) {
                values << (cell ? QVariant(*cell) : QVariant());
                expectedRow << expected(cell, options.formulaGuard);
            }
            status = writer.writeRow(values);
        } else {
            writer.beginRow();
            for (const CsvCell &cell : row) {
                CsvCell written = cell;
                if (call == Call::FieldUtf8) {
                    // fieldUtf8() takes bytes that already are UTF-8, as SQLite gives them (toUtf8() writes an
                    // unpaired surrogate as '?', so the bytes, not the cell, are what must come back).
                    const QByteArray utf8 = cell ? cell->toUtf8() : QByteArray();
                    writer.fieldUtf8(cell ? utf8.constData() : nullptr, utf8.size());
                    if (cell) {
                        written = decodeUtf8(utf8);
                    }
                } else if (call == Call::FieldValue) {
                    writer.fieldValue(cell ? QVariant(*cell) : QVariant());
                } else if (cell) {
                    writer.field(QStringView(*cell));
                } else {
                    writer.nullField();
                }
                expectedRow << expected(written, options.formulaGuard);
            }
            status = writer.endRow();
        }
        FUZZ_CHECK(status.ok(), status.error().message);
        wanted << expectedRow;
    }
    status = writer.commit();
    FUZZ_CHECK(status.ok(), status.error().message);
    FUZZ_CHECK(writer.rowsWritten() == rows.size() - (header ? 1 : 0), QString::number(writer.rowsWritten()));

    const auto read = test::CsvReader::parse(bytes, options.delimiter);
    const auto context = [&] {
        return QStringLiteral("options: delimiter 0x%1, bom %2, guard %3, header %4, call %5\n"
                              "wrote:\n%6\nbytes: %7")
            .arg(uchar(options.delimiter), 2, 16, QLatin1Char('0'))
            .arg(options.bom)
            .arg(options.formulaGuard)
            .arg(header)
            .arg(int(call))
            .arg(describeAll(rows), QString::fromLatin1(bytes.toHex(' ')));
    };
    FUZZ_CHECK(read.ok(), read.ok() ? QString() : read.error().message + QLatin1Char('\n') + context());
    FUZZ_CHECK(read->hasBom == options.bom, context());
    FUZZ_CHECK(read->endsWithLineBreak, context());
    FUZZ_CHECK(read->records == wanted,
               QStringLiteral("read back:\n%1\nexpected:\n%2\n").arg(describeAll(read->records), describeAll(wanted)) +
                   context());
    return 0;
}
