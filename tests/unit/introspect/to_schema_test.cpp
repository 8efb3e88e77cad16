// inspectdb's pure half without a database: type names taken apart, names
// made into identifiers, column types mapped to the catalogue, and whole
// catalogs turned into schema text that parses back and passes the checks.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>

#include "cpprustango/introspect/to_schema.hpp"
#include "cpprustango/schema/check.hpp"
#include "cpprustango/schema/format.hpp"
#include "cpprustango/schema/parser.hpp"
#include "introspect/backends.hpp"

namespace introspect = cpprustango::introspect;
namespace schema = cpprustango::schema;
namespace db = cpprustango::db;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

namespace {

TEST(SplitType, TakesModifiersAndArraysApart) {
  auto split = introspect::detail::split_type("character varying(20)[]");
  EXPECT_EQ(split.base, "character varying");
  EXPECT_THAT(split.params, ElementsAre(20));
  EXPECT_EQ(split.array_dimensions, 1);
  split = introspect::detail::split_type("timestamp(3) with time zone");
  EXPECT_EQ(split.base, "timestamp with time zone");
  EXPECT_THAT(split.params, ElementsAre(3));
  split = introspect::detail::split_type("NUMERIC(10, 2)");
  EXPECT_EQ(split.base, "numeric");
  EXPECT_THAT(split.params, ElementsAre(10, 2));
}

TEST(TextArray, ReadsQuotedAndEmptyElements) {
  EXPECT_THAT(introspect::detail::parse_text_array(R"({a,"b c","",d})"), ElementsAre("a", "b c", "", "d"));
  EXPECT_THAT(introspect::detail::parse_text_array(R"({"say \"hi\""})"), ElementsAre("say \"hi\""));
  EXPECT_TRUE(introspect::detail::parse_text_array("{}").empty());
}

TEST(SqliteCollations, AreReadFromEachColumnDefinition) {
  // Request Tracker's schema.SQLite declares most of its text columns COLLATE NOCASE.
  const auto collations = introspect::detail::sqlite_collations(
      "CREATE TABLE Users (id INTEGER, Name varchar(200) collate NOCASE NOT NULL, \"Real Name\" TEXT COLLATE RTRIM,"
      " plain TEXT DEFAULT 'COLLATE x', n NUMERIC(10, 2) COLLATE BINARY,"
      " CONSTRAINT u UNIQUE (Name COLLATE NOCASE), CHECK (plain <> ''))");
  EXPECT_EQ(collations, (std::map<std::string, std::string>{{"Name", "NOCASE"}, {"Real Name", "RTRIM"}, {"n", "BINARY"}}));
}

TEST(SqliteChecks, AreReadFromTheCreateStatement) {
  const auto checks = introspect::detail::sqlite_checks(
      "CREATE TABLE t (a INT CHECK (a > 0), \"check\" TEXT, b INT, CONSTRAINT b_small CHECK(b < (10)), "
      "c TEXT DEFAULT 'CHECK (x)')");
  ASSERT_EQ(checks.size(), 2u);
  EXPECT_EQ(checks[0].expression, "a > 0");
  EXPECT_EQ(checks[0].name, "");
  EXPECT_EQ(checks[1].expression, "b < (10)");
  EXPECT_EQ(checks[1].name, "b_small");
}

TEST(Names, TableAndColumnNamesBecomeIdentifiers) {
  EXPECT_EQ(introspect::model_name_for("film_actor"), "FilmActor");
  EXPECT_EQ(introspect::model_name_for("InvoiceLine"), "InvoiceLine");
  EXPECT_EQ(introspect::model_name_for("HTTPLog"), "HttpLog");
  EXPECT_EQ(introspect::model_name_for("order details"), "OrderDetails");
  EXPECT_EQ(introspect::model_name_for("2fa codes"), "Table2faCodes");
  EXPECT_EQ(introspect::model_name_for("bıgınt"), "BGNt");
  EXPECT_EQ(introspect::field_name_for("ID"), "id");
  EXPECT_EQ(introspect::field_name_for("AlbumId"), "album_id");
  EXPECT_EQ(introspect::field_name_for("Unit Price"), "unit_price");
  EXPECT_EQ(introspect::field_name_for("class"), "class_field");
  EXPECT_EQ(introspect::field_name_for("pk"), "pk_field");
  EXPECT_EQ(introspect::field_name_for("errno"), "errno_field") << "a macro would rewrite the generated code";
  EXPECT_EQ(introspect::field_name_for("unix"), "unix_field");
  EXPECT_EQ(introspect::field_name_for("1st"), "field_1st");
  EXPECT_EQ(introspect::field_name_for("__weird__"), "weird");
  EXPECT_EQ(introspect::field_name_for("???"), "field");
  // Names already in snake_case come back as they are; the rest go through the word splitting.
  EXPECT_EQ(introspect::field_name_for("created_at"), "created_at");
  EXPECT_EQ(introspect::field_name_for("line_2_total"), "line_2_total");
  EXPECT_EQ(introspect::field_name_for("a__b"), "a_b");
  EXPECT_EQ(introspect::field_name_for("trailing_"), "trailing");
  EXPECT_EQ(introspect::field_name_for("delete"), "delete_field");
  EXPECT_EQ(introspect::field_name_for("caf\xc3\xa9_id"), "caf_id");
}

introspect::ColumnType pg(std::string declared, std::string base) {
  introspect::ColumnType type;
  type.declared = std::move(declared);
  type.base = std::move(base);
  return type;
}

std::string mapped(const introspect::ColumnType& type, db::Dialect dialect = db::Dialect::Postgresql) {
  const auto result = introspect::map_type(type, dialect);
  return schema::format_type(result.type) + (result.note ? " // " + *result.note : "");
}

TEST(MapType, PostgresTypesLandOnTheCatalogue) {
  auto varchar = pg("character varying(20)", "character varying");
  varchar.length = 20;
  EXPECT_EQ(mapped(varchar), "string(20)");
  auto numeric = pg("numeric(10,2)", "numeric");
  numeric.precision = 10;
  numeric.scale = 2;
  EXPECT_EQ(mapped(numeric), "decimal(10, 2)");
  EXPECT_EQ(mapped(pg("numeric", "numeric")), "decimal(38, 10) // numeric without precision: any number of digits");
  auto fixed = pg("character(2)", "character");
  fixed.length = 2;
  EXPECT_EQ(mapped(fixed), "string(2) // character(2): blank-padded to its length");
  EXPECT_EQ(mapped(pg("timestamp with time zone", "timestamp with time zone")), "datetime");
  EXPECT_EQ(mapped(pg("timestamp without time zone", "timestamp without time zone")), "timestamp");
  EXPECT_EQ(mapped(pg("time without time zone", "time without time zone")), "time");
  EXPECT_EQ(mapped(pg("time with time zone", "time with time zone")), "timetz");
  EXPECT_EQ(mapped(pg("jsonb", "jsonb")), "json");
  EXPECT_EQ(mapped(pg("bytea", "bytea")), "bytes");
  EXPECT_EQ(mapped(pg("inet", "inet")), "inet");
  EXPECT_EQ(mapped(pg("tsvector", "tsvector")), "tsvector");
  auto bits = pg("bit(8)", "bit");
  bits.length = 8;
  EXPECT_EQ(mapped(bits), "bit(8)");
  auto ints = pg("integer[]", "integer");
  ints.array_dimensions = 1;
  EXPECT_EQ(mapped(ints), "array(int)");
  auto grid = pg("integer[]", "integer");
  grid.array_dimensions = 2;
  EXPECT_EQ(mapped(grid), "array(int) // integer[]");
  EXPECT_EQ(mapped(pg("point", "point")), "text // PostgreSQL type point");
  auto rating = pg("mpaa_rating", "mpaa_rating");
  rating.enum_values = {"G", "PG", "PG-13"};
  // An enum stays one (@enum on the choice field), whatever its labels look like.
  EXPECT_EQ(mapped(rating), "choice(G, PG, \"PG-13\")");
  EXPECT_EQ(introspect::map_type(rating, db::Dialect::Postgresql).enum_type, "mpaa_rating");
  auto mood = pg("mood", "mood");
  mood.enum_values = {"happy", "sad"};
  EXPECT_EQ(mapped(mood), "choice(happy, sad)");
  auto listed = pg("listed", "listed");
  listed.enum_values = {"a,b", "c"};
  EXPECT_EQ(mapped(listed), "string(3) // PostgreSQL enum listed ('a,b', 'c')");
  EXPECT_EQ(introspect::map_type(listed, db::Dialect::Postgresql).enum_type, std::nullopt);
  auto year = pg("integer", "integer");
  year.domain = "public.year";
  EXPECT_EQ(mapped(year), "int // domain public.year over integer");
}

TEST(MapType, SqliteDeclaredTypesFollowAffinity) {
  auto nvarchar = pg("NVARCHAR(160)", "nvarchar");
  nvarchar.length = 160;
  EXPECT_EQ(mapped(nvarchar, db::Dialect::Sqlite), "string(160)");
  EXPECT_EQ(mapped(pg("INTEGER", "integer"), db::Dialect::Sqlite), "int");
  EXPECT_EQ(mapped(pg("DATETIME", "datetime"), db::Dialect::Sqlite), "datetime");
  EXPECT_EQ(mapped(pg("TIMESTAMP", "timestamp"), db::Dialect::Sqlite), "timestamp");
  EXPECT_EQ(mapped(pg("timestamp with time zone", "timestamp with time zone"), db::Dialect::Sqlite),
            "datetime // SQLite type timestamp with time zone");
  EXPECT_EQ(mapped(pg("", ""), db::Dialect::Sqlite), "bytes // no declared type: any value");
  EXPECT_EQ(mapped(pg("MEGAINT", "megaint"), db::Dialect::Sqlite), "bigint // SQLite type MEGAINT");
  EXPECT_EQ(mapped(pg("VARYING STUFF", "varying stuff"), db::Dialect::Sqlite), "decimal(15, 5) // SQLite type VARYING STUFF");
  // PostgreSQL's spellings in schemas written for both databases: by affinity alone, NUMERIC.
  EXPECT_EQ(mapped(pg("TIMESTAMP WITHOUT TIME ZONE", "timestamp without time zone"), db::Dialect::Sqlite),
            "timestamp // SQLite type TIMESTAMP WITHOUT TIME ZONE");
  EXPECT_EQ(mapped(pg("serial", "serial"), db::Dialect::Sqlite), "int // SQLite type serial: not numbered by SQLite");
  EXPECT_EQ(mapped(pg("int4", "int4"), db::Dialect::Sqlite), "int");
  EXPECT_EQ(mapped(pg("bytea", "bytea"), db::Dialect::Sqlite), "bytes // SQLite type bytea");
}

introspect::Column column(std::string name, std::string type, bool nullable = false) {
  introspect::Column c;
  c.name = std::move(name);
  c.type = introspect::detail::split_type(type).base.empty() ? pg(type, "") : pg(type, introspect::detail::split_type(type).base);
  const auto split = introspect::detail::split_type(type);
  if (!split.params.empty()) c.type.length = split.params[0];
  c.nullable = nullable;
  return c;
}

/** Two tables with nasty names, a composite key, two refs to one table, a self-reference and a composite FK. */
introspect::Catalog nasty_catalog() {
  introspect::Catalog catalog;
  catalog.dialect = db::Dialect::Postgresql;
  introspect::Table person{.schema = "public", .name = "Person Table"};
  person.columns = {column("ID", "integer"), column("class", "text"), column("Boss", "integer", true),
                    column("id", "text", true)};
  person.columns[0].auto_increment = true;
  person.columns[0].default_sql = "nextval('seq'::regclass)";
  person.columns[1].default_sql = "'it''s'::text";
  person.primary_key = {"ID"};
  person.foreign_keys = {{.name = "boss_fk", .columns = {"Boss"}, .target_schema = "public",
                          .target_table = "Person Table", .target_columns = {"ID"}, .on_delete = "set_null"}};
  person.comment = "People";
  introspect::Table pair{.schema = "public", .name = "pair"};
  pair.columns = {column("left_id", "integer"), column("right_id", "integer"), column("a", "integer"),
                  column("b", "integer"), column("weight", "integer", true)};
  pair.columns[4].default_sql = "0";
  pair.columns[4].comment = "How much";
  pair.primary_key = {"left_id", "right_id"};
  pair.foreign_keys = {
      {.name = "l", .columns = {"left_id"}, .target_schema = "public", .target_table = "Person Table", .target_columns = {"ID"}},
      {.name = "r", .columns = {"right_id"}, .target_schema = "public", .target_table = "Person Table", .target_columns = {"ID"}},
      {.name = "ab", .columns = {"a", "b"}, .target_schema = "public", .target_table = "pair", .target_columns = {"left_id", "right_id"}}};
  pair.unique_constraints = {{.name = "pair_a_b_key", .columns = {"a", "b"}, .unique = true}};
  pair.indexes = {{.name = "pair_weight_idx", .columns = {"weight"}},
                  {.name = "pair_expr", .columns = {""}, .definition = "CREATE INDEX pair_expr ON public.pair USING btree ((a + b))"},
                  {.name = "pair_live", .columns = {"a"}, .unique = true, .predicate = "(b IS NOT NULL)",
                   .definition = "CREATE UNIQUE INDEX pair_live ON public.pair USING btree (a) WHERE (b IS NOT NULL)"},
                  {.name = "pair_trgm", .columns = {"a"}, .definition = "CREATE INDEX pair_trgm ON public.pair USING gin (a)",
                   .method = "gin"},
                  {.name = "pair_cover", .columns = {"a"},
                   .definition = "CREATE INDEX pair_cover ON public.pair USING btree (a) INCLUDE (b)"}};
  pair.checks = {{.name = "weight_positive", .expression = "(weight > 0)"}};
  catalog.tables = {person, pair};
  return catalog;
}

TEST(ToSchema, NastyCatalogBecomesValidModels) {
  const auto file = introspect::to_schema(nasty_catalog(), {.app = "legacy"});
  const std::string text = schema::format(file);
  const auto reparsed = schema::parse(text, file.path, "legacy");
  EXPECT_FALSE(schema::has_errors(schema::check(reparsed, schema::Backend::PostgreSQL))) << text;

  const auto* person = reparsed.find_model("PersonTable");
  ASSERT_NE(person, nullptr) << text;
  EXPECT_EQ(person->table, "Person Table");
  EXPECT_FALSE(person->managed);
  EXPECT_EQ(person->comment, "People");
  const auto* id = person->find_field("id");
  ASSERT_NE(id, nullptr) << text;
  EXPECT_TRUE(id->primary_key && id->auto_increment);
  EXPECT_EQ(id->column, "ID");
  EXPECT_FALSE(id->default_value) << "nextval is what @auto says";
  EXPECT_EQ(person->find_field("class_field")->default_value->text, "it's");
  const auto* boss = person->find_field("boss");
  ASSERT_NE(boss, nullptr) << text;
  EXPECT_EQ(boss->type.target, "PersonTable");
  EXPECT_EQ(boss->column, "Boss");
  EXPECT_EQ(boss->on_delete, schema::ReferentialAction::SetNull);
  EXPECT_NE(person->find_field("id_field"), nullptr) << "a non-key column named id is renamed";

  const auto* pair = reparsed.find_model("Pair");
  ASSERT_NE(pair, nullptr);
  EXPECT_THAT(pair->id_fields, ElementsAre("left", "right"));
  EXPECT_EQ(pair->find_field("left")->related_name, "pair_left_set");
  EXPECT_EQ(pair->find_field("right")->related_name, "pair_right_set");
  EXPECT_EQ(pair->find_field("weight")->help, "How much");
  EXPECT_TRUE(pair->find_field("weight")->indexed);
  ASSERT_EQ(pair->uniques.size(), 1u);
  EXPECT_THAT(pair->uniques[0].fields, ElementsAre("a", "b"));
  ASSERT_EQ(pair->checks.size(), 1u);
  EXPECT_EQ(pair->checks[0].name, "weight_positive");
  EXPECT_THAT(text, HasSubstr("// Foreign key ab (a, b) references pair (left_id, right_id), not a ref() field: a composite foreign key."));
  // Expression, partial and method indexes keep their meaning; what has no spelling (INCLUDE) stays a comment.
  EXPECT_THAT(text, HasSubstr("@@index(sql(\"(a + b)\"), name: \"pair_expr\")"));
  EXPECT_THAT(text, HasSubstr("@@index([a], name: \"pair_live\", where: \"(b IS NOT NULL)\", unique: true)"));
  EXPECT_THAT(text, HasSubstr("@@index([a], name: \"pair_trgm\", using: \"gin\")"));
  EXPECT_THAT(text, HasSubstr("// Index pair_cover is not expressible here: CREATE INDEX pair_cover ON public.pair USING btree (a) INCLUDE (b)"));
}

TEST(ToSchema, ClockDefaultsOfEachDateTimeKindBecomeNow) {
  introspect::Catalog catalog;
  catalog.dialect = db::Dialect::Postgresql;
  introspect::Table shift{.schema = "public", .name = "shift"};
  shift.columns = {column("id", "integer"),
                   column("a", "timestamp without time zone"),
                   column("b", "timestamp without time zone"),
                   column("c", "timestamp without time zone"),
                   column("d", "timestamp with time zone"),
                   column("e", "time with time zone"),
                   column("f", "time without time zone"),
                   column("g", "timestamp without time zone"),
                   column("h", "timestamp without time zone", true)};
  shift.columns[1].default_sql = "now()";
  shift.columns[2].default_sql = "CURRENT_TIMESTAMP";
  shift.columns[3].default_sql = "LOCALTIMESTAMP";
  shift.columns[4].default_sql = "now()";
  shift.columns[5].default_sql = "CURRENT_TIME";
  shift.columns[6].default_sql = "LOCALTIME";
  shift.columns[7].default_sql = "('2026-01-02 09:30:00'::timestamp without time zone)";
  shift.columns[8].default_sql = "timezone('utc'::text, now())";
  shift.primary_key = {"id"};
  catalog.tables = {shift};
  const std::string text = schema::format(introspect::to_schema(catalog, {.app = "legacy"}));
  EXPECT_THAT(text, HasSubstr("  a  timestamp  @default(now())\n"));
  EXPECT_THAT(text, HasSubstr("  b  timestamp  @default(now())\n"));
  EXPECT_THAT(text, HasSubstr("  c  timestamp  @default(now())\n"));
  EXPECT_THAT(text, HasSubstr("  d  datetime   @default(now())\n"));
  EXPECT_THAT(text, HasSubstr("  e  timetz     @default(now())\n"));
  EXPECT_THAT(text, HasSubstr("  f  time       @default(now())\n"));
  EXPECT_THAT(text, HasSubstr("  g  timestamp  @default(\"2026-01-02 09:30:00\")\n"));
  EXPECT_THAT(text, HasSubstr("  h  timestamp? @default(sql(\"timezone('utc'::text, now())\"))\n"))
      << "the UTC reading is not what now() means on a timestamp";
}

TEST(ToSchema, ManagedAndTableSelection) {
  const auto file = introspect::to_schema(nasty_catalog(), {.app = "legacy", .managed = true, .tables = {"pair"}});
  ASSERT_EQ(file.models.size(), 1u);
  EXPECT_TRUE(file.models[0].managed);
  // The referenced table is not selected: its key columns stay plain, with a note.
  EXPECT_EQ(file.models[0].find_field("left_id")->type.kind, schema::FieldKind::Int);
  EXPECT_THAT(schema::format(file), HasSubstr("its table is not inspected"));
  EXPECT_TRUE(introspect::has_table(nasty_catalog(), "public.pair"));
  EXPECT_FALSE(introspect::has_table(nasty_catalog(), "nope"));
}

TEST(ToSchema, KeylessTablesMarkTheirFirstColumn) {
  introspect::Catalog catalog;
  catalog.dialect = db::Dialect::Sqlite;
  introspect::Table log{.schema = "main", .name = "log"};
  log.columns = {column("at", "DATETIME", true), column("line", "TEXT", true)};
  log.columns[0].default_sql = "CURRENT_TIMESTAMP";
  catalog.tables = {log};
  const auto file = introspect::to_schema(catalog, {.app = "logs"});
  const auto& at = file.models[0].fields[0];
  EXPECT_TRUE(at.primary_key);
  EXPECT_FALSE(at.nullable);
  EXPECT_EQ(at.default_value->kind, schema::DefaultKind::Now);
  EXPECT_THAT(schema::format(file), HasSubstr("No primary key in the database"));
  EXPECT_FALSE(schema::has_errors(schema::check(schema::parse(schema::format(file), "x", "logs"), schema::Backend::SQLite)));
}

TEST(ToSchema, KeylessTablesAreKeyedByTheirNarrowestNotNullUniqueRule) {
  // PowerDNS's supermasters: no primary key, a unique index on (ip, nameserver). Marking ip
  // alone @id would add a rule the database does not have (one name server per address).
  introspect::Catalog catalog;
  catalog.dialect = db::Dialect::Sqlite;
  introspect::Table masters{.schema = "main", .name = "supermasters"};
  masters.columns = {column("ip", "VARCHAR(64)", false), column("nameserver", "VARCHAR(255)", false),
                     column("account", "VARCHAR(40)", true)};
  masters.indexes = {{.name = "ip_nameserver_pk", .columns = {"ip", "nameserver"}, .unique = true},
                     {.name = "by_account", .columns = {"account"}, .unique = true}};  // nullable: no key
  introspect::Table tokens{.schema = "main", .name = "tokens"};
  tokens.columns = {column("owner", "INT", false), column("token", "TEXT", false)};
  tokens.unique_constraints = {{.name = "", .columns = {"token"}, .unique = true}};
  catalog.tables = {masters, tokens};
  const auto file = introspect::to_schema(catalog, {.app = "dns", .managed = true});
  EXPECT_EQ(file.models[0].id_fields, (std::vector<std::string>{"ip", "nameserver"}));
  EXPECT_FALSE(file.models[0].fields[0].primary_key);
  EXPECT_TRUE(file.models[1].fields[1].primary_key) << "tokens is keyed by token, not by its first column";
  EXPECT_FALSE(file.models[1].fields[0].primary_key);
  EXPECT_THAT(schema::format(file), HasSubstr("the unique (ip, nameserver) keys the model"));
  EXPECT_FALSE(schema::has_errors(schema::check(schema::parse(schema::format(file), "x", "dns"), schema::Backend::SQLite)));
}

TEST(Describe, IsCanonical) {
  auto catalog = nasty_catalog();
  const std::string text = introspect::describe(catalog);
  EXPECT_THAT(text, HasSubstr("table public.Person Table\n  column ID integer not null default nextval('seq'::regclass) auto\n"));
  EXPECT_THAT(text, HasSubstr("  foreign key (Boss) references public.Person Table (ID) on delete set_null on update no_action name boss_fk\n"));
  std::swap(catalog.tables[1].foreign_keys[0], catalog.tables[1].foreign_keys[2]);
  EXPECT_EQ(introspect::describe(catalog), text) << "the order constraints come in does not matter";
  EXPECT_THAT(introspect::describe(catalog, {.names = false}), Not(HasSubstr("boss_fk")));
}

}  // namespace

namespace {

TEST(IndexKey, TakesTheKeyOutOfEitherDatabasesDefinition) {
  using cpprustango::introspect::index_key;
  const auto pg = index_key("CREATE UNIQUE INDEX \"a(b\" ON public.\"t(x\" USING btree (lower((name)::text), id DESC) "
                            "WHERE (name <> '('::text)");
  ASSERT_TRUE(pg);
  EXPECT_EQ(pg->key, "lower((name)::text), id DESC");
  EXPECT_EQ(pg->rest, "WHERE (name <> '('::text)");
  const auto sqlite = index_key("CREATE INDEX [odd (name] ON `t` ( lower(name) )");
  ASSERT_TRUE(sqlite);
  EXPECT_EQ(sqlite->key, "lower(name)");
  EXPECT_EQ(sqlite->rest, "");
  EXPECT_FALSE(index_key(""));
  EXPECT_FALSE(index_key("CREATE INDEX i ON t (a"));
}

}  // namespace
