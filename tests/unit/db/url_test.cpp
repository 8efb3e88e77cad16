// Database URLs: every accepted form, percent-decoding, relative SQLite paths
// against the project root, redaction, and the exact message for each refusal.
#include "cpprustango/db/url.hpp"

#include <gtest/gtest.h>

#include "cpprustango/db/errors.hpp"

namespace db = cpprustango::db;

namespace {

std::string url_error(std::string_view url) {
  try {
    db::parse_url(url);
  } catch (const db::UrlError& error) {
    return error.what();
  }
  return "(no error)";
}

TEST(UrlTest, SqliteRelativePathResolvesAgainstBaseDir) {
  auto url = db::parse_url("sqlite:var/app.db", "/srv/blog");
  EXPECT_EQ(url.dialect, db::Dialect::Sqlite);
  EXPECT_EQ(url.path, "/srv/blog/var/app.db");
  EXPECT_FALSE(url.is_memory());
}

TEST(UrlTest, SqliteRelativePathStaysRelativeWithoutBaseDir) {
  EXPECT_EQ(db::parse_url("sqlite:var/app.db").path, "var/app.db");
  EXPECT_EQ(db::parse_url("sqlite:./var/../app.db").path, "app.db");
}

TEST(UrlTest, SqliteAbsolutePathIgnoresBaseDir) {
  EXPECT_EQ(db::parse_url("sqlite:/data/app.db", "/srv/blog").path, "/data/app.db");
  EXPECT_EQ(db::parse_url("sqlite:///data/app.db", "/srv/blog").path, "/data/app.db");
}

TEST(UrlTest, SqliteMemory) {
  auto url = db::parse_url("sqlite::memory:", "/srv/blog");
  EXPECT_TRUE(url.is_memory());
  EXPECT_EQ(url.redacted(), "sqlite::memory:");
}

TEST(UrlTest, PostgresFullForm) {
  auto url = db::parse_url("postgresql://app:secret@db.example.com:5433/blog?sslmode=require&connect_timeout=3");
  EXPECT_EQ(url.dialect, db::Dialect::Postgresql);
  EXPECT_EQ(url.user, "app");
  EXPECT_EQ(url.password, "secret");
  EXPECT_EQ(url.host, "db.example.com");
  ASSERT_TRUE(url.port.has_value());
  EXPECT_EQ(*url.port, 5433);
  EXPECT_EQ(url.dbname, "blog");
  ASSERT_EQ(url.params.size(), 2u);
  EXPECT_EQ(url.params[0], (std::pair<std::string, std::string>{"sslmode", "require"}));
  EXPECT_EQ(url.params[1], (std::pair<std::string, std::string>{"connect_timeout", "3"}));
}

TEST(UrlTest, PostgresShortSchemeAndDefaults) {
  auto url = db::parse_url("postgres://localhost/blog");
  EXPECT_EQ(url.dialect, db::Dialect::Postgresql);
  EXPECT_EQ(url.host, "localhost");
  EXPECT_FALSE(url.port.has_value());
  EXPECT_TRUE(url.user.empty());
  EXPECT_EQ(url.dbname, "blog");
  EXPECT_EQ(db::parse_url("postgresql://").host, "");
}

TEST(UrlTest, PostgresPercentDecodesUserPasswordAndDatabase) {
  auto url = db::parse_url("postgresql://us%40er:p%3Ass%2Fw%40rd@host/my%20db");
  EXPECT_EQ(url.user, "us@er");
  EXPECT_EQ(url.password, "p:ss/w@rd");
  EXPECT_EQ(url.dbname, "my db");
}

TEST(UrlTest, PostgresUnencodedAtInPasswordEndsAtLastAt) {
  auto url = db::parse_url("postgresql://app:p@ss@host/db");
  EXPECT_EQ(url.password, "p@ss");
  EXPECT_EQ(url.host, "host");
}

TEST(UrlTest, PostgresIpv6Host) {
  auto url = db::parse_url("postgresql://app@[::1]:5432/db");
  EXPECT_EQ(url.host, "::1");
  EXPECT_EQ(*url.port, 5432);
  EXPECT_EQ(url.redacted(), "postgresql://app@[::1]:5432/db");
}

TEST(UrlTest, RedactedHidesPasswordEverywhere) {
  auto url = db::parse_url("postgres://app:s3cret@db:5432/blog?sslmode=require&password=other");
  EXPECT_EQ(url.redacted(), "postgresql://app:***@db:5432/blog?sslmode=require&password=***");
  EXPECT_EQ(db::parse_url("postgresql://app@db/blog").redacted(), "postgresql://app@db/blog");
}

TEST(UrlTest, RedactUrlWorksOnTextThatDoesNotParse) {
  EXPECT_EQ(db::redact_url("mysql://root:hunter2@db/x"), "mysql://root:***@db/x");
  EXPECT_EQ(db::redact_url("mysql://root@db/x"), "mysql://root@db/x");
  EXPECT_EQ(db::redact_url("sqlite:a.db"), "sqlite:a.db");
}

TEST(UrlTest, UnsupportedSchemeNamesTheFormsWithoutThePassword) {
  EXPECT_EQ(url_error("mysql://x"),
            "unsupported database URL 'mysql://x': use sqlite:PATH, sqlite::memory: or postgresql://...");
  EXPECT_EQ(url_error("mysql://root:hunter2@db/x"),
            "unsupported database URL 'mysql://root:***@db/x': use sqlite:PATH, sqlite::memory: or postgresql://...");
  EXPECT_EQ(url_error("var/app.db"),
            "unsupported database URL 'var/app.db': use sqlite:PATH, sqlite::memory: or postgresql://...");
}

TEST(UrlTest, EmptyUrl) {
  EXPECT_EQ(url_error(""), "empty database URL: use sqlite:PATH, sqlite::memory: or postgresql://...");
}

TEST(UrlTest, SqliteWithoutPath) {
  EXPECT_EQ(url_error("sqlite:"), "missing file path in database URL 'sqlite:': use sqlite:PATH or sqlite::memory:");
}

TEST(UrlTest, SqliteDoubleSlashRelativeIsAmbiguous) {
  EXPECT_EQ(url_error("sqlite://app.db"),
            "ambiguous database URL 'sqlite://app.db': use sqlite:app.db for a relative path or sqlite:///app.db for "
            "an absolute one");
}

TEST(UrlTest, BadPort) {
  EXPECT_EQ(url_error("postgresql://app:pw@db:abc/x"),
            "invalid port 'abc' in database URL 'postgresql://app:***@db:abc/x': expected a number from 1 to 65535");
  EXPECT_EQ(url_error("postgresql://db:70000/x"),
            "invalid port '70000' in database URL 'postgresql://db:70000/x': expected a number from 1 to 65535");
  EXPECT_EQ(url_error("postgresql://db:/x"),
            "invalid port '' in database URL 'postgresql://db:/x': expected a number from 1 to 65535");
}

TEST(UrlTest, BadPercentEncoding) {
  EXPECT_EQ(url_error("postgresql://app:pw%zz@db/x"),
            "invalid percent-encoding in database URL 'postgresql://app:***@db/x': '%' must be followed by two hex "
            "digits");
}

TEST(UrlTest, BadParameter) {
  EXPECT_EQ(url_error("postgresql://db/x?sslmode"),
            "invalid parameter 'sslmode' in database URL 'postgresql://db/x?sslmode': expected key=value");
}

TEST(UrlTest, BadIpv6Host) {
  EXPECT_EQ(url_error("postgresql://[::1/x"),
            "invalid host in database URL 'postgresql://[::1/x': missing ']' after an IPv6 address");
}

TEST(UrlTest, UrlErrorIsADatabaseError) {
  try {
    db::parse_url("nope");
    FAIL() << "no error";
  } catch (const db::DatabaseError& error) {
    EXPECT_EQ(error.sqlstate(), "08001");
  }
}

TEST(UrlTest, DialectNames) {
  EXPECT_EQ(db::dialect_name(db::Dialect::Sqlite), "sqlite");
  EXPECT_EQ(db::dialect_name(db::Dialect::Postgresql), "postgresql");
}

}  // namespace
