// SPDX-License-Identifier: GPL-3.0-or-later
#include "FuzzSupport.h"

#include <QCoreApplication>
#include <QDir>
#include <QTemporaryDir>

#include <cstdio>
#include <cstdlib>

namespace taskorch::fuzz {

namespace {

void quietMessages(QtMsgType type, const QMessageLogContext &, const QString &message)
{
    if (type == QtCriticalMsg || type == QtFatalMsg) {
        std::fprintf(stderr, "%s\n", qPrintable(message));
    }
}

} // namespace

void initialise()
{
    static int argc = 1;
    static char name[] = "taskorch-fuzz";
    static char *argv[] = {name, nullptr};
    if (QCoreApplication::instance()) {
        return;
    }
    if (qEnvironmentVariableIsEmpty("TASKORCH_FUZZ_VERBOSE")) {
        qInstallMessageHandler(quietMessages);
    }
    // Never deleted: it lives as long as the process, and a static's destructor would run after Qt's own.
    new QCoreApplication(argc, argv);
}

const QString &scratchFolder()
{
    static QTemporaryDir dir(QDir::tempPath() + QStringLiteral("/taskorch-fuzz-XXXXXX"));
    static const QString path = dir.path();
    if (!dir.isValid()) {
        std::fprintf(stderr, "taskorch-fuzz: cannot create a temporary folder in %s\n", qPrintable(QDir::tempPath()));
        std::abort();
    }
    return path;
}

void fail(const char *file, int line, const char *condition, const QString &detail)
{
    std::fprintf(stderr, "\n%s:%d: invariant broken: %s\n%s\n", file, line, condition, qPrintable(detail));
    std::fflush(stderr);
    std::abort();
}

} // namespace taskorch::fuzz
