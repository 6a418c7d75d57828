-- Generation C (unified SQLModel schema, LEGACY_FORMATS.md §5): uuid, updated_at everywhere, created_by on
-- comments, phase up to 10, unified enum names, and task_execution_logs, which has no place in the new schema.
CREATE TABLE tasks (
    id INTEGER NOT NULL, uuid VARCHAR(36) NOT NULL, title VARCHAR(200) NOT NULL,
    description VARCHAR(2000) NOT NULL DEFAULT '', component_area VARCHAR(13) NOT NULL, phase INTEGER NOT NULL,
    priority VARCHAR(8) NOT NULL, complexity VARCHAR(9) NOT NULL, status VARCHAR(19) NOT NULL,
    source_document VARCHAR(500) NOT NULL DEFAULT '', success_criteria VARCHAR(1000) NOT NULL DEFAULT '',
    time_estimate_hours FLOAT NOT NULL, parent_task_id INTEGER, created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL, PRIMARY KEY (id), UNIQUE (uuid)
);
CREATE TABLE task_dependencies (
    id INTEGER NOT NULL, task_id INTEGER NOT NULL, depends_on_task_id INTEGER NOT NULL,
    dependency_type VARCHAR(8) NOT NULL, created_at DATETIME NOT NULL, updated_at DATETIME NOT NULL, PRIMARY KEY (id)
);
CREATE TABLE task_progress (
    id INTEGER NOT NULL, task_id INTEGER NOT NULL, progress_percentage INTEGER NOT NULL,
    notes VARCHAR(1000) NOT NULL DEFAULT '', updated_by VARCHAR(100) NOT NULL DEFAULT 'system',
    created_at DATETIME NOT NULL, updated_at DATETIME NOT NULL, PRIMARY KEY (id)
);
CREATE TABLE task_comments (
    id INTEGER NOT NULL, task_id INTEGER NOT NULL, comment VARCHAR(2000) NOT NULL,
    comment_type VARCHAR(50) NOT NULL DEFAULT 'note', created_by VARCHAR(100) NOT NULL DEFAULT 'system',
    created_at DATETIME NOT NULL, updated_at DATETIME NOT NULL, PRIMARY KEY (id)
);
CREATE TABLE task_execution_logs (
    id INTEGER NOT NULL, task_id INTEGER NOT NULL, execution_id VARCHAR(36) NOT NULL, agent_type VARCHAR(13) NOT NULL,
    status VARCHAR(19) NOT NULL, start_time DATETIME NOT NULL, end_time DATETIME, outputs JSON,
    error_details VARCHAR(2000), confidence_score FLOAT NOT NULL DEFAULT 0.8, created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL, PRIMARY KEY (id)
);

INSERT INTO tasks VALUES
 (1, 'u-1', 'Environment', '', 'ENVIRONMENT', 1, 'HIGH', 'LOW', 'COMPLETED', '', '', 0.5, NULL,
  '2025-08-04T10:00:00.123456', '2025-08-04T11:00:00'),
 (2, 'u-2', 'Schema', 'Tables', 'DATABASE', 7, 'CRITICAL', 'VERY_HIGH', 'REQUIRES_ASSISTANCE', 'plan.md', 'ok', 3.0,
  1, '2025-08-04T10:00:00', '2025-08-04T10:30:00'),
 (3, 'u-3', 'Tests', '', 'TESTING', 10, 'MEDIUM', 'HIGH', 'PARTIAL', '', '', 2.0, 3, '2025-08-04T10:00:00',
  '2025-08-04T10:00:00'),
 (4, 'u-4', 'Loop', '', 'UI', 2, 'LOW', 'MEDIUM', 'NOT_STARTED', '', '', 1.0, NULL, '2025-08-04T10:00:00-07:00',
  '2025-08-04T10:00:00');
INSERT INTO task_dependencies VALUES
 (1, 2, 1, 'BLOCKS', '2025-08-04T10:00:00', '2025-08-04T10:00:00'),
 (2, 3, 2, 'ENABLES', '2025-08-04T10:00:00', '2025-08-04T10:00:00'),
 (3, 4, 3, 'BLOCKS', '2025-08-04T10:00:01', '2025-08-04T10:00:01'),
 (4, 3, 4, 'REQUIRES', '2025-08-04T10:00:02', '2025-08-04T10:00:02'),
 (5, 4, 42, 'BLOCKS', '2025-08-04T10:00:00', '2025-08-04T10:00:00');
INSERT INTO task_progress VALUES
 (1, 1, 100, 'done', 'api', '2025-08-04T11:00:00', '2025-08-04T11:00:00'),
 (2, 42, 0, '', 'system', '2025-08-04T10:30:00', '2025-08-04T10:30:00');
INSERT INTO task_comments VALUES
 (1, 1, 'Looks good', 'note', 'system', '2025-08-04T11:00:00', '2025-08-04T11:00:00'),
 (2, 2, 'Why this index?', 'question', 'Claude-Agent-1', '2025-08-04T11:00:00', '2025-08-04T11:00:00');
INSERT INTO task_execution_logs VALUES
 (1, 1, 'e-1', 'CODING', 'COMPLETED', '2025-08-04T10:00:00', '2025-08-04T10:20:00', '{"files": 3}', NULL, 0.9,
  '2025-08-04T10:20:00', '2025-08-04T10:20:00');
