// The street office (SPEC §8; DOMAIN.md "A street office and its communities"): the communities
// of one server side by side. A street report sets the headline figures of a community report
// (the "figures" section its community sees) of every community in a row, with the street's
// total beneath; the mediation inbox lists the cases the communities have escalated to the street.
#pragma once
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/context.h"
#include "io/output.h"

namespace shequ {

namespace report {
struct Run;
struct Figure;
}  // namespace report

/// How the street's total of one figure is made from its communities' values; a figure the
/// street report does not list is summed.
struct StreetTotal {
  std::string_view key;
  enum class How { share, max, none } how;
  std::vector<std::string_view> numerator = {};  ///< share: the figures summed over …
  std::string_view denominator = {};             ///< … this one's sum
};

/// One street report: the one place it is registered; the CLI makes `shequ street report KIND`
/// from it.
struct StreetReportKind {
  std::string_view kind;     ///< `shequ street report KIND`
  std::string_view title_en, title_zh;  ///< its title, before the period
  std::string_view en, zh;   ///< what it shows, in a line
  std::string_view example;  ///< a command line that runs on the test server (--help)
  std::string_view report;   ///< the community report whose figures it shows (its default period)
  std::vector<report::Figure> (*figures)(const report::Run&) = nullptr;
  std::vector<StreetTotal> totals;  ///< the figures not summed: shares, the largest, medians and means
};

/// Every street report, in the order `shequ street report --help` lists them.
const std::vector<StreetReportKind>& street_report_table();

/// What the street reports on.
struct StreetOptions {
  std::string kind;                      ///< a kind of street_report_table()
  std::string period;                    ///< as typed (period.h); empty: the community report's default
  std::vector<std::string> communities;  ///< codes; empty: every community on the server
  bool codes = false;                    ///< machine formats: codes and plain numbers
  bool charts = false;                   ///< html and xlsx: a chart of the communities per figure
};

/// The communities a street command covers: those named (66 for one not registered, listing
/// those that are), else all; none on the server is 66 with the way to create one.
std::vector<std::string> street_communities(Context& ctx, const std::vector<std::string>& only);

/// Runs `each(ctx, i)` in community codes[i], entered (its schema the one the statements see),
/// for every i; on the server's many communities, on two connections at once: most of a street
/// report's time is the server's planning and running of each community's statements. `each` may
/// write only its own i's results. An error in any community is thrown once all have stopped.
void for_each_community(Context& ctx, const std::vector<std::string>& codes,
                        const std::function<void(Context&, std::size_t)>& each);

/// `shequ street report KIND`: one row per community (its code, its name, the figures of its own
/// report of that kind for the period) and the street's total. The connection ends in the last
/// community's schema.
Document street_report(Context& ctx, const StreetOptions& o);

/// `shequ street communities`: code, name, registration date, residents, open cases at the street.
Table street_community_table(Context& ctx, bool codes);

/// `shequ street cases`: the street's mediation inbox, the active cases escalated to the street
/// in each community (only those overdue or due a follow-up visit with `due`), with the
/// community's code; never any confidential text.
Table street_cases(Context& ctx, const std::vector<std::string>& only, bool due);

}  // namespace shequ
