#include "domain/rewards.h"

#include <cmath>

#include <fmt/format.h>

#include "core/i18n.h"

namespace shequ {

const Entity& reward_entity() {
  static const Entity e = [] {
    Entity e;
    e.name = "reward";
    e.plural = "rewards";
    e.en = "reward";
    e.zh = "兑换物品";
    e.table = "reward";
    e.fields = {
        {.key = "name", .en = "Name", .zh = "名称", .column = "name", .required = true},
        {.key = "cost", .en = "Cost", .zh = "所需积分", .type = FieldType::real, .column = "cost", .required = true, .min = 0.01, .max = 1e6},
        {.key = "stock", .en = "Stock", .zh = "库存", .type = FieldType::integer, .column = "stock", .min = 0, .max = 1e6},
        {.key = "partner", .en = "Donated by", .zh = "捐赠单位", .type = FieldType::ref, .column = "partner_id",
         .target = "partner"},
        {.key = "redeemed", .en = "Redeemed", .zh = "已兑换", .type = FieldType::integer,
         .select = "(SELECT coalesce(sum(quantity), 0) FROM redemption r WHERE r.reward_id = t.id AND NOT "
                   "EXISTS (SELECT 1 FROM points_ledger l WHERE l.redemption_id = r.id AND l.kind = 'reversal'))", .exported = false},
        {.key = "active", .en = "Active", .zh = "可兑换", .type = FieldType::boolean, .column = "active", .numeric = true, .fallback = "1"},
        {.key = "description", .en = "Description", .zh = "说明", .column = "description", .listed = false, .multiline = true},
        {.key = "note", .en = "Note", .zh = "备注", .column = "note", .listed = false, .multiline = true},
    };
    e.natural_keys = {{"name"}};
    e.lookup_sql = "SELECT id, name FROM reward WHERE name = ?1 OR id = shequ_integer(?1)";
    e.collision_sql = "SELECT id, name FROM reward WHERE id = shequ_integer(?1) AND name <> ?1";
    e.prepare = [](Context&, Record& r, std::optional<std::int64_t>, std::vector<Problem>& problems) {
      const Entity& self = reward_entity();
      if (auto c = std::get_if<double>(&r.get(self, "cost")); c && !(*c > 0 && *c <= 1e9))
        problems.push_back(
            {"cost", tr_format("{} is not a positive number of points", "{} 不是正的积分数", cell_text(*c))});
      else if (c && std::abs(*c * 100 - std::round(*c * 100)) > 1e-6)
        problems.push_back({"cost", tr_format("{} has more than 2 decimals", "{} 超过两位小数", *c)});
      if (auto s = std::get_if<std::int64_t>(&r.get(self, "stock")); s && *s < 0)
        problems.push_back({"stock", tr_format("{} is below zero", "{} 小于零", *s)});
    };
    return e;
  }();
  return e;
}

Table list_redemptions(Context& ctx, std::string_view reward) {
  Table t;
  t.title = std::string(tr("Redemptions", "兑换记录"));
  t.columns = {{"id", "ID", "编号"},          {"at", "At", "时间"},
               {"volunteer", "Volunteer", "志愿者编号"}, {"name", "Name", "姓名"},
               {"reward", "Reward", "物品"},   {"quantity", "Quantity", "数量", true},
               {"points", "Points", "积分", true}, {"operator", "Operator", "经办人"},
               {"returned", "Returned", "已退回"}};
  std::string sql =
      // an undone redemption stays on file; the reversal of its points entry marks it returned
      "SELECT r.id, r.at, v.number, p.name, w.name, r.quantity, r.points, r.operator, "
      "(SELECT substr(l.at, 1, 10) FROM points_ledger l WHERE l.redemption_id = r.id AND l.kind = 'reversal') "
      "FROM redemption r "
      "JOIN volunteer v ON v.id = r.volunteer_id JOIN person p ON p.id = v.person_id "
      "JOIN reward w ON w.id = r.reward_id";
  std::int64_t id = 0;
  if (!reward.empty()) {
    id = resolve(ctx, reward_entity(), reward);
    sql += " WHERE r.reward_id = ?1";
  }
  Stmt st(ctx.db, sql + " ORDER BY r.id DESC");
  if (id) st.bind(1, id);
  while (st.step())
    t.rows.push_back({st.integer(0), st.text(1), st.text(2), st.text(3), st.text(4), st.integer(5), st.real(6), st.text(7),
                      st.is_null(8) ? Cell{} : Cell{st.text(8)}});
  return t;
}

}  // namespace shequ
