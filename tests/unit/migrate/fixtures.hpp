// States for the migrate tests, built from schema text the way a project's
// files become a State, so the tests read like the schema files users write.
#pragma once

#include <cpprustango/migrate/state.hpp>
#include <cpprustango/schema/parser.hpp>
#include <cpprustango/schema/spec.hpp>
#include <string>

namespace migrate_test {

inline cpprustango::migrate::State state_of(const std::string& schema_text, const std::string& app = "blog") {
  const auto file = cpprustango::schema::parse(schema_text, "apps/" + app + "/models.schema", app);
  return cpprustango::migrate::from_specs(cpprustango::schema::SpecSet(file));
}

inline const char* kBlog = R"(
model Author {
  name  string(120)
  email email? @unique
}

model Post {
  title  string(200) @index
  body   text
  author ref(Author) @on_delete(restrict)
  status choice(draft, published) @default(draft)
  rating int? @default(3)
  @@check("rating between 1 and 5")
}
)";

}  // namespace migrate_test
