// The few git operations the CLI needs, done in-process with libgit2 so a
// project gets its repository without shelling out to git.
#pragma once

#include <filesystem>
#include <string>

namespace cpprustango::cli::git {

/**
 * Creates a repository in `dir` and commits every file not ignored by its
 * .gitignore. The author is the user's git identity, or "cpprustango" when
 * none is configured. The branch follows init.defaultBranch, else "main".
 */
void init_with_first_commit(const std::filesystem::path& dir, const std::string& message);

/** Clones `url` (any URL or path libgit2 understands) into `destination`. */
void clone(const std::string& url, const std::filesystem::path& destination);

/** True when `dir` is inside a git work tree. */
bool is_inside_repository(const std::filesystem::path& dir);

}  // namespace cpprustango::cli::git
