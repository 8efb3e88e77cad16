// The admin in a real browser: headless Chromium driven over the DevTools
// protocol (a Beast WebSocket) against App::run() on a loopback port and an
// SQLite file. It logs in, creates, edits, searches and deletes a post, types
// Markdown and watches the live preview follow, and writes screenshots (light and dark) to ${build}/tests/integration/screenshots.
// Skips with a message when chromium is not installed.
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <chrono>
#include <cpprustango/admin/admin.hpp>
#include <cpprustango/auth/users.hpp>
#include <cpprustango/schema/parser.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <thread>

#include "test_support/auth_tables.hpp"
#include "test_support/held_port.hpp"
#include "test_support/postgres_cluster.hpp"
#include "test_support/temp_dir.hpp"

namespace {

namespace fs = std::filesystem;
namespace beast = boost::beast;
namespace asio = boost::asio;
using json = nlohmann::json;
using namespace std::chrono_literals;

constexpr const char* kSchema = R"(
model Author {
  name string(60) @display
}
model Post {
  title  string(80) @unique @help("A short headline")
  body   text? @widget(markdown)
  status choice(draft, published) @default(draft)
  featured bool @default(false)
  author ref(Author)?
  meta   json? @help("Any JSON value")
  @@display("{title}")
  @@admin(list_display: [title, author, status, featured], search_fields: [title, body], list_filter: [status, featured])
}
)";

constexpr const char* kDdl = R"(
CREATE TABLE press_author (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL);
CREATE TABLE press_post (id INTEGER PRIMARY KEY AUTOINCREMENT, title TEXT NOT NULL UNIQUE, body TEXT,
  status TEXT NOT NULL, featured INTEGER NOT NULL, author_id INTEGER REFERENCES press_author (id) ON DELETE CASCADE,
  meta TEXT);
INSERT INTO press_author (name) VALUES ('Ada Lovelace'), ('Grace Hopper');
INSERT INTO press_post (title, body, status, featured, author_id) VALUES
  ('Notes on the Analytical Engine', 'The engine weaves algebraic patterns.', 'published', 1, 1),
  ('Compilers for everyone', 'A first compiler, 1952.', 'draft', 0, 2);
)";

const cpprustango::schema::SpecSet& specs() {
  static const cpprustango::schema::SpecSet set(cpprustango::schema::parse(kSchema, "press/models.schema", "press"));
  return set;
}
const cpprustango::schema::ModelSpec* resolve(const cpprustango::schema::FieldSpec& f) { return specs().target(f); }

std::optional<fs::path> find_chromium() {
  for (const char* candidate : {"/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"}) {
    if (fs::exists(candidate)) return fs::path(candidate);
  }
  return std::nullopt;
}

std::string http_get(std::uint16_t port, const std::string& target) {
  asio::io_context io;
  asio::ip::tcp::socket socket(io);
  socket.connect({asio::ip::make_address("127.0.0.1"), port});
  beast::http::request<beast::http::empty_body> request{beast::http::verb::get, target, 11};
  request.set(beast::http::field::host, "127.0.0.1");
  beast::http::write(socket, request);
  beast::flat_buffer buffer;
  beast::http::response<beast::http::string_body> response;
  beast::http::read(socket, buffer, response);
  return response.body();
}

/** A page in headless Chromium, driven by DevTools protocol calls. */
class Browser {
 public:
  Browser(const fs::path& chromium, const fs::path& profile) {
    debug_port_ = test_support::free_port();
    const std::string port_flag = "--remote-debugging-port=" + std::to_string(debug_port_);
    const std::string profile_flag = "--user-data-dir=" + profile.string();
    std::vector<std::string> args = {chromium.string(), "--headless=new", "--no-sandbox", "--disable-gpu",
                                     "--no-first-run", "--disable-extensions", "--window-size=1280,860",
                                     "--hide-scrollbars", port_flag, profile_flag, "about:blank"};
    std::vector<char*> argv;
    for (auto& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    if (posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ) != 0) pid_ = -1;
    posix_spawn_file_actions_destroy(&actions);
    if (pid_ < 0) throw std::runtime_error("cannot start " + chromium.string());

    std::string page_url;
    for (int i = 0; i < 200 && page_url.empty(); ++i) {
      try {
        for (const auto& target : json::parse(http_get(debug_port_, "/json/list"))) {
          if (target.value("type", "") == "page") page_url = target.value("webSocketDebuggerUrl", "");
        }
      } catch (const std::exception&) {
      }
      if (page_url.empty()) std::this_thread::sleep_for(50ms);
    }
    if (page_url.empty()) throw std::runtime_error("chromium's DevTools endpoint never came up");
    const std::string path = page_url.substr(page_url.find('/', std::string("ws://").size()));
    socket_.next_layer().connect({asio::ip::make_address("127.0.0.1"), debug_port_});
    socket_.handshake("127.0.0.1:" + std::to_string(debug_port_), path);
    call("Page.enable");
    call("Runtime.enable");
  }

  ~Browser() {
    beast::error_code ignored;
    socket_.close(beast::websocket::close_code::normal, ignored);
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      ::waitpid(pid_, nullptr, 0);
    }
  }

  json call(const std::string& method, json params = json::object()) {
    const int id = ++next_id_;
    socket_.write(asio::buffer(json{{"id", id}, {"method", method}, {"params", params}}.dump()));
    while (true) {
      beast::flat_buffer buffer;
      socket_.read(buffer);
      auto message = json::parse(beast::buffers_to_string(buffer.data()));
      if (message.value("id", 0) != id) continue;  // an event
      if (message.contains("error")) throw std::runtime_error(method + ": " + message["error"].dump());
      return message["result"];
    }
  }

  /** The value of a JavaScript expression (awaiting promises). */
  json eval(const std::string& expression) {
    auto result = call("Runtime.evaluate", {{"expression", expression}, {"returnByValue", true}, {"awaitPromise", true}});
    if (result.contains("exceptionDetails")) throw std::runtime_error("script failed: " + result["exceptionDetails"].dump());
    return result["result"].value("value", json());
  }

  void go(const std::string& url) {
    call("Page.navigate", {{"url", url}});
    wait_for("document.readyState === 'complete' && location.href === " + json(url).dump());
  }

  /** Polls until `condition` is true in the page (a navigation may replace the document meanwhile). */
  void wait_for(const std::string& condition) {
    for (int i = 0; i < 200; ++i) {
      try {
        if (eval("!!(" + condition + ")") == true) return;
      } catch (const std::exception&) {
        // The page was navigating; ask again.
      }
      std::this_thread::sleep_for(25ms);
    }
    throw std::runtime_error("timed out waiting for: " + condition + " (at " + eval("location.href").dump() + ")");
  }

  void screenshot(const fs::path& file) {
    auto result = call("Page.captureScreenshot", {{"format", "png"}});
    const std::string encoded = result["data"];
    std::string decoded;
    decoded.resize(beast::detail::base64::decoded_size(encoded.size()));
    auto [written, read] = beast::detail::base64::decode(decoded.data(), encoded.data(), encoded.size());
    decoded.resize(written);
    fs::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << decoded;
  }

 private:
  pid_t pid_ = -1;
  std::uint16_t debug_port_ = 0;
  asio::io_context io_;
  beast::websocket::stream<asio::ip::tcp::socket> socket_{io_};
  int next_id_ = 0;
};

/** The admin over `apps`, served on a free port by two threads until destroyed. */
class AdminServer {
 public:
  AdminServer(cpprustango::db::Database& database, std::span<const cpprustango::schema::AppSpec> apps)
      : port_(test_support::free_port()), app_(settings(port_)) {
    cpprustango::admin::mount(app_, database, apps, {.secret_key = "browser test key", .secure_cookies = false});
    thread_ = std::thread([this] { app_.run(); });
  }
  ~AdminServer() {
    app_.stop();
    thread_.join();
  }
  AdminServer(const AdminServer&) = delete;
  AdminServer& operator=(const AdminServer&) = delete;

  std::string base() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  static cpprustango::config::Settings settings(std::uint16_t port) {
    cpprustango::config::Settings settings;
    settings.set("server.port", std::int64_t{port});
    settings.set("server.threads", std::int64_t{2});
    settings.set("log.access", false);
    return settings;
  }

  std::uint16_t port_;
  cpprustango::App app_;
  std::thread thread_;
};

TEST(AdminInChromium, LogInCreateEditSearchAndDeleteAPost) {
  const auto chromium = find_chromium();
  if (!chromium) GTEST_SKIP() << "chromium is not installed (apt install chromium)";
  test_support::TempDir dir;
  const std::string url = "sqlite:" + (dir.path() / "db.sqlite3").string();
  auto database = cpprustango::db::Database::open(url);
  test_support::create_auth_tables(database);
  database.acquire().execute_script(kDdl);
  cpprustango::auth::create_user(database, {.username = "admin", .email = "", .password = "violet-tractor-42",
                                            .superuser = true, .staff = true});

  const cpprustango::schema::ModelSpec* const models[] = {specs().find("press", "Author"), specs().find("press", "Post")};
  const cpprustango::schema::AppSpec apps[] = {{.name = "press", .models = models, .resolve = &resolve}};
  std::optional<AdminServer> server(std::in_place, database, apps);
  const std::string base = server->base();
  const fs::path shots = CPPRUSTANGO_SCREENSHOT_DIR;

  try {
    Browser browser(*chromium, dir.path() / "profile");
    // Log in.
    browser.go(base + "/admin/login/?next=/admin/");
    browser.screenshot(shots / "01-login.png");
    browser.eval("document.querySelector('#id_username').value = 'admin';"
                 "document.querySelector('#id_password').value = 'violet-tractor-42';"
                 "document.querySelector('form').submit()");
    browser.wait_for("location.pathname === '/admin/' && document.readyState === 'complete'");
    EXPECT_EQ(browser.eval("document.querySelector('h1').textContent"), "Site administration");
    browser.screenshot(shots / "02-index.png");

    // Create.
    browser.go(base + "/admin/press/post/add/");
    browser.screenshot(shots / "03-add-form.png");
    browser.eval("document.querySelector('#id_title').value = 'Written in Chromium';"
                 "document.querySelector('#id_body').value = 'Typed by the browser test.';"
                 "document.querySelector('#id_status').value = 'published';"
                 "document.querySelector('#id_author').value = '2';"
                 "document.querySelector('button[name=_save]').click()");
    browser.wait_for("location.pathname === '/admin/press/post/' && document.querySelector('.notice')");
    EXPECT_EQ(browser.eval("document.querySelector('.notice').textContent"),
              "The post \"Written in Chromium\" was added successfully.");
    browser.screenshot(shots / "04-list-after-add.png");

    // Edit: open it from the list, rename, save.
    browser.eval("[...document.querySelectorAll('table.results a')].find(a => a.textContent === 'Written in Chromium').click()");
    browser.wait_for("location.pathname.endsWith('/change/') && document.querySelector('#id_title')");
    browser.eval("document.querySelector('#id_title').value = 'Edited in Chromium';"
                 "document.querySelector('button[name=_save]').click()");
    browser.wait_for("document.querySelector('.notice') && document.querySelector('.notice').textContent.includes('changed')");

    // Search.
    browser.eval("document.querySelector('#searchbar').value = 'chromium'; document.querySelector('#searchbar').form.submit()");
    browser.wait_for("location.search === '?q=chromium' && document.readyState === 'complete'");
    EXPECT_EQ(browser.eval("[...document.querySelectorAll('table.results tbody th')].map(t => t.textContent).join('|')"),
              "Edited in Chromium");
    browser.screenshot(shots / "05-search.png");

    // Dark mode, as a system preference.
    browser.call("Emulation.setEmulatedMedia",
                 {{"features", json::array({{{"name", "prefers-color-scheme"}, {"value", "dark"}}})}});
    browser.go(base + "/admin/press/post/");
    EXPECT_EQ(browser.eval("getComputedStyle(document.body).backgroundColor"), "rgb(18, 21, 27)");
    browser.screenshot(shots / "06-list-dark.png");
    browser.eval("[...document.querySelectorAll('table.results a')].find(a => a.textContent === 'Edited in Chromium').click()");
    browser.wait_for("location.pathname.endsWith('/change/') && document.querySelector('#id_title')");
    browser.screenshot(shots / "07-change-dark.png");

    // Delete, through the confirmation page.
    browser.eval("document.querySelector('a.danger').click()");
    browser.wait_for("location.pathname.endsWith('/delete/') && document.querySelector('button.danger')");
    browser.screenshot(shots / "08-delete-confirm.png");
    browser.eval("document.querySelector('button.danger').click()");
    browser.wait_for("location.pathname === '/admin/press/post/' && document.querySelector('.notice')");
    EXPECT_EQ(browser.eval("document.body.textContent.includes('Edited in Chromium\" was deleted')"), true);
    EXPECT_EQ(browser.eval("document.querySelectorAll('table.results tbody tr').length"), 2);

    // Markdown, live: typing re-renders the preview through the admin's endpoint, without a submit.
    browser.call("Emulation.setEmulatedMedia",
                 {{"features", json::array({{{"name", "prefers-color-scheme"}, {"value", "light"}}})}});
    browser.go(base + "/admin/press/post/add/");
    browser.eval("window.loadedOnce = true; document.querySelector('#id_title').value = 'Live';"
                 "document.querySelector('#id_body').focus()");
    browser.call("Input.insertText", {{"text", "# Live notes\n\nTyped *here*, rendered <script>alert(1)</script> "
                                               "on the server.\n\n| step | ms |\n|---|---|\n| debounce | 250 |\n"}});
    browser.wait_for("document.querySelector('#id_body_preview h1') && "
                     "document.querySelector('#id_body_preview h1').textContent === 'Live notes'");
    EXPECT_EQ(browser.eval("document.querySelector('#id_body_preview em').textContent"), "here");
    EXPECT_EQ(browser.eval("document.querySelector('#id_body_preview td') !== null"), true);
    EXPECT_EQ(browser.eval("document.querySelector('#id_body_preview script') === null"), true);
    EXPECT_EQ(browser.eval("window.loadedOnce === true && location.pathname === '/admin/press/post/add/'"), true)
        << "the same page: nothing was submitted";
    browser.screenshot(shots / "13-live-preview.png");
    browser.call("Emulation.setEmulatedMedia",
                 {{"features", json::array({{{"name", "prefers-color-scheme"}, {"value", "dark"}}})}});
    browser.call("Input.insertText", {{"text", "\n- [x] dark mode\n- [ ] ship it\n"}});
    browser.wait_for("document.querySelectorAll('#id_body_preview input[type=checkbox]').length === 2");
    EXPECT_EQ(browser.eval("window.loadedOnce === true"), true);
    browser.eval("window.scrollTo(0, document.querySelector('#id_body').getBoundingClientRect().top + scrollY - 20)");
    browser.screenshot(shots / "14-live-preview-dark.png");

    // Markdown: the Preview button renders what was typed (raw HTML left out) and saves nothing.
    browser.call("Emulation.setEmulatedMedia",
                 {{"features", json::array({{{"name", "prefers-color-scheme"}, {"value", "light"}}})}});
    browser.go(base + "/admin/press/post/add/");
    browser.eval("document.querySelector('#id_title').value = 'Previewed';"
                 "document.querySelector('#id_body').value = '# Release notes\\n\\n**Faster** lists and "
                 "<b onclick=\"alert(1)\">raw</b> HTML.\\n\\n| page | ms |\\n|---|---|\\n| list | 1 |\\n\\n"
                 "- [x] preview\\n- [ ] ship';"
                 "document.querySelector('button[name=_preview]').click()");
    browser.wait_for("document.querySelector('#id_body_preview h1')");
    EXPECT_EQ(browser.eval("document.querySelector('#id_body_preview h1').textContent"), "Release notes");
    EXPECT_EQ(browser.eval("document.querySelector('#id_body_preview strong').textContent"), "Faster");
    EXPECT_EQ(browser.eval("document.querySelector('#id_body_preview b') === null"), true);
    EXPECT_EQ(browser.eval("document.querySelector('#id_title').value"), "Previewed");
    browser.screenshot(shots / "09-markdown-preview.png");
    EXPECT_EQ(browser.eval("document.querySelectorAll('table.results').length"), 0);  // still the form

    // JSON: text that is not JSON is an error on the field, and what was typed stays.
    browser.eval("document.querySelector('#id_meta').value = '{\"tags\": [\"a\", }';"
                 "document.querySelector('button[name=_save]').click()");
    browser.wait_for("document.querySelector('.field.has-error #id_meta')");
    EXPECT_EQ(browser.eval("document.querySelector('#id_meta').value"), "{\"tags\": [\"a\", }");
    EXPECT_EQ(browser.eval("getComputedStyle(document.querySelector('#id_meta')).fontFamily.includes('monospace')"), true);
    browser.eval("document.querySelector('#id_meta').scrollIntoView()");
    browser.screenshot(shots / "10-json-error.png");

    // Enter in the title saves (the form's first submit button is Save, not the Markdown Preview).
    browser.eval("document.querySelector('#id_meta').value = '{\"tags\": [\"a\"]}';"
                 "document.querySelector('#id_title').focus()");
    for (const char* type : {"keyDown", "keyUp"}) {
      browser.call("Input.dispatchKeyEvent", {{"type", type}, {"key", "Enter"}, {"code", "Enter"},
                                              {"windowsVirtualKeyCode", 13}, {"text", "\r"}});
    }
    browser.wait_for("location.pathname === '/admin/press/post/' && document.querySelector('.notice')");
    EXPECT_EQ(browser.eval("document.querySelector('.notice').textContent"),
              "The post \"Previewed\" was added successfully.");

    // The password form of a user: a mismatch is refused on its field, then a change goes through.
    browser.go(base + "/admin/auth/user/1/change/");
    browser.eval("[...document.querySelectorAll('.toolbar a')].find(a => a.textContent === 'Change password').click()");
    browser.wait_for("location.pathname === '/admin/auth/user/1/password/' && document.querySelector('#id_password1')");
    browser.eval("document.querySelector('#id_password1').value = 'new-violet-tractor-43';"
                 "document.querySelector('#id_password2').value = 'new-violet-tractor-44';"
                 "document.querySelector('form.model').submit()");
    browser.wait_for("document.querySelector('.field.has-error #id_password2')");
    browser.screenshot(shots / "11-password-mismatch.png");
    browser.eval("document.querySelector('#id_password1').value = 'new-violet-tractor-43';"
                 "document.querySelector('#id_password2').value = 'new-violet-tractor-43';"
                 "document.querySelector('form.model').submit()");
    browser.wait_for("location.pathname === '/admin/auth/user/1/change/' && document.querySelector('.notice')");
    EXPECT_EQ(browser.eval("document.querySelector('.notice').textContent"),
              "The password of \"admin\" was changed successfully.");
    browser.screenshot(shots / "12-password-changed.png");

    // A many() field as checkboxes: a permission ticked, saved, and ticked again when the page comes back.
    const std::string tick =
        "[...document.querySelectorAll('#id_user_permissions label')].find(l => l.textContent.trim() === "
        "'press.add_post').querySelector('input')";
    EXPECT_EQ(browser.eval(tick + ".checked"), false);
    EXPECT_EQ(browser.eval("document.querySelector('#id_groups').textContent"), "Nothing to choose from yet.");
    browser.eval(tick + ".checked = true; document.querySelector('button[name=_continue]').click()");
    // The password's notice is on the page until the save lands: wait for the save's own.
    browser.wait_for("document.querySelector('.notice') && document.querySelector('.notice').textContent.includes('edit it again')");
    EXPECT_EQ(browser.eval(tick + ".checked"), true);
    browser.eval(tick + ".scrollIntoView({block: 'center'})");
    browser.screenshot(shots / "17-user-permissions.png");
  } catch (const std::exception& error) {
    ADD_FAILURE() << error.what();
  }
  server.reset();
  // The two seeded posts and the one saved with Enter (the previews and the JSON error saved nothing).
  EXPECT_EQ(cpprustango::db::as_int(database.acquire().query("SELECT COUNT(*) FROM press_post").scalar()), 3);
}

constexpr const char* kHostSchema = R"(
model Host {
  name  string(20) @display
  addr  inet
  ports array(int)
  net   cidr?
  mac   macaddr?
  wait  interval?
  flags bit(8)?
  doc   xml?
  words tsvector?
  @@admin(list_display: [name, addr, ports])
}
)";

const cpprustango::schema::SpecSet& host_specs() {
  static const cpprustango::schema::SpecSet set(cpprustango::schema::parse(kHostSchema, "net/models.schema", "net"));
  return set;
}
const cpprustango::schema::ModelSpec* host_resolve(const cpprustango::schema::FieldSpec& f) { return host_specs().target(f); }

// The PostgreSQL-only widgets; array(T) fields: the admin's script turns the one-item-per-line
// textarea into a list of inputs with add and remove buttons, and what is saved is the list as edited.
TEST(PostgresInChromium, ArrayFieldsAreEditedAsAListOfInputs) {
  const auto chromium = find_chromium();
  if (!chromium) GTEST_SKIP() << "chromium is not installed (apt install chromium)";
  test_support::TempDir dir;
  const std::string url = test_support::create_test_database();
  std::optional<cpprustango::db::Database> database(cpprustango::db::Database::open(url));
  test_support::create_auth_tables(*database);
  database->acquire().execute_script(
      "CREATE TABLE net_host (id BIGSERIAL PRIMARY KEY, name VARCHAR(20) NOT NULL, addr INET NOT NULL, "
      "ports INTEGER[] NOT NULL, net CIDR, mac MACADDR, wait INTERVAL, flags BIT(8), doc XML, words TSVECTOR)");
  cpprustango::auth::create_user(*database, {.username = "admin", .email = "", .password = "violet-tractor-42",
                                             .superuser = true, .staff = true});
  const cpprustango::schema::ModelSpec* const models[] = {host_specs().find("net", "Host")};
  const cpprustango::schema::AppSpec apps[] = {{.name = "net", .models = models, .resolve = &host_resolve}};
  std::optional<AdminServer> server(std::in_place, *database, apps);
  const std::string base = server->base();
  const fs::path shots = CPPRUSTANGO_SCREENSHOT_DIR;
  const auto items = "[...document.querySelectorAll('#id_ports').length ? "
                     "document.querySelectorAll('ol.array-items input') : []].map(i => i.value).join('|')";

  try {
    Browser browser(*chromium, dir.path() / "profile");
    browser.go(base + "/admin/login/?next=/admin/");
    browser.eval("document.querySelector('#id_username').value = 'admin';"
                 "document.querySelector('#id_password').value = 'violet-tractor-42';"
                 "document.querySelector('form').submit()");
    browser.wait_for("location.pathname === '/admin/' && document.readyState === 'complete'");

    browser.go(base + "/admin/net/host/add/");
    EXPECT_EQ(browser.eval("document.querySelector('#id_ports').hidden"), true) << "the list replaces the textarea";
    browser.eval("document.querySelector('#id_name').value = 'gateway';"
                 "document.querySelector('#id_addr').value = '10.0.0.1/8'");
    // Three items through the Add button and typing; then the middle one removed.
    for (const char* value : {"80", "443", "8080"}) {
      browser.eval("document.querySelector('button.array-add').click()");
      browser.call("Input.insertText", {{"text", value}});
    }
    EXPECT_EQ(browser.eval(items), "80|443|8080");
    EXPECT_EQ(browser.eval("document.querySelector('#id_ports').value"), "80\n443\n8080");
    browser.eval("document.querySelectorAll('ol.array-items button')[1].click()");
    EXPECT_EQ(browser.eval(items), "80|8080");
    browser.eval("document.querySelector('#id_net').value = '10.1.0.0/16';"
                 "document.querySelector('#id_wait').value = '1 day 02:00:00';"
                 "document.querySelector('#id_doc').value = '<host name=\"gw\"/>'");
    browser.screenshot(shots / "15-array-editor.png");
    browser.eval("document.querySelector('button[name=_save]').click()");
    browser.wait_for("location.pathname === '/admin/net/host/' && document.querySelector('.notice')");
    EXPECT_EQ(browser.eval("document.querySelector('table.results tbody').textContent.includes('80, 8080')"), true);

    // The change form lists the stored items; a bad one is an error on the field and the list keeps it.
    browser.eval("document.querySelector('table.results tbody a').click()");
    browser.wait_for("location.pathname.endsWith('/change/') && document.querySelector('ol.array-items')");
    EXPECT_EQ(browser.eval(items), "80|8080");
    browser.eval("document.querySelector('button.array-add').click()");
    browser.call("Input.insertText", {{"text", "http"}});
    browser.eval("document.querySelector('button[name=_save]').click()");
    browser.wait_for("document.querySelector('.field.has-error ol.array-items')");
    EXPECT_EQ(browser.eval(items), "80|8080|http");
    EXPECT_EQ(browser.eval("document.querySelector('.has-error .errors').textContent"),
              "Item 3 (http): Enter a whole number.");
    browser.call("Emulation.setEmulatedMedia",
                 {{"features", json::array({{{"name", "prefers-color-scheme"}, {"value", "dark"}}})}});
    browser.screenshot(shots / "16-array-editor-error-dark.png");
  } catch (const std::exception& error) {
    ADD_FAILURE() << error.what();
  }
  server.reset();
  EXPECT_EQ(cpprustango::db::as_string(database->acquire().query("SELECT ports::text FROM net_host").scalar()), "{80,8080}");
  database.reset();
  test_support::drop_test_database(url);
}

}  // namespace
