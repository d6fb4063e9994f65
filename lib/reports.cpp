#include "reports.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

#include "atomic_file.h"
#include "barometer_page.h"
#include "case_figures.h"
#include "cases.h"
#include "entity.h"
#include "error.h"
#include "evaluations.h"
#include "html_page.h"
#include "i18n.h"
#include "paths.h"
#include "text.h"

namespace shequ {
namespace {

using Int = std::int64_t;

std::string L(std::string_view en, std::string_view zh) { return std::string(tr(en, zh)); }

double round2(double v) { return std::round(v * 100.0) / 100.0; }

Cell opt_cell(const std::optional<double>& v) {
  if (!v) return std::monostate{};
  return round2(*v);
}

// Median of a sorted list of day counts.
std::optional<double> median(std::vector<double> v) {
  if (v.empty()) return std::nullopt;
  std::sort(v.begin(), v.end());
  std::size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}

bool table_exists(Context& ctx, std::string_view name) {
  auto st = ctx.db.cached("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?");
  st.bind(1, name);
  bool found = st.step();
  return found;
}

// Everything one report run needs besides the SQL: the period, the grid, labels or codes.
struct Run {
  Context& ctx;
  const ReportOptions& o;
  ReportPeriod period;
  std::optional<ReportPeriod> previous;
  std::optional<Int> grid_id;
  std::string grid_label;
  Date today_date;

  Run(Context& c, const ReportOptions& opts, bool uses_period) : ctx(c), o(opts), today_date(today()) {
    if (uses_period) {
      period = report_period(c, opts);
      if (opts.compare) previous = previous_period(period);
    } else {
      period = {today_date, add_days(today_date, 1), PeriodUnit::range, to_iso(today_date)};
    }
    if (!opts.grid.empty()) {
      grid_id = resolve(c, "grid", opts.grid);
      Stmt st(c.db, "SELECT code || ' ' || name FROM grid WHERE id = ?");
      st.bind(1, *grid_id);
      if (st.step()) grid_label = st.text(0);
    }
  }

  // A label cell: the stable code in machine formats, the localised label for people.
  std::string label(std::string_view code, std::string_view en, std::string_view zh) const {
    return o.codes ? std::string(code) : L(en, zh);
  }

  // Vocabulary labels of a kind by code (the code itself in machine formats).
  std::map<std::string, std::string> vocab(std::string_view kind) const {
    std::map<std::string, std::string> m;
    Stmt st(ctx.db, "SELECT code, zh, en FROM vocab WHERE kind = ?");
    st.bind(1, kind);
    while (st.step()) m[st.text(0)] = o.codes ? st.text(0) : (language() == Lang::en ? st.text(2) : st.text(1));
    return m;
  }

  std::string subtitle(bool with_period = true) const {
    std::vector<std::string> parts{ctx.config.string("community.name")};
    if (grid_id) parts.push_back(L("grid ", "网格 ") + grid_label);
    if (with_period)
      parts.push_back(fmt::format("{} ({} – {})", period.label, to_iso(period.start), to_iso(period.last())));
    else
      parts.push_back(fmt::format(fmt::runtime(L("as of {}", "截至 {}")), to_iso(today_date)));
    if (previous) parts.push_back(fmt::format(fmt::runtime(L("compared with {}", "对比 {}")), previous->label));
    return join(parts, " · ");
  }

  std::string title(std::string_view en, std::string_view zh, bool with_period = true) const {
    return with_period ? fmt::format("{} {}", L(en, zh), period.label) : L(en, zh);
  }
};

// One headline figure with its value in the period and, with --compare, the previous period.
struct Figure {
  std::string key;
  std::string en, zh;
  Cell value;
  Cell previous;
};

Cell difference(const Cell& a, const Cell& b) {
  auto num = [](const Cell& c) -> std::optional<double> {
    if (auto i = std::get_if<Int>(&c)) return static_cast<double>(*i);
    if (auto d = std::get_if<double>(&c)) return *d;
    return std::nullopt;
  };
  auto x = num(a), y = num(b);
  if (!x || !y) return std::monostate{};
  if (std::holds_alternative<Int>(a) && std::holds_alternative<Int>(b)) return std::get<Int>(a) - std::get<Int>(b);
  return round2(*x - *y);
}

// A share (0.86) as people read it, "86%"; machine formats keep the plain number.
Cell percent_for_people(const Run& r, const Cell& share) {
  const double* v = std::get_if<double>(&share);
  if (r.o.codes || !v) return share;
  return cell_text(Cell{std::round(*v * 1000.0) / 10.0}) + "%";
}

Table figures_table(const Run& r, const std::vector<Figure>& figures) {
  Table t;
  t.columns = {{"figure", "Figure", "指标"}, {"value", "Value", "数值", true}};
  if (r.previous) {
    t.columns.push_back({"previous", "Previous period", "上期", true});
    t.columns.push_back({"change", "Change", "变化", true});
  }
  for (const Figure& f : figures) {
    const bool share = f.key.starts_with("share_");
    auto shown = [&](const Cell& c) { return share ? percent_for_people(r, c) : c; };
    std::vector<Cell> row{r.label(f.key, f.en, f.zh), shown(f.value)};
    if (r.previous) {
      row.push_back(shown(f.previous));
      row.push_back(shown(difference(f.value, f.previous)));
    }
    t.rows.push_back(std::move(row));
  }
  return t;
}

Cell share_cell(double share) { return round2(share); }

// ---- needs ----

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
  Stmt d(r.ctx.db, fmt::format("SELECT {}, julianday(closed_on) - julianday(raised_on) FROM need "
                               "WHERE status = 'resolved' AND closed_on >= ?1 AND closed_on < ?2 "
                               "AND (?3 IS NULL OR grid_id = ?3) AND voided_at IS NULL",
                               dim));
  d.bind_all(s, e);
  d.bind(3, r.grid_id);
  while (d.step()) out[d.opt_text(0).value_or("")].days.push_back(d.real(1));
  return out;
}

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

// The grid labels by id as text ("03 第三网格", or the code in machine formats).
std::map<std::string, std::string> grid_labels(const Run& r) {
  std::map<std::string, std::string> m;
  Stmt st(r.ctx.db, "SELECT id, code, name FROM grid");
  while (st.step()) m[std::to_string(st.integer(0))] = r.o.codes ? st.text(1) : st.text(1) + " " + st.text(2);
  return m;
}

std::string status_label(const Run& r, std::string_view status) {
  static const std::map<std::string, std::pair<std::string, std::string>, std::less<>> k = {
      {"new", {"New", "新提出"}},
      {"accepted", {"Accepted", "已受理"}},
      {"in-progress", {"In progress", "办理中"}},
      {"resolved", {"Resolved", "已解决"}},
      {"declined", {"Declined", "不予办理"}},
      {"open", {"Open", "待调解"}},
      {"mediating", {"Mediating", "调解中"}},
      {"agreed", {"Agreed", "已达成协议"}},
      {"failed", {"Failed", "调解不成"}},
      {"closed", {"Closed", "已结案"}},
      {"grid", {"Grid", "网格"}},
      {"community", {"Community", "社区"}},
      {"street", {"Street", "街道"}},
  };
  auto it = k.find(status);
  if (r.o.codes || it == k.end()) return std::string(status);
  return L(it->second.first, it->second.second);
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
    std::string name = k.empty() ? L("(none)", "（未填）") : labels.count(k) ? labels[k] : k;
    s.table.rows.push_back({name, f.raised, f.resolved, f.declined, f.open, f.overdue, opt_cell(median(f.days)),
                            opt_cell(f.satisfaction)});
    chart.bars.emplace_back(name, static_cast<double>(f.raised));
  }
  s.chart = std::move(chart);
  return s;
}

// ---- cases ----

CasePeriod case_period(const ReportPeriod& p) { return {p.start, p.last()}; }

std::vector<Figure> case_figure_list(const CaseFigures& c, const std::optional<CaseFigures>& p) {
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

// ---- grid ----

struct GridRow {
  Int id = 0;
  std::string code, name;
  Int buildings = 0, households = 0, residents = 0, floating = 0, aged60 = 0, party = 0;
  std::string committee, officer, grid_leaders;
  Int central_households = 0, neighbourhood_leaders = 0, volunteers = 0, open_cases = 0, open_needs = 0;
};

// Runs `sql` (?1 = the grid or NULL, ?2 = today, ?3 = the day one turns 60 or earlier) and
// hands each (grid id, columns…) row to `f`.
template <class F>
void per_grid(const Run& r, const std::string& sql, F f) {
  Stmt st(r.ctx.db, sql);
  st.bind(1, r.grid_id);
  if (st.parameter_count() >= 2) st.bind(2, to_iso(r.today_date));
  if (st.parameter_count() >= 3) st.bind(3, to_iso(add_months(r.today_date, -60 * 12)));
  while (st.step()) f(st);
}

std::vector<GridRow> grid_rows(const Run& r) {
  std::vector<GridRow> rows;
  std::map<Int, std::size_t> at;
  per_grid(r, "SELECT id, code, name FROM grid WHERE (?1 IS NULL OR id = ?1) ORDER BY code", [&](Stmt& st) {
    at[st.integer(0)] = rows.size();
    rows.push_back({st.integer(0), st.text(1), st.text(2)});
  });
  auto row = [&](Stmt& st) -> GridRow* {
    if (st.is_null(0)) return nullptr;
    auto it = at.find(st.integer(0));
    return it == at.end() ? nullptr : &rows[it->second];
  };
  per_grid(r, "SELECT grid_id, count(*) FROM building WHERE (?1 IS NULL OR grid_id = ?1) GROUP BY grid_id",
           [&](Stmt& st) { if (auto g = row(st)) g->buildings = st.integer(1); });
  per_grid(r, "SELECT b.grid_id, count(*) FROM household h JOIN building b ON b.id = h.building_id "
              "WHERE h.moved_out IS NULL AND (?1 IS NULL OR b.grid_id = ?1) GROUP BY b.grid_id",
           [&](Stmt& st) { if (auto g = row(st)) g->households = st.integer(1); });
  if (r.o.from_entries) {
    // Residents counted from the persons (tests compare the totals with this).
    const std::string residents =
        "SELECT b.grid_id, count(*), count(CASE WHEN p.residency = 'floating' THEN 1 END), "
        "count(CASE WHEN p.birth_date <= ?3 THEN 1 END) FROM person p "
        "JOIN household h ON h.id = p.household_id JOIN building b ON b.id = h.building_id "
        "WHERE p.moved_out IS NULL AND ";
    per_grid(r, residents + (r.grid_id ? "p.household_id IN (SELECT h2.id FROM household h2 JOIN building b2 "
                                         "ON b2.id = h2.building_id WHERE b2.grid_id = ?1) GROUP BY b.grid_id"
                                       : "p.household_id IS NOT NULL AND ?1 IS NULL GROUP BY b.grid_id"),
             [&](Stmt& st) {
               if (auto g = row(st)) {
                 g->residents = st.integer(1);
                 g->floating = st.integer(2);
                 g->aged60 = st.integer(3);
               }
             });
  } else {
    // Residents from their running totals by grid and year of birth (migration 0012): aged 60+
    // are those born in earlier years than the 60th birthday's, plus that year's persons born
    // on or before the day (a range of the partial index person_born).
    per_grid(r, "SELECT grid_id, sum(residents), sum(floating), "
                "sum(CASE WHEN born BETWEEN 1 AND CAST(substr(?3, 1, 4) AS INTEGER) - 1 THEN residents ELSE 0 END) "
                "FROM grid_resident_totals WHERE ?1 IS NULL OR grid_id = ?1 GROUP BY grid_id",
             [&](Stmt& st) {
               if (auto g = row(st)) {
                 g->residents = st.integer(1);
                 g->floating = st.integer(2);
                 g->aged60 = st.integer(3);
               }
             });
    per_grid(r, "SELECT b.grid_id, count(*) FROM person p INDEXED BY person_born "
                "JOIN household h ON h.id = p.household_id JOIN building b ON b.id = h.building_id "
                "WHERE p.moved_out IS NULL AND p.household_id IS NOT NULL AND p.birth_date >= substr(?3, 1, 4) "
                "AND p.birth_date <= ?3 AND (?1 IS NULL OR b.grid_id = ?1) GROUP BY b.grid_id",
             [&](Stmt& st) { if (auto g = row(st)) g->aged60 += st.integer(1); });
  }
  per_grid(r, "SELECT coalesce(o.grid_id, ob.grid_id, hb.grid_id) AS g, count(*) FROM party_membership m "
              "JOIN party_org o ON o.id = m.org_id LEFT JOIN building ob ON ob.id = o.building_id "
              "LEFT JOIN household oh ON oh.id = o.household_id LEFT JOIN building hb ON hb.id = oh.building_id "
              "WHERE m.joined <= ?2 AND (m.left_on IS NULL OR m.left_on > ?2) GROUP BY g HAVING ?1 IS NULL OR g = ?1",
           [&](Stmt& st) { if (auto g = row(st)) g->party = st.integer(1); });
  per_grid(r, "SELECT r.grid_id, r.role, group_concat(coalesce(nullif(p.name, ''), 'R' || p.id), '、'), count(*) "
              "FROM grid_role r JOIN person p ON p.id = r.person_id "
              "WHERE r.from_date <= ?2 AND (r.to_date IS NULL OR r.to_date > ?2) AND (?1 IS NULL OR r.grid_id = ?1) "
              "GROUP BY r.grid_id, r.role",
           [&](Stmt& st) {
             auto g = row(st);
             if (!g) return;
             std::string role = st.text(1);
             if (role == "committee-member") g->committee = st.text(2);
             if (role == "officer") g->officer = st.text(2);
             if (role == "grid-leader") g->grid_leaders = st.text(2);
             if (role == "central-household") g->central_households = st.integer(3);
             if (role == "neighbourhood-leader") g->neighbourhood_leaders = st.integer(3);
           });
  per_grid(r, "SELECT grid_id, count(*) FROM mediation_case WHERE status IN ('open', 'mediating') "
              "AND (?1 IS NULL OR grid_id = ?1) GROUP BY grid_id",
           [&](Stmt& st) { if (auto g = row(st)) g->open_cases = st.integer(1); });
  per_grid(r, "SELECT grid_id, count(*) FROM need WHERE status NOT IN ('resolved', 'declined') AND voided_at IS NULL "
              "AND (?1 IS NULL OR grid_id = ?1) GROUP BY grid_id",
           [&](Stmt& st) { if (auto g = row(st)) g->open_needs = st.integer(1); });
  if (table_exists(r.ctx, "volunteer"))
    per_grid(r, "SELECT b.grid_id, count(*) FROM volunteer v JOIN person p ON p.id = v.person_id "
                "JOIN household h ON h.id = p.household_id JOIN building b ON b.id = h.building_id "
                "WHERE v.status = 'active' AND p.moved_out IS NULL AND (?1 IS NULL OR b.grid_id = ?1) GROUP BY b.grid_id",
             [&](Stmt& st) { if (auto g = row(st)) g->volunteers = st.integer(1); });
  return rows;
}

Section grid_team(const Run& r) {
  Section s;
  s.key = "service_team";
  s.heading = L("Service team (1+1+N) and leaders", "服务班子（1+1+N）与网格长、邻里长");
  s.table.columns = {{"role", "Role", "职务"}, {"person", "Person", "姓名"}, {"household", "Household", "户"},
                     {"covers", "Responsible for", "包保范围"}, {"since", "Since", "起始日期"}};
  Stmt st(r.ctx.db,
          "SELECT r.role, coalesce(nullif(p.name, ''), 'R' || p.id), h.address, r.covers, r.from_date FROM grid_role r "
          "JOIN person p ON p.id = r.person_id LEFT JOIN household h ON h.id = r.household_id "
          "WHERE r.grid_id = ?1 AND r.from_date <= ?2 AND (r.to_date IS NULL OR r.to_date > ?2) "
          "ORDER BY CASE r.role WHEN 'committee-member' THEN 1 WHEN 'officer' THEN 2 WHEN 'central-household' THEN 3 "
          "WHEN 'grid-leader' THEN 4 ELSE 5 END, r.from_date, r.id");
  st.bind(1, *r.grid_id);
  st.bind(2, to_iso(r.today_date));
  static const std::map<std::string, std::pair<std::string, std::string>> kRoles = {
      {"committee-member", {"Committee member", "委员"}},
      {"officer", {"Public-service officer", "公共服务干事"}},
      {"central-household", {"Party-member central household", "党员中心户"}},
      {"grid-leader", {"Grid leader", "网格长"}},
      {"neighbourhood-leader", {"Neighbourhood leader", "邻里长"}},
  };
  while (st.step()) {
    std::string role = st.text(0);
    auto it = kRoles.find(role);
    s.table.rows.push_back({it == kRoles.end() ? role : r.label(role, it->second.first, it->second.second), st.text(1),
                            st.opt_text(2).value_or(""), st.opt_text(3).value_or(""), st.text(4)});
  }
  return s;
}

// ---- due ----

Section case_due_section(const Run& r, const std::vector<CaseDue>& all, std::string_view kind, std::string key,
                         std::string heading) {
  std::vector<CaseDue> some;
  for (const auto& d : all)
    if (d.kind == kind) some.push_back(d);
  Section s;
  s.key = std::move(key);
  s.heading = std::move(heading);
  s.table = cases_due_table(r.ctx, some);
  s.table.title.clear();
  // Each section holds one kind of due item: the "due" column would repeat it on every row.
  s.table.columns.erase(s.table.columns.begin());
  for (auto& row : s.table.rows) {
    row.erase(row.begin());
    row[4] = status_label(r, std::get<std::string>(row[4]));
    row[5] = status_label(r, std::get<std::string>(row[5]));
  }
  return s;
}

std::string assignee_sql() {
  return "CASE n.assignee_kind WHEN 'team' THEN 'T' WHEN 'project' THEN 'J' WHEN 'partner' THEN 'P' END || n.assignee_id";
}

Section needs_due(const Run& r, bool overdue) {
  Section s;
  s.key = overdue ? "needs_overdue" : "needs_new";
  s.heading = overdue ? L("Overdue needs", "超期未办结的诉求") : L("Needs not yet accepted", "待受理的诉求");
  s.table.columns = {{"need", "Need", "诉求"},      {"title", "Title", "标题"},      {"category", "Category", "类别"},
                     {"grid", "Grid", "网格"},      {"status", "Status", "状态"},    {"raised_on", "Raised on", "提出日期"},
                     {"due_on", "Due on", "办理期限"}, {"assignee", "Assigned to", "承办方"},
                     overdue ? Column{"days_late", "Days late", "逾期天数", true}
                             : Column{"days_waiting", "Days waiting", "已等待天数", true}};
  auto cats = r.vocab("need-category");
  Stmt st(r.ctx.db, fmt::format("SELECT n.id, n.title, n.category, g.code, n.status, n.raised_on, n.due_on, {}, "
                                "CAST(julianday(?1) - julianday({}) AS INTEGER) FROM need n "
                                "LEFT JOIN grid g ON g.id = n.grid_id "
                                "WHERE n.status {} AND n.voided_at IS NULL AND (?2 IS NULL OR n.grid_id = ?2) {} ORDER BY {}",
                                assignee_sql(), overdue ? "n.due_on" : "n.raised_on",
                                overdue ? "IN ('new', 'accepted', 'in-progress')" : "= 'new'",
                                overdue ? "AND n.due_on < ?1" : "", overdue ? "n.due_on, n.id" : "n.raised_on, n.id"));
  st.bind(1, to_iso(r.today_date));
  st.bind(2, r.grid_id);
  while (st.step()) {
    std::string cat = st.text(2);
    s.table.rows.push_back({fmt::format("N{}", st.integer(0)), st.text(1), cats.count(cat) ? cats[cat] : cat,
                            st.opt_text(3).value_or(""), status_label(r, st.text(4)), st.text(5),
                            st.opt_text(6).value_or(""), st.opt_text(7).value_or(""), st.integer(8)});
  }
  return s;
}

// Entries of volunteers living in the grid (?G), or all.
std::string volunteer_in_grid(std::string_view column, std::string_view param) {
  return fmt::format("({1} IS NULL OR {0} IN (SELECT v.id FROM volunteer v JOIN person p ON p.id = v.person_id "
                     "JOIN household h ON h.id = p.household_id JOIN building b ON b.id = h.building_id "
                     "WHERE b.grid_id = {1}))",
                     column, param);
}

Cell hours_cell(Int minutes) { return round2(static_cast<double>(minutes) / 60.0); }

// Pending service entries by project: how many, how long, the oldest, and whether the public
// notice period (volunteer.notice_days) is over for them.
Section hours_due(const Run& r) {
  Section s;
  s.key = "hours_pending";
  s.heading = L("Hours awaiting verification", "待确认的服务时长");
  s.table.columns = {{"project", "Project", "项目"},          {"entries", "Entries", "记录数", true},
                     {"hours", "Hours", "时长", true},          {"volunteers", "Volunteers", "志愿者人数", true},
                     {"oldest", "Oldest entry", "最早日期"},   {"ready", "Ready to verify", "可确认（公示期满）", true}};
  Date notice_end = add_days(r.today_date, -static_cast<int>(r.ctx.config.integer("volunteer.notice_days")));
  Stmt st(r.ctx.db, fmt::format("SELECT s.project_id, {}, count(*), sum(s.minutes), count(DISTINCT s.volunteer_id), min(s.date), "
                                "count(CASE WHEN s.date <= ?1 THEN 1 END) FROM service_hours s INDEXED BY service_hours_pending "
                                "LEFT JOIN project j ON j.id = s.project_id WHERE s.status = 'pending' AND {} "
                                "GROUP BY s.project_id ORDER BY min(s.date), s.project_id",
                                r.o.codes ? "'J' || s.project_id" : "'J' || s.project_id || ' ' || j.name",
                                volunteer_in_grid("s.volunteer_id", "?2")));
  st.bind(1, to_iso(notice_end));
  st.bind(2, r.grid_id);
  while (st.step())
    s.table.rows.push_back({st.opt_text(1).value_or(L("(no project)", "（无项目）")), st.integer(2), hours_cell(st.integer(3)),
                            st.integer(4), st.text(5), st.integer(6)});
  return s;
}

// Volunteers whose points expire within reports.points_expiry_warning_days under
// points.expiry_years: credits older than the cutoff that later debits have not used up.
Section points_expiring(const Run& r) {
  Section s;
  s.key = "points_expiring";
  s.heading = L("Points expiring soon", "即将过期的积分");
  s.table.columns = {{"volunteer", "Volunteer", "志愿者编号"}, {"name", "Name", "姓名"},
                     {"balance", "Balance", "余额", true},      {"expiring", "Expiring", "将过期", true},
                     {"by", "By", "过期日期"}};
  Int years = r.ctx.config.integer("points.expiry_years");
  if (years <= 0) {
    s.table.notes.push_back(L("Points do not expire (points.expiry_years = 0).", "积分不过期（points.expiry_years = 0）。"));
    return s;
  }
  Date by = add_days(r.today_date, static_cast<int>(r.ctx.config.integer("reports.points_expiry_warning_days")));
  Date cutoff = add_months(by, -12 * static_cast<int>(years));
  // The day the expiring points go: the oldest credit the debits have not used up (oldest
  // credits are used first), N years on — in the past for points already due to expire.
  auto first_unused = r.ctx.db.cached(
      "SELECT at FROM (SELECT at, sum(amount) OVER (ORDER BY at, id) AS running FROM points_ledger "
      "WHERE volunteer_id = ?1 AND amount > 0) WHERE running > ?2 + 0.005 ORDER BY at LIMIT 1");
  Stmt st(r.ctx.db,
          "SELECT v.number, p.name, v.points_balance, min(v.points_balance, c.credits - coalesce(d.debits, 0)) AS expiring, "
          "v.id, coalesce(d.debits, 0) "
          "FROM volunteer v JOIN person p ON p.id = v.person_id "
          "JOIN (SELECT volunteer_id, sum(amount) AS credits FROM points_ledger WHERE amount > 0 AND at < ?1 "
          "      GROUP BY volunteer_id) c ON c.volunteer_id = v.id "
          "LEFT JOIN (SELECT volunteer_id, -sum(amount) AS debits FROM points_ledger WHERE amount < 0 GROUP BY volunteer_id) d "
          "ON d.volunteer_id = v.id WHERE v.points_balance > 0 AND " + volunteer_in_grid("v.id", "?2") +
          " AND min(v.points_balance, c.credits - coalesce(d.debits, 0)) > 0.005 ORDER BY expiring DESC, v.number");
  st.bind(1, to_iso(add_days(cutoff, 1)));
  st.bind(2, r.grid_id);
  while (st.step()) {
    first_unused.bind_all(st.integer(4), st.real(5));
    Date expires = by;
    if (first_unused.step())
      if (auto earned = parse_date(first_unused.text(0).substr(0, 10))) expires = add_months(*earned, 12 * static_cast<int>(years));
    s.table.rows.push_back({st.text(0), st.opt_text(1).value_or(""), round2(st.real(2)), round2(st.real(3)), to_iso(expires)});
  }
  return s;
}

struct HoursFlow {
  Int verified = 0, entries = 0, volunteers = 0, pending = 0, pending_entries = 0;
};

// ---- hours from their running totals (migration 0011) ----
// A year holds millions of service entries in a district; reports read the totals the triggers
// keep per year and month instead, and the entries only for the days at a period's edges.

// Whether hours come from the totals: not for one grid (its volunteers' entries are few and found
// by volunteer), and not when asked for the entries (the tests compare the two).
bool use_totals(const Run& r) { return !r.grid_id && !r.o.from_entries; }

// A range of days cut into what the totals hold: whole years ('YYYY'), whole months ('YYYY-MM'),
// and runs of days [from, to) at the edges, each inside one month.
struct HoursPieces {
  std::vector<std::string> periods;
  std::vector<std::pair<std::string, std::string>> days;
};

HoursPieces hours_pieces(Date start, Date end) {
  HoursPieces out;
  for (Date d = start; d < end;) {
    if (d.month == 1 && d.day == 1 && add_months(d, 12) <= end) {
      out.periods.push_back(fmt::format("{:04}", d.year));
      d = add_months(d, 12);
    } else if (d.day == 1 && add_months(d, 1) <= end) {
      out.periods.push_back(fmt::format("{:04}-{:02}", d.year, d.month));
      d = add_months(d, 1);
    } else {
      Date next = std::min(end, add_months(Date{d.year, d.month, 1}, 1));
      out.days.emplace_back(to_iso(d), to_iso(next));
      d = next;
    }
  }
  return out;
}

// Counts of one row of totals: verified entries and minutes, pending entries and minutes.
struct HoursCounts {
  Int ve = 0, vm = 0, pe = 0, pm = 0;
};

HoursCounts counts_at(Stmt& st, int col) {
  return {st.integer(col), st.integer(col + 1), st.integer(col + 2), st.integer(col + 3)};
}

const char* const kEntryCounts =
    "count(CASE WHEN status = 'verified' THEN 1 END), coalesce(sum(CASE WHEN status = 'verified' THEN minutes END), 0), "
    "count(CASE WHEN status = 'pending' THEN 1 END), coalesce(sum(CASE WHEN status = 'pending' THEN minutes END), 0)";

// Calls f(volunteer, counts) for each volunteer with entries in the pieces (once per piece).
template <class F>
void volunteer_counts(Context& ctx, const HoursPieces& pc, F f) {
  auto t = ctx.db.cached("SELECT volunteer_id, verified_entries, verified_minutes, pending_entries, pending_minutes "
                          "FROM volunteer_hours_totals WHERE period = ?");
  for (const auto& p : pc.periods) {
    t.bind(1, p);
    while (t.step()) f(t.integer(0), counts_at(t, 1));
  }
  auto e = ctx.db.cached(fmt::format("SELECT volunteer_id, {} FROM service_hours WHERE date >= ?1 AND date < ?2 "
                                      "AND status IN ('verified', 'pending') GROUP BY volunteer_id",
                                      kEntryCounts));
  for (const auto& [from, to] : pc.days) {
    e.bind_all(from, to);
    while (e.step()) f(e.integer(0), counts_at(e, 1));
  }
}

// Calls f(project or 0, the entry's own team or 0, volunteer, counts) for the pieces.
template <class F>
void project_counts(Context& ctx, const HoursPieces& pc, F f) {
  auto t = ctx.db.cached("SELECT project_id, team_id, volunteer_id, verified_entries, verified_minutes, pending_entries, "
                          "pending_minutes FROM project_hours_totals WHERE period = ?");
  for (const auto& p : pc.periods) {
    t.bind(1, p);
    while (t.step()) f(t.integer(0), t.integer(1), t.integer(2), counts_at(t, 3));
  }
  auto e = ctx.db.cached(fmt::format("SELECT coalesce(project_id, 0), coalesce(team_id, 0), volunteer_id, {} "
                                      "FROM service_hours WHERE date >= ?1 AND date < ?2 "
                                      "AND status IN ('verified', 'pending') GROUP BY 1, 2, 3",
                                      kEntryCounts));
  for (const auto& [from, to] : pc.days) {
    e.bind_all(from, to);
    while (e.step()) f(e.integer(0), e.integer(1), e.integer(2), counts_at(e, 3));
  }
}

// A flow being summed, with the volunteers who had a verified entry (counted once).
struct HoursSum {
  HoursFlow f;
  std::unordered_set<Int> served;
  void add(Int volunteer, const HoursCounts& c) {
    f.entries += c.ve;
    f.verified += c.vm;
    f.pending_entries += c.pe;
    f.pending += c.pm;
    if (c.ve > 0) served.insert(volunteer);
  }
  // The entries query groups only rows it found: a key whose entries are all rejected or void has none.
  bool any() const { return f.entries + f.pending_entries > 0; }
  HoursFlow flow() const {
    HoursFlow out = f;
    out.volunteers = static_cast<Int>(served.size());
    return out;
  }
};

// Id → name of a small table (projects, teams).
std::unordered_map<Int, std::string> names_of(Context& ctx, const std::string& table) {
  std::unordered_map<Int, std::string> m;
  Stmt st(ctx.db, "SELECT id, name FROM " + table);
  while (st.step()) m[st.integer(0)] = st.text(1);
  return m;
}

// hours_flows (below) from the totals: the same rows in the same order. `by` is "" (the total),
// month, project, team or volunteer.
std::vector<std::pair<std::string, HoursFlow>> hours_flows_totals(const Run& r, const ReportPeriod& p, const std::string& by) {
  Context& ctx = r.ctx;
  const HoursPieces pc = hours_pieces(p.start, p.end);
  std::vector<std::pair<std::string, HoursFlow>> out;
  const std::string none = L("(none)", "（无）");
  if (by.empty()) {
    if (pc.periods.size() == 1 && pc.days.empty()) {  // one year or month: its row holds everything
      auto st = ctx.db.cached("SELECT verified_entries, verified_minutes, pending_entries, pending_minutes, volunteers "
                               "FROM hours_totals WHERE period = ?");
      st.bind(1, pc.periods.front());
      if (st.step()) {
        HoursCounts c = counts_at(st, 0);
        if (c.ve + c.pe > 0) out.emplace_back("", HoursFlow{c.vm, c.ve, st.integer(4), c.pm, c.pe});
      }
      return out;
    }
    HoursSum sum;
    volunteer_counts(ctx, pc, [&](Int v, const HoursCounts& c) { sum.add(v, c); });
    if (sum.any()) out.emplace_back("", sum.flow());
  } else if (by == "month") {
    // Each month is one piece or inside one year: its row of hours_totals, or its days' entries.
    std::map<std::string, HoursFlow> months;
    auto st = ctx.db.cached("SELECT period, verified_entries, verified_minutes, pending_entries, pending_minutes, volunteers "
                             "FROM hours_totals WHERE period BETWEEN ?1 AND ?2 AND length(period) = 7");
    for (const auto& piece : pc.periods) {
      if (piece.size() == 4) st.bind_all(piece + "-01", piece + "-12");
      else st.bind_all(piece, piece);
      while (st.step()) {
        HoursCounts c = counts_at(st, 1);
        if (c.ve + c.pe > 0) months[st.text(0)] = {c.vm, c.ve, st.integer(5), c.pm, c.pe};
      }
    }
    auto e = ctx.db.cached(fmt::format("SELECT substr(date, 1, 7), {}, count(DISTINCT CASE WHEN status = 'verified' "
                                        "THEN volunteer_id END) FROM service_hours WHERE date >= ?1 AND date < ?2 "
                                        "AND status IN ('verified', 'pending') GROUP BY 1",
                                        kEntryCounts));
    for (const auto& [from, to] : pc.days) {
      e.bind_all(from, to);
      while (e.step()) {
        HoursCounts c = counts_at(e, 1);
        months[e.text(0)] = {c.vm, c.ve, e.integer(5), c.pm, c.pe};
      }
    }
    for (const auto& [m, f] : months) out.emplace_back(m, f);
  } else if (by == "project" || by == "team") {
    // Keys in the entries query's order: none first, then by id.
    std::map<std::optional<Int>, HoursSum> sums;
    std::unordered_map<Int, Int> project_team;
    if (by == "team") {
      Stmt st(ctx.db, "SELECT id, team_id FROM project WHERE team_id IS NOT NULL");
      while (st.step()) project_team[st.integer(0)] = st.integer(1);
    }
    project_counts(ctx, pc, [&](Int project, Int team, Int v, const HoursCounts& c) {
      std::optional<Int> key;
      if (by == "project") {
        if (project) key = project;
      } else if (team) {
        key = team;  // an entry counts for its own team, else for the team that runs its project
      } else if (auto it = project_team.find(project); project && it != project_team.end()) {
        key = it->second;
      }
      sums[key].add(v, c);
    });
    auto names = names_of(ctx, by == "project" ? "project" : "team");
    const char* prefix = by == "project" ? "J" : "T";
    for (const auto& [key, sum] : sums) {
      if (!sum.any()) continue;
      std::string label = none;
      if (key) label = r.o.codes ? fmt::format("{}{}", prefix, *key) : fmt::format("{}{} {}", prefix, *key, names[*key]);
      out.emplace_back(label, sum.flow());
    }
  } else {  // volunteer
    std::map<Int, HoursSum> sums;
    volunteer_counts(ctx, pc, [&](Int v, const HoursCounts& c) { sums[v].add(v, c); });
    std::unordered_map<Int, std::string> labels;
    Stmt st(ctx.db, "SELECT v.id, v.number, p.name FROM volunteer v JOIN person p ON p.id = v.person_id");
    while (st.step())
      if (sums.count(st.integer(0)))
        labels[st.integer(0)] = r.o.codes ? st.text(1) : st.text(1) + " " + st.opt_text(2).value_or("");
    for (const auto& [v, sum] : sums)
      if (sum.any() && labels.count(v)) out.emplace_back(labels[v], sum.flow());
  }
  return out;
}

}  // namespace

ReportPeriod report_period(Context& ctx, const ReportOptions& o) {
  const ReportKind& k = report_kind(o.kind);
  Date day = today();
  if (!k.takes_period()) return {day, add_days(day, 1), PeriodUnit::range, to_iso(day)};
  WeekStart ws = ctx.config.string("reports.week_start") == "sunday" ? WeekStart::sunday : WeekStart::monday;
  return parse_period(o.period.empty() ? std::string(k.default_period) : o.period, day, ws);
}

Document report_needs(Context& ctx, const ReportOptions& o) {
  Run r(ctx, o, true);
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

Document report_cases(Context& ctx, const ReportOptions& o) {
  Run r(ctx, o, true);
  CaseFigures cur = case_figures(ctx, case_period(r.period), o.grid);
  std::optional<CaseFigures> prev;
  if (r.previous) prev = case_figures(ctx, case_period(*r.previous), o.grid);
  Document d;
  d.title = r.title("Mediation cases", "矛盾纠纷调解");
  d.subtitle = r.subtitle();
  Section overview{L("Figures", "主要数据"), figures_table(r, case_figure_list(cur, prev)), std::nullopt, "figures"};
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

Document report_grid(Context& ctx, const ReportOptions& o) {
  Run r(ctx, o, false);
  Document d;
  d.title = o.grid.empty() ? L("Grids at a glance", "网格概况") : L("Grid at a glance: ", "网格概况：") + r.grid_label;
  d.subtitle = r.subtitle(false);
  Section s{L("Grids", "网格"), {}, std::nullopt, "grids"};
  s.table.columns = {{"grid", "Grid", "网格"},
                     {"name", "Name", "名称"},
                     {"buildings", "Buildings", "楼栋", true},
                     {"households", "Households", "户数", true},
                     {"residents", "Residents", "居民", true},
                     {"floating", "Floating", "流动人口", true},
                     {"aged_60_plus", "Aged 60+", "60岁以上", true},
                     {"party_members", "Party members", "党员", true},
                     {"committee_member", "Committee member", "委员"},
                     {"officer", "Officer", "公共服务干事"},
                     {"central_households", "Central households", "党员中心户", true},
                     {"grid_leaders", "Grid leaders", "网格长"},
                     {"neighbourhood_leaders", "Neighbourhood leaders", "邻里长", true},
                     {"volunteers", "Volunteers", "志愿者", true},
                     {"open_cases", "Open cases", "在办案件", true},
                     {"open_needs", "Open needs", "未办结诉求", true}};
  GridRow total;
  for (const GridRow& g : grid_rows(r)) {
    s.table.rows.push_back({g.code, g.name, g.buildings, g.households, g.residents, g.floating, g.aged60, g.party,
                            g.committee, g.officer, g.central_households, g.grid_leaders, g.neighbourhood_leaders,
                            g.volunteers, g.open_cases, g.open_needs});
    total.buildings += g.buildings;
    total.households += g.households;
    total.residents += g.residents;
    total.floating += g.floating;
    total.aged60 += g.aged60;
    total.party += g.party;
    total.central_households += g.central_households;
    total.neighbourhood_leaders += g.neighbourhood_leaders;
    total.volunteers += g.volunteers;
    total.open_cases += g.open_cases;
    total.open_needs += g.open_needs;
  }
  // People read a total line; machine formats get the grid rows only.
  if (!o.codes && o.grid.empty())
    s.table.rows.push_back({L("Total", "合计"), Cell{}, total.buildings, total.households, total.residents,
                            total.floating, total.aged60, total.party, Cell{}, Cell{}, total.central_households,
                            Cell{}, total.neighbourhood_leaders, total.volunteers, total.open_cases, total.open_needs});
  d.sections.push_back(std::move(s));
  if (r.grid_id) d.sections.push_back(grid_team(r));
  return d;
}

// "清洁家园" from "J3 清洁家园": the notice board names things, never their internal ids.
std::string plain_name(std::string_view label) {
  std::size_t i = 0;
  if (i < label.size() && label[i] >= 'A' && label[i] <= 'Z') ++i;
  std::size_t digits = i;
  while (i < label.size() && label[i] >= '0' && label[i] <= '9') ++i;
  if (digits == 1 && i > 1 && (i == label.size() || label[i] == ' '))
    return std::string(i == label.size() ? std::string_view() : label.substr(i + 1));
  return std::string(label);
}

// The barometer's view of one subject's scores: its plain name and whether it may show an average.
struct BoardItem {
  std::string name, kind;
  SubjectScore score;
  bool enough = false;  // at least barometer.min_count evaluations
};

Document report_barometer(Context& ctx, const ReportOptions& o) {
  Run r(ctx, o, true);
  Document d;
  d.title = r.title("Opinion barometer", "民意晴雨表");
  d.subtitle = r.subtitle();
  Period p{to_iso(r.period.start), to_iso(r.period.last())};
  const Int min_count = ctx.config.integer("barometer.min_count");
  const std::string too_few = L("too few responses", "评价人数过少");

  // Needs the coordinator has not published are not named on the board.
  std::set<Int> unpublished;
  {
    Stmt st(ctx.db, "SELECT id FROM need WHERE public = 0 AND id IN (SELECT subject_id FROM evaluation WHERE subject_kind = 'need' "
                    "AND voided_at IS NULL)");
    while (st.step()) unpublished.insert(st.integer(0));
  }
  // code, the category's name, one item's kind
  static const std::vector<std::array<std::string, 5>> kKinds = {{"project", "Projects", "服务项目", "Project", "项目"},
                                                                 {"need", "Residents' needs", "居民诉求", "Need", "诉求"},
                                                                 {"event", "Events", "活动", "Event", "活动"},
                                                                 {"team", "Teams", "志愿服务队", "Team", "队伍"}};
  auto kind_label = [&](const std::string& kind) {
    for (const auto& k : kKinds)
      if (k[0] == kind) return r.label(kind, k[3], k[4]);
    return kind;
  };
  std::vector<BoardItem> items;
  Int residents = 0, score_sum = 0;
  std::array<Int, 5> by_score{};
  for (const auto& sc : barometer_scores(ctx, p)) {
    BoardItem it;
    it.score = sc;
    it.kind = sc.subject.kind;
    it.enough = sc.count >= min_count;
    it.name = sc.subject.kind == "need" && unpublished.count(sc.subject.id) ? L("a resident's need (not published)", "未公开的居民诉求")
                                                                            : plain_name(sc.label);
    if (it.name.empty()) it.name = kind_label(it.kind);
    residents += sc.count;
    for (std::size_t i = 0; i < 5; ++i) {
      by_score[i] += sc.by_score[i];
      score_sum += sc.by_score[i] * static_cast<Int>(i + 1);
    }
    items.push_back(std::move(it));
  }
  auto average_cell = [&](Int count, double average) -> Cell {
    if (count >= min_count) return round2(average);
    return r.o.codes ? Cell{} : Cell{too_few};
  };
  auto share = [&](Int n, Int of) -> Cell { return percent_for_people(r, of ? round2(static_cast<double>(n) / static_cast<double>(of)) : 0.0); };

  std::vector<PublishedOutcome> outcomes = published_outcomes(ctx, p);
  Section overview{L("At a glance", "总体情况"), {}, std::nullopt, "overview"};
  overview.table.columns = {{"figure", "Figure", "指标"}, {"value", "Value", "数值", true}};
  const double overall = residents ? static_cast<double>(score_sum) / static_cast<double>(residents) : 0.0;
  overview.table.rows = {
      {r.label("residents", "Evaluations by residents", "参与评价（人次）"), residents},
      {r.label("satisfaction", "Overall satisfaction (1–5)", "总体满意度（1–5 分）"), average_cell(residents, overall)},
      {r.label("satisfied_share", "Satisfied (4 or 5)", "满意（4–5 分）占比"), share(by_score[3] + by_score[4], residents)},
      {r.label("items", "Items evaluated", "参与评价的项目、诉求、活动和队伍"), static_cast<Int>(items.size())},
      {r.label("outcomes", "Outcomes published", "公示的诉求办理结果"), static_cast<Int>(outcomes.size())}};
  d.sections.push_back(std::move(overview));

  Section dist{L("How residents scored", "评分分布"), {}, std::nullopt, "distribution"};
  dist.table.columns = {{"score", "Score", "评分"}, {"residents", "Residents", "人次", true}, {"share", "Share", "占比", true}};
  static const std::array<std::array<const char*, 2>, 5> kScores = {{{"1 very dissatisfied", "1 分 很不满意"},
                                                                     {"2 dissatisfied", "2 分 不满意"},
                                                                     {"3 fair", "3 分 一般"},
                                                                     {"4 satisfied", "4 分 满意"},
                                                                     {"5 very satisfied", "5 分 非常满意"}}};
  BarChart dist_chart{L("Residents per score", "各分值人次"), {}};
  for (std::size_t i = 5; i-- > 0;) {
    std::string label = r.o.codes ? std::to_string(i + 1) : L(kScores[i][0], kScores[i][1]);
    dist.table.rows.push_back({label, by_score[i], share(by_score[i], residents)});
    dist_chart.bars.emplace_back(L(kScores[i][0], kScores[i][1]) + " (" + cell_text(percent_for_people(r, dist.table.rows.back()[2])) + ")",
                                 static_cast<double>(by_score[i]));
  }
  dist.chart = std::move(dist_chart);
  d.sections.push_back(std::move(dist));

  Section cats{L("Average by category", "各类别平均分"), {}, std::nullopt, "categories"};
  cats.table.columns = {{"category", "Category", "类别"}, {"items", "Items", "评价对象", true},
                        {"residents", "Votes", "人次", true}, {"average", "Average", "平均分（1–5）", true}};
  for (const auto& k : kKinds) {
    Int n = 0, count = 0, sum = 0;
    for (const BoardItem& it : items) {
      if (it.kind != k[0]) continue;
      ++n;
      count += it.score.count;
      for (std::size_t i = 0; i < 5; ++i) sum += it.score.by_score[i] * static_cast<Int>(i + 1);
    }
    cats.table.rows.push_back({r.label(k[0], k[1], k[2]), n, count,
                               average_cell(count, count ? static_cast<double>(sum) / static_cast<double>(count) : 0.0)});
  }
  d.sections.push_back(std::move(cats));

  constexpr std::size_t kAttention = 5;
  Section attention{L("Needing attention (lowest rated)", "需要改进（评分最低）"), {}, std::nullopt, "attention"};
  attention.table.columns = {{"item", "Item", "评价对象"}, {"category", "Category", "类别"},
                             {"residents", "Votes", "人次", true}, {"average", "Average", "平均分（1–5）", true}};
  std::vector<const BoardItem*> rated;
  for (const BoardItem& it : items)
    if (it.enough) rated.push_back(&it);
  std::stable_sort(rated.begin(), rated.end(), [](const BoardItem* a, const BoardItem* b) { return a->score.average < b->score.average; });
  for (std::size_t i = 0; i < rated.size() && i < kAttention; ++i)
    attention.table.rows.push_back({rated[i]->name, kind_label(rated[i]->kind), rated[i]->score.count, round2(rated[i]->score.average)});
  Int few = static_cast<Int>(items.size() - rated.size());
  if (few > 0)
    attention.table.notes.push_back(fmt::format(fmt::runtime(L("{} items with fewer than {} evaluations show no average (too few responses).",
                                                               "另有 {} 项评价人数少于 {} 人，不显示平均分（评价人数过少）。")),
                                                few, min_count));
  d.sections.push_back(std::move(attention));

  constexpr std::size_t kOutcomesOnPage = 6;
  Section done{L("What we did: published outcomes", "我们做了什么：诉求办理结果公示"), {}, std::nullopt, "outcomes"};
  done.table.columns = {{"title", "Need", "诉求"}, {"category", "Category", "类别"}, {"status", "Outcome", "结果"},
                        {"resolution", "What was done", "办理情况"}, {"closed_on", "Closed on", "办结日期"},
                        {"assignee", "Handled by", "承办方"}};
  auto need_cats = r.vocab("need-category");
  const std::size_t shown = o.detail ? outcomes.size() : std::min(outcomes.size(), kOutcomesOnPage);
  for (std::size_t i = outcomes.size() - shown; i < outcomes.size(); ++i) {  // the latest, on the board
    const PublishedOutcome& po = outcomes[i];
    done.table.rows.push_back({po.title, need_cats.count(po.category) ? need_cats[po.category] : po.category,
                               status_label(r, po.status), po.resolution, po.closed_on, plain_name(po.assignee)});
  }
  if (shown < outcomes.size())
    done.table.notes.push_back(fmt::format(fmt::runtime(L("The latest {} of {} outcomes; the full list is kept at the community office.",
                                                          "以上为最近 {} 项，共 {} 项；完整清单存社区居委会备查。")),
                                           shown, outcomes.size()));
  d.sections.push_back(std::move(done));

  if (o.detail) {
    Section all{L("Every item evaluated", "全部评价对象"), {}, std::nullopt, "evaluations"};
    all.table.columns = {{"item", "Item", "评价对象"},   {"category", "Category", "类别"},
                         {"residents", "Votes", "人次", true}, {"average", "Average (1–5)", "平均分（1–5）", true},
                         {"score_1", "1", "1分", true},  {"score_2", "2", "2分", true}, {"score_3", "3", "3分", true},
                         {"score_4", "4", "4分", true},  {"score_5", "5", "5分", true}};
    for (const BoardItem& it : items) {
      std::vector<Cell> row{it.name, kind_label(it.kind), it.score.count, average_cell(it.score.count, it.score.average)};
      for (auto n : it.score.by_score) row.push_back(it.enough ? Cell{n} : Cell{});  // a few scores could name who gave them
      all.table.rows.push_back(std::move(row));
    }
    d.sections.push_back(std::move(all));
    ReportOptions by_category = o;
    by_category.by = "category";
    Run rc(ctx, by_category, true);
    d.sections.push_back(need_breakdown(rc));
  }
  d.print_body = barometer_page(d);
  return d;
}

Document report_summary(Context& ctx, const ReportOptions& o) {
  Run r(ctx, o, true);
  Document d;
  d.title = r.title("Summary", "工作概况");
  d.subtitle = r.subtitle();
  auto gid = r.grid_id;
  // Registry counts are as of today; the period's flows have a previous value with --compare.
  auto scalar = [&](const std::string& sql, std::optional<ReportPeriod> p = std::nullopt) -> Int {
    Stmt st(ctx.db, sql);
    st.bind(1, gid);
    if (st.parameter_count() >= 3) {
      const ReportPeriod& q = p ? *p : r.period;
      st.bind(2, to_iso(q.start));
      st.bind(3, to_iso(q.end));
    }
    if (st.parameter_count() >= 4) st.bind(4, to_iso(r.today_date));
    return st.step() && !st.is_null(0) ? st.integer(0) : 0;
  };
  auto flow = [&](std::string key, std::string en, std::string zh, const std::string& sql) -> Figure {
    return {std::move(key), std::move(en), std::move(zh), scalar(sql), r.previous ? Cell{scalar(sql, r.previous)} : Cell{}};
  };
  auto stock = [&](std::string key, std::string en, std::string zh, const std::string& sql) -> Figure {
    return {std::move(key), std::move(en), std::move(zh), scalar(sql), Cell{}};
  };
  const std::string in_grid_household =
      "(?1 IS NULL OR household_id IN (SELECT h.id FROM household h JOIN building b ON b.id = h.building_id WHERE b.grid_id = ?1))";
  std::vector<Figure> f;
  f.push_back(stock("grids", "Grids", "网格", "SELECT count(*) FROM grid WHERE ?1 IS NULL OR id = ?1"));
  f.push_back(stock("buildings", "Buildings", "楼栋", "SELECT count(*) FROM building WHERE ?1 IS NULL OR grid_id = ?1"));
  f.push_back(stock("households", "Households", "户数",
                    "SELECT count(*) FROM household h JOIN building b ON b.id = h.building_id "
                    "WHERE h.moved_out IS NULL AND (?1 IS NULL OR b.grid_id = ?1)"));
  if (r.o.from_entries) {
    f.push_back(stock("residents", "Residents", "居民",
                      "SELECT count(*) FROM person WHERE moved_out IS NULL AND household_id IS NOT NULL AND " + in_grid_household));
    f.push_back(stock("floating", "Floating residents", "流动人口",
                      "SELECT count(*) FROM person WHERE moved_out IS NULL AND household_id IS NOT NULL "
                      "AND residency = 'floating' AND " + in_grid_household));
  } else {  // from the running totals by grid (migration 0012)
    f.push_back(stock("residents", "Residents", "居民",
                      "SELECT sum(residents) FROM grid_resident_totals WHERE ?1 IS NULL OR grid_id = ?1"));
    f.push_back(stock("floating", "Floating residents", "流动人口",
                      "SELECT sum(floating) FROM grid_resident_totals WHERE ?1 IS NULL OR grid_id = ?1"));
  }
  f.push_back(stock("party_members", "Party members", "党员",
                    "SELECT count(*) FROM party_membership m JOIN party_org o ON o.id = m.org_id "
                    "LEFT JOIN building ob ON ob.id = o.building_id LEFT JOIN household oh ON oh.id = o.household_id "
                    "LEFT JOIN building hb ON hb.id = oh.building_id WHERE m.left_on IS NULL "
                    "AND (?1 IS NULL OR coalesce(o.grid_id, ob.grid_id, hb.grid_id) = ?1)"));
  if (!gid) f.push_back(stock("partners", "Partner units", "共建单位", "SELECT count(*) FROM partner WHERE active = 1 AND ?1 IS NULL"));
  bool volunteers = table_exists(ctx, "volunteer");
  if (volunteers) {
    f.push_back(stock("volunteers", "Volunteers", "志愿者",
                      "SELECT count(*) FROM volunteer v WHERE v.status = 'active' AND (?1 IS NULL OR v.person_id IN "
                      "(SELECT p.id FROM person p JOIN household h ON h.id = p.household_id JOIN building b "
                      "ON b.id = h.building_id WHERE b.grid_id = ?1))"));
    if (!gid) f.push_back(stock("teams", "Volunteer teams", "志愿服务队", "SELECT count(*) FROM team WHERE active = 1 AND ?1 IS NULL"));
    const std::string hours_where =
        "FROM service_hours s WHERE s.status = 'verified' AND s.date >= ?2 AND s.date < ?3 AND (?1 IS NULL OR s.volunteer_id IN "
        "(SELECT v.id FROM volunteer v JOIN person p ON p.id = v.person_id JOIN household h ON h.id = p.household_id "
        "JOIN building b ON b.id = h.building_id WHERE b.grid_id = ?1))";
    Figure hours{"hours", "Verified service hours", "确认的服务时长（小时）"};
    Figure served{"active_volunteers", "Volunteers who served", "参与服务的志愿者"};
    if (use_totals(r)) {
      auto total = [&](const ReportPeriod& p) {
        auto rows = hours_flows_totals(r, p, "");
        return rows.empty() ? HoursFlow{} : rows.front().second;
      };
      HoursFlow cur = total(r.period);
      hours.value = cur.verified;
      served.value = cur.volunteers;
      if (r.previous) {
        HoursFlow prev = total(*r.previous);
        hours.previous = prev.verified;
        served.previous = prev.volunteers;
      }
    } else {
      hours = flow(hours.key, hours.en, hours.zh, "SELECT sum(s.minutes) " + hours_where);
      served = flow(served.key, served.en, served.zh, "SELECT count(DISTINCT s.volunteer_id) " + hours_where);
    }
    auto to_hours = [](Cell& c) {
      if (auto m = std::get_if<Int>(&c)) c = round2(static_cast<double>(*m) / 60.0);
    };
    to_hours(hours.value);
    to_hours(hours.previous);
    f.push_back(hours);
    f.push_back(served);
  }
  CaseFigures cur = case_figures(ctx, case_period(r.period), o.grid);
  std::optional<CaseFigures> prev;
  if (r.previous) prev = case_figures(ctx, case_period(*r.previous), o.grid);
  auto cf = [&](std::string key, std::string en, std::string zh, auto get) {
    f.push_back({std::move(key), std::move(en), std::move(zh), get(cur), prev ? get(*prev) : Cell{}});
  };
  cf("cases_opened", "Disputes taken up", "受理纠纷", [](const CaseFigures& c) -> Cell { return c.opened; });
  cf("disputes_settled", "Disputes settled", "化解纠纷", [](const CaseFigures& c) -> Cell { return c.agreed; });
  cf("settled_grid", "… inside the grid", "其中网格内化解", [](const CaseFigures& c) -> Cell { return c.settled_grid; });
  cf("settled_community", "… at community level", "其中社区层面化解", [](const CaseFigures& c) -> Cell { return c.settled_community; });
  cf("settled_beyond", "… beyond the community", "其中社区外化解", [](const CaseFigures& c) -> Cell { return c.settled_beyond; });
  cf("share_inside_community", "Share settled inside the community", "社区内化解占比",
     [](const CaseFigures& c) -> Cell { return share_cell(c.share_inside_community); });
  f.push_back(flow("needs_raised", "Needs raised", "收集诉求",
                   "SELECT count(*) FROM need WHERE raised_on >= ?2 AND raised_on < ?3 AND (?1 IS NULL OR grid_id = ?1) "
                   "AND voided_at IS NULL"));
  f.push_back(flow("needs_resolved", "Needs resolved", "解决诉求",
                   "SELECT count(*) FROM need WHERE status = 'resolved' AND closed_on >= ?2 AND closed_on < ?3 "
                   "AND (?1 IS NULL OR grid_id = ?1) AND voided_at IS NULL"));
  f.push_back(flow("meetings", "Council meetings held", "召开议事会",
                   "SELECT count(*) FROM meeting WHERE date >= ?2 AND date < ?3 AND (?1 IS NULL OR grid_id = ?1) "
                   "AND voided_at IS NULL"));
  f.push_back(flow("services_delivered", "Services delivered (meals, visits, sessions)", "提供服务（人次）",
                   // one service type at a time along delivery_type_date (0012): no temporary b-tree
                   "SELECT sum(d.count) FROM vocab t JOIN delivery d ON d.service_type = t.code "
                   "WHERE t.kind = 'service-type' AND d.date >= ?2 AND d.date < ?3 AND d.voided_at IS NULL "
                   "AND (?1 IS NULL OR d.site_id IN (SELECT id FROM programme_site WHERE grid_id = ?1))"));
  f.push_back(flow("events", "Events held", "举办活动",
                   "SELECT count(*) FROM event WHERE date >= ?2 AND date < ?3 AND (?1 IS NULL OR grid_id = ?1)"));
  f.push_back(flow("event_participants", "Event participants", "活动参与人次",
                   "SELECT sum(p.count) FROM event_participant p JOIN event e ON e.id = p.event_id "
                   "WHERE e.date >= ?2 AND e.date < ?3 AND (?1 IS NULL OR e.grid_id = ?1) AND p.voided_at IS NULL"));
  d.sections.push_back({L("Headline figures", "主要数据"), figures_table(r, f), std::nullopt, "figures"});
  d.sections.push_back(cases_by_level(r, cur));

  ReportOptions by_category = o;
  by_category.by = "category";
  Run rc(ctx, by_category, true);
  d.sections.push_back(need_breakdown(rc));

  Section services{L("Services delivered by type", "各类服务人次"), {}, std::nullopt, "services"};
  services.table.columns = {{"service_type", "Service", "服务类型"}, {"count", "Count", "人次", true},
                            {"days", "Days", "服务天数", true}};
  auto types = r.vocab("service-type");
  // Per service type along delivery_type_date (0012), the days in index order.
  Stmt st(ctx.db, "SELECT t.code, sum(d.count), count(DISTINCT d.date) FROM vocab t "
                  "JOIN delivery d ON d.service_type = t.code WHERE t.kind = 'service-type' "
                  "AND d.date >= ?1 AND d.date < ?2 AND d.voided_at IS NULL "
                  "AND (?3 IS NULL OR d.site_id IN (SELECT id FROM programme_site WHERE grid_id = ?3)) "
                  "GROUP BY 1 ORDER BY 2 DESC, 1");
  st.bind_all(to_iso(r.period.start), to_iso(r.period.end));
  st.bind(3, gid);
  BarChart chart{L("Services delivered", "服务人次"), {}};
  while (st.step()) {
    std::string t = st.text(0);
    std::string name = types.count(t) ? types[t] : t;
    services.table.rows.push_back({name, st.integer(1), st.integer(2)});
    chart.bars.emplace_back(name, static_cast<double>(st.integer(1)));
  }
  services.chart = std::move(chart);
  d.sections.push_back(std::move(services));
  return d;
}

Document report_due(Context& ctx, const ReportOptions& o) {
  Run r(ctx, o, false);
  Document d;
  d.title = L("Due today", "今日待办");
  d.subtitle = r.subtitle(false);
  auto due = cases_due(ctx, r.today_date, o.grid);
  d.sections.push_back(case_due_section(r, due, "escalate", "cases_escalate", L("Cases due for escalation", "应上报的网格级案件")));
  d.sections.push_back(case_due_section(r, due, "overdue", "cases_overdue", L("Overdue cases", "超期案件")));
  d.sections.push_back(case_due_section(r, due, "follow-up", "cases_follow_up", L("Follow-up visits due", "应回访的协议")));
  d.sections.push_back(needs_due(r, true));
  d.sections.push_back(needs_due(r, false));
  if (table_exists(ctx, "service_hours")) {
    d.sections.push_back(hours_due(r));
    d.sections.push_back(points_expiring(r));
  }
  return d;
}

namespace {

void need_volunteer_tables(Context& ctx) {
  if (!table_exists(ctx, "service_hours"))
    throw Error(Exit::not_found, L("this data file has no volunteer records", "本数据文件没有志愿者记录"),
                L("upgrade shequ: volunteers come with schema 0003", "请升级 shequ：志愿者功能需要数据结构 0003"));
}

// Verified and pending minutes of entries dated in [start, end), grouped by `dim`.
std::vector<std::pair<std::string, HoursFlow>> hours_flows(const Run& r, const ReportPeriod& p, const std::string& dim,
                                                           const std::string& label_sql, const std::string& joins) {
  std::vector<std::pair<std::string, HoursFlow>> out;
  Stmt st(r.ctx.db,
          fmt::format("SELECT {0}, {1}, sum(CASE WHEN s.status = 'verified' THEN s.minutes END), "
                      "count(CASE WHEN s.status = 'verified' THEN 1 END), "
                      "count(DISTINCT CASE WHEN s.status = 'verified' THEN s.volunteer_id END), "
                      "sum(CASE WHEN s.status = 'pending' THEN s.minutes END), count(CASE WHEN s.status = 'pending' THEN 1 END) "
                      "FROM service_hours s {2} WHERE s.date >= ?1 AND s.date < ?2 AND s.status IN ('verified', 'pending') "
                      "AND {3} GROUP BY 1 ORDER BY 1",
                      dim, label_sql, joins, volunteer_in_grid("s.volunteer_id", "?3")));
  st.bind_all(to_iso(p.start), to_iso(p.end));
  st.bind(3, r.grid_id);
  while (st.step()) {
    HoursFlow f;
    f.verified = st.is_null(2) ? 0 : st.integer(2);
    f.entries = st.integer(3);
    f.volunteers = st.integer(4);
    f.pending = st.is_null(5) ? 0 : st.integer(5);
    f.pending_entries = st.integer(6);
    out.emplace_back(st.opt_text(1).value_or(L("(none)", "（无）")), f);
  }
  return out;
}

Section hours_section(const Run& r, const std::string& by) {
  std::string dim, label, joins;
  Column key_col;
  if (by == "month") {
    dim = "substr(s.date, 1, 7)";
    label = dim;
    key_col = {"month", "Month", "月份"};
  } else if (by == "project") {
    dim = "s.project_id";
    label = r.o.codes ? "'J' || s.project_id" : "'J' || s.project_id || ' ' || j.name";
    joins = "LEFT JOIN project j ON j.id = s.project_id";
    key_col = {"project", "Project", "项目"};
  } else if (by == "team") {
    // An entry counts for its own team, else for the team that runs its project.
    dim = "coalesce(s.team_id, j.team_id)";
    label = r.o.codes ? "'T' || coalesce(s.team_id, j.team_id)" : "'T' || t.id || ' ' || t.name";
    joins = "LEFT JOIN project j ON j.id = s.project_id LEFT JOIN team t ON t.id = coalesce(s.team_id, j.team_id)";
    key_col = {"team", "Team", "团队"};
  } else {  // volunteer
    dim = "s.volunteer_id";
    label = r.o.codes ? "v.number" : "v.number || ' ' || coalesce(p.name, '')";
    joins = "JOIN volunteer v ON v.id = s.volunteer_id JOIN person p ON p.id = v.person_id";
    key_col = {"volunteer", "Volunteer", "志愿者"};
  }
  Section s;
  s.key = "by_" + by;
  s.heading = L("Hours by ", "服务时长：按") + L(by, key_col.zh);
  s.table.columns = {key_col,
                     {"verified_hours", "Verified hours", "已确认时长", true},
                     {"entries", "Entries", "记录数", true},
                     {"volunteers", "Volunteers", "志愿者人数", true},
                     {"pending_hours", "Pending hours", "待确认时长", true}};
  BarChart chart{L("Verified hours by ", "已确认服务时长：按") + L(by, key_col.zh), {}};
  auto rows = use_totals(r) ? hours_flows_totals(r, r.period, by) : hours_flows(r, r.period, dim, label, joins);
  for (const auto& [name, f] : rows) {
    s.table.rows.push_back({name, hours_cell(f.verified), f.entries, f.volunteers, hours_cell(f.pending)});
    if (by == "month") chart.bars.emplace_back(name, round2(static_cast<double>(f.verified) / 60.0));
  }
  if (by == "month") s.chart = std::move(chart);
  return s;
}

}  // namespace

Document report_hours(Context& ctx, const ReportOptions& o) {
  need_volunteer_tables(ctx);
  Run r(ctx, o, true);
  const std::string& by = o.by;
  Document d;
  d.title = r.title("Volunteer service hours", "志愿服务时长");
  d.subtitle = r.subtitle();
  auto total = [&](const ReportPeriod& p) {
    auto rows = use_totals(r) ? hours_flows_totals(r, p, "") : hours_flows(r, p, "''", "''", "");
    return rows.empty() ? HoursFlow{} : rows.front().second;
  };
  HoursFlow cur = total(r.period), prev;
  if (r.previous) prev = total(*r.previous);
  auto pv = [&](Cell c) { return r.previous ? c : Cell{}; };
  std::vector<Figure> f = {
      {"verified_hours", "Verified hours", "已确认服务时长（小时）", hours_cell(cur.verified), pv(hours_cell(prev.verified))},
      {"entries", "Verified entries", "已确认记录", cur.entries, pv(prev.entries)},
      {"active_volunteers", "Volunteers who served", "参与服务的志愿者", cur.volunteers, pv(prev.volunteers)},
      {"pending_hours", "Hours awaiting verification", "待确认时长（小时）", hours_cell(cur.pending), pv(hours_cell(prev.pending))},
      {"pending_entries", "Entries awaiting verification", "待确认记录", cur.pending_entries, pv(prev.pending_entries)},
  };
  d.sections.push_back({L("Figures", "主要数据"), figures_table(r, f), std::nullopt, "figures"});
  d.sections.push_back(hours_section(r, "month"));
  if (by != "month") d.sections.push_back(hours_section(r, by));
  return d;
}

Document report_points(Context& ctx, const ReportOptions& o) {
  need_volunteer_tables(ctx);
  Run r(ctx, o, true);
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
                  " GROUP BY w.id ORDER BY sum(x.quantity) DESC, w.name");
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

Document report_stars(Context& ctx, const ReportOptions& o) {
  need_volunteer_tables(ctx);
  Run r(ctx, o, true);
  Document d;
  d.title = r.title("Star ratings", "星级评定");
  d.subtitle = r.subtitle();
  std::vector<Int> thresholds = ctx.config.integer_list("stars.thresholds_hours");
  auto level_of = [&](Int minutes) {
    int level = 0;
    for (Int t : thresholds)
      if (minutes >= t * 60) ++level;
    return level;
  };
  // Cumulative verified minutes per volunteer before the period and by its end, by number.
  struct Cumulative {
    std::string number, name, status;
    Int before = 0, by_end = 0;
  };
  std::vector<Cumulative> rows;
  if (use_totals(r)) {
    // All time, less what lies after the period (up to the last year with entries), less the period.
    std::unordered_map<Int, Cumulative> of;
    Stmt all(ctx.db, "SELECT volunteer_id, verified_minutes FROM volunteer_hours_totals WHERE period = '' AND verified_entries > 0");
    while (all.step()) of[all.integer(0)].by_end = all.integer(1);
    Int last_year = ctx.db.scalar("SELECT max(period) FROM hours_totals WHERE length(period) = 4", 0);
    Date after_end{static_cast<int>(last_year) + 1, 1, 1};
    if (r.period.end < after_end)
      volunteer_counts(ctx, hours_pieces(r.period.end, after_end), [&](Int v, const HoursCounts& c) {
        if (auto it = of.find(v); it != of.end()) it->second.by_end -= c.vm;
      });
    for (auto& [v, c] : of) c.before = c.by_end;
    volunteer_counts(ctx, hours_pieces(r.period.start, r.period.end), [&](Int v, const HoursCounts& c) {
      if (auto it = of.find(v); it != of.end()) it->second.before -= c.vm;
    });
    Stmt who(ctx.db, "SELECT v.id, v.number, p.name, v.status FROM volunteer v JOIN person p ON p.id = v.person_id");
    while (who.step()) {
      auto it = of.find(who.integer(0));
      if (it == of.end()) continue;
      Cumulative c = it->second;
      c.number = who.text(1);
      c.name = who.opt_text(2).value_or("");
      c.status = who.text(3);
      rows.push_back(std::move(c));
    }
    std::sort(rows.begin(), rows.end(), [](const Cumulative& a, const Cumulative& b) { return a.number < b.number; });
  } else {
    Stmt st(ctx.db, "SELECT v.number, p.name, v.status, "
                    "sum(CASE WHEN s.date < ?1 THEN s.minutes ELSE 0 END), sum(CASE WHEN s.date < ?2 THEN s.minutes ELSE 0 END) "
                    "FROM service_hours s JOIN volunteer v ON v.id = s.volunteer_id JOIN person p ON p.id = v.person_id "
                    "WHERE s.status = 'verified' AND " + volunteer_in_grid("s.volunteer_id", "?3") +
                    " GROUP BY s.volunteer_id ORDER BY v.number");
    st.bind_all(to_iso(r.period.start), to_iso(r.period.end));
    st.bind(3, r.grid_id);
    while (st.step()) rows.push_back({st.text(0), st.opt_text(1).value_or(""), st.text(2), st.integer(3), st.integer(4)});
  }
  std::vector<Int> per_level(thresholds.size() + 1, 0), reached(thresholds.size() + 1, 0);
  Section who{L("Reached a new level in the period", "本期晋级的志愿者"), {}, std::nullopt, "reached"};
  who.table.columns = {{"volunteer", "Volunteer", "志愿者编号"}, {"name", "Name", "姓名"},
                       {"from_level", "From", "原星级", true}, {"to_level", "To", "新星级", true},
                       {"hours", "Cumulative hours", "累计时长", true}};
  Int with_no_hours = 0;
  {
    Stmt n(ctx.db, "SELECT count(*) FROM volunteer WHERE status = 'active' AND " + volunteer_in_grid("id", "?1"));
    n.bind(1, r.grid_id);
    if (n.step()) with_no_hours = n.integer(0);
  }
  for (const Cumulative& c : rows) {
    int before = level_of(c.before), after = level_of(c.by_end);
    if (c.status == "active") {
      ++per_level[static_cast<std::size_t>(after)];
      --with_no_hours;
    }
    if (after > before) {
      for (int l = before + 1; l <= after; ++l) ++reached[static_cast<std::size_t>(l)];
      who.table.rows.push_back({c.number, c.name, Int{before}, Int{after}, hours_cell(c.by_end)});
    }
  }
  per_level[0] += std::max<Int>(0, with_no_hours);
  Section levels{L("Active volunteers per star level (at the end of the period)", "各星级在册志愿者（期末）"), {}, std::nullopt, "levels"};
  levels.table.columns = {{"stars", "Stars", "星级", true}, {"from_hours", "From hours", "累计时长起点", true},
                          {"volunteers", "Volunteers", "人数", true}, {"reached_in_period", "Reached in the period", "本期达到", true}};
  BarChart chart{L("Volunteers per star level", "各星级志愿者人数"), {}};
  for (std::size_t l = 0; l < per_level.size(); ++l) {
    levels.table.rows.push_back({static_cast<Int>(l), l ? Cell{thresholds[l - 1]} : Cell{Int{0}}, per_level[l],
                                 l ? Cell{reached[l]} : Cell{}});
    chart.bars.emplace_back(l ? fmt::format(fmt::runtime(L("{} stars", "{}星")), l) : L("no star yet", "未评星"),
                            static_cast<double>(per_level[l]));
  }
  levels.chart = std::move(chart);
  d.sections.push_back(std::move(levels));
  d.sections.push_back(std::move(who));
  return d;
}

// ---- the reports ----

const std::vector<ReportKind>& report_table() {
  static const std::vector<ReportKind> k = {
      {"needs", "Needs raised, resolved, declined, open and overdue; days to resolve; satisfaction",
       "诉求：提出、解决、不予办理、未办结、超期；办结天数；满意度", "shequ report needs --period 2026-11 --by grid --compare",
       "this-month", true, {"category", "grid", "channel", "status"}, false, report_needs},
      {"hours", "Verified service hours and active volunteers; hours awaiting verification",
       "志愿服务时长（已确认）与参与人数；待确认时长", "shequ report hours --period 2026 --by month -o hours-2026.html",
       "this-month", true, {"project", "volunteer", "team", "month"}, false, report_hours},
      {"points", "Points earned, bonus, redeemed, expired; balances; rewards redeemed",
       "积分：获得、奖励、兑换、过期；余额；兑换的奖品", "shequ report points --period last-month", "this-month", true, {},
       false, report_points},
      {"stars", "Volunteers per star level; who reached a level in the period", "各星级志愿者人数；本期晋级名单",
       "shequ report stars --period 2026", "this-year", true, {}, false, report_stars},
      {"cases", "Mediation figures: opened, settled and where, days, long-standing disputes, agreements holding",
       "调解数据：受理、化解及层级、用时、积年纠纷、协议履行", "shequ report cases --period 2026-Q3 --compare --format md",
       "this-month", true, {"type", "source", "grid", "level"}, false, report_cases},
      {"grid", "One grid (or all) at a glance: households, residents, party members, 1+1+N team, open work",
       "网格概况：户数、居民、党员、1+1+N 服务班子、在办事项", "shequ report grid --grid 03", "", true, {}, false, report_grid},
      {"barometer", "The public opinion barometer for the notice board (anonymous)", "民意晴雨表（匿名，可张贴公示）",
       "shequ report barometer --period 2026-Q4 -o barometer.html", "this-year", false, {}, true, report_barometer},
      {"summary", "Headline figures of a period (default: this year)", "阶段工作概况（默认本年度）",
       "shequ report summary --period last-year --compare -o summary.html", "this-year", true, {}, false, report_summary},
      {"due", "The daily inbox: what needs doing today", "今日待办：需要处理的事项", "shequ report due --format md", "", true,
       {}, false, report_due},
  };
  return k;
}

std::vector<std::string> report_kinds() {
  std::vector<std::string> out;
  for (const ReportKind& k : report_table()) out.emplace_back(k.kind);
  return out;
}

const ReportKind& report_kind(std::string_view kind) {
  for (const ReportKind& k : report_table())
    if (k.kind == kind) return k;
  throw Error(Exit::usage, tr_format("\"{}\" is not a report", "没有“{}”这种报表", kind),
              L("reports: ", "可用报表：") + join(report_kinds(), ", "));
}

Table report_kinds_table(bool codes) {
  Table t;
  t.columns = {{"kind", "Report", "报表"},          {"shows", "Shows", "内容"},
               {"period", "Default period", "默认统计期"}, {"grid", "--grid", "--grid"},
               {"by", "--by (default first)", "--by（第一项为默认）"}, {"example", "Example", "示例"}};
  for (const ReportKind& k : report_table()) {
    Cell period = k.takes_period() ? Cell{std::string(k.default_period)} : codes ? Cell{} : Cell{L("today", "当天")};
    Cell grid = codes ? Cell{Int{k.grid}} : Cell{k.grid ? L("yes", "是") : L("no", "否")};
    std::vector<std::string> by(k.by.begin(), k.by.end());
    t.rows.push_back({std::string(k.kind), L(k.en, k.zh), period, grid, by.empty() ? Cell{} : Cell{join(by, "|")},
                      std::string(k.example)});
  }
  return t;
}

namespace {

// An option the kind does not take: the option's name ("by", "grid", "period"), what is wrong
// and the hint; refused rather than ignored.
struct OptionProblem {
  std::string option, message, hint;
};

std::optional<OptionProblem> option_problem(const ReportKind& k, const ReportOptions& o) {
  if (!o.by.empty() && std::find(k.by.begin(), k.by.end(), o.by) == k.by.end())
    return OptionProblem{"by", tr_format("\"{}\" is not a breakdown of {}", "{1} 报表不能按“{0}”分组", o.by, k.kind),
                         k.by.empty() ? tr_format("report {} has no breakdowns", "{} 报表没有分组", k.kind)
                                      : L("use ", "可用：") + join(std::vector<std::string>(k.by.begin(), k.by.end()), ", ")};
  if (!o.grid.empty() && !k.grid)
    return OptionProblem{"grid", tr_format("report {} covers the whole community", "{} 报表只统计全社区", k.kind), ""};
  if ((!o.period.empty() || o.compare) && !k.takes_period())
    return OptionProblem{o.period.empty() ? "compare" : "period",
                         tr_format("report {} is as of today and has no period", "{} 报表按当天统计，没有统计期", k.kind), ""};
  return std::nullopt;
}

}  // namespace

Document make_report(Context& ctx, const ReportOptions& o) {
  const ReportKind& k = report_kind(o.kind);
  if (auto p = option_problem(k, o)) throw Error(Exit::usage, "--" + p->option + ": " + p->message, p->hint);
  ReportOptions with_default = o;
  if (with_default.by.empty() && !k.by.empty()) with_default.by = k.by.front();
  Document d = k.build(ctx, with_default);
  if (d.footer.empty()) d.footer = page_footer(d.subtitle, {});  // the subtitle names the community and period
  return d;
}

// ---- saved reports ----

std::vector<std::string> saved_report_names(const Config& config) { return config.table_keys("reports"); }

namespace {

[[noreturn]] void bad_saved(std::string_view name, std::string_view key, const std::string& why) {
  throw Error(Exit::config, fmt::format("reports.{}.{}: {}", name, key, why));
}

const std::vector<std::string> kSavedKeys = {"kind", "period", "grid", "by", "compare", "format", "out", "lang"};

// Fills {period}, {date}, {year}, {month}, {name}, {kind}; anything else in braces is refused.
std::string fill_placeholders(std::string_view name, const std::string& pattern, const std::map<std::string, std::string>& values) {
  std::string out;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] != '{') {
      out += pattern[i];
      continue;
    }
    auto close = pattern.find('}', i);
    if (close == std::string::npos) bad_saved(name, "out", L("a \"{\" without its \"}\"", "“{”缺少配对的“}”"));
    std::string key = pattern.substr(i + 1, close - i - 1);
    auto it = values.find(key);
    if (it == values.end())
      bad_saved(name, "out", fmt::format(fmt::runtime(L("unknown placeholder {{{}}}; use {{period}}, {{date}}, {{year}}, {{month}}, {{name}} or {{kind}}",
                                                        "未知占位符 {{{}}}；可用 {{period}}、{{date}}、{{year}}、{{month}}、{{name}}、{{kind}}")),
                                         key));
    out += it->second;
    i = close;
  }
  return out;
}

}  // namespace

SavedReport saved_report(const Config& config, std::string_view name) {
  auto names = saved_report_names(config);
  if (std::find(names.begin(), names.end(), name) == names.end())
    throw Error(Exit::not_found, fmt::format(fmt::runtime(L("no saved report \"{}\" in the config", "配置中没有名为“{}”的报表")), name),
                names.empty() ? L("add a [reports.NAME] table to the config (see docs/guide/reports.md)",
                                  "请在配置文件中添加 [reports.NAME]（见 docs/guide/reports.md）")
                              : L("saved reports: ", "已保存的报表：") + join(names, ", "));
  std::string prefix = fmt::format("reports.{}", name);
  for (const std::string& key : config.table_keys(prefix))
    if (std::find(kSavedKeys.begin(), kSavedKeys.end(), key) == kSavedKeys.end())
      bad_saved(name, key, L("unknown key; use ", "未知的键；可用：") + join(kSavedKeys, ", "));
  auto get = [&](std::string_view key) { return config.get_string(prefix + "." + std::string(key)); };
  SavedReport r;
  r.name = std::string(name);
  auto kind = get("kind");
  if (!kind) bad_saved(name, "kind", L("missing; say which report, e.g. kind = \"due\"", "缺少；请写明报表种类，如 kind = \"due\""));
  const ReportKind* k = nullptr;
  for (const ReportKind& each : report_table())
    if (each.kind == *kind) k = &each;
  if (!k) bad_saved(name, "kind", tr_format("\"{}\" is not a report; use {}", "“{}”不是报表种类；可用：{}", *kind, join(report_kinds(), ", ")));
  r.options.kind = *kind;
  r.options.period = get("period").value_or("");
  r.options.grid = get("grid").value_or("");
  r.options.by = get("by").value_or("");
  r.options.compare = config.get_boolean(prefix + ".compare").value_or(false);
  // What the report does not take is refused here, naming the key, not when cron runs it.
  if (auto p = option_problem(*k, r.options)) bad_saved(name, p->option, p->message);
  auto out = get("out");
  if (!out || out->empty()) bad_saved(name, "out", L("missing; say where to write, e.g. out = \"reports/due-{date}.html\"",
                                                     "缺少；请写明输出文件，如 out = \"reports/due-{date}.html\""));
  r.out = *out;
  if (auto f = get("format")) {
    try {
      r.format = parse_format(*f);
    } catch (const Error& e) {
      bad_saved(name, "format", e.what());
    }
  } else if (auto f2 = format_from_extension(r.out)) {
    r.format = *f2;
  } else {
    bad_saved(name, "format", L("missing, and the out file's extension names no format", "缺少，且输出文件的扩展名不对应任何格式"));
  }
  r.lang = get("lang").value_or("");
  if (!r.lang.empty() && r.lang != "zh" && r.lang != "en") bad_saved(name, "lang", L("use zh or en", "可用：zh、en"));
  r.options.codes = r.format == Format::csv || r.format == Format::tsv || r.format == Format::json || r.format == Format::jsonl;
  if (!r.options.period.empty()) {
    try {
      parse_period(r.options.period, today());
    } catch (const Error& e) {
      bad_saved(name, "period", e.what());
    }
  }
  return r;
}

Table saved_reports_table(const Config& config) {
  Table t;
  t.columns = {{"name", "Name", "名称"}, {"kind", "Report", "报表"}, {"period", "Period", "统计期"},
               {"format", "Format", "格式"}, {"out", "Writes to", "输出文件"}, {"problem", "Problem", "问题"}};
  for (const auto& n : saved_report_names(config)) {
    try {
      SavedReport r = saved_report(config, n);
      t.rows.push_back({r.name, r.options.kind, r.options.period, std::string(format_name(r.format)), r.out, Cell{}});
    } catch (const Error& e) {
      t.rows.push_back({n, Cell{}, Cell{}, Cell{}, Cell{}, std::string(e.what())});
    }
  }
  return t;
}

std::string reports_folder(const Config& config, const std::string& data_file) {
  std::filesystem::path data_dir = std::filesystem::path(absolute_path(data_file)).parent_path();
  std::filesystem::path dir = config.string("reports.dir");
  if (dir.empty()) return data_dir.string();
  return dir.is_relative() ? (data_dir / dir).lexically_normal().string() : dir.string();
}

std::string saved_report_path(const Config& config, const std::string& data_file, const SavedReport& r,
                              const ReportPeriod& period, Date day) {
  // The period's own year and month: December's report, run on 1 January, belongs to December's
  // year. A week counts from its middle day, so an ISO week that begins in December but is week 1
  // of the new year lands in the new year, as its label says.
  Date first = period.unit == PeriodUnit::week ? add_days(period.start, 3) : period.start;
  std::map<std::string, std::string> values = {
      {"period", period.label}, {"date", to_iso(day)}, {"year", fmt::format("{:04}", first.year)},
      {"month", fmt::format("{:04}-{:02}", first.year, first.month)}, {"name", r.name}, {"kind", r.options.kind}};
  std::filesystem::path p = fill_placeholders(r.name, r.out, values);
  if (p.is_relative()) p = std::filesystem::path(reports_folder(config, data_file)) / p;
  return p.lexically_normal().string();
}

std::optional<unsigned> reports_mode(const Config& config) {
  std::string text = config.string("reports.mode");
  if (text.empty()) return std::nullopt;
  return static_cast<unsigned>(std::stoul(text, nullptr, 8));  // checked by the registry ("mode")
}

std::string run_saved_report(Context& ctx, std::string_view name) {
  SavedReport r = saved_report(ctx.config, name);
  if (r.lang == "en") set_language(Lang::en);
  if (r.lang == "zh") set_language(Lang::zh);
  ReportPeriod period = report_period(ctx, r.options);
  Document doc = make_report(ctx, r.options);
  std::string path = saved_report_path(ctx.config, ctx.db.path(), r, period, today());
  std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(parent, ec);
    if (ec)
      throw Error(Exit::io, fmt::format(fmt::runtime(L("cannot create the folder {}: {}", "无法创建文件夹 {}：{}")), parent.string(),
                                        errno_text(ec.value())));
  }
  RenderOptions opts;
  opts.max_cell_width = 0;
  opts.bom = r.format == Format::csv && ctx.config.boolean("csv.bom");
  AtomicFile file(path, reports_mode(ctx.config));
  render(doc, r.format, opts, file.stream());
  file.commit();
  return path;
}

}  // namespace shequ
