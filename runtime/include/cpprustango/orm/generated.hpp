// What a generated models header includes: the typed ORM API (columns,
// QuerySet, conversions, value types) and the constexpr model metadata.
// Standard library and cpprustango headers only; json support is separate
// (orm/json.hpp) so apps without json fields never parse nlohmann, and the
// database pool (db/database.hpp) is only declared: code that opens one includes it.
#pragma once

#include "cpprustango/orm/column.hpp"
#include "cpprustango/orm/convert.hpp"
#include "cpprustango/orm/errors.hpp"
#include "cpprustango/orm/many_related.hpp"
#include "cpprustango/orm/queryset.hpp"
#include "cpprustango/orm/types.hpp"
#include "cpprustango/orm/validation.hpp"
#include "cpprustango/schema/spec.hpp"
