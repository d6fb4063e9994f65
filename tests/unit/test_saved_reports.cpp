// Unit tests for where saved reports go: {year} and {month} are the period's, relative paths
// start at reports.dir or the data file's folder, never the settings file's.
#include <doctest/doctest.h>

#include "core/config.h"
#include "core/error.h"
#include "core/period.h"
#include "reports/saved_reports.h"

using namespace shequ;

namespace {

const char* kSettings =
    "[reports.monthly]\nkind = \"summary\"\nperiod = \"last-month\"\nout = \"{year}/summary-{month}-{date}.csv\"\n";

std::string path_for(const Config& config, std::string_view period, Date today) {
  SavedReport r = saved_report(config, "monthly");
  return saved_report_path(config, "/srv/shequ/ningkang.sqlite", r, parse_period(period, today), today);
}

}  // namespace

TEST_CASE("saved report paths: {year} and {month} are the period's, {date} the day it runs") {
  Config c = Config::from_text(kSettings, "/home/sg/.config/shequ/config.toml");
  Date jan3{2027, 1, 3};
  CHECK(path_for(c, "last-month", jan3) == "/srv/shequ/2026/summary-2026-12-2027-01-03.csv");
  CHECK(path_for(c, "2026-Q4", jan3) == "/srv/shequ/2026/summary-2026-10-2027-01-03.csv");
  CHECK(path_for(c, "last-year", jan3) == "/srv/shequ/2026/summary-2026-01-2027-01-03.csv");
  // ISO week 2026-W01 begins on Monday 29 December 2025: it is counted from its Thursday, in 2026.
  CHECK(path_for(c, "2026-W01", jan3) == "/srv/shequ/2026/summary-2026-01-2027-01-03.csv");
}

TEST_CASE("saved report paths: relative outs start at reports.dir, else the data file's folder") {
  CHECK(reports_folder(Config::from_text("", "/etc/x.toml"), "/srv/shequ/ningkang.sqlite") == "/srv/shequ");
  CHECK(reports_folder(Config::from_text("[reports]\ndir = \"published\"\n", "/etc/x.toml"),
                       "/srv/shequ/ningkang.sqlite") == "/srv/shequ/published");
  CHECK(reports_folder(Config::from_text("[reports]\ndir = \"/var/www/board\"\n", "/etc/x.toml"),
                       "/srv/shequ/ningkang.sqlite") == "/var/www/board");
  // A server has no folder: the settings file's stands in for it.
  Config plain = Config::from_text("", "x.toml");
  CHECK(reports_folder(plain, "postgresql://office/shequ") == plain.dir());
  CHECK(reports_folder(Config::from_text("[reports]\ndir = \"published\"\n", "x.toml"), "postgresql://office/shequ") ==
        plain.dir() + "/published");
  Config abs = Config::from_text(
      "[reports.board]\nkind = \"barometer\"\nout = \"/var/www/board.html\"\n", "/home/sg/.config/shequ/config.toml");
  SavedReport r = saved_report(abs, "board");
  CHECK(saved_report_path(abs, "/srv/shequ/ningkang.sqlite", r, parse_period("2026-11", Date{2026, 11, 29}),
                          Date{2026, 11, 29}) == "/var/www/board.html");
}

TEST_CASE("reports.mode: empty follows the umask, an octal mode is exact, anything else is refused") {
  CHECK_FALSE(reports_mode(Config::from_text("", "t.toml")).has_value());
  CHECK(reports_mode(Config::from_text("[reports]\nmode = \"0640\"\n", "t.toml")) == 0640u);
  CHECK(reports_mode(Config::from_text("[reports]\nmode = \"750\"\n", "t.toml")) == 0750u);
  for (const char* bad : {"\"0999\"", "\"rw-r-----\"", "\"01777\"", "\"64\""}) {
    CAPTURE(bad);
    CHECK_THROWS_AS(Config::from_text(std::string("[reports]\nmode = ") + bad + "\n", "t.toml"), Error);
  }
}
