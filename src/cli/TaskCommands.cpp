// SPDX-License-Identifier: GPL-3.0-or-later
#include "Commands.h"

#include "JsonOutput.h"
#include "Timestamp.h"

#include <QJsonArray>

namespace taskorch::cli {

using core::Task;

namespace {

/// Reads an enum option; on a bad spelling fills `error` with the allowed values.
template <typename E>
std::optional<E> enumOption(const QCommandLineParser &parser, const QString &option, QString &error)
{
    if (!parser.isSet(option)) {
        return std::nullopt;
    }
    const QString text = parser.value(option).trimmed().toLower();
    auto value = core::fromString<E>(text);
    if (!value) {
        error = QStringLiteral("--%1 must be one of %2, got \"%3\"")
                    .arg(option, core::allNames<E>().join(QStringLiteral(", ")), parser.value(option));
    }
    return value;
}

std::optional<int> intOption(const QCommandLineParser &parser, const QString &option, QString &error)
{
    if (!parser.isSet(option)) {
        return std::nullopt;
    }
    bool ok = false;
    const int value = parser.value(option).toInt(&ok);
    if (!ok) {
        error = QStringLiteral("--%1 must be a whole number, got \"%2\"").arg(option, parser.value(option));
        return std::nullopt;
    }
    return value;
}

void addFilterOptions(QCommandLineParser &parser)
{
    parser.addOptions({
        {QStringLiteral("status"), QStringLiteral("Only tasks with this status."), QStringLiteral("S")},
        {QStringLiteral("phase"), QStringLiteral("Only tasks of this phase (1-4)."), QStringLiteral("N")},
        {QStringLiteral("component"), QStringLiteral("Only tasks of this component area."), QStringLiteral("C")},
        {QStringLiteral("priority"), QStringLiteral("Only tasks of this priority."), QStringLiteral("P")},
        {QStringLiteral("search"), QStringLiteral("Text in title or description (any case)."), QStringLiteral("TEXT")},
    });
}

QString statusText(core::TaskStatus s)
{
    return core::toString(s);
}

QString hours(double h)
{
    return QString::number(h, 'f', h == qRound(h) ? 0 : 2);
}

} // namespace

/// Shared by `task list` and `export tasks`: fills a filter from the options, or sets `error`.
storage::TaskFilter taskFilterFromOptions(const QCommandLineParser &parser, QString &error)
{
    storage::TaskFilter filter;
    filter.status = enumOption<core::TaskStatus>(parser, QStringLiteral("status"), error);
    filter.priority = enumOption<core::Priority>(parser, QStringLiteral("priority"), error);
    filter.phase = intOption(parser, QStringLiteral("phase"), error);
    if (parser.isSet(QStringLiteral("component"))) {
        filter.componentArea = parser.value(QStringLiteral("component"));
    }
    filter.search = parser.value(QStringLiteral("search"));
    return filter;
}

void addTaskFilterOptions(QCommandLineParser &parser)
{
    addFilterOptions(parser);
}

void TaskAddCommand::configure(QCommandLineParser &parser)
{
    parser.addOptions({
        {QStringLiteral("title"), QStringLiteral("Title (1-500 characters). Required."), QStringLiteral("T")},
        {QStringLiteral("component"), QStringLiteral("Component area. Required."), QStringLiteral("C")},
        {QStringLiteral("phase"), QStringLiteral("Phase 1-4 (default 1)."), QStringLiteral("N")},
        {QStringLiteral("priority"), QStringLiteral("low, medium (default), high, critical."), QStringLiteral("P")},
        {QStringLiteral("complexity"), QStringLiteral("simple, medium (default), complex, expert."),
         QStringLiteral("X")},
        {QStringLiteral("hours"), QStringLiteral("Estimate in hours, 0.1-200 (default 1)."), QStringLiteral("H")},
        {QStringLiteral("parent"), QStringLiteral("Parent task id."), QStringLiteral("ID")},
        {QStringLiteral("description"), QStringLiteral("Description."), QStringLiteral("D")},
        {QStringLiteral("source-document"), QStringLiteral("Planning document."), QStringLiteral("S")},
        {QStringLiteral("success-criteria"), QStringLiteral("How to tell it is done."), QStringLiteral("S")},
    });
}

int TaskAddCommand::execute(const QCommandLineParser &parser, CliContext &context)
{
    if (!parser.isSet(QStringLiteral("title")) || !parser.isSet(QStringLiteral("component"))) {
        return usage(context, QStringLiteral("--title and --component are required"));
    }
    QString error;
    Task task;
    task.title = parser.value(QStringLiteral("title"));
    task.componentArea = parser.value(QStringLiteral("component"));
    task.phase = intOption(parser, QStringLiteral("phase"), error).value_or(1);
    task.priority = enumOption<core::Priority>(parser, QStringLiteral("priority"), error).value_or(task.priority);
    task.complexity =
        enumOption<core::Complexity>(parser, QStringLiteral("complexity"), error).value_or(task.complexity);
    if (parser.isSet(QStringLiteral("hours"))) {
        bool ok = false;
        task.timeEstimateHours = parser.value(QStringLiteral("hours")).toDouble(&ok);
        if (!ok) {
            error = QStringLiteral("--hours must be a number like 2.5, got \"%1\"")
                        .arg(parser.value(QStringLiteral("hours")));
        }
    }
    if (parser.isSet(QStringLiteral("parent"))) {
        task.parentTaskId = parseId(parser.value(QStringLiteral("parent")));
        if (!task.parentTaskId) {
            error = QStringLiteral("--parent must be a task id");
        }
    }
    if (parser.isSet(QStringLiteral("description"))) {
        task.description = parser.value(QStringLiteral("description"));
    }
    task.sourceDocument = parser.value(QStringLiteral("source-document"));
    if (parser.isSet(QStringLiteral("success-criteria"))) {
        task.successCriteria = parser.value(QStringLiteral("success-criteria"));
    }
    if (!error.isEmpty()) {
        return fail(context, core::makeError(ErrorCode::Invalid, error));
    }
    if (const auto errors = task.validate(); !errors.isEmpty()) {
        return fail(context, core::makeError(ErrorCode::Invalid, core::describe(errors)));
    }
    auto ws = openWorkspace(context);
    if (!ws) {
        return ExitStorage;
    }
    auto id = ws->service().createTask(task);
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

void TaskListCommand::configure(QCommandLineParser &parser)
{
    addFilterOptions(parser);
    parser.addOptions({
        {QStringLiteral("sort"), QStringLiteral("Sort by: %1.").arg(storage::sortColumnNames().join(u", ")),
         QStringLiteral("COLUMN")},
        {QStringLiteral("desc"), QStringLiteral("Sort descending.")},
        {QStringLiteral("limit"), QStringLiteral("At most N tasks."), QStringLiteral("N")},
    });
}

int TaskListCommand::execute(const QCommandLineParser &parser, CliContext &context)
{
    QString error;
    storage::TaskListRequest request;
    request.filter = taskFilterFromOptions(parser, error);
    if (parser.isSet(QStringLiteral("sort"))) {
        auto sort = storage::sortColumnFromString(parser.value(QStringLiteral("sort")));
        if (!sort) {
            error =
                QStringLiteral("--sort must be one of %1, got \"%2\"")
                    .arg(storage::sortColumnNames().join(QStringLiteral(", ")), parser.value(QStringLiteral("sort")));
        } else {
            request.sort = *sort;
        }
    }
    request.descending = parser.isSet(QStringLiteral("desc"));
    request.limit = intOption(parser, QStringLiteral("limit"), error).value_or(0);
    if (!error.isEmpty()) {
        return fail(context, core::makeError(ErrorCode::Invalid, error));
    }
    auto ws = openWorkspace(context);
    if (!ws) {
        return ExitStorage;
    }
    auto tasks = ws->tasks().list(request);
    if (!tasks) {
        return fail(context, tasks.error());
    }
    if (context.json) {
        QJsonArray rows;
        for (const Task &t : *tasks) {
            rows.append(toJson(t));
        }
        printJson(context, rows);
        return ExitOk;
    }
    context.out << QStringLiteral("%1  %2 %3 %4 %5 %6 %7")
                       .arg(QStringLiteral("ID"), 6)
                       .arg(QStringLiteral("STATUS"), -12)
                       .arg(QStringLiteral("PRIORITY"), -9)
                       .arg(QStringLiteral("PH"), -3)
                       .arg(QStringLiteral("COMPONENT"), -18)
                       .arg(QStringLiteral("HOURS"), 6)
                       .arg(QStringLiteral("TITLE"))
                << Qt::endl;
    for (const Task &t : *tasks) {
        context.out << QStringLiteral("%1  %2 %3 %4 %5 %6 %7")
                           .arg(t.id, 6)
                           .arg(statusText(t.status), -12)
                           .arg(core::toString(t.priority), -9)
                           .arg(t.phase, -3)
                           .arg(t.componentArea.left(18), -18)
                           .arg(hours(t.timeEstimateHours), 6)
                           .arg(t.title)
                    << '\n';
    }
    context.out << tasks->size() << " task(s)" << Qt::endl;
    return ExitOk;
}

void TaskShowCommand::configure(QCommandLineParser &parser)
{
    parser.addPositionalArgument(QStringLiteral("ID"), QStringLiteral("Task id."));
}

int TaskShowCommand::execute(const QCommandLineParser &parser, CliContext &context)
{
    const auto id =
        parser.positionalArguments().size() == 1 ? parseId(parser.positionalArguments().first()) : std::nullopt;
    if (!id) {
        return usage(context, QStringLiteral("expected one task id"));
    }
    auto ws = openWorkspace(context);
    if (!ws) {
        return ExitStorage;
    }
    auto task = ws->tasks().get(*id);
    if (!task) {
        return fail(context, task.error());
    }
    auto deps = ws->dependencies().prerequisitesOf(*id);
    auto progress = ws->service().progressHistory(*id);
    auto comments = ws->service().comments(*id);
    auto children = ws->tasks().children(*id);
    for (const core::Error *e : {deps ? nullptr : &deps.error(), progress ? nullptr : &progress.error(),
                                 comments ? nullptr : &comments.error(), children ? nullptr : &children.error()}) {
        if (e) {
            return fail(context, *e);
        }
    }
    if (context.json) {
        QJsonObject object = toJson(*task);
        QJsonArray depArray, progressArray, commentArray, childArray;
        for (const auto &d : *deps) {
            QJsonObject o = toJson(d.dependency);
            o.insert(QStringLiteral("prerequisite_title"), d.prerequisiteTitle);
            o.insert(QStringLiteral("prerequisite_status"), core::toString(d.prerequisiteStatus));
            depArray.append(o);
        }
        for (const auto &p : *progress) {
            progressArray.append(toJson(p));
        }
        for (const auto &c : *comments) {
            commentArray.append(toJson(c));
        }
        for (const auto &c : *children) {
            childArray.append(c.id);
        }
        object.insert(QStringLiteral("dependencies"), depArray);
        object.insert(QStringLiteral("progress"), progressArray);
        object.insert(QStringLiteral("comments"), commentArray);
        object.insert(QStringLiteral("subtasks"), childArray);
        printJson(context, object);
        return ExitOk;
    }
    QTextStream &out = context.out;
    out << "Task " << task->id << ": " << task->title << '\n'
        << "  status:      " << statusText(task->status) << '\n'
        << "  priority:    " << core::toString(task->priority) << "    complexity: " << core::toString(task->complexity)
        << '\n'
        << "  phase:       " << task->phase << "    component: " << task->componentArea << '\n'
        << "  estimate:    " << hours(task->timeEstimateHours) << " h\n";
    if (task->parentTaskId) {
        out << "  parent:      " << *task->parentTaskId << '\n';
    }
    if (!task->sourceDocument.isEmpty()) {
        out << "  source:      " << task->sourceDocument << '\n';
    }
    if (task->description) {
        out << "  description: " << *task->description << '\n';
    }
    if (task->successCriteria) {
        out << "  success:     " << *task->successCriteria << '\n';
    }
    out << "  created:     " << core::Timestamp::format(task->createdAt)
        << "    updated: " << core::Timestamp::format(task->updatedAt) << '\n';
    if (!children->isEmpty()) {
        out << "Subtasks:\n";
        for (const auto &c : *children) {
            out << "  " << c.id << "  " << c.title << " [" << statusText(c.status) << "]\n";
        }
    }
    out << "Depends on:" << (deps->isEmpty() ? " nothing\n" : "\n");
    for (const auto &d : *deps) {
        out << "  " << d.dependency.dependsOnTaskId << "  " << d.prerequisiteTitle << " ["
            << statusText(d.prerequisiteStatus) << "] " << core::toString(d.dependency.type) << ' '
            << core::toString(d.dependency.relation);
        if (d.dependency.lagHours != 0.0) {
            out << (d.dependency.lagHours > 0 ? "+" : "") << d.dependency.lagHours << "h";
        }
        out << '\n';
    }
    out << "Progress:\n";
    for (const auto &p : *progress) {
        out << "  " << core::Timestamp::format(p.createdAt) << "  " << QString::number(p.progressPercentage) << "%  "
            << p.notes.value_or(QString()) << " (" << p.updatedBy << ")\n";
    }
    if (!comments->isEmpty()) {
        out << "Comments:\n";
        for (const auto &c : *comments) {
            out << "  [" << core::toString(c.type) << "] " << c.comment << '\n';
        }
    }
    out.flush();
    return ExitOk;
}

void TaskSetStatusCommand::configure(QCommandLineParser &parser)
{
    parser.addPositionalArgument(QStringLiteral("ID"), QStringLiteral("Task id."));
    parser.addPositionalArgument(QStringLiteral("STATUS"), core::allNames<core::TaskStatus>().join(u", "));
    parser.addOptions({
        {QStringLiteral("progress"), QStringLiteral("Progress 0-100 (default: from the status)."), QStringLiteral("N")},
        {QStringLiteral("notes"), QStringLiteral("Notes for the progress entry."), QStringLiteral("T")},
        {QStringLiteral("comment"), QStringLiteral("Also add this comment."), QStringLiteral("T")},
        {QStringLiteral("comment-type"), QStringLiteral("note (default), decision, blocker, solution."),
         QStringLiteral("T")},
    });
}

int TaskSetStatusCommand::execute(const QCommandLineParser &parser, CliContext &context)
{
    const QStringList args = parser.positionalArguments();
    if (args.size() != 2) {
        return usage(context, QStringLiteral("expected ID STATUS"));
    }
    const auto id = parseId(args[0]);
    if (!id) {
        return usage(context, QStringLiteral("\"%1\" is not a task id").arg(args[0]));
    }
    const auto status = core::fromString<core::TaskStatus>(args[1].trimmed().toLower());
    if (!status) {
        return fail(context, core::makeError(ErrorCode::Invalid,
                                             QStringLiteral("status must be one of %1, got \"%2\"")
                                                 .arg(core::allNames<core::TaskStatus>().join(u", "), args[1])));
    }
    QString error;
    storage::StatusChange change;
    change.progressPercentage = intOption(parser, QStringLiteral("progress"), error);
    if (parser.isSet(QStringLiteral("notes"))) {
        change.notes = parser.value(QStringLiteral("notes"));
    }
    if (parser.isSet(QStringLiteral("comment"))) {
        change.comment = parser.value(QStringLiteral("comment"));
    }
    change.commentType =
        enumOption<core::CommentType>(parser, QStringLiteral("comment-type"), error).value_or(core::CommentType::Note);
    if (!error.isEmpty()) {
        return fail(context, core::makeError(ErrorCode::Invalid, error));
    }
    auto ws = openWorkspace(context);
    if (!ws) {
        return ExitStorage;
    }
    if (core::Status s = ws->service().updateStatus(*id, *status, change); !s) {
        return fail(context, s.error());
    }
    if (context.json) {
        printJson(context, QJsonObject{{"id", *id}, {"status", core::toString(*status)}});
    } else {
        context.out << "Task " << *id << " is now " << core::toString(*status) << Qt::endl;
    }
    return ExitOk;
}

void TaskDeleteCommand::configure(QCommandLineParser &parser)
{
    parser.addPositionalArgument(QStringLiteral("ID"), QStringLiteral("Task id."));
}

int TaskDeleteCommand::execute(const QCommandLineParser &parser, CliContext &context)
{
    const auto id =
        parser.positionalArguments().size() == 1 ? parseId(parser.positionalArguments().first()) : std::nullopt;
    if (!id) {
        return usage(context, QStringLiteral("expected one task id"));
    }
    auto ws = openWorkspace(context);
    if (!ws) {
        return ExitStorage;
    }
    if (core::Status s = ws->service().deleteTask(*id); !s) {
        return fail(context, s.error());
    }
    if (context.json) {
        printJson(context, QJsonObject{{"deleted", *id}});
    } else {
        context.out << "Deleted task " << *id << Qt::endl;
    }
    return ExitOk;
}

} // namespace taskorch::cli
