// The registry through the generic record path: add, set, references, natural keys.
#include <doctest/doctest.h>

#include "fixture.h"
#include "domain/grids.h"
#include "domain/households.h"
#include "domain/persons.h"
#include "domain/buildings.h"

using namespace shequ;
using testing::in;
using testing::small_registry;


TEST_CASE("addresses parse in dashed and Chinese forms") {
  auto a = parse_address("3-2-501");
  REQUIRE(a);
  CHECK(a->building == "3");
  CHECK(a->unit == 2);
  CHECK(a->room == "501");
  auto b = parse_address("12栋1单元302室");
  REQUIRE(b);
  CHECK(b->building == "12");
  CHECK(b->room == "302");
  CHECK_FALSE(parse_address("3-0-501"));
  CHECK_FALSE(parse_address("3-2"));
  CHECK_FALSE(parse_address("3--501"));
  CHECK_FALSE(parse_address("3-2-501; DROP TABLE household"));
}

TEST_CASE("a grid is found by prefixed id, code, code without leading zero, and name") {
  testing::TestDb t;
  small_registry(*t.ctx);
  CHECK(resolve(*t.ctx, "grid", "G1") == 1);
  CHECK(resolve(*t.ctx, "grid", "03") == 1);
  CHECK(resolve(*t.ctx, "grid", "3") == 1);
  CHECK(resolve(*t.ctx, "grid", "第三网格") == 1);
  CHECK_THROWS_AS(resolve(*t.ctx, "grid", "G9"), Error);
  try {
    resolve(*t.ctx, "grid", "04");
    FAIL("expected not found");
  } catch (const Error& e) {
    CHECK(e.code() == Exit::not_found);
  }
}

TEST_CASE("a household address must name an existing building, unit and floor") {
  testing::TestDb t;
  small_registry(*t.ctx);
  auto refused = [&](const char* address) {
    try {
      add_record(*t.ctx, household_entity(), in({{"address", address}}));
    } catch (const Error& e) {
      CHECK(e.code() == Exit::data);
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  CHECK(refused("9-1-101").find("building 9") != std::string::npos);
  CHECK(refused("3-4-101").find("3 units") != std::string::npos);
  CHECK(refused("3-1-901").find("floor 9") != std::string::npos);
  CHECK(t.count("SELECT count(*) FROM household") == 1);
  std::int64_t id = add_record(*t.ctx, household_entity(), in({{"address", "3栋1单元101"}}));
  CHECK(t.count("SELECT count(*) FROM household WHERE address = '3-1-101' AND unit = 1 AND room = '101'") == 1);
  CHECK(id == 2);
}

TEST_CASE("a person's ID number fills birth date and gender, and must agree with them") {
  testing::TestDb t;
  small_registry(*t.ctx);
  add_record(*t.ctx, person_entity(),
             in({{"name", "张桂兰"}, {"id_number", "420113195203150024"}, {"household", "3-2-501"}}));
  CHECK(t.count("SELECT count(*) FROM person WHERE birth_date = '1952-03-15' AND gender = 'F'") == 1);
  CHECK_THROWS_AS(add_record(*t.ctx, person_entity(),
                             in({{"name", "李四"}, {"id_number", "420113195203150032"}, {"gender", "F"}})),
                  Error);
  CHECK(t.count("SELECT count(*) FROM person") == 1);
  // The same person again is a duplicate (exit 1), found by the ID number.
  try {
    add_record(*t.ctx, person_entity(), in({{"name", "张桂兰"}, {"id_number", "420113195203150024"}}));
    FAIL("duplicate accepted");
  } catch (const Error& e) {
    CHECK(e.code() == Exit::refused);
  }
}

TEST_CASE("moving a person keeps the residence history") {
  testing::TestDb t;
  small_registry(*t.ctx);
  add_record(*t.ctx, household_entity(), in({{"address", "3-2-502"}}));
  add_record(*t.ctx, person_entity(), in({{"name", "王五"}, {"household", "3-2-501"}, {"moved_in", "2020-05-01"}}));
  move_person(*t.ctx, Move{"R1", "3-2-502", false, "2026-01-10", "换房"});
  CHECK(t.count("SELECT count(*) FROM residence WHERE person_id = 1") == 2);
  CHECK(t.count("SELECT count(*) FROM residence WHERE person_id = 1 AND to_date = '2026-01-10'") == 1);
  CHECK(t.count("SELECT household_id FROM person WHERE id = 1") == 2);
  CHECK_THROWS_AS(move_person(*t.ctx, Move{"R1", "3-2-502", false, "", ""}), Error);
  move_person(*t.ctx, Move{"R1", "", true, "2026-06-01", "迁出"});
  CHECK(t.count("SELECT count(*) FROM person WHERE id = 1 AND household_id IS NULL AND moved_out = '2026-06-01'") == 1);
  CHECK(t.count("SELECT count(*) FROM residence WHERE person_id = 1 AND to_date IS NULL") == 0);
  CHECK(check_data_file(*t.db).empty());
}

TEST_CASE("every change writes one audit row with its rows' undo data") {
  testing::TestDb t;
  std::int64_t before = t.count("SELECT count(*) FROM audit");
  small_registry(*t.ctx);
  CHECK(t.count("SELECT count(*) FROM audit") == before + 3);
  CHECK(t.count("SELECT count(*) FROM audit a WHERE entity = 'building' AND "
                "EXISTS (SELECT 1 FROM audit_row r WHERE r.audit_id = a.id AND r.table_name = 'building' AND r.op = 'insert')") == 1);
  CHECK(t.count("SELECT count(*) FROM audit WHERE changeset IS NOT NULL") == 0);
  CHECK_THROWS(t.db->exec("DELETE FROM audit_row"));
  CHECK_THROWS(t.db->exec("UPDATE audit_row SET new_values = '{}'"));
  CHECK_THROWS(t.db->exec("DELETE FROM audit"));
  CHECK_THROWS(t.db->exec("UPDATE audit SET operator = 'x'"));
}
