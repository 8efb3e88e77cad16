// The CTest fixture around the PostgreSQL tests: `start STATE_DIR` starts one
// throwaway cluster and records it for the test processes to attach to;
// `stop STATE_DIR` stops and removes it. Starting first clears a cluster left
// behind by an interrupted run.
#include <iostream>
#include <string_view>

#include "test_support/postgres_cluster.hpp"

int main(int argc, char** argv) {
  using test_support::PostgresCluster;
  if (argc != 3 || (std::string_view{argv[1]} != "start" && std::string_view{argv[1]} != "stop")) {
    std::cerr << "usage: " << argv[0] << " start|stop STATE_DIR\n";
    return 2;
  }
  std::filesystem::path state_dir = argv[2];
  PostgresCluster::stop_saved(state_dir);
  if (std::string_view{argv[1]} == "stop") return 0;
  try {
    auto cluster = PostgresCluster::start();
    cluster->save(state_dir);
    std::cout << "PostgreSQL test cluster at " << cluster->url() << "\n";
    cluster->keep_running();  // for the tests; `stop` removes it
    return 0;
  } catch (const std::exception& error) {
    std::cerr << "error: cannot start the PostgreSQL test cluster: " << error.what() << "\n";
    return 1;
  }
}
