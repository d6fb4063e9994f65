// Calendar dates without time zones: parsing the forms people type, day arithmetic, today.
#pragma once
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace shequ {

/// A date in the proleptic Gregorian calendar; ordered chronologically.
struct Date {
  int year = 1970;
  int month = 1;
  int day = 1;
  friend bool operator==(const Date&, const Date&) = default;
  friend auto operator<=>(const Date&, const Date&) = default;
};

/// True for Gregorian leap years.
bool is_leap_year(int year);

/// Days in `month` (1–12) of `year`.
int days_in_month(int year, int month);

/// The date in `text` (surrounding spaces allowed): 2026-03-05, 2026-3-5, 2026/3/5,
/// 2026.3.5, 20260305 or 2026年3月5日; nullopt unless it is a real date in 1900–2200.
std::optional<Date> parse_date(std::string_view text);
/// A date the user typed for `option`, as ISO; 65 naming the option if it is not a date.
std::string date_option(std::string_view text, std::string_view option);
/// The same, today() if the text is empty or blank.
std::string date_or_today(std::string_view text, std::string_view option);

/// `date` as ISO 8601, e.g. "2026-03-05".
std::string to_iso(Date date);

/// Days from 1970-01-01 to `date` (negative before it).
std::int64_t days_from_civil(Date date);

/// The date `days` days after 1970-01-01 (inverse of days_from_civil).
Date civil_from_days(std::int64_t days);

/// `date` moved by `days` (may be negative).
Date add_days(Date date, int days);

/// `date` moved by `months`, the day clamped to the month's end (Jan 31 + 1 = Feb 28 or 29).
Date add_months(Date date, int months);

/// Days from `a` to `b`: positive when b is later.
int days_between(Date a, Date b);

/// ISO weekday of `date`: Monday 1 … Sunday 7.
int weekday(Date date);

/// Completed years of someone born on `birth` as of `on` (a 29 Feb birthday counts from
/// 1 Mar in common years); negative if `on` precedes `birth`.
int age_on(Date birth, Date on);

/// Today's local date, or the date in $SHEQU_TODAY when set (for tests and reruns);
/// an unparsable $SHEQU_TODAY throws Error(Exit::config).
Date today();

/// The local time as "2026-11-29T08:15:00", its date taken from $SHEQU_TODAY when set: the
/// time business records carry (an entry logged or decided "today").
std::string now_iso();

/// The local time from the real clock, whatever $SHEQU_TODAY says: the audit log's times.
std::string clock_iso();

/// The date $SHEQU_TODAY sets as today, or nullopt when it is unset (the real date is today).
std::optional<Date> fixed_today();

/// Minutes since midnight for "08:30" or "8:30" (a fullwidth colon is accepted);
/// nullopt unless 00:00–23:59.
std::optional<int> parse_time_of_day(std::string_view text);

/// A range of ISO dates, both ends inclusive; an empty end is open.
struct Period {
  std::string from, to;
};

}  // namespace shequ
