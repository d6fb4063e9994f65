// An import on a server probes natural keys in memory (records/key_index.h): every probe must
// find what the table's own SQL finds, before and after the import's writes (ctest's
// unit_postgresql, on the throwaway server).
#include <doctest/doctest.h>

#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "domain/persons.h"
#include "fixture.h"
#include "storage/server.h"

namespace shequ {
namespace {

using testing::in;

std::optional<std::int64_t> probe(Context& ctx, const Input& input) {
  std::vector<Problem> problems;
  Record r = convert(ctx, person_entity(), input, std::nullopt, problems);
  REQUIRE_MESSAGE(problems.empty(), describe(problems, ""));
  return find_existing(ctx, person_entity(), r);
}

TEST_CASE("postgresql: natural keys probed in memory find what the table's SQL finds") {
  const char* url = std::getenv("SHEQU_TEST_PG");
  REQUIRE_MESSAGE(url != nullptr, "SHEQU_TEST_PG is not set: run through ctest (unit_postgresql)");
  {
    Db admin(url, false);
    admin.exec("DROP SCHEMA IF EXISTS t_keys CASCADE");
    admin.exec("DO $$ BEGIN IF to_regclass('shequ.community') IS NOT NULL THEN "
               "DELETE FROM shequ.community WHERE code = 't_keys'; END IF; END $$");
  }
  auto db = create_community(url, "t_keys", "键测试社区", 5000);
  Config config = Config::defaults();
  Context ctx{*db, config, "tester", "unit test", false};
  set_language(Lang::en);
  seed_vocab(ctx);
  testing::small_registry(ctx);
  add_record(ctx, household_entity(), in({{"address", "3-2-502"}}));
  // Two of one name told apart by ID number, one by phone only, one with nothing but a household.
  add_record(ctx, person_entity(), in({{"name", "张伟"}, {"id_number", "110101199003074477"}, {"household", "3-2-501"}}));
  add_record(ctx, person_entity(), in({{"name", "张伟"}, {"id_number", "110101199003070230"}, {"household", "3-2-502"}}));
  add_record(ctx, person_entity(), in({{"name", "李娜"}, {"phone", "13812345678"}}));
  add_record(ctx, person_entity(), in({{"name", "王芳"}, {"household", "3-2-501"}}));

  const std::vector<Input> probes = {
      in({{"name", "张伟"}, {"id_number", "110101199003074477"}}),
      in({{"name", "张伟"}, {"household", "3-2-502"}}),
      in({{"name", "张伟"}}),                                                   // two: no match
      in({{"name", "张伟"}, {"household", "3-2-501"}, {"id_number", "110101199003070230"}}),  // by ID number
      in({{"name", "李娜"}, {"phone", "13812345678"}}),
      in({{"name", "李娜"}, {"phone", "13812345679"}}),
      in({{"name", "王芳"}, {"household", "3-2-501"}}),
      in({{"name", "王芳"}, {"household", "3-2-501"}, {"phone", "13900001111"}}),
      in({{"name", "赵六"}, {"household", "3-2-502"}}),
  };
  auto by_sql = [&] {
    std::vector<std::optional<std::int64_t>> out;
    for (const auto& p : probes) out.push_back(probe(ctx, p));
    return out;
  };
  const auto before = by_sql();
  CHECK(before[0].has_value());
  CHECK(!before[2].has_value());
  CHECK(before[3] == before[1]);  // the ID number is the stronger key
  CHECK(!before[8].has_value());
  {
    ResolveMemo memo(ctx.db);  // as an import: the keys in memory
    std::vector<std::optional<std::int64_t>> in_memory;
    for (const auto& p : probes) in_memory.push_back(probe(ctx, p));
    CHECK(in_memory == before);
    // Written within the import, a new person and a changed phone are found at once.
    std::vector<Problem> problems;
    Record added = convert(ctx, person_entity(), in({{"name", "赵六"}, {"household", "3-2-502"}}), std::nullopt, problems);
    auto [id, outcome] = write_record(ctx, person_entity(), added, std::nullopt);
    CHECK(probe(ctx, probes[8]) == std::optional<std::int64_t>(id));
    Record moved = convert(ctx, person_entity(), in({{"phone", "13812345679"}}), before[4], problems);
    write_record(ctx, person_entity(), moved, before[4]);
    CHECK(probe(ctx, probes[5]) == before[4]);
    CHECK(!probe(ctx, probes[4]).has_value());
    REQUIRE(problems.empty());
    // The answers come from memory: a row another connection adds (an import's write lock
    // keeps such writers out) is not seen until the memo ends.
    auto other = open_community(url, "t_keys", 5000);
    other->exec("INSERT INTO person (name) VALUES ('孙七')");
    CHECK(!probe(ctx, in({{"name", "孙七"}})).has_value());
  }
  CHECK(probe(ctx, in({{"name", "孙七"}})).has_value());
  // The table's SQL agrees with what the memory answered after those writes.
  const auto after = by_sql();
  CHECK(after[8].has_value());
  CHECK(after[5] == before[4]);
  CHECK(!after[4].has_value());
}

}  // namespace
}  // namespace shequ
