-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema version 1 (SPEC.md §3). Timestamps are ISO 8601 UTC text with milliseconds and Z.

CREATE TABLE tasks (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 500),
    description TEXT CHECK (description IS NULL OR length(description) <= 2000),
    component_area TEXT NOT NULL CHECK (length(component_area) BETWEEN 1 AND 100),
    phase INTEGER NOT NULL CHECK (phase BETWEEN 1 AND 4),
    priority TEXT NOT NULL DEFAULT 'medium' CHECK (priority IN ('low', 'medium', 'high', 'critical')),
    complexity TEXT NOT NULL DEFAULT 'medium' CHECK (complexity IN ('simple', 'medium', 'complex', 'expert')),
    status TEXT NOT NULL DEFAULT 'not_started'
        CHECK (status IN ('not_started', 'in_progress', 'blocked', 'completed', 'failed')),
    source_document TEXT NOT NULL DEFAULT '' CHECK (length(source_document) <= 200),
    success_criteria TEXT CHECK (success_criteria IS NULL OR length(success_criteria) <= 1000),
    time_estimate_hours REAL NOT NULL DEFAULT 1.0 CHECK (time_estimate_hours BETWEEN 0.1 AND 200),
    parent_task_id INTEGER REFERENCES tasks(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK (parent_task_id IS NULL OR parent_task_id <> id)
) STRICT;

CREATE INDEX idx_tasks_component_area ON tasks(component_area);
CREATE INDEX idx_tasks_phase ON tasks(phase);
CREATE INDEX idx_tasks_status ON tasks(status);
CREATE INDEX idx_tasks_priority ON tasks(priority);
CREATE INDEX idx_tasks_parent_task_id ON tasks(parent_task_id);

CREATE TABLE task_dependencies (
    id INTEGER PRIMARY KEY,
    task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    depends_on_task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    dependency_type TEXT NOT NULL DEFAULT 'blocks' CHECK (dependency_type IN ('blocks', 'requires', 'enhances')),
    created_at TEXT NOT NULL,
    UNIQUE (task_id, depends_on_task_id),
    CHECK (task_id <> depends_on_task_id)
) STRICT;

CREATE INDEX idx_task_dependencies_task_id ON task_dependencies(task_id);
CREATE INDEX idx_task_dependencies_depends_on_task_id ON task_dependencies(depends_on_task_id);

CREATE TABLE task_progress (
    id INTEGER PRIMARY KEY,
    task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    progress_percentage INTEGER NOT NULL CHECK (progress_percentage BETWEEN 0 AND 100),
    notes TEXT CHECK (notes IS NULL OR length(notes) <= 1000),
    updated_by TEXT NOT NULL DEFAULT 'system' CHECK (length(updated_by) BETWEEN 1 AND 100),
    created_at TEXT NOT NULL
) STRICT;

CREATE INDEX idx_task_progress_task_id ON task_progress(task_id);
CREATE INDEX idx_task_progress_created_at ON task_progress(created_at);

CREATE TABLE task_comments (
    id INTEGER PRIMARY KEY,
    task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    comment TEXT NOT NULL CHECK (length(comment) BETWEEN 1 AND 2000),
    comment_type TEXT NOT NULL DEFAULT 'note' CHECK (comment_type IN ('note', 'decision', 'blocker', 'solution')),
    created_at TEXT NOT NULL
) STRICT;

CREATE INDEX idx_task_comments_task_id ON task_comments(task_id);

CREATE TABLE execution_groups (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    position INTEGER NOT NULL CHECK (position >= 1),
    total_hours REAL NOT NULL DEFAULT 0 CHECK (total_hours >= 0),
    estimated_duration INTEGER NOT NULL DEFAULT 0 CHECK (estimated_duration >= 0),
    max_parallel_tasks INTEGER NOT NULL DEFAULT 5 CHECK (max_parallel_tasks BETWEEN 1 AND 50),
    status TEXT NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'running', 'completed', 'failed', 'cancelled')),
    metadata TEXT CHECK (metadata IS NULL OR json_valid(metadata)),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

CREATE INDEX idx_execution_groups_status ON execution_groups(status);
CREATE INDEX idx_execution_groups_position ON execution_groups(position);

CREATE TABLE group_tasks (
    id INTEGER PRIMARY KEY,
    group_id INTEGER NOT NULL REFERENCES execution_groups(id) ON DELETE CASCADE,
    task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    execution_order INTEGER NOT NULL DEFAULT 0 CHECK (execution_order >= 0),
    task_hours REAL NOT NULL DEFAULT 0 CHECK (task_hours >= 0),
    status TEXT NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'running', 'completed', 'failed', 'cancelled')),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (group_id, task_id)
) STRICT;

CREATE INDEX idx_group_tasks_group_id ON group_tasks(group_id);
CREATE INDEX idx_group_tasks_task_id ON group_tasks(task_id);

CREATE TABLE parallel_execution_log (
    id INTEGER PRIMARY KEY,
    group_id INTEGER NOT NULL REFERENCES execution_groups(id) ON DELETE CASCADE,
    task_id INTEGER REFERENCES tasks(id) ON DELETE SET NULL,
    level TEXT NOT NULL DEFAULT 'info' CHECK (level IN ('debug', 'info', 'warning', 'error')),
    message TEXT NOT NULL CHECK (length(message) BETWEEN 1 AND 2000),
    metadata TEXT CHECK (metadata IS NULL OR json_valid(metadata)),
    created_at TEXT NOT NULL
) STRICT;

CREATE INDEX idx_parallel_execution_log_group_id ON parallel_execution_log(group_id);
CREATE INDEX idx_parallel_execution_log_task_id ON parallel_execution_log(task_id);
CREATE INDEX idx_parallel_execution_log_level ON parallel_execution_log(level);
