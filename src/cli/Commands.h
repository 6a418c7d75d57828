// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// One class per command. Files group a family of commands (project, task, dependency, report) to keep the
// directory navigable; each class stays small and self-contained.

#include "Command.h"

#include <vector>

namespace taskorch::cli {

/// Every command the CLI knows. Subcommands are named "group sub", e.g. "task add".
std::vector<std::unique_ptr<Command>> allCommands();

TASKORCH_COMMAND(InitCommand, "init", "Create and migrate the database.")
TASKORCH_COMMAND(DemoCommand, "demo", "Create the database and load the 40-task demo project.")
TASKORCH_COMMAND(MigrateStatusCommand, "migrate status", "List migrations and whether each is applied.")
TASKORCH_COMMAND(MigrateUpCommand, "migrate up", "Apply pending migrations (a backup is written first).")
TASKORCH_COMMAND(MigrateDownCommand, "migrate down", "Revert migrations: one step, or down to --to N.")
TASKORCH_COMMAND(CheckSchemaCommand, "check-schema", "Compare the database with the data model; exit 0 if equal.")
TASKORCH_COMMAND(TaskAddCommand, "task add", "Create a task; prints its id.")
TASKORCH_COMMAND(TaskListCommand, "task list", "List tasks with filters and sorting.")
TASKORCH_COMMAND(TaskShowCommand, "task show", "Show one task with dependencies, progress and comments.")
TASKORCH_COMMAND(TaskSetStatusCommand, "task set-status", "Change a task's status (writes progress).")
TASKORCH_COMMAND(TaskDeleteCommand, "task delete", "Delete a task with its subtasks and history.")
TASKORCH_COMMAND(DepAddCommand, "dep add", "TASK depends on PREREQ; refuses cycles.")
TASKORCH_COMMAND(DepRemoveCommand, "dep remove", "Remove the dependency of TASK on PREREQ.")
TASKORCH_COMMAND(CommentAddCommand, "comment add", "Add a comment to a task.")
TASKORCH_COMMAND(StatsCommand, "stats", "Project statistics.")
TASKORCH_COMMAND(ReadyCommand, "ready", "Tasks that can start now.")
TASKORCH_COMMAND(BlockedCommand, "blocked", "Tasks held back by unfinished prerequisites.")

} // namespace taskorch::cli
