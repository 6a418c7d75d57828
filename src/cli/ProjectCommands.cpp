// SPDX-License-Identifier: GPL-3.0-or-later
#include "Commands.h"

#include "DemoProject.h"
#include "MigrationRunner.h"
#include "SchemaCheck.h"

#include <QJsonArray>
#include <QJsonObject>

namespace taskorch::cli {

using storage::MigrationRunner;

namespace {

// `--to N` of migrate up/down: leaves `target` at -1 (the default step) when absent; false when not a version.
bool readTargetVersion(const QCommandLineParser &parser, int &target)
{
    if (!parser.isSet(QStringLiteral("to"))) {
        return true;
    }
    bool ok = false;
    target = parser.value(QStringLiteral("to")).toInt(&ok);
    return ok && target >= 0;
}

} // namespace

void InitCommand::configure(QCommandLineParser &) {}

int InitCommand::execute(const QCommandLineParser &, CliContext &context)
{
    auto ws = openWorkspace(context, creatingOptions());
    if (!ws) {
        return ExitStorage;
    }
    const int version = MigrationRunner::latestVersion();
    if (context.json) {
        printJson(context, QJsonObject{{"database", ws->database().path()}, {"schema_version", version}});
    } else {
        context.out << "Database ready at " << ws->database().path() << " (schema version " << version << ")"
                    << Qt::endl;
    }
    return ExitOk;
}

void DemoCommand::configure(QCommandLineParser &) {}

int DemoCommand::execute(const QCommandLineParser &, CliContext &context)
{
    auto ws = openWorkspace(context, creatingOptions());
    if (!ws) {
        return ExitStorage;
    }
    if (core::Status s = storage::DemoProject::load(ws->service()); !s) {
        return fail(context, s.error());
    }
    if (context.json) {
        printJson(context,
                  QJsonObject{{"database", ws->database().path()}, {"tasks", storage::DemoProject::taskCount}});
    } else {
        context.out << "Loaded the demo project (" << storage::DemoProject::taskCount << " tasks) into "
                    << ws->database().path() << Qt::endl;
    }
    return ExitOk;
}

void MigrateStatusCommand::configure(QCommandLineParser &) {}

int MigrateStatusCommand::execute(const QCommandLineParser &, CliContext &context)
{
    auto ws = openWorkspace(context, false);
    if (!ws) {
        return ExitStorage;
    }
    MigrationRunner runner(ws->database());
    auto states = runner.status();
    if (!states) {
        return fail(context, states.error());
    }
    QJsonArray rows;
    for (const auto &s : *states) {
        rows.append(QJsonObject{{"version", s.version},
                                {"name", s.name},
                                {"applied", s.applied},
                                {"applied_at", s.appliedAt},
                                {"checksum_ok", s.checksumMatches}});
        if (!context.json) {
            context.out << QStringLiteral("%1 %2 %3%4")
                               .arg(s.version, 4, 10, QLatin1Char('0'))
                               .arg(s.name.leftJustified(32))
                               .arg(s.applied ? QStringLiteral("applied ") + s.appliedAt : QStringLiteral("pending"))
                               .arg(s.checksumMatches ? QString() : QStringLiteral("  CHECKSUM MISMATCH"))
                        << Qt::endl;
        }
    }
    if (context.json) {
        printJson(context, rows);
    }
    return ExitOk;
}

void MigrateUpCommand::configure(QCommandLineParser &parser)
{
    parser.addOption({QStringLiteral("to"), QStringLiteral("Stop at version N."), QStringLiteral("N")});
}

int MigrateUpCommand::execute(const QCommandLineParser &parser, CliContext &context)
{
    auto ws = openWorkspace(context, false);
    if (!ws) {
        return ExitStorage;
    }
    int target = -1;
    if (!readTargetVersion(parser, target)) {
        return usage(context, QStringLiteral("--to needs a version number ≥ 0"));
    }
    MigrationRunner runner(ws->database());
    if (core::Status s = runner.up(target); !s) {
        return fail(context, s.error());
    }
    auto version = runner.currentVersion();
    if (!version) {
        return fail(context, version.error());
    }
    context.out << "Schema at version " << *version;
    if (!runner.lastBackupPath().isEmpty()) {
        context.out << " (backup: " << runner.lastBackupPath() << ")";
    }
    context.out << Qt::endl;
    return ExitOk;
}

void MigrateDownCommand::configure(QCommandLineParser &parser)
{
    parser.addOption(
        {QStringLiteral("to"), QStringLiteral("Revert down to version N (0 = empty)."), QStringLiteral("N")});
}

int MigrateDownCommand::execute(const QCommandLineParser &parser, CliContext &context)
{
    auto ws = openWorkspace(context, false);
    if (!ws) {
        return ExitStorage;
    }
    int target = -1;
    if (!readTargetVersion(parser, target)) {
        return usage(context, QStringLiteral("--to needs a version number ≥ 0"));
    }
    MigrationRunner runner(ws->database());
    if (core::Status s = runner.down(target); !s) {
        return fail(context, s.error());
    }
    auto version = runner.currentVersion();
    if (!version) {
        return fail(context, version.error());
    }
    context.out << "Schema at version " << *version << Qt::endl;
    return ExitOk;
}

void CheckSchemaCommand::configure(QCommandLineParser &) {}

int CheckSchemaCommand::execute(const QCommandLineParser &, CliContext &context)
{
    auto ws = openWorkspace(context, false);
    if (!ws) {
        return ExitStorage;
    }
    storage::SchemaCheck check(ws->database());
    auto diffs = check.differences();
    if (!diffs) {
        return fail(context, diffs.error());
    }
    if (context.json) {
        printJson(context, QJsonObject{{"differences", QJsonArray::fromStringList(*diffs)}});
    } else if (diffs->isEmpty()) {
        context.out << "The schema matches the data model." << Qt::endl;
    } else {
        for (const QString &d : *diffs) {
            context.out << d << Qt::endl;
        }
    }
    if (!diffs->isEmpty()) {
        context.err << "taskorch-cli check-schema: " << diffs->size() << " difference(s) from the data model"
                    << Qt::endl;
        return ExitStorage;
    }
    return ExitOk;
}

} // namespace taskorch::cli
