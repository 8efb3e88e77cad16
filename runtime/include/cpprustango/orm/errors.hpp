// Errors of the typed ORM API, all rooted in orm::Error. Query-building
// mistakes are orm::QueryError (query.hpp), rejected writes
// orm::ValidationError (validation.hpp); database failures are db:: errors
// (db/errors.hpp).
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace cpprustango::orm {

/** The root of the ORM's errors: `catch (const orm::Error&)` catches every one of them. */
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/** get() found no row: "Post matching the query does not exist". */
class DoesNotExist : public Error {
 public:
  explicit DoesNotExist(std::string_view model)
      : Error(std::string(model) + " matching the query does not exist") {}
};

/** get() found more than one row: "get() returned more than one Post -- it returned 3". */
class MultipleObjectsReturned : public Error {
 public:
  MultipleObjectsReturned(std::string_view model, std::size_t count)
      : Error("get() returned more than one " + std::string(model) + " -- it returned " + std::to_string(count)) {}
};

/** A stored value that does not read as the field's C++ type: "cannot read 'abc' as a uuid". */
class ConversionError : public Error {
 public:
  using Error::Error;
};

}  // namespace cpprustango::orm
