#include "storage/dialect.h"

#include <cctype>
#include <stdexcept>

#include <fmt/format.h>

#include "storage/db.h"
#include "storage/engine.h"

namespace shequ {
namespace {

class SqliteDialect final : public Dialect {
 public:
  std::string_view name() const override { return "SQLite"; }

  std::string ordered_concat(std::string_view expr, std::string_view separator,
                             std::string_view /*order_by: from the subquery*/) const override {
    return fmt::format("group_concat({}, {})", expr, separator);
  }

  std::string index_hint(std::string_view index) const override { return fmt::format("INDEXED BY {}", index); }

  std::string without_index(std::string_view expr) const override { return fmt::format("+{}", expr); }

  std::string json_value(std::string_view column, std::string_view key) const override {
    return fmt::format("json_extract({}, '$.{}')", column, key);
  }

  std::string days_between(std::string_view from, std::string_view to) const override {
    return fmt::format("CAST(julianday({}) - julianday({}) AS INTEGER)", to, from);
  }

  std::string contains(std::string_view haystack, std::string_view needle) const override {
    return fmt::format("(instr({}, {}) > 0)", haystack, needle);
  }

  std::string equals_nocase(std::string_view a, std::string_view b) const override {
    return fmt::format("{} = {} COLLATE NOCASE", a, b);
  }
};

// PostgreSQL 15: string_agg orders inside the aggregate; the planner takes no hints.
class PostgresDialect final : public Dialect {
 public:
  std::string_view name() const override { return "PostgreSQL"; }

  std::string ordered_concat(std::string_view expr, std::string_view separator,
                             std::string_view order_by) const override {
    return fmt::format("string_agg(CAST({} AS text), {} ORDER BY {})", expr, separator, order_by);
  }

  std::string index_hint(std::string_view) const override { return {}; }

  std::string without_index(std::string_view expr) const override { return std::string(expr); }

  std::string json_value(std::string_view column, std::string_view key) const override {
    return fmt::format("(CAST({} AS jsonb) ->> '{}')", column, key);
  }

  std::string days_between(std::string_view from, std::string_view to) const override {
    // Through text first: a parameter takes the type it first meets, and is a date nowhere else.
    return fmt::format("(CAST(CAST({} AS text) AS date) - CAST(CAST({} AS text) AS date))", to, from);
  }

  std::string contains(std::string_view haystack, std::string_view needle) const override {
    return fmt::format("(strpos({}, {}) > 0)", haystack, needle);
  }

  std::string equals_nocase(std::string_view a, std::string_view b) const override {
    return fmt::format("lower({}) = lower({})", a, b);
  }
};

bool word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// The end of the argument list opened at `open` (the index of its ')'), splitting the arguments.
std::size_t parse_arguments(std::string_view sql, std::size_t open, std::vector<std::string>& args) {
  int depth = 0;
  char quote = 0;
  std::size_t start = open + 1;
  for (std::size_t i = open + 1; i < sql.size(); ++i) {
    char c = sql[i];
    if (quote) {
      if (c == quote) quote = 0;  // a doubled quote closes and reopens: the same for splitting
      continue;
    }
    if (c == '\'' || c == '"') quote = c;
    else if (c == '(') ++depth;
    else if (c == ')' && depth > 0) --depth;
    else if ((c == ')' || c == ',') && depth == 0) {
      std::string_view arg = sql.substr(start, i - start);
      while (!arg.empty() && std::isspace(static_cast<unsigned char>(arg.front()))) arg.remove_prefix(1);
      while (!arg.empty() && std::isspace(static_cast<unsigned char>(arg.back()))) arg.remove_suffix(1);
      args.emplace_back(arg);
      start = i + 1;
      if (c == ')') return i;
    }
  }
  throw std::logic_error("SQL placeholder without its ')': " + std::string(sql.substr(open)));
}

}  // namespace

std::string expand_placeholders(std::string_view sql, const SpellPlaceholder& spell) {
  std::string out;
  std::size_t done = 0;
  for (std::size_t at = sql.find('%'); at != std::string_view::npos; at = sql.find('%', at + 1)) {
    std::size_t end = at + 1;
    while (end < sql.size() && word_char(sql[end])) ++end;
    if (end == at + 1 || end >= sql.size() || sql[end] != '(') continue;
    std::vector<std::string> args;
    std::size_t close = parse_arguments(sql, end, args);
    for (auto& a : args) a = expand_placeholders(a, spell);
    auto spelled = spell(sql.substr(at + 1, end - at - 1), args);
    if (!spelled) continue;
    out.append(sql.substr(done, at - done)).append(*spelled);
    done = close + 1;
    at = close;
  }
  out.append(sql.substr(done));
  return out;
}

std::optional<std::string> Dialect::spell(std::string_view name, const std::vector<std::string>& args) const {
  auto arity = [&](std::size_t n) {
    if (args.size() != n)
      throw std::logic_error(fmt::format("SQL placeholder %{} takes {} arguments, not {}", name, n, args.size()));
    return true;
  };
  if (name == "ordered_concat" && arity(3)) return ordered_concat(args[0], args[1], args[2]);
  if (name == "days_between" && arity(2)) return days_between(args[0], args[1]);
  if (name == "contains" && arity(2)) return contains(args[0], args[1]);
  if (name == "equals_nocase" && arity(2)) return equals_nocase(args[0], args[1]);
  return std::nullopt;
}

std::string Dialect::expand(std::string_view sql) const {
  return expand_placeholders(sql, [this](std::string_view name, const std::vector<std::string>& args) {
    return spell(name, args);
  });
}

namespace engine {
const Dialect& sqlite_dialect() {
  static const SqliteDialect sqlite;
  return sqlite;
}
const Dialect& postgres_dialect() {
  static const PostgresDialect postgres;
  return postgres;
}
}  // namespace engine

const Dialect& dialect_of(const Db& db) { return db.dialect(); }

}  // namespace shequ
