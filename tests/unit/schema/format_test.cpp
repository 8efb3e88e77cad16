// Formatter: golden output for a full file, idempotence and round trip over
// varied inputs, comment placement, and the canonical spelling of each part.
#include "cpprustango/schema/format.hpp"

#include <gtest/gtest.h>

#include "cpprustango/schema/parser.hpp"

namespace schema = cpprustango::schema;

namespace {

schema::SchemaFile parse(std::string_view text) { return schema::parse(text, "apps/blog/models.schema", "blog"); }
std::string reformat(std::string_view text) { return schema::format(parse(text)); }

// Written the way people write: uneven spacing, attributes in any order, a
// model attribute before the fields, the admin options wrapped by hand.
constexpr const char* kMessy = R"(// Blog models.

model Author {
  @@ordering([name])
  name string(120)
  email email? @unique
  bio text? @help("Shown on the author page") @widget(markdown)
  @@display("{name}") // the string form of a row
}

// Posts are the heart of the blog.
model Post {
  id bigint @auto @id
  title string(200) @label("Headline") @index
  slug slug(220) @slug_from(title) @unique
  body text @widget(markdown)
  author ref(Author) @related_name("posts") @on_delete(cascade)
  status choice(draft, published) @default(draft)
  tags many(Tag)
  rating smallint? @max(5) @min(1)
  price decimal(10,2) @default(0)
  published_at datetime?
  created_at datetime @noedit @auto_now_add
  updated_at datetime @noform @auto_now
  @@check("rating between 1 and 5", name: "post_rating_range")
  @@unique([author, slug])
  @@index([status, published_at])
  @@verbose_name("blog post")
  @@table("blog_post")
  @@admin(list_display: [title, author, status], search_fields: [title, body], list_filter: [status],
          ordering: [-published_at], list_per_page: 50, readonly_fields: [created_at], actions: [delete_selected])
}

model Tag {
  name string(50) @unique @display
}
)";

constexpr const char* kGolden = R"(// Blog models.

model Author {
  name  string(120)
  email email?      @unique
  bio   text?       @widget(markdown) @help("Shown on the author page")

  @@display("{name}") // the string form of a row
  @@ordering([name])
}

// Posts are the heart of the blog.
model Post {
  id           bigint                   @id @auto
  title        string(200)              @index @label("Headline")
  slug         slug(220)                @unique @slug_from(title)
  body         text                     @widget(markdown)
  author       ref(Author)              @on_delete(cascade) @related_name("posts")
  status       choice(draft, published) @default(draft)
  tags         many(Tag)
  rating       smallint?                @min(1) @max(5)
  price        decimal(10, 2)           @default(0)
  published_at datetime?
  created_at   datetime                 @auto_now_add @noedit
  updated_at   datetime                 @auto_now @noform

  @@table("blog_post")
  @@verbose_name("blog post")
  @@index([status, published_at])
  @@unique([author, slug])
  @@check("rating between 1 and 5", name: "post_rating_range")
  @@admin(list_display: [title, author, status],
          search_fields: [title, body],
          list_filter: [status],
          ordering: [-published_at],
          list_per_page: 50,
          readonly_fields: [created_at],
          actions: [delete_selected])
}

model Tag {
  name string(50) @unique @display
}
)";

// Inputs that exercise every type, attribute and comment position.
const char* const kInputs[] = {
    kMessy,
    "",
    "// just a comment\n",
    "model Empty {\n}\n",
    "model Every {\n"
    "  a bool @default(true)\n  b smallint @min(-5) @max(5)\n  c int @unique @index\n  d bigint @default(-1)\n"
    "  e real @min(0.5)\n  f double @default(2.5)\n  g decimal(12, 4) @min(0.0001)\n  h string(30) "
    "@example(\"x\\ty\")\n"
    "  i text @widget(rte) @help(\"say \\\"hi\\\"\\nbye\")\n  j date @default(\"2024-01-31\")\n  k time @auto_now\n"
    "  l datetime @default(now())\n  m uuid @default(uuid())\n  n json @widget(code) @default(\"{}\")\n"
    "  o bytes?\n  p email @unique\n  q url?\n  r slug(40) @slug_from(h)\n  s choice(x, y) @default(y)\n"
    "  t multichoice(x, y, z) @default([x, z])\n  u ref(Every)? @on_delete(set_null) @on_update(no_action) "
    "@db_constraint(false) @related_name(\"children\")\n  v many(shop.Product) @related_name(\"+\") "
    "@label(\"Products\")\n"
    "  w inet @backend(postgresql)\n  x cidr\n  y macaddr\n  z xml @widget(textarea)\n  aa ltree\n  ab bit(8)\n"
    "  ac tsvector\n  ad array(string(20))\n  ae interval\n  af int @column(\"AF Column\") @comment(\"NUMBER(9)\")\n"
    "  ag int? @default(null) @noform @noedit\n  ah int @default(sql(\"nextval('s')\"))\n  ai text @display\n"
    "  aj ref(Every) @default(1) @on_delete(set_default)\n  ak timestamp @default(now())\n"
    "  al timestamp? @default(\"2024-01-31 08:30:00\")\n  am timetz @auto_now_add\n\n"
    "  @@table(\"every\")\n  @@managed(false)\n  @@verbose_name_plural(\"everything\")\n  @@ordering([c, -d])\n"
    "  @@index([c], name: \"every_c\", unique: true)\n  @@check(\"c > 0\")\n  @@comment(\"all of it\")\n"
    "  @@admin(fieldsets: [(\"One\", [a, b]), (\"Two\", [c])], actions: [])\n}\n",
    "model Line {\n  order_id int\n  number smallint\n\n  @@id([order_id, number])\n}\n",
    "// head\n\n// above A\nmodel A { // on A\n  // above x\n  x int // after x\n  // above table\n"
    "  @@table(\"a\") // after table\n  @@index([x]) // after index\n  @@admin(list_display: [x], // inside\n"
    "    list_per_page: 9)\n  // at the end\n} // after the brace\nmodel B {\n  y int\n}\n// the very end\n",
};

}  // namespace

TEST(SchemaFormat, PrintsTheCanonicalFormOfAFullFile) { EXPECT_EQ(reformat(kMessy), kGolden); }

TEST(SchemaFormat, IsIdempotent) {
  for (const char* input : kInputs) {
    const std::string once = reformat(input);
    EXPECT_EQ(reformat(once), once) << input;
  }
}

TEST(SchemaFormat, RoundTripsTheModel) {
  for (const char* input : kInputs) {
    const auto file = parse(input);
    EXPECT_EQ(parse(schema::format(file)), file) << input;
  }
}

TEST(SchemaFormat, DoesNotPrintTheImplicitKey) {
  const auto file = parse("model Tag {\n  name string(5)\n}\n");
  ASSERT_TRUE(file.models[0].fields[0].implicit);
  EXPECT_EQ(schema::format(file), "model Tag {\n  name string(5)\n}\n");
}

TEST(SchemaFormat, KeepsCommentsInTheirPlaces) {
  EXPECT_EQ(reformat(kInputs[6]),
            "// head\n"
            "\n"
            "// above A\n"
            "model A { // on A\n"
            "  // above x\n"
            "  x int // after x\n"
            "\n"
            "  // above table\n"
            "  @@table(\"a\") // after table\n"
            "  @@index([x]) // after index\n"
            "  // inside\n"
            "  @@admin(list_display: [x], list_per_page: 9)\n"
            "  // at the end\n"
            "}\n"
            "\n"
            "// after the brace\n"
            "model B {\n"
            "  y int\n"
            "}\n"
            "\n"
            "// the very end\n");
}

TEST(SchemaFormat, SpellsTypesCanonically) {
  const auto file = parse(
      "model T {\n  a decimal(10,2)\n  b bit\n  c array(decimal(6 , 1))\n  d choice(x,y)\n"
      "  e ref(shop.Product)\n}\n");
  const auto& fields = file.models[0].fields;
  EXPECT_EQ(schema::format_type(fields[1].type), "decimal(10, 2)");
  EXPECT_EQ(schema::format_type(fields[2].type), "bit(1)");
  EXPECT_EQ(schema::format_type(fields[3].type), "array(decimal(6, 1))");
  EXPECT_EQ(schema::format_type(fields[4].type), "choice(x, y)");
  EXPECT_EQ(schema::format_type(fields[5].type), "ref(shop.Product)");
  EXPECT_EQ(schema::format_type(fields[0].type), "bigint");
}

TEST(SchemaFormat, PrintsNumbersAndDefaultsAsWrittenOrShortest) {
  EXPECT_EQ(reformat("model T {\n  a decimal(6, 2) @default(1.50) @min(0.10) @max(1000000)\n}\n"),
            "model T {\n  a decimal(6, 2) @default(1.50) @min(0.1) @max(1000000)\n}\n");
  EXPECT_EQ(reformat("model T {\n  m multichoice(a, b) @default([a,b])\n  s text @default(\"tab\\there\")\n}\n"),
            "model T {\n  m multichoice(a, b) @default([a, b])\n  s text              @default(\"tab\\there\")\n}\n");
}

TEST(SchemaFormat, KeepsShortAdminOptionsOnOneLine) {
  EXPECT_EQ(reformat("model T {\n  a int\n  @@admin(list_display: [a],\n    list_per_page: 20)\n}\n"),
            "model T {\n  a int\n\n  @@admin(list_display: [a], list_per_page: 20)\n}\n");
}

TEST(SchemaFormat, SpellsTheDateAndTimeKindsApart) {
  const auto text = reformat(
      "model Shift {\n starts timestamp @default(now())\n at datetime?\n opens timetz? @default(\"09:00:00+02\")\n"
      " t time\n}\n");
  EXPECT_EQ(text,
            "model Shift {\n  starts timestamp @default(now())\n  at     datetime?\n"
            "  opens  timetz?   @default(\"09:00:00+02\")\n  t      time\n}\n");
  const auto file = parse(text);
  auto kind = [&](const std::string& name) { return file.models[0].find_field(name)->type.kind; };
  EXPECT_EQ(kind("starts"), schema::FieldKind::Timestamp);
  EXPECT_EQ(kind("at"), schema::FieldKind::DateTime);
  EXPECT_EQ(kind("opens"), schema::FieldKind::TimeTz);
  EXPECT_EQ(kind("t"), schema::FieldKind::Time);
}

TEST(SchemaFormat, PrintsAModelBuiltInCode) {
  schema::SchemaFile file;
  file.app = "blog";
  file.path = "apps/blog/models.schema";
  schema::Model& post = file.models.emplace_back();
  post.name = "Post";
  schema::Field title;
  title.name = "title";
  title.type.kind = schema::FieldKind::String;
  title.type.max_length = 200;
  title.indexed = true;
  post.fields.push_back(title);
  schema::Field body;
  body.name = "published_at";
  body.type.kind = schema::FieldKind::DateTime;
  body.nullable = true;
  post.fields.push_back(body);
  schema::add_implicit_primary_key(post);
  const std::string text = schema::format(file);
  EXPECT_EQ(text, "model Post {\n  title        string(200) @index\n  published_at datetime?\n}\n");
  EXPECT_EQ(parse(text), file);
}

namespace {

TEST(SchemaFormat, PrintsPartialExpressionAndMethodIndexes) {
  const char* text =
      "model Account {\n"
      "  email  string(254)?\n"
      "  search tsvector?\n"
      "\n"
      "  @@index(sql(\"lower(email)\"), name: \"account_email_lower\", unique: true)\n"
      "  @@index([search], using: \"gin\")\n"
      "  @@unique([email], where: \"deleted IS NULL\")\n"
      "}\n";
  EXPECT_EQ(reformat(text), text);
  const auto file = parse(text);
  const auto& model = file.models[0];
  ASSERT_EQ(model.uniques.size(), 1U);
  ASSERT_EQ(model.indexes.size(), 2U);
  EXPECT_EQ(model.uniques[0].where, "deleted IS NULL");
  EXPECT_TRUE(model.indexes[0].fields.empty());
  EXPECT_EQ(model.indexes[0].expression, "lower(email)");
  EXPECT_TRUE(model.indexes[0].unique);
  EXPECT_EQ(model.indexes[1].method, "gin");
  EXPECT_EQ(parse(schema::format(file)), file);
  // Derived names say what the index is over, and stay apart from the plain index of the same fields.
  EXPECT_EQ(schema::index_name("blog", model, model.uniques[0]), "blog_account_email_partial_uniq");
  schema::Index expression;
  expression.expression = "lower(email), created_at DESC";
  EXPECT_EQ(schema::index_name("blog", model, expression), "blog_account_lower_email_created_at_desc_idx");
}

TEST(SchemaFormat, PrintsCollationsAfterTheColumn) {
  const char* text = "model User {\n  login string(40) @unique @column(\"Login\") @collate(\"NOCASE\") @label(\"Login\")\n}\n";
  EXPECT_EQ(reformat(text), text);
  EXPECT_EQ(parse(text).models[0].fields[1].collation, "NOCASE");
}

TEST(SchemaFormat, QuotesChoicesThatAreNotNames) {
  const char* text = "model Film {\n  rating choice(G, PG, \"PG-13\", \"NC-17\") @default(\"PG-13\")\n"
                     "  tags   multichoice(a, \"b c\")           @default([a, \"b c\"])\n}\n";
  EXPECT_EQ(reformat(text), text);
  const auto file = parse(text);
  EXPECT_EQ(file.models[0].fields[1].type.choices, (std::vector<std::string>{"G", "PG", "PG-13", "NC-17"}));
  EXPECT_EQ(file.models[0].fields[1].default_value->text, "PG-13");
  EXPECT_EQ(file.models[0].fields[2].default_value->text, "a,b c");
  EXPECT_EQ(parse(schema::format(file)), file);
}

}  // namespace
