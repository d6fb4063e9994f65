// Needs, meetings, programmes with meal deliveries, events and evaluations through the library.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include "domain/buildings.h"
#include "domain/evaluations.h"
#include "domain/events.h"
#include "fixture.h"
#include "domain/grids.h"
#include "domain/households.h"
#include "domain/meetings.h"
#include "domain/needs.h"
#include "domain/persons.h"
#include "domain/programmes.h"
#include "records/references.h"

using namespace shequ;
using testing::in;
using testing::small_registry;
using testing::code_of;

namespace {



std::string status(testing::TestDb& t, int id) {
  Stmt st(*t.db, "SELECT status FROM need WHERE id = ?");
  st.bind(1, id);
  st.step();
  return st.text(0);
}

}  // namespace

TEST_CASE("a need raised at a meeting takes its grid, channel and date; due date from config") {
  testing::TestDb t("[needs]\ndefault_due_days = 10\n");
  small_registry(*t.ctx);
  add_record(*t.ctx, meeting_entity(), in({{"kind", "micro-grid-hall"}, {"date", "2026-10-12"}, {"grid", "03"}}));
  std::int64_t id = add_record(*t.ctx, need_entity(), in({{"title", "楼道灯不亮"}, {"category", "facilities"}, {"meeting", "M1"}}));
  Stmt st(*t.db, "SELECT grid_id, channel, raised_on, due_on, status FROM need WHERE id = ?");
  st.bind(1, id);
  REQUIRE(st.step());
  CHECK(st.integer(0) == 1);
  CHECK(st.text(1) == "micro-grid-hall");
  CHECK(st.text(2) == "2026-10-12");
  CHECK(st.text(3) == "2026-10-22");
  CHECK(st.text(4) == "new");
  Table needs = meeting_needs(*t.ctx, 1);
  CHECK(needs.rows.size() == 1);
}

TEST_CASE("bad need input is refused with the field named") {
  testing::TestDb t;
  small_registry(*t.ctx);
  std::string msg;
  CHECK(code_of([&] { add_record(*t.ctx, need_entity(), in({{"title", "x"}, {"category", "nosuch"}})); }, &msg) == Exit::data);
  CHECK(msg.find("--category (Category): \"nosuch\" is not a need-category code") != std::string::npos);
  CHECK(code_of([&] {
          add_record(*t.ctx, need_entity(), in({{"title", "x"}, {"category", "parking"}, {"raised_on", "2026-10-01"},
                                                {"due_on", "2026-09-01"}}));
        }, &msg) == Exit::data);
  CHECK(msg.find("--due-on (Due): 2026-09-01 is before the need was raised") != std::string::npos);
  CHECK(code_of([&] {
          add_record(*t.ctx, need_entity(), in({{"title", "x"}, {"category", "parking"}, {"status", "declined"}}));
        }, &msg) == Exit::data);
  CHECK(msg.find("--decline-reason") != std::string::npos);
  CHECK(t.count("SELECT count(*) FROM need") == 0);
}

TEST_CASE("the need lifecycle: accept, progress, resolve, rate; wrong verbs are refused naming the state") {
  testing::TestDb t;
  small_registry(*t.ctx);
  add_record(*t.ctx, need_entity(), in({{"title", "楼道灯不亮"}, {"category", "facilities"}, {"raised_on", "2026-11-01"}}));
  add_record(*t.ctx, need_entity(), in({{"title", "停车难"}, {"category", "parking"}, {"raised_on", "2026-11-01"}}));
  std::string msg;
  CHECK(code_of([&] { record_progress(*t.ctx, {"N1", 30, "", ""}); }, &msg) == Exit::refused);
  CHECK(msg == "need N1 is new: cannot progress it (allowed now: accept, assign, decline)");
  CHECK(code_of([&] { resolve_need(*t.ctx, "N1", "done", "", std::nullopt); }) == Exit::refused);
  CHECK(code_of([&] { rate_need(*t.ctx, "N1", "5"); }) == Exit::refused);

  accept_need(*t.ctx, "N1");
  CHECK(status(t, 1) == "accepted");
  CHECK(code_of([&] { accept_need(*t.ctx, "N1"); }) == Exit::refused);
  CHECK(code_of([&] { record_progress(*t.ctx, {"N1", 130, "", ""}); }, &msg) == Exit::data);
  // a step before the need was raised, or in the future, is refused (issue 13.4)
  CHECK(code_of([&] { record_progress(*t.ctx, {"N1", 40, "", "2026-10-31"}); }, &msg) == Exit::data);
  CHECK(msg == "--date: 2026-10-31 is before the need was raised (2026-11-01)");
  CHECK(code_of([&] { record_progress(*t.ctx, {"N1", 40, "", "2099-01-01"}); }) == Exit::data);
  record_progress(*t.ctx, {"N1", 40, "联系物业", "2026-11-02"});
  CHECK(status(t, 1) == "in-progress");
  CHECK(t.count("SELECT percent FROM need_progress WHERE need_id = 1") == 40);
  CHECK(code_of([&] { resolve_need(*t.ctx, "N1", "  ", "", std::nullopt); }) == Exit::data);
  resolve_need(*t.ctx, "N1", "已更换灯具", "2026-11-05", true);
  CHECK(status(t, 1) == "resolved");
  CHECK(t.count("SELECT public FROM need WHERE id = 1") == 1);
  CHECK(code_of([&] { rate_need(*t.ctx, "N1", "6"); }, &msg) == Exit::data);
  CHECK(msg.find("not a score from 1 to 5") != std::string::npos);
  CHECK(code_of([&] { rate_need(*t.ctx, "N1", "0"); }) == Exit::data);
  rate_need(*t.ctx, "N1", "4");
  CHECK(t.count("SELECT satisfaction FROM need WHERE id = 1") == 4);
  CHECK(code_of([&] { decline_need(*t.ctx, "N1", "x", ""); }) == Exit::refused);

  CHECK(code_of([&] { decline_need(*t.ctx, "N2", "", ""); }) == Exit::data);
  decline_need(*t.ctx, "N2", "属于市政道路", "2026-11-03");
  CHECK(status(t, 2) == "declined");
  CHECK(code_of([&] { resolve_need(*t.ctx, "N2", "x", "", std::nullopt); }, &msg) == Exit::refused);
  CHECK(msg == "need N2 is declined: cannot resolve it (allowed now: nothing: it is closed)");
  CHECK(code_of([&] { assign_need(*t.ctx, "N2", "J1"); }) == Exit::refused);
  CHECK(t.count("SELECT count(*) FROM need WHERE closed_on IS NOT NULL") == 2);
  CHECK(check_data_file(*t.db).empty());
}

TEST_CASE("status, satisfaction and assignee of an existing need change only through the verbs") {
  testing::TestDb t;
  add_record(*t.ctx, need_entity(), in({{"title", "a"}, {"category", "parking"}}));
  std::string msg;
  CHECK(code_of([&] { set_record(*t.ctx, need_entity(), "N1", in({{"status", "resolved"}})); }, &msg) == Exit::data);
  CHECK(msg.find("--status (Status): changes only with `shequ need") != std::string::npos);
  CHECK(code_of([&] { set_record(*t.ctx, need_entity(), "N1", in({{"satisfaction", "5"}})); }) == Exit::data);
  CHECK(set_record(*t.ctx, need_entity(), "N1", in({{"description", "详情"}, {"public", "yes"}})) == Outcome::updated);
  CHECK(status(t, 1) == "new");
}

TEST_CASE("progress notes are append-only") {
  testing::TestDb t;
  add_record(*t.ctx, need_entity(), in({{"title", "a"}, {"category", "parking"}}));
  accept_need(*t.ctx, "N1");
  record_progress(*t.ctx, {"N1", 10, "", ""});
  CHECK_THROWS(t.db->exec("UPDATE need_progress SET percent = 90"));
  CHECK_THROWS(t.db->exec("DELETE FROM need_progress"));
}

TEST_CASE("an unknown assignee or kind is reported") {
  testing::TestDb t;
  add_record(*t.ctx, need_entity(), in({{"title", "a"}, {"category", "parking"}}));
  CHECK(code_of([&] { assign_need(*t.ctx, "N1", "X9"); }) == Exit::not_found);
  CHECK(code_of([&] { assign_need(*t.ctx, "N1", "school:神龙小学"); }) == Exit::data);
  CHECK(status(t, 1) == "new");
}

TEST_CASE("meal prices by tier, delivery fee and free delivery") {
  auto rules = meal_rules(Config::from_text(
      "[meals]\nprice = 12\ndelivery_fee = 3\n[meals.tiers.aged-60]\nsubsidy = 4\nmin_age = 60\n"
      "[meals.tiers.poor]\nsubsidy = 8\ntags = [\"low-income|extremely-poor\", \"disabled\"]\nfree_delivery = true\n",
      "t.toml"));
  REQUIRE(rules.tiers.size() == 2);
  auto p = meal_price(rules, "aged-60", false);
  CHECK(p.resident == 8);
  CHECK(p.subsidy == 4);
  p = meal_price(rules, "aged-60", true);
  CHECK(p.resident == 11);
  CHECK(p.subsidy == 4);
  p = meal_price(rules, "poor", true);
  CHECK(p.resident == 4);
  CHECK(p.subsidy == 11);
  p = meal_price(rules, "none", true);
  CHECK(p.resident == 15);
  CHECK(p.subsidy == 0);
  CHECK_THROWS_AS(meal_rules(Config::from_text("[meals.tiers.x]\nlabel = \"x\"\n", "t.toml")), Error);
  auto defaults = meal_rules(Config::defaults());
  CHECK(defaults.price == 12);
  CHECK(defaults.tiers.size() == 3);
}

TEST_CASE("meal deliveries: tier from the recipient, no subsidy for people registered elsewhere") {
  testing::TestDb t;
  small_registry(*t.ctx);
  add_programme(*t.ctx, in({{"name", "养老服务圈"}}), {"centre:服务中心", "东区站点", "西区站点"});
  CHECK(t.count("SELECT count(*) FROM programme_site") == 3);
  add_record(*t.ctx, person_entity(), in({{"name", "老张"}, {"birth_date", "1950-01-01"}, {"household", "3-2-501"}}));
  add_record(*t.ctx, person_entity(), in({{"name", "老李"}, {"birth_date", "1952-01-01"}, {"tags", "low-income"},
                                          {"household", "3-2-501"}}));
  add_record(*t.ctx, person_entity(), in({{"name", "老王"}, {"birth_date", "1949-01-01"}, {"residency", "floating"}}));
  add_record(*t.ctx, person_entity(), in({{"name", "小赵"}, {"birth_date", "1990-01-01"}}));
  auto deliver = [&](std::initializer_list<std::pair<const char*, std::string>> kv) {
    Input i = in(kv);
    i.set("programme", "Q1");
    i.set("service_type", "meal");
    i.set("date", "2026-11-02");
    return add_record(*t.ctx, delivery_entity(), i);
  };
  auto row = [&](std::int64_t id) {
    Stmt st(*t.db, "SELECT tier, resident_paid, subsidy, mode FROM delivery WHERE id = ?");
    st.bind(1, id);
    st.step();
    return std::tuple{st.text(0), st.real(1), st.real(2), st.text(3)};
  };
  CHECK(row(deliver({{"site", "服务中心"}, {"recipient", "老张"}})) == std::tuple{"aged-60", 8.0, 4.0, "dine-in"});
  CHECK(row(deliver({{"site", "服务中心"}, {"recipient", "老李"}})) == std::tuple{"low-income", 4.0, 8.0, "dine-in"});
  CHECK(row(deliver({{"site", "服务中心"}, {"recipient", "老王"}})) == std::tuple{"none", 12.0, 0.0, "dine-in"});
  CHECK(row(deliver({{"site", "东区站点"}, {"count", "30"}, {"tier", "aged-60"}})) == std::tuple{"aged-60", 240.0, 120.0, "dine-in"});
  std::string msg;
  CHECK(code_of([&] { deliver({{"site", "东区站点"}, {"recipient", "老王"}, {"tier", "aged-60"}}); }, &msg) == Exit::data);
  CHECK(msg.find("residency is floating: no meal subsidy") != std::string::npos);
  CHECK(code_of([&] { deliver({{"site", "东区站点"}, {"recipient", "小赵"}, {"tier", "aged-60"}}); }, &msg) == Exit::data);
  CHECK(msg.find("does not qualify for aged-60: aged under 60") != std::string::npos);
  CHECK(code_of([&] { deliver({{"site", "北区站点"}}); }, &msg) == Exit::data);
  CHECK(msg.find("programme Q1 has no site \"北区站点\" (sites: 服务中心, 东区站点, 西区站点)") != std::string::npos);
  CHECK(code_of([&] { deliver({{"site", "东区站点"}, {"tier", "vip"}}); }, &msg) == Exit::data);
  CHECK(code_of([&] { deliver({{"site", "东区站点"}, {"count", "0"}}); }) == Exit::data);
  CHECK(code_of([&] { deliver({{"site", "东区站点"}, {"subsidy", "3"}}); }) == Exit::data);
  CHECK(t.count("SELECT count(*) FROM delivery") == 4);

  DeliveryFilter f;
  set_month(f, "2026-11");
  Table totals = delivery_totals(*t.ctx, f);
  auto& total = totals.rows.back();
  CHECK(std::get<std::int64_t>(total[4]) == 33);
  CHECK(std::get<double>(total[5]) == 264.0);
  CHECK(std::get<double>(total[6]) == 132.0);
  CHECK(code_of([&] { set_month(f, "2026-13"); }) == Exit::data);
}

TEST_CASE("non-meal deliveries carry no meal fields") {
  testing::TestDb t;
  add_programme(*t.ctx, in({{"name", "圈"}}), {"centre:中心"});
  Input i = in({{"programme", "Q1"}, {"site", "中心"}, {"service_type", "medical"}, {"count", "12"}});
  add_record(*t.ctx, delivery_entity(), i);
  i.set("mode", "delivered");
  i.set("date", "2026-11-03");
  CHECK(code_of([&] { add_record(*t.ctx, delivery_entity(), i); }) == Exit::data);
}

TEST_CASE("events: organisers, services and attendance") {
  testing::TestDb t;
  add_record(*t.ctx, event_entity(), in({{"name", "一刻钟便民节"}, {"kind", "convenience-festival"}, {"date", "2026-11-08"},
                                         {"services", "haircut,repair"}}));
  attend_event(*t.ctx, {"E1", "", "haircut", 35, ""});
  attend_event(*t.ctx, {"一刻钟便民节", "", "repair", 12, ""});
  std::string msg;
  CHECK(code_of([&] { attend_event(*t.ctx, {"E1", "", "legal", 3, ""}); }, &msg) == Exit::data);
  CHECK(msg.find("does not offer legal") != std::string::npos);
  CHECK(code_of([&] { attend_event(*t.ctx, {"E1", "", "", 0, ""}); }) == Exit::data);
  CHECK(code_of([&] { attend_event(*t.ctx, {"E9", "", "", 1, ""}); }) == Exit::not_found);
  CHECK(t.count("SELECT sum(count) FROM event_participant") == 47);
  CHECK(code_of([&] {
          add_record(*t.ctx, event_entity(), in({{"name", "x"}, {"date", "2026-11-08"}, {"end_date", "2026-11-01"}}));
        }) == Exit::data);
  CHECK(event_hours(*t.ctx, 1).value_or(EventHours{}).entries == 0);
}

TEST_CASE("evaluations: tallies, averages, out-of-range scores, published outcomes") {
  testing::TestDb t;
  add_record(*t.ctx, need_entity(), in({{"title", "楼道灯不亮"}, {"category", "facilities"}, {"raised_on", "2026-10-01"}}));
  add_record(*t.ctx, event_entity(), in({{"name", "便民节"}, {"date", "2026-11-08"}}));
  evaluate(*t.ctx, "E1", "5", "", "2026-11-08");
  evaluate(*t.ctx, "E1", "5", "", "2026-11-08");
  evaluate(*t.ctx, "E1", "3", "排队太久", "2026-11-08");
  evaluate(*t.ctx, "N1", "4", "", "2026-11-09");
  CHECK(t.count("SELECT count(*) FROM evaluation") == 3);
  CHECK(code_of([&] { evaluate(*t.ctx, "E1", "6", "", ""); }) == Exit::data);
  CHECK(code_of([&] { evaluate(*t.ctx, "E1", "x", "", ""); }) == Exit::data);
  CHECK(code_of([&] { evaluate(*t.ctx, "E7", "4", "", ""); }) == Exit::not_found);
  CHECK(code_of([&] { evaluate(*t.ctx, "R1", "4", "", ""); }) == Exit::not_found);
  auto scores = barometer_scores(*t.ctx, {});
  REQUIRE(scores.size() == 2);
  CHECK(scores[0].label == "E1 便民节");
  CHECK(scores[0].count == 3);
  CHECK(scores[0].average == doctest::Approx(4.33));
  CHECK(scores[0].by_score[4] == 2);
  CHECK(scores[1].label == "N1 楼道灯不亮");
  CHECK(barometer_scores(*t.ctx, {"2026-11-09", ""}).size() == 1);

  accept_need(*t.ctx, "N1");
  resolve_need(*t.ctx, "N1", "已更换灯具", "2026-11-05", true);
  auto outcomes = published_outcomes(*t.ctx, {"2026-11-01", "2026-11-30"});
  REQUIRE(outcomes.size() == 1);
  CHECK(outcomes[0].resolution == "已更换灯具");
  CHECK(published_outcomes(*t.ctx, {"2026-12-01", ""}).empty());
  auto cats = need_category_figures(*t.ctx, {});
  CHECK(cats.size() == 12);
  for (const auto& c : cats)
    if (c.category == "facilities") CHECK(c.resolved == 1);
}

TEST_CASE("kind references spell each kind's prefix as its entity description does") {
  testing::TestDb t;
  const std::string sql = expand_sql(t.ctx->db, "%kind_ref(k, i)");
  for (const char* kind : {"team", "project", "partner", "need", "event"}) {
    CAPTURE(kind);
    const char prefix = entity_named(kind).prefix;
    CHECK(kind_ref_text(KindRef{kind, 7}) == std::string(1, prefix) + "7");
    CHECK(sql.find(fmt::format("WHEN '{}' THEN '{}' || i", kind, prefix)) != std::string::npos);
  }
}
