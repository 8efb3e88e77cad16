// The `cpprustango` executable.
#include "cli.hpp"

int main(int argc, char** argv) { return cpprustango::cli::run_cli(argc, argv); }
