// Report periods (SPEC §5): `2026`, `2026-11`, `2026-Q3`, `2026-W48`, `this-month`,
// `last-month`, `this-year`, `last-year` (also this-/last-week and this-/last-quarter) and
// `FROM..TO`. A period is a range of local dates, its start included and its end excluded.
#pragma once
#include <string>
#include <string_view>

#include "core/date.h"

namespace shequ {

/// How a period was written; decides what the previous period is.
enum class PeriodUnit { year, quarter, month, week, range };

/// A range of days [start, end) with the name it is shown under ("2026-11", "2026-W48").
struct ReportPeriod {
  Date start;
  Date end;  ///< the first day after the period
  PeriodUnit unit = PeriodUnit::range;
  std::string label;
  /// The last day inside the period (end − 1).
  Date last() const { return add_days(end, -1); }
  /// Number of days in the period.
  int days() const { return days_between(start, end); }
};

/// The first day of the week: Monday (ISO) unless reports.week_start is "sunday".
enum class WeekStart { monday, sunday };

/// Parses a period as typed, relative to `today` for the this-/last- forms. Weeks are ISO weeks
/// (week 1 holds the year's first Thursday); with a Sunday week start each week begins the day
/// before its ISO Monday. FROM..TO takes TO as the first day after the range (end exclusive).
/// Anything else, a week 53 the year does not have, or TO not after FROM is Error(Exit::data)
/// naming the accepted forms.
ReportPeriod parse_period(std::string_view text, Date today, WeekStart week_start = WeekStart::monday);

/// The same period as parse_period (relative to today()) as inclusive ISO dates, for filters that
/// compare with BETWEEN: `2026-11` is 2026-11-01..2026-11-30, `2026-01-01..2026-07-01` ends on
/// 2026-06-30.
Period inclusive_period(std::string_view text, WeekStart week_start = WeekStart::monday);

/// The period just before `p` of the same kind: the previous year, quarter, month or week; for a
/// FROM..TO range the same number of days ending where `p` starts.
ReportPeriod previous_period(const ReportPeriod& p);

/// How many ISO weeks `year` has (52 or 53).
int iso_weeks_in_year(int year);

/// The Monday of ISO week `week` of ISO year `year` (week must be 1..iso_weeks_in_year).
Date iso_week_monday(int year, int week);

}  // namespace shequ
