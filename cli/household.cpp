#include "commands.h"
#include "domain/households.h"
#include "core/i18n.h"

namespace shequ::cli {

void setup_household(CLI::App& root, App& app) {
  CLI::App* noun = root.add_subcommand("household", T("Households: the people at one address", "住户"));
  examples(*noun, "shequ household list --grid 03 --limit 20\nshequ household show 21-1-102");
  noun->require_subcommand(1);
  add_record_verbs(
      *noun, app, household_entity(), "shequ household add --address 21-1-103 --phone 13812345678 --tags elderly-alone",
      [&app](CLI::App& list, std::function<void(Query&)>& filter) {
        auto f = std::make_shared<HouseholdFilter>();
        list.add_option("--grid", f->grid, T("Only this grid", "只看该网格"));
        list.add_option("--building", f->building, T("Only this building", "只看该楼栋"));
        list.add_option("--tag", f->tag, T("Only households with this tag", "只看带此标签的住户"));
        list.add_flag("--all", f->include_moved_out, T("Include households that moved out", "包括已迁出的住户"));
        filter = [&app, f](Query& q) { q = household_query(app.context(), *f); };
      });
}

}  // namespace shequ::cli
