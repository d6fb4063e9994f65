// Workbooks: shequ's writer read back by shequ's reader, column letters, and the float check
// for numbers a spreadsheet turned into floats.
#include <doctest/doctest.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "core/error.h"
#include "fixture.h"
#include "records/input_kind.h"
#include "records/validate.h"
#include "io/xlsx_reader.h"
#include "io/xlsx_writer.h"

using namespace shequ;
using namespace shequ::testing;

namespace {

struct LangGuard {
  Lang saved = language();
  explicit LangGuard(Lang lang) { set_language(lang); }
  ~LangGuard() { set_language(saved); }
};

// Writes `body`'s workbook to a temporary file and returns its path.
std::string workbook_file(const std::function<void(XlsxWriter&)>& body) {
  std::ostringstream bytes;
  XlsxWriter w(bytes, true);
  body(w);
  w.close();
  static int n = 0;
  std::string path = std::filesystem::temp_directory_path() /
                     ("shequ-unit-" + std::to_string(::getpid()) + "-" + std::to_string(n++) + ".xlsx");
  std::ofstream(path, std::ios::binary) << bytes.str();
  return path;
}

std::vector<CsvRecord> read_all(RecordSource& src) {
  std::vector<CsvRecord> out;
  CsvRecord rec;
  while (src.next(rec)) out.push_back(rec);
  return out;
}

}  // namespace

TEST_CASE("column letters") {
  CHECK(column_letters(0) == "A");
  CHECK(column_letters(3) == "D");
  CHECK(column_letters(25) == "Z");
  CHECK(column_letters(26) == "AA");
  CHECK(column_letters(27) == "AB");
  CHECK(column_letters(16383) == "XFD");
}

TEST_CASE("a workbook shequ writes reads back cell for cell") {
  std::string path = workbook_file([](XlsxWriter& w) {
    w.sheet("居民");
    w.header({"name", "id_number", "code", "born", "visits", "score"},
             {XlsxKind::text, XlsxKind::text, XlsxKind::text, XlsxKind::date, XlsxKind::value, XlsxKind::value});
    w.row({std::string("张三"), std::string("11010519491231002X"), std::string("007"), std::string("1949-12-31"),
           std::int64_t{12}, 2.5});
    w.row({std::string("李四"), Cell{}, std::string("010"), std::string("not a date"), Cell{}, Cell{}});
    w.sheet("second");
    w.header({"x"}, {});
    w.row({std::string("only here")});
  });
  XlsxReader r(path);
  CHECK(r.sheet_name() == "居民");
  auto rows = read_all(r);
  REQUIRE(rows.size() == 3);
  CHECK(rows[0].fields == std::vector<std::string>{"name", "id_number", "code", "born", "visits", "score"});
  CHECK(rows[1].fields == std::vector<std::string>{"张三", "11010519491231002X", "007", "1949-12-31", "12", "2.5"});
  CHECK(rows[1].line == 2);
  // Empty cells are "", the row as wide as the header.
  CHECK(rows[2].fields == std::vector<std::string>{"李四", "", "010", "not a date", "", ""});
  CHECK(r.where(17, 3) == path + ":17 (D)");
  CHECK(r.where(17, std::nullopt) == path + ":17");

  XlsxReader second(path, "2");
  auto rows2 = read_all(second);
  REQUIRE(rows2.size() == 2);
  CHECK(rows2[1].fields == std::vector<std::string>{"only here"});
  LangGuard lang(Lang::en);
  try {
    XlsxReader none(path, "third");
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.code() == Exit::not_found);
    CHECK(std::string(e.what()).find("(sheets: 居民, second)") != std::string::npos);
  }
  CHECK(detect_input_kind(path) == InputKind::xlsx);
  std::remove(path.c_str());
}

TEST_CASE("sheet names are made valid and unique") {
  std::string path = workbook_file([](XlsxWriter& w) {
    w.sheet("a/b:c*?[d]");
    w.sheet("A/B:C*?[D]");
    w.sheet("");
    w.sheet("一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三");
  });
  // The reader lists the sheets when one is missing.
  LangGuard lang(Lang::en);
  try {
    XlsxReader none(path, "x");
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(std::string(e.what()).find("(sheets: a_b_c___d_, A_B_C___D_ (2), Sheet3, "
                                     "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一)") != std::string::npos);
  }
  std::remove(path.c_str());
}

TEST_CASE("numbers a spreadsheet turned into floats are named as such, for phones and ID numbers") {
  LangGuard lang(Lang::en);
  std::string out;
  const std::string expected =
      "a spreadsheet turned this number into a float: format the column as text and export again";
  for (const char* v : {"4.20191195609085E+017", "4.20191195609085e+17", "420191195609085000.0"})
    CHECK(check_id_number(v, out).value_or("") == expected);
  for (const char* v : {"1.3800138E+10", "13800138000.0", "13800138000.00"})
    CHECK(normalize_phone(v, out).value_or("") == expected);
  // Other mistakes keep their own messages.
  CHECK(check_id_number("4201", out).value_or("").find("18 characters") != std::string::npos);
  CHECK(normalize_phone("8.5", out).value_or("") != expected);
  CHECK_FALSE(normalize_phone("13800138000", out).has_value());
}
