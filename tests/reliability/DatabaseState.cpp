// SPDX-License-Identifier: GPL-3.0-or-later
#include "DatabaseState.h"

#include <QCryptographicHash>
#include <QFile>
#include <QList>

#include <sqlite3.h>

#include <algorithm>
#include <cstring>

namespace taskorch::test {

namespace {

/// Closes the connection when it goes out of scope.
struct Connection
{
    sqlite3 *db = nullptr;
    ~Connection() { sqlite3_close_v2(db); }
};

/// Prepares, steps and finalizes one statement; `row` is called for every result row.
template <typename RowFn> bool forEachRow(sqlite3 *db, const QByteArray &sql, QString &error, RowFn row)
{
    sqlite3_stmt *stmt = nullptr;
    int rc = sqlite3_prepare_v2(db, sql.constData(), int(sql.size()), &stmt, nullptr);
    if (rc == SQLITE_OK) {
        while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
            row(stmt);
        }
    }
    if (rc != SQLITE_DONE) {
        error = QStringLiteral("%1: %2").arg(QString::fromUtf8(sql), QString::fromUtf8(sqlite3_errmsg(db)));
    }
    sqlite3_finalize(stmt);
    return rc == SQLITE_DONE;
}

/// The exact bytes of one row: per column a type tag, then the value (integers and reals as their bit patterns,
/// text and blobs with their length).
QByteArray encodeRow(sqlite3_stmt *stmt)
{
    QByteArray row;
    const int columns = sqlite3_column_count(stmt);
    for (int c = 0; c < columns; ++c) {
        const int type = sqlite3_column_type(stmt, c);
        row += char('0' + type);
        switch (type) {
        case SQLITE_INTEGER: {
            const sqlite3_int64 v = sqlite3_column_int64(stmt, c);
            row.append(reinterpret_cast<const char *>(&v), sizeof v);
            break;
        }
        case SQLITE_FLOAT: {
            const double v = sqlite3_column_double(stmt, c);
            row.append(reinterpret_cast<const char *>(&v), sizeof v);
            break;
        }
        case SQLITE_TEXT:
        case SQLITE_BLOB: {
            const void *data = type == SQLITE_TEXT ? static_cast<const void *>(sqlite3_column_text(stmt, c))
                                                   : sqlite3_column_blob(stmt, c);
            const int bytes = sqlite3_column_bytes(stmt, c);
            row.append(reinterpret_cast<const char *>(&bytes), sizeof bytes);
            row.append(static_cast<const char *>(data), bytes);
            break;
        }
        default:
            break;
        }
    }
    return row;
}

QByteArray quoted(const QString &identifier)
{
    return '"' + identifier.toUtf8().replace('"', "\"\"") + '"';
}

} // namespace

qint64 DatabaseState::totalRows() const
{
    qint64 total = 0;
    for (qint64 n : rowCounts) {
        total += n;
    }
    return total;
}

QString DatabaseState::summary() const
{
    QStringList parts;
    for (auto it = rowCounts.cbegin(); it != rowCounts.cend(); ++it) {
        if (it.value() > 0) {
            parts << QStringLiteral("%1=%2").arg(it.key()).arg(it.value());
        }
    }
    return QStringLiteral("%1 (schema %2, rows %3)")
        .arg(parts.join(u' '), QString::fromLatin1(schemaSha256.left(8)), QString::fromLatin1(rowsSha256.left(8)));
}

DatabaseCheck checkDatabase(const QString &path)
{
    DatabaseCheck check;
    if (!QFile::exists(path)) {
        check.error = QStringLiteral("%1 does not exist").arg(path);
        return check;
    }
    Connection c;
    if (sqlite3_open_v2(QFile::encodeName(path).constData(), &c.db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
        check.error = QStringLiteral("cannot open %1: %2").arg(path, QString::fromUtf8(sqlite3_errmsg(c.db)));
        return check;
    }
    sqlite3_busy_timeout(c.db, 5000);
    QString error;
    if (!forEachRow(c.db, "PRAGMA integrity_check", error, [&](sqlite3_stmt *s) {
            check.integrity << QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(s, 0)));
        })) {
        check.error = error;
        return check;
    }
    if (!forEachRow(c.db, "PRAGMA foreign_key_check", error, [&](sqlite3_stmt *) { ++check.foreignKeyErrors; })) {
        check.error = error;
        return check;
    }

    QCryptographicHash schema(QCryptographicHash::Sha256);
    QStringList tables;
    const bool schemaRead =
        forEachRow(c.db, "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name", error,
                   [&](sqlite3_stmt *s) {
                       schema.addData(encodeRow(s));
                       if (qstrcmp(reinterpret_cast<const char *>(sqlite3_column_text(s, 0)), "table") == 0) {
                           tables << QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(s, 1)));
                       }
                   }) &&
        forEachRow(c.db, "PRAGMA user_version", error, [&](sqlite3_stmt *s) { schema.addData(encodeRow(s)); });
    if (!schemaRead) {
        check.error = error;
        return check;
    }
    check.state.schemaSha256 = schema.result().toHex();

    // One read transaction, so the counts and the rows are one snapshot.
    sqlite3_exec(c.db, "BEGIN", nullptr, nullptr, nullptr);
    QCryptographicHash rows(QCryptographicHash::Sha256);
    for (const QString &table : std::as_const(tables)) {
        QList<QByteArray> encoded;
        if (!forEachRow(c.db, "SELECT * FROM " + quoted(table), error,
                        [&](sqlite3_stmt *s) { encoded << encodeRow(s); })) {
            check.error = error;
            sqlite3_exec(c.db, "ROLLBACK", nullptr, nullptr, nullptr);
            return check;
        }
        std::sort(encoded.begin(), encoded.end());
        check.state.rowCounts.insert(table, encoded.size());
        rows.addData(quoted(table));
        const qint64 n = encoded.size();
        rows.addData(QByteArrayView(reinterpret_cast<const char *>(&n), sizeof n));
        for (const QByteArray &row : std::as_const(encoded)) {
            const qint64 bytes = row.size();
            rows.addData(QByteArrayView(reinterpret_cast<const char *>(&bytes), sizeof bytes));
            rows.addData(row);
        }
    }
    sqlite3_exec(c.db, "COMMIT", nullptr, nullptr, nullptr);
    check.state.rowsSha256 = rows.result().toHex();
    return check;
}

} // namespace taskorch::test
