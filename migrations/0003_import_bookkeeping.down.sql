-- SPDX-License-Identifier: GPL-3.0-or-later
-- Reverts the legacy import bookkeeping (children first).
DROP TABLE import_quarantine;
DROP TABLE import_issues;
DROP TABLE import_id_map;
DROP TABLE import_runs;
