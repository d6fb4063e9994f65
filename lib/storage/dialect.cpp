#include "storage/dialect.h"

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
};

}  // namespace

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
