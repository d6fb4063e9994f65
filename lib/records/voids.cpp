#include "records/voids.h"

#include <algorithm>

#include <fmt/format.h>

#include "records/audit.h"
#include "domain/awards.h"
#include "domain/evaluations.h"
#include "core/i18n.h"
#include "domain/meetings.h"
#include "domain/needs.h"
#include "domain/points.h"
#include "domain/programmes.h"
#include "core/text.h"

namespace shequ {
namespace {

// A bare row number (what `award grant` and `event attend` print): 66 if no such row.
std::int64_t row_number(Context& ctx, const VoidKind& k, std::string_view ref) {
  std::string t = trim(ref);
  if (!t.empty() && t[0] == '#') t.erase(0, 1);
  std::int64_t id = 0;
  bool digits = !t.empty() && std::all_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (digits && t.size() < 18) id = std::stoll(t);
  if (id > 0) {
    auto st = ctx.db.cached(fmt::format("SELECT 1 FROM {} WHERE id = ?", k.table));
    st.bind(1, id);
    bool found = st.step();
    if (found) return id;
  }
  throw Error(Exit::not_found, tr_format("no {} {}", "{} {} 不存在", tr(k.en, k.zh), ref));
}

// The row a reference names, and its label for messages.
std::pair<std::int64_t, std::string> find_row(Context& ctx, const VoidKind& k, std::string_view ref) {
  if (k.code == "need") return {resolve(ctx, need_entity(), ref), ""};
  if (k.code == "meeting") return {resolve(ctx, meeting_entity(), ref), ""};
  if (k.code == "delivery") return {resolve(ctx, delivery_entity(), ref), ""};
  if (k.code == "evaluation") return {resolve(ctx, evaluation_entity(), ref), ""};
  if (k.code == "certificate") {
    auto st = ctx.db.cached("SELECT id FROM certificate WHERE number = ?");
    st.bind(1, trim(ref));
    if (!st.step())
      throw Error(Exit::not_found, tr_format("no certificate numbered {}", "没有编号为 {} 的证明", trim(ref)),
                  "shequ volunteer certificates");
    std::int64_t id = st.integer(0);
    return {id, fmt::format("{} {}", tr("certificate", "证明"), trim(ref))};
  }
  return {row_number(ctx, k, ref), ""};
}

std::string label_of(const VoidKind& k, std::int64_t id) {
  for (const Entity* e : all_entities())
    if (e->name == k.code && e->prefix) return ref_text(*e, id);
  return fmt::format("{} #{}", tr(k.en, k.zh), id);
}

// An award's bonus, if any is still live in the ledger: taken back by a reversal.
double reverse_award_bonus(Context& ctx, std::int64_t award, std::string_view reason) {
  auto st = ctx.db.cached(
      "SELECT l.id, l.amount, l.volunteer_id FROM points_ledger l WHERE l.award_id = ? AND l.kind = 'bonus' "
      "AND NOT EXISTS (SELECT 1 FROM points_ledger r WHERE r.reverses_id = l.id)");
  st.bind(1, award);
  if (!st.step()) return 0;
  std::int64_t entry = st.integer(0), volunteer = st.integer(2);
  double amount = st.real(1);
  if (balance_of(ctx, volunteer) + 0.005 < amount)
    throw Error(Exit::refused,
                tr_format("the award's {} bonus points cannot be taken back: V{} has only {} left",
                          "该荣誉的 {} 奖励积分无法收回：V{} 仅剩 {} 积分", cell_text(Cell{amount}), volunteer,
                          cell_text(Cell{balance_of(ctx, volunteer)})),
                std::string(tr("settle the points first (shequ points adjust …), then void the award",
                               "请先处理积分（shequ points adjust …），再作废该荣誉")));
  LedgerLinks links;
  links.award = award;
  links.reverses = entry;
  append_ledger(ctx, volunteer, "reversal", -amount, reason, links);
  return amount;
}

}  // namespace

const std::vector<VoidKind>& void_kinds() {
  static const std::vector<VoidKind> kinds = {
      {"need", "need", "need", "诉求", "N5", "N5"},
      {"meeting", "meeting", "meeting", "议事会", "M3", "M3"},
      {"delivery", "delivery", "delivery", "服务记录", "D12", "D12"},
      {"attendance", "event_participant", "attendance", "活动参与记录", "the number `event attend` printed",
       "`event attend` 输出的编号"},
      {"evaluation", "evaluation", "evaluation", "评价", "K4", "K4"},
      {"award", "award", "award", "荣誉", "the number `award grant` printed (see `award list`)",
       "`award grant` 输出的编号（见 `award list`）"},
      {"certificate", "certificate", "certificate", "证明", "its number", "证明编号"},
  };
  return kinds;
}

Field void_field() {
  return {.key = "voided", .en = "Voided", .zh = "已作废",
          .select = "CASE WHEN t.voided_at IS NOT NULL THEN substr(t.voided_at, 1, 10) || ' ' || t.voided_by || ': ' || "
                    "t.void_reason END",
          .exported = false};
}

Voided void_record(Context& ctx, std::string_view kind, std::string_view ref, std::string_view reason) {
  const auto& kinds = void_kinds();
  auto k = std::find_if(kinds.begin(), kinds.end(), [&](const VoidKind& x) { return x.code == trim(kind); });
  if (k == kinds.end()) {
    std::vector<std::string> codes;
    for (const auto& x : kinds) codes.emplace_back(x.code);
    throw Error(Exit::usage,
                tr_format("void: \"{}\" is not one of {}", "void：“{}”不是以下之一：{}", kind, join(codes, ", ")));
  }
  if (trim(reason).empty())
    throw Error(Exit::usage, tr_format("voiding a {} needs --reason", "作废{}须给出 --reason", tr(k->en, k->zh)));
  Change change(ctx);
  auto [id, label] = find_row(ctx, *k, ref);
  if (label.empty()) label = label_of(*k, id);
  {
    auto st = ctx.db.cached(fmt::format("SELECT voided_at, voided_by, void_reason FROM {} WHERE id = ?", k->table));
    st.bind(1, id);
    st.step();
    if (!st.is_null(0)) {
      std::string at = st.text(0).substr(0, 10), by = st.text(1), why = st.text(2);
      throw Error(
          Exit::refused,
          tr_format("{} was already voided on {} by {} ({})", "{} 已于 {} 由 {} 作废（{}）", label, at, by, why),
          std::string(tr("a voided record stays as it is; `shequ undo` takes back the last change",
                         "已作废的记录保持原样；`shequ undo` 可撤销最近一次修改")));
    }
  }
  Voided v{id, label, 0};
  if (k->code == "award") v.points_reversed = reverse_award_bonus(ctx, id, trim(reason));
  auto up = ctx.db.cached(
      fmt::format("UPDATE {} SET voided_at = ?1, voided_by = ?2, void_reason = ?3 WHERE id = ?4", k->table));
  up.bind_all(now_iso(), ctx.operator_name, trim(reason), id);
  up.run();
  change.subject(k->code, id);
  change.commit();
  return v;
}

}  // namespace shequ
