// The dynamic layer (orm/dynamic.hpp): Records addressed by field name and
// queries built from strings. Identifiers are checked here, when they are
// added, so a bad query-string parameter fails with a message naming the
// model and its fields before any SQL exists; the query then runs through
// detail::QuerySetCore, the same code path as the typed QuerySet.
#include "cpprustango/orm/dynamic.hpp"

#include <algorithm>
#include <charconv>

#include "cpprustango/orm/convert.hpp"
#include "cpprustango/orm/validation.hpp"

namespace cpprustango::orm {

using schema::DefaultKind;
using schema::FieldKind;
using schema::FieldSpec;
using schema::ModelSpec;

namespace {

std::string lookup_list() {
  std::string names;
  for (int i = 0; i <= static_cast<int>(Lookup::Range); ++i) {
    names += (names.empty() ? "" : ", ") + std::string(lookup_name(static_cast<Lookup>(i)));
  }
  return names;
}

Lookup parse_lookup(const ModelSpec& model, std::string_view path, std::string_view name) {
  if (const auto lookup = lookup_from_name(name)) return *lookup;
  throw QueryError(std::string(model.name) + " filter " + std::string(path) + ": unknown lookup '" + std::string(name) +
                   "' (lookups: " + lookup_list() + ")");
}

const FieldSpec& single_key(const ModelSpec& model) {
  if (model.primary_key.size() != 1) {
    throw QueryError(std::string(model.name) + " has a composite primary key; pass one value per key column");
  }
  return *model.field(model.primary_key.front());
}

std::vector<db::Value> split_commas(const db::Value& value) {
  const auto* text = std::get_if<std::string>(&value);
  if (text == nullptr) return {value};
  std::vector<db::Value> items;
  std::string_view rest = *text;
  while (true) {
    const auto comma = rest.find(',');
    items.emplace_back(std::string(rest.substr(0, comma)));
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return items;
}

db::Value now_for(FieldKind kind) {
  if (kind == FieldKind::Date) return Convert<Date>::to(today_utc());
  if (kind == FieldKind::Time) return Convert<TimeOfDay>::to(time_now_utc());
  if (kind == FieldKind::Timestamp) return Convert<LocalDateTime>::to(local_now_utc());
  if (kind == FieldKind::TimeTz) return timetz_now_utc();
  return Convert<DateTime>::to(now_utc());
}

db::Value default_of(const FieldSpec& field) {
  const std::string text(field.default_value);
  switch (field.default_kind) {
    case DefaultKind::None:
    case DefaultKind::Null:
    case DefaultKind::Sql:  // the database's, for rows inserted by SQL; the ORM sends every column
      return nullptr;
    case DefaultKind::Bool: return text == "true";
    case DefaultKind::Number:
      if (field.kind == FieldKind::Decimal) return Decimal(text).str();
      if (field.kind == FieldKind::Real || field.kind == FieldKind::Double) return std::stod(text);
      if (std::int64_t number = 0; std::from_chars(text.data(), text.data() + text.size(), number).ec == std::errc{}) {
        return number;
      }
      return nullptr;
    case DefaultKind::String:
      if (field.kind == FieldKind::Date) return Convert<Date>::to(parse_date(text));
      if (field.kind == FieldKind::Time) return Convert<TimeOfDay>::to(parse_time(text));
      if (field.kind == FieldKind::DateTime) return Convert<DateTime>::to(parse_datetime(text));
      if (field.kind == FieldKind::Timestamp) return Convert<LocalDateTime>::to(parse_local_datetime(text));
      if (field.kind == FieldKind::Uuid) return Uuid::parse(text).str();
      if (field.kind == FieldKind::Bytes) return db::to_bytes(text);
      return text;
    case DefaultKind::Choice:
    case DefaultKind::ChoiceList:  // stored as "a,b", the form the text already has
      return text;
    case DefaultKind::Now: return schema::is_temporal(field.kind) ? now_for(field.kind) : db::Value(nullptr);
    case DefaultKind::Uuid: return field.kind == FieldKind::Uuid ? db::Value(Uuid::random().str()) : nullptr;
  }
  return nullptr;
}

/** save()'s automatic values on a row of Values: @auto_now always, @auto_now_add and @slug_from when unset. */
void fill_automatic(const ModelSpec& model, Record& record, bool insert) {
  for (const auto& field : model.fields) {
    const db::Value& current = record.get(field.name);
    if (field.auto_now || (insert && field.auto_now_add && db::is_null(current))) {
      record.set(field.name, now_for(field.kind));
    }
    if (insert && !field.slug_from.empty()) {
      const auto* text = std::get_if<std::string>(&current);
      if (db::is_null(current) || (text != nullptr && text->empty())) {
        const auto max_length = static_cast<std::size_t>(std::max(field.max_length, 0));
        // Nothing to derive from (a missing title) leaves the slug alone, so validation reports the source.
        std::string slug = slugify(detail::slug_source(record.get(field.slug_from)), max_length);
        if (!slug.empty()) record.set(field.name, std::move(slug));
      }
    }
  }
}

}  // namespace

// ---- Record ----

Record::Record(const ModelSpec& model) : model_(&model), values_(model.fields.size()) {}

std::size_t Record::index_of(std::string_view field) const {
  const FieldSpec* spec = model_->field(field);
  if (spec == nullptr) throw QueryError::unknown_field(*model_, field);
  return static_cast<std::size_t>(spec - model_->fields.data());
}

const db::Value& Record::get(std::string_view field) const { return values_[index_of(field)]; }

void Record::set(std::string_view field, db::Value value) { values_[index_of(field)] = std::move(value); }

const Record* Record::related(std::string_view path) const {
  for (const auto& [name, record] : related_) {
    if (name == path) return record.get();
  }
  return nullptr;
}

void Record::set_related(std::string path, std::shared_ptr<const Record> record) {
  for (auto& [name, held] : related_) {
    if (name == path) {
      held = std::move(record);
      return;
    }
  }
  related_.emplace_back(std::move(path), std::move(record));
}

// ---- TableQuery ----

TableQuery::TableQuery(const ModelSpec& model, const ModelResolver& resolver) : core_(model, resolver) {}

const ModelSpec& TableQuery::follow(std::string_view refs) const {
  const ModelSpec* model = &core_.model();
  while (!refs.empty()) {
    const auto dot = refs.find('.');
    const std::string_view name = refs.substr(0, dot);
    const FieldSpec* field = model->field(name);
    if (field == nullptr) throw QueryError::unknown_field(*model, name);
    if (field->kind != FieldKind::Ref) {
      throw QueryError(std::string(model->name) + "." + std::string(name) +
                       " is not a ref field, so it cannot be followed");
    }
    const ModelSpec* target = core_.resolver() ? core_.resolver()(*field) : nullptr;
    if (target == nullptr) {
      throw QueryError("the model " + std::string(field->ref_app) + "." + std::string(field->ref_model) + " that " +
                       std::string(model->name) + "." + std::string(name) + " refers to is not known");
    }
    model = target;
    refs = dot == std::string_view::npos ? std::string_view() : refs.substr(dot + 1);
  }
  return *model;
}

const FieldSpec& TableQuery::field_at(std::string_view path) const {
  const auto dot = path.rfind('.');
  const ModelSpec& model = follow(dot == std::string_view::npos ? std::string_view() : path.substr(0, dot));
  const std::string_view name = dot == std::string_view::npos ? path : path.substr(dot + 1);
  const FieldSpec* field = model.field(name);
  if (field == nullptr) throw QueryError::unknown_field(model, name);
  return *field;
}

void TableQuery::check(const Q& q) const {
  if (q.kind() == Q::Kind::Leaf) {
    field_at(q.path());
    return;
  }
  for (const auto& child : q.children()) check(child);
}

TableQuery TableQuery::filter(Q q) const {
  check(q);
  TableQuery next = *this;
  next.core_.filter(std::move(q));
  return next;
}

TableQuery TableQuery::filter(std::string_view path, std::string_view lookup, std::vector<db::Value> values) const {
  field_at(path);
  return filter(Q(std::string(path), parse_lookup(core_.model(), path, lookup), std::move(values)));
}

TableQuery TableQuery::exclude(std::string_view path, std::string_view lookup, std::vector<db::Value> values) const {
  field_at(path);
  return filter(!Q(std::string(path), parse_lookup(core_.model(), path, lookup), std::move(values)));
}

Q TableQuery::django_q(std::string_view expression, db::Value value) const {
  std::vector<std::string_view> parts;
  while (true) {
    const auto separator = expression.find("__");
    parts.push_back(expression.substr(0, separator));
    if (separator == std::string_view::npos) break;
    expression.remove_prefix(separator + 2);
  }
  auto join = [&](std::size_t count) {
    std::string path;
    for (std::size_t i = 0; i < count; ++i) path += (i == 0 ? "" : ".") + std::string(parts[i]);
    return path;
  };
  Lookup lookup = Lookup::Exact;
  std::string path;
  if (parts.size() > 1 && lookup_from_name(parts.back())) {
    lookup = *lookup_from_name(parts.back());
    path = join(parts.size() - 1);
  } else if (parts.size() > 1 && field_at(join(parts.size() - 1)).kind != FieldKind::Ref) {
    // "title__contain": the part after a plain field can only be a lookup, so say which ones exist.
    parse_lookup(core_.model(), join(parts.size() - 1), parts.back());
  } else {
    path = join(parts.size());  // "author__name": a field of the ref, exact
  }
  field_at(path);
  std::vector<db::Value> values;
  if (lookup == Lookup::In || lookup == Lookup::Range) {
    values = split_commas(value);
  } else {
    values.push_back(std::move(value));
  }
  return Q(std::move(path), lookup, std::move(values));
}

TableQuery TableQuery::filter_django(std::string_view expression, db::Value value) const {
  return filter(django_q(expression, std::move(value)));
}

TableQuery TableQuery::exclude_django(std::string_view expression, db::Value value) const {
  return filter(!django_q(expression, std::move(value)));
}

TableQuery TableQuery::order_by(std::initializer_list<std::string_view> orderings) const {
  std::vector<std::string> texts(orderings.begin(), orderings.end());
  return order_by(std::span<const std::string>(texts));
}

TableQuery TableQuery::order_by(std::span<const std::string> orderings) const {
  TableQuery next = *this;
  next.core_.query().order_by.clear();
  for (const auto& text : orderings) {
    const bool descending = text.starts_with('-');
    const std::string path = descending ? text.substr(1) : text;
    field_at(path);
    next.core_.query().order_by.push_back({path, descending});
  }
  return next;
}

TableQuery TableQuery::limit(std::int64_t n) const {
  TableQuery next = *this;
  next.core_.query().limit = n;
  return next;
}

TableQuery TableQuery::offset(std::int64_t n) const {
  TableQuery next = *this;
  next.core_.query().offset = n;
  return next;
}

TableQuery TableQuery::select_related(std::string_view path) const {
  if (path.empty()) throw QueryError::unknown_field(core_.model(), path);
  follow(path);
  TableQuery next = *this;
  next.core_.query().select_related.emplace_back(path);
  return next;
}

TableQuery TableQuery::only(std::initializer_list<std::string_view> fields) const {
  std::vector<std::string> names(fields.begin(), fields.end());
  return only(std::span<const std::string>(names));
}

TableQuery TableQuery::only(std::span<const std::string> fields) const {
  TableQuery next = *this;
  auto& only = next.core_.query().only;
  only.clear();
  const ModelSpec& model = core_.model();
  for (const auto& name : fields) {
    if (model.field(name) == nullptr) throw QueryError::unknown_field(model, name);
    only.push_back(name);
  }
  for (const auto key : model.primary_key) {
    if (std::find(only.begin(), only.end(), key) == only.end()) only.emplace_back(key);
  }
  return next;
}

std::vector<Record> TableQuery::fetch(Executor db) const { return records(core_.fetch(db)); }

TableQuery::CountedRows TableQuery::fetch_counted(Executor db, std::int64_t count_limit) const {
  const detail::Fetched fetched = core_.fetch(db, count_limit);
  CountedRows counted{records(fetched), 0};
  if (!fetched.result.empty()) {
    counted.count = db::as_int(fetched.result[0][static_cast<std::size_t>(fetched.count_column)]);
  } else if (core_.query().offset.value_or(0) > 0) {
    TableQuery all = *this;
    all.core_.query().offset.reset();
    counted.count = all.limit(count_limit + 1).count(db);
  }
  return counted;
}

std::vector<Record> TableQuery::records(const detail::Fetched& fetched) const {
  const auto& related = core_.query().select_related;
  std::vector<const ModelSpec*> related_models;
  for (const auto& path : related) related_models.push_back(&follow(path));

  std::vector<Record> records;
  records.reserve(fetched.result.size());
  for (const db::Row row : fetched.result) {
    Record record(core_.model());
    const RowView view(row, fetched.columns[0]);
    for (std::size_t i = 0; i < core_.model().fields.size(); ++i) {
      if (view.selected(i)) record.values_[i] = view.value(i);
    }
    for (std::size_t r = 0; r < related.size(); ++r) {
      const ModelSpec& target = *related_models[r];
      const RowView related_view(row, fetched.columns[r + 1]);
      // A LEFT JOIN that found nothing (a NULL reference) gives a NULL key: no related row.
      const auto key = static_cast<std::size_t>(&single_key(target) - target.fields.data());
      if (related_view.is_null(key)) continue;
      auto target_record = std::make_shared<Record>(target);
      for (std::size_t i = 0; i < target.fields.size(); ++i) {
        if (related_view.selected(i)) target_record->values_[i] = related_view.value(i);
      }
      record.set_related(related[r], std::move(target_record));
    }
    records.push_back(std::move(record));
  }
  return records;
}

std::optional<Record> TableQuery::first(Executor db) const {
  TableQuery next = limit(1);
  next.core_.order_by_default_key();
  auto records = next.fetch(db);
  if (records.empty()) return std::nullopt;
  return std::move(records.front());
}

Record TableQuery::get(Executor db) const {
  // As QuerySet::get(): 21 rows are enough to say "more than one" without reading a table.
  auto records = limit(21).fetch(db);
  if (records.empty()) throw DoesNotExist(core_.model().name);
  if (records.size() > 1) throw MultipleObjectsReturned(core_.model().name, records.size());
  return std::move(records.front());
}

std::int64_t TableQuery::count(Executor db) const { return core_.count(db); }

bool TableQuery::exists(Executor db) const { return core_.exists(db); }

// ---- Table ----

Table::Table(const ModelSpec& model, ModelResolver resolver) : model_(&model), resolver_(std::move(resolver)) {}

Record Table::new_record() const {
  Record record(*model_);
  for (const auto& field : model_->fields) record.set(field.name, default_of(field));
  return record;
}

Record Table::key_record(std::span<const db::Value> key) const {
  const auto& names = model_->primary_key;
  if (key.size() != names.size()) {
    throw QueryError(std::string(model_->name) + " has " + std::to_string(names.size()) + " key column" +
                     (names.size() == 1 ? "" : "s") + ", but " + std::to_string(key.size()) + " key value" +
                     (key.size() == 1 ? " was" : "s were") + " given");
  }
  Record record(*model_);
  for (std::size_t i = 0; i < key.size(); ++i) record.set(names[i], key[i]);
  return record;
}

Record Table::get(Executor db, const db::Value& key) const {
  return query().filter(single_key(*model_).name, "exact", {key}).get(db);
}

Record Table::get(Executor db, std::span<const db::Value> key) const {
  key_record(key);  // checks the number of values
  TableQuery query = this->query();
  for (std::size_t i = 0; i < key.size(); ++i) query = query.filter(model_->primary_key[i], "exact", {key[i]});
  return query.get(db);
}

void Table::check_model(const Record& record) const {
  if (&record.model() != model_) {
    throw QueryError("the " + std::string(model_->name) + " table cannot write a record of " +
                     std::string(record.model().name));
  }
}

void Table::insert(Executor db, Record& record) const {
  check_model(record);
  fill_automatic(*model_, record, true);
  validate_row(*model_, record.values(), true);
  const std::vector<db::Value> key = detail::save_row(db, *model_, record.values(), true, resolver_);
  for (std::size_t i = 0; i < key.size() && i < model_->primary_key.size(); ++i) {
    record.set(model_->primary_key[i], key[i]);
  }
}

void Table::update(Executor db, Record& record) const {
  check_model(record);
  fill_automatic(*model_, record, false);
  validate_row(*model_, record.values(), false);
  detail::save_row(db, *model_, record.values(), false, resolver_);
}

bool Table::remove(Executor db, const db::Value& key) const {
  single_key(*model_);  // a composite key needs remove(db, span)
  return remove(db, std::span<const db::Value>(&key, 1));
}

bool Table::remove(Executor db, std::span<const db::Value> key) const {
  return detail::delete_row(db, *model_, key_record(key).values(), resolver_) > 0;
}

}  // namespace cpprustango::orm
