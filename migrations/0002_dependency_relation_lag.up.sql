-- SPDX-License-Identifier: GPL-3.0-or-later
-- Dependencies gain a relation (finish-to-start by default) and a signed lag in hours (SPEC.md §7).
ALTER TABLE task_dependencies ADD COLUMN relation TEXT NOT NULL DEFAULT 'FS'
    CHECK (relation IN ('FS', 'SS', 'FF', 'SF'));
ALTER TABLE task_dependencies ADD COLUMN lag_hours REAL NOT NULL DEFAULT 0
    CHECK (lag_hours BETWEEN -10000 AND 10000);
