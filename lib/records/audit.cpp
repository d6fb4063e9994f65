#include "records/audit.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <regex>
#include <tuple>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/date.h"
#include "records/forget_text.h"
#include "storage/dialect.h"
#include "records/entity.h"
#include "storage/schema.h"
#include "records/validate.h"

namespace shequ {
namespace {

// The audit tables themselves and the engine's internal tables are never part of undo data,
// nor are running totals (*_totals): triggers derive them, and recompute them when undo puts
// rows back.
bool record_table(std::string_view t) {
  return t != "audit" && t != "audit_scrub" && t != "audit_row" && !t.starts_with("sqlite_") &&
         !t.ends_with("_totals");
}

// The audit row's `today`: the date $SHEQU_TODAY made the commands' today, NULL on the real date.
std::optional<std::string> business_today() {
  if (auto d = fixed_today()) return to_iso(*d);
  return std::nullopt;
}

// Writes the rows of one audit row's undo data, numbered in the order given (on a server by
// COPY: an import's thousands of rows in a few round trips), until finish().
class AuditRowWriter {
 public:
  AuditRowWriter(Db& db, std::int64_t audit_id)
      : rows_(db, "audit_row", {"audit_id", "seq", "table_name", "op", "row_key", "old_values", "new_values"}),
        audit_id_(audit_id) {}
  void add(const RowJson& r) {
    rows_.value(audit_id_).value(++seq_).value(r.table).value(row_op_name(r.op)).value(r.key);
    if (r.before.empty()) rows_.value(nullptr); else rows_.value(r.before);
    if (r.after.empty()) rows_.value(nullptr); else rows_.value(r.after);
    rows_.end_row();
  }
  void finish() { rows_.finish(); }

 private:
  BulkInsert rows_;
  std::int64_t audit_id_;
  std::int64_t seq_ = 0;
};

}  // namespace

Change::Change(Context& ctx) : ctx_(ctx), txn_(std::make_unique<Txn>(ctx.db)) {
  // A file whose protecting triggers were dropped or altered is damaged: nothing writes to it.
  require_intact_schema(ctx_.db);
  capture_ = std::make_unique<RowCapture>(ctx_.db, record_table);
}

Change::~Change() = default;

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

void Change::record_rows(bool on) { capture_->enable(on); }

std::int64_t Change::commit() {
  capture_->finish();
  RowCapture::Counts counts = capture_->counts();
  std::int64_t audit_id = 0;
  if (counts.rows > 0 || action_ != "change" || !summary_.empty()) {
    if (entity_.empty()) {
      entity_ = counts.first_table;
      entity_id_ = counts.rows == 1 ? counts.first_id : 0;
    }
    auto st = ctx_.db.cached(
        "INSERT INTO audit (at, operator, command, action, entity, entity_id, summary, undoes, today) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    st.bind_all(clock_iso(), ctx_.operator_name, command_.empty() ? ctx_.command_line : command_, action_, entity_);
    if (entity_id_) st.bind(6, entity_id_); else st.bind(6, nullptr);
    st.bind(7, summary_.empty() ? counts.per_table.dump() : summary_);
    if (undoes_) st.bind(8, undoes_); else st.bind(8, nullptr);
    st.bind(9, business_today());
    audit_id = st.insert();
    // An undo is never undone itself: its rows are counted in the summary, not kept.
    if (action_ != "undo") {
      AuditRowWriter rows(ctx_.db, audit_id);
      capture_->for_each([&](const RowJson& r) { rows.add(r); });
      rows.finish();
    }
  }
  capture_.reset();
  txn_->commit();
  return audit_id;
}

bool for_each_audit_row(Db& db, std::int64_t audit_id, const std::vector<std::string>& tables, bool except,
                        const std::function<void(const RowImage&)>& row) {
  std::string in;
  for (std::size_t i = 0; i < tables.size(); ++i) in += fmt::format("{}?{}", i ? ", " : "", i + 2);
  std::string where = tables.empty() ? std::string()
                                     : fmt::format(" AND table_name {}IN ({})", except ? "NOT " : "", in);
  Stmt st(db, "SELECT table_name, op, row_key, old_values, new_values FROM audit_row WHERE audit_id = ?1" + where +
                  " ORDER BY seq DESC");
  st.bind(1, audit_id);
  for (std::size_t i = 0; i < tables.size(); ++i) st.bind(static_cast<int>(i + 2), tables[i]);
  RowImage r;
  while (st.step()) {
    r.table = st.text(0);
    r.op = row_op_from_name(st.text(1));
    r.key = nlohmann::json::parse(st.text(2));
    r.before = st.is_null(3) ? nlohmann::json(nullptr) : nlohmann::json::parse(st.text(3));
    r.after = st.is_null(4) ? nlohmann::json(nullptr) : nlohmann::json::parse(st.text(4));
    row(r);
  }
  return db.scalar(fmt::format("SELECT count(*) FROM audit_row WHERE audit_id = {}", audit_id)) > 0;
}

void convert_stored_changesets(Db& db) {
  std::vector<std::int64_t> converted;
  {
    Stmt st(db, "SELECT id, changeset FROM audit WHERE changeset IS NOT NULL ORDER BY id");
    while (st.step()) {
      std::int64_t id = st.integer(0);
      AuditRowWriter rows(db, id);
      // A changeset that cannot be read stays where it is; undo then says it has no data.
      if (for_each_stored_changeset_row(db, st.blob(1), [&](const RowJson& r) { rows.add(r); }))
        converted.push_back(id);
      rows.finish();
    }
  }
  db.exec("INSERT INTO audit_scrub (id) VALUES (3)");  // the door the changesets leave by
  auto drop = db.cached("UPDATE audit SET changeset = NULL WHERE id = ?");
  for (std::int64_t id : converted) {
    drop.bind(1, id);
    drop.run();
  }
  db.exec("DELETE FROM audit_scrub");
}

namespace {

// A summary that lost its undo data says so: `"scrubbed":1` added to its object (text that is
// no JSON object becomes {"scrubbed":1}), the rest of its text as it was.
std::string scrubbed_summary(const std::string& summary) {
  nlohmann::ordered_json j = nlohmann::ordered_json::parse(summary, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return R"({"scrubbed":1})";
  if (j.contains("scrubbed")) {
    j["scrubbed"] = 1;
    return j.dump();
  }
  std::string out = summary;
  const std::size_t close = out.rfind('}');
  out.insert(close, j.empty() ? R"("scrubbed":1)" : R"(,"scrubbed":1)");
  return out;
}

}  // namespace

std::int64_t scrub_audit(Context& ctx, std::int64_t person_id, const ForgottenText& text) {
  ctx.db.exec("INSERT INTO audit_scrub (id) VALUES (1)");
  // Rows about the person: their row, or undo data of a row that refers to them by `person_id`
  // (residence, case parties, memberships, …). Rows whose undo data quotes them otherwise.
  std::vector<std::int64_t> about, quoting;
  {
    const Dialect& sql = dialect_of(ctx.db);
    Stmt st(ctx.db,
            fmt::format("SELECT a.id FROM audit a WHERE (a.entity = 'person' AND a.entity_id = ?1) OR EXISTS ("
                        "SELECT 1 FROM audit_row r WHERE r.audit_id = a.id AND ((r.table_name = 'person' AND CAST({} AS TEXT) = ?2) "
                        "OR CAST({} AS TEXT) = ?2 OR CAST({} AS TEXT) = ?2)) ORDER BY a.id",
                        sql.json_value("r.row_key", "id"), sql.json_value("r.old_values", "person_id"),
                        sql.json_value("r.new_values", "person_id")));
    st.bind(1, person_id).bind(2, std::to_string(person_id));  // JSON values compare as text on both engines
    while (st.step()) about.push_back(st.integer(0));
  }
  {
    Stmt st(ctx.db, "SELECT audit_id, coalesce(old_values, ''), coalesce(new_values, '') FROM audit_row WHERE " +
                        text.may_hold("old_values", 1) + " OR " + text.may_hold("new_values", 1) +
                        " ORDER BY audit_id");
    text.bind_patterns(st, 1);
    while (st.step()) {
      std::int64_t id = st.integer(0);
      if (!quoting.empty() && quoting.back() == id) continue;
      if (std::binary_search(about.begin(), about.end(), id)) continue;
      if (text.found_in(st.text(1)) || text.found_in(st.text(2))) quoting.push_back(id);
    }
  }
  std::int64_t changed = 0;
  // Both kinds lose their undo data and say so in the summary; a row about the person also
  // loses its whole command line, one quoting them only the strings.
  auto read = ctx.db.cached("SELECT command, coalesce(summary, '') FROM audit WHERE id = ?");
  auto write = ctx.db.cached("UPDATE audit SET command = ?2, summary = ?3, changeset = NULL WHERE id = ?1");
  auto rows = ctx.db.cached("DELETE FROM audit_row WHERE audit_id = ?");
  auto run_for = [&](const std::vector<std::int64_t>& ids, bool blank) {
    for (std::int64_t id : ids) {
      read.bind(1, id);
      if (!read.step()) continue;
      std::string command = blank ? std::string("shequ *** (forgotten)") : text.scrub(read.text(0));
      std::string summary = scrubbed_summary(text.scrub(read.text(1)));
      write.bind(1, id).bind(2, command).bind(3, summary).run();
      rows.bind(1, id).run();
      changed += 1;
    }
  };
  run_for(about, true);
  run_for(quoting, false);
  // Every other row's command line and summary loses the strings.
  std::vector<std::tuple<std::int64_t, std::string, std::optional<std::string>>> others;
  {
    Stmt st(ctx.db, "SELECT id, command, summary FROM audit WHERE " + text.may_hold("command", 1) + " OR " +
                        text.may_hold("summary", 1));
    text.bind_patterns(st, 1);
    while (st.step()) {
      std::string command = st.text(1), now = text.scrub(command);
      std::optional<std::string> summary, then;
      if (!st.is_null(2)) {
        summary = st.text(2);
        then = text.scrub(*summary);
      }
      if (now != command || then != summary) others.emplace_back(st.integer(0), now, then);
    }
  }
  auto strings = ctx.db.cached("UPDATE audit SET command = ?2, summary = ?3 WHERE id = ?1");
  for (const auto& [id, command, summary] : others) {
    strings.bind(1, id).bind(2, command).bind(3, summary).run();
    changed += 1;
  }
  ctx.db.exec("DELETE FROM audit_scrub");
  return changed;
}

void audit_reveal(Context& ctx, std::string_view entity, std::int64_t id, std::string_view what) {
  Txn txn(ctx.db);
  auto st = ctx.db.cached(
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
      "coalesce(summary, ''), coalesce(undoes, 0), coalesce(today, '') FROM audit WHERE true";
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
