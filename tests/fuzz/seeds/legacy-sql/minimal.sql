-- The least a legacy tracker can be: a tasks table, one row, nothing else.
CREATE TABLE tasks (id INTEGER PRIMARY KEY, title TEXT);
INSERT INTO tasks VALUES (1, 'Only a title');
