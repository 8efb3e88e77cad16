#include "db/postgres/statements.hpp"

#include <cctype>
#include <initializer_list>

namespace cpprustango::db::detail {

namespace {
bool starts_with_word(std::string_view sql, std::string_view word) {
  if (sql.size() < word.size()) return false;
  for (std::size_t i = 0; i < word.size(); ++i) {
    if (std::toupper(static_cast<unsigned char>(sql[i])) != word[i]) return false;
  }
  return sql.size() == word.size() || !std::isalnum(static_cast<unsigned char>(sql[word.size()]));
}

/** True when the statement's first keyword (after blanks and parentheses) is one of `words`. */
bool starts_with_any(std::string_view sql, std::initializer_list<std::string_view> words) {
  const auto start = sql.find_first_not_of(" \t\r\n(");
  if (start == std::string_view::npos) return false;
  sql.remove_prefix(start);
  for (std::string_view word : words) {
    if (starts_with_word(sql, word)) return true;
  }
  return false;
}
}  // namespace

bool StatementCache::preparable(std::string_view sql) {
  return starts_with_any(sql, {"SELECT", "INSERT", "UPDATE", "DELETE", "WITH"});
}

bool StatementCache::changes_schema(std::string_view sql) { return starts_with_any(sql, {"CREATE", "ALTER", "DROP"}); }

StatementCache::Use StatementCache::use(std::string_view sql) {
  auto found = entries_.find(sql);
  if (found == entries_.end()) {
    if (entries_.size() < kMaxTracked && preparable(sql)) entries_.emplace(std::string{sql}, Entry{1, {}});
    return {};
  }
  Entry& entry = found->second;
  if (!entry.name.empty()) return {&entry.name, false};
  if (++entry.runs < 2 || prepared_ >= kMaxPrepared) return {};
  entry.name = "cpprustango_" + std::to_string(++next_name_);
  ++prepared_;
  return {&entry.name, true};
}

std::string StatementCache::forget(std::string_view sql) {
  auto found = entries_.find(sql);
  if (found == entries_.end()) return {};
  std::string name = std::move(found->second.name);
  if (!name.empty()) --prepared_;
  entries_.erase(found);
  return name;
}

std::vector<std::string> StatementCache::forget_all() {
  std::vector<std::string> names;
  for (auto& [sql, entry] : entries_) {
    if (!entry.name.empty()) names.push_back(std::move(entry.name));
  }
  entries_.clear();
  prepared_ = 0;
  return names;
}

}  // namespace cpprustango::db::detail
