// shequ operator add|list|set|remove: the operators of a server and their roles, enforced by
// the server itself (lib/domain/operators.h). A data file's owner is its one operator.
#include <fmt/format.h>

#include "commands.h"
#include "core/i18n.h"
#include "domain/operators.h"

namespace shequ::cli {
namespace {

std::string role_list() {
  std::string out;
  for (const OperatorRole& r : operator_roles()) out += fmt::format("\n  {:<12} {}", r.code, tr(r.en, r.zh));
  return out;
}

// --role, --community, --grid and --person of add and set.
void add_spec_options(CLI::App& cmd, OperatorSpec& s, bool required) {
  auto role = cmd.add_option("--role", s.role, T("The role (see the list below)", "角色（见下表）"));
  if (required) role->required();
  cmd.add_option("--community", s.community, T("Its community's code (every role but street)", "所属社区代码（street 以外的角色）"));
  cmd.add_option("--grid", s.grids, T("A grid-worker's grids (codes, comma-separated)", "网格员所管网格（代码，逗号分隔）"))->delimiter(',');
  cmd.add_option("--person", s.person, T("A mediator: who they are in the community (R12, V7)", "调解员：其在社区中的人员编号（R12、V7）"));
}

// The server named, without a community (a data file: its own refusal, for the command's sake).
Context& operators_context(App& app) { return is_server_url(app.data_path()) ? app.street_context() : app.context(); }

}  // namespace

void setup_operator(CLI::App& root, App& app) {
  CLI::App* noun = root.add_subcommand("operator", T("Operators of a server: database roles, what each may see and do, enforced by the server",
                                                     "服务器上的操作人：数据库角色及其权限，由服务器强制执行"));
  noun->require_subcommand(1);
  noun->footer(std::string(T("Roles:", "角色：")) + role_list());

  auto spec = std::make_shared<OperatorSpec>();
  CLI::App* add = verb(*noun, "add",
                       T("Make a database login an operator of a role (run as the database's owner)",
                         "把一个数据库登录名设为某角色的操作人（以数据库属主身份运行）"),
                       "shequ migrate --to postgresql:///shequ --community ningkangyuan --name 宁康园社区\n"
                       "shequ --db postgresql:///shequ operator add liwei --role grid-worker --community ningkangyuan --grid 03,05\n"
                       "shequ --db postgresql:///shequ operator list");
  add->add_option("NAME", spec->name, T("The login (a database role; made if new)", "登录名（数据库角色；不存在则新建）"))->required();
  add_spec_options(*add, *spec, true);
  add->footer(std::string(T("Roles:", "角色：")) + role_list());
  add->callback([&app, spec] {
    add_operator(operators_context(app), *spec);
    app.note(fmt::format(fmt::runtime(T("{} is an operator: {}", "{} 已成为操作人：{}")), spec->name, operator_may(spec->role)));
  });

  verb(*noun, "list", T("The operators, their roles and what each may do (on a data file: its owner)",
                        "操作人及其角色和权限（数据文件上：文件所有者）"),
       "shequ operator list")
      ->callback([&app] {
        app.emit(list_operators(operators_context(app)));
      });

  auto changed = std::make_shared<OperatorSpec>();
  CLI::App* set = verb(*noun, "set", T("Change an operator's role, community, grids or person", "修改操作人的角色、社区、网格或人员"),
                       "shequ migrate --to postgresql:///shequ --community ningkangyuan --name 宁康园社区\n"
                       "shequ --db postgresql:///shequ operator add wangfang --role grid-worker --community ningkangyuan --grid 03\n"
                       "shequ --db postgresql:///shequ operator set wangfang --grid 03,05");
  set->add_option("NAME", changed->name, T("The operator", "操作人"))->required();
  add_spec_options(*set, *changed, false);
  set->callback([&app, changed] { set_operator(operators_context(app), *changed); });

  auto name = std::make_shared<std::string>();
  CLI::App* remove = verb(*noun, "remove", T("Take the role from an operator (the login stays)", "撤销操作人的角色（登录名保留）"),
                          "shequ migrate --to postgresql:///shequ --community ningkangyuan --name 宁康园社区\n"
                          "shequ --db postgresql:///shequ operator add zhaolei --role auditor --community ningkangyuan\n"
                          "shequ --db postgresql:///shequ operator remove zhaolei");
  remove->add_option("NAME", *name, T("The operator", "操作人"))->required();
  remove->callback([&app, name] { remove_operator(operators_context(app), *name); });
}

}  // namespace shequ::cli
