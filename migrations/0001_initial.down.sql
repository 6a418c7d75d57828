-- SPDX-License-Identifier: GPL-3.0-or-later
-- Reverts schema version 1: drops every table (children first).
DROP TABLE parallel_execution_log;
DROP TABLE group_tasks;
DROP TABLE execution_groups;
DROP TABLE task_comments;
DROP TABLE task_progress;
DROP TABLE task_dependencies;
DROP TABLE tasks;
