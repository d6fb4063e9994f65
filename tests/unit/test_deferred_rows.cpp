// One-row INSERTs held back for COPY (storage/deferred_rows.h): which statements qualify, which
// reads must see them first, and the order they are sent in.
#include <doctest/doctest.h>

#include "storage/deferred_rows.h"

namespace shequ::engine {
namespace {

TEST_CASE("deferred rows: only a plain INSERT of one row of parameters is held back") {
  auto shape = insert_shape("INSERT INTO person (name, \"id_number\", household_id) VALUES ($1, $2, $3)");
  REQUIRE(shape);
  CHECK(shape->table == "person");
  CHECK(shape->columns == std::vector<std::string>{"name", "id_number", "household_id"});
  CHECK(insert_shape("insert into t (a) values ($1)"));
  // Anything the row's COPY could not say, or whose result is read, runs at once.
  CHECK_FALSE(insert_shape("INSERT INTO t (a, b) VALUES ($1, 2)"));
  CHECK_FALSE(insert_shape("INSERT INTO t (a, b) VALUES ($2, $1)"));
  CHECK_FALSE(insert_shape("INSERT INTO t (a) VALUES ($1) RETURNING id"));
  CHECK_FALSE(insert_shape("INSERT INTO t (a) VALUES ($1) ON CONFLICT DO NOTHING"));
  CHECK_FALSE(insert_shape("INSERT INTO t (a) VALUES ($1), ($2)"));
  CHECK_FALSE(insert_shape("INSERT INTO t (a) SELECT $1"));
  CHECK_FALSE(insert_shape("INSERT INTO t VALUES ($1)"));
  CHECK_FALSE(insert_shape("INSERT INTO t (a) VALUES (lower($1))"));
  CHECK_FALSE(insert_shape("UPDATE t SET a = $1"));
}

TEST_CASE("deferred rows: a table is named as a word, not inside a longer name") {
  CHECK(names_table("SELECT id FROM person WHERE x = 1", "person"));
  CHECK(names_table("SELECT * FROM pg_temp.shequ_changes", "shequ_changes"));
  CHECK(names_table("SELECT count(*) FROM \"person\"", "person"));
  CHECK_FALSE(names_table("SELECT id FROM person_tag", "person"));
  CHECK_FALSE(names_table("SELECT person_id FROM residence", "person"));
  CHECK_FALSE(names_table("SELECT id FROM household", "person"));
}

TEST_CASE("deferred rows: grouped by table and columns, sent in the order first written") {
  DeferredRows rows;
  rows.affects("person", {"grid_totals"});
  rows.affects("residence", {});
  CHECK_FALSE(rows.seen_by("SELECT * FROM person"));  // nothing held back yet
  const std::string zhang = "张三\tx\\y", li = "李四", wang = "王五", seven = "7", eight = "8", nine = "9";
  rows.add({"person", {"name", "id"}}, {&zhang, &seven}, 2);
  rows.add({"residence", {"person_id"}}, {&seven}, 2);
  rows.add({"person", {"name", "phone", "id"}}, {&li, nullptr, &eight}, 3);
  rows.add({"person", {"name", "id"}}, {&wang, &nine}, 4);
  CHECK(rows.seen_by("SELECT count(*) FROM person"));
  CHECK(rows.seen_by("SELECT persons FROM grid_totals"));  // what the triggers of a held row change
  CHECK(rows.seen_by("SELECT 1 FROM residence"));
  CHECK_FALSE(rows.seen_by("SELECT id, address FROM household WHERE address = $1"));
  auto batches = rows.take();
  REQUIRE(batches.size() == 3);
  CHECK(batches[0].table == "person");
  CHECK(batches[0].columns == std::vector<std::string>{"name", "id"});
  CHECK(batches[0].data == "张三\\tx\\\\y\t7\n王五\t9\n");
  CHECK(batches[0].tags == std::vector<std::int64_t>{2, 4});
  CHECK(batches[1].table == "residence");
  CHECK(batches[2].columns == std::vector<std::string>{"name", "phone", "id"});
  CHECK(batches[2].data == "李四\t\\N\t8\n");
  CHECK(rows.empty());
  CHECK(rows.bytes() == 0);
  CHECK_FALSE(rows.seen_by("SELECT count(*) FROM person"));  // sent: a read runs as it is
  // A table whose triggers may write anything (dynamic SQL): every read sees its rows first.
  rows.affects("event", {"*"});
  const std::string title = "x";
  rows.add({"event", {"title"}}, {&title}, 5);
  CHECK(rows.seen_by("SELECT id FROM household"));
}

TEST_CASE("deferred rows: the line a COPY's refusal names") {
  CHECK(copy_line_of("COPY person, line 12: \"张三\t…\"") == 12);
  CHECK(copy_line_of("COPY person, line 3, column name: \"x\"") == 3);
  CHECK(copy_line_of("PL/pgSQL function f() line 4 at RAISE") == 0);
  CHECK(copy_line_of("") == 0);
}

}  // namespace
}  // namespace shequ::engine
