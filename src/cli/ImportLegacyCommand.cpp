// SPDX-License-Identifier: GPL-3.0-or-later
#include "LegacyCommands.h"

#include "LegacyImporter.h"

namespace taskorch::cli {

void ImportLegacyCommand::configure(QCommandLineParser &parser)
{
    parser.addPositionalArgument(QStringLiteral("SRC"),
                                 QStringLiteral("The legacy tracker database (its -wal and -shm are read too)."));
    parser.addOption({QStringLiteral("dry-run"), QStringLiteral("Report what the import would do; change nothing.")});
    parser.addOption({QStringLiteral("force"), QStringLiteral("Import a file that this database already imported.")});
}

int ImportLegacyCommand::execute(const QCommandLineParser &parser, CliContext &context)
{
    const QStringList args = parser.positionalArguments();
    if (args.size() != 1) {
        return usage(context, QStringLiteral("expects exactly one legacy file, SRC"));
    }
    auto ws = openWorkspace(context);
    if (!ws) {
        return ExitStorage;
    }
    storage::ImportOptions options;
    options.dryRun = parser.isSet(QStringLiteral("dry-run"));
    options.force = parser.isSet(QStringLiteral("force"));
    auto report = storage::LegacyImporter::run(*ws, args.first(), options);
    if (!report) {
        core::Error error = report.error();
        if (error.code == ErrorCode::Conflict) {
            error.message += QStringLiteral("; use --force to import it again");
        }
        return fail(context, error);
    }
    if (context.json) {
        printJson(context, report->toJson());
        return ExitOk;
    }

    QTextStream &out = context.out;
    if (report->dryRun) {
        out << "Dry run: " << report->sourcePath << " (generation " << report->generation << ") would be import run "
            << report->runId << "; nothing was written.\n";
    } else {
        out << "Imported " << report->sourcePath << " (generation " << report->generation << ") as import run "
            << report->runId << ".\n";
    }
    out << '\n'
        << QStringLiteral("%1 %2 %3 %4 %5")
               .arg(QStringLiteral("source table"), -24)
               .arg(QStringLiteral("read"), 9)
               .arg(QStringLiteral("imported"), 9)
               .arg(QStringLiteral("normalised"), 11)
               .arg(QStringLiteral("quarantined"), 12)
        << '\n';
    qint64 quarantinedTotal = 0;
    for (const auto &t : report->tables) {
        out << QStringLiteral("%1 %2 %3 %4 %5")
                   .arg(t.table, -24)
                   .arg(t.read, 9)
                   .arg(t.imported, 9)
                   .arg(t.normalised, 11)
                   .arg(t.quarantinedTotal(), 12)
            << '\n';
        quarantinedTotal += t.quarantinedTotal();
    }
    if (quarantinedTotal > 0) {
        out << "\nQuarantined (kept whole in import_quarantine):\n";
        for (const auto &t : report->tables) {
            QStringList reasons;
            for (const auto &[reason, n] : t.quarantined) {
                reasons << QStringLiteral("%1 %2").arg(reason).arg(n);
            }
            if (!reasons.isEmpty()) {
                out << "  " << t.table << ": " << reasons.join(QStringLiteral(", ")) << '\n';
            }
        }
    }
    out << '\n'
        << report->issues << " changed value(s) recorded with their original text in import_issues.\n"
        << "Every source row was either imported or kept in quarantine; " << report->sourcePath
        << " was not changed.\n";
    out.flush();
    return ExitOk;
}

} // namespace taskorch::cli
