// `report cases`: the mediation figures of a period (case_figures.h), settled by level, referrals,
// dispute ages and a breakdown by type, source, grid or level.
#include "reports/report_run.h"

#include <fmt/format.h>

#include "core/i18n.h"
#include "core/text.h"

namespace shequ::report {

PeriodCases period_cases(const Run& r) {
  PeriodCases c{case_figures(r.ctx, case_period(r.period), r.o.grid), std::nullopt};
  if (r.previous) c.prev = case_figures(r.ctx, case_period(*r.previous), r.o.grid);
  return c;
}

std::vector<Figure> case_figure_list(const PeriodCases& pc) {
  const CaseFigures& c = pc.cur;
  const std::optional<CaseFigures>& p = pc.prev;
  auto pv = [&](auto get) -> Cell { return p ? get(*p) : Cell{}; };
  std::vector<Figure> out;
  auto add = [&](std::string key, std::string en, std::string zh, auto get) {
    out.push_back({std::move(key), std::move(en), std::move(zh), get(c), pv(get)});
  };
  add("opened", "Cases opened", "受理案件", [](const CaseFigures& f) -> Cell { return f.opened; });
  add("agreed", "Disputes settled (agreement reached)", "调解成功（达成协议）", [](const CaseFigures& f) -> Cell { return f.agreed; });
  add("failed", "Mediation failed", "调解不成", [](const CaseFigures& f) -> Cell { return f.failed; });
  add("closed", "Cases closed", "结案", [](const CaseFigures& f) -> Cell { return f.closed; });
  add("settled_grid", "Settled inside the grid", "网格内化解", [](const CaseFigures& f) -> Cell { return f.settled_grid; });
  add("settled_community", "Settled at community level", "社区层面化解", [](const CaseFigures& f) -> Cell { return f.settled_community; });
  add("settled_beyond", "Settled beyond the community", "社区外（街道）化解", [](const CaseFigures& f) -> Cell { return f.settled_beyond; });
  add("share_inside_grid", "Share settled inside the grid", "网格内化解占比", [](const CaseFigures& f) -> Cell { return share_cell(f.share_inside_grid); });
  add("share_inside_community", "Share settled inside the community", "社区内化解占比", [](const CaseFigures& f) -> Cell { return share_cell(f.share_inside_community); });
  add("median_days_to_agreement", "Median days to agreement", "达成协议天数中位数", [](const CaseFigures& f) -> Cell { return opt_cell(f.median_days_to_agreement); });
  add("longest_dispute_days", "Oldest dispute settled (days)", "化解的最久纠纷（天）", [](const CaseFigures& f) -> Cell { return f.longest_dispute_days; });
  add("followed_up", "Follow-up visits", "回访", [](const CaseFigures& f) -> Cell { return f.followed_up; });
  add("holding", "Agreements holding", "协议履行良好", [](const CaseFigures& f) -> Cell { return f.holding; });
  add("broken", "Agreements broken", "协议未履行", [](const CaseFigures& f) -> Cell { return f.broken; });
  add("share_holding", "Share of agreements holding", "协议履行率", [](const CaseFigures& f) -> Cell { return share_cell(f.share_holding); });
  add("awaiting_followup", "Agreements not yet visited", "待回访协议", [](const CaseFigures& f) -> Cell { return f.awaiting_followup; });
  add("active_at_end", "Cases active at the end", "期末在办案件", [](const CaseFigures& f) -> Cell { return f.active_at_end; });
  return out;
}

namespace {

Section cases_breakdown(const Run& r) {
  const std::string& by = r.o.by;  // checked against the table by make_report
  std::string dim;
  std::map<std::string, std::string> labels;
  Column key_col;
  if (by == "type") {
    dim = "type";
    labels = r.vocab("case-type");
    key_col = {"type", "Type", "纠纷类型"};
  } else if (by == "source") {
    dim = "source";
    labels = r.vocab("case-source");
    key_col = {"source", "Source", "来源"};
  } else if (by == "grid") {
    dim = "grid_id";
    labels = grid_labels(r);
    key_col = {"grid", "Grid", "网格"};
  } else {  // level
    dim = "level";
    for (auto l : {"grid", "community", "street"}) labels[l] = status_label(r, l);
    key_col = {"level", "Level", "层级"};
  }
  const std::string s = to_iso(r.period.start), last = to_iso(r.period.last());
  Stmt st(r.ctx.db, fmt::format("SELECT {}, count(CASE WHEN opened_on BETWEEN ?1 AND ?2 THEN 1 END), "
                                "count(CASE WHEN agreed_on BETWEEN ?1 AND ?2 THEN 1 END), "
                                "count(CASE WHEN failed_on BETWEEN ?1 AND ?2 THEN 1 END), "
                                "count(CASE WHEN closed_on BETWEEN ?1 AND ?2 THEN 1 END), "
                                "count(CASE WHEN opened_on <= ?2 AND coalesce(agreed_on, failed_on, '9999') > ?2 THEN 1 END) "
                                "FROM mediation_case WHERE (?3 IS NULL OR grid_id = ?3) AND opened_on <= ?2 "
                                "GROUP BY 1 ORDER BY 1",
                                dim));
  st.bind_all(s, last);
  st.bind(3, r.grid_id);
  Section sec;
  sec.key = "by_" + by;
  sec.heading = L("Cases by ", "调解案件：按") + L(by, key_col.zh);
  sec.table.columns = {key_col,
                       {"opened", "Opened", "受理", true},
                       {"agreed", "Settled", "调解成功", true},
                       {"failed", "Failed", "调解不成", true},
                       {"closed", "Closed", "结案", true},
                       {"active_at_end", "Active at end", "期末在办", true}};
  while (st.step()) {
    if (st.integer(1) + st.integer(2) + st.integer(3) + st.integer(4) + st.integer(5) == 0) continue;
    std::string k = st.opt_text(0).value_or("");
    std::string name = labels.count(k) ? labels[k] : k;
    sec.table.rows.push_back({name, st.integer(1), st.integer(2), st.integer(3), st.integer(4), st.integer(5)});
  }
  return sec;
}

}  // namespace

CasePeriod case_period(const ReportPeriod& p) { return {p.start, p.last()}; }

Section cases_by_level(const Run& r, const CaseFigures& c) {
  Section s;
  s.key = "settled_by_level";
  s.heading = L("Disputes settled by level", "纠纷化解层级");
  s.table.columns = {{"level", "Level", "层级"}, {"settled", "Settled", "化解数", true}, {"share", "Share", "占比", true}};
  BarChart chart{L("Cases settled by level", "各层级化解案件数"), {}};
  auto row = [&](std::string_view code, std::string_view en, std::string_view zh, Int n) {
    double share = c.agreed ? static_cast<double>(n) / static_cast<double>(c.agreed) : 0.0;
    s.table.rows.push_back({r.label(code, en, zh), n, percent_for_people(r, round2(share))});
    chart.bars.emplace_back(L(en, zh), static_cast<double>(n));
  };
  row("grid", "Inside the grid", "网格内", c.settled_grid);
  row("community", "Community", "社区", c.settled_community);
  row("street", "Beyond (street)", "社区外（街道）", c.settled_beyond);
  s.chart = std::move(chart);
  return s;
}

Document report_cases(Context& ctx, const ReportOptions& o) {
  Run r(ctx, o);
  PeriodCases c = period_cases(r);
  const CaseFigures& cur = c.cur;
  Document d;
  d.title = r.title("Mediation cases", "矛盾纠纷调解");
  d.subtitle = r.subtitle();
  Section overview{L("Figures", "主要数据"), figures_table(r, case_figure_list(c)), std::nullopt, "figures"};
  d.sections.push_back(std::move(overview));
  d.sections.push_back(cases_by_level(r, cur));

  Section referred{L("Failed mediations: where the parties were referred", "调解不成：告知的其他途径"), {}, std::nullopt, "referred"};
  referred.table.columns = {{"referral", "Referred to", "途径"}, {"cases", "Cases", "案件数", true}};
  referred.table.rows = {{r.label("arbitration", "Arbitration", "仲裁"), cur.referred_arbitration},
                         {r.label("administrative", "Administrative", "行政"), cur.referred_administrative},
                         {r.label("court", "Court", "诉讼"), cur.referred_court}};
  d.sections.push_back(std::move(referred));

  Section ages{L("Settled disputes by how long they had lasted", "化解纠纷的持续时间"), {}, std::nullopt, "dispute_age"};
  ages.table.columns = {{"dispute_age", "Dispute had lasted", "纠纷持续"}, {"settled", "Settled", "化解数", true}};
  for (const auto& b : cur.by_dispute_age) ages.table.rows.push_back({r.label(b.key, b.en, b.zh), b.settled});
  d.sections.push_back(std::move(ages));
  d.sections.push_back(cases_breakdown(r));
  return d;
}

}  // namespace shequ::report
