#include "domain/buildings.h"
#include "commands.h"
#include "core/i18n.h"

namespace shequ::cli {

void setup_building(CLI::App& root, App& app) {
  CLI::App* noun = root.add_subcommand("building", T("Buildings of a grid", "楼栋"));
  examples(*noun, "shequ building list --grid 03\nshequ building show 21");
  noun->require_subcommand(1);
  add_record_verbs(*noun, app, building_entity(), "shequ building add --number 143 --grid 14 --units 3 --floors 7",
                   [&app](CLI::App& list, std::function<void(Query&)>& filter) {
                     auto grid = std::make_shared<std::string>();
                     list.add_option("--grid", *grid, T("Only this grid", "只看该网格"));
                     filter = [&app, grid](Query& q) {
                       match(app.context(), building_entity(), q, "grid", *grid);
                     };
                   });
}

}  // namespace shequ::cli
