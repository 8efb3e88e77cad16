// check(): the backend-aware and cross-file rules, one test per code, with
// the exact text `cpprustango check` prints; check_codegen(), the part of them
// codegen needs, and the reverse accessor naming that keeps files passing it.
#include "cpprustango/schema/check.hpp"

#include <gtest/gtest.h>

#include "cpprustango/schema/parser.hpp"

namespace schema = cpprustango::schema;
using schema::Backend;

namespace {

schema::SchemaFile parse(std::string_view text, std::string_view app = "blog") {
  return schema::parse(text, "apps/" + std::string(app) + "/models.schema", app);
}

std::vector<std::string> lines(const std::vector<schema::Diagnostic>& diagnostics) {
  std::vector<std::string> out;
  for (const auto& d : diagnostics) out.push_back(d.to_string());
  return out;
}

std::vector<std::string> check(std::string_view text, Backend backend) {
  return lines(schema::check(parse(text), backend));
}

}  // namespace

TEST(SchemaCheck, AcceptsAPortableSchemaOnBothBackends) {
  const char* text =
      "model Author {\n  name string(50) @display\n}\nmodel Post {\n  title string(200)\n"
      "  author ref(Author) @related_name(\"posts\")\n  editor ref(Author)? @on_delete(set_null)\n"
      "  tags many(Tag)\n  price decimal(15, 2)\n  @@index([title])\n  @@unique([author, title])\n}\n"
      "model Tag {\n  name string(20)\n}\n";
  EXPECT_TRUE(check(text, Backend::SQLite).empty());
  EXPECT_TRUE(check(text, Backend::PostgreSQL).empty());
}

TEST(SchemaCheck, TimestampIsPortableAndTimetzIsPostgresOnly) {
  const char* text = "model Shift {\n  starts timestamp @default(now())\n  ends timestamp?\n  opens timetz\n}\n";
  EXPECT_EQ(check(text, Backend::SQLite),
            (std::vector<std::string>{
                "apps/blog/models.schema:4:9: error: field 'Shift.opens' uses timetz, which only PostgreSQL has; "
                "restrict the field with @backend(postgresql) or use a type every backend has [schema.E001]"}));
  EXPECT_TRUE(check(text, Backend::PostgreSQL).empty());
}

TEST(SchemaCheck, E001ReportsPostgresOnlyTypesOnSqlite) {
  const char* text = "model Host {\n  ip inet\n  tags array(string(20))?\n  search tsvector @backend(postgresql)\n}\n";
  EXPECT_EQ(check(text, Backend::SQLite),
            (std::vector<std::string>{
                "apps/blog/models.schema:2:6: error: field 'Host.ip' uses inet, which only PostgreSQL has; restrict "
                "the field with @backend(postgresql) or use a type every backend has [schema.E001]",
                "apps/blog/models.schema:3:8: error: field 'Host.tags' uses array(string(20)), which only PostgreSQL "
                "has; restrict the field with @backend(postgresql) or use a type every backend has [schema.E001]"}));
  EXPECT_TRUE(check(text, Backend::PostgreSQL).empty());
}

TEST(SchemaCheck, E002ReportsReferencesToMissingAppsAndModelsAcrossFiles) {
  const std::vector<schema::SchemaFile> files = {
      parse("model Order {\n  product ref(shop.Product)\n  coupon ref(promo.Coupon)\n  sku ref(shop.Sku)\n}\n"),
      parse("model Product {\n  name string(9)\n}\n", "shop")};
  EXPECT_EQ(lines(schema::check(files, Backend::SQLite)),
            (std::vector<std::string>{"apps/blog/models.schema:3:10: error: field 'Order.coupon' points at "
                                      "ref(promo.Coupon), but there is no app 'promo' [schema.E002]",
                                      "apps/blog/models.schema:4:7: error: field 'Order.sku' points at ref(shop.Sku), "
                                      "but app 'shop' has no model 'Sku' [schema.E002]"}));
  EXPECT_TRUE(schema::check(files[0], Backend::SQLite).empty()) << "one file alone cannot see other apps";
}

TEST(SchemaCheck, E003ReportsClashingReverseAccessors) {
  EXPECT_EQ(check("model Author {\n  name string(9)\n}\nmodel Post {\n  author ref(Author)\n  editor ref(Author)\n}\n",
                  Backend::SQLite),
            std::vector<std::string>{"apps/blog/models.schema:6:3: error: 'blog.Post.author' and 'blog.Post.editor' "
                                     "both add the reverse accessor 'post_set' to blog.Author; give one of them "
                                     "@related_name(\"...\") [schema.E003]"});
  EXPECT_EQ(check("model Author {\n  posts int\n}\nmodel Post {\n  author ref(Author) @related_name(\"posts\")\n}\n",
                  Backend::PostgreSQL),
            std::vector<std::string>{"apps/blog/models.schema:5:3: error: the reverse accessor 'posts' of "
                                     "'blog.Post.author' clashes with field 'blog.Author.posts'; set another "
                                     "@related_name(\"...\") [schema.E003]"});
  EXPECT_TRUE(check("model Author {\n  name string(9)\n}\nmodel Post {\n  author ref(Author) @related_name(\"+\")\n"
                    "  editor ref(Author) @related_name(\"+\")\n}\n",
                    Backend::SQLite)
                  .empty());
}

TEST(SchemaCheck, E003ReportsAReverseAccessorNamedLikeAGeneratedMember) {
  EXPECT_EQ(check("model Author {\n  name string(9)\n}\nmodel Post {\n  author ref(Author) @related_name(\"save\")\n}\n",
                  Backend::SQLite),
            std::vector<std::string>{"apps/blog/models.schema:5:3: error: the reverse accessor 'save' of "
                                     "'blog.Post.author' is the name of a generated member of blog.Author; set another "
                                     "@related_name(\"...\") [schema.E003]"});
}

TEST(SchemaCheck, E010ReportsFieldsNamedLikeGeneratedMembers) {
  EXPECT_EQ(check("model Doc {\n  title string(9)\n  save bool\n  objects int @backend(postgresql)\n}\n", Backend::SQLite),
            std::vector<std::string>{"apps/blog/models.schema:3:3: error: field 'Doc.save' has the name of a generated "
                                     "member; rename it (keep the column with @column(\"save\")) [schema.E010]"});
}

TEST(SchemaCheck, E011ReportsModelsThatNeedOneCppNamespace) {
  EXPECT_EQ(check("model HTTPLog {\n  a int\n}\nmodel HttpLog {\n  a int\n  @@table(\"other\")\n}\nmodel Specs {\n"
                  "  a int\n}\n",
                  Backend::SQLite),
            (std::vector<std::string>{
                "apps/blog/models.schema:4:7: error: model 'HttpLog' would need the C++ namespace 'http_log', which "
                "model 'HTTPLog' has; rename the model [schema.E011]",
                "apps/blog/models.schema:8:7: error: model 'Specs' would need the C++ namespace 'specs', which the "
                "generated code uses; rename the model [schema.E011]"}));
}

TEST(SchemaCheck, E012ReportsAChoiceFieldNamedLikeItsModel) {
  EXPECT_EQ(check("model Status {\n  status choice(on, off)\n}\n", Backend::PostgreSQL),
            std::vector<std::string>{"apps/blog/models.schema:2:3: error: the choice field 'Status.status' would give "
                                     "Status an enum of its own name; rename the field [schema.E012]"});
}

TEST(SchemaCheck, CheckCodegenRunsOnlyWhatGeneratedCodeNeedsOverEveryField) {
  const auto file = parse("model Host {\n  ip inet\n  save bool @backend(postgresql)\n}\n");
  EXPECT_EQ(lines(schema::check_codegen(file)),
            std::vector<std::string>{"apps/blog/models.schema:3:3: error: field 'Host.save' has the name of a "
                                     "generated member; rename it (keep the column with @column(\"save\")) [schema.E010]"})
      << "no backend: inet is no error, and a field of either backend counts";
  EXPECT_TRUE(schema::check_codegen(file, Backend::SQLite).empty());
}

TEST(SchemaNames, RelationsToOneTargetGetReverseAccessorsOfTheirOwn) {
  auto file = parse(
      "model Brand {\n  name string(9)\n  product_set int\n}\nmodel Product {\n  brand ref(Brand)\n"
      "  alt_brand ref(Brand)?\n  maker ref(Brand) @related_name(\"made\")\n}\nmodel Shop {\n  brand ref(Brand)\n}\n"
      "model Review {\n  product ref(Product)\n}\n");
  schema::name_reverse_accessors(file, "Product");
  const auto& product = *file.find_model("Product");
  EXPECT_EQ(product.find_field("brand")->related_name, "product_brand_set");
  EXPECT_EQ(product.find_field("alt_brand")->related_name, "product_alt_brand_set");
  EXPECT_EQ(product.find_field("maker")->related_name, "made") << "a name the user wrote is kept";
  EXPECT_EQ(file.find_model("Shop")->find_field("brand")->related_name, std::nullopt) << "only Product is named";
  EXPECT_TRUE(lines(schema::check_codegen(file)).empty());

  auto taken = parse("model Brand {\n  product_set int\n  product_brand_set int\n}\nmodel Product {\n  brand ref(Brand)\n}\n");
  schema::name_reverse_accessors(taken);
  EXPECT_EQ(taken.find_model("Product")->find_field("brand")->related_name, "+") << "both names taken: none";
}

TEST(SchemaCheck, E004ReportsTwoModelsOnOneTable) {
  EXPECT_EQ(check("model A {\n  x int\n  @@table(\"shared\")\n}\nmodel B {\n  x int\n  @@table(\"shared\")\n}\n",
                  Backend::SQLite),
            std::vector<std::string>{"apps/blog/models.schema:5:7: error: models 'blog.A' and 'blog.B' both use table "
                                     "'shared'; give one of them another @@table [schema.E004]"});
}

TEST(SchemaCheck, E005ReportsTwoFieldsOnOneColumn) {
  EXPECT_EQ(
      check("model Author {\n  x int\n}\nmodel A {\n  author ref(Author)\n  author_id int\n}\n", Backend::SQLite),
      std::vector<std::string>{"apps/blog/models.schema:6:3: error: fields 'author' and 'author_id' of model 'A' "
                               "both use column 'author_id'; set a distinct @column on one of them [schema.E005]"});
}

TEST(SchemaCheck, E006ReportsAttributesUsingAFieldTheBackendDoesNotHave) {
  const char* text = "model Doc {\n  body text\n  search tsvector @backend(postgresql)\n  @@index([search])\n}\n";
  EXPECT_EQ(check(text, Backend::SQLite),
            std::vector<std::string>{"apps/blog/models.schema:4:3: error: @@index of model 'Doc' uses field 'search', "
                                     "which exists only on postgresql [schema.E006]"});
  EXPECT_TRUE(check(text, Backend::PostgreSQL).empty());
}

TEST(SchemaCheck, E007ReportsAutoIncrementOutsideASqliteKey) {
  const char* text = "model Ticket {\n  code string(9) @id\n  number int @auto\n}\n";
  EXPECT_EQ(check(text, Backend::SQLite),
            std::vector<std::string>{"apps/blog/models.schema:3:3: error: field 'Ticket.number' has @auto, but SQLite "
                                     "only numbers a model's single-field primary key [schema.E007]"});
  EXPECT_TRUE(check(text, Backend::PostgreSQL).empty());
}

TEST(SchemaCheck, E008ReportsIndexNamesUsedTwice) {
  EXPECT_EQ(
      check("model A {\n  x int\n  y int\n  @@index([x], name: \"idx\")\n  @@unique([y], name: \"idx\")\n}\n",
            Backend::PostgreSQL),
      std::vector<std::string>{"apps/blog/models.schema:5:3: error: the index name 'idx' is already "
                               "used in model 'blog.A'; give this one another name: \"...\" [schema.E008]"});
}

TEST(SchemaCheck, E008ReportsIndexNamesUsedInTwoModels) {
  // Both databases keep index names per schema, whichever tables they index.
  EXPECT_EQ(check("model A {\n  x int\n  @@index([x], name: \"idx\")\n}\nmodel B {\n  x int\n"
                  "  @@unique([x], name: \"idx\")\n}\n",
                  Backend::SQLite),
            std::vector<std::string>{"apps/blog/models.schema:7:3: error: the index name 'idx' is already "
                                     "used in model 'blog.A'; give this one another name: \"...\" [schema.E008]"});
}

TEST(SchemaCheck, E008ReportsCheckNamesUsedTwiceInOneModel) {
  EXPECT_EQ(check("model A {\n  x int\n  @@check(\"x > 0\", name: \"c\")\n  @@check(\"x < 9\", name: \"c\")\n}\n",
                  Backend::PostgreSQL),
            std::vector<std::string>{"apps/blog/models.schema:4:3: error: the check name 'c' is already "
                                     "used in model 'blog.A'; give this one another name: \"...\" [schema.E008]"});
}

TEST(SchemaCheck, CheckNamesArePerTable) {
  // A CHECK's name is the table's business: four tables may each have c_lowercase_name.
  std::string text;
  for (const char* model : {"A", "B", "C", "D"}) {
    text += std::string("model ") + model + " {\n  name string(20)\n  @@check(\"name = lower(name)\", name: "
            "\"c_lowercase_name\")\n}\n";
  }
  EXPECT_TRUE(check(text, Backend::PostgreSQL).empty());
  EXPECT_TRUE(check(text, Backend::SQLite).empty());
}

TEST(SchemaCheck, E009ReportsReferencesToCompositeKeys) {
  EXPECT_EQ(
      check("model Line {\n  a int\n  b int\n  @@id([a, b])\n}\nmodel Note {\n  line ref(Line)\n}\n", Backend::SQLite),
      std::vector<std::string>{"apps/blog/models.schema:7:8: error: field 'Note.line' points at blog.Line, whose "
                               "key has several fields; ref(Line) needs a single-field key [schema.E009]"});
}

TEST(SchemaCheck, W001WarnsAboutWideDecimalsOnSqlite) {
  const auto diagnostics = schema::check(parse("model A {\n  amount decimal(20, 4)\n}\n"), Backend::SQLite);
  EXPECT_EQ(lines(diagnostics),
            std::vector<std::string>{"apps/blog/models.schema:2:10: warning: field 'A.amount' is decimal(20, 4), but "
                                     "SQLite keeps about 15 significant digits of a decimal; values may be rounded "
                                     "[schema.W001]"});
  EXPECT_FALSE(schema::has_errors(diagnostics));
  EXPECT_TRUE(check("model A {\n  amount decimal(20, 4)\n}\n", Backend::PostgreSQL).empty());
}

TEST(SchemaCheck, ChecksACodeBuiltFileToo) {
  schema::SchemaFile file;
  file.app = "blog";
  file.path = "apps/blog/models.schema";
  auto& model = file.models.emplace_back();
  model.name = "Post";
  schema::Field author;
  author.name = "author";
  author.type.kind = schema::FieldKind::Ref;
  author.type.target = "Writer";
  model.fields.push_back(author);
  const auto diagnostics = schema::check(file, Backend::SQLite);
  ASSERT_EQ(diagnostics.size(), 1u);
  EXPECT_EQ(diagnostics[0].code, "schema.E002");
  EXPECT_TRUE(schema::has_errors(diagnostics));
}

namespace {

TEST(SchemaCheck, E013ReportsKeysThatReferToEachOtherInACircle) {
  EXPECT_EQ(check("model A {\n  b ref(B) @id\n}\nmodel B {\n  c ref(C) @id\n}\nmodel C {\n  a ref(A) @id\n}\n",
                  Backend::SQLite),
            std::vector<std::string>{
                "apps/blog/models.schema:2:5: error: the key of 'blog.A' is a ref whose chain of keys comes back to "
                "it (blog.A -> blog.B -> blog.C -> blog.A); give one model of the circle a key of its own type "
                "[schema.E013]"});
}

TEST(SchemaCheck, KeysThatAreRefsInAChainAreFine) {
  EXPECT_TRUE(check("model A {\n  code string(5) @id\n}\nmodel B {\n  a ref(A) @id\n}\nmodel C {\n  b ref(B)\n}\n",
                    Backend::PostgreSQL)
                  .empty());
}

}  // namespace

namespace {

TEST(SchemaCheck, E016ReportsChoicesThatWouldBeOneEnumerator) {
  EXPECT_EQ(check("model A {\n  grade choice(\"a-b\", a_b)\n}\n", Backend::SQLite),
            std::vector<std::string>{"apps/blog/models.schema:2:9: error: the choices 'a-b' and 'a_b' of field "
                                     "'A.grade' would both be the C++ enumerator a_b; rename one of them "
                                     "[schema.E016]"});
}

TEST(SchemaCheck, E015ReportsOneEnumTypeWithTwoListsOfLabels) {
  EXPECT_EQ(check("model A {\n  r choice(G, PG) @enum(\"rating\")\n}\nmodel B {\n  r choice(G) @enum(\"rating\")\n}\n",
                  Backend::PostgreSQL),
            std::vector<std::string>{"apps/blog/models.schema:5:5: error: fields 'blog.A.r' and 'blog.B.r' both use "
                                     "the enum 'rating' with other choices; give them the same choices, in the same "
                                     "order, or another @enum name [schema.E015]"});
}

TEST(SchemaCheck, E014ReportsIndexMethodsOnSqlite) {
  const char* text = "model A {\n  x int\n  @@index([x], using: \"gin\")\n}\n";
  EXPECT_EQ(check(text, Backend::SQLite),
            std::vector<std::string>{"apps/blog/models.schema:3:3: error: an index of model 'A' uses the index method "
                                     "'gin', which only PostgreSQL has; drop using: on SQLite [schema.E014]"});
  EXPECT_TRUE(check(text, Backend::PostgreSQL).empty());
}

}  // namespace
