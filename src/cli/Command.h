// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Result.h"
#include "Workspace.h"

#include <QCommandLineParser>
#include <QJsonValue>
#include <QTextStream>

#include <memory>

namespace taskorch::cli {

using core::Error;
using core::ErrorCode;

/// Exit codes of SPEC.md §10.
enum ExitCode
{
    ExitOk = 0,
    ExitUsage = 1,
    ExitInvalid = 2,
    ExitNotFound = 3,
    ExitConflict = 4,
    ExitStorage = 5,
};
int exitCodeFor(ErrorCode code);

/// What every command receives: the streams (injectable for tests) and the global options.
struct CliContext
{
    QTextStream &out;
    QTextStream &err;
    QString databasePath;
    bool json = false;
};

/// One `taskorch-cli` command. Subclasses declare their options and positional arguments and implement execute().
class Command
{
public:
    virtual ~Command() = default;
    virtual QString name() const = 0;
    virtual QString summary() const = 0;

    /// Parses `args` (the words after the command name), handles --help and --json, then calls execute().
    int run(const QStringList &args, CliContext &context);

protected:
    /// Adds options and positional arguments to the parser.
    virtual void configure(QCommandLineParser &parser) = 0;
    virtual int execute(const QCommandLineParser &parser, CliContext &context) = 0;

    /// Opens (creating and migrating) the database of the context; on failure prints the error and returns null.
    std::unique_ptr<storage::Workspace> openWorkspace(CliContext &context, bool migrate = true);
    std::unique_ptr<storage::Workspace> openWorkspace(CliContext &context, const storage::Workspace::Options &options);
    /// For the commands that create a project on purpose (init, demo): an empty file may become the database.
    static storage::Workspace::Options creatingOptions();
    /// Prints one clear line to stderr and returns the matching exit code.
    int fail(CliContext &context, const Error &error);
    int usage(CliContext &context, const QString &message);
    void printJson(CliContext &context, const QJsonValue &value);

public:
    /// Parses a positive id, or nothing.
    static std::optional<qint64> parseIdText(const QString &text);

protected:
    static std::optional<qint64> parseId(const QString &text) { return parseIdText(text); }
};

/// Declares a Command subclass with its name and summary; the class implements configure() and execute().
#define TASKORCH_COMMAND(Class, commandName, commandSummary)                                                           \
    class Class : public Command                                                                                       \
    {                                                                                                                  \
    public:                                                                                                            \
        QString name() const override { return QStringLiteral(commandName); }                                          \
        QString summary() const override { return QStringLiteral(commandSummary); }                                    \
                                                                                                                       \
    protected:                                                                                                         \
        void configure(QCommandLineParser &parser) override;                                                           \
        int execute(const QCommandLineParser &parser, CliContext &context) override;                                   \
    };

} // namespace taskorch::cli
