-- SPDX-License-Identifier: GPL-3.0-or-later
-- Legacy import bookkeeping (SPEC.md §8): one row per import run, where every imported source row went, every
-- value that had to change to fit (with its raw text), and every row that could not be imported (kept whole).

CREATE TABLE import_runs (
    id INTEGER PRIMARY KEY,
    source_path TEXT NOT NULL,
    source_sha256 TEXT NOT NULL CHECK (length(source_sha256) = 64),
    generation TEXT NOT NULL CHECK (generation IN ('A', 'B', 'C')),
    started_at TEXT NOT NULL,
    finished_at TEXT,
    status TEXT NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'completed', 'failed', 'cancelled')),
    summary_json TEXT CHECK (summary_json IS NULL OR json_valid(summary_json))
) STRICT;

CREATE INDEX idx_import_runs_source_sha256 ON import_runs(source_sha256);

-- Keyed by the source row, so a lookup "where did legacy task 17 go" is one probe and bulk inserts in source order
-- append. It holds one row per imported source row (millions for a large file), so it carries no second index.
CREATE TABLE import_id_map (
    run_id INTEGER NOT NULL REFERENCES import_runs(id) ON DELETE CASCADE,
    source_table TEXT NOT NULL,
    source_id INTEGER NOT NULL,
    target_table TEXT NOT NULL,
    target_id INTEGER NOT NULL,
    PRIMARY KEY (run_id, source_table, source_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE import_issues (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES import_runs(id) ON DELETE CASCADE,
    source_table TEXT NOT NULL,
    source_id INTEGER NOT NULL,
    "column" TEXT NOT NULL,
    raw_value TEXT,
    stored_value TEXT,
    code TEXT NOT NULL
) STRICT;

CREATE INDEX idx_import_issues_source ON import_issues(run_id, source_table, source_id);

CREATE TABLE import_quarantine (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES import_runs(id) ON DELETE CASCADE,
    source_table TEXT NOT NULL,
    source_id INTEGER NOT NULL,
    reason TEXT NOT NULL CHECK (reason IN ('orphan_reference', 'self_dependency', 'duplicate', 'cycle',
                                           'invalid_value', 'unmapped_table')),
    row_json TEXT NOT NULL CHECK (json_valid(row_json))
) STRICT;

CREATE INDEX idx_import_quarantine_source ON import_quarantine(run_id, source_table, source_id);
CREATE INDEX idx_import_quarantine_reason ON import_quarantine(run_id, reason);
