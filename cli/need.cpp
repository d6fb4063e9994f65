#include <iostream>

#include "records/choices.h"
#include "commands.h"
#include "detail.h"
#include "core/i18n.h"
#include "domain/needs.h"

namespace shequ::cli {

void setup_need(CLI::App& root, App& app) {
  CLI::App* noun = root.add_subcommand("need", T("Residents' needs: raise, assign, follow up, resolve or decline, rate",
                                                  "居民诉求：登记、交办、跟进、办结或不予办理、评价"));
  examples(*noun, "shequ need list --status new\nshequ need show N10\nshequ need accept N10");
  noun->require_subcommand(1);
  add_add_verb(*noun, app, need_entity(), "shequ need add --title 3栋楼道灯不亮 --category facilities --meeting M3 --household 3-2-501");
  add_list_verb(*noun, app, need_entity(), [&app](CLI::App& list, std::function<void(Query&)>& filter) {
        auto f = std::make_shared<NeedFilter>();
        list.add_option("--status", f->status, choices_with_labels(need_entity().field("status")->choices));
        list.add_option("--category", f->category, T("Only this category", "只看该类别"));
        list.add_option("--grid", f->grid, T("Only this grid", "只看该网格"));
        list.add_option("--meeting", f->meeting, T("Only needs raised at this meeting", "只看该议事会提出的"));
        list.add_option("--assignee", f->assignee, T("Only needs assigned to this team, project or partner",
                                                     "只看交给该团队、项目或共建单位的"));
        list.add_option("--from", f->from, T("Raised on or after this date", "提出日期不早于"));
        list.add_option("--to", f->to, T("Raised on or before this date", "提出日期不晚于"));
        list.add_flag("--overdue", f->overdue, T("Only open needs past their due date", "只看超期未办结的"));
        list.add_flag("--public", f->public_only, T("Only needs published on the barometer", "只看已公示的"));
        filter = [&app, f](Query& q) { q = need_query(app.context(), *f); };
      });
  add_set_verb(*noun, app, need_entity());
  auto show_ref = std::make_shared<std::string>();
  CLI::App* show = verb(*noun, "show", T("Show one need with its progress notes", "查看诉求及办理进度"),
                        "shequ need show N5");
  show->add_option("NEED", *show_ref, T("Need reference", "诉求"))->required();
  show->callback([&app, show_ref] {
    Context& ctx = app.context();
    std::int64_t id = resolve(ctx, need_entity(), *show_ref);
    emit_detail(app, show_record(ctx, need_entity(), id), {need_progress_notes(ctx, id), need_ratings(ctx, id)});
  });

  auto acc = std::make_shared<std::string>();
  CLI::App* accept = verb(*noun, "accept", T("Accept a need the community handles itself (new → accepted)",
                                              "受理诉求，由社区自行办理（新登记 → 已受理）"),
                          "shequ need accept N10");
  accept->add_option("NEED", *acc, T("Need reference", "诉求"))->required();
  accept->callback([&app, acc] { accept_need(app.context(), *acc); });

  struct AssignOpts { std::string need, to; };
  auto a = std::make_shared<AssignOpts>();
  CLI::App* assign = verb(*noun, "assign", T("Accept a need by handing it to a team, project or partner (new → accepted)",
                                              "受理诉求并交给团队、项目或共建单位承办（新登记 → 已受理）"),
                          "shequ need assign N10 --to J3");
  assign->add_option("NEED", a->need, T("Need reference", "诉求"))->required();
  assign->add_option("--to", a->to, T("Team (T2), project (J3) or partner (P5); or project:NAME",
                                      "团队（T2）、项目（J3）或共建单位（P5）；也可写 project:名称"))->required();
  assign->callback([&app, a] { assign_need(app.context(), a->need, a->to); });

  auto p = std::make_shared<ProgressNote>();
  CLI::App* progress = verb(*noun, "progress", T("Record progress on a need, or on a project for all its needs (→ in-progress)",
                                                  "记录诉求进度；对项目记录则适用于其承办的全部诉求（→ 办理中）"),
                            "shequ need progress N1 --percent 60 --note 已联系物业更换灯具");
  progress->add_option("NEED", p->target, T("Need (N5) or project (J3)", "诉求（N5）或项目（J3）"))->required();
  progress->add_option("--percent", p->percent, T("How far along, 0–100", "完成百分比，0–100"))->required();
  progress->add_option("--note", p->note, T("What was done", "进展说明"));
  progress->add_option("--date", p->date, T("Date (default today)", "日期（默认今天）"));
  progress->callback([&app, p] { record_progress(app.context(), *p); });

  struct ResolveOpts { std::string need, resolution, date; bool make_public = false, keep_private = false; };
  auto r = std::make_shared<ResolveOpts>();
  CLI::App* res = verb(*noun, "resolve", T("Close a need as resolved, saying what was done", "办结诉求并写明办理结果"),
                       "shequ need resolve N1 --resolution 已更换楼道灯 --public");
  res->add_option("NEED", r->need, T("Need reference", "诉求"))->required();
  res->add_option("--resolution", r->resolution, T("What was done", "办理结果"))->required();
  res->add_option("--date", r->date, T("Date resolved (default today)", "办结日期（默认今天）"));
  auto pub = res->add_flag("--public", r->make_public, T("Publish on the barometer", "在民意晴雨表公示"));
  res->add_flag("--private", r->keep_private, T("Do not publish", "不公示"))->excludes(pub);
  res->callback([&app, r] {
    std::optional<bool> publish;
    if (r->make_public) publish = true;
    if (r->keep_private) publish = false;
    resolve_need(app.context(), r->need, r->resolution, r->date, publish);
  });

  struct DeclineOpts { std::string need, reason, date; };
  auto d = std::make_shared<DeclineOpts>();
  CLI::App* dec = verb(*noun, "decline", T("Decline a need with the reason given to residents", "不予办理并写明原因"),
                       "shequ need decline N31 --reason 属于市政道路，已转交街道");
  dec->add_option("NEED", d->need, T("Need reference", "诉求"))->required();
  dec->add_option("--reason", d->reason, T("Why", "原因"))->required();
  dec->add_option("--date", d->date, T("Date (default today)", "日期（默认今天）"));
  dec->callback([&app, d] { decline_need(app.context(), d->need, d->reason, d->date); });

  struct RateOpts { std::string need, score, date; };
  auto rt = std::make_shared<RateOpts>();
  CLI::App* rate = verb(*noun, "rate", T("Residents' satisfaction with a resolved need, 1–5; every rating is kept with its date "
                                         "(need show lists them) and reports use the latest",
                                         "居民对已办结诉求的满意度，1–5；每次评价连同日期都会保留（need show 列出），报表取最近一次"),
                        "shequ need rate N2 4");
  rate->add_option("NEED", rt->need, T("Need reference", "诉求"))->required();
  rate->add_option("SCORE", rt->score, T("1 (very unhappy) … 5 (very satisfied)", "1（很不满意）… 5（很满意）"))->required();
  rate->add_option("--date", rt->date, T("Date rated (default today)", "评价日期（默认今天）"));
  rate->callback([&app, rt] { rate_need(app.context(), rt->need, rt->score, rt->date); });

  struct ReopenOpts { std::string need, reason, date; };
  auto ro = std::make_shared<ReopenOpts>();
  CLI::App* reopen = verb(*noun, "reopen",
                          T("A resolved need that came back: open it again (resolved → in-progress), with the reason; "
                            "the earlier resolution stays in the progress notes and its ratings in the history",
                            "已办结的诉求问题复发：重新办理（已办结 → 办理中），须写明原因；原办理结果保留在办理进度中，"
                            "原评价保留在评价记录中"),
                          "shequ need reopen N2 --reason \"楼道灯又不亮了\"");
  reopen->add_option("NEED", ro->need, T("Need reference", "诉求"))->required();
  reopen->add_option("--reason", ro->reason, T("Why it is back (required)", "重新办理的原因（必填）"))->required();
  reopen->add_option("--date", ro->date, T("Date (default today)", "日期（默认今天）"));
  reopen->callback([&app, ro] { reopen_need(app.context(), ro->need, ro->reason, ro->date); });
}

}  // namespace shequ::cli
