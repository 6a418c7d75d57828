-- SPDX-License-Identifier: GPL-3.0-or-later
-- Every sort the task list offers is covered by an index, so its first page never sorts the whole table.
-- SQLite appends the rowid (id) to each index, which is the list's tie-break. The rank expressions must stay
-- identical to the ORDER BY expressions in TaskRepository.cpp for SQLite to use them.
CREATE INDEX idx_tasks_title ON tasks(title);
CREATE INDEX idx_tasks_time_estimate_hours ON tasks(time_estimate_hours);
CREATE INDEX idx_tasks_created_at ON tasks(created_at);
CREATE INDEX idx_tasks_updated_at ON tasks(updated_at);
CREATE INDEX idx_tasks_priority_rank
    ON tasks((CASE priority WHEN 'low' THEN 1 WHEN 'medium' THEN 2 WHEN 'high' THEN 3 ELSE 4 END));
CREATE INDEX idx_tasks_complexity_rank
    ON tasks((CASE complexity WHEN 'simple' THEN 1 WHEN 'medium' THEN 2 WHEN 'complex' THEN 3 ELSE 4 END));
CREATE INDEX idx_tasks_status_rank
    ON tasks((CASE status WHEN 'not_started' THEN 1 WHEN 'in_progress' THEN 2 WHEN 'blocked' THEN 3
              WHEN 'completed' THEN 4 ELSE 5 END));
