// libgit2-backed init/commit/clone. Every libgit2 object is owned by a
// unique_ptr with its free function, so an early throw leaks nothing.
#include "scaffold/git_repo.hpp"

#include <git2.h>

#include <memory>

#include "support/errors.hpp"

namespace cpprustango::cli::git {
namespace {

class Library {
 public:
  Library() { git_libgit2_init(); }
  ~Library() { git_libgit2_shutdown(); }
  Library(const Library&) = delete;
  Library& operator=(const Library&) = delete;
};

template <typename T, void (*Free)(T*)>
struct Deleter {
  void operator()(T* object) const { Free(object); }
};
template <typename T, void (*Free)(T*)>
using Owned = std::unique_ptr<T, Deleter<T, Free>>;

using Repository = Owned<git_repository, git_repository_free>;
using Index = Owned<git_index, git_index_free>;
using Tree = Owned<git_tree, git_tree_free>;
using Signature = Owned<git_signature, git_signature_free>;
using Config = Owned<git_config, git_config_free>;

void check(int rc, const std::string& what) {
  if (rc >= 0) return;
  const git_error* error = git_error_last();
  throw CliError(what + ": " + (error != nullptr && error->message != nullptr ? error->message : "libgit2 error"));
}

std::string default_branch() {
  git_config* raw = nullptr;
  if (git_config_open_default(&raw) == 0) {
    Config config(raw);
    git_buf value = GIT_BUF_INIT;
    if (git_config_get_string_buf(&value, config.get(), "init.defaultBranch") == 0) {
      std::string branch(value.ptr, value.size);
      git_buf_dispose(&value);
      if (!branch.empty()) return branch;
    }
  }
  return "main";
}

Signature author(git_repository* repository) {
  git_signature* raw = nullptr;
  if (git_signature_default(&raw, repository) == 0) return Signature(raw);
  check(git_signature_now(&raw, "cpprustango", "cpprustango@localhost"), "cannot create a commit signature");
  return Signature(raw);
}

}  // namespace

void init_with_first_commit(const std::filesystem::path& dir, const std::string& message) {
  Library library;
  const std::string branch = "refs/heads/" + default_branch();
  git_repository_init_options options = GIT_REPOSITORY_INIT_OPTIONS_INIT;
  options.flags = GIT_REPOSITORY_INIT_MKPATH;
  options.initial_head = branch.c_str();

  git_repository* raw_repository = nullptr;
  check(git_repository_init_ext(&raw_repository, dir.c_str(), &options), "cannot create a git repository in " + dir.string());
  Repository repository(raw_repository);

  git_index* raw_index = nullptr;
  check(git_repository_index(&raw_index, repository.get()), "cannot open the git index");
  Index index(raw_index);
  check(git_index_add_all(index.get(), nullptr, GIT_INDEX_ADD_DEFAULT, nullptr, nullptr), "cannot stage the project files");
  check(git_index_write(index.get()), "cannot write the git index");

  git_oid tree_id;
  check(git_index_write_tree(&tree_id, index.get()), "cannot write the git tree");
  git_tree* raw_tree = nullptr;
  check(git_tree_lookup(&raw_tree, repository.get(), &tree_id), "cannot read back the git tree");
  Tree tree(raw_tree);

  Signature signature = author(repository.get());
  git_oid commit_id;
  check(git_commit_create_v(&commit_id, repository.get(), "HEAD", signature.get(), signature.get(), nullptr,
                            message.c_str(), tree.get(), 0),
        "cannot create the first commit");
}

void clone(const std::string& url, const std::filesystem::path& destination) {
  Library library;
  git_repository* raw = nullptr;
  check(git_clone(&raw, url.c_str(), destination.c_str(), nullptr), "cannot clone " + url);
  Repository repository(raw);
}

bool is_inside_repository(const std::filesystem::path& dir) {
  Library library;
  git_buf root = GIT_BUF_INIT;
  const bool found = git_repository_discover(&root, dir.c_str(), 0, nullptr) == 0;
  git_buf_dispose(&root);
  return found;
}

}  // namespace cpprustango::cli::git
