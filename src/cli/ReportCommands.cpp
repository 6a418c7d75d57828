// SPDX-License-Identifier: GPL-3.0-or-later
#include "Commands.h"

#include "ExportCommand.h"
#include "JsonOutput.h"
#include "LegacyCommands.h"
#include "SchedulingCommands.h"

#include <QJsonArray>

namespace taskorch::cli {

void StatsCommand::configure(QCommandLineParser &) {}

int StatsCommand::execute(const QCommandLineParser &, CliContext &context)
{
    auto ws = openWorkspace(context);
    if (!ws) {
        return ExitStorage;
    }
    auto stats = ws->service().statistics();
    if (!stats) {
        return fail(context, stats.error());
    }
    if (context.json) {
        printJson(context, stats->toJson());
        return ExitOk;
    }
    const core::ProjectStatistics &s = *stats;
    QTextStream &out = context.out;
    out << "Tasks:        " << s.totalTasks << '\n'
        << "  completed:  " << s.completedTasks << " (" << s.completionPercentage << "%)\n"
        << "  in progress:" << ' ' << s.inProgressTasks << '\n'
        << "  blocked:    " << s.blockedTasks << '\n'
        << "  not started:" << ' ' << s.notStartedTasks << '\n'
        << "  failed:     " << s.failedTasks << '\n'
        << "Hours:        " << s.totalEstimatedHours << " estimated, " << s.completedHours << " completed, "
        << s.remainingHours << " remaining (" << s.progressPercentage << "%)\n"
        << "Phases:\n";
    for (const auto &p : s.phaseBreakdown) {
        out << "  Phase " << p.phase << ": " << p.completed << "/" << p.count << '\n';
    }
    out << "Components:\n";
    for (const auto &c : s.componentBreakdown) {
        out << "  " << c.area.leftJustified(20) << ' ' << c.completed << "/" << c.count << '\n';
    }
    out.flush();
    return ExitOk;
}

void ReadyCommand::configure(QCommandLineParser &parser)
{
    parser.addOption({QStringLiteral("limit"), QStringLiteral("At most N tasks."), QStringLiteral("N")});
}

int ReadyCommand::execute(const QCommandLineParser &parser, CliContext &context)
{
    int limit = 0;
    if (parser.isSet(QStringLiteral("limit"))) {
        bool ok = false;
        limit = parser.value(QStringLiteral("limit")).toInt(&ok);
        if (!ok || limit < 0) {
            return fail(context, core::makeError(ErrorCode::Invalid, QStringLiteral("--limit must be a number ≥ 0")));
        }
    }
    auto ws = openWorkspace(context);
    if (!ws) {
        return ExitStorage;
    }
    auto tasks = ws->service().readyTasks(limit);
    if (!tasks) {
        return fail(context, tasks.error());
    }
    if (context.json) {
        QJsonArray rows;
        for (const auto &t : *tasks) {
            rows.append(toJson(t));
        }
        printJson(context, rows);
        return ExitOk;
    }
    for (const auto &t : *tasks) {
        context.out << QStringLiteral("%1  %2 %3 %4")
                           .arg(t.id, 6)
                           .arg(core::toString(t.priority), -9)
                           .arg(t.componentArea, -18)
                           .arg(t.title)
                    << '\n';
    }
    context.out << tasks->size() << " ready task(s)" << Qt::endl;
    return ExitOk;
}

void BlockedCommand::configure(QCommandLineParser &) {}

int BlockedCommand::execute(const QCommandLineParser &, CliContext &context)
{
    auto ws = openWorkspace(context);
    if (!ws) {
        return ExitStorage;
    }
    auto blocked = ws->service().blockedTasks();
    if (!blocked) {
        return fail(context, blocked.error());
    }
    if (context.json) {
        QJsonArray rows;
        for (const auto &b : *blocked) {
            QJsonObject o = toJson(b.task);
            o.insert(QStringLiteral("blocked_by"), QJsonArray::fromStringList(b.blockingTitles));
            rows.append(o);
        }
        printJson(context, rows);
        return ExitOk;
    }
    for (const auto &b : *blocked) {
        context.out << QStringLiteral("%1  %2  blocked by: %3")
                           .arg(b.task.id, 6)
                           .arg(b.task.title, b.blockingTitles.join(QStringLiteral("; ")))
                    << '\n';
    }
    context.out << blocked->size() << " blocked task(s)" << Qt::endl;
    return ExitOk;
}

std::vector<std::unique_ptr<Command>> allCommands()
{
    std::vector<std::unique_ptr<Command>> all;
    all.push_back(std::make_unique<InitCommand>());
    all.push_back(std::make_unique<DemoCommand>());
    all.push_back(std::make_unique<MigrateStatusCommand>());
    all.push_back(std::make_unique<MigrateUpCommand>());
    all.push_back(std::make_unique<MigrateDownCommand>());
    all.push_back(std::make_unique<CheckSchemaCommand>());
    all.push_back(std::make_unique<TaskAddCommand>());
    all.push_back(std::make_unique<TaskListCommand>());
    all.push_back(std::make_unique<TaskShowCommand>());
    all.push_back(std::make_unique<TaskSetStatusCommand>());
    all.push_back(std::make_unique<TaskDeleteCommand>());
    all.push_back(std::make_unique<DepAddCommand>());
    all.push_back(std::make_unique<DepRemoveCommand>());
    all.push_back(std::make_unique<CommentAddCommand>());
    all.push_back(std::make_unique<StatsCommand>());
    all.push_back(std::make_unique<ReadyCommand>());
    all.push_back(std::make_unique<BlockedCommand>());
    all.push_back(std::make_unique<CriticalPathCommand>());
    all.push_back(std::make_unique<ExplainCommand>());
    all.push_back(std::make_unique<PlanCommand>());
    all.push_back(std::make_unique<ExecStartGroupCommand>());
    all.push_back(std::make_unique<ExecStartTaskCommand>());
    all.push_back(std::make_unique<ExecCompleteTaskCommand>());
    all.push_back(std::make_unique<ExecFailTaskCommand>());
    all.push_back(std::make_unique<ExecLogCommand>());
    all.push_back(std::make_unique<ImportLegacyCommand>());
    all.push_back(std::make_unique<ExportCommand>());
    return all;
}

} // namespace taskorch::cli
