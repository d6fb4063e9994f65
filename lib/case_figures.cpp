#include "case_figures.h"

#include <algorithm>

#include "entity.h"

namespace shequ {

CaseFigures case_figures(Context& ctx, const CasePeriod& period, const std::string& grid) {
  CaseFigures f;
  f.period = period;
  f.by_dispute_age = {
      {"under-1y", "under 1 year", "不足1年", 0, 1},
      {"1-3y", "1 to 3 years", "1至3年", 1, 3},
      {"3-5y", "3 to 5 years", "3至5年", 3, 5},
      {"5y-plus", "5 years or more", "5年及以上", 5, -1},
  };
  std::optional<std::int64_t> grid_id;
  if (!grid.empty()) grid_id = resolve(ctx, "grid", grid);
  const std::string from = to_iso(period.from), to = to_iso(period.to);
  auto count = [&](const std::string& where) {
    Stmt st(ctx.db, "SELECT count(*) FROM mediation_case WHERE (?3 IS NULL OR grid_id = ?3) AND " + where);
    st.bind_all(from, to);
    st.bind(3, grid_id);
    return st.step() ? st.integer(0) : 0;
  };
  f.opened = count("opened_on BETWEEN ?1 AND ?2");
  f.agreed = count("agreed_on BETWEEN ?1 AND ?2");
  f.failed = count("failed_on BETWEEN ?1 AND ?2");
  f.closed = count("closed_on BETWEEN ?1 AND ?2");
  f.referred_arbitration = count("failed_on BETWEEN ?1 AND ?2 AND referral = 'arbitration'");
  f.referred_administrative = count("failed_on BETWEEN ?1 AND ?2 AND referral = 'administrative'");
  f.referred_court = count("failed_on BETWEEN ?1 AND ?2 AND referral = 'court'");
  f.settled_grid = count("agreed_on BETWEEN ?1 AND ?2 AND settled_level = 'grid'");
  f.settled_community = count("agreed_on BETWEEN ?1 AND ?2 AND settled_level = 'community'");
  f.settled_beyond = count("agreed_on BETWEEN ?1 AND ?2 AND settled_level = 'street'");
  if (f.agreed > 0) {
    f.share_inside_grid = static_cast<double>(f.settled_grid) / static_cast<double>(f.agreed);
    f.share_inside_community = static_cast<double>(f.settled_grid + f.settled_community) / static_cast<double>(f.agreed);
  }
  f.followed_up = count("followup_on BETWEEN ?1 AND ?2");
  f.holding = count("followup_on BETWEEN ?1 AND ?2 AND followup = 'holding'");
  f.broken = count("followup_on BETWEEN ?1 AND ?2 AND followup = 'broken'");
  if (f.followed_up > 0) f.share_holding = static_cast<double>(f.holding) / static_cast<double>(f.followed_up);
  f.awaiting_followup = count("agreed_on BETWEEN ?1 AND ?2 AND followup_on IS NULL");
  f.active_at_end = count("opened_on <= ?2 AND coalesce(agreed_on, failed_on, '9999') > ?2 AND ?1 <= ?2");

  // Days to agreement and dispute ages, one row per agreement of the period.
  Stmt st(ctx.db,
          "SELECT opened_on, agreed_on, coalesce(dispute_since, opened_on) FROM mediation_case "
          "WHERE agreed_on BETWEEN ?1 AND ?2 AND (?3 IS NULL OR grid_id = ?3)");
  st.bind_all(from, to);
  st.bind(3, grid_id);
  std::vector<int> days;
  while (st.step()) {
    Date opened = *parse_date(st.text(0)), agreed = *parse_date(st.text(1)), since = *parse_date(st.text(2));
    days.push_back(days_between(opened, agreed));
    // Completed years, counted like an age (a dispute begun on 29 Feb has its anniversary on 1 Mar).
    int years = std::max(0, age_on(since, agreed));
    f.longest_dispute_days = std::max<std::int64_t>(f.longest_dispute_days, days_between(since, agreed));
    for (auto& b : f.by_dispute_age)
      if (years >= b.min_years && (b.max_years < 0 || years < b.max_years)) ++b.settled;
  }
  if (!days.empty()) {
    std::sort(days.begin(), days.end());
    std::size_t n = days.size();
    f.median_days_to_agreement = n % 2 ? days[n / 2] : (days[n / 2 - 1] + days[n / 2]) / 2.0;
  }
  return f;
}

}  // namespace shequ
