// Operations rendered as SQL for one dialect, by pure functions: no database
// is needed, so every statement is golden-tested.
//
//   for (const std::string& sql : migrate::render(op, before, db::Dialect::Sqlite)) conn.execute_script(sql);
//
// SQLite cannot alter a column, drop a constraint or add most constrained
// columns in place; those operations become its documented table rebuild
// (create the new shape, copy the rows, drop the old table, rename, recreate
// the indexes). The runner runs them with foreign keys off and checks them
// (PRAGMA foreign_key_check) before committing.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "cpprustango/db/url.hpp"
#include "cpprustango/migrate/operation.hpp"

namespace cpprustango::migrate {

/** The statements that carry out `op` on `dialect`, given the state before it. */
std::vector<std::string> render(const Operation& op, const State& before, db::Dialect dialect);

/** `"name"`, with embedded quotes doubled. */
std::string quote(std::string_view identifier);

/** The column type as the dialect spells it: string(120) is VARCHAR(120) on both; datetime is TIMESTAMPTZ or DATETIME. */
std::string column_type_sql(const ColumnType& type, db::Dialect dialect);

}  // namespace cpprustango::migrate
