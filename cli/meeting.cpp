#include "commands.h"
#include "detail.h"
#include "core/i18n.h"
#include "domain/meetings.h"

namespace shequ::cli {

void setup_meeting(CLI::App& root, App& app) {
  CLI::App* noun = root.add_subcommand("meeting", T("Council meetings and micro-grid halls where needs are raised",
                                                     "小区议事会与微网格议事厅"));
  examples(*noun, "shequ meeting list\nshequ meeting show M1");
  noun->require_subcommand(1);
  add_add_verb(*noun, app, meeting_entity(), "shequ meeting add --kind council --date 2026-10-12 --grid 03 --attendees 28 --topics \"楼道照明;停车\"");
  add_list_verb(*noun, app, meeting_entity(), [&app](CLI::App& list, std::function<void(Query&)>& filter) {
        auto f = std::make_shared<MeetingFilter>();
        list.add_option("--kind", f->kind, "council|micro-grid-hall")->transform(choice_of({"council", "micro-grid-hall"}));
        list.add_option("--grid", f->grid, T("Only this grid", "只看该网格"));
        list.add_option("--from", f->from, T("Held on or after this date", "不早于该日期"));
        list.add_option("--to", f->to, T("Held on or before this date", "不晚于该日期"));
        filter = [&app, f](Query& q) { q = meeting_query(app.context(), *f); };
      });
  add_set_verb(*noun, app, meeting_entity());
  auto ref = std::make_shared<std::string>();
  CLI::App* show = verb(*noun, "show", T("Show a meeting and the needs it raised, with their state",
                                          "查看议事会及其提出的诉求和办理状态"),
                        "shequ meeting show M3");
  show->add_option("MEETING", *ref, T("Meeting: M3 or its date", "议事会：M3 或日期"))->required();
  show->callback([&app, ref] {
    Context& ctx = app.context();
    std::int64_t id = resolve(ctx, meeting_entity(), *ref);
    emit_detail(app, show_record(ctx, meeting_entity(), id), {meeting_needs(ctx, id)});
  });
}

}  // namespace shequ::cli
