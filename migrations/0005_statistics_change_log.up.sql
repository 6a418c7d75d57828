-- SPDX-License-Identifier: GPL-3.0-or-later
-- Every write that can move a statistic leaves the task's id in this log, whoever made it (the app, taskorch-cli,
-- any program writing the file), inside the writer's own transaction. The statistics panel keeps what it read and,
-- on the next refresh, re-reads only the tasks logged since: a million-task project refreshes in milliseconds.
CREATE TABLE statistics_changes (
    seq INTEGER PRIMARY KEY,
    task_id INTEGER -- NULL: anything may have changed (a bulk import); readers read everything again
);

CREATE TRIGGER statistics_changes_task_insert AFTER INSERT ON tasks
BEGIN
    INSERT INTO statistics_changes(task_id) VALUES (NEW.id);
END;

-- Only the columns the statistics read; a title or description edit does not log (its updated_at change does).
CREATE TRIGGER statistics_changes_task_update
AFTER UPDATE OF id, phase, component_area, status, time_estimate_hours, created_at, updated_at ON tasks
BEGIN
    INSERT INTO statistics_changes(task_id) VALUES (OLD.id);
    INSERT INTO statistics_changes(task_id) SELECT NEW.id WHERE NEW.id <> OLD.id;
END;

CREATE TRIGGER statistics_changes_task_delete AFTER DELETE ON tasks
BEGIN
    INSERT INTO statistics_changes(task_id) VALUES (OLD.id);
END;

CREATE TRIGGER statistics_changes_progress_insert AFTER INSERT ON task_progress
BEGIN
    INSERT INTO statistics_changes(task_id) VALUES (NEW.task_id);
END;

CREATE TRIGGER statistics_changes_progress_update
AFTER UPDATE OF id, task_id, progress_percentage, created_at ON task_progress
BEGIN
    INSERT INTO statistics_changes(task_id) VALUES (OLD.task_id);
    INSERT INTO statistics_changes(task_id) SELECT NEW.task_id WHERE NEW.task_id <> OLD.task_id;
END;

CREATE TRIGGER statistics_changes_progress_delete AFTER DELETE ON task_progress
BEGIN
    INSERT INTO statistics_changes(task_id) VALUES (OLD.task_id);
END;

-- Keeps the log short: every 4,096 entries, the ones older than the last 65,536 go. A reader that fell further
-- behind finds a gap (its last seq is below the oldest kept) and reads everything again. The newest entry is never
-- deleted, so seq keeps growing.
CREATE TRIGGER statistics_changes_prune AFTER INSERT ON statistics_changes WHEN NEW.seq % 4096 = 0
BEGIN
    DELETE FROM statistics_changes WHERE seq <= NEW.seq - 65536;
END;
