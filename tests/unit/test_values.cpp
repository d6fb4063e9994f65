// The bad-value sweep, generated from the entity descriptions (issue 13, items 4 and 5): every
// field of every import kind, through `import` and through `add`/`set`, with a blank, a value of
// the wrong type, one out of range, 1 MB of text, invalid UTF-8 and a control character. Each
// bad value is refused with 65, named by its field in English and in Chinese, without SQL, and
// the data file stays byte for byte as it was; a blank takes the field's default or is refused.
#include <doctest/doctest.h>

#include <sys/stat.h>

#include <fstream>
#include <iterator>
#include <map>

#include <fmt/format.h>

#include "fixture.h"
#include "io/csv.h"
#include "records/import.h"
#include "domain/sample.h"
#include "storage/schema.h"
#include "core/text.h"

using namespace shequ;
using namespace shequ::testing;

namespace {

std::string file_bytes(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

struct BadValue {
  std::string name;
  std::string text;
};

// The bad values for one field; empty names a case that does not apply to the field's type.
std::vector<BadValue> bad_values(const Field& f) {
  std::vector<BadValue> v;
  switch (f.type) {
    case FieldType::integer: v.push_back({"wrong type", "12abc"}); break;
    case FieldType::real: v.push_back({"wrong type", "1,5x"}); break;
    case FieldType::date: v.push_back({"wrong type", "2026-13-45"}); break;
    case FieldType::datetime: v.push_back({"wrong type", "soon"}); break;
    case FieldType::boolean: v.push_back({"wrong type", "perhaps"}); break;
    case FieldType::phone: v.push_back({"wrong type", "12345"}); break;
    case FieldType::id_number: v.push_back({"wrong type", "11010119900307001"}); break;
    case FieldType::ref: v.push_back({"wrong type", "no-such-record-xyz"}); break;
    case FieldType::vocab:
    case FieldType::tags:
    case FieldType::choice: v.push_back({"wrong type", "no-such-code-xyz"}); break;
    case FieldType::text: break;  // any text is text
  }
  if (f.type == FieldType::integer || f.type == FieldType::real) {
    v.push_back({"out of range", fmt::format("{}", static_cast<long long>(f.max.value_or(1e15)) + 1)});
    v.push_back({"out of range (huge)", "1000000000000000000"});
    if (f.min) v.push_back({"out of range (low)", fmt::format("{}", static_cast<long long>(*f.min) - 1)});
  } else if (f.type == FieldType::date) {
    v.push_back({"out of range", f.past ? "2199-12-31" : "1800-01-01"});
  } else {
    std::size_t limit = f.max_chars ? f.max_chars : f.multiline ? kMaxTextChars : kMaxLineChars;
    v.push_back({"out of range", std::string(limit + 1, 'a')});
  }
  v.push_back({"1 MB text", std::string(1 << 20, 'x')});
  v.push_back({"invalid UTF-8", "ab\xff\xfe" "cd"});
  v.push_back({"control character", "a\x01" "b"});
  v.push_back({"NUL byte", std::string("a\0b", 3)});
  if (!f.multiline) v.push_back({"tab in one-line text", "a\tb"});
  else v.push_back({"escape in free text", "a\x1b[31mb"});
  return v;
}

bool mentions_sql(const std::string& m) {
  for (const char* w : {"constraint", "INSERT", "UPDATE", "SQL", "SELECT", "(in: "})
    if (m.find(w) != std::string::npos) return true;
  return false;
}

bool has_cjk(const std::string& m) {
  for (std::size_t i = 0; i + 2 < m.size(); ++i) {
    auto c = static_cast<unsigned char>(m[i]);
    if (c >= 0xe4 && c <= 0xe9) return true;  // U+4000–U+9FFF
  }
  return false;
}

// The sample community, loaded once for the whole sweep (a few seconds).
struct Sample {
  TestDb t;
  std::map<std::string, std::vector<std::string>> row;  // kind → the export row of the record lists show first
  std::map<std::string, std::vector<std::string>> header;
  std::filesystem::path data;
  Sample() : t(file_bytes(SHEQU_SAMPLE_DIR "/shequ.toml")) {
    load_sample(*t.ctx, SHEQU_SAMPLE_DIR);
    t.ctx->reveal = true;
    for (const Entity* e : all_entities()) {
      // The record a list shows first (the newest service entry, still open to change); export
      // writes records in the order they were made, so its row is its rank by id.
      Query first;
      first.limit = 1;
      Table listed = list_records(*t.ctx, *e, first);
      std::size_t wanted = 1;
      if (!listed.rows.empty()) {
        std::string ref = cell_text(listed.rows[0][0]);
        Stmt rank(t.ctx->db, fmt::format("SELECT count(*) FROM {} WHERE id <= ?", e->table));
        rank.bind(1, static_cast<std::int64_t>(std::stoll(e->prefix ? ref.substr(1) : ref)));
        rank.step();
        wanted = static_cast<std::size_t>(rank.integer(0));
      }
      std::vector<std::vector<std::string>> rows;
      std::size_t n = 0;
      export_records(*t.ctx, *e, false, [&](const std::vector<std::string>& r) {
        if (n == 0 || n == wanted) rows.push_back(r);
        ++n;
      });
      if (rows.size() == 2) {
        header[e->plural] = rows[0];
        row[e->plural] = rows[1];
      }
    }
    t.db->exec("PRAGMA wal_checkpoint(TRUNCATE)");
    data = t.dir / "t.sqlite";
  }
  std::string bytes() { return file_bytes(data) + file_bytes(data.string() + "-wal"); }
  // Size and modification time of the file and its WAL: checked after every attempt (reading
  // tens of MB each time would take the sweep minutes); the bytes themselves after each kind.
  std::string stamp() {
    std::string out;
    for (const auto& p : {data, std::filesystem::path(data.string() + "-wal")}) {
      struct stat st {};
      if (::stat(p.c_str(), &st) == 0)
        out += fmt::format("{}:{}.{};", st.st_size, st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
    }
    return out;
  }
};

Sample& sample() {
  static Sample s;
  return s;
}

std::string csv_line(const std::vector<std::string>& cells) {
  std::string line;
  for (std::size_t i = 0; i < cells.size(); ++i) line += (i ? "," : "") + csv_quote(cells[i]);
  return line + "\r\n";
}

// What one attempt said: exit code and every message (the problems, then the error).
struct Attempt {
  Exit code = Exit::ok;
  std::string text;
};

Attempt import_row(Sample& s, const Entity& e, const std::vector<std::string>& header,
                   const std::vector<std::string>& cells, bool dry_run) {
  auto path = s.t.dir / "in.csv";
  {
    std::ofstream out(path, std::ios::binary);
    out << csv_line(header) << csv_line(cells);
  }
  Attempt o;
  ImportOptions opt;
  opt.path = path.string();
  opt.dry_run = dry_run;
  opt.on_problem = [&](const std::string& p) { o.text += p + "\n"; };
  std::string m;
  o.code = code_of([&] { import_file(*s.t.ctx, e, opt); }, &m);
  o.text += m;
  return o;
}

struct Counts {
  int fields = 0, cases = 0, checks = 0;
};

// Checks one refused attempt: 65, the field named, no SQL, the file unchanged.
void expect_refused(const Attempt& o, const std::string& name, const std::string& before, Sample& s,
                    const std::string& what, Counts& n) {
  INFO(what);
  INFO(o.text.substr(0, 600));
  CHECK(o.code == Exit::data);
  CHECK(o.text.find(name) != std::string::npos);
  CHECK_FALSE(mentions_sql(o.text));
  CHECK(o.text.size() < 20000);  // a 1 MB value is never quoted back
  CHECK(s.stamp() == before);
  n.checks += 5;
}

}  // namespace

TEST_CASE("bad-value sweep: every field of every import kind, through import, add and set, in en and zh") {
  Sample& s = sample();
  Counts imports, verbs;
  int kinds = 0, blank_defaults = 0;
  const std::string before = s.stamp(), before_bytes = s.bytes();
  for (Lang lang : {Lang::en, Lang::zh}) {
    set_language(lang);
    for (const Entity* e : all_entities()) {
      auto base = s.row.find(e->plural);
      REQUIRE_MESSAGE(base != s.row.end(), e->plural << ": the sample has no record to vary");
      if (lang == Lang::en) ++kinds;
      // zh: the file's headers in Chinese, and problems must name those.
      std::vector<std::string> header = s.header[e->plural];
      std::vector<const Field*> fields;
      for (const auto& h : header) fields.push_back(e->field(h));
      if (lang == Lang::zh)
        for (std::size_t c = 0; c < header.size(); ++c) header[c] = fields[c]->zh;
      std::int64_t first_id = 0;
      {
        Stmt st(s.t.ctx->db, fmt::format("SELECT min(id) FROM {}", e->table));
        st.step();
        first_id = st.integer(0);
      }
      for (std::size_t c = 0; c < header.size(); ++c) {
        const Field& f = *fields[c];
        if (f.column.empty() && !f.hook) continue;
        if (lang == Lang::en) { ++imports.fields; ++verbs.fields; }
        // A file's problems name its column as its header does; a command line's, the option
        // and the field's label in the language of the messages.
        const std::string label = header[c] + (lang == Lang::zh ? "：" : ": ");
        const std::string option = option_name(f.key) + (lang == Lang::zh ? "（" + f.zh + "）：" : " (" + f.en + "): ");
        for (const BadValue& bad : bad_values(f)) {
          std::vector<std::string> cells = base->second;
          cells[c] = bad.text;
          std::string what = fmt::format("{} {} {} ({})", e->plural, f.key, bad.name, lang == Lang::en ? "en" : "zh");
          Attempt imported = import_row(s, *e, header, cells, false);
          expect_refused(imported, label, before, s, "import " + what, imports);
          if (lang == Lang::zh) {  // said in Chinese, not only named by the Chinese header
            CHECK(has_cjk(imported.text.substr(imported.text.find(label) + label.size())));
            ++imports.checks;
          }
          ++imports.cases;
          // add and set: the value as a --FIELD option
          Input in;
          for (std::size_t k = 0; k < header.size(); ++k) in.set(fields[k]->key, base->second[k]);
          in.set(f.key, bad.text);
          std::string m;
          Attempt add{code_of([&] { add_record(*s.t.ctx, *e, in); }, &m), m};
          expect_refused(add, option, before, s, "add " + what, verbs);
          ++verbs.cases;
          if (e->prefix) {  // kinds without a prefix have no REF for set: their update is import's
            Input one;
            one.set(f.key, bad.text);
            Attempt set{code_of([&] { set_record(*s.t.ctx, *e, ref_text(*e, first_id), one); }, &m), m};
            expect_refused(set, option, before, s, "set " + what, verbs);
            ++verbs.cases;
          }
        }
        // A blank: the default, or refused naming the field; never a raw constraint.
        std::vector<std::string> cells = base->second;
        cells[c] = "";
        Attempt o = import_row(s, *e, header, cells, true);
        INFO(e->plural << " " << f.key << " blank: " << o.text.substr(0, 400));
        CHECK_FALSE(mentions_sql(o.text));
        if (o.code != Exit::ok) {
          CHECK(o.code == Exit::data);
          // the blank itself, or a rule the record then breaks: a field-level problem either way
          bool field_level = false;
          for (const auto& h : header) field_level = field_level || o.text.find(".csv:2: " + h + (lang == Lang::zh ? "：" : ": ")) != std::string::npos;
          CHECK(field_level);
        } else if (!f.fallback.empty() && lang == Lang::en) {
          ++blank_defaults;
        }
        CHECK(s.stamp() == before);
        imports.checks += 3;
        ++imports.cases;
      }
      CHECK_MESSAGE(s.bytes() == before_bytes, e->plural << ": the data file's bytes changed");
      ++imports.checks;
    }
  }
  set_language(Lang::en);
  MESSAGE(fmt::format("import: {} kinds, {} fields, {} cases ({} checks); add/set: {} fields, {} cases ({} checks); "
                      "{} blanks took their default",
                      kinds, imports.fields, imports.cases, imports.checks, verbs.fields, verbs.cases, verbs.checks,
                      blank_defaults));
  CHECK(kinds == static_cast<int>(all_entities().size()));
}

TEST_CASE("field descriptions: ranges on every number, defaults that match the schema, order fields that exist") {
  TestDb t;
  for (const Entity* e : all_entities()) {
    std::map<std::string, std::pair<bool, std::string>> columns;  // name → (not null, default)
    Stmt st(*t.db, fmt::format("PRAGMA table_info({})", e->table));
    while (st.step()) columns[st.text(1)] = {st.integer(3) != 0, st.is_null(4) ? "" : st.text(4)};
    for (const auto& f : e->fields) {
      INFO(e->name << "." << f.key);
      if (f.column.empty()) continue;
      REQUIRE(columns.count(f.column) == 1);
      if (f.type == FieldType::integer || f.type == FieldType::real) {
        CHECK(f.min.has_value());
        CHECK(f.max.has_value());
      }
      auto [not_null, dflt] = columns[f.column];
      if (!f.fallback.empty()) {
        std::string quoted = dflt.starts_with('\'') ? dflt.substr(1, dflt.size() - 2) : dflt;
        if (f.type == FieldType::real) CHECK(std::stod(quoted) == std::stod(f.fallback));
        else CHECK(quoted == f.fallback);
      }
      if (!f.not_before.empty()) {
        REQUIRE(e->field(f.not_before) != nullptr);
        CHECK(e->field(f.not_before)->type == FieldType::date);
      }
    }
  }
}
