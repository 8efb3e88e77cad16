// The PostgreSQL-only kinds in the admin, on the throwaway cluster: each has
// its own widget, a row holding every kind is added and changed through the
// forms and read back exactly as the server stores it, and bad input for each
// kind is an error on its field that keeps what was typed and writes nothing;
// then Pagila (its film's array(text) and tsvector, film_actor's composite
// key) with the schema inspectdb wrote for it.
#include <cpprustango/admin/admin.hpp>
#include <cpprustango/auth/users.hpp>
#include <cpprustango/orm/dynamic.hpp>
#include <cpprustango/schema/parser.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "admin_client.hpp"
#include "test_support/auth_tables.hpp"
#include "test_support/orm_database.hpp"

namespace {

namespace db = cpprustango::db;
namespace orm = cpprustango::orm;
namespace schema = cpprustango::schema;
namespace auth = cpprustango::auth;
using admin_test::Client;
using admin_test::field_html;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kSchema = R"(
model Host {
  name   string(20) @display
  addr   inet
  net    cidr?
  mac    macaddr?
  doc    xml?
  flags  bit(4)?
  search tsvector?
  wait   interval?
  opens  timetz?
  ports  array(int)
  names  array(string(5))?
  peers  array(inet)?
  checks array(bool)?
  @@admin(list_display: [name, addr, ports])
}

model Node {
  path ltree
}
)";

constexpr const char* kPostgresDdl = R"(
CREATE TABLE net_host (
  id BIGSERIAL PRIMARY KEY, name VARCHAR(20) NOT NULL, addr INET NOT NULL, net CIDR, mac MACADDR, doc XML,
  flags BIT(4), search TSVECTOR, wait INTERVAL, opens TIME WITH TIME ZONE, ports INTEGER[] NOT NULL,
  names VARCHAR(5)[], peers INET[], checks BOOLEAN[]);
)";

const schema::SpecSet& specs() {
  static const schema::SpecSet set(schema::parse(kSchema, "net/models.schema", "net"));
  return set;
}
const schema::ModelSpec* resolve(const schema::FieldSpec& field) { return specs().target(field); }
const schema::ModelSpec* const kModels[] = {specs().find("net", "Host"), specs().find("net", "Node")};
const schema::AppSpec kApps[] = {{.name = "net", .models = kModels, .resolve = &resolve}};

constexpr const char* kPassword = "s3cret-enough-pw";
constexpr const char* kAdd = "/admin/net/host/add/";

using Fields = std::vector<std::pair<std::string, std::string>>;

/** Every field of a Host, valid. */
Fields valid_host() {
  return {{"name", "gateway"},
          {"addr", "192.168.0.1/24"},
          {"net", "10.1.0.0/16"},
          {"mac", "08-00-2B-01-02-03"},
          {"doc", "<host name=\"gw\">\n  <note>a &amp; b</note><![CDATA[<raw>]]>\n</host>"},
          {"flags", "1010"},
          {"search", "fat 'rat cat' fat"},
          {"wait", "1 day 02:00:00"},
          {"opens", "14:30:00+02"},
          {"ports", "80\n443\n\n-1"},
          {"names", "a b\nq\"d\n{x,y}"},
          {"peers", "10.0.0.1\n::1"},
          {"checks", "true\nno\nT"}};
}

Fields with(Fields fields, const std::string& name, const std::string& value) {
  for (auto& [key, text] : fields) {
    if (key == name) text = value;
  }
  return fields;
}

class PgKinds : public test_support::BothDatabasesTest {
 protected:
  void SetUp() override {
    open("", kPostgresDdl);
    test_support::create_auth_tables(db());
    cpprustango::admin::mount(app, db(), kApps, {.secret_key = "test key"});
    auth::create_user(db(), {.username = "root", .password = kPassword, .superuser = true, .staff = true});
    ASSERT_TRUE(client.login("root", kPassword));
    client.get(kAdd);
  }

  std::string column(const std::string& name) {
    const auto value = db().acquire().query("SELECT " + name + "::text FROM net_host").scalar();
    return db::is_null(value) ? "<null>" : db::as_string(value);
  }
  std::int64_t rows() { return db::as_int(db().acquire().query("SELECT COUNT(*) FROM net_host").scalar()); }

  cpprustango::App app;
  Client client{app};
};

// PostgreSQL only: the kinds do not exist on SQLite.
INSTANTIATE_TEST_SUITE_P(Postgres, PgKinds, ::testing::Values(test_support::Backend::Postgres),
                         test_support::backend_name);

TEST_P(PgKinds, EachKindHasItsOwnWidget) {
  const auto form = client.get(kAdd);
  ASSERT_EQ(form.status(), 200);
  const std::string& body = form.body();
  EXPECT_THAT(field_html(body, "addr"), HasSubstr("class=\"mono\""));
  EXPECT_THAT(field_html(body, "addr"), HasSubstr("IPv4 or IPv6, optional /prefix"));
  EXPECT_THAT(field_html(body, "net"), HasSubstr("placeholder=\"10.1.0.0/16\""));
  EXPECT_THAT(field_html(body, "mac"), HasSubstr("placeholder=\"08:00:2b:01:02:03\""));
  EXPECT_THAT(field_html(body, "doc"), HasSubstr("<textarea id=\"id_doc\""));
  EXPECT_THAT(field_html(body, "flags"), HasSubstr("maxlength=\"4\" pattern=\"[01]{4}\""));
  EXPECT_THAT(field_html(body, "search"), HasSubstr("<textarea id=\"id_search\""));
  EXPECT_THAT(field_html(body, "wait"), HasSubstr("1 day 02:00:00, 3 hours or P1DT2H"));
  EXPECT_THAT(field_html(body, "opens"), HasSubstr("<input type=\"text\""));
  EXPECT_THAT(field_html(body, "opens"), HasSubstr("placeholder=\"14:30:00+02\""));
  EXPECT_THAT(field_html(body, "ports"), HasSubstr("data-array-editor data-element=\"int\""));
  EXPECT_THAT(field_html(body, "ports"), HasSubstr("One int per line"));
  EXPECT_THAT(field_html(body, "peers"), HasSubstr("data-element=\"inet\""));
}

TEST_P(PgKinds, ARowOfEveryKindIsAddedAndChangedExactly) {
  const auto added = client.post(kAdd, valid_host());
  ASSERT_EQ(added.status(), 302) << added.body();
  EXPECT_EQ(column("addr"), "192.168.0.1/24");
  EXPECT_EQ(column("net"), "10.1.0.0/16");
  EXPECT_EQ(column("mac"), "08:00:2b:01:02:03");
  EXPECT_EQ(column("doc"), "<host name=\"gw\">\n  <note>a &amp; b</note><![CDATA[<raw>]]>\n</host>");
  EXPECT_EQ(column("flags"), "1010");
  EXPECT_EQ(column("search"), "'fat' 'rat cat'") << "tsvector keeps its distinct lexemes, sorted";
  EXPECT_EQ(column("wait"), "1 day 02:00:00");
  EXPECT_EQ(column("opens"), "14:30:00+02") << "a timetz keeps its offset";
  EXPECT_EQ(column("ports"), "{80,443,-1}") << "blank lines are not items";
  EXPECT_EQ(column("names"), "{\"a b\",\"q\\\"d\",\"{x,y}\"}");
  EXPECT_EQ(column("peers"), "{10.0.0.1,::1}");
  EXPECT_EQ(column("checks"), "{t,f,t}");

  const auto list = client.get("/admin/net/host/");
  EXPECT_THAT(list.body(), HasSubstr("<td>80, 443, -1</td>")) << "arrays read as a comma-joined list";

  const auto form = client.get("/admin/net/host/1/change/");
  ASSERT_EQ(form.status(), 200);
  EXPECT_THAT(field_html(form.body(), "ports"), HasSubstr(">80\n443\n-1</textarea>")) << "one item per line";
  EXPECT_THAT(field_html(form.body(), "names"), HasSubstr(">a b\nq&quot;d\n{x,y}</textarea>"));
  EXPECT_THAT(field_html(form.body(), "checks"), HasSubstr(">true\nfalse\ntrue</textarea>"));
  EXPECT_THAT(field_html(form.body(), "mac"), HasSubstr("value=\"08:00:2b:01:02:03\""));

  // Saving the form as shown changes nothing; then every kind takes a new value.
  Fields shown = valid_host();
  shown = with(shown, "ports", "80\n443\n-1");
  shown = with(shown, "checks", "true\nfalse\ntrue");
  ASSERT_EQ(client.post("/admin/net/host/1/change/", shown).status(), 302);
  EXPECT_EQ(column("names"), "{\"a b\",\"q\\\"d\",\"{x,y}\"}");
  EXPECT_EQ(column("checks"), "{t,f,t}");

  const Fields changed = {{"name", "gateway"},     {"addr", "2001:db8::1/64"}, {"net", "2001:db8::/32"},
                          {"mac", "0800.2b01.0204"}, {"doc", "plain text"},     {"flags", "0001"},
                          {"search", ""},            {"wait", "P1DT2H30M"},      {"ports", ""},
                          {"names", ""},             {"peers", "192.168.1.0/24"}, {"checks", "f"}};
  const auto saved = client.post("/admin/net/host/1/change/", changed);
  ASSERT_EQ(saved.status(), 302) << saved.body();
  EXPECT_EQ(column("addr"), "2001:db8::1/64");
  EXPECT_EQ(column("net"), "2001:db8::/32");
  EXPECT_EQ(column("mac"), "08:00:2b:01:02:04");
  EXPECT_EQ(column("doc"), "plain text");
  EXPECT_EQ(column("flags"), "0001");
  EXPECT_EQ(column("search"), "<null>");
  EXPECT_EQ(column("wait"), "1 day 02:30:00");
  EXPECT_EQ(column("ports"), "{}") << "an empty list, the field being required";
  EXPECT_EQ(column("names"), "<null>");
  EXPECT_EQ(column("peers"), "{192.168.1.0/24}");
  EXPECT_EQ(column("checks"), "{f}");

  for (const char* wait : {"3 hours", "-2 mins 5 secs ago", "02:30", "@ 1 year 2 months"}) {
    EXPECT_EQ(client.post("/admin/net/host/1/change/", with(changed, "wait", wait)).status(), 302) << wait;
  }
  EXPECT_EQ(column("wait"), "1 year 2 mons");
}

TEST_P(PgKinds, BadInputForEachKindIsAFieldErrorThatKeepsTheTextAndWritesNothing) {
  struct Case {
    std::string field;
    std::string typed;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"addr", "300.1.2.3", "Enter a valid IPv4 or IPv6 address, optionally with a /prefix"},
      {"addr", "10.0.0.1/33", "Enter a valid IPv4 or IPv6 address"},
      {"net", "10.1.2.3/16", "Enter a network whose host bits are zero: 10.1.2.3/16 has bits set"},
      {"net", "2001:db8::1/32", "Enter a network whose host bits are zero: 2001:db8::1/32"},
      {"mac", "08:00:2b:01:02", "Enter a valid MAC address"},
      {"mac", "08:00:2b:01:02:zz", "Enter a valid MAC address"},
      {"wait", "3 fortnights", "Enter a valid interval"},
      {"wait", "P1DT", "Enter a valid interval"},
      {"opens", "25:00", "Enter a time with an optional UTC offset"},
      {"opens", "14:30 Mars", "Enter a time with an optional UTC offset"},
      {"doc", "<a><b></a>", "Enter well-formed XML (line 1: &lt;/a&gt; closes &lt;b&gt;)."},
      {"doc", "<a>\n&nbsp;</a>", "Enter well-formed XML (line 2: &#39;&amp;&#39; must start an entity such as &amp;amp;)."},
      {"doc", "<a href=x/>", "Enter well-formed XML (line 1: the value of href must be quoted)."},
      {"flags", "10101", "Enter exactly 4 bits (it has 5)."},
      {"flags", "1x10", "Enter bits: only 0 and 1."},
      {"search", "'unclosed lexeme", "Close the quote"},
      {"ports", "80\nabc", "Item 2 (abc): Enter a whole number."},
      {"ports", "99999999999", "Item 1 (99999999999): ensure it is between -2147483648 and 2147483647."},
      {"names", "ok\ntoo long", "Item 2 (too long): ensure it has at most 5 characters (it has 8)."},
      {"peers", "10.0.0.1\nnope", "Item 2 (nope): Enter a valid IPv4 or IPv6 address"},
      {"checks", "true\nmaybe", "Item 2 (maybe): enter true or false."},
      {"wait", "99999999999 years", "The database refused this value"},
  };
  for (const auto& c : cases) {
    const auto response = client.post(kAdd, with(valid_host(), c.field, c.typed));
    EXPECT_EQ(response.status(), 400) << c.field << ": " << c.typed;
    const std::string row = field_html(response.body(), c.field);
    EXPECT_THAT(row, HasSubstr("<ul class=\"errors\" role=\"alert\" id=\"id_" + c.field + "_errors\"><li>" + c.message))
        << c.field << ": " << c.typed;
    EXPECT_THAT(row, HasSubstr("aria-describedby=\"id_" + c.field + "_errors\" aria-invalid=\"true\""))
        << c.field << ": " << c.typed;
    std::string escaped;
    for (const char ch : c.typed) {
      escaped += ch == '<' ? "&lt;" : ch == '>' ? "&gt;" : ch == '&' ? "&amp;" : ch == '"'  ? "&quot;"
                : ch == '\'' ? "&#39;"
                              : std::string(1, ch);
    }
    EXPECT_THAT(row, HasSubstr(escaped)) << "keeps what was typed: " << c.typed;
    EXPECT_EQ(rows(), 0) << c.field << ": " << c.typed;
  }

  // The same checks guard the change form.
  ASSERT_EQ(client.post(kAdd, valid_host()).status(), 302);
  const auto bad = client.post("/admin/net/host/1/change/", with(valid_host(), "net", "10.1.2.3/16"));
  EXPECT_EQ(bad.status(), 400);
  EXPECT_EQ(column("net"), "10.1.0.0/16");
}

TEST_P(PgKinds, LtreeLabelsAreChecked) {
  const auto available = db().query("SELECT 1 FROM pg_available_extensions WHERE name = 'ltree'");
  if (available.empty()) GTEST_SKIP() << "the ltree extension is not installed on this server (postgresql-contrib)";
  db().acquire().execute_script(
      "CREATE EXTENSION IF NOT EXISTS ltree; CREATE TABLE net_node (id BIGSERIAL PRIMARY KEY, path LTREE NOT NULL);");
  client.get("/admin/net/node/add/");
  for (const char* bad : {"Top..Science", "Top.Sci ence", ".Top", "Top/Science"}) {
    const auto response = client.post("/admin/net/node/add/", {{"path", bad}});
    EXPECT_EQ(response.status(), 400) << bad;
    EXPECT_THAT(field_html(response.body(), "path"), HasSubstr("Enter labels of letters, digits, _ and - separated by dots"));
  }
  ASSERT_EQ(client.post("/admin/net/node/add/", {{"path", "Top.Science.Astronomy_2"}}).status(), 302);
  EXPECT_EQ(db::as_string(db().acquire().query("SELECT path::text FROM net_node").scalar()), "Top.Science.Astronomy_2");
}

std::string read_file(const std::filesystem::path& path) {
  std::stringstream text;
  text << std::ifstream(path).rdbuf();
  return text.str();
}

const schema::SpecSet& pagila() {
  static const schema::SpecSet set(schema::parse(read_file(CPPRUSTANGO_PAGILA_SCHEMA), "pagila/models.schema", "pagila"));
  return set;
}
const schema::ModelSpec* pagila_resolve(const schema::FieldSpec& field) { return pagila().target(field); }

class Pagila : public PgKinds {
 protected:
  void SetUp() override {}  // the Pagila schema instead of net_host
};

INSTANTIATE_TEST_SUITE_P(Postgres, Pagila, ::testing::Values(test_support::Backend::Postgres),
                         test_support::backend_name);

TEST_P(Pagila, FilmsAndFilmActorsFromInspectdbAreEditedInTheAdmin) {
  const auto fixture = std::filesystem::path(CPPRUSTANGO_SHARED_FIXTURES) / "pagila" / "pagila-schema.sql";
  if (!std::filesystem::exists(fixture)) GTEST_SKIP() << "shared fixtures not found at " << fixture.string();
  open("", "");
  {
    auto loader = db::Database::open(url(), {.max_connections = 1});  // the script changes session settings
    loader.acquire().execute_script(read_file(fixture));
  }
  test_support::create_auth_tables(db());
  static const schema::ModelSpec* const models[] = {pagila().find("pagila", "Actor"), pagila().find("pagila", "Film"),
                                                    pagila().find("pagila", "FilmActor"), pagila().find("pagila", "Language")};
  static const schema::AppSpec apps[] = {{.name = "pagila", .models = models, .resolve = &pagila_resolve}};
  cpprustango::admin::mount(app, db(), apps, {.secret_key = "test key"});
  auth::create_user(db(), {.username = "root", .password = kPassword, .superuser = true, .staff = true});
  db().acquire().execute_script(
      "INSERT INTO language (name) VALUES ('English');"
      "INSERT INTO actor (first_name, last_name) VALUES ('PENELOPE', 'GUINESS'), ('NICK', 'WAHLBERG');");
  ASSERT_TRUE(client.login("root", kPassword));

  // A film, through the form: special_features is array(text), fulltext a tsvector (the trigger rewrites it).
  const auto form = client.get("/admin/pagila/film/add/");
  ASSERT_EQ(form.status(), 200) << form.body();
  EXPECT_THAT(field_html(form.body(), "special_features"), HasSubstr("data-array-editor data-element=\"text\""));
  EXPECT_THAT(field_html(form.body(), "fulltext"), HasSubstr("<textarea id=\"id_fulltext\""));
  const Fields film = {{"title", "ACADEMY DINOSAUR"}, {"description", "An epic drama"}, {"release_year", "2006"},
                       {"language", "1"}, {"rental_duration", "6"}, {"rental_rate", "0.99"}, {"length", "86"},
                       {"replacement_cost", "20.99"}, {"rating", "PG"}, {"last_update", "2026-01-02T03:04"},
                       {"special_features", "Deleted Scenes\nBehind the Scenes"}, {"fulltext", "x"}};
  const auto first = client.post("/admin/pagila/film/add/", with(film, "special_features", "Trailers\n\n"));
  ASSERT_EQ(first.status(), 302) << first.body();
  const auto added = client.post("/admin/pagila/film/add/", with(film, "title", "ACE GOLDFINGER"));
  ASSERT_EQ(added.status(), 302) << added.body();
  const auto stored = [&](const std::string& sql) {
    return db::as_string(db().acquire().query(sql).scalar());
  };
  EXPECT_EQ(stored("SELECT special_features::text FROM film WHERE title = 'ACE GOLDFINGER'"),
            "{\"Deleted Scenes\",\"Behind the Scenes\"}");
  EXPECT_EQ(stored("SELECT fulltext::text FROM film WHERE title = 'ACE GOLDFINGER'"), "'ace':1 'drama':5 'epic':4 'goldfing':2");
  const auto change = client.get("/admin/pagila/film/2/change/");
  EXPECT_THAT(field_html(change.body(), "special_features"), HasSubstr(">Deleted Scenes\nBehind the Scenes</textarea>"));

  // film_actor: a composite key of two refs.
  db().acquire().execute_script("INSERT INTO film_actor (actor_id, film_id) VALUES (1, 1), (2, 1), (1, 2);");
  const auto list = client.get("/admin/pagila/filmactor/");
  ASSERT_EQ(list.status(), 200) << list.body();
  EXPECT_THAT(list.body(), HasSubstr("href=\"/admin/pagila/filmactor/2,1/change/\""));
  const auto actor_form = client.get("/admin/pagila/filmactor/2,1/change/");
  ASSERT_EQ(actor_form.status(), 200);
  EXPECT_THAT(field_html(actor_form.body(), "actor"), HasSubstr("Part of the primary key"));
  ASSERT_EQ(client.post("/admin/pagila/filmactor/2,1/change/", {{"last_update", "2026-02-03T04:05"}}).status(), 302);
  // (Pagila's last_updated trigger sets last_update itself.) The change is logged under the row's key token.
  EXPECT_EQ(stored("SELECT object_id FROM auth_log_entry WHERE action = 'change'"), "2,1");
  EXPECT_THAT(client.get("/admin/pagila/filmactor/2,1/history/").body(), HasSubstr("<td>root</td>"));
  // A film with actors is protected (restrict), and the page says by which rows.
  const auto blocked = client.get("/admin/pagila/film/1/delete/");
  EXPECT_EQ(blocked.status(), 409);
  EXPECT_THAT(blocked.body(), HasSubstr("Film actor: FilmActor object (2, 1)"));
  client.get("/admin/pagila/filmactor/");
  ASSERT_EQ(client.post("/admin/pagila/filmactor/", {{"action", "delete_selected"}, {"_selected", "1,1"},
                                                     {"_selected", "2,1"}, {"confirm", "yes"}})
                .status(),
            302);
  EXPECT_EQ(stored("SELECT COUNT(*)::text FROM film_actor"), "1");
  client.get("/admin/pagila/film/1/delete/");
  EXPECT_EQ(client.post("/admin/pagila/film/1/delete/", {}).status(), 302) << "nothing holds it now";
}

}  // namespace
