// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Result.h"

#include <QByteArray>
#include <QDateTime>
#include <QLocale>
#include <QString>
#include <QStringList>
#include <QVariant>

#include <concepts>
#include <memory>
#include <optional>

QT_BEGIN_NAMESPACE
class QFile;
class QIODevice;
class QSaveFile;
QT_END_NAMESPACE

namespace taskorch::core {

/// The integer types field() writes as numbers: every integral type except bool and the character types.
template <typename T>
concept CsvInteger =
    std::integral<T> && !std::same_as<T, bool> && !std::same_as<T, char> && !std::same_as<T, char8_t> &&
    !std::same_as<T, char16_t> && !std::same_as<T, char32_t> && !std::same_as<T, wchar_t>;

/// How a CSV report is written (SPEC.md §9).
struct CsvOptions
{
    /// ',', ';' or '\t'. Anything else makes CsvWriter::open() fail with ErrorCode::Invalid.
    char delimiter = ',';
    /// Start the file with the UTF-8 byte order mark (EF BB BF), which Excel needs to detect UTF-8.
    bool bom = false;
    /// Prefix text cells that start with `=`, `+`, `-`, `@`, tab or CR with `'`, so that a spreadsheet does not
    /// run them as formulas. Numbers, booleans and dates are never prefixed (a negative number stays `-5`).
    bool formulaGuard = true;

    /// The "Excel" preset: BOM, formula guard, and the list separator Excel uses for `locale`
    /// (see CsvWriter::excelDelimiterFor()).
    static CsvOptions excel(const QLocale &locale = QLocale::system());
};

/// Streams an RFC 4180 CSV file: UTF-8, CRLF line ends, fields quoted only when needed, quotes doubled.
///
/// Writing to a path is atomic: rows go to a temporary file next to the target, and only commit() renames it over
/// the target. Until then an existing file keeps its old content; cancel(), a failed write or destroying the writer
/// without commit() removes the temporary file and leaves the target as it was.
///
/// Cell spellings, chosen so that a reader can recover every value exactly:
/// - NULL (nullField(), a null QVariant, an invalid QDateTime, an empty std::optional) is an empty unquoted field;
///   an empty string is written as `""`. `a,,""` therefore reads as "a", NULL, "".
/// - Text is quoted when it contains the delimiter, `"`, CR or LF, when it starts or ends with a space or tab, when
///   it starts with U+FEFF (which a reader would take for a byte order mark at the start of the file), or when it is
///   empty. Inside quotes `"` is doubled; line breaks and delimiters are kept as they are.
/// - Integers are plain decimal; doubles use the shortest text that reads back to the same value, with `.` as the
///   decimal point whatever the locale (0.1 → `0.1`, 2.0 → `2`, 1e-7 → `0.0000001`; below 1e-7 or from 1e21 on,
///   exponent form such as `1e+21`); NaN and infinities are `NaN`, `Infinity`, `-Infinity`.
/// - Booleans are `true` / `false`; QDateTime is ISO 8601 UTC with milliseconds and `Z` (Timestamp::format);
///   QDate is `YYYY-MM-DD`.
/// - Unpaired UTF-16 surrogates in text are written as U+FFFD.
///
/// Two ways to write a row: writeRow() with a QVariantList, or the low-level beginRow(), field()…, endRow(), which
/// allocates nothing per field. Rows are encoded into an internal buffer that is written out every 64 KiB, so memory
/// does not grow with the number of rows (only with the longest row).
///
/// Errors are sticky: after the first failure every later call returns it, and commit() refuses to save.
/// Misuse (a field outside a row, a row on a writer that is not open) is a programmer error caught by Q_ASSERT.
/// Not thread-safe; use one writer from one thread.
class CsvWriter
{
public:
    explicit CsvWriter(CsvOptions options = {});
    /// Discards the output unless commit() succeeded (same as cancel()).
    ~CsvWriter();
    CsvWriter(const CsvWriter &) = delete;
    CsvWriter &operator=(const CsvWriter &) = delete;

    /// True for the delimiters CSV reports allow: ',', ';' and '\t'.
    static bool isValidDelimiter(char delimiter);
    /// The list separator Excel uses for a locale: `;` when its decimal point is `,`, else `,`.
    static char excelDelimiterFor(const QLocale &locale);

    /// Starts a file at `path` (through a temporary file; nothing appears at `path` before commit()). A path that
    /// is a device or FIFO (`/dev/stdout`, `/dev/null`) is written directly instead, as there is nothing to replace.
    /// Errors: Invalid for a bad delimiter; Storage when the folder does not exist or is not writable, when `path`
    /// is a folder, or when the temporary file cannot be created. `message` names the path, `detail` has the OS text.
    /// Usage when the writer is already open.
    Status open(const QString &path);
    /// Writes to a device the caller opened for writing and keeps owning (e.g. stdout). Not atomic: commit() only
    /// writes out what is buffered, cancel() stops without undoing what was already written. `name` is used in
    /// error messages.
    Status open(QIODevice *device, const QString &name = {});

    /// Writes the column names as the first record. Not counted in rowsWritten().
    Status writeHeader(const QStringList &names);
    /// Writes one record; each value is written as the matching field() overload would (see fieldValue()).
    Status writeRow(const QVariantList &values);

    /// Starts a record. Every field() call until endRow() adds one cell.
    void beginRow();
    /// From now on writes only the columns whose flag is true, by position in each record (the header included);
    /// columns past the end of the list are left out. An empty list writes every column. Lets a person pick the
    /// columns of a report without the report code knowing.
    void selectColumns(QList<bool> keep);
    /// A text cell (formula guard applies). A null QStringView is an empty string, not NULL: use nullField().
    void field(QStringView text);
    /// Not text: without this, a string literal would silently become a bool. Use u"…" or QStringLiteral.
    void field(const char *) = delete;
    /// A boolean cell: `true` or `false`.
    void field(bool value);
    /// An integer cell, plain decimal.
    template <CsvInteger T> void field(T value)
    {
        if constexpr (std::is_signed_v<T>) {
            writeInteger(qint64(value));
        } else {
            writeUnsigned(quint64(value));
        }
    }
    /// A number cell in the shortest exact form, `.` as decimal point.
    void field(double value);
    /// Like field(double), shortest for a float (0.1f → `0.1`).
    void field(float value);
    /// ISO 8601 UTC with milliseconds and Z; an invalid QDateTime is NULL.
    void field(const QDateTime &time);
    /// The value, or NULL when empty.
    template <typename T> void field(const std::optional<T> &value)
    {
        if (value) {
            field(*value);
        } else {
            nullField();
        }
    }
    /// A NULL cell: an empty unquoted field.
    void nullField();
    /// A text cell from bytes that already are UTF-8 (e.g. sqlite3_column_text()); they are not checked.
    /// A null `data` is NULL, so sqlite3_column_text() of a NULL column can be passed straight in.
    void fieldUtf8(const char *data, qsizetype size);
    /// A cell from a QVariant: null → NULL; bool, integers, double, float, QDateTime as the field() overloads;
    /// QString as text; QByteArray as UTF-8 text; QDate as `YYYY-MM-DD`; QTime as `HH:mm:ss.zzz`; other types
    /// through QVariant::toString(). A type that cannot become a string fails the row with ErrorCode::Invalid.
    void fieldValue(const QVariant &value);
    /// Ends the record (CRLF) and writes the buffer out when it is full. Returns the sticky status: Storage
    /// when a write failed (e.g. disk full), Invalid when a fieldValue() of the row could not be written.
    Status endRow();

    /// Writes what is buffered and, for a path, renames the temporary file over the target. The writer is closed
    /// afterwards. Errors: Storage when a write or the rename fails (the target is then unchanged and the temporary
    /// file removed), the sticky error of an earlier failure, Usage when not open or inside a row.
    Status commit();
    /// Abandons the output: for a path the temporary file is removed and the target left as it was. Closes the
    /// writer. Does nothing when not open.
    void cancel();

    bool isOpen() const { return m_device != nullptr; }
    const CsvOptions &options() const { return m_options; }
    /// Records written with writeRow() or beginRow()/endRow() since open(), up to the first error; the header is
    /// not counted. Kept after commit() and cancel() until the next open().
    qint64 rowsWritten() const { return m_rows; }

private:
    Status checkCanOpen() const;
    void start(QIODevice *device, const QString &name);
    /// Separates the field from the previous one; false when the column is not selected (the field is skipped).
    bool startField();
    void reserve(qsizetype extra);
    void grow(qsizetype extra);
    void put(char c) { m_data[m_size++] = c; }
    void writeInteger(qint64 value);
    void writeUnsigned(quint64 value);
    void writeAscii(const char *text, qsizetype size);
    void fail(Error error);
    Status finishRow(bool countIt);
    Status flush();
    Error writeError(const QString &osText) const;
    void close();

    CsvOptions m_options;
    std::unique_ptr<QSaveFile> m_file;    ///< set when writing to a path
    std::unique_ptr<QFile> m_specialFile; ///< set when the path is a device or FIFO (written directly)
    QIODevice *m_device = nullptr;        ///< where flush() writes: one of the above or the caller's device
    QString m_name;                       ///< the path or device name for messages
    QByteArray m_buffer;                  ///< encoded rows not yet written; its size is the capacity
    char *m_data = nullptr;               ///< m_buffer's data, kept to avoid a detach check per byte
    qsizetype m_size = 0;                 ///< bytes of m_buffer in use
    qint64 m_rows = 0;
    bool m_inRow = false;
    bool m_firstField = true;
    QList<bool> m_keep;
    qsizetype m_column = 0;
    bool m_special[256] = {}; ///< bytes that force quoting: the delimiter, '"', CR, LF
    Status m_status;
};

} // namespace taskorch::core
