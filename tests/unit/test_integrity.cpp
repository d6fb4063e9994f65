// The schema check against the migrations, and the text forgetting scrubs.
#include <doctest/doctest.h>

#include "fixture.h"
#include "records/forget_text.h"

using namespace shequ;

TEST_CASE("expected_schema() scanned from the migrations is exactly what a new file holds") {
  testing::TestDb t;
  std::map<std::string, SchemaObject> fresh;
  Stmt st(*t.db, "SELECT name, type, tbl_name, coalesce(sql, '') FROM sqlite_schema "
                 "WHERE type IN ('table', 'index', 'trigger') AND name NOT LIKE 'sqlite_%'");
  while (st.step()) fresh[st.text(0)] = {st.text(1), st.text(2), st.text(1) == "table" ? "" : st.text(3)};
  const auto& expected = expected_schema();
  CHECK(expected.size() == fresh.size());
  for (const auto& [name, object] : fresh) {
    CAPTURE(name);
    auto at = expected.find(name);
    REQUIRE(at != expected.end());
    CHECK(at->second.type == object.type);
    CHECK(at->second.table == object.table);
    CHECK(at->second.sql == object.sql);
  }
  CHECK(schema_problems(*t.db).empty());
  t.db->exec("DROP TRIGGER audit_no_delete");
  auto problems = schema_problems(*t.db);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].what.find("audit_no_delete") != std::string::npos);
}

TEST_CASE("forgotten text: numbers anywhere, the name never inside another person's longer name") {
  ForgottenText f("王芳", "13912345678", "11010119900307001X", {"王芳芳", "大王芳"});
  CHECK(f.scrub("王芳来电13912345678") == "(已删除)来电***");
  CHECK(f.scrub("电话 139-1234-5678，身份证11010119900307001x") == "电话 ***，身份证***");
  CHECK(f.scrub("王芳芳和大王芳") == "王芳芳和大王芳");
  CHECK(f.scrub("王芳芳和王芳") == "王芳芳和(已删除)");
  CHECK(f.scrub("王芳王芳芳") == "(已删除)王芳芳");
  CHECK_FALSE(f.found_in("王芳芳说"));
  CHECK(f.found_in("找王芳"));
  ForgottenText one_character("芳", "", "", {});
  CHECK(one_character.scrub("芳草") == "芳草");  // a one-character name is too short to find in text
}
