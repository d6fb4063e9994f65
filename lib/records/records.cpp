// Records: converting a whole input, matching it by natural key, writing it, and reading rows back
// for list, show and export.
#include "records/entity.h"
#include "records/key_index.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <unordered_map>

#include <fmt/format.h>

#include "records/audit.h"
#include "records/choices.h"
#include "core/i18n.h"
#include "storage/dialect.h"
#include "storage/catalog.h"
#include "records/references.h"
#include "core/text.h"
#include "records/values.h"
#include "records/vocab.h"

namespace shequ {

namespace {

// A field's SQL over alias t: its select, or its column; a reference without a select of its own
// (and every reference, for export) is spelled from its target entity (references.h).
std::string select_expr(const Field& f, RefSpelling refs) {
  bool plain_ref = f.type == FieldType::ref && !f.column.empty() && !f.target.empty();
  if (plain_ref && (f.select.empty() || refs == RefSpelling::key)) return fmt::format("%ref({}, t.{})", f.target, f.column);
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
  std::vector<std::vector<std::size_t>> key_fields;  // each key's fields (a KeyIndex's keys)
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
    plan.key_fields.push_back(k.fields);
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

// Whether `f` is part of one of `e`'s natural keys: the text a reference finds the record by.
// A reference is read NFKC-normalised (as every value but free text), so the key is stored so
// too: a partner saved as 龙湖医院（车谷院区） is then found by 龙湖医院(车谷院区) and by itself.
bool is_key_text(const Entity& e, const Field& f) {
  for (const auto& key : e.natural_keys)
    for (const auto& k : key)
      if (k == f.key || (k.size() == f.key.size() + 1 && k.back() == '?' && k.starts_with(f.key))) return true;
  return false;
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
    // text keeps its full-width punctuation, unless it is what a reference finds the record by.
    std::string text = trim(f.type != FieldType::text || f.normalize || is_key_text(e, f) ? nfkc(*raw) : *raw);
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
  KeyIndex* index = key_index(ctx, e, plan.key_fields);
  for (std::size_t k = 0; k < plan.keys.size(); ++k) {
    const KeyPlan& key = plan.keys[k];
    bool usable = true;
    for (std::size_t i = 0; i < key.fields.size(); ++i) {
      if (!key.nullable[i] && is_null(value(key.fields[i]))) usable = false;
      // A reference not (yet) resolved to an id names no stored row (and a server refuses to
      // compare text with an id column).
      const Field& f = e.fields[key.fields[i]];
      if ((f.type == FieldType::ref || f.column.ends_with("_id")) && std::holds_alternative<std::string>(value(key.fields[i])))
        usable = false;
    }
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
    if (index) {  // the same question, asked of the keys in memory
      auto found = index->probe(k, stronger, r);
      if (found.size() == 1) return found.front();
      if (found.empty()) matched_nothing |= 1u << k;
      continue;
    }
    const std::string& sql = sql_for(plan, plan.probe_sql, (std::uint64_t{stronger} << 8) | k, scratch, [&] {
      const Dialect& sql = dialect_of(ctx.db);
      std::vector<std::string> where;
      for (std::size_t i = 0; i < key.fields.size(); ++i) {
        const std::string& col = e.fields[key.fields[i]].column;
        // Nullable parts must not drive the index choice: `id_number IS NULL` would otherwise
        // walk every person without an ID number.
        if (key.nullable[i]) where.push_back(sql.without_index(col) + " IS NOT DISTINCT FROM ?");
        else where.push_back(col + " = ?");
      }
      for (std::size_t j = 0; j < k; ++j) {
        if (!(stronger & (1u << j))) continue;
        std::vector<std::string> all_set, differs;
        for (std::size_t f : plan.keys[j].fields) {
          all_set.push_back(sql.without_index(e.fields[f].column) + " IS NOT NULL");
          differs.push_back(sql.without_index(e.fields[f].column) + " <> ?");
        }
        where.push_back(fmt::format("NOT ({} AND ({}))", join(all_set, " AND "), join(differs, " OR ")));
      }
      return fmt::format("SELECT id FROM {} WHERE {} LIMIT 2", e.table, join(where, " AND "));
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
  KeyIndex* index = key_index(ctx, e, plan.key_fields);  // learns the write (key_index.h)
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
    std::int64_t id;
    {
      KeyIndex::OwnWrite own(index);
      id = st.insert();
    }
    if (e.after_write) e.after_write(ctx, id, Outcome::inserted, r);
    if (index) index->learn(id, r, true);  // once the row is whole: a failed hook undoes it
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
      // a hook's stored value, in the canonical spelling its prepare() gives the input
      return expand_sql(ctx.db, fmt::format("SELECT {} FROM {} t WHERE t.id = ?", cols, e.table));
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
      KeyIndex::OwnWrite own(index);
      st.run();
    }
  }
  if (e.after_write) e.after_write(ctx, *existing, Outcome::updated, r);
  if (index) index->learn(*existing, r, false);
  return {*existing, Outcome::updated};
}

std::string describe(const std::vector<Problem>& problems, std::string_view where) {
  std::string out;
  for (const auto& p : problems) {
    if (!out.empty()) out += "\n";
    if (!where.empty()) out += fmt::format("{}: ", where);
    out += p.field.empty() ? p.message : tr_format("{}: {}", "{}：{}", p.field, p.message);
  }
  return out;
}

void throw_if(const std::vector<Problem>& problems, std::string_view where) {
  if (!problems.empty()) throw Error(Exit::data, describe(problems, where));
}

namespace {

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

namespace {

// The problems of a command line name what the user typed and reads: the option and the field's
// label in their language ("--birth-date (birth date)", "--birth-date（出生日期）"), not the
// field's key. A file's problems keep the key or header of its column (import renames them).
void throw_if_typed(const Entity& e, std::vector<Problem> problems, std::string_view where) {
  if (where.empty())
    for (Problem& p : problems)
      if (const Field* f = e.field(p.field))
        p.field = tr_format("{} ({})", "{}（{}）", option_name(f->key), tr(f->en, f->zh));
  throw_if(problems, where);
}

}  // namespace

std::int64_t add_record(Context& ctx, const Entity& e, const Input& in) {
  Change change(ctx);
  std::vector<Problem> problems;
  Record r = convert(ctx, e, in, std::nullopt, problems);
  check_record(e, r, true, problems);
  throw_if_typed(e, problems, in.where);
  if (auto existing = find_existing(ctx, e, r)) {
    throw Error(
        Exit::refused, tr_format("{} {} already exists", "{} {} 已存在", tr(e.en, e.zh), ref_text(e, *existing)),
        tr_format("change it with `shequ {} set {}`", "可用 `shequ {} set {}` 修改", e.name, ref_text(e, *existing)));
  }
  check_key_collisions(ctx, e, r, std::nullopt, problems);
  throw_if_typed(e, problems, in.where);
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
  throw_if_typed(e, problems, in.where);
  if (auto other = find_existing(ctx, e, r); other && *other != id) {
    throw Error(Exit::refused,
                tr_format("{} {} already has these values", "{} {} 已使用这些值", tr(e.en, e.zh), ref_text(e, *other)));
  }
  check_key_collisions(ctx, e, r, id, problems);
  throw_if_typed(e, problems, in.where);
  auto [_, outcome] = write_checked(ctx, e, r, id, in.where);
  change.subject(e.name, id);
  change.commit();
  return outcome;
}

// ---- reading ----

namespace {

// A SELECT of records: its SQL, and which of its fields come masked already (from the server).
struct Select {
  std::string sql;
  std::vector<bool> masked;
};

Select build_select(Context& ctx, const Entity& e, const std::vector<const Field*>& fields, const Query& q,
                    RefSpelling refs = RefSpelling::id) {
  Select out{"SELECT t.id", std::vector<bool>(fields.size(), false)};
  std::string& sql = out.sql;
  // A field over a column the server does not let this operator read (a phone, a birth date
  // its age is computed from) comes back as the server's masked copy of it where the role has one
  // (storage/catalog.h), else empty (operators.h), and so does every private field of a table some
  // of whose columns it may not read (the parties a case record lists from another table): what
  // the role may not see is never asked for.
  const std::set<std::string>& hidden = ctx.db.unreadable(e.table);
  const std::set<std::string> copies = masked_copies(ctx.db, e.table);
  auto readable = [&](const std::string& expr) {
    for (const std::string& c : hidden)
      for (auto at = expr.find("t." + c); at != std::string::npos; at = expr.find("t." + c, at + 1)) {
        const std::size_t end = at + 2 + c.size();
        const bool starts = at == 0 || !(std::isalnum(static_cast<unsigned char>(expr[at - 1])) || expr[at - 1] == '_');
        const bool ends = end == expr.size() || !(std::isalnum(static_cast<unsigned char>(expr[end])) || expr[end] == '_');
        if (starts && ends) return false;
      }
    return true;
  };
  bool join_copies = false;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    const Field* f = fields[i];
    std::string expr = select_expr(*f, refs);
    const bool is_private = f->privacy != Privacy::none || f->personal != Personal::none;
    if (hidden.empty() || (!is_private && readable(expr))) {
      sql += ", " + expr;
    } else if (copies.count(f->key)) {
      sql += ", shequ_m." + f->key;
      out.masked[i] = join_copies = true;
    } else {
      sql += ", NULL";
    }
  }
  sql += " FROM " + (e.from.empty() ? e.table + " t" : e.from);
  if (join_copies) sql += fmt::format(" LEFT JOIN {}() shequ_m ON shequ_m.id = t.id", masked_copy_function(e.table));
  for (std::size_t i = 0; i < q.where.size(); ++i) sql += (i ? " AND (" : " WHERE (") + q.where[i] + ")";
  sql += " ORDER BY " + (q.order_by.empty() ? e.order_by : q.order_by);
  if (q.limit >= 0) sql += fmt::format(" LIMIT {}", q.limit);
  sql = expand_sql(ctx.db, sql, refs, ctx.reveal);
  return out;
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
  const Select select = build_select(ctx, e, fields, q);
  Stmt st(ctx.db, select.sql);
  for (std::size_t i = 0; i < q.binds.size(); ++i) bind_value(st, static_cast<int>(i + 1), q.binds[i]);
  while (st.step()) {
    std::vector<Cell> row;
    row.reserve(fields.size() + 1);
    row.emplace_back(ref_text(e, st.integer(0)));
    for (std::size_t i = 0; i < fields.size(); ++i) {
      Value v = column_value(st, static_cast<int>(i + 1));
      row.push_back(select.masked[i] ? std::move(v) : protect(*fields[i], std::move(v), ctx.reveal));
    }
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
  // In the order the records were made: import makes them again in that order, so a second
  // export is the same file (the list order may rest on ids, which differ between files).
  Query q;
  q.order_by = "t.id";
  const Select select = build_select(ctx, e, fields, q, RefSpelling::key);
  Stmt st(ctx.db, select.sql);
  std::vector<Cell> cells(fields.size());
  std::size_t n = 0;
  while (st.step()) {
    if ((n & 1023) == 0) progress.update(n);
    for (std::size_t i = 0; i < fields.size(); ++i) {
      Value v = column_value(st, static_cast<int>(i + 1));
      cells[i] = select.masked[i] ? std::move(v) : protect(*fields[i], std::move(v), ctx.reveal);
    }
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
