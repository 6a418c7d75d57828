// SPDX-License-Identifier: GPL-3.0-or-later
// The one stored timestamp format (SPEC.md §3) and the lenient parser the legacy importer needs (§8).
#include "Timestamp.h"

#include <QTest>
#include <QTimeZone>

using taskorch::core::Clock;
namespace Timestamp = taskorch::core::Timestamp;

namespace {

QDateTime utc(int y, int mo, int d, int h = 0, int mi = 0, int s = 0, int ms = 0)
{
    return QDateTime(QDate(y, mo, d), QTime(h, mi, s, ms), QTimeZone::utc());
}

} // namespace

class TestTimestamp : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void format_data();
    void format();
    void formatIsSortableAsText();
    void parseCanonical_data();
    void parseCanonical();
    void canonicalRoundTrip();
    void parseLenient_data();
    void parseLenient();
    void clockSourceIsSwappable();
    void lenientStaysWithinCanonicalYears_data();
    void lenientStaysWithinCanonicalYears();
    void lenientFractionTakesAsciiDigitsOnly_data();
    void lenientFractionTakesAsciiDigitsOnly();
};

void TestTimestamp::format_data()
{
    QTest::addColumn<QDateTime>("time");
    QTest::addColumn<QString>("expected");

    QTest::newRow("spec example") << utc(2025, 8, 3, 22, 30, 31, 958) << "2025-08-03T22:30:31.958Z";
    QTest::newRow("zero milliseconds") << utc(2025, 1, 1) << "2025-01-01T00:00:00.000Z";
    QTest::newRow("padding") << utc(2024, 2, 9, 3, 4, 5, 7) << "2024-02-09T03:04:05.007Z";
    QTest::newRow("leap day") << utc(2024, 2, 29, 23, 59, 59, 999) << "2024-02-29T23:59:59.999Z";
    QTest::newRow("year below 1000 is zero-padded") << utc(999, 12, 31, 1, 2, 3, 4) << "0999-12-31T01:02:03.004Z";
    QTest::newRow("offset +02:00 converted to UTC")
        << QDateTime(QDate(2025, 8, 4), QTime(0, 30, 31, 958), QTimeZone(2 * 3600)) << "2025-08-03T22:30:31.958Z";
    QTest::newRow("offset -05:30 converted to UTC")
        << QDateTime(QDate(2025, 8, 3), QTime(17, 0, 31, 958), QTimeZone(-(5 * 3600 + 30 * 60)))
        << "2025-08-03T22:30:31.958Z";
}

void TestTimestamp::format()
{
    QFETCH(QDateTime, time);
    QFETCH(QString, expected);
    QCOMPARE(Timestamp::format(time), expected);
}

void TestTimestamp::formatIsSortableAsText()
{
    const QList<QDateTime> times{utc(2024, 12, 31, 23, 59, 59, 999), utc(2025, 1, 1),  utc(2025, 1, 1, 0, 0, 0, 1),
                                 utc(2025, 1, 1, 0, 0, 1),           utc(2025, 10, 2), utc(2025, 10, 10)};
    for (int i = 1; i < times.size(); ++i) {
        QVERIFY2(Timestamp::format(times[i - 1]) < Timestamp::format(times[i]),
                 qPrintable(Timestamp::format(times[i - 1]) + " !< " + Timestamp::format(times[i])));
    }
}

void TestTimestamp::parseCanonical_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QDateTime>("expected");

    QTest::newRow("spec example") << "2025-08-03T22:30:31.958Z" << true << utc(2025, 8, 3, 22, 30, 31, 958);
    QTest::newRow("midnight") << "2025-01-01T00:00:00.000Z" << true << utc(2025, 1, 1);
    QTest::newRow("leap day") << "2024-02-29T12:00:00.000Z" << true << utc(2024, 2, 29, 12);

    const QDateTime none;
    QTest::newRow("empty") << "" << false << none;
    QTest::newRow("space instead of T") << "2025-08-03 22:30:31.958Z" << false << none;
    QTest::newRow("no milliseconds") << "2025-08-03T22:30:31Z" << false << none;
    QTest::newRow("two fraction digits") << "2025-08-03T22:30:31.95Z" << false << none;
    QTest::newRow("six fraction digits") << "2025-08-03T22:30:31.958000Z" << false << none;
    QTest::newRow("no Z") << "2025-08-03T22:30:31.958" << false << none;
    QTest::newRow("offset instead of Z") << "2025-08-03T22:30:31.958+00:00" << false << none;
    QTest::newRow("lower-case z") << "2025-08-03T22:30:31.958z" << false << none;
    QTest::newRow("date only") << "2025-08-03" << false << none;
    QTest::newRow("month 13") << "2025-13-03T22:30:31.958Z" << false << none;
    QTest::newRow("30 February") << "2025-02-30T22:30:31.958Z" << false << none;
    QTest::newRow("29 February, not a leap year") << "2025-02-29T22:30:31.958Z" << false << none;
    QTest::newRow("hour 24") << "2025-08-03T24:00:00.000Z" << false << none;
    QTest::newRow("minute 60") << "2025-08-03T22:60:00.000Z" << false << none;
    QTest::newRow("letters in the year") << "20a5-08-03T22:30:31.958Z" << false << none;
    QTest::newRow("letters for the year") << "abcd-08-03T22:30:31.958Z" << false << none;
    QTest::newRow("letters in the day") << "2025-08-0xT22:30:31.958Z" << false << none;
    QTest::newRow("letters in the milliseconds") << "2025-08-03T22:30:31.9x8Z" << false << none;
    QTest::newRow("leading space") << " 2025-08-03T22:30:31.958Z" << false << none;
    QTest::newRow("garbage of the right length") << "this is not a time at al" << false << none;
}

void TestTimestamp::parseCanonical()
{
    QFETCH(QString, text);
    QFETCH(bool, valid);
    QFETCH(QDateTime, expected);

    const auto parsed = Timestamp::parseCanonical(text);
    QCOMPARE(parsed.has_value(), valid);
    if (valid) {
        QCOMPARE(*parsed, expected);
        QCOMPARE(parsed->timeSpec(), Qt::UTC);
    }
}

void TestTimestamp::canonicalRoundTrip()
{
    for (const QDateTime &t :
         {utc(2025, 8, 3, 22, 30, 31, 958), utc(1999, 12, 31, 23, 59, 59, 999), utc(2038, 1, 19)}) {
        const QString text = Timestamp::format(t);
        const auto back = Timestamp::parseCanonical(text);
        QVERIFY2(back.has_value(), qPrintable(text));
        QCOMPARE(*back, t);
        QCOMPARE(Timestamp::format(*back), text);
    }
}

void TestTimestamp::parseLenient_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QDateTime>("expected");

    const QDateTime base = utc(2025, 8, 3, 22, 30, 31);
    // Separators and fraction digits.
    QTest::newRow("canonical") << "2025-08-03T22:30:31.958Z" << true << base.addMSecs(958);
    QTest::newRow("space, no fraction") << "2025-08-03 22:30:31" << true << base;
    QTest::newRow("T, no fraction") << "2025-08-03T22:30:31" << true << base;
    QTest::newRow("lower-case t") << "2025-08-03t22:30:31" << true << base;
    QTest::newRow("no seconds") << "2025-08-03 22:30" << true << utc(2025, 8, 3, 22, 30);
    QTest::newRow("0 fraction digits after a dot is refused") << "2025-08-03 22:30:31." << false << QDateTime();
    QTest::newRow("1 fraction digit") << "2025-08-03 22:30:31.9" << true << base.addMSecs(900);
    QTest::newRow("2 fraction digits") << "2025-08-03 22:30:31.95" << true << base.addMSecs(950);
    QTest::newRow("3 fraction digits") << "2025-08-03 22:30:31.958" << true << base.addMSecs(958);
    QTest::newRow("4 fraction digits") << "2025-08-03 22:30:31.9581" << true << base.addMSecs(958);
    QTest::newRow("5 fraction digits") << "2025-08-03 22:30:31.95812" << true << base.addMSecs(958);
    QTest::newRow("6 fraction digits (Python isoformat)") << "2025-08-03 22:30:31.958123" << true << base.addMSecs(958);
    QTest::newRow("6 fraction digits, T") << "2025-08-03T22:30:31.000001" << true << base;
    QTest::newRow("comma as fraction separator") << "2025-08-03 22:30:31,958" << true << base.addMSecs(958);
    // Zones.
    QTest::newRow("Z") << "2025-08-03T22:30:31Z" << true << base;
    QTest::newRow("lower-case z") << "2025-08-03T22:30:31z" << true << base;
    QTest::newRow("6 digits and Z") << "2025-08-03T22:30:31.958123Z" << true << base.addMSecs(958);
    QTest::newRow("+02:00") << "2025-08-04T00:30:31+02:00" << true << base;
    QTest::newRow("+0200") << "2025-08-04T00:30:31+0200" << true << base;
    QTest::newRow("+02") << "2025-08-04T00:30:31+02" << true << base;
    QTest::newRow("+00:00") << "2025-08-03T22:30:31+00:00" << true << base;
    QTest::newRow("-0530") << "2025-08-03T17:00:31-0530" << true << base;
    QTest::newRow("-05:30 with fraction") << "2025-08-03T17:00:31.958-05:30" << true << base.addMSecs(958);
    QTest::newRow("offset crossing midnight") << "2025-08-04T03:00:31.5+04:30" << true << base.addMSecs(500);
    QTest::newRow("space before the offset") << "2025-08-03 22:30:31 +00:00" << true << base;
    QTest::newRow("surrounding whitespace") << "  2025-08-03 22:30:31  " << true << base;
    QTest::newRow("leap second clamped") << "2016-12-31 23:59:60" << true << utc(2016, 12, 31, 23, 59, 59, 999);
    // Date only and epoch seconds.
    QTest::newRow("date only") << "2025-08-03" << true << utc(2025, 8, 3);
    QTest::newRow("epoch seconds") << "1754260231" << true << base;
    QTest::newRow("epoch seconds with fraction") << "1754260231.958" << true << base.addMSecs(958);
    QTest::newRow("epoch zero-padded") << "0000000000" << true << utc(1970, 1, 1);
    // Garbage.
    const QDateTime none;
    QTest::newRow("empty") << "" << false << none;
    QTest::newRow("blank") << "   " << false << none;
    QTest::newRow("word") << "yesterday" << false << none;
    QTest::newRow("NULL text") << "NULL" << false << none;
    QTest::newRow("slashes") << "2025/08/03" << false << none;
    QTest::newRow("day first") << "03-08-2025" << false << none;
    QTest::newRow("month 13") << "2025-13-01" << false << none;
    QTest::newRow("30 February") << "2025-02-30 10:00:00" << false << none;
    QTest::newRow("hour 25") << "2025-08-03 25:00:00" << false << none;
    QTest::newRow("minute 61") << "2025-08-03 22:61:00" << false << none;
    QTest::newRow("hour only") << "2025-08-03 22" << false << none;
    QTest::newRow("wrong separator") << "2025-08-03X22:30:31" << false << none;
    QTest::newRow("trailing junk") << "2025-08-03 22:30:31 tomorrow" << false << none;
    QTest::newRow("Z then junk") << "2025-08-03T22:30:31Zjunk" << false << none;
    QTest::newRow("offset out of range") << "2025-08-03T22:30:31+15:00" << false << none;
    QTest::newRow("offset minutes out of range") << "2025-08-03T22:30:31+02:75" << false << none;
    QTest::newRow("offset with one digit") << "2025-08-03T22:30:31+2" << false << none;
    QTest::newRow("10 fraction digits") << "2025-08-03 22:30:31.1234567890" << false << none;
    QTest::newRow("short number") << "12345" << false << none;
    QTest::newRow("two dots") << "1754260231.9.5" << false << none;
    QTest::newRow("letters in the year") << "20x5-08-03" << false << none;
}

void TestTimestamp::parseLenient()
{
    QFETCH(QString, text);
    QFETCH(bool, valid);
    QFETCH(QDateTime, expected);

    const auto parsed = Timestamp::parseLenient(text);
    QCOMPARE(parsed.has_value(), valid);
    if (valid) {
        QCOMPARE(*parsed, expected);
        QCOMPARE(parsed->timeSpec(), Qt::UTC);
    }
}

void TestTimestamp::clockSourceIsSwappable()
{
    const QDateTime fixed(QDate(2030, 5, 6), QTime(7, 8, 9, 10), QTimeZone(3600));
    Clock::setSource([fixed] { return fixed; });
    const QDateTime now = Clock::now();
    Clock::setSource({});
    QCOMPARE(now, fixed);
    QCOMPARE(now.timeSpec(), Qt::UTC);
    QCOMPARE(Timestamp::format(now), QStringLiteral("2030-05-06T06:08:09.010Z"));

    const QDateTime before = QDateTime::currentDateTimeUtc();
    const QDateTime system = Clock::now();
    const QDateTime after = QDateTime::currentDateTimeUtc();
    QVERIFY(before <= system && system <= after);
}

// Found by tests/fuzz/fuzz_Timestamp: a lenient parse must format back to canonical text that parses to the same
// instant, so times outside the years 1–9999 are refused (epoch seconds of 20 digits also overflowed a qint64).
void TestTimestamp::lenientStaysWithinCanonicalYears_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QDateTime>("expected");

    const QDateTime none;
    QTest::newRow("epoch seconds after 9999 (fuzz input)") << "11111111111110" << false << none;
    QTest::newRow("epoch seconds beyond qint64 milliseconds") << "99999999999999999999" << false << none;
    QTest::newRow("epoch seconds, last second of 9999") << "253402300799" << true << utc(9999, 12, 31, 23, 59, 59);
    QTest::newRow("epoch seconds, first second of 10000") << "253402300800" << false << none;
    QTest::newRow("negative offset past 9999") << "9999-12-31T23:59:00-01:00" << false << none;
    QTest::newRow("positive offset before year 1") << "0001-01-01 00:00+01:00" << false << none;
    QTest::newRow("offset inside 9999") << "9999-12-31T23:59:59.999+00:00" << true
                                        << utc(9999, 12, 31, 23, 59, 59, 999);
    QTest::newRow("offset inside year 1") << "0001-01-01T01:00:00+01:00" << true << utc(1, 1, 1);
}

void TestTimestamp::lenientStaysWithinCanonicalYears()
{
    QFETCH(QString, text);
    QFETCH(bool, valid);
    QFETCH(QDateTime, expected);

    const auto parsed = Timestamp::parseLenient(text);
    QCOMPARE(parsed.has_value(), valid);
    if (valid) {
        QCOMPARE(*parsed, expected);
        const QString formatted = Timestamp::format(*parsed);
        const auto back = Timestamp::parseCanonical(formatted);
        QVERIFY2(back.has_value(), qPrintable(formatted));
        QCOMPARE(*back, *parsed);
    }
}

// Found by tests/fuzz/fuzz_Timestamp: the fraction accepted any Unicode digit (QChar::isDigit) and read it as a
// garbage value; with a leap second, which replaces the fraction, "23:59:60.\u0661" parsed as 23:59:59.999, while the
// legacy importer's fast path (parseTimestampMs) refused it.
void TestTimestamp::lenientFractionTakesAsciiDigitsOnly_data()
{
    QTest::addColumn<QString>("text");

    QTest::newRow("Arabic-Indic digit after a leap second (fuzz input)")
        << QStringLiteral("1065-05-11 23:59:60.\u0661");
    QTest::newRow("Arabic-Indic digits") << QStringLiteral("2025-08-03 22:30:31.\u0661\u0662\u0663");
    QTest::newRow("fullwidth digit") << QStringLiteral("2025-08-03 22:30:31.\uFF15");
    QTest::newRow("ASCII then Devanagari digit") << QStringLiteral("2025-08-03 22:30:31.5\u0967Z");
}

void TestTimestamp::lenientFractionTakesAsciiDigitsOnly()
{
    QFETCH(QString, text);
    QVERIFY2(!Timestamp::parseLenient(text).has_value(), qPrintable(text));
}

QTEST_GUILESS_MAIN(TestTimestamp)
#include "tst_Timestamp.moc"
