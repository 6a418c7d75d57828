// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Commands.h"

namespace taskorch::cli {

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

TASKORCH_COMMAND(ImportLegacyCommand, "import-legacy",
                 "Import a legacy tracker file (implementation_tracker.db); the file is never changed.")

#undef TASKORCH_COMMAND

} // namespace taskorch::cli
