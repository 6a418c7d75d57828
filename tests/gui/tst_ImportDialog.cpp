// SPDX-License-Identifier: GPL-3.0-or-later
#include "ImportDialog.h"

#include "Prompt.h"
#include "TempWorkspace.h"
#include "TestSupport.h"

#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTest>

using namespace taskorch;

class TstImportDialog : public QObject
{
    Q_OBJECT

private:
    QString legacyCopy(test::TempWorkspace &ws)
    {
        const QString name = QStringLiteral("implementation_tracker.sqlmodel_era.db");
        const QString target = ws.filePath(QStringLiteral("legacy.db"));
        for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")}) {
            const QString from = test::sourcePath(QStringLiteral("tests/data/legacy/") + name + suffix);
            if (QFile::exists(from)) {
                if (!QFile::copy(from, target + suffix)) {
                    return {};
                }
                QFile(target + suffix).setPermissions(QFile::ReadOwner | QFile::WriteOwner);
            }
        }
        return target;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        gui::Prompt::setTestMode(true);
    }

    void previewThenImportToTheEnd()
    {
        test::TempWorkspace ws;
        QVERIFY(ws.isValid());
        const QString source = legacyCopy(ws);
        QVERIFY(!source.isEmpty());
        const QByteArray sourceHash = test::sha256OfFile(source);
        gui::ImportDialog dialog(ws.dbPath());
        dialog.setSourcePath(source);
        QSignalSpy finished(&dialog, &gui::ImportDialog::finishedRun);
        QSignalSpy imported(&dialog, &gui::ImportDialog::imported);

        dialog.preview();
        QVERIFY(dialog.isBusy());
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 30000);
        QVERIFY2(dialog.errorMessage().isEmpty(), qPrintable(dialog.errorMessage()));
        QVERIFY(dialog.report() && dialog.report()->dryRun);
        QCOMPARE(*ws.tasks().count({}), 0); // a preview writes nothing
        QVERIFY(dialog.findChild<QTableWidget *>(QStringLiteral("reportTable"))->rowCount() > 0);
        QCOMPARE(imported.size(), 0);

        dialog.startImport();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, 30000);
        QCOMPARE(finished.last().first().toBool(), true);
        QCOMPARE(imported.size(), 1);
        const storage::ImportReport &report = *dialog.report();
        QVERIFY(!report.dryRun);
        const storage::ImportTableReport *tasks = report.table(u"tasks");
        QVERIFY(tasks);
        QVERIFY(tasks->read > 0);
        QCOMPARE(tasks->read, tasks->imported + tasks->quarantinedTotal());
        QCOMPARE(*ws.tasks().count({}), tasks->imported);
        QCOMPARE(test::sha256OfFile(source), sourceHash); // the source is never touched

        // The same file again is refused in plain words, and changes nothing.
        dialog.startImport();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 3, 30000);
        QCOMPARE(finished.last().first().toBool(), false);
        QVERIFY(!dialog.errorMessage().isEmpty());
        QCOMPARE(*ws.tasks().count({}), tasks->imported);
    }

    void cancelLeavesTheDatabaseAsItWas()
    {
        test::TempWorkspace ws;
        QVERIFY(ws.isValid());
        const QString source = legacyCopy(ws);
        gui::ImportDialog dialog(ws.dbPath());
        dialog.setSourcePath(source);
        QSignalSpy finished(&dialog, &gui::ImportDialog::finishedRun);
        dialog.startImport();
        dialog.cancel();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 30000);
        QCOMPARE(finished.first().first().toBool(), false);
        QVERIFY(dialog.errorMessage().startsWith(QStringLiteral("Cancelled")));
        QCOMPARE(*ws.tasks().count({}), 0);
        QVERIFY(!dialog.isBusy());
    }

    void refusesAFileThatIsNotATracker()
    {
        test::TempWorkspace ws;
        QVERIFY(ws.isValid());
        QFile f(ws.filePath(QStringLiteral("notes.db")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("hello");
        f.close();
        gui::ImportDialog dialog(ws.dbPath());
        dialog.setSourcePath(f.fileName());
        QSignalSpy finished(&dialog, &gui::ImportDialog::finishedRun);
        dialog.preview();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 30000);
        QCOMPARE(finished.first().first().toBool(), false);
        QVERIFY(!dialog.errorMessage().isEmpty());
    }
};

QTEST_MAIN(TstImportDialog)
#include "tst_ImportDialog.moc"
