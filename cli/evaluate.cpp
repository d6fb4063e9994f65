#include <iostream>

#include "commands.h"
#include "core/date.h"
#include "domain/evaluations.h"
#include "core/i18n.h"

namespace shequ::cli {

void setup_evaluate(CLI::App& root, App& app) {
  struct Opts { std::string subject, score, comment, date, from, to; bool summary = false; };
  auto o = std::make_shared<Opts>();
  CLI::App* cmd = verb(root, "evaluate", T("A resident's score (1–5) for a project, need, event or team (anonymous)",
                                            "居民对项目、诉求、活动或团队的评分（1–5，匿名）"),
                       "shequ evaluate J3 5 --comment 助餐很方便\nshequ evaluate --summary --from 2026-10-01");
  cmd->add_option("SUBJECT", o->subject, T("Project J3, need N5, event E2 or team T1", "项目 J3、诉求 N5、活动 E2 或团队 T1"));
  cmd->add_option("SCORE", o->score, T("1 (poor) … 5 (excellent)", "1（差）… 5（很好）"));
  cmd->add_option("--comment", o->comment, T("What the resident said (no names, please)", "居民意见（请勿写姓名）"));
  cmd->add_option("--date", o->date, T("Date (default today)", "日期（默认今天）"));
  cmd->add_flag("--summary", o->summary, T("List averages and counts per subject instead", "改为列出各对象的平均分和人数"));
  cmd->add_option("--from", o->from, T("With --summary: evaluations on or after", "与 --summary 同用：起始日期"));
  cmd->add_option("--to", o->to, T("With --summary: evaluations on or before", "与 --summary 同用：截止日期"));
  cmd->callback([&app, o] {
    Context& ctx = app.context();
    if (o->summary) {
      Period p;
      if (!o->from.empty()) p.from = date_or_today(o->from, "--from");
      if (!o->to.empty()) p.to = date_or_today(o->to, "--to");
      app.emit(barometer_table(ctx, p));
      return;
    }
    if (o->subject.empty() || o->score.empty())
      throw Error(Exit::usage, std::string(T("evaluate: give SUBJECT and SCORE, or --summary",
                                             "evaluate：请给出评价对象和评分，或使用 --summary")));
    evaluate(ctx, o->subject, o->score, o->comment, o->date);
  });
}

}  // namespace shequ::cli
