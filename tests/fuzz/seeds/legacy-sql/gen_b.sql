-- Generation B (first SQLModel schema, LEGACY_FORMATS.md §3): id after the business columns, UPPERCASE enum names
-- next to lower-case raw-SQL ones, JSON columns, a 3-cycle, orphans and an Alembic table without an id.
CREATE TABLE tasks (
    title VARCHAR(500) NOT NULL, description VARCHAR(2000), component_area VARCHAR(100) NOT NULL,
    phase INTEGER NOT NULL, priority VARCHAR(8) NOT NULL, complexity VARCHAR(7) NOT NULL, status VARCHAR(11) NOT NULL,
    source_document VARCHAR(200) NOT NULL, success_criteria VARCHAR(1000), time_estimate_hours FLOAT NOT NULL,
    parent_task_id INTEGER, id INTEGER NOT NULL, created_at DATETIME NOT NULL, updated_at DATETIME NOT NULL,
    PRIMARY KEY (id), FOREIGN KEY(parent_task_id) REFERENCES tasks (id)
);
CREATE TABLE execution_groups (
    name VARCHAR(200) NOT NULL, total_hours FLOAT NOT NULL, estimated_duration FLOAT NOT NULL,
    max_parallel_tasks INTEGER NOT NULL, status VARCHAR(9) NOT NULL, execution_metadata JSON, id INTEGER NOT NULL,
    created_at DATETIME NOT NULL, updated_at DATETIME NOT NULL, PRIMARY KEY (id)
);
CREATE TABLE task_dependencies (
    task_id INTEGER NOT NULL, depends_on_task_id INTEGER NOT NULL, dependency_type VARCHAR(8) NOT NULL,
    id INTEGER NOT NULL, created_at DATETIME NOT NULL, PRIMARY KEY (id), UNIQUE (task_id, depends_on_task_id)
);
CREATE TABLE task_progress (
    task_id INTEGER NOT NULL, progress_percentage INTEGER NOT NULL, notes VARCHAR(1000), updated_by VARCHAR(100) NOT NULL,
    id INTEGER NOT NULL, created_at DATETIME NOT NULL, PRIMARY KEY (id)
);
CREATE TABLE task_comments (
    task_id INTEGER NOT NULL, comment VARCHAR(2000) NOT NULL, comment_type VARCHAR(8) NOT NULL, id INTEGER NOT NULL,
    created_at DATETIME NOT NULL, PRIMARY KEY (id)
);
CREATE TABLE group_tasks (
    group_id INTEGER NOT NULL, task_id INTEGER NOT NULL, execution_order INTEGER NOT NULL, task_hours FLOAT NOT NULL,
    status VARCHAR(9) NOT NULL, id INTEGER NOT NULL, created_at DATETIME NOT NULL, updated_at DATETIME NOT NULL,
    PRIMARY KEY (id), UNIQUE (group_id, task_id)
);
CREATE TABLE parallel_execution_log (
    group_id INTEGER NOT NULL, task_id INTEGER, level VARCHAR(7) NOT NULL, message VARCHAR(2000) NOT NULL,
    log_metadata JSON, id INTEGER NOT NULL, created_at DATETIME NOT NULL, PRIMARY KEY (id)
);
CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, PRIMARY KEY (version_num));

INSERT INTO tasks VALUES
 ('Migrate to SQLModel', 'ORM', 'Database', 1, 'HIGH', 'COMPLEX', 'NOT_STARTED', 'schema.md', 'done', 8.0, NULL, 1,
  '2025-08-03 22:30:31.958130', '2025-08-03 22:30:31.958138'),
 ('Schemas', NULL, 'Database', 1, 'HIGH', 'MEDIUM', 'IN_PROGRESS', 'schema.md', NULL, 4.0, 1, 2,
  '2025-08-03 22:30:31.968631', '2025-08-03 22:30:31.973678'),
 ('Cycle A', NULL, 'Services', 4, 'LOW', 'SIMPLE', 'BLOCKED', 'doc.md', NULL, 1.5, NULL, 8,
  '2025-08-04 09:00:00.000000', '2025-08-04 09:00:00.000000'),
 ('Cycle B', NULL, 'Services', 4, 'low', 'Medium', 'failed', 'doc.md', NULL, 1.5, 99, 13,
  '2025-08-04T09:00:00', '2025-08-04 08:00:00'),
 ('Cycle C', NULL, 'UI', 4, 'Medium', 'EXPERT', 'done', '', NULL, 0.01, NULL, 21, '2025-08-04 09:00', '2025-08-04');
INSERT INTO task_dependencies VALUES
 (2, 1, 'REQUIRES', 1, '2025-08-03 22:30:31.972336'), (8, 13, 'BLOCKS', 2, '2025-08-04 10:00:00'),
 (13, 21, 'BLOCKS', 3, '2025-08-04 11:00:00'), (21, 8, 'requires', 4, '2025-08-04 12:00:00'),
 (2, 77, 'ENHANCES', 5, '2025-08-04 12:00:00');
INSERT INTO task_progress VALUES
 (1, 0, 'Task created', 'system', 1, '2025-08-03 22:30:31.960309'), (2, 50, NULL, 'api', 2, '2025-08-03 22:30:32'),
 (77, 0, 'orphan', 'system', 3, '2025-08-03 22:30:31');
INSERT INTO task_comments VALUES
 (2, 'Started', 'NOTE', 1, '2025-08-03 22:30:31.973761'), (13, 'Fixed', 'SOLUTION', 2, '2025-08-04 10:00:00'),
 (77, 'orphan', 'NOTE', 3, '2025-08-04 10:00:00');
INSERT INTO execution_groups VALUES
 ('Batch 1', 2.5, 150.0, 5, 'RUNNING', '{"sprint": 1}', 1, '2025-08-04 10:00:00', '2025-08-04 10:00:00'),
 ('Batch 2', -1.0, 60.5, 80, 'PENDING', '{not json', 2, '2025-08-04 10:00:00', '2025-08-04 09:00:00');
INSERT INTO group_tasks VALUES
 (1, 1, 0, 1.0, 'COMPLETED', 1, '2025-08-04 10:00:00', '2025-08-04 10:00:00'),
 (1, 2, 1, 0.5, 'RUNNING', 2, '2025-08-04 10:00:00', '2025-08-04 10:00:00'),
 (5, 77, 0, 1.0, 'PENDING', 3, '2025-08-04 10:00:00', '2025-08-04 10:00:00');
INSERT INTO parallel_execution_log VALUES
 (1, 1, 'INFO', 'Task 1 started', '{"agent": "a"}', 1, '2025-08-04 10:00:00'),
 (9, NULL, 'DEBUG', 'Orphan group', NULL, 2, '2025-08-04 10:00:00');
INSERT INTO alembic_version VALUES ('a1b2c3d4');
