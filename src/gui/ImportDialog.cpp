// SPDX-License-Identifier: GPL-3.0-or-later
#include "ImportDialog.h"

#include "BackgroundJob.h"
#include "Prompt.h"
#include "Workspace.h"
#include "ui_ImportDialog.h"

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
    m_ui->reportTable->setRowCount(0);
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
