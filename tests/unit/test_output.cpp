// Unit tests for lib/output: every format's exact output, escaping and --fields (files: test_atomic_file.cpp).
#include <doctest/doctest.h>

#include <clocale>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/error.h"
#include "core/i18n.h"
#include "io/output.h"
#include "core/text.h"

using namespace shequ;
namespace fs = std::filesystem;

namespace {

// Sets the language for one test and restores it afterwards.
struct LangGuard {
  Lang saved = language();
  explicit LangGuard(Lang lang) { set_language(lang); }
  ~LangGuard() { set_language(saved); }
};

// Switches the C locale for one test (cron runs with LANG=C) and restores it afterwards.
struct LocaleGuard {
  std::string saved = std::setlocale(LC_ALL, nullptr);
  bool ok;
  explicit LocaleGuard(const char* name) : ok(std::setlocale(LC_ALL, name) != nullptr) {}
  ~LocaleGuard() { std::setlocale(LC_ALL, saved.c_str()); }
};

std::string render_to_string(const Table& t, Format f, const RenderOptions& o = {}) {
  std::ostringstream out;
  render(t, f, o, out);
  return out.str();
}

std::string render_to_string(const Document& d, Format f, const RenderOptions& o = {}) {
  std::ostringstream out;
  render(d, f, o, out);
  return out.str();
}

std::vector<std::string> lines_of(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

Cell text(const char* s) { return std::string(s); }
Cell integer(std::int64_t v) { return v; }

Table people() {
  return Table{"",
               {{"name", "Name", "姓名"}, {"street", "Street", "街道"}, {"age", "Age", "年龄", true}},
               {{text("Zhang San"), text("Xingfu Rd"), integer(30)}, {text("Li"), Cell{}, integer(7)}},
               {}};
}

Table chinese_people() {
  return Table{"",
               {{"name", "Name", "姓名"}, {"street", "Street", "街道"}, {"age", "Age", "年龄", true}},
               {{text("张三"), text("幸福路"), integer(30)}, {text("欧阳小明"), text("Main St."), integer(7)}},
               {}};
}

// One text column, for checking what happens to a single value.
Table single(std::string value) {
  return Table{"", {{"v", "Value", "值"}}, {{Cell{std::move(value)}}}, {}};
}

// Every tag closes in order (void elements meta/br aside) and every '&' starts an entity.
std::string well_formed_problem(std::string_view s) {
  std::vector<std::string> open;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '&') {
      std::size_t semi = s.find(';', i);
      if (semi == std::string_view::npos || semi - i > 8) return "bare & at " + std::to_string(i);
      continue;
    }
    if (s[i] != '<') continue;
    std::size_t end = s.find('>', i);
    if (end == std::string_view::npos) return "unclosed <";
    std::string_view tag = s.substr(i + 1, end - i - 1);
    i = end;
    if (tag.starts_with("!")) continue;
    if (tag.ends_with("/")) continue;
    if (tag.starts_with("/")) {
      std::string name(tag.substr(1));
      if (open.empty() || open.back() != name) return "unexpected </" + name + ">";
      open.pop_back();
      continue;
    }
    std::string name(tag.substr(0, tag.find_first_of(" \n")));
    if (name == "meta" || name == "br") continue;
    open.push_back(name);
  }
  return open.empty() ? "" : "unclosed <" + open.back() + ">";
}

std::size_t count(std::string_view s, std::string_view what) {
  std::size_t n = 0;
  for (std::size_t p = s.find(what); p != std::string_view::npos; p = s.find(what, p + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("format names parse, print and come from file extensions") {
  for (Format f : {Format::table, Format::csv, Format::tsv, Format::json, Format::jsonl, Format::md,
                   Format::html, Format::xlsx})
    CHECK(parse_format(format_name(f)) == f);
  CHECK(format_name(Format::jsonl) == "jsonl");
  CHECK(parse_format("CSV") == Format::csv);

  LangGuard lang(Lang::en);
  try {
    parse_format("xml");
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.code() == Exit::usage);
    CHECK(std::string(e.what()) ==
          "unknown output format \"xml\"; valid formats: table, csv, tsv, json, jsonl, md, html, xlsx");
  }

  CHECK(format_from_extension("out.csv") == Format::csv);
  CHECK(format_from_extension("dir.d/Report.HTML") == Format::html);
  CHECK(format_from_extension("r.htm") == Format::html);
  CHECK(format_from_extension("a.tsv") == Format::tsv);
  CHECK(format_from_extension("a.json") == Format::json);
  CHECK(format_from_extension("a.jsonl") == Format::jsonl);
  CHECK(format_from_extension("a.md") == Format::md);
  CHECK(format_from_extension("a.txt") == Format::table);
  CHECK(format_from_extension("a.XLSX") == Format::xlsx);
  CHECK_FALSE(format_from_extension("a.pdf").has_value());
  CHECK(has_extension("a.pdf"));
  CHECK_FALSE(has_extension("dir.d/noext"));
  CHECK_FALSE(has_extension(".hidden"));
  CHECK_FALSE(format_from_extension("noext").has_value());
  CHECK_FALSE(format_from_extension("dir.csv/noext").has_value());
  CHECK_FALSE(format_from_extension(".csv").has_value());
}

TEST_CASE("cell_text: plain integers, at most two decimals, never an exponent") {
  CHECK(cell_text(Cell{}) == "");
  CHECK(cell_text(integer(-42)) == "-42");
  CHECK(cell_text(integer(9007199254740993)) == "9007199254740993");
  CHECK(cell_text(1.5) == "1.5");
  CHECK(cell_text(2.0) == "2");
  CHECK(cell_text(3.14159) == "3.14");
  CHECK(cell_text(0.999) == "1");
  CHECK(cell_text(-0.001) == "0");
  CHECK(cell_text(1e20) == "100000000000000000000");
  CHECK(cell_text(1e-7) == "0");
  CHECK(cell_text(text("原样 text")) == "原样 text");
}

TEST_CASE("table: aligned columns, numbers on the right, English labels") {
  LangGuard lang(Lang::en);
  CHECK(render_to_string(people(), Format::table) ==
        "Name       Street     Age\n"
        "─────────  ─────────  ───\n"
        "Zhang San  Xingfu Rd   30\n"
        "Li                      7\n");
}

TEST_CASE("table: Chinese text lines up by display width under any locale") {
  LangGuard lang(Lang::zh);
  const std::string expected =
      "姓名      街道      年龄\n"
      "────────  ────────  ────\n"
      "张三      幸福路      30\n"
      "欧阳小明  Main St.     7\n";
  for (const char* name : {"C", "POSIX", "C.UTF-8", ""}) {
    LocaleGuard locale(name);
    if (!locale.ok) continue;
    CAPTURE(name);
    std::string out = render_to_string(chinese_people(), Format::table);
    CHECK(out == expected);
    std::vector<std::string> lines = lines_of(out);
    REQUIRE(lines.size() == 4);
    for (const std::string& line : lines) CHECK(display_width(line) == 24);
  }
}

TEST_CASE("table: title, notes, no headers, colour, empty") {
  LangGuard lang(Lang::en);
  Table t = people();
  t.title = "Residents";
  t.notes = {"2 residents"};
  CHECK(render_to_string(t, Format::table) ==
        "Residents\n"
        "Name       Street     Age\n"
        "─────────  ─────────  ───\n"
        "Zhang San  Xingfu Rd   30\n"
        "Li                      7\n"
        "2 residents\n");

  RenderOptions no_headers;
  no_headers.headers = false;
  CHECK(render_to_string(people(), Format::table, no_headers) ==
        "Zhang San  Xingfu Rd  30\n"
        "Li                     7\n");

  RenderOptions color;
  color.color = true;
  std::vector<std::string> lines = lines_of(render_to_string(people(), Format::table, color));
  CHECK(lines.at(0) == "\x1b[1mName       Street     Age\x1b[0m");
  CHECK(lines.at(1) == "─────────  ─────────  ───");
  CHECK(render_to_string(people(), Format::table).find('\x1b') == std::string::npos);

  Table empty = people();
  empty.rows.clear();
  CHECK(render_to_string(empty, Format::table) ==
        "Name  Street  Age\n"
        "────  ──────  ───\n"
        "(no rows)\n");
  LangGuard zh(Lang::zh);
  CHECK(render_to_string(empty, Format::table) ==
        "姓名  街道  年龄\n"
        "────  ────  ────\n"
        "（无记录）\n");
}

TEST_CASE("table: long cells are cut with an ellipsis, control characters never break the layout") {
  RenderOptions o;
  o.max_cell_width = 10;
  const std::string latin = "abcdefghijklmnopqrstuvwxyz";
  const std::string cjk = "一二三四五六七八九十";
  for (const std::string& value : {latin, cjk}) {
    CAPTURE(value);
    std::vector<std::string> lines = lines_of(render_to_string(single(value), Format::table, o));
    REQUIRE(lines.size() == 3);
    CHECK(lines[2] == truncate_to_width(value, 10));
    CHECK(lines[2].ends_with("…"));
    CHECK(display_width(lines[2]) <= 10);
    CHECK(render_to_string(single(value), Format::csv, o) == "v\r\n" + value + "\r\n");
  }
  o.max_cell_width = 0;  // never cut
  CHECK(lines_of(render_to_string(single(latin), Format::table, o)).at(2) == latin);

  const std::string nasty = "line1\nline2\tcol\r\x1b[31mred";
  std::string out = render_to_string(single(nasty), Format::table);
  std::vector<std::string> lines = lines_of(out);
  REQUIRE(lines.size() == 3);
  CHECK(lines[2] == sanitize_for_terminal(nasty));
  CHECK(out.find('\t') == std::string::npos);
  CHECK(out.find('\r') == std::string::npos);
  CHECK(out.find('\x1b') == std::string::npos);
}

TEST_CASE("csv: RFC 4180 with CRLF, values verbatim, BOM and Chinese headers on request") {
  Table t{"ignored title",
          {{"name", "Name", "姓名"}, {"note", "Note", "备注"}, {"hours", "Hours", "时长", true}},
          {{text("Zhang, San"), text("say \"hi\""), 1.5}, {text("Li"), text("a\nb"), Cell{}}},
          {"ignored note"}};
  CHECK(render_to_string(t, Format::csv) ==
        "name,note,hours\r\n"
        "\"Zhang, San\",\"say \"\"hi\"\"\",1.5\r\n"
        "Li,\"a\nb\",\r\n");

  RenderOptions o;
  o.bom = true;
  o.zh_headers = true;
  CHECK(render_to_string(t, Format::csv, o) ==
        "\xEF\xBB\xBF"
        "姓名,备注,时长\r\n"
        "\"Zhang, San\",\"say \"\"hi\"\"\",1.5\r\n"
        "Li,\"a\nb\",\r\n");

  RenderOptions no_headers;
  no_headers.headers = false;
  CHECK(render_to_string(people(), Format::csv, no_headers) == "Zhang San,Xingfu Rd,30\r\nLi,,7\r\n");
  Table empty = people();
  empty.rows.clear();
  CHECK(render_to_string(empty, Format::csv) == "name,street,age\r\n");
}

TEST_CASE("tsv: keys as header, tab/newline/CR/backslash escaped, nothing cut") {
  Table t{"", {{"name", "Name", "姓名"}, {"note", "Note", "备注"}}, {{text("张三"), text("a\tb\nc\\d\re")}}, {}};
  CHECK(render_to_string(t, Format::tsv) ==
        "name\tnote\n"
        "张三\ta\\tb\\nc\\\\d\\re\n");
  const std::string long_value(300, 'x');
  CHECK(render_to_string(single(long_value), Format::tsv) == "v\n" + long_value + "\n");
  RenderOptions no_headers;
  no_headers.headers = false;
  CHECK(render_to_string(people(), Format::tsv, no_headers) == "Zhang San\tXingfu Rd\t30\nLi\t\t7\n");
}

TEST_CASE("json: an array of objects in column order, numbers as numbers, null as null") {
  Table t{"",
          {{"name", "Name", "姓名"}, {"age", "Age", "年龄", true}, {"hours", "Hours", "时长", true},
           {"note", "Note", "备注"}},
          {{text("张三"), integer(30), 12.0, Cell{}}, {text("bad \xff byte"), integer(-1), 0.25, text("x\"y")}},
          {}};
  const std::string out = render_to_string(t, Format::json);
  CHECK(out ==
        "[\n"
        "  {\n"
        "    \"name\": \"张三\",\n"
        "    \"age\": 30,\n"
        "    \"hours\": 12.0,\n"
        "    \"note\": null\n"
        "  },\n"
        "  {\n"
        "    \"name\": \"bad \xEF\xBF\xBD byte\",\n"
        "    \"age\": -1,\n"
        "    \"hours\": 0.25,\n"
        "    \"note\": \"x\\\"y\"\n"
        "  }\n"
        "]\n");
  auto parsed = nlohmann::json::parse(out);
  CHECK(parsed[0]["age"].is_number_integer());
  CHECK(parsed[0]["hours"].is_number_float());
  CHECK(parsed[0]["note"].is_null());
  CHECK(parsed[0]["name"].is_string());

  CHECK(render_to_string(t, Format::jsonl) ==
        "{\"name\":\"张三\",\"age\":30,\"hours\":12.0,\"note\":null}\n"
        "{\"name\":\"bad \xEF\xBF\xBD byte\",\"age\":-1,\"hours\":0.25,\"note\":\"x\\\"y\"}\n");

  Table empty = t;
  empty.rows.clear();
  CHECK(render_to_string(empty, Format::json) == "[]\n");
  CHECK(render_to_string(empty, Format::jsonl) == "");
}

TEST_CASE("md: GitHub pipe table with labels, escaping and right-aligned numbers") {
  LangGuard lang(Lang::zh);
  Table t{"居民 | 名单",
          {{"name", "Name", "姓名"}, {"note", "Note", "备注"}, {"age", "Age", "年龄", true}},
          {{text("张三"), text("a|b\nc\\d <b>"), integer(30)}, {text("李四"), Cell{}, integer(7)}},
          {"共 2 人"}};
  CHECK(render_to_string(t, Format::md) ==
        "## 居民 \\| 名单\n"
        "\n"
        "| 姓名 | 备注 | 年龄 |\n"
        "| --- | --- | ---: |\n"
        "| 张三 | a\\|b<br>c\\\\d \\<b> | 30 |\n"
        "| 李四 | | 7 |\n"
        "\n"
        "共 2 人\n");
  Table empty = people();
  empty.rows.clear();
  CHECK(render_to_string(empty, Format::md) ==
        "| 姓名 | 街道 | 年龄 |\n"
        "| --- | --- | ---: |\n"
        "\n"
        "（无记录）\n");
}

TEST_CASE("html: a self-contained, escaped, well-formed page in the current language") {
  Table t = chinese_people();
  t.title = "名单 <script>alert(\"x\")</script> & co";
  t.rows.push_back({text("O'Brien <b>"), text("bad \xff\x01"), integer(1)});
  std::string zh;
  {
    LangGuard lang(Lang::zh);
    zh = render_to_string(t, Format::html);
  }
  CHECK(zh.starts_with("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n"));
  CHECK(zh.find("<meta charset=\"utf-8\">") != std::string::npos);
  CHECK(zh.find("@media print") != std::string::npos);
  CHECK(zh.find("<title>名单 &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co</title>") !=
        std::string::npos);
  CHECK(zh.find("<script") == std::string::npos);
  CHECK(zh.find("src=") == std::string::npos);
  CHECK(zh.find("href=") == std::string::npos);
  CHECK(zh.find("<th>姓名</th><th>街道</th><th class=\"num\">年龄</th>") != std::string::npos);
  CHECK(zh.find("<tr><td>张三</td><td>幸福路</td><td class=\"num\">30</td></tr>") != std::string::npos);
  CHECK(zh.find("<td>O&#39;Brien &lt;b&gt;</td><td>bad \xEF\xBF\xBD\xE2\x90\x81</td>") != std::string::npos);
  CHECK(zh.ends_with("</html>\n"));
  CHECK(well_formed_problem(zh) == "");

  LangGuard lang(Lang::en);
  std::string en = render_to_string(t, Format::html);
  CHECK(en.find("<html lang=\"en\">") != std::string::npos);
  CHECK(en.find("<th>Name</th>") != std::string::npos);
}

TEST_CASE("--fields picks and orders columns; an unknown key is a usage error naming the valid ones") {
  LangGuard lang(Lang::en);
  RenderOptions o;
  o.fields = {"age", "name"};
  CHECK(render_to_string(people(), Format::csv, o) == "age,name\r\n30,Zhang San\r\n7,Li\r\n");
  CHECK(render_to_string(people(), Format::jsonl, o) ==
        "{\"age\":30,\"name\":\"Zhang San\"}\n{\"age\":7,\"name\":\"Li\"}\n");
  CHECK(render_to_string(people(), Format::table, o) ==
        "Age  Name\n"
        "───  ─────────\n"
        " 30  Zhang San\n"
        "  7  Li\n");

  o.fields = {"name", "phone"};
  for (Format f : {Format::table, Format::csv, Format::json}) {
    try {
      render_to_string(people(), f, o);
      FAIL("no error");
    } catch (const Error& e) {
      CHECK(e.code() == Exit::usage);
      CHECK(std::string(e.what()) == "unknown field \"phone\"; valid fields: name, street, age");
    }
  }
}

TEST_CASE("a failed stream is an I/O error") {
  std::ostringstream out;
  out.setstate(std::ios::badbit);
  CHECK_THROWS_AS(render(people(), Format::csv, {}, out), Error);
}

namespace {

Document report() {
  Table hours{"",
              {{"name", "Name", "姓名"}, {"hours", "Hours", "时长", true}},
              {{text("A"), 2.0}, {text("B <b>"), 1.0}},
              {}};
  Table kinds{"", {{"kind", "Kind", "类别"}, {"count", "Count", "次数", true}}, {{text("visit"), integer(3)}}, {}};
  return Document{"Report",
                  "January",
                  {Section{"Hours", hours, BarChart{"By person", {{"A", 2.0}, {"B <b>", 1.0}}}},
                   Section{"Kinds", kinds, std::nullopt}}};
}

}  // namespace

TEST_CASE("document: csv and tsv put the sections one after another, each with its header") {
  CHECK(render_to_string(report(), Format::csv) ==
        "name,hours\r\n"
        "A,2\r\n"
        "B <b>,1\r\n"
        "\r\n"
        "kind,count\r\n"
        "visit,3\r\n");
  CHECK(render_to_string(report(), Format::tsv) ==
        "name\thours\n"
        "A\t2\n"
        "B <b>\t1\n"
        "\n"
        "kind\tcount\n"
        "visit\t3\n");
  RenderOptions o;
  o.fields = {"count"};  // found only in the second section
  CHECK(render_to_string(report(), Format::csv, o) == "count\r\n3\r\n");
  o.fields = {"nope"};
  CHECK_THROWS_AS(render_to_string(report(), Format::csv, o), Error);
}

TEST_CASE("document: json object with sections, jsonl rows with a section key") {
  CHECK(render_to_string(report(), Format::json) ==
        "{\n"
        "  \"title\": \"Report\",\n"
        "  \"sections\": [\n"
        "    {\n"
        "      \"heading\": \"Hours\",\n"
        "      \"rows\": [\n"
        "        {\n"
        "          \"name\": \"A\",\n"
        "          \"hours\": 2.0\n"
        "        },\n"
        "        {\n"
        "          \"name\": \"B <b>\",\n"
        "          \"hours\": 1.0\n"
        "        }\n"
        "      ]\n"
        "    },\n"
        "    {\n"
        "      \"heading\": \"Kinds\",\n"
        "      \"rows\": [\n"
        "        {\n"
        "          \"kind\": \"visit\",\n"
        "          \"count\": 3\n"
        "        }\n"
        "      ]\n"
        "    }\n"
        "  ]\n"
        "}\n");
  CHECK(render_to_string(report(), Format::jsonl) ==
        "{\"section\":\"Hours\",\"name\":\"A\",\"hours\":2.0}\n"
        "{\"section\":\"Hours\",\"name\":\"B <b>\",\"hours\":1.0}\n"
        "{\"section\":\"Kinds\",\"kind\":\"visit\",\"count\":3}\n");
}

TEST_CASE("document: md and table show every section under its heading") {
  LangGuard lang(Lang::en);
  CHECK(render_to_string(report(), Format::md) ==
        "# Report\n"
        "\n"
        "January\n"
        "\n"
        "## Hours\n"
        "\n"
        "| Name | Hours |\n"
        "| --- | ---: |\n"
        "| A | 2 |\n"
        "| B \\<b> | 1 |\n"
        "\n"
        "## Kinds\n"
        "\n"
        "| Kind | Count |\n"
        "| --- | ---: |\n"
        "| visit | 3 |\n");
  CHECK(render_to_string(report(), Format::table) ==
        "Report\n"
        "January\n"
        "\n"
        "Hours\n"
        "Name   Hours\n"
        "─────  ─────\n"
        "A          2\n"
        "B <b>      1\n"
        "\n"
        "By person\n"
        "A      ██████████████████████████████ 2\n"
        "B <b>  ███████████████ 1\n"
        "\n"
        "Kinds\n"
        "Kind   Count\n"
        "─────  ─────\n"
        "visit      3\n");
}

TEST_CASE("document: html page with an inline SVG bar chart scaled to the largest value") {
  LangGuard lang(Lang::zh);
  const std::string out = render_to_string(report(), Format::html);
  CHECK(out.find("<html lang=\"zh-CN\">") != std::string::npos);
  CHECK(out.find("<h1>Report</h1>") != std::string::npos);
  CHECK(out.find("<p class=\"subtitle\">January</p>") != std::string::npos);
  CHECK(out.find("<h2>Hours</h2>") != std::string::npos);
  CHECK(out.find("<h2>Kinds</h2>") != std::string::npos);
  CHECK(count(out, "<svg xmlns=\"http://www.w3.org/2000/svg\"") == 1);
  CHECK(count(out, "<rect ") == 2);
  CHECK(out.find("width=\"300\" height=\"16\"") != std::string::npos);  // the largest bar: full width
  CHECK(out.find("width=\"150\" height=\"16\"") != std::string::npos);  // half of it
  CHECK(out.find("font-size=\"12\"") == std::string::npos);  // labels print at 10.5 pt, not 9
  CHECK(out.find(">B &lt;b&gt;</text>") != std::string::npos);
  CHECK(out.find(">2</text>") != std::string::npos);
  CHECK(out.find("<title>By person</title>") != std::string::npos);
  CHECK(count(out, "<table>") == 2);
  CHECK(well_formed_problem(out) == "");

  std::size_t begin = out.find("<svg");
  std::size_t end = out.find("</svg>");
  REQUIRE(end != std::string::npos);
  CHECK(well_formed_problem(out.substr(begin, end + 6 - begin)) == "");
}

// ---- fitting a table to the terminal's width (issue 15 item 6) ----

TEST_CASE("fit_widths shortens the widest text column first, never numbers, never below the minimum") {
  // 10 + 30 + 8 + 2×2 gaps = 52 columns; fit into 40.
  std::vector<std::size_t> fitted = fit_widths({10, 30, 8}, {true, true, false}, 40);
  CHECK(fitted == std::vector<std::size_t>{10, 18, 8});
  // Two wide columns shrink in turn, ending level.
  CHECK(fit_widths({20, 20}, {true, true}, 32) == std::vector<std::size_t>{15, 15});
  // Nothing shrinkable: the line stays wider than asked.
  CHECK(fit_widths({10, 10}, {false, false}, 12) == std::vector<std::size_t>{10, 10});
  // The minimum holds: 6 + 6 + gap 2 = 14 > 10.
  CHECK(fit_widths({30, 30}, {true, true}, 10) == std::vector<std::size_t>{6, 6});
  // 0 = no fitting; a line that fits is left as it is.
  CHECK(fit_widths({30, 30}, {true, true}, 0) == std::vector<std::size_t>{30, 30});
  CHECK(fit_widths({3, 4}, {true, true}, 80) == std::vector<std::size_t>{3, 4});
}

TEST_CASE("a table fits line_width by display width, Chinese text cut with …, csv never") {
  Table t;
  t.columns = {{"name", "Name", "姓名"}, {"address", "Address", "地址"}, {"n", "N", "数", true}};
  t.rows.push_back({std::string("张桂兰"), std::string("湖北省武汉市经济技术开发区宁康园社区3栋2单元501室"), std::int64_t{12345}});
  RenderOptions o;
  o.line_width = 30;
  std::ostringstream table;
  render(t, Format::table, o, table);
  std::istringstream lines(table.str());
  std::string line;
  bool cut = false;
  while (std::getline(lines, line)) {
    CHECK(display_width(line) <= 30);
    cut = cut || line.find("…") != std::string::npos;
  }
  CHECK(cut);
  CHECK(table.str().find("12345") != std::string::npos);  // numbers are never cut
  std::ostringstream csv;
  render(t, Format::csv, o, csv);
  CHECK(csv.str().find("宁康园社区3栋2单元501室") != std::string::npos);
}
