#include "storage/dialect.h"

#include <fmt/format.h>

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

}  // namespace

const Dialect& dialect_of(const Db&) {
  static const SqliteDialect sqlite;
  return sqlite;
}

}  // namespace shequ
