// Undo of commands that wrote append-only records: reversal entries, never deletions.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>

#include "domain/cases.h"
#include "fixture.h"
#include "domain/hours.h"
#include "domain/needs.h"
#include "domain/persons.h"
#include "domain/points.h"
#include "domain/projects.h"
#include "domain/rewards.h"
#include "records/undo.h"
#include "domain/volunteers.h"

using namespace shequ;
using testing::code_of;
using testing::in;

namespace {

// V1 (joined 2025-01-01), project J1 (coefficient 1.5), points.per_hour 2.
struct Volunteers {
  testing::TestDb t{"[points]\nper_hour = 2.0\n"};
  Volunteers() {
    ::setenv("SHEQU_TODAY", "2026-11-29", 1);
    add_volunteer(ctx(), in({{"joined", "2025-01-01"}}), in({{"name", "张桂兰"}, {"phone", "13812345678"}}));
    add_record(ctx(), project_entity(), in({{"name", "清洁家园"}, {"post_type", "dedication"}, {"coefficient", "1.5"}}));
  }
  Context& ctx() { return *t.ctx; }
  std::int64_t count(const std::string& sql) { return t.count(sql); }
  std::string text(const std::string& sql) {
    Stmt st(*t.db, sql);
    return st.step() && !st.is_null(0) ? st.text(0) : "";
  }
  // 120 minutes on J1: 2 h × 1.5 × 2 = 6 points once verified.
  void log() {
    log_hours(ctx(), in({{"volunteer", "V1"}, {"date", "2026-11-20"}, {"minutes", "120"}, {"activity", "清扫"},
                         {"project", "清洁家园"}}));
  }
  void verify() {
    HoursSelection all;
    all.pending = true;
    verify_hours(ctx(), all);
  }
  bool consistent() {
    auto problems = check_data_file(*t.db);
    for (const auto& p : problems) MESSAGE(p.what);
    return problems.empty();
  }
};

}  // namespace

TEST_CASE("undoing a verification reverses its points and returns the entry to pending") {
  Volunteers v;
  v.log();
  v.verify();
  CHECK(balance_of(v.ctx(), 1) == doctest::Approx(6));
  UndoResult r = undo_last(v.ctx(), false);
  CHECK(r.command == "unit test");
  CHECK(v.text("SELECT status FROM service_hours WHERE id = 1") == "pending");
  CHECK(v.text("SELECT coalesce(decided_at, 'none') FROM service_hours WHERE id = 1") == "none");
  CHECK(v.count("SELECT count(*) FROM points_ledger") == 2);  // nothing deleted: earn + reversal
  CHECK(v.count("SELECT count(*) FROM points_ledger WHERE kind = 'reversal' AND amount = -6 AND reverses_id = 1 "
                "AND hours_id = 1 AND balance_after = 0") == 1);
  CHECK(balance_of(v.ctx(), 1) == 0);
  CHECK(v.count("SELECT count(*) FROM audit WHERE action = 'undo' AND undoes = "
                "(SELECT max(id) FROM audit WHERE action = 'change')") == 1);
  CHECK(v.consistent());
  // Verified again, it earns anew; undone again, the second earn is reversed too.
  v.verify();
  CHECK(balance_of(v.ctx(), 1) == doctest::Approx(6));
  CHECK(v.count("SELECT count(*) FROM points_ledger WHERE kind = 'earn'") == 2);
  CHECK(v.consistent());
  undo_last(v.ctx(), false);
  CHECK(balance_of(v.ctx(), 1) == 0);
  CHECK(v.count("SELECT count(*) FROM points_ledger") == 4);
  CHECK(v.consistent());
  // Repeated undo walks back to log-hours: the entry cannot be deleted, it is rejected as undone.
  r = undo_last(v.ctx(), false);
  CHECK(v.text("SELECT status || ' ' || reason FROM service_hours WHERE id = 1") ==
        "rejected undone (#" + std::to_string(r.audit_id) + ")");
  CHECK(v.count("SELECT count(*) FROM service_hours") == 1);
  CHECK(v.consistent());
}

TEST_CASE("undoing a voiding earns the points again and the entry is verified again") {
  Volunteers v;
  v.log();
  v.verify();
  void_hours(v.ctx(), "1", "重复登记");
  CHECK(balance_of(v.ctx(), 1) == 0);
  UndoResult r = undo_last(v.ctx(), false);
  CHECK(v.text("SELECT status FROM service_hours WHERE id = 1") == "verified");
  CHECK(v.text("SELECT coalesce(voided_at, reason, 'none') FROM service_hours WHERE id = 1") == "none");
  CHECK(v.count("SELECT count(*) FROM points_ledger") == 3);  // earn, reversal (void), earn again
  CHECK(v.count("SELECT count(*) FROM points_ledger WHERE id = 3 AND kind = 'earn' AND amount = 6 AND hours_id = 1") == 1);
  CHECK(balance_of(v.ctx(), 1) == doctest::Approx(6));
  REQUIRE(r.steps.size() >= 2);
  CHECK(r.steps[0].find("restores entry 1") != std::string::npos);
  CHECK(v.consistent());
  // The entry can be voided again (its live earn is reversed), and that too undone.
  void_hours(v.ctx(), "1", "again");
  CHECK(balance_of(v.ctx(), 1) == 0);
  CHECK(v.consistent());
  undo_last(v.ctx(), false);
  CHECK(balance_of(v.ctx(), 1) == doctest::Approx(6));
  // Walking back over the verification reverses whichever earn counts now.
  undo_last(v.ctx(), false);
  CHECK(v.text("SELECT status FROM service_hours WHERE id = 1") == "pending");
  CHECK(balance_of(v.ctx(), 1) == 0);
  CHECK(v.count("SELECT count(*) FROM points_ledger WHERE kind = 'earn' AND NOT EXISTS "
                "(SELECT 1 FROM points_ledger r WHERE r.reverses_id = points_ledger.id)") == 0);
  CHECK(v.consistent());
}

TEST_CASE("undoing a rejection returns the entry to pending") {
  Volunteers v;
  v.log();
  HoursSelection one;
  one.entries = {"1"};
  reject_hours(v.ctx(), one, "重复");
  undo_last(v.ctx(), false);
  CHECK(v.text("SELECT status || coalesce(reason, '') || coalesce(decided_by, '') FROM service_hours") == "pending");
  CHECK(v.consistent());
}

TEST_CASE("undoing a redemption reverses its points, marks it returned and restores the stock") {
  Volunteers v;
  add_record(v.ctx(), reward_entity(), in({{"name", "洗衣液"}, {"cost", "10"}, {"stock", "2"}}));
  add_bonus(v.ctx(), "V1", "15", "test");
  redeem(v.ctx(), Redeeming{"V1", "洗衣液", "", 1});
  CHECK(balance_of(v.ctx(), 1) == 5);
  UndoResult r = undo_last(v.ctx(), false);
  CHECK(v.count("SELECT count(*) FROM redemption") == 1);  // stays on file
  CHECK(v.count("SELECT count(*) FROM points_ledger WHERE kind = 'reversal' AND amount = 10 AND redemption_id = 1 "
                "AND reverses_id = 2 AND balance_after = 15") == 1);
  CHECK(v.count("SELECT stock FROM reward") == 2);
  CHECK(balance_of(v.ctx(), 1) == 15);
  Table list = list_redemptions(v.ctx(), "");
  REQUIRE(list.rows.size() == 1);
  CHECK(cell_text(list.rows[0].back()) == "2026-11-29");
  CHECK(v.consistent());
  // The balances table counts the returned points under "redeemed", not "earned".
  Table b = points_balances(v.ctx(), "V1");
  CHECK(cell_text(b.rows[0][3]) == "0");
  CHECK(cell_text(b.rows[0][6]) == "0");
  // The bonus before it is reversed in turn.
  undo_last(v.ctx(), false);
  CHECK(balance_of(v.ctx(), 1) == 0);
  CHECK(v.count("SELECT count(*) FROM points_ledger") == 4);
  CHECK(v.consistent());
}

TEST_CASE("undo never takes a balance below zero, and a refusal changes nothing") {
  Volunteers v;
  add_bonus(v.ctx(), "V1", "10", "test");
  // Points spent outside the audit trail (as by another tool): the bonus cannot be reversed.
  v.t.db->exec("INSERT INTO points_ledger (volunteer_id, at, kind, amount, balance_after, operator) "
               "VALUES (1, '2026-11-29T10:00:00', 'redeem', -8, 2, 'other'); UPDATE volunteer SET points_balance = 2");
  std::int64_t ledger = v.count("SELECT count(*) FROM points_ledger"), audit = v.count("SELECT count(*) FROM audit");
  std::string m;
  CHECK(code_of([&] { undo_last(v.ctx(), false); }, &m) == Exit::refused);
  CHECK(m.find("V1 has a balance of 2") != std::string::npos);
  CHECK(m.find("below zero") != std::string::npos);
  CHECK(v.count("SELECT count(*) FROM points_ledger") == ledger);
  CHECK(v.count("SELECT count(*) FROM audit") == audit);
  CHECK(balance_of(v.ctx(), 1) == 2);
}

TEST_CASE("a dry run shows the reversal entries it would write and changes nothing") {
  Volunteers v;
  v.log();
  v.verify();
  std::int64_t audit = v.count("SELECT count(*) FROM audit");
  UndoResult r = undo_last(v.ctx(), true);
  REQUIRE(r.steps.size() == 2);
  CHECK(r.steps[0] == "points: V1 entry 2 reverses entry 1 (earn 6); balance 0");
  CHECK(r.steps[1] == "service entry 1: verified → pending");
  CHECK(v.count("SELECT count(*) FROM points_ledger") == 1);
  CHECK(v.count("SELECT count(*) FROM audit") == audit);
  CHECK(v.text("SELECT status FROM service_hours") == "verified");
  CHECK(balance_of(v.ctx(), 1) == 6);
}

TEST_CASE("a later change to the same service entry blocks the undo of logging it") {
  Volunteers v;
  v.log();
  v.t.db->exec("UPDATE service_hours SET activity = '改' WHERE id = 1");
  std::string m;
  CHECK(code_of([&] { undo_last(v.ctx(), false); }, &m) == Exit::refused);
  CHECK(m.find("a later change touched the same rows (service entry 1)") != std::string::npos);
  CHECK(v.text("SELECT status FROM service_hours") == "pending");
}

namespace {

struct Mediation {
  testing::TestDb t;
  Mediation() {
    ::setenv("SHEQU_TODAY", "2026-11-29", 1);
    testing::small_registry(ctx());
    add_record(ctx(), person_entity(), in({{"name", "张桂兰"}, {"household", "3-2-501"}}));
    add_record(ctx(), person_entity(), in({{"name", "王调解"}}));
  }
  Context& ctx() { return *t.ctx; }
  std::string text(const std::string& sql) {
    Stmt st(*t.db, sql);
    return st.step() && !st.is_null(0) ? st.text(0) : "";
  }
  std::string open() {
    CaseOpening o;
    o.title = "楼上漏水";
    o.type = "neighbour";
    o.parties = {"applicant:张桂兰", "party:org:宁康物业"};
    o.opened = "2026-11-01";
    o.grid = "03";
    return open_case(ctx(), o).number;
  }
  void step(CaseVerb verb, CaseStep s) { case_step(ctx(), verb, s); }
};

}  // namespace

TEST_CASE("undoing a case step appends an 'undone' entry and restores the case's status") {
  Mediation c;
  std::string number = c.open();
  CaseStep session;
  session.case_ref = number;
  session.date = "2026-11-02";
  session.method = "warm-heart";
  session.outcome = "progress";
  c.step(CaseVerb::session, session);
  CaseStep agree;
  agree.case_ref = number;
  agree.date = "2026-11-03";
  agree.agreement_kind = "oral";
  agree.text = "修好水管";
  c.step(CaseVerb::agree, agree);
  CHECK(c.text("SELECT status FROM mediation_case") == "agreed");
  std::int64_t entries = c.t.count("SELECT count(*) FROM case_entry");
  UndoResult r = undo_last(c.ctx(), false);
  CHECK(c.text("SELECT status || coalesce(agreed_on, '-') FROM mediation_case") == "mediating-");
  CHECK(c.t.count("SELECT count(*) FROM case_entry") == entries + 1);
  CHECK(c.text("SELECT kind || ' ' || code || ' ' || status_after || ' ' || on_date FROM case_entry ORDER BY id DESC LIMIT 1") ==
        "note undone mediating 2026-11-29");
  CHECK(c.text("SELECT text FROM case_entry ORDER BY id DESC LIMIT 1").find("withdraws timeline entries 3 (agree)") !=
        std::string::npos);
  CHECK(check_data_file(*c.t.db).empty());
  // Back over the session too; then the opening is refused: case numbers stay gap-free.
  undo_last(c.ctx(), false);
  CHECK(c.text("SELECT status FROM mediation_case") == "open");
  CHECK(check_data_file(*c.t.db).empty());
  std::int64_t audit = c.t.count("SELECT count(*) FROM audit");
  std::string m;
  CHECK(code_of([&] { undo_last(c.ctx(), false); }, &m) == Exit::refused);
  CHECK(m.find("it opened case C1; case numbers stay gap-free") != std::string::npos);
  CHECK(c.t.count("SELECT count(*) FROM audit") == audit);
  CHECK(c.t.count("SELECT count(*) FROM mediation_case") == 1);
}

TEST_CASE("undoing a progress note appends one that puts the percentage back") {
  testing::TestDb t;
  ::setenv("SHEQU_TODAY", "2026-11-29", 1);
  testing::small_registry(*t.ctx);
  add_record(*t.ctx, need_entity(), in({{"title", "楼道灯不亮"}, {"category", "facilities"}, {"raised_on", "2026-11-01"}}));
  accept_need(*t.ctx, "N1");
  record_progress(*t.ctx, {"N1", 30, "联系物业", "2026-11-02"});
  record_progress(*t.ctx, {"N1", 70, "已报修", "2026-11-10"});
  undo_last(*t.ctx, false);
  CHECK(t.count("SELECT count(*) FROM need_progress") == 3);
  CHECK(t.count("SELECT percent FROM need_progress ORDER BY on_date DESC, id DESC LIMIT 1") == 30);
  CHECK(t.count("SELECT count(*) FROM need WHERE status = 'in-progress'") == 1);
  undo_last(*t.ctx, false);
  CHECK(t.count("SELECT count(*) FROM need_progress") == 4);
  CHECK(t.count("SELECT percent FROM need_progress ORDER BY on_date DESC, id DESC LIMIT 1") == 0);
  CHECK(t.count("SELECT count(*) FROM need WHERE status = 'accepted'") == 1);
  CHECK(check_data_file(*t.db).empty());
}

TEST_CASE("migration 0008 keeps every points entry and lets a reversal mirror a negative entry") {
  namespace fs = std::filesystem;
  char tmpl[] = "/tmp/shequ-unit-XXXXXX";
  fs::path dir = mkdtemp(tmpl);
  {
    Db db((dir / "old.sqlite").string(), true);
    db.exec("PRAGMA foreign_keys = ON");
    const auto& all = migrations();
    auto m0008 = std::find_if(all.begin(), all.end(), [](std::string_view sql) { return sql.starts_with("-- 0008:"); });
    REQUIRE(m0008 != all.end());
    for (auto m = all.begin(); m != m0008; ++m) db.exec(*m);
    db.exec("INSERT INTO person (id, name) VALUES (1, 'a'); "
            "INSERT INTO volunteer (id, person_id, number, joined, points_balance) VALUES (1, 1, 'V-1', '2025-01-01', 3); "
            "INSERT INTO points_ledger (volunteer_id, at, kind, amount, balance_after, operator) VALUES "
            "(1, '2026-01-01', 'bonus', 5, 5, 'x'), (1, '2026-01-02', 'adjust', -2, 3, 'x'); "
            "INSERT INTO points_ledger (volunteer_id, at, kind, amount, balance_after, reverses_id, operator) VALUES "
            "(1, '2026-01-03', 'reversal', -5, -2, 1, 'x')");
    CHECK_THROWS(db.exec("INSERT INTO points_ledger (volunteer_id, at, kind, amount, balance_after, reverses_id, operator) "
                         "VALUES (1, '2026-01-04', 'reversal', 2, 0, 2, 'x')"));
    db.exec(*m0008);
    CHECK(db.scalar("SELECT count(*) FROM points_ledger") == 3);
    CHECK(db.scalar("SELECT count(*) FROM points_ledger WHERE id = 3 AND reverses_id = 1") == 1);
    db.exec("INSERT INTO points_ledger (volunteer_id, at, kind, amount, balance_after, reverses_id, operator) "
            "VALUES (1, '2026-01-04', 'reversal', 2, 0, 2, 'x')");
    // A reversal that does not mirror its entry, or of a reversal, or a second one, is refused.
    CHECK_THROWS(db.exec("INSERT INTO points_ledger (volunteer_id, at, kind, amount, balance_after, reverses_id, operator) "
                         "VALUES (1, '2026-01-05', 'reversal', -4, 0, 1, 'x')"));
    CHECK_THROWS(db.exec("INSERT INTO points_ledger (volunteer_id, at, kind, amount, balance_after, reverses_id, operator) "
                         "VALUES (1, '2026-01-05', 'reversal', 5, 0, 3, 'x')"));
    CHECK_THROWS(db.exec("INSERT INTO points_ledger (volunteer_id, at, kind, amount, balance_after, reverses_id, operator) "
                         "VALUES (1, '2026-01-05', 'reversal', 2, 0, 2, 'x')"));
    CHECK_THROWS(db.exec("DELETE FROM points_ledger WHERE id = 1"));
    CHECK_THROWS(db.exec("UPDATE points_ledger SET amount = 1 WHERE id = 1"));
    CHECK(db.scalar("SELECT count(*) FROM pragma_foreign_key_check") == 0);
  }
  std::error_code ec;
  fs::remove_all(dir, ec);
}
