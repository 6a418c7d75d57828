// SPDX-License-Identifier: GPL-3.0-or-later
#include "Command.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace taskorch::cli {

int exitCodeFor(ErrorCode code)
{
    switch (code) {
    case ErrorCode::Usage:
        return ExitUsage;
    case ErrorCode::Invalid:
        return ExitInvalid;
    case ErrorCode::NotFound:
        return ExitNotFound;
    case ErrorCode::Conflict:
        return ExitConflict;
    case ErrorCode::Storage:
        return ExitStorage;
    case ErrorCode::Cancelled:
        return ExitInvalid;
    }
    return ExitStorage;
}

int Command::run(const QStringList &args, CliContext &context)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(summary());
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const QCommandLineOption help(QStringList{QStringLiteral("h"), QStringLiteral("help")},
                                  QStringLiteral("Show help for this command."));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print the result as JSON."));
    parser.addOption(help);
    parser.addOption(json);
    configure(parser);
    if (!parser.parse(QStringList{QStringLiteral("taskorch-cli ") + name()} + args)) {
        return usage(context, parser.errorText());
    }
    if (parser.isSet(help)) {
        // QCommandLineParser names the executable; show the command as the user types it.
        QString text = parser.helpText();
        const qsizetype options = text.indexOf(QLatin1String(" [options]"));
        if (text.startsWith(QLatin1String("Usage: ")) && options > 0) {
            text.replace(7, options - 7, QStringLiteral("taskorch-cli ") + name());
        }
        context.out << text;
        context.out.flush();
        return ExitOk;
    }
    if (parser.isSet(json)) {
        context.json = true;
    }
    return execute(parser, context);
}

std::unique_ptr<storage::Workspace> Command::openWorkspace(CliContext &context, bool migrate)
{
    storage::Workspace::Options options;
    options.migrate = migrate;
    return openWorkspace(context, options);
}

std::unique_ptr<storage::Workspace> Command::openWorkspace(CliContext &context,
                                                           const storage::Workspace::Options &options)
{
    auto ws = storage::Workspace::open(context.databasePath, options);
    if (!ws) {
        fail(context, ws.error());
        return nullptr;
    }
    return std::move(ws).value();
}

storage::Workspace::Options Command::creatingOptions()
{
    storage::Workspace::Options options;
    options.adoptEmptyFile = true;
    return options;
}

int Command::fail(CliContext &context, const Error &error)
{
    context.err << "taskorch-cli " << name() << ": " << error.message << Qt::endl;
    if (qEnvironmentVariableIsSet("TASKORCH_DEBUG") && !error.detail.isEmpty()) {
        context.err << "  detail: " << error.detail << Qt::endl;
    }
    return exitCodeFor(error.code);
}

int Command::usage(CliContext &context, const QString &message)
{
    context.err << "taskorch-cli " << name() << ": " << message << " (see taskorch-cli " << name() << " --help)"
                << Qt::endl;
    return ExitUsage;
}

void Command::printJson(CliContext &context, const QJsonValue &value)
{
    const QJsonDocument doc = value.isArray() ? QJsonDocument(value.toArray()) : QJsonDocument(value.toObject());
    context.out << doc.toJson(QJsonDocument::Indented);
    context.out.flush();
}

std::optional<qint64> Command::parseIdText(const QString &text)
{
    bool ok = false;
    const qint64 id = text.toLongLong(&ok);
    return ok && id > 0 ? std::optional<qint64>(id) : std::nullopt;
}

} // namespace taskorch::cli
