// db::Value: the variant's conversions, strict typed reads with their error
// messages, and describe() for test output.
#include "cpprustango/db/value.hpp"

#include <gtest/gtest.h>

#include <limits>

#include "cpprustango/db/errors.hpp"

namespace db = cpprustango::db;

namespace {

std::string type_error(const std::function<void()>& read) {
  try {
    read();
  } catch (const db::ValueTypeError& error) {
    return error.what();
  }
  return "(no error)";
}

TEST(ValueTest, LiteralsPickTheExpectedKind) {
  EXPECT_EQ(db::kind(db::Value{}), db::ValueKind::Null);
  EXPECT_EQ(db::kind(db::Value{nullptr}), db::ValueKind::Null);
  EXPECT_EQ(db::kind(db::Value{true}), db::ValueKind::Bool);
  EXPECT_EQ(db::kind(db::Value{42}), db::ValueKind::Integer);
  EXPECT_EQ(db::kind(db::Value{std::int64_t{1} << 40}), db::ValueKind::Integer);
  EXPECT_EQ(db::kind(db::Value{1.5}), db::ValueKind::Real);
  EXPECT_EQ(db::kind(db::Value{"text"}), db::ValueKind::Text);
  EXPECT_EQ(db::kind(db::Value{db::to_bytes("ab")}), db::ValueKind::Binary);
}

TEST(ValueTest, KindNames) {
  EXPECT_EQ(db::kind_name(db::ValueKind::Null), "null");
  EXPECT_EQ(db::kind_name(db::ValueKind::Bool), "bool");
  EXPECT_EQ(db::kind_name(db::ValueKind::Integer), "integer");
  EXPECT_EQ(db::kind_name(db::ValueKind::Real), "real");
  EXPECT_EQ(db::kind_name(db::ValueKind::Text), "text");
  EXPECT_EQ(db::kind_name(db::ValueKind::Binary), "bytes");
}

TEST(ValueTest, TypedReadsReturnTheValue) {
  EXPECT_TRUE(db::is_null(db::Value{}));
  EXPECT_FALSE(db::is_null(db::Value{0}));
  EXPECT_TRUE(db::as_bool(db::Value{true}));
  EXPECT_EQ(db::as_int(db::Value{std::numeric_limits<std::int64_t>::min()}), std::numeric_limits<std::int64_t>::min());
  EXPECT_DOUBLE_EQ(db::as_double(db::Value{0.25}), 0.25);
  EXPECT_EQ(db::as_string(db::Value{"héllo"}), "héllo");
  EXPECT_EQ(db::as_bytes(db::Value{db::to_bytes(std::string_view("\0\xff", 2))}).size(), 2u);
}

TEST(ValueTest, BoolAcceptsSqliteIntegers) {
  EXPECT_TRUE(db::as_bool(db::Value{1}));
  EXPECT_FALSE(db::as_bool(db::Value{0}));
  EXPECT_EQ(type_error([] { db::as_bool(db::Value{2}); }), "cannot read an integer value as bool");
}

TEST(ValueTest, DoubleAcceptsIntegers) { EXPECT_DOUBLE_EQ(db::as_double(db::Value{3}), 3.0); }

TEST(ValueTest, MismatchesThrowValueTypeError) {
  EXPECT_EQ(type_error([] { db::as_int(db::Value{"12"}); }), "cannot read a text value as integer");
  EXPECT_EQ(type_error([] { db::as_int(db::Value{}); }), "cannot read a null value as integer");
  EXPECT_EQ(type_error([] { db::as_string(db::Value{12}); }), "cannot read an integer value as text");
  EXPECT_EQ(type_error([] { db::as_bytes(db::Value{"x"}); }), "cannot read a text value as bytes");
  EXPECT_EQ(type_error([] { db::as_double(db::Value{true}); }), "cannot read a bool value as real");
  EXPECT_EQ(type_error([] { db::as_int(db::Value{1.0}); }), "cannot read a real value as integer");
}

TEST(ValueTest, ValueTypeErrorCarriesKindsAndSqlstate) {
  try {
    db::as_int(db::Value{"x"});
    FAIL() << "no error";
  } catch (const db::ValueTypeError& error) {
    EXPECT_EQ(error.wanted(), db::ValueKind::Integer);
    EXPECT_EQ(error.actual(), db::ValueKind::Text);
    EXPECT_EQ(error.sqlstate(), "42804");
  }
}

TEST(ValueTest, DescribeLooksLikeSqlLiterals) {
  EXPECT_EQ(db::describe(db::Value{}), "NULL");
  EXPECT_EQ(db::describe(db::Value{false}), "false");
  EXPECT_EQ(db::describe(db::Value{-7}), "-7");
  EXPECT_EQ(db::describe(db::Value{0.1}), "0.1");
  EXPECT_EQ(db::describe(db::Value{std::numeric_limits<double>::infinity()}), "Infinity");
  EXPECT_EQ(db::describe(db::Value{"it's"}), "'it''s'");
  EXPECT_EQ(db::describe(db::Value{db::to_bytes(std::string_view("\x0a\xff", 2))}), "x'0aff'");
}

TEST(ValueTest, ValuesCompareByKindAndContent) {
  EXPECT_EQ(db::Value{1}, db::Value{std::int64_t{1}});
  EXPECT_NE(db::Value{1}, db::Value{1.0});
  EXPECT_NE(db::Value{1}, db::Value{true});
}

}  // namespace
