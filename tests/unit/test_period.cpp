#include <doctest/doctest.h>

#include "core/error.h"
#include "core/period.h"

using namespace shequ;

namespace {
Date d(int y, int m, int dd) { return Date{y, m, dd}; }
const Date kToday{2026, 11, 29};  // a Sunday
}  // namespace

TEST_CASE("period: years, months, quarters with start included and end excluded") {
  auto y = parse_period("2026", kToday);
  CHECK(y.start == d(2026, 1, 1));
  CHECK(y.end == d(2027, 1, 1));
  CHECK(y.last() == d(2026, 12, 31));
  CHECK(y.label == "2026");
  auto m = parse_period("2024-02", kToday);
  CHECK(m.end == d(2024, 3, 1));
  CHECK(m.last() == d(2024, 2, 29));  // leap day inside
  CHECK(parse_period("2025-02", kToday).days() == 28);
  CHECK(parse_period("2026-12", kToday).end == d(2027, 1, 1));  // year end
  auto q = parse_period("2026-Q4", kToday);
  CHECK(q.start == d(2026, 10, 1));
  CHECK(q.end == d(2027, 1, 1));
  CHECK(parse_period("2026-q1", kToday).label == "2026-Q1");
  CHECK(parse_period("2026-3", kToday).label == "2026-03");
}

TEST_CASE("period: ISO weeks, week 53, Sunday week start") {
  auto w = parse_period("2026-W48", kToday);
  CHECK(w.start == d(2026, 11, 23));
  CHECK(w.end == d(2026, 11, 30));
  CHECK(iso_weeks_in_year(2026) == 53);  // 1 Jan 2026 is a Thursday
  CHECK(iso_weeks_in_year(2020) == 53);  // leap year starting on a Wednesday
  CHECK(iso_weeks_in_year(2025) == 52);
  auto w53 = parse_period("2026-W53", kToday);
  CHECK(w53.start == d(2026, 12, 28));
  CHECK(w53.end == d(2027, 1, 4));
  CHECK_THROWS_AS(parse_period("2025-W53", kToday), Error);
  CHECK(parse_period("2025-W01", kToday).start == d(2024, 12, 30));  // week 1 starts in the year before
  auto sunday = parse_period("2026-W48", kToday, WeekStart::sunday);
  CHECK(sunday.start == d(2026, 11, 22));
  CHECK(sunday.end == d(2026, 11, 29));
  CHECK(parse_period("this-week", kToday).label == "2026-W48");            // Sunday ends the ISO week
  CHECK(parse_period("this-week", kToday, WeekStart::sunday).label == "2026-W49");  // and starts a Sunday week
  CHECK(parse_period("last-week", d(2027, 1, 5)).label == "2026-W53");
}

TEST_CASE("period: relative forms, last-month in January, last-year") {
  CHECK(parse_period("this-month", kToday).label == "2026-11");
  CHECK(parse_period("last-month", kToday).label == "2026-10");
  auto jan = parse_period("last-month", d(2027, 1, 15));
  CHECK(jan.start == d(2026, 12, 1));
  CHECK(jan.end == d(2027, 1, 1));
  CHECK(parse_period("this-year", kToday).label == "2026");
  CHECK(parse_period("last-year", d(2027, 1, 1)).label == "2026");
  CHECK(parse_period("last-quarter", d(2027, 2, 1)).label == "2026-Q4");
  CHECK(parse_period("this-quarter", kToday).label == "2026-Q4");
}

TEST_CASE("period: FROM..TO has TO excluded") {
  auto r = parse_period("2024-02-28..2024-03-01", kToday);
  CHECK(r.days() == 2);  // 28 and 29 Feb
  CHECK(r.last() == d(2024, 2, 29));
  CHECK(parse_period("2026/1/1..2026/2/1", kToday).label == "2026-01-01..2026-02-01");
  CHECK_THROWS_AS(parse_period("2026-02-01..2026-02-01", kToday), Error);
  CHECK_THROWS_AS(parse_period("2026-02-01..yesterday", kToday), Error);
}

TEST_CASE("period: bad input is 65") {
  for (const char* bad : {"", "26", "2026-13", "2026-00", "2026-Q5", "2026-W00", "1899", "next-month", "2026-11-31"}) {
    CAPTURE(bad);
    try {
      parse_period(bad, kToday);
      FAIL("accepted");
    } catch (const Error& e) {
      CHECK(e.code() == Exit::data);
    }
  }
}

TEST_CASE("period: the previous period for --compare") {
  CHECK(previous_period(parse_period("2026", kToday)).label == "2025");
  CHECK(previous_period(parse_period("2026-01", kToday)).label == "2025-12");
  CHECK(previous_period(parse_period("2026-03", kToday)).start == d(2026, 2, 1));
  CHECK(previous_period(parse_period("2026-Q1", kToday)).label == "2025-Q4");
  auto w = previous_period(parse_period("2027-W01", kToday));
  CHECK(w.label == "2026-W53");
  CHECK(w.start == d(2026, 12, 28));
  CHECK(previous_period(parse_period("2026-W01", kToday, WeekStart::sunday)).label == "2025-W52");
  auto r = previous_period(parse_period("2026-03-01..2026-03-11", kToday));
  CHECK(r.start == d(2026, 2, 19));
  CHECK(r.end == d(2026, 3, 1));
}
