// project add|list|show|set
#include "commands.h"
#include "core/i18n.h"
#include "domain/projects.h"

namespace shequ::cli {

void setup_project(CLI::App& root, App& app) {
  CLI::App* noun = root.add_subcommand("project", T("Projects under the four post types, with a points coefficient",
                                                    "志愿服务项目（四类岗位，含积分系数）"));
  examples(*noun, "shequ project list\nshequ project show J1");
  noun->require_subcommand(1);
  add_record_verbs(*noun, app, project_entity(),
                   "shequ project add --name 清洁家园 --post-type dedication --team 帮帮龙志愿服务队 --coefficient 1.2",
                   [&app](CLI::App& list, std::function<void(Query&)>& filter) {
                     auto post = std::make_shared<std::string>();
                     auto team = std::make_shared<std::string>();
                     auto all = std::make_shared<bool>(false);
                     list.add_option("--post-type", *post, "dedication|friendship|mutual-aid|progress");
                     list.add_option("--team", *team, T("Only projects run by this team", "只看该队伍负责的项目"));
                     list.add_flag("--all", *all, T("Include inactive projects", "包括已停止的项目"));
                     filter = [&app, post, team, all](Query& q) {
                       const Entity& e = project_entity();
                       match(app.context(), e, q, "post_type", *post);
                       match(app.context(), e, q, "team", *team);
                       if (!*all) match(app.context(), e, q, "active", "1");
                     };
                   });
}

}  // namespace shequ::cli
