#include <iostream>

#include <fmt/format.h>

#include "commands.h"
#include "detail.h"
#include "domain/events.h"
#include "core/i18n.h"

namespace shequ::cli {

void setup_event(CLI::App& root, App& app) {
  CLI::App* noun = root.add_subcommand("event", T("Events such as the quarter-hour convenience festival",
                                                   "活动，如一刻钟便民节"));
  examples(*noun, "shequ event list\nshequ event show E1");
  noun->require_subcommand(1);
  add_add_verb(*noun, app, event_entity(), "shequ event add --name 一刻钟便民节 --kind convenience-festival --date 2026-11-08 "
                   "--place 中心广场 --organisers T2,P5 --services haircut,repair,health-check");
  add_list_verb(*noun, app, event_entity());
  add_set_verb(*noun, app, event_entity());
  auto ref = std::make_shared<std::string>();
  CLI::App* show = verb(*noun, "show", T("Show an event with its organisers and participants",
                                          "查看活动及主办方、参与情况"),
                        "shequ event show E1");
  show->add_option("EVENT", *ref, T("Event: E1 or its name", "活动：E1 或名称"))->required();
  show->callback([&app, ref] {
    Context& ctx = app.context();
    std::int64_t id = resolve(ctx, event_entity(), *ref);
    Table record = show_record(ctx, event_entity(), id);
    if (auto hours = event_hours(ctx, id))
      record.notes.push_back(fmt::format(fmt::runtime(T("{} volunteer service entries logged ({} hours verified)",
                                                        "已登记志愿服务 {} 条（已确认 {} 小时）")),
                                         hours->entries, cell_text(Cell{static_cast<double>(hours->verified_minutes) / 60.0})));
    emit_detail(app, record, {event_organisers(ctx, id), event_participants(ctx, id)});
  });

  auto a = std::make_shared<Attendance>();
  CLI::App* attend = verb(*noun, "attend", T("Record who took part: a person, or a head count per service; prints the attendance number "
                                                "(`shequ void attendance N` takes it)",
                                              "登记参与：实名人员，或按服务项目计人数；输出参与记录编号（供 `shequ void attendance 编号` 使用）"),
                          "shequ event attend E1 --service haircut --count 35");
  attend->add_option("EVENT", a->event, T("Event: E1 or its name", "活动：E1 或名称"))->required();
  auto person = attend->add_option("--person", a->person, T("A person who took part", "参与的人员"));
  attend->add_option("--count", a->count, T("Head count (default 1)", "人数（默认 1）"))->excludes(person);
  attend->add_option("--service", a->service, T("The service used (service-type code)", "所用服务（服务类型代码）"));
  attend->add_option("--note", a->note, T("Note", "备注"));
  attend->callback([&app, a] { std::cout << attend_event(app.context(), *a) << "\n"; });  // the number `void attendance` takes
}

}  // namespace shequ::cli
