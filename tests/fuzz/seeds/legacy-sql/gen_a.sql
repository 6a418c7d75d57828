-- Generation A (raw sqlite3, LEGACY_FORMATS.md §4): mixed enum spellings, NULLs, orphans, a self-dependency, a
-- duplicate and a 2-cycle, a parent cycle, several timestamp shapes, an extra column and an unknown table.
CREATE TABLE tasks (
    id INTEGER PRIMARY KEY AUTOINCREMENT, title TEXT NOT NULL, description TEXT, component_area TEXT,
    phase INTEGER DEFAULT 1, priority TEXT DEFAULT 'Medium', complexity TEXT DEFAULT 'Medium',
    status TEXT DEFAULT 'not_started', source_document TEXT, success_criteria TEXT,
    time_estimate_hours REAL DEFAULT 1.0, parent_task_id INTEGER REFERENCES tasks(id),
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP, updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP, extra_notes TEXT
);
CREATE TABLE task_dependencies (
    id INTEGER PRIMARY KEY AUTOINCREMENT, task_id INTEGER NOT NULL, depends_on_task_id INTEGER NOT NULL,
    dependency_type TEXT DEFAULT 'blocks', created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);
CREATE TABLE task_progress (
    id INTEGER PRIMARY KEY AUTOINCREMENT, task_id INTEGER NOT NULL, progress_percentage INTEGER, notes TEXT,
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);
CREATE TABLE task_comments (
    id INTEGER PRIMARY KEY AUTOINCREMENT, task_id INTEGER NOT NULL, comment TEXT NOT NULL,
    comment_type TEXT DEFAULT 'note', created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);
CREATE TABLE execution_groups (
    id INTEGER PRIMARY KEY AUTOINCREMENT, group_name TEXT NOT NULL, day_range TEXT, prerequisite_groups TEXT,
    status TEXT DEFAULT 'pending', created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);
CREATE TABLE group_tasks (
    id INTEGER PRIMARY KEY AUTOINCREMENT, group_id INTEGER, task_id INTEGER, parallel_batch INTEGER,
    estimated_agent_hours REAL
);
CREATE TABLE parallel_execution_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT, group_id INTEGER, task_id INTEGER, level TEXT, message TEXT, metadata TEXT,
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);
CREATE TABLE scratchpad (id INTEGER PRIMARY KEY, note TEXT);

INSERT INTO tasks VALUES
 (1, 'Install dependencies', 'Pin versions', 'Environment', 1, 'Critical', 'Low', 'done', 'roadmap.md', 'works',
  0.15, NULL, '2025-07-01 09:00:00', '2025-07-02 10:00:00', 'a.txt'),
 (2, 'Directory layout', NULL, 'Architecture', 1, 'High', 'Medium', 'In Progress', NULL, NULL, 0.5, 1,
  '2025-07-01 09:00:00.123456', '2025-07-01T10:00:00', NULL),
 (3, 'Theme', '', 'ui', 9, 'URGENT', 'very_high', 'requires_assistance', '', NULL, -2, 42,
  '2025-07-01T09:30:00.5+02:00', 'garbage', NULL),
 (4, 'Parent cycle one', NULL, NULL, 2.5, NULL, NULL, NULL, NULL, NULL, NULL, 5, 1751360400, NULL, NULL),
 (5, 'Parent cycle two', NULL, 'Testing', 3, 'low', 'Expert', 'PARTIAL', 'doc.md', NULL, 500, 4,
  '2025-07-03', '2025-07-02 00:00', NULL);
INSERT INTO task_dependencies VALUES
 (1, 2, 1, 'blocks', '2025-07-01 09:00:00'), (2, 2, 1, 'Blocks', '2025-07-01 09:00:01'),
 (3, 3, 3, 'blocks', NULL), (4, 4, 5, 'requires', '2025-07-02 00:00:00'), (5, 5, 4, 'enables', '2025-07-03'),
 (6, 1, 77, 'enhances', '2025-07-03'), (7, 3, 2, 'whatever', x'00ff');
INSERT INTO task_progress VALUES
 (1, 1, 100, 'done', '2025-07-02 10:00:00'), (2, 2, 25, NULL, NULL), (3, 3, NULL, 'blocked', '2025-07-01'),
 (4, 99, 0, 'orphan', '2025-07-01'), (5, 2, 50.5, '', '2025-07-01T12:00:00Z');
INSERT INTO task_comments VALUES
 (1, 1, 'Pinned', 'NOTE', '2025-07-01 09:00:00'), (2, 2, '', 'decision', '2025-07-01'),
 (3, 88, 'orphan', 'note', NULL), (4, 3, 'Why?', 'question', '2025-07-01 09:00:00');
INSERT INTO execution_groups VALUES
 (1, '1A', 'Day 1-2', NULL, 'running', '2025-07-01 09:00:00'), (2, '1B', 'Day 3', '1A', 'DONE', NULL),
 (3, '2A', NULL, '["1A","1B"]', NULL, '2025-07-04');
INSERT INTO group_tasks VALUES
 (1, 1, 1, 1, 0.5), (2, 1, 2, 1, NULL), (3, 2, 2, 2, -1), (4, 9, 1, 1, 1), (5, 1, 1, 1, 0.5);
INSERT INTO parallel_execution_log VALUES
 (1, 1, 1, 'INFO', 'started', '{"agent": "a"}', '2025-07-01 09:00:00'), (2, 1, NULL, 'warn', 'slow', '{bad', NULL),
 (3, 7, NULL, 'ERROR', 'orphan group', NULL, '2025-07-01');
INSERT INTO scratchpad VALUES (1, 'keep me'), (2, NULL);
