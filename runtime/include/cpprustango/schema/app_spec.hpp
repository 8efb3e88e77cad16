// One installed app's models, as its generated header lists them, so the
// runtime (the admin above all) can reach every model without a registry of
// names: the project's generated installed_apps.hpp hands serve() an array of
// these, one per app in cpprustango.toml.
//
//   constexpr schema::AppSpec app{.name = "blog", .models = blog::specs::all, .resolve = &blog::specs::resolve};
#pragma once

#include <span>
#include <string_view>

#include "cpprustango/schema/spec.hpp"

namespace cpprustango::schema {

struct AppSpec {
  std::string_view name{};
  std::span<const ModelSpec* const> models{};
  /** The model a ref/many field of this app points at, when it is in this app; nullptr otherwise. */
  const ModelSpec* (*resolve)(const FieldSpec&) = nullptr;
};

}  // namespace cpprustango::schema
