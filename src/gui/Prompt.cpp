// SPDX-License-Identifier: GPL-3.0-or-later
#include "Prompt.h"

#include <QFileDialog>
#include <QQueue>

namespace taskorch::gui {

namespace {
bool s_testMode = false;
QQueue<QString> s_fileNames;
QQueue<QMessageBox::StandardButton> s_answers;
QStringList s_messages;
} // namespace

void Prompt::setTestMode(bool on)
{
    s_testMode = on;
    s_fileNames.clear();
    s_answers.clear();
    s_messages.clear();
}

bool Prompt::testMode()
{
    return s_testMode;
}

void Prompt::setNextFileName(const QString &path)
{
    s_fileNames.enqueue(path);
}

void Prompt::setNextAnswer(QMessageBox::StandardButton answer)
{
    s_answers.enqueue(answer);
}

QStringList Prompt::messages()
{
    return s_messages;
}

void Prompt::clearMessages()
{
    s_messages.clear();
}

QString Prompt::openFileName(QWidget *parent, const QString &caption, const QString &filter)
{
    if (s_testMode) {
        return s_fileNames.isEmpty() ? QString() : s_fileNames.dequeue();
    }
    return QFileDialog::getOpenFileName(parent, caption, QString(), filter);
}

QString Prompt::saveFileName(QWidget *parent, const QString &caption, const QString &suggested, const QString &filter)
{
    if (s_testMode) {
        return s_fileNames.isEmpty() ? QString() : s_fileNames.dequeue();
    }
    return QFileDialog::getSaveFileName(parent, caption, suggested, filter);
}

QMessageBox::StandardButton Prompt::question(QWidget *parent, const QString &title, const QString &text,
                                             QMessageBox::StandardButtons buttons)
{
    if (s_testMode) {
        s_messages << title + QStringLiteral(": ") + text;
        return s_answers.isEmpty() ? QMessageBox::Cancel : s_answers.dequeue();
    }
    return QMessageBox::question(parent, title, text, buttons);
}

void Prompt::warning(QWidget *parent, const QString &title, const QString &text)
{
    if (s_testMode) {
        s_messages << title + QStringLiteral(": ") + text;
        return;
    }
    QMessageBox::warning(parent, title, text);
}

void Prompt::information(QWidget *parent, const QString &title, const QString &text)
{
    if (s_testMode) {
        s_messages << title + QStringLiteral(": ") + text;
        return;
    }
    QMessageBox::information(parent, title, text);
}

} // namespace taskorch::gui
