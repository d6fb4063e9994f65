#include "records/validate.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <utility>
#include <vector>

#include "core/error.h"
#include "core/i18n.h"
#include "core/text.h"

namespace shequ {
namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

bool all_digits(std::string_view s) {
  for (char c : s)
    if (!is_digit(c)) return false;
  return true;
}

// Whether a spreadsheet stored a long number as a float and wrote it back as one: scientific
// notation (4.20191195609085E+017, 1.3800138E+10) or a trailing ".0" (13800138000.0).
bool spreadsheet_float(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size() && is_digit(s[i])) ++i;
  if (i == 0) return false;
  std::size_t int_digits = i;
  std::size_t frac = 0;
  if (i < s.size() && s[i] == '.') {
    for (++i; i < s.size() && is_digit(s[i]); ++i) ++frac;
  }
  if (i == s.size()) return frac > 0 && int_digits >= 7 && s.find_first_not_of('0', s.size() - frac) == std::string_view::npos;
  if (s[i] != 'E' && s[i] != 'e') return false;
  ++i;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  return i < s.size() && all_digits(s.substr(i));
}

std::string spreadsheet_float_problem() {
  return std::string(tr("a spreadsheet turned this number into a float: format the column as text and export again",
                        "电子表格把这个号码变成了浮点数：请把该列设为“文本”格式后重新导出"));
}

// Fullwidth forms (U+FF01–U+FF5E, typed by Chinese input methods) folded to ASCII, and
// U+3000 to a space, so "１３８００１３８０００" and "（０２７）" read like their ASCII twins.
std::string fold_fullwidth(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    auto b0 = static_cast<unsigned char>(s[i]);
    if (b0 == 0xef && i + 2 < s.size()) {
      auto b1 = static_cast<unsigned char>(s[i + 1]);
      auto b2 = static_cast<unsigned char>(s[i + 2]);
      if (b1 == 0xbc && b2 >= 0x81 && b2 <= 0xbf) {  // U+FF01–U+FF3F
        out += static_cast<char>(b2 - 0x81 + 0x21);
        i += 2;
        continue;
      }
      if (b1 == 0xbd && b2 >= 0x80 && b2 <= 0x9e) {  // U+FF40–U+FF5E
        out += static_cast<char>(b2 - 0x80 + 0x60);
        i += 2;
        continue;
      }
    }
    if (b0 == 0xe3 && i + 2 < s.size() && s[i + 1] == '\x80' && s[i + 2] == '\x80') {
      out += ' ';
      i += 2;
      continue;
    }
    out += s[i];
  }
  return out;
}

// Byte offsets where the UTF-8 characters of `s` start (a broken byte counts as one).
std::vector<std::size_t> char_starts(std::string_view s) {
  std::vector<std::size_t> starts;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xc0) != 0x80 || i == 0) starts.push_back(i);
  }
  return starts;
}

// All but the last `keep` characters replaced by '*'; values of `keep` characters or fewer are
// masked entirely, since keeping them would show everything.
std::string mask_keep_last(std::string_view s, std::size_t keep) {
  std::vector<std::size_t> starts = char_starts(s);
  if (starts.size() <= keep) return std::string(starts.size(), '*');
  std::size_t tail = starts[starts.size() - keep];
  return std::string(starts.size() - keep, '*') + std::string(s.substr(tail));
}

// The text after the first extension marker in `s` ("转", "分机", "ext", "x", "#"), which is
// cut off `s`; nullopt if there is none.
std::optional<std::string> cut_extension(std::string& s) {
  static constexpr std::array<std::string_view, 7> kMarkers = {"转",  "分机", "ext", "EXT",
                                                               "Ext", "x",    "#"};
  std::size_t best = std::string::npos;
  std::size_t best_len = 0;
  for (std::string_view m : kMarkers) {
    std::size_t at = s.find(m);
    if (at == std::string::npos && m == "x") at = s.find('X');
    if (at < best) {
      best = at;
      best_len = m.size();
    }
  }
  if (best == std::string::npos) return std::nullopt;
  std::string rest = trim(std::string_view(s).substr(best + best_len));
  while (!rest.empty() && (rest[0] == '.' || rest[0] == ':' || rest[0] == ' ')) rest.erase(0, 1);
  s.resize(best);
  return rest;
}

// Mainland area codes: 010 and 02X have three digits, every other 0XXX four.
std::size_t area_code_length(std::string_view digits) {
  if (digits.size() < 3 || digits[0] != '0') return 0;
  if (digits[1] == '2' || (digits[1] == '1' && digits[2] == '0')) return 3;
  if (digits[1] >= '3' && digits[1] <= '9') return 4;
  return 0;
}

char id_check_character(std::string_view first17) {
  static constexpr int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  static constexpr std::string_view kCheck = "10X98765432";
  int sum = 0;
  for (std::size_t i = 0; i < 17; ++i) sum += (first17[i] - '0') * kWeights[i];
  return kCheck[static_cast<std::size_t>(sum % 11)];
}

}  // namespace

std::optional<std::string> normalize_phone(std::string_view in, std::string& out) {
  const std::string original = trim(in);
  if (original.empty()) return std::string(tr("phone number is empty", "电话号码为空"));
  auto not_a_phone = [&] {
    return tr_format("\"{}\" is not an 11-digit mobile number or a landline number with area code",
                     "“{}”不是 11 位手机号，也不是带区号的固定电话号码", sanitize_for_terminal(original));
  };

  std::string main = fold_fullwidth(original);
  if (spreadsheet_float(main)) return spreadsheet_float_problem();
  std::string extension;
  if (std::optional<std::string> ext = cut_extension(main)) {
    if (ext->empty() || ext->size() > 6 || !all_digits(*ext)) return not_a_phone();
    extension = *ext;
  }

  // Digit groups as written: "027-8456-1234" → 027, 8456, 1234.
  std::vector<std::string> groups;
  std::string current;
  bool plus = false;
  const std::string body = trim(main);
  for (char c : body) {
    if (is_digit(c)) {
      current += c;
    } else if (c == ' ' || c == '-' || c == '(' || c == ')') {
      if (!current.empty()) groups.push_back(std::move(current));
      current.clear();
    } else if (c == '+' && !plus && groups.empty() && current.empty()) {  // "+86", "(+86)"
      plus = true;
    } else {
      return not_a_phone();
    }
  }
  if (!current.empty()) groups.push_back(std::move(current));
  if (groups.empty()) return not_a_phone();
  std::string digits = join(groups, "");

  bool country_code = false;
  if (plus) {
    if (digits.compare(0, 2, "86") != 0) return not_a_phone();
    digits.erase(0, 2);
    country_code = true;
  } else if (digits.compare(0, 4, "0086") == 0) {
    digits.erase(0, 4);
    country_code = true;
  } else if (digits.size() == 13 && digits.compare(0, 3, "861") == 0) {
    digits.erase(0, 2);
    country_code = true;
  }

  if (digits.size() == 11 && digits[0] == '1') {
    if (digits[1] < '3' || !extension.empty()) return not_a_phone();
    out = digits;
    return std::nullopt;
  }

  if (country_code && !digits.empty() && digits[0] != '0') digits.insert(0, "0");
  if (digits.empty() || digits[0] != '0') {
    if ((digits.size() == 7 || digits.size() == 8) && digits[0] >= '2') {
      return tr_format("\"{}\" has no area code; write a landline number like 027-84561234",
                       "“{}”缺少区号；固定电话请写成 027-84561234 的形式", sanitize_for_terminal(original));
    }
    return not_a_phone();
  }
  std::size_t area_length = area_code_length(digits);
  if (area_length == 0 || area_length >= digits.size()) return not_a_phone();  // "043": fuzz_validate
  std::string area = digits.substr(0, area_length);
  std::string local = digits.substr(area_length);
  // "027-84561234-12": a trailing group that does not fit the local number is an extension.
  const std::string& last = groups.back();
  // The normal form itself ("0313-8031080-0") reads back unchanged: area, a whole local
  // number and a short group are area, local and extension (found by fuzz_validate).
  if (extension.empty() && !country_code && groups.size() == 3 && groups[0] == area &&
      groups[1].size() >= 7 && groups[1].size() <= 8 && groups[2].size() <= 6) {
    extension = groups[2];
    local = groups[1];
  }
  if (extension.empty() && local.size() > 8 && groups.size() >= 2 && last.size() <= 6 &&
      local.size() - last.size() >= 7 && local.size() - last.size() <= 8) {
    extension = last;
    local.resize(local.size() - last.size());
  }
  if (local.size() < 7 || local.size() > 8 || local[0] < '2') return not_a_phone();
  out = area + "-" + local;
  if (!extension.empty()) out += "-" + extension;
  return std::nullopt;
}

std::optional<std::string> check_id_number(std::string_view in, std::string& out,
                                           IdNumberInfo* info) {
  std::string s = fold_fullwidth(trim(in));
  if (s.empty()) return std::string(tr("ID number is empty", "身份证号为空"));
  if (spreadsheet_float(s)) return spreadsheet_float_problem();
  std::vector<std::size_t> starts = char_starts(s);
  if (starts.size() != 18) {
    return tr_format("must be 18 characters, found {}", "应为 18 位，实际为 {} 位", starts.size());
  }
  for (std::size_t i = 0; i < 18; ++i) {
    std::size_t end = i + 1 < 18 ? starts[i + 1] : s.size();
    std::string_view ch = std::string_view(s).substr(starts[i], end - starts[i]);
    bool ok = ch.size() == 1 && (is_digit(ch[0]) || (i == 17 && (ch[0] == 'X' || ch[0] == 'x')));
    if (ok) continue;
    if (i == 17) {
      return tr_format("the last character must be a digit or X, found \"{}\"", "最后一位应为数字或 X，实际为“{}”",
                       sanitize_for_terminal(ch));
    }
    return tr_format("character {} must be a digit, found \"{}\"", "第 {} 位应为数字，实际为“{}”", i + 1,
                     sanitize_for_terminal(ch));
  }
  if (s[17] == 'x') s[17] = 'X';

  const std::string birth_text = s.substr(6, 8);
  const int year = std::stoi(s.substr(6, 4));
  const int month = std::stoi(s.substr(10, 2));
  const int day = std::stoi(s.substr(12, 2));
  if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month)) {
    return tr_format("birth date {} is not a date", "出生日期 {} 不是有效日期", birth_text);
  }
  if (year < 1900) {
    return tr_format("birth date {} is before 1900", "出生日期 {} 早于 1900 年", birth_text);
  }
  const Date birth{year, month, day};
  if (birth > today()) {
    return tr_format("birth date {} is in the future", "出生日期 {} 晚于今天", birth_text);
  }
  const char expected = id_check_character(s);
  if (s[17] != expected) {
    return tr_format("check digit should be {}, found {}", "校验位应为 {}，实际为 {}", expected, s[17]);
  }
  out = s;
  if (info) {
    info->birth = birth;
    info->gender = (s[16] - '0') % 2 == 1 ? 'M' : 'F';
  }
  return std::nullopt;
}

std::string mask_phone(std::string_view phone) {
  std::string normal;
  if (normalize_phone(phone, normal)) return mask_keep_last(trim(phone), 2);
  std::size_t dash = normal.find('-');
  if (dash == std::string::npos) return normal.substr(0, 3) + "****" + normal.substr(7);
  std::size_t local_end = normal.find('-', dash + 1);
  if (local_end == std::string::npos) local_end = normal.size();
  return normal.substr(0, dash) + "-****" + normal.substr(local_end - 4);
}

std::string mask_id_number(std::string_view id_number) {
  std::string s = trim(id_number);
  std::vector<std::size_t> starts = char_starts(s);
  if (starts.size() <= 10) return mask_keep_last(s, 2);
  // Only the area: the sequence and check digits beside a known birth year would leave a few
  // dozen candidates (DOMAIN.md, "Personal information").
  return s.substr(0, starts[6]) + std::string(starts.size() - 6, '*');
}

std::string mask_birth_date(std::string_view iso_date) {
  std::string s = trim(iso_date);
  if (s.size() >= 4 && all_digits(std::string_view(s).substr(0, 4))) return s.substr(0, 4) + "-**-**";
  return std::string(char_starts(s).size(), '*');
}

namespace {

// The length of the run of ASCII digits (and, for an ID number, a last X) at `i`.
std::size_t digit_run(std::string_view s, std::size_t i) {
  std::size_t j = i;
  while (j < s.size() && is_digit(s[j])) ++j;
  if (j - i == 17 && j < s.size() && (s[j] == 'X' || s[j] == 'x')) ++j;
  return j - i;
}

// Whether the digit run of length n at `i` is a landline's area code: 0 and 2–3 more digits,
// a hyphen, then 7 or 8 digits.
bool run_is_landline(std::string_view s, std::size_t i, std::size_t n) {
  if (s[i] != '0' || (n != 3 && n != 4) || i + n >= s.size() || s[i + n] != '-') return false;
  std::size_t local = digit_run(s, i + n + 1);
  return local >= 7 && local <= 8;
}

}  // namespace

std::string mask_personal_numbers(std::string_view text, const std::vector<std::string>& public_numbers) {
  auto is_public = [&](std::string_view number) {
    return std::find(public_numbers.begin(), public_numbers.end(), number) != public_numbers.end();
  };
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    if (!is_digit(text[i]) || (i > 0 && is_digit(text[i - 1]))) {
      out += text[i++];
      continue;
    }
    std::size_t n = digit_run(text, i);
    if (run_is_landline(text, i, n)) n += 1 + digit_run(text, i + n + 1);  // 027-84561234
    std::string_view number = text.substr(i, n);
    if (is_public(number)) out += number;
    else if (n == 18) out += mask_id_number(number);
    else if ((n == 11 && number[0] == '1' && number[1] >= '3') || number.find('-') != std::string_view::npos)
      out += mask_phone(number);
    else out += number;
    i += n;
  }
  return out;
}

bool has_masked_number(std::string_view text) {
  for (std::size_t at = text.find("****"); at != std::string_view::npos; at = text.find("****", at + 1))
    if ((at > 0 && (is_digit(text[at - 1]) || text[at - 1] == '-')) ||
        (at + 4 < text.size() && is_digit(text[at + 4])))
      return true;
  return false;
}

std::string make_test_id_number(std::string_view area6, Date birth, int seq3) {
  if (area6.size() != 6 || !all_digits(area6)) {
    throw Error(Exit::usage, tr_format("area code \"{}\" is not 6 digits", "地区码“{}”不是 6 位数字",
                                       sanitize_for_terminal(area6)));
  }
  if (seq3 < 0 || seq3 > 999) {
    throw Error(Exit::usage, tr_format("sequence number {} is not in 0–999", "顺序码 {} 不在 0–999 之间", seq3));
  }
  if (birth.year < 1900 || birth.year > 9999 || birth.month < 1 || birth.month > 12 ||
      birth.day < 1 || birth.day > days_in_month(birth.year, birth.month)) {
    throw Error(Exit::usage, tr_format("birth date {}-{}-{} is not a date", "出生日期 {}-{}-{} 不是有效日期",
                                       birth.year, birth.month, birth.day));
  }
  std::string id =
      fmt::format("{}{:04}{:02}{:02}{:03}", area6, birth.year, birth.month, birth.day, seq3);
  id += id_check_character(id);
  return id;
}

}  // namespace shequ
