// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ReportWriter.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace taskorch::gui {

class BackgroundJob;

/// Exports one CSV report (SPEC.md §9): report, its parameters, delimiter, BOM / Excel preset, formula guard and
/// destination. Writes through ReportWriter::exportReport on a worker thread with its own connection, showing
/// progress with Cancel; the file appears only when complete (atomic rename).
class ExportDialog : public QDialog
{
    Q_OBJECT

public:
    explicit ExportDialog(QString databasePath, QWidget *parent = nullptr);
    ~ExportDialog() override;

    void setReport(storage::ReportKind kind);
    storage::ReportKind report() const;
    void setDestination(const QString &path);
    /// The filter of the task table, offered as "only the tasks shown" for the tasks report; `summary` names it
    /// for the person (e.g. "status blocked, search \"scraper\""). An empty filter offers nothing.
    void setTaskFilter(const storage::TaskFilter &filter, const QString &summary);
    /// The ticked columns of the current report; empty when all are ticked.
    QStringList chosenColumns() const;
    /// Ticks exactly these columns (all when empty).
    void setChosenColumns(const QStringList &names);
    /// Whether the export is limited to the table's filter.
    bool onlyFilteredTasks() const;
    /// The options as chosen now.
    core::CsvOptions csvOptions() const;
    bool isBusy() const { return m_job != nullptr; }
    QString errorMessage() const { return m_error; }
    qint64 rowsWritten() const { return m_rows; }

public Q_SLOTS:
    void startExport();
    void cancel();
    void applyExcelPreset();

Q_SIGNALS:
    void finishedRun(bool ok);

private:
    void updateForm();
    void fillColumns();
    void onFinished(bool ok, const QString &message, int code);

    QString m_databasePath;
    QComboBox *m_report = nullptr;
    QListWidget *m_columns = nullptr;
    QCheckBox *m_onlyFiltered = nullptr;
    storage::TaskFilter m_filter;
    bool m_haveFilter = false;
    QComboBox *m_mode = nullptr;
    QSpinBox *m_maxParallel = nullptr;
    QComboBox *m_delimiter = nullptr;
    QCheckBox *m_bom = nullptr;
    QCheckBox *m_formulaGuard = nullptr;
    QLineEdit *m_destination = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_status = nullptr;
    QPushButton *m_exportButton = nullptr;
    QPushButton *m_cancelButton = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    BackgroundJob *m_job = nullptr;
    std::shared_ptr<qint64> m_pendingRows;
    qint64 m_rows = 0;
    QString m_error;
};

} // namespace taskorch::gui
