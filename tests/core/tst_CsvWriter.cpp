// SPDX-License-Identifier: GPL-3.0-or-later
#include "CsvWriter.h"

#include "CsvReader.h"

#include <QBuffer>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>

#include <sys/resource.h>

#include <cfloat>
#include <charconv>
#include <clocale>
#include <csignal>
#include <cstring>
#include <functional>
#include <limits>

using namespace taskorch::core;
using namespace taskorch::test;

namespace {

// A value that has no text form, for the "a row could not be written" path.
struct Opaque
{
    int payload = 0;
};

QString delimiterName(char delimiter)
{
    switch (delimiter) {
    case ',':
        return QStringLiteral("comma");
    case ';':
        return QStringLiteral("semicolon");
    case '\t':
        return QStringLiteral("tab");
    default:
        return QStringLiteral("0x%1").arg(uchar(delimiter), 2, 16, QLatin1Char('0'));
    }
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return QByteArray("<cannot read>");
    }
    return file.readAll();
}

bool writeFile(const QString &path, const QByteArray &content)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(content) == content.size();
}

QStringList entries(const QString &folder)
{
    return QDir(folder).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden, QDir::Name);
}

// Bytes written so far to temporary files in `folder`. On Linux QSaveFile uses an unnamed O_TMPFILE file, which only
// shows up among the process's open descriptors; elsewhere it is a hidden file in the folder.
qint64 pendingBytes(const QString &folder)
{
    qint64 total = 0;
    const QDir descriptors(QStringLiteral("/proc/self/fd"));
    for (const QFileInfo &fd : descriptors.entryInfoList(QDir::AllEntries | QDir::System | QDir::NoDotAndDotDot)) {
        if (fd.symLinkTarget().startsWith(folder + QLatin1Char('/'))) {
            total += fd.size();
        }
    }
    if (total == 0) {
        for (const QFileInfo &file : QDir(folder).entryInfoList(QDir::Files | QDir::Hidden)) {
            total += file.size();
        }
    }
    return total;
}

// Bytes with CR/LF/TAB/quote made visible, for failure messages.
QByteArray visible(QByteArray bytes)
{
    return bytes.replace('\r', "\\r").replace('\n', "\\n").replace('\t', "\\t");
}

QVariant nullText()
{
    return QVariant(QMetaType::fromType<QString>());
}

bool startsWithFormula(const QString &text)
{
    return !text.isEmpty() && QStringLiteral("=+-@\t\r").contains(text.front());
}

// A cell whose text is the same in any delimiter but breaks naive writers everywhere.
QString longHostileText()
{
    const QString unit = QStringLiteral("ab\"c,d;e\tf\r\ng h\rj\nk ü任🎉 ");
    QString text;
    text.reserve((1 << 20) + unit.size());
    while (text.size() < (1 << 20)) {
        text += unit;
    }
    return text;
}

// Writes a whole file through the writer, or fails the test.
QByteArray writeToBuffer(const CsvOptions &options, const std::function<void(CsvWriter &)> &body)
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    CsvWriter writer(options);
    const Status opened = writer.open(&buffer);
    if (!opened) {
        qWarning("open failed: %s", qPrintable(opened.error().message));
        return {};
    }
    body(writer);
    const Status committed = writer.commit();
    if (!committed) {
        qWarning("commit failed: %s", qPrintable(committed.error().message));
    }
    return buffer.data();
}

// A device that accepts `capacity` bytes and then fails like a full disk.
class FullDevice : public QIODevice
{
public:
    explicit FullDevice(qint64 capacity) : m_capacity(capacity) { open(QIODevice::WriteOnly | QIODevice::Unbuffered); }
    QByteArray written;

protected:
    qint64 readData(char *, qint64) override { return -1; }
    qint64 writeData(const char *data, qint64 size) override
    {
        if (written.size() + size > m_capacity) {
            setErrorString(QStringLiteral("No space left on device"));
            return -1;
        }
        written.append(data, size);
        return size;
    }

private:
    qint64 m_capacity;
};

// Restores the process file size limit and SIGXFSZ handling when the test ends.
class FileSizeLimit
{
public:
    explicit FileSizeLimit(rlim_t bytes)
    {
        getrlimit(RLIMIT_FSIZE, &m_saved);
        m_oldHandler = std::signal(SIGXFSZ, SIG_IGN); // write() then fails with EFBIG instead of killing us
        rlimit limit = m_saved;
        limit.rlim_cur = bytes;
        m_ok = setrlimit(RLIMIT_FSIZE, &limit) == 0;
    }
    ~FileSizeLimit()
    {
        setrlimit(RLIMIT_FSIZE, &m_saved);
        std::signal(SIGXFSZ, m_oldHandler);
    }
    bool ok() const { return m_ok; }

private:
    rlimit m_saved{};
    void (*m_oldHandler)(int) = nullptr;
    bool m_ok = false;
};

} // namespace

Q_DECLARE_METATYPE(Opaque)

class TestCsvWriter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTrip_data();
    void roundTrip();
    void wholeRowRoundTrip_data();
    void wholeRowRoundTrip();
    void formulaGuard_data();
    void formulaGuard();
    void numbersAreNeverGuarded();
    void values_data();
    void values();
    void lowLevelMatchesWriteRow();
    void fieldUtf8_data();
    void fieldUtf8();
    void loneSurrogateBecomesReplacementCharacter();
    void exactBytes_data();
    void exactBytes();
    void delimiters_data();
    void delimiters();
    void excelDelimiter_data();
    void excelDelimiter();
    void germanLocaleKeepsDotDecimals();
    void germanEnvironmentKeepsDotDecimals();
    void rowsWritten();
    void selectedColumnsOnly();
    void misuseReturnsErrors();

    void targetAppearsOnlyOnCommit();
    void existingFileKeptUntilCommit();
    void cancelKeepsOldFile();
    void destroyedWithoutCommitKeepsOldFile();
    void failedRowKeepsOldFile();
    void missingFolder();
    void directoryAsTarget();
    void readOnlyFolder();
    void fullDiskOnWrite();
    void fullDiskOnCommit();
    void fullDeviceOnWrite();
    void fullDeviceOnCommit();
    void devFull();
    void devNull();

    void throughput();
    void cellStartingWithByteOrderMark_data();
    void cellStartingWithByteOrderMark();
};

// ---- round trips --------------------------------------------------------------------------------------------------

namespace {

struct HostileCell
{
    const char *name;
    QString text;
    bool isNull = false;
};

QList<HostileCell> hostileCells()
{
    return {
        {"plain", QStringLiteral("hello")},
        {"quote", QStringLiteral("say \"hi\"")},
        {"only a quote", QStringLiteral("\"")},
        {"two quotes", QStringLiteral("\"\"")},
        {"comma", QStringLiteral("a,b")},
        {"semicolon", QStringLiteral("a;b")},
        {"tab", QStringLiteral("a\tb")},
        {"CR", QStringLiteral("a\rb")},
        {"LF", QStringLiteral("a\nb")},
        {"CRLF", QStringLiteral("a\r\nb")},
        {"trailing CRLF", QStringLiteral("line\r\n")},
        {"only CRLF", QStringLiteral("\r\n")},
        {"leading =", QStringLiteral("=1+2")},
        {"leading +", QStringLiteral("+49 30 1234")},
        {"leading -", QStringLiteral("-5")},
        {"leading @", QStringLiteral("@SUM(A1:A2)")},
        {"leading tab", QStringLiteral("\tindented")},
        {"leading CR", QStringLiteral("\rcmd")},
        {"leading apostrophe", QStringLiteral("'quoted")},
        {"leading spaces", QStringLiteral("  lead")},
        {"trailing spaces", QStringLiteral("trail  ")},
        {"only spaces", QStringLiteral("   ")},
        {"empty string", QString(QLatin1String(""))},
        {"NULL", QString(), true},
        {"formula with everything", QStringLiteral("=HYPERLINK(\"http://x/?a=1,b=2\";\"go\")\r\n;\t\"")},
        {"emoji", QStringLiteral("🎉 done ✅ 👩‍💻")},
        {"CJK", QStringLiteral("任务编排 タスク 작업")},
        {"combining", QStringLiteral("e\u0301 Å")},
        {"1 MB hostile", longHostileText()},
        {"1 MB plain", QString(1 << 20, QLatin1Char('x'))},
    };
}

void addDelimiterBomGuardRows(const std::function<void(const QString &, char, bool, bool)> &add)
{
    for (char delimiter : {',', ';', '\t'}) {
        for (bool bom : {false, true}) {
            for (bool guard : {false, true}) {
                add(QStringLiteral("%1%2%3").arg(delimiterName(delimiter), bom ? QStringLiteral(" bom") : QString(),
                                                 guard ? QStringLiteral(" guard") : QString()),
                    delimiter, bom, guard);
            }
        }
    }
}

CsvCell expectedCell(const QString &text, bool isNull, bool guard)
{
    if (isNull) {
        return std::nullopt;
    }
    return guard && startsWithFormula(text) ? QLatin1Char('\'') + text : text;
}

} // namespace

void TestCsvWriter::roundTrip_data()
{
    QTest::addColumn<char>("delimiter");
    QTest::addColumn<bool>("bom");
    QTest::addColumn<bool>("guard");
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("isNull");

    const QList<HostileCell> cells = hostileCells();
    addDelimiterBomGuardRows([&](const QString &prefix, char delimiter, bool bom, bool guard) {
        for (const HostileCell &cell : cells) {
            QTest::addRow("%s / %s", qPrintable(prefix), cell.name)
                << delimiter << bom << guard << cell.text << cell.isNull;
        }
    });
}

// Each hostile cell alone, between other cells, through every write path; read back with the strict reader.
void TestCsvWriter::roundTrip()
{
    QFETCH(char, delimiter);
    QFETCH(bool, bom);
    QFETCH(bool, guard);
    QFETCH(QString, text);
    QFETCH(bool, isNull);

    CsvOptions options;
    options.delimiter = delimiter;
    options.bom = bom;
    options.formulaGuard = guard;
    const QVariant value = isNull ? nullText() : QVariant(text);
    const QByteArray utf8 = text.toUtf8();

    const QByteArray bytes = writeToBuffer(options, [&](CsvWriter &writer) {
        QVERIFY(writer.writeHeader({QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}).ok());
        QVERIFY(writer.writeRow({value}).ok());
        QVERIFY(writer.writeRow({QStringLiteral("before"), value, QStringLiteral("after")}).ok());
        writer.beginRow();
        if (isNull) {
            writer.nullField();
            writer.fieldUtf8(nullptr, 0);
            writer.field(std::optional<QString>());
        } else {
            writer.field(text);
            writer.fieldUtf8(utf8.constData(), utf8.size());
            writer.field(std::optional<QString>(text));
        }
        QVERIFY(writer.endRow().ok());
        QVERIFY(writer.writeRow({value, value}).ok());
    });
    QVERIFY(!bytes.isEmpty());
    QCOMPARE(bytes.startsWith("\xEF\xBB\xBF"), bom);

    const auto table = CsvReader::parse(bytes, delimiter);
    QVERIFY2(table.ok(), qPrintable(table.ok() ? QString() : table.error().message));
    QCOMPARE(table->hasBom, bom);
    QVERIFY(table->endsWithLineBreak);
    QCOMPARE(table->records.size(), 5);

    const CsvCell cell = expectedCell(text, isNull, guard);
    const QList<CsvRecord> expected = {
        {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")},
        {cell},
        {QStringLiteral("before"), cell, QStringLiteral("after")},
        {cell, cell, cell},
        {cell, cell},
    };
    for (qsizetype i = 0; i < expected.size(); ++i) {
        QVERIFY2(table->records[i] == expected[i],
                 qPrintable(QStringLiteral("record %1: got %2, expected %3")
                                .arg(i)
                                .arg(describe(table->records[i]), describe(expected[i]))));
    }
}

void TestCsvWriter::wholeRowRoundTrip_data()
{
    QTest::addColumn<char>("delimiter");
    QTest::addColumn<bool>("bom");
    QTest::addColumn<bool>("guard");
    addDelimiterBomGuardRows([](const QString &name, char delimiter, bool bom, bool guard) {
        QTest::newRow(qPrintable(name)) << delimiter << bom << guard;
    });
}

// All hostile cells side by side in one row, twice, so each cell's quoting meets every neighbour.
void TestCsvWriter::wholeRowRoundTrip()
{
    QFETCH(char, delimiter);
    QFETCH(bool, bom);
    QFETCH(bool, guard);

    const QList<HostileCell> cells = hostileCells();
    QVariantList values;
    CsvRecord expected;
    for (const HostileCell &cell : cells) {
        values.append(cell.isNull ? nullText() : QVariant(cell.text));
        expected.append(expectedCell(cell.text, cell.isNull, guard));
    }

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("all.csv"));
    CsvWriter writer({delimiter, bom, guard});
    QVERIFY(writer.open(path).ok());
    QVERIFY(writer.writeRow(values).ok());
    QVERIFY(writer.writeRow(values).ok());
    QVERIFY(writer.commit().ok());

    const auto table = CsvReader::readFile(path, delimiter);
    QVERIFY2(table.ok(), qPrintable(table.ok() ? QString() : table.error().message));
    QCOMPARE(table->hasBom, bom);
    QCOMPARE(table->records.size(), 2);
    for (const CsvRecord &record : table->records) {
        QCOMPARE(record.size(), expected.size());
        for (qsizetype i = 0; i < expected.size(); ++i) {
            QVERIFY2(record[i] == expected[i],
                     qPrintable(QStringLiteral("%1: got %2, expected %3")
                                    .arg(QLatin1String(cells[i].name), describe(record[i]), describe(expected[i]))));
        }
    }
}

// ---- formula guard ------------------------------------------------------------------------------------------------

void TestCsvWriter::formulaGuard_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("guard");
    QTest::addColumn<QByteArray>("expected");

    const struct
    {
        const char *name;
        QString text;
        QByteArray on;
        QByteArray off;
    } cases[] = {
        {"=", QStringLiteral("=1+2"), "'=1+2", "=1+2"},
        {"+", QStringLiteral("+1"), "'+1", "+1"},
        {"-", QStringLiteral("-1"), "'-1", "-1"},
        {"@", QStringLiteral("@SUM(A1)"), "'@SUM(A1)", "@SUM(A1)"},
        {"tab", QStringLiteral("\tx"), "'\tx", "\"\tx\""},
        {"CR", QStringLiteral("\rx"), "\"'\rx\"", "\"\rx\""},
        {"= with comma", QStringLiteral("=a,b"), "\"'=a,b\"", "\"=a,b\""},
        {"= with quotes", QStringLiteral("=\"x\""), "\"'=\"\"x\"\"\"", "\"=\"\"x\"\"\""},
        {"only =", QStringLiteral("="), "'=", "="},
        {"only tab", QStringLiteral("\t"), "\"'\t\"", "\"\t\""},
        {"space then =", QStringLiteral(" =x"), "\" =x\"", "\" =x\""},
        {"= later", QStringLiteral("x=1"), "x=1", "x=1"},
        {"apostrophe", QStringLiteral("'=x"), "'=x", "'=x"},
        {"empty", QString(QLatin1String("")), "\"\"", "\"\""},
        {"fullwidth =", QStringLiteral("＝1"), "＝1", "＝1"},
    };
    for (const auto &c : cases) {
        QTest::addRow("%s on", c.name) << c.text << true << c.on + "\r\n";
        QTest::addRow("%s off", c.name) << c.text << false << c.off + "\r\n";
    }
}

void TestCsvWriter::formulaGuard()
{
    QFETCH(QString, text);
    QFETCH(bool, guard);
    QFETCH(QByteArray, expected);

    CsvOptions options;
    options.formulaGuard = guard;
    const QByteArray viaVariant = writeToBuffer(options, [&](CsvWriter &w) { QVERIFY(w.writeRow({text}).ok()); });
    QCOMPARE(visible(viaVariant), visible(expected));

    const QByteArray utf8 = text.toUtf8();
    const QByteArray viaUtf8 = writeToBuffer(options, [&](CsvWriter &w) {
        w.beginRow();
        w.fieldUtf8(utf8.constData(), utf8.size());
        QVERIFY(w.endRow().ok());
    });
    QCOMPARE(visible(viaUtf8), visible(expected));
}

void TestCsvWriter::numbersAreNeverGuarded()
{
    CsvOptions options; // guard on by default
    QVERIFY(options.formulaGuard);
    const QByteArray bytes = writeToBuffer(options, [](CsvWriter &w) {
        QVERIFY(w.writeRow({-5, -2.5, qint64(-7), QStringLiteral("-5"), -std::numeric_limits<double>::infinity(),
                            QVariant(-1.5f)})
                    .ok());
        w.beginRow();
        w.field(-5);
        w.field(qint64(-9));
        w.field(-0.5);
        w.field(-0.25f);
        w.field(QStringView(u"-5"));
        w.field(QStringView(u"+1"));
        QVERIFY(w.endRow().ok());
    });
    QCOMPARE(visible(bytes), visible("-5,-2.5,-7,'-5,-Infinity,-1.5\r\n"
                                     "-5,-9,-0.5,-0.25,'-5,'+1\r\n"));
}

// ---- values -------------------------------------------------------------------------------------------------------

void TestCsvWriter::values_data()
{
    QTest::addColumn<QVariant>("value");
    QTest::addColumn<QByteArray>("expected");

    const QDateTime sample(QDate(2025, 8, 3), QTime(22, 30, 31, 958), Qt::UTC);
    QTest::newRow("int 0") << QVariant(0) << QByteArray("0");
    QTest::newRow("int -5") << QVariant(-5) << QByteArray("-5");
    QTest::newRow("qint64 min") << QVariant(std::numeric_limits<qint64>::min()) << QByteArray("-9223372036854775808");
    QTest::newRow("qint64 max") << QVariant(std::numeric_limits<qint64>::max()) << QByteArray("9223372036854775807");
    QTest::newRow("quint64 max") << QVariant(std::numeric_limits<quint64>::max()) << QByteArray("18446744073709551615");
    QTest::newRow("uint") << QVariant(4000000000u) << QByteArray("4000000000");
    QTest::newRow("double 0.1") << QVariant(0.1) << QByteArray("0.1");
    QTest::newRow("double 2.0") << QVariant(2.0) << QByteArray("2");
    QTest::newRow("double 0") << QVariant(0.0) << QByteArray("0");
    QTest::newRow("double -0") << QVariant(-0.0) << QByteArray("-0");
    QTest::newRow("double 1e-7") << QVariant(1e-7) << QByteArray("0.0000001");
    QTest::newRow("double 1/3") << QVariant(1.0 / 3) << QByteArray("0.3333333333333333");
    QTest::newRow("double 0.1+0.2") << QVariant(0.1 + 0.2) << QByteArray("0.30000000000000004");
    QTest::newRow("double 123456.789") << QVariant(123456.789) << QByteArray("123456.789");
    QTest::newRow("double 1234567.25") << QVariant(1234567.25) << QByteArray("1234567.25");
    QTest::newRow("double 2^53+2") << QVariant(9007199254740994.0) << QByteArray("9007199254740994");
    QTest::newRow("double 1e20") << QVariant(1e20) << QByteArray("100000000000000000000");
    QTest::newRow("double 1e21") << QVariant(1e21) << QByteArray("1e+21");
    QTest::newRow("double 1.5e-8") << QVariant(1.5e-8) << QByteArray("1.5e-08");
    QTest::newRow("double min subnormal") << QVariant(5e-324) << QByteArray("5e-324");
    QTest::newRow("double max") << QVariant(DBL_MAX) << QByteArray("1.7976931348623157e+308");
    QTest::newRow("double NaN") << QVariant(std::numeric_limits<double>::quiet_NaN()) << QByteArray("NaN");
    QTest::newRow("double inf") << QVariant(std::numeric_limits<double>::infinity()) << QByteArray("Infinity");
    QTest::newRow("float 0.1") << QVariant(0.1f) << QByteArray("0.1");
    QTest::newRow("float 1e-7") << QVariant(1e-7f) << QByteArray("0.0000001");
    QTest::newRow("bool true") << QVariant(true) << QByteArray("true");
    QTest::newRow("bool false") << QVariant(false) << QByteArray("false");
    QTest::newRow("datetime UTC") << QVariant(sample) << QByteArray("2025-08-03T22:30:31.958Z");
    QTest::newRow("datetime +02:00") << QVariant(sample.toOffsetFromUtc(2 * 3600))
                                     << QByteArray("2025-08-03T22:30:31.958Z");
    QTest::newRow("datetime invalid") << QVariant(QDateTime()) << QByteArray("");
    QTest::newRow("datetime null") << QVariant(QMetaType::fromType<QDateTime>()) << QByteArray("");
    QTest::newRow("date") << QVariant(QDate(2025, 8, 3)) << QByteArray("2025-08-03");
    QTest::newRow("time") << QVariant(QTime(7, 5, 3, 9)) << QByteArray("07:05:03.009");
    QTest::newRow("bytes as UTF-8") << QVariant(QByteArray("a\"b ü")) << QByteArray("\"a\"\"b ü\"");
    QTest::newRow("null variant") << QVariant() << QByteArray("");
    QTest::newRow("null long long") << QVariant(QMetaType::fromType<qlonglong>()) << QByteArray("");
    QTest::newRow("empty string") << QVariant(QString(QLatin1String(""))) << QByteArray("\"\"");
    QTest::newRow("string list") << QVariant(QStringList{QStringLiteral("x")}) << QByteArray("x");
    QTest::newRow("QChar") << QVariant(QChar(u'q')) << QByteArray("q");
}

void TestCsvWriter::values()
{
    QFETCH(QVariant, value);
    QFETCH(QByteArray, expected);

    const QByteArray bytes = writeToBuffer({}, [&](CsvWriter &w) { QVERIFY(w.writeRow({value}).ok()); });
    QCOMPARE(bytes, expected + "\r\n");

    // Numbers must read back to the very same value.
    if (value.metaType().id() == QMetaType::Double && std::isfinite(value.toDouble())) {
        double parsed = 0;
        const auto result = std::from_chars(expected.constData(), expected.constData() + expected.size(), parsed);
        QVERIFY(result.ec == std::errc());
        QCOMPARE(std::memcmp(&parsed, value.constData(), sizeof(double)), 0);
    }
}

void TestCsvWriter::lowLevelMatchesWriteRow()
{
    const QDateTime time(QDate(2025, 1, 2), QTime(3, 4, 5, 6), Qt::UTC);
    const QVariantList row = {qint64(42), QStringLiteral("Ship it, \"now\""), nullText(), 3.5, true,
                              time,       QString(QLatin1String("")),         7};
    const QByteArray viaVariants = writeToBuffer({}, [&](CsvWriter &w) { QVERIFY(w.writeRow(row).ok()); });
    const QByteArray viaFields = writeToBuffer({}, [&](CsvWriter &w) {
        w.beginRow();
        w.field(qint64(42));
        w.field(QStringLiteral("Ship it, \"now\""));
        w.field(std::optional<QString>());
        w.field(3.5);
        w.field(true);
        w.field(time);
        w.field(QStringView(u""));
        w.field(std::optional<int>(7));
        QVERIFY(w.endRow().ok());
    });
    QCOMPARE(viaFields, viaVariants);
    QCOMPARE(viaVariants, QByteArray("42,\"Ship it, \"\"now\"\"\",,3.5,true,2025-01-02T03:04:05.006Z,\"\",7\r\n"));
}

void TestCsvWriter::fieldUtf8_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("plain") << QByteArray("abc") << QByteArray("abc");
    QTest::newRow("empty") << QByteArray("") << QByteArray("\"\"");
    QTest::newRow("quotes") << QByteArray("\"a\"\"b\"") << QByteArray("\"\"\"a\"\"\"\"b\"\"\"");
    QTest::newRow("comma") << QByteArray("a,b") << QByteArray("\"a,b\"");
    QTest::newRow("CRLF") << QByteArray("a\r\nb") << QByteArray("\"a\r\nb\"");
    QTest::newRow("emoji") << QByteArray("\xF0\x9F\x8E\x89") << QByteArray("\xF0\x9F\x8E\x89");
    QTest::newRow("trailing space") << QByteArray("x ") << QByteArray("\"x \"");
    QTest::newRow("formula") << QByteArray("=cmd|' /C calc'!A0") << QByteArray("'=cmd|' /C calc'!A0");
}

void TestCsvWriter::fieldUtf8()
{
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, expected);
    const QByteArray bytes = writeToBuffer({}, [&](CsvWriter &w) {
        w.beginRow();
        w.fieldUtf8(input.constData(), input.size());
        w.fieldUtf8(nullptr, 0);
        QVERIFY(w.endRow().ok());
    });
    QCOMPARE(visible(bytes), visible(expected + ",\r\n"));
}

void TestCsvWriter::loneSurrogateBecomesReplacementCharacter()
{
    const QChar broken[] = {QChar(u'a'), QChar(char16_t(0xD800)), QChar(u'b'), QChar(char16_t(0xDC00))};
    const QByteArray bytes = writeToBuffer({}, [&](CsvWriter &w) {
        w.beginRow();
        w.field(QStringView(broken, 4));
        QVERIFY(w.endRow().ok());
    });
    QCOMPARE(bytes, QByteArray("a\xEF\xBF\xBD"
                               "b\xEF\xBF\xBD\r\n"));
}

// ---- exact bytes --------------------------------------------------------------------------------------------------

void TestCsvWriter::exactBytes_data()
{
    QTest::addColumn<char>("delimiter");
    QTest::addColumn<bool>("bom");
    QTest::addColumn<QByteArray>("expected");

    const QByteArray bomBytes("\xEF\xBB\xBF");
    const QByteArray comma = "id,title,estimate,due,done,note\r\n"
                             "1,\"Write \"\"spec\"\", v2\",1.5,2025-08-03T22:30:31.958Z,true,\"\"\r\n"
                             "2,Plan; review,,,false,\r\n";
    const QByteArray semicolon = "id;title;estimate;due;done;note\r\n"
                                 "1;\"Write \"\"spec\"\", v2\";1.5;2025-08-03T22:30:31.958Z;true;\"\"\r\n"
                                 "2;\"Plan; review\";;;false;\r\n";
    const QByteArray tab = "id\ttitle\testimate\tdue\tdone\tnote\r\n"
                           "1\t\"Write \"\"spec\"\", v2\"\t1.5\t2025-08-03T22:30:31.958Z\ttrue\t\"\"\r\n"
                           "2\tPlan; review\t\t\tfalse\t\r\n";
    QTest::newRow("comma") << ',' << false << comma;
    QTest::newRow("comma bom") << ',' << true << bomBytes + comma;
    QTest::newRow("semicolon") << ';' << false << semicolon;
    QTest::newRow("semicolon bom") << ';' << true << bomBytes + semicolon;
    QTest::newRow("tab") << '\t' << false << tab;
    QTest::newRow("tab bom") << '\t' << true << bomBytes + tab;
}

void TestCsvWriter::exactBytes()
{
    QFETCH(char, delimiter);
    QFETCH(bool, bom);
    QFETCH(QByteArray, expected);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("tasks.csv"));
    CsvWriter writer({delimiter, bom, true});
    QVERIFY(writer.open(path).ok());
    QVERIFY(writer
                .writeHeader({QStringLiteral("id"), QStringLiteral("title"), QStringLiteral("estimate"),
                              QStringLiteral("due"), QStringLiteral("done"), QStringLiteral("note")})
                .ok());
    const QDateTime due(QDate(2025, 8, 3), QTime(22, 30, 31, 958), Qt::UTC);
    QVERIFY(
        writer.writeRow({1, QStringLiteral("Write \"spec\", v2"), 1.5, due, true, QString(QLatin1String(""))}).ok());
    QVERIFY(writer
                .writeRow({2, QStringLiteral("Plan; review"), QVariant(QMetaType::fromType<double>()),
                           QVariant(QMetaType::fromType<QDateTime>()), false, nullText()})
                .ok());
    QVERIFY(writer.commit().ok());
    QCOMPARE(visible(readAll(path)), visible(expected));
    QCOMPARE(readAll(path), expected);
}

// ---- options ------------------------------------------------------------------------------------------------------

void TestCsvWriter::delimiters_data()
{
    QTest::addColumn<char>("delimiter");
    QTest::addColumn<bool>("valid");

    QTest::newRow("comma") << ',' << true;
    QTest::newRow("semicolon") << ';' << true;
    QTest::newRow("tab") << '\t' << true;
    QTest::newRow("pipe") << '|' << false;
    QTest::newRow("space") << ' ' << false;
    QTest::newRow("quote") << '"' << false;
    QTest::newRow("apostrophe") << '\'' << false;
    QTest::newRow("LF") << '\n' << false;
    QTest::newRow("CR") << '\r' << false;
    QTest::newRow("letter") << 'a' << false;
    QTest::newRow("NUL") << '\0' << false;
}

void TestCsvWriter::delimiters()
{
    QFETCH(char, delimiter);
    QFETCH(bool, valid);

    QCOMPARE(CsvWriter::isValidDelimiter(delimiter), valid);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("out.csv"));
    CsvWriter writer({delimiter, false, true});
    const Status opened = writer.open(path);
    QCOMPARE(opened.ok(), valid);
    if (!valid) {
        QCOMPARE(opened.error().code, ErrorCode::Invalid);
        QVERIFY(!writer.isOpen());
        QVERIFY(entries(dir.path()).isEmpty());
        QBuffer buffer;
        buffer.open(QIODevice::WriteOnly);
        const Status onDevice = writer.open(&buffer);
        QVERIFY(!onDevice.ok());
        QCOMPARE(onDevice.error().code, ErrorCode::Invalid);
        return;
    }
    QVERIFY(writer.writeRow({QStringLiteral("a"), QStringLiteral("b")}).ok());
    QVERIFY(writer.commit().ok());
    QCOMPARE(readAll(path), QByteArray("a") + delimiter + "b\r\n");
}

void TestCsvWriter::excelDelimiter_data()
{
    QTest::addColumn<QLocale>("locale");
    QTest::addColumn<char>("expected");

    QTest::newRow("C") << QLocale::c() << ',';
    QTest::newRow("en_US") << QLocale(QLocale::English, QLocale::UnitedStates) << ',';
    QTest::newRow("en_GB") << QLocale(QLocale::English, QLocale::UnitedKingdom) << ',';
    QTest::newRow("ja_JP") << QLocale(QLocale::Japanese, QLocale::Japan) << ',';
    QTest::newRow("de_DE") << QLocale(QLocale::German, QLocale::Germany) << ';';
    QTest::newRow("fr_FR") << QLocale(QLocale::French, QLocale::France) << ';';
    QTest::newRow("pt_BR") << QLocale(QLocale::Portuguese, QLocale::Brazil) << ';';
    QTest::newRow("ru_RU") << QLocale(QLocale::Russian, QLocale::Russia) << ';';
}

void TestCsvWriter::excelDelimiter()
{
    QFETCH(QLocale, locale);
    QFETCH(char, expected);
    QCOMPARE(CsvWriter::excelDelimiterFor(locale), expected);
    const CsvOptions excel = CsvOptions::excel(locale);
    QCOMPARE(excel.delimiter, expected);
    QVERIFY(excel.bom);
    QVERIFY(excel.formulaGuard);
}

void TestCsvWriter::germanLocaleKeepsDotDecimals()
{
    const QLocale savedDefault;
    const QByteArray savedLcAll = qgetenv("LC_ALL");
    const QByteArray savedLang = qgetenv("LANG");
    const QByteArray savedCLocale = std::setlocale(LC_ALL, nullptr);
    const auto restore = qScopeGuard([&] {
        QLocale::setDefault(savedDefault);
        qputenv("LC_ALL", savedLcAll);
        qputenv("LANG", savedLang);
        std::setlocale(LC_ALL, savedCLocale.constData());
    });

    QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
    qputenv("LC_ALL", "de_DE.UTF-8");
    qputenv("LANG", "de_DE.UTF-8");
    const bool cLocaleActive = std::setlocale(LC_ALL, "") != nullptr;
    if (!cLocaleActive) {
        qInfo("de_DE.UTF-8 is not installed, so only QLocale::setDefault() is German here (the C library's "
              "printf/strtod stay in the C locale)");
    }
    QCOMPARE(QLocale().decimalPoint(), QStringLiteral(",")); // proves the German default is in effect
    QCOMPARE(QLocale().toString(1.5), QStringLiteral("1,5"));

    CsvOptions options;
    options.delimiter = ';';
    const QByteArray bytes = writeToBuffer(options, [](CsvWriter &w) {
        QVERIFY(w.writeRow({1.5, 0.1, 1234567.25, -2.5e-3, QVariant(2.5f), 1e-7, qint64(1234567)}).ok());
        w.beginRow();
        w.field(1.5);
        w.field(1234567.25);
        w.field(1000000);
        QVERIFY(w.endRow().ok());
    });
    QCOMPARE(bytes, QByteArray("1.5;0.1;1234567.25;-0.0025;2.5;0.0000001;1234567\r\n"
                               "1.5;1234567.25;1000000\r\n"));
}

// The same with de_DE.UTF-8 in the environment from the start, so that QLocale::system() is German: the test runs
// itself again in a child process with LC_ALL and LANG set.
void TestCsvWriter::germanEnvironmentKeepsDotDecimals()
{
    if (qEnvironmentVariableIsSet("TASKORCH_CSV_GERMAN_CHILD")) {
        QCOMPARE(QLocale::system().decimalPoint(), QStringLiteral(","));
        QCOMPARE(QLocale().decimalPoint(), QStringLiteral(","));
        std::setlocale(LC_ALL, ""); // what an application does at start; fails quietly if glibc lacks de_DE
        const QByteArray bytes = writeToBuffer(CsvOptions::excel(), [](CsvWriter &w) {
            QVERIFY(w.writeRow({1.5, 0.1, 1234567.25, QVariant(2.5f)}).ok());
        });
        QCOMPARE(bytes, QByteArray("\xEF\xBB\xBF"
                                   "1.5;0.1;1234567.25;2.5\r\n"));
        return;
    }
    QProcess child;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("LC_ALL"), QStringLiteral("de_DE.UTF-8"));
    environment.insert(QStringLiteral("LANG"), QStringLiteral("de_DE.UTF-8"));
    environment.insert(QStringLiteral("TASKORCH_CSV_GERMAN_CHILD"), QStringLiteral("1"));
    child.setProcessEnvironment(environment);
    child.setProcessChannelMode(QProcess::MergedChannels);
    child.start(QCoreApplication::applicationFilePath(), {QStringLiteral("germanEnvironmentKeepsDotDecimals")});
    QVERIFY(child.waitForFinished(60000));
    const QByteArray output = child.readAll();
    QVERIFY2(child.exitStatus() == QProcess::NormalExit && child.exitCode() == 0, output.constData());
    QVERIFY2(output.contains("PASS   : TestCsvWriter::germanEnvironmentKeepsDotDecimals()"), output.constData());
}

// Every kind of field honours the column choice, the header included; NULLs and empty strings keep their spelling.
void TestCsvWriter::selectedColumnsOnly()
{
    const QDateTime time(QDate(2025, 1, 2), QTime(3, 4, 5, 6), Qt::UTC);
    const QByteArray written = writeToBuffer({}, [&](CsvWriter &w) {
        w.selectColumns({false, true, false, true, true, false, true, false});
        QVERIFY(w.writeHeader({QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c"), QStringLiteral("d"),
                               QStringLiteral("e"), QStringLiteral("f"), QStringLiteral("g"), QStringLiteral("h")})
                    .ok());
        w.beginRow();
        w.field(qint64(42));
        w.field(QStringLiteral("kept, \"quoted\""));
        w.nullField();
        w.field(3.5);
        w.field(QStringView(u""));
        w.field(true);
        w.field(time);
        w.fieldUtf8("dropped", 7);
        QVERIFY(w.endRow().ok());
        QVERIFY(w.writeRow({1, 2, 3, 4, 5, 6, 7, 8}).ok());
    });
    QCOMPARE(written,
             QByteArray("b,d,e,g\r\n\"kept, \"\"quoted\"\"\",3.5,\"\",2025-01-02T03:04:05.006Z\r\n2,4,5,7\r\n"));
}

void TestCsvWriter::rowsWritten()
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    CsvWriter writer;
    QCOMPARE(writer.rowsWritten(), 0);
    QVERIFY(writer.open(&buffer).ok());
    QVERIFY(writer.writeHeader({QStringLiteral("x")}).ok());
    QCOMPARE(writer.rowsWritten(), 0);
    QVERIFY(writer.writeRow({1}).ok());
    writer.beginRow();
    writer.field(2);
    QVERIFY(writer.endRow().ok());
    QCOMPARE(writer.rowsWritten(), 2);
    QVERIFY(writer.commit().ok());
    QCOMPARE(writer.rowsWritten(), 2);
    QVERIFY(!writer.isOpen());
    QCOMPARE(buffer.data(), QByteArray("x\r\n1\r\n2\r\n"));
}

void TestCsvWriter::misuseReturnsErrors()
{
    CsvWriter writer;
    QCOMPARE(writer.writeRow({1}).error().code, ErrorCode::Usage);
    QCOMPARE(writer.writeHeader({QStringLiteral("x")}).error().code, ErrorCode::Usage);
    QCOMPARE(writer.commit().error().code, ErrorCode::Usage);
    writer.cancel(); // harmless when not open

    QBuffer first;
    first.open(QIODevice::WriteOnly);
    QVERIFY(writer.open(&first).ok());
    QBuffer second;
    second.open(QIODevice::WriteOnly);
    QCOMPARE(writer.open(&second).error().code, ErrorCode::Usage);

    QBuffer readOnly;
    readOnly.open(QIODevice::ReadOnly);
    CsvWriter other;
    QCOMPARE(other.open(&readOnly).error().code, ErrorCode::Usage);
}

// ---- atomic file handling -----------------------------------------------------------------------------------------

namespace {

// Rows enough to pass the 64 KiB flush threshold several times.
Status writeManyRows(CsvWriter &writer, int count = 20000)
{
    for (int i = 0; i < count; ++i) {
        if (Status s = writer.writeRow({i, QStringLiteral("row %1, with \"quotes\"").arg(i), i * 0.5}); !s) {
            return s;
        }
    }
    return {};
}

} // namespace

void TestCsvWriter::targetAppearsOnlyOnCommit()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("report.csv"));
    CsvWriter writer;
    QVERIFY(writer.open(path).ok());
    QVERIFY(writeManyRows(writer).ok());
    QVERIFY(!QFile::exists(path));
    const QStringList during = entries(dir.path());
    QVERIFY2(during.size() <= 1, qPrintable(during.join(QLatin1Char(' ')))); // at most the temporary file

    // Streaming: the rows already reached the temporary file next to the target.
    QVERIFY2(pendingBytes(dir.path()) > 64 * 1024, qPrintable(QString::number(pendingBytes(dir.path()))));

    QVERIFY(writer.commit().ok());
    QCOMPARE(entries(dir.path()), QStringList{QStringLiteral("report.csv")});
    const auto table = CsvReader::readFile(path, ',');
    QVERIFY(table.ok());
    QCOMPARE(table->records.size(), 20000);
    QCOMPARE(table->records.last().at(1), CsvCell(QStringLiteral("row 19999, with \"quotes\"")));
}

void TestCsvWriter::existingFileKeptUntilCommit()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("report.csv"));
    QVERIFY(writeFile(path, "old\r\n"));
    CsvWriter writer;
    QVERIFY(writer.open(path).ok());
    QVERIFY(writeManyRows(writer).ok());
    QCOMPARE(readAll(path), QByteArray("old\r\n"));
    QVERIFY(writer.commit().ok());
    QVERIFY(readAll(path).startsWith("0,\"row 0, with \"\"quotes\"\"\",0\r\n"));
    QCOMPARE(entries(dir.path()), QStringList{QStringLiteral("report.csv")});
}

void TestCsvWriter::cancelKeepsOldFile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("report.csv"));
    QVERIFY(writeFile(path, "old\r\n"));
    CsvWriter writer;
    QVERIFY(writer.open(path).ok());
    QVERIFY(writeManyRows(writer).ok());
    writer.cancel();
    QVERIFY(!writer.isOpen());
    QCOMPARE(readAll(path), QByteArray("old\r\n"));
    QCOMPARE(entries(dir.path()), QStringList{QStringLiteral("report.csv")});
    QCOMPARE(writer.commit().error().code, ErrorCode::Usage);
    QCOMPARE(readAll(path), QByteArray("old\r\n"));
}

void TestCsvWriter::destroyedWithoutCommitKeepsOldFile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("report.csv"));
    const QString fresh = dir.filePath(QStringLiteral("fresh.csv"));
    QVERIFY(writeFile(path, "old\r\n"));
    {
        CsvWriter writer;
        QVERIFY(writer.open(path).ok());
        QVERIFY(writeManyRows(writer).ok());
        CsvWriter another;
        QVERIFY(another.open(fresh).ok());
        QVERIFY(writeManyRows(another, 10).ok());
    }
    QCOMPARE(readAll(path), QByteArray("old\r\n"));
    QVERIFY(!QFile::exists(fresh));
    QCOMPARE(entries(dir.path()), QStringList{QStringLiteral("report.csv")});
}

void TestCsvWriter::failedRowKeepsOldFile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("report.csv"));
    QVERIFY(writeFile(path, "old\r\n"));
    CsvWriter writer;
    QVERIFY(writer.open(path).ok());
    QVERIFY(writeManyRows(writer).ok());
    const Status bad = writer.writeRow({1, QVariant::fromValue(Opaque{7})});
    QVERIFY(!bad.ok());
    QCOMPARE(bad.error().code, ErrorCode::Invalid);
    QVERIFY2(bad.error().message.contains(QStringLiteral("Opaque")), qPrintable(bad.error().message));
    // Sticky: later rows and the commit report the same failure, and nothing is saved.
    QCOMPARE(writer.writeRow({2}).error().code, ErrorCode::Invalid);
    const Status committed = writer.commit();
    QVERIFY(!committed.ok());
    QCOMPARE(committed.error().code, ErrorCode::Invalid);
    QVERIFY(!writer.isOpen());
    QCOMPARE(readAll(path), QByteArray("old\r\n"));
    QCOMPARE(entries(dir.path()), QStringList{QStringLiteral("report.csv")});
}

void TestCsvWriter::missingFolder()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("missing/report.csv"));
    CsvWriter writer;
    const Status opened = writer.open(path);
    QVERIFY(!opened.ok());
    QCOMPARE(opened.error().code, ErrorCode::Storage);
    QVERIFY2(opened.error().message.contains(QDir::toNativeSeparators(path)), qPrintable(opened.error().message));
    QVERIFY2(opened.error().message.contains(QStringLiteral("does not exist")), qPrintable(opened.error().message));
    QVERIFY(!opened.error().detail.isEmpty());
    qInfo("message: %s | detail: %s", qPrintable(opened.error().message), qPrintable(opened.error().detail));
    QVERIFY(!writer.isOpen());
    QVERIFY(entries(dir.path()).isEmpty()); // the folder was not created
}

void TestCsvWriter::directoryAsTarget()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("folder"));
    QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("folder")));
    CsvWriter writer;
    const Status opened = writer.open(path);
    QVERIFY(!opened.ok());
    QCOMPARE(opened.error().code, ErrorCode::Storage);
    QVERIFY2(opened.error().message.contains(QDir::toNativeSeparators(path)), qPrintable(opened.error().message));
    QVERIFY2(opened.error().message.contains(QStringLiteral("folder, not a file")), qPrintable(opened.error().message));
    QVERIFY(!opened.error().detail.isEmpty());
    QVERIFY(QFileInfo(path).isDir());
    QCOMPARE(entries(dir.path()), QStringList{QStringLiteral("folder")});
}

void TestCsvWriter::readOnlyFolder()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString folder = dir.filePath(QStringLiteral("locked"));
    QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("locked")));
    QVERIFY(QFile::setPermissions(folder, QFile::ReadOwner | QFile::ExeOwner));
    const auto unlock =
        qScopeGuard([&] { QFile::setPermissions(folder, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner); });

    // Root (or CAP_DAC_OVERRIDE) writes into read-only folders; find out by trying.
    {
        QFile probe(folder + QStringLiteral("/probe"));
        if (probe.open(QIODevice::WriteOnly)) {
            probe.close();
            probe.remove();
            QSKIP("running as root (or with CAP_DAC_OVERRIDE): a probe file could be created in a read-only "
                  "folder, so the permission error cannot be produced here");
        }
    }

    const QString path = folder + QStringLiteral("/report.csv");
    CsvWriter writer;
    const Status opened = writer.open(path);
    QVERIFY(!opened.ok());
    QCOMPARE(opened.error().code, ErrorCode::Storage);
    QVERIFY2(opened.error().message.contains(QDir::toNativeSeparators(path)), qPrintable(opened.error().message));
    QVERIFY2(opened.error().message.contains(QStringLiteral("not writable")), qPrintable(opened.error().message));
    QVERIFY(!opened.error().detail.isEmpty());
    qInfo("message: %s | detail: %s", qPrintable(opened.error().message), qPrintable(opened.error().detail));
    QVERIFY(entries(folder).isEmpty());
}

// RLIMIT_FSIZE makes write(2) fail with EFBIG past the limit, which is the same path a full disk takes.
void TestCsvWriter::fullDiskOnWrite()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("report.csv"));
    QVERIFY(writeFile(path, "old\r\n"));

    CsvWriter writer;
    QVERIFY(writer.open(path).ok());
    Status failed;
    {
        FileSizeLimit limit(256 * 1024);
        QVERIFY(limit.ok());
        failed = writeManyRows(writer, 100000);
    }
    QVERIFY(!failed.ok());
    QCOMPARE(failed.error().code, ErrorCode::Storage);
    QVERIFY2(failed.error().message.contains(QDir::toNativeSeparators(path)), qPrintable(failed.error().message));
    QVERIFY(!failed.error().detail.isEmpty());
    qInfo("message: %s | detail: %s", qPrintable(failed.error().message), qPrintable(failed.error().detail));
    QVERIFY(writer.rowsWritten() < 100000);

    const Status committed = writer.commit();
    QCOMPARE(committed.error().code, ErrorCode::Storage);
    QCOMPARE(readAll(path), QByteArray("old\r\n"));
    QCOMPARE(entries(dir.path()), QStringList{QStringLiteral("report.csv")});
}

// The rows fit the buffer, so the failure shows up only when commit() writes them out.
void TestCsvWriter::fullDiskOnCommit()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("report.csv"));
    QVERIFY(writeFile(path, "old\r\n"));

    CsvWriter writer;
    QVERIFY(writer.open(path).ok());
    QVERIFY(writeManyRows(writer, 100).ok());
    Status committed;
    {
        FileSizeLimit limit(100);
        QVERIFY(limit.ok());
        committed = writer.commit();
    }
    QVERIFY(!committed.ok());
    QCOMPARE(committed.error().code, ErrorCode::Storage);
    QVERIFY(!committed.error().detail.isEmpty());
    QVERIFY(!writer.isOpen());
    QCOMPARE(readAll(path), QByteArray("old\r\n"));
    QCOMPARE(entries(dir.path()), QStringList{QStringLiteral("report.csv")});
}

void TestCsvWriter::fullDeviceOnWrite()
{
    FullDevice device(100 * 1024);
    CsvWriter writer;
    QVERIFY(writer.open(&device, QStringLiteral("standard output")).ok());
    const Status failed = writeManyRows(writer, 100000);
    QVERIFY(!failed.ok());
    QCOMPARE(failed.error().code, ErrorCode::Storage);
    QVERIFY(failed.error().message.contains(QStringLiteral("standard output")));
    QCOMPARE(failed.error().detail, QStringLiteral("No space left on device"));
    QCOMPARE(writer.commit().error().code, ErrorCode::Storage);
}

void TestCsvWriter::fullDeviceOnCommit()
{
    FullDevice device(10);
    CsvWriter writer;
    QVERIFY(writer.open(&device).ok());
    QVERIFY(writer.writeRow({QStringLiteral("more than ten bytes")}).ok()); // still in the buffer
    const Status committed = writer.commit();
    QVERIFY(!committed.ok());
    QCOMPARE(committed.error().code, ErrorCode::Storage);
    QCOMPARE(committed.error().detail, QStringLiteral("No space left on device"));
    QVERIFY(device.written.isEmpty());
}

// A device path is written directly (a rename over it would replace the device node), so /dev/full gives a real
// ENOSPC on a path.
void TestCsvWriter::devFull()
{
    const QFileInfo device(QStringLiteral("/dev/full"));
    if (!device.exists() || device.isFile()) {
        QSKIP("/dev/full is not a device here");
    }
    CsvWriter writer;
    QVERIFY(writer.open(device.filePath()).ok());
    const Status failed = writeManyRows(writer);
    QVERIFY(!failed.ok());
    QCOMPARE(failed.error().code, ErrorCode::Storage);
    QVERIFY(failed.error().message.contains(QStringLiteral("/dev/full")));
    QVERIFY2(failed.error().detail.contains(QStringLiteral("No space left")), qPrintable(failed.error().detail));
    QCOMPARE(writer.commit().error().code, ErrorCode::Storage);

    CsvWriter small; // the error also shows when only commit() writes
    QVERIFY(small.open(device.filePath()).ok());
    QVERIFY(small.writeRow({1}).ok());
    QCOMPARE(small.commit().error().code, ErrorCode::Storage);
    QVERIFY(!QFileInfo(device.filePath()).isFile());
}

void TestCsvWriter::devNull()
{
    const QFileInfo device(QStringLiteral("/dev/null"));
    if (!device.exists() || device.isFile()) {
        QSKIP("/dev/null is not a device here");
    }
    CsvWriter writer;
    QVERIFY(writer.open(device.filePath()).ok());
    QVERIFY(writeManyRows(writer).ok());
    QVERIFY(writer.commit().ok());
    QCOMPARE(writer.rowsWritten(), 20000);
    QVERIFY(!QFileInfo(device.filePath()).isFile());
}

// ---- speed --------------------------------------------------------------------------------------------------------

// A 14-column task row through the low-level API. Reports rows/s; the numbers that matter come from a release build
// (this test runs in every build, so it only checks the output, not the time).
void TestCsvWriter::throughput()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("tasks.csv"));
    const QDateTime created(QDate(2025, 8, 3), QTime(22, 30, 31, 958), Qt::UTC);
    const QByteArray description = "Implement the CSV writer, with \"quotes\" and a\nsecond line";
    const QString title = QStringLiteral("Task title number");
    const int rows = 200000;

    CsvWriter writer;
    QVERIFY(writer.open(path).ok());
    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < rows; ++i) {
        writer.beginRow();
        writer.field(qint64(i + 1));
        writer.field(title);
        writer.fieldUtf8(description.constData(), description.size());
        writer.field(QStringView(u"core"));
        writer.field(i % 7 + 1);
        writer.field(QStringView(u"high"));
        writer.field(QStringView(u"medium"));
        writer.field(QStringView(u"in_progress"));
        writer.field(QStringView(u"docs/SPEC.md"));
        writer.nullField();
        writer.field(1.5 + i % 10);
        writer.field(i % 3 ? std::optional<qint64>(i / 3) : std::nullopt);
        writer.field(created);
        writer.field(created);
        if (Status s = writer.endRow(); !s) {
            QFAIL(qPrintable(s.error().message));
        }
    }
    QVERIFY(writer.commit().ok());
    const qint64 elapsed = std::max<qint64>(1, timer.elapsed());
    qInfo("%d rows of 14 columns in %lld ms: %lld rows/s, %lld bytes", rows, elapsed, rows * 1000LL / elapsed,
          QFileInfo(path).size());

    const auto table = CsvReader::readFile(path, ',');
    QVERIFY(table.ok());
    QCOMPARE(table->records.size(), rows);
    QCOMPARE(table->records.first().size(), 14);
    QCOMPARE(table->records.first().at(2), CsvCell(QString::fromUtf8(description)));
}

// Found by tests/fuzz/fuzz_CsvRoundTrip: a first cell starting with U+FEFF, written without the BOM option, made the
// file start with EF BB BF, so a reader took it for the byte order mark and the cell lost its first character. (The
// fuzzer also found the test reader dropping U+FEFF at the start of any cell.)
void TestCsvWriter::cellStartingWithByteOrderMark_data()
{
    QTest::addColumn<bool>("bom");
    QTest::addColumn<bool>("utf8");

    QTest::newRow("no BOM, field()") << false << false;
    QTest::newRow("no BOM, fieldUtf8()") << false << true;
    QTest::newRow("BOM, field()") << true << false;
    QTest::newRow("BOM, fieldUtf8()") << true << true;
}

void TestCsvWriter::cellStartingWithByteOrderMark()
{
    QFETCH(bool, bom);
    QFETCH(bool, utf8);

    const QList<QStringList> rows{
        {QStringLiteral("\uFEFFfirst"), QStringLiteral("x")},
        {QStringLiteral("\uFEFF"), QStringLiteral("a\uFEFF"), QStringLiteral("\uFEFF\uFEFF")}};
    const QByteArray bytes = writeToBuffer({',', bom, true}, [&](CsvWriter &w) {
        for (const QStringList &row : rows) {
            w.beginRow();
            for (const QString &cell : row) {
                if (utf8) {
                    const QByteArray text = cell.toUtf8();
                    w.fieldUtf8(text.constData(), text.size());
                } else {
                    w.field(cell);
                }
            }
            QVERIFY(w.endRow().ok());
        }
    });
    // The cell is quoted, so the file starts with the BOM only when asked to.
    QCOMPARE(bytes.startsWith("\xEF\xBB\xBF"), bom);
    QVERIFY2(bytes.startsWith(bom ? "\xEF\xBB\xBF\"\xEF\xBB\xBF" : "\"\xEF\xBB\xBF"), visible(bytes).constData());

    const auto table = CsvReader::parse(bytes, ',');
    QVERIFY2(table.ok(), qPrintable(table.ok() ? QString() : table.error().message));
    QCOMPARE(table->hasBom, bom);
    QCOMPARE(table->records.size(), rows.size());
    for (qsizetype r = 0; r < rows.size(); ++r) {
        CsvRecord expected;
        for (const QString &cell : rows[r]) {
            expected << CsvCell(cell);
        }
        QVERIFY2(table->records[r] == expected, qPrintable(describe(table->records[r]) + " != " + describe(expected)));
    }
}

QTEST_GUILESS_MAIN(TestCsvWriter)
#include "tst_CsvWriter.moc"
