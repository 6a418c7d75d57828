// SPDX-License-Identifier: GPL-3.0-or-later
#include "ExportDialog.h"

#include "BackgroundJob.h"
#include "CsvWriter.h"
#include "Prompt.h"
#include "Workspace.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardPaths>

namespace taskorch::gui {

ExportDialog::ExportDialog(QString databasePath, QWidget *parent)
    : QDialog(parent), m_databasePath(std::move(databasePath))
{
    setWindowTitle(tr("Export Report"));
    auto *form = new QFormLayout;
    m_report = new QComboBox(this);
    m_report->setObjectName(QStringLiteral("reportCombo"));
    for (const QString &name : core::allNames<storage::ReportKind>()) {
        QString label = QString(name).replace(u'-', u' ');
        label[0] = label[0].toUpper();
        m_report->addItem(label, name);
    }
    form->addRow(tr("&Report:"), m_report);
    m_mode = new QComboBox(this);
    m_mode->addItem(tr("Plan (full estimates)"), int(core::ScheduleMode::Plan));
    m_mode->addItem(tr("Remaining work"), int(core::ScheduleMode::Remaining));
    form->addRow(tr("&Mode:"), m_mode);
    m_maxParallel = new QSpinBox(this);
    m_maxParallel->setRange(1, 50);
    m_maxParallel->setValue(5);
    form->addRow(tr("&Tasks at once (K):"), m_maxParallel);
    m_onlyFiltered = new QCheckBox(this);
    m_onlyFiltered->setObjectName(QStringLiteral("onlyFilteredCheck"));
    m_onlyFiltered->setVisible(false);
    form->addRow(QString(), m_onlyFiltered);
    m_columns = new QListWidget(this);
    m_columns->setObjectName(QStringLiteral("columnList"));
    m_columns->setMaximumHeight(130);
    auto *allColumns = new QPushButton(tr("All"), this);
    auto *noColumns = new QPushButton(tr("None"), this);
    auto *columnButtons = new QVBoxLayout;
    columnButtons->addWidget(allColumns);
    columnButtons->addWidget(noColumns);
    columnButtons->addStretch();
    auto *columnRow = new QHBoxLayout;
    columnRow->addWidget(m_columns, 1);
    columnRow->addLayout(columnButtons);
    form->addRow(tr("C&olumns:"), columnRow);
    m_delimiter = new QComboBox(this);
    m_delimiter->setObjectName(QStringLiteral("delimiterCombo"));
    m_delimiter->addItem(tr("Comma ( , )"), QStringLiteral(","));
    m_delimiter->addItem(tr("Semicolon ( ; )"), QStringLiteral(";"));
    m_delimiter->addItem(tr("Tab"), QStringLiteral("\t"));
    form->addRow(tr("&Delimiter:"), m_delimiter);
    m_bom = new QCheckBox(tr("Start with a byte order mark (UTF-8 BOM)"), this);
    m_bom->setObjectName(QStringLiteral("bomCheck"));
    auto *excel = new QPushButton(tr("E&xcel Preset"), this);
    excel->setObjectName(QStringLiteral("excelButton"));
    auto *bomRow = new QHBoxLayout;
    bomRow->addWidget(m_bom, 1);
    bomRow->addWidget(excel);
    form->addRow(tr("Encoding:"), bomRow);
    m_formulaGuard = new QCheckBox(tr("Guard against spreadsheet formulas (prefix =, +, -, @ with ')"), this);
    m_formulaGuard->setObjectName(QStringLiteral("formulaGuardCheck"));
    m_formulaGuard->setChecked(true);
    form->addRow(tr("Safety:"), m_formulaGuard);
    m_destination = new QLineEdit(this);
    m_destination->setObjectName(QStringLiteral("destinationEdit"));
    auto *browse = new QPushButton(tr("Browse…"), this);
    auto *destRow = new QHBoxLayout;
    destRow->addWidget(m_destination, 1);
    destRow->addWidget(browse);
    form->addRow(tr("&Save to:"), destRow);

    m_progress = new QProgressBar(this);
    m_progress->setRange(0, 0);
    m_progress->setVisible(false);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("statusLabel"));
    m_status->setWordWrap(true);
    m_buttons = new QDialogButtonBox(this);
    m_exportButton = m_buttons->addButton(tr("&Export"), QDialogButtonBox::AcceptRole);
    m_cancelButton = m_buttons->addButton(QDialogButtonBox::Cancel);
    m_buttons->addButton(QDialogButtonBox::Close);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_progress);
    layout->addWidget(m_status);
    layout->addStretch();
    layout->addWidget(m_buttons);
    resize(560, sizeHint().height());

    connect(m_report, &QComboBox::currentIndexChanged, this, [this] {
        fillColumns();
        updateForm();
    });
    connect(allColumns, &QPushButton::clicked, this, [this] { setChosenColumns({}); });
    connect(noColumns, &QPushButton::clicked, this, [this] {
        for (int i = 0; i < m_columns->count(); ++i) {
            m_columns->item(i)->setCheckState(Qt::Unchecked);
        }
    });
    connect(excel, &QPushButton::clicked, this, &ExportDialog::applyExcelPreset);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString path =
            Prompt::saveFileName(this, tr("Export report"), m_destination->text(), tr("CSV files (*.csv)"));
        if (!path.isEmpty()) {
            setDestination(path);
        }
    });
    connect(m_exportButton, &QPushButton::clicked, this, &ExportDialog::startExport);
    connect(m_cancelButton, &QPushButton::clicked, this, &ExportDialog::cancel);
    connect(m_buttons, &QDialogButtonBox::rejected, this, [this] {
        if (!m_job) {
            close();
        }
    });
    connect(m_buttons->button(QDialogButtonBox::Close), &QPushButton::clicked, this, &QDialog::close);
    fillColumns();
    updateForm();
}

ExportDialog::~ExportDialog() = default;

void ExportDialog::setReport(storage::ReportKind kind)
{
    m_report->setCurrentIndex(std::max(0, m_report->findData(core::enumToString(kind))));
    const QString folder = QFileInfo(m_destination->text()).absolutePath();
    const QString base = core::enumToString(kind) + QStringLiteral(".csv");
    m_destination->setText(QDir::toNativeSeparators(
        m_destination->text().isEmpty()
            ? QDir(QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation)).filePath(base)
            : QDir(folder).filePath(base)));
    updateForm();
}

void ExportDialog::setTaskFilter(const storage::TaskFilter &filter, const QString &summary)
{
    m_filter = filter;
    m_haveFilter = !summary.isEmpty();
    m_onlyFiltered->setText(tr("Only the tasks shown in the table (%1)").arg(summary));
    m_onlyFiltered->setChecked(m_haveFilter);
    updateForm();
}

bool ExportDialog::onlyFilteredTasks() const
{
    return m_haveFilter && report() == storage::ReportKind::Tasks && m_onlyFiltered->isChecked();
}

void ExportDialog::fillColumns()
{
    m_columns->clear();
    for (const QString &name : storage::ReportWriter::columns(report())) {
        auto *item = new QListWidgetItem(name, m_columns);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
        item->setCheckState(Qt::Checked);
    }
}

QStringList ExportDialog::chosenColumns() const
{
    QStringList chosen;
    for (int i = 0; i < m_columns->count(); ++i) {
        if (m_columns->item(i)->checkState() == Qt::Checked) {
            chosen << m_columns->item(i)->text();
        }
    }
    return chosen.size() == m_columns->count() ? QStringList() : chosen;
}

void ExportDialog::setChosenColumns(const QStringList &names)
{
    for (int i = 0; i < m_columns->count(); ++i) {
        QListWidgetItem *item = m_columns->item(i);
        item->setCheckState(names.isEmpty() || names.contains(item->text()) ? Qt::Checked : Qt::Unchecked);
    }
}

storage::ReportKind ExportDialog::report() const
{
    return core::fromString<storage::ReportKind>(m_report->currentData().toString())
        .value_or(storage::ReportKind::Tasks);
}

void ExportDialog::setDestination(const QString &path)
{
    m_destination->setText(QDir::toNativeSeparators(path));
}

core::CsvOptions ExportDialog::csvOptions() const
{
    core::CsvOptions o;
    o.delimiter = m_delimiter->currentData().toString().at(0).toLatin1();
    o.bom = m_bom->isChecked();
    o.formulaGuard = m_formulaGuard->isChecked();
    return o;
}

void ExportDialog::applyExcelPreset()
{
    const core::CsvOptions excel = core::CsvOptions::excel();
    m_bom->setChecked(excel.bom);
    m_formulaGuard->setChecked(excel.formulaGuard);
    m_delimiter->setCurrentIndex(std::max(0, m_delimiter->findData(QString(QChar::fromLatin1(excel.delimiter)))));
}

void ExportDialog::updateForm()
{
    const storage::ReportKind kind = report();
    m_mode->setEnabled(!m_job && kind == storage::ReportKind::CriticalPath);
    m_maxParallel->setEnabled(!m_job && kind == storage::ReportKind::Plan);
    m_onlyFiltered->setVisible(m_haveFilter && kind == storage::ReportKind::Tasks);
    for (QWidget *w : std::initializer_list<QWidget *>{m_report, m_columns, m_onlyFiltered, m_delimiter, m_bom,
                                                       m_formulaGuard, m_destination}) {
        w->setEnabled(!m_job);
    }
    m_exportButton->setEnabled(!m_job);
    m_cancelButton->setVisible(m_job != nullptr);
    m_progress->setVisible(m_job != nullptr);
}

void ExportDialog::startExport()
{
    if (m_job) {
        return;
    }
    const QString path = QDir::fromNativeSeparators(m_destination->text().trimmed());
    if (path.isEmpty()) {
        m_status->setText(tr("Choose where to save the report."));
        return;
    }
    if (QFileInfo::exists(path) &&
        Prompt::question(this, tr("Replace file?"), tr("%1 exists. Replace it?").arg(QDir::toNativeSeparators(path))) !=
            QMessageBox::Yes) {
        return;
    }
    storage::ReportRequest request;
    request.kind = report();
    request.columns = chosenColumns();
    const auto ticked = m_columns->findItems(QStringLiteral("*"), Qt::MatchWildcard);
    if (std::none_of(ticked.begin(), ticked.end(), [](auto *item) { return item->checkState() == Qt::Checked; })) {
        m_status->setText(tr("Tick at least one column."));
        return;
    }
    if (onlyFilteredTasks()) {
        request.taskFilter = m_filter;
    }
    request.mode = core::ScheduleMode(m_mode->currentData().toInt());
    request.maxParallel = m_maxParallel->value();
    const core::CsvOptions options = csvOptions();
    m_error.clear();
    m_pendingRows = std::make_shared<qint64>(0);
    auto rows = m_pendingRows;
    m_job = new BackgroundJob(
        m_databasePath,
        [request, options, path, rows](storage::Workspace &ws, BackgroundJob &job) -> core::Status {
            auto written = storage::ReportWriter::exportReport(ws, request, path, options, [&job](qint64 n) {
                job.reportProgress(n, 0);
                return !job.isCancelled();
            });
            if (!written) {
                return written.error();
            }
            *rows = *written;
            return {};
        },
        this);
    connect(m_job, &BackgroundJob::progress, this,
            [this](qint64 done, qint64) { m_status->setText(tr("%n rows written…", nullptr, int(done))); });
    connect(m_job, &BackgroundJob::finished, this, &ExportDialog::onFinished);
    m_status->setText(tr("Exporting…"));
    m_job->start();
    updateForm();
}

void ExportDialog::cancel()
{
    if (m_job) {
        m_job->cancel();
    }
}

void ExportDialog::onFinished(bool ok, const QString &message, int code)
{
    m_job->deleteLater();
    m_job = nullptr;
    if (ok) {
        m_rows = *m_pendingRows;
        m_status->setText(tr("Wrote %n rows to %1.", nullptr, int(m_rows))
                              .arg(QDir::toNativeSeparators(QDir::fromNativeSeparators(m_destination->text()))));
    } else if (code == int(core::ErrorCode::Cancelled)) {
        m_error = tr("Cancelled — no file was written.");
        m_status->setText(m_error);
    } else {
        m_error = message;
        m_status->setText(tr("The report could not be written: %1").arg(message));
    }
    updateForm();
    Q_EMIT finishedRun(ok);
}

} // namespace taskorch::gui
