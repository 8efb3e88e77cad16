// Errors of the typed ORM API. Query-building mistakes are orm::QueryError
// (query.hpp); database failures are db:: errors (db/errors.hpp).
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace cpprustango::orm {

/** get() found no row: "Post matching the query does not exist". */
class DoesNotExist : public std::runtime_error {
 public:
  explicit DoesNotExist(std::string_view model)
      : std::runtime_error(std::string(model) + " matching the query does not exist") {}
};

/** get() found more than one row: "get() returned more than one Post -- it returned 3". */
class MultipleObjectsReturned : public std::runtime_error {
 public:
  MultipleObjectsReturned(std::string_view model, std::size_t count)
      : std::runtime_error("get() returned more than one " + std::string(model) + " -- it returned " +
                           std::to_string(count)) {}
};

/** A stored value that does not read as the field's C++ type: "cannot read 'abc' as a uuid". */
class ConversionError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace cpprustango::orm
