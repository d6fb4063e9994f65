#include <doctest/doctest.h>

#include <sstream>
#include <streambuf>
#include <string>
#include <vector>

#include "io/csv.h"
#include "core/error.h"
#include "core/i18n.h"

using namespace shequ;

namespace {

using Rows = std::vector<std::vector<std::string>>;

struct EnglishMessages {
  EnglishMessages() { set_language(Lang::en); }
  ~EnglishMessages() { set_language(Lang::zh); }
};

Rows read_all(const std::string& text, char delimiter = ',',
              std::vector<std::size_t>* lines = nullptr) {
  std::istringstream in(text);
  CsvReader reader(in, "t.csv", delimiter);
  CsvRecord rec;
  Rows rows;
  while (reader.next(rec)) {
    rows.push_back(rec.fields);
    if (lines) lines->push_back(rec.line);
  }
  CHECK_FALSE(reader.next(rec));  // stays at the end
  return rows;
}

// The Error that reading all of `text` throws (fails the test if none).
Error read_error(const std::string& text, char delimiter = ',') {
  try {
    read_all(text, delimiter);
  } catch (const Error& e) {
    return e;
  }
  FAIL("no error for: " << text);
  return Error(Exit::ok, "");
}

// A streambuf that fails on its second refill, like a disk that goes away.
class FailingBuf : public std::streambuf {
 public:
  explicit FailingBuf(std::string first) : first_(std::move(first)) {}

 protected:
  int_type underflow() override {
    if (calls_++ == 0) {
      setg(first_.data(), first_.data(), first_.data() + first_.size());
      return traits_type::to_int_type(first_[0]);
    }
    throw Error(Exit::io, "disk gone");
  }

 private:
  std::string first_;
  int calls_ = 0;
};

}  // namespace

TEST_CASE("csv: simple records, LF and CRLF, with or without a final newline") {
  CHECK(read_all("a,b,c\n1,2,3\n") == Rows{{"a", "b", "c"}, {"1", "2", "3"}});
  CHECK(read_all("a,b,c\r\n1,2,3\r\n") == Rows{{"a", "b", "c"}, {"1", "2", "3"}});
  CHECK(read_all("a,b,c\r\n1,2,3") == Rows{{"a", "b", "c"}, {"1", "2", "3"}});
  CHECK(read_all("a\rb\rc") == Rows{{"a"}, {"b"}, {"c"}});  // old Mac line ends
  CHECK(read_all("x") == Rows{{"x"}});
  CHECK(read_all("").empty());
  CHECK(read_all("\n\r\n\n").empty());
}

TEST_CASE("csv: empty lines are skipped, empty fields kept") {
  std::vector<std::size_t> lines;
  CHECK(read_all("\n\na,b\n\n\r\nc,d\n\n", ',', &lines) == Rows{{"a", "b"}, {"c", "d"}});
  CHECK(lines == std::vector<std::size_t>{3, 6});
  CHECK(read_all(",\n") == Rows{{"", ""}});
  CHECK(read_all("a,,b\n,x,\n") == Rows{{"a", "", "b"}, {"", "x", ""}});
  CHECK(read_all("a,") == Rows{{"a", ""}});
  CHECK(read_all("\"\"\n") == Rows{{""}});  // one empty quoted field is a record
  CHECK(read_all("\"\",\"\"") == Rows{{"", ""}});
  CHECK(read_all(" \n") == Rows{{" "}});  // a line of spaces is not empty
}

TEST_CASE("csv: spaces are data, never trimmed") {
  CHECK(read_all(" a , b \n") == Rows{{" a ", " b "}});
  CHECK(read_all("\ta\t,b\n") == Rows{{"\ta\t", "b"}});
  CHECK(read_all("\"  q  \",x") == Rows{{"  q  ", "x"}});
}

TEST_CASE("csv: quoted fields") {
  CHECK(read_all("\"a,b\",c\n") == Rows{{"a,b", "c"}});
  CHECK(read_all("\"say \"\"hi\"\"\",x\n") == Rows{{"say \"hi\"", "x"}});
  CHECK(read_all("\"\"\"\"\n") == Rows{{"\""}});
  CHECK(read_all("\"line1\nline2\",x\n") == Rows{{"line1\nline2", "x"}});
  CHECK(read_all("\"line1\r\nline2\"\r\n") == Rows{{"line1\r\nline2"}});
  CHECK(read_all("\"张三\",\"北京市,朝阳区\"") == Rows{{"张三", "北京市,朝阳区"}});
  CHECK(read_all("a,\"\"\n") == Rows{{"a", ""}});
  CHECK(read_all("\"a\"\r\n\"b\"\r") == Rows{{"a"}, {"b"}});
}

TEST_CASE("csv: line numbers count line breaks inside quoted fields") {
  std::vector<std::size_t> lines;
  std::string text =
      "h1,h2\r\n"
      "\"multi\r\nline\r\n\",x\r\n"
      "\r\n"
      "y,\"one\ntwo\nthree\"\n"
      "z,\"cr\rinside\"\n"
      "last,row";
  Rows rows = read_all(text, ',', &lines);
  REQUIRE(rows.size() == 5);
  CHECK(lines == std::vector<std::size_t>{1, 2, 6, 9, 11});
  CHECK(rows[1][0] == "multi\r\nline\r\n");
  CHECK(rows[3][1] == "cr\rinside");
  CHECK(rows[4] == std::vector<std::string>{"last", "row"});
}

TEST_CASE("csv: a UTF-8 BOM at the start is dropped, elsewhere it is data") {
  CHECK(read_all("\xef\xbb\xbfname,phone\n") == Rows{{"name", "phone"}});
  CHECK(read_all("\xef\xbb\xbf").empty());
  CHECK(read_all("\xef\xbb\xbf\n\nx") == Rows{{"x"}});
  CHECK(read_all("a\n\xef\xbb\xbf"
                 "b") == Rows{{"a"},
                              {"\xef\xbb\xbf"
                               "b"}});
}

TEST_CASE("csv: tab delimiter") {
  CHECK(read_all("a\tb\t\n\"x\ty\"\tz\n", '\t') == Rows{{"a", "b", ""}, {"x\ty", "z"}});
  CHECK(read_all("a,b\tc\n", '\t') == Rows{{"a,b", "c"}});
}

TEST_CASE("csv: the record's strings are reused and the field count follows each record") {
  std::istringstream in("a,b,c\nd\ne,f\n");
  CsvReader reader(in, "t.csv");
  CsvRecord rec;
  REQUIRE(reader.next(rec));
  CHECK(rec.fields.size() == 3);
  REQUIRE(reader.next(rec));
  CHECK(rec.fields == std::vector<std::string>{"d"});
  REQUIRE(reader.next(rec));
  CHECK(rec.fields == std::vector<std::string>{"e", "f"});
  CHECK(rec.line == 3);
  CHECK_FALSE(reader.next(rec));
}

TEST_CASE("csv: malformed input names source, line and column") {
  EnglishMessages english;
  Error e = read_error("a,b\nc,d\"e\n");
  CHECK(e.code() == Exit::data);
  CHECK(std::string(e.what()) ==
        "t.csv:2: quote inside column 2, which does not start with a quote");
  CHECK_FALSE(e.hint().empty());

  e = read_error("a\n\"x\",\"y\"z,w\n");
  CHECK(std::string(e.what()) == "t.csv:2: unexpected text after the closing quote of column 2");

  e = read_error("\"a\" ,b\n");  // a space after the closing quote is text too
  CHECK(std::string(e.what()) == "t.csv:1: unexpected text after the closing quote of column 1");

  e = read_error(" \"a\",b\n");  // a quote after a leading space
  CHECK(std::string(e.what()) ==
        "t.csv:1: quote inside column 1, which does not start with a quote");

  e = read_error("a,b\n\"multi\nline\",x\n1,\"never closed\n2,3\n4,5\n");
  CHECK(std::string(e.what()) == "t.csv:4: the quote that opens column 2 is never closed");

  e = read_error("\"");
  CHECK(std::string(e.what()) == "t.csv:1: the quote that opens column 1 is never closed");

  e = read_error("a,b\n\"x\ny\",\"p\"\"q\" r\n");  // error line is the physical line
  CHECK(std::string(e.what()) == "t.csv:3: unexpected text after the closing quote of column 2");
}

TEST_CASE("csv: fields that are not UTF-8 are refused with their column") {
  EnglishMessages english;
  Error e = read_error("name,phone\n\xd5\xc5\xc8\xfd,13800138000\n");  // 张三 in GBK
  CHECK(e.code() == Exit::data);
  CHECK(std::string(e.what()) == "t.csv:2: name: not valid UTF-8 (column 1)");
  e = read_error("a,b\n\n\"ok\",\"bad\xff\"\n");
  CHECK(std::string(e.what()) == "t.csv:3: b: not valid UTF-8 (column 2)");
  e = read_error("a,b,\xe4\xb8");  // truncated character at the end of input
  CHECK(std::string(e.what()) == "t.csv:1: not valid UTF-8 (column 3)");
}

TEST_CASE("csv: messages follow the language setting") {
  set_language(Lang::zh);
  Error e = read_error("a\"b\n");
  CHECK(std::string(e.what()) == "t.csv:1: 第 1 列不以引号开头，其中却出现了引号");
}

TEST_CASE("csv: a field longer than 16 MiB is refused") {
  EnglishMessages english;
  std::string big(kMaxCsvFieldBytes + 1, 'x');
  Error e = read_error("a,b\n1," + big + "\n");
  CHECK(e.code() == Exit::data);
  CHECK(std::string(e.what()) == "t.csv:2: column 2 is longer than 16 MiB");
  e = read_error("\"" + big + "\"");
  CHECK(std::string(e.what()) == "t.csv:1: column 1 is longer than 16 MiB");
  // exactly the limit is fine
  Rows rows = read_all(std::string(kMaxCsvFieldBytes, 'y') + ",z");
  REQUIRE(rows.size() == 1);
  CHECK(rows[0][0].size() == kMaxCsvFieldBytes);
  CHECK(rows[0][1] == "z");
}

TEST_CASE("csv: records split across the 64 KiB read chunks") {
  // A first line of varying length moves the tail across the chunk boundary at every offset.
  const std::string tail = "\"q\"\"uo\r\nted\",plain,\"\"\r\n\"x\",中文\r\nlast\r";
  const Rows expected_tail = {{"q\"uo\r\nted", "plain", ""}, {"x", "中文"}, {"last"}};
  for (std::size_t pad = 65536 - 40; pad <= 65536 + 2; ++pad) {
    CAPTURE(pad);
    std::string head(pad, 'h');
    std::vector<std::size_t> lines;
    Rows rows = read_all(head + "\r\n" + tail, ',', &lines);
    REQUIRE(rows.size() == 4);
    CHECK(rows[0][0].size() == pad);
    CHECK(Rows(rows.begin() + 1, rows.end()) == expected_tail);
    CHECK(lines == std::vector<std::size_t>{1, 2, 4, 5});
  }
}

TEST_CASE("csv: many records stream through") {
  std::string text;
  for (int i = 0; i < 50000; ++i)
    text += std::to_string(i) + ",张三" + std::to_string(i) + ",\"a,b\"\n";
  std::istringstream in(text);
  CsvReader reader(in, "t.csv");
  CsvRecord rec;
  int n = 0;
  while (reader.next(rec)) {
    REQUIRE(rec.fields.size() == 3);
    REQUIRE(rec.fields[0] == std::to_string(n));
    REQUIRE(rec.line == static_cast<std::size_t>(n + 1));
    ++n;
  }
  CHECK(n == 50000);
}

TEST_CASE("csv: read errors surface") {
  std::string first(100, 'a');
  {
    FailingBuf buf(first);
    std::istream in(&buf);
    in.exceptions(std::ios::badbit);
    CsvReader reader(in, "t.csv");
    CsvRecord rec;
    CHECK_THROWS_WITH_AS(reader.next(rec), "disk gone", Error);
  }
  {
    FailingBuf buf(first);
    std::istream in(&buf);  // no exceptions: the reader checks badbit itself
    CsvReader reader(in, "t.csv");
    CsvRecord rec;
    try {
      reader.next(rec);
      FAIL("no error");
    } catch (const Error& e) {
      CHECK(e.code() == Exit::io);
    }
  }
}

TEST_CASE("csv: a quote or line break cannot be the delimiter") {
  std::istringstream in("a");
  CHECK_THROWS_AS((CsvReader(in, "t.csv", '"')), Error);
  CHECK_THROWS_AS((CsvReader(in, "t.csv", '\n')), Error);
}

TEST_CASE("csv_quote quotes only when needed") {
  CHECK(csv_quote("plain") == "plain");
  CHECK(csv_quote("") == "");
  CHECK(csv_quote("张三") == "张三");
  CHECK(csv_quote("a,b") == "\"a,b\"");
  CHECK(csv_quote("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(csv_quote("two\nlines") == "\"two\nlines\"");
  CHECK(csv_quote("cr\r") == "\"cr\r\"");
  CHECK(csv_quote(" lead") == "\" lead\"");
  CHECK(csv_quote("trail ") == "\"trail \"");
  CHECK(csv_quote("\ttab") == "\"\ttab\"");
  CHECK(csv_quote("in side") == "in side");
  CHECK(csv_quote("a\tb", '\t') == "\"a\tb\"");
  CHECK(csv_quote("a,b", '\t') == "a,b");
}

TEST_CASE("csv_quote output reads back unchanged") {
  std::vector<std::string> fields = {"",       " ",       "a,b",  "\"", "\"\"",
                                     "x\r\ny", "中,文\n", " 张 ", "\r"};
  std::string line;
  for (std::size_t i = 0; i < fields.size(); ++i) line += (i ? "," : "") + csv_quote(fields[i]);
  Rows rows = read_all(line + "\r\n");
  REQUIRE(rows.size() == 1);
  CHECK(rows[0] == fields);
}

TEST_CASE("csv_quote: a field starting with U+FEFF survives being written first (found by fuzz_csv)") {
  CHECK(csv_quote("\xEF\xBB\xBF" "4") == "\"\xEF\xBB\xBF" "4\"");
  // A BOM after an empty first line is data, not a BOM; written back first it must stay data.
  std::istringstream in("\r\xEF\xBB\xBF" "4\n");
  CsvReader reader(in, "t.csv");
  CsvRecord rec;
  REQUIRE(reader.next(rec));
  REQUIRE(rec.fields.size() == 1);
  CHECK(rec.fields[0] == "\xEF\xBB\xBF" "4");
  std::istringstream again(csv_quote(rec.fields[0]) + "\n");
  CsvReader reader2(again, "t.csv");
  CsvRecord rec2;
  REQUIRE(reader2.next(rec2));
  CHECK(rec2.fields == rec.fields);
}
