// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "LegacyImporter.h"

#include <QDialog>

#include <memory>

class QProgressDialog;

namespace Ui {
class ImportDialog;
}

namespace taskorch::gui {

class BackgroundJob;

/// Imports a legacy tracker file: choose the file, preview the report (a dry run), then import with a progress
/// dialog and Cancel. The work runs on a worker thread with its own connection; the window stays responsive. The
/// report shows per source table what was read, imported, normalised and quarantined (by reason), then the
/// quarantined rows and the changed values themselves; Export Report writes all of them to CSV.
class ImportDialog : public QDialog
{
    Q_OBJECT

public:
    explicit ImportDialog(QString databasePath, QWidget *parent = nullptr);
    ~ImportDialog() override;

    void setSourcePath(const QString &path);
    QString sourcePath() const;
    /// The last report (preview or import), if any.
    const std::optional<storage::ImportReport> &report() const { return m_report; }
    /// The last error in plain words, or empty.
    QString errorMessage() const { return m_error; }
    bool isBusy() const;
    QProgressDialog *progressDialog() const { return m_progress; }

public Q_SLOTS:
    void preview();
    void startImport();
    /// Cancels a running preview or import; the database stays as it was.
    void cancel();

Q_SIGNALS:
    /// A real import finished and changed the database.
    void imported(const storage::ImportReport &report);
    /// A preview or import ended (successfully or not).
    void finishedRun(bool ok);
    void exportRequested();

private:
    void run(bool dryRun);
    void onFinished(bool ok, const QString &message, int code, bool dryRun);
    void showReport();
    void showFindings();
    void updateButtons();

    std::unique_ptr<Ui::ImportDialog> m_ui;
    QString m_databasePath;
    BackgroundJob *m_job = nullptr;
    QProgressDialog *m_progress = nullptr;
    std::shared_ptr<storage::ImportReport> m_pending;
    std::optional<storage::ImportReport> m_report;
    QString m_error;
};

} // namespace taskorch::gui
