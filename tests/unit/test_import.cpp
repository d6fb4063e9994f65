// Import mechanics that speed relies on: report indexes dropped for a large file, remembered
// references, natural keys probed once.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <fstream>

#include "fixture.h"
#include "domain/hours.h"
#include "records/import.h"
#include "domain/persons.h"
#include "domain/projects.h"
#include "domain/volunteers.h"

using namespace shequ;
using testing::in;

namespace {

// The SQL of service_hours' indexes, by name.
std::string hours_indexes(Db& db) {
  Stmt st(db, "SELECT group_concat(name || ': ' || sql, char(10)) FROM "
              "(SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'service_hours' "
              "AND sql IS NOT NULL ORDER BY name)");
  return st.step() ? st.text(0) : "";
}

// A service-hours CSV of `rows` entries of volunteer V1 over 2025, padded past the size from
// which an import rebuilds the report indexes; `bad_last` makes the last row's date invalid.
std::string write_hours_csv(const std::filesystem::path& dir, int rows, bool bad_last) {
  auto path = (dir / "hours.csv").string();
  std::ofstream out(path);
  out << "external_key,volunteer,date,minutes,activity,content\n";
  std::string padding(900, 'x');
  for (int i = 0; i < rows; ++i) {
    int day = i / 10;  // ten half-hour entries a day: within the daily maximum
    std::string date = bad_last && i == rows - 1 ? "2025-13-01" : to_iso(add_days(Date{2025, 1, 1}, day));
    out << "k" << i << ",V1," << date << ",30,楼道清洁," << padding << "\n";
  }
  return path;
}

}  // namespace

TEST_CASE("a large hours import rebuilds the report indexes it dropped; a failed one keeps them") {
  testing::TodayOverride today("2026-11-29");
  testing::TestDb t;
  Context& ctx = *t.ctx;
  add_volunteer(ctx, in({{"joined", "2025-01-01"}}), in({{"name", "张桂兰"}, {"phone", "13812345678"}}));
  const std::string before = hours_indexes(*t.db);
  REQUIRE(before.find("service_hours_report") != std::string::npos);

  ImportOptions bad;
  bad.path = write_hours_csv(t.dir, 5000, true);
  REQUIRE(std::filesystem::file_size(bad.path) > (4u << 20));
  CHECK(testing::code_of([&] { import_file(ctx, hours_entity(), bad); }) == Exit::data);
  CHECK(hours_indexes(*t.db) == before);
  CHECK(t.count("SELECT count(*) FROM service_hours") == 0);

  ImportOptions dry;
  dry.path = write_hours_csv(t.dir, 5000, false);
  dry.dry_run = true;
  CHECK(import_file(ctx, hours_entity(), dry).inserted == 5000);
  CHECK(hours_indexes(*t.db) == before);
  CHECK(t.count("SELECT count(*) FROM service_hours") == 0);

  ImportOptions good;
  good.path = dry.path;
  ImportResult r = import_file(ctx, hours_entity(), good);
  CHECK(r.inserted == 5000);
  CHECK(hours_indexes(*t.db) == before);
  CHECK(check_data_file(*t.db).empty());
  // The rebuilt index holds every entry: a count through it agrees with the table.
  CHECK(t.count("SELECT count(*) FROM service_hours INDEXED BY service_hours_report WHERE date >= '2025-01-01'") == 5000);
  // Idempotent: the same file again changes nothing, not even the schema it dropped and rebuilt.
  const std::int64_t schema = t.count("PRAGMA schema_version");
  r = import_file(ctx, hours_entity(), good);
  CHECK(t.count("PRAGMA schema_version") == schema);
  CHECK(r.inserted == 0);
  CHECK(r.unchanged == 5000);
  CHECK(hours_indexes(*t.db) == before);
}

TEST_CASE("remembered references are forgotten when a table the lookup reads is written") {
  testing::TestDb t;
  Context& ctx = *t.ctx;
  add_volunteer(ctx, in({{"joined", "2025-01-01"}}), in({{"name", "张桂兰"}, {"phone", "13812345678"}}));
  ResolveMemo memo(*t.db);
  CHECK(resolve(ctx, "volunteer", "张桂兰") == 1);
  CHECK(resolve(ctx, "volunteer", "张桂兰") == 1);
  // A second volunteer of the same name: the lookup reads volunteer and person, so the name is
  // ambiguous now rather than remembered as V1.
  add_volunteer(ctx, in({{"joined", "2025-01-01"}}), in({{"name", "张桂兰"}, {"phone", "13912345678"}}));
  CHECK(testing::code_of([&] { resolve(ctx, "volunteer", "张桂兰"); }) == Exit::data);
  // Volunteer numbers match whatever their letters' case.
  add_volunteer(ctx, in({{"joined", "2025-01-01"}, {"number", "NKY2025x01"}}), in({{"name", "赵敏"}}));
  CHECK(resolve(ctx, "volunteer", "nky2025X01") == 3);
  CHECK(resolve(ctx, "volunteer", "NKY2025x01") == 3);
  CHECK(testing::code_of([&] { resolve(ctx, "volunteer", "NKY2025x0"); }) == Exit::not_found);
  // A project's name is looked up in project only; writing it forgets what a name meant.
  add_record(ctx, project_entity(), in({{"name", "清洁家园"}, {"post_type", "dedication"}}));
  CHECK(resolve(ctx, "project", "清洁家园") == 1);
  t.db->exec("UPDATE project SET name = '美化家园' WHERE id = 1");
  CHECK(testing::code_of([&] { resolve(ctx, "project", "清洁家园"); }) == Exit::not_found);
}

TEST_CASE("natural keys: a weaker key still matches what a stronger key could not tell apart") {
  testing::TestDb t;
  Context& ctx = *t.ctx;
  testing::small_registry(ctx);
  const Entity& e = person_entity();
  // Two people of one name in one household, told apart by their ID numbers; one by name only.
  add_record(ctx, e, in({{"name", "王芳"}, {"household", "3-2-501"}, {"phone", "13812345678"},
                         {"id_number", "11010519491231002X"}}));
  add_record(ctx, e, in({{"name", "王芳"}, {"household", "3-2-501"}, {"phone", "13912345678"},
                         {"id_number", "110105195001010020"}}));
  add_record(ctx, e, in({{"name", "李强"}}));
  std::vector<Problem> problems;
  auto find = [&](const Input& input) {
    Record r = convert(ctx, e, input, std::nullopt, problems);
    return find_existing(ctx, e, r);
  };
  CHECK(find(in({{"name", "王芳"}, {"household", "3-2-501"}, {"id_number", "110105195001010020"}})) == 2);
  // name+household is ambiguous; name+phone still runs and finds the second.
  CHECK(find(in({{"name", "王芳"}, {"household", "3-2-501"}, {"phone", "13912345678"}})) == 2);
  // Only the last key (name, the rest null) can match a record given by name only.
  CHECK(find(in({{"name", "李强"}})) == 3);
  CHECK_FALSE(find(in({{"name", "李强"}, {"household", "3-2-501"}})));
  CHECK_FALSE(find(in({{"name", "赵敏"}, {"household", "3-2-501"}, {"phone", "13712345678"}})));
  CHECK(problems.empty());
}

TEST_CASE("an import keeps its statement journals in memory only while it runs") {
  testing::TodayOverride today("2026-11-29");
  testing::TestDb t;
  Context& ctx = *t.ctx;
  add_volunteer(ctx, in({{"joined", "2025-01-01"}}), in({{"name", "张桂兰"}, {"phone", "13812345678"}}));
  REQUIRE(t.db->scalar("PRAGMA temp_store") == 0);
  ImportOptions ok;
  ok.path = write_hours_csv(t.dir, 20, false);
  import_file(ctx, hours_entity(), ok);
  CHECK(t.count("SELECT count(*) FROM service_hours") == 20);
  CHECK(t.db->scalar("PRAGMA temp_store") == 0);  // a bulk verification next keeps its selection on disk
  ImportOptions bad;
  bad.path = write_hours_csv(t.dir, 20, true);
  CHECK(testing::code_of([&] { import_file(ctx, hours_entity(), bad); }) == Exit::data);
  CHECK(t.db->scalar("PRAGMA temp_store") == 0);
}

TEST_CASE("a committed change leaves no statement reading, so the WAL is checkpointed in full") {
  testing::TodayOverride today("2026-11-29");
  testing::TestDb t;
  Context& ctx = *t.ctx;
  add_volunteer(ctx, in({{"joined", "2025-01-01"}}), in({{"name", "张桂兰"}, {"phone", "13812345678"}}));
  ImportOptions ok;
  ok.path = write_hours_csv(t.dir, 200, false);
  import_file(ctx, hours_entity(), ok);  // cached lookups return rows and stay on them until reused
  CHECK(t.db->busy_statements() == 0);
  int log = -1, done = -1;
  REQUIRE(sqlite3_wal_checkpoint_v2(t.db->handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE, &log, &done) == SQLITE_OK);
  CHECK(log > 0);
  CHECK(done == log);  // every frame copied back: the next write starts the WAL afresh
}
