// A fresh data file in a temporary folder with vocabularies seeded, for library unit tests.
#pragma once
#include <unistd.h>

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "domain/buildings.h"
#include "core/config.h"
#include "core/context.h"
#include "records/entity.h"
#include "domain/grids.h"
#include "domain/households.h"
#include "core/i18n.h"
#include "io/output.h"
#include "reports/reports.h"
#include "storage/schema.h"
#include "records/vocab.h"

namespace shequ::testing {

/// Field values for add_record / set_record: in({{"code", "03"}, {"name", "第三网格"}}).
inline Input in(std::initializer_list<std::pair<const char*, std::string>> kv) {
  Input i;
  for (const auto& [k, v] : kv) i.set(k, v);
  return i;
}

/// Sets $SHEQU_TODAY (nullptr: unsets it) for a scope and restores the old value after.
class TodayOverride {
 public:
  explicit TodayOverride(const char* value) {
    if (const char* old = std::getenv("SHEQU_TODAY")) saved_ = old;
    if (value) {
      ::setenv("SHEQU_TODAY", value, 1);
    } else {
      ::unsetenv("SHEQU_TODAY");
    }
  }
  ~TodayOverride() {
    if (saved_) {
      ::setenv("SHEQU_TODAY", saved_->c_str(), 1);
    } else {
      ::unsetenv("SHEQU_TODAY");
    }
  }

 private:
  std::optional<std::string> saved_;
};

/// The exit code `f` fails with (Exit::ok if it does not throw); its message into `message`.
inline Exit code_of(const std::function<void()>& f, std::string* message = nullptr) {
  try {
    f();
  } catch (const Error& e) {
    if (message) *message = e.what();
    return e.code();
  }
  return Exit::ok;
}

/// The message `f` fails with ("" if it does not throw).
inline std::string message_of(const std::function<void()>& f) {
  std::string m;
  code_of(f, &m);
  return m;
}

/// The smallest registry: grid 03, building 3 (3 units, 7 floors), household 3-2-501.
inline void small_registry(Context& ctx) {
  add_record(ctx, grid_entity(), in({{"code", "03"}, {"name", "第三网格"}}));
  add_record(ctx, building_entity(), in({{"number", "3"}, {"grid", "03"}, {"units", "3"}, {"floors", "7"}}));
  add_record(ctx, household_entity(), in({{"address", "3-2-501"}}));
}

struct TestDb {
  std::filesystem::path dir;
  std::unique_ptr<Db> db;
  Config config;
  std::unique_ptr<Context> ctx;

  /// `toml` is the settings text (defaults if empty).
  explicit TestDb(const std::string& toml = "")
      : config(toml.empty() ? Config::defaults() : Config::from_text(toml, "test.toml")) {
    set_language(Lang::en);  // tests assert English messages
    char tmpl[] = "/tmp/shequ-unit-XXXXXX";
    dir = mkdtemp(tmpl);
    db = create_data_file((dir / "t.sqlite").string(), 5000);
    ctx = std::make_unique<Context>(Context{*db, config, "tester", "unit test", false});
    seed_vocab(*ctx);
  }
  ~TestDb() {
    ctx.reset();
    db.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
  /// The single integer a query returns.
  std::int64_t count(const std::string& sql) { return db->scalar(sql); }
};

/// A report rendered as CSV with codes, from the running totals or (from_entries) from the rows:
/// the totals tests compare the two.
inline std::string report_csv(Context& ctx, ReportOptions o, bool from_entries) {
  o.from_entries = from_entries;
  o.codes = true;
  std::ostringstream out;
  render(make_report(ctx, o), Format::csv, RenderOptions{}, out);
  return out.str();
}

/// The problems `shequ check` finds whose text starts with `prefix` (one invariant's findings).
inline std::vector<std::string> check_problems(Db& db, std::string_view prefix) {
  std::vector<std::string> out;
  for (const auto& p : check_data_file(db))
    if (p.what.starts_with(prefix)) out.push_back(p.what);
  return out;
}

}  // namespace shequ::testing
