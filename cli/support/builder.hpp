// Configures and builds a project with CMake and Ninja against this
// installation's runtime. Shared by build, test and runserver.
#pragma once

#include <string>

#include "support/project.hpp"

namespace cpprustango::cli {

struct BuildRequest {
  bool release = false;
  std::string target;  ///< empty: everything, tests included
};

/**
 * Configures build/<debug|release> when needed (Ninja, ccache when present,
 * CMAKE_PREFIX_PATH set to this installation) and builds. Compiler output
 * streams to the terminal; throws ChildFailed when the build fails.
 */
void build_project(const Project& project, const BuildRequest& request);

}  // namespace cpprustango::cli
