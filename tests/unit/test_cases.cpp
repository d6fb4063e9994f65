// Mediation cases: the whole state machine, numbers, deadlines, confidentiality, figures, import.
#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <map>

#include "records/audit.h"
#include "domain/buildings.h"
#include "reports/case_figures.h"
#include "io/csv.h"
#include "core/text.h"
#include "domain/cases.h"
#include "fixture.h"
#include "domain/grids.h"
#include "domain/households.h"
#include "records/import.h"
#include "domain/persons.h"

using namespace shequ;
using testing::in;

namespace {


struct Community {
  testing::TestDb t;
  explicit Community(const std::string& toml = "") : t(toml) {
    setenv("SHEQU_TODAY", "2026-11-29", 1);
    Context& c = *t.ctx;
    add_record(c, grid_entity(), in({{"code", "01"}, {"name", "第一网格"}}));
    add_record(c, grid_entity(), in({{"code", "03"}, {"name", "第三网格"}}));
    add_record(c, building_entity(), in({{"number", "3"}, {"grid", "03"}, {"units", "3"}, {"floors", "7"}}));
    add_record(c, household_entity(), in({{"address", "3-2-501"}}));
    add_record(c, household_entity(), in({{"address", "3-2-601"}}));
    add_record(c, person_entity(), in({{"name", "张桂兰"}, {"household", "3-2-501"}}));   // R1
    add_record(c, person_entity(), in({{"name", "李建国"}, {"household", "3-2-601"}}));   // R2
    add_record(c, person_entity(), in({{"name", "王调解"}}));                             // R3
    add_record(c, person_entity(), in({{"name", "赵协调"}}));                             // R4
  }
  Context& ctx() { return *t.ctx; }

  CaseOpened open(const std::string& opened = "2026-11-01", const std::string& grid = "03") {
    CaseOpening o;
    o.title = "楼上漏水";
    o.type = "neighbour";
    o.grid = grid;
    o.parties = {"applicant:张桂兰", "respondent:3-2-601", "party:org:宁康物业"};
    o.opened = opened;
    o.summary = "天花板霉变的秘密";
    return open_case(ctx(), o);
  }
  std::string status(std::int64_t id) {
    return text("SELECT status FROM mediation_case WHERE id = " + std::to_string(id));
  }
  std::string text(const std::string& sql) {
    Stmt st(*t.db, sql);
    return st.step() && !st.is_null(0) ? st.text(0) : "";
  }
};

// Valid options for each verb, so that only the state decides.
CaseStep valid(CaseVerb v, const std::string& ref, const std::string& date = "2026-11-20") {
  CaseStep s;
  s.case_ref = ref;
  s.date = date;
  switch (v) {
    case CaseVerb::assign: s.mediator = "王调解"; break;
    case CaseVerb::note: s.text = "note text"; break;
    case CaseVerb::session: s.method = "warm-heart"; s.outcome = "progress"; break;
    case CaseVerb::escalate: s.text = "needs the property company"; break;
    case CaseVerb::agree: s.agreement_kind = "oral"; s.text = "repair the pipe"; break;
    case CaseVerb::fail: s.referral = "court"; break;
    case CaseVerb::follow_up: s.result = "holding"; break;
    case CaseVerb::review: s.text = "listen first"; break;
    case CaseVerb::close: break;
    case CaseVerb::reopen: s.text = "one side changed its mind"; break;
    case CaseVerb::extend: s.days = 15; s.consent = true; break;
  }
  return s;
}

// Brings a fresh case into `status` (dates from 11-02 on).
std::string case_in(Community& c, const std::string& status) {
  std::string ref = c.open().number;
  auto step = [&](CaseVerb v, const char* date) { case_step(c.ctx(), v, valid(v, ref, date)); };
  if (status == "mediating" || status == "agreed" || status == "closed") step(CaseVerb::session, "2026-11-02");
  if (status == "agreed" || status == "closed") step(CaseVerb::agree, "2026-11-03");
  if (status == "failed") step(CaseVerb::fail, "2026-11-03");
  if (status == "closed") step(CaseVerb::close, "2026-11-04");
  return ref;
}

const CaseVerb kAllVerbs[] = {CaseVerb::assign, CaseVerb::note,   CaseVerb::session, CaseVerb::escalate,
                              CaseVerb::agree,  CaseVerb::fail,   CaseVerb::follow_up, CaseVerb::review,
                              CaseVerb::close,  CaseVerb::reopen, CaseVerb::extend};

}  // namespace

TEST_CASE("the state machine: every verb in every status is allowed or refused as the table says") {
  // status → verb → status afterwards ("" = refused with exit 1)
  const std::map<std::string, std::map<CaseVerb, std::string>> expected = {
      {"open", {{CaseVerb::assign, "open"}, {CaseVerb::note, "open"}, {CaseVerb::session, "mediating"},
                {CaseVerb::escalate, "open"}, {CaseVerb::agree, ""}, {CaseVerb::fail, "failed"},
                {CaseVerb::follow_up, ""}, {CaseVerb::review, ""}, {CaseVerb::close, ""}, {CaseVerb::reopen, ""},
                {CaseVerb::extend, "open"}}},
      {"mediating", {{CaseVerb::assign, "mediating"}, {CaseVerb::note, "mediating"}, {CaseVerb::session, "mediating"},
                     {CaseVerb::escalate, "mediating"}, {CaseVerb::agree, "agreed"}, {CaseVerb::fail, "failed"},
                     {CaseVerb::follow_up, ""}, {CaseVerb::review, ""}, {CaseVerb::close, ""}, {CaseVerb::reopen, ""},
                     {CaseVerb::extend, "mediating"}}},
      {"agreed", {{CaseVerb::assign, ""}, {CaseVerb::note, "agreed"}, {CaseVerb::session, ""}, {CaseVerb::escalate, ""},
                  {CaseVerb::agree, ""}, {CaseVerb::fail, ""}, {CaseVerb::follow_up, "agreed"},
                  {CaseVerb::review, "agreed"}, {CaseVerb::close, "closed"}, {CaseVerb::reopen, "mediating"},
                  {CaseVerb::extend, ""}}},
      {"failed", {{CaseVerb::assign, ""}, {CaseVerb::note, "failed"}, {CaseVerb::session, ""}, {CaseVerb::escalate, ""},
                  {CaseVerb::agree, ""}, {CaseVerb::fail, ""}, {CaseVerb::follow_up, ""},
                  {CaseVerb::review, "failed"}, {CaseVerb::close, "closed"}, {CaseVerb::reopen, "mediating"},
                  {CaseVerb::extend, ""}}},
      {"closed", {{CaseVerb::assign, ""}, {CaseVerb::note, ""}, {CaseVerb::session, ""}, {CaseVerb::escalate, ""},
                  {CaseVerb::agree, ""}, {CaseVerb::fail, ""}, {CaseVerb::follow_up, "closed"},
                  {CaseVerb::review, "closed"}, {CaseVerb::close, ""}, {CaseVerb::reopen, "mediating"},
                  {CaseVerb::extend, ""}}},
  };
  int checked = 0;
  for (const auto& [from, row] : expected) {
    for (CaseVerb v : kAllVerbs) {
      Community c;
      std::string ref = case_in(c, from);
      std::int64_t id = resolve(c.ctx(), case_entity(), ref);
      REQUIRE(c.status(id) == from);
      std::string want = row.at(v);
      CAPTURE(from);
      CAPTURE(std::string(case_verb_name(v)));
      std::int64_t entries = c.t.count("SELECT count(*) FROM case_entry");
      std::int64_t audits = c.t.count("SELECT count(*) FROM audit");
      if (want.empty()) {
        try {
          case_step(c.ctx(), v, valid(v, ref));
          FAIL("expected a refusal");
        } catch (const Error& e) {
          CHECK(e.code() == Exit::refused);
          std::string m = e.what();
          CHECK(m.find("is " + from) != std::string::npos);
          CHECK(m.find("cannot " + std::string(case_verb_name(v))) != std::string::npos);
          CHECK(m.find("allowed now:") != std::string::npos);
          for (CaseVerb ok : case_verbs_allowed(from))
            CHECK(m.find(std::string(case_verb_name(ok))) != std::string::npos);
        }
        CHECK(c.status(id) == from);
        CHECK(c.t.count("SELECT count(*) FROM case_entry") == entries);
        CHECK(c.t.count("SELECT count(*) FROM audit") == audits);
      } else {
        CHECK(case_step(c.ctx(), v, valid(v, ref)) == want);
        CHECK(c.status(id) == want);
        CHECK(c.t.count("SELECT count(*) FROM case_entry") == entries + 1);
        CHECK(c.t.count("SELECT count(*) FROM audit") == audits + 1);
      }
      ++checked;
    }
  }
  CHECK(checked == 55);
}

TEST_CASE("case_verbs_allowed follows the one table") {
  auto names = [](std::string_view status) {
    std::string s;
    for (CaseVerb v : case_verbs_allowed(status)) s += std::string(case_verb_name(v)) + " ";
    return s;
  };
  CHECK(names("open") == "assign note session escalate fail extend ");
  CHECK(names("mediating") == "assign note session escalate agree fail extend ");
  CHECK(names("agreed") == "note follow-up review close reopen ");
  CHECK(names("failed") == "note review close reopen ");
  CHECK(names("closed") == "follow-up review reopen ");
}

TEST_CASE("rules inside allowed verbs") {
  Community c;
  SUBCASE("escalation goes grid → community → street and no further") {
    std::string ref = case_in(c, "mediating");
    case_step(c.ctx(), CaseVerb::escalate, valid(CaseVerb::escalate, ref));
    CHECK(c.text("SELECT level FROM mediation_case WHERE id = 1") == "community");
    case_step(c.ctx(), CaseVerb::escalate, valid(CaseVerb::escalate, ref));
    CHECK(c.text("SELECT level FROM mediation_case WHERE id = 1") == "street");
    try {
      case_step(c.ctx(), CaseVerb::escalate, valid(CaseVerb::escalate, ref));
      FAIL("expected refusal");
    } catch (const Error& e) {
      CHECK(e.code() == Exit::refused);
      CHECK(std::string(e.what()).find("street level") != std::string::npos);
    }
    CHECK(c.t.count("SELECT count(*) FROM case_entry WHERE kind = 'escalate'") == 2);
    // The level at agreement is where it was settled.
    case_step(c.ctx(), CaseVerb::agree, valid(CaseVerb::agree, ref));
    CHECK(c.text("SELECT settled_level FROM mediation_case WHERE id = 1") == "street");
  }
  SUBCASE("escalate --to skips a level; not downwards") {
    std::string ref = case_in(c, "open");
    CaseStep s = valid(CaseVerb::escalate, ref);
    s.level = "street";
    case_step(c.ctx(), CaseVerb::escalate, s);
    CHECK(c.text("SELECT level FROM mediation_case WHERE id = 1") == "street");
  }
  SUBCASE("a written agreement states facts, issues, responsibilities, how and by when") {
    std::string ref = case_in(c, "mediating");
    CaseStep s = valid(CaseVerb::agree, ref);
    s.agreement_kind = "written";
    for (const char* missing : {"--facts", "--issues", "--responsibilities", "--how", "--by"}) {
      CaseStep w = s;
      w.facts = "f";
      w.issues = "i";
      w.responsibilities = "r";
      w.performance = "h";
      w.perform_by = "2026-12-31";
      std::string m = missing;
      if (m == "--facts") w.facts.clear();
      if (m == "--issues") w.issues.clear();
      if (m == "--responsibilities") w.responsibilities.clear();
      if (m == "--how") w.performance.clear();
      if (m == "--by") w.perform_by.clear();
      try {
        case_step(c.ctx(), CaseVerb::agree, w);
        FAIL("expected 65");
      } catch (const Error& e) {
        CHECK(e.code() == Exit::data);
        CHECK(std::string(e.what()).find(m) == 0);
      }
    }
    CHECK(c.status(1) == "mediating");
  }
  SUBCASE("a broken agreement may reopen the case; a holding one may not") {
    std::string ref = case_in(c, "agreed");
    CaseStep s = valid(CaseVerb::follow_up, ref);
    s.reopen = true;
    CHECK_THROWS_AS(case_step(c.ctx(), CaseVerb::follow_up, s), Error);
    s.result = "broken";
    s.satisfaction = 2;
    CHECK(case_step(c.ctx(), CaseVerb::follow_up, s) == "mediating");
    CHECK(c.text("SELECT agreed_on FROM mediation_case WHERE id = 1") == "");
    CHECK(c.text("SELECT followup FROM mediation_case WHERE id = 1") == "broken");
    CHECK(c.text("SELECT deadline FROM mediation_case WHERE id = 1") == "2026-12-20");
    CHECK(c.t.count("SELECT count(*) FROM case_entry WHERE kind IN ('follow-up', 'reopen')") == 2);
  }
  SUBCASE("a case closed after failing has nothing to follow up") {
    std::string ref = case_in(c, "failed");
    case_step(c.ctx(), CaseVerb::close, valid(CaseVerb::close, ref));
    CHECK_THROWS_AS(case_step(c.ctx(), CaseVerb::follow_up, valid(CaseVerb::follow_up, ref)), Error);
  }
  SUBCASE("an extension needs consent and a later deadline") {
    std::string ref = case_in(c, "open");
    CaseStep s = valid(CaseVerb::extend, ref);
    s.consent = false;
    try {
      case_step(c.ctx(), CaseVerb::extend, s);
      FAIL("expected refusal");
    } catch (const Error& e) {
      CHECK(e.code() == Exit::refused);
      CHECK(std::string(e.what()).find("consent") != std::string::npos);
    }
    s = valid(CaseVerb::extend, ref);
    s.days.reset();
    s.perform_by = "2026-12-01";  // the deadline is 2026-12-01 already
    CHECK_THROWS_AS(case_step(c.ctx(), CaseVerb::extend, s), Error);
    s.perform_by = "2027-01-15";
    case_step(c.ctx(), CaseVerb::extend, s);
    CHECK(c.text("SELECT deadline FROM mediation_case WHERE id = 1") == "2027-01-15");
    s = valid(CaseVerb::extend, ref);  // 15 more days
    case_step(c.ctx(), CaseVerb::extend, s);
    CHECK(c.text("SELECT deadline FROM mediation_case WHERE id = 1") == "2027-01-30");
  }
  SUBCASE("mediators: one lead at a time, history kept, end") {
    std::string ref = case_in(c, "open");
    case_step(c.ctx(), CaseVerb::assign, valid(CaseVerb::assign, ref));
    CaseStep s = valid(CaseVerb::assign, ref);
    CHECK_THROWS_AS(case_step(c.ctx(), CaseVerb::assign, s), Error);  // already lead
    s.mediator = "R4";
    case_step(c.ctx(), CaseVerb::assign, s);  // new lead replaces
    CHECK(c.t.count("SELECT count(*) FROM case_mediator WHERE role = 'lead' AND to_date IS NULL") == 1);
    CHECK(c.t.count("SELECT count(*) FROM case_mediator") == 2);
    s.mediator = "王调解";
    s.role = "assist";
    case_step(c.ctx(), CaseVerb::assign, s);
    s.end = true;
    s.role.clear();
    case_step(c.ctx(), CaseVerb::assign, s);
    CHECK(c.t.count("SELECT count(*) FROM case_mediator WHERE to_date IS NULL") == 1);
    CHECK_THROWS_AS(case_step(c.ctx(), CaseVerb::assign, s), Error);  // not a mediator any more
    CaseFilter f;
    f.mediator = "R4";
    CHECK(list_cases(c.ctx(), case_query(c.ctx(), f)).rows.size() == 1);
    f.mediator = "R3";
    CHECK(list_cases(c.ctx(), case_query(c.ctx(), f)).rows.empty());
  }
}

TEST_CASE("bad input is 65 naming the option, and changes nothing") {
  Community c;
  std::string ref = case_in(c, "open");
  std::int64_t audits = c.t.count("SELECT count(*) FROM audit");
  auto expect65 = [&](CaseVerb v, CaseStep s, const char* needle) {
    try {
      case_step(c.ctx(), v, s);
      FAIL("expected 65");
    } catch (const Error& e) {
      CAPTURE(std::string(e.what()));
      CHECK(e.code() == Exit::data);
      CHECK(std::string(e.what()).find(needle) != std::string::npos);
    }
  };
  CaseStep s = valid(CaseVerb::session, ref);
  s.method = "shouting";
  expect65(CaseVerb::session, s, "--method");
  s = valid(CaseVerb::session, ref, "2026-10-31");
  expect65(CaseVerb::session, s, "before the case was opened");
  s = valid(CaseVerb::session, ref, "2026-11-30");
  expect65(CaseVerb::session, s, "future");
  s = valid(CaseVerb::session, ref, "yesterday");
  expect65(CaseVerb::session, s, "not a date");
  s = valid(CaseVerb::fail, ref);
  s.referral = "police";
  expect65(CaseVerb::fail, s, "--referral");
  s = valid(CaseVerb::note, ref);
  s.text = "  ";
  expect65(CaseVerb::note, s, "required");
  s = valid(CaseVerb::escalate, ref);
  s.text.clear();
  expect65(CaseVerb::escalate, s, "--reason");
  s = valid(CaseVerb::note, ref);
  s.method = "warm-heart";
  expect65(CaseVerb::note, s, "--method");
  case_step(c.ctx(), CaseVerb::note, valid(CaseVerb::note, ref, "2026-11-20"));
  s = valid(CaseVerb::note, ref, "2026-11-10");
  expect65(CaseVerb::note, s, "before the last step");
  CHECK(c.t.count("SELECT count(*) FROM audit") == audits + 1);
  CHECK_THROWS_AS(resolve(c.ctx(), case_entity(), "2026-9999"), Error);

  auto open_fails = [&](CaseOpening o, Exit code, const char* needle) {
    try {
      open_case(c.ctx(), o);
      FAIL("expected failure");
    } catch (const Error& e) {
      CAPTURE(std::string(e.what()));
      CHECK(e.code() == code);
      CHECK(std::string(e.what()).find(needle) != std::string::npos);
    }
  };
  CaseOpening o;
  o.title = "t";
  o.type = "neighbour";
  o.grid = "03";
  o.parties = {"applicant:R1"};
  CaseOpening b = o;
  b.type = "gossip";
  open_fails(b, Exit::data, "case-type");
  b = o;
  b.parties = {"judge:R1"};
  open_fails(b, Exit::data, "role");
  b = o;
  b.parties = {"applicant:某某某"};
  open_fails(b, Exit::data, "org:NAME");
  b = o;
  b.parties = {"applicant R1"};
  open_fails(b, Exit::data, "ROLE:WHO");
  b = o;
  b.parties.clear();
  open_fails(b, Exit::data, "--party");
  b = o;
  b.grid = "99";
  open_fails(b, Exit::data, "grid");
  b = o;
  b.mode = "televised";
  open_fails(b, Exit::data, "--mode");
  b = o;
  b.dispute_since = "2026-12-01";
  open_fails(b, Exit::data, "dispute_since");
  b = o;
  b.opened = "2026-12-01";
  open_fails(b, Exit::data, "future");
  b = o;
  b.mediators = {"R99"};
  open_fails(b, Exit::not_found, "R99");
  CHECK(c.t.count("SELECT count(*) FROM mediation_case") == 1);
  CHECK(c.t.count("SELECT count(*) FROM audit") == audits + 1);
}

TEST_CASE("case numbers: per year, gap-free, in the configured format") {
  Community c("[cases]\nnumber_format = \"NK{year}-{seq:03}\"\n");
  CHECK(c.open("2025-12-31").number == "NK2025-001");
  CHECK(c.open("2026-01-01").number == "NK2026-001");
  CHECK(c.open("2026-03-01").number == "NK2026-002");
  CHECK(c.open("2025-06-01").number == "NK2025-002");
  // A refused opening consumes no number.
  CaseOpening bad;
  bad.title = "x";
  bad.type = "nonsense";
  bad.grid = "03";
  bad.parties = {"applicant:R1"};
  bad.opened = "2026-04-01";
  CHECK_THROWS_AS(open_case(c.ctx(), bad), Error);
  CHECK(c.open("2026-04-01").number == "NK2026-003");
  CHECK(resolve(c.ctx(), case_entity(), "NK2026-003") == 5);
}

TEST_CASE("deadline arithmetic across month ends and leap years") {
  CHECK(to_iso(case_deadline(*parse_date("2026-01-31"), 30)) == "2026-03-02");
  CHECK(to_iso(case_deadline(*parse_date("2028-01-31"), 30)) == "2028-03-01");  // leap year
  CHECK(to_iso(case_deadline(*parse_date("2028-02-29"), 30)) == "2028-03-30");
  CHECK(to_iso(case_deadline(*parse_date("2027-02-15"), 30)) == "2027-03-17");
  CHECK(to_iso(case_deadline(*parse_date("2028-02-15"), 30)) == "2028-03-16");
  CHECK(to_iso(case_deadline(*parse_date("2026-12-15"), 30)) == "2027-01-14");
  CHECK(to_iso(case_deadline(*parse_date("2100-02-28"), 1)) == "2100-03-01");   // 2100 is not leap
  CHECK(to_iso(case_deadline(*parse_date("2000-02-28"), 1)) == "2000-02-29");   // 2000 is
}

TEST_CASE("what is due: escalation after N days at grid level, overdue past the deadline, follow-up") {
  Community c;
  setenv("SHEQU_TODAY", "2028-03-10", 1);
  // Opened 2028-02-28; escalate_after_days 7 → due on 03-06 (older than 7 days from 03-07).
  c.open("2028-02-28");                     // C1: grid level, past escalation, not yet overdue
  c.open("2028-01-31");                     // C2: deadline 2028-03-01 (leap February) → overdue
  std::string c3 = c.open("2028-03-03").number;  // C3: 7 days old exactly → not yet due
  std::string c4 = c.open("2028-02-01").number;  // C4: agreed 2028-02-09 → follow-up due 03-10
  case_step(c.ctx(), CaseVerb::session, valid(CaseVerb::session, c4, "2028-02-05"));
  case_step(c.ctx(), CaseVerb::agree, valid(CaseVerb::agree, c4, "2028-02-09"));
  std::string c5 = c.open("2028-02-20").number;  // C5: escalated, so not due for escalation
  case_step(c.ctx(), CaseVerb::escalate, valid(CaseVerb::escalate, c5, "2028-02-21"));
  auto due = cases_due(c.ctx(), today());
  std::map<std::string, std::string> got;
  for (const auto& d : due) got[d.number + " " + d.kind] = to_iso(d.due_on) + " " + std::to_string(d.days_late);
  CHECK(got["2028-0001 escalate"] == "2028-03-06 4");
  CHECK(got["2028-0002 escalate"] == "2028-02-07 32");
  CHECK(got["2028-0002 overdue"] == "2028-03-01 9");
  CHECK(got["2028-0004 follow-up"] == "2028-03-10 0");
  CHECK(got.count("2028-0003 escalate") == 0);
  CHECK(got.count("2028-0005 escalate") == 0);
  CHECK(got.size() == 4);
  CHECK(due.front().due_on <= due.back().due_on);
  // The day after, C3 is older than 7 days.
  auto next = cases_due(c.ctx(), *parse_date("2028-03-11"));
  bool c3_due = false;
  for (const auto& d : next) c3_due |= d.number == c3 && d.kind == "escalate";
  CHECK(c3_due);
  // A follow-up visit clears the follow-up item.
  case_step(c.ctx(), CaseVerb::follow_up, valid(CaseVerb::follow_up, c4, "2028-03-10"));
  for (const auto& d : cases_due(c.ctx(), today())) CHECK(d.kind != "follow-up");
  // Overdue filter of `case list`.
  CaseFilter f;
  f.overdue = true;
  Table t = list_cases(c.ctx(), case_query(c.ctx(), f));
  REQUIRE(t.rows.size() == 1);
  CHECK(std::get<std::string>(t.rows[0][1]) == "2028-0002");
  setenv("SHEQU_TODAY", "2026-11-29", 1);
}

TEST_CASE("confidentiality: listings, sheets and exports hide parties and case text") {
  Community c;
  std::string ref = case_in(c, "agreed");
  case_step(c.ctx(), CaseVerb::note, valid(CaseVerb::note, ref, "2026-11-25"));
  const std::vector<std::string> secrets = {"张桂兰", "3-2-601", "宁康物业", "天花板霉变", "note text", "repair the pipe",
                                            "progress"};
  auto all_text = [](const Table& t) {
    std::string s;
    for (const auto& row : t.rows)
      for (const auto& cell : row) s += cell_text(cell) + "|";
    return s;
  };
  Context& ctx = c.ctx();
  std::int64_t reveals = c.t.count("SELECT count(*) FROM audit WHERE action = 'reveal'");
  for (bool reveal : {false, true}) {  // a listing never reveals, even asked to
    ctx.reveal = reveal;
    std::string listed = all_text(list_cases(ctx, Query{}));
    for (const auto& s : secrets) CHECK(listed.find(s) == std::string::npos);
  }
  ctx.reveal = false;
  CHECK(c.t.count("SELECT count(*) FROM audit WHERE action = 'reveal'") == reveals);
  CaseSheet sheet = case_sheet(ctx, 1);
  std::string shown = all_text(sheet.record) + all_text(sheet.parties) + all_text(sheet.timeline);
  for (const auto& s : secrets) CHECK(shown.find(s) == std::string::npos);
  CHECK(shown.find("楼上漏水") != std::string::npos);  // the title is shown
  std::string exported;
  export_records(ctx, case_entity(), false, [&](const std::vector<std::string>& row) { exported += join(row, ",") + "\n"; });
  for (const auto& s : secrets) CHECK(exported.find(s) == std::string::npos);
  CHECK(exported.find("parties") == std::string::npos);
  CHECK(c.t.count("SELECT count(*) FROM audit WHERE action = 'reveal'") == reveals);

  ctx.reveal = true;
  sheet = case_sheet(ctx, 1);
  shown = all_text(sheet.record) + all_text(sheet.parties) + all_text(sheet.timeline);
  for (const auto& s : secrets) CHECK(shown.find(s) != std::string::npos);
  CHECK(c.t.count("SELECT count(*) FROM audit WHERE action = 'reveal' AND entity = 'case' AND entity_id = 1") == 1);
  ctx.reveal = false;
}

TEST_CASE("figures of a period: settled where, shares, median, dispute ages, follow-ups") {
  Community c;
  setenv("SHEQU_TODAY", "2026-12-31", 1);
  auto settle = [&](const char* opened, const char* since, const char* agreed, int escalations) {
    CaseOpening o;
    o.title = "t";
    o.type = "neighbour";
    o.grid = "03";
    o.parties = {"applicant:R1"};
    o.opened = opened;
    o.dispute_since = since;
    std::string ref = open_case(c.ctx(), o).number;
    case_step(c.ctx(), CaseVerb::session, valid(CaseVerb::session, ref, opened));
    for (int i = 0; i < escalations; ++i) case_step(c.ctx(), CaseVerb::escalate, valid(CaseVerb::escalate, ref, opened));
    case_step(c.ctx(), CaseVerb::agree, valid(CaseVerb::agree, ref, agreed));
    return ref;
  };
  // Six agreements in November: 3 at grid, 2 at community, 1 at street.
  std::string a = settle("2026-11-01", "", "2026-11-03", 0);            // 2 days, age 0
  settle("2026-11-01", "2023-10-01", "2026-11-05", 0);                  // 4 days, 3-year water-fee standoff
  settle("2026-11-02", "2021-06-01", "2026-11-12", 0);                  // 10 days, 5-year noise feud
  settle("2026-11-02", "2025-06-01", "2026-11-22", 1);                  // 20 days, 1 year
  settle("2026-11-03", "", "2026-11-09", 1);                            // 6 days
  settle("2026-11-03", "", "2026-11-30", 2);                            // 27 days
  settle("2026-10-01", "", "2026-10-05", 0);                            // agreed before the period
  std::string f = c.open("2026-11-10").number;
  case_step(c.ctx(), CaseVerb::fail, valid(CaseVerb::fail, f, "2026-11-20"));
  case_step(c.ctx(), CaseVerb::close, valid(CaseVerb::close, f, "2026-11-21"));
  case_step(c.ctx(), CaseVerb::follow_up, valid(CaseVerb::follow_up, a, "2026-11-20"));
  CaseStep broken = valid(CaseVerb::follow_up, "2026-0002", "2026-11-25");
  broken.result = "broken";
  case_step(c.ctx(), CaseVerb::follow_up, broken);

  CaseFigures fig = case_figures(c.ctx(), CasePeriod{*parse_date("2026-11-01"), *parse_date("2026-11-30")});
  CHECK(fig.opened == 7);
  CHECK(fig.agreed == 6);
  CHECK(fig.failed == 1);
  CHECK(fig.closed == 1);
  CHECK(fig.referred_court == 1);
  CHECK(fig.settled_grid == 3);
  CHECK(fig.settled_community == 2);
  CHECK(fig.settled_beyond == 1);
  CHECK(fig.share_inside_grid == doctest::Approx(0.5));
  CHECK(fig.share_inside_community == doctest::Approx(5.0 / 6.0));
  REQUIRE(fig.median_days_to_agreement);
  CHECK(*fig.median_days_to_agreement == doctest::Approx(8.0));  // 2 4 6 10 20 27
  CHECK(fig.by_dispute_age[0].settled == 3);  // under 1 year
  CHECK(fig.by_dispute_age[1].settled == 1);  // 1–3
  CHECK(fig.by_dispute_age[2].settled == 1);  // 3–5: the water-fee standoff
  CHECK(fig.by_dispute_age[3].settled == 1);  // 5+: the noise feud
  CHECK(fig.longest_dispute_days == days_between(*parse_date("2021-06-01"), *parse_date("2026-11-12")));
  CHECK(fig.followed_up == 2);
  CHECK(fig.holding == 1);
  CHECK(fig.broken == 1);
  CHECK(fig.share_holding == doctest::Approx(0.5));
  CHECK(fig.awaiting_followup == 4);
  // One grid only; an empty period.
  CHECK(case_figures(c.ctx(), fig.period, "01").agreed == 0);
  CaseFigures none = case_figures(c.ctx(), CasePeriod{*parse_date("2025-01-01"), *parse_date("2025-12-31")});
  CHECK(none.agreed == 0);
  CHECK(none.share_inside_grid == 0);
  CHECK_FALSE(none.median_days_to_agreement);
  setenv("SHEQU_TODAY", "2026-11-29", 1);
}

TEST_CASE("import of historic cases: consistent dates, idempotent, state only through verbs") {
  Community c;
  auto write = [&](const std::string& name, const std::string& text) {
    auto p = c.t.dir / name;
    std::ofstream(p) << text;
    return p.string();
  };
  std::string header =
      "number,title,type,source,grid,level,opened_on,dispute_since,agreed_on,agreement_kind,settled_level,closed_on,"
      "followup,followup_on,parties,summary\n";
  std::string good = header +
      "2023-0012,水费纠纷,property-management,application,03,community,2023-03-01,2020-03-01,2023-04-10,written,,"
      "2023-05-01,holding,2023-05-20,applicant:R1; respondent:org:宁康物业,三年欠费\n"
      "2022-0017,装修噪音,neighbour,initiative,03,grid,2022-07-01,2017-06-01,,,,,,,applicant:name:周某,\n";
  ImportOptions opt;
  // A number of another shape is refused: `case open` would neither count it nor avoid it.
  opt.path = write("odd.csv", header + "旧-17,装修噪音,neighbour,initiative,03,grid,2022-07-01,,,,,,,,applicant:name:周某,\n");
  std::string odd;
  CHECK(testing::code_of([&] { import_file(c.ctx(), case_entity(), opt); }, &odd) == Exit::data);
  CHECK(c.t.count("SELECT count(*) FROM mediation_case") == 0);
  opt.path = write("cases.csv", good);
  ImportResult r = import_file(c.ctx(), case_entity(), opt);
  CHECK(r.inserted == 2);
  CHECK(c.text("SELECT status || ' ' || settled_level || ' ' || year || ' ' || seq FROM mediation_case WHERE number = '2023-0012'") ==
        "closed community 2023 12");
  CHECK(c.text("SELECT status || ' ' || year || ' ' || coalesce(seq, '-') FROM mediation_case WHERE number = '2022-0017'") ==
        "open 2022 17");
  CHECK(c.t.count("SELECT count(*) FROM case_party") == 3);
  CHECK(c.t.count("SELECT count(*) FROM case_entry WHERE code = 'import'") == 2);
  // The next 2023 case continues after the imported one.
  CHECK(c.open("2023-06-01").number == "2023-0013");
  // Importing the same file again changes nothing; nor does its own revealed export.
  r = import_file(c.ctx(), case_entity(), opt);
  CHECK(r.unchanged == 2);
  c.ctx().reveal = true;
  std::string exported;
  export_records(c.ctx(), case_entity(), false, [&](const std::vector<std::string>& row) {
    std::string line;
    for (const auto& cell : row) line += (line.empty() ? "" : ",") + csv_quote(cell);
    exported += line + "\n";
  });
  c.ctx().reveal = false;
  opt.path = write("again.csv", exported);
  r = import_file(c.ctx(), case_entity(), opt);
  CHECK(r.unchanged == 3);
  CHECK(r.updated == 0);

  auto rejected = [&](const std::string& row, const char* needle) {
    ImportOptions o;
    o.path = write("bad.csv", header + row + "\n");
    std::string problems;
    o.on_problem = [&](const std::string& p) { problems += p + "\n"; };
    std::int64_t before = c.t.count("SELECT count(*) FROM mediation_case");
    CHECK_THROWS_AS(import_file(c.ctx(), case_entity(), o), Error);
    CAPTURE(problems);
    CHECK(problems.find(needle) != std::string::npos);
    CHECK(c.t.count("SELECT count(*) FROM mediation_case") == before);
  };
  rejected("2021-0001,t,neighbour,application,03,grid,2021-03-01,2022-01-01,,,,,,,,", "dispute_since");
  rejected("2021-0002,t,neighbour,application,03,grid,2021-03-01,,2021-02-01,,,,,,,", "agreed_on");
  rejected("2021-0003,t,neighbour,application,03,grid,2021-03-01,,,,,2021-04-01,,,,", "closed");
  rejected("2021-0004,t,neighbour,application,03,grid,2021-03-01,,,,,,holding,,,", "followup");
  rejected("2021-0005,t,neighbour,application,03,grid,2021-03-01,,,,,,,,judge:R1,", "role");
  rejected("2021-0006,t,neighbour,application,03,grid,2027-03-01,,,,,,,,,", "future");
  // A case already in the file does not change state by import.
  rejected("2023-0012,水费纠纷,property-management,application,03,community,2023-03-01,2020-03-01,2023-04-10,written,"
           "community,,,,,",
           "closed_on");
}
