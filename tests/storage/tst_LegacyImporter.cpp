// SPDX-License-Identifier: GPL-3.0-or-later
#include "LegacyImporter.h"

#include "DemoProject.h"
#include "LegacySource.h"
#include "LegacyValues.h"
#include "SchemaCheck.h"
#include "TestSupport.h"
#include "Timestamp.h"
#include "Workspace.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <functional>
#include <map>

using namespace taskorch;
using namespace taskorch::storage;
namespace lv = taskorch::core::legacy;

// Enumerations compare by their stored spelling (found by argument-dependent lookup), which is also what a
// failure prints.
#define QCOMPARE_ENUM(actual, expected) QCOMPARE(toString(actual), toString(expected))

using Reasons = std::map<QString, std::map<QString, qint64>>; // source table → reason → rows

namespace {

// ---------------------------------------------------------------------------------------------------------------
// Legacy fixtures, written with plain SQL from LEGACY_FORMATS.md. Every hazard H1–H20 appears in at least one.

QByteArray repeated(char c, int n)
{
    return QByteArray(n, c);
}

// Generation A: raw sqlite3 (§4). Title-case and lower-case enums, both complexity vocabularies, NULLs, orphans in
// every child table, no UNIQUE on dependencies (duplicates), a self-dependency, a 3-cycle, a parent cycle, every
// timestamp shape, an extra column (assigned_files), the execution tables of parallel_executor.py and an unknown
// table. Task 12 and its progress row live only in the -wal.
const QByteArray kGenerationA = R"SQL(
CREATE TABLE tasks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    title TEXT NOT NULL,
    description TEXT,
    component_area TEXT,
    phase INTEGER DEFAULT 1,
    priority TEXT DEFAULT 'Medium',
    complexity TEXT DEFAULT 'Medium',
    status TEXT DEFAULT 'not_started',
    source_document TEXT,
    success_criteria TEXT,
    time_estimate_hours REAL DEFAULT 1.0,
    parent_task_id INTEGER REFERENCES tasks(id),
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    assigned_files TEXT
);
CREATE INDEX idx_tasks_status ON tasks(status);
CREATE TABLE task_dependencies (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    task_id INTEGER NOT NULL REFERENCES tasks(id),
    depends_on_task_id INTEGER NOT NULL REFERENCES tasks(id),
    dependency_type TEXT DEFAULT 'blocks',
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);
CREATE TABLE task_progress (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    task_id INTEGER NOT NULL REFERENCES tasks(id),
    progress_percentage INTEGER,
    notes TEXT,
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);
CREATE TABLE task_comments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    task_id INTEGER NOT NULL REFERENCES tasks(id),
    comment TEXT NOT NULL,
    comment_type TEXT DEFAULT 'note',
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);
CREATE TABLE IF NOT EXISTS execution_groups (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    group_name TEXT NOT NULL,
    day_range TEXT,
    prerequisite_groups TEXT,
    status TEXT DEFAULT 'pending',
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);
CREATE TABLE IF NOT EXISTS group_tasks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    group_id INTEGER,
    task_id INTEGER,
    parallel_batch INTEGER,
    estimated_agent_hours REAL
);
CREATE TABLE IF NOT EXISTS parallel_execution_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    group_id INTEGER,
    task_id INTEGER,
    level TEXT,
    message TEXT,
    metadata TEXT,
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);
CREATE TABLE agent_notes (id INTEGER PRIMARY KEY, note TEXT);

INSERT INTO tasks (id, title, description, component_area, phase, priority, complexity, status, source_document,
                   success_criteria, time_estimate_hours, parent_task_id, created_at, updated_at, assigned_files) VALUES
 (1, 'Install Modern Streamlit Dependencies', 'Pin versions', 'Environment', 1, 'Critical', 'Low', 'done',
  '06-development-roadmap.md', 'uv sync works', 0.15, NULL, '2025-07-01 09:00:00', '2025-07-02 10:00:00',
  'requirements.txt'),
 (2, 'Create UI Architecture Directory Structure', NULL, 'Architecture', 1, 'High', 'Medium', 'In Progress',
  '06-development-roadmap.md', NULL, 0.5, 1, '2025-07-01 09:00:00.123456', '2025-07-01T10:00:00', NULL),
 (3, 'Set Up Modern CSS Theme System', 'Theme', 'ui', 2, 'critical', 'Complex', 'blocked', '', NULL, 2.0, 99,
  '2025-07-01T09:30:00.5', '2025-07-01 09:00:00', NULL),
 (4, ')SQL" + repeated('T', 600) +
                                R"SQL(', NULL, NULL, 0, 'URGENT', 'very_high', 'requires_assistance', NULL, NULL,
  0, NULL, '2025-07-01T09:00:00+02:00', NULL, NULL),
 (5, 'Configure API Key Management', NULL, 'Configuration', 7, 'low', 'Simple', 'partial', 'doc.md', NULL, NULL,
  NULL, 1751360400, 'garbage', NULL),
 (6, 'Configure API Key Management', NULL, 'Configuration', NULL, 'Medium', 'High', 'failed', 'doc.md', NULL, 500,
  NULL, NULL, NULL, NULL),
 (7, 'Create Development Environment Setup', NULL, 'Environment', 2.5, 'MEDIUM', 'bogus', 'weird_status', 'doc.md',
  NULL, -1, NULL, '2025-07-01 09:00', '2025-07-03', NULL),
 (9, 'Parent cycle, newer', NULL, 'Testing', 3, 'Low', 'Expert', 'DONE', 'doc.md', NULL, 1.25, 8,
  '2025-07-06 00:00:00', '2025-07-06 00:00:00', NULL),
 (8, 'Parent cycle, older', NULL, 'Testing', 3, 'Low', 'VERY_HIGH', 'Complete', 'doc.md', NULL, 1.75, 9,
  '2025-07-05 00:00:00', '2025-07-05 00:00:00', NULL),
 (10, 'Own parent', NULL, 'Testing', 4, 'High', 'Medium', 'cancelled', 'doc.md', NULL, 0.05, 10,
  '2025-07-01 00:00:00Z', '2025-07-01 00:00:00Z', NULL),
 (11, 'Long description', ')SQL" +
                                repeated('d', 2100) + R"SQL(', 'State Management', 4, 'High', 'Medium',
  'Not Started', NULL, NULL, 3, NULL, '2025-07-01 08:00:00.000001', '2025-07-01 08:00:00', NULL),
 (20, 'Cycle A', NULL, 'Services', 2, 'Medium', 'Medium', 'not_started', 'doc.md', NULL, 1, NULL,
  '2025-07-10 00:00:00', '2025-07-10 00:00:00', NULL),
 (21, 'Cycle B', NULL, 'Services', 2, 'Medium', 'Medium', 'todo', 'doc.md', NULL, 1, NULL,
  '2025-07-10 00:00:00', '2025-07-10 00:00:00', NULL),
 (22, 'Cycle C', NULL, 'Services', 2, 'Medium', 'Medium', 'running', 'doc.md', NULL, 1, NULL,
  '2025-07-10 00:00:00', '2025-07-10 00:00:00', NULL),
 (23, 'Soft loop A', NULL, 'Services', 2, 'Medium', 'Medium', 'backlog', 'doc.md', NULL, 1, NULL,
  '2025-07-10 00:00:00', '2025-07-10 00:00:00', NULL),
 (24, 'Soft loop B', NULL, 'Services', 2, 'Medium', 'Medium', 'not_started', 'doc.md', NULL, 1, NULL,
  '2025-07-10 00:00:00', '2025-07-10 00:00:00', NULL);

INSERT INTO task_dependencies (id, task_id, depends_on_task_id, dependency_type, created_at) VALUES
 (1, 2, 1, 'blocks', '2025-07-01 10:00:00'),
 (2, 2, 1, 'blocks', '2025-07-01 11:00:00'),
 (3, 3, 3, 'blocks', '2025-07-01 10:00:00'),
 (4, 3, 99, 'blocks', '2025-07-01 10:00:00'),
 (5, 98, 1, 'blocks', '2025-07-01 10:00:00'),
 (6, 20, 21, 'blocks', '2025-07-10 10:00:00'),
 (7, 21, 22, 'Requires', '2025-07-10 12:00:00'),
 (8, 22, 20, 'BLOCKS', '2025-07-10 11:00:00'),
 (9, 23, 24, 'enhances', '2025-07-10 10:00:00'),
 (10, 24, 23, 'enables', '2025-07-10 11:00:00'),
 (11, 5, 4, 'depends', '2025-07-01 10:00:00'),
 (12, 7, 6, 'blocks', 'not a time'),
 (13, 7, 1, 'blocks', '2025-07-02 00:00:00'),
 (14, 7, 1, 'blocks', '2025-07-01 00:00:00');

INSERT INTO task_progress (id, task_id, progress_percentage, notes, created_at) VALUES
 (1, 1, 100, 'Done', '2025-07-02 10:00:00'),
 (2, 2, 25, NULL, '2025-07-01 10:00:00'),
 (3, 2, 50, 'same second', '2025-07-01 10:00:00'),
 (4, 3, NULL, 'Status changed to blocked', '2025-07-01 10:00:00'),
 (5, 99, 0, 'orphan', '2025-07-01 10:00:00'),
 (6, 4, 150, 'too much', '2025-07-01 10:00:00'),
 (7, 5, 37.5, 'fraction', '2025-07-01 10:00:00'),
 (8, 5, 'abc', 'not a number', '2025-07-01 10:00:00');

INSERT INTO task_comments (id, task_id, comment, comment_type, created_at) VALUES
 (1, 1, 'Started implementing', 'note', '2025-07-01 10:00:00'),
 (2, 2, 'Decided on pages/', 'Decision', '2025-07-01 10:00:00'),
 (3, 3, '', 'note', '2025-07-01 10:00:00'),
 (4, 97, 'orphan', 'note', '2025-07-01 10:00:00'),
 (5, 4, ')SQL" + repeated('c', 2500) +
                                R"SQL(', 'question', '2025-07-01 10:00:00'),
 (6, 1, '   ', 'note', '2025-07-01 10:00:00');

INSERT INTO execution_groups (id, group_name, day_range, prerequisite_groups, status, created_at) VALUES
 (1, '1A', 'Day 1-2', NULL, 'completed', '2025-07-01 00:00:00'),
 (2, '1B', 'Day 1-2', '1A', 'RUNNING', '2025-07-01 00:00:00'),
 (3, '2A', 'Day 3-4', '["1A", "1B"]', 'in progress', '2025-07-01 00:00:00'),
 (4, '', NULL, '1A, 1B ; 2A', 'pending', '2025-07-01 00:00:00');

INSERT INTO group_tasks (id, group_id, task_id, parallel_batch, estimated_agent_hours) VALUES
 (1, 1, 1, 1, 0.15),
 (2, 1, 2, 2, 0.5),
 (3, 1, 2, 3, 0.5),
 (4, 2, 99, 1, 1.0),
 (5, 99, 1, 1, 1.0),
 (6, 2, 3, -1, NULL);

INSERT INTO parallel_execution_log (id, group_id, task_id, level, message, metadata, created_at) VALUES
 (1, 1, 1, 'INFO', 'Task started', '{"agent": "Claude-Agent-1"}', '2025-07-01 10:00:00'),
 (2, 1, NULL, 'warn', 'Group slow', 'not json', '2025-07-01 10:00:00'),
 (3, 99, NULL, 'info', 'Orphan group', NULL, '2025-07-01 10:00:00'),
 (4, 1, 99, 'info', 'Orphan task', NULL, '2025-07-01 10:00:00'),
 (5, 2, NULL, 'ERROR', '', NULL, '2025-07-01 10:00:00'),
 (6, 2, 2, 'chatty', 'Unknown level', '[1, 2]', '2025-07-01 10:00:00');

INSERT INTO agent_notes (id, note) VALUES (1, 'Claude-Agent-1 prefers small batches'), (2, NULL);
)SQL";

const QByteArray kGenerationAWalOnly = R"SQL(
INSERT INTO tasks (id, title, component_area, phase, priority, complexity, status, source_document,
                   time_estimate_hours, created_at, updated_at)
VALUES (12, 'Row only in the WAL', 'Database', 1, 'High', 'Medium', 'completed', 'doc.md', 3,
        '2025-07-20 12:00:00', '2025-07-20 12:00:00');
INSERT INTO task_progress (id, task_id, progress_percentage, notes, created_at)
VALUES (9, 12, 100, 'Completed in the WAL', '2025-07-20 12:00:00');
)SQL";

const Reasons kGenerationAReasons = {
    {"tasks", {}},
    {"task_dependencies", {{"duplicate", 2}, {"self_dependency", 1}, {"orphan_reference", 2}, {"cycle", 1}}},
    {"task_progress", {{"invalid_value", 2}, {"orphan_reference", 1}}},
    {"task_comments", {{"invalid_value", 2}, {"orphan_reference", 1}}},
    {"execution_groups", {}},
    {"group_tasks", {{"duplicate", 1}, {"orphan_reference", 2}}},
    {"parallel_execution_log", {{"orphan_reference", 2}, {"invalid_value", 1}}},
    {"agent_notes", {{"unmapped_table", 2}}},
};

// Generation B: the exact DDL of the first SQLModel migration (§3): id in column 12, UPPERCASE member names mixed
// with lower-case raw-SQL values, JSON columns with other names, a hard 3-cycle, orphans (FKs not enforced), an
// empty comment, and an Alembic table without an id column.
const QByteArray kGenerationB = R"SQL(
CREATE TABLE tasks (
	title VARCHAR(500) NOT NULL, description VARCHAR(2000), component_area VARCHAR(100) NOT NULL,
	phase INTEGER NOT NULL, priority VARCHAR(8) NOT NULL, complexity VARCHAR(7) NOT NULL, status VARCHAR(11) NOT NULL,
	source_document VARCHAR(200) NOT NULL, success_criteria VARCHAR(1000), time_estimate_hours FLOAT NOT NULL,
	parent_task_id INTEGER, id INTEGER NOT NULL, created_at DATETIME NOT NULL, updated_at DATETIME NOT NULL,
	PRIMARY KEY (id),
	CONSTRAINT ck_positive_time CHECK (time_estimate_hours > 0),
	CONSTRAINT ck_valid_phase CHECK (phase BETWEEN 1 AND 4),
	FOREIGN KEY(parent_task_id) REFERENCES tasks (id)
);
CREATE INDEX ix_tasks_phase ON tasks (phase);
CREATE TABLE execution_groups (
	name VARCHAR(200) NOT NULL, total_hours FLOAT NOT NULL, estimated_duration FLOAT NOT NULL,
	max_parallel_tasks INTEGER NOT NULL, status VARCHAR(9) NOT NULL, execution_metadata JSON, id INTEGER NOT NULL,
	created_at DATETIME NOT NULL, updated_at DATETIME NOT NULL, PRIMARY KEY (id)
);
CREATE TABLE task_dependencies (
	task_id INTEGER NOT NULL, depends_on_task_id INTEGER NOT NULL, dependency_type VARCHAR(8) NOT NULL,
	id INTEGER NOT NULL, created_at DATETIME NOT NULL, PRIMARY KEY (id),
	CONSTRAINT uq_task_dependency UNIQUE (task_id, depends_on_task_id),
	CONSTRAINT ck_no_self_dependency CHECK (task_id != depends_on_task_id),
	FOREIGN KEY(task_id) REFERENCES tasks (id), FOREIGN KEY(depends_on_task_id) REFERENCES tasks (id)
);
CREATE TABLE task_progress (
	task_id INTEGER NOT NULL, progress_percentage INTEGER NOT NULL, notes VARCHAR(1000), updated_by VARCHAR(100) NOT NULL,
	id INTEGER NOT NULL, created_at DATETIME NOT NULL, PRIMARY KEY (id),
	CONSTRAINT ck_valid_progress CHECK (progress_percentage BETWEEN 0 AND 100), FOREIGN KEY(task_id) REFERENCES tasks (id)
);
CREATE TABLE task_comments (
	task_id INTEGER NOT NULL, comment VARCHAR(2000) NOT NULL, comment_type VARCHAR(8) NOT NULL, id INTEGER NOT NULL,
	created_at DATETIME NOT NULL, PRIMARY KEY (id), FOREIGN KEY(task_id) REFERENCES tasks (id)
);
CREATE TABLE group_tasks (
	group_id INTEGER NOT NULL, task_id INTEGER NOT NULL, execution_order INTEGER NOT NULL, task_hours FLOAT NOT NULL,
	status VARCHAR(9) NOT NULL, id INTEGER NOT NULL, created_at DATETIME NOT NULL, updated_at DATETIME NOT NULL,
	PRIMARY KEY (id), CONSTRAINT uq_group_task UNIQUE (group_id, task_id),
	FOREIGN KEY(group_id) REFERENCES execution_groups (id), FOREIGN KEY(task_id) REFERENCES tasks (id)
);
CREATE TABLE parallel_execution_log (
	group_id INTEGER NOT NULL, task_id INTEGER, level VARCHAR(7) NOT NULL, message VARCHAR(2000) NOT NULL,
	log_metadata JSON, id INTEGER NOT NULL, created_at DATETIME NOT NULL, PRIMARY KEY (id),
	FOREIGN KEY(group_id) REFERENCES execution_groups (id), FOREIGN KEY(task_id) REFERENCES tasks (id)
);
CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num));

INSERT INTO tasks (title, description, component_area, phase, priority, complexity, status, source_document,
                   success_criteria, time_estimate_hours, parent_task_id, id, created_at, updated_at) VALUES
 ('Implement SQLModel Migration', 'Migrate from raw SQL to SQLModel ORM', 'Database', 1, 'HIGH', 'COMPLEX',
  'NOT_STARTED', '10-sqlmodel-schema.md', 'All raw SQL replaced', 8.0, NULL, 1, '2025-08-03 22:30:31.958130',
  '2025-08-03 22:30:31.958138'),
 ('Create SQLModel Schemas', 'Define models', 'Database', 1, 'HIGH', 'MEDIUM', 'IN_PROGRESS', '10-sqlmodel-schema.md',
  'All models defined', 4.0, 1, 2, '2025-08-03 22:30:31.968631', '2025-08-03 22:30:31.973678'),
 ('Test SQLModel Operations', NULL, 'Testing', 2, 'MEDIUM', 'SIMPLE', 'completed', '10-sqlmodel-schema.md', NULL,
  2.0, NULL, 3, '2025-08-03T22:30:31.969620', '2025-08-04 08:00:00'),
 (')SQL" + repeated('B', 510) + R"SQL(', NULL, 'Testing', 3, 'CRITICAL', 'EXPERT', 'done', '', NULL, 0.25, 99, 5,
  '2025-08-03T22:31:00', '2025-08-03T22:31:00'),
 ('Cycle A', NULL, 'Services', 4, 'LOW', 'SIMPLE', 'BLOCKED', 'doc.md', NULL, 1.5, NULL, 8,
  '2025-08-04 09:00:00.000000', '2025-08-04 09:00:00.000000'),
 ('Cycle B', NULL, 'Services', 4, 'low', 'Medium', 'failed', 'doc.md', NULL, 1.5, NULL, 13,
  '2025-08-04 09:00:00.000000', '2025-08-04 09:00:00.000000'),
 ('Cycle C', NULL, 'UI', 4, 'Medium', 'COMPLEX', 'IN_PROGRESS', 'doc.md', NULL, 1.5, NULL, 21,
  '2025-08-04 09:00:00.000000', '2025-08-04 09:00:00.000000'),
 ('Spaced status', NULL, 'UI', 2, 'HIGH', 'MEDIUM', 'in progress', 'doc.md', NULL, 3.5, 2, 34,
  '2025-08-05 10:00:00', '2025-08-05 10:00:00');

INSERT INTO task_dependencies (task_id, depends_on_task_id, dependency_type, id, created_at) VALUES
 (3, 1, 'BLOCKS', 1, '2025-08-03 22:30:31.972336'),
 (2, 1, 'REQUIRES', 2, '2025-08-03 22:30:31.972336'),
 (8, 13, 'BLOCKS', 3, '2025-08-04 10:00:00'),
 (13, 21, 'BLOCKS', 4, '2025-08-04 11:00:00'),
 (21, 8, 'REQUIRES', 5, '2025-08-04 12:00:00'),
 (3, 77, 'BLOCKS', 6, '2025-08-04 12:00:00'),
 (34, 3, 'ENHANCES', 7, '2025-08-05 10:00:00'),
 (34, 1, 'blocks', 8, '2025-08-05 10:00:00');

INSERT INTO task_progress (task_id, progress_percentage, notes, updated_by, id, created_at) VALUES
 (1, 0, 'Task created', 'system', 1, '2025-08-03 22:30:31.960309'),
 (2, 0, 'Task created', 'system', 2, '2025-08-03 22:30:31.969009'),
 (2, 50, 'Schema creation in progress', 'api', 3, '2025-08-03 22:30:31.973708'),
 (77, 0, 'orphan', 'system', 4, '2025-08-03 22:30:31.973708'),
 (3, 100, 'Status changed to completed', 'system', 5, '2025-08-04 08:00:00');

INSERT INTO task_comments (task_id, comment, comment_type, id, created_at) VALUES
 (2, 'Started implementing SQLModel schemas', 'NOTE', 1, '2025-08-03 22:30:31.973761'),
 (5, 'Blocked on review', 'BLOCKER', 2, '2025-08-04 10:00:00'),
 (77, 'orphan', 'NOTE', 3, '2025-08-04 10:00:00'),
 (3, '', 'NOTE', 4, '2025-08-04 10:00:00'),
 (13, 'Fixed', 'SOLUTION', 5, '2025-08-04 10:00:00');

INSERT INTO execution_groups (name, total_hours, estimated_duration, max_parallel_tasks, status, execution_metadata,
                              id, created_at, updated_at) VALUES
 ('Batch 1', 2.5, 150.0, 5, 'RUNNING', '{"sprint": 1}', 1, '2025-08-04 10:00:00', '2025-08-04 10:00:00'),
 ('Batch 2', 1.0, 60.5, 80, 'PENDING', '{not json', 2, '2025-08-04 10:00:00', '2025-08-04 09:00:00');

INSERT INTO group_tasks (group_id, task_id, execution_order, task_hours, status, id, created_at, updated_at) VALUES
 (1, 1, 0, 1.0, 'COMPLETED', 1, '2025-08-04 10:00:00', '2025-08-04 10:00:00'),
 (1, 2, 1, 0.5, 'RUNNING', 2, '2025-08-04 10:00:00', '2025-08-04 10:00:00'),
 (2, 77, 0, 1.0, 'PENDING', 3, '2025-08-04 10:00:00', '2025-08-04 10:00:00'),
 (5, 1, 0, 1.0, 'PENDING', 4, '2025-08-04 10:00:00', '2025-08-04 10:00:00');

INSERT INTO parallel_execution_log (group_id, task_id, level, message, log_metadata, id, created_at) VALUES
 (1, 1, 'INFO', 'Task 1 started', '{"agent": "a"}', 1, '2025-08-04 10:00:00'),
 (1, NULL, 'WARNING', 'Group slow', NULL, 2, '2025-08-04 10:00:00'),
 (9, NULL, 'ERROR', 'Orphan group', NULL, 3, '2025-08-04 10:00:00');

INSERT INTO alembic_version VALUES ('a1b2c3d4');
)SQL";

const Reasons kGenerationBReasons = {
    {"tasks", {}},
    {"execution_groups", {}},
    {"task_dependencies", {{"cycle", 1}, {"orphan_reference", 1}}},
    {"task_progress", {{"orphan_reference", 1}}},
    {"task_comments", {{"orphan_reference", 1}, {"invalid_value", 1}}},
    {"group_tasks", {{"orphan_reference", 2}}},
    {"parallel_execution_log", {{"orphan_reference", 1}}},
    {"alembic_version", {{"unmapped_table", 1}}},
};

// Generation C: the "unified" schema (§5): uuid, updated_at everywhere, created_by on comments, phase up to 10,
// the unified enum names (VERY_HIGH, REQUIRES_ASSISTANCE, PARTIAL, ENABLES), local isoformat() times, and
// task_execution_logs, which has no place in the new schema.
const QByteArray kGenerationC = R"SQL(
CREATE TABLE tasks (
	id INTEGER NOT NULL, uuid VARCHAR(36) NOT NULL, title VARCHAR(200) NOT NULL,
	description VARCHAR(2000) NOT NULL DEFAULT '', component_area VARCHAR(13) NOT NULL, phase INTEGER NOT NULL,
	priority VARCHAR(8) NOT NULL, complexity VARCHAR(9) NOT NULL, status VARCHAR(19) NOT NULL,
	source_document VARCHAR(500) NOT NULL DEFAULT '', success_criteria VARCHAR(1000) NOT NULL DEFAULT '',
	time_estimate_hours FLOAT NOT NULL, parent_task_id INTEGER, created_at DATETIME NOT NULL,
	updated_at DATETIME NOT NULL, PRIMARY KEY (id), UNIQUE (uuid), CHECK (phase BETWEEN 1 AND 10),
	CHECK (time_estimate_hours > 0), FOREIGN KEY(parent_task_id) REFERENCES tasks (id)
);
CREATE INDEX ix_tasks_uuid ON tasks (uuid);
CREATE TABLE task_dependencies (
	id INTEGER NOT NULL, task_id INTEGER NOT NULL, depends_on_task_id INTEGER NOT NULL,
	dependency_type VARCHAR(8) NOT NULL, created_at DATETIME NOT NULL, updated_at DATETIME NOT NULL,
	PRIMARY KEY (id), UNIQUE (task_id, depends_on_task_id), CHECK (task_id != depends_on_task_id)
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
	updated_at DATETIME NOT NULL, PRIMARY KEY (id), UNIQUE (execution_id), FOREIGN KEY(task_id) REFERENCES tasks (id)
);

INSERT INTO tasks VALUES
 (1, 'u-1', 'Set up environment', '', 'ENVIRONMENT', 1, 'HIGH', 'LOW', 'COMPLETED', '', '', 0.5, NULL,
  '2025-08-04T10:00:00.123456', '2025-08-04T11:00:00'),
 (2, 'u-2', 'Design schema', 'Tables and indexes', 'DATABASE', 7, 'CRITICAL', 'VERY_HIGH', 'REQUIRES_ASSISTANCE',
  'plan.md', 'Reviewed', 3.0, 1, '2025-08-04T10:00:00', '2025-08-04T10:30:00'),
 (3, 'u-3', 'Write tests', '', 'TESTING', 10, 'MEDIUM', 'HIGH', 'PARTIAL', '', '', 2.0, NULL,
  '2025-08-04T10:00:00', '2025-08-04T10:00:00'),
 (4, 'u-4', 'Failed attempt', '', 'SERVICES', 2, 'LOW', 'MEDIUM', 'FAILED', '', '', 1.0, 3,
  '2025-08-04T10:00:00', '2025-08-04T10:00:00'),
 (5, 'u-5', 'Cycle 1', '', 'UI', 2, 'MEDIUM', 'MEDIUM', 'NOT_STARTED', '', '', 1.0, NULL,
  '2025-08-04T10:00:00', '2025-08-04T10:00:00'),
 (6, 'u-6', 'Cycle 2', '', 'UI', 2, 'MEDIUM', 'MEDIUM', 'NOT_STARTED', '', '', 1.0, NULL,
  '2025-08-04T10:00:00', '2025-08-04T10:00:00'),
 (7, 'u-7', 'Cycle 3', '', 'UI', 2, 'MEDIUM', 'MEDIUM', 'NOT_STARTED', '', '', 1.0, NULL,
  '2025-08-04T10:00:00', '2025-08-04T10:00:00');

INSERT INTO task_dependencies VALUES
 (1, 2, 1, 'BLOCKS', '2025-08-04T10:00:00', '2025-08-04T10:00:00'),
 (2, 3, 2, 'ENABLES', '2025-08-04T10:00:00', '2025-08-04T10:00:00'),
 (3, 5, 6, 'BLOCKS', '2025-08-04T10:00:01', '2025-08-04T10:00:01'),
 (4, 6, 7, 'REQUIRES', '2025-08-04T10:00:02', '2025-08-04T10:00:02'),
 (5, 7, 5, 'BLOCKS', '2025-08-04T10:00:03', '2025-08-04T10:00:03'),
 (6, 4, 42, 'BLOCKS', '2025-08-04T10:00:00', '2025-08-04T10:00:00');

INSERT INTO task_progress VALUES
 (1, 1, 100, 'done', 'api', '2025-08-04T11:00:00', '2025-08-04T11:00:00'),
 (2, 2, 25, '', 'Claude-Agent-1', '2025-08-04T10:30:00', '2025-08-04T10:30:00'),
 (3, 42, 0, '', 'system', '2025-08-04T10:30:00', '2025-08-04T10:30:00');

INSERT INTO task_comments VALUES
 (1, 1, 'Looks good', 'note', 'system', '2025-08-04T11:00:00', '2025-08-04T11:00:00'),
 (2, 2, 'Why this index?', 'question', 'Claude-Agent-1', '2025-08-04T11:00:00', '2025-08-04T11:00:00'),
 (3, 42, 'Orphan', 'note', 'system', '2025-08-04T11:00:00', '2025-08-04T11:00:00');

INSERT INTO task_execution_logs VALUES
 (1, 1, 'e-1', 'CODING', 'COMPLETED', '2025-08-04T10:00:00', '2025-08-04T10:20:00', '{"files": 3}', NULL, 0.9,
  '2025-08-04T10:20:00', '2025-08-04T10:20:00'),
 (2, 2, 'e-2', 'RESEARCH', 'REQUIRES_ASSISTANCE', '2025-08-04T10:00:00', NULL, NULL, 'needs a decision', 0.4,
  '2025-08-04T10:20:00', '2025-08-04T10:20:00');
)SQL";

const Reasons kGenerationCReasons = {
    {"tasks", {}},
    {"task_dependencies", {{"cycle", 1}, {"orphan_reference", 1}}},
    {"task_progress", {{"orphan_reference", 1}}},
    {"task_comments", {{"orphan_reference", 1}}},
    {"task_execution_logs", {{"unmapped_table", 2}}},
};

// ---------------------------------------------------------------------------------------------------------------
// Helpers

bool execNative(sqlite3 *db, const QByteArray &sql)
{
    char *error = nullptr;
    if (sqlite3_exec(db, sql.constData(), nullptr, nullptr, &error) != SQLITE_OK) {
        qWarning() << "SQL failed:" << error;
        sqlite3_free(error);
        return false;
    }
    return true;
}

/// Writes a legacy file at `path`. With `walOnly`, the file is in WAL mode, everything but `walOnly` is
/// checkpointed into the .db, and the files are copied while the writer is still open, so `walOnly` lives only in
/// the copied -wal — as when a user's tracker is still running.
bool writeFixture(const QString &path, const QByteArray &sql, const QByteArray &walOnly = {})
{
    const QString writer = walOnly.isEmpty() ? path : path + QStringLiteral(".writer");
    sqlite3 *db = nullptr;
    if (sqlite3_open(QFile::encodeName(writer).constData(), &db) != SQLITE_OK) {
        return false;
    }
    bool ok = true;
    if (!walOnly.isEmpty()) {
        ok = execNative(db, "PRAGMA journal_mode = WAL; PRAGMA wal_autocheckpoint = 0;");
    }
    ok = ok && execNative(db, sql);
    if (ok && !walOnly.isEmpty()) {
        ok = execNative(db, "PRAGMA wal_checkpoint(TRUNCATE);") && execNative(db, walOnly);
        for (const char *suffix : {"", "-wal", "-shm"}) {
            ok = ok && QFile::copy(writer + QLatin1String(suffix), path + QLatin1String(suffix));
        }
    }
    sqlite3_close(db);
    if (!walOnly.isEmpty()) {
        for (const char *suffix : {"", "-wal", "-shm"}) {
            QFile::remove(writer + QLatin1String(suffix));
        }
    }
    return ok;
}

QString sha256Of(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return QStringLiteral("(missing)");
    }
    return QString::fromLatin1(QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256).toHex());
}

/// The hashes of a legacy file's .db and -wal (what must never change).
QStringList sourceHashes(const QString &path)
{
    return {sha256Of(path), sha256Of(path + QStringLiteral("-wal"))};
}

/// Opens a private copy of a legacy file (with its -wal), so tests can read it without touching it.
struct SourceCopy
{
    QTemporaryDir dir;
    sqlite3 *db = nullptr;

    explicit SourceCopy(const QString &path)
    {
        const QString copy = dir.filePath(QStringLiteral("copy.db"));
        for (const char *suffix : {"", "-wal", "-shm"}) {
            if (QFile::exists(path + QLatin1String(suffix))) {
                QFile::copy(path + QLatin1String(suffix), copy + QLatin1String(suffix));
                QFile::setPermissions(copy + QLatin1String(suffix), QFile::ReadOwner | QFile::WriteOwner);
            }
        }
        sqlite3_open(QFile::encodeName(copy).constData(), &db);
    }
    ~SourceCopy() { sqlite3_close(db); }

    QVariant scalar(const QByteArray &sql) const
    {
        sqlite3_stmt *stmt = nullptr;
        QVariant value;
        if (sqlite3_prepare_v2(db, sql.constData(), -1, &stmt, nullptr) == SQLITE_OK &&
            sqlite3_step(stmt) == SQLITE_ROW) {
            switch (sqlite3_column_type(stmt, 0)) {
            case SQLITE_INTEGER:
                value = qint64(sqlite3_column_int64(stmt, 0));
                break;
            case SQLITE_FLOAT:
                value = sqlite3_column_double(stmt, 0);
                break;
            case SQLITE_NULL:
                break;
            default:
                value = QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(stmt, 0)));
            }
        }
        sqlite3_finalize(stmt);
        return value;
    }
    QList<QStringList> rows(const QByteArray &sql) const
    {
        sqlite3_stmt *stmt = nullptr;
        QList<QStringList> out;
        if (sqlite3_prepare_v2(db, sql.constData(), -1, &stmt, nullptr) == SQLITE_OK) {
            while (sqlite3_step(stmt) == SQLITE_ROW) {
                QStringList row;
                for (int i = 0; i < sqlite3_column_count(stmt); ++i) {
                    row << QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(stmt, i)));
                }
                out << row;
            }
        }
        sqlite3_finalize(stmt);
        return out;
    }
    /// Every table that holds rows, with its row count.
    std::map<QString, qint64> tableCounts() const
    {
        std::map<QString, qint64> counts;
        for (const QStringList &row :
             rows("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'")) {
            counts[row[0]] = scalar("SELECT count(*) FROM \"" + row[0].toUtf8() + "\"").toLongLong();
        }
        return counts;
    }
};

QVariant scalar(Database &db, const QString &sql, const QVariantList &binds = {})
{
    QSqlQuery q(db.connection());
    q.prepare(sql);
    for (int i = 0; i < binds.size(); ++i) {
        q.bindValue(i, binds[i]);
    }
    if (!q.exec() || !q.next()) {
        return {};
    }
    return q.value(0);
}

/// A fingerprint of every row of every table (and the schema), to prove that nothing changed.
QByteArray databaseChecksum(Database &db)
{
    QSqlQuery schema(db.connection());
    schema.exec(QStringLiteral("SELECT type, name, sql FROM sqlite_master ORDER BY type, name"));
    QStringList lines;
    QStringList tables;
    while (schema.next()) {
        lines << schema.value(0).toString() + schema.value(1).toString() + schema.value(2).toString();
        if (schema.value(0).toString() == QLatin1String("table")) {
            tables << schema.value(1).toString();
        }
    }
    for (const QString &table : tables) {
        QSqlQuery rows(db.connection());
        rows.exec(QStringLiteral("SELECT * FROM \"%1\"").arg(table));
        QStringList tableLines;
        while (rows.next()) {
            QStringList values;
            for (int i = 0; i < rows.record().count(); ++i) {
                values << (rows.value(i).isNull() ? QStringLiteral("<null>") : rows.value(i).toString());
            }
            tableLines << table + u'|' + values.join(u'|');
        }
        tableLines.sort();
        lines << tableLines;
    }
    return QCryptographicHash::hash(lines.join(u'\n').toUtf8(), QCryptographicHash::Sha256).toHex();
}

/// Every schema object of the database (type, name, table, SQL), in a stable order.
QStringList schemaObjects(Database &db)
{
    QSqlQuery q(db.connection());
    q.exec(QStringLiteral("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"));
    QStringList objects;
    while (q.next()) {
        objects << QStringList{q.value(0).toString(), q.value(1).toString(), q.value(2).toString(),
                               q.value(3).toString()}
                       .join(u'|');
    }
    return objects;
}

/// Every trigger of the database (name, table, SQL), by name.
QStringList triggers(Database &db)
{
    QSqlQuery q(db.connection());
    q.exec(QStringLiteral("SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name"));
    QStringList out;
    while (q.next()) {
        out << QStringList{q.value(0).toString(), q.value(1).toString(), q.value(2).toString()}.join(u'|');
    }
    return out;
}

/// The statistics change log's entries after `seq` as "seq|task_id" ("<null>" for a NULL task_id), in order.
QStringList statisticsLog(Database &db, qint64 after = 0)
{
    QSqlQuery q(db.connection());
    q.prepare(QStringLiteral("SELECT seq, task_id FROM statistics_changes WHERE seq > ? ORDER BY seq"));
    q.addBindValue(after);
    q.exec();
    QStringList out;
    while (q.next()) {
        out << q.value(0).toString() + u'|' + (q.value(1).isNull() ? QStringLiteral("<null>") : q.value(1).toString());
    }
    return out;
}

qint64 lastStatisticsSeq(Database &db)
{
    return scalar(db, QStringLiteral("SELECT coalesce(max(seq), 0) FROM statistics_changes")).toLongLong();
}

// §14 once more, written as SQL over the source: an independent statement of what the imported statistics must be.
const char kStatusSql[] =
    "CASE replace(replace(lower(trim(coalesce(status, ''))), ' ', '_'), '-', '_') "
    "WHEN 'completed' THEN 'completed' WHEN 'done' THEN 'completed' WHEN 'complete' THEN 'completed' "
    "WHEN 'in_progress' THEN 'in_progress' WHEN 'running' THEN 'in_progress' WHEN 'started' THEN 'in_progress' "
    "WHEN 'partial' THEN 'in_progress' WHEN 'blocked' THEN 'blocked' WHEN 'requires_assistance' THEN 'blocked' "
    "WHEN 'failed' THEN 'failed' WHEN 'cancelled' THEN 'failed' ELSE 'not_started' END";
const char kHoursSql[] = "CASE WHEN typeof(time_estimate_hours) NOT IN ('integer', 'real') THEN 1.0 "
                         "WHEN time_estimate_hours <= 0 THEN 1.0 WHEN time_estimate_hours < 0.1 THEN 0.1 "
                         "WHEN time_estimate_hours > 200 THEN 200.0 ELSE time_estimate_hours END";
const char kPhaseSql[] = "CASE WHEN typeof(phase) NOT IN ('integer', 'real') THEN 1 WHEN phase < 1 THEN 1 "
                         "WHEN phase > 4 THEN 4 ELSE CAST(round(phase) AS INTEGER) END";
const char kComponentSql[] =
    "CASE WHEN component_area IS NULL OR component_area = '' THEN 'Unknown' ELSE component_area END";

/// The statistics the imported tasks must have, computed from the source.
core::ProjectStatistics expectedStatistics(const SourceCopy &source)
{
    core::ProjectStatistics s;
    const QByteArray status = kStatusSql;
    const QByteArray hours = kHoursSql;
    auto count = [&](const char *value) {
        return source.scalar("SELECT count(*) FROM tasks WHERE " + status + " = '" + value + "'").toLongLong();
    };
    s.totalTasks = source.scalar("SELECT count(*) FROM tasks").toLongLong();
    s.completedTasks = count("completed");
    s.inProgressTasks = count("in_progress");
    s.blockedTasks = count("blocked");
    s.notStartedTasks = count("not_started");
    s.failedTasks = count("failed");
    s.totalEstimatedHours = source.scalar("SELECT coalesce(sum(" + hours + "), 0) FROM tasks").toDouble();
    s.completedHours =
        source.scalar("SELECT coalesce(sum(" + hours + "), 0) FROM tasks WHERE " + status + " = 'completed'")
            .toDouble();
    for (const QStringList &row : source.rows("SELECT " + QByteArray(kPhaseSql) + " AS p, count(*), sum(" + status +
                                              " = 'completed') FROM tasks GROUP BY p ORDER BY p")) {
        s.phaseBreakdown << core::PhaseBreakdown{row[0].toInt(), row[1].toLongLong(), row[2].toLongLong()};
    }
    for (const QStringList &row : source.rows("SELECT " + QByteArray(kComponentSql) + " AS c, count(*), sum(" + status +
                                              " = 'completed') AS n FROM tasks GROUP BY c")) {
        s.componentBreakdown << core::ComponentBreakdown{row[0], row[1].toLongLong(), row[2].toLongLong()};
    }
    s.finish();
    return s;
}

void compareStatistics(const core::ProjectStatistics &actual, const core::ProjectStatistics &expected)
{
    QCOMPARE(actual.totalTasks, expected.totalTasks);
    QCOMPARE(actual.completedTasks, expected.completedTasks);
    QCOMPARE(actual.inProgressTasks, expected.inProgressTasks);
    QCOMPARE(actual.blockedTasks, expected.blockedTasks);
    QCOMPARE(actual.notStartedTasks, expected.notStartedTasks);
    QCOMPARE(actual.failedTasks, expected.failedTasks);
    QVERIFY2(qAbs(actual.totalEstimatedHours - expected.totalEstimatedHours) < 1e-6,
             qPrintable(QStringLiteral("%1 vs %2").arg(actual.totalEstimatedHours).arg(expected.totalEstimatedHours)));
    QVERIFY(qAbs(actual.completedHours - expected.completedHours) < 1e-6);
    QCOMPARE(actual.completionPercentage, expected.completionPercentage);
    QCOMPARE(actual.phaseBreakdown.size(), expected.phaseBreakdown.size());
    for (int i = 0; i < expected.phaseBreakdown.size(); ++i) {
        QCOMPARE(actual.phaseBreakdown[i].phase, expected.phaseBreakdown[i].phase);
        QCOMPARE(actual.phaseBreakdown[i].count, expected.phaseBreakdown[i].count);
        QCOMPARE(actual.phaseBreakdown[i].completed, expected.phaseBreakdown[i].completed);
    }
    std::map<QString, std::pair<qint64, qint64>> actualAreas;
    std::map<QString, std::pair<qint64, qint64>> expectedAreas;
    for (const auto &c : actual.componentBreakdown) {
        actualAreas[c.area] = {c.count, c.completed};
    }
    for (const auto &c : expected.componentBreakdown) {
        expectedAreas[c.area] = {c.count, c.completed};
    }
    QVERIFY(actualAreas == expectedAreas);
}

/// Everything SPEC.md §8 promises about one finished import of `sourcePath`.
void verifyImport(Workspace &ws, const ImportReport &report, const QString &sourcePath, const Reasons &expected)
{
    Database &db = ws.database();
    const SourceCopy source(sourcePath);
    const auto counts = source.tableCounts();
    QCOMPARE(qsizetype(counts.size()), report.tables.size());

    // Every source row ends in exactly one place.
    for (const auto &[table, rows] : counts) {
        const ImportTableReport *t = report.table(table);
        QVERIFY2(t, qPrintable(table));
        QCOMPARE(t->read, rows);
        const qint64 mapped = scalar(db,
                                     QStringLiteral("SELECT count(*) FROM import_id_map WHERE run_id = ? AND "
                                                    "source_table = ?"),
                                     {report.runId, table})
                                  .toLongLong();
        const qint64 quarantined = scalar(db,
                                          QStringLiteral("SELECT count(*) FROM import_quarantine WHERE run_id = ? "
                                                         "AND source_table = ?"),
                                          {report.runId, table})
                                       .toLongLong();
        QVERIFY2(rows == mapped + quarantined, qPrintable(QStringLiteral("%1: %2 rows, %3 mapped, %4 quarantined")
                                                              .arg(table)
                                                              .arg(rows)
                                                              .arg(mapped)
                                                              .arg(quarantined)));
        QCOMPARE(t->imported, mapped);
        QCOMPARE(t->quarantinedTotal(), quarantined);
        const qint64 distinct = scalar(db,
                                       QStringLiteral("SELECT count(DISTINCT source_id) FROM (SELECT source_id FROM "
                                                      "import_id_map WHERE run_id = ? AND source_table = ? UNION "
                                                      "ALL SELECT source_id FROM import_quarantine WHERE run_id = ? "
                                                      "AND source_table = ?)"),
                                       {report.runId, table, report.runId, table})
                                    .toLongLong();
        QCOMPARE(distinct, rows);
        // Quarantine reasons as expected, in the report and in the table.
        const auto wanted = expected.count(table) ? expected.at(table) : std::map<QString, qint64>{};
        QVERIFY2(t->quarantined == wanted, qPrintable(table + QStringLiteral(": unexpected quarantine reasons ") +
                                                      QString::fromUtf8(QJsonDocument(report.toJson()).toJson())));
        for (const auto &[reason, n] : wanted) {
            QCOMPARE(scalar(db,
                            QStringLiteral("SELECT count(*) FROM import_quarantine WHERE run_id = ? AND "
                                           "source_table = ? AND reason = ?"),
                            {report.runId, table, reason})
                         .toLongLong(),
                     n);
        }
        // normalised = imported rows with at least one issue.
        const qint64 withIssues = scalar(db,
                                         QStringLiteral("SELECT count(DISTINCT i.source_id) FROM import_issues i "
                                                        "JOIN import_id_map m ON m.run_id = i.run_id AND "
                                                        "m.source_table = i.source_table AND m.source_id = i.source_id "
                                                        "WHERE i.run_id = ? AND i.source_table = ?"),
                                         {report.runId, table})
                                      .toLongLong();
        QCOMPARE(t->normalised, withIssues);
    }
    for (const auto &[table, reasons] : expected) {
        QVERIFY2(counts.count(table), qPrintable(table + QStringLiteral(" is not in the fixture")));
    }

    // Whole rows in quarantine, every mapped id exists, the run is recorded with its summary.
    QSqlQuery q(db.connection());
    q.exec(QStringLiteral("SELECT row_json FROM import_quarantine WHERE run_id = %1").arg(report.runId));
    while (q.next()) {
        QJsonParseError error{};
        const QJsonDocument doc = QJsonDocument::fromJson(q.value(0).toByteArray(), &error);
        QVERIFY(error.error == QJsonParseError::NoError && doc.isObject() && !doc.object().isEmpty());
    }
    for (const char *target : {"tasks", "task_dependencies", "task_progress", "task_comments", "execution_groups",
                               "group_tasks", "parallel_execution_log"}) {
        QCOMPARE(scalar(db,
                        QStringLiteral("SELECT count(*) FROM import_id_map m LEFT JOIN %1 t ON t.id = m.target_id "
                                       "WHERE m.run_id = ? AND m.target_table = '%1' AND t.id IS NULL")
                            .arg(QLatin1String(target)),
                        {report.runId})
                     .toLongLong(),
                 0);
    }
    QCOMPARE(scalar(db, QStringLiteral("SELECT status FROM import_runs WHERE id = ?"), {report.runId}).toString(),
             QStringLiteral("completed"));
    QCOMPARE(QJsonDocument::fromJson(
                 scalar(db, QStringLiteral("SELECT summary_json FROM import_runs WHERE id = ?"), {report.runId})
                     .toByteArray())
                 .object(),
             report.toJson());
    QCOMPARE(
        scalar(db, QStringLiteral("SELECT source_sha256 FROM import_runs WHERE id = ?"), {report.runId}).toString(),
        report.sourceSha256);

    // The data fits the model: schema check clean, every index holds exactly its table's rows, every row valid,
    // every timestamp canonical.
    auto differences = SchemaCheck(db).differences();
    QVERIFY(differences.ok());
    QVERIFY2(differences->isEmpty(), qPrintable(differences->join(u'\n')));
    QCOMPARE(scalar(db, QStringLiteral("PRAGMA integrity_check")).toString(), QStringLiteral("ok"));
    auto tasks = ws.tasks().list({});
    QVERIFY(tasks.ok());
    for (const core::Task &task : *tasks) {
        const auto errors = task.validate();
        QVERIFY2(errors.isEmpty(), qPrintable(QStringLiteral("task %1: %2").arg(task.id).arg(core::describe(errors))));
    }
    auto dependencies = ws.dependencies().all();
    QVERIFY(dependencies.ok());
    for (const core::TaskDependency &d : *dependencies) {
        QVERIFY(d.validate().isEmpty());
    }
    const QString canonical = QStringLiteral("'[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:"
                                             "[0-9][0-9].[0-9][0-9][0-9]Z'");
    for (const auto &[table, column] :
         std::initializer_list<std::pair<const char *, const char *>>{{"tasks", "created_at"},
                                                                      {"tasks", "updated_at"},
                                                                      {"task_dependencies", "created_at"},
                                                                      {"task_progress", "created_at"},
                                                                      {"task_comments", "created_at"},
                                                                      {"execution_groups", "created_at"},
                                                                      {"execution_groups", "updated_at"},
                                                                      {"group_tasks", "created_at"},
                                                                      {"parallel_execution_log", "created_at"}}) {
        QCOMPARE(scalar(db, QStringLiteral("SELECT count(*) FROM %1 WHERE %2 NOT GLOB %3 OR length(%2) <> 24")
                                .arg(QLatin1String(table), QLatin1String(column), canonical))
                     .toLongLong(),
                 0);
    }
    QCOMPARE(scalar(db, QStringLiteral("SELECT count(*) FROM tasks WHERE updated_at < created_at")).toLongLong(), 0);

    // Statistics of the imported data = what the source says once normalised.
    auto stats = ws.service().statistics();
    QVERIFY(stats.ok());
    compareStatistics(*stats, expectedStatistics(source));
}

/// The issue recorded for one source value, as (raw, stored, code); empty when there is none.
QStringList issueFor(Database &db, qint64 runId, const QString &table, qint64 sourceId, const QString &column)
{
    QSqlQuery q(db.connection());
    q.prepare(QStringLiteral("SELECT raw_value, stored_value, code FROM import_issues WHERE run_id = ? AND "
                             "source_table = ? AND source_id = ? AND \"column\" = ?"));
    q.addBindValue(runId);
    q.addBindValue(table);
    q.addBindValue(sourceId);
    q.addBindValue(column);
    if (!q.exec() || !q.next()) {
        return {};
    }
    return {q.value(0).isNull() ? QStringLiteral("<null>") : q.value(0).toString(),
            q.value(1).isNull() ? QStringLiteral("<null>") : q.value(1).toString(), q.value(2).toString()};
}

qint64 targetId(Database &db, qint64 runId, const QString &table, qint64 sourceId)
{
    return scalar(db,
                  QStringLiteral("SELECT target_id FROM import_id_map WHERE run_id = ? AND source_table = ? AND "
                                 "source_id = ?"),
                  {runId, table, sourceId})
        .toLongLong();
}

QString quarantineReason(Database &db, qint64 runId, const QString &table, qint64 sourceId)
{
    return scalar(db,
                  QStringLiteral("SELECT reason FROM import_quarantine WHERE run_id = ? AND source_table = ? AND "
                                 "source_id = ?"),
                  {runId, table, sourceId})
        .toString();
}

/// Holds SQLite's EXCLUSIVE lock on a file from a child process, as a legacy tracker in the middle of a write
/// would. (Locks held by this process are invisible to it, as POSIX locks are per process.)
class ForeignWriter
{
public:
    bool lock(const QString &path)
    {
        int ready[2];
        if (::pipe(ready) != 0 || ::pipe(m_release) != 0) {
            return false;
        }
        m_pid = ::fork();
        if (m_pid == 0) {
            ::close(ready[0]);
            ::close(m_release[1]);
            sqlite3 *db = nullptr;
            char ok = '0';
            if (sqlite3_open(QFile::encodeName(path).constData(), &db) == SQLITE_OK &&
                sqlite3_exec(db, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr) == SQLITE_OK) {
                ok = '1';
            }
            (void)!::write(ready[1], &ok, 1);
            char c = 0;
            (void)!::read(m_release[0], &c, 1);
            ::_exit(0);
        }
        ::close(ready[1]);
        ::close(m_release[0]);
        char ok = '0';
        const bool got = ::read(ready[0], &ok, 1) == 1 && ok == '1';
        ::close(ready[0]);
        return got;
    }
    ~ForeignWriter()
    {
        if (m_pid > 0) {
            ::close(m_release[1]);
            ::waitpid(m_pid, nullptr, 0);
        }
    }

private:
    pid_t m_pid = -1;
    int m_release[2] = {-1, -1};
};

} // namespace

class TestLegacyImporter : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    QString fixture(const QString &name, const QByteArray &sql, const QByteArray &walOnly = {})
    {
        const QString path = m_dir.filePath(name);
        if (!QFile::exists(path)) {
            if (!writeFixture(path, sql, walOnly)) {
                return {};
            }
        }
        return path;
    }
    std::unique_ptr<Workspace> workspace(const QString &name)
    {
        auto ws = Workspace::open(m_dir.filePath(name));
        return ws ? std::move(ws).value() : nullptr;
    }
    // The three ways an import ends without changing the target, one after the other on `ws`: cancelled by its
    // progress callback (at 25 rows, part-way), a dry run, and a failure late in the import (a trigger refuses the
    // progress rows, the last table written before the staged tasks are copied; it is dropped again before the check).
    // `check` runs after each, given the outcome; `watch` is called from each import's progress callback.
    void stopImportEachWay(
        Workspace &ws, const QString &path, const std::function<void(const char *)> &check,
        const std::function<void()> &watch = [] {})
    {
        auto checkAfter = [&](const char *outcome) {
            check(outcome);
            if (QTest::currentTestFailed()) {
                qWarning("the check failed after the %s", outcome);
            }
            return !QTest::currentTestFailed();
        };
        ImportOptions options;
        options.progressInterval = 1;
        auto report = LegacyImporter::run(ws, path, options, [&](qint64 done, qint64) {
            watch();
            return done < 25;
        });
        QVERIFY(!report.ok());
        QCOMPARE(report.error().code, core::ErrorCode::Cancelled);
        if (!checkAfter("cancel")) {
            return;
        }

        auto goOn = [&](qint64, qint64) {
            watch();
            return true;
        };
        ImportOptions dry = options;
        dry.dryRun = true;
        report = LegacyImporter::run(ws, path, dry, goOn);
        QVERIFY2(report.ok(), qPrintable(report.ok() ? QString() : report.error().message));
        if (!checkAfter("dry run")) {
            return;
        }

        Database &db = ws.database();
        QVERIFY(db.exec(QStringLiteral("CREATE TRIGGER refuse_progress BEFORE INSERT ON task_progress "
                                       "BEGIN SELECT RAISE(ABORT, 'disk says no'); END"))
                    .ok());
        report = LegacyImporter::run(ws, path, options, goOn);
        QVERIFY(!report.ok());
        QCOMPARE(report.error().code, core::ErrorCode::Storage);
        QVERIFY(db.exec(QStringLiteral("DROP TRIGGER refuse_progress")).ok());
        checkAfter("failure");
    }

    QString realFile() const
    {
        return test::sourcePath(QStringLiteral("tests/data/legacy/implementation_tracker.sqlmodel_era.db"));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        core::Clock::setSource([] { return QDateTime(QDate(2026, 1, 15), QTime(12, 0), Qt::UTC); });
    }
    void cleanupTestCase() { core::Clock::setSource({}); }

    // -- the normalisers (LEGACY_FORMATS.md §14) ---------------------------------------------------------------

    void statusSpellings_data()
    {
        QTest::addColumn<QString>("raw");
        QTest::addColumn<bool>("isNull");
        QTest::addColumn<QString>("stored");
        QTest::addColumn<QString>("code");
        auto row = [](const char *raw, const char *stored, const char *code) {
            QTest::newRow(raw) << QString::fromUtf8(raw) << false << QString::fromLatin1(stored)
                               << QString::fromLatin1(code);
        };
        row("not_started", "not_started", "");
        row("NOT_STARTED", "not_started", "");
        row("Not Started", "not_started", "");
        row(" not-started ", "not_started", "");
        row("In Progress", "in_progress", "");
        row("COMPLETED", "completed", "");
        row("done", "completed", "");
        row("DONE", "completed", "");
        row("complete", "completed", "");
        row("todo", "not_started", "");
        row("pending", "not_started", "");
        row("backlog", "not_started", "synonym");
        row("running", "in_progress", "");
        row("started", "in_progress", "");
        row("partial", "in_progress", "synonym");
        row("PARTIAL", "in_progress", "synonym");
        row("requires_assistance", "blocked", "synonym");
        row("REQUIRES_ASSISTANCE", "blocked", "synonym");
        row("cancelled", "failed", "synonym");
        row("failed", "failed", "");
        row("weird", "not_started", "unknown_value");
        row("", "not_started", "null_default");
        QTest::newRow("NULL") << QString() << true << QStringLiteral("not_started") << QStringLiteral("null_default");
    }
    void statusSpellings()
    {
        QFETCH(QString, raw);
        QFETCH(bool, isNull);
        QFETCH(QString, stored);
        QFETCH(QString, code);
        const auto n = lv::normaliseStatus(isNull ? QStringView() : QStringView(raw));
        QCOMPARE(core::toString(n.value), stored);
        QCOMPARE(lv::toString(n.code), code);
        QCOMPARE(n.changed, !code.isEmpty());
        QCOMPARE(n.known, code != QLatin1String("unknown_value"));
    }

    void otherEnums()
    {
        using namespace core;
        QCOMPARE_ENUM(lv::normalisePriority(u"Critical").value, Priority::Critical);
        QVERIFY(!lv::normalisePriority(u"Critical").changed);
        QCOMPARE_ENUM(lv::normalisePriority(u"HIGH").value, Priority::High);
        QCOMPARE_ENUM(lv::normalisePriority(u"urgent").value, Priority::Medium);
        QCOMPARE_ENUM(lv::normalisePriority(u"urgent").code, lv::IssueCode::UnknownValue);
        QCOMPARE_ENUM(lv::normalisePriority(QStringView()).code, lv::IssueCode::NullDefault);
        QCOMPARE_ENUM(lv::normaliseComplexity(u"Simple").value, Complexity::Simple);
        QCOMPARE_ENUM(lv::normaliseComplexity(u"Low").value, Complexity::Simple);
        QVERIFY(!lv::normaliseComplexity(u"Low").changed); // one scale for both vocabularies (H2)
        QCOMPARE_ENUM(lv::normaliseComplexity(u"Complex").value, Complexity::Complex);
        QCOMPARE_ENUM(lv::normaliseComplexity(u"high").value, Complexity::Complex);
        QCOMPARE_ENUM(lv::normaliseComplexity(u"VERY_HIGH").value, Complexity::Expert);
        QCOMPARE_ENUM(lv::normaliseComplexity(u"very high").value, Complexity::Expert);
        QCOMPARE_ENUM(lv::normaliseComplexity(u"Expert").value, Complexity::Expert);
        QCOMPARE_ENUM(lv::normaliseComplexity(u"huge").value, Complexity::Medium);
        QCOMPARE_ENUM(lv::normaliseDependencyType(u"BLOCKS").value, DependencyType::Blocks);
        QCOMPARE_ENUM(lv::normaliseDependencyType(u"enables").value, DependencyType::Enhances);
        QCOMPARE_ENUM(lv::normaliseDependencyType(u"enables").code, lv::IssueCode::Synonym);
        QCOMPARE_ENUM(lv::normaliseDependencyType(u"depends").value, DependencyType::Blocks);
        QCOMPARE_ENUM(lv::normaliseDependencyType(QStringView()).value, DependencyType::Blocks);
        QCOMPARE_ENUM(lv::normaliseCommentType(u"SOLUTION").value, CommentType::Solution);
        QCOMPARE_ENUM(lv::normaliseCommentType(u"question").value, CommentType::Note);
        QCOMPARE_ENUM(lv::normaliseCommentType(u"question").code, lv::IssueCode::UnknownValue);
        QCOMPARE_ENUM(lv::normaliseExecutionStatus(u"CANCELLED").value, ExecutionStatus::Cancelled);
        QCOMPARE_ENUM(lv::normaliseExecutionStatus(u"in progress").value, ExecutionStatus::Pending);
        QCOMPARE_ENUM(lv::normaliseLogLevel(u"WARNING").value, LogLevel::Warning);
        QCOMPARE_ENUM(lv::normaliseLogLevel(u"warn").value, LogLevel::Warning);
        QCOMPARE_ENUM(lv::normaliseLogLevel(u"chatty").value, LogLevel::Info);
        QCOMPARE(lv::foldSpelling(u"  Not -  Started "), QStringLiteral("not_started"));
    }

    void numbers()
    {
        using NC = lv::NumberCell;
        QCOMPARE(lv::normalisePhase(NC::number(0)).value, 1);
        QCOMPARE_ENUM(lv::normalisePhase(NC::number(0)).code, lv::IssueCode::Clamped);
        QCOMPARE(lv::normalisePhase(NC::number(7)).value, 4);
        QCOMPARE(lv::normalisePhase(NC::number(2.5)).value, 3);
        QCOMPARE_ENUM(lv::normalisePhase(NC::number(2.5)).code, lv::IssueCode::Rounded);
        QCOMPARE(lv::normalisePhase(NC::null()).value, 1);
        QVERIFY(!lv::normalisePhase(NC::number(3)).changed);
        QCOMPARE(lv::normaliseEstimateHours(NC::number(0)).value, 1.0);
        QCOMPARE_ENUM(lv::normaliseEstimateHours(NC::number(-2)).code, lv::IssueCode::OutOfRange);
        QCOMPARE(lv::normaliseEstimateHours(NC::null()).value, 1.0);
        QCOMPARE(lv::normaliseEstimateHours(NC::notANumber()).value, 1.0);
        QCOMPARE(lv::normaliseEstimateHours(NC::number(0.05)).value, 0.1);
        QCOMPARE(lv::normaliseEstimateHours(NC::number(500)).value, 200.0);
        QVERIFY(!lv::normaliseEstimateHours(NC::number(0.15)).changed);
        QVERIFY(!lv::normalisePercentage(NC::null()).known);
        QVERIFY(!lv::normalisePercentage(NC::notANumber()).known);
        QCOMPARE(lv::normalisePercentage(NC::number(150)).value, 100);
        QCOMPARE(lv::normalisePercentage(NC::number(37.5)).value, 38);
        QCOMPARE(lv::normaliseMaxParallel(NC::number(80)).value, 50);
        QCOMPARE(lv::normaliseMaxParallel(NC::null()).value, 5);
        QCOMPARE(lv::normaliseNonNegativeCount(NC::number(60.5)).value, qint64(61));
        QCOMPARE(lv::normaliseNonNegativeHours(NC::number(-1)).value, 0.0);
        QCOMPARE(lv::parseNumber(" 2.5 "), std::optional<double>(2.5));
        QCOMPARE(lv::parseNumber("+3"), std::optional<double>(3.0));
        QVERIFY(!lv::parseNumber("abc"));
        QVERIFY(!lv::parseNumber("2,5"));
        QVERIFY(!lv::parseNumber("nan"));
    }

    void timestamps_data()
    {
        QTest::addColumn<QByteArray>("raw");
        QTest::addColumn<QString>("canonical");
        QTest::newRow("CURRENT_TIMESTAMP") << QByteArray("2025-08-03 22:30:31") << "2025-08-03T22:30:31.000Z";
        QTest::newRow("SQLAlchemy micro") << QByteArray("2025-08-03 22:30:31.958130") << "2025-08-03T22:30:31.958Z";
        QTest::newRow("isoformat") << QByteArray("2025-08-03T22:30:31") << "2025-08-03T22:30:31.000Z";
        QTest::newRow("isoformat micro") << QByteArray("2025-08-03T22:30:31.000001") << "2025-08-03T22:30:31.000Z";
        QTest::newRow("one digit") << QByteArray("2025-08-03T22:30:31.5") << "2025-08-03T22:30:31.500Z";
        QTest::newRow("nine digits") << QByteArray("2025-08-03T22:30:31.123456789") << "2025-08-03T22:30:31.123Z";
        QTest::newRow("Z") << QByteArray("2025-08-03T22:30:31Z") << "2025-08-03T22:30:31.000Z";
        QTest::newRow("canonical") << QByteArray("2025-08-03T22:30:31.958Z") << "2025-08-03T22:30:31.958Z";
        QTest::newRow("offset") << QByteArray("2025-08-03T22:30:31+02:00") << "2025-08-03T20:30:31.000Z";
        QTest::newRow("negative offset") << QByteArray("2025-08-03 22:30:31.25-0130") << "2025-08-04T00:00:31.250Z";
        QTest::newRow("minutes only") << QByteArray("2025-08-03 22:30") << "2025-08-03T22:30:00.000Z";
        QTest::newRow("date") << QByteArray("2025-08-03") << "2025-08-03T00:00:00.000Z";
        QTest::newRow("epoch text") << QByteArray("1754260231") << "2025-08-03T22:30:31.000Z";
        QTest::newRow("spaces") << QByteArray("  2025-08-03 22:30:31  ") << "2025-08-03T22:30:31.000Z";
        QTest::newRow("leap day") << QByteArray("2024-02-29 00:00:00") << "2024-02-29T00:00:00.000Z";
        QTest::newRow("garbage") << QByteArray("garbage") << QString();
        QTest::newRow("bad day") << QByteArray("2025-02-30 00:00:00") << QString();
        QTest::newRow("bad hour") << QByteArray("2025-02-03 24:00:00") << QString();
        QTest::newRow("empty") << QByteArray("") << QString();
    }
    void timestamps()
    {
        QFETCH(QByteArray, raw);
        QFETCH(QString, canonical);
        const auto ms = lv::parseTimestampMs(raw);
        if (canonical.isEmpty()) {
            QVERIFY(!ms);
            return;
        }
        QVERIFY(ms);
        QCOMPARE(lv::formatTimestampMs(*ms), canonical);
        // The fast formatter writes exactly what the app's own formatter writes.
        QCOMPARE(core::Timestamp::format(QDateTime::fromMSecsSinceEpoch(*ms, Qt::UTC)), canonical);
    }

    void numericTimestamps()
    {
        QCOMPARE(lv::formatTimestampMs(*lv::timestampFromNumber(1754260231.5)),
                 QStringLiteral("2025-08-03T22:30:31.500Z"));
        QCOMPARE(lv::formatTimestampMs(*lv::timestampFromNumber(1754260231500.0)),
                 QStringLiteral("2025-08-03T22:30:31.500Z"));
        QCOMPARE(lv::formatTimestampMs(*lv::timestampFromNumber(2440587.5)),
                 QStringLiteral("1970-01-01T00:00:00.000Z"));
        QVERIFY(!lv::timestampFromNumber(42));
        QCOMPARE(lv::formatTimestampMs(-1), QStringLiteral("1969-12-31T23:59:59.999Z"));
    }

    void textLimits()
    {
        QCOMPARE(lv::utf16Length("abc"), 3);
        QCOMPARE(lv::utf16Length("\xC3\xA9t\xC3\xA9"), 3); // été
        QCOMPARE(lv::utf16Length("\xF0\x9F\x98\x80"), 2);  // one emoji = a surrogate pair
        QCOMPARE(lv::truncatedByteLength("abcdef", 4), 4);
        QCOMPARE(lv::truncatedByteLength("\xC3\xA9\xC3\xA9", 1), 2); // never splits a character
        QCOMPARE(lv::truncatedByteLength("a\xF0\x9F\x98\x80", 2), 1);
        QCOMPARE(lv::truncatedByteLength("abc", 10), 3);
    }

    // -- the three generations and the real file ----------------------------------------------------------------

    void generationA()
    {
        const QString path = fixture(QStringLiteral("gen_a.db"), kGenerationA, kGenerationAWalOnly);
        QVERIFY(!path.isEmpty());
        // Task 12 really lives only in the -wal: the .db alone does not have it.
        QVERIFY(QFileInfo(path + QStringLiteral("-wal")).size() > 0);
        {
            QTemporaryDir alone;
            QVERIFY(QFile::copy(path, alone.filePath(QStringLiteral("alone.db"))));
            QFile::setPermissions(alone.filePath(QStringLiteral("alone.db")), QFile::ReadOwner | QFile::WriteOwner);
            const SourceCopy dbOnly(alone.filePath(QStringLiteral("alone.db")));
            QCOMPARE(dbOnly.scalar("SELECT count(*) FROM tasks WHERE id = 12").toLongLong(), 0);
            const SourceCopy withWal(path);
            QCOMPARE(withWal.scalar("SELECT count(*) FROM tasks WHERE id = 12").toLongLong(), 1);
        }
        const QStringList before = sourceHashes(path);
        auto ws = workspace(QStringLiteral("target_a.db"));
        QVERIFY(ws);
        auto report = LegacyImporter::run(*ws, path);
        QVERIFY2(report.ok(), qPrintable(report.ok() ? QString() : report.error().message));
        QCOMPARE(report->generation, QStringLiteral("A"));
        QCOMPARE(sourceHashes(path), before);
        verifyImport(*ws, *report, path, kGenerationAReasons);
        if (QTest::currentTestFailed()) {
            return;
        }
        Database &db = ws->database();
        const qint64 run = report->runId;
        const QString tasks = QStringLiteral("tasks");

        // The WAL-only rows arrived.
        const qint64 walTask = targetId(db, run, tasks, 12);
        QVERIFY(walTask > 0);
        QCOMPARE(ws->tasks().get(walTask)->title, QStringLiteral("Row only in the WAL"));
        QCOMPARE(ws->service().progressHistory(walTask)->size(), 1);

        // Values that had to change keep their raw text.
        auto t4 = ws->tasks().get(targetId(db, run, tasks, 4));
        QVERIFY(t4.ok());
        QCOMPARE(t4->title.size(), 500);
        QCOMPARE(issueFor(db, run, tasks, 4, QStringLiteral("title")).value(2), QStringLiteral("truncated"));
        QCOMPARE(issueFor(db, run, tasks, 4, QStringLiteral("title")).value(0).size(), 600);
        QCOMPARE(t4->componentArea, QStringLiteral("Unknown"));
        QCOMPARE(t4->phase, 1);
        QCOMPARE_ENUM(t4->priority, core::Priority::Medium);
        QCOMPARE(issueFor(db, run, tasks, 4, QStringLiteral("priority")),
                 (QStringList{"URGENT", "medium", "unknown_value"}));
        QCOMPARE_ENUM(t4->complexity, core::Complexity::Expert);
        QCOMPARE_ENUM(t4->status, core::TaskStatus::Blocked);
        QCOMPARE(t4->timeEstimateHours, 1.0);
        QCOMPARE(issueFor(db, run, tasks, 4, QStringLiteral("time_estimate_hours")).value(2),
                 QStringLiteral("out_of_range"));
        QCOMPARE(core::Timestamp::format(t4->createdAt), QStringLiteral("2025-07-01T07:00:00.000Z"));
        QCOMPARE(t4->updatedAt, t4->createdAt);

        auto t1 = ws->tasks().get(targetId(db, run, tasks, 1));
        QCOMPARE_ENUM(t1->priority, core::Priority::Critical);
        QCOMPARE_ENUM(t1->complexity, core::Complexity::Simple);
        QCOMPARE_ENUM(t1->status, core::TaskStatus::Completed);
        QCOMPARE(t1->timeEstimateHours, 0.15);
        QCOMPARE(issueFor(db, run, tasks, 1, QStringLiteral("assigned_files")),
                 (QStringList{"requirements.txt", "<null>", "extra_column"}));
        QCOMPARE(issueFor(db, run, tasks, 1, QStringLiteral("priority")), QStringList()); // case only: no change

        auto t2 = ws->tasks().get(targetId(db, run, tasks, 2));
        QCOMPARE(t2->parentTaskId, std::optional<qint64>(t1->id));
        QCOMPARE_ENUM(t2->status, core::TaskStatus::InProgress);
        QCOMPARE(core::Timestamp::format(t2->createdAt), QStringLiteral("2025-07-01T09:00:00.123Z"));

        auto t3 = ws->tasks().get(targetId(db, run, tasks, 3));
        QVERIFY(!t3->parentTaskId);
        QCOMPARE(issueFor(db, run, tasks, 3, QStringLiteral("parent_task_id")),
                 (QStringList{"99", "<null>", "missing_parent"}));
        QCOMPARE(t3->updatedAt, t3->createdAt);
        QCOMPARE(issueFor(db, run, tasks, 3, QStringLiteral("updated_at")).value(2),
                 QStringLiteral("timestamp_clamped"));

        auto t5 = ws->tasks().get(targetId(db, run, tasks, 5));
        QCOMPARE(t5->phase, 4);
        QCOMPARE(core::Timestamp::format(t5->createdAt), QStringLiteral("2025-07-01T09:00:00.000Z"));
        QCOMPARE(issueFor(db, run, tasks, 5, QStringLiteral("updated_at")),
                 (QStringList{"garbage", "2026-01-15T12:00:00.000Z", "unparseable_timestamp"}));
        QCOMPARE(issueFor(db, run, tasks, 5, QStringLiteral("time_estimate_hours")),
                 (QStringList{"<null>", "1", "null_default"}));
        auto t6 = ws->tasks().get(targetId(db, run, tasks, 6));
        QCOMPARE(t6->timeEstimateHours, 200.0);
        QCOMPARE(core::Timestamp::format(t6->createdAt), QStringLiteral("2026-01-15T12:00:00.000Z"));
        QCOMPARE(t6->title, t5->title); // duplicate titles are different tasks (H12)

        // Parent cycle 8 ↔ 9: the newer task (9) loses its parent link; self-parent 10 loses its own.
        auto t8 = ws->tasks().get(targetId(db, run, tasks, 8));
        auto t9 = ws->tasks().get(targetId(db, run, tasks, 9));
        QCOMPARE(t8->parentTaskId, std::optional<qint64>(t9->id));
        QVERIFY(!t9->parentTaskId);
        QCOMPARE(issueFor(db, run, tasks, 9, QStringLiteral("parent_task_id")).value(2),
                 QStringLiteral("parent_cycle"));
        QCOMPARE(issueFor(db, run, tasks, 10, QStringLiteral("parent_task_id")).value(2),
                 QStringLiteral("self_parent"));
        QCOMPARE(ws->tasks().get(targetId(db, run, tasks, 10))->timeEstimateHours, 0.1);
        QCOMPARE(ws->tasks().get(targetId(db, run, tasks, 11))->description->size(), 2000);
        QCOMPARE(issueFor(db, run, tasks, 11, QStringLiteral("source_document")),
                 (QStringList{"<null>", "", "null_default"}));

        // Dependencies: the earliest of a duplicate pair stays, whatever its id; the 3-cycle loses its newest edge.
        const QString deps = QStringLiteral("task_dependencies");
        QCOMPARE(quarantineReason(db, run, deps, 2), QStringLiteral("duplicate"));
        QCOMPARE(quarantineReason(db, run, deps, 13), QStringLiteral("duplicate"));
        QVERIFY(targetId(db, run, deps, 14) > 0);
        QCOMPARE(quarantineReason(db, run, deps, 7), QStringLiteral("cycle"));
        QVERIFY(targetId(db, run, deps, 6) > 0 && targetId(db, run, deps, 8) > 0);
        QVERIFY(targetId(db, run, deps, 9) > 0 && targetId(db, run, deps, 10) > 0); // soft loop stays
        auto enables = ws->dependencies().get(targetId(db, run, deps, 10));
        QCOMPARE_ENUM(enables->type, core::DependencyType::Enhances);
        QCOMPARE(enables->taskId, targetId(db, run, tasks, 24));
        QCOMPARE(enables->dependsOnTaskId, targetId(db, run, tasks, 23));
        QCOMPARE(issueFor(db, run, deps, 11, QStringLiteral("dependency_type")),
                 (QStringList{"depends", "blocks", "unknown_value"}));
        const QJsonObject kept =
            QJsonDocument::fromJson(scalar(db,
                                           QStringLiteral("SELECT row_json FROM import_quarantine WHERE run_id = ? "
                                                          "AND source_table = 'task_dependencies' AND source_id = 7"),
                                           {run})
                                        .toByteArray())
                .object();
        QCOMPARE(kept.value(QStringLiteral("dependency_type")).toString(), QStringLiteral("Requires"));
        QCOMPARE(kept.value(QStringLiteral("created_at")).toString(), QStringLiteral("2025-07-10 12:00:00"));
        QCOMPARE(kept.value(QStringLiteral("task_id")).toInteger(), 21);
        // The imported graph has no hard cycle left (adding the closing edge again is refused).
        auto again = ws->service().addDependency(targetId(db, run, tasks, 21), targetId(db, run, tasks, 22));
        QVERIFY(!again.ok());
        QCOMPARE(again.error().code, core::ErrorCode::Conflict);

        // Progress and comments.
        QCOMPARE(quarantineReason(db, run, QStringLiteral("task_progress"), 4), QStringLiteral("invalid_value"));
        QCOMPARE(issueFor(db, run, QStringLiteral("task_progress"), 7, QStringLiteral("progress_percentage")),
                 (QStringList{"37.5", "38", "rounded"}));
        QCOMPARE(quarantineReason(db, run, QStringLiteral("task_comments"), 3), QStringLiteral("invalid_value"));
        QCOMPARE(quarantineReason(db, run, QStringLiteral("task_comments"), 6), QStringLiteral("invalid_value"));
        QCOMPARE(issueFor(db, run, QStringLiteral("task_comments"), 5, QStringLiteral("comment")).value(2),
                 QStringLiteral("truncated"));

        // Generation-A groups keep day ranges and prerequisite groups in their metadata.
        QSqlQuery groups(db.connection());
        groups.exec(QStringLiteral("SELECT name, metadata, status, position FROM execution_groups ORDER BY id"));
        QStringList names;
        QList<QJsonObject> metadata;
        while (groups.next()) {
            names << groups.value(0).toString();
            metadata << QJsonDocument::fromJson(groups.value(1).toByteArray()).object();
        }
        QCOMPARE(names, (QStringList{"1A", "1B", "2A", "Imported group 4"}));
        QCOMPARE(metadata[0].value(QStringLiteral("day_range")).toString(), QStringLiteral("Day 1-2"));
        QVERIFY(!metadata[0].contains(QStringLiteral("prerequisite_groups")));
        QCOMPARE(metadata[1].value(QStringLiteral("prerequisite_groups")).toArray(), (QJsonArray{"1A"}));
        QCOMPARE(metadata[2].value(QStringLiteral("prerequisite_groups")).toArray(), (QJsonArray{"1A", "1B"}));
        QCOMPARE(metadata[3].value(QStringLiteral("prerequisite_groups")).toArray(), (QJsonArray{"1A", "1B", "2A"}));
        QCOMPARE(scalar(db, QStringLiteral("SELECT group_concat(task_hours || '/' || execution_order, ' ') FROM "
                                           "(SELECT * FROM group_tasks ORDER BY id)"))
                     .toString(),
                 QStringLiteral("0.15/1 0.5/2 0.0/0"));
        QCOMPARE(quarantineReason(db, run, QStringLiteral("group_tasks"), 3), QStringLiteral("duplicate"));
        QCOMPARE(issueFor(db, run, QStringLiteral("parallel_execution_log"), 2, QStringLiteral("metadata")),
                 (QStringList{"not json", "<null>", "invalid_json"}));
        QCOMPARE(scalar(db, QStringLiteral("SELECT level FROM parallel_execution_log WHERE message = 'Group slow'"))
                     .toString(),
                 QStringLiteral("warning"));
    }

    void generationB()
    {
        const QString path = fixture(QStringLiteral("gen_b.db"), kGenerationB);
        QVERIFY(!path.isEmpty());
        const QStringList before = sourceHashes(path);
        auto ws = workspace(QStringLiteral("target_b.db"));
        QVERIFY(ws);
        auto report = LegacyImporter::run(*ws, path);
        QVERIFY2(report.ok(), qPrintable(report.ok() ? QString() : report.error().message));
        QCOMPARE(report->generation, QStringLiteral("B"));
        QCOMPARE(sourceHashes(path), before);
        verifyImport(*ws, *report, path, kGenerationBReasons);
        if (QTest::currentTestFailed()) {
            return;
        }
        Database &db = ws->database();
        const qint64 run = report->runId;
        // Columns read by name although id is the 12th (H5).
        auto t2 = ws->tasks().get(targetId(db, run, QStringLiteral("tasks"), 2));
        QCOMPARE(t2->title, QStringLiteral("Create SQLModel Schemas"));
        QCOMPARE_ENUM(t2->priority, core::Priority::High);
        QCOMPARE(t2->parentTaskId, std::optional<qint64>(targetId(db, run, QStringLiteral("tasks"), 1)));
        QCOMPARE(core::Timestamp::format(t2->createdAt), QStringLiteral("2025-08-03T22:30:31.968Z"));
        QCOMPARE_ENUM(ws->tasks().get(targetId(db, run, QStringLiteral("tasks"), 34))->status,
                      core::TaskStatus::InProgress);
        QCOMPARE(quarantineReason(db, run, QStringLiteral("task_dependencies"), 5), QStringLiteral("cycle"));
        QCOMPARE(scalar(db, QStringLiteral("SELECT metadata FROM execution_groups WHERE name = 'Batch 1'")).toString(),
                 QStringLiteral("{\"sprint\": 1}"));
        QCOMPARE(scalar(db, QStringLiteral("SELECT estimated_duration || '/' || max_parallel_tasks || '/' || "
                                           "coalesce(metadata, 'NULL') || '/' || status FROM execution_groups WHERE "
                                           "name = 'Batch 2'"))
                     .toString(),
                 QStringLiteral("61/50/NULL/pending"));
        QCOMPARE(quarantineReason(db, run, QStringLiteral("alembic_version"), 1), QStringLiteral("unmapped_table"));
        QCOMPARE(issueFor(db, run, QStringLiteral("tasks"), 3, QStringLiteral("status")), QStringList());
        QCOMPARE(issueFor(db, run, QStringLiteral("tasks"), 5, QStringLiteral("status")), QStringList()); // done
        QCOMPARE_ENUM(ws->tasks().get(targetId(db, run, QStringLiteral("tasks"), 5))->status,
                      core::TaskStatus::Completed);
    }

    void generationC()
    {
        const QString path = fixture(QStringLiteral("gen_c.db"), kGenerationC);
        QVERIFY(!path.isEmpty());
        const QStringList before = sourceHashes(path);
        auto ws = workspace(QStringLiteral("target_c.db"));
        QVERIFY(ws);
        auto report = LegacyImporter::run(*ws, path);
        QVERIFY2(report.ok(), qPrintable(report.ok() ? QString() : report.error().message));
        QCOMPARE(report->generation, QStringLiteral("C"));
        QCOMPARE(sourceHashes(path), before);
        verifyImport(*ws, *report, path, kGenerationCReasons);
        if (QTest::currentTestFailed()) {
            return;
        }
        Database &db = ws->database();
        const qint64 run = report->runId;
        // Every task keeps its uuid as an extra column, so every task counts as normalised.
        QCOMPARE(report->table(u"tasks")->normalised, 7);
        QCOMPARE(issueFor(db, run, QStringLiteral("tasks"), 2, QStringLiteral("uuid")),
                 (QStringList{"u-2", "<null>", "extra_column"}));
        QCOMPARE(issueFor(db, run, QStringLiteral("task_comments"), 2, QStringLiteral("created_by")).value(0),
                 QStringLiteral("Claude-Agent-1"));
        QCOMPARE(issueFor(db, run, QStringLiteral("tasks"), 3, QStringLiteral("status")),
                 (QStringList{"PARTIAL", "in_progress", "synonym"}));
        QCOMPARE(issueFor(db, run, QStringLiteral("tasks"), 3, QStringLiteral("complexity")), QStringList());
        auto t2 = ws->tasks().get(targetId(db, run, QStringLiteral("tasks"), 2));
        QCOMPARE(t2->phase, 4);
        QCOMPARE_ENUM(t2->complexity, core::Complexity::Expert);
        QCOMPARE_ENUM(t2->status, core::TaskStatus::Blocked);
        QCOMPARE(quarantineReason(db, run, QStringLiteral("task_dependencies"), 5), QStringLiteral("cycle"));
        QCOMPARE_ENUM(ws->dependencies().get(targetId(db, run, QStringLiteral("task_dependencies"), 2))->type,
                      core::DependencyType::Enhances);
        const QJsonObject log =
            QJsonDocument::fromJson(scalar(db,
                                           QStringLiteral("SELECT row_json FROM import_quarantine WHERE run_id = ? "
                                                          "AND source_table = 'task_execution_logs' AND "
                                                          "source_id = 2"),
                                           {run})
                                        .toByteArray())
                .object();
        QCOMPARE(log.value(QStringLiteral("error_details")).toString(), QStringLiteral("needs a decision"));
        QVERIFY(log.value(QStringLiteral("end_time")).isNull());
        QCOMPARE(log.value(QStringLiteral("confidence_score")).toDouble(), 0.4);
    }

    void realGenerationBFile()
    {
        const QString path = realFile();
        QVERIFY2(QFile::exists(path), qPrintable(path));
        const QStringList before = sourceHashes(path);
        auto ws = workspace(QStringLiteral("target_real.db"));
        QVERIFY(ws);
        auto report = LegacyImporter::run(*ws, path);
        QVERIFY2(report.ok(), qPrintable(report.ok() ? QString() : report.error().message));
        QCOMPARE(report->generation, QStringLiteral("B"));
        QCOMPARE(report->sourceSha256,
                 QStringLiteral("266f4a51cd1bc5e6e6f90935fadce16896647bafc5f0fbaeecb329a5a538e86c"));
        QCOMPARE(sourceHashes(path), before);
        verifyImport(*ws, *report, path, {});
        if (QTest::currentTestFailed()) {
            return;
        }
        QCOMPARE(report->table(u"tasks")->imported, 6);
        QCOMPARE(report->table(u"task_progress")->imported, 8);
        QCOMPARE(report->issues, 0);
        auto stats = ws->service().statistics();
        QCOMPARE(stats->inProgressTasks, 2);
        QCOMPARE(stats->notStartedTasks, 4);
        QCOMPARE(stats->totalEstimatedHours, 28.0);
    }

    // -- merge, repeat, dry run ---------------------------------------------------------------------------------

    void mergeIntoDemoProjectRemapsIds()
    {
        auto ws = workspace(QStringLiteral("merge.db"));
        QVERIFY(ws);
        QVERIFY(DemoProject::load(ws->service()).ok());
        Database &db = ws->database();
        const QByteArray demoTasks = [&] {
            QSqlQuery q(db.connection());
            q.exec(QStringLiteral("SELECT group_concat(id || title || status || coalesce(parent_task_id, ''), '|') "
                                  "FROM (SELECT * FROM tasks ORDER BY id)"));
            q.next();
            return q.value(0).toByteArray();
        }();
        auto report = LegacyImporter::run(*ws, realFile());
        QVERIFY(report.ok());
        const qint64 run = report->runId;
        QCOMPARE(scalar(db, QStringLiteral("SELECT count(*) FROM tasks")).toLongLong(),
                 qint64(DemoProject::taskCount + 6));
        // Source ids 1..6 became 41..46; parents and dependencies follow the map.
        for (qint64 source = 1; source <= 6; ++source) {
            QCOMPARE(targetId(db, run, QStringLiteral("tasks"), source), DemoProject::taskCount + source);
        }
        QCOMPARE(ws->tasks().get(targetId(db, run, QStringLiteral("tasks"), 2))->parentTaskId,
                 std::optional<qint64>(targetId(db, run, QStringLiteral("tasks"), 1)));
        auto dep = ws->dependencies().get(targetId(db, run, QStringLiteral("task_dependencies"), 2));
        QCOMPARE(dep->taskId, targetId(db, run, QStringLiteral("tasks"), 6));
        QCOMPARE(dep->dependsOnTaskId, targetId(db, run, QStringLiteral("tasks"), 4));
        QCOMPARE(scalar(db, QStringLiteral("SELECT count(*) FROM task_comments c JOIN import_id_map m ON "
                                           "m.target_id = c.id AND m.target_table = 'task_comments' JOIN tasks t ON "
                                           "t.id = c.task_id WHERE t.id > 40"))
                     .toLongLong(),
                 2);
        // The demo's own rows are untouched.
        QSqlQuery q(db.connection());
        q.exec(QStringLiteral("SELECT group_concat(id || title || status || coalesce(parent_task_id, ''), '|') FROM "
                              "(SELECT * FROM tasks WHERE id <= 40 ORDER BY id)"));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toByteArray(), demoTasks);
        auto differences = SchemaCheck(db).differences();
        QVERIFY(differences.ok() && differences->isEmpty());
    }

    void sameSourceTwiceIsRefusedUnlessForced()
    {
        auto ws = workspace(QStringLiteral("twice.db"));
        QVERIFY(ws);
        auto first = LegacyImporter::run(*ws, realFile());
        QVERIFY(first.ok());
        const QByteArray afterFirst = databaseChecksum(ws->database());
        auto second = LegacyImporter::run(*ws, realFile());
        QVERIFY(!second.ok());
        QCOMPARE(second.error().code, core::ErrorCode::Conflict);
        QVERIFY(second.error().message.contains(QStringLiteral("already imported")));
        QCOMPARE(databaseChecksum(ws->database()), afterFirst);
        // A copy elsewhere is the same source: refused too.
        const QString copy = m_dir.filePath(QStringLiteral("renamed.db"));
        QVERIFY(QFile::copy(realFile(), copy));
        QCOMPARE(LegacyImporter::run(*ws, copy).error().code, core::ErrorCode::Conflict);

        ImportOptions force;
        force.force = true;
        auto forced = LegacyImporter::run(*ws, realFile(), force);
        QVERIFY(forced.ok());
        QVERIFY(forced->runId > first->runId);
        QCOMPARE(scalar(ws->database(), QStringLiteral("SELECT count(*) FROM tasks")).toLongLong(), 12);
        QCOMPARE(scalar(ws->database(), QStringLiteral("SELECT count(*) FROM import_runs")).toLongLong(), 2);
    }

    void dryRunChangesNothing()
    {
        const QString path = fixture(QStringLiteral("gen_a.db"), kGenerationA, kGenerationAWalOnly);
        auto ws = workspace(QStringLiteral("dry.db"));
        QVERIFY(ws);
        QVERIFY(DemoProject::load(ws->service()).ok());
        const QByteArray before = databaseChecksum(ws->database());
        ImportOptions dry;
        dry.dryRun = true;
        auto preview = LegacyImporter::run(*ws, path, dry);
        QVERIFY2(preview.ok(), qPrintable(preview.ok() ? QString() : preview.error().message));
        QVERIFY(preview->dryRun);
        QCOMPARE(databaseChecksum(ws->database()), before);
        // The preview is the report the real import then gives.
        auto real = LegacyImporter::run(*ws, path);
        QVERIFY(real.ok());
        QCOMPARE(real->toJson(), preview->toJson());
        QVERIFY(databaseChecksum(ws->database()) != before);
    }

    // -- progress, cancel, failure -------------------------------------------------------------------------------

    void progressCountsUpToTotal()
    {
        const QString path = fixture(QStringLiteral("gen_a.db"), kGenerationA, kGenerationAWalOnly);
        auto ws = workspace(QStringLiteral("progress.db"));
        QVERIFY(ws);
        QList<std::pair<qint64, qint64>> calls;
        ImportOptions options;
        options.progressInterval = 1;
        auto report = LegacyImporter::run(*ws, path, options, [&](qint64 done, qint64 total) {
            calls << std::pair{done, total};
            return true;
        });
        QVERIFY(report.ok());
        qint64 rows = 0;
        for (const auto &t : report->tables) {
            rows += t.read;
        }
        QVERIFY(calls.size() >= 10);
        for (int i = 0; i < calls.size(); ++i) {
            QCOMPARE(calls[i].second, rows);
            if (i > 0) {
                QVERIFY(calls[i].first > calls[i - 1].first);
            }
        }
        QCOMPARE(calls.last().first, rows);

        // The default interval still ends with done == total.
        auto ws2 = workspace(QStringLiteral("progress2.db"));
        calls.clear();
        QVERIFY(LegacyImporter::run(*ws2, path, {}, [&](qint64 done, qint64 total) {
                    calls << std::pair{done, total};
                    return true;
                }).ok());
        QCOMPARE(calls.size(), 1);
        QCOMPARE(calls.last(), (std::pair<qint64, qint64>{rows, rows}));
    }

    void progressCountsTheTasksWhileTheyAreWritten()
    {
        // Tasks only: every row is written by the staging thread while the importing thread has nothing else to
        // do. Its count must reach the caller as it goes, not as one jump at the end.
        constexpr qint64 taskCount = 100000;
        const QByteArray manyTasks = "CREATE TABLE tasks (id INTEGER PRIMARY KEY AUTOINCREMENT, title TEXT NOT NULL, "
                                     "status TEXT DEFAULT 'not_started', created_at TIMESTAMP);\n"
                                     "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " +
                                     QByteArray::number(taskCount) +
                                     ") INSERT INTO tasks (title, created_at) SELECT 'Task ' || i, "
                                     "'2025-06-01 10:00:00' FROM n;\n";
        const QString path = fixture(QStringLiteral("many_tasks.db"), manyTasks);
        auto ws = workspace(QStringLiteral("many_tasks_target.db"));
        QVERIFY(ws);
        QList<qint64> reported;
        ImportOptions options;
        options.progressInterval = 1000;
        auto report = LegacyImporter::run(*ws, path, options, [&](qint64 done, qint64 total) {
            if (total != taskCount) {
                return false;
            }
            reported << done;
            return true;
        });
        QVERIFY2(report.ok(), report.ok() ? "" : qPrintable(report.error().message));
        QCOMPARE(report->table(u"tasks")->imported, taskCount);
        QCOMPARE(reported.last(), taskCount);
        QVERIFY2(reported.size() >= 3, qPrintable(QStringLiteral("%1 reports").arg(reported.size())));
        for (int i = 1; i < reported.size(); ++i) {
            QVERIFY(reported[i] > reported[i - 1]);
        }
        QVERIFY(reported.first() < taskCount);

        // A cancel while the importing thread waits for the staging thread stops both and changes nothing.
        auto ws2 = workspace(QStringLiteral("many_tasks_cancelled.db"));
        QVERIFY(ws2);
        const QByteArray before = databaseChecksum(ws2->database());
        auto cancelled =
            LegacyImporter::run(*ws2, path, options, [&](qint64 done, qint64) { return done < taskCount / 2; });
        QVERIFY(!cancelled.ok());
        QCOMPARE(cancelled.error().code, core::ErrorCode::Cancelled);
        QCOMPARE(databaseChecksum(ws2->database()), before);
    }

    void cancelLeavesTheDatabaseAsItWas()
    {
        const QString path = fixture(QStringLiteral("gen_a.db"), kGenerationA, kGenerationAWalOnly);
        auto ws = workspace(QStringLiteral("cancel.db"));
        QVERIFY(ws);
        QVERIFY(DemoProject::load(ws->service()).ok());
        const QByteArray before = databaseChecksum(ws->database());

        ImportOptions options;
        options.progressInterval = 1;
        int calls = 0;
        qint64 lastDone = 0;
        auto report = LegacyImporter::run(*ws, path, options, [&](qint64 done, qint64) {
            ++calls;
            lastDone = done;
            return done < 25; // cancel part-way
        });
        QVERIFY(!report.ok());
        QCOMPARE(report.error().code, core::ErrorCode::Cancelled);
        // The staging thread's count joins in as it goes: the reports may step by more than one row.
        QVERIFY2(lastDone >= 25, qPrintable(QString::number(lastDone)));
        QVERIFY(calls <= 25);
        QCOMPARE(databaseChecksum(ws->database()), before);

        // The flag, set from elsewhere, cancels too.
        std::atomic<bool> cancel{false};
        options.cancel = &cancel;
        report = LegacyImporter::run(*ws, path, options, [&](qint64 done, qint64) {
            if (done >= 40) {
                cancel = true;
            }
            return true;
        });
        QVERIFY(!report.ok());
        QCOMPARE(report.error().code, core::ErrorCode::Cancelled);
        QCOMPARE(databaseChecksum(ws->database()), before);

        // And the same import then runs to the end.
        cancel = false;
        QVERIFY(LegacyImporter::run(*ws, path, options).ok());
    }

    void failureLeavesTheDatabaseAsItWas()
    {
        const QString path = fixture(QStringLiteral("gen_a.db"), kGenerationA, kGenerationAWalOnly);
        auto ws = workspace(QStringLiteral("failure.db"));
        QVERIFY(ws);
        QVERIFY(DemoProject::load(ws->service()).ok());
        // The write of the progress rows (the last table) fails, after the comments and dependencies were written.
        QVERIFY(ws->database()
                    .exec(QStringLiteral("CREATE TRIGGER refuse_progress BEFORE INSERT ON task_progress "
                                         "BEGIN SELECT RAISE(ABORT, 'disk says no'); END"))
                    .ok());
        const QByteArray before = databaseChecksum(ws->database());
        auto report = LegacyImporter::run(*ws, path);
        QVERIFY(!report.ok());
        QCOMPARE(report.error().code, core::ErrorCode::Storage);
        QCOMPARE(databaseChecksum(ws->database()), before);
    }

    // Into empty tables, the import drops their secondary indexes and builds them again once the rows are in; the
    // database must end with exactly the schema it had, and any stop must bring the dropped indexes back.
    void emptyTargetKeepsItsSchema()
    {
        const QString path = fixture(QStringLiteral("gen_a.db"), kGenerationA, kGenerationAWalOnly);
        auto ws = workspace(QStringLiteral("empty_schema.db"));
        QVERIFY(ws);
        Database &db = ws->database();
        const QStringList before = schemaObjects(db);
        QVERIFY(before.filter(QStringLiteral("index|idx_tasks_status_rank|tasks|CREATE INDEX")).size() == 1);
        auto report = LegacyImporter::run(*ws, path);
        QVERIFY2(report.ok(), qPrintable(report.ok() ? QString() : report.error().message));
        QCOMPARE(schemaObjects(db), before);
        QCOMPARE(scalar(db, QStringLiteral("PRAGMA integrity_check")).toString(), QStringLiteral("ok"));
        auto differences = SchemaCheck(db).differences();
        QVERIFY(differences.ok());
        QVERIFY2(differences->isEmpty(), qPrintable(differences->join(u'\n')));
        // The rebuilt indexes serve queries: every imported task is found through each index of tasks.
        const qint64 tasks = scalar(db, QStringLiteral("SELECT count(*) FROM tasks")).toLongLong();
        QVERIFY(tasks > 0);
        for (const char *index : {"idx_tasks_status", "idx_tasks_title", "idx_tasks_created_at"}) {
            QCOMPARE(scalar(db, QStringLiteral("SELECT count(*) FROM tasks INDEXED BY %1 WHERE %2 IS NOT NULL")
                                    .arg(QLatin1String(index), QLatin1String(index).mid(10)))
                         .toLongLong(),
                     tasks);
        }
    }

    void emptyTargetIsUntouchedByCancelFailureAndDryRun()
    {
        const QString path = fixture(QStringLiteral("gen_a.db"), kGenerationA, kGenerationAWalOnly);
        auto ws = workspace(QStringLiteral("empty_stop.db"));
        QVERIFY(ws);
        Database &db = ws->database();
        const QStringList schema = schemaObjects(db);
        const QByteArray before = databaseChecksum(db);

        // The dependencies' indexes are dropped while they are written (the tasks' never are: the staging thread
        // builds its own), and every table's are back before the commit.
        stopImportEachWay(*ws, path, [&](const char *) {
            QCOMPARE(schemaObjects(db), schema);
            QCOMPARE(databaseChecksum(db), before);
        });
        if (QTest::currentTestFailed()) {
            return;
        }

        // And the same import then runs to the end, with the schema it started from.
        auto report = LegacyImporter::run(*ws, path);
        QVERIFY2(report.ok(), qPrintable(report.ok() ? QString() : report.error().message));
        QCOMPARE(schemaObjects(db), schema);
        QCOMPARE(scalar(db, QStringLiteral("PRAGMA integrity_check")).toString(), QStringLiteral("ok"));
    }

    // The import runs with foreign keys off (it checks every reference itself before the commit) and, when its
    // connection is the only one on the file, with a rollback journal instead of WAL. Both come back whatever the
    // outcome, and with another connection open the import simply stays in WAL.
    void connectionSettingsComeBackAfterEveryOutcome()
    {
        const QString path = fixture(QStringLiteral("gen_a.db"), kGenerationA, kGenerationAWalOnly);
        auto ws = workspace(QStringLiteral("settings.db"));
        QVERIFY(ws);
        Database &db = ws->database();
        QVERIFY(DemoProject::load(ws->service()).ok());
        auto settings = [&db] {
            return scalar(db, QStringLiteral("PRAGMA foreign_keys")).toString() + u' ' +
                   scalar(db, QStringLiteral("PRAGMA journal_mode")).toString();
        };
        const QString normal = QStringLiteral("1 wal");
        QCOMPARE(settings(), normal);
        QString during;
        stopImportEachWay(
            *ws, path,
            [&](const char *) {
                QCOMPARE(during, QStringLiteral("0 delete"));
                QCOMPARE(settings(), normal);
                during.clear();
            },
            [&] { during = settings(); });
        if (QTest::currentTestFailed()) {
            return;
        }

        ImportOptions options;
        options.progressInterval = 1;
        auto watch = [&](qint64, qint64) {
            during = settings();
            return true;
        };
        {
            // A second connection on the file (the desktop app beside the CLI): SQLite refuses to leave WAL.
            auto other = Database::open(db.path());
            QVERIFY(other.ok());
            auto report = LegacyImporter::run(*ws, path, options, watch);
            QVERIFY2(report.ok(), qPrintable(report.ok() ? QString() : report.error().message));
            QCOMPARE(during, QStringLiteral("0 wal"));
            QCOMPARE(scalar(**other, QStringLiteral("SELECT count(*) FROM import_runs")).toInt(), 1);
        }
        QCOMPARE(settings(), normal);
        ImportOptions force = options;
        force.force = true;
        auto report = LegacyImporter::run(*ws, path, force, watch);
        QVERIFY2(report.ok(), qPrintable(report.ok() ? QString() : report.error().message));
        QCOMPARE(during, QStringLiteral("0 delete"));
        QCOMPARE(settings(), normal);
        QCOMPARE(scalar(db, QStringLiteral("SELECT count(*) FROM pragma_foreign_key_check")).toInt(), 0);
        QCOMPARE(scalar(db, QStringLiteral("PRAGMA integrity_check")).toString(), QStringLiteral("ok"));
    }

    // A second thread writes the tasks into a scratch database, which the target's connection attaches to copy them.
    // Where SQLite cannot transfer the table whole (a trigger on tasks), the copy goes row by row to the same result;
    // a failure on that thread fails the import like any other; the scratch database is detached whatever happens.
    void stagedTasksArriveWhateverTheCopyPath()
    {
        const QString path = fixture(QStringLiteral("gen_a.db"), kGenerationA, kGenerationAWalOnly);
        auto taskRows = [](Database &db) {
            QSqlQuery q(db.connection());
            q.exec(QStringLiteral("SELECT group_concat(id || '|' || title || '|' || status || '|' || "
                                  "coalesce(parent_task_id, '') || '|' || created_at, ';') "
                                  "FROM (SELECT * FROM tasks ORDER BY id)"));
            q.next();
            return q.value(0).toByteArray();
        };
        auto attached = [](Database &db) {
            return scalar(db, QStringLiteral("SELECT group_concat(name) FROM pragma_database_list")).toString();
        };

        auto plain = workspace(QStringLiteral("staged_plain.db"));
        QVERIFY(plain);
        auto report = LegacyImporter::run(*plain, path);
        QVERIFY2(report.ok(), qPrintable(report.ok() ? QString() : report.error().message));
        verifyImport(*plain, *report, path, kGenerationAReasons);
        QVERIFY(!attached(plain->database()).contains(QStringLiteral("taskorch_staged")));

        auto triggered = workspace(QStringLiteral("staged_trigger.db"));
        QVERIFY(triggered);
        QVERIFY(triggered->database()
                    .exec(QStringLiteral("CREATE TRIGGER count_new_tasks AFTER INSERT ON tasks "
                                         "BEGIN SELECT 1; END"))
                    .ok());
        report = LegacyImporter::run(*triggered, path);
        QVERIFY2(report.ok(), qPrintable(report.ok() ? QString() : report.error().message));
        verifyImport(*triggered, *report, path, kGenerationAReasons);
        QCOMPARE(taskRows(triggered->database()), taskRows(plain->database()));
        QVERIFY(!attached(triggered->database()).contains(QStringLiteral("taskorch_staged")));

        // An index someone added that the legacy rows break: building it on the staging thread fails.
        auto unique = workspace(QStringLiteral("staged_unique.db"));
        QVERIFY(unique);
        QVERIFY(DemoProject::load(unique->service()).ok());
        QVERIFY(unique->database()
                    .exec(QStringLiteral("CREATE UNIQUE INDEX demo_tasks_only ON tasks "
                                         "((CASE WHEN id <= %1 THEN id ELSE 0 END))")
                              .arg(DemoProject::taskCount))
                    .ok());
        const QByteArray before = databaseChecksum(unique->database());
        report = LegacyImporter::run(*unique, path);
        QVERIFY(!report.ok());
        QCOMPARE(report.error().code, core::ErrorCode::Storage);
        QVERIFY2(report.error().message.contains(QStringLiteral("stage")), qPrintable(report.error().message));
        QCOMPARE(databaseChecksum(unique->database()), before);
        QVERIFY(!attached(unique->database()).contains(QStringLiteral("taskorch_staged")));
    }

    void emptyTargetWithABusyConnectionKeepsItsIndexes()
    {
        // A statement of the target's connection still reading makes SQLite refuse to drop an index; the import
        // then maintains the indexes row by row instead and ends the same way.
        const QString path = fixture(QStringLiteral("gen_a.db"), kGenerationA, kGenerationAWalOnly);
        auto ws = workspace(QStringLiteral("empty_busy.db"));
        QVERIFY(ws);
        Database &db = ws->database();
        const QStringList schema = schemaObjects(db);
        QSqlQuery reading(db.connection());
        QVERIFY(reading.exec(QStringLiteral("SELECT version FROM schema_migrations ORDER BY version")));
        QVERIFY(reading.next());
        auto report = LegacyImporter::run(*ws, path);
        QVERIFY2(report.ok(), qPrintable(report.ok() ? QString() : report.error().message));
        QVERIFY(reading.next());
        reading.finish();
        QCOMPARE(schemaObjects(db), schema);
        QCOMPARE(scalar(db, QStringLiteral("PRAGMA integrity_check")).toString(), QStringLiteral("ok"));
        verifyImport(*ws, *report, path, kGenerationAReasons);
    }

    // Every import drops the statistics log's triggers on tasks and task_progress and creates them again before the
    // commit: the log gets one NULL entry for the whole import, and the triggers log the next writes again.
    void importLogsOneStatisticsEntry()
    {
        const QString path = fixture(QStringLiteral("gen_a.db"), kGenerationA, kGenerationAWalOnly);
        auto ws = workspace(QStringLiteral("statistics_log.db"));
        QVERIFY(ws);
        Database &db = ws->database();
        const QStringList before = triggers(db);
        QCOMPARE(
            before.filter(QRegularExpression(QStringLiteral("^statistics_changes_\\w+\\|(tasks|task_progress)\\|")))
                .size(),
            6);
        const qint64 seq = lastStatisticsSeq(db);
        auto report = LegacyImporter::run(*ws, path);
        QVERIFY2(report.ok(), qPrintable(report.ok() ? QString() : report.error().message));
        QCOMPARE(triggers(db), before);
        QStringList added = statisticsLog(db, seq);
        QCOMPARE(added.size(), 1);
        QVERIFY2(added[0].endsWith(QStringLiteral("|<null>")), qPrintable(added[0]));

        // The triggers log this connection's next write.
        const qint64 id = targetId(db, report->runId, QStringLiteral("tasks"), 1);
        QVERIFY(id > 0);
        const qint64 afterImport = lastStatisticsSeq(db);
        QVERIFY(db.exec(QStringLiteral("UPDATE tasks SET status = 'completed' WHERE id = %1").arg(id)).ok());
        added = statisticsLog(db, afterImport);
        QCOMPARE(added.size(), 1);
        QCOMPARE(added[0].section(u'|', 1), QString::number(id));

        // Into tables that already hold rows, the same.
        ImportOptions force;
        force.force = true;
        const qint64 beforeSecond = lastStatisticsSeq(db);
        report = LegacyImporter::run(*ws, path, force);
        QVERIFY2(report.ok(), qPrintable(report.ok() ? QString() : report.error().message));
        QCOMPARE(triggers(db), before);
        added = statisticsLog(db, beforeSecond);
        QCOMPARE(added.size(), 1);
        QVERIFY2(added[0].endsWith(QStringLiteral("|<null>")), qPrintable(added[0]));
    }

    void statisticsLogIsUntouchedByCancelFailureAndDryRun()
    {
        const QString path = fixture(QStringLiteral("gen_a.db"), kGenerationA, kGenerationAWalOnly);
        auto ws = workspace(QStringLiteral("statistics_stop.db"));
        QVERIFY(ws);
        Database &db = ws->database();
        QVERIFY(DemoProject::load(ws->service()).ok());
        const QStringList schema = triggers(db);
        const QStringList log = statisticsLog(db);
        QVERIFY(!log.isEmpty());
        const QByteArray before = databaseChecksum(db);

        // The log's triggers are dropped while the tasks and the progress are written, and the import logs itself
        // just before the commit: the cancel, the dry run and the failure all come after some of that.
        stopImportEachWay(*ws, path, [&](const char *) {
            QCOMPARE(triggers(db), schema);
            QCOMPARE(statisticsLog(db), log);
            QCOMPARE(databaseChecksum(db), before);
        });
    }

    void importWithoutAStatisticsLog()
    {
        // A schema from before migration 0005 has neither the log nor its triggers; the import leaves it so.
        const QString path = fixture(QStringLiteral("gen_a.db"), kGenerationA, kGenerationAWalOnly);
        auto ws = workspace(QStringLiteral("statistics_none.db"));
        QVERIFY(ws);
        Database &db = ws->database();
        for (const QString &name : triggers(db)) {
            if (name.startsWith(QStringLiteral("statistics_changes_"))) {
                QVERIFY(db.exec(QStringLiteral("DROP TRIGGER ") + name.section(u'|', 0, 0)).ok());
            }
        }
        QVERIFY(db.exec(QStringLiteral("DROP TABLE statistics_changes")).ok());
        const QStringList schema = schemaObjects(db);
        auto report = LegacyImporter::run(*ws, path);
        QVERIFY2(report.ok(), qPrintable(report.ok() ? QString() : report.error().message));
        QCOMPARE(schemaObjects(db), schema);
    }

    void rowsThatBreakTheModelAreNeverCommitted_data()
    {
        QTest::addColumn<QString>("table");
        QTest::addColumn<QString>("corruption");
        QTest::addColumn<QString>("column");
        QTest::newRow("unknown comment type") << "task_comments"
                                              << "comment_type = 'rant'"
                                              << "comment_type";
        QTest::newRow("unknown relation") << "task_dependencies"
                                          << "relation = 'XX'"
                                          << "relation";
        // On one row only: two edges of one task made self-dependencies would be refused as duplicates.
        QTest::newRow("self-dependency")
            << "task_dependencies"
            << "depends_on_task_id = iif(id = (SELECT min(id) FROM task_dependencies), task_id, depends_on_task_id)"
            << "depends_on_task_id";
        QTest::newRow("lag out of range") << "task_dependencies"
                                          << "lag_hours = 20000"
                                          << "lag_hours";
        QTest::newRow("progress above 100") << "task_progress"
                                            << "progress_percentage = 101"
                                            << "progress_percentage";
        QTest::newRow("comment on a missing task") << "task_comments"
                                                   << "task_id = task_id + 1000000"
                                                   << "task_id";
        // The tasks are written and checked by a second thread before they are copied; a trigger that changes them
        // on the way into the target is caught as well.
        QTest::newRow("unknown task complexity") << "tasks"
                                                 << "complexity = 'epic'"
                                                 << "complexity";
        QTest::newRow("legacy task status") << "tasks"
                                            << "status = 'done'"
                                            << "status";
    }

    void rowsThatBreakTheModelAreNeverCommitted()
    {
        // The import compiles its inserts without CHECK constraints and verifies the written rows itself; a trigger
        // that corrupts a written row stands in for a bug in the normalisation.
        QFETCH(QString, table);
        QFETCH(QString, corruption);
        QFETCH(QString, column);
        const QString path = fixture(QStringLiteral("gen_a.db"), kGenerationA, kGenerationAWalOnly);
        auto ws = workspace(QStringLiteral("corrupt-%1-%2.db").arg(table, column));
        QVERIFY(ws);
        QVERIFY(ws->database()
                    .exec(QStringLiteral("CREATE TRIGGER corrupt AFTER INSERT ON %1 BEGIN UPDATE %1 SET %2 WHERE id = "
                                         "NEW.id; END")
                              .arg(table, corruption))
                    .ok());
        const QByteArray before = databaseChecksum(ws->database());
        auto report = LegacyImporter::run(*ws, path);
        QVERIFY(!report.ok());
        QCOMPARE(report.error().code, core::ErrorCode::Invalid);
        QVERIFY2(report.error().message.contains(QStringLiteral("a %1 row").arg(table)) &&
                     report.error().message.contains(QStringLiteral("whose %1 breaks the data model").arg(column)),
                 qPrintable(report.error().message));
        QCOMPARE(databaseChecksum(ws->database()), before);
        // The connection's own statements still check: a direct insert of a bad value is refused.
        QVERIFY(ws->database().exec(QStringLiteral("DROP TRIGGER corrupt")).ok());
        core::Task task;
        task.title = QStringLiteral("A task");
        task.componentArea = QStringLiteral("Testing");
        auto id = ws->service().createTask(task);
        QVERIFY(id.ok());
        const core::Status bad = ws->database().exec(
            QStringLiteral("INSERT INTO task_comments (task_id, comment, comment_type, created_at) VALUES (%1, 'x', "
                           "'rant', '2025-01-01T00:00:00.000Z')")
                .arg(*id));
        QVERIFY(!bad.ok());
        QVERIFY2(bad.error().detail.contains(QStringLiteral("CHECK constraint failed")),
                 qPrintable(bad.error().detail));
    }

    // -- refusals ------------------------------------------------------------------------------------------------

    void refusesWhatIsNotALegacyTracker()
    {
        auto ws = workspace(QStringLiteral("refusals.db"));
        QVERIFY(ws);
        QVERIFY(DemoProject::load(ws->service()).ok());
        const QByteArray before = databaseChecksum(ws->database());

        const QString text = m_dir.filePath(QStringLiteral("notes.txt"));
        {
            QFile f(text);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("these are my notes, not a database\n");
        }
        auto notSqlite = LegacyImporter::run(*ws, text);
        QCOMPARE(notSqlite.error().code, core::ErrorCode::Storage);
        QVERIFY(notSqlite.error().message.contains(QStringLiteral("not an SQLite database")));

        const QString empty = m_dir.filePath(QStringLiteral("empty.db"));
        QFile(empty).open(QIODevice::WriteOnly);
        QCOMPARE(LegacyImporter::run(*ws, empty).error().code, core::ErrorCode::Storage);

        const QString noTasks = m_dir.filePath(QStringLiteral("no_tasks.db"));
        QVERIFY(writeFixture(noTasks, "CREATE TABLE jobs (id INTEGER PRIMARY KEY, title TEXT); "
                                      "INSERT INTO jobs VALUES (1, 'x');"));
        auto missingTable = LegacyImporter::run(*ws, noTasks);
        QCOMPARE(missingTable.error().code, core::ErrorCode::Invalid);
        QVERIFY(missingTable.error().message.contains(QStringLiteral("no tasks table")));

        // A TaskOrch database has a tasks table too, but it is opened, not imported.
        auto itself = LegacyImporter::run(*ws, ws->database().path());
        QCOMPARE(itself.error().code, core::ErrorCode::Invalid);
        QVERIFY(itself.error().message.contains(QStringLiteral("TaskOrch database")));

        auto missing = LegacyImporter::run(*ws, m_dir.filePath(QStringLiteral("nowhere.db")));
        QCOMPARE(missing.error().code, core::ErrorCode::NotFound);

        const QString damaged = m_dir.filePath(QStringLiteral("damaged.db"));
        {
            QFile f(damaged);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(QByteArray("SQLite format 3\0", 16) + QByteArray(4080, '\xff'));
        }
        QCOMPARE(LegacyImporter::run(*ws, damaged).error().code, core::ErrorCode::Storage);

        QCOMPARE(databaseChecksum(ws->database()), before);
    }

    // A killed import leaves its private copy behind, as large as the legacy file. The next import removes such
    // copies and only those: a running import's copy, a folder being created this instant and other folders stay.
    void abandonedCopiesAreRemovedByTheNextImport()
    {
        const QString path = fixture(QStringLiteral("gen_a.db"), kGenerationA, kGenerationAWalOnly);
        QTemporaryDir scratch;
        QVERIFY(scratch.isValid());
        const QByteArray oldTmp = qgetenv("TMPDIR");
        qputenv("TMPDIR", QFile::encodeName(scratch.path()));
        auto restoreTmp = qScopeGuard([&oldTmp] {
            if (oldTmp.isNull()) {
                qunsetenv("TMPDIR");
            } else {
                qputenv("TMPDIR", oldTmp);
            }
        });
        const QDir tmp(QDir::tempPath());
        QCOMPARE(QFileInfo(tmp.path()).canonicalFilePath(), QFileInfo(scratch.path()).canonicalFilePath());
        auto makeFolder = [&tmp](const QString &name, bool withLockFile) {
            if (!tmp.mkpath(name)) {
                return false;
            }
            QFile copy(tmp.filePath(name + QStringLiteral("/legacy.db")));
            if (!copy.open(QIODevice::WriteOnly) || copy.write(QByteArray(64 * 1024, 'x')) != 64 * 1024) {
                return false;
            }
            QFile lock(tmp.filePath(name + QStringLiteral("/owner.lock")));
            return !withLockFile || lock.open(QIODevice::WriteOnly);
        };
        QVERIFY(makeFolder(QStringLiteral("taskorch-import-killed"), true)); // its lock died with its process
        QVERIFY(tmp.mkpath(QStringLiteral("taskorch-import-emptied"))); // killed as it created or removed its folder
        QVERIFY(makeFolder(QStringLiteral("taskorch-import-starting"), false));
        QVERIFY(makeFolder(QStringLiteral("taskorch-import-running"), true));
        QVERIFY(makeFolder(QStringLiteral("someone-elses"), true));
        // The running import's lock, as another process would hold it.
        const int running =
            ::open(QFile::encodeName(tmp.filePath(QStringLiteral("taskorch-import-running/owner.lock"))).constData(),
                   O_RDWR | O_CLOEXEC);
        QVERIFY(running >= 0);
        auto release = qScopeGuard([running] { ::close(running); });
        QCOMPARE(::flock(running, LOCK_EX | LOCK_NB), 0);

        auto ws = workspace(QStringLiteral("sweep.db"));
        QVERIFY(ws);
        auto folders = [&tmp] {
            QStringList names = tmp.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
            return names;
        };
        QStringList during;
        auto report = LegacyImporter::run(*ws, path, {}, [&](qint64, qint64) {
            if (during.isEmpty()) {
                during = folders();
            }
            return true;
        });
        QVERIFY2(report.ok(), qPrintable(report.ok() ? QString() : report.error().message));
        const QStringList kept{QStringLiteral("someone-elses"), QStringLiteral("taskorch-import-running"),
                               QStringLiteral("taskorch-import-starting")};
        QCOMPARE(folders(), kept);
        // While it ran, the import had its own copy (and the killed one was already gone).
        QCOMPARE(during.size(), kept.size() + 1);
        QVERIFY(!during.contains(QStringLiteral("taskorch-import-killed")));
        QVERIFY(!during.contains(QStringLiteral("taskorch-import-emptied")));
        const QStringList own = QStringList(during).filter(QRegularExpression(QStringLiteral("^taskorch-import-")));
        QCOMPARE(own.size(), 3);

        // Once the running import's process is gone, its copy goes at the next sweep.
        release.dismiss();
        ::close(running);
        QCOMPARE(legacy::LegacySource::removeAbandonedCopies(), 1);
        QCOMPARE(folders(), (QStringList{QStringLiteral("someone-elses"), QStringLiteral("taskorch-import-starting")}));
    }

    void refusesALockedFile()
    {
        const QString path = m_dir.filePath(QStringLiteral("locked.db"));
        QVERIFY(writeFixture(path, kGenerationB));
        const QStringList before = sourceHashes(path);
        auto ws = workspace(QStringLiteral("locked_target.db"));
        QVERIFY(ws);
        const QByteArray target = databaseChecksum(ws->database());
        {
            ForeignWriter writer;
            QVERIFY(writer.lock(path));
            auto report = LegacyImporter::run(*ws, path);
            QVERIFY(!report.ok());
            QCOMPARE(report.error().code, core::ErrorCode::Storage);
            QVERIFY2(report.error().message.contains(QStringLiteral("locked")), qPrintable(report.error().message));
        }
        QCOMPARE(databaseChecksum(ws->database()), target);
        QCOMPARE(sourceHashes(path), before);
        // Once the writer is gone, the same file imports.
        QVERIFY(LegacyImporter::run(*ws, path).ok());
    }

    void refusesAnUnreadableFile()
    {
        if (::geteuid() == 0) {
            QSKIP("permissions do not stop root");
        }
        const QString path = m_dir.filePath(QStringLiteral("secret.db"));
        QVERIFY(writeFixture(path, kGenerationB));
        QFile::setPermissions(path, QFileDevice::Permissions());
        auto ws = workspace(QStringLiteral("secret_target.db"));
        auto report = LegacyImporter::run(*ws, path);
        QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner);
        QCOMPARE(report.error().code, core::ErrorCode::Storage);
    }

    void refusesAnUnmigratedTarget()
    {
        Workspace::Options options;
        options.migrate = false;
        auto ws = Workspace::open(m_dir.filePath(QStringLiteral("unmigrated.db")), options);
        QVERIFY(ws.ok());
        auto report = LegacyImporter::run(**ws, realFile());
        QCOMPARE(report.error().code, core::ErrorCode::Invalid);
    }

    void reportJsonShape()
    {
        ImportReport report;
        report.runId = 7;
        report.generation = QStringLiteral("A");
        ImportTableReport t;
        t.table = QStringLiteral("task_dependencies");
        t.read = 5;
        t.imported = 3;
        t.normalised = 1;
        t.quarantined[QStringLiteral("cycle")] = 2;
        report.tables << t;
        const QJsonObject json = report.toJson();
        QCOMPARE(json.keys(), (QStringList{"generation", "run_id", "tables"}));
        const QJsonObject table = json.value(QStringLiteral("tables")).toObject().value(t.table).toObject();
        QCOMPARE(table.keys(), (QStringList{"imported", "normalised", "quarantined", "read"}));
        QCOMPARE(table.value(QStringLiteral("quarantined")).toObject().value(QStringLiteral("cycle")).toInt(), 2);
        QCOMPARE(json.value(QStringLiteral("run_id")).toInteger(), 7);
        QCOMPARE(LegacyImporter::quarantineReasons().size(), 6);
    }

    // Found by tests/fuzz/fuzz_LegacyImporter: in a damaged file, count(*) (which SQLite takes from the smallest
    // index) and a scan of the table can disagree without SQLite reporting an error. The report then said read 4,
    // imported 0, quarantined 0 (rows lost), or progress went past its total (32 of 24) when the scan found more.
    void refusesATableWhoseCountAndScanDisagree_data()
    {
        QTest::addColumn<QByteArray>("page"); // whose b-tree leaf loses cells: the table's or its index's
        QTest::addColumn<qint64>("counted");
        QTest::addColumn<int>("scanned");

        QTest::newRow("the scan finds fewer rows") << QByteArray("table") << qint64(3) << 0;
        QTest::newRow("the scan finds more rows") << QByteArray("index") << qint64(1) << 3;
    }

    void refusesATableWhoseCountAndScanDisagree()
    {
        QFETCH(QByteArray, page);
        QFETCH(qint64, counted);
        QFETCH(int, scanned);

        const QString path = m_dir.filePath(QStringLiteral("count_mismatch_%1.db").arg(QLatin1String(page)));
        QVERIFY(writeFixture(path,
                             "PRAGMA page_size = 512; "
                             "CREATE TABLE tasks (id INTEGER PRIMARY KEY, uuid TEXT UNIQUE, title TEXT); "
                             "INSERT INTO tasks VALUES (1, 'u-1', 'One'), (2, 'u-2', 'Two'), (3, 'u-3', 'Three');"));
        qint64 root = 0;
        {
            const SourceCopy source(path);
            root = source.scalar("SELECT rootpage FROM sqlite_master WHERE type = '" + page + "'").toLongLong();
        }
        QVERIFY(root > 1);
        {
            // The one leaf page of the table or of the index now says it holds `counted` or no cells (b-tree page
            // header bytes 3–4, big-endian).
            QFile f(path);
            QVERIFY(f.open(QIODevice::ReadWrite));
            QVERIFY(f.seek((root - 1) * 512 + 3));
            const char cells[2] = {0, char(page == "index" ? counted : 0)};
            QCOMPARE(f.write(cells, 2), 2);
        }
        {
            const SourceCopy source(path);
            QCOMPARE(source.scalar("SELECT count(*) FROM tasks").toLongLong(), counted);
            QCOMPARE(source.rows("SELECT title FROM tasks").size(), scanned);
        }

        auto ws = workspace(QStringLiteral("count_mismatch_%1_target.db").arg(QLatin1String(page)));
        QVERIFY(ws);
        const QByteArray before = databaseChecksum(ws->database());
        ImportOptions options;
        options.progressInterval = 1;
        qint64 beyondTotal = 0;
        auto report = LegacyImporter::run(*ws, path, options, [&](qint64 done, qint64 total) {
            beyondTotal = std::max(beyondTotal, done - total);
            return true;
        });
        QVERIFY(!report.ok());
        QCOMPARE(report.error().code, core::ErrorCode::Storage);
        QVERIFY2(report.error().message.contains(QStringLiteral("is damaged")), qPrintable(report.error().message));
        QCOMPARE(beyondTotal, 0);
        QCOMPARE(databaseChecksum(ws->database()), before);
    }
};

QTEST_GUILESS_MAIN(TestLegacyImporter)
#include "tst_LegacyImporter.moc"
