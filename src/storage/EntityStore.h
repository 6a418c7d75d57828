// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Database.h"
#include "EntitySpec.h"

#include <QSqlError>
#include <QSqlQuery>

#include <sqlite3.h>

namespace taskorch::storage {

using core::ErrorCode;
using core::makeError;

/// The statements every entity shares — get, insert, update, delete, select — generated once from the
/// entity's column declaration (`T::spec()`), prepared once and bound. Repositories build on it.
template <typename T> class EntityStore
{
public:
    explicit EntityStore(Database &db) : m_db(db)
    {
        const core::EntitySpec &spec = T::spec();
        const QStringList columns = spec.columnNames(false);
        m_selectColumns = spec.columnNames(true).join(QStringLiteral(", "));
        QStringList placeholders;
        QStringList assignments;
        for (const QString &c : columns) {
            placeholders << QStringLiteral("?");
            assignments << c + QStringLiteral(" = ?");
        }
        m_insertSql = QStringLiteral("INSERT INTO %1 (%2) VALUES (%3)")
                          .arg(spec.table, columns.join(QStringLiteral(", ")), placeholders.join(QStringLiteral(", ")));
        m_updateSql =
            QStringLiteral("UPDATE %1 SET %2 WHERE id = ?").arg(spec.table, assignments.join(QStringLiteral(", ")));
        m_restoreSql = QStringLiteral("INSERT INTO %1 (%2) VALUES (?, %3)")
                           .arg(spec.table, m_selectColumns, placeholders.join(QStringLiteral(", ")));
        m_getSql = QStringLiteral("SELECT %1 FROM %2 WHERE id = ?").arg(m_selectColumns, spec.table);
        m_deleteSql = QStringLiteral("DELETE FROM %1 WHERE id = ?").arg(spec.table);
    }

    /// "id, title, …" for hand-written selects that read whole rows with fromRow().
    const QString &selectColumns() const { return m_selectColumns; }
    Database &database() { return m_db; }

    /// Validates, inserts and returns the new id. Constraint failures come back as ErrorCode::Invalid.
    Result<qint64> insert(const T &entity)
    {
        if (const auto errors = entity.validate(); !errors.isEmpty()) {
            return makeError(ErrorCode::Invalid, core::describe(errors));
        }
        QSqlQuery &q = prepared(m_insert, m_insertSql);
        const QVariantList row = entity.toRow();
        for (int i = 1; i < row.size(); ++i) {
            q.bindValue(i - 1, row[i]);
        }
        if (!q.exec()) {
            return failure(q, QStringLiteral("cannot save the %1 row").arg(T::spec().table));
        }
        return q.lastInsertId().toLongLong();
    }

    /// Inserts a row that was deleted earlier under its old id (undo of a delete), so references to it stay
    /// valid. Conflict when that id has been taken since; callers then fall back to insert().
    Status restore(const T &entity)
    {
        if (const auto errors = entity.validate(); !errors.isEmpty()) {
            return makeError(ErrorCode::Invalid, core::describe(errors));
        }
        if (entity.id <= 0) {
            return makeError(ErrorCode::Invalid, QStringLiteral("restore needs the row's old id"));
        }
        if (get(entity.id)) {
            return makeError(ErrorCode::Conflict,
                             QStringLiteral("%1 %2 exists again; it cannot be restored under its old id")
                                 .arg(noun())
                                 .arg(entity.id));
        }
        QSqlQuery &q = prepared(m_restore, m_restoreSql);
        const QVariantList row = entity.toRow();
        for (int i = 0; i < row.size(); ++i) {
            q.bindValue(i, row[i]);
        }
        if (!q.exec()) {
            return failure(q, QStringLiteral("cannot restore %1 %2").arg(noun()).arg(entity.id));
        }
        return {};
    }

    Status update(const T &entity)
    {
        if (const auto errors = entity.validate(); !errors.isEmpty()) {
            return makeError(ErrorCode::Invalid, core::describe(errors));
        }
        QSqlQuery &q = prepared(m_update, m_updateSql);
        const QVariantList row = entity.toRow();
        for (int i = 1; i < row.size(); ++i) {
            q.bindValue(i - 1, row[i]);
        }
        q.bindValue(int(row.size()) - 1, entity.id);
        if (!q.exec()) {
            return failure(q, QStringLiteral("cannot update %1 row %2").arg(T::spec().table).arg(entity.id));
        }
        if (q.numRowsAffected() == 0) {
            return makeError(ErrorCode::NotFound, QStringLiteral("%1 %2 does not exist").arg(noun()).arg(entity.id));
        }
        return {};
    }

    Result<T> get(qint64 id)
    {
        QSqlQuery &q = prepared(m_get, m_getSql);
        q.bindValue(0, id);
        if (!q.exec()) {
            return failure(q, QStringLiteral("cannot read %1 %2").arg(noun()).arg(id));
        }
        if (!q.next()) {
            q.finish();
            return makeError(ErrorCode::NotFound, QStringLiteral("%1 %2 does not exist").arg(noun()).arg(id));
        }
        T entity = T::fromRow(rowOf(q));
        q.finish();
        return entity;
    }

    Status remove(qint64 id)
    {
        QSqlQuery &q = prepared(m_delete, m_deleteSql);
        q.bindValue(0, id);
        if (!q.exec()) {
            return failure(q, QStringLiteral("cannot delete %1 %2").arg(noun()).arg(id));
        }
        if (q.numRowsAffected() == 0) {
            return makeError(ErrorCode::NotFound, QStringLiteral("%1 %2 does not exist").arg(noun()).arg(id));
        }
        return {};
    }

    /// Runs a storage-internal select whose columns are selectColumns(), binding `values` in order.
    Result<QList<T>> select(const QString &sql, const QVariantList &values = {})
    {
        QSqlQuery q(m_db.connection());
        q.setForwardOnly(true);
        if (!q.prepare(sql)) {
            return failure(q, QStringLiteral("cannot read %1").arg(T::spec().table));
        }
        for (int i = 0; i < values.size(); ++i) {
            q.bindValue(i, values[i]);
        }
        if (!q.exec()) {
            return failure(q, QStringLiteral("cannot read %1").arg(T::spec().table));
        }
        QList<T> out;
        while (q.next()) {
            out << T::fromRow(rowOf(q));
        }
        return out;
    }

    static QVariantList rowOf(const QSqlQuery &q)
    {
        QVariantList row;
        const int n = int(T::spec().columns.size());
        row.reserve(n);
        for (int i = 0; i < n; ++i) {
            row << q.value(i);
        }
        return row;
    }

    /// Turns a failed query into an Error: constraint violations are the user's (Invalid), the rest storage.
    core::Error failure(const QSqlQuery &q, const QString &message)
    {
        const int code = sqlite3_extended_errcode(m_db.handle());
        if ((code & 0xff) == SQLITE_CONSTRAINT) {
            return makeError(ErrorCode::Invalid, message + QStringLiteral(": ") + Database::describeSqliteError(code),
                             q.lastError().text());
        }
        return storageError(message + QStringLiteral(": ") + Database::describeSqliteError(code), q.lastError().text());
    }

private:
    static QString noun()
    {
        QString table = T::spec().table;
        return table == QLatin1String("tasks") ? QStringLiteral("task") : table + QStringLiteral(" row");
    }

    QSqlQuery &prepared(std::optional<QSqlQuery> &slot, const QString &sql)
    {
        if (!slot) {
            slot.emplace(m_db.connection());
            slot->prepare(sql);
        }
        return *slot;
    }

    Database &m_db;
    QString m_selectColumns;
    QString m_insertSql, m_restoreSql, m_updateSql, m_getSql, m_deleteSql;
    std::optional<QSqlQuery> m_insert, m_restore, m_update, m_get, m_delete;
};

} // namespace taskorch::storage
