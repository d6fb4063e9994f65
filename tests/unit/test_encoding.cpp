#include <doctest/doctest.h>
#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "io/csv.h"
#include "io/encoding.h"
#include "core/error.h"
#include "core/i18n.h"

using namespace shequ;

namespace {

struct EnglishMessages {
  EnglishMessages() { set_language(Lang::en); }
  ~EnglishMessages() { set_language(Lang::zh); }
};

// A file in the temporary directory, removed when the test ends.
class TempFile {
 public:
  explicit TempFile(const std::string& content) {
    static int counter = 0;
    path_ =
        (std::filesystem::temp_directory_path() /
         ("shequ_test_encoding_" + std::to_string(::getpid()) + "_" + std::to_string(counter++)))
            .string();
    std::ofstream out(path_, std::ios::binary);
    out << content;
  }
  ~TempFile() { std::filesystem::remove(path_); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

std::string slurp(std::istream& in) {
  std::string out;
  char buf[1000];  // an odd size, so reads straddle the decoder's chunks
  while (in.read(buf, sizeof buf) || in.gcount() > 0)
    out.append(buf, static_cast<std::size_t>(in.gcount()));
  return out;
}

std::string decode_file(const std::string& content, Encoding encoding = Encoding::auto_detect,
                        Encoding* detected = nullptr) {
  TempFile file(content);
  TextInput input(file.path(), encoding);
  if (detected) *detected = input.detected();
  return slurp(input.stream());
}

Error decode_error(const std::string& content, Encoding encoding = Encoding::auto_detect) {
  try {
    decode_file(content, encoding);
  } catch (const Error& e) {
    return e;
  }
  FAIL("no error");
  return Error(Exit::ok, "");
}

const std::string kZhongWenGbk = "\xd6\xd0\xce\xc4";      // 中文
const std::string kGrinningGb18030 = "\x94\x39\xfc\x36";  // 😀, a four-byte sequence
const std::string kGrinningUtf8 = "\xf0\x9f\x98\x80";

}  // namespace

TEST_CASE("parse_encoding and encoding_name") {
  CHECK(parse_encoding("auto") == Encoding::auto_detect);
  CHECK(parse_encoding("utf-8") == Encoding::utf8);
  CHECK(parse_encoding("UTF8") == Encoding::utf8);
  CHECK(parse_encoding("GB18030") == Encoding::gb18030);
  CHECK(parse_encoding("gbk") == Encoding::gb18030);
  CHECK(parse_encoding("gb2312") == Encoding::gb18030);
  CHECK(parse_encoding(" GBK ") == Encoding::gb18030);
  for (const char* bad : {"", "latin1", "utf-16", "big5", "gb"}) {
    CAPTURE(bad);
    try {
      parse_encoding(bad);
      FAIL("accepted");
    } catch (const Error& e) {
      CHECK(e.code() == Exit::usage);
    }
  }
  CHECK(encoding_name(Encoding::auto_detect) == "auto");
  CHECK(encoding_name(Encoding::utf8) == "utf-8");
  CHECK(encoding_name(Encoding::gb18030) == "gb18030");
  CHECK(parse_encoding(encoding_name(Encoding::gb18030)) == Encoding::gb18030);
}

TEST_CASE("to_utf8_from_gb18030") {
  EnglishMessages english;
  CHECK(to_utf8_from_gb18030("").empty());
  CHECK(to_utf8_from_gb18030("abc") == "abc");
  CHECK(to_utf8_from_gb18030(kZhongWenGbk) == "中文");
  CHECK(to_utf8_from_gb18030(kGrinningGb18030) == kGrinningUtf8);
  CHECK(to_utf8_from_gb18030("\xa2\xe3") == "€");
  CHECK_THROWS_WITH_AS(to_utf8_from_gb18030("a\xff"), "byte offset 1: not valid GB18030", Error);
  CHECK_THROWS_WITH_AS(to_utf8_from_gb18030("ab\xd6"), "byte offset 2: not valid GB18030", Error);
  CHECK_THROWS_WITH_AS(to_utf8_from_gb18030("\x81\x30\x81"), "byte offset 0: not valid GB18030",
                       Error);
  try {
    to_utf8_from_gb18030("\x80");
    FAIL("accepted");
  } catch (const Error& e) {
    CHECK(e.code() == Exit::data);
  }
}

TEST_CASE("TextInput: a missing or unreadable path is not_found and named") {
  EnglishMessages english;
  try {
    TextInput input("/nonexistent/dir/居民.csv");
    FAIL("opened");
  } catch (const Error& e) {
    CHECK(e.code() == Exit::not_found);
    CHECK(std::string(e.what()) == "cannot open /nonexistent/dir/居民.csv: no such file");
  }
  try {
    TextInput input(std::filesystem::temp_directory_path().string());
    FAIL("opened a directory");
  } catch (const Error& e) {
    CHECK(e.code() == Exit::not_found);
    CHECK(std::string(e.what()).find("is a directory") != std::string::npos);
  }
  if (::geteuid() != 0) {  // root reads anything
    TempFile file("x");
    std::filesystem::permissions(file.path(), std::filesystem::perms::none);
    try {
      TextInput input(file.path());
      FAIL("opened");
    } catch (const Error& e) {
      CHECK(e.code() == Exit::not_found);
      CHECK(std::string(e.what()).find(file.path()) != std::string::npos);
    }
  }
}

TEST_CASE("TextInput: UTF-8 passes through, a BOM is dropped") {
  Encoding detected = Encoding::auto_detect;
  CHECK(decode_file("name,phone\n张三,138\n", Encoding::auto_detect, &detected) ==
        "name,phone\n张三,138\n");
  CHECK(detected == Encoding::utf8);
  CHECK(decode_file("\xef\xbb\xbf张三", Encoding::auto_detect, &detected) == "张三");
  CHECK(detected == Encoding::utf8);
  CHECK(decode_file("\xef\xbb\xbf张三", Encoding::utf8) == "张三");
  CHECK(decode_file("\xef\xbb\xbf") == "");
  CHECK(decode_file("", Encoding::auto_detect, &detected) == "");
  CHECK(detected == Encoding::utf8);
  CHECK(decode_file("plain ascii", Encoding::auto_detect, &detected) == "plain ascii");
  CHECK(detected == Encoding::utf8);
  // explicit UTF-8 does not convert, even bytes that are not UTF-8
  CHECK(decode_file(kZhongWenGbk, Encoding::utf8, &detected) == kZhongWenGbk);
  CHECK(detected == Encoding::utf8);
}

TEST_CASE("TextInput: GB18030 is detected and converted") {
  Encoding detected = Encoding::auto_detect;
  CHECK(decode_file("name\n" + kZhongWenGbk + "\n", Encoding::auto_detect, &detected) ==
        "name\n中文\n");
  CHECK(detected == Encoding::gb18030);
  CHECK(decode_file(kGrinningGb18030 + "x", Encoding::gb18030) == kGrinningUtf8 + "x");
  CHECK(decode_file("ascii", Encoding::gb18030, &detected) == "ascii");
  CHECK(detected == Encoding::gb18030);
  // the GB18030 byte-order mark is dropped like the UTF-8 one
  CHECK(decode_file("\x84\x31\x95\x33" + kZhongWenGbk, Encoding::gb18030) == "中文");
  // a UTF-8 BOM wins over the requested encoding
  CHECK(decode_file("\xef\xbb\xbf张三", Encoding::gb18030, &detected) == "张三");
  CHECK(detected == Encoding::utf8);
}

TEST_CASE("TextInput: detection samples 64 KiB and allows a character cut at its end") {
  Encoding detected = Encoding::auto_detect;
  // 中 (3 bytes in UTF-8) straddles the 65536-byte sample boundary at every split
  for (std::size_t pad = 65536 - 3; pad <= 65536; ++pad) {
    CAPTURE(pad);
    std::string text = std::string(pad, 'a') + "中文";
    CHECK(decode_file(text, Encoding::auto_detect, &detected) == text);
    CHECK(detected == Encoding::utf8);
  }
  // GBK after the sample: the sample decides (UTF-8), the bytes pass through unconverted
  std::string late = std::string(70000, 'a') + kZhongWenGbk;
  CHECK(decode_file(late, Encoding::auto_detect, &detected) == late);
  CHECK(detected == Encoding::utf8);
  // a short file ending in an incomplete UTF-8 character was not cut by the sample: GB18030
  // (E4 B8 is one GBK character)
  CHECK(decode_file("abc\xe4\xb8", Encoding::auto_detect, &detected) ==
        "abc" + to_utf8_from_gb18030("\xe4\xb8"));
  CHECK(detected == Encoding::gb18030);
}

TEST_CASE("TextInput: GB18030 characters split across read chunks") {
  const std::string gb = kZhongWenGbk + kGrinningGb18030 + "\xa2\xe3" + kZhongWenGbk;  // 中文😀€中文
  const std::string utf8 = "中文" + kGrinningUtf8 + "€中文";
  for (std::size_t pad = 65536 - 12; pad <= 65536 + 1; ++pad) {
    CAPTURE(pad);
    // the pad holds one GBK character so the sample is not UTF-8
    std::string head = kZhongWenGbk + std::string(pad - kZhongWenGbk.size(), 'b');
    Encoding detected = Encoding::auto_detect;
    std::string out = decode_file(head + gb + "\n", Encoding::auto_detect, &detected);
    CHECK(detected == Encoding::gb18030);
    CHECK(out.size() == 6 + (pad - 4) + utf8.size() + 1);
    CHECK(out.substr(out.size() - utf8.size() - 1) == utf8 + "\n");
  }
}

TEST_CASE("TextInput: invalid GB18030 names the byte offset") {
  EnglishMessages english;
  TempFile file(kZhongWenGbk +
                "ab\xff"
                "cd");
  TextInput input(file.path(), Encoding::auto_detect);
  CHECK(input.detected() == Encoding::gb18030);
  try {
    slurp(input.stream());
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.code() == Exit::data);
    CHECK(std::string(e.what()) == file.path() + ": byte offset 6: not valid GB18030");
  }
  // far past the first chunk, the offset still counts from the start of the file
  std::string big = kZhongWenGbk + std::string(200000, 'x') + "\x81\x20";
  Error e = decode_error(big);
  CHECK(std::string(e.what()).find(": byte offset 200004: not valid GB18030") != std::string::npos);
  // a character cut off by the end of the file
  e = decode_error(kZhongWenGbk + "xy\x81\x30", Encoding::gb18030);
  CHECK(std::string(e.what()).find(": byte offset 6: not valid GB18030") != std::string::npos);
  e = decode_error(kZhongWenGbk + "\xd6", Encoding::gb18030);
  CHECK(std::string(e.what()).find(": byte offset 4: not valid GB18030") != std::string::npos);
}

TEST_CASE("TextInput: UTF-16 is refused with a clear message") {
  EnglishMessages english;
  Error e =
      decode_error(std::string("\xff\xfe"
                               "a\0b\0",
                               6));
  CHECK(e.code() == Exit::data);
  CHECK(std::string(e.what()).find("UTF-16 text is not supported") != std::string::npos);
}

TEST_CASE("TextInput: \"-\" reads stdin") {
  TempFile file(kZhongWenGbk + ",1\n");
  int saved = ::dup(0);
  REQUIRE(saved >= 0);
  int fd = ::open(file.path().c_str(), O_RDONLY);
  REQUIRE(fd >= 0);
  ::dup2(fd, 0);
  ::close(fd);
  std::string out;
  Encoding detected = Encoding::auto_detect;
  std::string name;
  {
    TextInput input("-");
    out = slurp(input.stream());
    detected = input.detected();
    name = input.source_name();
  }
  CHECK(::fcntl(0, F_GETFD) != -1);  // stdin is not closed by TextInput
  ::dup2(saved, 0);
  ::close(saved);
  CHECK(out == "中文,1\n");
  CHECK(detected == Encoding::gb18030);
  CHECK(name == "stdin");
}

TEST_CASE("TextInput feeds CsvReader, errors pass through the stream") {
  EnglishMessages english;
  TempFile good(
      "\xd0\xd5\xc3\xfb,\xb5\xe7\xbb\xb0\r\n\xd5\xc5\xc8\xfd,13800138000\r\n");  // 姓名,电话 / 张三
  TextInput input(good.path());
  CsvReader reader(input.stream(), input.source_name());
  CsvRecord rec;
  REQUIRE(reader.next(rec));
  CHECK(rec.fields == std::vector<std::string>{"姓名", "电话"});
  REQUIRE(reader.next(rec));
  CHECK(rec.fields == std::vector<std::string>{"张三", "13800138000"});
  CHECK(rec.line == 2);
  CHECK_FALSE(reader.next(rec));

  TempFile bad(kZhongWenGbk + ",1\n\xff,2\n");
  TextInput bad_input(bad.path());
  CsvReader bad_reader(bad_input.stream(), bad_input.source_name());
  try {
    while (bad_reader.next(rec)) {
    }
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.code() == Exit::data);
    CHECK(std::string(e.what()) == bad.path() + ": byte offset 7: not valid GB18030");
  }
}
