// Verified and pending service hours over a period, read from the running totals the triggers
// keep per year and month (migration 0011) and from the entries only for the days at the
// period's edges: a district's year of millions of entries reads as a few dozen rows.
#pragma once
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "reports/report_run.h"

namespace shequ::report {

/// Verified minutes and entries, volunteers who served, pending minutes and entries.
struct HoursFlow {
  Int verified = 0, entries = 0, volunteers = 0, pending = 0, pending_entries = 0;
};

/// Whether hours come from the totals: not for one grid (its volunteers' entries are few and found
/// by volunteer), and not when asked for the entries (the tests compare the two).
inline bool use_totals(const Run& r) { return !r.grid_id && !r.o.from_entries; }

/// A range of days cut into what the totals hold: whole years ('YYYY'), whole months ('YYYY-MM'),
/// and runs of days [from, to) at the edges, each inside one month.
struct HoursPieces {
  std::vector<std::string> periods;
  std::vector<std::pair<std::string, std::string>> days;
};
HoursPieces hours_pieces(Date start, Date end);

/// Counts of one row of totals: verified entries and minutes, pending entries and minutes.
struct HoursCounts {
  Int ve = 0, vm = 0, pe = 0, pm = 0;
};

/// Calls f(volunteer, counts) for each volunteer with entries in the pieces (once per piece).
void volunteer_counts(Context& ctx, const HoursPieces& pc, const std::function<void(Int, const HoursCounts&)>& f);

/// The hours of period p from the totals, in the rows and order the entries' GROUP BY gives: `by`
/// is "" (one total row, or none), month, project, team or volunteer.
std::vector<std::pair<std::string, HoursFlow>> hours_flows_totals(const Run& r, const ReportPeriod& p, const std::string& by);

}  // namespace shequ::report
