// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "StatisticsSeries.h"

#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace taskorch::test {

/// Absolute path of a file under the source tree (tests/data, ../shared fixtures).
QString sourcePath(const QString &relative);

/// What one run of the real taskorch-cli (the TASKORCH_CLI the tests are given) did.
struct CliRun
{
    int exitCode = -1; ///< -1 when it did not start or did not finish within a minute
    QString out;
    QString err;
};
CliRun runCli(const QStringList &args, const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment());

/// Creates (or extends) the SQLite file at `path` by running `sql` through the plain sqlite3 API, the way a
/// legacy tracker or another program would have written it. False when it cannot.
bool writeSqliteFile(const QString &path, const char *sql);

/// A small generation-A legacy tracker (LEGACY_FORMATS.md): two tasks, one good dependency, a self-dependency and
/// one on a task that does not exist, plus legacy spellings ('done', 'Critical', 'Low') that are normalised. An
/// import therefore quarantines two rows and records changed values.
extern const char kSmallLegacyTracker[];

/// Where two statistics series differ (project figures, components, burn-up), or empty when they agree exactly.
/// For QVERIFY2(diff.isEmpty(), qPrintable(diff)).
QString seriesDifference(const core::StatisticsSeries &got, const core::StatisticsSeries &expected);

} // namespace taskorch::test
