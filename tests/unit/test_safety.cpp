// Regression tests for what the hostile-input, privacy and damage tests found: audit command
// lines hide values, messages and md output never carry raw control characters, vocab ids
// have no NUL prefix, forgetting reaches the append-only timelines, check explains damage.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "records/audit.h"
#include "records/entity.h"
#include "fixture.h"
#include "io/output.h"
#include "domain/persons.h"
#include "core/text.h"
#include "records/vocab.h"

using namespace shequ;

TEST_CASE("audit command lines hide what may name a person and show what cannot") {
  CHECK(mask_command_values("shequ --lang en case note 2026-0001 MKNOTE") == "shequ --lang en case note 2026-0001 ***");
  CHECK(mask_command_values("shequ --reveal case note 2026-0001 ok") == "shequ --reveal case note 2026-0001 ***");
  CHECK(mask_command_values("shequ person add --name '王 小明' --household 3-2-501") ==
        "shequ person add --name *** --household 3-2-501");
  CHECK(mask_command_values("shequ --db x.sqlite case open --summary='漏水' --party applicant:R1 --party name:王五") ==
        "shequ --db x.sqlite case open --summary=*** --party applicant:R1 --party name:***");
  CHECK(mask_command_values("shequ person forget R1 --reason 'it'\\''s me'") == "shequ person forget R1 --reason ***");
  CHECK(mask_command_values("shequ undo") == "shequ undo");
  // Masked fields are masked as in listings, from the fields' privacy flags.
  CHECK(mask_command_values("shequ person set R1 --phone 13912345678 --id-number=110101199003070011 "
                            "--birth-date 1990-03-07") ==
        "shequ person set R1 --phone 139****5678 --id-number=110101************ --birth-date 1990-**-**");
  CHECK(mask_command_values("shequ household set 3-2-501 --phone 027-84561234") ==
        "shequ household set 3-2-501 --phone 027-****1234");
  CHECK(mask_command_values("shequ programme deliver Q1 --recipient R3 --count 1") ==
        "shequ programme deliver Q1 --recipient *** --count 1");
  // Numbers, dates, times, references and codes name no one, whatever their form.
  CHECK(mask_command_values("shequ volunteer log-hours V1 --hours 1.5 --date 2026-11-20 --start 09:00 "
                            "--team T1 --method warm-heart --tags elderly,disabled") ==
        "shequ volunteer log-hours V1 --hours 1.5 --date 2026-11-20 --start 09:00 --team T1 --method warm-heart "
        "--tags elderly,disabled");
  CHECK(mask_command_values("shequ volunteer log-hours V1 --hours 2 --team 帮帮龙 --grid 东区") ==
        "shequ volunteer log-hours V1 --hours 2 --team *** --grid ***");
  // Phone and ID numbers anywhere are masked; a positional word may be a name.
  CHECK(mask_command_values("shequ person show 13912345678") == "shequ person show 139****5678");
  CHECK(mask_command_values("shequ person search wang") == "shequ person search ***");
  CHECK(mask_command_values("shequ person search 电话13912345678") == "shequ person search ***");
  CHECK(mask_command_values("shequ points adjust V1 6222021234567890123") == "shequ points adjust V1 ***");
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
