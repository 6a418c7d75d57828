// SPDX-License-Identifier: GPL-3.0-or-later
#include "CliApp.h"

#include <QCoreApplication>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    taskorch::storage::Workspace::setApplicationIdentity();
    QTextStream out(stdout);
    QTextStream err(stderr);
    taskorch::cli::CliApp cli;
    return cli.run(app.arguments().mid(1), out, err);
}
