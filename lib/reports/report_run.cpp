// The framework of the reports: a Run and its cells, the headline table, the checks of a
// report's options against its row of report_table(), make_report and report_period.
#include "reports/report_run.h"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

#include "records/entity.h"
#include "core/error.h"
#include "io/html_page.h"
#include "core/i18n.h"
#include "core/text.h"

namespace shequ::report {

std::string L(std::string_view en, std::string_view zh) { return std::string(tr(en, zh)); }

double round2(double v) { return std::round(v * 100.0) / 100.0; }

Cell opt_cell(const std::optional<double>& v) {
  if (!v) return std::monostate{};
  return round2(*v);
}

std::optional<double> median(std::vector<double> v) {
  if (v.empty()) return std::nullopt;
  std::sort(v.begin(), v.end());
  std::size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}

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
  // An earlier period with nothing in it (before the records begin) shows blank, not a column of zeros.
  auto nothing = [](const Cell& c) {
    return std::holds_alternative<std::monostate>(c) || c == Cell{Int{0}} || c == Cell{0.0};
  };
  const bool earlier_empty =
      r.previous && std::all_of(figures.begin(), figures.end(), [&](const Figure& f) { return nothing(f.previous); });
  for (const Figure& f : figures) {
    const bool share = f.key.starts_with("share_");
    auto shown = [&](const Cell& c) { return share ? percent_for_people(r, c) : c; };
    std::vector<Cell> row{r.label(f.key, f.en, f.zh), shown(f.value)};
    if (r.previous) {
      row.push_back(earlier_empty ? Cell{} : shown(f.previous));
      row.push_back(earlier_empty ? Cell{} : shown(difference(f.value, f.previous)));
    }
    t.rows.push_back(std::move(row));
  }
  return t;
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

// Entries of volunteers living in the grid (?G), or all.
std::string volunteer_in_grid(std::string_view column, std::string_view param) {
  return fmt::format("({1} IS NULL OR {0} IN (SELECT v.id FROM volunteer v JOIN person p ON p.id = v.person_id "
                     "JOIN household h ON h.id = p.household_id JOIN building b ON b.id = h.building_id "
                     "WHERE b.grid_id = {1}))",
                     column, param);
}

Cell hours_cell(Int minutes) { return round2(static_cast<double>(minutes) / 60.0); }

Cell share_cell(double share) { return round2(share); }

Run::Run(Context& c, const ReportOptions& opts) : ctx(c), o(opts), period(report_period(c, opts)), today_date(today()) {
  if (opts.compare && report_kind(opts.kind).takes_period()) previous = previous_period(period);
  if (!opts.grid.empty()) {
    grid_id = resolve(c, "grid", opts.grid);
    Stmt st(c.db, "SELECT code || ' ' || name FROM grid WHERE id = ?");
    st.bind(1, *grid_id);
    if (st.step()) grid_label = st.text(0);
  }
}

std::string Run::label(std::string_view code, std::string_view en, std::string_view zh) const {
  return o.codes ? std::string(code) : L(en, zh);
}

std::map<std::string, std::string> Run::vocab(std::string_view kind) const {
  std::map<std::string, std::string> m;
  Stmt st(ctx.db, "SELECT code, zh, en FROM vocab WHERE kind = ?");
  st.bind(1, kind);
  while (st.step()) m[st.text(0)] = o.codes ? st.text(0) : (language() == Lang::en ? st.text(2) : st.text(1));
  return m;
}

Cell Run::none(std::string_view en, std::string_view zh) const { return o.codes ? Cell{} : Cell{L(en, zh)}; }

std::string Run::subtitle(bool with_period) const {
  std::vector<std::string> parts{ctx.config.string("community.name")};
  if (grid_id) parts.push_back(L("grid ", "网格 ") + grid_label);
  if (with_period)
    parts.push_back(fmt::format("{} ({} – {})", period.label, to_iso(period.start), to_iso(period.last())));
  else
    parts.push_back(tr_format("as of {}", "截至 {}", to_iso(today_date)));
  if (previous) parts.push_back(tr_format("compared with {}", "对比 {}", previous->label));
  return join(parts, " · ");
}

std::string Run::title(std::string_view en, std::string_view zh, bool with_period) const {
  return with_period ? fmt::format("{} {}", L(en, zh), period.label) : L(en, zh);
}

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

}  // namespace shequ::report

namespace shequ {

using namespace report;

Document make_report(Context& ctx, const ReportOptions& o) {
  const ReportKind& k = report_kind(o.kind);
  if (auto p = option_problem(k, o)) throw Error(Exit::usage, "--" + p->option + ": " + p->message, p->hint);
  ReportOptions with_default = o;
  if (with_default.by.empty() && !k.by.empty()) with_default.by = k.by.front();
  Document d = k.build(ctx, with_default);
  if (d.footer.empty()) d.footer = page_footer(d.subtitle, {});  // the subtitle names the community and period
  const ReportPeriod period = report_period(ctx, with_default);
  d.from = to_iso(period.start);
  d.to = to_iso(period.end);
  d.generated_at = now_iso();
  return d;
}

ReportPeriod report_period(Context& ctx, const ReportOptions& o) {
  const ReportKind& k = report_kind(o.kind);
  Date day = today();
  if (!k.takes_period()) return {day, add_days(day, 1), PeriodUnit::range, to_iso(day)};
  WeekStart ws = ctx.config.string("reports.week_start") == "sunday" ? WeekStart::sunday : WeekStart::monday;
  return parse_period(o.period.empty() ? std::string(k.default_period) : o.period, day, ws);
}

}  // namespace shequ
