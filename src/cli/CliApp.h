// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Command.h"

#include <map>

namespace taskorch::cli {

/// `taskorch-cli [--db PATH] [--json] COMMAND …`: global options, then dispatch to one Command.
/// Runs in-process with any streams, so tests drive it exactly as the binary does.
class CliApp
{
public:
    CliApp();
    ~CliApp();
    /// `args` are the words after the program name. Returns the process exit code.
    int run(const QStringList &args, QTextStream &out, QTextStream &err);
    /// Where `--batch` reads its commands; standard input when not set. The stream must outlive run().
    void setInput(QTextStream *in) { m_input = in; }

private:
    void printHelp(QTextStream &out) const;
    /// `--batch`: runs every line of the input as one command, each in its own transaction, stopping at the
    /// first failure; returns its exit code (0 when every line succeeded).
    int runBatch(const QStringList &globalOptions, QTextStream &out, QTextStream &err);

    std::map<QString, std::unique_ptr<Command>> m_commands;
    QTextStream *m_input = nullptr;
    bool m_inBatch = false;
};

} // namespace taskorch::cli
