// The running resident totals by grid and year of birth (migration 0012): the grid report and
// the summary read from them must equal the same reports counted from the persons, after any
// change to persons, households or buildings, in any order undo may apply them.
#include <doctest/doctest.h>

#include <random>
#include <sstream>

#include <fmt/format.h>

#include "domain/buildings.h"
#include "fixture.h"
#include "domain/grids.h"
#include "domain/households.h"
#include "domain/persons.h"
#include "reports/reports.h"
#include "records/undo.h"

using namespace shequ;
using testing::in;
using testing::report_csv;

namespace {

std::vector<std::string> totals_problems(Db& db) { return testing::check_problems(db, "resident totals"); }

// The grid report and the summary, whole and per grid, agree both ways on several days (the
// 60th birthday's year falls in different places).
void check_reports(Context& ctx, const std::vector<std::string>& grids = {"", "G01", "G02", "G03"}) {
  for (std::string day : {"2026-11-29", "2026-01-01", "2026-12-31", "2024-02-29", "2025-03-01"}) {
    testing::TodayOverride today(day.c_str());
    for (const std::string& grid : grids) {
      for (std::string kind : {"grid", "summary"}) {
        ReportOptions o;
        o.kind = kind;
        o.grid = grid;
        INFO(kind, " --grid ", grid, " on ", day);
        CHECK(report_csv(ctx, o, false) == report_csv(ctx, o, true));
      }
    }
  }
}

// Three grids, six buildings, 24 households, 300 persons born around the 60-year boundary (and
// some unknown), some floating, some moved out, some with no household.
void random_registry(testing::TestDb& t) {
  for (int g = 1; g <= 3; ++g) t.db->exec(fmt::format("INSERT INTO grid (id, code, name) VALUES ({0}, 'G0{0}', '网格{0}')", g));
  for (int b = 1; b <= 6; ++b)
    t.db->exec(fmt::format("INSERT INTO building (id, number, grid_id, units) VALUES ({0}, '{0}', {1}, 2)", b, 1 + b % 3));
  for (int h = 1; h <= 24; ++h)
    t.db->exec(fmt::format("INSERT INTO household (id, address, building_id, unit, room) VALUES ({0}, 'x{0}', {1}, 1, '{0}')",
                           h, 1 + h % 6));
  for (int p = 1; p <= 300; ++p) t.db->exec(fmt::format("INSERT INTO person (id, name) VALUES ({}, 'p')", p));
}

std::string birth(std::mt19937& rng) {
  int r = static_cast<int>(rng() % 10u);
  if (r == 0) return "NULL";
  return "'" + to_iso(add_days(Date{1963, 6, 1}, static_cast<int>(rng() % 1600u))) + "'";
}

void random_change(testing::TestDb& t, std::mt19937& rng) {
  auto pick = [&](int n) { return 1 + static_cast<int>(rng() % static_cast<unsigned>(n)); };
  auto household = [&] { return pick(5) == 1 ? std::string("NULL") : std::to_string(pick(24)); };
  switch (pick(8)) {
    case 1: t.db->exec(fmt::format("UPDATE person SET household_id = {} WHERE id = {}", household(), pick(300))); break;
    case 2: t.db->exec(fmt::format("UPDATE person SET moved_out = {} WHERE id = {}", pick(3) == 1 ? "'2026-01-01'" : "NULL", pick(300))); break;
    case 3: t.db->exec(fmt::format("UPDATE person SET residency = '{}' WHERE id = {}", pick(3) == 1 ? "floating" : "registered", pick(300))); break;
    case 4: t.db->exec(fmt::format("UPDATE person SET birth_date = {} WHERE id = {}", birth(rng), pick(300))); break;
    case 5: t.db->exec(fmt::format("UPDATE household SET building_id = {} WHERE id = {}", pick(6), pick(24))); break;
    case 6: t.db->exec(fmt::format("UPDATE building SET grid_id = {} WHERE id = {}", pick(3), pick(6))); break;
    case 7: t.db->exec(fmt::format("UPDATE person SET household_id = {}, birth_date = {}, residency = 'floating', moved_out = NULL "
                                   "WHERE id = {}", household(), birth(rng), pick(300)));
            break;
    default: t.db->exec(fmt::format("UPDATE person SET name = 'q', household_id = household_id WHERE id = {}", pick(300))); break;
  }
}

}  // namespace

TEST_CASE("reports from the resident totals equal reports from the persons after any change") {
  testing::TestDb t;
  std::mt19937 rng(20261129);
  random_registry(t);
  for (int p = 1; p <= 300; ++p)
    t.db->exec(fmt::format("UPDATE person SET household_id = {}, birth_date = {}, residency = '{}', moved_out = {} WHERE id = {}",
                           rng() % 7 ? std::to_string(1 + rng() % 24) : "NULL", birth(rng),
                           rng() % 4 ? "registered" : "floating", rng() % 9 ? "NULL" : "'2025-05-05'", p));
  CHECK(totals_problems(*t.db).empty());
  check_reports(*t.ctx);
  for (int i = 0; i < 400; ++i) random_change(t, rng);
  CHECK(totals_problems(*t.db).empty());
  check_reports(*t.ctx);
  // The figures are not trivially empty: grid 1 has residents aged 60+ and younger ones.
  testing::TodayOverride today("2026-11-29");
  CHECK(t.count("SELECT sum(residents) FROM grid_resident_totals WHERE grid_id = 1") > 20);
  ReportOptions o;
  o.kind = "grid";
  std::string csv = report_csv(*t.ctx, o, false);
  CHECK(csv.find("G01,网格1,") != std::string::npos);
}

TEST_CASE("resident totals follow households and buildings appearing and going in any order (as undo applies them)") {
  testing::TestDb t;
  std::mt19937 rng(7);
  random_registry(t);
  for (int p = 1; p <= 300; ++p)
    t.db->exec(fmt::format("UPDATE person SET household_id = {}, birth_date = {} WHERE id = {}", 1 + p % 24, birth(rng), p));
  // An inverse changeset defers foreign keys: a household or building may go before its
  // residents, or come back after them.
  t.db->exec("PRAGMA foreign_keys = OFF");
  t.db->exec("DELETE FROM household WHERE id = 3");                         // before its persons
  CHECK(totals_problems(*t.db).empty());
  t.db->exec("UPDATE person SET household_id = 4 WHERE household_id = 3 AND id % 48 = 2");  // out of a missing household
  t.db->exec("DELETE FROM person WHERE household_id = 3 AND id % 3 = 0");
  t.db->exec("INSERT INTO household (id, address, building_id, unit, room) VALUES (3, 'x3', 5, 1, '3')");  // back after them
  CHECK(totals_problems(*t.db).empty());
  t.db->exec("DELETE FROM building WHERE id = 2");
  t.db->exec("UPDATE household SET building_id = 1 WHERE id = 8");           // a household of the missing building
  t.db->exec("INSERT INTO person (id, name, household_id, birth_date) VALUES (301, 'n', 2, '1966-11-29')");
  CHECK(totals_problems(*t.db).empty());
  t.db->exec("INSERT INTO building (id, number, grid_id, units) VALUES (2, '2', 1, 2)");
  t.db->exec("DELETE FROM person WHERE id = 301");
  t.db->exec("PRAGMA foreign_keys = ON");
  CHECK(totals_problems(*t.db).empty());
  check_reports(*t.ctx);
}

TEST_CASE("undoing person and household changes keeps the resident totals") {
  testing::TodayOverride today("2026-11-29");
  testing::TestDb t;
  Context& ctx = *t.ctx;
  testing::small_registry(ctx);
  add_record(ctx, grid_entity(), in({{"code", "04"}, {"name", "第四网格"}}));
  add_record(ctx, building_entity(), in({{"number", "4"}, {"grid", "04"}, {"units", "2"}}));
  add_record(ctx, household_entity(), in({{"address", "4-1-101"}}));
  add_record(ctx, person_entity(), in({{"name", "王秀英"}, {"birth_date", "1960-05-01"}, {"household", "3-2-501"},
                                       {"residency", "floating"}, {"moved_in", "2020-01-01"}}));
  add_record(ctx, person_entity(), in({{"name", "李建国"}, {"birth_date", "1966-11-29"}, {"household", "3-2-501"}}));
  move_person(ctx, {"R1", "4-1-101", false, "2026-11-01", ""});
  set_record(ctx, building_entity(), "4", in({{"grid", "03"}}));
  CHECK(t.count("SELECT sum(residents) FROM grid_resident_totals WHERE grid_id = 1") == 2);
  CHECK(totals_problems(*t.db).empty());
  for (int i = 0; i < 6; ++i) {
    undo_last(ctx, false);
    INFO("after undo ", i + 1);
    CHECK(totals_problems(*t.db).empty());
    check_reports(ctx, {"", "03", "04"});
  }
  CHECK(t.count("SELECT count(*) FROM person") == 0);
  CHECK(t.count("SELECT count(*) FROM grid_resident_totals WHERE residents <> 0 OR floating <> 0") == 0);
}

TEST_CASE("check finds resident totals that differ from the persons") {
  testing::TestDb t;
  std::mt19937 rng(3);
  random_registry(t);
  t.db->exec("UPDATE person SET household_id = 1 + id % 24, birth_date = '1970-01-01'");
  REQUIRE(totals_problems(*t.db).empty());
  t.db->exec("UPDATE grid_resident_totals SET floating = floating + 1 WHERE grid_id = 2 AND born = 1970");
  t.db->exec("INSERT INTO grid_resident_totals VALUES (3, 1950, 1, 0)");
  auto problems = totals_problems(*t.db);
  REQUIRE(problems.size() == 2);
  CHECK(problems[0] == "resident totals match the persons: grid_resident_totals G2 born 1970 differs from the persons");
  CHECK(problems[1] == "resident totals match the persons: grid_resident_totals G3 born 1950 differs from the persons");
}
