// A query's rows, fully read into memory: column names plus a row-major grid
// of Values. Rows are light views into their Result.
#pragma once

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cpprustango/db/value.hpp"

namespace cpprustango::db {

class Result;

/**
 * One row read in place while its statement runs (Connection::for_each_row):
 * a cell becomes a Value only when asked, so a reader that knows a column's
 * C++ type reads the driver's integer, real or text directly. The row and
 * its text are valid during the callback only.
 */
class Cells {
 public:
  virtual std::size_t size() const noexcept = 0;
  /** What value(column) would hold. */
  virtual ValueKind kind(std::size_t column) const = 0;
  /** A cell of kind Integer. */
  virtual std::int64_t integer(std::size_t column) const = 0;
  /** A cell of kind Real. */
  virtual double real(std::size_t column) const = 0;
  /** A cell of kind Text, in place. */
  virtual std::string_view text(std::size_t column) const = 0;
  /** Any cell, as Result would hold it. */
  virtual Value value(std::size_t column) const = 0;
  /**
   * How many rows the statement returns, when the driver knows before the
   * first (PostgreSQL's result is complete by then), so a reader can reserve; 0 otherwise.
   */
  virtual std::size_t rows_hint() const noexcept { return 0; }

 protected:
  Cells() = default;
  Cells(const Cells&) = default;
  Cells& operator=(const Cells&) = default;
  ~Cells() = default;
};

/** One row of a Result; valid while the Result lives. */
class Row {
 public:
  Row(const Result& result, std::size_t index) noexcept : result_(&result), index_(index) {}

  std::size_t size() const noexcept;
  std::size_t index() const noexcept { return index_; }
  const Value& operator[](std::size_t column) const noexcept;
  /** Checked access; std::out_of_range names the bad index or column. */
  const Value& at(std::size_t column) const;
  /**
   * By column name (the first one with that name):
   *   for (auto row : conn.query("SELECT id, title FROM post")) print(as_string(row.at("title")));
   */
  const Value& at(std::string_view column) const;
  std::span<const Value> values() const noexcept;
  const Value* begin() const noexcept { return values().data(); }
  const Value* end() const noexcept { return values().data() + values().size(); }

 private:
  const Result* result_;
  std::size_t index_;
};

class Result {
 public:
  class iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = Row;
    using difference_type = std::ptrdiff_t;
    using pointer = void;
    using reference = Row;

    iterator() = default;
    iterator(const Result* result, std::size_t index) noexcept : result_(result), index_(index) {}
    Row operator*() const noexcept { return Row(*result_, index_); }
    iterator& operator++() noexcept {
      ++index_;
      return *this;
    }
    iterator operator++(int) noexcept {
      iterator before = *this;
      ++index_;
      return before;
    }
    bool operator==(const iterator& other) const noexcept { return index_ == other.index_; }

   private:
    const Result* result_ = nullptr;
    std::size_t index_ = 0;
  };

  Result() = default;
  /** `cells` holds the rows one after another: cells.size() == rows * columns.size(). */
  Result(std::vector<std::string> columns, std::vector<Value> cells, std::int64_t affected_rows = 0);

  const std::vector<std::string>& columns() const noexcept { return columns_; }
  std::size_t column_count() const noexcept { return columns_.size(); }
  std::size_t size() const noexcept { return columns_.empty() ? 0 : cells_.size() / columns_.size(); }
  bool empty() const noexcept { return size() == 0; }
  /** Rows changed by INSERT/UPDATE/DELETE (or returned by a SELECT). */
  std::int64_t affected_rows() const noexcept { return affected_rows_; }

  std::optional<std::size_t> find_column(std::string_view name) const noexcept;
  /** Like find_column, but std::out_of_range ("no column 'x' in result (columns: id, title)"). */
  std::size_t column_index(std::string_view name) const;

  // Rows point into their Result, so taking one from a temporary
  // (`auto row = conn.query(...).at(0);`) would dangle: it does not compile.
  Row operator[](std::size_t row) const& noexcept { return Row(*this, row); }
  Row operator[](std::size_t row) && = delete;
  Row at(std::size_t row) const&;
  Row at(std::size_t row) && = delete;
  iterator begin() const noexcept { return iterator(this, 0); }
  iterator end() const noexcept { return iterator(this, size()); }

  /** The single value of a one-row, one-column result: `as_int(conn.query("SELECT count(*) FROM t").scalar())`. */
  const Value& scalar() const&;
  /** On a temporary Result the value is moved out, so it outlives the Result. */
  Value scalar() &&;
  /**
   * Hands over every cell, row after row (column_count() per row), so a reader
   * that owns the result can move values out instead of copying them:
   *   auto cells = std::move(result).take_cells();
   */
  std::vector<Value> take_cells() && { return std::move(cells_); }

 private:
  friend class Row;
  void check_scalar() const;
  std::vector<std::string> columns_;
  std::vector<Value> cells_;
  std::int64_t affected_rows_ = 0;
};

}  // namespace cpprustango::db
