// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace taskorch::test {

/// Row counts of a generated legacy file.
struct LegacyFileCounts
{
    qint64 tasks = 0;
    qint64 dependencies = 0;
    qint64 progress = 0;
    qint64 comments = 0;
};

/// Writes a generation-A legacy tracker file (LEGACY_FORMATS.md §4: plain SQLite types, Title-case priority and
/// complexity, lower-case status, `YYYY-MM-DD HH:MM:SS` timestamps, rollback journal) with `tasks` tasks, up to
/// two dependencies each on earlier tasks, one or two progress rows per task and comments on about a third of the
/// tasks. A few rows carry the hazards the importer normalises or quarantines (an orphan dependency, a
/// self-dependency, a duplicate pair, an unknown status). Deterministic for a given (tasks, seed). Returns the
/// counts, or tasks == -1 when SQLite failed (the message goes to `error`).
LegacyFileCounts writeLegacyGenerationA(const QString &path, qint64 tasks, quint64 seed, QString *error = nullptr);

} // namespace taskorch::test
