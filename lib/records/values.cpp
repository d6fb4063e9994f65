// Converting and checking one value of a field: the text a user typed into what is stored, and a
// stored value back into what an output shows.
#include "records/values.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include <fmt/format.h>

#include "records/choices.h"
#include "core/date.h"
#include "core/i18n.h"
#include "core/text.h"
#include "records/validate.h"

namespace shequ {

// Whether a value read back from an export made without --reveal is a mask, meaning "leave
// the stored value as it is": a masked field (no phone, ID number or date holds '*'), or free
// text whose phone or ID numbers were masked.
bool looks_masked(const Field& f, std::string_view s) {
  if (f.privacy == Privacy::phone || f.privacy == Privacy::id_number || f.privacy == Privacy::birth_date)
    return s.find('*') != std::string_view::npos;
  return f.type == FieldType::text && has_masked_number(s);
}

std::optional<std::int64_t> as_id(const Value& v) {
  if (auto i = std::get_if<std::int64_t>(&v)) return *i;
  return std::nullopt;
}

std::string as_text(const Value& v) {
  if (auto s = std::get_if<std::string>(&v)) return *s;
  return {};
}

std::optional<std::int64_t> parse_int(std::string_view s) {
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

namespace {

std::optional<double> parse_real(std::string_view s) {
  double v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::optional<bool> parse_bool(std::string_view s) {
  std::string l = to_lower_ascii(s);
  if (l == "1" || l == "true" || l == "yes" || l == "y" || s == "是") return true;
  if (l == "0" || l == "false" || l == "no" || l == "n" || s == "否") return false;
  return std::nullopt;
}

// The active codes of a kind with their labels, for a message: "veteran（退役军人）、…".
std::string vocab_codes(Context& ctx, const std::string& kind) {
  auto st = ctx.db.cached("SELECT code, zh, en FROM vocab WHERE kind = ? AND active = 1 ORDER BY sort, code");
  st.bind(1, kind);
  std::vector<std::string> shown;
  while (st.step())
    shown.push_back(tr_format("{} ({})", "{}（{}）", st.text(0), st.text(language() == Lang::en ? 2 : 1)));
  return join(shown, tr(", ", "、"));
}

std::optional<std::string> vocab_code(Context& ctx, const std::string& kind, std::string_view text) {
  return remembered_answer(ctx, "vocab", kind + '\x1f' + std::string(text), [&]() -> std::optional<std::string> {
    auto st = ctx.db.cached(
        "SELECT code FROM vocab WHERE kind = ?1 AND active = 1 AND (code = ?2 OR zh = ?2 OR "
        "lower(en) = lower(?2)) ORDER BY code = ?2 DESC LIMIT 1");
    st.bind(1, kind).bind(2, text);
    if (st.step()) return st.text(0);
    return std::nullopt;
  });
}

}  // namespace

// Whether `code` is a code of the kind, retired ones too (old records keep them).
bool vocab_has(Context& ctx, const std::string& kind, std::string_view code) {
  auto st = ctx.db.cached("SELECT 1 FROM vocab WHERE kind = ? AND code = ?");
  st.bind_all(kind, code);
  const bool known = st.step();
  return known;
}

// Text every value must be before it is converted: UTF-8, no control characters (free text may
// hold tabs and line breaks), not longer than its field allows. Never quotes the value.
std::optional<std::string> check_text(const Field& f, std::string_view text) {
  if (!is_valid_utf8(text)) return std::string(tr("is not valid UTF-8 text", "不是有效的 UTF-8 文本"));
  std::size_t chars = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if ((c & 0xc0) != 0x80) ++chars;
    bool c1 = c == 0xc2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) < 0xa0;  // U+0080–U+009F
    if (c >= 0x20 && c != 0x7f && !c1) continue;
    bool line_break = c == '\n' || (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n');
    if (f.multiline && (c == '\t' || line_break)) continue;
    unsigned code = c1 ? static_cast<unsigned char>(text[i + 1]) : c;
    return f.multiline ? tr_format("contains the control character U+{:04X} (only tabs and line breaks are allowed)",
                                   "含有控制字符 U+{:04X}（只允许制表符和换行）", code)
                       : tr_format("contains the control character U+{:04X} (one line of text, no tabs)",
                                   "含有控制字符 U+{:04X}（应为单行文本，不含制表符）", code);
  }
  std::size_t limit = f.max_chars ? f.max_chars : f.multiline ? kMaxTextChars : kMaxLineChars;
  if (chars > limit)
    return tr_format("is {} characters long; at most {} are allowed", "长度为 {} 个字符，最多 {} 个", chars, limit);
  return std::nullopt;
}

// The field's limits on a converted value: its numeric range, dates not in the future.
std::optional<std::string> check_limits(const Field& f, const Value& v) {
  double x = 0;
  if (auto i = std::get_if<std::int64_t>(&v)) x = static_cast<double>(*i);
  else if (auto d = std::get_if<double>(&v)) x = *d;
  if (std::holds_alternative<std::int64_t>(v) || std::holds_alternative<double>(v)) {
    if ((f.min && x < *f.min) || (f.max && x > *f.max)) {
      if (f.min && f.max)
        return tr_format("{} is out of range: {} to {}", "{} 超出范围：{} 至 {}", cell_text(v), *f.min, *f.max);
      if (f.min) return tr_format("{} is below the minimum {}", "{} 小于最小值 {}", cell_text(v), *f.min);
      return tr_format("{} is above the maximum {}", "{} 大于最大值 {}", cell_text(v), *f.max);
    }
  }
  if (f.past && f.type == FieldType::date) {
    if (auto s = std::get_if<std::string>(&v); s && *s > to_iso(today()))
      return tr_format("{} is in the future", "{} 是将来的日期", *s);
  }
  return std::nullopt;
}

// Converts one field's text; returns a problem message or nullopt.
std::optional<std::string> convert_value(Context& ctx, const Field& f, std::string_view text,
                                         Value& out) {
  switch (f.type) {
    case FieldType::text:
      out = std::string(text);
      return std::nullopt;
    case FieldType::integer:
      if (auto v = parse_int(text)) { out = *v; return std::nullopt; }
      return tr_format("\"{}\" is not a whole number", "“{}”不是整数", text);
    case FieldType::real:
      if (auto v = parse_real(text)) { out = *v; return std::nullopt; }
      return tr_format("\"{}\" is not a number", "“{}”不是数字", text);
    case FieldType::date:
      if (auto d = parse_date(text)) { out = to_iso(*d); return std::nullopt; }
      return tr_format("\"{}\" is not a date (use 2026-03-05)", "“{}”不是有效日期（格式如 2026-03-05）", text);
    case FieldType::datetime: {
      std::string s(text);
      if (s.size() >= 16 && (s[10] == ' ' || s[10] == 'T') && parse_date(s.substr(0, 10)) &&
          parse_time_of_day(s.substr(11, 5))) {
        s[10] = 'T';
        out = s.substr(0, 16);
        return std::nullopt;
      }
      if (auto d = parse_date(text)) { out = to_iso(*d) + "T00:00"; return std::nullopt; }
      return tr_format("\"{}\" is not a date and time (use 2026-03-05 14:30)",
                       "“{}”不是有效日期时间（格式如 2026-03-05 14:30）", text);
    }
    case FieldType::boolean:
      if (auto b = parse_bool(text)) { out = std::int64_t{*b ? 1 : 0}; return std::nullopt; }
      return tr_format("\"{}\" is not yes/no", "“{}”不是 是/否", text);
    case FieldType::phone: {
      std::string norm;
      if (auto p = normalize_phone(text, norm)) return p;
      out = norm;
      return std::nullopt;
    }
    case FieldType::id_number: {
      std::string norm;
      if (auto p = check_id_number(text, norm)) return p;
      out = norm;
      return std::nullopt;
    }
    case FieldType::ref:
      try {
        out = resolve(ctx, f.target, text);
        return std::nullopt;
      } catch (const Error& e) {
        // Ctrl-C, a busy or a lost connection stops the run; it is not this cell's fault.
        if (e.code() == Exit::interrupted || e.code() == Exit::busy || e.code() == Exit::io) throw;
        return e.what();
      }
    case FieldType::vocab:
      if (auto c = vocab_code(ctx, f.target, text)) { out = *c; return std::nullopt; }
      return tr_format("\"{}\" is not a {} code (valid: {})", "“{}”不是有效的{}代码（可用：{}）", text, f.target,
                       vocab_codes(ctx, f.target));
    case FieldType::tags: {
      std::string t(text);
      for (std::string_view sep : {"，", "、", "；", ";", "|"}) {
        for (auto pos = t.find(sep); pos != std::string::npos; pos = t.find(sep))
          t.replace(pos, sep.size(), ",");
      }
      std::vector<std::string> codes;
      for (const auto& part : split(t, ',')) {
        std::string p = trim(part);
        if (p.empty()) continue;
        auto c = vocab_code(ctx, f.target, p);
        if (!c)
          return tr_format("\"{}\" is not a {} code (valid: {})", "“{}”不是有效的{}代码（可用：{}）", p, f.target,
                           vocab_codes(ctx, f.target));
        if (std::find(codes.begin(), codes.end(), *c) == codes.end()) codes.push_back(*c);
      }
      if (codes.empty()) out = std::monostate{};
      else out = join(codes, ",");
      return std::nullopt;
    }
    case FieldType::choice:
      if (auto c = choice_code(f.choices, text)) { out = *c; return std::nullopt; }
      return tr_format("\"{}\" is not one of {}", "“{}”不是以下之一：{}", text, choices_with_labels(f.choices));
  }
  return std::nullopt;
}

Value column_value(const Stmt& st, int col) {
  switch (st.type(col)) {
    case ColumnType::null: return std::monostate{};
    case ColumnType::integer: return st.integer(col);
    case ColumnType::real: return st.real(col);
    default: return st.text(col);
  }
}

void bind_value(Stmt& st, int index, const Value& v) {
  std::visit([&](const auto& x) {
    using T = std::decay_t<decltype(x)>;
    if constexpr (std::is_same_v<T, std::monostate>) st.bind(index, nullptr);
    else st.bind(index, x);
  }, v);
}

// Masks or hides a value for output according to the field's privacy; phone and ID numbers
// written into free text are masked too.
Value protect(const Field& f, Value v, bool reveal) {
  if (reveal || std::holds_alternative<std::monostate>(v)) return v;
  switch (f.privacy) {
    case Privacy::none: {
      auto text = std::get_if<std::string>(&v);
      return text ? Value{mask_personal_numbers(*text)} : v;
    }
    case Privacy::phone: return mask_phone(cell_text(v));
    case Privacy::id_number: return mask_id_number(cell_text(v));
    case Privacy::birth_date: return mask_birth_date(cell_text(v));
    case Privacy::confidential: return std::string(tr("(confidential)", "（保密）"));
  }
  return v;
}

}  // namespace shequ
