// SPDX-License-Identifier: GPL-3.0-or-later
#include "CsvWriter.h"

#include "Timestamp.h"

#include <QDir>
#include <QFile>
#include <QFileDevice>
#include <QFileInfo>
#include <QSaveFile>

#include <charconv>
#include <cmath>
#include <cstring>

namespace taskorch::core {

namespace {

// Rows are encoded into one buffer that is written out once it holds this much, so a write(2) moves 64 KiB
// at a time and memory stays flat.
constexpr qsizetype s_flushThreshold = 64 * 1024;
// Room for the threshold plus a typical last row, so the buffer normally never grows.
constexpr qsizetype s_initialCapacity = 80 * 1024;
// After a huge row (a 1 MB description) the buffer is given back once it has been written out.
constexpr qsizetype s_shrinkAbove = 1024 * 1024;

bool isFormulaStart(unsigned c)
{
    return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

bool isEdgeSpace(unsigned c)
{
    return c == ' ' || c == '\t';
}

// U+FEFF at the start of the file would be read as the byte order mark and dropped; quoted, it is text.
bool startsWithBom(const char16_t *s, qsizetype n)
{
    return n > 0 && s[0] == 0xFEFF;
}

bool startsWithBom(const uchar *s, qsizetype size)
{
    return size >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF;
}

// UTF-16 to UTF-8 straight into the buffer. The caller reserved 3 bytes per code unit: at most 3 bytes for a BMP
// character, 2 for a doubled quote, 4 for a surrogate pair (two units). Unpaired surrogates become U+FFFD.
template <bool DoubleQuotes> char *encodeUtf8(const char16_t *s, qsizetype n, char *out)
{
    for (qsizetype i = 0; i < n; ++i) {
        char16_t c = s[i];
        if (c < 0x80) {
            *out++ = char(c);
            if constexpr (DoubleQuotes) {
                if (c == u'"') {
                    *out++ = '"';
                }
            }
        } else if (c < 0x800) {
            *out++ = char(0xC0 | (c >> 6));
            *out++ = char(0x80 | (c & 0x3F));
        } else if (QChar::isHighSurrogate(c) && i + 1 < n && QChar::isLowSurrogate(s[i + 1])) {
            const char32_t u = QChar::surrogateToUcs4(c, s[++i]);
            *out++ = char(0xF0 | (u >> 18));
            *out++ = char(0x80 | ((u >> 12) & 0x3F));
            *out++ = char(0x80 | ((u >> 6) & 0x3F));
            *out++ = char(0x80 | (u & 0x3F));
        } else {
            if (QChar::isSurrogate(c)) {
                c = 0xFFFD;
            }
            *out++ = char(0xE0 | (c >> 12));
            *out++ = char(0x80 | ((c >> 6) & 0x3F));
            *out++ = char(0x80 | (c & 0x3F));
        }
    }
    return out;
}

// Shortest text that reads back to the same value, never locale-dependent (std::to_chars is specified to use the
// "C" locale). Plain decimals in the range people read as numbers, exponent form outside it.
template <typename F> char *formatFloat(F value, char *out, char *end)
{
    const auto copy = [&](const char *text) {
        const size_t length = std::strlen(text);
        std::memcpy(out, text, length);
        return out + length;
    };
    if (std::isnan(value)) {
        return copy("NaN");
    }
    if (std::isinf(value)) {
        return copy(value < 0 ? "-Infinity" : "Infinity");
    }
    const F magnitude = std::fabs(value);
    const bool plain = magnitude == 0 || (magnitude >= F(1e-7) && magnitude < F(1e21));
    const std::to_chars_result result =
        plain ? std::to_chars(out, end, value, std::chars_format::fixed) : std::to_chars(out, end, value);
    Q_ASSERT(result.ec == std::errc());
    return result.ptr;
}

// Enough for any formatFloat() output: at most 21 integer digits, or "-0.000000" and 17 significant digits.
constexpr qsizetype s_maxFloatText = 48;

QString displayPath(const QString &path)
{
    return QDir::toNativeSeparators(path);
}

} // namespace

CsvOptions CsvOptions::excel(const QLocale &locale)
{
    CsvOptions options;
    options.delimiter = CsvWriter::excelDelimiterFor(locale);
    options.bom = true;
    options.formulaGuard = true;
    return options;
}

CsvWriter::CsvWriter(CsvOptions options) : m_options(options) {}

CsvWriter::~CsvWriter()
{
    cancel();
}

bool CsvWriter::isValidDelimiter(char delimiter)
{
    return delimiter == ',' || delimiter == ';' || delimiter == '\t';
}

char CsvWriter::excelDelimiterFor(const QLocale &locale)
{
    return locale.decimalPoint() == QStringLiteral(",") ? ';' : ',';
}

Status CsvWriter::checkCanOpen() const
{
    if (isOpen()) {
        return makeError(ErrorCode::Usage, QStringLiteral("the CSV writer is already writing %1").arg(m_name));
    }
    if (!isValidDelimiter(m_options.delimiter)) {
        return makeError(
            ErrorCode::Invalid, QStringLiteral("the CSV delimiter must be a comma, a semicolon or a tab"),
            QStringLiteral("delimiter byte 0x%1").arg(uchar(m_options.delimiter), 2, 16, QLatin1Char('0')));
    }
    return {};
}

Status CsvWriter::open(const QString &path)
{
    if (Status can = checkCanOpen(); !can) {
        return can;
    }
    const QFileInfo target(path);
    if (target.exists() && !target.isFile() && !target.isDir()) {
        // A device, FIFO or socket (/dev/null, /dev/stdout on a pipe): there is no content to protect, and the
        // temporary file's rename would replace the device node with a regular file. Write to it directly.
        auto special = std::make_unique<QFile>(path);
        if (!special->open(QIODevice::WriteOnly | QIODevice::Unbuffered)) {
            return makeError(ErrorCode::Storage, QStringLiteral("cannot write %1").arg(displayPath(path)),
                             special->errorString());
        }
        m_specialFile = std::move(special);
        start(m_specialFile.get(), displayPath(path));
        return {};
    }
    auto file = std::make_unique<QSaveFile>(path);
    // Unbuffered: this class already buffers 64 KiB, and write errors then show up on the write that caused them.
    if (!file->open(QIODevice::WriteOnly | QIODevice::Unbuffered)) {
        const QFileInfo &info = target;
        const QString folder = displayPath(info.absolutePath());
        QString why;
        if (info.isDir()) {
            why = QStringLiteral("it is a folder, not a file");
        } else if (!QFileInfo(info.absolutePath()).isDir()) {
            why = QStringLiteral("the folder %1 does not exist").arg(folder);
        } else if (info.exists() && !info.isWritable()) {
            why = QStringLiteral("the file is read-only");
        } else if (!QFileInfo(info.absolutePath()).isWritable()) {
            why = QStringLiteral("the folder %1 is not writable").arg(folder);
        } else {
            why = QStringLiteral("cannot create a file in the folder %1").arg(folder);
        }
        return makeError(ErrorCode::Storage, QStringLiteral("cannot write %1: %2").arg(displayPath(path), why),
                         file->errorString());
    }
    m_file = std::move(file);
    start(m_file.get(), displayPath(path));
    return {};
}

Status CsvWriter::open(QIODevice *device, const QString &name)
{
    Q_ASSERT(device);
    if (Status can = checkCanOpen(); !can) {
        return can;
    }
    const QString displayName = name.isEmpty() ? QStringLiteral("the CSV output") : name;
    if (!device->isWritable()) {
        return makeError(ErrorCode::Usage,
                         QStringLiteral("cannot write %1: it is not open for writing").arg(displayName));
    }
    start(device, displayName);
    return {};
}

void CsvWriter::start(QIODevice *device, const QString &name)
{
    m_device = device;
    m_name = name;
    m_status = {};
    m_rows = 0;
    m_inRow = false;
    m_buffer = QByteArray(s_initialCapacity, Qt::Uninitialized);
    m_data = m_buffer.data();
    m_size = 0;
    std::fill(std::begin(m_special), std::end(m_special), false);
    m_special[uchar(m_options.delimiter)] = true;
    m_special[uchar('"')] = true;
    m_special[uchar('\r')] = true;
    m_special[uchar('\n')] = true;
    if (m_options.bom) {
        writeAscii("\xEF\xBB\xBF", 3);
    }
}

Status CsvWriter::writeHeader(const QStringList &names)
{
    if (!isOpen()) {
        return makeError(ErrorCode::Usage, QStringLiteral("the CSV writer is not open"));
    }
    beginRow();
    for (const QString &name : names) {
        field(name);
    }
    return finishRow(false);
}

Status CsvWriter::writeRow(const QVariantList &values)
{
    if (!isOpen()) {
        return makeError(ErrorCode::Usage, QStringLiteral("the CSV writer is not open"));
    }
    beginRow();
    for (const QVariant &value : values) {
        fieldValue(value);
    }
    return finishRow(true);
}

void CsvWriter::beginRow()
{
    Q_ASSERT_X(isOpen(), "CsvWriter::beginRow", "the writer is not open");
    Q_ASSERT_X(!m_inRow, "CsvWriter::beginRow", "the previous row was not ended");
    m_inRow = true;
    m_firstField = true;
    m_column = 0;
}

void CsvWriter::selectColumns(QList<bool> keep)
{
    m_keep = std::move(keep);
}

Status CsvWriter::endRow()
{
    return finishRow(true);
}

Status CsvWriter::finishRow(bool countIt)
{
    Q_ASSERT_X(m_inRow, "CsvWriter::endRow", "no row was begun");
    m_inRow = false;
    reserve(2);
    put('\r');
    put('\n');
    if (countIt && m_status.ok()) {
        ++m_rows;
    }
    if (m_size >= s_flushThreshold) {
        return flush();
    }
    return m_status;
}

inline void CsvWriter::reserve(qsizetype extra)
{
    if (m_size + extra > m_buffer.size()) {
        grow(extra);
    }
}

void CsvWriter::grow(qsizetype extra)
{
    m_buffer.resize(std::max(2 * m_buffer.size(), m_size + extra));
    m_data = m_buffer.data();
}

inline bool CsvWriter::startField()
{
    Q_ASSERT_X(m_inRow, "CsvWriter::field", "field outside beginRow()/endRow()");
    if (!m_keep.isEmpty()) {
        const qsizetype column = m_column++;
        if (column >= m_keep.size() || !m_keep[column]) {
            return false;
        }
    }
    if (m_firstField) {
        m_firstField = false;
    } else {
        reserve(1);
        put(m_options.delimiter);
    }
    return true;
}

void CsvWriter::nullField()
{
    if (!startField()) {
        return;
    }
}

void CsvWriter::field(QStringView text)
{
    if (!startField()) {
        return;
    }
    const char16_t *s = text.utf16();
    const qsizetype n = text.size();
    const bool guard = m_options.formulaGuard && n > 0 && isFormulaStart(s[0]);
    // An empty string is quoted so that it reads back differently from NULL; edge spaces are quoted because
    // some readers trim unquoted fields.
    bool quote = n == 0 || (!guard && isEdgeSpace(s[0])) || (n > 0 && isEdgeSpace(s[n - 1])) || startsWithBom(s, n);
    bool hasQuote = false;
    for (qsizetype i = 0; i < n; ++i) {
        const char16_t c = s[i];
        if (c < 0x80 && m_special[c]) {
            quote = true;
            if (c == u'"') {
                hasQuote = true;
                break;
            }
        }
    }
    reserve(3 * n + 3);
    char *out = m_data + m_size;
    if (quote) {
        *out++ = '"';
    }
    if (guard) {
        *out++ = '\'';
    }
    out = hasQuote ? encodeUtf8<true>(s, n, out) : encodeUtf8<false>(s, n, out);
    if (quote) {
        *out++ = '"';
    }
    m_size = out - m_data;
}

void CsvWriter::fieldUtf8(const char *data, qsizetype size)
{
    if (!data) {
        nullField();
        return;
    }
    Q_ASSERT(size >= 0);
    if (!startField()) {
        return;
    }
    const auto *s = reinterpret_cast<const uchar *>(data);
    const bool guard = m_options.formulaGuard && size > 0 && isFormulaStart(s[0]);
    bool quote =
        size == 0 || (!guard && isEdgeSpace(s[0])) || (size > 0 && isEdgeSpace(s[size - 1])) || startsWithBom(s, size);
    bool hasQuote = false;
    for (qsizetype i = 0; i < size; ++i) {
        if (m_special[s[i]]) {
            quote = true;
            if (s[i] == '"') {
                hasQuote = true;
                break;
            }
        }
    }
    reserve(2 * size + 3);
    char *out = m_data + m_size;
    if (quote) {
        *out++ = '"';
    }
    if (guard) {
        *out++ = '\'';
    }
    if (!hasQuote) {
        std::memcpy(out, data, size_t(size));
        out += size;
    } else {
        const char *p = data;
        const char *end = data + size;
        while (p < end) {
            const auto *q = static_cast<const char *>(std::memchr(p, '"', size_t(end - p)));
            const char *stop = q ? q + 1 : end;
            std::memcpy(out, p, size_t(stop - p));
            out += stop - p;
            if (q) {
                *out++ = '"';
            }
            p = stop;
        }
    }
    if (quote) {
        *out++ = '"';
    }
    m_size = out - m_data;
}

void CsvWriter::field(bool value)
{
    if (!startField()) {
        return;
    }
    if (value) {
        writeAscii("true", 4);
    } else {
        writeAscii("false", 5);
    }
}

void CsvWriter::writeInteger(qint64 value)
{
    if (!startField()) {
        return;
    }
    reserve(24);
    m_size = std::to_chars(m_data + m_size, m_data + m_size + 24, value).ptr - m_data;
}

void CsvWriter::writeUnsigned(quint64 value)
{
    if (!startField()) {
        return;
    }
    reserve(24);
    m_size = std::to_chars(m_data + m_size, m_data + m_size + 24, value).ptr - m_data;
}

void CsvWriter::field(double value)
{
    if (!startField()) {
        return;
    }
    reserve(s_maxFloatText);
    m_size = formatFloat(value, m_data + m_size, m_data + m_size + s_maxFloatText) - m_data;
}

void CsvWriter::field(float value)
{
    if (!startField()) {
        return;
    }
    reserve(s_maxFloatText);
    m_size = formatFloat(value, m_data + m_size, m_data + m_size + s_maxFloatText) - m_data;
}

void CsvWriter::field(const QDateTime &time)
{
    if (!time.isValid()) {
        nullField();
        return;
    }
    if (!startField()) {
        return;
    }
    const QString text = Timestamp::format(time);
    reserve(3 * text.size());
    m_size = encodeUtf8<false>(QStringView(text).utf16(), text.size(), m_data + m_size) - m_data;
}

void CsvWriter::writeAscii(const char *text, qsizetype size)
{
    reserve(size);
    std::memcpy(m_data + m_size, text, size_t(size));
    m_size += size;
}

void CsvWriter::fieldValue(const QVariant &value)
{
    if (value.isNull()) {
        nullField();
        return;
    }
    switch (value.metaType().id()) {
    case QMetaType::Bool:
        field(value.toBool());
        return;
    case QMetaType::Int:
    case QMetaType::Long:
    case QMetaType::LongLong:
    case QMetaType::Short:
    case QMetaType::SChar:
    case QMetaType::Char:
        writeInteger(value.toLongLong());
        return;
    case QMetaType::UInt:
    case QMetaType::ULong:
    case QMetaType::ULongLong:
    case QMetaType::UShort:
    case QMetaType::UChar:
        writeUnsigned(value.toULongLong());
        return;
    case QMetaType::Double:
        field(value.toDouble());
        return;
    case QMetaType::Float:
        field(value.toFloat());
        return;
    case QMetaType::QString:
        field(QStringView(*static_cast<const QString *>(value.constData())));
        return;
    case QMetaType::QByteArray: {
        const auto *bytes = static_cast<const QByteArray *>(value.constData());
        fieldUtf8(bytes->constData(), bytes->size());
        return;
    }
    case QMetaType::QDateTime:
        field(*static_cast<const QDateTime *>(value.constData()));
        return;
    case QMetaType::QDate: {
        const QDate date = value.toDate();
        if (date.isValid()) {
            field(date.toString(Qt::ISODate));
        } else {
            nullField();
        }
        return;
    }
    case QMetaType::QTime: {
        const QTime time = value.toTime();
        if (time.isValid()) {
            field(time.toString(Qt::ISODateWithMs));
        } else {
            nullField();
        }
        return;
    }
    default:
        break;
    }
    if (!value.canConvert<QString>()) {
        nullField();
        fail(makeError(ErrorCode::Invalid,
                       QStringLiteral("cannot write %1: row %2 has a value of type %3, which has no text form")
                           .arg(m_name)
                           .arg(m_rows + 1)
                           .arg(QString::fromLatin1(value.metaType().name())),
                       QStringLiteral("QVariant type id %1").arg(value.metaType().id())));
        return;
    }
    field(value.toString());
}

void CsvWriter::fail(Error error)
{
    if (m_status.ok()) {
        m_status = std::move(error);
    }
}

Status CsvWriter::flush()
{
    if (!m_status.ok() || m_size == 0) {
        m_size = 0;
        return m_status;
    }
    // A short write is retried: the retry is what reports the OS error (QFileDevice only records errno when
    // nothing at all could be written).
    qint64 done = 0;
    while (done < m_size) {
        const qint64 written = m_device->write(m_data + done, m_size - done);
        if (written <= 0) {
            fail(writeError(m_device->errorString()));
            break;
        }
        done += written;
    }
    m_size = 0;
    if (m_buffer.size() > s_shrinkAbove) {
        m_buffer = QByteArray(s_initialCapacity, Qt::Uninitialized);
        m_data = m_buffer.data();
    }
    return m_status;
}

Error CsvWriter::writeError(const QString &osText) const
{
    return makeError(ErrorCode::Storage,
                     m_file
                         ? QStringLiteral("could not write %1 (is the disk full?); the file was not saved").arg(m_name)
                         : QStringLiteral("could not write %1 (is the disk full?)").arg(m_name),
                     osText);
}

Status CsvWriter::commit()
{
    if (!isOpen()) {
        return makeError(ErrorCode::Usage, QStringLiteral("the CSV writer is not open"));
    }
    if (m_inRow) {
        Q_ASSERT_X(false, "CsvWriter::commit", "the last row was not ended");
        fail(makeError(ErrorCode::Usage, QStringLiteral("cannot save %1: the last row was not ended").arg(m_name)));
    }
    Status status = flush();
    if (status.ok()) {
        if (m_file) {
            if (!m_file->commit()) {
                status = makeError(
                    ErrorCode::Storage,
                    QStringLiteral("could not save %1 (is the disk full?); the file was not changed").arg(m_name),
                    m_file->errorString());
            }
        } else if (auto *file = qobject_cast<QFileDevice *>(m_device); file && !file->flush()) {
            status = writeError(file->errorString());
        }
    }
    if (!status.ok()) {
        cancel();
        return status;
    }
    m_file.reset();
    m_specialFile.reset();
    close();
    return status;
}

void CsvWriter::cancel()
{
    if (!isOpen()) {
        return;
    }
    if (m_file) {
        m_file->cancelWriting();
        m_file.reset(); // QSaveFile removes its temporary file when destroyed without a successful commit
    }
    m_specialFile.reset();
    close();
}

void CsvWriter::close()
{
    m_device = nullptr;
    m_inRow = false;
    m_size = 0;
    m_buffer = QByteArray();
    m_data = nullptr;
}

} // namespace taskorch::core
