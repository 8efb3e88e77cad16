// Migration files: JSON in and out, and the graph of a migrations folder.
#include "cpprustango/migrate/migration.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "migrate/overloaded.hpp"

namespace cpprustango::migrate {
namespace {

using Json = nlohmann::ordered_json;

using detail::Overloaded;

// ---- printing: small objects and arrays on one line --------------------------------

constexpr std::size_t kLineWidth = 120;

/**
 * `value` on one line, with a space after ':' and ',' as people write JSON by
 * hand, appended to `out`; false (and `out` unfinished) as soon as the line
 * passes `limit` characters, so deciding that a large value needs several
 * lines costs no more than a line's worth of work.
 */
bool flat(const Json& value, std::string& out, std::size_t limit) {
  if (!value.is_object() && !value.is_array()) {
    out += value.dump();
    return out.size() <= limit;
  }
  const bool object = value.is_object();
  out += object ? "{" : "[";
  for (auto it = value.begin(); it != value.end(); ++it) {
    if (it != value.begin()) out += ", ";
    if (object) out += Json(it.key()).dump() + ": ";
    if (out.size() > limit || !flat(it.value(), out, limit)) return false;
  }
  out += object ? "}" : "]";
  return out.size() <= limit;
}

void print(const Json& value, std::string& out, int indent) {
  std::string line;
  const bool fits = flat(value, line, kLineWidth - std::min<std::size_t>(indent, kLineWidth));
  if ((!value.is_object() && !value.is_array()) || value.empty() || fits) {
    if (!fits) {  // a long scalar or an empty container: on one line whatever its length
      line.clear();
      flat(value, line, std::string::npos);
    }
    out += line;
    return;
  }
  const std::string pad(indent + 2, ' ');
  const bool object = value.is_object();
  out += object ? "{\n" : "[\n";
  bool first = true;
  for (auto it = value.begin(); it != value.end(); ++it) {
    if (!first) out += ",\n";
    first = false;
    out += pad;
    if (object) out += Json(it.key()).dump() + ": ";
    print(it.value(), out, indent + 2);
  }
  out += "\n" + std::string(indent, ' ') + (object ? "}" : "]");
}

// ---- types as written in schema files: "string(120)", "choice(draft,published)" --------

std::string type_text(const ColumnType& type) {
  const std::string name(schema::type_name(type.kind));
  switch (type.kind) {
    case FieldKind::String:
    case FieldKind::Email:
    case FieldKind::Url:
    case FieldKind::Slug: return type.max_length ? name + "(" + std::to_string(type.max_length) + ")" : name;
    case FieldKind::Decimal: return name + "(" + std::to_string(type.precision) + "," + std::to_string(type.scale) + ")";
    case FieldKind::Bit: return name + "(" + std::to_string(type.bit_length) + ")";
    case FieldKind::Choice:
    case FieldKind::MultiChoice: {
      std::string out = name + "(";
      for (std::size_t i = 0; i < type.choices.size(); ++i) out += (i ? "," : "") + type.choices[i];
      return out + ")";
    }
    case FieldKind::Array: {
      ColumnType element = type;
      element.kind = type.element;
      return name + "(" + type_text(element) + ")";
    }
    default: return name;
  }
}

ColumnType parse_type(std::string_view text) {
  auto bad = [&] { return std::invalid_argument("bad column type '" + std::string(text) + "'"); };
  const auto open = text.find('(');
  const std::string_view name = text.substr(0, open);
  const auto kind = schema::kind_from_name(name);
  if (!kind || *kind == FieldKind::Ref || *kind == FieldKind::Many) throw bad();
  ColumnType type;
  type.kind = *kind;
  if (open == std::string_view::npos) return type;
  if (text.back() != ')') throw bad();
  const std::string_view inner = text.substr(open + 1, text.size() - open - 2);
  if (type.kind == FieldKind::Array) {
    const ColumnType element = parse_type(inner);
    type = element;
    type.element = element.kind;
    type.kind = FieldKind::Array;
    return type;
  }
  std::vector<std::string> args;
  std::size_t start = 0;
  while (true) {
    const auto comma = inner.find(',', start);
    args.emplace_back(inner.substr(start, comma - start));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  auto number = [&](const std::string& arg) {
    try {
      return std::stoi(arg);
    } catch (const std::exception&) {
      throw bad();
    }
  };
  switch (type.kind) {
    case FieldKind::String:
    case FieldKind::Email:
    case FieldKind::Url:
    case FieldKind::Slug: type.max_length = number(args.at(0)); break;
    case FieldKind::Decimal:
      if (args.size() != 2) throw bad();
      type.precision = number(args[0]);
      type.scale = number(args[1]);
      break;
    case FieldKind::Bit: type.bit_length = number(args.at(0)); break;
    case FieldKind::Choice:
    case FieldKind::MultiChoice: type.choices = args; break;
    default: throw bad();
  }
  return type;
}

// ---- enums ------------------------------------------------------------------------------

constexpr std::string_view kDefaultKinds[] = {"none", "number", "string", "bool", "choice",
                                             "choice_list", "null", "now", "uuid", "sql"};

template <class Enum, std::size_t N>
Enum enum_from(std::string_view text, const std::string_view (&names)[N], std::string_view what) {
  for (std::size_t i = 0; i < N; ++i) {
    if (names[i] == text) return static_cast<Enum>(i);
  }
  throw std::invalid_argument("unknown " + std::string(what) + " '" + std::string(text) + "'");
}

ReferentialAction action_from(std::string_view text) {
  for (int i = 0; i <= static_cast<int>(ReferentialAction::NoAction); ++i) {
    if (schema::action_name(static_cast<ReferentialAction>(i)) == text) return static_cast<ReferentialAction>(i);
  }
  throw std::invalid_argument("unknown referential action '" + std::string(text) + "'");
}

// ---- state <-> JSON ---------------------------------------------------------------------

Json column_json(const Column& c) {
  Json j;
  j["name"] = c.name;
  j["type"] = type_text(c.type);
  if (c.nullable) j["null"] = true;
  if (c.auto_increment) j["auto"] = true;
  if (c.unique) j["unique"] = true;
  if (c.default_value) {
    j["default"] = {{"kind", kDefaultKinds[static_cast<int>(c.default_value->kind)]}, {"value", c.default_value->text}};
  }
  if (c.references) {
    j["references"] = {{"table", c.references->table},
                       {"column", c.references->column},
                       {"on_delete", schema::action_name(c.references->on_delete)},
                       {"on_update", schema::action_name(c.references->on_update)}};
  }
  if (!c.type.enum_type.empty()) j["enum"] = c.type.enum_type;
  if (!c.collation.empty()) j["collate"] = c.collation;
  if (c.backend) j["backend"] = schema::backend_name(*c.backend);
  return j;
}

Column column_from(const Json& j) {
  Column c;
  c.name = j.at("name").get<std::string>();
  c.type = parse_type(j.at("type").get<std::string>());
  c.type.enum_type = j.value("enum", std::string());
  c.collation = j.value("collate", std::string());
  c.nullable = j.value("null", false);
  c.auto_increment = j.value("auto", false);
  c.unique = j.value("unique", false);
  if (j.contains("default")) {
    const Json& d = j.at("default");
    c.default_value = schema::DefaultValue{
        enum_from<schema::DefaultKind>(d.at("kind").get<std::string>(), kDefaultKinds, "default kind"),
        d.value("value", std::string())};
  }
  if (j.contains("references")) {
    const Json& r = j.at("references");
    c.references = ForeignKey{r.at("table").get<std::string>(), r.at("column").get<std::string>(),
                              action_from(r.value("on_delete", "cascade")), action_from(r.value("on_update", "cascade"))};
  }
  if (j.contains("backend")) {
    const std::string backend = j.at("backend").get<std::string>();
    if (backend != "sqlite" && backend != "postgresql") throw std::invalid_argument("unknown backend '" + backend + "'");
    c.backend = backend == "sqlite" ? Backend::SQLite : Backend::PostgreSQL;
  }
  return c;
}

Json index_json(const Index& index) {
  Json j{{"name", index.name}, {"columns", index.columns}};
  if (index.unique) j["unique"] = true;
  if (!index.expression.empty()) j["expression"] = index.expression;
  if (!index.where.empty()) j["where"] = index.where;
  if (!index.method.empty()) j["using"] = index.method;
  return j;
}
Index index_from(const Json& j) {
  return {j.at("name").get<std::string>(), j.at("columns").get<std::vector<std::string>>(), j.value("unique", false),
          j.value("expression", std::string()), j.value("where", std::string()), j.value("using", std::string())};
}
Json check_json(const Check& check) { return {{"name", check.name}, {"expression", check.expression}}; }
Check check_from(const Json& j) { return {j.at("name").get<std::string>(), j.at("expression").get<std::string>()}; }

Json table_json(const Table& t) {
  Json j{{"name", t.name}, {"model", t.model}, {"columns", Json::array()}};
  for (const Column& c : t.columns) j["columns"].push_back(column_json(c));
  j["primary_key"] = t.primary_key;
  if (!t.indexes.empty()) {
    for (const Index& i : t.indexes) j["indexes"].push_back(index_json(i));
  }
  if (!t.checks.empty()) {
    for (const Check& c : t.checks) j["checks"].push_back(check_json(c));
  }
  return j;
}

Table table_from(const Json& j) {
  Table t;
  t.name = j.at("name").get<std::string>();
  t.model = j.value("model", std::string());
  for (const Json& c : j.at("columns")) t.columns.push_back(column_from(c));
  t.primary_key = j.value("primary_key", std::vector<std::string>());
  if (j.contains("indexes")) {
    for (const Json& i : j.at("indexes")) t.indexes.push_back(index_from(i));
  }
  if (j.contains("checks")) {
    for (const Json& c : j.at("checks")) t.checks.push_back(check_from(c));
  }
  return t;
}

Json state_json(const State& state) {
  Json tables = Json::array();
  for (const Table& t : state.tables) tables.push_back(table_json(t));
  return {{"tables", tables}};
}

State state_from(const Json& j) {
  State state;
  for (const Json& t : j.at("tables")) state.put(table_from(t));
  return state;
}

// ---- operations -------------------------------------------------------------------------

Json sql_json(const DialectSql& sql) {
  if (sql.both) return *sql.both;
  Json j = Json::object();
  if (sql.sqlite) j["sqlite"] = *sql.sqlite;
  if (sql.postgresql) j["postgresql"] = *sql.postgresql;
  return j;
}

DialectSql sql_from(const Json& j) {
  DialectSql sql;
  if (j.is_string()) {
    sql.both = j.get<std::string>();
    return sql;
  }
  if (!j.is_object()) throw std::invalid_argument("sql must be a string or {\"sqlite\": ..., \"postgresql\": ...}");
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (it.key() == "sqlite") {
      sql.sqlite = it.value().get<std::string>();
    } else if (it.key() == "postgresql") {
      sql.postgresql = it.value().get<std::string>();
    } else {
      throw std::invalid_argument("unknown dialect '" + it.key() + "' (sqlite, postgresql)");
    }
  }
  return sql;
}

Json operation_json(const Operation& op) {
  Json j{{"op", operation_name(op)}};
  std::visit(Overloaded{
                 [&](const CreateTable& o) { j["table"] = table_json(o.table); },
                 [&](const DropTable& o) { j["table"] = o.table; },
                 [&](const RenameTable& o) { j["from"] = o.from, j["to"] = o.to; },
                 [&](const AddColumn& o) { j["table"] = o.table, j["column"] = column_json(o.column); },
                 [&](const DropColumn& o) { j["table"] = o.table, j["column"] = o.column; },
                 [&](const RenameColumn& o) { j["table"] = o.table, j["from"] = o.from, j["to"] = o.to; },
                 [&](const AlterColumn& o) { j["table"] = o.table, j["column"] = column_json(o.column); },
                 [&](const AddIndex& o) { j["table"] = o.table, j["index"] = index_json(o.index); },
                 [&](const DropIndex& o) { j["table"] = o.table, j["index"] = o.index; },
                 [&](const AddCheck& o) { j["table"] = o.table, j["check"] = check_json(o.check); },
                 [&](const DropCheck& o) { j["table"] = o.table, j["check"] = o.check; },
                 [&](const RunSql& o) {
                   j["sql"] = sql_json(o.sql);
                   if (o.reverse_sql) j["reverse_sql"] = sql_json(*o.reverse_sql);
                 },
             },
             op);
  return j;
}

Operation operation_from(const Json& j) {
  const std::string op = j.at("op").get<std::string>();
  auto text = [&](const char* key) { return j.at(key).get<std::string>(); };
  if (op == "create_table") return CreateTable{table_from(j.at("table"))};
  if (op == "drop_table") return DropTable{text("table")};
  if (op == "rename_table") return RenameTable{text("from"), text("to")};
  if (op == "add_column") return AddColumn{text("table"), column_from(j.at("column"))};
  if (op == "drop_column") return DropColumn{text("table"), text("column")};
  if (op == "rename_column") return RenameColumn{text("table"), text("from"), text("to")};
  if (op == "alter_column") return AlterColumn{text("table"), column_from(j.at("column"))};
  if (op == "add_index") return AddIndex{text("table"), index_from(j.at("index"))};
  if (op == "drop_index") return DropIndex{text("table"), text("index")};
  if (op == "add_check") return AddCheck{text("table"), check_from(j.at("check"))};
  if (op == "drop_check") return DropCheck{text("table"), text("check")};
  if (op == "run_sql") {
    RunSql run{sql_from(j.at("sql")), std::nullopt};
    if (j.contains("reverse_sql") && !j.at("reverse_sql").is_null()) run.reverse_sql = sql_from(j.at("reverse_sql"));
    return run;
  }
  throw std::invalid_argument("unknown op '" + op + "'");
}

std::string pretty(const Json& j) {
  std::string out;
  print(j, out, 0);
  return out + "\n";
}

Json parse_json(std::string_view text, std::string_view path) {
  try {
    return Json::parse(text.begin(), text.end());
  } catch (const Json::parse_error& e) {
    // nlohmann's message starts with "[json.exception.parse_error.101] parse error at line 3, column 5: ...".
    std::string what = e.what();
    if (auto at = what.find("parse error"); at != std::string::npos) what = what.substr(at);
    throw MigrationFileError(std::string(path) + ": not valid JSON: " + what);
  }
}

/**
 * Builds only the top-level members named in `wanted`, and stops reading the
 * file as soon as it has them all. Files are written name, parents,
 * operations, snapshot, so the header or the operations come from the first
 * bytes of a file without lexing the snapshot, which holds the whole schema
 * and is most of every file: a plan over a thousand files reads a few
 * kilobytes of each. Members in another order (a hand-edited file) still
 * work, read further. A syntax error past the last wanted member goes
 * unnoticed here; reading the whole file reports it.
 */
class TopMembers : public Json::json_sax_t {
 public:
  explicit TopMembers(std::initializer_list<std::string_view> wanted) : wanted_(wanted) {}

  Json result = Json::object();
  std::string error;

  bool null() override { return value(nullptr); }
  bool boolean(bool v) override { return value(v); }
  bool number_integer(number_integer_t v) override { return value(v); }
  bool number_unsigned(number_unsigned_t v) override { return value(v); }
  bool number_float(number_float_t v, const string_t&) override { return value(v); }
  bool string(string_t& v) override { return value(std::move(v)); }
  bool binary(binary_t& v) override { return value(Json::binary(std::move(v))); }
  bool start_object(std::size_t) override { return open(Json::object()); }
  bool start_array(std::size_t) override { return open(Json::array()); }
  bool end_object() override { return close(); }
  bool end_array() override { return close(); }

  bool key(string_t& k) override {
    if (depth_ == 1) {
      if (found_ == wanted_.size()) return false;  // everything wanted is read: stop here
      capturing_ = std::find(wanted_.begin(), wanted_.end(), k) != wanted_.end() && !result.contains(k);
      member_ = std::move(k);
    } else if (capturing_) {
      member_ = std::move(k);
    }
    return true;
  }

  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& e) override {
    // nlohmann's message starts with "[json.exception.parse_error.101] parse error at line 3, column 5: ...".
    std::string what = e.what();
    if (auto at = what.find("parse error"); at != std::string::npos) what = what.substr(at);
    error = "not valid JSON: " + what;
    return false;
  }

 private:
  /** Adds `v` where the parser is, when inside a wanted member; returns the added value. */
  Json* add(Json&& v) {
    if (stack_.empty()) return &(result[member_] = std::move(v));
    Json& parent = *stack_.back();
    if (parent.is_object()) return &(parent[member_] = std::move(v));
    parent.push_back(std::move(v));
    return &parent.back();
  }

  bool value(Json&& v) {
    if (depth_ == 0) {
      error = "a migration file must be a JSON object";
      return false;
    }
    if (capturing_) {
      add(std::move(v));
      if (stack_.empty()) finish();
    }
    return true;
  }

  bool open(Json&& container) {
    if (depth_ == 0 && !container.is_object()) {
      error = "a migration file must be a JSON object";
      return false;
    }
    if (depth_++ > 0 && capturing_) stack_.push_back(add(std::move(container)));
    return true;
  }

  bool close() {
    if (--depth_ > 0 && capturing_) {
      stack_.pop_back();
      if (stack_.empty()) finish();
    }
    return true;
  }

  void finish() {
    capturing_ = false;
    ++found_;
  }

  std::vector<std::string_view> wanted_;
  std::size_t found_ = 0;
  int depth_ = 0;  // containers open; the file's object is depth 1
  bool capturing_ = false;
  std::string member_;
  std::vector<Json*> stack_;  // the wanted member's containers being filled, innermost last
};

Json read_members(const std::filesystem::path& path, std::string_view shown,
                  std::initializer_list<std::string_view> wanted) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw MigrationFileError(path.string() + ": cannot be read");
  TopMembers members(wanted);
  Json::sax_parse(in, &members);
  if (!members.error.empty()) throw MigrationFileError(std::string(shown) + ": " + members.error);
  return std::move(members.result);
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw MigrationFileError(path.string() + ": cannot be read");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

std::string to_json(const Migration& migration) {
  Json j{{"name", migration.name}, {"parents", migration.parents}, {"operations", Json::array()}};
  for (const Operation& op : migration.operations) j["operations"].push_back(operation_json(op));
  j["snapshot"] = state_json(migration.snapshot);
  return pretty(j);
}

namespace {

Migration migration_from(const Json& j, std::string_view path, bool with_snapshot) {
  Migration migration;
  std::string where;
  try {
    where = "name";
    migration.name = j.at("name").get<std::string>();
    where = "parents";
    migration.parents = j.value("parents", std::vector<std::string>());
    where = "operations";
    std::size_t n = 0;
    for (const Json& op : j.value("operations", Json::array())) {
      where = "operation " + std::to_string(++n);
      migration.operations.push_back(operation_from(op));
    }
    if (with_snapshot) {
      where = "snapshot";
      migration.snapshot = state_from(j.at("snapshot"));
    }
  } catch (const std::exception& e) {
    std::string what = e.what();
    if (auto at = what.find("] "); what.starts_with("[json.exception") && at != std::string::npos) what = what.substr(at + 2);
    throw MigrationFileError(std::string(path) + ": " + where + ": " + what);
  }
  return migration;
}

}  // namespace

Migration parse_migration(std::string_view text, std::string_view path) {
  return migration_from(parse_json(text, path), path, true);
}

std::optional<int> migration_number(std::string_view name) {
  std::size_t digits = 0;
  while (digits < name.size() && name[digits] >= '0' && name[digits] <= '9') ++digits;
  if (digits == 0 || digits > 9 || (digits < name.size() && name[digits] != '_')) return std::nullopt;
  return std::stoi(std::string(name.substr(0, digits)));
}

namespace {

/** The headers of one folder's migrations; `set` prefixes names and parents ("auth.0001_initial"). */
std::vector<History::Node> read_nodes(const std::filesystem::path& folder, const std::string& set) {
  std::vector<History::Node> nodes;
  std::error_code ec;
  if (!std::filesystem::is_directory(folder, ec)) return nodes;
  const std::string prefix = set.empty() ? "" : set + ".";
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    if (entry.path().extension() != ".json" || !entry.is_regular_file()) continue;
    const std::string shown = (folder.filename() / entry.path().filename()).string();
    // Only the header, from the first bytes of the file.
    const Json j = read_members(entry.path(), shown, {"name", "parents"});
    History::Node node;
    try {
      node.name = j.at("name").get<std::string>();
      node.parents = j.value("parents", std::vector<std::string>());
    } catch (const std::exception&) {
      throw MigrationFileError(shown + ": needs \"name\" and \"parents\"");
    }
    if (node.name != entry.path().stem().string()) {
      throw MigrationFileError(shown + ": its name is \"" + node.name + "\"; a migration's name must match its file name");
    }
    node.name = prefix + node.name;
    for (auto& parent : node.parents) parent = prefix + parent;
    node.path = entry.path();
    node.set = set;
    nodes.push_back(std::move(node));
  }
  return nodes;
}

}  // namespace

History History::load(const std::filesystem::path& folder, const std::vector<FrameworkSet>& frameworks) {
  History history;
  history.folder_ = folder;
  std::vector<std::string> framework_heads;
  for (const FrameworkSet& set : frameworks) {
    History part;
    part.nodes_ = read_nodes(set.folder, set.name);
    for (auto& head : part.heads()) framework_heads.push_back(std::move(head));
    for (auto& node : part.nodes_) history.nodes_.push_back(std::move(node));
  }
  for (Node& node : read_nodes(folder, "")) {
    // The project's models may reference the framework's: its first migrations come after them.
    if (node.parents.empty()) node.parents = framework_heads;
    history.nodes_.push_back(std::move(node));
  }
  std::sort(history.nodes_.begin(), history.nodes_.end(), [](const Node& a, const Node& b) { return a.name < b.name; });
  for (const Node& node : history.nodes_) {
    for (const std::string& parent : node.parents) {
      if (!history.find(parent)) {
        throw MigrationFileError(node.path.filename().string() + ": its parent " + parent + " is not in " +
                                 node.path.parent_path().filename().string() + "/");
      }
    }
  }
  history.order_ = history.topological_order();  // rejects cycles
  return history;
}

const History::Node* History::find(std::string_view name) const {
  auto at = std::lower_bound(nodes_.begin(), nodes_.end(), name, [](const Node& n, std::string_view v) { return n.name < v; });
  return at != nodes_.end() && at->name == name ? &*at : nullptr;
}

const History::Node& History::resolve(std::string_view name_or_prefix) const {
  if (const Node* exact = find(name_or_prefix)) return *exact;
  std::vector<const Node*> matches;
  for (const Node& node : nodes_) {
    if (node.name.starts_with(name_or_prefix)) matches.push_back(&node);
  }
  if (matches.size() == 1) return *matches.front();
  if (matches.empty()) {
    // Naming the newest one tells a mistyped number from a migration not made yet.
    const std::string known = order_.empty() ? "there are none yet" : "the newest is " + order_.back();
    throw MigrationFileError("there is no migration " + std::string(name_or_prefix) + " (" + known + ")");
  }
  std::string names;
  for (const Node* m : matches) names += (names.empty() ? "" : ", ") + m->name;
  throw MigrationFileError(std::string(name_or_prefix) + " names several migrations: " + names);
}

std::vector<std::string> History::heads() const {
  std::set<std::string> parents;
  for (const Node& node : nodes_) parents.insert(node.parents.begin(), node.parents.end());
  std::vector<std::string> heads;
  for (const Node& node : nodes_) {
    if (!parents.contains(node.name)) heads.push_back(node.name);
  }
  return heads;
}

std::vector<std::string> History::topological_order() const {
  // Kahn's algorithm over names in sorted order: deterministic, parents first.
  std::map<std::string, std::size_t> waiting;
  std::map<std::string, std::vector<std::string>> children;
  for (const Node& node : nodes_) {
    waiting[node.name] = node.parents.size();
    for (const std::string& parent : node.parents) children[parent].push_back(node.name);
  }
  std::set<std::string> ready;
  for (const auto& [name, count] : waiting) {
    if (count == 0) ready.insert(name);
  }
  std::vector<std::string> order;
  while (!ready.empty()) {
    const std::string name = *ready.begin();
    ready.erase(ready.begin());
    order.push_back(name);
    for (const std::string& child : children[name]) {
      if (--waiting[child] == 0) ready.insert(child);
    }
  }
  if (order.size() != nodes_.size()) throw MigrationFileError("the migrations' parents form a cycle");
  return order;
}

std::vector<std::string> History::ancestors_of(std::string_view name) const {
  std::set<std::string> seen;
  std::vector<std::string> stack{std::string(name)};
  while (!stack.empty()) {
    const std::string current = stack.back();
    stack.pop_back();
    if (!seen.insert(current).second) continue;
    if (const Node* node = find(current)) stack.insert(stack.end(), node->parents.begin(), node->parents.end());
  }
  std::vector<std::string> ordered;
  for (const std::string& n : order()) {
    if (seen.contains(n)) ordered.push_back(n);
  }
  return ordered;
}

int History::next_number() const {
  int highest = 0;
  for (const Node& node : nodes_) {
    if (node.set.empty()) highest = std::max(highest, migration_number(node.name).value_or(0));
  }
  return highest + 1;
}

Migration History::read(std::string_view name) const {
  const Node* node = find(name);
  if (!node) throw MigrationFileError("there is no migration " + std::string(name));
  return parse_migration(read_file(node->path), (node->path.parent_path().filename() / node->path.filename()).string());
}

Migration History::read_operations(std::string_view name) const {
  const Node* node = find(name);
  if (!node) throw MigrationFileError("there is no migration " + std::string(name));
  const std::string shown = (folder_.filename() / node->path.filename()).string();
  return migration_from(read_members(node->path, shown, {"name", "parents", "operations"}), shown, false);
}

State History::fold(const std::vector<std::string>& names) const {
  State state;
  for (const std::string& name : names) {
    const Migration migration = read_operations(name);
    std::size_t n = 0;
    for (const Operation& op : migration.operations) {
      ++n;
      try {
        migrate::apply(state, op);
      } catch (const StateError& e) {
        throw MigrationFileError(name + ": operation " + std::to_string(n) + " (" + describe(op) + "): " + e.what());
      }
    }
  }
  return state;
}

}  // namespace cpprustango::migrate
