// `shequ street report KIND`: the headline figures of a community report, every community in a
// row, the street's total beneath. Each community's row comes from the very functions its own
// report's "figures" section uses (report_run.h), run in its schema, so a street's figure is the
// figure its community sees.
#include "reports/street.h"

#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "core/date.h"
#include "core/error.h"
#include "core/i18n.h"
#include "core/text.h"
#include "reports/report_run.h"
#include "storage/server.h"

namespace shequ {

using report::Figure;
using report::Int;
using report::L;
using report::Run;

const std::vector<StreetReportKind>& street_report_table() {
  using How = StreetTotal::How;
  static const std::vector<StreetReportKind> k = {
      {"summary", "Summary", "工作概况", "Each community's headline figures of a period, and the street's", "各社区阶段工作概况及街道合计",
       "shequ --db postgresql:///shequ street report summary --communities ningkangyuan --period 2026 -o street-2026.html", "summary",
       [](const Run& r) { return report::summary_figures(r, report::period_cases(r)); },
       {{"share_inside_community", How::share, {"settled_grid", "settled_community"}, "disputes_settled"}}},
      {"cases", "Mediation cases", "矛盾纠纷调解", "Each community's mediation figures: opened, settled and where, agreements holding",
       "各社区调解数据：受理、化解及层级、协议履行", "shequ --db postgresql:///shequ street report cases --communities ningkangyuan --period 2026 --format csv",
       "cases", [](const Run& r) { return report::case_figure_list(report::period_cases(r)); },
       {{"share_inside_grid", How::share, {"settled_grid"}, "agreed"},
        {"share_inside_community", How::share, {"settled_grid", "settled_community"}, "agreed"},
        {"median_days_to_agreement", How::none},
        {"longest_dispute_days", How::max},
        {"share_holding", How::share, {"holding"}, "followed_up"}}},
      {"needs", "Needs", "居民诉求", "Each community's needs raised, resolved, declined, open and overdue",
       "各社区诉求：提出、解决、不予办理、未办结、超期", "shequ --db postgresql:///shequ street report needs --communities ningkangyuan --period 2026-11",
       "needs", report::need_figures, {{"median_days_to_resolve", How::none}, {"satisfaction", How::none}}},
      {"hours", "Volunteer service hours", "志愿服务时长", "Each community's verified service hours and the volunteers who served",
       "各社区志愿服务时长（已确认）与参与人数", "shequ --db postgresql:///shequ street report hours --communities ningkangyuan --period 2026 -o hours.xlsx",
       "hours", report::hours_figures, {}},
      {"due", "Due today", "今日待办", "What is due today in each community: cases, needs, hours to verify, points expiring",
       "各社区今日待办：案件、诉求、待确认时长、即将过期的积分", "shequ --db postgresql:///shequ street report due --communities ningkangyuan --format md",
       "due", report::due_figures, {}},
  };
  return k;
}

namespace {

const StreetReportKind& street_kind(std::string_view kind) {
  for (const StreetReportKind& k : street_report_table())
    if (k.kind == kind) return k;
  std::vector<std::string> kinds;
  for (const StreetReportKind& k : street_report_table()) kinds.emplace_back(k.kind);
  throw Error(Exit::usage, tr_format("\"{}\" is not a street report", "没有“{}”这种街道报表", kind),
              L("street reports: ", "可用街道报表：") + join(kinds, ", "));
}

double number(const Cell& c) {
  if (auto i = std::get_if<Int>(&c)) return static_cast<double>(*i);
  if (auto d = std::get_if<double>(&c)) return *d;
  return 0;
}

// The street's value of figure `key` from every community's figures (one map per community).
Cell street_total(const StreetReportKind& k, const std::string& key, const std::vector<std::map<std::string, Cell>>& rows) {
  auto sum = [&](std::string_view figure) {
    double s = 0;
    bool any_real = false;
    for (const auto& row : rows) {
      auto it = row.find(std::string(figure));
      if (it == row.end()) continue;
      s += number(it->second);
      any_real = any_real || std::holds_alternative<double>(it->second);
    }
    return std::pair{s, any_real};
  };
  auto rule = std::find_if(k.totals.begin(), k.totals.end(), [&](const StreetTotal& t) { return t.key == key; });
  if (rule == k.totals.end()) {
    auto [s, real] = sum(key);
    return real ? Cell{report::round2(s)} : Cell{static_cast<Int>(std::llround(s))};
  }
  switch (rule->how) {
    case StreetTotal::How::share: {
      double over = 0;
      for (std::string_view n : rule->numerator) over += sum(n).first;
      double under = sum(rule->denominator).first;
      return under > 0 ? Cell{report::share_cell(over / under)} : Cell{};
    }
    case StreetTotal::How::max: {
      std::optional<double> m;
      for (const auto& row : rows)
        if (auto it = row.find(key); it != row.end() && !std::holds_alternative<std::monostate>(it->second))
          m = std::max(m.value_or(number(it->second)), number(it->second));
      return m ? Cell{static_cast<Int>(std::llround(*m))} : Cell{};
    }
    case StreetTotal::How::none:
      break;
  }
  return Cell{};
}

}  // namespace

Document street_report(Context& ctx, const StreetOptions& o) {
  const StreetReportKind& k = street_kind(o.kind);
  const ReportKind& community_kind = report_kind(k.report);
  ReportOptions ro;
  ro.kind = std::string(k.report);
  ro.period = o.period;
  ro.codes = true;  // the figures' own values; labels are the street's to give
  if (!community_kind.by.empty()) ro.by = std::string(community_kind.by.front());
  const Run period_run(ctx, ro);  // the period, parsed once (64 for a bad --period before any community)

  std::vector<std::string> codes = street_communities(ctx, o.communities);
  std::map<std::string, std::string> names;
  for (const Community& c : list_communities(ctx.db)) names[c.code] = c.name;

  std::vector<std::vector<Figure>> figures(codes.size());
  for_each_community(ctx, codes, [&](Context& in, std::size_t i) { figures[i] = k.figures(Run(in, ro)); });
  std::vector<Figure> columns;  // the figures in their report's order (keys, labels)
  std::vector<std::map<std::string, Cell>> values;
  for (std::vector<Figure>& of_one : figures) {
    std::map<std::string, Cell> row;
    for (Figure& f : of_one) {
      if (std::none_of(columns.begin(), columns.end(), [&](const Figure& c) { return c.key == f.key; }))
        columns.push_back({f.key, f.en, f.zh, {}, {}});
      row[f.key] = std::move(f.value);
    }
    values.push_back(std::move(row));
  }

  Document d;
  const std::string communities = tr_format("{} communities", "{} 个社区", codes.size());
  const ReportPeriod& p = period_run.period;
  d.title = L("Street · ", "街道") + L(k.title_en, k.title_zh);
  if (community_kind.takes_period()) {
    d.title += " " + p.label;
    d.subtitle = fmt::format("{} · {} ({} – {})", communities, p.label, to_iso(p.start), to_iso(p.last()));
    d.from = to_iso(p.start);
    d.to = to_iso(p.end);
  } else {
    d.subtitle = communities + " · " + tr_format("as of {}", "截至 {}", to_iso(period_run.today_date));
  }
  d.generated_at = now_iso();

  ReportOptions people = ro;
  people.codes = o.codes;
  const Run shown_run(ctx, people);  // shares as people read them ("86%"), plain in machine formats
  auto shown = [&](const std::string& key, const Cell& c) {
    return key.starts_with("share_") ? report::percent_for_people(shown_run, c) : c;
  };
  Section main{L("Communities", "各社区"), {}, std::nullopt, "communities"};
  main.table.columns = {{"community", "Community", "社区代码"}, {"name", "Name", "社区名称"}};
  for (const Figure& f : columns) main.table.columns.push_back({f.key, f.en, f.zh, true});
  for (std::size_t i = 0; i < codes.size(); ++i) {
    std::vector<Cell> row{codes[i], names[codes[i]]};
    for (const Figure& f : columns) row.push_back(shown(f.key, values[i][f.key]));
    main.table.rows.push_back(std::move(row));
  }
  std::vector<Cell> total{Cell{}, o.codes ? Cell{} : Cell{L("Street total", "街道合计")}};
  for (const Figure& f : columns) total.push_back(shown(f.key, street_total(k, f.key, values)));
  main.table.rows.push_back(std::move(total));
  main.table.notes.push_back(L("The street total adds up the communities; a share is recomputed from the figures it "
                               "divides, the oldest dispute is the largest, and a median or a mean is left blank.",
                               "街道合计为各社区之和；占比按其分子分母重新计算，最久纠纷取最大值，中位数和平均数不作合计。"));
  d.sections.push_back(std::move(main));

  if (o.charts)  // one chart per figure: the communities side by side
    for (const Figure& f : columns) {
      const bool share = f.key.starts_with("share_");
      BarChart chart{L(f.en, f.zh) + (share ? " (%)" : ""), {}};
      for (std::size_t i = 0; i < codes.size(); ++i)
        chart.bars.emplace_back(names[codes[i]], number(values[i][f.key]) * (share ? 100.0 : 1.0));
      d.sections.push_back({L(f.en, f.zh), {}, std::move(chart), "chart_" + f.key});
    }
  return d;
}

}  // namespace shequ
