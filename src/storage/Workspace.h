// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "CommentRepository.h"
#include "Database.h"
#include "DependencyRepository.h"
#include "ProgressRepository.h"
#include "SchedulingService.h"
#include "TaskRepository.h"
#include "TaskService.h"

#include <memory>

namespace taskorch::storage {

/// An open TaskOrch database with its repositories and services wired together — what the CLI and the
/// desktop app hold while a file is open.
class Workspace
{
public:
    struct Options
    {
        bool migrate = true;         ///< bring the schema to the latest version
        bool createIfMissing = true; ///< a missing file is created (and migrated)
        /// An existing zero-byte file becomes a new database (for an explicit `init`); otherwise it is refused,
        /// since an empty file is more often a failed copy than a project.
        bool adoptEmptyFile = false;
    };

    /// Opens `path`. Refuses with one clear message, leaving the file untouched: a file that is not SQLite (random
    /// bytes, a text or CSV file, a folder), an empty file, a truncated or damaged database, an SQLite file of
    /// another application (tables but no TaskOrch schema), a newer schema, an edited migration, and a file or
    /// folder TaskOrch cannot write (it saves every change at once, and SQLite's journal lives next to the file).
    static Result<std::unique_ptr<Workspace>> open(const QString &path, Options options);
    static Result<std::unique_ptr<Workspace>> open(const QString &path) { return open(path, Options{}); }
    ~Workspace();

    /// `taskorch.db` in the platform's application data folder, shared by the CLI and the app.
    static QString defaultDatabasePath();
    /// Sets the organisation and application names both executables use, so they share settings and data.
    static void setApplicationIdentity();

    Database &database() { return *m_db; }
    TaskRepository &tasks() { return *m_tasks; }
    DependencyRepository &dependencies() { return *m_dependencies; }
    ProgressRepository &progress() { return *m_progress; }
    CommentRepository &comments() { return *m_comments; }
    TaskService &service() { return *m_service; }
    SchedulingService &scheduling() { return *m_scheduling; }

private:
    Workspace() = default;

    std::unique_ptr<Database> m_db;
    std::unique_ptr<TaskRepository> m_tasks;
    std::unique_ptr<DependencyRepository> m_dependencies;
    std::unique_ptr<ProgressRepository> m_progress;
    std::unique_ptr<CommentRepository> m_comments;
    std::unique_ptr<TaskService> m_service;
    std::unique_ptr<SchedulingService> m_scheduling;
};

} // namespace taskorch::storage
