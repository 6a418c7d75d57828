// SPDX-License-Identifier: GPL-3.0-or-later
#include "SchemaCheck.h"

#include "EntitySpec.h"

#include <QSqlError>
#include <QSqlQuery>

#include <map>

namespace taskorch::storage {

using core::EntitySpec;
using core::ForeignKeyAction;
using core::SqlType;

namespace {

QString typeName(SqlType type)
{
    switch (type) {
    case SqlType::Integer:
        return QStringLiteral("INTEGER");
    case SqlType::Real:
        return QStringLiteral("REAL");
    case SqlType::Text:
        return QStringLiteral("TEXT");
    }
    return {};
}

QString actionName(ForeignKeyAction action)
{
    switch (action) {
    case ForeignKeyAction::NoAction:
        return QStringLiteral("NO ACTION");
    case ForeignKeyAction::Cascade:
        return QStringLiteral("CASCADE");
    case ForeignKeyAction::SetNull:
        return QStringLiteral("SET NULL");
    }
    return {};
}

// PRAGMA arguments cannot be bound; table names come from our own declarations, never from users.
QString pragma(const QString &name, const QString &table)
{
    return QStringLiteral("PRAGMA %1(\"%2\")").arg(name, table);
}

} // namespace

Result<QStringList> SchemaCheck::differences()
{
    QStringList diffs;
    for (const EntitySpec *spec : core::allEntitySpecs()) {
        if (!m_db.hasTable(spec->table)) {
            diffs << QStringLiteral("%1: table is missing").arg(spec->table);
            continue;
        }

        struct LiveColumn
        {
            QString type;
            bool notNull = false;
            bool primaryKey = false;
        };
        std::map<QString, LiveColumn> live;
        QSqlQuery info(m_db.connection());
        if (!info.exec(pragma(QStringLiteral("table_info"), spec->table))) {
            return storageError(QStringLiteral("cannot read the schema of %1").arg(spec->table),
                                info.lastError().text());
        }
        while (info.next()) {
            live[info.value(1).toString()] = {info.value(2).toString().toUpper(), info.value(3).toInt() != 0,
                                              info.value(5).toInt() != 0};
        }
        for (const core::ColumnSpec &column : spec->columns) {
            auto it = live.find(column.name);
            if (it == live.end()) {
                diffs << QStringLiteral("%1.%2: column is missing").arg(spec->table, column.name);
                continue;
            }
            const LiveColumn &c = it->second;
            if (c.type != typeName(column.type)) {
                diffs << QStringLiteral("%1.%2: type is %3, expected %4")
                             .arg(spec->table, column.name, c.type, typeName(column.type));
            }
            const bool expectNotNull = !column.nullable && !c.primaryKey;
            if (!c.primaryKey && c.notNull != expectNotNull) {
                diffs << QStringLiteral("%1.%2: %3, expected %4")
                             .arg(spec->table, column.name,
                                  c.notNull ? QStringLiteral("NOT NULL") : QStringLiteral("nullable"),
                                  expectNotNull ? QStringLiteral("NOT NULL") : QStringLiteral("nullable"));
            }
            if (column.name == QLatin1String("id") && !c.primaryKey) {
                diffs << QStringLiteral("%1.id: is not the primary key").arg(spec->table);
            }
            live.erase(it);
        }
        for (const auto &[name, column] : live) {
            diffs << QStringLiteral("%1.%2: column is not in the model").arg(spec->table, name);
        }

        // Indexes, by name and columns.
        std::map<QString, bool> liveIndexes;
        QSqlQuery indexes(m_db.connection());
        indexes.exec(pragma(QStringLiteral("index_list"), spec->table));
        while (indexes.next()) {
            liveIndexes[indexes.value(1).toString()] = indexes.value(2).toInt() != 0;
        }
        for (const core::IndexSpec &index : spec->indexes) {
            auto it = liveIndexes.find(index.name);
            if (it == liveIndexes.end()) {
                diffs << QStringLiteral("%1: index %2 is missing").arg(spec->table, index.name);
                continue;
            }
            QStringList columns;
            QSqlQuery indexInfo(m_db.connection());
            indexInfo.exec(pragma(QStringLiteral("index_info"), index.name));
            while (indexInfo.next()) {
                columns << indexInfo.value(2).toString();
            }
            if (columns != index.columns || it->second != index.unique) {
                diffs << QStringLiteral("%1: index %2 is on (%3)%4, expected (%5)%6")
                             .arg(spec->table, index.name, columns.join(QStringLiteral(", ")),
                                  it->second ? QStringLiteral(" unique") : QString(),
                                  index.columns.join(QStringLiteral(", ")),
                                  index.unique ? QStringLiteral(" unique") : QString());
            }
            liveIndexes.erase(it);
        }
        for (const auto &[name, unique] : liveIndexes) {
            diffs << QStringLiteral("%1: index %2 is not in the model").arg(spec->table, name);
        }

        // Foreign keys: referenced table and ON DELETE action per column.
        std::map<QString, std::pair<QString, QString>> liveKeys;
        QSqlQuery keys(m_db.connection());
        keys.exec(pragma(QStringLiteral("foreign_key_list"), spec->table));
        while (keys.next()) {
            liveKeys[keys.value(3).toString()] = {keys.value(2).toString(), keys.value(6).toString().toUpper()};
        }
        for (const core::ColumnSpec &column : spec->columns) {
            if (column.references.isEmpty()) {
                continue;
            }
            auto it = liveKeys.find(column.name);
            if (it == liveKeys.end()) {
                diffs << QStringLiteral("%1.%2: foreign key to %3 is missing")
                             .arg(spec->table, column.name, column.references);
                continue;
            }
            if (it->second.first != column.references || it->second.second != actionName(column.onDelete)) {
                diffs << QStringLiteral("%1.%2: foreign key to %3 ON DELETE %4, expected %5 ON DELETE %6")
                             .arg(spec->table, column.name, it->second.first, it->second.second, column.references,
                                  actionName(column.onDelete));
            }
            liveKeys.erase(it);
        }
        for (const auto &[name, target] : liveKeys) {
            diffs
                << QStringLiteral("%1.%2: foreign key to %3 is not in the model").arg(spec->table, name, target.first);
        }
    }
    return diffs;
}

} // namespace taskorch::storage
