// References: the text that names a record (a prefixed id or a natural key), read back into its
// id; the checks that keep natural keys from reading as something else.
#include "records/references.h"

#include "records/key_index.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <unordered_map>

#include <fmt/format.h>

#include "core/i18n.h"
#include "core/text.h"
#include "records/key_index.h"
#include "records/values.h"
#include "storage/dialect.h"

namespace shequ {

std::string ref_text(const Entity& e, std::int64_t id) {
  if (!e.prefix) return std::to_string(id);  // kinds without a reference prefix (service entries)
  return fmt::format("{}{}", e.prefix, id);
}

namespace {

std::string ref_text_sql(const Entity& e, std::string_view id_expr) {
  if (!e.prefix) return fmt::format("CAST({} AS TEXT)", id_expr);
  return fmt::format("'{}' || {}", e.prefix, id_expr);
}

}  // namespace

std::string ref_sql(std::string_view entity, std::string_view id_expr) {
  return ref_text_sql(entity_named(entity), id_expr);
}

namespace {

std::string replace_all(std::string text, std::string_view from, std::string_view to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}

}  // namespace

std::string key_sql(const Entity& e, std::string_view id_expr, bool reveal) {
  // Aliases of their own, so that a key naming another record's key (a need's grid) nests.
  const std::string k = "k_" + e.table, kv = "kv_" + e.table;
  auto stored = [&](const std::string& expr) {
    return fmt::format("(SELECT {} FROM {} {} WHERE {}.id = {})", expr, e.table, k, k, id_expr);
  };
  // Text that names the record if the entity's lookup finds it alone.
  auto if_alone = [&](const std::string& expr) {
    return fmt::format("(SELECT CASE WHEN (SELECT count(*) FROM ({}) found) = 1 THEN {}.v END FROM ({}) {})",
                       replace_all(e.lookup_sql, "?1", kv + ".v"), kv,
                       fmt::format("SELECT {} AS v FROM {} {} WHERE {}.id = {}", expr, e.table, k, k, id_expr), kv);
  };
  std::vector<std::string> texts;
  auto add = [&](std::string text) {
    if (std::find(texts.begin(), texts.end(), text) == texts.end()) texts.push_back(std::move(text));
  };
  auto hidden = [&](const Field& f) { return f.privacy != Privacy::none && !reveal; };
  for (const auto& keyset : e.natural_keys) {
    if (keyset.size() == 1) {
      // unique by the schema, and no other record's lookup reads it (check_key_collisions)
      const Field* f = e.field(keyset[0]);
      if (f && !f->column.empty() && f->type != FieldType::ref && !hidden(*f)) add(stored(k + "." + f->column));
      continue;
    }
    if (e.lookup_sql.empty()) continue;
    // Each text field alone, then the required ones together ("title 2026-03-01"), then the
    // whole key as the lookup's label shows it, references by their own key ("… 2026-03-01 06").
    std::vector<std::string> required, whole;
    for (std::string key : keyset) {
      bool optional = key.ends_with('?');
      if (optional) key.pop_back();
      const Field* f = e.field(key);
      if (!f || f->column.empty() || f->multiline || hidden(*f)) continue;
      std::string text = k + "." + f->column;
      if (f->type == FieldType::ref) {
        text = key_sql(entity_named(f->target), text, reveal);
      } else {
        add(if_alone(text));
        if (!optional) required.push_back(text);
      }
      whole.push_back(optional ? fmt::format("coalesce(' ' || {}, '')", text) : (whole.empty() ? text : "' ' || " + text));
    }
    if (required.size() > 1) add(if_alone(join(required, " || ' ' || ")));
    if (whole.size() > required.size()) add(if_alone(join(whole, " || ")));
  }
  texts.push_back(ref_text_sql(e, id_expr));
  return texts.size() == 1 ? texts[0] : fmt::format("coalesce({})", join(texts, ", "));
}

namespace {

// A %kind_ref over every kind the KIND expression may name (one, if it is a quoted name).
std::string kind_ref(std::string_view kind, std::string_view id, RefSpelling refs, bool reveal) {
  std::string sql = fmt::format("CASE {}", kind);
  for (const Entity* e : all_entities()) {
    if (kind.starts_with('\'') && kind != fmt::format("'{}'", e->name)) continue;
    if (refs == RefSpelling::key && e->lookup_sql.empty()) continue;
    std::string text = refs == RefSpelling::id ? ref_text_sql(*e, id)
                                               : fmt::format("'{}:' || {}", e->name, key_sql(*e, id, reveal));
    sql += fmt::format(" WHEN '{}' THEN {}", e->name, text);
  }
  return sql + " END";
}

}  // namespace

std::string expand_sql(const Db& db, std::string_view sql, RefSpelling refs, bool reveal) {
  const Dialect& dialect = dialect_of(db);
  return expand_placeholders(sql, [&](std::string_view name, const std::vector<std::string>& args)
                                      -> std::optional<std::string> {
    auto arity = [&](std::size_t n) {
      if (args.size() != n)
        throw std::logic_error(fmt::format("SQL placeholder %{} takes {} arguments, not {}", name, n, args.size()));
      return true;
    };
    if (name == "ref" && arity(2))
      return refs == RefSpelling::id ? ref_sql(args[0], args[1])
                                     : dialect.expand(key_sql(entity_named(args[0]), args[1], reveal));
    if (name == "kind_ref" && arity(2)) return kind_ref(args[0], args[1], refs, reveal);
    if (name == "label" && arity(1))
      return refs == RefSpelling::id ? fmt::format("coalesce(' ' || {}, '')", args[0]) : std::string("''");
    return dialect.spell(name, args);
  });
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
  std::unordered_map<const Entity*, std::unique_ptr<KeyIndex>> keys;  // on a server (key_index.h)
  using Column = std::unordered_map<std::int64_t, std::optional<std::string>>;  // by id
  std::map<std::pair<std::string, std::string>, Column> columns;  // by table and column
  std::map<std::string, std::unordered_map<std::string, std::optional<std::string>>> answers;  // by table, key
};

namespace {

// Answers kept per kind before starting afresh: bounds memory on a million distinct households.
constexpr std::size_t kMemoEntriesPerKind = 1 << 16;

ResolveMemo::State* g_memo = nullptr;

void forget_on_write(ResolveMemo::State* state, std::string_view table) {
  for (auto& [key, column] : state->columns)
    if (key.first == table) column = {};
  if (auto it = state->answers.find(std::string(table)); it != state->answers.end()) it->second.clear();
  for (auto& [entity, index] : state->keys)
    if (index && entity->table == table) index->table_written();
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

KeyIndex* key_index(Context& ctx, const Entity& e, const std::vector<std::vector<std::size_t>>& keys) {
  if (!g_memo || g_memo->db != &ctx.db || !ctx.db.on_server() || keys.empty()) return nullptr;
  auto [it, added] = g_memo->keys.try_emplace(&e);
  if (added) it->second = std::make_unique<KeyIndex>(ctx.db, e, keys);
  return it->second->usable() ? it->second.get() : nullptr;
}

std::optional<std::string> remembered_answer(Context& ctx, const std::string& table, const std::string& key,
                                             const std::function<std::optional<std::string>()>& ask) {
  if (!g_memo || g_memo->db != &ctx.db) return ask();
  auto& known = g_memo->answers[table];
  if (auto it = known.find(key); it != known.end()) return it->second;
  if (known.size() >= kMemoEntriesPerKind) known.clear();
  return known.emplace(key, ask()).first->second;
}

std::optional<std::string> remembered_value(Context& ctx, const std::string& table, const std::string& column,
                                            std::int64_t id) {
  const bool remembers = g_memo && g_memo->db == &ctx.db;
  ResolveMemo::State::Column once;
  auto& known = remembers ? g_memo->columns[{table, column}] : once;
  if (auto it = known.find(id); it != known.end()) return it->second;
  // An import asks for rows in the order its file names them, mostly near each other: on a
  // server a miss reads the rows of the next ids too, in the one round trip (on a file, a
  // statement per row is as cheap).
  const std::int64_t span = remembers && ctx.db.on_server() ? 1024 : 1;
  if (known.size() + static_cast<std::size_t>(span) >= kMemoEntriesPerKind) known.clear();
  for (std::int64_t i = id; i < id + span; ++i) known[i] = std::nullopt;  // no row: no value
  auto st = ctx.db.cached(fmt::format("SELECT id, {} FROM {} WHERE id >= ? AND id < ?", column, table));
  st.bind(1, id).bind(2, id + span);
  while (st.step()) known[st.integer(0)] = st.opt_text(1);
  return known[id];
}

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
    auto st = ctx.db.cached(dialect_of(ctx.db).expand(e.lookup_sql));
    st.bind(1, t);
    while (st.step() && found.size() < 11) found.emplace_back(st.integer(0), st.text(1));
  }
  return found;
}

// The spellings a reference text is looked up by, in order, the first that finds anything
// deciding: as typed, in ASCII (full-width digits: Ｒ５, １３８…, ３-２-５０１), in the kind's key form.
std::vector<std::string> spellings(const Entity& e, const std::string& typed, const std::string& ascii) {
  std::vector<std::string> out{typed};
  if (ascii != typed) out.push_back(ascii);
  if (e.key_form)
    if (auto key = e.key_form(ascii); key && *key != typed) out.push_back(*key);
  return out;
}

// The id a reference text gives with the kind's prefix (R5, Ｒ５), if it reads as one.
std::optional<std::int64_t> prefixed_id(const Entity& e, const std::string& ascii) {
  if (ascii.size() < 2 || std::toupper(static_cast<unsigned char>(ascii[0])) != e.prefix) return std::nullopt;
  auto id = parse_int(std::string_view(ascii).substr(1));
  return id && *id > 0 ? id : std::nullopt;
}

std::int64_t resolve_uncached(Context& ctx, const Entity& e, const std::string& t) {
  const std::string ascii = nfkc(t);
  if (auto id = prefixed_id(e, ascii)) {
    auto st = ctx.db.cached(fmt::format("SELECT 1 FROM {} WHERE id = ?", e.table));
    st.bind(1, *id);
    if (st.step()) return *id;
    throw Error(Exit::not_found, tr_format("no {} {}", "{} {} 不存在", tr(e.en, e.zh), t));
  }
  std::vector<std::pair<std::int64_t, std::string>> found;
  for (const std::string& spelling : spellings(e, t, ascii))
    if (!(found = lookup(ctx, e, spelling)).empty()) break;
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

void prefetch_references(Context& ctx, const Entity& target, const std::vector<std::string>& texts) {
  auto* memo = memo_for(ctx.db, target);
  if (!memo || !ctx.db.on_server() || target.lookup_sql.empty()) return;
  // The lookup once for every spelling resolve() would try of every text, ?1 read from the
  // list: at most two answers each.
  std::string lookup = target.lookup_sql;
  for (std::size_t at = lookup.find("?1"); at != std::string::npos; at = lookup.find("?1", at)) lookup.replace(at, 2, "q.s");
  if (lookup.find('?') != std::string::npos) return;  // another parameter: asked one by one
  auto element = [](std::string& list, std::string_view v) {
    list += list.empty() ? "{\"" : ",\"";
    for (char c : v) {
      if (c == '"' || c == '\\') list += '\\';
      list += c;
    }
    list += '"';
  };
  std::string originals, tried, ranks;
  std::size_t asked = 0;
  std::set<std::string> seen;
  for (const std::string& text : texts) {
    std::string t = trim(text);
    if (t.empty() || memo->ids.contains(t) || !seen.insert(t).second) continue;
    const std::string ascii = nfkc(t);
    if (prefixed_id(target, ascii)) continue;
    std::vector<std::string> tries = spellings(target, t, ascii);
    for (std::size_t r = 0; r < tries.size(); ++r) {
      element(originals, t);
      element(tried, tries[r]);
      ranks += (ranks.empty() ? "{" : ",") + std::to_string(r);
    }
    ++asked;
  }
  if (asked == 0) return;
  if (memo->ids.size() + asked >= kMemoEntriesPerKind) memo->ids.clear();
  Stmt st(ctx.db, dialect_of(ctx.db).expand(fmt::format(
      "SELECT q.t, q.r, count(*) OVER (PARTITION BY q.t, q.r), l.id "
      "FROM unnest(CAST(? AS text[]), CAST(? AS text[]), CAST(? AS int[])) AS q(t, s, r) "
      "CROSS JOIN LATERAL (SELECT * FROM ({}) AS found LIMIT 2) AS l(id, label) ORDER BY q.t, q.r", lookup)));
  st.bind(1, originals + "}").bind(2, tried + "}").bind(3, ranks + "}");
  // The first spelling that finds anything decides, as in resolve(): one record, or ambiguous.
  std::string decided;
  while (st.step()) {
    std::string t = st.text(0);
    if (t == decided) continue;
    decided = t;
    if (st.integer(2) == 1) memo->ids.emplace(std::move(t), st.integer(3));
  }
}

std::int64_t resolve(Context& ctx, std::string_view entity, std::string_view text) {
  return resolve(ctx, entity_named(entity), text);
}

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

}  // namespace shequ
