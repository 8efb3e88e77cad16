// The untyped half of relations that are not columns: prefetching the rows of
// a reverse ref or a many() field for many owners at once, the keys a many()
// field links a page of owners to, and changing its join table for one owner.
#include <algorithm>
#include <atomic>
#include <unordered_map>

#include "cpprustango/db/database.hpp"
#include "cpprustango/orm/compiler.hpp"
#include "cpprustango/orm/dynamic.hpp"
#include "cpprustango/orm/queryset.hpp"

namespace cpprustango::orm::detail {

struct SharedObject::Block {
  std::atomic<long> owners{1};
  void (*destroy)(void*);
};

SharedObject::SharedObject(void* object, void (*destroy)(void*)) : object_(object) {
  try {
    block_ = new Block{.destroy = destroy};
  } catch (...) {
    destroy(object);
    throw;
  }
}

SharedObject::SharedObject(const SharedObject& other) noexcept : object_(other.object_), block_(other.block_) {
  if (block_ != nullptr) block_->owners.fetch_add(1, std::memory_order_relaxed);
}

SharedObject::SharedObject(SharedObject&& other) noexcept : object_(other.object_), block_(other.block_) {
  other.object_ = nullptr;
  other.block_ = nullptr;
}

SharedObject& SharedObject::operator=(SharedObject other) noexcept {
  swap(other);
  return *this;
}

SharedObject::~SharedObject() {
  // As std::shared_ptr does: the last owner sees every other owner's writes before it deletes.
  if (block_ != nullptr && block_->owners.fetch_sub(1, std::memory_order_acq_rel) == 1) {
    block_->destroy(object_);
    delete block_;
  }
}

namespace {

// Owners per prefetch query: well inside both backends' bound-parameter limits
// (SQLite 32,766, PostgreSQL 65,535), whatever the query's own filters add.
constexpr std::size_t kOwnersPerQuery = 30'000;
// Links per INSERT: two values each.
constexpr std::size_t kLinksPerInsert = 10'000;

/**
 * A key's identity for matching related rows to owners. The key and the
 * column pointing at it have one SQL type, so each backend gives both the
 * same Value kind; the kind's index keeps 1 and "1" apart all the same.
 */
std::string key_text(const db::Value& value) {
  std::string text(1, static_cast<char>('0' + value.index()));
  if (const auto* integer = std::get_if<std::int64_t>(&value)) return text + std::to_string(*integer);
  if (const auto* string = std::get_if<std::string>(&value)) return text + *string;
  if (const auto* bytes = std::get_if<db::Bytes>(&value)) {
    return text + std::string(reinterpret_cast<const char*>(bytes->data()), bytes->size());
  }
  if (const auto* real = std::get_if<double>(&value)) return text + std::to_string(*real);
  if (const auto* flag = std::get_if<bool>(&value)) return text + (*flag ? "1" : "0");
  return text;  // NULL: no owner has it
}

/**
 * Runs `query_for(chunk of owner keys)` once per chunk and gathers the rows;
 * it gives the rows and the column holding the owner's key in each.
 */
template <class QueryFor>
Prefetch gather(std::span<const db::Value> owners, QueryFor&& query_for) {
  std::unordered_map<std::string, std::size_t> index;
  std::vector<db::Value> distinct;
  for (std::size_t i = 0; i < owners.size(); ++i) {
    if (db::is_null(owners[i])) continue;
    if (index.emplace(key_text(owners[i]), i).second) distinct.push_back(owners[i]);
  }
  Prefetch prefetch;
  if (distinct.empty()) return prefetch;
  std::vector<db::Value> cells;
  std::vector<std::string> names;
  for (std::size_t start = 0; start < distinct.size(); start += kOwnersPerQuery) {
    const auto chunk = std::span<const db::Value>(distinct).subspan(start, std::min(kOwnersPerQuery, distinct.size() - start));
    auto [fetched, owner_column] = query_for(chunk);
    for (std::size_t r = 0; r < fetched.result.size(); ++r) {
      const auto found = index.find(key_text(fetched.result[r].values()[static_cast<std::size_t>(owner_column)]));
      if (found == index.end()) throw QueryError("a prefetched row belongs to none of the fetched owners");
      prefetch.owner_of_row.push_back(found->second);
    }
    if (start == 0 && start + kOwnersPerQuery >= distinct.size()) {
      prefetch.fetched = std::move(fetched);  // the usual case: one query, nothing to stitch
      return prefetch;
    }
    names = fetched.result.columns();
    auto taken = std::move(fetched.result).take_cells();
    std::move(taken.begin(), taken.end(), std::back_inserter(cells));
    prefetch.fetched.columns = std::move(fetched.columns);
  }
  prefetch.fetched.result = db::Result(std::move(names), std::move(cells));
  return prefetch;
}

}  // namespace

Prefetch prefetch_reverse(Executor db, const schema::ModelSpec& child, const ModelResolver& resolver,
                          std::string_view field, std::span<const db::Value> owners) {
  const schema::FieldSpec* ref = child.field(field);
  if (ref == nullptr || ref->kind != schema::FieldKind::Ref) {
    throw QueryError(std::string(child.name) + "." + std::string(field) + " is not a ref field, so it has no reverse side");
  }
  const auto ref_index = static_cast<std::size_t>(ref - child.fields.data());
  return gather(
      owners,
      [&](std::span<const db::Value> chunk) {
        QuerySetCore core(child, resolver);
        core.filter(Q(std::string(field), Lookup::In, {chunk.begin(), chunk.end()}));
        core.order_by_default_key();
        Fetched fetched = core.fetch(db);
        const int column = fetched.columns[0][ref_index];
        return std::pair{std::move(fetched), column};
      });
}

Prefetch prefetch_many(Executor db, const schema::ModelSpec& target, const ModelResolver& resolver,
                       const schema::FieldSpec& many, std::span<const db::Value> owners) {
  return gather(
      owners,
      [&](std::span<const db::Value> chunk) {
        QuerySetCore core(target, resolver);
        core.query().through = Through{&many, {chunk.begin(), chunk.end()}};
        core.order_by_default_key();
        Fetched fetched = core.fetch(db);
        const int column = fetched.owner_column;
        return std::pair{std::move(fetched), column};
      });
}

void change_links(Executor db, const schema::FieldSpec& many, const db::Value& owner, LinkChange change,
                  std::span<const db::Value> targets) {
  const SqlCompiler compiler(db.dialect(), ModelResolver{});  // the join table needs no joins
  auto run = [](Executor on, const Statement& statement) { on.query(statement.sql, statement.params); };
  // Each target once: a join table adopted from another schema may have no unique pair to fall back on.
  std::vector<db::Value> distinct;
  for (const auto& target : targets) {
    if (std::find(distinct.begin(), distinct.end(), target) == distinct.end()) distinct.push_back(target);
  }
  targets = distinct;
  auto link = [&](Executor on) {
    for (std::size_t start = 0; start < targets.size(); start += kLinksPerInsert) {
      run(on, compiler.link(many, owner, targets.subspan(start, std::min(kLinksPerInsert, targets.size() - start))));
    }
  };
  switch (change) {
    case LinkChange::Add:
      if (!targets.empty()) db.atomically(link);
      return;
    case LinkChange::Remove:
      if (!targets.empty()) run(db, compiler.unlink(many, owner, targets, false));
      return;
    case LinkChange::Clear:
      run(db, compiler.unlink(many, owner, {}, true));
      return;
    case LinkChange::Set:
      // Every link goes and the chosen ones come back: keeping the ones already there would rely on
      // ON CONFLICT, which needs a unique (owner, target) pair that an adopted join table may lack.
      db.atomically([&](Executor tx) {
        run(tx, compiler.unlink(many, owner, {}, true));
        if (!targets.empty()) link(tx);
      });
      return;
  }
}

}  // namespace cpprustango::orm::detail

namespace cpprustango::orm {

std::map<std::string, std::vector<db::Value>> linked_keys(Executor db, const schema::FieldSpec& many,
                                                          std::span<const db::Value> owners) {
  std::map<std::string, std::vector<db::Value>> out;
  if (owners.empty()) return out;
  const Statement statement = SqlCompiler(db.dialect(), ModelResolver{}).links(many, owners);
  for (const auto& row : db.query(statement.sql, statement.params)) out[db::describe(row.at(0))].push_back(row.at(1));
  return out;
}

void set_links(Executor db, const schema::FieldSpec& many, const db::Value& owner, std::span<const db::Value> targets) {
  detail::change_links(db, many, owner, detail::LinkChange::Set, targets);
}

}  // namespace cpprustango::orm
