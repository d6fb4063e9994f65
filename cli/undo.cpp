#include <algorithm>

#include <fmt/format.h>

#include "commands.h"
#include "records/undo.h"

namespace shequ::cli {

void setup_undo(CLI::App& root, App& app) {
  auto dry = std::make_shared<bool>(false);
  CLI::App* undo = verb(root, "undo",
                        T("Revert the last change (again: the one before). Append-only records are never deleted: "
                          "points entries get reversal entries, a redemption is marked returned, a verification "
                          "goes back to pending with its points reversed, a logged service entry is rejected as "
                          "undone, case timelines and need progress get an 'undone' entry. An opened case, a "
                          "forgotten person and a large import are not undone; an undo is never undone itself",
                          "撤销最近一次修改（再次执行则继续向前）。只增不改的记录不会被删除：积分流水写入冲销流水，"
                          "兑换标记为已退回，已确认的服务时长退回待审核并冲销积分，新登记的服务记录以“已撤销”驳回，"
                          "案件时间线和诉求进度追加“已撤销”记录。新立案件、删除个人信息和大批量导入不能撤销；撤销本身不能再撤销"),
                        "shequ undo --dry-run");
  undo->add_flag("--dry-run", *dry, T("Say what would be undone and which entries it would append; change nothing",
                                      "只显示将撤销的内容及将追加的记录，不修改"));
  auto all = std::make_shared<bool>(false);
  undo->add_flag("--all", *all, T("List every appended entry (by default the first 10 and a count)",
                                  "列出全部追加的记录（默认只列前 10 条并给出总数）"));
  undo->callback([&app, dry, all] {
    UndoResult r = undo_last(app.context(), *dry);
    app.note(fmt::format(fmt::runtime(*dry ? T("would undo #{} ({}, {}): {}", "将撤销 #{}（{}，{}）：{}")
                                           : T("undone #{} ({}, {}): {}", "已撤销 #{}（{}，{}）：{}")),
                         r.audit_id, r.at, r.operator_name, r.command));
    // A bulk verification undone appends hundreds of entries: a screenful is enough by default.
    constexpr std::size_t kShown = 10;
    std::size_t shown = *all ? r.steps.size() : std::min(r.steps.size(), kShown);
    for (std::size_t i = 0; i < shown; ++i) app.note("  " + r.steps[i]);
    if (shown < r.steps.size())
      app.note(fmt::format(fmt::runtime(T("  … and {} more (--all lists them)", "  ……另有 {} 条（--all 全部列出）")),
                           r.steps.size() - shown));
  });
}

}  // namespace shequ::cli
