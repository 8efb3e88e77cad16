// Rows addressed by keys that are not one integer, through App::handle on
// sqlite::memory: and the throwaway PostgreSQL cluster: a composite key of
// two refs (as inspectdb makes Chinook's PlaylistTrack) in every page and
// action, string keys holding characters URLs treat specially, uuid keys,
// and malformed keys in the URL answering 404; then Chinook's own
// PlaylistTrack, with the schema inspectdb wrote for it, over the fixture.
#include <cpprustango/admin/admin.hpp>
#include <cpprustango/auth/users.hpp>
#include <cpprustango/orm/dynamic.hpp>
#include <cpprustango/schema/parser.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <regex>
#include <set>

#include "admin_client.hpp"
#include "test_support/auth_tables.hpp"
#include "test_support/orm_database.hpp"
#include "test_support/temp_dir.hpp"

namespace {

namespace db = cpprustango::db;
namespace orm = cpprustango::orm;
namespace schema = cpprustango::schema;
namespace auth = cpprustango::auth;
using admin_test::Client;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kSchema = R"(
model Playlist {
  name string(60) @display
}

model Track {
  name string(60) @display
}

model PlaylistTrack {
  playlist ref(Playlist) @on_delete(cascade)
  track    ref(Track)    @on_delete(cascade)
  position int @default(0)
  note     string(40)?
  @@id([playlist, track])
  @@admin(list_display: [playlist, track, position, note], list_filter: [playlist], search_fields: [note],
          list_per_page: 2)
}

model Label {
  code  string(40) @id
  title string(60)
}

model Token {
  id    uuid @id @default(uuid())
  label string(20)
}
)";

constexpr const char* kSqliteDdl = R"(
CREATE TABLE music_playlist (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL);
CREATE TABLE music_track (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL);
CREATE TABLE music_playlist_track (playlist_id INTEGER NOT NULL REFERENCES music_playlist (id) ON DELETE CASCADE,
  track_id INTEGER NOT NULL REFERENCES music_track (id) ON DELETE CASCADE, position INTEGER NOT NULL, note TEXT,
  PRIMARY KEY (playlist_id, track_id));
CREATE TABLE music_label (code TEXT PRIMARY KEY, title TEXT NOT NULL);
CREATE TABLE music_token (id TEXT PRIMARY KEY, label TEXT NOT NULL);
)";

constexpr const char* kPostgresDdl = R"(
CREATE TABLE music_playlist (id BIGSERIAL PRIMARY KEY, name VARCHAR(60) NOT NULL);
CREATE TABLE music_track (id BIGSERIAL PRIMARY KEY, name VARCHAR(60) NOT NULL);
CREATE TABLE music_playlist_track (playlist_id BIGINT NOT NULL REFERENCES music_playlist (id) ON DELETE CASCADE,
  track_id BIGINT NOT NULL REFERENCES music_track (id) ON DELETE CASCADE, position INTEGER NOT NULL,
  note VARCHAR(40), PRIMARY KEY (playlist_id, track_id));
CREATE TABLE music_label (code VARCHAR(40) PRIMARY KEY, title VARCHAR(60) NOT NULL);
CREATE TABLE music_token (id UUID PRIMARY KEY, label VARCHAR(20) NOT NULL);
)";

const schema::SpecSet& specs() {
  static const schema::SpecSet set(schema::parse(kSchema, "music/models.schema", "music"));
  return set;
}
const schema::ModelSpec* resolve(const schema::FieldSpec& field) { return specs().target(field); }
const schema::ModelSpec* const kModels[] = {specs().find("music", "Playlist"), specs().find("music", "Track"),
                                            specs().find("music", "PlaylistTrack"), specs().find("music", "Label"),
                                            specs().find("music", "Token")};
const schema::AppSpec kApps[] = {{.name = "music", .models = kModels, .resolve = &resolve}};

constexpr const char* kPassword = "s3cret-enough-pw";
constexpr const char* kList = "/admin/music/playlisttrack/";

class Keys : public test_support::BothDatabasesTest {
 protected:
  void SetUp() override {
    open(kSqliteDdl, kPostgresDdl);
    test_support::create_auth_tables(db());
    cpprustango::admin::mount(app, db(), kApps, {.secret_key = "test key"});
    auth::create_user(db(), {.username = "root", .password = kPassword, .superuser = true, .staff = true});
    for (const char* name : {"Rock", "Jazz"}) insert(0, {{"name", name}});
    for (const char* name : {"One", "Two", "Three"}) insert(1, {{"name", name}});
    ASSERT_TRUE(client.login("root", kPassword));
  }

  void insert(int model, const std::vector<std::pair<std::string, db::Value>>& values) {
    orm::Table table(*kModels[model], &resolve);
    orm::Record record = table.new_record();
    for (const auto& [name, value] : values) record.set(name, value);
    table.insert(db(), record);
  }

  void link(std::int64_t playlist, std::int64_t track, std::int64_t position, const std::string& note = "") {
    insert(2, {{"playlist", playlist}, {"track", track}, {"position", position}, {"note", note}});
  }

  std::string scalar(const std::string& sql) {
    const auto value = db().acquire().query(sql).scalar();
    if (db::is_null(value)) return "<null>";
    return db::kind(value) == db::ValueKind::Integer ? std::to_string(db::as_int(value)) : db::as_string(value);
  }

  cpprustango::App app;
  Client client{app};
};

INSTANTIATE_TEST_SUITE_P(Sqlite, Keys, ::testing::Values(test_support::Backend::Sqlite), test_support::backend_name);
INSTANTIATE_TEST_SUITE_P(Postgres, Keys, ::testing::Values(test_support::Backend::Postgres),
                         test_support::backend_name);

TEST_P(Keys, CompositeKeyModelsAreListedWithLinksAndCheckboxesCarryingBothKeys) {
  link(1, 2, 7, "first");
  const auto index = client.get("/admin/");
  EXPECT_THAT(index.body(), HasSubstr("href=\"/admin/music/playlisttrack/\"")) << "no longer left out";
  const auto list = client.get(kList);
  ASSERT_EQ(list.status(), 200) << list.body();
  EXPECT_THAT(list.body(), HasSubstr("<a href=\"/admin/music/playlisttrack/1,2/change/\">Rock</a>"));
  EXPECT_THAT(list.body(), HasSubstr("name=\"_selected\" value=\"1,2\""));
  EXPECT_THAT(list.body(), HasSubstr("<td>Two</td>")) << "the second key ref shown by its display name";
}

TEST_P(Keys, CompositeListSearchesFiltersSortsAndPages) {
  link(1, 1, 3, "alpha");
  link(1, 2, 1, "beta");
  link(2, 1, 2, "alpha beta");
  const auto search = client.get(std::string(kList) + "?q=alpha");
  EXPECT_THAT(search.body(), HasSubstr("/1,1/change/"));
  EXPECT_THAT(search.body(), HasSubstr("/2,1/change/"));
  EXPECT_THAT(search.body(), Not(HasSubstr("/1,2/change/")));
  const auto filtered = client.get(std::string(kList) + "?playlist=2");
  EXPECT_THAT(filtered.body(), HasSubstr("/2,1/change/"));
  EXPECT_THAT(filtered.body(), Not(HasSubstr("/1,1/change/")));
  EXPECT_THAT(filtered.body(), HasSubstr("1 playlist track"));
  EXPECT_EQ(client.get(std::string(kList) + "?playlist=x").status(), 400) << "not a playlist key";
  const auto sorted = client.get(std::string(kList) + "?o=position");
  const std::string& body = sorted.body();
  ASSERT_NE(body.find("/1,2/change/"), std::string::npos);
  EXPECT_LT(body.find("/1,2/change/"), body.find("/2,1/change/")) << "position 1 before 2";
  EXPECT_EQ(body.find("/1,1/change/"), std::string::npos) << "position 3 is on page 2 (two per page)";
  const auto second = client.get(std::string(kList) + "?o=position&p=2");
  EXPECT_THAT(second.body(), HasSubstr("/1,1/change/"));
  EXPECT_THAT(second.body(), HasSubstr("Page 2 of 2"));
}

TEST_P(Keys, CompositeChangeFormShowsTheKeyReadOnlyAndSavesOnlyThatRow) {
  link(1, 2, 7);
  link(1, 3, 8);
  const auto form = client.get(std::string(kList) + "1,2/change/");
  ASSERT_EQ(form.status(), 200) << form.body();
  EXPECT_THAT(form.body(), HasSubstr("<div class=\"readonly\" id=\"id_playlist\">Rock</div>"));
  EXPECT_THAT(form.body(), HasSubstr("<div class=\"readonly\" id=\"id_track\">Two</div>"));
  EXPECT_THAT(form.body(), Not(HasSubstr("name=\"playlist\"")));
  EXPECT_THAT(form.body(), HasSubstr("Part of the primary key: it cannot be changed"));
  EXPECT_THAT(form.body(), HasSubstr("href=\"/admin/music/playlisttrack/1,2/history/\""));
  EXPECT_THAT(form.body(), HasSubstr("href=\"/admin/music/playlisttrack/1,2/delete/\""));

  const auto saved = client.post(std::string(kList) + "1,2/change/",
                                 {{"position", "9"}, {"note", "moved"}, {"playlist", "2"}, {"_continue", "1"}});
  ASSERT_EQ(saved.status(), 302) << saved.body();
  EXPECT_EQ(*saved.headers().get("Location"), "/admin/music/playlisttrack/1,2/change/");
  EXPECT_EQ(scalar("SELECT position FROM music_playlist_track WHERE playlist_id = 1 AND track_id = 2"), "9");
  EXPECT_EQ(scalar("SELECT position FROM music_playlist_track WHERE playlist_id = 1 AND track_id = 3"), "8");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM music_playlist_track WHERE playlist_id = 2"), "0") << "the key is not editable";

  EXPECT_EQ(scalar("SELECT object_id FROM auth_log_entry WHERE action = 'change'"), "1,2");
  const auto history = client.get(std::string(kList) + "1,2/history/");
  ASSERT_EQ(history.status(), 200);
  EXPECT_THAT(history.body(), HasSubstr("Changed position, note."));
  EXPECT_THAT(client.get(std::string(kList) + "1,3/history/").body(), HasSubstr("has no change history"));
}

TEST_P(Keys, CompositeAddTakesTheKeyFieldsAndRefusesADuplicate) {
  const auto form = client.get(std::string(kList) + "add/");
  EXPECT_THAT(form.body(), HasSubstr("name=\"playlist\""));
  EXPECT_THAT(form.body(), HasSubstr("name=\"track\""));
  const auto added = client.post(std::string(kList) + "add/", {{"playlist", "2"}, {"track", "3"}, {"position", "4"}});
  ASSERT_EQ(added.status(), 302) << added.body();
  EXPECT_EQ(scalar("SELECT position FROM music_playlist_track WHERE playlist_id = 2 AND track_id = 3"), "4");
  EXPECT_EQ(scalar("SELECT object_id FROM auth_log_entry WHERE action = 'addition'"), "2,3");
  const auto again = client.post(std::string(kList) + "add/", {{"playlist", "2"}, {"track", "3"}, {"position", "5"}});
  EXPECT_EQ(again.status(), 400);
  EXPECT_THAT(again.body(), HasSubstr("Playlist track with these values already exists."));
  const auto text = client.post(std::string(kList) + "add/", {{"playlist", "x"}, {"track", "3"}, {"position", "5"}});
  EXPECT_EQ(text.status(), 400);
  EXPECT_THAT(text.body(), HasSubstr("Select a valid choice; that playlist does not exist."));
}

TEST_P(Keys, CompositeDeleteConfirmsThenDeletesOnlyThatRow) {
  link(1, 2, 7);
  link(2, 1, 8);
  const auto confirm = client.get(std::string(kList) + "1,2/delete/");
  ASSERT_EQ(confirm.status(), 200) << confirm.body();
  EXPECT_THAT(confirm.body(), HasSubstr("Are you sure you want to delete the playlist track"));
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM music_playlist_track"), "2") << "a GET deletes nothing";
  const auto deleted = client.post(std::string(kList) + "1,2/delete/", {});
  ASSERT_EQ(deleted.status(), 302);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM music_playlist_track"), "1");
  EXPECT_EQ(scalar("SELECT playlist_id FROM music_playlist_track"), "2");
  EXPECT_EQ(scalar("SELECT object_id FROM auth_log_entry WHERE action = 'deletion'"), "1,2");

  // Deleting a track lists the composite rows that go with it.
  const auto cascade = client.get("/admin/music/track/1/delete/");
  EXPECT_THAT(cascade.body(), HasSubstr("<li>Playlist track: PlaylistTrack object (2, 1)</li>"));
}

TEST_P(Keys, CompositeDeleteSelectedTakesKeyTokens) {
  link(1, 1, 1);
  link(1, 2, 2);
  link(2, 1, 3);
  client.get(kList);  // the session's CSRF token
  const auto confirm = client.post(kList, {{"action", "delete_selected"}, {"_selected", "1,2"}, {"_selected", "2,1"}});
  ASSERT_EQ(confirm.status(), 200) << confirm.body();
  EXPECT_THAT(confirm.body(), HasSubstr("<input type=\"hidden\" name=\"_selected\" value=\"1,2\">"));
  const auto done = client.post(kList, {{"action", "delete_selected"}, {"_selected", "1,2"}, {"_selected", "2,1"},
                                        {"_selected", "1,x"}, {"_selected", "7"}, {"confirm", "yes"}});
  ASSERT_EQ(done.status(), 302);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM music_playlist_track"), "1");
  EXPECT_EQ(scalar("SELECT track_id FROM music_playlist_track"), "1");
}

TEST_P(Keys, MalformedOrMissingKeysAreNotFound) {
  link(1, 2, 7);
  for (const char* key : {"1", "1,2,3", "x,2", "1,", ",2", "1,_zz", "1,2_", "9,9", "1_2C2", "1,2.5"}) {
    for (const char* page : {"change", "delete", "history"}) {
      const auto response = client.get(std::string(kList) + key + "/" + page + "/");
      EXPECT_EQ(response.status(), 404) << key << " " << page;
    }
  }
  for (const char* key : {"%FF", "_FF", "_00", "x_2"}) {
    EXPECT_EQ(client.get(std::string("/admin/music/label/") + key + "/change/").status(), 404) << key;
  }
  for (const char* key : {"not-a-uuid", "123", "_20"}) {
    EXPECT_EQ(client.get(std::string("/admin/music/token/") + key + "/change/").status(), 404) << key;
  }
}

TEST_P(Keys, StringKeysRoundTripThroughUrlsWhateverTheyHold) {
  const std::vector<std::string> codes = {"a/b",  "100%",     "what?#x", "two words", "na\xC3\xAFve \xE2\x98\x83",
                                          "_x_",  "a,b",      ".",       "..",        "plus+and&amp=",
                                          "%2F",  "back\\sl"};
  for (const auto& code : codes) insert(3, {{"code", code}, {"title", "T " + code}});
  const auto list = client.get("/admin/music/label/");
  ASSERT_EQ(list.status(), 200);
  static const std::regex href(R"re(href="(/admin/music/label/[^"]+/)change/")re");
  std::vector<std::string> links;
  for (auto it = std::sregex_iterator(list.body().begin(), list.body().end(), href); it != std::sregex_iterator(); ++it) {
    links.push_back((*it)[1]);
  }
  ASSERT_EQ(links.size(), codes.size()) << list.body();
  std::set<std::string> reached;
  for (const auto& base : links) {
    EXPECT_EQ(base.find_first_of("?#% "), base.find('%')) << "only percent-escapes: " << base;
    EXPECT_EQ(std::count(base.begin(), base.end(), '/'), 5) << "no slash inside the key: " << base;
    const auto form = client.get(base + "change/");
    ASSERT_EQ(form.status(), 200) << base;
    static const std::regex readonly(R"re(<div class="readonly" id="id_code">([^<]*)</div>)re");
    std::smatch match;
    ASSERT_TRUE(std::regex_search(form.body(), match, readonly)) << base;
    reached.insert(match[1]);
    const auto saved = client.post(base + "change/", {{"title", "changed"}});
    EXPECT_EQ(saved.status(), 302) << base << saved.body();
    EXPECT_EQ(client.get(base + "history/").status(), 200) << base;
  }
  std::set<std::string> escaped;
  for (const auto& code : codes) {
    std::string html;
    for (const char c : code) html += c == '&' ? std::string("&amp;") : std::string(1, c);
    escaped.insert(html);
  }
  EXPECT_EQ(reached, escaped) << "every link leads to its own row";
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM music_label WHERE title = 'changed'"), std::to_string(codes.size()));

  const auto confirm = client.get(links.front() + "delete/");
  ASSERT_EQ(confirm.status(), 200);
  ASSERT_EQ(client.post(links.front() + "delete/", {}).status(), 302);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM music_label"), std::to_string(codes.size() - 1));
  // Bulk delete takes the same tokens the checkboxes carry.
  static const std::regex box(R"re(name="_selected" value="([^"]+)")re");
  const auto again = client.get("/admin/music/label/");
  std::vector<std::pair<std::string, std::string>> fields{{"action", "delete_selected"}, {"confirm", "yes"}};
  for (auto it = std::sregex_iterator(again.body().begin(), again.body().end(), box); it != std::sregex_iterator(); ++it) {
    std::string value = (*it)[1];
    for (std::size_t at = value.find("&amp;"); at != std::string::npos; at = value.find("&amp;", at + 1)) value.replace(at, 5, "&");
    fields.emplace_back("_selected", value);
  }
  ASSERT_EQ(client.post("/admin/music/label/", fields).status(), 302);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM music_label"), "0");
}

TEST_P(Keys, UuidKeysOpenTheirRow) {
  insert(4, {{"label", "first"}});
  const std::string id = scalar("SELECT id FROM music_token");
  const auto form = client.get("/admin/music/token/" + id + "/change/");
  ASSERT_EQ(form.status(), 200);
  EXPECT_THAT(form.body(), HasSubstr("value=\"first\""));
  EXPECT_THAT(client.get("/admin/music/token/").body(), HasSubstr("/admin/music/token/" + id + "/change/"));
}

TEST(ChinookAdmin, PlaylistTrackFromInspectdbIsListedOpenedAndDeleted) {
  namespace fs = std::filesystem;
  const fs::path fixture = fs::path(CPPRUSTANGO_SHARED_FIXTURES) / "chinook" / "Chinook_Sqlite.sqlite";
  if (!fs::exists(fixture)) GTEST_SKIP() << "shared fixtures not found at " << fixture.string();
  test_support::TempDir dir;
  fs::copy_file(fixture, dir.path() / "chinook.sqlite");
  fs::permissions(dir.path() / "chinook.sqlite", fs::perms::owner_read | fs::perms::owner_write);
  std::stringstream text;
  text << std::ifstream(CPPRUSTANGO_CHINOOK_SCHEMA).rdbuf();
  static const schema::SpecSet chinook(schema::parse(text.str(), "chinook/models.schema", "chinook"));
  static const auto target = [](const schema::FieldSpec& field) { return chinook.target(field); };
  const schema::ModelSpec* const models[] = {chinook.find("chinook", "Playlist"), chinook.find("chinook", "Track"),
                                             chinook.find("chinook", "PlaylistTrack")};
  const schema::AppSpec apps[] = {{.name = "chinook", .models = models, .resolve = +target}};
  auto database = db::Database::open("sqlite:" + (dir.path() / "chinook.sqlite").string());
  test_support::create_auth_tables(database);
  cpprustango::App app;
  cpprustango::admin::mount(app, database, apps, {.secret_key = "test key"});
  auth::create_user(database, {.username = "root", .password = kPassword, .superuser = true, .staff = true});
  Client client(app);
  ASSERT_TRUE(client.login("root", kPassword));

  const auto list = client.get("/admin/chinook/playlisttrack/");
  ASSERT_EQ(list.status(), 200) << list.body();
  EXPECT_THAT(list.body(), HasSubstr("8715 playlist tracks"));
  EXPECT_THAT(list.body(), HasSubstr("Page 1 of 88"));
  EXPECT_THAT(list.body(), HasSubstr("href=\"/admin/chinook/playlisttrack/1,3402/change/\""));
  const auto form = client.get("/admin/chinook/playlisttrack/1,3402/change/");
  ASSERT_EQ(form.status(), 200);
  EXPECT_THAT(form.body(), HasSubstr("<div class=\"readonly\" id=\"id_track\">Track object (3402)</div>"));
  EXPECT_THAT(client.get("/admin/chinook/playlisttrack/1,999999/change/").status(), 404);

  // A track still on playlists cannot go (no_action), and the page says which rows hold it.
  const auto blocked = client.get("/admin/chinook/track/3402/delete/");
  EXPECT_EQ(blocked.status(), 409);
  EXPECT_THAT(blocked.body(), HasSubstr("Playlist track: PlaylistTrack object (1, 3402)"));
  client.get("/admin/chinook/playlisttrack/1,3402/delete/");
  ASSERT_EQ(client.post("/admin/chinook/playlisttrack/1,3402/delete/", {}).status(), 302);
  EXPECT_EQ(db::as_int(database.acquire().query("SELECT COUNT(*) FROM PlaylistTrack").scalar()), 8714);
  EXPECT_EQ(db::as_int(database.acquire()
                           .query("SELECT COUNT(*) FROM PlaylistTrack WHERE PlaylistId = 1 AND TrackId = 3402")
                           .scalar()),
            0);
}

}  // namespace
