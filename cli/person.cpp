#include <iostream>

#include <fmt/format.h>

#include "commands.h"
#include "core/i18n.h"
#include "domain/persons.h"

namespace shequ::cli {

void setup_person(CLI::App& root, App& app) {
  CLI::App* noun = root.add_subcommand("person", T("Persons: residents and everyone else the community works with", "人员：居民及其他相关人员"));
  examples(*noun, "shequ person list --grid 03 --age-min 60 --limit 20\nshequ person search 姚宇春\nshequ person history R1294");
  noun->require_subcommand(1);
  add_record_verbs(
      *noun, app, person_entity(),
      "shequ person add --name 张桂兰 --id-number 420113195203150024 --phone 13812345678 --household 21-3-702",
      [&app](CLI::App& list, std::function<void(Query&)>& filter) {
        auto f = std::make_shared<PersonFilter>();
        auto age_min = std::make_shared<int>(-1), age_max = std::make_shared<int>(-1);
        list.add_option("--grid", f->grid, T("Only this grid", "只看该网格"));
        list.add_option("--building", f->building, T("Only this building", "只看该楼栋"));
        list.add_option("--household", f->household, T("Only this household", "只看该住户"));
        list.add_option("--tag", f->tag, T("Only persons with this tag", "只看带此标签的人员"));
        list.add_option("--residency", f->residency, "registered|permanent|floating|non-resident")
            ->transform(choice_of({"registered", "permanent", "floating", "non-resident"}));
        list.add_option("--age-min", *age_min, T("Aged at least N", "年龄不小于 N"));
        list.add_option("--age-max", *age_max, T("Aged at most N", "年龄不大于 N"));
        list.add_flag("--all", f->include_moved_out, T("Include persons who moved out", "包括已迁出人员"));
        filter = [&app, f, age_min, age_max](Query& q) {
          if (*age_min >= 0) f->age_min = *age_min;
          if (*age_max >= 0) f->age_max = *age_max;
          q = person_query(app.context(), *f);
        };
      });

  auto m = std::make_shared<Move>();
  CLI::App* move = verb(*noun, "move", T("Move a person to another household, or out (history kept)",
                                          "人员迁居或迁出（保留居住记录）"),
                        "shequ person move R42 --to 5-1-302 --date 2026-11-01 --reason 购房");
  move->add_option("PERSON", m->person, T("Person reference", "人员"))->required();
  auto to = move->add_option("--to", m->to, T("New household address", "新住址"));
  auto out = move->add_flag("--out", m->out, T("Moved out of the community", "迁出本社区"));
  to->excludes(out);
  move->add_option("--date", m->date, T("Date of the move (default today)", "迁居日期（默认今天）"));
  move->add_option("--reason", m->reason, T("Reason", "原因"));
  move->callback([&app, m] {
    if (m->to.empty() && !m->out) throw Error(Exit::usage, "person move: --to ADDRESS or --out");
    move_person(app.context(), *m);
  });

  auto text = std::make_shared<std::string>();
  auto limit = std::make_shared<int>(50);
  CLI::App* search = verb(*noun, "search", T("Find persons by part of a name, address or note, or by a whole phone or ID number "
                                                "(part of one only with --reveal, audited)",
                                              "按姓名、住址或备注的一部分，或完整的电话、身份证号查找人员（按号码的一部分查找需 --reveal，记入审计）"),
                          "shequ person search 桂兰");
  search->add_option("TEXT", *text, T("Text to look for", "要查找的文字"))->required();
  search->add_option("--limit", *limit, T("At most N rows", "最多 N 行"));
  search->callback([&app, text, limit] { app.emit(search_persons(app.context(), *text, *limit)); });

  auto forget_ref = std::make_shared<std::string>(), forget_reason = std::make_shared<std::string>();
  CLI::App* forget = verb(*noun, "forget", T("Remove a person's personal data everywhere (PIPL); counts and hours stay",
                                             "按个人信息保护法删除某人的个人信息（统计与服务时长保留）"),
                          "shequ person forget R42 --reason \"本人2026-11-20书面申请\"");
  forget->add_option("PERSON", *forget_ref, T("Person reference", "人员"))->required();
  forget->add_option("--reason", *forget_reason, T("Why (the request and its date)", "原因（申请及日期）"))->required();
  forget->callback([&app, forget_ref, forget_reason] {
    std::int64_t n = forget_person(app.context(), *forget_ref, *forget_reason);
    app.note(fmt::format(fmt::runtime(T("forgotten; {} audit entries scrubbed. Backups made before now still hold the "
                                        "data: see docs/guide/undo-and-forget.md, \"Backups after forgetting\"",
                                        "已删除；清理审计记录 {} 处。此前生成的备份仍含这些个人信息："
                                        "处理办法见 docs/guide/undo-and-forget.md “删除后的备份”")),
                         n));
  });

  auto history_ref = std::make_shared<std::string>();
  CLI::App* history = verb(*noun, "history", T("Where a person lived and when", "人员居住记录"),
                           "shequ person history R42");
  history->add_option("PERSON", *history_ref, T("Person reference", "人员"))->required();
  history->callback([&app, history_ref] {
    Context& ctx = app.context();
    app.emit(residence_history(ctx, resolve(ctx, "person", *history_ref)));
  });
}

}  // namespace shequ::cli
