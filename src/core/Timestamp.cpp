// SPDX-License-Identifier: GPL-3.0-or-later
#include "Timestamp.h"

#include <QTimeZone>

namespace taskorch::core {

namespace {

std::function<QDateTime()> &clockSource()
{
    static std::function<QDateTime()> source;
    return source;
}

// Reads exactly `count` ASCII digits at `pos`; -1 when any is not a digit.
int digits(QStringView s, qsizetype pos, int count)
{
    if (pos + count > s.size()) {
        return -1;
    }
    int value = 0;
    for (int i = 0; i < count; ++i) {
        const char16_t c = s[pos + i].unicode();
        if (c < u'0' || c > u'9') {
            return -1;
        }
        value = value * 10 + (c - u'0');
    }
    return value;
}

void put(char16_t *&out, int value, int width)
{
    for (int i = width - 1; i >= 0; --i) {
        out[i] = char16_t(u'0' + value % 10);
        value /= 10;
    }
    out += width;
}

// Years 1–9999, all that the canonical form can spell: 0001-01-01T00:00:00.000Z to 9999-12-31T23:59:59.999Z.
constexpr qint64 s_minMs = -62'135'596'800'000;
constexpr qint64 s_maxMs = 253'402'300'799'999;

std::optional<QDateTime> inCanonicalRange(const QDateTime &time)
{
    const qint64 ms = time.toMSecsSinceEpoch();
    if (ms < s_minMs || ms > s_maxMs) {
        return std::nullopt;
    }
    return time;
}

} // namespace

QString Timestamp::format(const QDateTime &time)
{
    const QDateTime utc = time.toUTC();
    const QDate d = utc.date();
    const QTime t = utc.time();
    // Hand-rolled because QDateTime::toString is slow on bulk paths and locale-sensitive in places.
    QString text(24, Qt::Uninitialized);
    char16_t *out = reinterpret_cast<char16_t *>(text.data());
    put(out, d.year(), 4);
    *out++ = u'-';
    put(out, d.month(), 2);
    *out++ = u'-';
    put(out, d.day(), 2);
    *out++ = u'T';
    put(out, t.hour(), 2);
    *out++ = u':';
    put(out, t.minute(), 2);
    *out++ = u':';
    put(out, t.second(), 2);
    *out++ = u'.';
    put(out, t.msec(), 3);
    *out++ = u'Z';
    return text;
}

std::optional<QDateTime> Timestamp::parseCanonical(QStringView s)
{
    if (s.size() != 24 || s[4] != u'-' || s[7] != u'-' || s[10] != u'T' || s[13] != u':' || s[16] != u':' ||
        s[19] != u'.' || s[23] != u'Z') {
        return std::nullopt;
    }
    const QDate date(digits(s, 0, 4), digits(s, 5, 2), digits(s, 8, 2));
    const QTime time(digits(s, 11, 2), digits(s, 14, 2), digits(s, 17, 2), digits(s, 20, 3));
    if (digits(s, 0, 4) < 0 || !date.isValid() || !time.isValid()) {
        return std::nullopt;
    }
    return QDateTime(date, time, Qt::UTC);
}

std::optional<QDateTime> Timestamp::parseLenient(QStringView input)
{
    const QStringView s = input.trimmed();
    if (s.isEmpty()) {
        return std::nullopt;
    }

    // Epoch seconds (possibly fractional): all digits with at most one dot.
    bool numeric = true;
    for (QChar c : s) {
        if (!c.isDigit() && c != u'.') {
            numeric = false;
            break;
        }
    }
    if (numeric && s.size() >= 9 && s.count(u'.') <= 1) {
        bool ok = false;
        const double seconds = s.toDouble(&ok);
        if (ok) {
            // Compared as a double first: converting one beyond qint64 is undefined behaviour.
            const double ms = seconds * 1000.0;
            if (!(ms >= double(s_minMs) && ms <= double(s_maxMs))) {
                return std::nullopt;
            }
            return QDateTime::fromMSecsSinceEpoch(qint64(ms), Qt::UTC);
        }
    }

    if (s.size() < 10 || s[4] != u'-' || s[7] != u'-') {
        return std::nullopt;
    }
    const QDate date(digits(s, 0, 4), digits(s, 5, 2), digits(s, 8, 2));
    if (!date.isValid() || digits(s, 0, 4) < 0) {
        return std::nullopt;
    }
    if (s.size() == 10) {
        return QDateTime(date, QTime(0, 0), Qt::UTC);
    }
    if (s[10] != u'T' && s[10] != u't' && s[10] != u' ') {
        return std::nullopt;
    }
    qsizetype pos = 11;
    const int hour = digits(s, pos, 2);
    if (hour < 0 || pos + 2 >= s.size() || s[pos + 2] != u':') {
        return std::nullopt;
    }
    const int minute = digits(s, pos + 3, 2);
    if (minute < 0) {
        return std::nullopt;
    }
    pos += 5;
    int second = 0;
    int msec = 0;
    if (pos < s.size() && s[pos] == u':') {
        second = digits(s, pos + 1, 2);
        if (second < 0) {
            return std::nullopt;
        }
        pos += 3;
        if (pos < s.size() && (s[pos] == u'.' || s[pos] == u',')) {
            ++pos;
            int fractionDigits = 0;
            int scaled = 0; // the first three digits, as milliseconds
            // ASCII digits only: QChar::isDigit() also accepts other scripts' digits, which are not 0–9 here.
            while (pos < s.size() && s[pos] >= u'0' && s[pos] <= u'9') {
                if (fractionDigits < 3) {
                    scaled = scaled * 10 + (s[pos].unicode() - u'0');
                }
                ++fractionDigits;
                ++pos;
            }
            if (fractionDigits == 0 || fractionDigits > 9) {
                return std::nullopt;
            }
            for (int i = fractionDigits; i < 3; ++i) {
                scaled *= 10;
            }
            msec = scaled;
        }
    }
    if (second == 60) { // leap second: clamp rather than refuse
        second = 59;
        msec = 999;
    }
    const QTime time(hour, minute, second, msec);
    if (!time.isValid()) {
        return std::nullopt;
    }

    int offsetSeconds = 0;
    while (pos < s.size() && s[pos] == u' ') {
        ++pos;
    }
    if (pos < s.size()) {
        const QChar sign = s[pos];
        if ((sign == u'Z' || sign == u'z') && pos + 1 == s.size()) {
            pos += 1;
        } else if (sign == u'+' || sign == u'-') {
            const int oh = digits(s, pos + 1, 2);
            if (oh < 0 || oh > 14) {
                return std::nullopt;
            }
            qsizetype p = pos + 3;
            int om = 0;
            if (p < s.size() && s[p] == u':') {
                ++p;
            }
            if (p < s.size()) {
                om = digits(s, p, 2);
                if (om < 0 || om > 59) {
                    return std::nullopt;
                }
                p += 2;
            }
            if (p != s.size()) {
                return std::nullopt;
            }
            offsetSeconds = (oh * 3600 + om * 60) * (sign == u'-' ? -1 : 1);
            pos = p;
        } else {
            return std::nullopt;
        }
    }
    if (pos != s.size()) {
        return std::nullopt;
    }
    // An offset can carry 0001-01-01 or 9999-12-31 over the edge of what format() can write.
    return inCanonicalRange(QDateTime(date, time, Qt::UTC).addSecs(-offsetSeconds));
}

QDateTime Clock::now()
{
    if (const auto &source = clockSource()) {
        return source().toUTC();
    }
    return QDateTime::currentDateTimeUtc();
}

void Clock::setSource(std::function<QDateTime()> source)
{
    clockSource() = std::move(source);
}

} // namespace taskorch::core
