// Starting and stopping throwaway PostgreSQL clusters for tests. The server
// binaries come from /usr/lib/postgresql/<version>/bin (Debian's layout;
// `pg_config --bindir` names the client package's folder, which lacks
// initdb). As root, initdb and pg_ctl run as the postgres user, because the
// server refuses to run as root.
#include "test_support/postgres_cluster.hpp"

#include <fcntl.h>
#include <pwd.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <deque>
#include <fstream>
#include <mutex>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "cpprustango/db/database.hpp"
#include "test_support/held_port.hpp"

namespace fs = std::filesystem;
namespace db = cpprustango::db;

namespace test_support {

namespace {

constexpr const char* kStateVariable = "CPPRUSTANGO_TEST_POSTGRES_STATE";
constexpr const char* kBindirVariable = "CPPRUSTANGO_PG_BINDIR";

/** Folder holding initdb and pg_ctl: $CPPRUSTANGO_PG_BINDIR, else /usr/lib/postgresql/<v>/bin preferring 15. */
fs::path find_bindir() {
  if (const char* configured = std::getenv(kBindirVariable); configured && *configured) {
    fs::path bindir{configured};
    if (fs::exists(bindir / "initdb") && fs::exists(bindir / "pg_ctl")) return bindir;
    throw std::runtime_error(std::string{kBindirVariable} + "=" + configured + " holds no initdb and pg_ctl");
  }
  std::optional<fs::path> best;
  int best_version = -1;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator("/usr/lib/postgresql", ec)) {
    fs::path bindir = entry.path() / "bin";
    if (!fs::exists(bindir / "initdb") || !fs::exists(bindir / "pg_ctl")) continue;
    int version = std::atoi(entry.path().filename().c_str());
    int rank = version == 15 ? 1000 : version;  // the version the product targets first, then the newest
    if (rank > best_version) {
      best_version = rank;
      best = bindir;
    }
  }
  if (!best) {
    throw std::runtime_error(
        "no PostgreSQL server binaries (initdb, pg_ctl) in /usr/lib/postgresql/*/bin: install the postgresql "
        "package (install.sh does), or point " +
        std::string{kBindirVariable} + " at them");
  }
  return *best;
}

bool running_as_root() { return ::geteuid() == 0; }

/** Runs a command (as postgres when we are root), output appended to `log`; returns the exit status. */
int run(std::vector<std::string> argv, const fs::path& log) {
  if (running_as_root()) argv.insert(argv.begin(), {"runuser", "-u", "postgres", "--"});
  std::vector<char*> args;
  args.reserve(argv.size() + 1);
  for (auto& arg : argv) args.push_back(arg.data());
  args.push_back(nullptr);
  std::string log_path = log.string();
  pid_t pid = ::fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    // Only async-signal-safe calls between fork and exec. A file, not a pipe:
    // the postmaster pg_ctl leaves behind inherits these descriptors.
    int out = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    int in = ::open("/dev/null", O_RDONLY);
    if (out >= 0) {
      ::dup2(out, STDOUT_FILENO);
      ::dup2(out, STDERR_FILENO);
    }
    if (in >= 0) ::dup2(in, STDIN_FILENO);
    ::execvp(args[0], args.data());
    ::_exit(127);
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string tail(const fs::path& file, std::size_t lines = 15) {
  std::ifstream in(file);
  std::deque<std::string> kept;
  for (std::string line; std::getline(in, line);) {
    kept.push_back(line);
    if (kept.size() > lines) kept.pop_front();
  }
  std::string out;
  for (const auto& line : kept) out += "\n  " + line;
  return out;
}

fs::path make_root() {
  std::string pattern = (fs::temp_directory_path() / "cpprustango-pg-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("cannot create a temp dir for PostgreSQL");
  fs::path root{pattern};
  if (running_as_root()) {
    const passwd* postgres = ::getpwnam("postgres");
    if (postgres == nullptr) {
      fs::remove_all(root);
      throw std::runtime_error(
          "running the PostgreSQL tests as root needs the postgres user, which the postgresql package creates");
    }
    if (::chown(root.c_str(), postgres->pw_uid, postgres->pw_gid) != 0) {
      fs::remove_all(root);
      throw std::runtime_error("cannot give " + root.string() + " to the postgres user");
    }
  }
  return root;
}

std::mutex g_mutex;
std::unique_ptr<PostgresCluster> g_cluster;
std::optional<db::Database> g_admin;
std::atomic<int> g_database_counter{0};

db::Database& admin_database() {
  // Called with g_mutex held.
  if (!g_admin) g_admin = db::Database::open(postgres_cluster().url(), {.max_connections = 1});
  return *g_admin;
}

[[maybe_unused]] const auto* const kEnvironment = ::testing::AddGlobalTestEnvironment(new PostgresEnvironment);

}  // namespace

std::unique_ptr<PostgresCluster> PostgresCluster::start() {
  fs::path bindir = find_bindir();
  std::unique_ptr<PostgresCluster> cluster(new PostgresCluster());
  cluster->bindir_ = bindir;
  cluster->root_ = make_root();
  cluster->owned_ = true;
  fs::path data = cluster->root_ / "data";
  fs::path log = cluster->root_ / "commands.log";
  // --locale=C: English server messages whatever the machine's locale (tests pin them).
  if (run({(bindir / "initdb").string(), "-D", data.string(), "--auth=trust", "-U", "postgres", "--encoding=UTF8",
           "--locale=C", "--no-sync"},
          log) != 0) {
    std::string output = tail(log);
    cluster->stop();
    throw std::runtime_error("initdb failed:" + output);
  }
  // A port that was free a moment ago can be taken before the server binds it: retry.
  for (int attempt = 0; attempt < 5; ++attempt) {
    cluster->port_ = free_port();
    std::string options = "-p " + std::to_string(cluster->port_) + " -k " + cluster->root_.string() +
                          " -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
                          " -c synchronous_commit=off";
    if (run({(bindir / "pg_ctl").string(), "-D", data.string(), "-l", (cluster->root_ / "server.log").string(), "-w",
             "-t", "60", "-o", options, "start"},
            log) == 0) {
      return cluster;
    }
  }
  std::string output = tail(cluster->root_ / "server.log");
  cluster->stop();
  throw std::runtime_error("pg_ctl start failed:" + output);
}

std::unique_ptr<PostgresCluster> PostgresCluster::attach(const fs::path& state_dir) {
  std::ifstream in(state_dir / "cluster");
  if (!in) {
    throw std::runtime_error("no PostgreSQL cluster recorded in " + state_dir.string() +
                             ": the PostgresCluster.Start test failed or did not run (see its output)");
  }
  std::unique_ptr<PostgresCluster> cluster(new PostgresCluster());
  std::string root;
  std::string bindir;
  unsigned port = 0;
  std::getline(in, root);
  std::getline(in, bindir);
  in >> port;
  cluster->root_ = root;
  cluster->bindir_ = bindir;
  cluster->port_ = static_cast<std::uint16_t>(port);
  return cluster;
}

void PostgresCluster::save(const fs::path& state_dir) const {
  fs::create_directories(state_dir);
  std::ofstream out(state_dir / "cluster");
  out << root_.string() << "\n" << bindir_.string() << "\n" << port_ << "\n";
  if (!out) throw std::runtime_error("cannot write " + (state_dir / "cluster").string());
}

void PostgresCluster::stop_saved(const fs::path& state_dir) noexcept {
  try {
    if (!fs::exists(state_dir / "cluster")) return;
    auto cluster = attach(state_dir);
    cluster->owned_ = true;
    cluster->stop();
    fs::remove(state_dir / "cluster");
  } catch (...) {
    // Nothing recorded or already gone.
  }
}

PostgresCluster::~PostgresCluster() {
  if (owned_) stop();
}

void PostgresCluster::stop() noexcept {
  if (root_.empty()) return;
  std::error_code ec;
  fs::path data = root_ / "data";
  if (fs::exists(data / "postmaster.pid", ec)) {
    run({(bindir_ / "pg_ctl").string(), "-D", data.string(), "-m", "immediate", "-w", "stop"}, "/dev/null");
  }
  fs::remove_all(root_, ec);
  root_.clear();
  owned_ = false;
}

std::string PostgresCluster::url() const { return url("postgres"); }

std::string PostgresCluster::url(const std::string& dbname) const {
  return "postgresql://postgres@127.0.0.1:" + std::to_string(port_) + "/" + dbname;
}

PostgresCluster& postgres_cluster() {
  static std::mutex start_mutex;
  std::lock_guard lock(start_mutex);
  if (!g_cluster) {
    const char* state = std::getenv(kStateVariable);
    g_cluster = state && *state ? PostgresCluster::attach(state) : PostgresCluster::start();
  }
  return *g_cluster;
}

std::string create_test_database() {
  std::lock_guard lock(g_mutex);
  std::string name = "test_" + std::to_string(::getpid()) + "_" + std::to_string(++g_database_counter);
  admin_database().execute("CREATE DATABASE \"" + name + "\"");
  return postgres_cluster().url(name);
}

void drop_test_database(const std::string& url) noexcept {
  try {
    std::lock_guard lock(g_mutex);
    std::string name = url.substr(url.rfind('/') + 1);
    admin_database().execute("DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
  } catch (...) {
    // The cluster is thrown away at the end anyway.
  }
}

void require_password(const std::string& role, const std::string& password, const std::string& options) {
  std::lock_guard lock(g_mutex);
  auto& admin = admin_database();
  const std::filesystem::path hba = db::as_string(admin.query("SHOW hba_file").scalar());
  std::string rules;
  {
    std::ifstream in(hba);
    rules.assign(std::istreambuf_iterator<char>(in), {});
  }
  const std::string line = "host all " + role + " 127.0.0.1/32 scram-sha-256\n";
  if (rules.find(line) == std::string::npos) std::ofstream(hba, std::ios::trunc) << line << rules;
  admin.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" + role + "') THEN CREATE ROLE " +
                role + " LOGIN " + options + " PASSWORD '" + password + "'; END IF; END $$");
  admin.query("SELECT pg_reload_conf()");
}

void PostgresEnvironment::TearDown() {
  std::lock_guard lock(g_mutex);
  g_admin.reset();
  g_cluster.reset();  // stops it only if this process started it
}

}  // namespace test_support
