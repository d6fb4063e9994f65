// shequ street communities|report KIND|cases: the street office's view of the communities on
// its server (lib/reports/street.h). A data file has one community and no street: refused (64).
#include "commands.h"
#include "core/i18n.h"
#include "core/text.h"
#include "reports/reports.h"
#include "reports/street.h"

namespace shequ::cli {
namespace {

// --communities a,b: only these communities (default: every community on the server).
void add_communities_option(CLI::App& cmd, std::vector<std::string>& codes) {
  cmd.add_option("--communities", codes, T("Only these communities (codes, comma-separated; default all)",
                                           "只看这些社区（代码，逗号分隔；默认全部）"))
      ->delimiter(',');
}

}  // namespace

void setup_street(CLI::App& root, App& app) {
  CLI::App* noun = root.add_subcommand("street", T("The street office: its communities' figures side by side, the cases escalated to it "
                                                   "(on a server)",
                                                   "街道：各社区数据并列对比、上报街道的调解案件（服务器上）"));
  noun->require_subcommand(1);
  examples(*noun, "shequ migrate --to postgresql:///shequ --community ningkangyuan --name 宁康园社区\n"
                  "shequ --db postgresql:///shequ street communities");

  verb(*noun, "communities", T("The communities on the server: code, name, grids, residents, active cases at the street",
                               "服务器上的社区：代码、名称、网格、居民、街道在办案件"),
       "shequ migrate --to postgresql:///shequ --community ningkangyuan --name 宁康园社区\n"
       "shequ --db postgresql:///shequ street communities --format csv")
      ->callback([&app] { app.emit(street_community_table(app.street_context(), for_machines(app.output_format()))); });

  CLI::App* report = noun->add_subcommand("report", T("Street reports: one row per community and the street's total, in every format",
                                                      "街道报表：每个社区一行并附街道合计，支持所有输出格式"));
  report->require_subcommand(1);
  report->footer(std::string(T("Periods as `shequ report --help` gives them. html and xlsx draw a chart per figure.",
                               "统计期写法见 shequ report --help。html 和 xlsx 为每项数据绘制图表。")));
  for (const StreetReportKind& k : street_report_table()) {
    auto o = std::make_shared<StreetOptions>();
    o->kind = std::string(k.kind);
    CLI::App* cmd = verb(*report, std::string(k.kind), T(k.en, k.zh),
                         "shequ migrate --to postgresql:///shequ --community ningkangyuan --name 宁康园社区\n" + std::string(k.example));
    if (report_kind(k.report).takes_period())
      cmd->add_option("--period", o->period,
                      tr_format("The period (default {})", "统计期（默认 {}）", report_kind(k.report).default_period));
    add_communities_option(*cmd, o->communities);
    cmd->callback([&app, o] {
      Format f = app.output_format();
      o->codes = for_machines(f);
      o->charts = f == Format::html || f == Format::xlsx;
      app.emit(street_report(app.street_context(), *o));
    });
  }

  auto only = std::make_shared<std::vector<std::string>>();
  auto due = std::make_shared<bool>(false);
  CLI::App* cases = verb(*noun, "cases",
                         T("The street's mediation inbox: active cases escalated to the street, by community (never their text)",
                           "街道调解收件箱：各社区上报街道的在办案件（不显示保密内容）"),
                         "shequ migrate --to postgresql:///shequ --community ningkangyuan --name 宁康园社区\n"
                         "shequ --db postgresql:///shequ street cases --communities ningkangyuan\n"
                         "shequ --db postgresql:///shequ street cases --communities ningkangyuan --due --format csv");
  cases->add_flag("--due", *due, T("Only those overdue or due a follow-up visit", "只看超期或应回访的案件"));
  add_communities_option(*cases, *only);
  cases->callback([&app, only, due] { app.emit(street_cases(app.street_context(), *only, *due)); });
}

}  // namespace shequ::cli
