// Result and Row: row-major cells with checked access by index and by name.
#include "cpprustango/db/result.hpp"

#include <stdexcept>

namespace cpprustango::db {

Result::Result(std::vector<std::string> columns, std::vector<Value> cells, std::int64_t affected_rows)
    : columns_(std::move(columns)), cells_(std::move(cells)), affected_rows_(affected_rows) {}

std::optional<std::size_t> Result::find_column(std::string_view name) const noexcept {
  for (std::size_t i = 0; i < columns_.size(); ++i) {
    if (columns_[i] == name) return i;
  }
  return std::nullopt;
}

std::size_t Result::column_index(std::string_view name) const {
  if (auto index = find_column(name)) return *index;
  std::string known;
  for (const auto& column : columns_) known += (known.empty() ? "" : ", ") + column;
  throw std::out_of_range("no column '" + std::string{name} + "' in result (columns: " + known + ")");
}

Row Result::at(std::size_t row) const& {
  if (row >= size()) {
    throw std::out_of_range("row " + std::to_string(row) + " out of range: result has " + std::to_string(size()) +
                            " rows");
  }
  return Row(*this, row);
}

void Result::check_scalar() const {
  if (size() != 1 || column_count() != 1) {
    throw std::out_of_range("expected one row with one column, got " + std::to_string(size()) + " rows and " +
                            std::to_string(column_count()) + " columns");
  }
}

const Value& Result::scalar() const& {
  check_scalar();
  return cells_.front();
}

Value Result::scalar() && {
  check_scalar();
  return std::move(cells_.front());
}

std::size_t Row::size() const noexcept { return result_->column_count(); }

std::span<const Value> Row::values() const noexcept {
  std::size_t width = result_->column_count();
  return std::span<const Value>(result_->cells_.data() + index_ * width, width);
}

const Value& Row::operator[](std::size_t column) const noexcept { return values()[column]; }

const Value& Row::at(std::size_t column) const {
  if (column >= size()) {
    throw std::out_of_range("column " + std::to_string(column) + " out of range: result has " + std::to_string(size()) +
                            " columns");
  }
  return values()[column];
}

const Value& Row::at(std::string_view column) const { return values()[result_->column_index(column)]; }

}  // namespace cpprustango::db
