// The few SQL spellings that differ between the engines shequ runs on. Everything else the domain
// writes is the subset SQLite and PostgreSQL both accept (IS NOT DISTINCT FROM, CAST, ON CONFLICT
// DO NOTHING, substr, subquery aliases); a statement needing one of these asks the dialect.
//
// SQL written before there is a database (an entity's field selects, the invariants) names these
// spellings as placeholders, %name(arg, ...), which expand() spells for the engine when the
// statement is built: %ordered_concat(expr, separator, order_by), %days_between(from, to),
// %contains(haystack, needle), %equals_nocase(a, b).
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

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

  /// Whole days from the ISO date `from` to the ISO date `to` (negative if `to` is earlier).
  virtual std::string days_between(std::string_view from, std::string_view to) const = 0;

  /// True where the texts `a` and `b` are equal with ASCII letters folded (SQLite's COLLATE
  /// NOCASE; on PostgreSQL lower(), which the index volunteer_number_nocase is on).
  virtual std::string equals_nocase(std::string_view a, std::string_view b) const = 0;

  /// True where the text `needle` occurs in the text `haystack` (case-sensitive, no wildcards).
  virtual std::string contains(std::string_view haystack, std::string_view needle) const = 0;

  /// The spelling of placeholder `name` with its arguments; nullopt if it is not one of the
  /// dialect's (see the top of this file).
  std::optional<std::string> spell(std::string_view name, const std::vector<std::string>& args) const;

  /// `sql` with every dialect placeholder spelled for this engine.
  std::string expand(std::string_view sql) const;
};

/// Spells the placeholders %name(arg, ...) of `sql`: arguments are split at top-level commas
/// (outside parentheses and quotes), trimmed and expanded first; a name for which `spell` returns
/// nullopt is left as written. Throws std::logic_error on a placeholder without its closing ')'.
using SpellPlaceholder = std::function<std::optional<std::string>(std::string_view name, const std::vector<std::string>& args)>;
std::string expand_placeholders(std::string_view sql, const SpellPlaceholder& spell);

/// The dialect of the engine behind `db`.
const Dialect& dialect_of(const Db& db);

}  // namespace shequ
