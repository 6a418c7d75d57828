// SPDX-License-Identifier: GPL-3.0-or-later
#include "MainWindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFileInfo>
#include <QIcon>
#include <QMessageBox>
#include <QSettings>
#include <QTimer>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    taskorch::storage::Workspace::setApplicationIdentity();
    QApplication::setApplicationDisplayName(QStringLiteral("TaskOrch"));
    QApplication::setApplicationVersion(QStringLiteral(TASKORCH_VERSION));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/taskorch-256.png")));
    QApplication::setDesktopFileName(QStringLiteral("taskorch"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("TaskOrch desktop task-orchestration tracker"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption dbOption(QStringLiteral("db"), QStringLiteral("Database to open."),
                                      QStringLiteral("PATH"));
    const QCommandLineOption screenshotOption(QStringLiteral("screenshot"),
                                              QStringLiteral("Save a PNG of the window and quit (for docs)."),
                                              QStringLiteral("PNG"));
    parser.addOption(dbOption);
    parser.addOption(screenshotOption);
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("Database to open (same as --db)."));
    parser.process(app);

    QString path = parser.value(dbOption);
    if (path.isEmpty() && !parser.positionalArguments().isEmpty()) {
        path = parser.positionalArguments().first();
    }
    if (path.isEmpty()) {
        // The database of the last session, if it is still there; else the default one (created on first start).
        const QString last = QSettings().value(QStringLiteral("lastDatabase")).toString();
        path = !last.isEmpty() && QFileInfo::exists(last) ? last : taskorch::storage::Workspace::defaultDatabasePath();
    }

    taskorch::gui::MainWindow window;
    if (taskorch::core::Status s = window.openDatabase(path); !s) {
        if (parser.isSet(screenshotOption)) {
            qCritical("%s", qPrintable(s.error().message));
        } else {
            QMessageBox::critical(nullptr, QObject::tr("TaskOrch cannot open the database"), s.error().message);
        }
        return 5;
    }
    if (parser.isSet(screenshotOption)) {
        window.resize(1440, 880);
    }
    window.show();
    if (parser.isSet(screenshotOption)) {
        const QString png = parser.value(screenshotOption);
        QTimer::singleShot(500, &window, [&window, png] {
            window.grab().save(png);
            QApplication::quit();
        });
    }
    return app.exec();
}
