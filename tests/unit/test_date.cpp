#include <doctest/doctest.h>

#include "fixture.h"

#include <cstdlib>
#include <optional>
#include <string>

#include "core/date.h"
#include "core/error.h"

using namespace shequ;

namespace {

// Sets SHEQU_TODAY for one test and restores the previous value.

}  // namespace

using shequ::testing::TodayOverride;

TEST_CASE("parse_date accepts the forms people type") {
  const Date expected{2026, 3, 5};
  for (const char* text : {"2026-03-05", "2026-3-5", "2026/3/5", "2026/03/05", "2026.3.5",
                           "20260305", "2026年3月5日", "2026年03月05日", " 2026-03-05 ",
                           "\xe3\x80\x80"
                           "2026-03-05"}) {
    CAPTURE(text);
    REQUIRE(parse_date(text).has_value());
    CHECK(*parse_date(text) == expected);
  }
  CHECK(*parse_date("2026-12-31") == Date{2026, 12, 31});
  CHECK(*parse_date("1900-01-01") == Date{1900, 1, 1});
  CHECK(*parse_date("2200-12-31") == Date{2200, 12, 31});
}

TEST_CASE("parse_date refuses what is not a real date") {
  for (const char* text : {"",
                           "2026",
                           "2026-03",
                           "2026-13-01",
                           "2026-00-10",
                           "2026-02-29",
                           "2026-04-31",
                           "2026-01-32",
                           "2026-01-00",
                           "1899-12-31",
                           "2201-01-01",
                           "2026-3/5",
                           "2026--3-5",
                           "2026-003-05",
                           "2026-03-005",
                           "26-03-05",
                           "02026-03-05",
                           "2026-03-05x",
                           "2026-03-05T10:00",
                           "2026年3月5",
                           "2026年3月5号",
                           "2026年13月1日",
                           "202603051",
                           "2026035",
                           "2026 03 05",
                           "abcd-ef-gh",
                           "2026-+3-05",
                           "2026-3-",
                           "20260230",
                           "１２３４-01-01"}) {
    CAPTURE(text);
    CHECK_FALSE(parse_date(text).has_value());
  }
}

TEST_CASE("leap years") {
  CHECK(parse_date("2024-02-29").has_value());
  CHECK(parse_date("2000-02-29").has_value());        // divisible by 400
  CHECK_FALSE(parse_date("1900-02-29").has_value());  // divisible by 100
  CHECK_FALSE(parse_date("2100-02-29").has_value());
  CHECK_FALSE(parse_date("2023-02-29").has_value());
  CHECK(is_leap_year(2024));
  CHECK_FALSE(is_leap_year(2026));
  CHECK(days_in_month(2024, 2) == 29);
  CHECK(days_in_month(2026, 2) == 28);
  CHECK(days_in_month(2026, 4) == 30);
  CHECK(days_in_month(2026, 12) == 31);
}

TEST_CASE("to_iso pads") {
  CHECK(to_iso({2026, 3, 5}) == "2026-03-05");
  CHECK(to_iso({1999, 12, 31}) == "1999-12-31");
  CHECK(*parse_date(to_iso({2028, 2, 29})) == Date{2028, 2, 29});
  CHECK(to_iso({987, 1, 2}) == "0987-01-02");
  CHECK(to_iso({10000, 1, 2}) == "10000-01-02");
}

TEST_CASE("days_from_civil and civil_from_days") {
  CHECK(days_from_civil({1970, 1, 1}) == 0);
  CHECK(days_from_civil({1970, 1, 2}) == 1);
  CHECK(days_from_civil({1969, 12, 31}) == -1);
  CHECK(days_from_civil({2000, 3, 1}) == 11017);
  CHECK(days_from_civil({2026, 11, 29}) == 20786);
  CHECK(days_from_civil({1900, 1, 1}) == -25567);
  CHECK(civil_from_days(0) == Date{1970, 1, 1});
  CHECK(civil_from_days(-25567) == Date{1900, 1, 1});
  CHECK(civil_from_days(20786) == Date{2026, 11, 29});
  // round trip across two centuries, day by day
  Date d{1900, 1, 1};
  for (std::int64_t n = days_from_civil(d); n <= days_from_civil({2100, 12, 31}); ++n) {
    Date back = civil_from_days(n);
    REQUIRE(days_from_civil(back) == n);
    REQUIRE(back.day >= 1);
    REQUIRE(back.day <= days_in_month(back.year, back.month));
  }
}

TEST_CASE("Date ordering") {
  CHECK(Date{2026, 3, 5} == Date{2026, 3, 5});
  CHECK(Date{2026, 3, 5} != Date{2026, 3, 6});
  CHECK(Date{2025, 12, 31} < Date{2026, 1, 1});
  CHECK(Date{2026, 2, 28} < Date{2026, 3, 1});
  CHECK(Date{2026, 3, 10} > Date{2026, 3, 9});
  CHECK(Date{2026, 10, 1} > Date{2026, 9, 30});
}

TEST_CASE("add_days, add_months, days_between") {
  CHECK(add_days({2026, 2, 28}, 1) == Date{2026, 3, 1});
  CHECK(add_days({2024, 2, 28}, 1) == Date{2024, 2, 29});
  CHECK(add_days({2026, 12, 31}, 1) == Date{2027, 1, 1});
  CHECK(add_days({2026, 1, 1}, -1) == Date{2025, 12, 31});
  CHECK(add_days({2026, 3, 5}, 0) == Date{2026, 3, 5});
  CHECK(add_days({2026, 1, 1}, 365) == Date{2027, 1, 1});

  CHECK(add_months({2026, 1, 31}, 1) == Date{2026, 2, 28});
  CHECK(add_months({2024, 1, 31}, 1) == Date{2024, 2, 29});
  CHECK(add_months({2026, 3, 31}, 1) == Date{2026, 4, 30});
  CHECK(add_months({2026, 3, 31}, -1) == Date{2026, 2, 28});
  CHECK(add_months({2026, 11, 15}, 2) == Date{2027, 1, 15});
  CHECK(add_months({2026, 1, 15}, -1) == Date{2025, 12, 15});
  CHECK(add_months({2026, 1, 15}, -13) == Date{2024, 12, 15});
  CHECK(add_months({2024, 2, 29}, 12) == Date{2025, 2, 28});
  CHECK(add_months({2026, 5, 5}, 0) == Date{2026, 5, 5});
  CHECK(add_months({2026, 5, 5}, 36) == Date{2029, 5, 5});

  CHECK(days_between({2026, 3, 1}, {2026, 3, 31}) == 30);
  CHECK(days_between({2026, 3, 31}, {2026, 3, 1}) == -30);
  CHECK(days_between({2024, 2, 1}, {2024, 3, 1}) == 29);
  CHECK(days_between({2026, 1, 1}, {2027, 1, 1}) == 365);
  CHECK(days_between({2026, 6, 6}, {2026, 6, 6}) == 0);
}

TEST_CASE("weekday is Monday 1 to Sunday 7") {
  CHECK(weekday({1970, 1, 1}) == 4);    // Thursday
  CHECK(weekday({2026, 11, 29}) == 7);  // Sunday
  CHECK(weekday({2026, 11, 30}) == 1);  // Monday
  CHECK(weekday({2026, 3, 5}) == 4);
  CHECK(weekday({1969, 12, 28}) == 7);  // before the epoch
  CHECK(weekday({1900, 1, 1}) == 1);
  for (int i = 0; i < 14; ++i) {
    CHECK(weekday(add_days({2026, 11, 30}, i)) == i % 7 + 1);
  }
}

TEST_CASE("age_on counts completed years") {
  CHECK(age_on({1990, 5, 10}, {2026, 5, 9}) == 35);
  CHECK(age_on({1990, 5, 10}, {2026, 5, 10}) == 36);
  CHECK(age_on({1990, 5, 10}, {2026, 12, 31}) == 36);
  CHECK(age_on({2000, 2, 29}, {2026, 2, 28}) == 25);  // leap birthday: from 1 March
  CHECK(age_on({2000, 2, 29}, {2026, 3, 1}) == 26);
  CHECK(age_on({2000, 2, 29}, {2028, 2, 29}) == 28);
  CHECK(age_on({2026, 3, 5}, {2026, 3, 5}) == 0);
  CHECK(age_on({2026, 3, 5}, {2026, 3, 4}) < 0);
  CHECK(age_on({1966, 1, 1}, {2026, 1, 1}) == 60);
  CHECK(age_on({1966, 1, 2}, {2026, 1, 1}) == 59);
}

TEST_CASE("today honours SHEQU_TODAY") {
  {
    TodayOverride fixed("2026-11-29");
    CHECK(today() == Date{2026, 11, 29});
    std::string now = now_iso();
    CHECK(now.size() == 19);
    CHECK(now.substr(0, 11) == "2026-11-29T");
    CHECK(now[13] == ':');
    CHECK(now[16] == ':');
    CHECK(parse_time_of_day(now.substr(11, 5)).has_value());
  }
  {
    TodayOverride bad("someday");
    try {
      today();
      FAIL("accepted");
    } catch (const Error& e) {
      CHECK(e.code() == Exit::config);
      CHECK(std::string(e.what()).find("SHEQU_TODAY") != std::string::npos);
    }
    CHECK_THROWS_AS(now_iso(), Error);
  }
  {
    TodayOverride unset(nullptr);
    Date real = today();
    CHECK(real.year >= 2024);
    CHECK(now_iso().substr(0, 10) == to_iso(real));
  }
  {
    TodayOverride empty("");  // empty counts as unset
    CHECK(today().year >= 2024);
  }
}

TEST_CASE("parse_time_of_day") {
  CHECK(parse_time_of_day("08:30") == 510);
  CHECK(parse_time_of_day("8:30") == 510);
  CHECK(parse_time_of_day("00:00") == 0);
  CHECK(parse_time_of_day("23:59") == 1439);
  CHECK(parse_time_of_day(" 14:05 ") == 845);
  CHECK(parse_time_of_day("14：05") == 845);
  for (const char* text : {"", "24:00", "12:60", "8:5", "830", "08:30:00", "-1:00", "08-30",
                           "ab:cd", "008:30", "08:300", ":30", "08:"}) {
    CAPTURE(text);
    CHECK_FALSE(parse_time_of_day(text).has_value());
  }
}
