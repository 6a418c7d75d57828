// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

namespace taskorch::test {

/// One file a user might point TaskOrch at that it must refuse, with the words the refusal must contain.
struct BadFile
{
    QString name;            ///< short label for data-driven tests, e.g. "truncated"
    QString path;            ///< the file to open
    QStringList expectWords; ///< each must appear in the error message
};

/// Builds, in `folder`, every kind of file issue #9 names: a truncated TaskOrch database, random bytes, a
/// zero-length file, a CSV named `.db`, another application's SQLite database, a newer TaskOrch schema, a read-only
/// file and a file in a read-only folder. Read-only is made real even for root (chattr +i); when the machine cannot
/// do that, those two cases are left out and `readOnlyNote` says why.
///
/// Keep the object alive while testing: its destructor makes the read-only files writable again so the temporary
/// folder can be removed.
class BadFiles
{
public:
    explicit BadFiles(const QString &folder);
    ~BadFiles();
    BadFiles(const BadFiles &) = delete;
    BadFiles &operator=(const BadFiles &) = delete;

    const QList<BadFile> &files() const { return m_files; }
    /// Why the read-only cases are missing; empty when they are present.
    const QString &readOnlyNote() const { return m_readOnlyNote; }
    /// Whether every file could be made.
    const QString &errorString() const { return m_error; }

    /// sha256 of every file in the folder (recursively) by relative name: equal before and after means nothing
    /// was written, created or removed.
    static QMap<QString, QByteArray> snapshot(const QString &folder);

private:
    bool makeReadOnly(const QString &path);

    QList<BadFile> m_files;
    QStringList m_readOnly;
    QStringList m_immutable;
    QString m_readOnlyNote;
    QString m_error;
};

} // namespace taskorch::test
