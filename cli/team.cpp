// team add|list|show|set|join|leave|members
#include "commands.h"
#include "core/i18n.h"
#include "domain/teams.h"

namespace shequ::cli {

void setup_team(CLI::App& root, App& app) {
  CLI::App* noun = root.add_subcommand("team", T("Volunteer teams: members, roles and history", "志愿服务队：队员、角色与变动记录"));
  examples(*noun, "shequ team list\nshequ team members T1");
  noun->require_subcommand(1);
  add_record_verbs(*noun, app, team_entity(), "shequ team add --name 楼栋互助队 --founded 2024-03-01 --leader V3",
                   [](CLI::App& list, std::function<void(Query&)>& filter) {
                     auto all = std::make_shared<bool>(false);
                     list.add_flag("--all", *all, T("Include inactive teams", "包括已停止活动的队伍"));
                     filter = [all](Query& q) {
                       if (!*all) q.where.push_back("t.active = 1");
                     };
                   });

  auto j = std::make_shared<Joining>();
  CLI::App* join = verb(*noun, "join", T("A volunteer joins a team (role member, deputy or leader)", "志愿者加入队伍（队员、副队长或队长）"),
                        "shequ team join 帮帮龙志愿服务队 V12 --role deputy --date 2026-03-01");
  join->add_option("TEAM", j->team, T("Team", "队伍"))->required();
  join->add_option("VOLUNTEER", j->volunteer, T("Volunteer", "志愿者"))->required();
  join->add_option("--role", j->role, "member|deputy|leader")->transform(choice_of({"member", "deputy", "leader"}));
  join->add_option("--date", j->date, T("Joining date (default today)", "加入日期（默认今天）"));
  join->add_option("--note", j->note, T("Note", "备注"));
  join->callback([&app, j] { join_team(app.context(), *j); });

  auto l = std::make_shared<Leaving>();
  CLI::App* leave = verb(*noun, "leave", T("A volunteer leaves a team (history kept)", "志愿者退出队伍（保留记录）"),
                         "shequ team leave 帮帮龙志愿服务队 V62 --date 2026-11-01 --reason 搬离社区");
  leave->add_option("TEAM", l->team, T("Team", "队伍"))->required();
  leave->add_option("VOLUNTEER", l->volunteer, T("Volunteer", "志愿者"))->required();
  leave->add_option("--date", l->date, T("Leaving date (default today)", "退出日期（默认今天）"));
  leave->add_option("--reason", l->reason, T("Reason", "原因"));
  leave->callback([&app, l] { leave_team(app.context(), *l); });

  auto team = std::make_shared<std::string>();
  auto past = std::make_shared<bool>(false);
  CLI::App* members = verb(*noun, "members", T("Members of a team; --all adds past members", "队员名单；--all 含已退出队员"),
                           "shequ team members T1 --all");
  members->add_option("TEAM", *team, T("Team", "队伍"))->required();
  members->add_flag("--all", *past, T("Include past members", "包括已退出的队员"));
  members->callback([&app, team, past] {
    Context& ctx = app.context();
    app.emit(team_members(ctx, resolve(ctx, team_entity(), *team), *past));
  });
}

}  // namespace shequ::cli
