// SPDX-License-Identifier: GPL-3.0-or-later
#include "ExportCommand.h"

#include "ReportWriter.h"

#include <QDir>
#include <QJsonObject>

namespace taskorch::cli {

// Shared with `task list` (TaskCommands.cpp), so both take the same filters.
storage::TaskFilter taskFilterFromOptions(const QCommandLineParser &parser, QString &error);
void addTaskFilterOptions(QCommandLineParser &parser);

namespace {

using storage::ReportKind;

const QStringList kFilterOptions{QStringLiteral("status"), QStringLiteral("phase"), QStringLiteral("component"),
                                 QStringLiteral("priority"), QStringLiteral("search")};

/// `,` `;` `tab` (also the words comma, semicolon and a literal tab); nothing for anything else.
std::optional<char> delimiterFromText(const QString &text)
{
    const QString t = text.trimmed().isEmpty() ? text : text.trimmed().toLower();
    if (t == QStringLiteral(",") || t == QStringLiteral("comma")) {
        return ',';
    }
    if (t == QStringLiteral(";") || t == QStringLiteral("semicolon")) {
        return ';';
    }
    if (t == QStringLiteral("tab") || t == QStringLiteral("\t") || t == QStringLiteral("\\t")) {
        return '\t';
    }
    return std::nullopt;
}

} // namespace

int ExportCommand::writeToStandardOutput(storage::Workspace &workspace, const storage::ReportRequest &request,
                                         const core::CsvOptions &options, CliContext &context)
{
    // The CSV goes to the device under the output stream, so nothing else may be printed on it.
    context.out.flush();
    QIODevice *device = context.out.device();
    if (!device) {
        return fail(context, core::makeError(ErrorCode::Usage, QStringLiteral("standard output is not a device here; "
                                                                              "use --out FILE")));
    }
    core::CsvWriter writer(options);
    if (core::Status s = writer.open(device, QStringLiteral("standard output")); !s) {
        return fail(context, s.error());
    }
    const auto rows = storage::ReportWriter::write(workspace, request, writer);
    if (!rows) {
        writer.cancel();
        return fail(context, rows.error());
    }
    if (core::Status s = writer.commit(); !s) {
        return fail(context, s.error());
    }
    return ExitOk;
}

QString ExportCommand::summary() const
{
    return QStringLiteral("Write a CSV report: %1.").arg(core::allNames<ReportKind>().join(QStringLiteral(", ")));
}

void ExportCommand::configure(QCommandLineParser &parser)
{
    parser.addPositionalArgument(QStringLiteral("REPORT"), core::allNames<ReportKind>().join(QStringLiteral(", ")));
    parser.addOptions({
        {QStringLiteral("out"), QStringLiteral("The CSV file to write (replaced atomically), - for stdout. Required."),
         QStringLiteral("FILE")},
        {QStringLiteral("delimiter"), QStringLiteral("Field separator: , (default), ; or tab."), QStringLiteral("D")},
        {QStringLiteral("bom"), QStringLiteral("Start the file with a UTF-8 byte order mark.")},
        {QStringLiteral("excel"),
         QStringLiteral("For Excel: a BOM and the separator of the system locale (; where the decimal point is a "
                        "comma).")},
        {QStringLiteral("no-formula-guard"),
         QStringLiteral("Do not prefix cells starting with = + - @ tab or CR with an apostrophe.")},
        {QStringLiteral("mode"), QStringLiteral("critical-path: plan (default) or remaining."), QStringLiteral("MODE")},
        {QStringLiteral("max-parallel"), QStringLiteral("plan: at most K tasks at once (1-50). Required for plan."),
         QStringLiteral("K")},
        {QStringLiteral("columns"),
         QStringLiteral("Only these columns, comma-separated header names (kept in the report's order)."),
         QStringLiteral("LIST")},
    });
    addTaskFilterOptions(parser);
}

int ExportCommand::execute(const QCommandLineParser &parser, CliContext &context)
{
    const QStringList args = parser.positionalArguments();
    if (args.size() != 1) {
        return usage(
            context,
            QStringLiteral("expected one report: %1").arg(core::allNames<ReportKind>().join(QStringLiteral(", "))));
    }
    const std::optional<ReportKind> kind = core::fromString<ReportKind>(args.first().trimmed().toLower());
    if (!kind) {
        return fail(context,
                    core::makeError(ErrorCode::Invalid,
                                    QStringLiteral("unknown report \"%1\"; the reports are %2")
                                        .arg(args.first(), core::allNames<ReportKind>().join(QStringLiteral(", ")))));
    }
    const QString reportName = core::enumToString(*kind);
    if (!parser.isSet(QStringLiteral("out")) || parser.value(QStringLiteral("out")).isEmpty()) {
        return usage(context, QStringLiteral("--out FILE is required"));
    }
    const QString path = parser.value(QStringLiteral("out"));

    // Options of one report are refused on the others rather than silently ignored.
    const auto onlyFor = [&](const QString &option, ReportKind owner) -> std::optional<int> {
        if (parser.isSet(option) && *kind != owner) {
            return usage(context,
                         QStringLiteral("--%1 applies to the %2 report only").arg(option, core::enumToString(owner)));
        }
        return std::nullopt;
    };
    for (const QString &option : kFilterOptions) {
        if (auto code = onlyFor(option, ReportKind::Tasks)) {
            return *code;
        }
    }
    if (auto code = onlyFor(QStringLiteral("mode"), ReportKind::CriticalPath)) {
        return *code;
    }
    if (auto code = onlyFor(QStringLiteral("max-parallel"), ReportKind::Plan)) {
        return *code;
    }

    core::CsvOptions options =
        parser.isSet(QStringLiteral("excel")) ? core::CsvOptions::excel(QLocale::system()) : core::CsvOptions{};
    if (parser.isSet(QStringLiteral("bom"))) {
        options.bom = true;
    }
    if (parser.isSet(QStringLiteral("delimiter"))) {
        const auto delimiter = delimiterFromText(parser.value(QStringLiteral("delimiter")));
        if (!delimiter) {
            return fail(context,
                        core::makeError(ErrorCode::Invalid, QStringLiteral("--delimiter must be , ; or tab, got \"%1\"")
                                                                .arg(parser.value(QStringLiteral("delimiter")))));
        }
        options.delimiter = *delimiter;
    }
    if (parser.isSet(QStringLiteral("no-formula-guard"))) {
        options.formulaGuard = false;
    }

    storage::ReportRequest request;
    request.kind = *kind;
    if (parser.isSet(QStringLiteral("columns"))) {
        for (const QString &name : parser.value(QStringLiteral("columns")).split(u',', Qt::SkipEmptyParts)) {
            request.columns << name.trimmed();
        }
        if (auto mask = storage::ReportWriter::columnMask(*kind, request.columns); !mask) {
            return fail(context, mask.error());
        }
    }
    QString error;
    if (*kind == ReportKind::Tasks) {
        request.taskFilter = taskFilterFromOptions(parser, error);
    }
    if (parser.isSet(QStringLiteral("mode"))) {
        const auto mode = core::fromString<core::ScheduleMode>(parser.value(QStringLiteral("mode")).trimmed());
        if (!mode) {
            error = QStringLiteral("--mode must be plan or remaining, got \"%1\"")
                        .arg(parser.value(QStringLiteral("mode")));
        } else {
            request.mode = *mode;
        }
    }
    if (*kind == ReportKind::Plan) {
        if (!parser.isSet(QStringLiteral("max-parallel"))) {
            return usage(context, QStringLiteral("the plan report needs --max-parallel K"));
        }
        bool ok = false;
        request.maxParallel = parser.value(QStringLiteral("max-parallel")).toInt(&ok);
        if (!ok) {
            error = QStringLiteral("--max-parallel must be a number 1-50, got \"%1\"")
                        .arg(parser.value(QStringLiteral("max-parallel")));
        }
    }
    if (!error.isEmpty()) {
        return fail(context, core::makeError(ErrorCode::Invalid, error));
    }

    auto ws = openWorkspace(context);
    if (!ws) {
        return ExitStorage;
    }
    if (path == QStringLiteral("-")) {
        return writeToStandardOutput(*ws, request, options, context);
    }
    const auto rows = storage::ReportWriter::exportReport(*ws, request, path, options);
    if (!rows) {
        return fail(context, rows.error());
    }
    const QString shownPath = QDir::toNativeSeparators(path);
    if (context.json) {
        printJson(context, QJsonObject{{"report", reportName}, {"path", shownPath}, {"rows", *rows}});
    } else {
        context.out << "Wrote " << *rows << (*rows == 1 ? " row" : " rows") << " (" << reportName << ") to "
                    << shownPath << Qt::endl;
    }
    return ExitOk;
}

} // namespace taskorch::cli
