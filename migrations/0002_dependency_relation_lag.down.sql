-- SPDX-License-Identifier: GPL-3.0-or-later
ALTER TABLE task_dependencies DROP COLUMN lag_hours;
ALTER TABLE task_dependencies DROP COLUMN relation;
