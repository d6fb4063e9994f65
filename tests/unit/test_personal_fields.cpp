// Forget's statements are generated from the personal-field flags: they cover at least what the
// hand-kept list they replaced (kForget, 15 statements) cleared, and each one runs on the schema.
#include <doctest/doctest.h>

#include <algorithm>
#include <set>
#include <utility>

#include "fixture.h"
#include "domain/persons.h"

using namespace shequ;

namespace {

// Every (table, column) the former kForget list in persons.cpp set to NULL or "(已删除)", and the
// person's own columns forget_person once cleared by a hand-written list.
const std::pair<const char*, const char*> kFormerlyScrubbed[] = {
    {"residence", "reason"},        {"party_membership", "reason"}, {"party_membership", "note"},
    {"grid_role", "reason"},        {"grid_role", "note"},          {"case_party", "name"},
    {"delivery", "note"},           {"event_participant", "note"},  {"need", "note"},
    {"partner", "contact"},         {"partner", "phone"},           {"household", "phone"},
    {"volunteer", "note"},          {"team_member", "note"},        {"award", "note"},
    {"person", "birth_date"},       {"person", "phone"},            {"person", "id_number"},
    {"person", "moved_in"},         {"person", "note"},
};

std::set<std::pair<std::string, std::string>> flagged() {
  std::set<std::pair<std::string, std::string>> out;
  for (const Entity* e : personal_records())
    for (const Field& f : e->fields)
      if (f.personal != Personal::none) out.emplace(e->table, f.column);
  return out;
}

}  // namespace

TEST_CASE("every column the hand-kept forget list scrubbed is flagged personal") {
  const auto marked = flagged();
  for (const auto& [table, column] : kFormerlyScrubbed) {
    CAPTURE(table);
    CAPTURE(column);
    CHECK(marked.count({table, column}) == 1);
  }
}

TEST_CASE("each flagged column has a generated statement that names it, and every statement runs") {
  const std::vector<std::string> statements = forget_statements();
  for (const auto& [table, column] : flagged()) {
    CAPTURE(table);
    CAPTURE(column);
    bool named = false;
    for (const std::string& sql : statements)
      if (sql.starts_with("UPDATE " + table + " SET") && sql.find(column + " = ") != std::string::npos) named = true;
    CHECK(named);
  }
  // The rows of the person (a name typed as a party keeps the placeholder the schema requires).
  CHECK(std::find(statements.begin(), statements.end(),
                  "UPDATE case_party SET name = '(已删除)' WHERE name = (SELECT name FROM person WHERE id = ?1 AND "
                  "length(name) >= 2)") != statements.end());
  CHECK(std::find(statements.begin(), statements.end(),
                  "UPDATE team_member SET note = NULL WHERE volunteer_id IN (SELECT id FROM volunteer WHERE person_id = "
                  "?1)") != statements.end());
  // The person's own row is generated like the others, and goes last: the statements before it
  // compare other rows' names and phones with the person's.
  CHECK(statements.back() == "UPDATE person SET birth_date = NULL, phone = NULL, id_number = NULL, moved_in = NULL, "
                             "note = NULL WHERE id = ?1");
  testing::TestDb t;
  for (const std::string& sql : statements) {
    CAPTURE(sql);
    auto st = t.ctx->db.cached(sql);
    st.bind(1, std::int64_t{1});
    CHECK_NOTHROW(st.run());
  }
}
