// Project-name rules: what may become a namespace, a CMake target and a folder.
#include <gtest/gtest.h>

#include "support/names.hpp"

namespace cpprustango::cli {
namespace {

TEST(ProjectName, AcceptsIdentifiers) {
  for (const char* good : {"mysite", "blog2", "my_site", "Shop"}) EXPECT_EQ(project_name_problem(good), std::nullopt) << good;
}

TEST(ProjectName, RejectsNonIdentifiers) {
  for (const char* bad : {"", "my-site", "2fast", "my site", "café", "a.b", "../x"}) {
    auto problem = project_name_problem(bad);
    ASSERT_TRUE(problem.has_value()) << bad;
    EXPECT_NE(problem->find("not a valid project name"), std::string::npos) << *problem;
  }
}

TEST(ProjectName, RejectsKeywordsAndReservedTargets) {
  EXPECT_EQ(*project_name_problem("class"), "'class' is a C++ keyword and cannot name a project; pick another name");
  EXPECT_NE(project_name_problem("test")->find("reserved"), std::string::npos);
  EXPECT_NE(project_name_problem("All")->find("reserved"), std::string::npos);
  EXPECT_NE(project_name_problem("cpprustango")->find("reserved"), std::string::npos);
}

TEST(ProjectName, RejectsLeadingUnderscoreAndOverlongNames) {
  EXPECT_TRUE(project_name_problem("_private").has_value());
  EXPECT_TRUE(project_name_problem(std::string(65, 'a')).has_value());
}

}  // namespace
}  // namespace cpprustango::cli
