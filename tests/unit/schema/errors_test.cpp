// Bad input: every message names file:line:column and what was expected.
// Each test pins exact messages, because they are the product's interface.
#include <gtest/gtest.h>

#include "cpprustango/schema/parser.hpp"

#include "test_support/expect_throw.hpp"

namespace schema = cpprustango::schema;

namespace {

constexpr const char* kPath = "apps/blog/models.schema";

std::string error_of(std::string_view text) {
  return test_support::message_of<schema::ParseError>([&] { schema::parse(text, kPath, "blog"); });
}

/** The error of `lines` placed in `model Post { ... }` with an Author model after it; lines start at line 2. */
std::string in_post(const std::string& lines) {
  return error_of("model Post {\n" + lines + "}\nmodel Author {\n  name string(9)\n}\n");
}

std::string at(int line, int column, const std::string& message) {
  return std::string(kPath) + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + message;
}

}  // namespace

TEST(SchemaParseErrors, CarryPathLineColumnAndMessage) {
  try {
    schema::parse("model Post {\n  title @index\n}\n", kPath, "blog");
    FAIL() << "no error";
  } catch (const schema::ParseError& error) {
    EXPECT_STREQ(error.what(), "apps/blog/models.schema:2:9: expected a type after the field name 'title', found '@'");
    EXPECT_EQ(error.path(), kPath);
    EXPECT_EQ(error.line(), 2);
    EXPECT_EQ(error.column(), 9);
    EXPECT_EQ(error.message(), "expected a type after the field name 'title', found '@'");
    const std::runtime_error& base = error;
    EXPECT_NE(std::string(base.what()).find("2:9"), std::string::npos);
  }
}

TEST(SchemaParseErrors, NameWhatAModelBlockExpects) {
  EXPECT_EQ(error_of("modle Post {\n}"), at(1, 1, "expected 'model' to start a model block, found 'modle'"));
  EXPECT_EQ(error_of("model {\n}"), at(1, 7, "expected a model name after 'model', found '{'"));
  EXPECT_EQ(error_of("model Post\n{\n}"),
            at(1, 11, "expected '{' after the model name 'Post', found the end of the line"));
  EXPECT_EQ(error_of("model Post {\n  title string(20)\n"),
            at(3, 1, "expected '}' to close model 'Post' (opened at line 1), found the end of the file"));
  EXPECT_EQ(error_of("model A {\n  a int\n} model B {\n}"),
            at(3, 3, "expected the end of the line after '}' of model 'A', found 'model'"));
  EXPECT_EQ(in_post("  \"title\" string(9)\n"),
            at(2, 3, "expected a field name, '@@' or '}' in model 'Post', found the string \"title\""));
  EXPECT_EQ(in_post("  @index\n"),
            at(2, 3,
               "expected a field name, '@@' or '}' in model 'Post', found '@': field attributes follow a "
               "field's type, model attributes start with '@@'"));
}

TEST(SchemaParseErrors, NameWhatAFieldLineExpects) {
  EXPECT_EQ(in_post("  title string(20) index\n"),
            at(2, 20, "expected an attribute ('@...') or the end of the line after field 'title', found 'index'"));
  EXPECT_EQ(in_post("  title string(20) @@index([title])\n"),
            at(2, 20, "model attributes ('@@...') go on their own line, not after field 'title'"));
  EXPECT_EQ(in_post("  title string(20) @5\n"), at(2, 21, "expected an attribute name after '@', found '5'"));
  EXPECT_EQ(in_post("  @@ 5\n"), at(2, 6, "expected an attribute name after '@@', found '5'"));
}

TEST(SchemaParseErrors, NameWhatArgumentsExpect) {
  EXPECT_EQ(in_post("  a int\n  @@index([a a])\n"),
            at(3, 14, "expected ',' or ']' in a list in @@index(...), found 'a'"));
  EXPECT_EQ(in_post("  a int @default(,)\n"), at(2, 18, "expected a value in @default(...), found ','"));
  EXPECT_EQ(in_post("  a text @help(\"x\"\n"), at(3, 1, "expected ',' or ')' in @help(...), found '}'"));
  EXPECT_EQ(in_post("  a ref(shop.)\n"), at(2, 14, "expected a name after '.' in ref(...), found ')'"));
  EXPECT_EQ(in_post("  a ref(shop . Product)\n"), at(2, 9, "write 'shop.Product' without spaces around the dot"));
  EXPECT_EQ(in_post("  title // what type?\n"),
            at(2, 9, "expected a type after the field name 'title', found a comment"));
  EXPECT_EQ(in_post("  a int\n  @@ordering([- 5])\n"),
            at(3, 17, "expected a field name after '-' in a list in @@ordering(...), found '5'"));
}

TEST(SchemaParseErrors, RejectUnknownAndMalformedTypes) {
  EXPECT_EQ(in_post("  title strng(20)\n"), at(2, 9, "unknown type 'strng'; did you mean 'string'?"));
  EXPECT_EQ(in_post("  title varchar2000\n"),
            at(2, 9,
               "unknown type 'varchar2000'; the types are bool, smallint, int, bigint, real, double, decimal, "
               "string, text, date, time, datetime, timestamp, uuid, json, bytes, email, url, slug, choice, "
               "multichoice, ref, many, inet, cidr, macaddr, xml, ltree, bit, tsvector, array, interval, timetz"));
  EXPECT_EQ(in_post("  title string\n"), at(2, 9, "type 'string' needs a maximum length, e.g. string(200)"));
  EXPECT_EQ(in_post("  s slug()\n"), at(2, 5, "type 'slug' needs a maximum length, e.g. slug(200)"));
  EXPECT_EQ(in_post("  title string(0)\n"),
            at(2, 16, "the length of string(...) must be a positive whole number, found '0'"));
  EXPECT_EQ(in_post("  title string(20, 3)\n"), at(2, 20, "type 'string' takes one parameter, its maximum length"));
  EXPECT_EQ(in_post("  price decimal\n"),
            at(2, 9, "type 'decimal' needs its digits and decimal places, e.g. decimal(10, 2)"));
  EXPECT_EQ(in_post("  price decimal(10)\n"),
            at(2, 17, "type 'decimal' needs its digits and decimal places, e.g. decimal(10, 2)"));
  EXPECT_EQ(in_post("  price decimal(4, 6)\n"), at(2, 20, "decimal(4, 6) has more decimal places than digits"));
  EXPECT_EQ(in_post("  price decimal(4, -1)\n"),
            at(2, 20, "the decimal places of decimal(...) must be a whole number (0 or more), found '-1'"));
  EXPECT_EQ(in_post("  body text(5)\n"), at(2, 13, "type 'text' takes no parameters"));
  EXPECT_EQ(in_post("  body text(size: 5)\n"), at(2, 13, "the parameters of text(...) have no names"));
}

TEST(SchemaParseErrors, RejectMalformedChoicesArraysAndRelations) {
  EXPECT_EQ(in_post("  s choice\n"), at(2, 5, "type 'choice' needs its values, e.g. choice(draft, published)"));
  EXPECT_EQ(in_post("  s choice(\"a,b\")\n"),
            at(2, 12, "the values of choice(...) are names such as draft or in_review, or strings without commas such "
                      "as \"PG-13\", found the string \"a,b\""));
  EXPECT_EQ(in_post("  s choice(1)\n"),
            at(2, 12, "the values of choice(...) are names such as draft or in_review, or strings without commas such "
                      "as \"PG-13\", found '1'"));
  EXPECT_EQ(in_post("  s multichoice(a, b, a)\n"), at(2, 23, "choice 'a' appears twice"));
  EXPECT_EQ(in_post("  a array\n"), at(2, 5, "type 'array' needs its element type, e.g. array(int)"));
  EXPECT_EQ(in_post("  a array(ref(Author))\n"),
            at(2, 11, "arrays hold single values: 'ref' cannot be an array element"));
  EXPECT_EQ(in_post("  a array(array(int))\n"),
            at(2, 11, "arrays hold single values: 'array' cannot be an array element"));
  EXPECT_EQ(in_post("  a array(\"int\")\n"),
            at(2, 11, "expected the element type of array(...), found the string \"int\""));
  EXPECT_EQ(in_post("  a ref\n"),
            at(2, 5, "type 'ref' needs the model it points to, e.g. ref(Author) or ref(shop.Product)"));
  EXPECT_EQ(in_post("  a ref(Author, Post)\n"),
            at(2, 17, "type 'ref' needs the model it points to, e.g. ref(Author) or ref(shop.Product)"));
}

TEST(SchemaParseErrors, RejectRelationsToModelsThatDoNotExist) {
  EXPECT_EQ(in_post("  author ref(Autor)\n"),
            at(2, 14,
               "ref(Autor) names no model in this file; did you mean 'Author'? (a model of another app is "
               "written ref(app.Model))"));
  EXPECT_EQ(in_post("  tags many(Tag)\n"),
            at(2, 13, "many(Tag) names no model in this file (a model of another app is written many(app.Model))"));
  EXPECT_EQ(in_post("  author ref(blog.Writer)\n"),
            at(2, 14,
               "ref(blog.Writer) names no model in this file (a model of another app is written "
               "ref(app.Model))"));
  EXPECT_EQ(in_post("  p ref(shop.product)\n"),
            at(2, 9, "ref(shop.product): 'product' is not a model name (PascalCase)"));
  EXPECT_EQ(in_post("  p ref(Shop.Product)\n"), at(2, 9, "ref(Shop.Product): 'Shop' is not an app name (snake_case)"));
  EXPECT_EQ(error_of("model Post {\n  author ref(shop.Product)\n}\n"), "no error")
      << "other apps: checked across files";
}

TEST(SchemaParseErrors, RejectUnknownAttributesWithHints) {
  EXPECT_EQ(in_post("  slug slug(5) @uniqe\n"),
            at(2, 16, "unknown attribute '@uniqe' on field 'slug'; did you mean '@unique'?"));
  EXPECT_EQ(
      in_post("  a int @table(\"x\")\n"),
      at(2, 9, "unknown attribute '@table' on field 'a'; model attributes are written on their own line with '@@'"));
  EXPECT_EQ(in_post("  a int @primary\n"), at(2, 9, "unknown attribute '@primary' on field 'a'"));
  EXPECT_EQ(in_post("  a int\n  @@tabel(\"x\")\n"),
            at(3, 3, "unknown model attribute '@@tabel' in model 'Post'; did you mean '@@table'?"));
  EXPECT_EQ(in_post("  a int\n  @@default(1)\n"),
            at(3, 3,
               "unknown model attribute '@@default' in model 'Post'; field attributes take one '@' and follow "
               "the field's type"));
}

TEST(SchemaParseErrors, RejectAttributesOnTheWrongType) {
  EXPECT_EQ(in_post("  n int @slug_from(title)\n"), at(2, 9, "@slug_from applies to slug fields, not to 'n' (int)"));
  EXPECT_EQ(in_post("  t string(9) @min(1)\n"), at(2, 15, "@min applies to numeric fields, not to 't' (string(9))"));
  EXPECT_EQ(in_post("  t string(9) @auto\n"),
            at(2, 15, "@auto applies to integer fields (smallint, int, bigint), not to 't' (string(9))"));
  EXPECT_EQ(in_post("  n int @auto_now\n"),
            at(2, 9, "@auto_now applies to date, time, datetime, timestamp and timetz fields, not to 'n' (int)"));
  EXPECT_EQ(in_post("  n int @on_delete(cascade)\n"), at(2, 9, "@on_delete applies to ref() fields, not to 'n' (int)"));
  EXPECT_EQ(in_post("  n int @related_name(\"x\")\n"),
            at(2, 9, "@related_name applies to ref() and many() fields, not to 'n' (int)"));
  EXPECT_EQ(in_post("  n int @widget(markdown)\n"),
            at(2, 9, "@widget applies to string, text, json and xml fields, not to 'n' (int)"));
  EXPECT_EQ(in_post("  a many(Author) @unique\n"),
            at(2, 18, "@unique applies to fields with a column, not to 'a' (many(Author))"));
  EXPECT_EQ(in_post("  a many(Author) @default(1)\n"),
            at(2, 18, "@default applies to fields with a column, not to 'a' (many(Author))"));
}

TEST(SchemaParseErrors, CheckTheShapeOfAttributeArguments) {
  EXPECT_EQ(in_post("  a int @unique(true)\n"), at(2, 17, "@unique takes no arguments"));
  EXPECT_EQ(in_post("  a int @min()\n"), at(2, 9, "@min needs a value, e.g. @min(1)"));
  EXPECT_EQ(in_post("  a int @min(1, 2)\n"), at(2, 17, "@min takes one value, e.g. @min(1)"));
  EXPECT_EQ(in_post("  a int @min(value: 1)\n"), at(2, 14, "@min takes no named options"));
  EXPECT_EQ(in_post("  a int @min(1.5)\n"), at(2, 14, "@min takes a whole number, found '1.5'"));
  EXPECT_EQ(in_post("  a real @max(\"9\")\n"), at(2, 15, "@max takes a number, found the string \"9\""));
  EXPECT_EQ(in_post("  a text @help(42)\n"),
            at(2, 16, "@help takes a string, e.g. @help(\"Shown under the field\"), found '42'"));
  EXPECT_EQ(in_post("  a text @label(\"\")\n"), at(2, 17, "@label needs a non-empty string"));
  EXPECT_EQ(in_post("  a ref(Author) @on_delete(casade)\n"),
            at(2, 28,
               "@on_delete takes cascade, restrict, set_null, set_default or no_action, found 'casade'; did you "
               "mean 'cascade'?"));
  EXPECT_EQ(in_post("  a text @widget(wysiwyg)\n"),
            at(2, 18, "@widget takes markdown, rte, code or textarea, found 'wysiwyg'"));
  EXPECT_EQ(in_post("  a text @backend(mysql)\n"), at(2, 19, "@backend takes sqlite or postgresql, found 'mysql'"));
  EXPECT_EQ(in_post("  a ref(Author) @db_constraint(no)\n"),
            at(2, 32, "@db_constraint takes true or false, found 'no'"));
  EXPECT_EQ(in_post("  a ref(Author) @db_constraint\n"),
            at(2, 17, "@db_constraint needs a value, e.g. @db_constraint(false)"));
  EXPECT_EQ(in_post("  a ref(Author) @related_name(\"My Posts\")\n"),
            at(2, 31,
               "@related_name must be a snake_case name such as \"posts\" (or \"+\" for no reverse accessor), "
               "found the string \"My Posts\""));
  EXPECT_EQ(in_post("  s slug(9) @slug_from(\"title\")\n"),
            at(2, 24, "@slug_from takes a field name, e.g. @slug_from(title), found the string \"title\""));
  EXPECT_EQ(in_post("  s slug(9) @slug_from(s)\n"), at(2, 24, "field 's' cannot be its own slug source"));
}

TEST(SchemaParseErrors, CheckDefaultsAgainstTheFieldType) {
  EXPECT_EQ(in_post("  status choice(draft, published) @default(archived)\n"),
            at(2, 44, "default 'archived' is not one of the choices of 'status': draft, published"));
  EXPECT_EQ(in_post("  days multichoice(mon, tue) @default([mon, sun])\n"),
            at(2, 45, "default 'sun' is not one of the choices of 'days': mon, tue"));
  EXPECT_EQ(in_post("  n int @default(\"x\")\n"),
            at(2, 18, "@default of field 'n' (int) must be a whole number, e.g. @default(0), found the string \"x\""));
  EXPECT_EQ(in_post("  n int @default(1.5)\n"),
            at(2, 18, "@default of field 'n' (int) must be a whole number, e.g. @default(0), found '1.5'"));
  EXPECT_EQ(in_post("  b bool @default(1)\n"),
            at(2, 19, "@default of field 'b' (bool) must be true or false, found '1'"));
  EXPECT_EQ(in_post("  t string(5) @default(true)\n"),
            at(2, 24, "@default of field 't' (string(5)) must be a string, found 'true'"));
  EXPECT_EQ(in_post("  n int @default(now())\n"),
            at(2, 18, "@default of field 'n' (int) must be a whole number, e.g. @default(0), found 'now()'"));
  EXPECT_EQ(in_post("  u uuid @default(now())\n"),
            at(2, 19, "@default of field 'u' (uuid) must be a string or uuid(), found 'now()'"));
  EXPECT_EQ(in_post("  d date @default(today())\n"),
            at(2, 19, "unknown function 'today()' in @default; use now(), uuid() or sql(\"...\")"));
  EXPECT_EQ(in_post("  d date @default(now(1))\n"), at(2, 23, "now() takes no arguments"));
  EXPECT_EQ(in_post("  d date @default(sql(CURRENT_DATE))\n"),
            at(2, 19, "sql(...) takes the SQL expression as one string, e.g. sql(\"CURRENT_DATE\")"));
  EXPECT_EQ(in_post("  n int @default(null)\n"), at(2, 18, "@default(null) needs a nullable field: write 'int?'"));
  EXPECT_EQ(in_post("  m multichoice(a, b) @default(a)\n"),
            at(2, 32,
               "@default of field 'm' (multichoice(a, b)) must be a list of its choices, e.g. @default([a]), "
               "found 'a'"));
}

TEST(SchemaParseErrors, RejectDuplicates) {
  EXPECT_EQ(in_post("  a int\n  a text\n"), at(3, 3, "duplicate field 'a' in model 'Post' (first defined at line 2)"));
  EXPECT_EQ(error_of("model Post {\n}\nmodel Post {\n}\n"),
            at(3, 7, "duplicate model 'Post' (first defined at line 1)"));
  EXPECT_EQ(in_post("  a int @unique @unique\n"), at(2, 17, "@unique appears twice on field 'a'"));
  EXPECT_EQ(in_post("  a int\n  @@table(\"x\")\n  @@table(\"y\")\n"),
            at(4, 3, "@@table appears twice in model 'Post'"));
  EXPECT_EQ(in_post("  a int\n  @@index([a], name: \"x\", name: \"y\")\n"),
            at(3, 27, "option 'name' appears twice in @@index"));
}

TEST(SchemaParseErrors, RejectConflictingKeys) {
  EXPECT_EQ(in_post("  a int @id\n  b int @id\n"),
            at(3, 9, "model already has an @id field ('a'); a composite key is written @@id([a, b])"));
  EXPECT_EQ(in_post("  a int @id\n  b int\n  @@id([a, b])\n"),
            at(2, 9, "field 'a' has @id but model 'Post' also declares @@id; keep one of them"));
  EXPECT_EQ(in_post("  id int\n"),
            at(2, 3,
               "field 'id' needs @id: a model without a key gets an implicit 'id bigint @id @auto', so add @id "
               "to this field or rename it"));
  EXPECT_EQ(in_post("  code string(2)? @id\n"),
            at(2, 19, "a primary key cannot be nullable: drop the '?' of field 'code'"));
  EXPECT_EQ(in_post("  a int?\n  b int\n  @@id([a, b])\n"),
            at(4, 9, "@@id cannot use 'a' (int): key fields have one non-null column"));
  EXPECT_EQ(in_post("  a int\n  @@id([])\n"), at(3, 8, "@@id needs at least one field"));
}

TEST(SchemaParseErrors, RejectFieldAttributesThatContradictEachOther) {
  EXPECT_EQ(in_post("  author ref(Author) @on_delete(set_null)\n"),
            at(2, 22, "@on_delete(set_null) needs a nullable field: write 'ref(Author)?'"));
  EXPECT_EQ(in_post("  author ref(Author) @on_update(set_default)\n"),
            at(2, 22, "@on_update(set_default) needs a @default on field 'author'"));
  EXPECT_EQ(in_post("  at datetime @auto_now @default(now())\n"),
            at(2, 25, "@default and @auto_now both set the value of field 'at'; keep one"));
  EXPECT_EQ(in_post("  n int @min(5) @max(1)\n"), at(2, 17, "@max is less than @min on field 'n'"));
  EXPECT_EQ(in_post("  a text @display\n  b text @display\n"),
            at(3, 10, "model already has a @display field ('a'); only one field can be a row's string form"));
  EXPECT_EQ(in_post("  a text @display\n  @@display(\"{a}\")\n"),
            at(2, 10, "field 'a' has @display but model 'Post' also declares @@display; keep one of them"));
}

TEST(SchemaParseErrors, RejectReferencesToUnknownOrUnsuitableFields) {
  EXPECT_EQ(in_post("  status int\n  @@index([statuss])\n"),
            at(3, 12, "unknown field 'statuss' in @@index of model 'Post'; did you mean 'status'?"));
  EXPECT_EQ(in_post("  name text\n  @@ordering([-nme])\n"),
            at(3, 15, "unknown field 'nme' in @@ordering of model 'Post'; did you mean 'name'?"));
  EXPECT_EQ(in_post("  title text\n  author ref(Author)\n  @@display(\"{title} by {autor}\")\n"),
            at(4, 26, "unknown field 'autor' in @@display of model 'Post'; did you mean 'author'?"));
  EXPECT_EQ(in_post("  title text\n  @@display(\"{title\")\n"),
            at(3, 14, "expected a field name and '}' after '{' in @@display, e.g. \"{title}\""));
  EXPECT_EQ(in_post("  s slug(9) @slug_from(titel)\n  title text\n"),
            at(2, 24, "unknown field 'titel' in @slug_from of model 'Post'; did you mean 'title'?"));
  EXPECT_EQ(in_post("  n int\n  s slug(9) @slug_from(n)\n"), at(3, 24, "@slug_from needs a text field; 'n' is int"));
  EXPECT_EQ(in_post("  tags many(Author)\n  @@index([tags])\n"),
            at(3, 12, "@@index cannot use the many() field 'tags'"));
  EXPECT_EQ(in_post("  tags many(Author)\n  @@unique([id, tags])\n"),
            at(3, 17, "@@unique cannot use the many() field 'tags'"));
  EXPECT_EQ(in_post("  author ref(Author)\n  @@admin(search_fields: [author])\n"),
            at(3, 27, "search_fields of @@admin cannot use the relation field 'author' (ref(Author))"));
  EXPECT_EQ(in_post("  a int\n  @@admin(list_display: [b])\n"),
            at(3, 26, "unknown field 'b' in list_display of @@admin of model 'Post'"));
}

TEST(SchemaParseErrors, CheckModelAttributeShapes) {
  EXPECT_EQ(in_post("  status int\n  @@index(status)\n"),
            at(3, 11, "expected a list of field names in @@index, e.g. [title, status], found 'status'"));
  EXPECT_EQ(in_post("  a int\n  @@index()\n"),
            at(3, 3,
               "@@index takes a list of fields or sql(\"...\"), then name:, where:, using: and unique:, e.g. "
               "@@index([status, published_at], name: \"post_status_idx\")"));
  EXPECT_EQ(in_post("  a int\n  @@index([a], nam: \"x\")\n"),
            at(3, 16, "unknown option 'nam' in @@index; did you mean 'name'? (options: name, where, using or unique)"));
  EXPECT_EQ(in_post("  a int\n  @@unique([a], unique: true)\n"),
            at(3, 17, "unknown option 'unique' in @@unique (options: name, where or using)"));
  EXPECT_EQ(in_post("  a int\n  @@index(sql(\"\"))\n"),
            at(3, 11, "sql(...) takes the index's key as one string, e.g. sql(\"lower(email)\")"));
  EXPECT_EQ(in_post("  a int\n  @@index([a], where: 3)\n"),
            at(3, 23, "@@index takes a string, e.g. where: \"deleted_at IS NULL\", found '3'"));
  EXPECT_EQ(in_post("  a int\n  @@index([])\n"), at(3, 11, "@@index needs at least one field"));
  EXPECT_EQ(in_post("  a int\n  @@check(a > 0)\n"),
            at(3, 13, "unexpected character '>'; SQL is written as a string, e.g. @@check(\"price > 0\")"));
  EXPECT_EQ(in_post("  a int\n  @@check(a)\n"),
            at(3, 11, "@@check takes a string, e.g. @@check(\"price >= 0\"), found 'a'"));
  EXPECT_EQ(in_post("  a int\n  @@managed(no)\n"), at(3, 13, "@@managed takes true or false, found 'no'"));
  EXPECT_EQ(in_post("  a int\n  @@ordering(a)\n"),
            at(3, 14, "expected a list such as [name, -created_at] in @@ordering, found 'a'"));
  EXPECT_EQ(in_post("  a int\n  @@ordering([\"a\"])\n"),
            at(3, 15, "expected a field name or -field_name in @@ordering, found the string \"a\""));
}

TEST(SchemaParseErrors, CheckAdminOptions) {
  EXPECT_EQ(in_post("  a int\n  @@admin([a])\n"),
            at(3, 11, "@@admin takes named options only, e.g. @@admin(list_display: [title, status])"));
  EXPECT_EQ(in_post("  a int\n  @@admin(list_displa: [a])\n"),
            at(3, 11,
               "unknown option 'list_displa' in @@admin; did you mean 'list_display'? (options: list_display, "
               "search_fields, list_filter, ordering, list_per_page, readonly_fields, fieldsets or actions)"));
  EXPECT_EQ(in_post("  a int\n  @@admin(list_per_page: 0)\n"),
            at(3, 26, "list_per_page of @@admin must be between 1 and 10000"));
  EXPECT_EQ(
      in_post("  a int\n  @@admin(fieldsets: [(\"Main\")])\n"),
      at(3, 23, "expected a fieldset (\"Title\", [field, ...]) in fieldsets of @@admin, found a group in parentheses"));
  EXPECT_EQ(in_post("  a int\n  @@admin(fieldsets: [(\"Main\", [])])\n"),
            at(3, 32, "fieldsets of @@admin needs at least one field"));
  EXPECT_EQ(in_post("  a int\n  @@admin(actions: [\"go\"])\n"),
            at(3, 21, "expected an action name in actions of @@admin, found the string \"go\""));
}

TEST(SchemaParseErrors, EnforceNamingRules) {
  EXPECT_EQ(
      error_of("model post {\n}\n"),
      at(1, 7, "model name 'post' must be PascalCase: a capital letter, then letters and digits (e.g. BlogPost)"));
  EXPECT_EQ(error_of("model Blog_Post {\n}\n"),
            at(1, 7,
               "model name 'Blog_Post' must be PascalCase: a capital letter, then letters and digits (e.g. "
               "BlogPost)"));
  const std::string snake =
      "must be snake_case: lower-case letters, digits and single underscores, starting with a "
      "letter (e.g. published_at)";
  EXPECT_EQ(in_post("  Title text\n"), at(2, 3, "field name 'Title' " + snake));
  EXPECT_EQ(in_post("  a__b text\n"), at(2, 3, "field name 'a__b' " + snake));
  EXPECT_EQ(in_post("  _a text\n"), at(2, 3, "field name '_a' " + snake));
  EXPECT_EQ(in_post("  a_ text\n"), at(2, 3, "field name 'a_' " + snake));
  EXPECT_EQ(in_post("  class text\n"), at(2, 3, "'class' is a C++ keyword and cannot name a field"));
  EXPECT_EQ(in_post("  errno int\n"),
            at(2, 3, "'errno' is a macro of the C++ standard headers and cannot name a field; name it errno_field and "
                     "keep the column with @column(\"errno\")"));
  EXPECT_EQ(in_post("  pk int\n"),
            at(2, 3, "'pk' is reserved (it always means the primary key) and cannot name a field"));
}
