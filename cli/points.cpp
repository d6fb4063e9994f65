// points balance|history|bonus|adjust|redeem|expire
#include <iostream>

#include <fmt/format.h>

#include "commands.h"
#include "core/i18n.h"
#include "domain/points.h"

namespace shequ::cli {

void setup_points(CLI::App& root, App& app) {
  CLI::App* noun = root.add_subcommand("points", T("The points ledger: balances, bonuses, redemptions, expiry",
                                                   "积分台账：余额、奖励、兑换、过期"));
  examples(*noun, "shequ points balance V1\nshequ points history V1");
  noun->require_subcommand(1);

  auto bvol = std::make_shared<std::string>();
  CLI::App* balance = verb(*noun, "balance", T("Balances (one volunteer, or everyone)", "积分余额（某志愿者或全部）"),
                           "shequ points balance V12");
  balance->add_option("VOLUNTEER", *bvol, T("Volunteer reference", "志愿者"));
  balance->callback([&app, bvol] {
    Table t = points_balances(app.context(), *bvol);
    if (bvol->empty()) app.emit(t); else app.emit_record(t);
  });

  auto hvol = std::make_shared<std::string>();
  auto period = std::make_shared<std::string>();
  CLI::App* history = verb(*noun, "history", T("A volunteer's ledger entries with running balance", "志愿者积分明细（含余额）"),
                           "shequ points history V12 --period 2026");
  history->add_option("VOLUNTEER", *hvol, T("Volunteer reference", "志愿者"))->required();
  history->add_option("--period", *period, T("2026, 2026-11, 2026-Q3, this-month, FROM..TO", "期间"));
  history->callback([&app, hvol, period] { app.emit(points_history(app.context(), *hvol, *period)); });

  struct Entry { std::string volunteer, amount, reason; };
  auto bonus = std::make_shared<Entry>();
  CLI::App* bonusc = verb(*noun, "bonus", T("Add bonus points (e.g. a referral), with a reason", "发放奖励积分（须说明原因）"),
                          "shequ points bonus V12 20 --reason \"推荐新志愿者\"");
  bonusc->add_option("VOLUNTEER", bonus->volunteer, T("Volunteer reference", "志愿者"))->required();
  bonusc->add_option("AMOUNT", bonus->amount, T("Points, e.g. 20 or 2.5", "积分，如 20 或 2.5"))->required();
  bonusc->add_option("--reason", bonus->reason, T("Why (required)", "原因（必填）"));
  bonusc->callback([&app, bonus] {
    double after = add_bonus(app.context(), bonus->volunteer, bonus->amount, bonus->reason);
    app.note(fmt::format(fmt::runtime(T("balance {}", "余额 {}")), cell_text(Cell{after})));
  });

  auto adj = std::make_shared<Entry>();
  CLI::App* adjust = verb(*noun, "adjust", T("Correct a balance with a signed entry and a reason", "以正负调整更正余额（须说明原因）"),
                          "shequ points adjust V12 --reason \"重复发放\" -- -5");
  adjust->add_option("VOLUNTEER", adj->volunteer, T("Volunteer reference", "志愿者"))->required();
  adjust->add_option("AMOUNT", adj->amount, T("Signed points, e.g. -5 (after --) or 3", "带符号积分，如 -5（放在 -- 之后）或 3"))->required();
  adjust->add_option("--reason", adj->reason, T("Why (required)", "原因（必填）"));
  adjust->callback([&app, adj] {
    double after = adjust_points(app.context(), adj->volunteer, adj->amount, adj->reason);
    app.note(fmt::format(fmt::runtime(T("balance {}", "余额 {}")), cell_text(Cell{after})));
  });

  auto r = std::make_shared<Redeeming>();
  CLI::App* redeemc = verb(*noun, "redeem", T("Exchange points for a reward; refused if the balance or stock is short",
                                              "用积分兑换物品；余额或库存不足时拒绝"),
                           "shequ points redeem V12 洗衣液 --quantity 1");
  redeemc->add_option("VOLUNTEER", r->volunteer, T("Volunteer reference", "志愿者"))->required();
  redeemc->add_option("REWARD", r->reward, T("Reward name or number", "物品名称或编号"))->required();
  redeemc->add_option("--quantity", r->quantity, T("How many (default 1)", "数量（默认 1）"));
  redeemc->add_option("--note", r->note, T("Note", "备注"));
  redeemc->callback([&app, r] {
    std::int64_t id = redeem(app.context(), *r);
    std::cout << id << "\n";
  });

  auto as_of = std::make_shared<std::string>();
  auto dry = std::make_shared<bool>(false);
  CLI::App* expire = verb(*noun, "expire",
                          T("Expire points older than points.expiry_years, oldest first (hours never expire); for cron",
                            "按 points.expiry_years 让过期积分失效（先进先出，时长永不过期）；适合定时任务"),
                          "shequ points expire --dry-run");
  expire->add_option("--as-of", *as_of, T("Run as on this date (default today)", "以该日期计算（默认今天）"));
  expire->add_flag("--dry-run", *dry, T("Show what would expire, write nothing", "只显示将过期的积分，不写入"));
  expire->callback([&app, as_of, dry] {
    Expiry x = expire_points(app.context(), *as_of, *dry);
    if (x.cutoff.empty()) {
      app.note(std::string(T("points never expire (points.expiry_years = 0)", "积分永不过期（points.expiry_years = 0）")));
      return;
    }
    app.note(fmt::format(fmt::runtime(T("{}{} points of {} volunteers expired (earned on or before {})",
                                         "{}{} 名志愿者的 {} 积分已过期（{} 及以前获得）")),
                         *dry ? std::string(T("dry run: ", "试运行：")) : "",
                         language() == Lang::en ? cell_text(Cell{x.points}) : std::to_string(x.volunteers),
                         language() == Lang::en ? std::to_string(x.volunteers) : cell_text(Cell{x.points}), x.cutoff));
  });
}

}  // namespace shequ::cli
