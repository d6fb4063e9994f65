// shequ case open|list|show|set|party add|remove|document|assign|note|session|escalate|agree|fail|follow-up|review|close|reopen|extend|due
#include <iostream>

#include <fmt/format.h>

#include "domain/case_dossier.h"
#include "domain/cases.h"
#include "records/choices.h"
#include "commands.h"
#include "core/i18n.h"

namespace shequ::cli {
namespace {

// A record table as field/value lines for people (table, md); as it is for machines.
Table for_people(const Table& t, Format f) {
  if ((f != Format::table && f != Format::md) || t.rows.size() != 1) return t;
  const Table shown = with_labels(t);
  Table v;
  v.title = t.title;
  v.columns = {{"field", "Field", "字段"}, {"value", "Value", "内容"}};
  for (std::size_t i = 0; i < t.columns.size(); ++i)
    v.rows.push_back({T(t.columns[i].en, t.columns[i].zh), shown.rows[0][i]});
  return v;
}

// Adds one lifecycle verb whose options fill a CaseStep, then runs it.
CLI::App* step_verb(CLI::App& noun, App& app, CaseVerb v, const std::string& help, const std::string& example,
                    const std::function<void(CLI::App&, CaseStep&)>& options) {
  auto s = std::make_shared<CaseStep>();
  CLI::App* cmd = verb(noun, std::string(case_verb_name(v)), help, example);
  cmd->add_option("CASE", s->case_ref, T("Case number (2026-0042) or C-id", "案件编号（如 2026-0042）或 C 编号"))->required();
  cmd->add_option("--date", s->date, T("The day it happened (default today)", "发生日期（默认今天）"));
  options(*cmd, *s);
  cmd->callback([&app, v, s] {
    std::string status = case_step(app.context(), v, *s);
    app.note(fmt::format(fmt::runtime(T("{}: {}", "{}：{}")), s->case_ref, choice_label(status)));
  });
  return cmd;
}

}  // namespace

void setup_case(CLI::App& root, App& app) {
  CLI::App* noun = root.add_subcommand(
      "case", T("Mediation cases: open → mediating → agreed | failed → closed; private by default",
                "矛盾纠纷调解案件：受理 → 调解中 → 达成协议 | 调解不成 → 结案；默认保密"));
  examples(*noun, "shequ case list --status mediating\nshequ case show 2026-0241\nshequ case due");
  noun->require_subcommand(1);

  // open
  auto o = std::make_shared<CaseOpening>();
  CLI::App* open = verb(*noun, "open", T("Open a case; prints its number. Keep the title neutral: it is the only text shown without --reveal",
                                         "受理案件并输出案件编号。案由请写得中性：未加 --reveal 时只显示案由"),
                        "shequ case open --title \"楼上漏水\" --type neighbour --grid 03 "
                        "--party applicant:R12 --party respondent:3-2-602 --since 2023-06-01 --mediator V7");
  open->add_option("--title", o->title, T("Neutral title (required)", "中性的案由（必填）"))->required();
  open->add_option("--type", o->type, T("Case type (required; shequ vocab list --kind case-type)",
                                        "纠纷类型（必填；见 shequ vocab list --kind case-type）"))->required();
  open->add_option("--source", o->source, T("How it came in (default application; shequ vocab list --kind case-source)",
                                            "案件来源（默认 application 当事人申请；见 shequ vocab list --kind case-source）"));
  open->add_option("--grid", o->grid, T("Grid (required)", "网格（必填）"))->required();
  open->add_option("--party", o->parties,
                   T("ROLE:WHO, repeatable; ROLE applicant|respondent|party; WHO a person (R12, name, phone), "
                     "household (H3, 3-2-501), partner (P2), org:NAME or name:NAME",
                     "角色:当事人，可重复；角色 applicant 申请人|respondent 被申请人|party 当事人；当事人为人员"
                     "（R12、姓名、电话）、住户（H3、3-2-501）、共建单位（P2）、org:单位名称 或 name:姓名"))
      ->required();
  open->add_option("--mode", o->mode, T("private (one-to-one, default) | online | offline | public (only with the parties' consent)",
                                        "private 一对一私密（默认）| online 线上 | offline 线下 | public 公开（须当事人同意）"));
  open->add_option("--level", o->level, T("Starting level: grid (default) | community | street", "起始层级：grid 网格（默认）| community 社区 | street 街道"));
  open->add_option("--date", o->opened, T("Date opened (default today)", "受理日期（默认今天）"));
  open->add_option("--opened", o->opened)->group("");  // the first spelling, hidden: scripts keep working
  open->add_option("--dispute-start,--since", o->dispute_since, T("Date the dispute began", "纠纷起始日期"));
  open->add_option("--summary", o->summary, T("What the dispute is about (confidential)", "纠纷简况（保密）"));
  open->add_option("--mediator", o->mediators, T("Mediator (volunteer or person); the first is the lead", "调解员（志愿者或人员）；第一位为主调解员"));
  open->callback([&app, o] {
    CaseOpened c = open_case(app.context(), *o);
    std::cout << c.number << "\n";
    app.note(ref_text(case_entity(), c.id));
  });

  // list
  auto f = std::make_shared<CaseFilter>();
  auto older = std::make_shared<int>(-1);
  auto limit = std::make_shared<std::int64_t>(-1);
  CLI::App* list = verb(*noun, "list", T("List cases (never shows parties or case text)", "列出案件（不显示当事人及案件内容）"),
                        "shequ case list --status active --grid 03 --older-than 7");
  list->add_option("--status", f->status,
                   choices_with_labels(case_entity().field("status")->choices) + T(", active (open or mediating)", "、active（已受理或调解中）"));
  list->add_option("--level", f->level, choices_with_labels(case_entity().field("level")->choices));
  list->add_option("--type", f->type, T("Case type", "纠纷类型"));
  list->add_option("--grid", f->grid, T("Only this grid", "只看该网格"));
  list->add_option("--mediator", f->mediator, T("Only cases this mediator currently works on", "只看该调解员现办的案件"));
  list->add_option("--older-than", *older, T("Opened more than N days ago", "受理已超过 N 天"));
  list->add_flag("--overdue", f->overdue, T("Open or mediating past the deadline", "超过办结期限仍未办结"));
  list->add_option("--year", f->year, T("Opened in this year", "该年度受理"));
  list->add_option("--limit", *limit, T("At most N rows", "最多显示 N 行"));
  list->callback([&app, f, older, limit] {
    if (*older >= 0) f->older_than = *older;
    Context& ctx = app.context();
    Query q = case_query(ctx, *f);
    q.limit = *limit;
    app.emit(list_cases(ctx, q));
  });

  // show
  auto ref = std::make_shared<std::string>();
  CLI::App* show = verb(*noun, "show", T("Show a case with parties, mediators and timeline; texts only with --reveal (audited)",
                                         "查看案件、当事人、调解员及办理经过；内容需 --reveal（留审计记录）"),
                        "shequ --reveal case show 2026-0042");
  show->add_option("CASE", *ref, T("Case number or C-id", "案件编号或 C 编号"))->required();
  show->callback([&app, ref] {
    Context& ctx = app.context();
    CaseSheet s = case_sheet(ctx, resolve(ctx, case_entity(), *ref));
    Format fmt_ = app.output_format();
    Document d;
    d.title = s.record.title;
    Table record = for_people(s.record, fmt_);
    record.title.clear();
    d.sections.push_back({std::string(T("Case", "案件")), record, std::nullopt});
    for (Table* t : {&s.parties, &s.mediators, &s.timeline}) {
      std::string heading = t->title;
      t->title.clear();
      d.sections.push_back({heading, *t, std::nullopt});
    }
    app.emit(d);
  });

  auto doc = std::make_shared<CaseDocumentRequest>();
  CLI::App* document = verb(*noun, "document",
                            T("Print the case file (人民调解卷宗) as A4 pages to sign: cover, index, registration form, "
                              "mediation records, agreement, follow-up records, closing report; only with --reveal (audited)",
                              "打印人民调解卷宗（A4，可签字）：封面、卷内目录、受理登记表、调解记录、调解协议书、回访记录、"
                              "结案报告；须 --reveal（留审计记录）"),
                            "shequ --reveal case document 2026-0043 --kind agreement -o 协议书.html");
  document->add_option("CASE", doc->case_ref, T("Case number or C-id", "案件编号或 C 编号"))->required();
  document->add_option("--kind", doc->kind, "cover|index|registration|record|agreement|followup|closing|all (default all)")
      ->check(CLI::IsMember(case_document_kinds()));
  document->callback([&app, doc] { app.emit(case_document(app.context(), *doc)); });

  // corrections
  auto fix = std::make_shared<CaseCorrection>();
  CLI::App* set = verb(*noun, "set",
                       T("Correct what was recorded at opening (any status): title, type, source, grid, mode, summary, "
                         "dispute start; the timeline notes what changed, `shequ undo` takes it back",
                         "更正受理时登记的内容（任何状态均可）：案由、类型、来源、网格、调解方式、简况、纠纷起始日期；"
                         "办理经过中记录更正了什么，可用 `shequ undo` 撤销"),
                       "shequ case set 2025-0003 --grid 02 --type property-management");
  set->add_option("CASE", fix->case_ref, T("Case number (2026-0042) or C-id", "案件编号（如 2026-0042）或 C 编号"))->required();
  set->add_option("--title", fix->title, T("Neutral title", "中性的案由"));
  set->add_option("--type", fix->type, T("Case type (shequ vocab list --kind case-type)", "纠纷类型（见 shequ vocab list --kind case-type）"));
  set->add_option("--source", fix->source, T("How it came in (shequ vocab list --kind case-source)", "案件来源（见 shequ vocab list --kind case-source）"));
  set->add_option("--grid", fix->grid, T("Grid", "网格"));
  set->add_option("--mode", fix->mode, choices_with_labels(case_entity().field("mode")->choices));
  set->add_option("--summary", fix->summary, T("What the dispute is about (confidential)", "纠纷简况（保密）"));
  set->add_option("--dispute-start,--since", fix->dispute_since, T("Date the dispute began", "纠纷起始日期"));
  set->callback([&app, fix] {
    correct_case(app.context(), *fix);
    app.note(fmt::format(fmt::runtime(T("{}: corrected", "{}：已更正")), fix->case_ref));
  });

  CLI::App* party = noun->add_subcommand("party", T("Add or remove a party named by mistake (timeline note; undoable)",
                                                    "增加或删除当事人（用于更正；记入办理经过，可撤销）"));
  party->require_subcommand(1);
  struct PartyOpts { std::string case_ref, party; };
  for (bool adding : {true, false}) {
    auto po = std::make_shared<PartyOpts>();
    CLI::App* cmd = verb(*party, adding ? "add" : "remove",
                         adding ? T("Add a party to a case", "为案件增加当事人")
                                : T("Remove a party named by mistake (a case keeps at least one)", "删除误登记的当事人（案件至少保留一方）"),
                         adding ? "shequ case party add 2025-0003 party:org:物业服务中心"
                                : "shequ case party remove 2025-0003 respondent:15637632171");
    cmd->add_option("CASE", po->case_ref, T("Case number or C-id", "案件编号或 C 编号"))->required();
    cmd->add_option("PARTY", po->party,
                    T("ROLE:WHO as `case open --party` takes it (applicant:R12, respondent:org:NAME, party:name:NAME)",
                      "角色:当事人，写法同 `case open --party`（applicant:R12、respondent:org:单位名称、party:name:姓名）"))
        ->required();
    cmd->callback([&app, po, adding] {
      Context& ctx = app.context();
      if (adding) add_case_party(ctx, po->case_ref, po->party);
      else remove_case_party(ctx, po->case_ref, po->party);
      app.note(fmt::format(fmt::runtime(T("{}: parties corrected", "{}：当事人已更正")), po->case_ref));
    });
  }

  // the lifecycle verbs
  step_verb(*noun, app, CaseVerb::assign,
            T("Assign a mediator (lead or assist; a new lead replaces the old, history kept), or --end one",
              "指派调解员（主调或协调；新主调替换原主调，保留记录），或用 --end 结束指派"),
            "shequ case assign 2026-0241 --mediator V7 --role lead",
            [](CLI::App& c, CaseStep& s) {
              c.add_option("--mediator", s.mediator, T("Volunteer or person", "志愿者或人员"))->required();
              c.add_option("--role", s.role, choices_with_labels(kMediatorRoles));
              c.add_flag("--end", s.end, T("End this mediator's assignment", "结束该调解员的指派"));
            });
  step_verb(*noun, app, CaseVerb::note, T("Add a note to the timeline (confidential)", "在办理经过中添加备注（保密）"),
            "shequ case note 2026-0241 \"双方同意下周再谈\"",
            [](CLI::App& c, CaseStep& s) { c.add_option("TEXT", s.text, T("The note", "备注内容"))->required(); });
  step_verb(*noun, app, CaseVerb::session,
            T("Record a mediation session: method and outcome (open → mediating)", "记录一次调解：方法与结果（受理 → 调解中）"),
            "shequ case session 2026-0241 --method warm-heart --outcome \"双方各退一步\"",
            [](CLI::App& c, CaseStep& s) {
              c.add_option("--method", s.method, T("Method (shequ vocab list --kind mediation-method)",
                                                   "调解方法（见 shequ vocab list --kind mediation-method）"))->required();
              c.add_option("--outcome", s.outcome, T("What came of it (confidential)", "调解结果（保密）"));
              c.add_option("--record", s.text, T("Session record (confidential)", "调解记录（保密）"));
            });
  step_verb(*noun, app, CaseVerb::escalate, T("Escalate: grid → community → street, with a reason", "上报：网格 → 社区 → 街道，须说明原因"),
            "shequ case escalate 2026-0241 --reason \"涉及物业，需社区协调\"",
            [](CLI::App& c, CaseStep& s) {
              c.add_option("--reason", s.text, T("Why (confidential)", "原因（保密）"))->required();
              c.add_option("--to", s.level, T("community | street (default: the next level up)", "community | street（默认上一级）"));
            });
  step_verb(*noun, app, CaseVerb::agree,
            T("Record the agreement: written (facts, issues, responsibilities, terms, how, by when) or oral",
              "记录调解协议：书面（事实、争议、责任、协议内容、履行方式及期限）或口头"),
            "shequ case agree 2026-0241 --kind written --facts … --issues … --responsibilities … --terms … --how … --by 2026-12-31",
            [](CLI::App& c, CaseStep& s) {
              c.add_option("--kind", s.agreement_kind, choices_with_labels(case_entity().field("agreement_kind")->choices))->required();
              c.add_option("--terms", s.text, T("What was agreed (confidential)", "协议内容（保密）"))->required();
              c.add_option("--facts", s.facts, T("Main facts (written: required)", "主要事实（书面协议必填）"));
              c.add_option("--issues", s.issues, T("Issues in dispute (written: required)", "争议事项（书面协议必填）"));
              c.add_option("--responsibilities", s.responsibilities, T("Each side's responsibility (written: required)", "各方责任（书面协议必填）"));
              c.add_option("--how", s.performance, T("How it is carried out (written: required)", "履行方式（书面协议必填）"));
              c.add_option("--by", s.perform_by, T("By when it is carried out (written: required)", "履行期限（书面协议必填）"));
            });
  step_verb(*noun, app, CaseVerb::fail,
            T("Mediation failed: record the route the parties were told of", "调解不成：记录已告知当事人的途径"),
            "shequ case fail 2026-0241 --referral court --reason \"一方拒绝调解\"",
            [](CLI::App& c, CaseStep& s) {
              c.add_option("--referral", s.referral, choices_with_labels(case_entity().field("referral")->choices))->required();
              c.add_option("--reason", s.text, T("Why (confidential)", "原因（保密）"));
            });
  step_verb(*noun, app, CaseVerb::follow_up,
            T("Record a follow-up visit (回访): agreement holding or broken; --reopen a broken one",
              "记录回访：协议履行（holding）或未履行（broken）；未履行可 --reopen 重新调解"),
            "shequ case follow-up 2026-0042 --result holding --satisfaction 5",
            [](CLI::App& c, CaseStep& s) {
              c.add_option("--result", s.result, choices_with_labels(case_entity().field("followup")->choices))->required();
              c.add_option("--satisfaction", s.satisfaction, T("Parties' satisfaction 1–5", "当事人满意度 1–5"));
              c.add_option("--note", s.text, T("Visit note (confidential)", "回访记录（保密）"));
              c.add_flag("--reopen", s.reopen, T("Reopen the case (broken agreement)", "重新调解（协议未履行）"));
            });
  step_verb(*noun, app, CaseVerb::review, T("Record a case review (复盘): lessons learnt", "记录案例复盘：经验教训"),
            "shequ case review 2026-0042 --lessons \"先单独倾听再面对面\"",
            [](CLI::App& c, CaseStep& s) {
              c.add_option("--lessons", s.text, T("Lessons learnt (confidential)", "经验教训（保密）"))->required();
            });
  step_verb(*noun, app, CaseVerb::close, T("Close an agreed or failed case", "结案（已达成协议或调解不成的案件）"),
            "shequ case close 2026-0213", [](CLI::App&, CaseStep&) {});
  step_verb(*noun, app, CaseVerb::reopen, T("Reopen a case, with a reason (→ mediating, new deadline)", "重新调解，须说明原因（→ 调解中，重新计算期限）"),
            "shequ case reopen 2026-0042 --reason \"一方反悔\"",
            [](CLI::App& c, CaseStep& s) {
              c.add_option("--reason", s.text, T("Why (confidential)", "原因（保密）"))->required();
            });
  step_verb(*noun, app, CaseVerb::extend,
            T("Extend the deadline, with both parties' consent", "经双方当事人同意延长办结期限"),
            "shequ case extend 2026-0241 --days 30 --consent --reason \"需等待鉴定结果\"",
            [](CLI::App& c, CaseStep& s) {
              auto to = c.add_option("--to", s.perform_by, T("New deadline", "新的期限"));
              auto days = c.add_option("--days", s.days, T("Days added to the current deadline", "在当前期限上延长的天数"));
              to->excludes(days);
              c.add_flag("--consent", s.consent, T("Both parties consented (required)", "双方当事人已同意（必需）"));
              c.add_option("--reason", s.text, T("Why (confidential)", "原因（保密）"));
            });

  // due
  auto due_grid = std::make_shared<std::string>();
  CLI::App* due = verb(*noun, "due", T("What is due today: escalations, overdue cases, follow-up visits (for a morning cron job)",
                                       "今日待办：应上报、已超期、应回访的案件（适合每天早晨定时运行）"),
                       "shequ case due --format md -o 到期案件.md");
  due->add_option("--grid", *due_grid, T("Only this grid", "只看该网格"));
  due->callback([&app, due_grid] {
    Context& ctx = app.context();
    app.emit(cases_due_table(ctx, cases_due(ctx, today(), *due_grid)));
  });
}

}  // namespace shequ::cli
