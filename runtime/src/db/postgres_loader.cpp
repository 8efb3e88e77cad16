// Opens PostgreSQL connections through the driver module, loaded on the first
// postgresql:// URL (see db/postgres/module.hpp for why it is a module). The
// module is looked for next to libcpprustango itself, so the build tree
// (build/lib), an installed prefix (lib/) and the .deb all find their own.
// The `cpprustango` executable links the module's objects in: the weak
// reference below is then bound at link time and nothing is dlopened.
#include <dlfcn.h>

#include <filesystem>
#include <mutex>
#include <string>

#include "cpprustango/db/errors.hpp"
#include "cpprustango/version.hpp"
#include "db/postgres/module.hpp"

#pragma weak cpprustango_postgres_module

namespace cpprustango::db::detail {

namespace {

std::mutex loader_mutex;
const PostgresModule* loaded = nullptr;  // set once, never unloaded
std::string module_dir_override;

/** A function of this library, for dladdr to name the file it was loaded from. */
void locate_this_library() {}

std::filesystem::path module_dir() {
  if (!module_dir_override.empty()) return module_dir_override;
  Dl_info info{};
  if (dladdr(reinterpret_cast<void*>(&locate_this_library), &info) == 0 || info.dli_fname == nullptr) return {};
  return std::filesystem::path(info.dli_fname).parent_path();
}

[[noreturn]] void not_installed(const Url& url, const std::filesystem::path& file, const std::string& reason) {
  throw ConnectionError("PostgreSQL support is not installed: " + file.string() + " could not be loaded: " + reason,
                        url.redacted(), "08001");
}

std::string dl_error() {
  const char* error = dlerror();
  return error != nullptr ? error : "unknown dynamic loader error";
}

const PostgresModule& load_module(const Url& url) {
  std::lock_guard lock(loader_mutex);
  if (loaded != nullptr) return *loaded;
  if (&cpprustango_postgres_module != nullptr) {  // linked in (the CLI)
    loaded = cpprustango_postgres_module();
    return *loaded;
  }
  auto file = module_dir() / CPPRUSTANGO_POSTGRES_MODULE;
  void* handle = dlopen(file.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    // dlerror() starts with the file name, which the message already gives.
    std::string reason = dl_error();
    std::string prefix = file.string() + ": ";
    if (reason.starts_with(prefix)) reason.erase(0, prefix.size());
    not_installed(url, file, reason);
  }
  using Entry = const PostgresModule* (*)() noexcept;
  auto entry = reinterpret_cast<Entry>(dlsym(handle, "cpprustango_postgres_module"));
  if (entry == nullptr) {
    std::string reason = dl_error();
    dlclose(handle);
    not_installed(url, file, reason);
  }
  const PostgresModule* module = entry();
  if (module == nullptr || module->abi != kPostgresModuleAbi || module->version == nullptr ||
      std::string(module->version) != CPPRUSTANGO_VERSION) {
    std::string built = module == nullptr ? "an unknown version"
                                          : std::string(module->version != nullptr ? module->version : "?") +
                                                " (ABI " + std::to_string(module->abi) + ")";
    dlclose(handle);
    not_installed(url, file,
                  "it was built for cpprustango " + built + ", this runtime is " CPPRUSTANGO_VERSION " (ABI " +
                      std::to_string(kPostgresModuleAbi) + ")");
  }
  loaded = module;
  return *loaded;
}

}  // namespace

void set_postgres_module_dir(std::string dir) {
  std::lock_guard lock(loader_mutex);
  module_dir_override = std::move(dir);
  // Look again on the next connection. A module already loaded stays mapped
  // (its connections use its code); dlopen of the same file reuses it.
  loaded = nullptr;
}

std::unique_ptr<Backend> open_postgres(const Url& url, const Options& options) {
  return load_module(url).connect(url, options);
}

}  // namespace cpprustango::db::detail
