// A throwaway PostgreSQL cluster for integration tests: initdb into a fresh
// temp dir, pg_ctl start on a free loopback port with trust authentication
// (no credentials anywhere), pg_ctl stop -m immediate and removal at the end.
//
// Under CTest one cluster serves every test: the PostgresCluster.Start
// fixture test starts it and records it in a state dir named by
// CPPRUSTANGO_TEST_POSTGRES_STATE, and each test process attaches to it. Run
// by hand without that variable, a test binary starts its own cluster on
// first use and stops it when the tests end (PostgresEnvironment). Each test
// works in its own database (create_test_database), so parallel tests never
// see each other's tables.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

namespace test_support {

class PostgresCluster {
 public:
  /**
   * Starts a fresh cluster; throws std::runtime_error saying what failed (with
   * the tail of the server log), or that no PostgreSQL binaries are installed.
   */
  static std::unique_ptr<PostgresCluster> start();
  /** Attaches to the cluster recorded in `state_dir` by save(); it stays running when this object goes. */
  static std::unique_ptr<PostgresCluster> attach(const std::filesystem::path& state_dir);
  /** Stops and removes the cluster recorded in `state_dir`, if any (also a stale one from an interrupted run). */
  static void stop_saved(const std::filesystem::path& state_dir) noexcept;

  PostgresCluster(const PostgresCluster&) = delete;
  PostgresCluster& operator=(const PostgresCluster&) = delete;
  /** Stops the cluster if this object started it. */
  ~PostgresCluster();

  /** Records the cluster so other processes can attach() and stop_saved() can stop it. */
  void save(const std::filesystem::path& state_dir) const;
  void stop() noexcept;
  /** Leaves the server running when this object goes (the CTest fixture's start step). */
  void keep_running() noexcept { owned_ = false; }

  /** postgresql://postgres@127.0.0.1:PORT/postgres */
  std::string url() const;
  /** The same server, another database. */
  std::string url(const std::string& dbname) const;
  std::uint16_t port() const noexcept { return port_; }

 private:
  PostgresCluster() = default;
  std::filesystem::path root_;  // temp dir: data/, the socket, server.log
  std::filesystem::path bindir_;
  std::uint16_t port_ = 0;
  bool owned_ = false;
};

/**
 * The cluster for this test process: the CTest fixture's, or one started on
 * first use. Throws std::runtime_error (a test failure, never a skip) when
 * PostgreSQL cannot be started.
 */
PostgresCluster& postgres_cluster();

/** Creates an empty database on postgres_cluster() and returns its URL. */
std::string create_test_database();
/** Drops a database made by create_test_database, closing its remaining sessions. */
void drop_test_database(const std::string& url) noexcept;

/**
 * Makes `role` (created with `password` and `options`, e.g. "CREATEDB") log
 * in over loopback TCP with its password only: a pg_hba.conf line ahead of
 * the cluster's trust lines, then a reload. For tests of a refused password.
 */
void require_password(const std::string& role, const std::string& password, const std::string& options = {});

/** Stops a cluster this process started, after the last test. Registered by postgres_cluster.cpp. */
class PostgresEnvironment : public ::testing::Environment {
 public:
  void TearDown() override;
};

}  // namespace test_support
