// A test database for suites that must behave the same on both backends:
// sqlite::memory:, or a fresh database on the throwaway PostgreSQL cluster,
// with the suite's tables created from the DDL written for that dialect.
#pragma once

#include <gtest/gtest.h>

#include <cpprustango/db/database.hpp>
#include <optional>
#include <string>

#include "test_support/postgres_cluster.hpp"

namespace test_support {

enum class Backend { Sqlite, Postgres };

class BothDatabasesTest : public ::testing::TestWithParam<Backend> {
 protected:
  /** Opens this instantiation's database and runs the matching DDL; call it from SetUp(). */
  void open(const char* sqlite_ddl, const char* postgres_ddl) {
    try {
      url_ = pg() ? create_test_database() : "sqlite::memory:";
      database_.emplace(cpprustango::db::Database::open(url_));
      database_->acquire().execute_script(pg() ? postgres_ddl : sqlite_ddl);
    } catch (const std::exception& error) {
      FAIL() << "cannot set up the " << url_ << " database: " << error.what();
    }
  }

  void TearDown() override {
    database_.reset();
    if (pg()) drop_test_database(url_);
  }

  bool pg() const { return GetParam() == Backend::Postgres; }
  /** The database's URL, for a connection of a test's own (a script that changes session settings). */
  const std::string& url() const { return url_; }
  cpprustango::db::Database& db() { return *database_; }

 private:
  std::string url_;
  std::optional<cpprustango::db::Database> database_;
};

/** Test names end in /Memory or /Cluster, as the CTest registration expects. */
inline std::string backend_name(const ::testing::TestParamInfo<Backend>& info) {
  return info.param == Backend::Sqlite ? "Memory" : "Cluster";
}

}  // namespace test_support
