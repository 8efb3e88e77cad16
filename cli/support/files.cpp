// Whole-file reads and atomic writes (temp file + rename).
#include "support/files.hpp"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <sstream>
#include <system_error>

#include "support/errors.hpp"

namespace cpprustango::cli {

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw CliError("cannot read " + path.string());
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

void write_atomically(const std::filesystem::path& path, const std::string& text) {
  std::error_code ec;
  std::filesystem::create_directories(path.parent_path(), ec);
  std::string temp = (path.parent_path() / ("." + path.filename().string() + ".XXXXXX")).string();
  const int fd = ::mkstemp(temp.data());
  if (fd < 0) throw CliError("cannot write " + path.string() + ": " + std::generic_category().message(errno));
  ::close(fd);
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out.flush()) {
      std::filesystem::remove(temp, ec);
      throw CliError("cannot write " + path.string());
    }
  }
  // mkstemp creates the file 0600; a project file gets the usual 0644 under the umask.
  const mode_t mask = ::umask(0);
  ::umask(mask);
  std::filesystem::permissions(temp, static_cast<std::filesystem::perms>(0666 & ~mask), ec);
  std::filesystem::rename(temp, path, ec);
  if (ec) {
    std::filesystem::remove(temp, ec);
    throw CliError("cannot write " + path.string() + ": " + ec.message());
  }
}

}  // namespace cpprustango::cli
