#include "cpprustango/migrate/autodetect.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace cpprustango::migrate {
namespace {

/** "blog.Post" of a join table "blog.Post.tags". */
std::string owner_model(const std::string& model) {
  const auto first = model.find('.');
  const auto second = first == std::string::npos ? std::string::npos : model.find('.', first + 1);
  return second == std::string::npos ? model : model.substr(0, second);
}

std::string app_of(const std::string& model) { return model.substr(0, model.find('.')); }

std::set<std::string> column_names(const Table& table) {
  std::set<std::string> names;
  for (const Column& c : table.columns) names.insert(c.name);
  return names;
}

bool same_shape(const Column& a, const Column& b) { return a.type.kind == b.type.kind && a.nullable == b.nullable; }

/** Tables whose model stayed and whose name changed (@@table), plus join tables of renamed models. */
std::vector<TableRename> implied_table_renames(const State& from, const State& to, const Renames& decided) {
  std::map<std::string, std::string> model_renames;  // old owner model -> new owner model
  for (const TableRename& r : decided.tables) {
    const Table* a = from.table(r.from);
    const Table* b = to.table(r.to);
    if (a && b) model_renames[a->model] = b->model;
  }
  std::vector<TableRename> renames;
  for (const Table& old : from.tables) {
    if (to.table(old.name)) continue;
    if (std::any_of(decided.tables.begin(), decided.tables.end(), [&](const TableRename& r) { return r.from == old.name; })) {
      continue;
    }
    std::string wanted = old.model;
    if (auto renamed = model_renames.find(owner_model(old.model)); renamed != model_renames.end()) {
      wanted = renamed->second + old.model.substr(owner_model(old.model).size());
    }
    for (const Table& now : to.tables) {
      if (now.model == wanted && !from.table(now.name)) renames.push_back({old.name, now.name});
    }
  }
  return renames;
}

/** The dependency order of new tables: a table comes after the tables it references. */
std::vector<const Table*> in_reference_order(std::vector<const Table*> tables) {
  std::vector<const Table*> ordered;
  std::set<std::string> placed;
  std::set<std::string> pending;
  for (const Table* t : tables) pending.insert(t->name);
  while (!tables.empty()) {
    auto ready = std::find_if(tables.begin(), tables.end(), [&](const Table* t) {
      return std::all_of(t->columns.begin(), t->columns.end(), [&](const Column& c) {
        return !c.references || c.references->table == t->name || !pending.contains(c.references->table) ||
               placed.contains(c.references->table);
      });
    });
    if (ready == tables.end()) ready = tables.begin();  // a cycle: keep the written order
    placed.insert((*ready)->name);
    ordered.push_back(*ready);
    tables.erase(ready);
  }
  return ordered;
}

class Differ {
 public:
  Differ(const State& from, const State& to) : state_(from), to_(to) {}

  std::vector<Operation> run(const Renames& renames) {
    Renames all = renames;
    for (TableRename r : implied_table_renames(state_, to_, renames)) all.tables.push_back(std::move(r));
    for (const TableRename& r : all.tables) emit(RenameTable{r.from, r.to});
    for (const ColumnRename& r : all.columns) emit(RenameColumn{r.table, r.from, r.to});
    for (const ColumnRename& r : implied_join_column_renames(all)) emit(RenameColumn{r.table, r.from, r.to});

    std::vector<const Table*> created;
    for (const Table& table : to_.tables) {
      if (!state_.table(table.name)) created.push_back(&table);
    }
    for (const Table* table : in_reference_order(created)) emit(CreateTable{*table});

    for (const Table& wanted : to_.tables) {
      if (std::find(created.begin(), created.end(), &wanted) != created.end()) continue;
      if (const Table* current = state_.table(wanted.name)) alter_table(*current, wanted);
    }

    std::vector<const Table*> dropped;
    for (const Table& table : state_.tables) {
      if (!to_.table(table.name)) dropped.push_back(&table);
    }
    auto order = in_reference_order(dropped);
    std::vector<std::string> names;
    for (auto it = order.rbegin(); it != order.rend(); ++it) names.push_back((*it)->name);
    for (const std::string& name : names) emit(DropTable{name});
    return std::move(ops_);
  }

 private:
  void emit(Operation op) {
    migrate::apply(state_, op);
    ops_.push_back(std::move(op));
  }

  /** A renamed model's join tables rename their owner column too (post_id -> article_id). */
  std::vector<ColumnRename> implied_join_column_renames(const Renames&) const {
    std::vector<ColumnRename> renames;
    for (const Table& now : to_.tables) {
      const Table* current = state_.table(now.name);
      if (!current || current->model == now.model || current->columns.size() != 2 || now.columns.size() != 2) continue;
      if (owner_model(now.model) == now.model) continue;  // not a join table
      for (std::size_t i = 0; i < 2; ++i) {
        const std::string& old_name = current->columns[i].name;
        const std::string& new_name = now.columns[i].name;
        if (old_name != new_name && !current->column(new_name)) renames.push_back({now.name, old_name, new_name});
      }
    }
    return renames;
  }

  void alter_table(const Table& current_in, const Table& wanted) {
    const Table current = current_in;  // emit() changes state_
    const std::string& t = wanted.name;
    if (current.primary_key != wanted.primary_key) {
      throw DiffError("the primary key of " + t + " changed (" + joined(current.primary_key) + " -> " +
                      joined(wanted.primary_key) +
                      "); migrations cannot change a primary key: write a run_sql migration (makemigrations --empty)");
    }
    for (const Index& index : current.indexes) {
      const Index* kept = wanted.index(index.name);
      if (!kept || *kept != index) emit(DropIndex{t, index.name});
    }
    for (const Check& check : current.checks) {
      const Check* kept = wanted.check(check.name);
      if (!kept || *kept != check) emit(DropCheck{t, check.name});
    }
    for (const Column& column : current.columns) {
      if (!wanted.column(column.name)) emit(DropColumn{t, column.name});
    }
    for (const Column& column : wanted.columns) {
      const Column* old = current.column(column.name);
      if (!old) {
        emit(AddColumn{t, column});
      } else if (*old != column) {
        emit(AlterColumn{t, column});
      }
    }
    const Table& now = *state_.table(t);
    for (const Index& index : wanted.indexes) {
      if (!now.index(index.name)) emit(AddIndex{t, index});
    }
    for (const Check& check : wanted.checks) {
      if (!state_.table(t)->check(check.name)) emit(AddCheck{t, check});
    }
  }

  static std::string joined(const std::vector<std::string>& names) {
    std::string out;
    for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
    return out.empty() ? "none" : out;
  }

  State state_;
  const State& to_;
  std::vector<Operation> ops_;
};

}  // namespace

std::vector<RenameCandidate> rename_candidates(const State& from, const State& to, const Renames& decided) {
  std::vector<RenameCandidate> candidates;
  State renamed = from;
  for (const TableRename& r : decided.tables) migrate::apply(renamed, RenameTable{r.from, r.to});
  for (const TableRename& r : implied_table_renames(renamed, to, decided)) migrate::apply(renamed, RenameTable{r.from, r.to});

  for (const Table& old : renamed.tables) {
    if (to.table(old.name) || owner_model(old.model) != old.model) continue;
    for (const Table& now : to.tables) {
      if (renamed.table(now.name) || owner_model(now.model) != now.model) continue;
      if (app_of(old.model) == app_of(now.model) && column_names(old) == column_names(now)) {
        candidates.push_back({true, "", old.name, now.name});
      }
    }
  }
  for (const Table& now : to.tables) {
    const Table* old = renamed.table(now.name);
    if (!old) continue;
    for (const Column& gone : old->columns) {
      if (now.column(gone.name)) continue;
      const bool decided_column = std::any_of(decided.columns.begin(), decided.columns.end(), [&](const ColumnRename& r) {
        return r.table == now.name && r.from == gone.name;
      });
      if (decided_column) continue;
      for (const Column& added : now.columns) {
        if (!old->column(added.name) && same_shape(gone, added)) candidates.push_back({false, now.name, gone.name, added.name});
      }
    }
  }
  return candidates;
}

std::vector<Operation> diff(const State& from, const State& to, const Renames& renames) {
  return Differ(from, to).run(renames);
}

}  // namespace cpprustango::migrate
