#include "domain/certificates.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/period.h"
#include "records/audit.h"
#include "core/date.h"
#include "domain/hours.h"
#include "io/html_page.h"
#include "core/i18n.h"
#include "storage/dialect.h"
#include "domain/numbering.h"
#include "records/validate.h"
#include "records/vocab.h"

namespace shequ {
namespace {

using nlohmann::json;

std::string hours_text(std::int64_t minutes) { return cell_text(Cell{static_cast<double>(minutes) / 60.0}); }

Table two_columns(std::vector<std::pair<std::string, std::string>> rows) {
  Table t;
  t.columns = {{"item", "Item", "项目"}, {"value", "Value", "内容"}};
  for (auto& [k, v] : rows) t.rows.push_back({k, v});
  return t;
}

// The volunteer's identity document as block (1) of the certificate shows it: read from the
// person record when printed (the snapshot keeps no ID number), masked unless revealed (audited).
std::pair<std::string, std::string> id_document(Context& ctx, std::int64_t volunteer) {
  Stmt st(ctx.db, "SELECT p.id_number FROM volunteer v JOIN person p ON p.id = v.person_id WHERE v.id = ?");
  st.bind(1, volunteer);
  if (!st.step() || st.is_null(0) || st.text(0).empty()) return {std::string(tr("(not registered)", "（未登记）")), ""};
  std::string number = st.text(0);
  if (ctx.reveal)
    audit_reveal(ctx, "volunteer", volunteer, "certificate: id number");
  else
    number = mask_id_number(number);
  return {std::string(tr("Resident identity card", "居民身份证")), number};
}

// The printable document of a certificate snapshot (the same at issue and reprint), after the
// four blocks of 民发〔2015〕149号: who, the service, who certifies, the number and date.
Document render_certificate(Context& ctx, std::int64_t volunteer, const json& s) {
  Document d;
  d.title = std::string(tr("Volunteer Service Certificate", "志愿服务证明"));
  std::string period = s["period_from"].is_null()
                           ? std::string(tr("since joining", "加入以来"))
                           : fmt::format("{} – {}", s["period_from"].get<std::string>(), s["period_to"].get<std::string>());
  const std::string hours = hours_text(s["minutes"].get<std::int64_t>());
  d.subtitle = tr_format(
      "This certifies that {0} (volunteer number {1}) did volunteer service recorded by {2}: {3} hours "
      "in all ({4}; actual service time, travel not counted).",
      "兹证明 {0}（志愿者编号 {1}）参加{2}组织的志愿服务，经记录核实，累计服务时长 {3} 小时（{4}；"
      "为实际服务时间，不含往返路途时间）。",
      s["name"].get<std::string>(), s["volunteer_number"].get<std::string>(), s["issuer"].get<std::string>(), hours,
      period);
  d.footer = page_footer(s["issuer"].get<std::string>(), s["number"].get<std::string>());
  auto [id_type, id_number] = id_document(ctx, volunteer);
  using Pairs = std::vector<std::pair<std::string, std::string>>;
  const Pairs who = {{std::string(tr("Name", "姓名")), s["name"].get<std::string>()},
                     {std::string(tr("Volunteer number", "志愿者编号")), s["volunteer_number"].get<std::string>()},
                     {std::string(tr("ID type", "证件类型")), id_type},
                     {std::string(tr("ID number", "证件号码")), id_number}};
  const Pairs service = {{std::string(tr("Period", "服务期间")), period},
                         {std::string(tr("Hours of service", "服务时长")),
                          tr_format("{} hours (travel not counted)", "{} 小时（不含路途时间）", hours)}};
  const Pairs by = {{std::string(tr("Issuing organisation", "出具单位")), s["issuer"].get<std::string>()},
                    {std::string(tr("Person in charge", "负责人")), s["person_in_charge"].get<std::string>()},
                    {std::string(tr("Handler", "经办人")), s["handler"].get<std::string>()},
                    {std::string(tr("Contact", "联系方式")), s["contact"].get<std::string>()}};
  const Pairs number = {{std::string(tr("Certificate number", "证明编号")), s["number"].get<std::string>()},
                        {std::string(tr("Date", "出具日期")), s["issued_on"].get<std::string>()}};

  Section first;
  first.heading = std::string(tr("Volunteer", "志愿者"));
  first.table = two_columns(who);
  d.sections.push_back(std::move(first));
  Section work;
  work.heading = std::string(tr("Service", "服务时长与内容"));
  work.table.columns = {{"project", "Project", "服务项目"}, {"post_type", "Post type", "岗位类型"},
                        {"entries", "Entries", "次数", true}, {"hours", "Hours", "时长（小时）", true},
                        {"activities", "Activities", "服务内容"}};
  for (const auto& p : s["projects"]) {
    std::int64_t m = p["minutes"].get<std::int64_t>();
    const std::string post = p["post_type"].get<std::string>();
    work.table.rows.push_back({p["project"].get<std::string>(), post.empty() ? post : vocab_label(ctx, "post-type", post),
                               p["entries"].get<std::int64_t>(), static_cast<double>(m) / 60.0,
                               p["activities"].get<std::string>()});
  }
  work.table.notes.push_back(service[0].first + "：" + service[0].second + "；" + service[1].first + "：" + service[1].second);
  Section issuer;
  issuer.heading = std::string(tr("Issued by", "出具单位"));
  Pairs issued = by;
  issued.insert(issued.end(), number.begin(), number.end());
  issuer.table = two_columns(issued);

  PrintBody body;
  body.title(d.title, tr_format("No. {}", "编号：{}", s["number"].get<std::string>()));
  body.lead(d.subtitle);
  body.heading(std::string(tr("1. The volunteer", "一、志愿者基本信息")));
  body.fields(who);
  body.heading(std::string(tr("2. Hours and content of service", "二、服务时长与服务内容")));
  body.fields(service);
  body.table(work.table);
  body.heading(std::string(tr("3. Issued by", "三、出具单位")));
  body.fields(by);
  body.heading(std::string(tr("4. Certificate number and date", "四、证明编号与日期")));
  body.fields(number);
  body.sign_off({std::string(tr("Person in charge (signature): ", "负责人（签字）：")),
                 std::string(tr("Handler (signature): ", "经办人（签字）："))},
                s["issuer"].get<std::string>(), s["issued_on"].get<std::string>());
  body.note(std::string(tr("Issued free of charge by the organisation that recorded the hours (民发〔2015〕149号); "
                           "numbered and entered in the register of certificates.",
                           "本证明由记录服务时长的组织无偿出具（民发〔2015〕149号），已编号登记。")));
  d.print_body = "<div class=\"certificate\">\n" + body.html() + "</div>\n";
  d.sections.push_back(std::move(work));
  d.sections.push_back(std::move(issuer));
  return d;
}

// Issuing again for the same volunteer and period is allowed (a lost copy), but said, naming the
// certificate already issued, so that two numbers do not silently certify the same hours.
std::string reissue_warning(Context& ctx, std::int64_t volunteer, const std::optional<Period>& period) {
  Stmt st(ctx.db,
          "SELECT number, issued_on FROM certificate WHERE volunteer_id = ?1 AND period_from IS NOT DISTINCT FROM ?2 AND period_to IS NOT DISTINCT FROM ?3 "
          "AND voided_at IS NULL ORDER BY id DESC LIMIT 1");
  st.bind(1, volunteer);
  st.bind(2, period ? std::optional<std::string>(period->from) : std::nullopt);
  st.bind(3, period ? std::optional<std::string>(period->to) : std::nullopt);
  if (!st.step()) return {};
  return tr_format(
      "V{} already has certificate {} (issued {}) for the same period; reprint it with "
      "`shequ volunteer certify --reprint {}`, or void it with `shequ void certificate {} --reason …`",
      "V{} 已有同一期间的证明 {}（{} 出具）；可用 `shequ volunteer certify --reprint {}` 重新打印，"
      "或用 `shequ void certificate {} --reason …` 作废",
      volunteer, st.text(0), st.text(1), st.text(0), st.text(0));
}

}  // namespace

IssuedCertificate issue_certificate(Context& ctx, const Certifying& c) {
  Change change(ctx);
  std::int64_t volunteer = resolve(ctx, "volunteer", c.volunteer);
  std::optional<Period> period;
  if (!c.period.empty()) period = inclusive_period(c.period);
  const std::string issued_on = to_iso(today());
  // A certificate states hours served, so its period cannot run past the day it is issued.
  if (period && period->to > issued_on)
    throw Error(Exit::data,
                tr_format("--period: {}..{} ends after the issue date {}; a certificate covers service already done",
                          "--period：{}..{} 的截止日期晚于出具日期 {}；证明只能涵盖已完成的服务", period->from,
                          period->to, issued_on),
                tr_format("e.g. --period {}..{}", "例如 --period {}..{}", period->from, issued_on));
  json s;
  {
    Stmt st(ctx.db, "SELECT p.name, v.number FROM volunteer v JOIN person p ON p.id = v.person_id WHERE v.id = ?");
    st.bind(1, volunteer);
    st.step();
    s["name"] = st.text(0);
    s["volunteer_number"] = st.text(1);
  }
  s["period_from"] = period ? json(period->from) : json(nullptr);
  s["period_to"] = period ? json(period->to) : json(nullptr);
  Stmt st(ctx.db,
          "SELECT coalesce(p.name, ?4), coalesce(p.post_type, ''), count(*), sum(h.minutes), "
          "(SELECT " + dialect_of(ctx.db).ordered_concat("a", "'、'", "a") +
              " FROM (SELECT DISTINCT h2.activity AS a FROM service_hours h2 "
          "  WHERE h2.volunteer_id = ?1 AND h2.status = 'verified' AND h2.project_id IS NOT DISTINCT FROM h.project_id "
          "  AND h2.date BETWEEN ?2 AND ?3 ORDER BY h2.activity LIMIT 5) AS activities) "
          "FROM service_hours h LEFT JOIN project p ON p.id = h.project_id "
          "WHERE h.volunteer_id = ?1 AND h.status = 'verified' AND h.date BETWEEN ?2 AND ?3 "
          "GROUP BY h.project_id, p.id ORDER BY sum(h.minutes) DESC, p.name");
  st.bind(1, volunteer).bind(2, period ? period->from : "0000-00-00").bind(3, period ? period->to : "9999-99-99");
  st.bind(4, tr("(no project)", "（其他服务）"));
  std::int64_t total = 0;
  s["projects"] = json::array();
  while (st.step()) {
    total += st.integer(3);
    s["projects"].push_back({{"project", st.text(0)}, {"post_type", st.text(1)}, {"entries", st.integer(2)},
                             {"minutes", st.integer(3)}, {"activities", st.is_null(4) ? "" : st.text(4)}});
  }
  if (total == 0)
    throw Error(
        Exit::refused,
        tr_format("V{} has no verified service hours{}; nothing to certify", "V{} 没有已确认的服务时长{}；无法出具证明",
                  volunteer, period ? fmt::format(" ({}..{})", period->from, period->to) : ""),
        std::string(tr("verify pending hours first: shequ volunteer verify --pending --volunteer V…",
                       "请先确认待审核时长：shequ volunteer verify --pending --volunteer V…")));
  s["minutes"] = total;
  s["issuer"] = ctx.config.string("community.name");
  s["person_in_charge"] = ctx.config.string("community.person_in_charge");
  s["contact"] = ctx.config.string("community.contact_phone");
  s["handler"] = ctx.config.string("certificates.handler").empty() ? ctx.operator_name : ctx.config.string("certificates.handler");
  Date on = today();
  s["issued_on"] = to_iso(on);
  s["number"] = next_number(ctx, kCertificateNumbers, on.year).number;
  std::string warning = reissue_warning(ctx, volunteer, period);
  Stmt add(ctx.db,
           "INSERT INTO certificate (number, volunteer_id, period_from, period_to, minutes, snapshot, issued_on, issuer, "
           "person_in_charge, handler, contact) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  add.bind_all(s["number"].get<std::string>(), volunteer);
  add.bind(3, period ? std::optional<std::string>(period->from) : std::nullopt);
  add.bind(4, period ? std::optional<std::string>(period->to) : std::nullopt);
  add.bind(5, total).bind(6, s.dump()).bind(7, s["issued_on"].get<std::string>()).bind(8, s["issuer"].get<std::string>());
  add.bind(9, s["person_in_charge"].get<std::string>()).bind(10, ctx.operator_name).bind(11, s["contact"].get<std::string>());
  add.run();
  change.subject("volunteer", volunteer);
  change.commit();
  return {render_certificate(ctx, volunteer, s), warning};
}

Document reprint_certificate(Context& ctx, std::string_view number) {
  auto st = ctx.db.cached(
      "SELECT snapshot, volunteer_id, substr(voided_at, 1, 10), void_reason FROM certificate WHERE number = ?");
  st.bind(1, number);
  if (!st.step())
    throw Error(Exit::not_found, tr_format("no certificate numbered {}", "没有编号为 {} 的证明", number),
                "shequ volunteer certificates");
  json snapshot = json::parse(st.text(0));
  std::int64_t volunteer = st.integer(1);
  std::optional<std::string> voided_on = st.opt_text(2), why = st.opt_text(3);
  Document d = render_certificate(ctx, volunteer, snapshot);
  if (voided_on) {  // a voided certificate is reprinted only with its void on its face
    std::string mark = tr_format("VOIDED on {}: {}", "已于 {} 作废：{}", *voided_on, why.value_or(""));
    d.subtitle = mark + " " + d.subtitle;
    d.print_body = "<p class=\"voided\"><strong>" + html_escape(mark) + "</strong></p>\n" + d.print_body;
  }
  return d;
}

Table list_certificates(Context& ctx, std::string_view volunteer) {
  Table t;
  t.title = std::string(tr("Certificates issued", "已出具的证明"));
  t.columns = {{"number", "Number", "证明编号"}, {"volunteer", "Volunteer", "志愿者编号"}, {"name", "Name", "姓名"},
               {"period_from", "From", "起"},     {"period_to", "To", "止"},              {"hours", "Hours", "时长（小时）", true},
               {"issuer", "Issuer", "出具单位"}, {"issued_on", "Issued on", "出具日期"}, {"handler", "Handler", "经办人"},
               {"voided", "Voided", "已作废"}};
  std::string sql =
      "SELECT c.number, v.number, p.name, c.period_from, c.period_to, c.minutes, c.issued_on, c.handler, c.issuer, "
      "CASE WHEN c.voided_at IS NOT NULL THEN substr(c.voided_at, 1, 10) || ' ' || c.voided_by || ': ' || c.void_reason END "
      "FROM certificate c JOIN volunteer v ON v.id = c.volunteer_id JOIN person p ON p.id = v.person_id";
  std::int64_t id = 0;
  if (!volunteer.empty()) {
    id = resolve(ctx, "volunteer", volunteer);
    sql += " WHERE c.volunteer_id = ?1";
  }
  Stmt st(ctx.db, sql + " ORDER BY c.id DESC");
  if (id) st.bind(1, id);
  while (st.step())
    t.rows.push_back({st.text(0), st.text(1), st.text(2), st.is_null(3) ? Cell{} : Cell{st.text(3)},
                      st.is_null(4) ? Cell{} : Cell{st.text(4)}, static_cast<double>(st.integer(5)) / 60.0, st.text(8),
                      st.text(6), st.text(7), st.is_null(9) ? Cell{} : Cell{st.text(9)}});
  return t;
}

}  // namespace shequ
