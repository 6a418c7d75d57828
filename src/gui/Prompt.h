// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMessageBox>
#include <QString>
#include <QStringList>

class QWidget;

namespace taskorch::gui {

/// The one place the GUI asks the person something modal: file names, yes/no questions, error messages.
///
/// Tests switch on test mode: then nothing is shown, file names and answers come from queues filled with
/// setNextFileName() / setNextAnswer() (an empty queue answers "cancel"), and messages are recorded in messages().
class Prompt
{
public:
    static void setTestMode(bool on);
    static bool testMode();
    static void setNextFileName(const QString &path);
    static void setNextAnswer(QMessageBox::StandardButton answer);
    /// Titles and texts of the messages shown in test mode ("title: text"), oldest first.
    static QStringList messages();
    static void clearMessages();

    static QString openFileName(QWidget *parent, const QString &caption, const QString &filter);
    static QString saveFileName(QWidget *parent, const QString &caption, const QString &suggested,
                                const QString &filter);
    static QMessageBox::StandardButton question(QWidget *parent, const QString &title, const QString &text,
                                                QMessageBox::StandardButtons buttons = QMessageBox::Yes |
                                                                                       QMessageBox::No);
    static void warning(QWidget *parent, const QString &title, const QString &text);
    static void information(QWidget *parent, const QString &title, const QString &text);
};

} // namespace taskorch::gui
