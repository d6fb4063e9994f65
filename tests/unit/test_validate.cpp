#include <doctest/doctest.h>

#include "fixture.h"

#include <cstdlib>
#include <optional>
#include <string>

#include "core/error.h"
#include "core/i18n.h"
#include "records/validate.h"

using namespace shequ;

namespace {

struct EnglishMessages {
  EnglishMessages() { set_language(Lang::en); }
  ~EnglishMessages() { set_language(Lang::zh); }
};

// Fixes today() for ID checks ("not in the future") and restores the environment.

std::string phone_ok(const char* in) {
  std::string out = "untouched";
  std::optional<std::string> problem = normalize_phone(in, out);
  CHECK_MESSAGE(!problem, in << ": " << problem.value_or(""));
  return out;
}

std::string phone_problem(const char* in) {
  std::string out = "untouched";
  std::optional<std::string> problem = normalize_phone(in, out);
  CHECK_MESSAGE(problem.has_value(), in << " accepted as " << out);
  CHECK(out == "untouched");
  return problem.value_or("");
}

std::string id_problem(std::string_view in) {
  std::string out = "untouched";
  std::optional<std::string> problem = check_id_number(in, out);
  CHECK_MESSAGE(problem.has_value(), in << " accepted");
  CHECK(out == "untouched");
  return problem.value_or("");
}

}  // namespace

using shequ::testing::TodayOverride;

TEST_CASE("normalize_phone: mobile numbers") {
  for (const char* in :
       {"13800138000", "138 0013 8000", "138-0013-8000", " 13800138000 ", "+86 138 0013 8000",
        "+8613800138000", "86 13800138000", "8613800138000", "0086-13800138000",
        "(+86) 138 0013 8000", "１３８００１３８０００", "１３８－００１３－８０００"}) {
    CAPTURE(in);
    CHECK(phone_ok(in) == "13800138000");
  }
  CHECK(phone_ok("19912345678") == "19912345678");
  CHECK(phone_ok("16612345678") == "16612345678");
}

TEST_CASE("normalize_phone: landlines with area code and extension") {
  for (const char* in :
       {"027-84561234", "(027)84561234", "（027）84561234", "02784561234", "027 8456 1234",
        "027-8456-1234", "(027) 8456-1234", "+86 27 8456 1234", "0086 27 84561234"}) {
    CAPTURE(in);
    CHECK(phone_ok(in) == "027-84561234");
  }
  for (const char* in : {"027-8456-1234 转 12", "027-84561234转12", "027-84561234 ext. 12",
                         "027-84561234 EXT 12", "027-84561234 x12", "027-84561234#12",
                         "027-84561234-12", "027 84561234 分机 12", "02784561234 转12"}) {
    CAPTURE(in);
    CHECK(phone_ok(in) == "027-84561234-12");
  }
  CHECK(phone_ok("010-62345678") == "010-62345678");
  CHECK(phone_ok("01062345678") == "010-62345678");
  CHECK(phone_ok("+86 10 6234 5678") == "010-62345678");
  CHECK(phone_ok("0571-8888888") == "0571-8888888");   // 7-digit local number
  CHECK(phone_ok("057188888888") == "0571-88888888");  // four-digit area code
  CHECK(phone_ok("0755 8888 8888") == "0755-88888888");
  CHECK(phone_ok("020-38765432-123456") == "020-38765432-123456");
}

TEST_CASE("normalize_phone: problems") {
  EnglishMessages english;
  CHECK(phone_problem("1380013800") ==
        "\"1380013800\" is not an 11-digit mobile number or a landline number with area code");
  CHECK(phone_problem("") == "phone number is empty");
  CHECK(phone_problem("   ") == "phone number is empty");
  CHECK(phone_problem("84561234") ==
        "\"84561234\" has no area code; write a landline number like 027-84561234");
  for (const char* in : {"138001380001",
                         "12800138000",
                         "10086",
                         "abc",
                         "138-0013-800a",
                         "+1 415 555 0100",
                         "+",
                         "--",
                         "011-84561234",
                         "0027-84561234",
                         "027-01234567",
                         "027-1234567",
                         "027-845612",
                         "027-845612345",
                         "027-84561234 转",
                         "027-84561234 转 1234567",
                         "027-84561234 转 1a",
                         "13800138000 转 12",
                         "138 0013 8000+",
                         "027-84561234-1234567",
                         "0571-88888888-12345678"}) {
    CAPTURE(in);
    phone_problem(in);
  }
}

TEST_CASE("normalize_phone: problems quote the input safely and follow the language") {
  EnglishMessages english;
  std::string p = phone_problem("138\x1b[2J");
  CHECK(p.find('\x1b') == std::string::npos);
  CHECK(p.find("\\x1b[2J") != std::string::npos);
  set_language(Lang::zh);
  CHECK(phone_problem("1380013800") ==
        "“1380013800”不是 11 位手机号，也不是带区号的固定电话号码");
}

TEST_CASE("check_id_number: valid numbers") {
  TodayOverride fixed("2026-11-29");
  std::string out;
  IdNumberInfo info;
  // the example from GB 11643-1999
  REQUIRE_FALSE(check_id_number("11010519491231002X", out, &info));
  CHECK(out == "11010519491231002X");
  CHECK(info.birth == Date{1949, 12, 31});
  CHECK(info.gender == 'F');
  REQUIRE_FALSE(check_id_number("11010519491231002x", out, &info));  // lowercase x
  CHECK(out == "11010519491231002X");
  REQUIRE_FALSE(
      check_id_number(" １１０１０５１９４９１２３１００２Ｘ ", out));  // fullwidth, spaces
  CHECK(out == "11010519491231002X");

  std::string id = make_test_id_number("420113", {1990, 1, 1}, 123);
  REQUIRE(id.size() == 18);
  CHECK(id.substr(0, 17) == "42011319900101123");
  REQUIRE_FALSE(check_id_number(id, out, &info));
  CHECK(out == id);
  CHECK(info.birth == Date{1990, 1, 1});
  CHECK(info.gender == 'M');
  REQUIRE_FALSE(check_id_number(make_test_id_number("420113", {1990, 1, 1}, 124), out, &info));
  CHECK(info.gender == 'F');
  // born today is fine
  CHECK_FALSE(check_id_number(make_test_id_number("420113", {2026, 11, 29}, 1), out));
  CHECK_FALSE(check_id_number(make_test_id_number("420113", {2000, 2, 29}, 1), out));
  CHECK_FALSE(check_id_number(make_test_id_number("420113", {1900, 1, 1}, 0), out));
  // info is optional
  CHECK_FALSE(check_id_number(id, out, nullptr));
}

TEST_CASE("check_id_number: every check character, including X, is computed right") {
  TodayOverride fixed("2026-11-29");
  std::string seen;
  for (int seq = 0; seq < 200; ++seq) {
    std::string id = make_test_id_number("110105", {1985, 6, 15}, seq);
    std::string out;
    REQUIRE_FALSE(check_id_number(id, out));
    if (seen.find(id[17]) == std::string::npos) seen += id[17];
    // every other check character is refused
    for (char c : std::string("0123456789X")) {
      if (c == id[17]) continue;
      std::string wrong = id.substr(0, 17) + c;
      REQUIRE(check_id_number(wrong, out).has_value());
    }
  }
  CHECK(seen.size() == 11);  // all of 0-9 and X occurred
}

TEST_CASE("check_id_number: problems are precise and never repeat the number") {
  TodayOverride fixed("2026-11-29");
  EnglishMessages english;
  std::string id = make_test_id_number("420113", {1990, 1, 1}, 123);
  char right = id[17];
  char wrong = right == '3' ? '4' : '3';
  std::string bad_check = id.substr(0, 17) + wrong;
  std::string p = id_problem(bad_check);
  CHECK(p == std::string("check digit should be ") + right + ", found " + wrong);
  CHECK(p.find(id.substr(0, 17)) == std::string::npos);

  CHECK(id_problem("") == "ID number is empty");
  CHECK(id_problem("42011319900101123") == "must be 18 characters, found 17");
  CHECK(id_problem("4201131990010112345") == "must be 18 characters, found 19");
  CHECK(id_problem("420113900101123") == "must be 18 characters, found 15");
  CHECK(id_problem("4201a3199001011234") == "character 5 must be a digit, found \"a\"");
  CHECK(id_problem("42中113199001011234") == "character 3 must be a digit, found \"中\"");
  CHECK(id_problem("4201131990010112X4") == "character 17 must be a digit, found \"X\"");
  CHECK(id_problem("42011319900101123Y") == "the last character must be a digit or X, found \"Y\"");
  CHECK(id_problem("420113199002301234") == "birth date 19900230 is not a date");
  CHECK(id_problem("420113199013011234") == "birth date 19901301 is not a date");
  CHECK(id_problem("420113199001001234") == "birth date 19900100 is not a date");
  CHECK(id_problem("420113190002291234") == "birth date 19000229 is not a date");
  CHECK(id_problem("420113189912311234") == "birth date 18991231 is before 1900");
  CHECK(id_problem(make_test_id_number("420113", {2026, 11, 30}, 1)) ==
        "birth date 20261130 is in the future");
  CHECK(id_problem("4201131990\xff"
                   "1011234") == "character 11 must be a digit, found \"\xef\xbf\xbd\"");
}

TEST_CASE("check_id_number: messages in Chinese") {
  TodayOverride fixed("2026-11-29");
  set_language(Lang::zh);
  CHECK(id_problem("42011319900101123") == "应为 18 位，实际为 17 位");
  CHECK(id_problem("420113199002301234") == "出生日期 19900230 不是有效日期");
}

TEST_CASE("mask_phone") {
  CHECK(mask_phone("13800138000") == "138****8000");
  CHECK(mask_phone("+86 138 0013 8000") == "138****8000");
  CHECK(mask_phone("027-84561234") == "027-****1234");
  CHECK(mask_phone("(027)84561234") == "027-****1234");
  CHECK(mask_phone("0571-8888888") == "0571-****8888");
  CHECK(mask_phone("010-62345678") == "010-****5678");
  CHECK(mask_phone("027-84561234-12") == "027-****1234-12");
  CHECK(mask_phone("12345") == "***45");
  CHECK(mask_phone("1380013800") == "********00");
  CHECK(mask_phone("电话号码") == "**号码");
  CHECK(mask_phone("12") == "**");
  CHECK(mask_phone("1") == "*");
  CHECK(mask_phone("").empty());
}

TEST_CASE("mask_id_number shows the area only") {
  CHECK(mask_id_number("420113199001011234") == "420113************");
  CHECK(mask_id_number("11010519491231002X") == "110105************");
  CHECK(mask_id_number("420113900101123") == "420113*********");  // old 15-digit number
  CHECK(mask_id_number("12345678901") == "123456*****");
  CHECK(mask_id_number("1234567890") == "********90");
  CHECK(mask_id_number("123") == "*23");
  CHECK(mask_id_number("12") == "**");
  CHECK(mask_id_number("").empty());
  // Neither the birth digits nor the sequence and check: beside a birth year these would leave
  // a few dozen candidates.
  std::string id = make_test_id_number("420113", {1990, 1, 1}, 123);
  std::string masked = mask_id_number(id);
  CHECK(masked.find("19900101") == std::string::npos);
  CHECK(masked.find(id.substr(14)) == std::string::npos);
}

TEST_CASE("mask_birth_date keeps the year") {
  CHECK(mask_birth_date("1952-03-15") == "1952-**-**");
  CHECK(mask_birth_date("soon") == "****");
  CHECK(mask_birth_date("").empty());
}

TEST_CASE("mask_personal_numbers masks phones and ID numbers inside text, nothing else") {
  CHECK(mask_personal_numbers("身份证110101199003070011，电话13912345678") == "身份证110101************，电话139****5678");
  CHECK(mask_personal_numbers("座机027-84561234转12") == "座机027-****1234转12");
  CHECK(mask_personal_numbers("11010119900307001x") == "110101************");
  // Volunteer and certificate numbers, dates, longer or shorter runs stay as they are.
  CHECK(mask_personal_numbers("NKY20260001 2026-11-20 12345678901234 1391234567") ==
        "NKY20260001 2026-11-20 12345678901234 1391234567");
  CHECK(mask_personal_numbers("123139123456789") == "123139123456789");  // a phone inside a longer run
  // The community office's own number is public; a resident's beside it is still masked.
  const std::vector<std::string> office{"027-84560000"};
  CHECK(mask_personal_numbers("联系电话 027-84560000，居民 027-84561234", office) ==
        "联系电话 027-84560000，居民 027-****1234");
  CHECK(mask_personal_numbers("13912345678", {"13912345678"}) == "13912345678");
  CHECK(mask_personal_numbers("027-84560000") == "027-****0000");
  CHECK(has_masked_number("电话139****5678"));
  CHECK(has_masked_number("420113************"));
  CHECK_FALSE(has_masked_number("****重要****"));
  CHECK_FALSE(has_masked_number("13912345678"));
}

TEST_CASE("make_test_id_number refuses bad arguments") {
  CHECK_THROWS_AS(make_test_id_number("42011", {1990, 1, 1}, 1), Error);
  CHECK_THROWS_AS(make_test_id_number("42011a", {1990, 1, 1}, 1), Error);
  CHECK_THROWS_AS(make_test_id_number("420113", {1990, 2, 30}, 1), Error);
  CHECK_THROWS_AS(make_test_id_number("420113", {1990, 1, 1}, 1000), Error);
  CHECK_THROWS_AS(make_test_id_number("420113", {1990, 1, 1}, -1), Error);
  CHECK(make_test_id_number("420113", {1990, 1, 1}, 7).substr(14, 3) == "007");
}

TEST_CASE("phone: digits shorter than their area code are refused, not a crash (found by fuzz_validate)") {
  std::string out = "untouched";
  for (const char* in : {"((04)3", "043", "04", "(0)", "010", "02"}) {
    INFO(in);
    CHECK(normalize_phone(in, out).has_value());
    CHECK(out == "untouched");
  }
}

TEST_CASE("phone: the normal form of a landline with extension reads back unchanged (found by fuzz_validate)") {
  std::string out;
  REQUIRE_FALSE(normalize_phone("03-138-03-1080#0", out).has_value());
  CHECK(out == "0313-8031080-0");
  std::string again;
  REQUIRE_FALSE(normalize_phone(out, again).has_value());
  CHECK(again == out);
  REQUIRE_FALSE(normalize_phone("027-8456123-12", again).has_value());
  CHECK(again == "027-8456123-12");
}
