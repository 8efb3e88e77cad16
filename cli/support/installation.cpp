// Locates the installation from /proc/self/exe.
#include "support/installation.hpp"

#include <system_error>

#include "support/errors.hpp"

namespace cpprustango::cli {
namespace {

Installation locate() {
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) throw CliError("cannot locate the cpprustango executable (/proc/self/exe: " + ec.message() + ")");
  Installation found;
  found.executable = exe;
  found.prefix = exe.parent_path().parent_path();
  found.data_dir = found.prefix / CPPRUSTANGO_DATADIR_RELATIVE;
  if (!std::filesystem::is_directory(found.project_templates())) {
    throw CliError("this cpprustango installation is incomplete: " + found.project_templates().string() +
                   " is missing; reinstall with ./install.sh");
  }
  return found;
}

}  // namespace

const Installation& Installation::current() {
  static const Installation installation = locate();
  return installation;
}

}  // namespace cpprustango::cli
