// SPDX-License-Identifier: GPL-3.0-or-later
#include "CliApp.h"

#include "Commands.h"

#include <QScopeGuard>

#include <algorithm>

namespace taskorch::cli {

namespace {

/// Splits one batch line into words the way a POSIX shell does, without expansions: blanks separate words,
/// '…' is literal, "…" keeps blanks and takes \" and \\ as escapes, a backslash outside quotes escapes the next
/// character. Returns an error for an unterminated quote.
core::Result<QStringList> splitCommandLine(const QString &line)
{
    QStringList words;
    QString word;
    bool inWord = false;
    for (qsizetype i = 0; i < line.size(); ++i) {
        const QChar c = line.at(i);
        if (c == u'\'') {
            const qsizetype end = line.indexOf(u'\'', i + 1);
            if (end < 0) {
                return core::makeError(ErrorCode::Usage, QStringLiteral("unterminated ' quote"));
            }
            word += line.mid(i + 1, end - i - 1);
            inWord = true;
            i = end;
        } else if (c == u'"') {
            qsizetype j = i + 1;
            for (; j < line.size() && line.at(j) != u'"'; ++j) {
                if (line.at(j) == u'\\' && j + 1 < line.size() && (line.at(j + 1) == u'"' || line.at(j + 1) == u'\\')) {
                    ++j;
                }
                word += line.at(j);
            }
            if (j >= line.size()) {
                return core::makeError(ErrorCode::Usage, QStringLiteral("unterminated \" quote"));
            }
            inWord = true;
            i = j;
        } else if (c == u'\\' && i + 1 < line.size()) {
            word += line.at(++i);
            inWord = true;
        } else if (c.isSpace()) {
            if (inWord) {
                words << word;
                word.clear();
                inWord = false;
            }
        } else {
            word += c;
            inWord = true;
        }
    }
    if (inWord) {
        words << word;
    }
    return words;
}

} // namespace

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
    out << "Usage: taskorch-cli [--db PATH] [--json] COMMAND [ARGS...]\n"
        << "       taskorch-cli [--db PATH] [--json] --batch < FILE   (one command per line, see below)\n\n"
        << "Plans work as tasks with dependencies; shares its database with the TaskOrch desktop app.\n"
        << "Default database: " << storage::Workspace::defaultDatabasePath() << "\n\nCommands:\n";
    qsizetype width = 0;
    for (const auto &entry : m_commands) {
        width = std::max(width, entry.first.size());
    }
    for (const auto &[commandName, command] : m_commands) {
        out << "  " << commandName.leftJustified(width + 2) << command->summary() << "\n";
    }
    out << "\n`taskorch-cli COMMAND --help` describes one command.\n"
        << "--batch reads commands from standard input, one per line (words split and quoted as in a shell;\n"
        << "blank lines and lines starting with # are skipped). Each line runs exactly as\n"
        << "`taskorch-cli [--db PATH] [--json] LINE` would, in its own transaction; the first line that fails\n"
        << "stops the batch with its exit code.\n"
        << "Exit codes: 0 ok, 1 usage, 2 invalid input, 3 not found, 4 conflict, 5 storage error.\n";
    out.flush();
}

int CliApp::run(const QStringList &args, QTextStream &out, QTextStream &err)
{
    CliContext context{out, err, QString(), false};
    QStringList rest = args;
    QStringList globalOptions; // repeated before every line of a batch
    bool batch = false;
    // Global options come before the command; --json may also come after it (the command handles that).
    while (!rest.isEmpty() && rest.first().startsWith(u'-')) {
        const QString option = rest.takeFirst();
        if (option == QLatin1String("--db")) {
            if (rest.isEmpty()) {
                err << "taskorch-cli: --db needs a path" << Qt::endl;
                return ExitUsage;
            }
            context.databasePath = rest.takeFirst();
            globalOptions << option << context.databasePath;
        } else if (option.startsWith(QLatin1String("--db="))) {
            context.databasePath = option.mid(5);
            globalOptions << option;
        } else if (option == QLatin1String("--json")) {
            context.json = true;
            globalOptions << option;
        } else if (option == QLatin1String("--batch")) {
            batch = true;
        } else if (option == QLatin1String("--help") || option == QLatin1String("-h")) {
            printHelp(out);
            return ExitOk;
        } else {
            err << "taskorch-cli: unknown option " << option << " (see taskorch-cli --help)" << Qt::endl;
            return ExitUsage;
        }
    }
    if (batch) {
        if (m_inBatch) {
            err << "taskorch-cli: --batch cannot be used inside a batch" << Qt::endl;
            return ExitUsage;
        }
        if (!rest.isEmpty()) {
            err << "taskorch-cli: --batch reads its commands from standard input; give no command after it" << Qt::endl;
            return ExitUsage;
        }
        return runBatch(globalOptions, out, err);
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

int CliApp::runBatch(const QStringList &globalOptions, QTextStream &out, QTextStream &err)
{
    QTextStream standardInput(stdin);
    QTextStream &in = m_input ? *m_input : standardInput;
    m_inBatch = true;
    auto leaveBatch = qScopeGuard([this] { m_inBatch = false; });
    QString line;
    for (int number = 1; in.readLineInto(&line); ++number) {
        const QString trimmed = line.trimmed();
        if (trimmed.isEmpty() || trimmed.startsWith(u'#')) {
            continue;
        }
        auto words = splitCommandLine(trimmed);
        int code = ExitUsage;
        if (!words) {
            err << "taskorch-cli: --batch line " << number << ": " << words.error().message << Qt::endl;
        } else {
            code = run(globalOptions + *words, out, err);
        }
        if (code != ExitOk) {
            err << "taskorch-cli: --batch stopped at line " << number << " (exit " << code
                << "); the lines before it were applied, the lines after it were not run" << Qt::endl;
            return code;
        }
    }
    return ExitOk;
}

} // namespace taskorch::cli
