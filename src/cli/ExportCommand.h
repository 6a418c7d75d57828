// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Command.h"
#include "ReportWriter.h"

namespace taskorch::cli {

/// `taskorch-cli export REPORT --out FILE [--delimiter , ; tab] [--bom] [--excel] [--no-formula-guard]`, plus the
/// `task list` filters for `tasks`, `--mode` for `critical-path` and `--max-parallel K` for `plan` (SPEC.md §9, §10).
///
/// Writes the CSV report atomically through storage::ReportWriter: an unwritable path, a folder, a missing folder or
/// a full disk prints one line on stderr, exits 5 and leaves no file (an existing file keeps its content).
/// `--excel` is the BOM plus the list separator Excel uses for the system locale; an explicit `--delimiter` wins.
/// Prints the number of rows written (`{"report", "path", "rows"}` with --json). `--out -` writes the CSV to
/// standard output instead (not atomic) and prints nothing else there.
class ExportCommand : public Command
{
public:
    QString name() const override { return QStringLiteral("export"); }
    QString summary() const override;

protected:
    void configure(QCommandLineParser &parser) override;
    int execute(const QCommandLineParser &parser, CliContext &context) override;

private:
    int writeToStandardOutput(storage::Workspace &workspace, const storage::ReportRequest &request,
                              const core::CsvOptions &options, CliContext &context);
};

} // namespace taskorch::cli
