// Migration files and the history they form.
//
// A file is JSON: its name, its parent(s), its operations and the full state
// after it (the snapshot the next makemigrations diffs against):
//
//   {
//     "name": "0002_add_post_heading",
//     "parents": ["0001_initial"],
//     "operations": [
//       {"op": "add_column", "table": "blog_post", "column": {"name": "heading", "type": "string(200)", "null": true}}
//     ],
//     "snapshot": {"tables": [...]}
//   }
//
// Small objects sit on one line, so a change reads as a short diff. History is
// a graph: a merge migration has two parents; heads are migrations nobody
// names as a parent.
#pragma once

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "cpprustango/migrate/operation.hpp"

namespace cpprustango::migrate {

struct Migration {
  std::string name;
  std::vector<std::string> parents;
  std::vector<Operation> operations;
  State snapshot;
  bool operator==(const Migration&) const = default;
};

/** A migration file that cannot be read: "migrations/0002_x.json: operation 3: unknown op 'add_colum'". */
class MigrationFileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/** The file's text: stable key order, small objects on one line, a final newline. */
std::string to_json(const Migration& migration);
/** Reads a file's text; `path` is used in messages. */
Migration parse_migration(std::string_view text, std::string_view path);

/** "0007_add_tags" -> 7; nullopt when the name does not start with digits and '_'. */
std::optional<int> migration_number(std::string_view name);

/**
 * The migrations of one folder. Loading reads only names and parents, so a
 * plan over a thousand files stays quick; operations and snapshots are read
 * when asked for.
 */
class History {
 public:
  /** A migrations folder the framework ships for its own models (auth), applied before the project's. */
  struct FrameworkSet {
    std::string name;  ///< "auth": its migrations are named "auth.0001_initial"
    std::filesystem::path folder;
  };

  /**
   * Reads the .json files in `folder` (a missing folder is an empty history);
   * throws MigrationFileError. With framework sets, their migrations come
   * first: the project's first migrations depend on every set's head.
   */
  static History load(const std::filesystem::path& folder, const std::vector<FrameworkSet>& frameworks = {});

  struct Node {
    std::string name;
    std::vector<std::string> parents;
    std::filesystem::path path;
    std::string set;  ///< the framework set it belongs to; empty for the project's own
  };

  const std::vector<Node>& nodes() const { return nodes_; }
  bool empty() const { return nodes_.empty(); }
  const Node* find(std::string_view name) const;
  /** The one migration `name_or_prefix` names ("0002" finds "0002_add_tags"); throws MigrationFileError naming the choices. */
  const Node& resolve(std::string_view name_or_prefix) const;

  /** Migrations no other migration has as a parent, by name. */
  std::vector<std::string> heads() const;
  /** Every migration, parents before children, ties broken by name: the order migrate applies them in. */
  const std::vector<std::string>& order() const { return order_; }
  /** `name` and everything it depends on. */
  std::vector<std::string> ancestors_of(std::string_view name) const;
  /** The highest number the project's own migrations use, plus one. */
  int next_number() const;

  /** The whole file of `name`. */
  Migration read(std::string_view name) const;
  /**
   * The file of `name` without its snapshot (left empty), which is all plans,
   * SQL and folds need: the file is read only up to its operations.
   */
  Migration read_operations(std::string_view name) const;
  /**
   * The state after applying every migration in `names` (in that order) to an
   * empty database, checked operation by operation.
   */
  State fold(const std::vector<std::string>& names) const;

  const std::filesystem::path& folder() const { return folder_; }

 private:
  std::filesystem::path folder_;
  std::vector<Node> nodes_;  // sorted by name
  std::vector<std::string> order_;  // computed once by load(): plans and listings ask for it several times

  std::vector<std::string> topological_order() const;
};

}  // namespace cpprustango::migrate
