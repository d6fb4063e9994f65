// `report needs`: the flow of residents' needs in a period, and needs by category, grid,
// channel or status (the breakdown the barometer and the summary show too).
#include "reports/report_run.h"

#include <fmt/format.h>
#include <algorithm>

#include "core/i18n.h"
#include "storage/dialect.h"
#include "core/text.h"

namespace shequ::report {
namespace {

// Flow figures of needs in [start, end): raised, resolved and declined in it; open and overdue
// as of its last day (or today, if sooner); mean satisfaction of those resolved in it.
struct NeedFlow {
  Int raised = 0, resolved = 0, declined = 0, open = 0, overdue = 0;
  std::optional<double> satisfaction;
  std::vector<double> days;  // raised → resolved, for the median
};

std::map<std::string, NeedFlow> need_flows(const Run& r, const ReportPeriod& p, std::string_view dim) {
  const std::string s = to_iso(p.start), e = to_iso(p.end);
  const std::string asof = to_iso(std::min(p.last(), r.today_date));
  std::map<std::string, NeedFlow> out;
  Stmt st(r.ctx.db, fmt::format(
                        "SELECT {0}, "
                        "count(CASE WHEN raised_on >= ?1 AND raised_on < ?2 THEN 1 END), "
                        "count(CASE WHEN status = 'resolved' AND closed_on >= ?1 AND closed_on < ?2 THEN 1 END), "
                        "count(CASE WHEN status = 'declined' AND closed_on >= ?1 AND closed_on < ?2 THEN 1 END), "
                        "count(CASE WHEN raised_on <= ?3 AND (closed_on IS NULL OR closed_on > ?3) THEN 1 END), "
                        "count(CASE WHEN raised_on <= ?3 AND (closed_on IS NULL OR closed_on > ?3) AND due_on < ?3 THEN 1 END), "
                        "avg(CASE WHEN status = 'resolved' AND closed_on >= ?1 AND closed_on < ?2 THEN satisfaction END) "
                        "FROM need WHERE voided_at IS NULL AND (?4 IS NULL OR grid_id = ?4) AND raised_on < max(?2, ?3) "
                        "AND (closed_on IS NULL OR closed_on >= min(?1, ?3)) GROUP BY 1",
                        dim));
  st.bind_all(s, e, asof);
  st.bind(4, r.grid_id);
  while (st.step()) {
    NeedFlow& f = out[st.opt_text(0).value_or("")];
    f.raised = st.integer(1);
    f.resolved = st.integer(2);
    f.declined = st.integer(3);
    f.open = st.integer(4);
    f.overdue = st.integer(5);
    if (!st.is_null(6)) f.satisfaction = st.real(6);
  }
  Stmt d(r.ctx.db, fmt::format("SELECT {}, {} FROM need "
                               "WHERE status = 'resolved' AND closed_on >= ?1 AND closed_on < ?2 "
                               "AND (?3 IS NULL OR grid_id = ?3) AND voided_at IS NULL",
                               dim, dialect_of(r.ctx.db).days_between("raised_on", "closed_on")));
  d.bind_all(s, e);
  d.bind(3, r.grid_id);
  while (d.step()) out[d.opt_text(0).value_or("")].days.push_back(d.real(1));
  return out;
}

}  // namespace

std::vector<Figure> need_figures(const Run& r) {
  auto cur = need_flows(r, r.period, "''")[""];
  NeedFlow prev;
  if (r.previous) prev = need_flows(r, *r.previous, "''")[""];
  auto pv = [&](Cell c) { return r.previous ? c : Cell{}; };
  return {
      {"raised", "Needs raised", "新提出诉求", cur.raised, pv(prev.raised)},
      {"resolved", "Resolved", "已解决", cur.resolved, pv(prev.resolved)},
      {"declined", "Declined (with reasons)", "不予办理（已说明理由）", cur.declined, pv(prev.declined)},
      {"open", "Open at the end", "期末未办结", cur.open, pv(prev.open)},
      {"overdue", "Overdue at the end", "期末已超期", cur.overdue, pv(prev.overdue)},
      {"median_days_to_resolve", "Median days to resolve", "办结天数中位数", opt_cell(median(cur.days)),
       pv(opt_cell(median(prev.days)))},
      {"satisfaction", "Mean satisfaction (1–5)", "平均满意度（1–5）", opt_cell(cur.satisfaction),
       pv(opt_cell(prev.satisfaction))},
  };
}

// Rows by category: every category of the vocabulary, then codes found only on old records.
Section need_breakdown(const Run& r) {
  const std::string& by = r.o.by;  // checked against the table by make_report
  std::string dim;
  std::map<std::string, std::string> labels;
  std::vector<std::string> order;
  Column key_col;
  if (by == "category") {
    dim = "category";
    labels = r.vocab("need-category");
    Stmt st(r.ctx.db, "SELECT code FROM vocab WHERE kind = 'need-category' ORDER BY sort, code");
    while (st.step()) order.push_back(st.text(0));
    key_col = {"category", "Category", "类别"};
  } else if (by == "grid") {
    dim = "grid_id";
    labels = grid_labels(r);
    key_col = {"grid", "Grid", "网格"};
  } else if (by == "channel") {
    dim = "channel";
    labels = r.vocab("channel");
    key_col = {"channel", "Channel", "渠道"};
  } else {  // status
    dim = "status";
    for (auto s : {"new", "accepted", "in-progress", "resolved", "declined"}) {
      order.push_back(s);
      labels[s] = status_label(r, s);
    }
    key_col = {"status", "Status", "状态"};
  }
  auto flows = need_flows(r, r.period, dim);
  for (const auto& [k, f] : flows)
    if (std::find(order.begin(), order.end(), k) == order.end()) order.push_back(k);
  Section s;
  s.key = "by_" + by;
  s.heading = L("Needs by ", "诉求：按") + L(by, key_col.zh);
  s.table.columns = {key_col,
                     {"raised", "Raised", "提出", true},
                     {"resolved", "Resolved", "解决", true},
                     {"declined", "Declined", "不予办理", true},
                     {"open", "Open", "未办结", true},
                     {"overdue", "Overdue", "超期", true},
                     {"median_days_to_resolve", "Median days", "办结天数中位数", true},
                     {"satisfaction", "Satisfaction", "满意度", true}};
  BarChart chart;
  chart.title = L("Needs raised by ", "新提出诉求：按") + L(by, key_col.zh);
  for (const std::string& k : order) {
    NeedFlow f;
    if (auto it = flows.find(k); it != flows.end()) f = it->second;
    std::string name = k.empty() ? (r.o.codes ? "" : L("(none)", "（未填）")) : labels.count(k) ? labels[k] : k;
    s.table.rows.push_back({name, f.raised, f.resolved, f.declined, f.open, f.overdue, opt_cell(median(f.days)),
                            opt_cell(f.satisfaction)});
    chart.bars.emplace_back(name, static_cast<double>(f.raised));
  }
  s.chart = std::move(chart);
  return s;
}

Document report_needs(Context& ctx, const ReportOptions& o) {
  Run r(ctx, o);
  Document d;
  d.title = r.title("Needs", "居民诉求");
  d.subtitle = r.subtitle();
  Section overview;
  overview.key = "figures";
  overview.heading = L("Figures", "主要数据");
  overview.table = figures_table(r, need_figures(r));
  d.sections.push_back(std::move(overview));
  d.sections.push_back(need_breakdown(r));
  return d;
}

}  // namespace shequ::report
