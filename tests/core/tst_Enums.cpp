// SPDX-License-Identifier: GPL-3.0-or-later
// Every enumeration of SPEC.md §3 with its canonical stored spellings, in ordinal order.
#include "Enums.h"

#include <QTest>

using namespace taskorch::core;

namespace {

// Round-trips every value of E through its spelling and checks the spelling list against the spec.
template <typename E> void checkEnum(const QStringList &expectedNames)
{
    QCOMPARE(allNames<E>(), expectedNames);
    for (int i = 0; i < expectedNames.size(); ++i) {
        const E value = E(i);
        QCOMPARE(toString(value), expectedNames[i]);
        const auto parsed = fromString<E>(expectedNames[i]);
        QVERIFY2(parsed.has_value(), qPrintable(expectedNames[i]));
        QCOMPARE(int(*parsed), i);
        QCOMPARE(toString(*parsed), expectedNames[i]);
    }
}

// Runs the spelling `text` through the parser of the enum named `enumName`; -1 when refused.
int parse(const QString &enumName, const QString &text)
{
    auto index = [](auto parsed) { return parsed ? int(*parsed) : -1; };
    if (enumName == QLatin1String("TaskStatus")) {
        return index(fromString<TaskStatus>(text));
    }
    if (enumName == QLatin1String("Priority")) {
        return index(fromString<Priority>(text));
    }
    if (enumName == QLatin1String("Complexity")) {
        return index(fromString<Complexity>(text));
    }
    if (enumName == QLatin1String("DependencyType")) {
        return index(fromString<DependencyType>(text));
    }
    if (enumName == QLatin1String("CommentType")) {
        return index(fromString<CommentType>(text));
    }
    if (enumName == QLatin1String("ExecutionStatus")) {
        return index(fromString<ExecutionStatus>(text));
    }
    if (enumName == QLatin1String("LogLevel")) {
        return index(fromString<LogLevel>(text));
    }
    if (enumName == QLatin1String("Relation")) {
        return index(fromString<Relation>(text));
    }
    qFatal("unknown enum %s", qPrintable(enumName));
    return -1;
}

} // namespace

class TestEnums : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void spellingsRoundTrip();
    void parse_data();
    void parse();
    void priorityOrdinal();
    void hardDependencyTypes();
};

void TestEnums::spellingsRoundTrip()
{
    checkEnum<TaskStatus>({"not_started", "in_progress", "blocked", "completed", "failed"});
    checkEnum<Priority>({"low", "medium", "high", "critical"});
    checkEnum<Complexity>({"simple", "medium", "complex", "expert"});
    checkEnum<DependencyType>({"blocks", "requires", "enhances"});
    checkEnum<CommentType>({"note", "decision", "blocker", "solution"});
    checkEnum<ExecutionStatus>({"pending", "running", "completed", "failed", "cancelled"});
    checkEnum<LogLevel>({"debug", "info", "warning", "error"});
    checkEnum<Relation>({"FS", "SS", "FF", "SF"});
}

void TestEnums::parse_data()
{
    QTest::addColumn<QString>("enumName");
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("expected"); // the enumerator's index, -1 when the text is refused

    const QList<std::pair<QString, QStringList>> all{
        {"TaskStatus", {"not_started", "in_progress", "blocked", "completed", "failed"}},
        {"Priority", {"low", "medium", "high", "critical"}},
        {"Complexity", {"simple", "medium", "complex", "expert"}},
        {"DependencyType", {"blocks", "requires", "enhances"}},
        {"CommentType", {"note", "decision", "blocker", "solution"}},
        {"ExecutionStatus", {"pending", "running", "completed", "failed", "cancelled"}},
        {"LogLevel", {"debug", "info", "warning", "error"}},
        {"Relation", {"FS", "SS", "FF", "SF"}},
    };
    for (const auto &[name, spellings] : all) {
        for (int i = 0; i < spellings.size(); ++i) {
            const QString s = spellings[i];
            QTest::addRow("%s %s", qPrintable(name), qPrintable(s)) << name << s << i;
            // Only the canonical spelling is accepted: the lenient legacy spellings belong to the importer.
            const QString otherCase = s == s.toLower() ? s.toUpper() : s.toLower();
            QTest::addRow("%s %s: other case refused", qPrintable(name), qPrintable(otherCase))
                << name << otherCase << -1;
            QTest::addRow("%s %s: surrounding space refused", qPrintable(name), qPrintable(s))
                << name << (u' ' + s + u' ') << -1;
            QTest::addRow("%s %s: prefix refused", qPrintable(name), qPrintable(s))
                << name << s.left(s.size() - 1) << -1;
        }
        QTest::addRow("%s empty refused", qPrintable(name)) << name << QString() << -1;
        QTest::addRow("%s unknown refused", qPrintable(name)) << name << QStringLiteral("unknown") << -1;
    }
    // Legacy synonyms are not canonical.
    QTest::newRow("done is not a TaskStatus") << "TaskStatus"
                                              << "done" << -1;
    QTest::newRow("not-started with a hyphen") << "TaskStatus"
                                               << "not-started" << -1;
    QTest::newRow("Critical capitalised") << "Priority"
                                          << "Critical" << -1;
    QTest::newRow("very_high is not a Complexity") << "Complexity"
                                                   << "very_high" << -1;
    QTest::newRow("fs lower-case Relation") << "Relation"
                                            << "fs" << -1;
}

void TestEnums::parse()
{
    QFETCH(QString, enumName);
    QFETCH(QString, text);
    QFETCH(int, expected);
    QCOMPARE(::parse(enumName, text), expected);
}

void TestEnums::priorityOrdinal()
{
    QCOMPARE(ordinal(Priority::Low), 1);
    QCOMPARE(ordinal(Priority::Medium), 2);
    QCOMPARE(ordinal(Priority::High), 3);
    QCOMPARE(ordinal(Priority::Critical), 4);

    // Sorting by ordinal is not sorting by text: as text, "critical" < "high" < "low" < "medium".
    QList<Priority> priorities{Priority::Medium, Priority::Critical, Priority::Low, Priority::High};
    std::sort(priorities.begin(), priorities.end(), [](Priority a, Priority b) { return ordinal(a) < ordinal(b); });
    QStringList byOrdinal;
    for (Priority p : priorities) {
        byOrdinal << toString(p);
    }
    QCOMPARE(byOrdinal, QStringList({"low", "medium", "high", "critical"}));
    QStringList byText = byOrdinal;
    byText.sort();
    QVERIFY(byText != byOrdinal);
}

void TestEnums::hardDependencyTypes()
{
    QVERIFY(isHard(DependencyType::Blocks));
    QVERIFY(isHard(DependencyType::Requires));
    QVERIFY(!isHard(DependencyType::Enhances));
}

QTEST_GUILESS_MAIN(TestEnums)
#include "tst_Enums.moc"
