#include "commands.h"
#include "core/i18n.h"
#include "domain/partners.h"

namespace shequ::cli {

void setup_partner(CLI::App& root, App& app) {
  CLI::App* noun = root.add_subcommand("partner", T("Partner units that contribute resources (共建单位)", "共建单位"));
  examples(*noun, "shequ partner list\nshequ partner show 神泉小学");
  noun->require_subcommand(1);
  add_record_verbs(
      *noun, app, partner_entity(),
      "shequ partner add --name 神龙小学 --type school --contact 王老师 --phone 13871234567 --since 2021-09-01 "
      "--resources \"暑期课堂场地\"",
      [&app](CLI::App& list, std::function<void(Query&)>& filter) {
        auto f = std::make_shared<PartnerFilter>();
        list.add_option("--type", f->type, T("Only this partner type (shequ vocab list --kind partner-type)",
                                              "只看该类型（shequ vocab list --kind partner-type）"));
        list.add_flag("--active", f->active_only, T("Only active partners", "只看在共建的单位"));
        filter = [&app, f](Query& q) { q = partner_query(app.context(), *f); };
      });
}

}  // namespace shequ::cli
