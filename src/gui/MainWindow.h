// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Workspace.h"

#include <QMainWindow>

#include <memory>

class QLabel;

namespace Ui {
class MainWindow;
}

namespace taskorch::gui {

class TaskTableModel;

/// The main window: a filterable, sortable task table over the open database, with counts in the status bar.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    /// Opens (creating and migrating) a database; on failure keeps the current one and returns the error.
    core::Status openDatabase(const QString &path);
    storage::Workspace *workspace() const { return m_workspace.get(); }
    TaskTableModel *taskModel() const { return m_model.get(); }

public Q_SLOTS:
    void refresh();

private Q_SLOTS:
    void chooseDatabase();
    void applyFilter();
    void showAbout();

private:
    void fillFilterChoices();
    void updateStatusBar();

    std::unique_ptr<Ui::MainWindow> m_ui;
    std::unique_ptr<storage::Workspace> m_workspace;
    std::unique_ptr<TaskTableModel> m_model;
    QLabel *m_countsLabel = nullptr;
    QLabel *m_pathLabel = nullptr;
};

} // namespace taskorch::gui
