// SPDX-License-Identifier: GPL-3.0-or-later
#include "TestSupport.h"

#include <QDir>
#include <QFile>
#include <QProcess>

#include <sqlite3.h>

namespace taskorch::test {

QString sourcePath(const QString &relative)
{
    return QDir(qEnvironmentVariable("TASKORCH_SOURCE_DIR")).filePath(relative);
}

CliRun runCli(const QStringList &args, const QProcessEnvironment &env)
{
    QProcess process;
    process.setProcessEnvironment(env);
    process.start(qEnvironmentVariable("TASKORCH_CLI"), args);
    CliRun run;
    if (!process.waitForFinished(60000) || process.exitStatus() != QProcess::NormalExit) {
        run.err = QStringLiteral("taskorch-cli did not finish: ") + process.errorString();
        return run;
    }
    run.exitCode = process.exitCode();
    run.out = QString::fromUtf8(process.readAllStandardOutput());
    run.err = QString::fromUtf8(process.readAllStandardError());
    return run;
}

bool writeSqliteFile(const QString &path, const char *sql)
{
    sqlite3 *db = nullptr;
    const bool ok = sqlite3_open(QFile::encodeName(path).constData(), &db) == SQLITE_OK &&
                    sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK;
    sqlite3_close(db);
    return ok;
}

const char kSmallLegacyTracker[] = R"SQL(
CREATE TABLE tasks (id INTEGER PRIMARY KEY, title TEXT NOT NULL, component_area TEXT, phase INTEGER,
                    priority TEXT, complexity TEXT, status TEXT, time_estimate_hours REAL, parent_task_id INTEGER,
                    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP, updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP);
CREATE TABLE task_dependencies (id INTEGER PRIMARY KEY, task_id INTEGER, depends_on_task_id INTEGER,
                                dependency_type TEXT DEFAULT 'blocks', created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP);
INSERT INTO tasks (id, title, component_area, phase, priority, complexity, status, time_estimate_hours) VALUES
 (1, 'Install dependencies', 'Environment', 1, 'Critical', 'Low', 'done', 0.5),
 (2, 'Create structure', 'Architecture', 1, 'High', 'Medium', 'in_progress', 1.0);
INSERT INTO task_dependencies (id, task_id, depends_on_task_id) VALUES (1, 2, 1), (2, 2, 2), (3, 2, 9);
)SQL";

QString seriesDifference(const core::StatisticsSeries &got, const core::StatisticsSeries &expected)
{
    const auto json = [](const core::StatisticsSeries &s) { return s.projectStatistics().toJson(); };
    if (json(got) != json(expected)) {
        return QStringLiteral("project figures differ");
    }
    if (got.components.size() != expected.components.size()) {
        return QStringLiteral("%1 components, expected %2").arg(got.components.size()).arg(expected.components.size());
    }
    for (int i = 0; i < expected.components.size(); ++i) {
        const core::StackedCategory &g = got.components[i];
        const core::StackedCategory &e = expected.components[i];
        if (g.label != e.label || g.counts != e.counts || g.estimatedHours != e.estimatedHours ||
            g.completedHours != e.completedHours) {
            return QStringLiteral("component %1 (%2) differs from %3").arg(i).arg(g.label, e.label);
        }
    }
    const core::BurnUp &g = got.burnUp;
    const core::BurnUp &e = expected.burnUp;
    if (g.days != e.days || g.scopeHours != e.scopeHours || g.completedHours != e.completedHours ||
        g.earnedHours != e.earnedHours) {
        return QStringLiteral("burn-up differs (%1 days, expected %2)").arg(g.days.size()).arg(e.days.size());
    }
    return {};
}

} // namespace taskorch::test
