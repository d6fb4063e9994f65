// A fresh data file in a temporary folder with vocabularies seeded, for library unit tests.
#pragma once
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>

#include "config.h"
#include "context.h"
#include "entity.h"
#include "i18n.h"
#include "schema.h"
#include "vocab.h"

namespace shequ::testing {

/// Field values for add_record / set_record: in({{"code", "03"}, {"name", "第三网格"}}).
inline Input in(std::initializer_list<std::pair<const char*, std::string>> kv) {
  Input i;
  for (const auto& [k, v] : kv) i.set(k, v);
  return i;
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

}  // namespace shequ::testing
