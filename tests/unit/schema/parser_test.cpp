// Parser: every field type, every field and model attribute, comments, the
// implicit key and the naming helpers over the owning model.
#include "cpprustango/schema/parser.hpp"

#include <gtest/gtest.h>

namespace schema = cpprustango::schema;
using schema::FieldKind;

namespace {

schema::SchemaFile parse(std::string_view text) { return schema::parse(text, "apps/blog/models.schema", "blog"); }

/** Parses `model M { f <declaration> }` and returns the field f. */
schema::Field field(const std::string& declaration, const std::string& extra = "") {
  const auto file = parse("model Target {\n  name string(10)\n}\nmodel M {\n  title string(20)\n  other int\n  f " +
                          declaration + "\n" + extra + "}\n");
  return *file.find_model("M")->find_field("f");
}

schema::Model model(const std::string& body) {
  auto file = parse("model Author {\n  name string(10)\n}\nmodel M {\n" + body + "}\n");
  return *file.find_model("M");
}

}  // namespace

// ---- types ---------------------------------------------------------------

TEST(SchemaParser, ReadsEverySimpleType) {
  const std::pair<const char*, FieldKind> cases[] = {
      {"bool", FieldKind::Bool},         {"smallint", FieldKind::SmallInt}, {"int", FieldKind::Int},
      {"bigint", FieldKind::BigInt},     {"real", FieldKind::Real},         {"double", FieldKind::Double},
      {"text", FieldKind::Text},         {"date", FieldKind::Date},         {"time", FieldKind::Time},
      {"datetime", FieldKind::DateTime}, {"uuid", FieldKind::Uuid},         {"json", FieldKind::Json},
      {"bytes", FieldKind::Bytes},       {"inet", FieldKind::Inet},         {"cidr", FieldKind::Cidr},
      {"macaddr", FieldKind::MacAddr},   {"xml", FieldKind::Xml},           {"ltree", FieldKind::LTree},
      {"tsvector", FieldKind::TsVector}, {"interval", FieldKind::Interval}, {"timestamp", FieldKind::Timestamp},
      {"timetz", FieldKind::TimeTz}};
  for (const auto& [name, kind] : cases) {
    const auto f = field(name);
    EXPECT_EQ(f.type.kind, kind) << name;
    EXPECT_FALSE(f.nullable) << name;
  }
}

TEST(SchemaParser, ReadsSizedTypes) {
  EXPECT_EQ(field("string(200)").type.max_length, 200);
  const auto slug = field("slug(220)");
  EXPECT_EQ(slug.type.kind, FieldKind::Slug);
  EXPECT_EQ(slug.type.max_length, 220);
  const auto price = field("decimal(10, 2)");
  EXPECT_EQ(price.type.kind, FieldKind::Decimal);
  EXPECT_EQ(price.type.precision, 10);
  EXPECT_EQ(price.type.scale, 2);
  EXPECT_EQ(field("decimal(5, 0)").type.scale, 0);
  EXPECT_EQ(field("bit(8)").type.bit_length, 8);
  EXPECT_EQ(field("bit").type.bit_length, 1);
}

TEST(SchemaParser, GivesEmailAndUrlTheirFixedLengths) {
  EXPECT_EQ(field("email").type.kind, FieldKind::Email);
  EXPECT_EQ(field("email").type.max_length, 254);
  EXPECT_EQ(field("url").type.kind, FieldKind::Url);
  EXPECT_EQ(field("url").type.max_length, 200);
}

TEST(SchemaParser, ReadsChoicesInOrder) {
  const auto status = field("choice(draft, in_review, published)");
  EXPECT_EQ(status.type.kind, FieldKind::Choice);
  EXPECT_EQ(status.type.choices, (std::vector<std::string>{"draft", "in_review", "published"}));
  const auto days = field("multichoice(mon, tue)");
  EXPECT_EQ(days.type.kind, FieldKind::MultiChoice);
  EXPECT_EQ(days.type.choices, (std::vector<std::string>{"mon", "tue"}));
}

TEST(SchemaParser, ReadsRelationsToThisAndOtherApps) {
  const auto author = field("ref(Target)");
  EXPECT_EQ(author.type.kind, FieldKind::Ref);
  EXPECT_EQ(author.type.target, "Target");
  EXPECT_EQ(field("ref(shop.Product)").type.target, "shop.Product");
  EXPECT_EQ(field("ref(blog.Target)").type.target, "blog.Target");
  const auto tags = field("many(Target)");
  EXPECT_EQ(tags.type.kind, FieldKind::Many);
  EXPECT_EQ(tags.type.target, "Target");
  EXPECT_EQ(field("many(auth.Group)").type.target, "auth.Group");
}

TEST(SchemaParser, ReadsArraysWithTheElementsParameters) {
  const auto ints = field("array(int)");
  EXPECT_EQ(ints.type.kind, FieldKind::Array);
  EXPECT_EQ(ints.type.element, FieldKind::Int);
  const auto names = field("array(string(20))");
  EXPECT_EQ(names.type.element, FieldKind::String);
  EXPECT_EQ(names.type.max_length, 20);
  const auto amounts = field("array(decimal(8, 3))?");
  EXPECT_EQ(amounts.type.element, FieldKind::Decimal);
  EXPECT_EQ(amounts.type.precision, 8);
  EXPECT_EQ(amounts.type.scale, 3);
  EXPECT_TRUE(amounts.nullable);
}

TEST(SchemaParser, AQuestionMarkMakesAFieldNullable) {
  EXPECT_TRUE(field("datetime?").nullable);
  EXPECT_TRUE(field("ref(Target)?").nullable);
  EXPECT_TRUE(field("choice(a, b)?").nullable);
}

// ---- field attributes ------------------------------------------------------

TEST(SchemaParser, ReadsKeyAttributes) {
  const auto m = model("  code bigint @id @auto\n  slug string(40) @unique @index\n");
  EXPECT_TRUE(m.find_field("code")->primary_key);
  EXPECT_TRUE(m.find_field("code")->auto_increment);
  EXPECT_TRUE(m.find_field("slug")->unique);
  EXPECT_TRUE(m.find_field("slug")->indexed);
  EXPECT_FALSE(m.find_field("slug")->primary_key);
}

TEST(SchemaParser, ReadsEveryKindOfDefault) {
  using schema::DefaultKind;
  const std::tuple<const char*, DefaultKind, const char*> cases[] = {
      {"int @default(0)", DefaultKind::Number, "0"},
      {"int @default(-3)", DefaultKind::Number, "-3"},
      {"decimal(6, 2) @default(1.50)", DefaultKind::Number, "1.50"},
      {"string(20) @default(\"a \\\"b\\\"\")", DefaultKind::String, "a \"b\""},
      {"bool @default(true)", DefaultKind::Bool, "true"},
      {"bool @default(false)", DefaultKind::Bool, "false"},
      {"choice(draft, published) @default(published)", DefaultKind::Choice, "published"},
      {"multichoice(a, b, c) @default([a, c])", DefaultKind::ChoiceList, "a,c"},
      {"text? @default(null)", DefaultKind::Null, ""},
      {"datetime @default(now())", DefaultKind::Now, ""},
      {"date @default(\"2024-01-31\")", DefaultKind::String, "2024-01-31"},
      {"uuid @default(uuid())", DefaultKind::Uuid, ""},
      {"int @default(sql(\"nextval('seq')\"))", DefaultKind::Sql, "nextval('seq')"},
      {"json @default(\"{}\")", DefaultKind::String, "{}"},
  };
  for (const auto& [declaration, kind, text] : cases) {
    const auto f = field(declaration);
    ASSERT_TRUE(f.default_value) << declaration;
    EXPECT_EQ(f.default_value->kind, kind) << declaration;
    EXPECT_EQ(f.default_value->text, text) << declaration;
  }
}

TEST(SchemaParser, ReadsBoundsAndTimestamps) {
  const auto rating = field("smallint? @min(1) @max(5)");
  EXPECT_EQ(rating.min, 1.0);
  EXPECT_EQ(rating.max, 5.0);
  const auto price = field("decimal(8, 2) @min(0.01)");
  EXPECT_EQ(price.min, 0.01);
  EXPECT_FALSE(price.max);
  EXPECT_TRUE(field("datetime @auto_now_add").auto_now_add);
  EXPECT_TRUE(field("date @auto_now").auto_now);
}

TEST(SchemaParser, ReadsRelationAttributes) {
  const auto f = field(
      "ref(Target)? @on_delete(set_null) @on_update(restrict) @db_constraint(false) "
      "@related_name(\"children\") @column(\"TargetID\")");
  EXPECT_EQ(f.on_delete, schema::ReferentialAction::SetNull);
  EXPECT_EQ(f.on_update, schema::ReferentialAction::Restrict);
  EXPECT_FALSE(f.db_constraint);
  EXPECT_EQ(f.related_name, "children");
  EXPECT_EQ(f.column, "TargetID");
  EXPECT_EQ(field("ref(Target) @on_delete(cascade)").on_delete, schema::ReferentialAction::Cascade);
  EXPECT_EQ(field("ref(Target) @on_delete(no_action)").on_delete, schema::ReferentialAction::NoAction);
  EXPECT_EQ(field("ref(Target) @default(1) @on_delete(set_default)").on_delete, schema::ReferentialAction::SetDefault);
  EXPECT_FALSE(field("ref(Target)").on_delete) << "absent stays absent; specs resolve it to cascade";
  EXPECT_TRUE(field("ref(Target) @db_constraint(true)").db_constraint);
  EXPECT_EQ(field("many(Target) @related_name(\"+\")").related_name, "+");
}

TEST(SchemaParser, ReadsPresentationAttributes) {
  const auto f = field(
      "text? @display @label(\"Body\") @widget(markdown) @help(\"Shown below\") "
      "@example(\"Once upon a time\") @noform @noedit @comment(\"CLOB in Oracle\")");
  EXPECT_TRUE(f.display);
  EXPECT_EQ(f.label, "Body");
  EXPECT_EQ(f.widget, schema::Widget::Markdown);
  EXPECT_EQ(f.help, "Shown below");
  EXPECT_EQ(f.example, "Once upon a time");
  EXPECT_TRUE(f.noform);
  EXPECT_TRUE(f.noedit);
  EXPECT_EQ(f.comment, "CLOB in Oracle");
  EXPECT_EQ(field("text @widget(rte)").widget, schema::Widget::Rte);
  EXPECT_EQ(field("json @widget(code)").widget, schema::Widget::Code);
  EXPECT_EQ(field("string(90) @widget(textarea)").widget, schema::Widget::Textarea);
}

TEST(SchemaParser, ReadsSlugSourceAndBackend) {
  EXPECT_EQ(field("slug(50) @slug_from(title)").slug_from, "title");
  EXPECT_EQ(field("inet @backend(postgresql)").backend, schema::Backend::PostgreSQL);
  EXPECT_EQ(field("text @backend(sqlite)").backend, schema::Backend::SQLite);
}

TEST(SchemaParser, RecordsWhereEachFieldAndTypeIsWritten) {
  const auto file = parse("model Post {\n  title   string(20)\n}\n");
  const auto& title = *file.models[0].find_field("title");
  EXPECT_EQ(title.location.line, 2);
  EXPECT_EQ(title.location.column, 3);
  EXPECT_EQ(title.type_location.column, 11);
  EXPECT_EQ(file.models[0].location.line, 1);
  EXPECT_EQ(file.models[0].location.column, 7);
}

// ---- model attributes ------------------------------------------------------

TEST(SchemaParser, ReadsModelNamingAttributes) {
  const auto m = model(
      "  name string(10)\n  @@table(\"legacy_m\")\n  @@verbose_name(\"thing\")\n"
      "  @@verbose_name_plural(\"things\")\n  @@display(\"{name} #{id}\")\n  @@managed(false)\n"
      "  @@comment(\"from the old system\")\n");
  EXPECT_EQ(m.table, "legacy_m");
  EXPECT_EQ(m.verbose_name, "thing");
  EXPECT_EQ(m.verbose_name_plural, "things");
  EXPECT_EQ(m.display, "{name} #{id}");
  EXPECT_FALSE(m.managed);
  EXPECT_EQ(m.comment, "from the old system");
}

TEST(SchemaParser, ReadsOrderingIndexesUniquesAndChecks) {
  const auto m = model(
      "  a int\n  b int\n  @@ordering([a, -b])\n  @@index([a, b], name: \"m_ab\", unique: true)\n"
      "  @@index([b])\n  @@unique([a, b], name: \"m_u\")\n  @@check(\"a < b\")\n"
      "  @@check(\"a > 0\", name: \"a_positive\")\n");
  ASSERT_EQ(m.ordering.size(), 2u);
  EXPECT_EQ(m.ordering[0], (schema::OrderTerm{"a", false}));
  EXPECT_EQ(m.ordering[1], (schema::OrderTerm{"b", true}));
  ASSERT_EQ(m.indexes.size(), 2u);
  EXPECT_EQ(m.indexes[0].fields, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(m.indexes[0].name, "m_ab");
  EXPECT_TRUE(m.indexes[0].unique);
  EXPECT_FALSE(m.indexes[1].unique);
  EXPECT_FALSE(m.indexes[1].name);
  ASSERT_EQ(m.uniques.size(), 1u);
  EXPECT_TRUE(m.uniques[0].unique);
  EXPECT_EQ(m.uniques[0].name, "m_u");
  ASSERT_EQ(m.checks.size(), 2u);
  EXPECT_EQ(m.checks[0].expression, "a < b");
  EXPECT_FALSE(m.checks[0].name);
  EXPECT_EQ(m.checks[1].name, "a_positive");
}

TEST(SchemaParser, ReadsACompositeKeyWithoutAddingAnId) {
  const auto m = model("  order int\n  line smallint\n  @@id([order, line])\n");
  EXPECT_EQ(m.id_fields, (std::vector<std::string>{"order", "line"}));
  EXPECT_EQ(m.fields.size(), 2u);
  const auto key = schema::primary_key(m);
  ASSERT_EQ(key.size(), 2u);
  EXPECT_EQ(key[0]->name, "order");
}

TEST(SchemaParser, ReadsEveryAdminOption) {
  const auto m = model(
      "  title string(10)\n  body text\n  author ref(Author)\n"
      "  @@admin(list_display: [title, author], search_fields: [title, body], list_filter: [author],\n"
      "          ordering: [-title], list_per_page: 25, readonly_fields: [body],\n"
      "          fieldsets: [(\"Main\", [title, body]), (\"People\", [author])], actions: [delete_selected, "
      "publish])\n");
  ASSERT_TRUE(m.admin);
  const auto& admin = *m.admin;
  EXPECT_EQ(admin.list_display, (std::vector<std::string>{"title", "author"}));
  EXPECT_EQ(admin.search_fields, (std::vector<std::string>{"title", "body"}));
  EXPECT_EQ(admin.list_filter, (std::vector<std::string>{"author"}));
  EXPECT_EQ(admin.ordering, (std::vector<schema::OrderTerm>{{"title", true}}));
  EXPECT_EQ(admin.list_per_page, 25);
  EXPECT_EQ(admin.readonly_fields, (std::vector<std::string>{"body"}));
  ASSERT_EQ(admin.fieldsets.size(), 2u);
  EXPECT_EQ(admin.fieldsets[0].title, "Main");
  EXPECT_EQ(admin.fieldsets[1].fields, (std::vector<std::string>{"author"}));
  EXPECT_EQ(admin.actions, (std::vector<std::string>{"delete_selected", "publish"}));
}

TEST(SchemaParser, TellsNoActionsFromDefaultActions) {
  EXPECT_FALSE(model("  a int\n  @@admin(list_per_page: 10)\n").admin->actions);
  EXPECT_EQ(model("  a int\n  @@admin(actions: [])\n").admin->actions, std::vector<std::string>{});
}

TEST(SchemaParser, AcceptsModelAttributesBeforeTheFieldsTheyName) {
  const auto m = model("  @@index([late])\n  late int\n");
  EXPECT_EQ(m.indexes[0].fields, std::vector<std::string>{"late"});
}

// ---- implicit key, layout, comments ------------------------------------------

TEST(SchemaParser, GivesAKeylessModelAnImplicitId) {
  const auto file = parse("model Tag {\n  name string(50)\n}\n");
  const auto& fields = file.models[0].fields;
  ASSERT_EQ(fields.size(), 2u);
  EXPECT_EQ(fields[0].name, "id");
  EXPECT_EQ(fields[0].type.kind, FieldKind::BigInt);
  EXPECT_TRUE(fields[0].primary_key);
  EXPECT_TRUE(fields[0].auto_increment);
  EXPECT_TRUE(fields[0].implicit);
  EXPECT_EQ(schema::primary_key(file.models[0])[0]->name, "id");
}

TEST(SchemaParser, KeepsAnExplicitKeyAsWritten) {
  const auto file = parse("model Country {\n  code string(2) @id\n  name string(50)\n}\n");
  ASSERT_EQ(file.models[0].fields.size(), 2u);
  EXPECT_FALSE(file.models[0].fields[0].implicit);
  EXPECT_EQ(schema::primary_key(file.models[0])[0]->name, "code");
}

TEST(SchemaParser, AcceptsEmptyAndOneLineModelsAndBlankLines) {
  const auto file = parse("\n\nmodel Empty {\n}\n\n\nmodel Tag { name string(5) }\nmodel Last {\n\n  a int\n\n}");
  ASSERT_EQ(file.models.size(), 3u);
  EXPECT_EQ(file.models[0].fields.size(), 1u);  // the implicit id
  EXPECT_EQ(file.models[1].fields[1].name, "name");
  EXPECT_EQ(file.models[2].fields[1].name, "a");
}

TEST(SchemaParser, AcceptsAFieldNamedModelAndTrailingCommas) {
  const auto m = model("  model string(10)\n  other int\n  @@index([model, other,],)\n");
  EXPECT_TRUE(m.find_field("model"));
  EXPECT_EQ(m.indexes[0].fields.size(), 2u);
}

TEST(SchemaParser, AttachesCommentsWhereTheyWereWritten) {
  const auto file = parse(
      "// Blog models.\n// Second header line.\n\n// About authors.\nmodel Author { // trailing model\n"
      "  // The name.\n  name string(10) // after name\n  // Before the table.\n  @@table(\"a\") // after table\n"
      "  @@index([name]) // after index\n  @@admin(list_display: [name], // inside admin\n"
      "          list_per_page: 5)\n  // last words\n}\n// after everything\n");
  EXPECT_EQ(file.header_comments, (std::vector<std::string>{" Blog models.", " Second header line."}));
  const auto& author = file.models[0];
  EXPECT_EQ(author.comments.leading, std::vector<std::string>{" About authors."});
  EXPECT_EQ(author.comments.trailing, " trailing model");
  const auto& name = *author.find_field("name");
  EXPECT_EQ(name.comments.leading, std::vector<std::string>{" The name."});
  EXPECT_EQ(name.comments.trailing, " after name");
  const auto& table = author.attribute_comments.at("table");
  EXPECT_EQ(table.leading, std::vector<std::string>{" Before the table."});
  EXPECT_EQ(table.trailing, " after table");
  EXPECT_EQ(author.indexes[0].comments.trailing, " after index");
  EXPECT_EQ(author.attribute_comments.at("admin").leading, std::vector<std::string>{" inside admin"});
  EXPECT_EQ(author.end_comments, std::vector<std::string>{" last words"});
  EXPECT_EQ(file.trailing_comments, std::vector<std::string>{" after everything"});
}

TEST(SchemaParser, CommentsRightAboveTheFirstModelAreItsOwn) {
  const auto file = parse("// Author docs.\nmodel Author {\n  a int\n}\n");
  EXPECT_TRUE(file.header_comments.empty());
  EXPECT_EQ(file.models[0].comments.leading, std::vector<std::string>{" Author docs."});
  EXPECT_EQ(parse("// only a comment\n").header_comments, std::vector<std::string>{" only a comment"});
}

TEST(SchemaParser, EqualityIgnoresLayoutButNotMeaning) {
  const auto compact = parse("model A {\n  x int @unique\n}\n");
  const auto spread = parse("\n\nmodel   A   {\n\n   x     int    @unique\n}\n");
  EXPECT_EQ(compact, spread);
  EXPECT_NE(compact, parse("model A {\n  x int\n}\n"));
}

TEST(SchemaParser, KeepsAppAndPath) {
  const auto file = schema::parse("", "apps/shop/models.schema", "shop");
  EXPECT_EQ(file.app, "shop");
  EXPECT_EQ(file.path, "apps/shop/models.schema");
  EXPECT_TRUE(file.models.empty());
}

// ---- naming helpers -----------------------------------------------------------

TEST(SchemaNames, SnakeCasesModelNames) {
  EXPECT_EQ(schema::snake_case("Post"), "post");
  EXPECT_EQ(schema::snake_case("BlogPost"), "blog_post");
  EXPECT_EQ(schema::snake_case("HTTPLog"), "http_log");
  EXPECT_EQ(schema::snake_case("Order2Item"), "order2_item");
}

TEST(SchemaNames, DerivesTableAndColumnNames) {
  const auto file = parse(
      "model Author {\n  name string(10)\n}\nmodel BlogPost {\n  author ref(Author)\n"
      "  tags many(Author)\n  title string(10) @column(\"Title\")\n}\n"
      "model Legacy {\n  a int\n  @@table(\"LEGACY\")\n}\n");
  const auto& post = *file.find_model("BlogPost");
  EXPECT_EQ(schema::table_name("blog", post), "blog_blog_post");
  EXPECT_EQ(schema::table_name("", post), "blog_post");
  EXPECT_EQ(schema::table_name("blog", *file.find_model("Legacy")), "LEGACY");
  EXPECT_EQ(schema::column_name(*post.find_field("author")), "author_id");
  EXPECT_EQ(schema::column_name(*post.find_field("tags")), "");
  EXPECT_EQ(schema::column_name(*post.find_field("title")), "Title");
  EXPECT_EQ(schema::column_name(*post.find_field("id")), "id");
  EXPECT_EQ(schema::through_table("blog", post, *post.find_field("tags")), "blog_blog_post_tags");
  EXPECT_EQ(schema::through_columns(post, *post.find_field("tags")), (std::pair<std::string, std::string>{"blog_post_id", "author_id"}));
}

TEST(SchemaNames, DerivesVerboseNamesLabelsAndDisplay) {
  const auto m = model("  published_at datetime @display\n  title string(9) @label(\"Headline\")\n");
  EXPECT_EQ(schema::verbose_name(m), "m");
  EXPECT_EQ(schema::field_label(*m.find_field("published_at")), "published at");
  EXPECT_EQ(schema::field_label(*m.find_field("title")), "Headline");
  EXPECT_EQ(schema::display_pattern(m), "{published_at}");
  schema::Model post;
  post.name = "BlogPost";
  EXPECT_EQ(schema::verbose_name(post), "blog post");
  EXPECT_EQ(schema::verbose_name_plural(post), "blog posts");
  EXPECT_EQ(schema::display_pattern(post), "");
  post.verbose_name_plural = "blog posts (archive)";
  EXPECT_EQ(schema::verbose_name_plural(post), "blog posts (archive)");
}

TEST(SchemaNames, DerivesIndexAndCheckNamesWithinPostgresLimits) {
  const auto m = model(
      "  status int\n  published_at int\n  @@index([status, published_at])\n"
      "  @@unique([status])\n  @@check(\"status > 0\")\n  @@check(\"status < 9\", name: \"small\")\n");
  EXPECT_EQ(schema::index_name("blog", m, m.indexes[0]), "blog_m_status_published_at_idx");
  EXPECT_EQ(schema::index_name("blog", m, m.uniques[0]), "blog_m_status_uniq");
  EXPECT_EQ(schema::check_name("blog", m, 0), "blog_m_check_1");
  EXPECT_EQ(schema::check_name("blog", m, 1), "small");
  schema::Index wide;
  wide.fields = {std::string(40, 'a'), std::string(40, 'b')};
  const std::string name = schema::index_name("blog", m, wide);
  EXPECT_EQ(name.size(), 63u);
  EXPECT_EQ(name.substr(0, 10), "blog_m_aaa");
  EXPECT_EQ(name, schema::index_name("blog", m, wide)) << "derived names are stable";
  wide.fields[1] = std::string(40, 'c');
  EXPECT_NE(name, schema::index_name("blog", m, wide)) << "the hash keeps long names apart";
}

TEST(SchemaNames, SplitsTargetsAndKnowsCppKeywords) {
  EXPECT_EQ(schema::split_target("shop.Product"), (std::pair<std::string_view, std::string_view>{"shop", "Product"}));
  EXPECT_EQ(schema::split_target("Author"), (std::pair<std::string_view, std::string_view>{"", "Author"}));
  EXPECT_TRUE(schema::is_cpp_keyword("class"));
  EXPECT_TRUE(schema::is_cpp_keyword("co_await"));
  EXPECT_FALSE(schema::is_cpp_keyword("title"));
}

TEST(SchemaNames, AddsAnImplicitKeyToAModelBuiltInCode) {
  schema::Model m;
  m.name = "Note";
  schema::Field text;
  text.name = "text";
  text.type.kind = FieldKind::Text;
  m.fields.push_back(text);
  schema::add_implicit_primary_key(m);
  ASSERT_EQ(m.fields.size(), 2u);
  EXPECT_TRUE(m.fields[0].implicit);
  schema::add_implicit_primary_key(m);
  EXPECT_EQ(m.fields.size(), 2u) << "adding twice changes nothing";
}
