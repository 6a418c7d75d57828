// SPDX-License-Identifier: GPL-3.0-or-later
#include "ImportDialog.h"

#include "Prompt.h"
#include "TempWorkspace.h"
#include "TestSupport.h"

#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
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

    // A preview already lists each quarantined row (with its whole source row) and each changed value.
    void previewListsQuarantinedRowsAndChangedValues()
    {
        test::TempWorkspace ws;
        QVERIFY(ws.isValid());
        const QString source = ws.filePath(QStringLiteral("small-tracker.db"));
        QVERIFY(test::writeSqliteFile(source, test::kSmallLegacyTracker));
        QVERIFY(test::writeSqliteFile(source, "INSERT INTO tasks (id, title, component_area, phase, priority, "
                                              "complexity, status, time_estimate_hours) VALUES "
                                              "(3, 'Someday', 'Docs', 9, 'urgent', 'Low', 'someday', -2)"));
        gui::ImportDialog dialog(ws.dbPath());
        dialog.setSourcePath(source);
        QSignalSpy finished(&dialog, &gui::ImportDialog::finishedRun);
        dialog.preview();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 30000);
        QVERIFY2(dialog.errorMessage().isEmpty(), qPrintable(dialog.errorMessage()));

        auto *quarantine = dialog.findChild<QTableWidget *>(QStringLiteral("quarantineTable"));
        QCOMPARE(quarantine->rowCount(), 2);
        QStringList reasons;
        for (int row = 0; row < 2; ++row) {
            QCOMPARE(quarantine->item(row, 0)->text(), QStringLiteral("task_dependencies"));
            reasons << quarantine->item(row, 1)->text() + u' ' + quarantine->item(row, 2)->text();
            QVERIFY(quarantine->item(row, 3)->toolTip().contains(QStringLiteral("\"depends_on_task_id\"")));
        }
        reasons.sort();
        QCOMPARE(reasons, (QStringList{QStringLiteral("2 self dependency"), QStringLiteral("3 orphan reference")}));

        auto *issues = dialog.findChild<QTableWidget *>(QStringLiteral("issuesTable"));
        QCOMPARE(issues->rowCount(), 4); // task 3: phase 9, priority 'urgent', status 'someday', -2 hours
        QCOMPARE(qint64(issues->rowCount()), dialog.report()->issues);
        QStringList changes;
        for (int row = 0; row < issues->rowCount(); ++row) {
            QStringList cells;
            for (int column = 0; column < issues->columnCount(); ++column) {
                cells << issues->item(row, column)->text();
            }
            changes << cells.join(u'|');
        }
        QVERIFY2(changes.contains(QStringLiteral("tasks|3|status|unknown value|someday|not_started")),
                 qPrintable(changes.join(u'\n')));
        QVERIFY2(changes.contains(QStringLiteral("tasks|3|phase|clamped|9|4")), qPrintable(changes.join(u'\n')));
        auto *tabs = dialog.findChild<QTabWidget *>(QStringLiteral("reportTabs"));
        QCOMPARE(tabs->tabText(1), QStringLiteral("Quarantined rows (2)"));
        // TASKORCH_SCREENSHOTS=folder keeps a picture of each tab, for looking at the dialog.
        if (const QString folder = qEnvironmentVariable("TASKORCH_SCREENSHOTS"); !folder.isEmpty()) {
            dialog.resize(820, 480);
            for (int tab = 0; tab < tabs->count(); ++tab) {
                tabs->setCurrentIndex(tab);
                QVERIFY(dialog.grab().save(QStringLiteral("%1/import-dialog-%2.png").arg(folder).arg(tab)));
            }
        }

        // Choosing another file clears the lists.
        dialog.setSourcePath(ws.filePath(QStringLiteral("other.db")));
        QCOMPARE(quarantine->rowCount(), 0);
        QCOMPARE(issues->rowCount(), 0);
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

        // The quarantined rows and the changed values themselves are listed, as the database keeps them.
        const auto stored = [&](const char *table) {
            return test::scalar(ws.database(), QStringLiteral("SELECT count(*) FROM %1 WHERE run_id = %2")
                                                   .arg(QLatin1String(table))
                                                   .arg(report.runId))
                .toLongLong();
        };
        const auto rowsShown = [&](const char *table) {
            return qint64(dialog.findChild<QTableWidget *>(QLatin1String(table))->rowCount());
        };
        const qint64 quarantined = stored("import_quarantine");
        const qint64 changed = stored("import_issues");
        QCOMPARE(rowsShown("quarantineTable"), std::min<qint64>(quarantined, storage::ImportReport::findingsLimit));
        QCOMPARE(rowsShown("issuesTable"), std::min<qint64>(changed, storage::ImportReport::findingsLimit));
        QCOMPARE(changed, report.issues);
        auto *tabs = dialog.findChild<QTabWidget *>(QStringLiteral("reportTabs"));
        QVERIFY2(tabs->tabText(2).contains(QString::number(changed)), qPrintable(tabs->tabText(2)));
        QVERIFY2(tabs->tabText(1).contains(QString::number(quarantined)), qPrintable(tabs->tabText(1)));

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
