// What every report is built with (lib/reports/): a Run holds one report's options, its period
// and grid, and says how a cell reads (codes for machines, labels for people); Figure and
// figures_table give the headline table with --compare's previous period and change. The
// reports themselves are one file each (report_KIND.cpp), registered in report_table.cpp.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "reports/case_figures.h"
#include "core/context.h"
#include "io/output.h"
#include "core/period.h"
#include "reports/reports.h"

namespace shequ::report {

using Int = std::int64_t;

/// The text of the current language.
std::string L(std::string_view en, std::string_view zh);
/// v rounded to two decimals.
double round2(double v);
/// Null when absent, else rounded to two decimals.
Cell opt_cell(const std::optional<double>& v);
/// The median of the values, or nullopt for none.
std::optional<double> median(std::vector<double> v);
/// Minutes as hours, two decimals.
Cell hours_cell(Int minutes);
/// A share (0.86) rounded to two decimals; figures_table shows it as a percentage to people.
Cell share_cell(double share);

/// Everything one report run needs besides the SQL: the period, the grid, labels or codes.
struct Run {
  Context& ctx;
  const ReportOptions& o;
  ReportPeriod period;                  ///< report_period(): today for a report as of today
  std::optional<ReportPeriod> previous; ///< with --compare
  std::optional<Int> grid_id;           ///< --grid, resolved (66 if unknown)
  std::string grid_label;               ///< "03 第三网格"
  Date today_date;

  Run(Context& c, const ReportOptions& opts);

  /// A label cell: the stable code in machine formats, the localised label for people.
  std::string label(std::string_view code, std::string_view en, std::string_view zh) const;
  /// Vocabulary labels of a kind by code (the code itself in machine formats).
  std::map<std::string, std::string> vocab(std::string_view kind) const;
  /// An absent value: empty in machine formats, the placeholder people read otherwise.
  Cell none(std::string_view en, std::string_view zh) const;
  /// The community, the grid, the period (or "as of" today) and what it is compared with.
  std::string subtitle(bool with_period = true) const;
  /// "Needs 2026-11" (the title alone without the period).
  std::string title(std::string_view en, std::string_view zh, bool with_period = true) const;
};

/// One headline figure with its value in the period and, with --compare, the previous period.
/// A key starting "share_" is a share: a percentage for people.
struct Figure {
  std::string key;
  std::string en, zh;
  Cell value;
  Cell previous;
};

/// A share (0.86) as people read it, "86%"; machine formats keep the plain number.
Cell percent_for_people(const Run& r, const Cell& share);

/// The figures as a table: figure, value, and with --compare the previous value and the change.
Table figures_table(const Run& r, const std::vector<Figure>& figures);

/// The grid labels by id as text ("03 第三网格", or the code in machine formats).
std::map<std::string, std::string> grid_labels(const Run& r);

/// A need's or case's status or level as people read it (the code in machine formats).
std::string status_label(const Run& r, std::string_view status);

/// An SQL condition: `column` (a volunteer id) is a volunteer living in the grid `param`, or
/// `param` is NULL.
std::string volunteer_in_grid(std::string_view column, std::string_view param);

// ---- sections more than one report shows ----

/// Needs by r.o.by (category, grid, channel, status): raised, resolved, declined, open, overdue,
/// median days, satisfaction (report_needs.cpp; the barometer and the summary show it by category).
Section need_breakdown(const Run& r);

/// A report period as the closed range case_figures() takes.
CasePeriod case_period(const ReportPeriod& p);

/// Disputes settled by level with their shares (report_cases.cpp; the summary shows it too).
Section cases_by_level(const Run& r, const CaseFigures& c);

// ---- the headline figures: a report's "figures" section, and its community's row in the street's ----

/// The case figures of the run's period and, with --compare, of the previous period (report_cases.cpp).
struct PeriodCases {
  CaseFigures cur;
  std::optional<CaseFigures> prev;
};
PeriodCases period_cases(const Run& r);

std::vector<Figure> summary_figures(const Run& r, const PeriodCases& c);  // report_summary.cpp
std::vector<Figure> case_figure_list(const PeriodCases& c);               // report_cases.cpp
std::vector<Figure> need_figures(const Run& r);                           // report_needs.cpp
std::vector<Figure> hours_figures(const Run& r);                          // report_hours.cpp
/// What is due today, counted: cases by kind, needs overdue and not yet accepted, entries and
/// hours awaiting verification, volunteers whose points expire soon (report_due.cpp).
std::vector<Figure> due_figures(const Run& r);

/// An option the kind does not take: the option ("by", "grid", "period", "compare"), what is
/// wrong and a hint; make_report and saved reports refuse it rather than ignore it.
struct OptionProblem {
  std::string option, message, hint;
};
std::optional<OptionProblem> option_problem(const ReportKind& k, const ReportOptions& o);

}  // namespace shequ::report
