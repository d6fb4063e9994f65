#include <iostream>

#include "commands.h"
#include "core/i18n.h"
#include "domain/roles.h"

namespace shequ::cli {

void setup_role(CLI::App& root, App& app) {
  const Entity& e = role_entity();
  const std::vector<std::string> roles = {"grid-leader", "neighbourhood-leader", "committee-member", "officer",
                                          "central-household"};
  CLI::App* noun = root.add_subcommand("role", T("Grid roles with history: 1+1+N service teams, grid and neighbourhood "
                                                  "leaders (包保)",
                                                  "网格职务（保留历史）：1+1+N 服务班子、网格长、邻里长包保"));
  examples(*noun, "shequ role list --grid 03\nshequ role coverage");
  noun->require_subcommand(1);

  auto a = std::make_shared<Assign>();
  CLI::App* assign = verb(*noun, "assign",
                          T("Give a person a grid role: grid-leader, neighbourhood-leader (--covers buildings/units), "
                            "committee-member, officer, central-household",
                            "任命网格职务：grid-leader 网格长、neighbourhood-leader 邻里长（--covers 包保楼栋/单元）、"
                            "committee-member 委员、officer 公共服务干事、central-household 党员中心户"),
                          "shequ role assign R1294 neighbourhood-leader --grid 03 --covers 21,22-1 --date 2026-03-01");
  assign->add_option("PERSON", a->person, T("Person reference", "人员"))->required();
  assign->add_option("ROLE", a->role, "grid-leader|neighbourhood-leader|committee-member|officer|central-household")
      ->required()
      ->transform(choice_of(roles));
  assign->add_option("--grid", a->grid, T("Grid (found from --household or --covers when omitted)",
                                           "网格（省略时按 --household 或 --covers 确定）"));
  assign->add_option("--covers", a->covers, T("Neighbourhood leader: buildings and units, e.g. 3,5-1 (all of building 3, "
                                               "unit 1 of building 5), in the role's grid",
                                               "邻里长：包保的楼栋和单元，如 3,5-1（3栋全部、5栋1单元），须在本网格内"));
  assign->add_option("--household", a->household, T("Central household: the household (default the person's own)",
                                                     "党员中心户：所在住户（默认本人住址）"));
  assign->add_option("--date", a->date, T("Start date (default today)", "任职日期（默认今天）"));
  assign->add_option("--note", a->note, T("Note", "备注"));
  assign->add_flag("--replace", a->replace, T("Committee member / officer: hand over from the current holder on --date",
                                               "委员/公共服务干事：于 --date 由现任交接"));
  assign->callback([&app, a] {
    std::int64_t id = assign_role(app.context(), *a);
    std::cout << "A" << id << "\n";
  });

  struct EndOpts { std::string ref, date, reason; };
  auto en = std::make_shared<EndOpts>();
  CLI::App* end = verb(*noun, "end", T("End a role (it stays in the history)", "结束任职（保留在历史中）"),
                       "shequ role end A7 --date 2026-11-30 --reason 搬离本网格");
  end->add_option("ROLE", en->ref, T("Role id, e.g. A7 (see `shequ role list`)", "职务编号，如 A7（见 `shequ role list`）"))
      ->required();
  end->add_option("--date", en->date, T("Last day is the day before this date (default today)",
                                         "结束日期（当日起不再任职，默认今天）"));
  end->add_option("--reason", en->reason, T("Reason", "原因"));
  end->callback([&app, en] { end_role(app.context(), en->ref, en->date, en->reason); });

  add_list_verb(
      *noun, app, e,
      [&app, roles](CLI::App& list, std::function<void(Query&)>& filter) {
        auto f = std::make_shared<RoleFilter>();
        list.add_option("--grid", f->grid, T("Only this grid", "只看该网格"));
        list.add_option("--person", f->person, T("Only this person", "只看此人"));
        list.add_option("--role", f->role, T("Only this role", "只看该职务"))->transform(choice_of(roles));
        list.add_flag("--all", f->include_ended, T("Include ended roles (history)", "包括已结束的任职（历史）"));
        filter = [&app, f](Query& q) { q = role_query(app.context(), *f); };
      },
      T("List grid roles (current ones unless --all); --grid shows that grid's 1+1+N team",
        "列出网格职务（默认只列在任的）；--grid 显示该网格的 1+1+N 班子"),
      "shequ role list --grid 03");
  add_show_verb(*noun, app, e);
  add_set_verb(*noun, app, e,
               T("Correct a role (what a neighbourhood leader covers, dates, note)", "更正任职信息（邻里长包保范围、日期、备注）"),
               "shequ role set A9 --covers 2,3-1");

  auto grid = std::make_shared<std::string>();
  CLI::App* coverage = verb(*noun, "coverage",
                            T("Where the organisation does not reach: incomplete 1+1+N teams, building units (and "
                              "households) no neighbourhood leader covers",
                              "组织覆盖检查：1+1+N 班子不完整的网格、无邻里长包保的楼栋单元及户数"),
                            "shequ role coverage --format md -o coverage.md");
  coverage->add_option("--grid", *grid, T("Only this grid", "只看该网格"));
  coverage->callback([&app, grid] { app.emit(role_coverage(app.context(), *grid)); });
}

}  // namespace shequ::cli
