-- SPDX-License-Identifier: GPL-3.0-or-later
-- Reverts the statistics change log (its triggers go with their tables' rows untouched).
DROP TRIGGER statistics_changes_prune;
DROP TRIGGER statistics_changes_progress_delete;
DROP TRIGGER statistics_changes_progress_update;
DROP TRIGGER statistics_changes_progress_insert;
DROP TRIGGER statistics_changes_task_delete;
DROP TRIGGER statistics_changes_task_update;
DROP TRIGGER statistics_changes_task_insert;
DROP TABLE statistics_changes;
