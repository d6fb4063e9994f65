// The running totals of service hours (migration 0011): reports read from them must equal the
// same reports read from the entries, for any period and after any status change.
#include <doctest/doctest.h>

#include <random>
#include <sstream>

#include <fmt/format.h>

#include "fixture.h"
#include "domain/projects.h"
#include "reports/reports.h"
#include "domain/teams.h"
#include "domain/volunteers.h"

using namespace shequ;
using testing::in;
using testing::report_csv;

namespace {

// The problems `shequ check` finds in the totals (the random entries earn no points: other
// invariants do not hold for them).
std::vector<std::string> totals_problems(Db& db) { return testing::check_problems(db, "service-hour totals"); }

// Six volunteers, two teams, two projects (one run by a team); 400 entries over 16 months with
// random projects, teams, minutes and statuses, then random changes of every kind.
void random_hours(testing::TestDb& t) {
  Context& ctx = *t.ctx;
  testing::small_registry(ctx);
  for (int i = 1; i <= 6; ++i)
    add_volunteer(ctx, in({{"joined", "2025-01-01"}}), in({{"name", "志愿者" + std::to_string(i)}, {"household", "3-2-501"}}));
  add_record(ctx, team_entity(), in({{"name", "帮帮龙"}}));
  add_record(ctx, team_entity(), in({{"name", "金牌调解"}}));
  add_record(ctx, project_entity(), in({{"name", "清洁家园"}, {"post_type", "dedication"}, {"team", "T2"}}));
  add_record(ctx, project_entity(), in({{"name", "助老"}, {"post_type", "friendship"}}));
  std::mt19937 rng(20261129);
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  auto date = [&] { return to_iso(add_days(Date{2025, 11, 1}, pick(480))); };
  auto maybe = [&](int n) { return pick(3) == 0 ? std::string("NULL") : std::to_string(1 + pick(n)); };
  const char* statuses[] = {"pending", "verified", "rejected", "void"};
  for (int i = 0; i < 400; ++i)
    t.db->exec(fmt::format("INSERT INTO service_hours (volunteer_id, date, minutes, activity, project_id, team_id, recorder, "
                           "logged_at, status) VALUES ({}, '{}', {}, 'x', {}, {}, 't', '2026-01-01T00:00:00', '{}')",
                           1 + pick(6), date(), 30 * (1 + pick(6)), maybe(2), maybe(2), statuses[pick(2) == 0 ? pick(4) : 0]));
  CHECK(totals_problems(*t.db).empty());
  // Every transition, as verify, reject, void and undo make them, and edits that move an entry.
  t.db->exec("INSERT INTO audit_scrub (id) VALUES (1)");  // opens decided entries to change (as forget does)
  t.db->exec("DROP TRIGGER service_hours_no_delete");     // and deletions, for the delete trigger
  for (int i = 0; i < 600; ++i) {
    int id = 1 + pick(400);
    switch (pick(6)) {
      case 0: t.db->exec(fmt::format("UPDATE service_hours SET status = '{}' WHERE id = {}", statuses[pick(4)], id)); break;
      case 1: t.db->exec(fmt::format("UPDATE service_hours SET date = '{}' WHERE id = {}", date(), id)); break;
      case 2: t.db->exec(fmt::format("UPDATE service_hours SET volunteer_id = {} WHERE id = {}", 1 + pick(6), id)); break;
      case 3: t.db->exec(fmt::format("UPDATE service_hours SET project_id = {}, team_id = {} WHERE id = {}", maybe(2), maybe(2), id)); break;
      case 4: t.db->exec(fmt::format("UPDATE service_hours SET minutes = {}, status = '{}' WHERE id = {}", 30 * (1 + pick(6)), statuses[pick(4)], id)); break;
      default: t.db->exec(fmt::format("UPDATE service_hours SET activity = 'y', status = 'verified' WHERE id = {}", id)); break;
    }
  }
  t.db->exec("DELETE FROM service_hours WHERE id % 37 = 0");
  t.db->exec("DELETE FROM audit_scrub");
}

}  // namespace

TEST_CASE("reports from the running totals equal reports from the entries, at every period edge") {
  testing::TodayOverride today("2026-11-29");
  testing::TestDb t("[stars]\nthresholds_hours = [5, 10, 20, 40]\n");
  random_hours(t);
  Context& ctx = *t.ctx;
  CHECK(totals_problems(*t.db).empty());
  CHECK(t.count("SELECT count(*) FROM volunteer_hours_totals WHERE period = '' AND verified_entries > 0") > 0);
  const char* periods[] = {"2026", "2025", "2027", "2026-11", "2026-02", "2026-Q1", "2026-W48", "2025-12-31..2026-01-02",
                           "2025-12-15..2026-02-10", "2026-03-01..2026-04-01", "2026-02-28..2026-03-02",
                           "2025-10-03..2027-01-15", "2026-01-01..2026-12-31", "2026-06-30..2026-07-01", "last-month"};
  for (const char* period : periods) {
    for (const char* by : {"month", "project", "team", "volunteer"}) {
      ReportOptions o;
      o.kind = "hours";
      o.period = period;
      o.by = by;
      o.compare = true;
      INFO("hours --period ", period, " --by ", by);
      CHECK(report_csv(ctx, o, false) == report_csv(ctx, o, true));
    }
    for (const char* kind : {"stars", "summary"}) {
      ReportOptions o;
      o.kind = kind;
      o.period = period;
      o.compare = std::string(kind) == "summary";
      INFO(kind, " --period ", period);
      CHECK(report_csv(ctx, o, false) == report_csv(ctx, o, true));
    }
  }
  // The figures are not trivially empty: some volunteers served and some reached a star.
  ReportOptions o;
  o.kind = "stars";
  o.period = "2025-10-01..2027-03-01";
  CHECK(report_csv(ctx, o, false).find("\n1,") != std::string::npos);
}

TEST_CASE("check finds running totals that differ from the entries") {
  testing::TodayOverride today("2026-11-29");
  testing::TestDb t;
  random_hours(t);
  REQUIRE(totals_problems(*t.db).empty());
  t.db->exec("UPDATE volunteer_hours_totals SET verified_minutes = verified_minutes + 30 "
             "WHERE period = '' AND volunteer_id = 2");
  t.db->exec("UPDATE hours_totals SET volunteers = volunteers + 1 WHERE period = '2026-03'");
  auto problems = totals_problems(*t.db);
  REQUIRE(problems.size() == 2);
  CHECK(problems[0] == "service-hour totals match the entries: volunteer_hours_totals all time V2 differs from the entries");
  CHECK(problems[1] == "service-hour totals match the entries: hours_totals 2026-03 differs from the entries");
}
