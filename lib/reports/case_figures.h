// The mediation figures of a period, for `report cases` and `report summary`: how many cases
// were opened, settled and where, how fast, how old the disputes were, and whether the
// agreements held. No confidential text is read.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/context.h"
#include "core/date.h"

namespace shequ {

/// A closed range of days, both ends included.
struct CasePeriod {
  Date from;
  Date to;
};

/// Settled disputes by how long the dispute had lasted when it was settled.
struct DisputeAgeBucket {
  std::string key;           // "under-1y", "1-3y", "3-5y", "5y-plus"
  std::string en, zh;        // labels
  int min_years = 0;         // dispute age >= min_years …
  int max_years = -1;        // … and < max_years (-1: no upper bound)
  std::int64_t settled = 0;
};

/// Figures of a period. "Agreed" means an agreement was reached in the period and still stands
/// (a reopened case counts once it is agreed again); settled = agreed.
struct CaseFigures {
  CasePeriod period;
  std::int64_t opened = 0;    // opened_on in the period
  std::int64_t agreed = 0;    // agreed_on in the period
  std::int64_t failed = 0;    // failed_on in the period
  std::int64_t closed = 0;    // closed_on in the period
  std::int64_t referred_arbitration = 0, referred_administrative = 0, referred_court = 0;  // of failed
  std::int64_t settled_grid = 0;       // agreed while at grid level
  std::int64_t settled_community = 0;  // … at community level
  std::int64_t settled_beyond = 0;     // … at street level
  double share_inside_grid = 0;        // settled_grid / agreed (0 when nothing was agreed)
  double share_inside_community = 0;   // (settled_grid + settled_community) / agreed
  std::optional<double> median_days_to_agreement;  // opened_on → agreed_on
  std::vector<DisputeAgeBucket> by_dispute_age;    // dispute age = agreed_on − dispute_since (opened_on if unknown)
  std::int64_t longest_dispute_days = 0;           // the oldest dispute settled in the period
  std::int64_t followed_up = 0;  // follow-up visits made in the period (every one, not only a case's latest)
  std::int64_t holding = 0;      // … that found the agreement holding
  std::int64_t broken = 0;       // … that found it broken (including cases reopened since)
  double share_holding = 0;      // holding / followed_up (0 when no visits)
  std::int64_t awaiting_followup = 0;  // agreements of the period not (yet) visited
  std::int64_t active_at_end = 0;      // open or mediating at the end of the period (opened by then, not concluded by then)
};

/// Computes the figures for a period, optionally for one grid (reference; 66 if unknown).
CaseFigures case_figures(Context& ctx, const CasePeriod& period, const std::string& grid = "");

}  // namespace shequ
