// Reports (SPEC §5 `shequ report`): the street's monthly figures, the notice board's barometer,
// the coordinator's daily inbox. Each returns a Document that renders in every format; each
// figure comes from aggregate SQL, and no report reads masked personal data or confidential
// case text.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/context.h"
#include "io/output.h"
#include "core/period.h"

namespace shequ {

/// What to report on; empty members take the kind's defaults.
struct ReportOptions {
  std::string kind;     ///< a kind of report_table()
  std::string period;   ///< as typed (see period.h); empty: the kind's default period
  std::string grid;     ///< one grid (reference); empty: the whole community
  std::string by;       ///< breakdown, one of the kind's `by` values; empty: its default
  bool compare = false; ///< add the previous period's figures beside each headline figure
  bool codes = false;   ///< machine formats: stable ASCII codes in label cells instead of localised labels
  bool detail = false;  ///< barometer: the full tables besides the one-page board
  bool from_entries = false; ///< hours and residents from the entries and persons, not their running totals (tests compare the two)
};

/// One report: the one place a report is registered (as ninja's table of tools). The library
/// builds and checks options from it; the CLI makes its verb, flags, help and completions from it.
struct ReportKind {
  std::string_view kind;             ///< `shequ report KIND`, and `kind =` of a saved report
  std::string_view en, zh;           ///< what it shows, in a line (the verb's --help)
  std::string_view example;          ///< a command line that runs, for --help
  std::string_view default_period;   ///< "this-month" or "this-year"; empty: as of today, no --period or --compare
  bool grid = false;                 ///< --grid applies
  std::vector<std::string_view> by;  ///< the --by values, the default first; empty: no --by
  bool detail = false;               ///< --detail applies (the barometer's full tables)
  Document (*build)(Context&, const ReportOptions&) = nullptr;

  bool takes_period() const { return !default_period.empty(); }
};

/// Every report, in the order `shequ report --help` lists them.
const std::vector<ReportKind>& report_table();

/// The report named `kind`; Error(Exit::usage) listing the reports if there is none.
const ReportKind& report_kind(std::string_view kind);

/// The kinds of report_table(), in its order.
std::vector<std::string> report_kinds();

/// The reports as a table (kind, what it shows, default period, --grid, --by values, example) for
/// `shequ report list`; with codes, machine formats get no translated text but the description.
Table report_kinds_table(bool codes);

/// The period a report covers: options.period (else the kind's default) parsed against today()
/// and reports.week_start; a report as of today covers today.
ReportPeriod report_period(Context& ctx, const ReportOptions& o);

/// The report options.kind names, with its html footer naming the community, the period and the
/// generation date. An unknown kind, or a --by, --grid or --period the kind does not take, is
/// Error(Exit::usage) naming what it does take.
Document make_report(Context& ctx, const ReportOptions& o);

}  // namespace shequ
