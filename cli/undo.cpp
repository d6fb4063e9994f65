#include <fmt/format.h>

#include "commands.h"
#include "undo.h"

namespace shequ::cli {

void setup_undo(CLI::App& root, App& app) {
  auto dry = std::make_shared<bool>(false);
  CLI::App* undo = verb(root, "undo", T("Revert the last change (again: the one before)", "撤销最近一次修改（再次执行则继续向前）"),
                        "shequ undo --dry-run");
  undo->add_flag("--dry-run", *dry, T("Say what would be undone, change nothing", "只显示将撤销的内容，不修改"));
  undo->callback([&app, dry] {
    UndoResult r = undo_last(app.context(), *dry);
    app.note(fmt::format(fmt::runtime(*dry ? T("would undo #{} ({}, {}): {}", "将撤销 #{}（{}，{}）：{}")
                                           : T("undone #{} ({}, {}): {}", "已撤销 #{}（{}，{}）：{}")),
                         r.audit_id, r.at, r.operator_name, r.command));
  });
}

}  // namespace shequ::cli
