// The party organisation, memberships, grid roles and partners through the library.
#include <doctest/doctest.h>

#include "domain/buildings.h"
#include "fixture.h"
#include "domain/grids.h"
#include "domain/households.h"
#include "domain/partners.h"
#include "domain/party.h"
#include "domain/persons.h"
#include "domain/roles.h"
#include "core/i18n.h"
#include "records/choices.h"

using namespace shequ;
using testing::in;
using testing::code_of;

namespace {


void community(Context& ctx) {
  add_record(ctx, grid_entity(), in({{"code", "01"}, {"name", "第一网格"}}));
  add_record(ctx, grid_entity(), in({{"code", "03"}, {"name", "第三网格"}}));
  add_record(ctx, building_entity(), in({{"number", "1"}, {"grid", "01"}, {"units", "2"}}));
  add_record(ctx, building_entity(), in({{"number", "3"}, {"grid", "03"}, {"units", "3"}, {"floors", "7"}}));
  add_record(ctx, household_entity(), in({{"address", "1-1-101"}}));
  add_record(ctx, household_entity(), in({{"address", "3-2-501"}}));
  add_record(ctx, person_entity(), in({{"name", "张桂兰"}, {"household", "3-2-501"}}));
  add_record(ctx, person_entity(), in({{"name", "李建国"}, {"household", "1-1-101"}}));
  add_record(ctx, partner_entity(), in({{"name", "神泉小学"}, {"type", "school"}}));
  add_record(ctx, party_org_entity(), in({{"name", "大党委"}, {"level", "committee"}}));
  add_record(ctx, party_org_entity(), in({{"name", "三支部"}, {"level", "branch"}, {"grid", "03"}}));
  add_record(ctx, party_org_entity(), in({{"name", "一支部"}, {"level", "branch"}, {"grid", "01"}}));
  add_record(ctx, party_org_entity(), in({{"name", "3栋小组"}, {"level", "group"}, {"building", "3"}}));
}


}  // namespace

TEST_CASE("the tree finds parents from places and refuses a node under the wrong level or grid") {
  testing::TestDb t;
  community(*t.ctx);
  CHECK(t.count("SELECT parent_id FROM party_org WHERE name = '3栋小组'") == 2);
  std::string m;
  CHECK(code_of([&] { add_record(*t.ctx, party_org_entity(), in({{"name", "x"}, {"level", "group"}, {"building", "1"},
                                                                  {"parent", "三支部"}})); }, &m) == Exit::data);
  CHECK(m.find("building 1 is in grid 01") != std::string::npos);
  CHECK(code_of([&] { add_record(*t.ctx, party_org_entity(), in({{"name", "y"}, {"level", "branch"}, {"grid", "01"},
                                                                  {"parent", "三支部"}})); }) == Exit::data);
  CHECK(code_of([&] { add_record(*t.ctx, party_org_entity(), in({{"name", "z"}, {"level", "group"}, {"building", "8"}})); }) ==
        Exit::data);
  Table tree = party_tree(*t.ctx, true);
  REQUIRE(tree.rows.size() == 4);
  CHECK(std::get<std::string>(tree.rows[3][0]) == "   └─ 3栋小组");
}

TEST_CASE("memberships: one at a time, transfer keeps history, leave is checked") {
  testing::TestDb t;
  community(*t.ctx);
  Join j;
  j.person = "张桂兰";
  j.org = "3栋小组";
  j.date = "2020-01-01";
  CHECK(join_party(*t.ctx, j) == 1);
  Join again = j;
  again.org = "一支部";
  CHECK(code_of([&] { join_party(*t.ctx, again); }) == Exit::refused);
  again.transfer = true;
  again.date = "2026-01-01";
  join_party(*t.ctx, again);
  CHECK(t.count("SELECT count(*) FROM party_membership WHERE person_id = 1") == 2);
  CHECK(t.count("SELECT count(*) FROM party_membership WHERE person_id = 1 AND left_on = '2026-01-01'") == 1);
  Leave never;
  never.person = "李建国";
  std::string m;
  CHECK(code_of([&] { leave_party(*t.ctx, never); }, &m) == Exit::refused);
  CHECK(m.find("never joined") != std::string::npos);
  Join partner;
  partner.person = "李建国";
  partner.org = "一支部";
  partner.kind = "partner-unit";
  CHECK(code_of([&] { join_party(*t.ctx, partner); }) == Exit::data);
  partner.partner = "神泉小学";
  join_party(*t.ctx, partner);
  CHECK(t.count("SELECT partner_id FROM party_membership WHERE person_id = 2") == 1);
}

TEST_CASE("roles: one committee member per grid, neighbourhood leaders stay in their grid, end once") {
  testing::TestDb t;
  community(*t.ctx);
  Assign a;
  a.person = "张桂兰";
  a.role = "committee-member";
  a.grid = "03";
  a.date = "2025-01-01";
  CHECK(assign_role(*t.ctx, a) == 1);
  Assign b = a;
  b.person = "李建国";
  std::string m;
  CHECK(code_of([&] { assign_role(*t.ctx, b); }, &m) == Exit::refused);
  CHECK(m.find("张桂兰") != std::string::npos);
  b.replace = true;
  b.date = "2026-01-01";
  assign_role(*t.ctx, b);
  CHECK(t.count("SELECT count(*) FROM grid_role WHERE role = 'committee-member' AND to_date = '2026-01-01'") == 1);

  Assign nl;
  nl.person = "李建国";
  nl.role = "neighbourhood-leader";
  nl.grid = "01";
  nl.covers = "1,3-1";
  CHECK(code_of([&] { assign_role(*t.ctx, nl); }, &m) == Exit::data);
  CHECK(m.find("building 3 is in grid 03, not 01") != std::string::npos);
  nl.covers = "1-2，1";  // the whole building swallows its unit
  std::int64_t id = assign_role(*t.ctx, nl);
  CHECK(t.count("SELECT count(*) FROM grid_role_scope WHERE role_id = " + std::to_string(id) + " AND unit IS NULL") == 1);
  CHECK(t.count("SELECT count(*) FROM grid_role_scope") == 1);

  CHECK(code_of([&] { end_role(*t.ctx, "A1", "", ""); }, &m) == Exit::refused);  // ended by the hand-over
  CHECK(m.find("already ended on 2026-01-01") != std::string::npos);
  end_role(*t.ctx, "A2", "", "");
  CHECK(code_of([&] { end_role(*t.ctx, "A2", "", ""); }) == Exit::refused);
  CHECK(code_of([&] { end_role(*t.ctx, "A9", "", ""); }) == Exit::not_found);
}

TEST_CASE("coverage counts uncovered units and households as of today") {
  testing::TestDb t;
  community(*t.ctx);
  Document d = role_coverage(*t.ctx, "");
  REQUIRE(d.sections.size() == 3);
  const auto& s = d.sections[0].table.rows.at(0);
  CHECK(std::get<std::int64_t>(s[2]) == 5);  // units: 2 + 3
  CHECK(std::get<std::int64_t>(s[3]) == 5);
  CHECK(std::get<std::int64_t>(s[4]) == 2);  // households
  Assign nl;
  nl.person = "张桂兰";
  nl.role = "neighbourhood-leader";
  nl.covers = "3-2";
  assign_role(*t.ctx, nl);
  Document after = role_coverage(*t.ctx, "03");
  const auto& s2 = after.sections[0].table.rows.at(0);
  CHECK(std::get<std::int64_t>(s2[3]) == 2);  // units 1 and 3 of building 3
  CHECK(std::get<std::int64_t>(s2[5]) == 0);  // the one household is covered
}

TEST_CASE("party levels and grid roles take their labels from the one choices table, in both languages") {
  for (const Entity* e : {&party_org_entity(), &role_entity()}) {
    const Field* f = e->field(e == &role_entity() ? "role" : "level");
    REQUIRE(f != nullptr);
    for (const std::string& code : f->choices) {
      for (Lang lang : {Lang::en, Lang::zh}) {
        set_language(lang);
        const std::string label = choice_label(code);
        CHECK_MESSAGE(label != code, code);                         // a label, not the bare code
        CHECK(choice_code(f->choices, label) == code);             // and it reads back as the code
      }
    }
  }
  set_language(Lang::zh);
}
