// SPDX-License-Identifier: GPL-3.0-or-later
// Text a person types or pastes — SQL, quotes, NUL characters, right-to-left marks, a megabyte — is stored exactly
// as given or refused with a message naming the field; it never runs as SQL and is never cut short silently.
#include "TempWorkspace.h"
#include "TestSupport.h"

#include <QTest>

using namespace taskorch;
using namespace taskorch::test;
using storage::TaskService;

namespace {

const QString kSqlFragment = QStringLiteral("x'); DROP TABLE tasks; --");

} // namespace

class TstHostileText : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        m_ws = std::make_unique<TempWorkspace>();
        QVERIFY2(m_ws->isValid(), qPrintable(m_ws->errorString()));
        m_schema = schemaSnapshot(m_ws->database());
    }

    void cleanup()
    {
        // Whatever the text did, the schema is the one we started with: nothing ran as SQL.
        QCOMPARE(schemaSnapshot(m_ws->database()), m_schema);
        QCOMPARE(scalar(m_ws->database(), QStringLiteral("PRAGMA integrity_check")).toString(), QStringLiteral("ok"));
        m_ws.reset();
    }

    void storedExactly_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("SQL fragment") << kSqlFragment;
        QTest::newRow("quotes and backslashes") << QStringLiteral("\"double\" 'single' `back` \\n \\\\ %_");
        QTest::newRow("LIKE wildcards") << QStringLiteral("100% of _all_ [tasks]");
        QTest::newRow("right-to-left marks") << QStringLiteral("\u202Etxt.exe \u200F\u05E9\u05DC\u05D5\u05DD\u200E ok");
        QTest::newRow("zero-width marks") << QStringLiteral("a\u200Bb\u2060c\uFEFFd");
        QTest::newRow("emoji and astral") << QStringLiteral("🚀 ship 𝔘𝔫𝔦𝔠𝔬𝔡𝔢");
        QTest::newRow("line breaks") << QStringLiteral("one\r\ntwo\nthree\rfour");
        QTest::newRow("exactly 500 astral characters") << QString(QStringLiteral("😀")).repeated(500);
    }

    // Title, description, comment: each comes back byte for byte, and a search finds the title by its odd parts.
    void storedExactly()
    {
        QFETCH(QString, text);
        TaskService &service = m_ws->service();
        core::Task task = makeTask(text);
        task.description = text;
        auto id = service.createTask(task);
        QVERIFY2(id.ok(), id ? "" : qPrintable(id.error().message));
        auto stored = m_ws->tasks().get(*id);
        QVERIFY(stored.ok());
        QCOMPARE(stored->title, text);
        QCOMPARE(stored->description.value_or(QString()), text);

        QVERIFY(service.addComment(*id, text).ok());
        auto comments = service.comments(*id);
        QVERIFY(comments.ok() && comments->size() == 1);
        QCOMPARE(comments->first().comment, text);

        auto found = service.search(text.left(20));
        QVERIFY(found.ok());
        QVERIFY(std::any_of(found->begin(), found->end(), [&](const core::Task &t) { return t.id == *id; }));
        QCOMPARE(scalar(m_ws->database(), QStringLiteral("SELECT count(*) FROM tasks")).toInt(), 1);
    }

    void refusedWithTheFieldNamed_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("text");
        const QString megabyte(1 << 20, u'x');
        QTest::newRow("1 MB title") << QStringLiteral("title") << megabyte;
        QTest::newRow("1 MB description") << QStringLiteral("description") << megabyte;
        QTest::newRow("1 MB comment") << QStringLiteral("comment") << megabyte;
        QTest::newRow("501 characters") << QStringLiteral("title") << QString(501, u'é');
        QTest::newRow("empty title") << QStringLiteral("title") << QString();
        QTest::newRow("NUL in a title") << QStringLiteral("title") << QStringView(u"before\u0000after", 12).toString();
        QTest::newRow("NUL in a comment") << QStringLiteral("comment") << QStringView(u"a\u0000", 2).toString();
        // SQLite would drop a leading byte order mark of UTF-16 text without a word.
        QTest::newRow("leading BOM") << QStringLiteral("title") << QStringLiteral("\uFEFFtitle");
    }

    // Too long is refused whole, never stored cut short; nothing of the command is left behind.
    void refusedWithTheFieldNamed()
    {
        QFETCH(QString, field);
        QFETCH(QString, text);
        TaskService &service = m_ws->service();
        core::Status result;
        if (field == QStringLiteral("comment")) {
            const qint64 id = *service.createTask(makeTask(QStringLiteral("host")));
            if (auto added = service.addComment(id, text); !added) {
                result = added.error();
            }
            QCOMPARE(scalar(m_ws->database(), QStringLiteral("SELECT count(*) FROM task_comments")).toInt(), 0);
        } else {
            core::Task task = makeTask(field == QStringLiteral("title") ? text : QStringLiteral("ok"));
            if (field == QStringLiteral("description")) {
                task.description = text;
            }
            if (auto created = service.createTask(task); !created) {
                result = created.error();
            }
            QCOMPARE(scalar(m_ws->database(), QStringLiteral("SELECT count(*) FROM tasks")).toInt(), 0);
        }
        QVERIFY(!result.ok());
        TASKORCH_COMPARE_CODE(result.error().code, core::ErrorCode::Invalid);
        QVERIFY2(result.error().message.contains(field), qPrintable(result.error().message));
        QVERIFY2(result.error().message.size() < 300, "the message quotes the field, not the megabyte");
    }

private:
    std::unique_ptr<TempWorkspace> m_ws;
    QStringList m_schema;
};

QTEST_GUILESS_MAIN(TstHostileText)
#include "tst_HostileText.moc"
