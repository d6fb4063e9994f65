// reward add|list|show|set|redemptions
#include "commands.h"
#include "core/i18n.h"
#include "domain/rewards.h"

namespace shequ::cli {

void setup_reward(CLI::App& root, App& app) {
  CLI::App* noun = root.add_subcommand("reward", T("The rewards catalogue: what points are exchanged for",
                                                   "积分兑换目录"));
  examples(*noun, "shequ reward list\nshequ reward redemptions 洗衣液");
  noun->require_subcommand(1);
  add_record_verbs(*noun, app, reward_entity(), "shequ reward add --name 保温杯 --cost 30 --stock 20 --partner P3",
                   [](CLI::App& list, std::function<void(Query&)>& filter) {
                     auto all = std::make_shared<bool>(false);
                     list.add_flag("--all", *all, T("Include inactive rewards", "包括已停用的物品"));
                     filter = [all](Query& q) {
                       if (!*all) q.where.push_back("t.active = 1");
                     };
                   });
  auto reward = std::make_shared<std::string>();
  CLI::App* red = verb(*noun, "redemptions", T("Redemptions of one reward or all (for donating merchants)",
                                               "兑换记录（可按物品，便于向捐赠商户说明）"),
                       "shequ reward redemptions 洗衣液");
  red->add_option("REWARD", *reward, T("Reward name or number", "物品名称或编号"));
  red->callback([&app, reward] { app.emit(list_redemptions(app.context(), *reward)); });
}

}  // namespace shequ::cli
