// SPDX-License-Identifier: GPL-3.0-or-later
#include "CliApp.h"

#include <QCoreApplication>
#include <QStringDecoder>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    taskorch::storage::Workspace::setApplicationIdentity();
    QTextStream out(stdout);
    QTextStream err(stderr);
    // Qt would turn bytes that are not UTF-8 into U+FFFD and the task would be stored changed: refuse instead.
    for (int i = 1; i < argc; ++i) {
        QStringDecoder utf8(QStringDecoder::Utf8);
        (void)QString(utf8(QByteArrayView(argv[i])));
        if (utf8.hasError()) {
            err << "taskorch-cli: argument " << i << " is not valid UTF-8 text; nothing was changed" << Qt::endl;
            return taskorch::cli::ExitInvalid;
        }
    }
    taskorch::cli::CliApp cli;
    return cli.run(app.arguments().mid(1), out, err);
}
