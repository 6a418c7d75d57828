// SPDX-License-Identifier: GPL-3.0-or-later
#include "BadFiles.h"

#include "DemoProject.h"
#include "TempWorkspace.h"
#include "Workspace.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>

#include <unistd.h>

namespace taskorch::test {

namespace {

bool writable(const QString &path)
{
    return ::access(QFile::encodeName(path).constData(), W_OK) == 0;
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

BadFiles::BadFiles(const QString &folder)
{
    const QDir dir(folder);
    const QString good = dir.filePath(QStringLiteral("good.template"));
    {
        // A real project, closed again so the whole database is in the main file (the WAL is checkpointed).
        auto ws = storage::Workspace::open(good);
        if (!ws || !storage::DemoProject::load((*ws)->service())) {
            m_error = QStringLiteral("cannot build the template database");
            return;
        }
    }
    const QByteArray goodBytes = readFile(good);
    QFile::remove(good);

    auto add = [&](const QString &name, const QString &file, const QStringList &words) {
        m_files.append({name, dir.filePath(file), words});
    };

    writeFile(dir.filePath(QStringLiteral("truncated.db")), goodBytes.left(goodBytes.size() / 2));
    add(QStringLiteral("truncated"), QStringLiteral("truncated.db"),
        {QStringLiteral("damaged"), QStringLiteral("truncated")});

    QByteArray noise(8192, Qt::Uninitialized);
    QRandomGenerator generator(20261122);
    for (char &byte : noise) {
        byte = char(generator.bounded(256));
    }
    writeFile(dir.filePath(QStringLiteral("random.db")), noise);
    add(QStringLiteral("random bytes"), QStringLiteral("random.db"), {QStringLiteral("not an SQLite file")});

    writeFile(dir.filePath(QStringLiteral("empty.db")), {});
    add(QStringLiteral("zero-length"), QStringLiteral("empty.db"), {QStringLiteral("empty file")});

    writeFile(dir.filePath(QStringLiteral("report.db")), "id,title,status\r\n1,Write spec,completed\r\n");
    add(QStringLiteral("CSV named .db"), QStringLiteral("report.db"),
        {QStringLiteral("text file"), QStringLiteral("id,title,status")});

    {
        auto other = storage::Database::open(dir.filePath(QStringLiteral("photos.db")));
        if (!other || !(*other)->exec(QStringLiteral("CREATE TABLE photos (id INTEGER PRIMARY KEY, path TEXT)"))) {
            m_error = QStringLiteral("cannot build another application's database");
            return;
        }
    }
    add(QStringLiteral("another application"), QStringLiteral("photos.db"),
        {QStringLiteral("not a TaskOrch database"), QStringLiteral("photos")});

    const QString newer = dir.filePath(QStringLiteral("newer.db"));
    writeFile(newer, goodBytes);
    {
        auto db = storage::Database::open(newer);
        if (!db || !(*db)->exec(QStringLiteral("INSERT INTO schema_migrations VALUES "
                                               "(999, 'from_the_future', 'abc', '2030-01-01T00:00:00.000Z')"))) {
            m_error = QStringLiteral("cannot build a newer database");
            return;
        }
    }
    add(QStringLiteral("newer schema"), QStringLiteral("newer.db"), {QStringLiteral("newer"), QStringLiteral("999")});

    const QString readOnlyFile = dir.filePath(QStringLiteral("readonly.db"));
    const QString lockedFolder = dir.filePath(QStringLiteral("locked"));
    writeFile(readOnlyFile, goodBytes);
    dir.mkdir(QStringLiteral("locked"));
    writeFile(QDir(lockedFolder).filePath(QStringLiteral("project.db")), goodBytes);
    if (makeReadOnly(readOnlyFile) && makeReadOnly(lockedFolder)) {
        add(QStringLiteral("read-only file"), QStringLiteral("readonly.db"), {QStringLiteral("read-only")});
        add(QStringLiteral("read-only folder"), QStringLiteral("locked/project.db"),
            {QStringLiteral("read-only folder")});
    }
}

BadFiles::~BadFiles()
{
    for (const QString &path : std::as_const(m_immutable)) {
        QProcess::execute(QStringLiteral("chattr"), {QStringLiteral("-i"), path});
    }
    for (const QString &path : std::as_const(m_readOnly)) {
        QFile::setPermissions(path, QFile::permissions(path) | QFileDevice::WriteOwner);
    }
}

bool BadFiles::makeReadOnly(const QString &path)
{
    m_readOnly.append(path);
    QFile::setPermissions(path, QFile::permissions(path) & ~(QFileDevice::WriteOwner | QFileDevice::WriteUser |
                                                             QFileDevice::WriteGroup | QFileDevice::WriteOther));
    if (writable(path)) {
        // root ignores permission bits; the immutable attribute binds root too.
        if (QProcess::execute(QStringLiteral("chattr"), {QStringLiteral("+i"), path}) == 0) {
            m_immutable.append(path);
        }
    }
    if (writable(path)) {
        m_readOnlyNote = QStringLiteral("cannot make %1 read-only here (root without chattr +i)").arg(path);
        return false;
    }
    return true;
}

QMap<QString, QByteArray> BadFiles::snapshot(const QString &folder)
{
    QMap<QString, QByteArray> files;
    QDirIterator it(folder, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        files.insert(QDir(folder).relativeFilePath(path), sha256OfFile(path));
    }
    return files;
}

} // namespace taskorch::test
