// SPDX-License-Identifier: GPL-3.0-or-later
// Fuzzes how legacy values are mapped onto TaskOrch's (LegacyValues.h, Enums.h, LEGACY_FORMATS.md §14). Besides
// never crashing:
// - every normalised enum value has a stored spelling that fromString() parses back to it, and that spelling
//   normalises to itself with no change recorded;
// - an exact stored spelling is taken as it is; case and spacing never change the value (foldSpelling), and
//   foldSpelling is idempotent;
// - `code` is None exactly when `changed` is false; numbers land inside their documented ranges;
// - the UTF-16 length and truncation helpers agree with Qt's decoder and never split a character.
// Input: the bytes as UTF-8 text and as UTF-16 text; the first 8 bytes also as a double.
#include "Enums.h"
#include "FuzzSupport.h"
#include "LegacyValues.h"

#include <QStringDecoder>

#include <cmath>
#include <cstdint>
#include <cstring>

using namespace taskorch;
namespace lv = core::legacy;
using lv::IssueCode;

namespace {

QString show(QStringView text)
{
    return QStringLiteral("input \"%1\" (UTF-16 %2)")
        .arg(text.toString(),
             QString::fromLatin1(QByteArray(reinterpret_cast<const char *>(text.utf16()), text.size() * 2).toHex(' ')));
}

template <typename E> void checkEnum(lv::Normalised<E> (*normalise)(QStringView), QStringView raw, const char *kind)
{
    const auto context = [&] { return QString::fromLatin1(kind) + QLatin1Char(' ') + show(raw); };
    const lv::Normalised<E> n = normalise(raw);
    const QString spelling = core::toString(n.value);
    FUZZ_CHECK(!spelling.isEmpty(),
               context() + QStringLiteral(": value %1 is not in the enumeration").arg(int(n.value)));
    FUZZ_CHECK(core::fromString<E>(spelling) == n.value, context() + QStringLiteral(" → ") + spelling);
    FUZZ_CHECK((n.code == IssueCode::None) == !n.changed, context() + QStringLiteral(": code ") + lv::toString(n.code));
    FUZZ_CHECK(n.known || n.code == IssueCode::UnknownValue || n.code == IssueCode::NullDefault,
               context() + QStringLiteral(": unknown with code ") + lv::toString(n.code));

    const lv::Normalised<E> again = normalise(spelling);
    FUZZ_CHECK(again.value == n.value && !again.changed && again.known && again.code == IssueCode::None,
               context() + QStringLiteral(": the stored spelling %1 does not normalise to itself").arg(spelling));
    if (const auto exact = core::fromString<E>(raw)) {
        FUZZ_CHECK(n.value == *exact && !n.changed && n.known, context());
    }
    const QString folded = lv::foldSpelling(raw);
    FUZZ_CHECK(normalise(folded).value == n.value,
               context() + QStringLiteral(": folded to \"%1\", which normalises differently").arg(folded));
}

void checkEnums(QStringView raw)
{
    checkEnum(&lv::normaliseStatus, raw, "status");
    checkEnum(&lv::normalisePriority, raw, "priority");
    checkEnum(&lv::normaliseComplexity, raw, "complexity");
    checkEnum(&lv::normaliseDependencyType, raw, "dependency type");
    checkEnum(&lv::normaliseCommentType, raw, "comment type");
    checkEnum(&lv::normaliseExecutionStatus, raw, "execution status");
    checkEnum(&lv::normaliseLogLevel, raw, "log level");
    const QString folded = lv::foldSpelling(raw);
    FUZZ_CHECK(lv::foldSpelling(folded) == folded, show(raw) + QStringLiteral(" folds to \"%1\"").arg(folded));
}

template <typename T>
void checkNumber(lv::Normalised<T> (*normalise)(lv::NumberCell), lv::NumberCell cell, T low, T high, const char *kind)
{
    const lv::Normalised<T> n = normalise(cell);
    const auto context = [&] {
        return QStringLiteral("%1 of %2 (kind %3) → %4, code %5")
            .arg(QString::fromLatin1(kind))
            .arg(cell.value, 0, 'g', 17)
            .arg(int(cell.kind))
            .arg(double(n.value), 0, 'g', 17)
            .arg(lv::toString(n.code));
    };
    FUZZ_CHECK(n.value >= low && n.value <= high, context());
    FUZZ_CHECK((n.code == IssueCode::None) == !n.changed, context());
    if (cell.kind == lv::NumberCell::Kind::Number && !n.changed) {
        FUZZ_CHECK(double(n.value) == cell.value, context());
    }
}

void checkNumbers(lv::NumberCell cell)
{
    checkNumber<int>(&lv::normalisePhase, cell, 1, 4, "phase");
    checkNumber<double>(&lv::normaliseEstimateHours, cell, 0.1, 200.0, "estimate");
    checkNumber<int>(&lv::normalisePercentage, cell, 0, 100, "percentage");
    checkNumber<int>(&lv::normaliseMaxParallel, cell, 1, 50, "max parallel");
    checkNumber<double>(&lv::normaliseNonNegativeHours, cell, 0.0, std::numeric_limits<double>::max(), "hours");
    checkNumber<qint64>(&lv::normaliseNonNegativeCount, cell, 0, qint64(1) << 53, "count");
}

void checkText(QByteArrayView utf8)
{
    const auto context = [&] {
        return QStringLiteral("bytes %1").arg(QString::fromLatin1(utf8.toByteArray().toHex(' ')));
    };
    const qsizetype units = lv::utf16Length(utf8);
    FUZZ_CHECK(lv::truncatedByteLength(utf8, units) == utf8.size(), context());
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString decoded = decoder(utf8);
    const bool valid = !decoder.hasError();
    if (valid) {
        FUZZ_CHECK(units == decoded.size(),
                   context() + QStringLiteral(": %1 units, Qt decodes %2").arg(units).arg(decoded.size()));
    }
    for (qsizetype limit : {qsizetype(0), qsizetype(1), units / 2, units - 1}) {
        const qsizetype cut = lv::truncatedByteLength(utf8, limit);
        FUZZ_CHECK(cut >= 0 && cut <= utf8.size(), context());
        FUZZ_CHECK(lv::utf16Length(utf8.first(cut)) <= std::max<qsizetype>(limit, 0),
                   context() + QStringLiteral(": cut at %1 for %2 units").arg(cut).arg(limit));
        if (valid && cut < utf8.size()) {
            FUZZ_CHECK((uchar(utf8[cut]) & 0xC0) != 0x80, context() + QStringLiteral(": cut inside a character"));
        }
    }
    if (const auto number = lv::parseNumber(utf8)) {
        FUZZ_CHECK(std::isfinite(*number), context());
        checkNumbers(lv::NumberCell::number(*number));
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView bytes(data, qsizetype(size));
    checkEnums(QString::fromUtf8(bytes));
    if (size % 2 == 0) {
        QString utf16(qsizetype(size / 2), Qt::Uninitialized);
        std::memcpy(utf16.data(), data, size);
        checkEnums(utf16);
    }
    checkText(bytes);
    if (size >= 8) {
        double number = 0;
        std::memcpy(&number, data, 8);
        checkNumbers(lv::NumberCell::number(number));
    }
    checkNumbers(lv::NumberCell::null());
    checkNumbers(lv::NumberCell::notANumber());
    return 0;
}
