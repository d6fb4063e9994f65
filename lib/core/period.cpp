#include "core/period.h"

#include <charconv>
#include <optional>

#include <fmt/format.h>

#include "core/error.h"
#include "core/i18n.h"
#include "core/text.h"

namespace shequ {
namespace {

std::optional<int> number(std::string_view s, std::size_t digits) {
  if (s.size() != digits) return std::nullopt;
  int v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

[[noreturn]] void bad_period(std::string_view text, std::string_view why = {}) {
  std::string msg = tr_format("--period: \"{}\" is not a period", "--period：“{}”不是有效的统计期", text);
  if (!why.empty()) msg += fmt::format(" ({})", why);
  throw Error(Exit::data, msg,
              std::string(tr("use 2026, 2026-11, 2026-Q3, 2026-W48, this-month, last-month, this-year, last-year, "
                             "this-week, last-week, this-quarter, last-quarter or FROM..TO (TO excluded)",
                             "可用：2026、2026-11、2026-Q3、2026-W48、this-month、last-month、this-year、last-year、"
                             "this-week、last-week、this-quarter、last-quarter 或 FROM..TO（不含 TO 当天）")));
}

ReportPeriod year_period(int year) {
  return {{year, 1, 1}, {year + 1, 1, 1}, PeriodUnit::year, std::to_string(year)};
}

ReportPeriod month_period(int year, int month) {
  Date start{year, month, 1};
  return {start, add_months(start, 1), PeriodUnit::month, fmt::format("{:04}-{:02}", year, month)};
}

ReportPeriod quarter_period(int year, int quarter) {
  Date start{year, (quarter - 1) * 3 + 1, 1};
  return {start, add_months(start, 3), PeriodUnit::quarter, fmt::format("{:04}-Q{}", year, quarter)};
}

ReportPeriod week_period(int year, int week, WeekStart ws) {
  Date start = iso_week_monday(year, week);
  if (ws == WeekStart::sunday) start = add_days(start, -1);
  return {start, add_days(start, 7), PeriodUnit::week, fmt::format("{:04}-W{:02}", year, week)};
}

// The ISO week (year, week) a day belongs to under the given week start.
std::pair<int, int> week_of(Date d, WeekStart ws) {
  // With a Sunday start, a Sunday belongs to the week of the following Monday.
  if (ws == WeekStart::sunday && weekday(d) == 7) d = add_days(d, 1);
  Date thursday = add_days(d, 4 - weekday(d));
  int year = thursday.year;
  int week = days_between(Date{year, 1, 1}, thursday) / 7 + 1;
  return {year, week};
}

}  // namespace

int iso_weeks_in_year(int year) {
  int jan1 = weekday(Date{year, 1, 1});
  return jan1 == 4 || (jan1 == 3 && is_leap_year(year)) ? 53 : 52;
}

Date iso_week_monday(int year, int week) {
  Date jan4{year, 1, 4};
  Date week1 = add_days(jan4, 1 - weekday(jan4));
  return add_days(week1, (week - 1) * 7);
}

ReportPeriod parse_period(std::string_view raw, Date today_date, WeekStart ws) {
  const std::string text_owned = trim(raw);
  std::string_view text = text_owned;
  if (text.empty()) bad_period(raw);
  if (text == "this-year") return year_period(today_date.year);
  if (text == "last-year") return year_period(today_date.year - 1);
  if (text == "this-month") return month_period(today_date.year, today_date.month);
  if (text == "last-month") {
    Date d = add_months(Date{today_date.year, today_date.month, 1}, -1);
    return month_period(d.year, d.month);
  }
  if (text == "this-quarter") return quarter_period(today_date.year, (today_date.month - 1) / 3 + 1);
  if (text == "last-quarter") {
    Date d = add_months(Date{today_date.year, today_date.month, 1}, -3);
    return quarter_period(d.year, (d.month - 1) / 3 + 1);
  }
  if (text == "this-week" || text == "last-week") {
    auto [y, w] = week_of(text == "this-week" ? today_date : add_days(today_date, -7), ws);
    return week_period(y, w, ws);
  }
  if (auto dots = text.find(".."); dots != std::string_view::npos) {
    auto from = parse_date(text.substr(0, dots));
    auto to = parse_date(text.substr(dots + 2));
    if (!from || !to) bad_period(raw, tr("FROM and TO must be dates", "FROM 和 TO 须为日期"));
    if (*to <= *from) bad_period(raw, tr("TO must be after FROM; TO itself is not included", "TO 须晚于 FROM（不含 TO 当天）"));
    return {*from, *to, PeriodUnit::range, to_iso(*from) + ".." + to_iso(*to)};
  }
  auto year = number(text.substr(0, 4), 4);
  if (!year || *year < 1900 || *year > 2200) bad_period(raw);
  if (text.size() == 4) return year_period(*year);
  if (text.size() < 6 || text[4] != '-') bad_period(raw);
  std::string_view rest = text.substr(5);
  if (rest[0] == 'Q' || rest[0] == 'q') {
    auto q = number(rest.substr(1), 1);
    if (!q || *q < 1 || *q > 4) bad_period(raw, tr("quarters are Q1 to Q4", "季度为 Q1 至 Q4"));
    return quarter_period(*year, *q);
  }
  if (rest[0] == 'W' || rest[0] == 'w') {
    auto w = number(rest.substr(1), 2);
    if (!w) w = number(rest.substr(1), 1);
    int weeks = iso_weeks_in_year(*year);
    if (!w || *w < 1 || *w > weeks)
      bad_period(raw, tr_format("{} has ISO weeks 1 to {}", "{} 年只有第 1 至 {} 周", *year, weeks));
    return week_period(*year, *w, ws);
  }
  auto month = number(rest, 2);
  if (!month) month = number(rest, 1);
  if (!month || *month < 1 || *month > 12) bad_period(raw);
  return month_period(*year, *month);
}

ReportPeriod previous_period(const ReportPeriod& p) {
  switch (p.unit) {
    case PeriodUnit::year: return year_period(p.start.year - 1);
    case PeriodUnit::quarter: {
      Date d = add_months(p.start, -3);
      return quarter_period(d.year, (d.month - 1) / 3 + 1);
    }
    case PeriodUnit::month: {
      Date d = add_months(p.start, -1);
      return month_period(d.year, d.month);
    }
    case PeriodUnit::week: {
      // The ISO week of the previous week's Thursday names it (the start may be a Sunday).
      Date monday = add_days(p.start, weekday(p.start) == 7 ? 1 : 0);
      Date thursday = add_days(monday, -7 + 3);
      int year = thursday.year;
      int week = days_between(Date{year, 1, 1}, thursday) / 7 + 1;
      ReportPeriod prev{add_days(p.start, -7), p.start, PeriodUnit::week, fmt::format("{:04}-W{:02}", year, week)};
      return prev;
    }
    case PeriodUnit::range: {
      Date start = add_days(p.start, -p.days());
      return {start, p.start, PeriodUnit::range, to_iso(start) + ".." + to_iso(p.start)};
    }
  }
  return p;
}

Period inclusive_period(std::string_view text, WeekStart week_start) {
  ReportPeriod p = parse_period(text, today(), week_start);
  return Period{to_iso(p.start), to_iso(p.last())};
}

}  // namespace shequ
