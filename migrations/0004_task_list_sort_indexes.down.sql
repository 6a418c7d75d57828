-- SPDX-License-Identifier: GPL-3.0-or-later
DROP INDEX idx_tasks_status_rank;
DROP INDEX idx_tasks_complexity_rank;
DROP INDEX idx_tasks_priority_rank;
DROP INDEX idx_tasks_updated_at;
DROP INDEX idx_tasks_created_at;
DROP INDEX idx_tasks_time_estimate_hours;
DROP INDEX idx_tasks_title;
