#include "entity.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <unordered_map>

#include <fmt/format.h>

#include "audit.h"
#include "choices.h"
#include "date.h"
#include "i18n.h"
#include "text.h"
#include "validate.h"
#include "vocab.h"

namespace shequ {
namespace {

// Whether a value read back from an export made without --reveal is a mask, meaning "leave
// the stored value as it is": a masked field (no phone, ID number or date holds '*'), or free
// text whose phone or ID numbers were masked.
bool looks_masked(const Field& f, std::string_view s) {
  if (f.privacy == Privacy::phone || f.privacy == Privacy::id_number || f.privacy == Privacy::birth_date)
    return s.find('*') != std::string_view::npos;
  return f.type == FieldType::text && has_masked_number(s);
}

std::optional<std::int64_t> parse_int(std::string_view s) {
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

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
  auto st = ctx.db.cached(
      "SELECT code FROM vocab WHERE kind = ?1 AND active = 1 AND (code = ?2 OR zh = ?2 OR "
      "lower(en) = lower(?2)) ORDER BY code = ?2 DESC LIMIT 1");
  st.bind(1, kind).bind(2, text);
  if (st.step()) return st.text(0);
  return std::nullopt;
}

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

std::string select_expr(const Field& f) {
  if (!f.select.empty()) return f.select;
  return "t." + f.column;
}

bool is_numeric(const Field& f) {
  return f.numeric || f.type == FieldType::integer || f.type == FieldType::real;
}

bool has_private_fields(const Entity& e) {
  for (const auto& f : e.fields)
    if (f.privacy != Privacy::none) return true;
  return false;
}

}  // namespace

// ---- small types ----

const std::string* Input::get(std::string_view key) const {
  for (const auto& [k, v] : values)
    if (k == key) return &v;
  return nullptr;
}

void Input::set(std::string key, std::string value) {
  for (auto& [k, v] : values) {
    if (k == key) { v = std::move(value); return; }
  }
  values.emplace_back(std::move(key), std::move(value));
}

const Value& Record::get(const Entity& e, std::string_view key) const {
  static const Value null;
  int i = e.index(key);
  return i < 0 || !present[static_cast<std::size_t>(i)] ? null : values[static_cast<std::size_t>(i)];
}

void Record::put(const Entity& e, std::string_view key, Value v) {
  int i = e.index(key);
  if (i < 0) throw std::logic_error("no field " + std::string(key) + " in " + e.name);
  values[static_cast<std::size_t>(i)] = std::move(v);
  present[static_cast<std::size_t>(i)] = true;
}

bool Record::has(const Entity& e, std::string_view key) const {
  int i = e.index(key);
  return i >= 0 && present[static_cast<std::size_t>(i)];
}

const Field* Entity::field(std::string_view key) const {
  int i = index(key);
  return i < 0 ? nullptr : &fields[static_cast<std::size_t>(i)];
}

int Entity::index(std::string_view key) const {
  for (std::size_t i = 0; i < fields.size(); ++i)
    if (fields[i].key == key) return static_cast<int>(i);
  return -1;
}

void Query::add(std::string condition, Value v) {
  where.push_back(std::move(condition));
  binds.push_back(std::move(v));
}

std::string ref_text(const Entity& e, std::int64_t id) {
  if (!e.prefix) return std::to_string(id);  // kinds without a reference prefix (service entries)
  return fmt::format("{}{}", e.prefix, id);
}

std::vector<std::string> entity_kinds() {
  std::vector<std::string> k;
  for (const Entity* e : all_entities()) k.push_back(e->plural);
  return k;
}

const Entity& entity_named(std::string_view name) {
  for (const Entity* e : all_entities())
    if (e->name == name || e->plural == name) return *e;
  std::vector<std::string> kinds;
  for (const Entity* e : all_entities()) kinds.push_back(e->plural);
  throw Error(Exit::usage,
              tr_format("unknown kind \"{}\" (known: {})", "未知类别“{}”（可用：{}）", name, join(kinds, ", ")));
}

// ---- references ----

// What resolve() remembers while a ResolveMemo lives: per kind, the answers and the tables its
// lookup reads (every identifier of lookup_sql and the kind's table: over-approximating only
// forgets more often).
struct ResolveMemo::State {
  struct Kind {
    std::vector<std::string> reads;
    std::unordered_map<std::string, std::int64_t> ids;
  };
  Db* db = nullptr;
  std::unordered_map<const Entity*, Kind> kinds;
};

namespace {

// Answers kept per kind before starting afresh: bounds memory on a million distinct households.
constexpr std::size_t kMemoEntriesPerKind = 1 << 16;

ResolveMemo::State* g_memo = nullptr;

void forget_on_write(ResolveMemo::State* state, std::string_view table) {
  for (auto& [entity, kind] : state->kinds) {
    if (kind.ids.empty()) continue;
    for (const auto& t : kind.reads)
      if (t == table) { kind.ids.clear(); break; }
  }
}

ResolveMemo::State::Kind* memo_for(Db& db, const Entity& e) {
  if (!g_memo || g_memo->db != &db) return nullptr;
  auto [it, added] = g_memo->kinds.try_emplace(&e);
  if (added) {
    auto& reads = it->second.reads;
    reads.push_back(e.table);
    const std::string& sql = e.lookup_sql;
    for (std::size_t i = 0; i < sql.size();) {
      auto word = [&](std::size_t k) { return k < sql.size() && (std::isalnum(static_cast<unsigned char>(sql[k])) || sql[k] == '_'); };
      if (!word(i)) { ++i; continue; }
      std::size_t j = i;
      while (word(j)) ++j;
      std::string w = sql.substr(i, j - i);
      if (std::find(reads.begin(), reads.end(), w) == reads.end()) reads.push_back(std::move(w));
      i = j;
    }
  }
  return &it->second;
}

}  // namespace

ResolveMemo::ResolveMemo(Db& db) : db_(db) {
  if (g_memo) return;  // an outer memo already serves
  state_ = std::make_unique<State>();
  state_->db = &db;
  g_memo = state_.get();
  db_.on_write([state = state_.get()](std::string_view table) { forget_on_write(state, table); });
}

ResolveMemo::~ResolveMemo() {
  if (!state_) return;
  db_.on_write({});
  g_memo = nullptr;
}

namespace {

std::int64_t resolve_uncached(Context& ctx, const Entity& e, const std::string& t);

}  // namespace

std::int64_t resolve(Context& ctx, const Entity& e, std::string_view text) {
  std::string t = trim(text);
  auto* memo = memo_for(ctx.db, e);
  if (memo) {
    if (auto it = memo->ids.find(t); it != memo->ids.end()) return it->second;
  }
  std::int64_t id = resolve_uncached(ctx, e, t);
  if (memo) {
    if (memo->ids.size() >= kMemoEntriesPerKind) memo->ids.clear();
    memo->ids.emplace(std::move(t), id);
  }
  return id;
}

namespace {

// The records (id, label) the entity's lookup finds for a reference text, at most 11.
std::vector<std::pair<std::int64_t, std::string>> lookup(Context& ctx, const Entity& e, const std::string& t) {
  std::vector<std::pair<std::int64_t, std::string>> found;
  if (!e.lookup_sql.empty()) {
    auto st = ctx.db.cached(e.lookup_sql);
    st.bind(1, t);
    while (st.step() && found.size() < 11) found.emplace_back(st.integer(0), st.text(1));
  }
  return found;
}

std::int64_t resolve_uncached(Context& ctx, const Entity& e, const std::string& t) {
  // Typed with full-width digits (Ｒ５, １３８…, ３-２-５０１): read as ASCII where the text as
  // typed finds nothing.
  const std::string ascii = nfkc(t);
  if (ascii.size() >= 2 && std::toupper(static_cast<unsigned char>(ascii[0])) == e.prefix) {
    if (auto id = parse_int(std::string_view(ascii).substr(1)); id && *id > 0) {
      auto st = ctx.db.cached(fmt::format("SELECT 1 FROM {} WHERE id = ?", e.table));
      st.bind(1, *id);
      if (st.step()) return *id;
      throw Error(Exit::not_found, tr_format("no {} {}", "{} {} 不存在", tr(e.en, e.zh), t));
    }
  }
  auto found = lookup(ctx, e, t);
  if (found.empty() && ascii != t) found = lookup(ctx, e, ascii);
  if (found.empty() && e.key_form)
    if (auto key = e.key_form(ascii); key && *key != t) found = lookup(ctx, e, *key);
  if (found.size() == 1) return found[0].first;
  if (found.empty()) {
    throw Error(Exit::not_found,
                tr_format("no {} matches \"{}\"", "没有与“{}”匹配的{}", language() == Lang::en ? std::string(e.en) : t,
                          language() == Lang::en ? t : std::string(e.zh)),
                e.prefix ? tr_format("use the prefixed id, e.g. {0}1 (see `shequ {1} list`)",
                                     "可用带前缀的编号，如 {0}1（见 `shequ {1} list`）", e.prefix, e.name)
                         : std::string());
  }
  std::string list;
  for (const auto& [id, lbl] : found) list += fmt::format("\n  {}  {}", ref_text(e, id), lbl);
  throw Error(Exit::data, tr_format("\"{}\" is ambiguous; it matches:{}", "“{}”不唯一，匹配到：{}", t, list),
              std::string(tr("use the prefixed id", "请改用带前缀的编号")));
}

}  // namespace

std::int64_t resolve(Context& ctx, std::string_view entity, std::string_view text) {
  return resolve(ctx, entity_named(entity), text);
}

// ---- converting and writing ----

namespace {

// One natural key, parsed once: its fields and which of them may be null.
struct KeyPlan {
  std::vector<std::size_t> fields;
  std::vector<bool> nullable;
  std::uint32_t implied_by = 0;  // earlier keys whose fields are all among this key's fields
};

// The SQL an entity's writes and matches need, built once per entity and set of columns rather
// than formatted again for every row of an import. Column sets are bit masks of field indexes.
struct EntityPlan {
  std::vector<KeyPlan> keys;
  bool masks = true;  // false if the entity has more fields than a mask holds: built every time
  std::unordered_map<std::uint64_t, std::string> insert_sql, select_sql, update_sql, probe_sql;
};

EntityPlan& plan_of(const Entity& e) {
  static std::unordered_map<const Entity*, EntityPlan> plans;
  auto [it, added] = plans.try_emplace(&e);
  EntityPlan& plan = it->second;
  if (!added) return plan;
  if (e.natural_keys.size() > 32) throw std::logic_error("more than 32 natural keys in " + e.name);
  plan.masks = e.fields.size() <= 64;
  for (const auto& keyset : e.natural_keys) {
    KeyPlan k;
    for (std::string key : keyset) {
      bool nullable = key.ends_with('?');
      if (nullable) key.pop_back();
      int i = e.index(key);
      if (i < 0 || e.fields[static_cast<std::size_t>(i)].column.empty())
        throw std::logic_error("natural key: no stored field " + key + " in " + e.name);
      k.fields.push_back(static_cast<std::size_t>(i));
      k.nullable.push_back(nullable);
    }
    for (std::size_t j = 0; j < plan.keys.size(); ++j) {
      const auto& earlier = plan.keys[j].fields;
      if (std::all_of(earlier.begin(), earlier.end(), [&](std::size_t f) {
            return std::find(k.fields.begin(), k.fields.end(), f) != k.fields.end();
          }))
        k.implied_by |= 1u << j;
    }
    plan.keys.push_back(std::move(k));
  }
  return plan;
}

// The SQL text for `mask`, from the plan's cache (or built afresh when masks do not fit).
template <class Build>
const std::string& sql_for(EntityPlan& plan, std::unordered_map<std::uint64_t, std::string>& cache,
                           std::uint64_t mask, std::string& scratch, Build build) {
  if (!plan.masks) return scratch = build();
  auto it = cache.find(mask);
  if (it == cache.end()) it = cache.emplace(mask, build()).first;
  return it->second;
}

bool is_null(const Value& v) { return std::holds_alternative<std::monostate>(v); }

// Dates of one record that contradict each other (moved out before moving in): each field with
// `not_before` against the other's given or stored value.
void check_order(Context& ctx, const Entity& e, const Record& r, std::optional<std::int64_t> existing,
                 std::vector<Problem>& problems) {
  for (std::size_t i = 0; i < e.fields.size(); ++i) {
    const Field& f = e.fields[i];
    if (f.not_before.empty()) continue;
    const Field& other = *e.field(f.not_before);
    auto value = [&](const Field& x) -> std::optional<std::string> {
      if (r.has(e, x.key)) {
        if (auto s = std::get_if<std::string>(&r.get(e, x.key))) return *s;
        return std::nullopt;
      }
      if (!existing) return std::nullopt;
      auto st = ctx.db.cached(fmt::format("SELECT {} FROM {} WHERE id = ?", x.column, e.table));
      st.bind(1, *existing);
      std::optional<std::string> stored;
      if (st.step()) stored = st.opt_text(0);
      return stored;
    };
    if (!r.has(e, f.key) && !r.has(e, other.key)) continue;
    auto mine = value(f), theirs = value(other);
    if (mine && theirs && *mine < *theirs)
      problems.push_back({f.key, tr_format("{} is before {} ({})", "{} 早于 {}（{}）", *mine, other.key, *theirs)});
  }
}

}  // namespace

Record convert(Context& ctx, const Entity& e, const Input& in, std::optional<std::int64_t> existing,
               std::vector<Problem>& problems) {
  Record r;
  r.values.resize(e.fields.size());
  r.present.assign(e.fields.size(), false);
  for (std::size_t i = 0; i < e.fields.size(); ++i) {
    const Field& f = e.fields[i];
    const std::string* raw = in.get(f.key);
    if (!raw || (f.column.empty() && !f.hook)) continue;
    if (auto problem = check_text(f, *raw)) {
      problems.push_back({f.key, *problem});
      continue;
    }
    // Full-width digits and letters, as Chinese input methods type them, read as ASCII; free
    // text keeps its full-width punctuation.
    std::string text = trim(f.type != FieldType::text || f.normalize ? nfkc(*raw) : *raw);
    if (text.empty() && !f.fallback.empty()) text = f.fallback;  // a blank takes the default
    if (text.empty()) {
      r.present[i] = true;
      continue;
    }
    // A masked value (from an export made without --reveal) means "leave as it is".
    if (looks_masked(f, text)) continue;
    if (auto problem = convert_value(ctx, f, text, r.values[i])) {
      problems.push_back({f.key, *problem});
      continue;
    }
    if (auto problem = check_limits(f, r.values[i])) {
      problems.push_back({f.key, *problem});
      continue;
    }
    r.present[i] = true;
  }
  if (!existing && e.match_before_prepare) {
    r.match = find_existing(ctx, e, r);
    r.matched = true;
    existing = r.match;
  }
  if (e.prepare) e.prepare(ctx, r, existing, problems);
  check_order(ctx, e, r, existing, problems);
  return r;
}

std::optional<std::int64_t> find_existing(Context& ctx, const Entity& e, const Record& r) {
  if (r.matched) return r.match;
  EntityPlan& plan = plan_of(e);
  auto value = [&](std::size_t field) -> const Value& {
    static const Value null;
    return r.present[field] ? r.values[field] : null;
  };
  std::uint32_t complete = 0;  // keys whose every field has a value: a stronger key tells records apart
  for (std::size_t k = 0; k < plan.keys.size(); ++k) {
    const auto& fs = plan.keys[k].fields;
    if (std::all_of(fs.begin(), fs.end(), [&](std::size_t f) { return !is_null(value(f)); })) complete |= 1u << k;
  }
  std::uint32_t matched_nothing = 0;
  std::string scratch;
  for (std::size_t k = 0; k < plan.keys.size(); ++k) {
    const KeyPlan& key = plan.keys[k];
    bool usable = true;
    for (std::size_t i = 0; i < key.fields.size(); ++i)
      if (!key.nullable[i] && is_null(value(key.fields[i]))) usable = false;
    if (!usable) continue;
    // This key's condition implies that of an earlier key which matched nothing (its values and
    // its exclusions are all part of this one): nothing can match here either.
    if (key.implied_by & matched_nothing) {
      matched_nothing |= 1u << k;
      continue;
    }
    // A record that a stronger key tells apart is not a match: two people of the same name in
    // one household with different ID numbers are two people.
    std::uint32_t stronger = complete & static_cast<std::uint32_t>((std::uint64_t{1} << k) - 1);
    const std::string& sql = sql_for(plan, plan.probe_sql, (std::uint64_t{stronger} << 8) | k, scratch, [&] {
      std::string q = fmt::format("SELECT id FROM {} WHERE 1", e.table);
      for (std::size_t i = 0; i < key.fields.size(); ++i) {
        const std::string& col = e.fields[key.fields[i]].column;
        // Nullable parts must not drive the index choice (`+col`): `id_number IS NULL` would
        // otherwise walk every person without an ID number.
        if (key.nullable[i]) q += fmt::format(" AND +{} IS ?", col);
        else q += fmt::format(" AND {} = ?", col);
      }
      for (std::size_t j = 0; j < k; ++j) {
        if (!(stronger & (1u << j))) continue;
        std::string all_set, differs;
        for (std::size_t f : plan.keys[j].fields) {
          all_set += fmt::format(" AND +{} IS NOT NULL", e.fields[f].column);
          differs += fmt::format("{}+{} <> ?", differs.empty() ? "" : " OR ", e.fields[f].column);
        }
        q += fmt::format(" AND NOT (1{} AND ({}))", all_set, differs);
      }
      return q + " LIMIT 2";
    });
    auto st = ctx.db.cached(sql);
    int n = 0;
    for (std::size_t f : key.fields) bind_value(st, ++n, value(f));
    for (std::size_t j = 0; j < k; ++j)
      if (stronger & (1u << j))
        for (std::size_t f : plan.keys[j].fields) bind_value(st, ++n, value(f));
    if (st.step()) {
      std::int64_t id = st.integer(0);
      if (!st.step()) return id;
    } else {
      matched_nothing |= 1u << k;
    }
  }
  return std::nullopt;
}


std::pair<std::int64_t, Outcome> write_record(Context& ctx, const Entity& e, const Record& r,
                                              std::optional<std::int64_t> existing) {
  EntityPlan& plan = plan_of(e);
  std::string scratch;
  auto mask_of = [&](auto&& wanted) {
    std::uint64_t mask = 0;
    for (std::size_t i = 0; i < e.fields.size() && i < 64; ++i)
      if (wanted(i)) mask |= std::uint64_t{1} << i;
    return mask;
  };
  if (!existing) {
    auto stored = [&](std::size_t i) { return r.present[i] && !e.fields[i].column.empty(); };
    const std::string& sql = sql_for(plan, plan.insert_sql, mask_of(stored), scratch, [&] {
      std::string cols, marks;
      for (std::size_t i = 0; i < e.fields.size(); ++i) {
        if (!stored(i)) continue;
        cols += (cols.empty() ? "" : ", ") + e.fields[i].column;
        marks += marks.empty() ? "?" : ", ?";
      }
      return fmt::format("INSERT INTO {} ({}) VALUES ({})", e.table, cols, marks);
    });
    auto st = ctx.db.cached(sql);
    int n = 0;
    for (std::size_t i = 0; i < e.fields.size(); ++i)
      if (stored(i)) bind_value(st, ++n, r.values[i]);
    st.run();
    std::int64_t id = ctx.db.last_insert_id();
    if (e.after_write) e.after_write(ctx, id, Outcome::inserted, r);
    return {id, Outcome::inserted};
  }
  // Compare the given columns (and hook fields) with what is stored; update only those that differ.
  auto given_field = [&](std::size_t i) { return r.present[i] && (!e.fields[i].column.empty() || e.fields[i].hook); };
  std::vector<std::size_t> given;
  for (std::size_t i = 0; i < e.fields.size(); ++i)
    if (given_field(i)) given.push_back(i);
  if (given.empty()) return {*existing, Outcome::unchanged};
  std::vector<std::size_t> changed;
  {
    const std::string& sql = sql_for(plan, plan.select_sql, mask_of(given_field), scratch, [&] {
      std::string cols;
      for (std::size_t i : given)
        cols += (cols.empty() ? "" : ", ") + (e.fields[i].hook ? e.fields[i].select : "t." + e.fields[i].column);
      return fmt::format("SELECT {} FROM {} t WHERE t.id = ?", cols, e.table);
    });
    auto st = ctx.db.cached(sql);
    st.bind(1, *existing);
    if (!st.step()) throw Error(Exit::not_found, fmt::format("{} {} vanished", e.name, *existing));
    for (std::size_t k = 0; k < given.size(); ++k) {
      Value stored = column_value(st, static_cast<int>(k));
      const Value& v = r.values[given[k]];
      bool same = stored == v ||
                  (std::holds_alternative<double>(stored) && std::holds_alternative<std::int64_t>(v) &&
                   std::get<double>(stored) == static_cast<double>(std::get<std::int64_t>(v)));
      if (!same) changed.push_back(given[k]);
    }
  }
  if (changed.empty()) return {*existing, Outcome::unchanged};
  auto set_field = [&](std::size_t i) {
    return !e.fields[i].hook && std::find(changed.begin(), changed.end(), i) != changed.end();
  };
  std::uint64_t sets = mask_of(set_field);
  if (sets != 0 || !plan.masks) {
    const std::string& sql = sql_for(plan, plan.update_sql, sets, scratch, [&] {
      std::string cols;
      for (std::size_t i : changed)
        if (!e.fields[i].hook) cols += (cols.empty() ? "" : ", ") + e.fields[i].column + " = ?";
      return cols.empty() ? std::string() : fmt::format("UPDATE {} SET {} WHERE id = ?", e.table, cols);
    });
    if (!sql.empty()) {
      auto st = ctx.db.cached(sql);
      int n = 0;
      for (std::size_t i : changed)
        if (!e.fields[i].hook) bind_value(st, ++n, r.values[i]);
      st.bind(++n, *existing);
      st.run();
    }
  }
  if (e.after_write) e.after_write(ctx, *existing, Outcome::updated, r);
  return {*existing, Outcome::updated};
}

std::string describe(const std::vector<Problem>& problems, std::string_view where) {
  std::string out;
  for (const auto& p : problems) {
    if (!out.empty()) out += "\n";
    if (!where.empty()) out += fmt::format("{}: ", where);
    out += p.field.empty() ? p.message : fmt::format("{}: {}", p.field, p.message);
  }
  return out;
}

void throw_if(const std::vector<Problem>& problems, std::string_view where) {
  if (!problems.empty()) throw Error(Exit::data, describe(problems, where));
}

namespace {

// True if `s` would read as a prefixed id of some kind (R5, g03, B12): references that may name
// several kinds (a case party, a need's assignee) read the prefix before anything else.
bool reads_as_id(std::string_view s) {
  if (s.size() < 2) return false;
  char first = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
  for (const Entity* e : all_entities())
    if (e->prefix && e->prefix == first) {
      auto id = parse_int(s.substr(1));
      return id && *id > 0;
    }
  return false;
}

// The text fields of an entity's natural keys: how references find its records by name.
std::vector<const Field*> key_text_fields(const Entity& e, bool single_only) {
  std::vector<const Field*> out;
  for (const auto& keyset : e.natural_keys) {
    if (single_only && keyset.size() != 1) continue;
    for (std::string key : keyset) {
      if (key.ends_with('?')) key.pop_back();
      const Field* f = e.field(key);
      if (f && f->type == FieldType::text && !f->multiline && std::find(out.begin(), out.end(), f) == out.end())
        out.push_back(f);
    }
  }
  return out;
}

// A converted constraint failure: the field whose column SQLite names, with its message.
Problem constraint_problem(const Entity& e, const DbError& err) {
  for (const auto& f : e.fields)
    if (!f.column.empty() && f.column == err.column()) {
      std::string m = err.what();
      if (auto colon = m.find(": "); colon != std::string::npos && m.compare(0, colon, err.column()) == 0)
        m.erase(0, colon + 2);
      return {f.key, m};
    }
  return {"", err.what()};
}

}  // namespace

void check_record(const Entity& e, const Record& r, bool inserting, std::vector<Problem>& problems) {
  for (std::size_t i = 0; i < e.fields.size(); ++i) {
    const Field& f = e.fields[i];
    if (!f.required || f.column.empty()) continue;
    bool null = std::holds_alternative<std::monostate>(r.values[i]);
    if ((inserting && (!r.present[i] || null)) || (!inserting && r.present[i] && null))
      problems.push_back({f.key, std::string(tr("is required", "必填"))});
  }
  // Kinds without a prefix (service entries, rewards) are never named among prefixed ids.
  if (e.lookup_sql.empty() || !e.prefix) return;
  for (const Field* f : key_text_fields(e, false)) {
    const Value& v = r.get(e, f->key);
    if (auto s = std::get_if<std::string>(&v); s && reads_as_id(*s))
      problems.push_back({f->key, tr_format("\"{}\" would read as a record id; choose another",
                                            "“{}”会被当作记录编号；请换一个", *s)});
  }
}

void check_key_collisions(Context& ctx, const Entity& e, const Record& r, std::optional<std::int64_t> self,
                          std::vector<Problem>& problems) {
  if (e.collision_sql.empty()) return;
  for (const Field* f : key_text_fields(e, true)) {
    const Value& v = r.get(e, f->key);
    auto s = std::get_if<std::string>(&v);
    if (!s) continue;
    auto st = ctx.db.cached(e.collision_sql);
    st.bind(1, *s);
    while (st.step()) {
      if (self && st.integer(0) == *self) continue;
      problems.push_back({f->key, tr_format("\"{}\" would also find {} {} ({}); choose a value that tells them apart",
                                            "“{}”会同时查到{} {}（{}）；请换一个能区分的值", *s, tr(e.en, e.zh),
                                            ref_text(e, st.integer(0)), st.text(1))});
      break;
    }
  }
}

std::pair<std::int64_t, Outcome> write_checked(Context& ctx, const Entity& e, const Record& r,
                                               std::optional<std::int64_t> existing, std::string_view where) {
  try {
    return write_record(ctx, e, r, existing);
  } catch (const DbError& err) {
    if (!err.is_constraint()) throw;
    throw Error(err.code(), describe({constraint_problem(e, err)}, where));
  }
}

Problem problem_of(const Entity& e, const DbError& err) {
  if (!err.is_constraint()) throw err;
  return constraint_problem(e, err);
}

std::int64_t add_record(Context& ctx, const Entity& e, const Input& in) {
  Change change(ctx);
  std::vector<Problem> problems;
  Record r = convert(ctx, e, in, std::nullopt, problems);
  check_record(e, r, true, problems);
  throw_if(problems, in.where);
  if (auto existing = find_existing(ctx, e, r)) {
    throw Error(
        Exit::refused, tr_format("{} {} already exists", "{} {} 已存在", tr(e.en, e.zh), ref_text(e, *existing)),
        tr_format("change it with `shequ {} set {}`", "可用 `shequ {} set {}` 修改", e.name, ref_text(e, *existing)));
  }
  check_key_collisions(ctx, e, r, std::nullopt, problems);
  throw_if(problems, in.where);
  auto [id, outcome] = write_checked(ctx, e, r, std::nullopt, in.where);
  change.subject(e.name, id);
  change.commit();
  return id;
}

Outcome set_record(Context& ctx, const Entity& e, std::string_view ref, const Input& in) {
  Change change(ctx);
  std::int64_t id = resolve(ctx, e, ref);
  std::vector<Problem> problems;
  Record r = convert(ctx, e, in, id, problems);
  check_record(e, r, false, problems);
  throw_if(problems, in.where);
  if (auto other = find_existing(ctx, e, r); other && *other != id) {
    throw Error(Exit::refused,
                tr_format("{} {} already has these values", "{} {} 已使用这些值", tr(e.en, e.zh), ref_text(e, *other)));
  }
  check_key_collisions(ctx, e, r, id, problems);
  throw_if(problems, in.where);
  auto [_, outcome] = write_checked(ctx, e, r, id, in.where);
  change.subject(e.name, id);
  change.commit();
  return outcome;
}

// ---- reading ----

namespace {

std::string build_select(const Entity& e, const std::vector<const Field*>& fields, const Query& q) {
  std::string sql = "SELECT t.id";
  for (const Field* f : fields) sql += ", " + select_expr(*f);
  sql += " FROM " + (e.from.empty() ? e.table + " t" : e.from);
  for (std::size_t i = 0; i < q.where.size(); ++i) sql += (i ? " AND (" : " WHERE (") + q.where[i] + ")";
  sql += " ORDER BY " + (q.order_by.empty() ? e.order_by : q.order_by);
  if (q.limit >= 0) sql += fmt::format(" LIMIT {}", q.limit);
  return sql;
}

// A field's column; codes (choice, vocab, tags) and yes/no carry their labels, shown to people instead.
Column column_of(Context& ctx, const Field& f) {
  Column c{f.key, f.en, f.zh, is_numeric(f)};
  if (f.type == FieldType::choice) {
    CodeLabels labels;
    for (const std::string& code : f.choices) labels.emplace(code, choice_label(code));
    c.labels = std::make_shared<const CodeLabels>(std::move(labels));
  } else if (f.type == FieldType::vocab || f.type == FieldType::tags) {
    c.labels = std::make_shared<const CodeLabels>(vocab_labels(ctx, f.target));
  } else if (f.type == FieldType::boolean) {  // stored 1/0, read by people as 是/否 (yes/no)
    c.labels = std::make_shared<const CodeLabels>(
        CodeLabels{{"0", std::string(tr("no", "否"))}, {"1", std::string(tr("yes", "是"))}});
  }
  c.list = f.type == FieldType::tags;
  return c;
}

}  // namespace

std::string option_name(std::string_view field_key) {
  std::string name = "--" + std::string(field_key);
  std::replace(name.begin(), name.end(), '_', '-');
  return name;
}

void bind_query(Stmt& st, const Query& q) {
  for (std::size_t i = 0; i < q.binds.size(); ++i) bind_value(st, static_cast<int>(i + 1), q.binds[i]);
}

void match(Context& ctx, const Entity& e, Query& q, std::string_view key, std::string_view text,
           std::string_view option) {
  if (text.empty()) return;
  const Field* f = e.field(key);
  if (!f || f->column.empty()) throw std::logic_error("match: no stored field " + std::string(key) + " in " + e.name);
  const std::string opt = option.empty() ? option_name(key) : std::string(option);
  // The code a vocabulary, tag or choice filter means, as `add` reads it; 65 if none.
  auto code = [&]() -> std::string {
    std::string t = trim(nfkc(text));
    // a retired code still finds the records that carry it
    if (f->type != FieldType::choice && vocab_has(ctx, f->target, t)) return t;
    Field one = *f;
    if (one.type == FieldType::tags) one.type = FieldType::vocab;  // a filter names one tag
    Value v;
    if (auto problem = convert_value(ctx, one, t, v)) throw Error(Exit::data, fmt::format("{}: {}", opt, *problem));
    return std::get<std::string>(v);
  };
  switch (f->type) {
    case FieldType::ref:
      q.add(fmt::format("t.{} = ?", f->column), resolve(ctx, f->target, text));
      break;
    case FieldType::tags:
      q.add(fmt::format("',' || t.{} || ',' LIKE '%,' || ? || ',%'", f->column), code());
      break;
    case FieldType::vocab:
    case FieldType::choice:
      q.add(fmt::format("t.{} = ?", f->column), code());
      break;
    case FieldType::boolean:
    case FieldType::integer: {
      Value v;
      if (auto problem = convert_value(ctx, *f, text, v)) throw Error(Exit::usage, fmt::format("{}: {}", key, *problem));
      q.add(fmt::format("t.{} = ?", f->column), v);
      break;
    }
    default:
      q.add(fmt::format("t.{} = ?", f->column), std::string(text));
  }
}

namespace {

// The id column plus `fields` of every record the query selects, masked unless revealed.
Table records_table(Context& ctx, const Entity& e, const std::vector<const Field*>& fields, const Query& q) {
  Table t;
  t.columns.push_back(Column{"id", "ID", "编号", false});
  for (const Field* f : fields) t.columns.push_back(column_of(ctx, *f));
  Stmt st(ctx.db, build_select(e, fields, q));
  for (std::size_t i = 0; i < q.binds.size(); ++i) bind_value(st, static_cast<int>(i + 1), q.binds[i]);
  while (st.step()) {
    std::vector<Cell> row;
    row.reserve(fields.size() + 1);
    row.emplace_back(ref_text(e, st.integer(0)));
    for (std::size_t i = 0; i < fields.size(); ++i)
      row.push_back(protect(*fields[i], column_value(st, static_cast<int>(i + 1)), ctx.reveal));
    t.rows.push_back(std::move(row));
  }
  return t;
}

}  // namespace

Table list_records(Context& ctx, const Entity& e, const Query& q) {
  std::vector<const Field*> fields;
  for (const auto& f : e.fields)
    if (f.listed) fields.push_back(&f);
  Table t = records_table(ctx, e, fields, q);
  if (ctx.reveal && !t.rows.empty() && has_private_fields(e))
    audit_reveal(ctx, e.name, 0, fmt::format("list: {} rows", t.rows.size()));
  return t;
}

Table show_record(Context& ctx, const Entity& e, std::int64_t id) {
  std::vector<const Field*> fields;
  for (const auto& f : e.fields) fields.push_back(&f);
  Query q;
  q.add("t.id = ?", id);
  Table t = records_table(ctx, e, fields, q);
  if (t.rows.empty()) throw Error(Exit::not_found, fmt::format("{} {}", e.name, ref_text(e, id)));
  t.title = fmt::format("{} {}", tr(e.en, e.zh), ref_text(e, id));
  if (ctx.reveal && has_private_fields(e)) audit_reveal(ctx, e.name, id, "show");
  return t;
}

void export_rows(Context& ctx, const Entity& e,
                 const std::function<void(const std::vector<const Field*>&)>& header,
                 const std::function<void(const std::vector<Cell>&)>& row) {
  std::vector<const Field*> fields;
  for (const auto& f : e.fields) {
    if (!f.exported) continue;
    if (f.privacy == Privacy::confidential && !ctx.reveal) continue;  // omitted: import leaves it alone
    fields.push_back(&f);
  }
  header(fields);
  ProgressStage progress(*ctx.progress, e.plural, static_cast<std::uint64_t>(ctx.db.scalar(
                                                      fmt::format("SELECT count(*) FROM {}", e.table))));
  Stmt st(ctx.db, build_select(e, fields, Query{}));
  std::vector<Cell> cells(fields.size());
  std::size_t n = 0;
  while (st.step()) {
    if ((n & 1023) == 0) progress.update(n);
    for (std::size_t i = 0; i < fields.size(); ++i)
      cells[i] = protect(*fields[i], column_value(st, static_cast<int>(i + 1)), ctx.reveal);
    row(cells);
    ++n;
  }
  if (ctx.reveal && n > 0 && has_private_fields(e))
    audit_reveal(ctx, e.name, 0, fmt::format("export: {} rows", n));
}

void export_records(Context& ctx, const Entity& e, bool zh_headers,
                    const std::function<void(const std::vector<std::string>&)>& row) {
  std::vector<std::string> cells;
  export_rows(
      ctx, e,
      [&](const std::vector<const Field*>& fields) {
        for (const Field* f : fields) cells.push_back(zh_headers ? f->zh : f->key);
        row(cells);
      },
      [&](const std::vector<Cell>& values) {
        for (std::size_t i = 0; i < values.size(); ++i) cells[i] = cell_text(values[i]);
        row(cells);
      });
}

}  // namespace shequ
