#include <doctest/doctest.h>

#include <clocale>
#include <string>

#include "core/text.h"

using namespace shequ;

TEST_CASE("display_width counts terminal columns") {
  CHECK(display_width("") == 0);
  CHECK(display_width("abc") == 3);
  CHECK(display_width("中文") == 4);
  CHECK(display_width("张三 Zhang") == 10);
  CHECK(display_width("ＡＢ") == 4);              // fullwidth Latin
  CHECK(display_width("ｶﾀｶﾅ") == 4);              // halfwidth katakana
  CHECK(display_width("한국") == 4);              // Hangul is wide
  CHECK(display_width("\xf0\x9f\x98\x80") == 2);  // 😀 U+1F600
  CHECK(display_width("e\xcc\x81") == 1);         // e + combining acute
  CHECK(display_width("\xe3\x80\x80") == 2);      // ideographic space
  CHECK(display_width("a\x1b[31mb") == 6);        // ESC is 0, "[31m" is 4
  CHECK(display_width("\t\n\r\x7f") == 0);
  CHECK(display_width("\xc2\x9b") == 0);      // C1 control CSI
  CHECK(display_width("\xe2\x80\xa6") == 1);  // … (ambiguous width counts 1)
}

TEST_CASE("display_width counts each invalid byte as one column") {
  CHECK(display_width("\xff") == 1);
  CHECK(display_width("a\xffz") == 3);
  CHECK(display_width("\xe4\xb8") == 2);          // truncated 中
  CHECK(display_width("\xe4\xb8\xad\xe4") == 3);  // 中 then a stray lead byte
  CHECK(display_width("\xc0\xaf") == 2);          // overlong '/'
  CHECK(display_width("\xed\xa0\x80") == 3);      // UTF-16 surrogate
}

TEST_CASE("display_width does not depend on the locale") {
  const char* old = std::setlocale(LC_ALL, nullptr);
  std::string saved = old ? old : "C";
  std::setlocale(LC_ALL, "C");
  CHECK(display_width("社区工作者") == 10);
  std::setlocale(LC_ALL, saved.c_str());
}

TEST_CASE("pad_to_width pads by display width") {
  CHECK(pad_to_width("ab", 5) == "ab   ");
  CHECK(pad_to_width("ab", 5, true) == "   ab");
  CHECK(pad_to_width("中文", 6) == "中文  ");
  CHECK(pad_to_width("中文", 6, true) == "  中文");
  CHECK(pad_to_width("中文", 4) == "中文");
  CHECK(pad_to_width("中文", 3) == "中文");  // wider: unchanged, never cut
  CHECK(pad_to_width("", 3) == "   ");
  CHECK(pad_to_width("", 0).empty());
  CHECK(display_width(pad_to_width("李\xcc\x81四", 7)) == 7);
}

TEST_CASE("truncate_to_width keeps whole characters and adds an ellipsis") {
  CHECK(truncate_to_width("abcdef", 6) == "abcdef");
  CHECK(truncate_to_width("abcdef", 10) == "abcdef");
  CHECK(truncate_to_width("abcdef", 5) == "abcd…");
  CHECK(truncate_to_width("abcdef", 1) == "…");
  CHECK(truncate_to_width("abcdef", 0).empty());
  CHECK(truncate_to_width("", 0).empty());
  CHECK(truncate_to_width("中文字符", 8) == "中文字符");
  CHECK(truncate_to_width("中文字符", 7) == "中文字…");
  CHECK(truncate_to_width("中文字符", 6) == "中文…");  // 字 does not fit beside …
  CHECK(truncate_to_width("中文字符", 2) == "…");
  CHECK(truncate_to_width("中文字符", 1) == "…");
  CHECK(truncate_to_width("a中b", 3) == "a…");
}

TEST_CASE("truncate_to_width never splits a character or a cluster") {
  // e + combining acute stays together
  CHECK(truncate_to_width("e\xcc\x81"
                          "e\xcc\x81"
                          "e\xcc\x81",
                          2) == "e\xcc\x81…");
  // 👍🏽 (thumbs up + skin tone) is one cluster
  std::string thumbs = "\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd";
  std::string cut = truncate_to_width(thumbs + "abc", 4);
  CHECK(cut == "…");
  CHECK(is_valid_utf8(truncate_to_width("社区网格员张三", 9)));
  for (std::size_t w = 0; w < 16; ++w) {
    std::string s = truncate_to_width("网格 03 的志愿者服务时长", w);
    CHECK(display_width(s) <= w);
    CHECK(is_valid_utf8(s));
  }
}

TEST_CASE("truncate_to_width treats invalid bytes as one column each") {
  CHECK(truncate_to_width("\xff\xff\xff\xff", 3) == "\xff\xff…");
  CHECK(truncate_to_width("ab\xff", 3) == "ab\xff");
}

TEST_CASE("is_valid_utf8") {
  CHECK(is_valid_utf8(""));
  CHECK(is_valid_utf8("plain ascii, long enough to use the fast path"));
  CHECK(is_valid_utf8("居民 résumé 😀"));
  CHECK(is_valid_utf8(std::string("a\0b", 3)));
  CHECK_FALSE(is_valid_utf8("\xff"));
  CHECK_FALSE(is_valid_utf8("\x80"));                     // lone continuation
  CHECK_FALSE(is_valid_utf8("\xc0\xaf"));                 // overlong
  CHECK_FALSE(is_valid_utf8("\xe0\x80\xaf"));             // overlong, 3 bytes
  CHECK_FALSE(is_valid_utf8("\xed\xa0\x80"));             // surrogate
  CHECK_FALSE(is_valid_utf8("\xf4\x90\x80\x80"));         // > U+10FFFF
  CHECK_FALSE(is_valid_utf8("\xe4\xb8"));                 // truncated
  CHECK_FALSE(is_valid_utf8("abcdefgh\xe4\xb8"));         // truncated after a fast 8-byte block
  CHECK_FALSE(is_valid_utf8("abcdefghijklmno\xd6\xd0"));  // GBK 中 after ASCII
  CHECK(is_valid_utf8("\xf4\x8f\xbf\xbf"));               // U+10FFFF
}

TEST_CASE("sanitize_for_terminal escapes controls and bidi characters") {
  CHECK(sanitize_for_terminal("张三 Zhang San") == "张三 Zhang San");
  CHECK(sanitize_for_terminal("a\x1b[2Jb") == "a\\x1b[2Jb");
  CHECK(sanitize_for_terminal("line1\nline2\r\tx") == "line1\\nline2\\r\\tx");
  CHECK(sanitize_for_terminal(std::string("a\0b", 3)) == "a\\x00b");
  CHECK(sanitize_for_terminal("\x7f") == "\\x7f");
  CHECK(sanitize_for_terminal("\x07") == "\\x07");
  CHECK(sanitize_for_terminal("\xc2\x9b"
                              "31m") == "\\x9b31m");  // C1 CSI
  CHECK(sanitize_for_terminal("\xc2\x85") == "\\x85");
  CHECK(sanitize_for_terminal("abc\xe2\x80\xae"
                              "fdp.exe") == "abc<U+202E>fdp.exe");
  CHECK(sanitize_for_terminal("\xe2\x81\xa6x\xe2\x81\xa9") == "<U+2066>x<U+2069>");
  CHECK(sanitize_for_terminal("\xe2\x80\x8e\xe2\x80\x8f\xd8\x9c") == "<U+200E><U+200F><U+061C>");
  CHECK(sanitize_for_terminal("\xe2\x80\xaa\xe2\x80\xab\xe2\x80\xac\xe2\x80\xad") ==
        "<U+202A><U+202B><U+202C><U+202D>");
  CHECK(sanitize_for_terminal("a\xffz") == "a\xef\xbf\xbdz");
  CHECK(sanitize_for_terminal("\xe4\xb8") == "\xef\xbf\xbd\xef\xbf\xbd");
  CHECK(sanitize_for_terminal("\\x1b") == "\\x1b");  // backslashes are printable
  CHECK(sanitize_for_terminal("😀 é ｱ") == "😀 é ｱ");
  CHECK(sanitize_for_terminal("").empty());
  // nothing dangerous survives
  std::string out = sanitize_for_terminal("\x1b]0;title\x07\xc2\x9b\xe2\x80\xae\xff");
  for (char c : out) CHECK((static_cast<unsigned char>(c) >= 0x20 && c != 0x7f));
  CHECK(out.find("\xe2\x80\xae") == std::string::npos);
  CHECK(is_valid_utf8(out));
}

TEST_CASE("trim removes ASCII whitespace and ideographic spaces") {
  CHECK(trim("  abc \t\r\n") == "abc");
  CHECK(trim("\xe3\x80\x80张三\xe3\x80\x80 ") == "张三");
  CHECK(trim(" \xe3\x80\x80 \xe3\x80\x80x y\xe3\x80\x80\t") == "x y");
  CHECK(trim("a\xe3\x80\x80"
             "b") ==
        "a\xe3\x80\x80"
        "b");  // inner space kept
  CHECK(trim("").empty());
  CHECK(trim(" \t ").empty());
  CHECK(trim("\xe3\x80\x80").empty());
  CHECK(trim("\xe3\x80").size() == 2);  // not a whole U+3000: kept
  CHECK(trim("\v\fx") == "x");
}

TEST_CASE("split keeps empty pieces") {
  using V = std::vector<std::string>;
  CHECK(split("a,b,c", ',') == V{"a", "b", "c"});
  CHECK(split("a,,b", ',') == V{"a", "", "b"});
  CHECK(split(",a,", ',') == V{"", "a", ""});
  CHECK(split("", ',') == V{""});
  CHECK(split("abc", ',') == V{"abc"});
  CHECK(split("张三|李四", '|') == V{"张三", "李四"});
}

TEST_CASE("join") {
  CHECK(join({}, ", ").empty());
  CHECK(join({"a"}, ", ") == "a");
  CHECK(join({"a", "", "c"}, ", ") == "a, , c");
  CHECK(join({"网格", "楼栋"}, "、") == "网格、楼栋");
  CHECK(join(split("x;y;;z", ';'), ";") == "x;y;;z");
}

TEST_CASE("iequals_ascii and to_lower_ascii touch ASCII letters only") {
  CHECK(iequals_ascii("Phone", "pHONE"));
  CHECK(iequals_ascii("", ""));
  CHECK_FALSE(iequals_ascii("phone", "phones"));
  CHECK_FALSE(iequals_ascii("a", "b"));
  CHECK_FALSE(iequals_ascii("[", "{"));  // not letters: 0x5b vs 0x7b
  CHECK(iequals_ascii("电话A", "电话a"));
  CHECK_FALSE(iequals_ascii("É", "é"));
  CHECK(to_lower_ascii("GB18030 UTF-8") == "gb18030 utf-8");
  CHECK(to_lower_ascii("ÀB张") == "Àb张");
  CHECK(to_lower_ascii("@[`{") == "@[`{");
}
