#include <iostream>

#include "command_tree.h"
#include "commands.h"
#include "core/i18n.h"
#include "reports/saved_reports.h"

namespace shequ::cli {
namespace {

std::string joined(const std::vector<std::string_view>& words, std::string_view sep) {
  std::string out;
  for (auto w : words) out += (out.empty() ? "" : std::string(sep)) + std::string(w);
  return out;
}

}  // namespace

void setup_report(CLI::App& root, App& app) {
  CLI::App* noun = root.add_subcommand("report", T("Reports: figures, the barometer and the daily inbox, in every format",
                                                    "报表：统计数据、民意晴雨表、今日待办，支持所有输出格式"));
  noun->require_subcommand(1);
  noun->footer(std::string(T("Periods: 2026, 2026-11, 2026-Q3, 2026-W48, this-month, last-month, this-year, last-year,\n"
                             "this-week, last-week, this-quarter, last-quarter, FROM..TO (TO excluded).",
                             "统计期：2026、2026-11、2026-Q3、2026-W48、this-month、last-month、this-year、last-year、\n"
                             "this-week、last-week、this-quarter、last-quarter、FROM..TO（不含 TO 当天）。")));
  for (const ReportKind& k : report_table()) {  // every verb, flag and completion from the one table
    auto o = std::make_shared<ReportOptions>();
    o->kind = std::string(k.kind);
    CLI::App* cmd = verb(*noun, std::string(k.kind), T(k.en, k.zh), std::string(k.example));
    if (k.takes_period()) {
      cmd->add_option("--period", o->period,
                      tr_format("The period (see `shequ report --help`; default {})", "统计期（见 shequ report --help；默认 {}）",
                                k.default_period));
      cmd->add_flag("--compare", o->compare, T("Add the previous period's figures", "增加上一期数据对比"));
    }
    if (k.grid) cmd->add_option("--grid", o->grid, T("Only this grid", "只看该网格"));
    if (!k.by.empty())
      offer(cmd->add_option("--by", o->by, tr_format("Break down by {} (default {})", "分组：{}（默认 {}）", joined(k.by, "|"), k.by.front())),
            {std::vector<std::string>(k.by.begin(), k.by.end()), {}});
    if (k.detail)
      cmd->add_flag("--detail", o->detail, T("Add the full tables (every item, needs by category) to the one-page board",
                                             "在一页公示版之外附全部评价对象和各类诉求统计表"));
    cmd->callback([&app, o] {
      Context& ctx = app.context();
      o->codes = for_machines(app.output_format());
      app.emit(make_report(ctx, *o));
    });
  }

  verb(*noun, "list",
       T("The reports: what each shows, its default period, whether --grid applies, its --by values",
         "所有报表：内容、默认统计期、能否用 --grid、--by 可选分组"),
       "shequ report list --format csv")
      ->callback([&app] { app.emit(report_kinds_table(for_machines(app.output_format()))); });

  auto name = std::make_shared<std::string>();
  CLI::App* run = verb(*noun, "run",
                       T("Run a report saved in the config as [reports.NAME]; prints nothing on success (for cron). "
                         "A relative out is taken from reports.dir, else the data file's folder (on a server: the settings file's). "
                         "Without NAME: list the saved reports",
                         "运行配置中 [reports.NAME] 保存的报表；成功时不输出任何内容（供 cron 使用）。"
                         "相对路径的 out 取自 reports.dir，否则取自数据文件所在目录（服务器上为配置文件所在目录）。不带 NAME：列出已保存的报表"),
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
