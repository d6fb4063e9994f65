#include "commands.h"
#include "domain/grids.h"
#include "core/i18n.h"

namespace shequ::cli {

void setup_grid(CLI::App& root, App& app) {
  CLI::App* noun = root.add_subcommand("grid", T("Grids: the community's management cells", "网格"));
  examples(*noun, "shequ grid list\nshequ grid show 03");
  noun->require_subcommand(1);
  add_record_verbs(*noun, app, grid_entity(), "shequ grid add --code 15 --name 第十五网格");
}

}  // namespace shequ::cli
