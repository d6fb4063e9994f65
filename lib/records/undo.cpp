#include "records/undo.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <optional>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "records/audit.h"
#include "storage/catalog.h"
#include "core/date.h"
#include "core/i18n.h"
#include "io/output.h"
#include "domain/points.h"

namespace shequ {
namespace {

std::string pts(double x) { return cell_text(Cell{round_points(x)}); }

// Append-only tables: undo never deletes or edits their rows, it appends (see undo.h).
bool is_ledger(std::string_view table) {
  return table == "points_ledger" || table == "redemption" || table == "case_entry" || table == "need_progress" ||
         table == "service_hours";
}

// ---- values of the undo data (JSON, see row_capture.h) bound to statements ----

void bind_value(Stmt& st, int index, const nlohmann::json& v) {
  if (v.is_number_integer()) st.bind(index, v.get<std::int64_t>());
  else if (v.is_number()) st.bind(index, v.get<double>());
  else if (v.is_string()) st.bind(index, v.get_ref<const std::string&>());
  else if (v.is_boolean()) st.bind(index, v.get<bool>() ? 1 : 0);
  else if (v.is_object() && v.contains("$hex")) {
    const std::string& hex = v["$hex"].get_ref<const std::string&>();
    std::string bytes;
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2) bytes += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
    st.bind_blob(index, bytes.data(), static_cast<int>(bytes.size()));
  } else st.bind(index, nullptr);
}

// "a" IS NOT DISTINCT FROM ? AND … over a JSON object's columns, their values added to `binds`.
std::string where_same(const nlohmann::json& columns, std::vector<const nlohmann::json*>& binds) {
  std::string sql;
  for (const auto& [name, value] : columns.items()) {
    sql += fmt::format("{}\"{}\" IS NOT DISTINCT FROM ?", sql.empty() ? "" : " AND ", name);
    binds.push_back(&value);
  }
  return sql;
}

// ---- one undo in progress ----

struct Undoing {
  Context& ctx;
  UndoResult& r;
  std::set<std::int64_t> volunteers{};                         // whose ledger got entries

  // The value of `column` in a row (after for inserts, before otherwise, the key's), if the undo data has it.
  static const nlohmann::json* get(const RowImage& row, std::string_view column) {
    std::string c(column);
    if (auto k = row.key.find(c); k != row.key.end()) return &*k;
    const nlohmann::json& side = row.op == RowOp::insert ? row.after : row.before;
    if (!side.is_object()) return nullptr;
    auto v = side.find(c);
    return v == side.end() ? nullptr : &*v;
  }
  static std::int64_t integer(const RowImage& row, std::string_view column) {
    const nlohmann::json* v = get(row, column);
    return v && v->is_number_integer() ? v->get<std::int64_t>() : 0;
  }
  static std::optional<std::int64_t> opt_integer(const RowImage& row, std::string_view column) {
    const nlohmann::json* v = get(row, column);
    if (v && v->is_number_integer()) return v->get<std::int64_t>();
    return std::nullopt;
  }
  static std::string text(const RowImage& row, std::string_view column) {
    const nlohmann::json* v = get(row, column);
    return v && v->is_string() ? v->get<std::string>() : std::string();
  }
  static double real(const RowImage& row, std::string_view column) {
    const nlohmann::json* v = get(row, column);
    return v && v->is_number() ? v->get<double>() : 0.0;
  }

  [[noreturn]] void refuse(const std::string& why, std::string hint = {}) {
    if (hint.empty())
      hint = std::string(tr("undo the later changes first, or make a new change by hand", "请先撤销之后的修改，或手工修改"));
    throw Error(Exit::refused,
                tr_format("cannot undo #{} ({}): {}", "无法撤销 #{}（{}）：{}", r.audit_id, r.command, why), hint);
  }
  std::string undone_note() { return tr_format("undone (#{})", "已撤销（#{}）", r.audit_id); }
};

// ---- points ledger: every entry the change appended gets a reversal entry ----

double last_balance(Context& ctx, std::int64_t volunteer) {
  auto st = ctx.db.cached("SELECT balance_after FROM points_ledger WHERE volunteer_id = ? ORDER BY id DESC LIMIT 1");
  st.bind(1, volunteer);
  double b = st.step() ? st.real(0) : 0.0;
  return b;
}

// Appends the reversal of ledger entry `row` (or, when `row` is itself a reversal — a voided
// service entry's points — the entry it reversed, afresh). The running balance continues from
// the ledger's last entry; the volunteer's cached balance comes back with the volunteer row.
void reverse_points_entry(Undoing& u, const RowImage& row) {
  if (row.op != RowOp::insert)
    u.refuse(std::string(tr("it changed points entries in place (append-only)", "它直接修改了积分流水（只增不改）")));
  Context& ctx = u.ctx;
  const std::int64_t id = u.integer(row, "id"), volunteer = u.integer(row, "volunteer_id");
  const std::string kind = u.text(row, "kind");
  std::string new_kind = "reversal", reason;
  double amount = -u.real(row, "amount");
  LedgerLinks links{u.opt_integer(row, "hours_id"), u.opt_integer(row, "redemption_id"), u.opt_integer(row, "award_id"),
                    id};
  if (kind == "reversal") {
    auto o = ctx.db.cached("SELECT kind, amount, hours_id, redemption_id, award_id FROM points_ledger WHERE id = ?");
    o.bind(1, u.integer(row, "reverses_id"));
    if (!o.step()) u.refuse(tr_format("points entry {} reverses no entry", "积分流水 {} 没有对应的原流水", id));
    new_kind = o.text(0);
    amount = o.real(1);
    links = {};
    if (!o.is_null(2)) links.hours = o.integer(2);
    if (!o.is_null(3)) links.redemption = o.integer(3);
    if (!o.is_null(4)) links.award = o.integer(4);
    reason = tr_format("undo #{}: entry {} reversed by entry {} counts again",
                       "撤销 #{}：被流水 {1} 冲销的流水 {0} 恢复有效", u.r.audit_id, u.integer(row, "reverses_id"), id);
  } else {
    if (ctx.db.scalar(fmt::format("SELECT count(*) FROM points_ledger WHERE reverses_id = {}", id)) > 0) {
      // Reversed already (a voiding that was undone since): what counts now is the entry that
      // restored it, the service entry's live earn.
      auto live = ctx.db.cached(
          "SELECT l.id FROM points_ledger l WHERE l.hours_id IS NOT DISTINCT FROM ? AND l.kind = 'earn' AND ? = 'earn' "
          "AND NOT EXISTS (SELECT 1 FROM points_ledger r WHERE r.reverses_id = l.id) ORDER BY l.id DESC LIMIT 1");
      live.bind(1, links.hours).bind(2, kind);
      if (!live.step()) u.refuse(tr_format("points entry {} was reversed already", "积分流水 {} 已被冲销", id));
      links.reverses = live.integer(0);
    }
    reason = tr_format("undo #{}: reverses entry {} ({})", "撤销 #{}：冲销流水 {}（{}）", u.r.audit_id, *links.reverses,
                       kind);
  }
  amount = round_points(amount);
  const double before = last_balance(ctx, volunteer);
  const double after = round_points(before + amount);
  if (after < 0)
    u.refuse(tr_format("V{} has a balance of {}; reversing entry {} ({} {}) would take it below zero — the points were "
                       "spent since",
                       "V{} 的积分余额为 {}；冲销流水 {}（{} {}）会使余额为负——这些积分已被使用", volunteer,
                       pts(before), id, kind, pts(-amount)),
             std::string(tr("undo the later redemption first, or correct it by hand: shequ points adjust …",
                            "请先撤销之后的兑换，或手工调整：shequ points adjust …")));
  auto add = ctx.db.cached(
      "INSERT INTO points_ledger (volunteer_id, at, kind, amount, balance_after, reason, hours_id, redemption_id, "
      "award_id, reverses_id, operator) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  add.bind_all(volunteer, now_iso(), new_kind, amount, after, reason);
  add.bind(7, links.hours).bind(8, links.redemption).bind(9, links.award).bind(10, links.reverses);
  add.bind(11, ctx.operator_name);
  const std::int64_t entry = add.insert();
  u.volunteers.insert(volunteer);
  u.r.steps.push_back(
      new_kind == "reversal"
          ? tr_format("points: V{} entry {} reverses entry {} ({} {}); balance {}",
                      "积分：V{} 流水 {} 冲销流水 {}（{} {}）；余额 {}", volunteer, entry,
                      links.reverses.value_or(id), kind, pts(-amount), pts(after))
          : tr_format("points: V{} entry {} restores entry {} ({} {}); balance {}",
                      "积分：V{} 流水 {} 恢复流水 {}（{} {}）；余额 {}", volunteer, entry,
                      u.integer(row, "reverses_id"), new_kind, pts(amount), pts(after)));
}

// ---- redemptions: stay on file; the reversal of their points entry marks them returned ----

void return_redemption(Undoing& u, const RowImage& row) {
  if (row.op != RowOp::insert) u.refuse(std::string(tr("it changed a redemption in place", "它直接修改了兑换记录")));
  const std::int64_t id = u.integer(row, "id");
  if (u.ctx.db.scalar(fmt::format("SELECT count(*) FROM points_ledger WHERE redemption_id = {} AND kind = 'reversal'", id)) == 0)
    u.refuse(tr_format("redemption {} has no points entry to reverse", "兑换记录 {} 没有可冲销的积分流水", id));
  u.r.steps.push_back(tr_format("redemption {} marked returned ({} × reward {}); stock restored",
                                "兑换记录 {} 标记为已退回（{} × 物品 {}）；库存已恢复", id, u.integer(row, "quantity"),
                                u.integer(row, "reward_id")));
}

// ---- service entries: never deleted; a decision goes back one state as the ledger allows ----

// "a" = ?, "b" = ? … setting a JSON object's columns, their values added to `binds`.
std::string assignments(const nlohmann::json& columns, std::vector<const nlohmann::json*>& binds) {
  std::string sql;
  for (const auto& [name, value] : columns.items()) {
    sql += fmt::format("{}\"{}\" = ?", sql.empty() ? "" : ", ", name);
    binds.push_back(&value);
  }
  return sql;
}

// Whether the current row still holds what the change left in the `side` columns.
bool unchanged_since(Undoing& u, const RowImage& row, const nlohmann::json& side) {
  std::vector<const nlohmann::json*> binds;
  std::string cond = where_same(side, binds);
  Stmt st(u.ctx.db, fmt::format("SELECT count(*) FROM \"{}\" WHERE id = ?{}{}", row.table, cond.empty() ? "" : " AND ", cond));
  st.bind(1, u.integer(row, "id"));
  for (std::size_t i = 0; i < binds.size(); ++i) bind_value(st, static_cast<int>(i + 2), *binds[i]);
  return st.step() && st.integer(0) == 1;
}

void revert_hours_row(Undoing& u, const RowImage& row) {
  Context& ctx = u.ctx;
  const std::int64_t id = u.integer(row, "id");
  if (row.op == RowOp::remove) u.refuse(std::string(tr("it deleted a service entry", "它删除了服务记录")));
  if (!unchanged_since(u, row, row.after))
    u.refuse(tr_format("a later change touched the same rows (service entry {})",
                       "之后的修改动过同样的记录（服务记录 {}）", id));
  if (row.op == RowOp::insert) {
    // A logged entry cannot be deleted: it is rejected, saying it was undone.
    // Its external key moves aside (KEY~undone#N), so importing the same file again — the way
    // to redo an import — logs the entry afresh instead of meeting the undone one.
    auto st = ctx.db.cached(
        "UPDATE service_hours SET status = 'rejected', decided_at = ?, decided_by = ?, reason = ?, "
        "external_key = external_key || '~undone#' || ? WHERE id = ?");
    st.bind_all(now_iso(), ctx.operator_name, u.undone_note(), u.r.audit_id, id);
    st.run();
    u.r.steps.push_back(tr_format("service entry {}: pending → rejected ({})", "服务记录 {}：待审核 → 已驳回（{}）", id,
                                  u.undone_note()));
    return;
  }
  // A decision: back to the values before it. The trigger lets verified → pending through only
  // once its points are reversed, and void → verified once it earns again (0008_undo_reversal.sql).
  std::vector<const nlohmann::json*> binds;
  std::string set = assignments(row.before, binds);
  if (set.empty()) return;
  Stmt st(ctx.db, fmt::format("UPDATE service_hours SET {} WHERE id = ?", set));
  for (std::size_t i = 0; i < binds.size(); ++i) bind_value(st, static_cast<int>(i + 1), *binds[i]);
  st.bind(static_cast<int>(binds.size() + 1), id);
  st.run();
  std::string from = row.after.value("status", std::string());
  std::string to = u.text(row, "status");
  if (!to.empty()) u.r.steps.push_back(tr_format("service entry {}: {} → {}", "服务记录 {}：{} → {}", id, from, to));
}

// ---- case timelines: an entry saying what was undone, ending in the restored status ----

void note_case_undone(Undoing& u, std::int64_t case_id, const std::vector<std::string>& entries) {
  Context& ctx = u.ctx;
  auto c = ctx.db.cached(
      "SELECT c.number, c.status, (SELECT max(on_date) FROM case_entry e WHERE e.case_id = c.id) "
      "FROM mediation_case c WHERE c.id = ?");
  c.bind(1, case_id);
  if (!c.step()) u.refuse(tr_format("case C{} is gone", "案件 C{} 已不存在", case_id));
  std::string number = c.text(0), status = c.text(1), last = c.is_null(2) ? std::string() : c.text(2);
  std::string on = std::max(to_iso(today()), last);
  std::string list;
  for (const auto& e : entries) list += (list.empty() ? "" : ", ") + e;
  std::string text =
      tr_format("undo of #{}: withdraws timeline entries {}", "撤销 #{}：撤回时间线记录 {}", u.r.audit_id, list);
  auto add = ctx.db.cached(
      "INSERT INTO case_entry (case_id, on_date, kind, status_after, code, text, recorded_at, operator) "
      "VALUES (?, ?, 'note', ?, 'undone', ?, ?, ?)");
  add.bind_all(case_id, on, status, text, now_iso(), ctx.operator_name);
  add.run();
  u.r.steps.push_back(tr_format("case {}: timeline note 'undone' (entries {}); status {}",
                                "案件 {}：时间线新增“已撤销”记录（记录 {}）；状态 {}", number, list, status));
}

// ---- need progress: a note putting the percentage back to what it was before ----

void note_progress_undone(Undoing& u, const RowImage& row) {
  Context& ctx = u.ctx;
  const std::int64_t id = u.integer(row, "id");
  auto need = u.opt_integer(row, "need_id");
  auto project = u.opt_integer(row, "project_id");
  auto prev = ctx.db.cached(
      "SELECT percent FROM need_progress WHERE need_id IS NOT DISTINCT FROM ?1 AND project_id IS NOT DISTINCT FROM ?2 AND id < ?3 "
      "ORDER BY on_date DESC, id DESC LIMIT 1");
  prev.bind(1, need).bind(2, project).bind(3, id);
  std::int64_t percent = prev.step() ? prev.integer(0) : 0;
  std::string note = tr_format("undo of #{}: withdraws progress note {} ({}%)", "撤销 #{}：撤回进度记录 {}（{}%）",
                               u.r.audit_id, id, u.integer(row, "percent"));
  auto add = ctx.db.cached(
      "INSERT INTO need_progress (need_id, project_id, on_date, percent, note, operator) VALUES (?, ?, ?, ?, ?, ?)");
  add.bind(1, need).bind(2, project);
  add.bind(3, to_iso(today())).bind(4, percent).bind(5, note).bind(6, ctx.operator_name);
  add.run();
  u.r.steps.push_back(tr_format("progress of {}: note {} withdrawn, back to {}%", "{} 的进度：撤回记录 {}，恢复为 {}%",
                                need ? ref_text(entity_named("need"), *need)
                                     : ref_text(entity_named("project"), project.value_or(0)),
                                id, percent));
}

// ---- ordinary tables: each row put back as it was, if nothing changed it since ----

const std::vector<std::string> kLedgers = {"points_ledger", "redemption", "case_entry", "need_progress", "service_hours"};

std::string later_change() {
  return std::string(tr("a later change touched the same rows", "之后的修改动过同样的记录"));
}

// What to do instead when an append-only record refers to a row the change added.
struct KeepInstead {
  std::string_view table, prefix, en, zh;
};
const KeepInstead kKeepInstead[] = {
    {"volunteer", "V", "mark the volunteer as left instead: shequ volunteer set V{} --status left",
     "请改为将其标记为已退出：shequ volunteer set V{} --status left"},
    {"need", "N", "close the need on the record instead: shequ need decline N{} --reason …",
     "请在记录中如实结束该诉求：shequ need decline N{} --reason …"},
};

// When undo cannot remove a row the change added because other records refer to it: if one of
// them is append-only (never deleted, even when its own command was undone), says so with what
// to do instead — "undo the later changes first" would never help. Otherwise returns.
void refuse_if_kept_by_ledger(Undoing& u) {
  std::map<std::string, std::vector<std::pair<std::string, std::string>>> referrers;  // table → (ledger, column)
  for_each_audit_row(u.ctx.db, u.r.audit_id, kLedgers, true, [&](const RowImage& row) {
    const nlohmann::json* key = Undoing::get(row, "id");
    if (row.op != RowOp::insert || !key || !key->is_number_integer()) return;
    auto [pos, fresh] = referrers.try_emplace(row.table);
    if (fresh)
      for (const ForeignKey& fk : foreign_keys_to(u.ctx.db, row.table))
        if (is_ledger(fk.table)) pos->second.emplace_back(fk.table, fk.column);
    const std::int64_t id = key->get<std::int64_t>();
    for (const auto& [ledger, column] : pos->second) {
      std::int64_t n = u.ctx.db.scalar(fmt::format("SELECT count(*) FROM \"{}\" WHERE \"{}\" = {}", ledger, column, id));
      if (n == 0) continue;
      auto keep = std::find_if(std::begin(kKeepInstead), std::end(kKeepInstead),
                               [&](const KeepInstead& k) { return k.table == row.table; });
      std::string name = keep != std::end(kKeepInstead) ? fmt::format("{}{}", keep->prefix, id)
                                                        : fmt::format("{} {}", row.table, id);
      u.refuse(tr_format("{} has {} {} entries, append-only records kept even when their command is undone, so it "
                         "cannot be removed",
                         "{} 有 {} 条 {} 记录（只增不删，撤销其命令后仍保留），因此不能删除", name, n, ledger),
               keep != std::end(kKeepInstead) ? tr_format(keep->en, keep->zh, id)
                                              : std::string(tr("it stays on file; change it by hand if it is wrong",
                                                               "该记录保留；如有错误请手工修改")));
    }
  });
}

// The statement that puts one row back: delete what an insert added while it still holds the
// values it was given, restore an update's columns while they still hold what it wrote,
// re-insert what a delete removed. Prepared once per table and column set.
class RowReverter {
 public:
  explicit RowReverter(Undoing& u) : u_(u) {}

  void revert(const RowImage& row) {
    std::vector<const nlohmann::json*> binds;
    std::string sql;
    switch (row.op) {
      case RowOp::insert:
        sql = fmt::format("DELETE FROM \"{}\" WHERE {}", row.table, where_same(row.after, binds));
        break;
      case RowOp::update: {
        std::string set = assignments(row.before, binds);
        std::string cond = where_same(row.key, binds);
        if (!row.after.empty()) cond += " AND " + where_same(row.after, binds);
        sql = fmt::format("UPDATE \"{}\" SET {} WHERE {}", row.table, set, cond);
        break;
      }
      case RowOp::remove: {
        std::string names, marks;
        for (const auto& [name, value] : row.before.items()) {
          names += fmt::format("{}\"{}\"", names.empty() ? "" : ", ", name);
          marks += marks.empty() ? "?" : ", ?";
          binds.push_back(&value);
        }
        sql = fmt::format("INSERT INTO \"{}\" ({}) VALUES ({})", row.table, names, marks);
        break;
      }
    }
    auto [pos, fresh] = statements_.try_emplace(sql);
    if (fresh) pos->second = std::make_unique<Stmt>(u_.ctx.db, sql);
    Stmt& st = *pos->second;
    for (std::size_t i = 0; i < binds.size(); ++i) bind_value(st, static_cast<int>(i + 1), *binds[i]);
    try {
      st.run();
    } catch (const DbError& e) {
      // The row came back under a key or a unique value a later change gave another row.
      if (row.op == RowOp::remove && e.fault() == DbFault::duplicate)
        u_.refuse(fmt::format("{} ({})", later_change(), row.table));
      throw;
    }
    if (u_.ctx.db.changes() == 0) u_.refuse(fmt::format("{} ({})", later_change(), row.table));
  }

 private:
  Undoing& u_;
  std::map<std::string, std::unique_ptr<Stmt>> statements_;
};

void revert_ordinary_rows(Undoing& u) {
  // Foreign keys are checked when all rows are back: the rows come in table order, not in the
  // order the change made them (a household may go before the persons in it).
  u.ctx.db.defer_foreign_keys();
  RowReverter reverter(u);
  for_each_audit_row(u.ctx.db, u.r.audit_id, kLedgers, true, [&](const RowImage& row) { reverter.revert(row); });
  if (u.ctx.db.foreign_keys_pending()) {
    refuse_if_kept_by_ledger(u);
    u.refuse(std::string(tr("other records now refer to what it added", "已有其他记录引用它新增的内容")));
  }
}

// Every volunteer whose ledger got entries: the cached balance (restored with the volunteer row)
// must equal the ledger's last running balance.
void check_balances(Undoing& u) {
  for (std::int64_t v : u.volunteers) {
    double cached = balance_of(u.ctx, v), ledger = last_balance(u.ctx, v);
    if (std::abs(cached - ledger) > 0.005)
      u.refuse(tr_format(
          "V{} would have a balance of {} but a ledger ending at {} (a later change touched the same volunteer)",
          "V{} 的余额将为 {}，但积分流水结余为 {}（之后的修改动过该志愿者）", v, pts(cached), pts(ledger)));
  }
}

void undo_rows(Undoing& u) {
  // The append-only tables' rows, oldest first (what undo walks back by hand); the ordinary
  // tables' rows are read one at a time (a 50,000-row import holds no copy).
  std::vector<RowImage> rows;
  for_each_audit_row(u.ctx.db, u.r.audit_id, kLedgers, false, [&](const RowImage& row) { rows.push_back(row); });
  std::reverse(rows.begin(), rows.end());
  // Case numbers are gap-free per year: an opened case is closed or withdrawn, never unmade.
  for (const auto& row : rows)
    if (row.table == "case_entry" && row.op == RowOp::insert && u.text(row, "kind") == "open")
      u.refuse(tr_format("it opened case C{}; case numbers stay gap-free, so an opened case is not undone",
                         "它新立了案件 C{}；案号须连续，已立的案件不能撤销", u.integer(row, "case_id")),
               std::string(tr("end it on the record instead: shequ case fail … / shequ case close …",
                              "请在案件中如实结束：shequ case fail … / shequ case close …")));
  // Newest first: the points first (a decided service entry moves only as its ledger allows).
  for (auto row = rows.rbegin(); row != rows.rend(); ++row)
    if (row->table == "points_ledger") reverse_points_entry(u, *row);
  for (auto row = rows.rbegin(); row != rows.rend(); ++row)
    if (row->table == "service_hours") revert_hours_row(u, *row);
  revert_ordinary_rows(u);
  for (auto row = rows.rbegin(); row != rows.rend(); ++row)
    if (row->table == "redemption") return_redemption(u, *row);
  std::map<std::int64_t, std::vector<std::string>> cases;
  for (const auto& row : rows) {
    if (row.table != "case_entry") continue;
    if (row.op != RowOp::insert) u.refuse(std::string(tr("it changed case timeline entries in place", "它直接修改了案件时间线")));
    cases[u.integer(row, "case_id")].push_back(fmt::format("{} ({})", u.integer(row, "id"), u.text(row, "kind")));
  }
  for (const auto& [case_id, entries] : cases) note_case_undone(u, case_id, entries);
  for (auto row = rows.rbegin(); row != rows.rend(); ++row) {
    if (row->table != "need_progress") continue;
    if (row->op != RowOp::insert) u.refuse(std::string(tr("it changed progress notes in place", "它直接修改了进度记录")));
    note_progress_undone(u, *row);
  }
  check_balances(u);
}

// Running totals (*_totals) are kept by triggers, which take an undone row's counts off but leave
// its totals row behind at zero: undo removes those, so nothing of the undone change remains.
void drop_zero_totals(Context& ctx) {
  std::map<std::string, std::string> zero;  // table → "count1" = 0 AND …
  for (const ColumnInfo& c : table_columns(ctx.db)) {
    if (!c.table.ends_with("_totals") || c.key) continue;
    std::string& cond = zero[c.table];
    cond += fmt::format("{}\"{}\" = 0", cond.empty() ? "" : " AND ", c.name);
  }
  for (const auto& [table, cond] : zero) ctx.db.exec(fmt::format("DELETE FROM \"{}\" WHERE {}", table, cond));
}

// Undoes (or in a dry run, rolls back) the last change; `command` receives its command line as
// stored, while r.command, which messages quote, is masked as `shequ audit` shows it.
UndoResult undo_change(Context& ctx, bool dry_run, std::string& command) {
  Change change(ctx);
  UndoResult r;
  std::string action;
  bool kept = false;
  {
    Stmt st(ctx.db,
            "SELECT a.id, a.at, a.operator, a.command, coalesce(a.summary, ''), a.action, "
            "EXISTS (SELECT 1 FROM audit_row k WHERE k.audit_id = a.id) "
            "FROM audit a WHERE a.action IN ('change', 'forget') "
            "AND NOT EXISTS (SELECT 1 FROM audit u WHERE u.undoes = a.id) ORDER BY a.id DESC LIMIT 1");
    if (!st.step()) throw Error(Exit::refused, std::string(tr("nothing to undo", "没有可撤销的修改")));
    r.audit_id = st.integer(0);
    r.at = st.text(1);
    r.operator_name = st.text(2);
    command = st.text(3);
    r.command = mask_command_values(command);
    r.summary = st.text(4);
    action = st.text(5);
    kept = st.integer(6) != 0;
  }
  if (action == "forget")
    throw Error(Exit::refused,
                tr_format("#{} forgot a person; that cannot be undone", "#{} 删除了个人信息，无法撤销", r.audit_id));
  if (!kept)
    throw Error(
        Exit::refused,
        tr_format("#{} ({}) was too large to keep undo data", "#{}（{}）数据量过大，未保留撤销数据", r.audit_id,
                  r.command),
        std::string(tr("restore a backup made before it (`shequ backup`)", "请用此前的备份恢复（`shequ backup`）")));
  Undoing u{ctx, r};
  try {
    undo_rows(u);
  } catch (const DbError& e) {
    // A trigger of an append-only table said no: the change cannot be walked back this way.
    if (e.fault() != DbFault::rule && e.fault() != DbFault::constraint && e.fault() != DbFault::duplicate) throw;
    u.refuse(fmt::format("{} ({})",
                         tr("the records may not be changed that way (append-only)", "这些记录不允许如此修改（只增不改）"),
                         e.what()));
  }
  drop_zero_totals(ctx);
  if (dry_run) return r;  // the Change rolls back
  change.action("undo", r.audit_id);
  change.commit();
  return r;
}

}  // namespace

UndoResult undo_last(Context& ctx, bool dry_run) {
  std::string command;
  UndoResult r = undo_change(ctx, dry_run, command);
  if (ctx.reveal) {  // the whole command line, names and case texts in it, is a reveal
    r.command = command;
    audit_reveal(ctx, "audit", r.audit_id, dry_run ? "undo --dry-run" : "undo");
  }
  return r;
}

}  // namespace shequ
