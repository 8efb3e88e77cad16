// Configures and builds a project with CMake and Ninja against this
// installation's runtime. Shared by build, test and runserver.
#pragma once

#include <string>

#include "support/project.hpp"

namespace cpprustango::cli {

/**
 * Configures build/<debug|release> when needed (Ninja, ccache when present,
 * CMAKE_PREFIX_PATH set to this installation) and builds. Compiler output
 * streams to the terminal; throws ChildFailed when the build fails. An empty
 * `target` builds everything, tests included.
 */
void build_project(const Project& project, bool release, const std::string& target = {});

}  // namespace cpprustango::cli
