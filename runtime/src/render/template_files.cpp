// Reading template files with their stamp (device, inode, size, mtime,
// ctime), and telling later, with one stat(), whether they changed.
#include "render/template_files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <ctime>
#include <optional>

#include "cpprustango/render/templates.hpp"

namespace cpprustango::render::detail {

namespace {

// Far more than any file system's timestamp granularity (ext4 and tmpfs stamp
// from the kernel's tick, a few ms; FAT has 2 s, hence a wide margin).
constexpr std::int64_t kSettleMarginNs = 3'000'000'000;

std::int64_t nanoseconds(const timespec& time) {
  return static_cast<std::int64_t>(time.tv_sec) * 1'000'000'000 + time.tv_nsec;
}

std::int64_t now_ns() {
  timespec now{};
  clock_gettime(CLOCK_REALTIME, &now);
  return nanoseconds(now);
}

void stamp(TemplateFile& file, const struct stat& info) {
  file.device = static_cast<std::uint64_t>(info.st_dev);
  file.inode = static_cast<std::uint64_t>(info.st_ino);
  file.size = static_cast<std::int64_t>(info.st_size);
  file.mtime_ns = nanoseconds(info.st_mtim);
  file.ctime_ns = nanoseconds(info.st_ctim);
}

bool same_stamp(const TemplateFile& a, const TemplateFile& b) {
  return a.device == b.device && a.inode == b.inode && a.size == b.size && a.mtime_ns == b.mtime_ns &&
         a.ctime_ns == b.ctime_ns;
}

/** The whole file at `path` and its stamp, or nullopt when it is not a readable regular file. */
std::optional<TemplateFile> read_file(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  std::optional<TemplateFile> file;
  struct stat info {};
  if (::fstat(fd, &info) == 0 && S_ISREG(info.st_mode)) {
    file.emplace();
    file->path = path;
    stamp(*file, info);
    file->text.resize(static_cast<std::size_t>(info.st_size));
    std::size_t done = 0;
    while (true) {
      if (done == file->text.size()) file->text.resize(done + 4096);  // the file grew since fstat()
      const ssize_t got = ::read(fd, file->text.data() + done, file->text.size() - done);
      if (got < 0 && errno == EINTR) continue;
      if (got < 0) {
        file.reset();
        break;
      }
      if (got == 0) {
        file->text.resize(done);
        break;
      }
      done += static_cast<std::size_t>(got);
    }
  }
  ::close(fd);
  return file;
}

void check_name(const std::filesystem::path& directory, const std::string& name) {
  std::filesystem::path path{name};
  bool bad = name.empty() || path.is_absolute() || name.find("..") != std::string::npos ||
             name.find('\0') != std::string::npos;
  if (bad) {
    throw TemplateError("invalid template name \"" + name + "\": use a relative path inside " + directory.string());
  }
}

}  // namespace

std::string display_path(const std::filesystem::path& directory, const std::string& name) {
  return (directory / name).lexically_normal().string();
}

TemplateFile read_template_file(const std::filesystem::path& directory, const std::string& name) {
  check_name(directory, name);
  auto path = directory / name;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    throw TemplateError("template not found: " + display_path(directory, name));
  }
  const std::int64_t started = now_ns();
  auto file = read_file(path);
  if (!file) throw TemplateError("cannot read template " + display_path(directory, name));
  file->settled = started - file->mtime_ns >= kSettleMarginNs;
  return std::move(*file);
}

bool still_current(TemplateFile& file) {
  struct stat info {};
  if (::stat(file.path.c_str(), &info) != 0) return false;
  TemplateFile now;
  stamp(now, info);
  if (!same_stamp(file, now)) return false;
  if (file.settled) return true;
  // Changed only moments ago: the stamp alone cannot tell a second edit in the same tick.
  const std::int64_t started = now_ns();
  auto again = read_file(file.path);
  if (!again || !same_stamp(file, *again) || again->text != file.text) return false;
  file.settled = started - file.mtime_ns >= kSettleMarginNs;
  return true;
}

}  // namespace cpprustango::render::detail
