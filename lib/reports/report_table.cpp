// The table of reports: adding a report is one row here and its function in report_KIND.cpp.
// The CLI makes `shequ report KIND` with its flags, help and completions from it; make_report
// and saved reports check options against it.
#include "reports/reports.h"

#include "core/error.h"
#include "core/i18n.h"
#include "reports/report_run.h"
#include "core/text.h"

namespace shequ {
namespace report {

// The reports' functions, one file each (report_KIND.cpp): each builds the Document of its kind
// from options that make_report has checked against its row (its --by is set, its default first).
Document report_needs(Context& ctx, const ReportOptions& o);
Document report_hours(Context& ctx, const ReportOptions& o);
Document report_points(Context& ctx, const ReportOptions& o);
Document report_stars(Context& ctx, const ReportOptions& o);
Document report_cases(Context& ctx, const ReportOptions& o);
Document report_grid(Context& ctx, const ReportOptions& o);
Document report_barometer(Context& ctx, const ReportOptions& o);
Document report_summary(Context& ctx, const ReportOptions& o);
Document report_due(Context& ctx, const ReportOptions& o);

}  // namespace report

using report::Int;
using report::L;

const std::vector<ReportKind>& report_table() {
  static const std::vector<ReportKind> k = {
      {"needs", "Needs raised, resolved, declined, open and overdue; days to resolve; satisfaction",
       "诉求：提出、解决、不予办理、未办结、超期；办结天数；满意度", "shequ report needs --period 2026-11 --by grid --compare",
       "this-month", true, {"category", "grid", "channel", "status"}, false, report::report_needs},
      {"hours", "Verified service hours and active volunteers; hours awaiting verification",
       "志愿服务时长（已确认）与参与人数；待确认时长", "shequ report hours --period 2026 --by month -o hours-2026.html",
       "this-month", true, {"project", "volunteer", "team", "month"}, false, report::report_hours},
      {"points", "Points earned, bonus, redeemed, expired; balances; rewards redeemed",
       "积分：获得、奖励、兑换、过期；余额；兑换的奖品", "shequ report points --period last-month", "this-month", true, {},
       false, report::report_points},
      {"stars", "Volunteers per star level; who reached a level in the period", "各星级志愿者人数；本期晋级名单",
       "shequ report stars --period 2026", "this-year", true, {}, false, report::report_stars},
      {"cases", "Mediation figures: opened, settled and where, days, long-standing disputes, agreements holding",
       "调解数据：受理、化解及层级、用时、积年纠纷、协议履行", "shequ report cases --period 2026-Q3 --compare --format md",
       "this-month", true, {"type", "source", "grid", "level"}, false, report::report_cases},
      {"grid", "One grid (or all) at a glance: households, residents, party members, 1+1+N team, open work",
       "网格概况：户数、居民、党员、1+1+N 服务班子、在办事项", "shequ report grid --grid 03", "", true, {}, false, report::report_grid},
      {"barometer", "The public opinion barometer for the notice board (anonymous)", "民意晴雨表（匿名，可张贴公示）",
       "shequ report barometer --period 2026-Q4 -o barometer.html", "this-year", false, {}, true, report::report_barometer},
      {"summary", "Headline figures of a period (default: this year)", "阶段工作概况（默认本年度）",
       "shequ report summary --period last-year --compare -o summary.html", "this-year", true, {}, false, report::report_summary},
      {"due", "The daily inbox: what needs doing today", "今日待办：需要处理的事项", "shequ report due --format md", "", true,
       {}, false, report::report_due},
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

}  // namespace shequ
