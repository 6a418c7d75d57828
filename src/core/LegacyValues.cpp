// SPDX-License-Identifier: GPL-3.0-or-later
#include "LegacyValues.h"

#include "Timestamp.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <initializer_list>
#include <utility>

namespace taskorch::core::legacy {

QString toString(IssueCode code)
{
    switch (code) {
    case IssueCode::None:
        return {};
    case IssueCode::Synonym:
        return QStringLiteral("synonym");
    case IssueCode::UnknownValue:
        return QStringLiteral("unknown_value");
    case IssueCode::NullDefault:
        return QStringLiteral("null_default");
    case IssueCode::InvalidNumber:
        return QStringLiteral("invalid_number");
    case IssueCode::Clamped:
        return QStringLiteral("clamped");
    case IssueCode::OutOfRange:
        return QStringLiteral("out_of_range");
    case IssueCode::Rounded:
        return QStringLiteral("rounded");
    case IssueCode::Truncated:
        return QStringLiteral("truncated");
    case IssueCode::UnparseableTimestamp:
        return QStringLiteral("unparseable_timestamp");
    case IssueCode::TimestampClamped:
        return QStringLiteral("timestamp_clamped");
    case IssueCode::MissingParent:
        return QStringLiteral("missing_parent");
    case IssueCode::SelfParent:
        return QStringLiteral("self_parent");
    case IssueCode::ParentCycle:
        return QStringLiteral("parent_cycle");
    case IssueCode::ExtraColumn:
        return QStringLiteral("extra_column");
    case IssueCode::InvalidJson:
        return QStringLiteral("invalid_json");
    }
    return {};
}

QString foldSpelling(QStringView raw)
{
    const QString lower = raw.trimmed().toString().toCaseFolded();
    QString out;
    out.reserve(lower.size());
    bool pendingSeparator = false;
    for (QChar c : lower) {
        if (c == u' ' || c == u'-' || c == u'_' || c.isSpace()) {
            pendingSeparator = !out.isEmpty();
            continue;
        }
        if (pendingSeparator) {
            out += u'_';
            pendingSeparator = false;
        }
        out += c;
    }
    return out;
}

namespace {

template <typename E> struct Spelling
{
    const char16_t *text;
    E value;
    bool lossy; ///< the legacy word meant something the canonical value does not say (recorded)
};

// Case and spacing never count as a change; a synonym or a default does.
template <typename E>
Normalised<E> normaliseEnum(QStringView raw, std::initializer_list<Spelling<E>> synonyms, E fallback, bool emptyIsKnown)
{
    const QStringView trimmed = raw.trimmed();
    if (raw.isNull() || trimmed.isEmpty()) {
        return {fallback, true, emptyIsKnown, IssueCode::NullDefault};
    }
    for (const auto &[value, name] : EnumNames<E>::values) {
        const QLatin1StringView canonical(name.data(), qsizetype(name.size()));
        if (trimmed.compare(canonical, Qt::CaseInsensitive) == 0) {
            return {value, false, true, IssueCode::None};
        }
    }
    const QString folded = foldSpelling(trimmed);
    if (const auto exact = fromString<E>(folded)) {
        return {*exact, false, true, IssueCode::None};
    }
    for (const Spelling<E> &s : synonyms) {
        if (folded == QStringView(s.text)) {
            return s.lossy ? Normalised<E>{s.value, true, true, IssueCode::Synonym}
                           : Normalised<E>{s.value, false, true, IssueCode::None};
        }
    }
    return {fallback, true, false, IssueCode::UnknownValue};
}

// Rounds and clamps a number into [low, high]; `fallback` for NULL and non-numbers.
template <typename T> Normalised<T> normaliseWhole(NumberCell raw, T low, T high, T fallback, bool nullIsKnown)
{
    switch (raw.kind) {
    case NumberCell::Kind::Null:
        return {fallback, true, nullIsKnown, IssueCode::NullDefault};
    case NumberCell::Kind::NotANumber:
        return {fallback, true, false, IssueCode::InvalidNumber};
    case NumberCell::Kind::Number:
        break;
    }
    if (std::isnan(raw.value)) {
        return {fallback, true, false, IssueCode::InvalidNumber};
    }
    if (raw.value < double(low)) {
        return {low, true, true, IssueCode::Clamped};
    }
    if (raw.value > double(high)) {
        return {high, true, true, IssueCode::Clamped};
    }
    const double rounded = std::round(raw.value);
    const T value = T(std::clamp(rounded, double(low), double(high)));
    if (rounded != raw.value) {
        return {value, true, true, IssueCode::Rounded};
    }
    return {value, false, true, IssueCode::None};
}

constexpr qint64 kMsPerDay = 86'400'000;

constexpr qint64 daysFromCivil(qint64 y, unsigned m, unsigned d)
{
    y -= m <= 2 ? 1 : 0;
    const qint64 era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = unsigned(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + qint64(doe) - 719468;
}

struct Civil
{
    qint64 year;
    unsigned month;
    unsigned day;
};

constexpr Civil civilFromDays(qint64 z)
{
    z += 719468;
    const qint64 era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = unsigned(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const qint64 y = qint64(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    return {y + (m <= 2 ? 1 : 0), m, d};
}

constexpr qint64 kMinMs = daysFromCivil(1, 1, 1) * kMsPerDay;
constexpr qint64 kMaxMs = daysFromCivil(10000, 1, 1) * kMsPerDay - 1;

unsigned daysInMonth(qint64 year, unsigned month)
{
    static constexpr unsigned days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month == 2 && (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0))) {
        return 29;
    }
    return days[month - 1];
}

// Exactly `count` ASCII digits at `pos`, or -1.
int digitsAt(QByteArrayView s, qsizetype pos, int count)
{
    if (pos + count > s.size()) {
        return -1;
    }
    int value = 0;
    for (int i = 0; i < count; ++i) {
        const char c = s[pos + i];
        if (c < '0' || c > '9') {
            return -1;
        }
        value = value * 10 + (c - '0');
    }
    return value;
}

QByteArrayView trimmedView(QByteArrayView s)
{
    qsizetype begin = 0;
    qsizetype end = s.size();
    while (begin < end && (s[begin] == ' ' || s[begin] == '\t' || s[begin] == '\n' || s[begin] == '\r')) {
        ++begin;
    }
    while (end > begin && (s[end - 1] == ' ' || s[end - 1] == '\t' || s[end - 1] == '\n' || s[end - 1] == '\r')) {
        --end;
    }
    return s.sliced(begin, end - begin);
}

// The shapes SQLite, SQLAlchemy and isoformat() write: `YYYY-MM-DD[( |T)HH:MM:SS[.f{1,9}]][Z]`. Anything else
// (offsets, minutes only, comma fractions, epoch text) goes through Timestamp::parseLenient.
std::optional<std::optional<qint64>> parseCommonShape(QByteArrayView s)
{
    if (s.size() < 10 || s[4] != '-' || s[7] != '-') {
        return std::nullopt;
    }
    const int year = digitsAt(s, 0, 4);
    const int month = digitsAt(s, 5, 2);
    const int day = digitsAt(s, 8, 2);
    if (year < 1 || month < 1 || month > 12 || day < 1 || unsigned(day) > daysInMonth(year, unsigned(month))) {
        return std::optional<qint64>();
    }
    const qint64 days = daysFromCivil(year, unsigned(month), unsigned(day));
    if (s.size() == 10) {
        return std::optional<qint64>(days * kMsPerDay);
    }
    if (s.size() < 19 || (s[10] != ' ' && s[10] != 'T' && s[10] != 't') || s[13] != ':' || s[16] != ':') {
        return std::nullopt;
    }
    const int hour = digitsAt(s, 11, 2);
    const int minute = digitsAt(s, 14, 2);
    int second = digitsAt(s, 17, 2);
    if (hour < 0 || minute < 0 || second < 0) {
        return std::nullopt;
    }
    qsizetype pos = 19;
    int msec = 0;
    if (pos < s.size() && s[pos] == '.') {
        ++pos;
        int fractionDigits = 0;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
            if (fractionDigits < 3) {
                msec = msec * 10 + (s[pos] - '0');
            }
            ++fractionDigits;
            ++pos;
        }
        if (fractionDigits == 0 || fractionDigits > 9) {
            return std::optional<qint64>();
        }
        for (int i = fractionDigits; i < 3; ++i) {
            msec *= 10;
        }
    }
    if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
        ++pos;
    }
    if (pos != s.size()) {
        return std::nullopt;
    }
    if (second == 60) { // leap second: clamp like Timestamp::parseLenient
        second = 59;
        msec = 999;
    }
    if (hour > 23 || minute > 59 || second > 59) {
        return std::optional<qint64>();
    }
    return std::optional<qint64>(days * kMsPerDay + ((hour * 60 + minute) * 60 + second) * 1000LL + msec);
}

void put(char *&out, qint64 value, int width)
{
    for (int i = width - 1; i >= 0; --i) {
        out[i] = char('0' + value % 10);
        value /= 10;
    }
    out += width;
}

} // namespace

Normalised<TaskStatus> normaliseStatus(QStringView raw)
{
    return normaliseEnum<TaskStatus>(raw,
                                     {{u"todo", TaskStatus::NotStarted, false},
                                      {u"pending", TaskStatus::NotStarted, false},
                                      {u"backlog", TaskStatus::NotStarted, true},
                                      {u"running", TaskStatus::InProgress, false},
                                      {u"started", TaskStatus::InProgress, false},
                                      {u"partial", TaskStatus::InProgress, true},
                                      {u"requires_assistance", TaskStatus::Blocked, true},
                                      {u"done", TaskStatus::Completed, false},
                                      {u"complete", TaskStatus::Completed, false},
                                      {u"cancelled", TaskStatus::Failed, true},
                                      {u"canceled", TaskStatus::Failed, true}},
                                     TaskStatus::NotStarted, true);
}

Normalised<Priority> normalisePriority(QStringView raw)
{
    return normaliseEnum<Priority>(raw, {}, Priority::Medium, false);
}

Normalised<Complexity> normaliseComplexity(QStringView raw)
{
    // The two legacy vocabularies are one ordinal scale (LEGACY_FORMATS.md H2): a word from either is not a change.
    return normaliseEnum<Complexity>(raw,
                                     {{u"low", Complexity::Simple, false},
                                      {u"high", Complexity::Complex, false},
                                      {u"very_high", Complexity::Expert, false}},
                                     Complexity::Medium, false);
}

Normalised<DependencyType> normaliseDependencyType(QStringView raw)
{
    // Later legacy code weighted `enables` (0.6) above `enhances` (0.3); both are soft, but the word is kept.
    return normaliseEnum<DependencyType>(raw, {{u"enables", DependencyType::Enhances, true}}, DependencyType::Blocks,
                                         false);
}

Normalised<CommentType> normaliseCommentType(QStringView raw)
{
    return normaliseEnum<CommentType>(raw, {}, CommentType::Note, false);
}

Normalised<ExecutionStatus> normaliseExecutionStatus(QStringView raw)
{
    return normaliseEnum<ExecutionStatus>(raw, {{u"canceled", ExecutionStatus::Cancelled, false}},
                                          ExecutionStatus::Pending, false);
}

Normalised<LogLevel> normaliseLogLevel(QStringView raw)
{
    return normaliseEnum<LogLevel>(raw, {{u"warn", LogLevel::Warning, false}}, LogLevel::Info, false);
}

Normalised<int> normalisePhase(NumberCell raw)
{
    return normaliseWhole<int>(raw, 1, 4, 1, true);
}

Normalised<double> normaliseEstimateHours(NumberCell raw)
{
    switch (raw.kind) {
    case NumberCell::Kind::Null:
        return {1.0, true, true, IssueCode::NullDefault};
    case NumberCell::Kind::NotANumber:
        return {1.0, true, false, IssueCode::InvalidNumber};
    case NumberCell::Kind::Number:
        break;
    }
    if (std::isnan(raw.value)) {
        return {1.0, true, false, IssueCode::InvalidNumber};
    }
    if (raw.value <= 0.0) {
        return {1.0, true, true, IssueCode::OutOfRange};
    }
    if (raw.value < 0.1) {
        return {0.1, true, true, IssueCode::Clamped};
    }
    if (raw.value > 200.0) {
        return {200.0, true, true, IssueCode::Clamped};
    }
    return {raw.value, false, true, IssueCode::None};
}

Normalised<int> normalisePercentage(NumberCell raw)
{
    return normaliseWhole<int>(raw, 0, 100, 0, false);
}

Normalised<int> normaliseMaxParallel(NumberCell raw)
{
    return normaliseWhole<int>(raw, 1, 50, 5, true);
}

Normalised<double> normaliseNonNegativeHours(NumberCell raw)
{
    switch (raw.kind) {
    case NumberCell::Kind::Null:
        return {0.0, true, true, IssueCode::NullDefault};
    case NumberCell::Kind::NotANumber:
        return {0.0, true, false, IssueCode::InvalidNumber};
    case NumberCell::Kind::Number:
        break;
    }
    if (std::isnan(raw.value)) {
        return {0.0, true, false, IssueCode::InvalidNumber};
    }
    if (raw.value < 0.0) {
        return {0.0, true, true, IssueCode::Clamped};
    }
    if (std::isinf(raw.value)) {
        return {0.0, true, false, IssueCode::InvalidNumber};
    }
    return {raw.value, false, true, IssueCode::None};
}

Normalised<qint64> normaliseNonNegativeCount(NumberCell raw)
{
    // 2^53: the largest whole number a double carries exactly.
    return normaliseWhole<qint64>(raw, 0, qint64(1) << 53, 0, true);
}

std::optional<double> parseNumber(QByteArrayView utf8)
{
    QByteArrayView s = trimmedView(utf8);
    if (!s.isEmpty() && s[0] == '+') {
        s = s.sliced(1);
    }
    if (s.isEmpty()) {
        return std::nullopt;
    }
    double value = 0.0;
    const auto [end, error] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (error != std::errc() || end != s.data() + s.size() || !std::isfinite(value)) {
        return std::nullopt;
    }
    return value;
}

std::optional<qint64> parseTimestampMs(QByteArrayView utf8)
{
    const QByteArrayView s = trimmedView(utf8);
    if (s.isEmpty()) {
        return std::nullopt;
    }
    if (const auto common = parseCommonShape(s)) {
        return *common;
    }
    const auto parsed = Timestamp::parseLenient(QString::fromUtf8(s));
    if (!parsed) {
        return std::nullopt;
    }
    const qint64 ms = parsed->toMSecsSinceEpoch();
    if (ms < kMinMs || ms > kMaxMs) {
        return std::nullopt;
    }
    return ms;
}

std::optional<qint64> timestampFromNumber(double value)
{
    if (!std::isfinite(value)) {
        return std::nullopt;
    }
    double ms = 0.0;
    if (value >= 1e6 && value < 1e7) {
        ms = (value - 2440587.5) * double(kMsPerDay);
    } else if (value >= 1e8 && value < 1e11) {
        ms = value * 1000.0;
    } else if (value >= 1e11 && value < 1e14) {
        ms = value;
    } else {
        return std::nullopt;
    }
    const auto result = qint64(std::floor(ms));
    if (result < kMinMs || result > kMaxMs) {
        return std::nullopt;
    }
    return result;
}

void formatTimestampMs(qint64 ms, char out[24])
{
    qint64 days = ms / kMsPerDay;
    qint64 rest = ms % kMsPerDay;
    if (rest < 0) {
        rest += kMsPerDay;
        --days;
    }
    const Civil c = civilFromDays(days);
    char *p = out;
    put(p, c.year, 4);
    *p++ = '-';
    put(p, c.month, 2);
    *p++ = '-';
    put(p, c.day, 2);
    *p++ = 'T';
    put(p, rest / 3'600'000, 2);
    *p++ = ':';
    put(p, rest / 60'000 % 60, 2);
    *p++ = ':';
    put(p, rest / 1000 % 60, 2);
    *p++ = '.';
    put(p, rest % 1000, 3);
    *p = 'Z';
}

QString formatTimestampMs(qint64 ms)
{
    char buffer[24];
    formatTimestampMs(ms, buffer);
    return QString::fromLatin1(buffer, 24);
}

qsizetype utf16Length(QByteArrayView utf8)
{
    const auto *p = reinterpret_cast<const unsigned char *>(utf8.data());
    const qsizetype n = utf8.size();
    qsizetype units = 0;
    for (qsizetype i = 0; i < n;) {
        const unsigned char c = p[i++];
        // Mirrors SQLite's length(): a lead byte swallows the continuation bytes after it.
        if (c >= 0xC0) {
            while (i < n && (p[i] & 0xC0) == 0x80) {
                ++i;
            }
        }
        units += c >= 0xF0 ? 2 : 1;
    }
    return units;
}

qsizetype truncatedByteLength(QByteArrayView utf8, qsizetype maxUnits)
{
    if (maxUnits < 0) {
        return 0;
    }
    const auto *p = reinterpret_cast<const unsigned char *>(utf8.data());
    const qsizetype n = utf8.size();
    qsizetype units = 0;
    for (qsizetype i = 0; i < n;) {
        const qsizetype start = i;
        const unsigned char c = p[i++];
        if (c >= 0xC0) {
            while (i < n && (p[i] & 0xC0) == 0x80) {
                ++i;
            }
        }
        units += c >= 0xF0 ? 2 : 1;
        if (units > maxUnits) {
            return start;
        }
    }
    return n;
}

} // namespace taskorch::core::legacy
