#include "audit.h"

#define SQLITE_ENABLE_SESSION 1
#define SQLITE_ENABLE_PREUPDATE_HOOK 1
#include <sqlite3.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <regex>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "date.h"
#include "entity.h"
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
  auto run_for = [&](Stmt& st, const std::vector<std::int64_t>& ids) {
    for (std::int64_t id : ids) {
      st.reset();
      st.bind(1, id);
      st.run();
      changed += ctx.db.changes();
    }
  };
  run_for(blank, about);
  Stmt& drop = ctx.db.cached(
      "UPDATE audit SET changeset = NULL, command = shequ_forget(command), summary = CASE WHEN "
      "json_valid(shequ_forget(summary)) THEN json_set(shequ_forget(summary), '$.scrubbed', 1) "
      "ELSE json_object('scrubbed', 1) END WHERE id = ?");
  run_for(drop, quoting);
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

namespace {

bool is_code(std::string_view w) {
  static const std::regex code("[a-z][a-z0-9_]*(-[a-z0-9_]+)*");
  return std::regex_match(w.begin(), w.end(), code);
}

// Whether a word is a number, date, time or reference: values that name no one. Digit runs
// longer than a volunteer number's (bank cards, old ID numbers) are not.
bool names_no_one(std::string_view w) {
  static const std::regex shape(
      "-?[0-9]{1,6}(\\.[0-9]+)?"                          // hours, counts, amounts
      "|[0-9]{4}[-/.][0-9]{1,2}[-/.][0-9]{1,2}"           // dates
      "|[0-9]{1,2}:[0-9]{2}"                              // times
      "|[A-Za-z]{0,3}[0-9]+(-[0-9]+)*");                  // R12, NKY20260001, 2026-0042, 3-2-501, 03
  if (!std::regex_match(w.begin(), w.end(), shape)) return false;
  std::size_t run = 0;
  for (char c : w) {
    run = std::isdigit(static_cast<unsigned char>(c)) ? run + 1 : 0;
    if (run > 8) return false;
  }
  return true;
}

// Options whose values are free text: names, titles, notes and the case texts. shequ cannot
// tell a person's name from a team's, or a note about a person from one about a lamp.
constexpr std::string_view kTextOptions[] = {
    "--name", "--title", "--note", "--reason", "--summary", "--record", "--outcome", "--terms", "--facts",
    "--issues", "--responsibilities", "--how", "--lessons", "--comment", "--description", "--topics",
    "--decisions", "--content", "--served", "--contact", "--resolution", "--decline-reason",
    "--resources", "--activity", "--place", "--subject"};
// Global options whose values are settings, not data (kept as given, numbers still masked).
constexpr std::string_view kSettingOptions[] = {"--config", "--db", "--format", "--lang", "--as", "--fields",
                                                "-o", "--out", "--color", "-c"};

// Global options that take no value.
constexpr std::string_view kGlobalFlags[] = {"--reveal", "-q", "--quiet", "--no-headers", "--bom", "--help", "-h"};

// The privacy of the field an option fills (`--id-number` fills `id_number`), from every
// entity's description: one flag drives fields and command lines alike.
Privacy option_privacy(std::string_view option) {
  static const std::map<std::string, Privacy, std::less<>> privacy = [] {
    std::map<std::string, Privacy, std::less<>> m;
    for (const Entity* e : all_entities())
      for (const Field& f : e->fields) {
        if (f.privacy == Privacy::none) continue;
        m.emplace(option_name(f.key), f.privacy);
      }
    return m;
  }();
  auto it = privacy.find(option);
  return it == privacy.end() ? Privacy::none : it->second;
}

// How a value reads in a masked command line: personal fields masked as in listings, free
// text hidden, numbers, dates, references and codes shown, phones and ID numbers masked.
std::string masked_value(std::string_view option, std::string_view value) {
  switch (option_privacy(option)) {
    case Privacy::phone: return mask_phone(value);
    case Privacy::id_number: return mask_id_number(value);
    case Privacy::birth_date: return mask_birth_date(value);
    case Privacy::confidential: return "***";
    case Privacy::none: break;
  }
  for (std::string_view s : kSettingOptions)
    if (option == s) return mask_personal_numbers(value);
  for (std::string_view t : kTextOptions)
    if (option == t) return "***";
  std::string numbers = mask_personal_numbers(value);
  if (numbers != value) return numbers.find_first_not_of("0123456789*-X") == std::string::npos ? numbers : "***";
  // Lists (--tags a,b) and prefixed values (--party applicant:R1) are read part by part.
  if (auto comma = value.find(','); comma != std::string_view::npos)
    return masked_value(option, value.substr(0, comma)) + "," + masked_value(option, value.substr(comma + 1));
  if (auto colon = value.find(':'); colon != std::string_view::npos && is_code(value.substr(0, colon)))
    return std::string(value.substr(0, colon + 1)) + masked_value({}, value.substr(colon + 1));
  if (names_no_one(value)) return std::string(value);
  // Codes (--method warm-heart) as option values; a word standing alone may be a person's name.
  if (!option.empty() && is_code(value)) return std::string(value);
  return "***";
}

}  // namespace

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

  std::string out;
  int nouns = 0;  // noun and verb seen
  std::optional<std::string> option;  // the option whose value the next word may be
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::string& w = words[i];
    std::string shown;
    bool is_option = w.starts_with("-") && w.size() > 1 && !std::isdigit(static_cast<unsigned char>(w[1]));
    if (i == 0) {
      shown = w;
    } else if (option && !is_option) {
      shown = masked_value(*option, w);
      option.reset();
    } else if (is_option) {
      auto eq = w.find('=');
      option.reset();
      if (eq == std::string::npos) {
        shown = w;
        if (std::find(std::begin(kGlobalFlags), std::end(kGlobalFlags), w) == std::end(kGlobalFlags)) option = w;
      } else {
        shown = w.substr(0, eq + 1) + masked_value(w.substr(0, eq), w.substr(eq + 1));
      }
    } else if (nouns < 2 && is_code(w)) {
      shown = w;
      ++nouns;
    } else {
      shown = masked_value({}, w);
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
