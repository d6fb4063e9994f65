// `report points`: the points ledger of a period, balances now, rewards redeemed.
#include "reports/report_run.h"

#include <fmt/format.h>

#include "core/i18n.h"
#include "core/text.h"

namespace shequ::report {

Document report_points(Context& ctx, const ReportOptions& o) {
  Run r(ctx, o);
  Document d;
  d.title = r.title("Points", "积分");
  d.subtitle = r.subtitle();
  // Ledger times are ISO timestamps: a day's entries sort after the day itself.
  auto sums = [&](const ReportPeriod& p) {
    std::map<std::string, double> m;
    Stmt st(ctx.db, "SELECT kind, sum(amount) FROM points_ledger WHERE at >= ?1 AND at < ?2 AND " +
                        volunteer_in_grid("volunteer_id", "?3") + " GROUP BY kind");
    st.bind_all(to_iso(p.start), to_iso(p.end));
    st.bind(3, r.grid_id);
    while (st.step()) m[st.text(0)] = st.real(1);
    return m;
  };
  auto cur = sums(r.period);
  std::map<std::string, double> prev;
  if (r.previous) prev = sums(*r.previous);
  std::vector<Figure> f;
  auto add = [&](std::string kind, std::string key, std::string en, std::string zh, double sign) {
    f.push_back({std::move(key), std::move(en), std::move(zh), round2(sign * cur[kind]),
                 r.previous ? Cell{round2(sign * prev[kind])} : Cell{}});
  };
  add("earn", "earned", "Earned from verified hours", "服务获得", 1);
  add("bonus", "bonus", "Bonus (awards, referrals)", "奖励积分", 1);
  add("redeem", "redeemed", "Redeemed for rewards", "兑换使用", -1);
  add("expire", "expired", "Expired", "过期", -1);
  add("adjust", "adjusted", "Adjustments (net)", "调整（净额）", 1);
  add("reversal", "reversed", "Reversed (voided hours)", "冲销（作废时长）", -1);
  double net = 0, pnet = 0;
  for (auto& [k, v] : cur) net += v;
  for (auto& [k, v] : prev) pnet += v;
  f.push_back({"net", "Net change", "净变化", round2(net), r.previous ? Cell{round2(pnet)} : Cell{}});
  {
    Stmt st(ctx.db, "SELECT sum(points_balance), count(CASE WHEN points_balance > 0 THEN 1 END) FROM volunteer WHERE " +
                        volunteer_in_grid("id", "?1"));
    st.bind(1, r.grid_id);
    st.step();
    f.push_back({"balance_now", "Balances now (all volunteers)", "当前积分余额合计", round2(st.is_null(0) ? 0.0 : st.real(0)), Cell{}});
    f.push_back({"volunteers_with_points", "Volunteers with points", "有积分的志愿者", st.integer(1), Cell{}});
  }
  d.sections.push_back({L("Figures", "主要数据"), figures_table(r, f), std::nullopt, "figures"});

  Section rewards{L("Rewards redeemed", "兑换的奖品"), {}, std::nullopt, "rewards"};
  rewards.table.columns = {{"reward", "Reward", "奖品"}, {"donor", "Donated by", "捐赠单位"},
                           {"redemptions", "Redemptions", "兑换次数", true}, {"quantity", "Quantity", "数量", true},
                           {"points", "Points", "积分", true}};
  Stmt st(ctx.db, "SELECT w.name, pa.name, count(*), sum(x.quantity), sum(x.points) FROM redemption x "
                  "JOIN reward w ON w.id = x.reward_id LEFT JOIN partner pa ON pa.id = w.partner_id "
                  "WHERE x.at >= ?1 AND x.at < ?2 AND NOT EXISTS (SELECT 1 FROM points_ledger l WHERE l.redemption_id = x.id "
                  "AND l.kind = 'reversal') AND " + volunteer_in_grid("x.volunteer_id", "?3") +
                  " GROUP BY w.id, pa.id ORDER BY sum(x.quantity) DESC, w.name");
  st.bind_all(to_iso(r.period.start), to_iso(r.period.end));
  st.bind(3, r.grid_id);
  BarChart chart{L("Rewards redeemed", "兑换的奖品"), {}};
  while (st.step()) {
    rewards.table.rows.push_back({st.text(0), st.opt_text(1).value_or(""), st.integer(2), st.integer(3), round2(st.real(4))});
    chart.bars.emplace_back(st.text(0), static_cast<double>(st.integer(3)));
  }
  rewards.chart = std::move(chart);
  d.sections.push_back(std::move(rewards));
  return d;
}

}  // namespace shequ::report
