// SPDX-License-Identifier: GPL-3.0-or-later
#include "Commands.h"

#include "JsonOutput.h"

namespace taskorch::cli {

namespace {

struct Pair
{
    qint64 task = 0;
    qint64 prerequisite = 0;
};

std::optional<Pair> taskAndPrerequisite(const QCommandLineParser &parser)
{
    const QStringList args = parser.positionalArguments();
    if (args.size() != 2) {
        return std::nullopt;
    }
    const auto task = Command::parseIdText(args[0]);
    const auto prerequisite = Command::parseIdText(args[1]);
    if (!task || !prerequisite) {
        return std::nullopt;
    }
    return Pair{*task, *prerequisite};
}

} // namespace

void DepAddCommand::configure(QCommandLineParser &parser)
{
    parser.addPositionalArgument(QStringLiteral("TASK"), QStringLiteral("The dependent task."));
    parser.addPositionalArgument(QStringLiteral("PREREQ"), QStringLiteral("The task it depends on."));
    parser.addOptions({
        {QStringLiteral("type"), QStringLiteral("blocks (default), requires, enhances."), QStringLiteral("T")},
        {QStringLiteral("relation"), QStringLiteral("FS (default), SS, FF, SF."), QStringLiteral("R")},
        {QStringLiteral("lag"), QStringLiteral("Lag in hours, negative for a lead (default 0)."), QStringLiteral("H")},
    });
}

int DepAddCommand::execute(const QCommandLineParser &parser, CliContext &context)
{
    const auto pair = taskAndPrerequisite(parser);
    if (!pair) {
        return usage(context, QStringLiteral("expected TASK PREREQ (two task ids)"));
    }
    auto type = core::DependencyType::Blocks;
    if (parser.isSet(QStringLiteral("type"))) {
        auto parsed = core::fromString<core::DependencyType>(parser.value(QStringLiteral("type")).toLower());
        if (!parsed) {
            return fail(context,
                        core::makeError(ErrorCode::Invalid, QStringLiteral("--type must be one of %1, got \"%2\"")
                                                                .arg(core::allNames<core::DependencyType>().join(u", "),
                                                                     parser.value(QStringLiteral("type")))));
        }
        type = *parsed;
    }
    auto relation = core::Relation::FS;
    if (parser.isSet(QStringLiteral("relation"))) {
        auto parsed = core::fromString<core::Relation>(parser.value(QStringLiteral("relation")).toUpper());
        if (!parsed) {
            return fail(context, core::makeError(ErrorCode::Invalid,
                                                 QStringLiteral("--relation must be one of FS, SS, FF, SF, got \"%1\"")
                                                     .arg(parser.value(QStringLiteral("relation")))));
        }
        relation = *parsed;
    }
    double lag = 0.0;
    if (parser.isSet(QStringLiteral("lag"))) {
        bool ok = false;
        lag = parser.value(QStringLiteral("lag")).toDouble(&ok);
        if (!ok) {
            return fail(context, core::makeError(ErrorCode::Invalid,
                                                 QStringLiteral("--lag must be a number of hours, got \"%1\"")
                                                     .arg(parser.value(QStringLiteral("lag")))));
        }
    }
    auto ws = openWorkspace(context);
    if (!ws) {
        return ExitStorage;
    }
    auto dependency = ws->service().addDependency(pair->task, pair->prerequisite, type, relation, lag);
    if (!dependency) {
        return fail(context, dependency.error());
    }
    if (context.json) {
        printJson(context, toJson(*dependency));
    } else {
        context.out << "Task " << pair->task << " depends on task " << pair->prerequisite << " ("
                    << core::toString(dependency->type) << ", " << core::toString(dependency->relation) << ")"
                    << Qt::endl;
    }
    return ExitOk;
}

void DepRemoveCommand::configure(QCommandLineParser &parser)
{
    parser.addPositionalArgument(QStringLiteral("TASK"), QStringLiteral("The dependent task."));
    parser.addPositionalArgument(QStringLiteral("PREREQ"), QStringLiteral("The task it depends on."));
}

int DepRemoveCommand::execute(const QCommandLineParser &parser, CliContext &context)
{
    const auto pair = taskAndPrerequisite(parser);
    if (!pair) {
        return usage(context, QStringLiteral("expected TASK PREREQ (two task ids)"));
    }
    auto ws = openWorkspace(context);
    if (!ws) {
        return ExitStorage;
    }
    if (core::Status s = ws->service().removeDependency(pair->task, pair->prerequisite); !s) {
        return fail(context, s.error());
    }
    if (context.json) {
        printJson(context,
                  QJsonObject{{"task_id", pair->task}, {"depends_on_task_id", pair->prerequisite}, {"removed", true}});
    } else {
        context.out << "Task " << pair->task << " no longer depends on task " << pair->prerequisite << Qt::endl;
    }
    return ExitOk;
}

void CommentAddCommand::configure(QCommandLineParser &parser)
{
    parser.addPositionalArgument(QStringLiteral("TASK"), QStringLiteral("Task id."));
    parser.addPositionalArgument(QStringLiteral("TEXT"), QStringLiteral("The comment (1-2000 characters)."));
    parser.addOption(
        {QStringLiteral("type"), QStringLiteral("note (default), decision, blocker, solution."), QStringLiteral("T")});
}

int CommentAddCommand::execute(const QCommandLineParser &parser, CliContext &context)
{
    const QStringList args = parser.positionalArguments();
    const auto task = args.size() == 2 ? parseId(args[0]) : std::nullopt;
    if (!task) {
        return usage(context, QStringLiteral("expected TASK TEXT"));
    }
    auto type = core::CommentType::Note;
    if (parser.isSet(QStringLiteral("type"))) {
        auto parsed = core::fromString<core::CommentType>(parser.value(QStringLiteral("type")).toLower());
        if (!parsed) {
            return fail(context,
                        core::makeError(ErrorCode::Invalid, QStringLiteral("--type must be one of %1, got \"%2\"")
                                                                .arg(core::allNames<core::CommentType>().join(u", "),
                                                                     parser.value(QStringLiteral("type")))));
        }
        type = *parsed;
    }
    auto ws = openWorkspace(context);
    if (!ws) {
        return ExitStorage;
    }
    auto id = ws->service().addComment(*task, args[1], type);
    if (!id) {
        return fail(context, id.error());
    }
    if (context.json) {
        printJson(context, QJsonObject{{"id", *id}});
    } else {
        context.out << *id << Qt::endl;
    }
    return ExitOk;
}

} // namespace taskorch::cli
