// Saved reports (SPEC §5 `shequ report run`): `[reports.NAME]` tables of the config naming a
// report, its options, format and output path, for cron; checked when read, so a mistake is a
// config error naming the key, not a failed night.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/config.h"
#include "reports/reports.h"

namespace shequ {

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
/// folder), or, when that is empty, the folder of `data_file`; where `data_file` is a server's
/// URL, the settings file's folder stands for the data file's. Absolute.
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
