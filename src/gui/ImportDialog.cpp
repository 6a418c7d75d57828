// SPDX-License-Identifier: GPL-3.0-or-later
#include "ImportDialog.h"

#include "BackgroundJob.h"
#include "Prompt.h"
#include "Workspace.h"
#include "ui_ImportDialog.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QHeaderView>
#include <QProgressDialog>
#include <QPushButton>

namespace taskorch::gui {

ImportDialog::ImportDialog(QString databasePath, QWidget *parent)
    : QDialog(parent), m_ui(std::make_unique<Ui::ImportDialog>()), m_databasePath(std::move(databasePath))
{
    m_ui->setupUi(this);
    m_ui->reportTable->setColumnCount(5);
    m_ui->reportTable->setHorizontalHeaderLabels(
        {tr("Source table"), tr("Read"), tr("Imported"), tr("Normalised"), tr("Quarantined")});
    m_ui->reportTable->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_ui->quarantineTable->setColumnCount(4);
    m_ui->quarantineTable->setHorizontalHeaderLabels({tr("Source table"), tr("Source id"), tr("Reason"), tr("Row")});
    m_ui->issuesTable->setColumnCount(6);
    m_ui->issuesTable->setHorizontalHeaderLabels(
        {tr("Source table"), tr("Source id"), tr("Column"), tr("Change"), tr("Source value"), tr("Stored as")});
    for (QTableWidget *table : {m_ui->quarantineTable, m_ui->issuesTable}) {
        table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
        table->horizontalHeader()->setStretchLastSection(true);
    }
    connect(m_ui->browseButton, &QPushButton::clicked, this, [this] {
        const QString path = Prompt::openFileName(this, tr("Choose a legacy tracker file"),
                                                  tr("Tracker databases (*.db *.sqlite);;All files (*)"));
        if (!path.isEmpty()) {
            setSourcePath(path);
        }
    });
    connect(m_ui->sourceEdit, &QLineEdit::textChanged, this, &ImportDialog::updateButtons);
    connect(m_ui->previewButton, &QPushButton::clicked, this, &ImportDialog::preview);
    connect(m_ui->importButton, &QPushButton::clicked, this, &ImportDialog::startImport);
    connect(m_ui->exportButton, &QPushButton::clicked, this, &ImportDialog::exportRequested);
    connect(m_ui->closeButton, &QPushButton::clicked, this, &QDialog::close);
    m_ui->statusLabel->setText(tr("Choose a file, then preview what the import would do."));
    updateButtons();
}

ImportDialog::~ImportDialog() = default;

void ImportDialog::setSourcePath(const QString &path)
{
    m_ui->sourceEdit->setText(QDir::toNativeSeparators(path));
    m_report.reset();
    showReport();
    updateButtons();
}

QString ImportDialog::sourcePath() const
{
    return QDir::fromNativeSeparators(m_ui->sourceEdit->text().trimmed());
}

bool ImportDialog::isBusy() const
{
    return m_job != nullptr;
}

void ImportDialog::preview()
{
    run(true);
}

void ImportDialog::startImport()
{
    run(false);
}

void ImportDialog::cancel()
{
    if (m_job) {
        m_job->cancel();
    }
}

void ImportDialog::run(bool dryRun)
{
    if (m_job || sourcePath().isEmpty()) {
        return;
    }
    m_error.clear();
    m_pending = std::make_shared<storage::ImportReport>();
    storage::ImportOptions options;
    options.dryRun = dryRun;
    options.force = m_ui->forceCheck->isChecked();
    options.progressInterval = 256;
    const QString source = sourcePath();
    auto pending = m_pending;
    m_job = new BackgroundJob(
        m_databasePath,
        [options, source, pending](storage::Workspace &ws, BackgroundJob &job) -> core::Status {
            storage::ImportOptions o = options;
            o.cancel = job.cancelFlag();
            auto report = storage::LegacyImporter::run(ws, source, o, [&job](qint64 done, qint64 total) {
                job.reportProgress(done, total);
                return !job.isCancelled();
            });
            if (!report) {
                return report.error();
            }
            *pending = *report;
            return {};
        },
        this);
    m_progress = new QProgressDialog(dryRun ? tr("Reading %1…").arg(QFileInfo(source).fileName())
                                            : tr("Importing %1…").arg(QFileInfo(source).fileName()),
                                     tr("Cancel"), 0, 0, this);
    m_progress->setObjectName(QStringLiteral("importProgress"));
    m_progress->setWindowModality(Qt::WindowModal);
    m_progress->setMinimumDuration(300);
    m_progress->setAutoClose(false);
    m_progress->setAutoReset(false);
    connect(m_progress, &QProgressDialog::canceled, this, &ImportDialog::cancel);
    connect(m_job, &BackgroundJob::progress, m_progress, [this](qint64 done, qint64 total) {
        if (m_progress && total > 0) {
            // QProgressDialog counts in int: scale large totals.
            const double scale = total > 1'000'000'000 ? 1000.0 : 1.0;
            m_progress->setMaximum(int(double(total) / scale));
            m_progress->setValue(int(double(done) / scale));
        }
    });
    connect(m_job, &BackgroundJob::finished, this,
            [this, dryRun](bool ok, const QString &message, int code) { onFinished(ok, message, code, dryRun); });
    m_ui->statusLabel->setText(dryRun ? tr("Previewing…") : tr("Importing…"));
    updateButtons();
    m_job->start();
}

void ImportDialog::onFinished(bool ok, const QString &message, int code, bool dryRun)
{
    m_job->deleteLater();
    m_job = nullptr;
    if (m_progress) {
        m_progress->close();
        m_progress->deleteLater();
        m_progress = nullptr;
    }
    if (ok) {
        m_report = *m_pending;
        showReport();
        qint64 read = 0;
        qint64 importedRows = 0;
        qint64 quarantined = 0;
        for (const auto &t : std::as_const(m_report->tables)) {
            read += t.read;
            importedRows += t.imported;
            quarantined += t.quarantinedTotal();
        }
        const QString summary = tr("%1 rows read, %2 imported, %3 quarantined, %4 values normalised (generation %5).")
                                    .arg(read)
                                    .arg(importedRows)
                                    .arg(quarantined)
                                    .arg(m_report->issues)
                                    .arg(m_report->generation);
        m_ui->statusLabel->setText(dryRun ? tr("Preview — nothing was written. %1").arg(summary)
                                          : tr("Imported. %1").arg(summary));
        if (!dryRun) {
            Q_EMIT imported(*m_report);
        }
    } else if (code == int(core::ErrorCode::Cancelled)) {
        m_error = tr("Cancelled — the database was left as it was.");
        m_ui->statusLabel->setText(m_error);
    } else {
        m_error = message;
        m_ui->statusLabel->setText(tr("The import could not run: %1").arg(message));
    }
    updateButtons();
    Q_EMIT finishedRun(ok);
}

void ImportDialog::showReport()
{
    QTableWidget *table = m_ui->reportTable;
    table->setRowCount(0);
    m_ui->quarantineTable->setRowCount(0);
    m_ui->issuesTable->setRowCount(0);
    m_ui->reportTabs->setTabText(1, tr("Quarantined rows"));
    m_ui->reportTabs->setTabText(2, tr("Changed values"));
    if (!m_report) {
        return;
    }
    for (const auto &t : std::as_const(m_report->tables)) {
        const int row = table->rowCount();
        table->insertRow(row);
        QStringList reasons;
        for (const auto &[reason, n] : t.quarantined) {
            reasons << QStringLiteral("%1 %2").arg(n).arg(QString(reason).replace(u'_', u' '));
        }
        const QString quarantine =
            reasons.isEmpty()
                ? QStringLiteral("0")
                : QStringLiteral("%1 (%2)").arg(t.quarantinedTotal()).arg(reasons.join(QStringLiteral(", ")));
        const QStringList cells{t.table, QString::number(t.read), QString::number(t.imported),
                                QString::number(t.normalised), quarantine};
        for (int c = 0; c < cells.size(); ++c) {
            auto *item = new QTableWidgetItem(cells[c]);
            if (c > 0 && c < 4) {
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            }
            table->setItem(row, c, item);
        }
    }
    showFindings();
}

namespace {

// Long values (a quarantined row's JSON) stay on one line in the cell; the tooltip shows all of it.
void addRow(QTableWidget *table, const QStringList &cells)
{
    const int row = table->rowCount();
    table->insertRow(row);
    for (int c = 0; c < cells.size(); ++c) {
        auto *item = new QTableWidgetItem(QString(cells[c]).replace(u'\n', u' ').left(300));
        item->setToolTip(cells[c].left(4000));
        if (c == 1) {
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        }
        table->setItem(row, c, item);
    }
}

// "2 of 3,517" when the report carries only the first findings; the import-report CSV has them all.
QString tabTitle(const QString &what, qsizetype shown, qint64 total)
{
    return shown < total ? QCoreApplication::translate("taskorch::gui::ImportDialog", "%1 (first %2 of %3)")
                               .arg(what)
                               .arg(shown)
                               .arg(total)
                         : QStringLiteral("%1 (%2)").arg(what).arg(total);
}

} // namespace

void ImportDialog::showFindings()
{
    const storage::ImportReport &report = *m_report;
    for (const storage::ImportFinding &f : report.quarantinedRows) {
        addRow(m_ui->quarantineTable,
               {f.sourceTable, QString::number(f.sourceId), QString(f.code).replace(u'_', u' '), f.rawValue});
    }
    for (const storage::ImportFinding &f : report.changedValues) {
        addRow(m_ui->issuesTable, {f.sourceTable, QString::number(f.sourceId), f.column,
                                   QString(f.code).replace(u'_', u' '), f.rawValue, f.storedValue});
    }
    qint64 quarantined = 0;
    for (const auto &t : report.tables) {
        quarantined += t.quarantinedTotal();
    }
    m_ui->reportTabs->setTabText(1, tabTitle(tr("Quarantined rows"), report.quarantinedRows.size(), quarantined));
    m_ui->reportTabs->setTabText(2, tabTitle(tr("Changed values"), report.changedValues.size(), report.issues));
}

void ImportDialog::updateButtons()
{
    const bool busy = m_job != nullptr;
    const bool haveSource = !sourcePath().isEmpty();
    m_ui->previewButton->setEnabled(!busy && haveSource);
    m_ui->importButton->setEnabled(!busy && haveSource);
    m_ui->browseButton->setEnabled(!busy);
    m_ui->sourceEdit->setEnabled(!busy);
    m_ui->exportButton->setEnabled(!busy && m_report && !m_report->dryRun);
}

} // namespace taskorch::gui
