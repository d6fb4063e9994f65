#include <iostream>

#include "commands.h"
#include "core/i18n.h"

namespace shequ::cli {

void setup_config(CLI::App& root, App& app) {
  CLI::App* noun = root.add_subcommand("config", T("Settings", "配置"));
  examples(*noun, "shequ config show --origin\nshequ config example > shequ.toml");
  noun->require_subcommand(1);
  auto origin = std::make_shared<bool>(false);
  CLI::App* show = verb(*noun, "show", T("Print the effective settings", "显示生效的配置"),
                        "shequ config show --origin");
  show->add_flag("--origin", *origin, T("Also show where each value came from", "同时显示每项的来源"));
  show->callback([&app, origin] {
    Table t;
    t.columns = {{"key", "Key", "键"}, {"value", "Value", "值"}};
    if (*origin) t.columns.push_back({"origin", "Origin", "来源"});
    t.columns.push_back({"description", "Description", "说明"});
    for (const auto& s : app.config().settings()) {
      std::vector<Cell> row{s.key, s.value};
      if (*origin) row.emplace_back(s.origin);
      row.emplace_back(s.description);
      t.rows.push_back(std::move(row));
    }
    if (!app.config().path().empty()) t.notes.push_back(std::string(T("file: ", "配置文件：")) + app.config().path());
    app.emit(t);
  });

  CLI::App* example = verb(*noun, "example",
                           T("Print a settings file with every setting at its default, annotated",
                             "输出带注释的示例配置（每项设置及其默认值）"),
                           "shequ config example > shequ.toml");
  example->callback([] { std::cout << example_config(); });
}

}  // namespace shequ::cli
