#include "audit.h"

#define SQLITE_ENABLE_SESSION 1
#define SQLITE_ENABLE_PREUPDATE_HOOK 1
#include <sqlite3.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <regex>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "date.h"
#include "schema.h"
#include "validate.h"

namespace shequ {
namespace {

// The audit table itself and SQLite's internal tables are never part of a changeset, nor are
// running totals (*_totals): triggers derive them, and recompute them when undo applies a changeset.
int record_table(void*, const char* table) {
  std::string_view t(table);
  return t != "audit" && t != "audit_scrub" && !t.starts_with("sqlite_") && !t.ends_with("_totals");
}

// The audit row's `today`: the date $SHEQU_TODAY made the commands' today, NULL on the real date.
std::optional<std::string> business_today() {
  if (auto d = fixed_today()) return to_iso(*d);
  return std::nullopt;
}

struct Summary {
  std::string json;
  std::string first_table;
  std::int64_t first_id = 0;
  std::size_t rows = 0;
};

Summary summarise(const void* data, int size) {
  Summary s;
  std::map<std::string, std::map<std::string, int>> counts;
  sqlite3_changeset_iter* it = nullptr;
  if (sqlite3changeset_start(&it, size, const_cast<void*>(data)) != SQLITE_OK) return s;
  while (sqlite3changeset_next(it) == SQLITE_ROW) {
    const char* table = nullptr;
    int ncol = 0, op = 0, indirect = 0;
    sqlite3changeset_op(it, &table, &ncol, &op, &indirect);
    const char* opname = op == SQLITE_INSERT ? "insert" : op == SQLITE_UPDATE ? "update" : "delete";
    counts[table][opname]++;
    if (s.rows++ == 0) {
      s.first_table = table;
      sqlite3_value* v = nullptr;
      if (op == SQLITE_INSERT) sqlite3changeset_new(it, 0, &v);
      else sqlite3changeset_old(it, 0, &v);
      if (v) s.first_id = sqlite3_value_int64(v);
    }
  }
  sqlite3changeset_finalize(it);
  s.json = nlohmann::json(counts).dump();
  return s;
}

}  // namespace

Change::Change(Context& ctx) : ctx_(ctx), txn_(std::make_unique<Txn>(ctx.db)) {
  // A file whose protecting triggers were dropped or altered is damaged: nothing writes to it.
  require_intact_schema(ctx_.db);
  if (sqlite3session_create(ctx_.db.handle(), "main", &session_) != SQLITE_OK)
    ctx_.db.fail(SQLITE_ERROR, "sqlite3session_create");
  sqlite3session_table_filter(session_, record_table, nullptr);
  sqlite3session_attach(session_, nullptr);
}

Change::~Change() {
  if (session_) sqlite3session_delete(session_);
}

void Change::subject(std::string_view entity, std::int64_t id) {
  entity_ = entity;
  entity_id_ = id;
}

void Change::action(std::string_view action, std::int64_t undoes) {
  action_ = action;
  undoes_ = undoes;
}

void Change::summary(std::string json) { summary_ = std::move(json); }

void Change::command(std::string text) { command_ = std::move(text); }

void Change::record_rows(bool on) { sqlite3session_enable(session_, on ? 1 : 0); }

std::int64_t Change::commit() {
  int size = 0;
  void* data = nullptr;
  int rc = sqlite3session_changeset(session_, &size, &data);
  if (rc != SQLITE_OK) ctx_.db.fail(rc, "sqlite3session_changeset");
  std::unique_ptr<void, decltype(&sqlite3_free)> guard(data, sqlite3_free);
  sqlite3session_delete(session_);
  session_ = nullptr;
  Summary s = summarise(data, size);
  std::int64_t audit_id = 0;
  if (!summary_.empty()) s.json = summary_;
  if (s.rows > 0 || action_ != "change" || !summary_.empty()) {
    if (entity_.empty()) {
      entity_ = s.first_table;
      entity_id_ = s.rows == 1 ? s.first_id : 0;
    }
    Stmt& st = ctx_.db.cached(
        "INSERT INTO audit (at, operator, command, action, entity, entity_id, summary, changeset, "
        "undoes, today) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    st.bind_all(clock_iso(), ctx_.operator_name, command_.empty() ? ctx_.command_line : command_, action_, entity_);
    if (entity_id_) st.bind(6, entity_id_); else st.bind(6, nullptr);
    st.bind(7, s.json);
    if (size > 0) st.bind_blob(8, data, size); else st.bind(8, nullptr);
    if (undoes_) st.bind(9, undoes_); else st.bind(9, nullptr);
    st.bind(10, business_today());
    st.run();
    audit_id = ctx_.db.last_insert_id();
  }
  txn_->commit();
  return audit_id;
}

namespace {

// Whether a changeset changes the person's row, or a row of another table that refers to the
// person by a `person_id` column (residence, case parties, memberships, …).
bool touches_person(Db& db, std::map<std::string, int>& person_col, const void* data, int size,
                    std::int64_t person_id) {
  sqlite3_changeset_iter* it = nullptr;
  if (sqlite3changeset_start(&it, size, const_cast<void*>(data)) != SQLITE_OK) return true;
  bool found = false;
  while (!found && sqlite3changeset_next(it) == SQLITE_ROW) {
    const char* table = nullptr;
    int ncol = 0, op = 0, indirect = 0;
    sqlite3changeset_op(it, &table, &ncol, &op, &indirect);
    auto [pos, fresh] = person_col.try_emplace(table, -1);
    if (fresh) {
      if (std::string_view(table) == "person") {
        pos->second = 0;
      } else {
        Stmt info(db, fmt::format("SELECT cid FROM pragma_table_info('{}') WHERE name = 'person_id'", table));
        if (info.step()) pos->second = static_cast<int>(info.integer(0));
      }
    }
    int col = pos->second;
    if (col < 0 || col >= ncol) continue;
    sqlite3_value* before = nullptr;
    sqlite3_value* after = nullptr;
    if (op != SQLITE_INSERT) sqlite3changeset_old(it, col, &before);
    if (op != SQLITE_DELETE) sqlite3changeset_new(it, col, &after);
    for (sqlite3_value* v : {before, after})
      if (v && sqlite3_value_type(v) == SQLITE_INTEGER && sqlite3_value_int64(v) == person_id) found = true;
  }
  sqlite3changeset_finalize(it);
  return found;
}

}  // namespace

std::int64_t scrub_audit(Context& ctx, std::int64_t person_id) {
  ctx.db.exec("INSERT INTO audit_scrub (id) VALUES (1)");
  std::vector<std::int64_t> about, quoting;  // rows about the person; rows whose undo data quotes them
  std::map<std::string, int> person_col;
  {
    Stmt st(ctx.db, "SELECT id, changeset, entity, entity_id, shequ_forgotten(changeset) FROM audit");
    while (st.step()) {
      bool hit = st.text(2) == "person" && !st.is_null(3) && st.integer(3) == person_id;
      if (!hit && !st.is_null(1))
        hit = touches_person(ctx.db, person_col, sqlite3_column_blob(st.handle(), 1),
                             sqlite3_column_bytes(st.handle(), 1), person_id);
      if (hit) about.push_back(st.integer(0));
      else if (st.integer(4)) quoting.push_back(st.integer(0));
    }
  }
  std::int64_t changed = 0;
  Stmt& blank = ctx.db.cached(
      "UPDATE audit SET command = 'shequ *** (forgotten)', changeset = NULL, "
      "summary = CASE WHEN json_valid(shequ_forget(summary)) THEN json_set(shequ_forget(summary), '$.scrubbed', 1) "
      "ELSE json_object('scrubbed', 1) END WHERE id = ?");
  for (std::int64_t id : about) {
    blank.reset();
    blank.bind(1, id);
    blank.run();
    changed += ctx.db.changes();
  }
  Stmt& drop = ctx.db.cached(
      "UPDATE audit SET changeset = NULL, command = shequ_forget(command), summary = CASE WHEN "
      "json_valid(shequ_forget(summary)) THEN json_set(shequ_forget(summary), '$.scrubbed', 1) "
      "ELSE json_object('scrubbed', 1) END WHERE id = ?");
  for (std::int64_t id : quoting) {
    drop.reset();
    drop.bind(1, id);
    drop.run();
    changed += ctx.db.changes();
  }
  // Every other row's command line and summary loses the strings.
  ctx.db.exec("UPDATE audit SET command = shequ_forget(command), summary = shequ_forget(summary) "
              "WHERE shequ_forgotten(command) OR shequ_forgotten(summary)");
  changed += ctx.db.changes();
  ctx.db.exec("DELETE FROM audit_scrub");
  return changed;
}

void audit_reveal(Context& ctx, std::string_view entity, std::int64_t id, std::string_view what) {
  Txn txn(ctx.db);
  Stmt& st = ctx.db.cached(
      "INSERT INTO audit (at, operator, command, action, entity, entity_id, summary, today) "
      "VALUES (?, ?, ?, 'reveal', ?, ?, ?, ?)");
  st.bind_all(clock_iso(), ctx.operator_name, ctx.command_line, entity);
  if (id) st.bind(5, id); else st.bind(5, nullptr);
  st.bind(6, nlohmann::json{{"reveal", std::string(what)}}.dump());
  st.bind(7, business_today());
  st.run();
  txn.commit();
}

std::string mask_personal_numbers(std::string_view text) {
  static const std::regex id_re("\\b\\d{17}[0-9Xx]\\b");
  static const std::regex phone_re("\\b1[3-9]\\d{9}\\b");
  std::string s(text);
  std::string out;
  auto mask_all = [](const std::string& in, const std::regex& re, auto masker) {
    std::string r;
    auto begin = std::sregex_iterator(in.begin(), in.end(), re);
    std::size_t last = 0;
    for (auto i = begin; i != std::sregex_iterator(); ++i) {
      r.append(in, last, static_cast<std::size_t>(i->position()) - last);
      r += masker(i->str());
      last = static_cast<std::size_t>(i->position() + i->length());
    }
    r.append(in, last, std::string::npos);
    return r;
  };
  out = mask_all(s, id_re, [](const std::string& m) { return mask_id_number(m); });
  return mask_all(out, phone_re, [](const std::string& m) { return mask_phone(m); });
}

std::string mask_command_values(std::string_view command) {
  // Split the command line as main() quoted it: 'single quotes' with '\'' for a quote.
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  for (std::size_t i = 0; i < command.size(); ++i) {
    char c = command[i];
    if (c == ' ') {
      if (in_word) words.push_back(std::move(word));
      word.clear();
      in_word = false;
    } else if (c == '\'') {
      in_word = true;
      auto close = command.find('\'', i + 1);
      if (close == std::string_view::npos) close = command.size();
      word.append(command.substr(i + 1, close - i - 1));
      i = close;
    } else if (c == '\\' && i + 1 < command.size()) {
      in_word = true;
      word += command[++i];
    } else {
      in_word = true;
      word += c;
    }
  }
  if (in_word) words.push_back(std::move(word));

  static const std::regex reference("[A-Za-z]?[0-9][0-9-]*");
  static const char* const kGlobalWithValue[] = {"--config", "--db", "--format", "--lang", "--as",
                                                 "--fields", "-o", "--out", "--color"};
  std::string out;
  int nouns = 0;  // noun and verb seen
  bool keep_next = false;
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::string& w = words[i];
    std::string shown;
    if (i == 0 || keep_next) {
      shown = w;
      keep_next = false;
    } else if (w.starts_with("-")) {
      auto eq = w.find('=');
      shown = eq == std::string::npos ? w : w.substr(0, eq + 1) + "***";
      for (const char* g : kGlobalWithValue) keep_next = keep_next || (eq == std::string::npos && w == g);
    } else if (nouns < 2 && std::all_of(w.begin(), w.end(), [](char c) { return std::islower(static_cast<unsigned char>(c)) || c == '-'; })) {
      shown = w;
      ++nouns;
    } else if (std::regex_match(w, reference)) {
      shown = w;
    } else {
      shown = "***";
    }
    if (!out.empty()) out += ' ';
    bool plain = !shown.empty() && shown.find_first_of(" \t\n'\"\\$`") == std::string::npos;
    if (plain) {
      out += shown;
    } else {
      out += '\'';
      for (char c : shown) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
      out += '\'';
    }
  }
  return out;
}

std::vector<AuditEntry> list_audit(Context& ctx, const AuditQuery& q) {
  std::string sql =
      "SELECT id, at, operator, action, command, coalesce(entity, ''), coalesce(entity_id, 0), "
      "coalesce(summary, ''), coalesce(undoes, 0), coalesce(today, '') FROM audit WHERE 1";
  if (!q.since.empty()) sql += " AND at >= ?1";
  if (!q.entity.empty()) sql += " AND (entity = ?2 OR summary LIKE '%\"' || ?2 || '\"%')";
  if (!q.operator_name.empty()) sql += " AND operator = ?3";
  sql += " ORDER BY id DESC LIMIT ?4";
  Stmt st(ctx.db, sql);
  if (!q.since.empty()) st.bind(1, q.since);
  if (!q.entity.empty()) st.bind(2, q.entity);
  if (!q.operator_name.empty()) st.bind(3, q.operator_name);
  st.bind(4, q.limit);
  std::vector<AuditEntry> out;
  while (st.step()) {
    AuditEntry e{st.integer(0), st.text(1), st.text(2), st.text(3), st.text(4), st.text(5),
                 st.integer(6), st.text(7), st.integer(8), st.text(9)};
    if (!ctx.reveal) e.command = mask_personal_numbers(mask_command_values(e.command));
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace shequ
