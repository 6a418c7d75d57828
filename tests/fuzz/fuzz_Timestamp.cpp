// SPDX-License-Identifier: GPL-3.0-or-later
// Fuzzes the timestamp parsers (SPEC.md §8, LEGACY_FORMATS.md §7): Timestamp::parseCanonical and parseLenient, and
// legacy::parseTimestampMs, timestampFromNumber and formatTimestampMs. Besides never crashing:
// - a parsed time formats to canonical text that parses back to the same instant, whichever parser read it;
// - canonical text is its own formatting, and the QDateTime and millisecond formatters write the same text;
// - parseTimestampMs and parseLenient agree on every text both accept inside years 1–9999.
// Input: the bytes as UTF-8 text, as UTF-16 text, and (first 8 bytes) as a double and as milliseconds.
#include "FuzzSupport.h"
#include "LegacyValues.h"
#include "Timestamp.h"

#include <cstdint>
#include <cstring>

using namespace taskorch;
namespace lv = core::legacy;
using core::Timestamp::format;
using core::Timestamp::parseCanonical;
using core::Timestamp::parseLenient;

namespace {

// What the canonical form can spell: 0001-01-01T00:00:00.000Z to 9999-12-31T23:59:59.999Z.
constexpr qint64 kMinMs = -62135596800000;
constexpr qint64 kMaxMs = 253402300799999;

QString show(QStringView text)
{
    return QStringLiteral("input \"%1\" (UTF-16 %2)")
        .arg(text.toString(),
             QString::fromLatin1(QByteArray(reinterpret_cast<const char *>(text.utf16()), text.size() * 2).toHex(' ')));
}

// Both formatters write the same 24 characters for `ms`, and all three parsers read them back as `ms`.
void checkCanonicalForm(qint64 ms, QStringView origin)
{
    char buffer[24];
    lv::formatTimestampMs(ms, buffer);
    const QString text = QString::fromLatin1(buffer, 24);
    const auto context = [&] {
        return QStringLiteral("%1 ms from %2 formatted as %3").arg(ms).arg(show(origin), text);
    };
    FUZZ_CHECK(lv::formatTimestampMs(ms) == text, context());
    FUZZ_CHECK(format(QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC)) == text, context());
    const auto canonical = parseCanonical(text);
    FUZZ_CHECK(canonical && canonical->toMSecsSinceEpoch() == ms, context());
    const auto lenient = parseLenient(text);
    FUZZ_CHECK(lenient && lenient->toMSecsSinceEpoch() == ms, context());
    const auto legacy = lv::parseTimestampMs(QByteArrayView(buffer, 24));
    FUZZ_CHECK(legacy && *legacy == ms, context());
}

void checkText(QStringView text)
{
    if (const auto canonical = parseCanonical(text)) {
        FUZZ_CHECK(canonical->isValid() && canonical->timeSpec() == Qt::UTC, show(text));
        FUZZ_CHECK(format(*canonical) == text, show(text) + QStringLiteral(" formats as ") + format(*canonical));
        checkCanonicalForm(canonical->toMSecsSinceEpoch(), text);
    }
    if (const auto lenient = parseLenient(text)) {
        FUZZ_CHECK(lenient->isValid() && lenient->timeSpec() == Qt::UTC, show(text));
        const QString formatted = format(*lenient);
        const auto back = parseCanonical(formatted);
        FUZZ_CHECK(back && *back == *lenient,
                   show(text) + QStringLiteral(" parses leniently to a time that formats as ") + formatted);
        checkCanonicalForm(lenient->toMSecsSinceEpoch(), text);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView bytes(data, qsizetype(size));
    const QString text = QString::fromUtf8(bytes);
    checkText(text);

    const auto ms = lv::parseTimestampMs(bytes);
    if (ms) {
        FUZZ_CHECK(*ms >= kMinMs && *ms <= kMaxMs, show(text) + QStringLiteral(" → %1 ms").arg(*ms));
        checkCanonicalForm(*ms, text);
    }
    // The fast legacy path and the lenient parser read the same texts the same way.
    const auto lenient = parseLenient(text);
    const bool lenientInRange =
        lenient && lenient->toMSecsSinceEpoch() >= kMinMs && lenient->toMSecsSinceEpoch() <= kMaxMs;
    FUZZ_CHECK(ms.has_value() == lenientInRange,
               show(text) + QStringLiteral(": parseTimestampMs %1, parseLenient %2")
                                .arg(ms ? QString::number(*ms) : QStringLiteral("nothing"),
                                     lenient ? format(*lenient) : QStringLiteral("nothing")));
    FUZZ_CHECK(!ms || *ms == lenient->toMSecsSinceEpoch(), show(text));

    if (size % 2 == 0) {
        QString utf16(qsizetype(size / 2), Qt::Uninitialized);
        std::memcpy(utf16.data(), data, size);
        checkText(utf16);
    }
    if (size >= 8) {
        double number = 0;
        std::memcpy(&number, data, 8);
        if (const auto fromNumber = lv::timestampFromNumber(number)) {
            FUZZ_CHECK(*fromNumber >= kMinMs && *fromNumber <= kMaxMs,
                       QStringLiteral("number %1").arg(number, 0, 'g', 17));
            checkCanonicalForm(*fromNumber, u"(a number)");
        }
        quint64 raw = 0;
        std::memcpy(&raw, data, 8);
        const qint64 inRange = kMinMs + qint64(raw % quint64(kMaxMs - kMinMs + 1));
        checkCanonicalForm(inRange, u"(raw milliseconds)");
    }
    return 0;
}
