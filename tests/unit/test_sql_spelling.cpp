// SQL written before there is a database: placeholders the records layer spells when it builds a
// statement, references from the entity descriptions and dialect spellings for SQLite.
#include <doctest/doctest.h>

#include <stdexcept>

#include "fixture.h"
#include "domain/persons.h"
#include "records/references.h"
#include "storage/dialect.h"

using namespace shequ;
using testing::in;
using testing::small_registry;

TEST_CASE("dialect placeholders expand to SQLite's spellings, nested and with quoted commas") {
  testing::TestDb t;
  const Dialect& d = dialect_of(t.ctx->db);
  CHECK(d.expand("SELECT %days_between(t.opened_on, shequ_today())") ==
        "SELECT CAST(julianday(shequ_today()) - julianday(t.opened_on) AS INTEGER)");
  CHECK(d.expand("WHERE %contains(t.name, ?1) OR x") == "WHERE (instr(t.name, ?1) > 0) OR x");
  CHECK(d.expand("(SELECT %ordered_concat(name, ', ', id) FROM s)") == "(SELECT group_concat(name, ', ') FROM s)");
  CHECK(d.expand("%ordered_concat(%days_between(a, coalesce(b, c)), '、', a)") ==
        "group_concat(CAST(julianday(coalesce(b, c)) - julianday(a) AS INTEGER), '、')");
  // LIKE patterns and unknown names stay as written.
  CHECK(d.expand("x LIKE '%,' || ? || ',%' AND y LIKE '%栋'") == "x LIKE '%,' || ? || ',%' AND y LIKE '%栋'");
  CHECK(d.expand("%nothing(a)") == "%nothing(a)");
  CHECK_THROWS_AS(d.expand("%contains(a)"), std::logic_error);
  CHECK_THROWS_AS(d.expand("%contains(a, b"), std::logic_error);
}

TEST_CASE("a reference is spelled from its target's prefix, or as the natural key export writes") {
  testing::TestDb t;
  Context& ctx = *t.ctx;
  CHECK(ref_sql("person", "t.person_id") == "'R' || t.person_id");
  CHECK(ref_sql("team", "x") == "'T' || x");
  CHECK(expand_sql(ctx.db, "%ref(household, t.household_id)%label(t.name)") ==
        "'H' || t.household_id" "coalesce(' ' || t.name, '')");
  CHECK(expand_sql(ctx.db, "%label(t.name)", RefSpelling::key) == "''");

  small_registry(ctx);
  std::int64_t a = add_record(ctx, person_entity(), in({{"name", "王芳"}, {"household", "3-2-501"}}));
  std::int64_t b = add_record(ctx, person_entity(), in({{"name", "李强"}, {"phone", "13800138000"}}));
  std::int64_t c = add_record(ctx, person_entity(), in({{"name", "李强"}, {"id_number", "11010519491231002X"}}));
  auto key = [&](std::int64_t id, bool reveal) {
    Stmt st(ctx.db, expand_sql(ctx.db, fmt::format("SELECT %ref(person, {})", id), RefSpelling::key, reveal));
    REQUIRE(st.step());
    return st.text(0);
  };
  CHECK(key(a, false) == "王芳");                // a unique name
  CHECK(key(b, false) == fmt::format("R{}", b));  // two 李强 and no key that tells them apart
  CHECK(key(c, false) == fmt::format("R{}", c));  // the ID number is private
  CHECK(key(c, true) == "11010519491231002X");
  CHECK(key(a, true) == "王芳");
  for (std::int64_t id : {a, b, c}) {
    for (bool reveal : {false, true}) CHECK(resolve(ctx, person_entity(), key(id, reveal)) == id);
  }
  Stmt st(ctx.db, expand_sql(ctx.db, "SELECT %kind_ref('household', 1)", RefSpelling::key));
  REQUIRE(st.step());
  CHECK(st.text(0) == "household:3-2-501");
}
