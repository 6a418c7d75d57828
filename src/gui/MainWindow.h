// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ReportWriter.h"
#include "Statistics.h"
#include "Workspace.h"

#include <QMainWindow>

#include <memory>

class QLabel;

namespace Ui {
class MainWindow;
}

namespace taskorch::gui {

class ChangeWatcher;
class ExportDialog;
class ImportDialog;
class TaskDetailPanel;
class TaskEditor;
class TaskTableModel;

/// The main window: menus and toolbar, the filterable task table (first tab of "viewTabs") with inline editing,
/// the task detail panel beside it, undo/redo of every edit, recent files and window state in QSettings, and
/// drag and drop of database files.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    /// What a file dropped on the window (or opened) turns out to be.
    enum class FileKind
    {
        TaskOrchDatabase, ///< opens
        LegacyTracker,    ///< an SQLite file with a `tasks` table but no TaskOrch bookkeeping: offers an import
        Other,            ///< refused with a message
    };

    static constexpr int maxRecentFiles = 8;

    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    /// Opens (creating and migrating) a database; on failure keeps the current one and returns the error. Clears
    /// the undo stack (opening is never undoable) and records the file in the recent list.
    core::Status openDatabase(const QString &path);
    storage::Workspace *workspace() const { return m_workspace.get(); }
    TaskTableModel *taskModel() const { return m_model.get(); }
    TaskEditor *editor() const { return m_editor; }
    TaskDetailPanel *detailPanel() const { return m_detail; }
    /// The open import or export dialog, if any (non-modal, for tests and for the person).
    ImportDialog *importDialog() const { return m_importDialog; }
    ExportDialog *exportDialog() const { return m_exportDialog; }

    /// Adds a view (critical path, statistics, execution…) as a tab after "Tasks". The window owns it from then on.
    void addViewTab(QWidget *view, const QString &title);
    /// Most recent first.
    QStringList recentFiles() const;
    /// Ids of the selected rows, in row order.
    QList<qint64> selectedTaskIds() const;
    /// The task the detail panel shows (the current row), or 0.
    qint64 currentTaskId() const;
    /// Selects the row of task `id` if it is loaded.
    void selectTask(qint64 id);

    static FileKind classifyFile(const QString &path);
    /// What a drop of `path` does: opens a TaskOrch database, offers to import a legacy tracker, refuses others.
    void openDroppedFile(const QString &path);

public Q_SLOTS:
    void refresh();
    void showImportDialog(const QString &sourcePath = {});
    void showExportDialog(storage::ReportKind kind);

Q_SIGNALS:
    /// A database was opened (or, with nullptr, is about to be closed). Views re-read everything.
    void databaseChanged(storage::Workspace *workspace);
    /// Data changed: after every edit, undo/redo, import and refresh.
    void dataChanged();
    /// The current task changed (0 = none).
    void currentTaskChanged(qint64 taskId);

protected:
    void closeEvent(QCloseEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private Q_SLOTS:
    void newDatabase();
    void chooseDatabase();
    void applyFilter();
    void showAbout();
    void newTask();
    void newSubtask();
    void deleteSelected();
    void setSelectedStatus(core::TaskStatus status);
    void onEditRejected(const QModelIndex &index, const QString &message);
    void onEditorChanged();
    void updateActions();

private:
    void setupActions();
    /// The plan views of the tabs: critical-path graph, statistics charts, execution panel.
    void addPlanViews();
    void fillFilterChoices();
    /// Fills an empty project with the demo (offered by the banner an empty project shows).
    void loadDemoProject();
    /// Another program (or a worker) committed to the open database: show its changes.
    void onExternalChange();
    void updateEmptyProjectBanner();
    /// The task table's filter bar as a repository filter, and in words for the export dialog ("" = no filter).
    storage::TaskFilter currentFilter() const;
    QString filterSummary() const;
    /// Recomputes the project figures after the data changed; filter changes reuse them.
    void reloadStatistics();
    void updateStatusBar();
    void rebuildRecentMenu();
    void addRecentFile(const QString &path);
    void restoreSettings();
    void saveSettings() const;
    void showError(const QString &title, const core::Error &error);

    std::unique_ptr<Ui::MainWindow> m_ui;
    std::unique_ptr<storage::Workspace> m_workspace;
    std::unique_ptr<ChangeWatcher> m_changeWatcher;      ///< declared after the workspace: goes first
    std::optional<core::ProjectStatistics> m_statistics; ///< of the open database, as of the last change
    QString m_statisticsError;
    std::unique_ptr<TaskTableModel> m_model;
    TaskEditor *m_editor = nullptr;
    TaskDetailPanel *m_detail = nullptr;
    ImportDialog *m_importDialog = nullptr;
    ExportDialog *m_exportDialog = nullptr;
    QLabel *m_countsLabel = nullptr;
    QLabel *m_pathLabel = nullptr;
    QStringList m_recentFiles;
};

} // namespace taskorch::gui
