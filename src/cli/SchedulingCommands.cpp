// SPDX-License-Identifier: GPL-3.0-or-later
#include "SchedulingCommands.h"

#include "JsonOutput.h"
#include "Timestamp.h"

#include <QJsonArray>

namespace taskorch::cli {

using core::minutesToHours;

namespace {

QJsonValue idOrNull(const std::optional<qint64> &id)
{
    return id ? QJsonValue(*id) : QJsonValue(QJsonValue::Null);
}

QString h(qint64 minutes)
{
    return QString::number(minutesToHours(minutes), 'f', 2);
}

std::optional<core::ScheduleMode> modeOption(const QCommandLineParser &parser)
{
    const QString text = parser.value(QStringLiteral("mode"));
    if (text.isEmpty()) {
        return core::ScheduleMode::Plan;
    }
    return core::fromString<core::ScheduleMode>(text);
}

} // namespace

void CriticalPathCommand::configure(QCommandLineParser &parser)
{
    parser.addOption({QStringLiteral("mode"),
                      QStringLiteral("plan (full estimates, default) or remaining (what is left of open work)."),
                      QStringLiteral("MODE")});
}

int CriticalPathCommand::execute(const QCommandLineParser &parser, CliContext &context)
{
    const auto mode = modeOption(parser);
    if (!mode) {
        return fail(context, core::makeError(ErrorCode::Invalid, QStringLiteral("--mode must be plan or remaining")));
    }
    auto ws = openWorkspace(context);
    if (!ws) {
        return ExitStorage;
    }
    auto cpm = ws->scheduling().criticalPath(*mode);
    if (!cpm) {
        return fail(context, cpm.error());
    }
    if (context.json) {
        QJsonArray path;
        for (qint64 id : cpm->criticalPath()) {
            path.append(id);
        }
        QJsonArray tasks;
        for (const core::TaskSchedule &t : cpm->tasks()) {
            tasks.append(QJsonObject{{"id", t.id},
                                     {"es", minutesToHours(t.earlyStart)},
                                     {"ef", minutesToHours(t.earlyFinish)},
                                     {"ls", minutesToHours(t.lateStart)},
                                     {"lf", minutesToHours(t.lateFinish)},
                                     {"total_slack", minutesToHours(t.totalSlack)},
                                     {"free_slack", minutesToHours(t.freeSlack)},
                                     {"critical", t.critical},
                                     {"driving_predecessor", idOrNull(t.drivingPredecessor)}});
        }
        printJson(context, QJsonObject{{"mode", core::enumToString(*mode)},
                                       {"project_duration_hours", minutesToHours(cpm->projectDurationMinutes())},
                                       {"critical_path", path},
                                       {"tasks", tasks}});
        return ExitOk;
    }
    QTextStream &out = context.out;
    QStringList path;
    for (qint64 id : cpm->criticalPath()) {
        path << QString::number(id);
    }
    out << "Project duration: " << h(cpm->projectDurationMinutes()) << " h (" << core::enumToString(*mode)
        << ")\nCritical path: " << path.join(QStringLiteral(" → ")) << "\n\n";
    out << QStringLiteral("%1 %2 %3 %4 %5 %6 %7  %8  %9\n")
               .arg(QStringLiteral("ID"), 6)
               .arg(QStringLiteral("ES"), 8)
               .arg(QStringLiteral("EF"), 8)
               .arg(QStringLiteral("LS"), 8)
               .arg(QStringLiteral("LF"), 8)
               .arg(QStringLiteral("SLACK"), 8)
               .arg(QStringLiteral("FREE"), 8)
               .arg(QStringLiteral("CRIT"))
               .arg(QStringLiteral("DRIVEN BY"));
    for (const core::TaskSchedule &t : cpm->tasks()) {
        out << QStringLiteral("%1 %2 %3 %4 %5 %6 %7  %8  %9\n")
                   .arg(t.id, 6)
                   .arg(h(t.earlyStart), 8)
                   .arg(h(t.earlyFinish), 8)
                   .arg(h(t.lateStart), 8)
                   .arg(h(t.lateFinish), 8)
                   .arg(h(t.totalSlack), 8)
                   .arg(h(t.freeSlack), 8)
                   .arg(t.critical ? QStringLiteral("yes ") : QStringLiteral("    "))
                   .arg(t.drivingPredecessor ? QString::number(*t.drivingPredecessor) : QStringLiteral("-"));
    }
    out.flush();
    return ExitOk;
}

void ExplainCommand::configure(QCommandLineParser &parser)
{
    parser.addPositionalArgument(QStringLiteral("TASK"), QStringLiteral("Task id."));
    parser.addOption({QStringLiteral("mode"), QStringLiteral("plan (default) or remaining."), QStringLiteral("MODE")});
}

int ExplainCommand::execute(const QCommandLineParser &parser, CliContext &context)
{
    const auto id =
        parser.positionalArguments().size() == 1 ? parseId(parser.positionalArguments().first()) : std::nullopt;
    if (!id) {
        return usage(context, QStringLiteral("expected one task id"));
    }
    const auto mode = modeOption(parser);
    if (!mode) {
        return fail(context, core::makeError(ErrorCode::Invalid, QStringLiteral("--mode must be plan or remaining")));
    }
    auto ws = openWorkspace(context);
    if (!ws) {
        return ExitStorage;
    }
    auto cpm = ws->scheduling().criticalPath(*mode);
    if (!cpm) {
        return fail(context, cpm.error());
    }
    auto explanation = cpm->explain(*id);
    if (!explanation) {
        return fail(context, explanation.error());
    }
    if (context.json) {
        QJsonArray chain;
        for (qint64 c : explanation->drivingChain) {
            chain.append(c);
        }
        printJson(context, QJsonObject{{"id", *id},
                                       {"critical", explanation->critical},
                                       {"total_slack", minutesToHours(explanation->totalSlackMinutes)},
                                       {"free_slack", minutesToHours(explanation->freeSlackMinutes)},
                                       {"driving_chain", chain},
                                       {"text", explanation->text}});
    } else {
        context.out << explanation->text << Qt::endl;
    }
    return ExitOk;
}

void PlanCommand::configure(QCommandLineParser &parser)
{
    parser.addOption(
        {QStringLiteral("max-parallel"), QStringLiteral("K: at most K tasks at once (1-50)."), QStringLiteral("K")});
    parser.addOption({QStringLiteral("save"), QStringLiteral("Save as execution groups, replacing pending ones.")});
}

int PlanCommand::execute(const QCommandLineParser &parser, CliContext &context)
{
    bool ok = false;
    const int k = parser.value(QStringLiteral("max-parallel")).toInt(&ok);
    if (!parser.isSet(QStringLiteral("max-parallel"))) {
        return usage(context, QStringLiteral("--max-parallel K is required"));
    }
    if (!ok) {
        return fail(context,
                    core::makeError(ErrorCode::Invalid, QStringLiteral("--max-parallel must be a number 1-50")));
    }
    auto ws = openWorkspace(context);
    if (!ws) {
        return ExitStorage;
    }
    auto plan = ws->scheduling().plan(k);
    if (!plan) {
        return fail(context, plan.error());
    }
    QList<qint64> groupIds;
    if (parser.isSet(QStringLiteral("save"))) {
        auto saved = ws->scheduling().savePlan(*plan);
        if (!saved) {
            return fail(context, saved.error());
        }
        groupIds = *saved;
    }
    if (context.json) {
        QJsonArray groups;
        for (int i = 0; i < plan->groups.size(); ++i) {
            const core::PlanGroup &g = plan->groups[i];
            QJsonArray ids;
            for (qint64 id : g.taskIds()) {
                ids.append(id);
            }
            QJsonObject o{
                {"position", g.position}, {"task_ids", ids}, {"duration_hours", minutesToHours(g.durationMinutes)}};
            if (i < groupIds.size()) {
                o.insert(QStringLiteral("group_id"), groupIds[i]);
            }
            groups.append(o);
        }
        QJsonArray flow;
        for (const core::FlowEntry &f : plan->flow) {
            flow.append(QJsonObject{{"id", f.id},
                                    {"start_hours", minutesToHours(f.start)},
                                    {"finish_hours", minutesToHours(f.finish)},
                                    {"lane", f.lane}});
        }
        printJson(context, QJsonObject{{"max_parallel", plan->maxParallel},
                                       {"lower_bound_hours", minutesToHours(plan->lowerBoundMinutes)},
                                       {"flow_makespan_hours", minutesToHours(plan->flowMakespanMinutes)},
                                       {"wave_makespan_hours", minutesToHours(plan->waveMakespanMinutes)},
                                       {"flow_ratio", plan->flowRatio},
                                       {"wave_ratio", plan->waveRatio},
                                       {"groups", groups},
                                       {"flow", flow}});
        return ExitOk;
    }
    QTextStream &out = context.out;
    out << "Plan for " << plan->taskCount << " open task(s), at most " << plan->maxParallel << " at once\n"
        << "  lower bound:   " << h(plan->lowerBoundMinutes) << " h (max of critical path "
        << h(plan->criticalPathMinutes) << " h and total work / K)\n"
        << "  flow schedule: " << h(plan->flowMakespanMinutes) << " h (" << QString::number(plan->flowRatio, 'f', 3)
        << " × bound)\n"
        << "  groups:        " << h(plan->waveMakespanMinutes) << " h (" << QString::number(plan->waveRatio, 'f', 3)
        << " × bound) in " << plan->groups.size() << " group(s)\n";
    for (int i = 0; i < plan->groups.size(); ++i) {
        const core::PlanGroup &g = plan->groups[i];
        QStringList ids;
        for (qint64 id : g.taskIds()) {
            ids << QString::number(id);
        }
        out << "  " << g.position << ". " << h(g.durationMinutes) << " h: " << ids.join(QStringLiteral(", "));
        if (i < groupIds.size()) {
            out << "  [saved as group " << groupIds[i] << "]";
        }
        out << '\n';
    }
    out.flush();
    return ExitOk;
}

namespace {

struct GroupAndTask
{
    qint64 group = 0;
    qint64 task = 0;
};

std::optional<GroupAndTask> groupAndTask(const QCommandLineParser &parser)
{
    const QStringList a = parser.positionalArguments();
    if (a.size() != 2) {
        return std::nullopt;
    }
    auto g = Command::parseIdText(a[0]);
    auto t = Command::parseIdText(a[1]);
    if (!g || !t) {
        return std::nullopt;
    }
    return GroupAndTask{*g, *t};
}

} // namespace

void ExecStartGroupCommand::configure(QCommandLineParser &parser)
{
    parser.addPositionalArgument(QStringLiteral("GROUP"), QStringLiteral("Execution group id."));
    parser.addOption({QStringLiteral("force"), QStringLiteral("Start even though earlier groups are not completed.")});
}

int ExecStartGroupCommand::execute(const QCommandLineParser &parser, CliContext &context)
{
    const auto id =
        parser.positionalArguments().size() == 1 ? parseId(parser.positionalArguments().first()) : std::nullopt;
    if (!id) {
        return usage(context, QStringLiteral("expected one group id"));
    }
    auto ws = openWorkspace(context);
    if (!ws) {
        return ExitStorage;
    }
    if (core::Status s = ws->scheduling().startGroup(*id, parser.isSet(QStringLiteral("force"))); !s) {
        return fail(context, s.error());
    }
    context.out << "Group " << *id << " is running" << Qt::endl;
    return ExitOk;
}

#define TASKORCH_GROUP_TASK_COMMAND(Class, call, done)                                                                 \
    void Class::configure(QCommandLineParser &parser)                                                                  \
    {                                                                                                                  \
        parser.addPositionalArgument(QStringLiteral("GROUP"), QStringLiteral("Execution group id."));                  \
        parser.addPositionalArgument(QStringLiteral("TASK"), QStringLiteral("Task id."));                              \
    }                                                                                                                  \
    int Class::execute(const QCommandLineParser &parser, CliContext &context)                                          \
    {                                                                                                                  \
        const auto ids = groupAndTask(parser);                                                                         \
        if (!ids) {                                                                                                    \
            return usage(context, QStringLiteral("expected GROUP TASK (two ids)"));                                    \
        }                                                                                                              \
        auto ws = openWorkspace(context);                                                                              \
        if (!ws) {                                                                                                     \
            return ExitStorage;                                                                                        \
        }                                                                                                              \
        if (core::Status s = ws->scheduling().call(ids->group, ids->task); !s) {                                       \
            return fail(context, s.error());                                                                           \
        }                                                                                                              \
        context.out << "Task " << ids->task << done << " in group " << ids->group << Qt::endl;                         \
        return ExitOk;                                                                                                 \
    }

TASKORCH_GROUP_TASK_COMMAND(ExecStartTaskCommand, startTask, " started")
TASKORCH_GROUP_TASK_COMMAND(ExecCompleteTaskCommand, completeTask, " completed")
#undef TASKORCH_GROUP_TASK_COMMAND

void ExecFailTaskCommand::configure(QCommandLineParser &parser)
{
    parser.addPositionalArgument(QStringLiteral("GROUP"), QStringLiteral("Execution group id."));
    parser.addPositionalArgument(QStringLiteral("TASK"), QStringLiteral("Task id."));
    parser.addOption({QStringLiteral("message"), QStringLiteral("What went wrong."), QStringLiteral("M")});
}

int ExecFailTaskCommand::execute(const QCommandLineParser &parser, CliContext &context)
{
    const auto ids = groupAndTask(parser);
    if (!ids) {
        return usage(context, QStringLiteral("expected GROUP TASK (two ids)"));
    }
    auto ws = openWorkspace(context);
    if (!ws) {
        return ExitStorage;
    }
    if (core::Status s = ws->scheduling().failTask(ids->group, ids->task, parser.value(QStringLiteral("message")));
        !s) {
        return fail(context, s.error());
    }
    context.out << "Task " << ids->task << " failed in group " << ids->group << Qt::endl;
    return ExitOk;
}

void ExecLogCommand::configure(QCommandLineParser &parser)
{
    parser.addPositionalArgument(QStringLiteral("GROUP"), QStringLiteral("Execution group id (default: all)."),
                                 QStringLiteral("[GROUP]"));
}

int ExecLogCommand::execute(const QCommandLineParser &parser, CliContext &context)
{
    qint64 group = 0;
    if (!parser.positionalArguments().isEmpty()) {
        auto id = parseId(parser.positionalArguments().first());
        if (!id) {
            return usage(context, QStringLiteral("GROUP must be a group id"));
        }
        group = *id;
    }
    auto ws = openWorkspace(context);
    if (!ws) {
        return ExitStorage;
    }
    auto rows = ws->scheduling().log(group);
    if (!rows) {
        return fail(context, rows.error());
    }
    if (context.json) {
        QJsonArray out;
        for (const auto &e : *rows) {
            out.append(toJson(e));
        }
        printJson(context, out);
        return ExitOk;
    }
    for (const auto &e : *rows) {
        context.out << core::Timestamp::format(e.createdAt) << "  group " << e.groupId << "  "
                    << core::toString(e.level).toUpper().leftJustified(7) << "  " << e.message << '\n';
    }
    context.out.flush();
    return ExitOk;
}

} // namespace taskorch::cli
