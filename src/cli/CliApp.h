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

private:
    void printHelp(QTextStream &out) const;

    std::map<QString, std::unique_ptr<Command>> m_commands;
};

} // namespace taskorch::cli
