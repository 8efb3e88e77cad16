// Which statements a PostgreSQL connection prepares on the server. Running a
// prepared statement skips the server's parse and plan, which is a third of
// its work for a short indexed SELECT (pgbench, extended against prepared:
// 28k against 44k statements/s on two cores). The ORM writes the same SQL
// text for the same query shape, so a project's statements repeat.
//
// A statement is prepared on its second run (a one-off is not worth the
// extra round trip and the server's memory), at most kMaxPrepared per
// connection; only data statements are (SELECT, INSERT, UPDATE, DELETE,
// WITH), never DDL or transaction control. Names are never reused, so a
// statement forgotten inside a failed transaction cannot collide later.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace cpprustango::db::detail {

class StatementCache {
 public:
  static constexpr std::size_t kMaxPrepared = 256;
  static constexpr std::size_t kMaxTracked = 1024;

  /** How to run one statement: unprepared (name empty), or under `name`, defining it first when `define`. */
  struct Use {
    const std::string* name = nullptr;
    bool define = false;
  };

  /** Counts a run of `sql` and says how to make it. */
  Use use(std::string_view sql);
  /** Stops using the statement's prepared name (its plan went stale); returns that name, empty if none. */
  std::string forget(std::string_view sql);
  /** Forgets every statement (after DDL); returns the prepared names, for the caller to deallocate. */
  std::vector<std::string> forget_all();

  /** True for the data statements worth preparing. */
  static bool preparable(std::string_view sql);
  /**
   * True for DDL (CREATE, ALTER, DROP), after which the connection drops its
   * prepared statements: a column they read may have changed type. Other
   * statements (SET, LOCK, transaction control) keep them; the server replans
   * a prepared statement itself when what it depends on changes.
   */
  static bool changes_schema(std::string_view sql);

 private:
  struct Entry {
    int runs = 0;
    std::string name;  // empty until prepared
  };
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const noexcept { return std::hash<std::string_view>{}(text); }
  };

  std::unordered_map<std::string, Entry, Hash, std::equal_to<>> entries_;
  std::size_t prepared_ = 0;
  std::uint64_t next_name_ = 0;
};

}  // namespace cpprustango::db::detail
