#include <iostream>

#include "command_tree.h"
#include "commands.h"
#include "i18n.h"
#include "reports.h"

namespace shequ::cli {
namespace {

struct ReportVerb {
  const char* kind;
  const char* en;
  const char* zh;
  const char* example;
  bool period, grid;
  const char* by;  // breakdowns, or nullptr
};

const ReportVerb kVerbs[] = {
    {"needs", "Needs raised, resolved, declined, open and overdue; days to resolve; satisfaction",
     "诉求：提出、解决、不予办理、未办结、超期；办结天数；满意度",
     "shequ report needs --period 2026-11 --by grid --compare", true, true, "category|grid|channel|status"},
    {"hours", "Verified service hours and active volunteers; hours awaiting verification",
     "志愿服务时长（已确认）与参与人数；待确认时长",
     "shequ report hours --period 2026 --by month -o hours-2026.html", true, true, "volunteer|team|project|month"},
    {"points", "Points earned, bonus, redeemed, expired; balances; rewards redeemed",
     "积分：获得、奖励、兑换、过期；余额；兑换的奖品", "shequ report points --period last-month", true, false, nullptr},
    {"stars", "Volunteers per star level; who reached a level in the period",
     "各星级志愿者人数；本期晋级名单", "shequ report stars --period 2026", true, true, nullptr},
    {"cases", "Mediation figures: opened, settled and where, days, long-standing disputes, agreements holding",
     "调解数据：受理、化解及层级、用时、积年纠纷、协议履行",
     "shequ report cases --period 2026-Q3 --compare --format md", true, true, "type|source|grid|level"},
    {"grid", "One grid (or all) at a glance: households, residents, party members, 1+1+N team, open work",
     "网格概况：户数、居民、党员、1+1+N 服务班子、在办事项", "shequ report grid --grid 03", false, true, nullptr},
    {"barometer", "The public opinion barometer for the notice board (anonymous)",
     "民意晴雨表（匿名，可张贴公示）", "shequ report barometer --period 2026-Q4 -o barometer.html", true, false, nullptr},
    {"summary", "Headline figures of a period (default: this year)", "阶段工作概况（默认本年度）",
     "shequ report summary --period last-year --compare -o summary.html", true, true, nullptr},
    {"due", "The daily inbox: what needs doing today", "今日待办：需要处理的事项",
     "shequ report due --format md", false, true, nullptr},
};

}  // namespace

void setup_report(CLI::App& root, App& app) {
  CLI::App* noun = root.add_subcommand("report", T("Reports: figures, the barometer and the daily inbox, in every format",
                                                    "报表：统计数据、民意晴雨表、今日待办，支持所有输出格式"));
  noun->require_subcommand(1);
  noun->footer(std::string(T("Periods: 2026, 2026-11, 2026-Q3, 2026-W48, this-month, last-month, this-year, last-year,\n"
                             "this-week, last-week, this-quarter, last-quarter, FROM..TO (TO excluded).",
                             "统计期：2026、2026-11、2026-Q3、2026-W48、this-month、last-month、this-year、last-year、\n"
                             "this-week、last-week、this-quarter、last-quarter、FROM..TO（不含 TO 当天）。")));
  for (const ReportVerb& v : kVerbs) {
    auto o = std::make_shared<ReportOptions>();
    o->kind = v.kind;
    CLI::App* cmd = verb(*noun, v.kind, T(v.en, v.zh), v.example);
    if (v.period) {
      cmd->add_option("--period", o->period, T("The period (see `shequ report --help`)", "统计期（见 shequ report --help）"));
      cmd->add_flag("--compare", o->compare, T("Add the previous period's figures", "增加上一期数据对比"));
    }
    if (v.grid) cmd->add_option("--grid", o->grid, T("Only this grid", "只看该网格"));
    if (v.by) cmd->add_option("--by", o->by, std::string(T("Break down by ", "分组：")) + v.by);
    if (std::string_view(v.kind) == "barometer")
      cmd->add_flag("--detail", o->detail, T("Add the full tables (every item, needs by category) to the one-page board",
                                             "在一页公示版之外附全部评价对象和各类诉求统计表"));
    cmd->callback([&app, o] {
      Context& ctx = app.context();
      Format f = app.output_format();
      o->codes = f == Format::csv || f == Format::tsv || f == Format::json || f == Format::jsonl;
      app.emit(make_report(ctx, *o));
    });
  }

  auto name = std::make_shared<std::string>();
  CLI::App* run = verb(*noun, "run",
                       T("Run a report saved in the config as [reports.NAME]; prints nothing on success (for cron). "
                         "A relative out is taken from reports.dir, else the data file's folder. "
                         "Without NAME: list the saved reports",
                         "运行配置中 [reports.NAME] 保存的报表；成功时不输出任何内容（供 cron 使用）。"
                         "相对路径的 out 取自 reports.dir，否则取自数据文件所在目录。不带 NAME：列出已保存的报表"),
                       "shequ report run");
  offer(run->add_option("NAME", *name, T("Saved report name", "报表名称")), {{}, "reports"});
  run->callback([&app, name] {
    if (name->empty()) {
      app.emit(saved_reports_table(app.config()));
      return;
    }
    run_saved_report(app.context(), *name);
  });
}

}  // namespace shequ::cli
