// Volunteers, hours, points: the arithmetic and the rules through the library.
#include <doctest/doctest.h>

#include <sqlite3.h>

#include "fixture.h"
#include "core/period.h"
#include "domain/held_totals.h"
#include "domain/hours.h"
#include "domain/persons.h"
#include "domain/points.h"
#include "domain/projects.h"
#include "domain/rewards.h"
#include "domain/numbering.h"
#include "domain/volunteers.h"

using namespace shequ;
using testing::in;
using testing::message_of;
using testing::code_of;

namespace {


// One volunteer V1 (joined 2025-01-01 unless told: never after today) and project J1 with coefficient 1.5.
void setup(Context& ctx, const std::string& joined = "2025-01-01") {
  add_volunteer(ctx, in({{"joined", joined}}), in({{"name", "张桂兰"}, {"phone", "13812345678"}}));
  add_record(ctx, project_entity(), in({{"name", "清洁家园"}, {"post_type", "dedication"}, {"coefficient", "1.5"}}));
}



// `n` pending entries of V1, one a day back from 2026-11-20, written straight into the table.
void many_entries(testing::TestDb& t, int n) {
  t.db->exec(fmt::format(
      "WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < {}) "
      "INSERT INTO service_hours (volunteer_id, date, minutes, activity, recorder, logged_at, status, source) "
      "SELECT 1, date('2026-11-20', '-' || (i % 600) || ' days'), 30, '巡逻', 'tester', '2026-01-01T08:00:00', "
      "'pending', 'import' FROM k", n));
}

// SQLite's virtual machine steps while `f` runs on the connection.
std::uint64_t steps_of(Db& db, const std::function<void()>& f) {
  std::uint64_t steps = 0;
  sqlite3_progress_handler(db.handle(), 1, [](void* n) { ++*static_cast<std::uint64_t*>(n); return 0; }, &steps);
  f();
  sqlite3_progress_handler(db.handle(), 0, nullptr, nullptr);
  return steps;
}

}  // namespace

TEST_CASE("verifying two entries reads as little of a large file as of a small one") {
  // Reaching the selection by a join let SQLite, without statistics, scan every entry of the file
  // for each of the decision's statements: a month's verification in a district took 1.3 s.
  ::setenv("SHEQU_TODAY", "2026-11-29", 1);
  std::uint64_t steps[2] = {};
  const int sizes[2] = {300, 12000};
  for (int k = 0; k < 2; ++k) {
    testing::TestDb t;
    setup(*t.ctx);
    many_entries(t, sizes[k]);
    log_hours(*t.ctx, in({{"volunteer", "V1"}, {"date", "2026-11-21"}, {"minutes", "60"}, {"activity", "陪伴"}}));
    log_hours(*t.ctx, in({{"volunteer", "V1"}, {"date", "2026-11-22"}, {"minutes", "60"}, {"activity", "陪伴"}}));
    HoursSelection two;
    two.entries = {std::to_string(sizes[k] + 1), std::to_string(sizes[k] + 2)};
    Decision d;
    steps[k] = steps_of(*t.db, [&] { d = verify_hours(*t.ctx, two); });
    CHECK(d.entries == 2);
    CHECK(check_data_file(*t.db).empty());
  }
  INFO("steps for 2 entries beside ", sizes[0], " entries: ", steps[0], "; beside ", sizes[1], ": ", steps[1]);
  CHECK(steps[1] < 2 * steps[0]);  // 40 times the entries; a scan of them would show
}

TEST_CASE("held totals drop a data file's held triggers for row-by-row writes and bring them back, also when rolled back") {
  testing::TestDb t;
  const std::string held =
      "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND sql LIKE '%held_totals%'";
  const std::int64_t triggers = t.count(held);
  REQUIRE(triggers > 0);
  {
    Txn txn(*t.db);
    HeldTotals set_based(*t.db);  // a verification's few statements keep them
    CHECK(t.count(held) == triggers);
    set_based.release();
    txn.commit();
  }
  {
    Txn txn(*t.db);
    HeldTotals hold(*t.db, HeldTotals::Writes::row_by_row);
    CHECK(t.count(held) == 0);
    CHECK(t.count("SELECT count(*) FROM held_totals") == 1);
    hold.release();
    CHECK(t.count(held) == triggers);
    txn.commit();
  }
  {
    Txn txn(*t.db);
    HeldTotals hold(*t.db, HeldTotals::Writes::row_by_row);
    CHECK(t.count(held) == 0);
  }  // no release, no commit: the rollback brings them back
  CHECK(t.count(held) == triggers);
  CHECK(t.count("SELECT count(*) FROM held_totals") == 0);
  CHECK(check_data_file(*t.db).empty());
}

TEST_CASE("star levels change exactly at the thresholds") {
  Config c = Config::defaults();
  CHECK(star_level(c, 0) == 0);
  CHECK(star_level(c, 100 * 60 - 1) == 0);
  CHECK(star_level(c, 100 * 60) == 1);
  CHECK(star_level(c, 300 * 60) == 2);
  CHECK(star_level(c, 1500 * 60 - 1) == 4);
  CHECK(star_level(c, 1500 * 60) == 5);
  CHECK(star_level(c, 100000 * 60) == 5);
  Config beijing = Config::from_text("[stars]\nthresholds_hours = [100, 200, 500, 800, 1000]\n", "t.toml");
  CHECK(star_level(beijing, 200 * 60) == 2);
}

TEST_CASE("points amounts parse with at most two decimals and round to hundredths") {
  set_language(Lang::en);
  CHECK(parse_points("20", "x", false) == 20);
  CHECK(parse_points("2.5", "x", false) == 2.5);
  CHECK(parse_points("-5", "x", true) == -5);
  CHECK(code_of([] { parse_points("-5", "x", false); }) == Exit::data);
  CHECK(code_of([] { parse_points("0", "x", true); }) == Exit::data);
  CHECK(code_of([] { parse_points("1.234", "x", false); }) == Exit::data);
  CHECK(code_of([] { parse_points("1.", "x", false); }) == Exit::data);
  CHECK(code_of([] { parse_points("abc", "x", false); }) == Exit::data);
  CHECK(round_points(0.1 + 0.2) == 0.3);
  CHECK(round_points(2.0 / 3.0) == 0.67);
}

TEST_CASE("volunteer filters take report periods as inclusive dates") {
  Period y = inclusive_period("2026");
  CHECK(y.from == "2026-01-01");
  CHECK(y.to == "2026-12-31");
  CHECK(inclusive_period("2024-02").to == "2024-02-29");
  CHECK(inclusive_period("2026-Q3").from == "2026-07-01");
  CHECK(inclusive_period("2026-Q3").to == "2026-09-30");
  CHECK(inclusive_period("2026-W01").from == "2025-12-29");
  // FROM..TO is end-exclusive everywhere (SPEC §5): the last day included is the day before TO.
  CHECK(inclusive_period("2026-01-05..2026-02-01").to == "2026-01-31");
  CHECK(code_of([] { inclusive_period("2026-13"); }) == Exit::data);
  CHECK(code_of([] { inclusive_period("2026-02-01..2026-01-01"); }) == Exit::data);
}

TEST_CASE("log-hours rounds to the unit and refuses each rule by name") {
  ::setenv("SHEQU_TODAY", "2026-11-29", 1);
  testing::TestDb t;
  Context& ctx = *t.ctx;
  setup(ctx);
  Logged a = log_hours(ctx, in({{"volunteer", "V1"}, {"date", "2026-11-20"}, {"start", "9:00"}, {"end", "11:40"},
                                {"activity", "清扫"}, {"project", "清洁家园"}}));
  CHECK(a.minutes == 150);
  CHECK(t.count("SELECT count(*) FROM service_hours WHERE start_time = '09:00' AND recorder = 'tester'") == 1);
  auto rule = [&](std::initializer_list<std::pair<const char*, std::string>> kv) {
    return message_of([&] { log_hours(ctx, in(kv)); });
  };
  CHECK(rule({{"volunteer", "V1"}, {"date", "2026-11-19"}, {"minutes", "29"}, {"activity", "x"}}).find("rule minimum unit") != std::string::npos);
  CHECK(rule({{"volunteer", "V1"}, {"date", "2026-11-19"}, {"minutes", "510"}, {"activity", "x"}}).find("rule maximum per entry") != std::string::npos);
  CHECK(rule({{"volunteer", "V1"}, {"date", "2026-11-30"}, {"minutes", "60"}, {"activity", "x"}}).find("rule no future dates") != std::string::npos);
  CHECK(rule({{"volunteer", "V1"}, {"date", "2024-12-31"}, {"minutes", "60"}, {"activity", "x"}}).find("rule not before joining") != std::string::npos);
  CHECK(rule({{"volunteer", "V1"}, {"date", "2026-11-20"}, {"start", "11:00"}, {"end", "12:00"}, {"activity", "x"}})
            .find("rule no overlap") != std::string::npos);
  // 150 + 480 = 630 fits 720; another 120 does not.
  log_hours(ctx, in({{"volunteer", "V1"}, {"date", "2026-11-20"}, {"minutes", "480"}, {"activity", "陪伴"}}));
  CHECK(rule({{"volunteer", "V1"}, {"date", "2026-11-20"}, {"minutes", "120"}, {"activity", "x"}}).find("rule maximum per day") != std::string::npos);
  // Exactly the daily maximum is allowed; one more unit is not.
  CHECK(code_of([&] { log_hours(ctx, in({{"volunteer", "V1"}, {"date", "2026-11-20"}, {"minutes", "90"}, {"activity", "x"}})); }) == Exit::ok);
  CHECK(code_of([&] { log_hours(ctx, in({{"volunteer", "V1"}, {"date", "2026-11-20"}, {"minutes", "30"}, {"activity", "x"}})); }) == Exit::data);
  // Ending exactly when another starts is not an overlap.
  CHECK(code_of([&] {
          log_hours(ctx, in({{"volunteer", "V1"}, {"date", "2026-11-18"}, {"start", "11:40"}, {"end", "12:10"}, {"activity", "x"}}));
        }) == Exit::ok);
  CHECK(t.count("SELECT count(*) FROM service_hours") == 4);
}

TEST_CASE("verification earns hours × coefficient × points_per_hour, in the same transaction") {
  ::setenv("SHEQU_TODAY", "2026-11-29", 1);
  testing::TestDb t("[points]\nper_hour = 2.0\n");
  Context& ctx = *t.ctx;
  setup(ctx);
  log_hours(ctx, in({{"volunteer", "V1"}, {"date", "2026-11-20"}, {"minutes", "100"}, {"activity", "清扫"}, {"project", "清洁家园"}}));
  log_hours(ctx, in({{"volunteer", "V1"}, {"date", "2026-11-21"}, {"minutes", "60"}, {"activity", "陪伴"}}));
  HoursSelection all;
  all.pending = true;
  Decision d = verify_hours(ctx, all);
  CHECK(d.entries == 2);
  // 90 counted minutes (unit 30, down) × 1.5 × 2 = 4.5; 60 minutes × 1 × 2 = 2.
  CHECK(d.points == doctest::Approx(6.5));
  CHECK(balance_of(ctx, 1) == doctest::Approx(6.5));
  CHECK(t.count("SELECT count(*) FROM points_ledger WHERE kind = 'earn'") == 2);
  CHECK(t.count("SELECT count(*) FROM points_ledger WHERE balance_after = 6.5") == 1);
  CHECK(verify_hours(ctx, all).entries == 0);
  // Voiding reverses exactly what was earned.
  void_hours(ctx, "1", "重复");
  CHECK(balance_of(ctx, 1) == doctest::Approx(2));
  CHECK(t.count("SELECT count(*) FROM points_ledger WHERE kind = 'reversal' AND amount = -4.5") == 1);
  CHECK(code_of([&] { void_hours(ctx, "1", "again"); }) == Exit::refused);
  CHECK(check_data_file(*t.db).empty());
}

TEST_CASE("a redemption may take the balance to exactly zero, never below") {
  ::setenv("SHEQU_TODAY", "2026-11-29", 1);
  testing::TestDb t;
  Context& ctx = *t.ctx;
  setup(ctx);
  add_record(ctx, reward_entity(), in({{"name", "洗衣液"}, {"cost", "10"}, {"stock", "2"}}));
  add_bonus(ctx, "V1", "9.99", "test");
  Redeeming r{"V1", "洗衣液", "", 1};
  std::string m = message_of([&] { redeem(ctx, r); });
  CHECK(m.find("balance 9.99") != std::string::npos);
  CHECK(m.find("cost 10") != std::string::npos);
  CHECK(t.count("SELECT count(*) FROM redemption") == 0);
  add_bonus(ctx, "V1", "0.01", "test");
  redeem(ctx, r);
  CHECK(balance_of(ctx, 1) == 0);
  CHECK(t.count("SELECT stock FROM reward") == 1);
  CHECK(code_of([&] { redeem(ctx, r); }) == Exit::refused);
  CHECK(code_of([&] { adjust_points(ctx, "V1", "-0.01", "x"); }) == Exit::refused);
}

TEST_CASE("expiry takes the oldest points first and is idempotent") {
  ::setenv("SHEQU_TODAY", "2024-03-01", 1);
  testing::TestDb t("[points]\nexpiry_years = 2\n");
  Context& ctx = *t.ctx;
  setup(ctx, "2024-01-01");
  add_bonus(ctx, "V1", "30", "old");
  ::setenv("SHEQU_TODAY", "2025-03-01", 1);
  adjust_points(ctx, "V1", "-10", "spent");
  add_bonus(ctx, "V1", "5", "newer");
  ::setenv("SHEQU_TODAY", "2026-03-01", 1);
  Expiry x = expire_points(ctx, "", false);
  CHECK(x.cutoff == "2024-03-01");
  CHECK(x.points == doctest::Approx(20));
  CHECK(balance_of(ctx, 1) == doctest::Approx(5));
  CHECK(expire_points(ctx, "", false).points == 0);
  CHECK(check_data_file(*t.db).empty());
  ::setenv("SHEQU_TODAY", "2026-11-29", 1);
}

TEST_CASE("volunteer numbers follow the configured format, per year") {
  ::setenv("SHEQU_TODAY", "2026-11-29", 1);
  testing::TestDb t("[volunteer]\nnumber_format = \"ZY-{year}-{seq:03}\"\n");
  Context& ctx = *t.ctx;
  CHECK(next_number(ctx, kVolunteerNumbers, 2026).number == "ZY-2026-001");
  add_volunteer(ctx, in({}), in({{"name", "甲"}}));
  add_volunteer(ctx, in({}), in({{"name", "乙"}}));
  CHECK(t.count("SELECT count(*) FROM volunteer WHERE number = 'ZY-2026-002'") == 1);
  CHECK(next_number(ctx, kVolunteerNumbers, 2027).number == "ZY-2027-001");
  CHECK(code_of([&] { add_volunteer(ctx, in({{"person", "R1"}}), in({})); }) == Exit::refused);
}

TEST_CASE("every kind of number comes from one allocator, which skips a number already taken") {
  ::setenv("SHEQU_TODAY", "2026-11-29", 1);
  testing::TestDb t("[volunteer]\nnumber_format = \"ZY-{year}-{seq:03}\"\n");
  Context& ctx = *t.ctx;
  add_volunteer(ctx, in({{"number", "ZY-2026-002"}}), in({{"name", "甲"}}));  // typed, not allocated
  CHECK(next_number(ctx, kVolunteerNumbers, 2026).number == "ZY-2026-003");
  CHECK(next_number(ctx, kVolunteerNumbers, 2026).seq == 3);
  CHECK(next_number(ctx, kCaseNumbers, 2026).number == "2026-0001");
  CHECK(next_number(ctx, kCertificateNumbers, 2026).number == "ZM20260001");
}
