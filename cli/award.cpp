// award grant|list
#include <iostream>

#include "domain/awards.h"
#include "commands.h"
#include "core/i18n.h"

namespace shequ::cli {

void setup_award(CLI::App& root, App& app) {
  CLI::App* noun = root.add_subcommand("award", T("Awards: best volunteer, best team, best family, …", "荣誉：最美志愿者、最美团队、最美家庭等"));
  examples(*noun, "shequ award list\nshequ award list --format csv -o 荣誉.csv");
  noun->require_subcommand(1);
  auto g = std::make_shared<Granting>();
  CLI::App* grant = verb(*noun, "grant",
                         T("Grant an award for a year to a volunteer (V…), team (T…) or household (H… or address)",
                           "授予年度荣誉：志愿者（V…）、队伍（T…）或住户（H… 或地址）"),
                         "shequ award grant best-volunteer V12 --year 2026 --points 50");
  grant->add_option("KIND", g->kind, T("Award kind (shequ vocab list --kind award-kind)", "荣誉类别（shequ vocab list --kind award-kind）"))
      ->required();
  grant->add_option("RECIPIENT", g->recipient, T("V…, T…, H…, or a volunteer number / team name / address", "V…、T…、H… 或志愿者编号、队名、地址"))
      ->required();
  grant->add_option("--year", g->year, T("Year (default this year)", "年度（默认今年）"));
  grant->add_option("--points", g->points, T("Bonus points written to the ledger (volunteers only)", "奖励积分（仅限志愿者，记入台账）"));
  grant->add_option("--title", g->title, T("Title as printed", "称号"));
  grant->add_option("--date", g->date, T("Granted on (default today)", "授予日期（默认今天）"));
  grant->add_option("--note", g->note, T("Note", "备注"));
  grant->callback([&app, g] { std::cout << grant_award(app.context(), *g) << "\n"; });

  auto year = std::make_shared<std::string>();
  auto kind = std::make_shared<std::string>();
  CLI::App* list = verb(*noun, "list", T("List awards", "列出荣誉"), "shequ award list --year 2026");
  list->add_option("--year", *year, T("Only this year", "只看该年度"));
  list->add_option("--kind", *kind, T("Only this kind", "只看该类别"));
  list->callback([&app, year, kind] { app.emit(list_awards(app.context(), *year, *kind)); });
}

}  // namespace shequ::cli
