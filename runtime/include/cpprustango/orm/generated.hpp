// What a generated models header includes: the typed ORM API (columns,
// QuerySet, conversions, value types) and the constexpr model metadata.
// Standard library and cpprustango headers only; json support is separate
// (orm/json.hpp) so apps without json fields never parse nlohmann, and the
// database pool (db/database.hpp) is only declared: code that opens one includes it.
//
// Every file that uses an app's models parses this, so it is kept light
// (bench/compile_models): the generated header declares the models' functions
// and the generated models.cpp defines them, and the headers below leave out
// <functional>, <memory> and <algorithm> (ModelResolver is two pointers,
// Related and Prefetched share through detail::SharedObject, and the loops
// that need algorithms are out of line in runtime/src/orm). <chrono> stays:
// Date, TimeOfDay and DateTime are chrono types.
#pragma once

#include "cpprustango/orm/column.hpp"
#include "cpprustango/orm/convert.hpp"
#include "cpprustango/orm/errors.hpp"
#include "cpprustango/orm/many_related.hpp"
#include "cpprustango/orm/queryset.hpp"
#include "cpprustango/orm/types.hpp"
#include "cpprustango/orm/validation.hpp"
#include "cpprustango/schema/spec.hpp"
