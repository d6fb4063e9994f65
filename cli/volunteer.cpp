// volunteer add|list|show|set|log-hours|verify|reject|void|hours|stars|notice|certify|certificates
#include <array>
#include <iostream>

#include <fmt/format.h>

#include "domain/certificates.h"
#include "commands.h"
#include "domain/hours.h"
#include "domain/hours_notice.h"
#include "core/i18n.h"
#include "domain/volunteers.h"

namespace shequ::cli {
namespace {

// --volunteer/--project/--team/--from/--until/--pending: which entries a decision applies to.
void add_selection(CLI::App& cmd, HoursSelection& s) {
  cmd.add_option("ENTRY", s.entries, T("Entry numbers or external keys", "记录编号或外部编号"));
  cmd.add_flag("--pending", s.pending, T("Every pending entry matching the filters below", "所有符合以下条件的待审核记录"));
  cmd.add_option("--volunteer", s.volunteer, T("Only this volunteer", "只限该志愿者"));
  cmd.add_option("--project", s.project, T("Only this project", "只限该项目"));
  cmd.add_option("--team", s.team, T("Only this team", "只限该队伍"));
  cmd.add_option("--from", s.from, T("Only service on or after this date", "只限该日期及以后的服务"));
  cmd.add_option("--until", s.until, T("Only service on or before this date", "只限该日期及以前的服务"));
}

std::string decision_note(const Decision& d, std::string_view verb_en, std::string_view verb_zh) {
  std::string s = fmt::format(fmt::runtime(T("{}: {} entries, {} hours", "{}：{} 条记录，{} 小时")),
                              T(verb_en, verb_zh), d.entries, cell_text(Cell{static_cast<double>(d.minutes) / 60.0}));
  if (d.points != 0) s += fmt::format(fmt::runtime(T(", {} points", "，{} 积分")), cell_text(Cell{d.points}));
  if (d.in_notice > 0)
    s += fmt::format(fmt::runtime(T("\n{} more entries are in their public notice period (the last until {})",
                                    "\n另有 {} 条记录仍在公示期内（最晚至 {}）")),
                     d.in_notice, d.notice_until);
  return s;
}

}  // namespace

void setup_volunteer(CLI::App& root, App& app) {
  CLI::App* noun = root.add_subcommand("volunteer", T("Volunteers: records, service hours, verification, certificates",
                                                      "志愿者：登记、服务时长、审核、证明"));
  examples(*noun, "shequ volunteer list --skill repair --status active --limit 20\nshequ volunteer hours V1\nshequ volunteer stars V1");
  noun->require_subcommand(1);
  const Entity& e = volunteer_entity();

  // add: an existing person (--person) or a new one (--name, --phone, …).
  auto vin = std::make_shared<Input>();
  auto pin = std::make_shared<Input>();
  CLI::App* add = verb(*noun, "add", T("Register a volunteer: an existing person, or a new one", "登记志愿者：已有人员或新人员"),
                       "shequ volunteer add --person R42 --recruited-via grid-survey --skills mediation,law\n"
                       "  shequ volunteer add --name 王师傅 --phone 13912345678 --recruited-via self-nomination --skills repair");
  add_field_options(*add, e, *vin, true);
  for (auto [flag, key, en, zh] : std::initializer_list<std::array<const char*, 4>>{
           {"--name", "name", "New person: name", "新人员：姓名"},
           {"--gender", "gender", "New person: gender M|F", "新人员：性别 M|F"},
           {"--birth-date", "birth_date", "New person: birth date", "新人员：出生日期"},
           {"--phone", "phone", "New person: phone", "新人员：手机号"},
           {"--id-number", "id_number", "New person: ID number", "新人员：身份证号"},
           {"--household", "household", "New person: household address", "新人员：住址"},
           {"--residency", "residency", "New person: registered|permanent|floating|non-resident", "新人员：户籍类型"}}) {
    std::string k = key;
    add->add_option_function<std::string>(flag, [pin, k](const std::string& v) { pin->set(k, v); }, T(en, zh));
  }
  add->callback([&app, vin, pin] {
    std::int64_t id = add_volunteer(app.context(), *vin, *pin);
    std::cout << ref_text(volunteer_entity(), id) << "\n";
  });

  auto filter = std::make_shared<VolunteerFilter>();
  auto stars = std::make_shared<int>(-1);
  auto limit = std::make_shared<std::int64_t>(-1);
  CLI::App* list = verb(*noun, "list", T("List volunteers with teams, verified hours, stars and points",
                                         "列出志愿者（队伍、累计时长、星级、积分）"),
                        "shequ volunteer list --team 帮帮龙志愿服务队 --stars 2");
  list->add_option("--team", filter->team, T("Only current members of this team", "只看该队伍现任队员"));
  list->add_option("--skill", filter->skill, T("Only volunteers with this skill", "只看有此技能的志愿者"));
  list->add_option("--stars", *stars, T("Only volunteers with exactly N stars", "只看 N 星志愿者"));
  list->add_option("--status", filter->status, "active|paused|left")->transform(choice_of({"active", "paused", "left"}));
  list->add_option("--grid", filter->grid, T("Only volunteers living in this grid", "只看住在该网格的志愿者"));
  list->add_option("--limit", *limit, T("At most N rows", "最多显示 N 行"));
  list->callback([&app, filter, stars, limit] {
    if (*stars >= 0) filter->stars = *stars;
    app.emit(list_volunteers(app.context(), *filter, *limit));
  });

  auto ref = std::make_shared<std::string>();
  CLI::App* show = verb(*noun, "show", T("Show one volunteer, with stars and when they were reached", "查看志愿者（含星级）"),
                        "shequ volunteer show V12");
  show->add_option("VOLUNTEER", *ref, T("V12, volunteer number, name or phone", "V12、志愿者编号、姓名或手机号"))->required();
  show->callback([&app, ref] {
    Context& ctx = app.context();
    app.emit_record(show_volunteer(ctx, resolve(ctx, volunteer_entity(), *ref)));
  });

  add_set_verb(*noun, app, e, T("Change a volunteer", "修改志愿者信息"), "shequ volunteer set V12 --status paused");

  // log-hours
  auto hin = std::make_shared<Input>();
  auto hvol = std::make_shared<std::string>();
  CLI::App* log = verb(*noun, "log-hours",
                       T("Log service hours (actual service time, travel not counted); pending until verified",
                         "登记服务时长（实际服务时间，不含路途）；审核后生效"),
                       "shequ volunteer log-hours V12 --date 2026-11-20 --start 09:00 --end 11:30 --activity 楼道清扫 "
                       "--place 3栋 --project 楼道清洁日 --served 3栋居民 --content 清理楼道杂物");
  log->add_option("VOLUNTEER", *hvol, T("Volunteer reference", "志愿者"))->required();
  for (auto [flag, key, en, zh] : std::initializer_list<std::array<const char*, 4>>{
           {"--date", "date", "Service date (default today)", "服务日期（默认今天）"},
           {"--start", "start", "Start time HH:MM", "开始时间 HH:MM"},
           {"--end", "end", "End time HH:MM", "结束时间 HH:MM"},
           {"--minutes", "minutes", "Service minutes (instead of, or within, start–end)", "服务分钟数（或在开始–结束时段内）"},
           {"--hours", "hours", "Service hours, e.g. 1.5 (instead of --minutes)", "服务小时数，如 1.5（代替 --minutes）"},
           {"--activity", "activity", "Activity name (required)", "活动名称（必填）"},
           {"--place", "place", "Place", "地点"},
           {"--project", "project", "Project", "项目"},
           {"--event", "event", "Event (E…)", "活动（E…）"},
           {"--team", "team", "Team", "队伍"},
           {"--served", "served", "Who was served", "服务对象"},
           {"--content", "content", "What was done", "服务内容"},
           {"--external-key", "external_key", "Key of the entry in another system (for re-imports)", "外部编号（便于重复导入）"},
           {"--note", "note", "Note", "备注"}}) {
    std::string k = key;
    log->add_option_function<std::string>(flag, [hin, k](const std::string& v) { hin->set(k, v); }, T(en, zh));
  }
  log->callback([&app, hin, hvol] {
    hin->set("volunteer", *hvol);
    Logged l = log_hours(app.context(), *hin);
    std::cout << l.id << "\n";
    app.note(fmt::format(fmt::runtime(T("logged entry {}: {} minutes, pending verification", "已登记第 {} 条：{} 分钟，待审核")),
                         l.id, l.minutes));
  });

  auto vsel = std::make_shared<HoursSelection>();
  CLI::App* verify = verb(*noun, "verify",
                          T("Verify pending hours and write the points they earn (hours × coefficient × points.per_hour)",
                            "确认待审核时长并记入积分（小时 × 项目系数 × points.per_hour）"),
                          "shequ volunteer verify --pending --project 楼道清洁日 --until 2026-11-30");
  add_selection(*verify, *vsel);
  verify->callback([&app, vsel] { app.note(decision_note(verify_hours(app.context(), *vsel), "verified", "已确认")); });

  auto rsel = std::make_shared<HoursSelection>();
  auto rreason = std::make_shared<std::string>();
  CLI::App* reject = verb(*noun, "reject", T("Reject pending hours, with a reason", "驳回待审核时长（须说明原因）"),
                          "shequ volunteer reject 21 --reason \"时间与签到表不符\"");
  add_selection(*reject, *rsel);
  reject->add_option("--reason", *rreason, T("Why (required)", "原因（必填）"));
  reject->callback([&app, rsel, rreason] {
    app.note(decision_note(reject_hours(app.context(), *rsel, *rreason), "rejected", "已驳回"));
  });

  auto ventry = std::make_shared<std::string>();
  auto vreason = std::make_shared<std::string>();
  CLI::App* voidc = verb(*noun, "void", T("Void a wrongly verified entry: its points are reversed in the ledger",
                                          "作废错误的已确认记录：积分以冲正记入台账"),
                         "shequ volunteer void 12 --reason \"重复登记\"");
  voidc->add_option("ENTRY", *ventry, T("Entry number or external key", "记录编号或外部编号"))->required();
  voidc->add_option("--reason", *vreason, T("Why (required)", "原因（必填）"));
  voidc->callback([&app, ventry, vreason] {
    app.note(decision_note(void_hours(app.context(), *ventry, *vreason), "voided", "已作废"));
  });

  auto hf = std::make_shared<HoursFilter>();
  auto hpending = std::make_shared<bool>(false);
  auto hlimit = std::make_shared<std::int64_t>(-1);
  CLI::App* hours = verb(*noun, "hours", T("List service entries", "列出服务记录"),
                         "shequ volunteer hours V12 --period 2026-Q4");
  hours->add_option("VOLUNTEER", hf->volunteer, T("Only this volunteer", "只看该志愿者"));
  hours->add_option("--project", hf->project, T("Only this project", "只看该项目"));
  hours->add_option("--team", hf->team, T("Only this team", "只看该队伍"));
  hours->add_option("--status", hf->status, "pending|verified|rejected|void")
      ->transform(choice_of({"pending", "verified", "rejected", "void"}));
  hours->add_flag("--pending", *hpending, T("Only pending entries (same as --status pending)", "只看待审核记录"));
  hours->add_option("--period", hf->period, T("2026, 2026-11, 2026-Q3, this-month, FROM..TO", "期间：2026、2026-11、2026-Q3、this-month、起..止"));
  hours->add_option("--limit", *hlimit, T("At most N rows", "最多显示 N 行"));
  hours->callback([&app, hf, hpending, hlimit] {
    if (*hpending) hf->status = "pending";
    app.emit(list_hours(app.context(), *hf, *hlimit));
  });

  auto sref = std::make_shared<std::string>();
  CLI::App* starsc = verb(*noun, "stars", T("Star levels and the date each was reached", "星级及各级达到日期"),
                          "shequ volunteer stars V12");
  starsc->add_option("VOLUNTEER", *sref, T("Volunteer reference", "志愿者"))->required();
  starsc->callback([&app, sref] {
    Context& ctx = app.context();
    app.emit(star_table(ctx, resolve(ctx, volunteer_entity(), *sref)));
  });

  auto cert = std::make_shared<Certifying>();
  auto reprint = std::make_shared<std::string>();
  CLI::App* certify = verb(*noun, "certify",
                           T("Issue a numbered service certificate to 民发〔2015〕149号 (one A4 page in html; md, json): name, ID "
                             "(masked unless --reveal), volunteer number; hours (travel not counted) and content; issuer, person "
                             "in charge, handler, contact; number and date; --reprint NUMBER prints one again",
                             "按民发〔2015〕149号出具编号的志愿服务证明（html 为一页 A4；也可 md、json）：姓名、证件号码（除非 "
                             "--reveal 否则遮蔽）、志愿者编号；服务时长（不含路途）与内容；出具单位、负责人、经办人、联系方式；"
                             "编号与日期；--reprint 编号 可重新打印"),
                           "shequ -o 证明.html volunteer certify V12 --period 2026-10");
  certify->add_option("VOLUNTEER", cert->volunteer, T("Volunteer reference", "志愿者"));
  certify->add_option("--period", cert->period, T("Only hours in this period (default: all)", "只计该期间的时长（默认全部）"));
  certify->add_option("--reprint", *reprint, T("Print the certificate with this number again", "重新打印该编号的证明"));
  certify->callback([&app, cert, reprint] {
    if (!reprint->empty()) {
      if (!cert->volunteer.empty() || !cert->period.empty())
        throw Error(Exit::usage, std::string(T("--reprint prints an issued certificate as it was; leave out VOLUNTEER and --period",
                                               "--reprint 按原样重印；不要再给志愿者和 --period")));
      app.emit(reprint_certificate(app.context(), *reprint));
      return;
    }
    if (cert->volunteer.empty())
      throw Error(Exit::usage, std::string(T("name the VOLUNTEER, or --reprint NUMBER", "请指定志愿者，或 --reprint 编号")));
    IssuedCertificate issued = issue_certificate(app.context(), *cert);
    if (!issued.warning.empty()) app.problem(issued.warning);
    app.emit(issued.document);
  });

  auto notice = std::make_shared<NoticeRequest>();
  CLI::App* noticec = verb(*noun, "notice",
                           T("The public notice list of pending hours in their notice period (volunteer.notice_days), "
                             "A4 pages of 40 entries to post before `verify`: name, date, project, hours, when the notice "
                             "ends and how to object; no phone, no ID number",
                             "服务时长公示名单：公示期内（volunteer.notice_days）的待确认记录，每页 40 条的 A4 公示页，"
                             "在 verify 之前张贴：姓名、日期、项目、时长、公示截止日期和异议方式；不含电话和身份证号"),
                           "shequ volunteer notice --project 楼道清洁日 -o 公示.html");
  noticec->add_option("--project", notice->project, T("Only this project", "只列该项目"));
  noticec->add_option("--team", notice->team, T("Only this team", "只列该队伍"));
  noticec->callback([&app, notice] { app.emit(hours_notice(app.context(), *notice)); });

  auto cvol = std::make_shared<std::string>();
  CLI::App* certs = verb(*noun, "certificates", T("The register of issued certificates: number, volunteer, period, hours, issuer, date, handler",
                           "证明出具登记簿：编号、志愿者、服务期间、时长、出具单位、日期、经办人"),
                         "shequ volunteer certificates V12");
  certs->add_option("VOLUNTEER", *cvol, T("Only this volunteer", "只看该志愿者"));
  certs->callback([&app, cvol] { app.emit(list_certificates(app.context(), *cvol)); });
}

}  // namespace shequ::cli
