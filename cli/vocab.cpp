#include "command_tree.h"
#include "commands.h"
#include "core/i18n.h"
#include "records/vocab.h"

namespace shequ::cli {

void setup_vocab(CLI::App& root, App& app) {
  CLI::App* noun = root.add_subcommand("vocab", T("Vocabularies: need categories, case types, skills, …",
                                                   "词表：诉求类别、纠纷类型、技能等"));
  examples(*noun, "shequ vocab list --kind skill\nshequ vocab add skill knitting 编织 Knitting");
  noun->require_subcommand(1);

  auto kind = std::make_shared<std::string>();
  auto all = std::make_shared<bool>(false);
  CLI::App* list = verb(*noun, "list", T("List vocabulary terms", "列出词表"), "shequ vocab list --kind need-category");
  offer(list->add_option("--kind", *kind, T("Only this kind", "只看该类别")), {{}, "vocab-kinds"});
  list->add_flag("--all", *all, T("Include retired terms", "包括已停用的"));
  list->callback([&app, kind, all] {
    Query q;
    match(app.context(), vocab_entity(), q, "kind", *kind);
    if (!*all) match(app.context(), vocab_entity(), q, "active", "1");
    app.emit(list_records(app.context(), vocab_entity(), q));
  });

  auto in = std::make_shared<Input>();
  auto parts = std::make_shared<std::vector<std::string>>();
  CLI::App* add = verb(*noun, "add", T("Add a term to a vocabulary", "新增词表项"),
                       "shequ vocab add skill knitting 编织 Knitting");
  add->add_option("KIND CODE ZH [EN]", *parts, T("Kind, code, Chinese label, English label", "类别、代码、中文名、英文名"))
      ->expected(3, 4)->required();
  add->callback([&app, parts] {
    Input in;
    in.set("kind", (*parts)[0]);
    in.set("code", (*parts)[1]);
    in.set("zh", (*parts)[2]);
    in.set("en", parts->size() > 3 ? (*parts)[3] : (*parts)[1]);
    add_record(app.context(), vocab_entity(), in);
  });

  auto rkind = std::make_shared<std::string>(), rcode = std::make_shared<std::string>();
  CLI::App* retire = verb(*noun, "retire", T("Stop accepting a term (old records keep it)", "停用词表项（旧记录保留）"),
                          "shequ vocab add skill knitting 编织 Knitting\nshequ vocab retire skill knitting");
  retire->add_option("KIND", *rkind)->required();
  retire->add_option("CODE", *rcode)->required();
  retire->callback([&app, rkind, rcode] { retire_vocab(app.context(), *rkind, *rcode); });
}

}  // namespace shequ::cli
