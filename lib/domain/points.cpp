#include "domain/points.h"

#include <charconv>
#include <cmath>

#include <fmt/format.h>

#include "core/period.h"
#include "records/audit.h"
#include "core/date.h"
#include "domain/hours.h"
#include "core/i18n.h"
#include "domain/rewards.h"
#include "core/text.h"
#include "domain/volunteers.h"

namespace shequ {
namespace {

std::string pts(double x) { return cell_text(Cell{round_points(x)}); }

std::string required_reason(const std::string& reason) {
  std::string r = trim(reason);
  if (r.empty()) throw Error(Exit::usage, std::string(tr("give --reason: every ledger entry says why", "请给出 --reason：每笔积分都须说明原因")));
  return r;
}

}  // namespace

double round_points(double x) {
  double r = std::round(x * 100) / 100;
  return r == 0 ? 0.0 : r;  // no "-0"
}

double parse_points(std::string_view text, std::string_view what, bool signed_ok) {
  std::string s = trim(text);
  std::string_view body = s;
  bool bad = body.empty();
  if (!bad && (body[0] == '-' || body[0] == '+')) {
    bad = !signed_ok;
    body.remove_prefix(1);
  }
  auto dot = body.find('.');
  if (body.empty() || !std::all_of(body.begin(), body.end(), [](char c) { return (c >= '0' && c <= '9') || c == '.'; }) ||
      (dot != std::string_view::npos && (body.size() - dot - 1 > 2 || body.size() - dot - 1 == 0 ||
                                         body.find('.', dot + 1) != std::string_view::npos)))
    bad = true;
  double v = 0;
  if (!bad) {
    std::string_view num = s[0] == '+' ? std::string_view(s).substr(1) : std::string_view(s);
    auto [p, ec] = std::from_chars(num.data(), num.data() + num.size(), v);
    bad = ec != std::errc() || p != num.data() + num.size() || v == 0 || std::abs(v) > 1e9;
  }
  if (bad)
    throw Error(Exit::data, signed_ok ? tr_format("{}: \"{}\" is not a non-zero amount of points such as 20, -5 or 2.5",
                                                  "{}：“{}”不是非零积分数（如 20、-5、2.5）", what, text)
                                      : tr_format("{}: \"{}\" is not a positive amount of points such as 20 or 2.5",
                                                  "{}：“{}”不是正的积分数（如 20、2.5）", what, text));
  return round_points(v);
}

double balance_of(Context& ctx, std::int64_t volunteer) {
  auto st = ctx.db.cached("SELECT points_balance FROM volunteer WHERE id = ?");
  st.bind(1, volunteer);
  if (!st.step()) throw Error(Exit::not_found, tr_format("no volunteer V{}", "志愿者 V{} 不存在", volunteer));
  return st.real(0);
}

double append_ledger(Context& ctx, std::int64_t volunteer, std::string_view kind, double amount,
                     std::string_view reason, const LedgerLinks& links) {
  double after = round_points(balance_of(ctx, volunteer) + amount);
  auto add = ctx.db.cached(
      "INSERT INTO points_ledger (volunteer_id, at, kind, amount, balance_after, reason, hours_id, redemption_id, "
      "award_id, reverses_id, operator) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  add.bind_all(volunteer, now_iso(), kind, round_points(amount), after, reason);
  add.bind(7, links.hours).bind(8, links.redemption).bind(9, links.award).bind(10, links.reverses);
  add.bind(11, ctx.operator_name);
  add.run();
  auto up = ctx.db.cached("UPDATE volunteer SET points_balance = ? WHERE id = ?");
  up.bind_all(after, volunteer);
  up.run();
  return after;
}

Table points_balances(Context& ctx, std::string_view volunteer) {
  Table t;
  t.title = std::string(tr("Points balances", "积分余额"));
  t.columns = {{"id", "ID", "编号"},
               {"number", "Number", "志愿者编号"},
               {"name", "Name", "姓名"},
               {"earned", "Earned", "服务积分", true},
               {"bonus", "Bonus", "奖励积分", true},
               {"adjusted", "Adjusted", "调整", true},
               {"redeemed", "Redeemed", "已兑换", true},
               {"expired", "Expired", "已过期", true},
               {"balance", "Balance", "余额", true}};
  // The running totals per volunteer and kind (0018_points_totals.sql), in cents; a reversal
  // already counts under the kind it reverses.
  std::string sql =
      "SELECT v.id, v.number, p.name, "
      "coalesce(sum(CASE WHEN t.kind = 'earn' THEN t.cents END), 0), "
      "coalesce(sum(CASE WHEN t.kind = 'bonus' THEN t.cents END), 0), "
      "coalesce(sum(CASE WHEN t.kind = 'adjust' THEN t.cents END), 0), "
      "coalesce(-sum(CASE WHEN t.kind = 'redeem' THEN t.cents END), 0), "
      "coalesce(-sum(CASE WHEN t.kind = 'expire' THEN t.cents END), 0), "
      "v.points_balance "
      "FROM volunteer v JOIN person p ON p.id = v.person_id "
      "LEFT JOIN volunteer_points_totals t ON t.volunteer_id = v.id ";
  std::int64_t id = 0;
  if (!volunteer.empty()) {
    id = resolve(ctx, "volunteer", volunteer);
    sql += "WHERE v.id = ?1 ";
  }
  Stmt st(ctx.db, sql + "GROUP BY v.id, p.id ORDER BY v.id");
  if (id) st.bind(1, id);
  while (st.step()) {
    std::vector<Cell> row{ref_text(volunteer_entity(), st.integer(0)), st.text(1), st.text(2)};
    for (int c = 3; c <= 7; ++c) row.emplace_back(round_points(static_cast<double>(st.integer(c)) / 100));
    row.emplace_back(round_points(st.real(8)));
    t.rows.push_back(std::move(row));
  }
  return t;
}

Table points_history(Context& ctx, std::string_view volunteer, std::string_view period) {
  std::int64_t id = resolve(ctx, "volunteer", volunteer);
  Table t;
  t.title = tr_format("Points of V{}", "V{} 的积分明细", id);
  t.columns = {{"entry", "Entry", "流水号", true}, {"at", "At", "时间"},          {"kind", "Kind", "类型"},
               {"amount", "Amount", "积分", true}, {"balance", "Balance", "余额", true}, {"reason", "Reason", "事由"},
               {"source", "Source", "来源"},       {"operator", "Operator", "经办人"}};
  std::string sql =
      "SELECT id, at, kind, amount, balance_after, reason, "
      "CASE WHEN hours_id IS NOT NULL THEN 'hours ' || hours_id WHEN redemption_id IS NOT NULL THEN 'redemption ' || "
      "redemption_id WHEN award_id IS NOT NULL THEN 'award ' || award_id END || "
      "coalesce(' reverses ' || reverses_id, ''), operator FROM points_ledger WHERE volunteer_id = ?1";
  Period p;
  if (!period.empty()) {
    p = inclusive_period(period);
    sql += " AND substr(at, 1, 10) BETWEEN ?2 AND ?3";
  }
  Stmt st(ctx.db, sql + " ORDER BY id");
  st.bind(1, id);
  if (!period.empty()) st.bind(2, p.from).bind(3, p.to);
  while (st.step())
    t.rows.push_back({st.integer(0), st.text(1), st.text(2), round_points(st.real(3)), round_points(st.real(4)),
                      st.is_null(5) ? Cell{} : Cell{st.text(5)}, st.is_null(6) ? Cell{} : Cell{st.text(6)}, st.text(7)});
  return t;
}

double add_bonus(Context& ctx, std::string_view volunteer, std::string_view amount, const std::string& reason) {
  double v = parse_points(amount, "AMOUNT", false);
  std::string why = required_reason(reason);
  Change change(ctx);
  std::int64_t id = resolve(ctx, "volunteer", volunteer);
  double after = append_ledger(ctx, id, "bonus", v, why);
  change.subject("volunteer", id);
  change.commit();
  return after;
}

double adjust_points(Context& ctx, std::string_view volunteer, std::string_view amount, const std::string& reason) {
  double v = parse_points(amount, "AMOUNT", true);
  std::string why = required_reason(reason);
  Change change(ctx);
  std::int64_t id = resolve(ctx, "volunteer", volunteer);
  double balance = balance_of(ctx, id);
  if (round_points(balance + v) < 0)
    throw Error(Exit::refused, tr_format("balance {} of V{} cannot go below zero by {}",
                                         "V{1} 的余额 {0} 不能因调整 {2} 变为负数", pts(balance), id, pts(v)));
  double after = append_ledger(ctx, id, "adjust", v, why);
  change.subject("volunteer", id);
  change.commit();
  return after;
}

std::int64_t redeem(Context& ctx, const Redeeming& r) {
  if (r.quantity < 1)
    throw Error(Exit::data,
                tr_format("--quantity: {} is not a positive whole number", "--quantity：{} 不是正整数", r.quantity));
  // BEGIN IMMEDIATE first: the balance and stock read below cannot change under us, so two
  // redemptions at once are serialised and the second sees what the first spent.
  Change change(ctx);
  std::int64_t volunteer = resolve(ctx, "volunteer", r.volunteer);
  std::int64_t reward = resolve(ctx, reward_entity(), r.reward);
  auto st = ctx.db.cached("SELECT name, cost, stock, active FROM reward WHERE id = ?");
  st.bind(1, reward);
  st.step();
  std::string name = st.text(0);
  double cost = round_points(st.real(1) * static_cast<double>(r.quantity));
  std::optional<std::int64_t> stock;
  if (!st.is_null(2)) stock = st.integer(2);
  bool active = st.integer(3) != 0;
  if (!active) throw Error(Exit::refused, tr_format("reward \"{}\" is not active", "兑换物品“{}”已停用", name));
  double balance = balance_of(ctx, volunteer);
  if (balance + 1e-9 < cost)
    throw Error(Exit::refused, tr_format("balance {} of V{} is less than the cost {} of {} × {}",
                                         "V{1} 的积分余额 {0} 不足以兑换 {3} × {4}（需 {2} 分）", pts(balance),
                                         volunteer, pts(cost), r.quantity, name));
  if (stock && *stock < r.quantity)
    throw Error(Exit::refused, tr_format("stock of \"{}\" is {}, less than the {} asked for",
                                         "“{}”库存为 {}，不足 {} 件", name, *stock, r.quantity));
  auto add = ctx.db.cached(
      "INSERT INTO redemption (volunteer_id, reward_id, quantity, points, at, operator, note) VALUES (?, ?, ?, ?, ?, ?, ?)");
  add.bind_all(volunteer, reward, r.quantity, cost, now_iso(), ctx.operator_name);
  if (r.note.empty()) add.bind(7, nullptr); else add.bind(7, r.note);
  std::int64_t id = add.insert();
  if (stock) {
    auto take = ctx.db.cached("UPDATE reward SET stock = stock - ? WHERE id = ?");
    take.bind_all(r.quantity, reward);
    take.run();
  }
  LedgerLinks links;
  links.redemption = id;
  append_ledger(ctx, volunteer, "redeem", -cost, r.quantity == 1 ? name : fmt::format("{} × {}", r.quantity, name), links);
  change.subject("volunteer", volunteer);
  change.commit();
  return id;
}

Expiry expire_points(Context& ctx, std::string_view as_of, bool dry_run) {
  Expiry x;
  std::int64_t years = ctx.config.integer("points.expiry_years");
  if (years <= 0) return x;
  Date on = today();
  if (!as_of.empty()) on = *parse_date(date_option(as_of, "--as-of"));
  x.cutoff = to_iso(add_months(on, -12 * static_cast<int>(years)));
  Change change(ctx);
  // Credits dated on or before the cutoff that the debits so far (redemptions, expiries,
  // reversals, negative adjustments — oldest credits used first) have not used up.
  Stmt st(ctx.db,
          "SELECT v.id, v.points_balance, "
          "coalesce((SELECT sum(amount) FROM points_ledger l WHERE l.volunteer_id = v.id AND l.amount > 0 "
          "          AND substr(l.at, 1, 10) <= ?1), 0), "
          "coalesce((SELECT -sum(amount) FROM points_ledger l WHERE l.volunteer_id = v.id AND l.amount < 0), 0) "
          "FROM volunteer v WHERE v.points_balance > 0 ORDER BY v.id");
  st.bind(1, x.cutoff);
  std::vector<std::pair<std::int64_t, double>> due;
  while (st.step()) {
    double amount = round_points(std::min(st.real(1), st.real(2) - st.real(3)));
    if (amount > 0) due.emplace_back(st.integer(0), amount);
  }
  std::string reason = tr_format("points earned on or before {} expired", "{} 及以前获得的积分到期", x.cutoff);
  for (const auto& [volunteer, amount] : due) {
    if (!dry_run) append_ledger(ctx, volunteer, "expire", -amount, reason);
    ++x.volunteers;
    x.points = round_points(x.points + amount);
  }
  change.subject("volunteer", 0);
  if (!dry_run) change.commit();
  return x;
}

}  // namespace shequ
