// Regression tests for what the hostile-input, privacy and damage tests found: audit command
// lines hide values, messages and md output never carry raw control characters, vocab ids
// have no NUL prefix, forgetting reaches the append-only timelines, check explains damage.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "audit.h"
#include "entity.h"
#include "fixture.h"
#include "output.h"
#include "persons.h"
#include "text.h"
#include "vocab.h"

using namespace shequ;

TEST_CASE("audit command lines show option names, nouns, verbs and references only") {
  CHECK(mask_command_values("shequ --lang en case note 2026-0001 MKNOTE") == "shequ --lang en case note 2026-0001 ***");
  CHECK(mask_command_values("shequ person add --name '王 小明' --household 3-2-501") ==
        "shequ person add --name *** --household 3-2-501");
  CHECK(mask_command_values("shequ --db x.sqlite case open --summary='漏水' --party applicant:R1") ==
        "shequ --db x.sqlite case open --summary=*** --party ***");
  CHECK(mask_command_values("shequ person forget R1 --reason 'it'\\''s me'") == "shequ person forget R1 --reason ***");
  CHECK(mask_command_values("shequ undo") == "shequ undo");
  // A phone number looks like a reference: mask_personal_numbers masks it afterwards.
  CHECK(mask_personal_numbers(mask_command_values("shequ person set R1 --phone 13912345678")) ==
        "shequ person set R1 --phone 139****5678");
}

TEST_CASE("messages of several lines are made harmless line by line") {
  CHECK(sanitize_lines_for_terminal("a\x1b[2Jb\nc\u202ed") == "a\\x1b[2Jb\nc<U+202E>d");
  CHECK(sanitize_lines_for_terminal("plain\n") == "plain\n");
}

TEST_CASE("md cells show control and bidi characters visibly") {
  Table t;
  t.columns = {{"name", "Name", "姓名"}};
  t.rows = {{Cell{std::string("red\x1b[31m|x\u202e\ty\nz")}}};
  std::ostringstream out;
  render(t, Format::md, RenderOptions{}, out);
  std::string md = out.str();
  CHECK(md.find('\x1b') == std::string::npos);
  CHECK(md.find("\u202e") == std::string::npos);
  CHECK(md.find('\t') == std::string::npos);
  CHECK(md.find("red\\\\x1b[31m\\|x\\<U+202E>\\\\ty<br>z") != std::string::npos);
}

TEST_CASE("entities without a prefix print plain ids") {
  CHECK(ref_text(vocab_entity(), 56) == "56");
}

TEST_CASE("forget reaches the append-only case timeline through the scrub door only") {
  testing::TestDb t;
  auto& db = *t.db;
  db.exec("INSERT INTO grid (code, name) VALUES ('01', 'g')");
  db.exec("INSERT INTO person (name, phone) VALUES ('甄秘密', '13912345678')");
  db.exec("INSERT INTO mediation_case (number, year, seq, title, type, opened_on, deadline) "
          "VALUES ('2026-0001', 2026, 1, 't', 'other', '2026-11-01', '2026-12-01')");
  db.exec("INSERT INTO case_entry (case_id, on_date, kind, status_after, text, recorded_at, operator) "
          "VALUES (1, '2026-11-01', 'note', 'open', '走访甄秘密，电话13912345678', '2026-11-01', 'x')");
  CHECK_THROWS_AS(db.exec("UPDATE case_entry SET text = 'x'"), Error);
  forget_person(*t.ctx, "R1", "本人申请");
  CHECK(t.count("SELECT count(*) FROM case_entry WHERE text = '走访(已删除)，电话***'") == 1);
  CHECK(t.count("SELECT count(*) FROM audit_scrub") == 0);  // the door is closed again
  CHECK_THROWS_AS(db.exec("UPDATE case_entry SET text = 'x'"), Error);
  CHECK_THROWS_AS(db.exec("DELETE FROM case_entry"), Error);
}

TEST_CASE("a truncated data file is refused as damaged with the way back") {
  testing::TestDb t;
  for (int i = 0; i < 500; ++i) t.db->exec("INSERT INTO grid (code, name) VALUES ('g" + std::to_string(i) + "', 'some name to fill pages')");
  std::string path = (t.dir / "copy.sqlite").string();
  t.db->exec("VACUUM INTO '" + path + "'");
  auto size = std::filesystem::file_size(path);
  std::filesystem::resize_file(path, size / 2);
  try {
    open_data_file(path, 100);
    FAIL("a truncated file opened");
  } catch (const Error& e) {
    CHECK(e.code() == Exit::io);
    CHECK(std::string(e.what()).find("truncated") != std::string::npos);
    CHECK(e.hint().find("shequ backup") != std::string::npos);
  }
}

TEST_CASE("database.sync decides whether every commit syncs the WAL") {
  testing::TestDb t;
  std::string path = (t.dir / "t.sqlite").string();
  CHECK(open_data_file(path, 100)->scalar("PRAGMA synchronous") == 2);  // FULL, the default
  CHECK(open_data_file(path, 100, Sync::full)->scalar("PRAGMA synchronous") == 2);
  CHECK(open_data_file(path, 100, Sync::normal)->scalar("PRAGMA synchronous") == 1);  // NORMAL
}
