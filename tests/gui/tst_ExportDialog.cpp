// SPDX-License-Identifier: GPL-3.0-or-later
#include "ExportDialog.h"

#include "CsvReader.h"
#include "DemoProject.h"
#include "Prompt.h"
#include "TempWorkspace.h"

#include <QLabel>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

using namespace taskorch;

class TstExportDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        gui::Prompt::setTestMode(true);
    }

    void writesTheChosenReport()
    {
        test::TempWorkspace ws;
        QVERIFY(ws.isValid());
        QVERIFY(storage::DemoProject::load(ws.service()).ok());
        gui::ExportDialog dialog(ws.dbPath());
        dialog.setReport(storage::ReportKind::Tasks);
        QCOMPARE(dialog.report(), storage::ReportKind::Tasks);
        const QString out = ws.filePath(QStringLiteral("tasks.csv"));
        dialog.setDestination(out);
        QSignalSpy finished(&dialog, &gui::ExportDialog::finishedRun);
        dialog.startExport();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 30000);
        QVERIFY2(finished.first().first().toBool(), qPrintable(dialog.errorMessage()));
        QCOMPARE(dialog.rowsWritten(), qint64(storage::DemoProject::taskCount));
        auto table = test::CsvReader::readFile(out, ',');
        QVERIFY(table.ok());
        QCOMPARE(table->records.size(), storage::DemoProject::taskCount + 1);
        QVERIFY(!table->hasBom);
    }

    void excelPresetAndStatistics()
    {
        test::TempWorkspace ws;
        QVERIFY(ws.isValid());
        QVERIFY(storage::DemoProject::load(ws.service()).ok());
        gui::ExportDialog dialog(ws.dbPath());
        dialog.setReport(storage::ReportKind::Statistics);
        dialog.applyExcelPreset();
        const core::CsvOptions options = dialog.csvOptions();
        QVERIFY(options.bom);
        QVERIFY(options.formulaGuard);
        QCOMPARE(options.delimiter, core::CsvOptions::excel().delimiter);
        const QString out = ws.filePath(QStringLiteral("stats.csv"));
        dialog.setDestination(out);
        QSignalSpy finished(&dialog, &gui::ExportDialog::finishedRun);
        dialog.startExport();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 30000);
        QVERIFY2(finished.first().first().toBool(), qPrintable(dialog.errorMessage()));
        auto table = test::CsvReader::readFile(out, options.delimiter);
        QVERIFY(table.ok());
        QVERIFY(table->hasBom);
        QVERIFY(table->records.size() > 10);
    }

    // The person ticks three columns and keeps "only the tasks shown": the file has those columns, in the report's
    // order, and only the tasks the table's filter shows.
    void chosenColumnsAndTheTableFilter()
    {
        test::TempWorkspace ws;
        QVERIFY(ws.isValid());
        QVERIFY(storage::DemoProject::load(ws.service()).ok());
        gui::ExportDialog dialog(ws.dbPath());
        dialog.setReport(storage::ReportKind::Tasks);
        storage::TaskFilter filter;
        filter.status = core::TaskStatus::Completed;
        dialog.setTaskFilter(filter, QStringLiteral("Completed"));
        QVERIFY(dialog.onlyFilteredTasks());
        dialog.setChosenColumns({QStringLiteral("status"), QStringLiteral("title"), QStringLiteral("id")});
        QCOMPARE(dialog.chosenColumns(),
                 (QStringList{QStringLiteral("id"), QStringLiteral("title"), QStringLiteral("status")}));
        const QString out = ws.filePath(QStringLiteral("done.csv"));
        dialog.setDestination(out);
        QSignalSpy finished(&dialog, &gui::ExportDialog::finishedRun);
        dialog.startExport();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 30000);
        QVERIFY2(finished.first().first().toBool(), qPrintable(dialog.errorMessage()));
        auto table = test::CsvReader::readFile(out, ',');
        QVERIFY(table.ok());
        QCOMPARE(table->records.first(),
                 (test::CsvRecord{QStringLiteral("id"), QStringLiteral("title"), QStringLiteral("status")}));
        QCOMPARE(table->records.size(), 1 + 7); // the demo has 7 completed tasks
        for (qsizetype i = 1; i < table->records.size(); ++i) {
            QCOMPARE(table->records[i].size(), 3);
            QCOMPARE(table->records[i][2], test::CsvCell(QStringLiteral("completed")));
        }

        // Other reports do not offer the task filter; the column list follows the report.
        dialog.setReport(storage::ReportKind::Dependencies);
        QVERIFY(!dialog.onlyFilteredTasks());
        QVERIFY(dialog.chosenColumns().isEmpty());
    }

    void noColumnTickedIsRefused()
    {
        test::TempWorkspace ws;
        QVERIFY(ws.isValid());
        gui::ExportDialog dialog(ws.dbPath());
        dialog.setReport(storage::ReportKind::Comments);
        dialog.setChosenColumns({QStringLiteral("no such column")});
        const QString out = ws.filePath(QStringLiteral("none.csv"));
        dialog.setDestination(out);
        dialog.startExport();
        QVERIFY(!dialog.isBusy());
        QVERIFY(dialog.findChild<QLabel *>(QStringLiteral("statusLabel"))->text().contains(QStringLiteral("column")));
        QVERIFY(!QFile::exists(out));
    }

    void errorInPlainWordsAndNoFile()
    {
        test::TempWorkspace ws;
        QVERIFY(ws.isValid());
        gui::ExportDialog dialog(ws.dbPath());
        dialog.setReport(storage::ReportKind::ImportReport); // no import has run: NotFound
        const QString out = ws.filePath(QStringLiteral("import.csv"));
        dialog.setDestination(out);
        QSignalSpy finished(&dialog, &gui::ExportDialog::finishedRun);
        dialog.startExport();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 30000);
        QCOMPARE(finished.first().first().toBool(), false);
        QVERIFY(!dialog.errorMessage().isEmpty());
        QVERIFY(!QFile::exists(out));
    }
};

QTEST_MAIN(TstExportDialog)
#include "tst_ExportDialog.moc"
