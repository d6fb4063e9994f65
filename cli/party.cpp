#include <unistd.h>

#include <iostream>

#include "commands.h"
#include "core/i18n.h"
#include "domain/party.h"
#include "domain/roles.h"

namespace shequ::cli {

namespace {

void setup_members(CLI::App& party, App& app) {
  const Entity& e = membership_entity();
  CLI::App* noun = party.add_subcommand("member", T("Party memberships and their history", "党员组织关系及其历史"));
  examples(*noun, "shequ party member list --org 安居网格党支部\nshequ party member list --all --person R21");
  noun->require_subcommand(1);

  add_list_verb(
      *noun, app, e,
      [&app](CLI::App& list, std::function<void(Query&)>& filter) {
        auto f = std::make_shared<MemberFilter>();
        list.add_option("--org", f->org, T("This organisation and those under it", "该党组织及其下级"));
        list.add_option("--person", f->person, T("Only this person", "只看此人"));
        list.add_option("--kind", f->kind, "resident|directly-managed|partner-unit")
            ->transform(choice_of({"resident", "directly-managed", "partner-unit"}));
        list.add_option("--partner", f->partner, T("Only members from this partner unit", "只看该共建单位的党员"));
        list.add_flag("--all", f->include_left, T("Include memberships that ended (history)", "包括已转出的记录（历史）"));
        filter = [&app, f](Query& q) { q = member_query(app.context(), *f); };
      },
      T("List party members (current ones unless --all)", "列出党员（默认只列在册的）"),
      "shequ party member list --org 安居网格党支部 --kind partner-unit");
  add_show_verb(*noun, app, e);
  add_set_verb(*noun, app, e, T("Correct a membership (kind, partner, dates, note)", "更正组织关系（类别、单位、日期、备注）"),
               "shequ party member set S3 --joined 2019-07-01");
}

}  // namespace

void setup_party(CLI::App& root, App& app) {
  CLI::App* noun = root.add_subcommand("party", T("The party organisation: tree, members, history (党建)",
                                                   "党组织：架构、党员、组织关系历史"));
  examples(*noun, "shequ party tree\nshequ party member list --org 安居网格党支部");
  noun->require_subcommand(1);

  CLI::App* org = noun->add_subcommand("org", T("Party organisations: committee, grid branches, building groups, "
                                                 "central households",
                                                 "党组织：社区大党委、网格党支部、楼栋党小组、党员中心户"));
  org->require_subcommand(1);
  examples(*org, "shequ party org list\nshequ party org show 安居网格党支部");
  add_record_verbs(*org, app, party_org_entity(),
                   "shequ party org add --name 第三网格党支部 --level branch --grid 03",
                   [&app](CLI::App& list, std::function<void(Query&)>& filter) {
                     auto level = std::make_shared<std::string>();
                     list.add_option("--level", *level, "committee|branch|group|central-household")
                         ->transform(choice_of({"committee", "branch", "group", "central-household"}));
                     filter = [&app, level](Query& q) { match(app.context(), party_org_entity(), q, "level", *level); };
                   });

  auto j = std::make_shared<Join>();
  CLI::App* join = verb(*noun, "join", T("Enrol a party member in an organisation (history kept)",
                                          "登记党员组织关系（保留历史）"),
                        "shequ party join R1294 --org 安居网格党支部 --kind partner-unit --partner 神泉小学 --date 2026-03-01");
  join->add_option("PERSON", j->person, T("Person reference", "人员"))->required();
  join->add_option("--org", j->org, T("Party organisation (name or O1)", "党组织（名称或 O1）"))->required();
  join->add_option("--kind", j->kind, T("resident|directly-managed|partner-unit (default resident)",
                                         "resident 居民党员|directly-managed 直管党员|partner-unit 共建单位党员（默认 resident）"))
      ->transform(choice_of({"resident", "directly-managed", "partner-unit"}));
  join->add_option("--partner", j->partner, T("Partner unit of a partner-unit member", "共建单位党员所在单位"));
  join->add_option("--date", j->date, T("Joined on (default today)", "转入日期（默认今天）"));
  join->add_option("--note", j->note, T("Note", "备注"));
  join->add_flag("--transfer", j->transfer, T("Close the person's current membership on the same day",
                                               "同日转出其现有组织关系"));
  join->callback([&app, j] {
    std::int64_t id = join_party(app.context(), *j);
    std::cout << "S" << id << "\n";
  });

  auto l = std::make_shared<Leave>();
  CLI::App* leave = verb(*noun, "leave", T("Close a member's current membership (it stays in the history)",
                                            "转出党员组织关系（保留在历史中）"),
                         "shequ party leave R21 --date 2026-10-31 --reason 迁出本社区");
  leave->add_option("PERSON", l->person, T("Person reference", "人员"))->required();
  leave->add_option("--org", l->org, T("The organisation they leave (checked)", "所转出的党组织（会核对）"));
  leave->add_option("--date", l->date, T("Left on (default today)", "转出日期（默认今天）"));
  leave->add_option("--reason", l->reason, T("Reason", "原因"));
  leave->callback([&app, l] { leave_party(app.context(), *l); });

  setup_members(*noun, app);

  CLI::App* tree = verb(*noun, "tree", T("The organisation tree with member counts", "党组织架构树及党员数"),
                        "shequ party tree");
  tree->callback([&app] {
    Format f = app.output_format();
    app.emit(party_tree(app.context(), f == Format::table || f == Format::md || f == Format::html));
  });

  auto person = std::make_shared<std::string>();
  CLI::App* history = verb(*noun, "history", T("A person's memberships and grid roles over time",
                                                "某人的组织关系与网格职务历史"),
                           "shequ party history R42");
  history->add_option("PERSON", *person, T("Person reference", "人员"))->required();
  history->callback([&app, person] {
    Context& ctx = app.context();
    std::int64_t id = resolve(ctx, "person", *person);
    Document d;
    d.title = std::string(T("History of ", "历史记录：")) + *person;
    MemberFilter mf;
    mf.person = "R" + std::to_string(id);
    mf.include_left = true;
    RoleFilter rf;
    rf.person = mf.person;
    rf.include_ended = true;
    Query mq = member_query(ctx, mf), rq = role_query(ctx, rf);
    mq.order_by = "t.joined, t.id";
    rq.order_by = "t.from_date, t.id";
    d.sections.push_back({T("Party memberships", "党员组织关系"), list_records(ctx, membership_entity(), mq), {}});
    d.sections.push_back({T("Grid roles", "网格职务"), list_records(ctx, role_entity(), rq), {}});
    app.emit(d);
  });
}

}  // namespace shequ::cli
