// Service hours (服务时长): logging under the configured rules, verification with points in the
// same transaction, rejection, voiding with a reversal, listing.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "records/entity.h"

namespace shequ {

/// The service-hours entity (import/export kind "hours", idempotent by external_key). Its
/// prepare step applies every rule of log-hours, so a CSV row obeys the same rules as a command.
const Entity& hours_entity();


/// What `volunteer log-hours` recorded.
struct Logged {
  std::int64_t id;
  std::int64_t minutes;  // counted, after rounding to volunteer.min_unit_minutes
};

/// Logs one entry (keys as hours_entity() fields, plus "hours" as a decimal alternative to
/// "minutes"); date defaults to today; recorder is the operator; status pending. Every rule
/// (minimum unit and rounding, maximum per entry and per day, overlap, future date, before
/// joining) is refused with Error(65) naming the rule. Audited.
Logged log_hours(Context& ctx, const Input& in);

/// Which entries a decision applies to: listed ones (ids or external keys), or with `pending`
/// every pending entry matching the filters.
struct HoursSelection {
  std::vector<std::string> entries;
  bool pending = false;
  std::string volunteer, project, team, from, until;
};

/// What a decision did.
struct Decision {
  std::int64_t entries = 0;
  std::int64_t minutes = 0;
  double points = 0;
  std::int64_t in_notice = 0;   // filtered entries left pending because of the notice period
  std::string notice_until;     // the latest date one of those becomes verifiable
};

/// Verifies pending entries and writes their earned points (minutes/60 × project coefficient ×
/// points.per_hour, rounded to 0.01) in one transaction, set-based. A listed entry that is not
/// pending or still in its public-notice period (volunteer.notice_days) is refused (1); filtered
/// ones in notice are skipped and counted. Audited. `at` is the time recorded for the decision
/// and the points (ISO, default now): loading the sample verifies its year month by month.
Decision verify_hours(Context& ctx, const HoursSelection& sel, const std::string& at = "");

/// Rejects pending entries with a reason (required); no points. Audited.
Decision reject_hours(Context& ctx, const HoursSelection& sel, const std::string& reason);

/// Voids a verified entry with a reason (required): status void and a reversal of its earned
/// points in the ledger. Refuses (1) an entry that is not verified. Audited.
Decision void_hours(Context& ctx, std::string_view entry, const std::string& reason);

/// Filters of `volunteer hours`; empty members do not filter.
struct HoursFilter {
  std::string volunteer, project, team, status, period;
};
/// Service entries, newest first.
Table list_hours(Context& ctx, const HoursFilter& f, std::int64_t limit = -1);

}  // namespace shequ
