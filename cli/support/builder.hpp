// Configures and builds a project with CMake and Ninja against this
// installation's runtime. Shared by build, test and runserver.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "support/process.hpp"
#include "support/project.hpp"

namespace cpprustango::cli {

/**
 * Configures build/<debug|release> when needed (Ninja, ccache when present,
 * CMAKE_PREFIX_PATH set to this installation) and builds. Compiler output
 * streams to the terminal; throws ChildFailed when the build fails. An empty
 * `target` builds everything, tests included.
 */
void build_project(const Project& project, bool release, const std::string& target = {});

/**
 * Like build_project(), with the output of cmake and Ninja written to `log`
 * instead of the terminal: `progress(done, total)` follows Ninja's [done/total]
 * lines, and `cancelled()`, polled while it waits, stops the build. Throws
 * ChildFailed naming the log when a step fails or is cancelled.
 */
void build_project_logged(const Project& project, bool release, const std::filesystem::path& log,
                          const std::function<void(int done, int total)>& progress,
                          const std::function<bool()>& cancelled);

/**
 * The C++ compiler a debug build is configured with: clang++ when it is
 * installed and CXX is not set (a view file compiles about three times
 * faster with the precompiled header), otherwise nullopt (CMake's default,
 * or CXX). Release builds always get nullopt.
 */
std::optional<std::filesystem::path> debug_compiler(bool release);

/** True once `build_dir` holds a configured Ninja build. */
bool is_configured(const std::filesystem::path& build_dir);

/**
 * The cmake command configuring build/<debug|release>: Ninja, ccache when
 * present, debug_compiler() (with g++'s driver for the link, which starts
 * faster), colour diagnostics (Ninja strips them unless its output is a
 * terminal or CLICOLOR_FORCE is set), CMAKE_PREFIX_PATH set to this installation.
 */
Command configure_command(const Project& project, bool release);

/**
 * The command building `target` in an already configured build folder: Ninja
 * itself rather than `cmake --build`, because Ninja stops its compilers when
 * it is signalled, which the dev server relies on to cancel a build.
 */
Command ninja_command(const Project& project, bool release, const std::string& target);

}  // namespace cpprustango::cli
