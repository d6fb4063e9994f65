#include "core/date.h"

#include <fmt/format.h>

#include <cstdlib>
#include <ctime>

#include "core/error.h"
#include "core/i18n.h"
#include "core/text.h"

namespace shequ {
namespace {

constexpr int kMinYear = 1900;
constexpr int kMaxYear = 2200;

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// Reads 1..max_digits digits from the front of `s` into `value`, consuming them.
bool take_number(std::string_view& s, std::size_t min_digits, std::size_t max_digits, int& value) {
  std::size_t n = 0;
  value = 0;
  while (n < s.size() && n < max_digits && is_digit(s[n])) value = value * 10 + (s[n++] - '0');
  if (n < min_digits || (n < s.size() && is_digit(s[n]))) return false;
  s.remove_prefix(n);
  return true;
}

bool take(std::string_view& s, std::string_view token) {
  if (s.substr(0, token.size()) != token) return false;
  s.remove_prefix(token.size());
  return true;
}

std::optional<Date> checked(int year, int month, int day) {
  if (year < kMinYear || year > kMaxYear || month < 1 || month > 12 || day < 1 ||
      day > days_in_month(year, month)) {
    return std::nullopt;
  }
  return Date{year, month, day};
}

std::tm local_now() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  localtime_r(&now, &tm);
  return tm;
}

// The date in $SHEQU_TODAY, or nullopt when it is unset or empty.
std::optional<Date> date_from_environment() {
  const char* value = std::getenv("SHEQU_TODAY");
  if (value == nullptr || *value == '\0') return std::nullopt;
  std::optional<Date> date = parse_date(value);
  if (!date) {
    throw Error(
        Exit::config,
        tr_format("SHEQU_TODAY=\"{}\" is not a date", "SHEQU_TODAY=“{}”不是日期", sanitize_for_terminal(value)),
        std::string(
            tr("Use the form 2026-11-29, or unset SHEQU_TODAY", "请写成 2026-11-29 的形式，或取消 SHEQU_TODAY")));
  }
  return date;
}

}  // namespace

bool is_leap_year(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int days_in_month(int year, int month) {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && is_leap_year(year)) return 29;
  return kDays[month - 1];
}

std::optional<Date> parse_date(std::string_view text) {
  std::string trimmed = trim(text);
  std::string_view s = trimmed;
  int year = 0;
  int month = 0;
  int day = 0;
  if (s.size() == 8 && take_number(s, 8, 8, year)) {  // 20260305
    return checked(year / 10000, year / 100 % 100, year % 100);
  }
  if (!take_number(s, 4, 4, year)) return std::nullopt;
  if (take(s, "年")) {
    if (take_number(s, 1, 2, month) && take(s, "月") && take_number(s, 1, 2, day) &&
        take(s, "日") && s.empty()) {
      return checked(year, month, day);
    }
    return std::nullopt;
  }
  if (s.empty() || (s[0] != '-' && s[0] != '/' && s[0] != '.')) return std::nullopt;
  const std::string_view separator = s.substr(0, 1);
  s.remove_prefix(1);
  if (take_number(s, 1, 2, month) && take(s, separator) && take_number(s, 1, 2, day) && s.empty()) {
    return checked(year, month, day);
  }
  return std::nullopt;
}

std::string to_iso(Date date) {
  // By hand for the usual range: an import formats a few dates per row.
  if (date.year < 0 || date.year > 9999 || date.month < 0 || date.month > 99 || date.day < 0 || date.day > 99)
    return fmt::format("{:04}-{:02}-{:02}", date.year, date.month, date.day);
  std::string s = "0000-00-00";
  for (int i = 3, y = date.year; i >= 0; --i, y /= 10) s[static_cast<std::size_t>(i)] = static_cast<char>('0' + y % 10);
  s[5] = static_cast<char>('0' + date.month / 10);
  s[6] = static_cast<char>('0' + date.month % 10);
  s[8] = static_cast<char>('0' + date.day / 10);
  s[9] = static_cast<char>('0' + date.day % 10);
  return s;
}

// Howard Hinnant's days_from_civil: http://howardhinnant.github.io/date_algorithms.html
std::int64_t days_from_civil(Date date) {
  std::int64_t y = date.year - (date.month <= 2 ? 1 : 0);
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;
  const std::int64_t m = date.month;
  const std::int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + date.day - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

Date civil_from_days(std::int64_t days) {
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const std::int64_t doe = days - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const std::int64_t day = doy - (153 * mp + 2) / 5 + 1;
  const std::int64_t month = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return Date{static_cast<int>(year), static_cast<int>(month), static_cast<int>(day)};
}

Date add_days(Date date, int days) {
  return civil_from_days(days_from_civil(date) + days);
}

Date add_months(Date date, int months) {
  std::int64_t index = static_cast<std::int64_t>(date.year) * 12 + (date.month - 1) + months;
  std::int64_t year = index >= 0 ? index / 12 : (index - 11) / 12;
  int month = static_cast<int>(index - year * 12) + 1;
  int y = static_cast<int>(year);
  int day = date.day < days_in_month(y, month) ? date.day : days_in_month(y, month);
  return Date{y, month, day};
}

int days_between(Date a, Date b) {
  return static_cast<int>(days_from_civil(b) - days_from_civil(a));
}

int weekday(Date date) {
  // 1970-01-01 was a Thursday (4).
  std::int64_t d = days_from_civil(date);
  return static_cast<int>(((d % 7) + 7 + 3) % 7) + 1;
}

int age_on(Date birth, Date on) {
  int age = on.year - birth.year;
  if (on.month < birth.month || (on.month == birth.month && on.day < birth.day)) --age;
  return age;
}

std::string date_option(std::string_view text, std::string_view option) {
  auto d = parse_date(text);
  if (!d)
    throw Error(Exit::data, tr_format("{}: \"{}\" is not a date (use 2026-03-05)",
                                      "{}：“{}”不是有效日期（格式如 2026-03-05）", option, text));
  return to_iso(*d);
}

std::string date_or_today(std::string_view text, std::string_view option) {
  return trim(text).empty() ? to_iso(today()) : date_option(text, option);
}

Date today() {
  if (std::optional<Date> date = date_from_environment()) return *date;
  std::tm tm = local_now();
  return Date{tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
}

std::string now_iso() {
  // An import stamps every row with it: the text is made again only when the second, or
  // $SHEQU_TODAY, has changed.
  static thread_local std::time_t made_at = -1;
  static thread_local std::string made_for, text;
  const std::time_t now = std::time(nullptr);
  const char* fixed_env = std::getenv("SHEQU_TODAY");
  const std::string_view env = fixed_env ? fixed_env : "";
  if (now == made_at && env == made_for) return text;
  std::tm tm{};
  localtime_r(&now, &tm);
  Date date{tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
  if (std::optional<Date> fixed = date_from_environment()) date = *fixed;
  text = fmt::format("{}T{:02}:{:02}:{:02}", to_iso(date), tm.tm_hour, tm.tm_min, tm.tm_sec);
  made_at = now;
  made_for = env;
  return text;
}

std::string clock_iso() {
  std::tm tm = local_now();
  return fmt::format("{}T{:02}:{:02}:{:02}", to_iso(Date{tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday}), tm.tm_hour,
                     tm.tm_min, tm.tm_sec);
}

std::optional<Date> fixed_today() { return date_from_environment(); }

std::optional<int> parse_time_of_day(std::string_view text) {
  std::string trimmed = trim(text);
  std::string_view s = trimmed;
  int hours = 0;
  int minutes = 0;
  if (!take_number(s, 1, 2, hours)) return std::nullopt;
  if (!take(s, ":") && !take(s, "：")) return std::nullopt;
  if (!take_number(s, 2, 2, minutes) || !s.empty()) return std::nullopt;
  if (hours > 23 || minutes > 59) return std::nullopt;
  return hours * 60 + minutes;
}

}  // namespace shequ
