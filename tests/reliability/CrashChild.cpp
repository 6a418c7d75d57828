// SPDX-License-Identifier: GPL-3.0-or-later
// taskorch-crash-child: performs one storage operation on a database, so that tst_CrashSafety can kill it with
// SIGKILL at any point and inspect what is left.
//
//   taskorch-crash-child import DB SOURCE    import the legacy file SOURCE into DB (LegacyImporter)
//   taskorch-crash-child bulk-status DB      set every task of DB to completed in one command
//                                            (TaskService::updateStatuses)
//   taskorch-crash-child migrate DB          migrate DB to the latest schema (MigrationRunner::up, with backup)
//
// The clock is frozen (FixedClock), so two complete runs on the same input write identical rows.
//
// Markers, written unbuffered to stdout so they survive the kill: "open" once the operation starts; "phase write
// N" / "phase read" / "phase none" when the connection is seen (from SQLite's progress handler) inside the write
// transaction that commit N will end, inside a read transaction, or outside any; "commit N" when SQLite is about
// to write commit N (counting only commits that change rows; "header commit" for the others); "done MS STEPS
// COMMITS" at the end.
//
// Kill points driven by the child itself (environment):
//   TASKORCH_CRASH_AT_STEP=N     raise(SIGKILL) at the N-th progress callback (one every TASKORCH_CRASH_STEP_OPS
//                                SQLite virtual-machine instructions, default 1000)
//   TASKORCH_CRASH_AT_COMMIT=N   raise(SIGKILL) inside the N-th commit hook, i.e. just before SQLite writes commit N

#include "LegacyImporter.h"
#include "MigrationRunner.h"
#include "TempWorkspace.h"
#include "Workspace.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QSqlQuery>

#include <sqlite3.h>

#include <csignal>
#include <cstdio>
#include <cstring>
#include <unistd.h>

namespace {

using namespace taskorch;

/// Writes the whole line to stdout with write(2): nothing is buffered in this process when the kill arrives.
void mark(const QByteArray &line)
{
    const QByteArray text = line + '\n';
    const char *p = text.constData();
    qsizetype left = text.size();
    while (left > 0) {
        const ssize_t n = ::write(STDOUT_FILENO, p, size_t(left));
        if (n <= 0) {
            return;
        }
        p += n;
        left -= n;
    }
}

struct Hooks
{
    enum class Phase
    {
        None,
        Read,
        Write
    };

    sqlite3 *db = nullptr;
    qint64 steps = 0;
    qint64 crashAtStep = 0;
    int commits = 0;
    qint64 changesAtLastCommit = 0;
    int crashAtCommit = 0;
    Phase phase = Phase::None;

    void notePhase()
    {
        Phase now = Phase::None;
        if (!sqlite3_get_autocommit(db)) {
            now = sqlite3_txn_state(db, "main") == SQLITE_TXN_WRITE ? Phase::Write : Phase::Read;
        }
        if (now == phase) {
            return;
        }
        phase = now;
        switch (now) {
        case Phase::Write:
            // Numbered by the commit that will end it: a short transaction may see no callback at all.
            mark("phase write " + QByteArray::number(commits + 1));
            break;
        case Phase::Read:
            mark("phase read");
            break;
        case Phase::None:
            mark("phase none");
            break;
        }
    }

    static int onProgress(void *self)
    {
        auto *h = static_cast<Hooks *>(self);
        ++h->steps;
        h->notePhase();
        if (h->crashAtStep > 0 && h->steps >= h->crashAtStep) {
            mark("kill step " + QByteArray::number(h->steps));
            std::raise(SIGKILL);
        }
        return 0;
    }

    static int onCommit(void *self)
    {
        auto *h = static_cast<Hooks *>(self);
        // A commit that changed no row leaves the same state behind: the importer's switches from WAL to a rollback
        // journal and back (LegacyImporter::run) commit only the file header. It is marked, but not numbered.
        const qint64 changes = sqlite3_total_changes64(h->db);
        if (changes == h->changesAtLastCommit) {
            h->phase = Phase::None;
            mark("header commit");
            return 0;
        }
        h->changesAtLastCommit = changes;
        ++h->commits;
        // The next write the progress handler sees belongs to a new transaction, even without a callback between.
        h->phase = Phase::None;
        mark("commit " + QByteArray::number(h->commits));
        if (h->crashAtCommit == h->commits) {
            mark("kill commit " + QByteArray::number(h->commits));
            std::raise(SIGKILL);
        }
        return 0;
    }

    void install(sqlite3 *handle)
    {
        db = handle;
        changesAtLastCommit = sqlite3_total_changes64(db);
        crashAtStep = qEnvironmentVariableIntValue("TASKORCH_CRASH_AT_STEP");
        crashAtCommit = qEnvironmentVariableIntValue("TASKORCH_CRASH_AT_COMMIT");
        bool ok = false;
        int ops = qEnvironmentVariableIntValue("TASKORCH_CRASH_STEP_OPS", &ok);
        if (!ok || ops <= 0) {
            ops = 1000;
        }
        sqlite3_progress_handler(db, ops, &Hooks::onProgress, this);
        sqlite3_commit_hook(db, &Hooks::onCommit, this);
    }

    void uninstall()
    {
        sqlite3_progress_handler(db, 0, nullptr, nullptr);
        sqlite3_commit_hook(db, nullptr, nullptr);
    }
};

int failed(const QString &what, const core::Error &error)
{
    std::fprintf(stderr, "taskorch-crash-child: %s: %s (%s)\n", qPrintable(what), qPrintable(error.message),
                 qPrintable(error.detail));
    return 2;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    const QString operation = args.value(1);
    const QString dbPath = args.value(2);
    const bool known = (operation == QLatin1String("import") && args.size() == 4) ||
                       (operation == QLatin1String("bulk-status") && args.size() == 3) ||
                       (operation == QLatin1String("migrate") && args.size() == 3);
    if (!known) {
        std::fprintf(stderr, "usage: taskorch-crash-child import DB SOURCE | bulk-status DB | migrate DB\n");
        return 1;
    }
    test::FixedClock clock;
    Hooks hooks;
    QElapsedTimer elapsed;

    if (operation == QLatin1String("migrate")) {
        // What Workspace::open does for an old file, with the hooks in place before the first write.
        auto db = storage::Database::open(dbPath);
        if (!db) {
            return failed(QStringLiteral("open"), db.error());
        }
        hooks.install((*db)->handle());
        mark("open");
        elapsed.start();
        if (core::Status s = storage::MigrationRunner(**db).up(); !s) {
            return failed(QStringLiteral("migrate"), s.error());
        }
        hooks.uninstall();
    } else {
        storage::Workspace::Options options;
        options.createIfMissing = false;
        auto ws = storage::Workspace::open(dbPath, options);
        if (!ws) {
            return failed(QStringLiteral("open"), ws.error());
        }
        storage::Workspace &workspace = **ws;
        QList<qint64> ids;
        if (operation == QLatin1String("bulk-status")) {
            QSqlQuery query(workspace.database().connection());
            query.setForwardOnly(true);
            if (!query.exec(QStringLiteral("SELECT id FROM tasks ORDER BY id"))) {
                return failed(QStringLiteral("list"),
                              core::makeError(core::ErrorCode::Storage, QStringLiteral("no tasks")));
            }
            while (query.next()) {
                ids << query.value(0).toLongLong();
            }
        }
        hooks.install(workspace.database().handle());
        mark("open");
        elapsed.start();
        if (operation == QLatin1String("import")) {
            auto report = storage::LegacyImporter::run(workspace, args.value(3));
            if (!report) {
                return failed(QStringLiteral("import"), report.error());
            }
        } else {
            storage::StatusChange change;
            change.notes = QStringLiteral("Bulk change");
            if (core::Status s = workspace.service().updateStatuses(ids, core::TaskStatus::Completed, change); !s) {
                return failed(QStringLiteral("bulk-status"), s.error());
            }
        }
        hooks.uninstall();
    }
    mark("done " + QByteArray::number(elapsed.elapsed()) + ' ' + QByteArray::number(hooks.steps) + ' ' +
         QByteArray::number(hooks.commits));
    return 0;
}
