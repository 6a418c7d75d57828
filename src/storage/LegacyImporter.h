// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Database.h"

#include <QJsonObject>
#include <QList>
#include <QString>

#include <atomic>
#include <functional>
#include <map>

namespace taskorch::storage {

class Workspace;

/// How an import runs.
struct ImportOptions
{
    bool dryRun = false;                       ///< compute the whole report, then roll everything back
    bool force = false;                        ///< import a source (same SHA-256) that this database already imported
    qint64 progressInterval = 4096;            ///< rows between two progress calls (≥ 1)
    const std::atomic<bool> *cancel = nullptr; ///< set to true (from any thread) to cancel
};

/// Called with (rows done, rows in total) every ImportOptions::progressInterval rows and once at the end with
/// done == total. Return false to cancel. Runs on the importing thread.
using ImportProgress = std::function<bool(qint64 done, qint64 total)>;

/// What happened to one source table's rows. read == imported + Σ quarantined.
struct ImportTableReport
{
    QString table; ///< the source table's name
    qint64 read = 0;
    qint64 imported = 0;
    qint64 normalised = 0;                 ///< imported rows with at least one import_issues row
    std::map<QString, qint64> quarantined; ///< reason → rows (only reasons that occurred)

    qint64 quarantinedTotal() const;
};

/// One source row kept in quarantine, or one value changed to fit, as a person reviews them after an import.
struct ImportFinding
{
    QString sourceTable;
    qint64 sourceId = 0;
    QString code;        ///< the quarantine reason (`orphan_reference`, …) or the issue code (`truncated`, …)
    QString column;      ///< issues only: the source column
    QString rawValue;    ///< issues: the value as the source had it; quarantine: the whole row as JSON
    QString storedValue; ///< issues only: what was stored instead (empty for NULL)
};

/// The outcome of one import (SPEC.md §8), also stored as import_runs.summary_json.
struct ImportReport
{
    /// How many quarantined rows and changed values the report carries for review (all of them are in the
    /// database's import tables and the import-report CSV, whatever their number).
    static constexpr qsizetype findingsLimit = 1000;

    qint64 runId = 0;                ///< the import_runs id (in a dry run: the id it would have had)
    QString generation;              ///< "A", "B" or "C"
    QList<ImportTableReport> tables; ///< every source table, in the order they were imported
    QString sourcePath;
    QString sourceSha256;
    bool dryRun = false;
    qint64 issues = 0;                    ///< import_issues rows written
    QList<ImportFinding> quarantinedRows; ///< the first findingsLimit quarantined rows, in import order
    QList<ImportFinding> changedValues;   ///< the first findingsLimit import_issues rows, in import order

    /// The table of that name, or null.
    const ImportTableReport *table(QStringView name) const;
    /// `{"run_id", "generation", "tables": {"<source table>": {"read", "imported", "normalised",
    /// "quarantined": {"<reason>": n}}}}` (SPEC.md §10).
    QJsonObject toJson() const;
};

/// Imports a legacy tracker file (LEGACY_FORMATS.md generations A, B, C) into a TaskOrch database (SPEC.md §8).
///
/// The source is copied (with its -wal) and only the copy is read; the target is written in one transaction, so a
/// failure or a cancel leaves it exactly as it was. Every source row ends either in `import_id_map` (imported,
/// ids remapped, merged beside existing data) or in `import_quarantine` (kept whole as JSON, with a reason); every
/// value that had to change to fit writes an `import_issues` row with its raw text. The statistics change log gets
/// a single NULL entry ("anything may have changed") for the whole import, not one per written row.
///
/// Errors: a missing source (NotFound); a file that is not SQLite, damaged, unreadable or locked, or a target that
/// cannot be written (Storage); a source without a `tasks` table, a TaskOrch database as source, or a target that is
/// not migrated (Invalid); a source already imported into this database, unless forced (Conflict); a cancel
/// (Cancelled). The source's SHA-256 (its `.db` then its `-wal`) is computed beside the import, so an already
/// imported source is refused after its rows were read, before anything is committed.
///
/// Must run on the thread that owns the database connection. Bulk reads and writes use the native sqlite3 API.
class LegacyImporter
{
public:
    static Result<ImportReport> run(Workspace &workspace, const QString &sourcePath, const ImportOptions &options = {},
                                    const ImportProgress &progress = {});
    static Result<ImportReport> run(Database &target, const QString &sourcePath, const ImportOptions &options = {},
                                    const ImportProgress &progress = {});

    /// The quarantine reasons, as stored: orphan_reference, self_dependency, duplicate, cycle, invalid_value,
    /// unmapped_table.
    static QStringList quarantineReasons();
};

} // namespace taskorch::storage
