// Reports (SPEC §5 `shequ report`): the street's monthly figures, the notice board's barometer,
// the coordinator's daily inbox. Each returns a Document that renders in every format; each
// figure comes from aggregate SQL, and no report reads masked personal data or confidential
// case text.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "context.h"
#include "output.h"
#include "period.h"

namespace shequ {

/// What to report on; empty members take the kind's defaults.
struct ReportOptions {
  std::string kind;     ///< needs|hours|points|stars|cases|grid|barometer|summary|due
  std::string period;   ///< as typed (see period.h); default this-year for summary and barometer, else this-month
  std::string grid;     ///< one grid (reference); empty: the whole community
  std::string by;       ///< breakdown: needs category|grid|channel|status, cases type|grid|level|source, hours volunteer|team|project|month
  bool compare = false; ///< add the previous period's figures beside each headline figure
  bool codes = false;   ///< machine formats: stable ASCII codes in label cells instead of localised labels
  bool detail = false;  ///< barometer: the full tables besides the one-page board
  bool from_entries = false; ///< hours and residents from the entries and persons, not their running totals (tests compare the two)
};

/// The report kinds in the order `shequ report --help` lists them.
const std::vector<std::string>& report_kinds();

/// The period a report covers: options.period parsed against today() and reports.week_start.
ReportPeriod report_period(Context& ctx, const ReportOptions& o);

/// Needs raised, resolved, declined, open and overdue (as of the period's end or today, if
/// sooner), median days to resolve and mean satisfaction; broken down by options.by.
Document report_needs(Context& ctx, const ReportOptions& o);
/// Mediation figures of the period (case_figures): opened, agreed, failed, settled by level
/// with shares, median days, long-standing disputes settled, agreements holding; and a breakdown.
Document report_cases(Context& ctx, const ReportOptions& o);
/// One grid (or every grid) at a glance, as of today: households, residents, floating residents,
/// aged 60+, party members, the 1+1+N team and leaders, volunteers, open cases and needs.
Document report_grid(Context& ctx, const ReportOptions& o);
/// The public barometer, one A4 page for the notice board: how many residents took part and the
/// overall satisfaction, the distribution of scores, the average per category, the lowest-rated
/// items, the latest published outcomes; with detail, every item and needs by category. Plain
/// names, no internal ids; an item with fewer than barometer.min_count evaluations shows no
/// average ("too few responses"), nor its score counts. Anonymous: no resident is named.
Document report_barometer(Context& ctx, const ReportOptions& o);
/// The headline figures of a period: residents, households, party members, partners,
/// volunteers, teams, hours, disputes settled and where, needs by category, services delivered.
Document report_summary(Context& ctx, const ReportOptions& o);
/// The daily inbox as of today: cases due for escalation, overdue cases, follow-up visits due,
/// overdue needs, needs not yet accepted, hours awaiting verification, points expiring soon.
Document report_due(Context& ctx, const ReportOptions& o);
/// Verified hours and active volunteers by volunteer, team, project or month; pending hours.
Document report_hours(Context& ctx, const ReportOptions& o);
/// Points earned, bonus, redeemed, expired, adjusted in the period, balances, rewards redeemed.
Document report_points(Context& ctx, const ReportOptions& o);
/// Volunteers per star level (cumulative verified hours) and who reached a level in the period.
Document report_stars(Context& ctx, const ReportOptions& o);

/// The report options.kind names (Error(Exit::usage) listing the kinds if unknown), its html
/// footer naming the community, the period and the generation date.
Document make_report(Context& ctx, const ReportOptions& o);

/// A report saved in the config as `[reports.NAME]` for cron.
struct SavedReport {
  std::string name;
  ReportOptions options;
  Format format = Format::html;
  std::string out;   ///< the path pattern as written ({period}, {date}, {year}, {month}, {name}, {kind})
  std::string lang;  ///< "zh", "en" or empty (ui.lang)
};

/// Names of the saved reports in the config, sorted.
std::vector<std::string> saved_report_names(const Config& config);

/// The saved reports as a table (name, kind, period, format, out); a broken entry shows its error.
Table saved_reports_table(const Config& config);

/// Reads `[reports.NAME]`: kind and out required; period, grid, by, compare, format (default: the
/// out file's extension), lang optional. Unknown NAME is Error(Exit::not_found); a missing or bad
/// key, an unknown placeholder or period is Error(Exit::config) naming reports.NAME.KEY.
SavedReport saved_report(const Config& config, std::string_view name);

/// The folder a relative `out` is taken from: `reports.dir` (a relative one from the data file's
/// folder), or, when that is empty, the folder of `data_file`. Absolute.
std::string reports_folder(const Config& config, const std::string& data_file);

/// The output path of a saved report for a period and day: placeholders filled ({date} is `day`;
/// {year} and {month} are the period's), a relative path taken from reports_folder(). Absolute.
std::string saved_report_path(const Config& config, const std::string& data_file, const SavedReport& r,
                              const ReportPeriod& period, Date day);

/// The mode saved reports are written with: `reports.mode` ("0640"), or nullopt to follow the umask.
std::optional<unsigned> reports_mode(const Config& config);

/// `report run NAME`: builds the saved report and writes it atomically (missing folders are
/// created; an out that is a protected file is refused, Error(Exit::usage)); returns the path
/// written. Every failure throws, and nothing is half-written.
std::string run_saved_report(Context& ctx, std::string_view name);

}  // namespace shequ
