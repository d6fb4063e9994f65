#include "reports/case_figures.h"

#include <algorithm>

#include "records/entity.h"

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
  // One query per date of the case, each a range of that date's covering index (migration
  // 0012); ?1..?2 is the period, ?3 the grid or NULL. Prepared once for both periods of --compare.
  auto query = [&](const std::string& what, const std::string& where, auto row) {
    auto st = ctx.db.cached("SELECT " + what + " FROM mediation_case WHERE (?3 IS NULL OR grid_id = ?3) AND " + where);
    st.bind_all(from, to);
    st.bind(3, grid_id);
    while (st.step()) row(st);
  };
  query("count(*)", "opened_on BETWEEN ?1 AND ?2", [&](Stmt& st) { f.opened = st.integer(0); });
  query("count(*), count(CASE WHEN referral = 'arbitration' THEN 1 END), "
        "count(CASE WHEN referral = 'administrative' THEN 1 END), count(CASE WHEN referral = 'court' THEN 1 END)",
        "failed_on BETWEEN ?1 AND ?2", [&](Stmt& st) {
          f.failed = st.integer(0);
          f.referred_arbitration = st.integer(1);
          f.referred_administrative = st.integer(2);
          f.referred_court = st.integer(3);
        });
  query("count(*)", "closed_on BETWEEN ?1 AND ?2", [&](Stmt& st) { f.closed = st.integer(0); });
  {  // Every visit of the period (a range of case_entry_kind, which the planner picks unaided): the follow-up entries of the timelines (the case row keeps only
     // the latest), and the one visit a case imported from a paper register carries without them.
    auto st = ctx.db.cached(
        "SELECT count(*), count(CASE WHEN result = 'holding' THEN 1 END), count(CASE WHEN result = 'broken' THEN 1 END) "
        "FROM (SELECT e.code AS result FROM case_entry e JOIN mediation_case t ON t.id = e.case_id "
        "      WHERE e.kind = 'follow-up' AND e.on_date BETWEEN ?1 AND ?2 AND (?3 IS NULL OR t.grid_id = ?3) "
        "      UNION ALL "
        "      SELECT t.followup FROM mediation_case t WHERE t.followup_on BETWEEN ?1 AND ?2 AND (?3 IS NULL OR t.grid_id = ?3) "
        "      AND NOT EXISTS (SELECT 1 FROM case_entry e WHERE e.case_id = t.id AND e.kind = 'follow-up')) AS visits");
    st.bind_all(from, to);
    st.bind(3, grid_id);
    if (st.step()) {
      f.followed_up = st.integer(0);
      f.holding = st.integer(1);
      f.broken = st.integer(2);
    }
  }
  if (f.followed_up > 0) f.share_holding = static_cast<double>(f.holding) / static_cast<double>(f.followed_up);
  query("count(*)", "coalesce(agreed_on, failed_on, '9999') > ?2 AND opened_on <= ?2 AND ?1 <= ?2",
        [&](Stmt& st) { f.active_at_end = st.integer(0); });

  // The agreements of the period, one row each: where they were settled, whether they were
  // visited, days to agreement and dispute ages.
  std::vector<int> days;
  query("opened_on, agreed_on, coalesce(dispute_since, opened_on), settled_level, followup_on IS NULL",
        "agreed_on BETWEEN ?1 AND ?2", [&](Stmt& st) {
          ++f.agreed;
          std::string level = st.opt_text(3).value_or("");
          if (level == "grid") ++f.settled_grid;
          if (level == "community") ++f.settled_community;
          if (level == "street") ++f.settled_beyond;
          if (st.integer(4)) ++f.awaiting_followup;
          Date opened = *parse_date(st.text(0)), agreed = *parse_date(st.text(1)), since = *parse_date(st.text(2));
          days.push_back(days_between(opened, agreed));
          // Completed years, counted like an age (a dispute begun on 29 Feb has its anniversary on 1 Mar).
          int years = std::max(0, age_on(since, agreed));
          f.longest_dispute_days = std::max<std::int64_t>(f.longest_dispute_days, days_between(since, agreed));
          for (auto& b : f.by_dispute_age)
            if (years >= b.min_years && (b.max_years < 0 || years < b.max_years)) ++b.settled;
        });
  if (f.agreed > 0) {
    f.share_inside_grid = static_cast<double>(f.settled_grid) / static_cast<double>(f.agreed);
    f.share_inside_community = static_cast<double>(f.settled_grid + f.settled_community) / static_cast<double>(f.agreed);
  }
  if (!days.empty()) {
    std::sort(days.begin(), days.end());
    std::size_t n = days.size();
    f.median_days_to_agreement = n % 2 ? days[n / 2] : (days[n / 2 - 1] + days[n / 2]) / 2.0;
  }
  return f;
}

}  // namespace shequ
