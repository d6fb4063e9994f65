// The few SQL spellings that differ between the engines shequ runs on. Everything else the domain
// writes is the subset SQLite and PostgreSQL both accept (IS NOT DISTINCT FROM, CAST, ON CONFLICT
// DO NOTHING, substr, subquery aliases); a statement needing one of these asks the dialect.
#pragma once
#include <string>
#include <string_view>

namespace shequ {

class Db;

class Dialect {
 public:
  virtual ~Dialect() = default;

  /// The engine's name for messages: "SQLite", "PostgreSQL".
  virtual std::string_view name() const = 0;

  /// An aggregate joining the text of `expr` with `separator` (an SQL string literal, quotes
  /// included) in the order of `order_by`. SQLite 3.40 has no ORDER BY inside an aggregate and
  /// joins in the order rows arrive, so callers also order the subquery they aggregate over.
  virtual std::string ordered_concat(std::string_view expr, std::string_view separator,
                                     std::string_view order_by) const = 0;

  /// A hint, placed after a table and its alias, that the planner read it through `index`; empty
  /// where the engine plans from statistics alone.
  virtual std::string index_hint(std::string_view index) const = 0;

  /// `expr` written so that the planner does not answer it from an index on it.
  virtual std::string without_index(std::string_view expr) const = 0;

  /// The value at `key` of the JSON object in column `column`, as text or number.
  virtual std::string json_value(std::string_view column, std::string_view key) const = 0;
};

/// The dialect of the engine behind `db`.
const Dialect& dialect_of(const Db& db);

}  // namespace shequ
