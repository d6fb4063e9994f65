// shequ void KIND REF --reason TEXT: a record entered by mistake is marked void, kept, and left
// out of every figure (lib/records/voids.h).
#include <fmt/format.h>

#include "commands.h"
#include "core/i18n.h"
#include "core/text.h"
#include "records/voids.h"

namespace shequ::cli {

void setup_void(CLI::App& root, App& app) {
  struct Opts { std::string kind, ref, reason; };
  auto o = std::make_shared<Opts>();
  std::vector<std::string> kinds;
  std::string refs_en, refs_zh;
  for (const VoidKind& k : void_kinds()) {
    kinds.emplace_back(k.code);
    refs_en += fmt::format("{}{} ({})", refs_en.empty() ? "" : ", ", k.code, k.ref_en);
    refs_zh += fmt::format("{}{}（{}）", refs_zh.empty() ? "" : "、", k.code, k.ref_zh);
  }
  CLI::App* cmd = verb(root, "void",
                       T("Void a record entered by mistake, with the reason: it stays on file, shown as voided, and "
                         "no figure or report counts it; `shequ undo` takes it back. Kinds: " + refs_en,
                         "作废误录的记录并写明原因：记录保留并标明已作废，任何统计和报表都不再计入；可用 `shequ undo` 撤销。"
                         "类别：" + refs_zh),
                       "shequ void delivery D1 --reason \"重复录入\"");
  cmd->add_option("KIND", o->kind, join(kinds, "|"))->required();
  cmd->add_option("REF", o->ref, T("The record: N5, M3, D12, K4, an attendance or award number, a certificate number",
                                   "记录：N5、M3、D12、K4、参与记录或荣誉的编号、证明编号"))
      ->required();
  cmd->add_option("--reason", o->reason, T("Why it is void (required)", "作废原因（必填）"));
  cmd->callback([&app, o] {
    Voided v = void_record(app.context(), o->kind, o->ref, o->reason);
    std::string note = fmt::format(fmt::runtime(T("{}: voided", "{}：已作废")), v.label);
    if (v.points_reversed > 0)
      note += fmt::format(fmt::runtime(T("; {} bonus points reversed", "；冲销奖励积分 {}")), cell_text(Cell{v.points_reversed}));
    app.note(note);
  });
}

}  // namespace shequ::cli
