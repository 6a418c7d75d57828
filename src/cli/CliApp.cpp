// SPDX-License-Identifier: GPL-3.0-or-later
#include "CliApp.h"

#include "Commands.h"

namespace taskorch::cli {

CliApp::CliApp()
{
    std::vector<std::unique_ptr<Command>> all = allCommands();
    for (auto &command : all) {
        const QString commandName = command->name();
        m_commands[commandName] = std::move(command);
    }
}

CliApp::~CliApp() = default;

void CliApp::printHelp(QTextStream &out) const
{
    out << "Usage: taskorch-cli [--db PATH] [--json] COMMAND [ARGS...]\n\n"
        << "Plans work as tasks with dependencies; shares its database with the TaskOrch desktop app.\n"
        << "Default database: " << storage::Workspace::defaultDatabasePath() << "\n\nCommands:\n";
    for (const auto &[commandName, command] : m_commands) {
        out << "  " << commandName.leftJustified(15) << command->summary() << "\n";
    }
    out << "\n`taskorch-cli COMMAND --help` describes one command.\n"
        << "Exit codes: 0 ok, 1 usage, 2 invalid input, 3 not found, 4 conflict, 5 storage error.\n";
    out.flush();
}

int CliApp::run(const QStringList &args, QTextStream &out, QTextStream &err)
{
    CliContext context{out, err, QString(), false};
    QStringList rest = args;
    // Global options come before the command; --json may also come after it (the command handles that).
    while (!rest.isEmpty() && rest.first().startsWith(u'-')) {
        const QString option = rest.takeFirst();
        if (option == QLatin1String("--db")) {
            if (rest.isEmpty()) {
                err << "taskorch-cli: --db needs a path" << Qt::endl;
                return ExitUsage;
            }
            context.databasePath = rest.takeFirst();
        } else if (option.startsWith(QLatin1String("--db="))) {
            context.databasePath = option.mid(5);
        } else if (option == QLatin1String("--json")) {
            context.json = true;
        } else if (option == QLatin1String("--help") || option == QLatin1String("-h")) {
            printHelp(out);
            return ExitOk;
        } else {
            err << "taskorch-cli: unknown option " << option << " (see taskorch-cli --help)" << Qt::endl;
            return ExitUsage;
        }
    }
    if (rest.isEmpty()) {
        printHelp(err);
        return ExitUsage;
    }
    const QString commandName = rest.takeFirst();
    if (commandName == QLatin1String("help")) {
        printHelp(out);
        return ExitOk;
    }
    auto it = m_commands.find(commandName);
    if (it == m_commands.end() && !rest.isEmpty()) {
        // Grouped commands: "task add", "migrate up", "exec start-group", ...
        it = m_commands.find(commandName + u' ' + rest.first());
        if (it != m_commands.end()) {
            rest.removeFirst();
        }
    }
    if (it == m_commands.end()) {
        QStringList group;
        for (const auto &[key, command] : m_commands) {
            if (key.startsWith(commandName + u' ')) {
                group << QStringLiteral("  ") + key.leftJustified(22) + command->summary();
            }
        }
        if (!group.isEmpty()) {
            const bool askedForHelp =
                !rest.isEmpty() && (rest.first() == QLatin1String("--help") || rest.first() == QLatin1String("-h"));
            (askedForHelp ? out : err) << "Subcommands of " << commandName << ":\n" << group.join(u'\n') << Qt::endl;
            return askedForHelp ? ExitOk : ExitUsage;
        }
        err << "taskorch-cli: unknown command \"" << commandName << "\" (see taskorch-cli --help)" << Qt::endl;
        return ExitUsage;
    }
    if (context.databasePath.isEmpty()) {
        context.databasePath = storage::Workspace::defaultDatabasePath();
    }
    return it->second->run(rest, context);
}

} // namespace taskorch::cli
