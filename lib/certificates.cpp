#include "certificates.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "period.h"
#include "audit.h"
#include "date.h"
#include "hours.h"
#include "i18n.h"

namespace shequ {
namespace {

using nlohmann::json;

template <typename... Args>
std::string msg(std::string_view en, std::string_view zh, Args&&... args) {
  return fmt::format(fmt::runtime(tr(en, zh)), std::forward<Args>(args)...);
}

std::string hours_text(std::int64_t minutes) { return cell_text(Cell{static_cast<double>(minutes) / 60.0}); }

std::string next_number(Context& ctx, int year) {
  std::string pattern = ctx.config.string("certificates.number_format");
  auto render = [&](std::int64_t seq) { return fmt::format(fmt::runtime(pattern), fmt::arg("year", year), fmt::arg("seq", seq)); };
  std::string lo = render(0), hi = render(99999999);
  std::size_t common = 0;
  while (common < lo.size() && common < hi.size() && lo[common] == hi[common]) ++common;
  Stmt& count = ctx.db.cached("SELECT count(*) FROM certificate WHERE substr(number, 1, ?1) = ?2");
  count.bind(1, static_cast<std::int64_t>(common)).bind(2, lo.substr(0, common));
  std::int64_t seq = count.step() ? count.integer(0) + 1 : 1;
  for (;; ++seq) {
    std::string n = render(seq);
    Stmt& exists = ctx.db.cached("SELECT 1 FROM certificate WHERE number = ?");
    exists.bind(1, n);
    if (!exists.step()) return n;
  }
}

Table two_columns(std::vector<std::pair<std::string, std::string>> rows) {
  Table t;
  t.columns = {{"item", "Item", "项目"}, {"value", "Value", "内容"}};
  for (auto& [k, v] : rows) t.rows.push_back({k, v});
  return t;
}

// The printable document of a certificate snapshot (the same at issue and reprint).
Document render_certificate(const json& s) {
  Document d;
  d.title = std::string(tr("Volunteer Service Certificate", "志愿服务证明"));
  std::string period = s["period_from"].is_null()
                           ? std::string(tr("since joining", "加入以来"))
                           : fmt::format("{} – {}", s["period_from"].get<std::string>(), s["period_to"].get<std::string>());
  d.subtitle = msg("This certifies that {} (volunteer number {}) served {} verified hours in volunteer service "
                   "of {} ({}).",
                   "兹证明 {}（志愿者编号 {}）经本社区登记核实，累计志愿服务时长 {} 小时（{}，{}）。",
                   s["name"].get<std::string>(), s["volunteer_number"].get<std::string>(),
                   hours_text(s["minutes"].get<std::int64_t>()), s["issuer"].get<std::string>(), period);
  Section who;
  who.heading = std::string(tr("Volunteer", "志愿者"));
  who.table = two_columns({{std::string(tr("Name", "姓名")), s["name"].get<std::string>()},
                           {std::string(tr("Volunteer number", "志愿者编号")), s["volunteer_number"].get<std::string>()},
                           {std::string(tr("Period", "服务期间")), period},
                           {std::string(tr("Verified hours", "累计服务时长（小时）")), hours_text(s["minutes"].get<std::int64_t>())}});
  d.sections.push_back(std::move(who));
  Section work;
  work.heading = std::string(tr("Service by project", "服务项目"));
  work.table.columns = {{"project", "Project", "项目"}, {"post_type", "Post type", "岗位类型"},
                        {"entries", "Entries", "次数", true}, {"hours", "Hours", "时长（小时）", true},
                        {"activities", "Activities", "服务内容"}};
  BarChart chart;
  for (const auto& p : s["projects"]) {
    std::int64_t m = p["minutes"].get<std::int64_t>();
    work.table.rows.push_back({p["project"].get<std::string>(), p["post_type"].get<std::string>(),
                               p["entries"].get<std::int64_t>(), static_cast<double>(m) / 60.0,
                               p["activities"].get<std::string>()});
    chart.bars.emplace_back(p["project"].get<std::string>(), static_cast<double>(m) / 60.0);
  }
  chart.title = work.heading;
  work.chart = std::move(chart);
  d.sections.push_back(std::move(work));
  Section by;
  by.heading = std::string(tr("Issued by", "出具单位"));
  by.table = two_columns({{std::string(tr("Issuing organisation", "出具单位")), s["issuer"].get<std::string>()},
                          {std::string(tr("Person in charge", "负责人")), s["person_in_charge"].get<std::string>()},
                          {std::string(tr("Handler", "经办人")), s["handler"].get<std::string>()},
                          {std::string(tr("Contact", "联系电话")), s["contact"].get<std::string>()},
                          {std::string(tr("Certificate number", "证明编号")), s["number"].get<std::string>()},
                          {std::string(tr("Date", "出具日期")), s["issued_on"].get<std::string>()}});
  d.sections.push_back(std::move(by));
  return d;
}

}  // namespace

Document issue_certificate(Context& ctx, const Certifying& c) {
  Change change(ctx);
  std::int64_t volunteer = resolve(ctx, "volunteer", c.volunteer);
  std::optional<Period> period;
  if (!c.period.empty()) period = inclusive_period(c.period);
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
          "(SELECT group_concat(a, '、') FROM (SELECT DISTINCT h2.activity AS a FROM service_hours h2 "
          "  WHERE h2.volunteer_id = ?1 AND h2.status = 'verified' AND h2.project_id IS h.project_id "
          "  AND h2.date BETWEEN ?2 AND ?3 ORDER BY h2.activity LIMIT 5)) "
          "FROM service_hours h LEFT JOIN project p ON p.id = h.project_id "
          "WHERE h.volunteer_id = ?1 AND h.status = 'verified' AND h.date BETWEEN ?2 AND ?3 "
          "GROUP BY h.project_id ORDER BY sum(h.minutes) DESC, p.name");
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
    throw Error(Exit::refused, msg("V{} has no verified service hours{}; nothing to certify", "V{} 没有已确认的服务时长{}；无法出具证明",
                                   volunteer, period ? fmt::format(" ({}..{})", period->from, period->to) : ""),
                std::string(tr("verify pending hours first: shequ volunteer verify --pending --volunteer V…",
                               "请先确认待审核时长：shequ volunteer verify --pending --volunteer V…")));
  s["minutes"] = total;
  s["issuer"] = ctx.config.string("community.name");
  s["person_in_charge"] = ctx.config.string("community.person_in_charge");
  s["contact"] = ctx.config.string("community.contact_phone");
  s["handler"] = ctx.operator_name;
  Date on = today();
  s["issued_on"] = to_iso(on);
  s["number"] = next_number(ctx, on.year);
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
  return render_certificate(s);
}

Document reprint_certificate(Context& ctx, std::string_view number) {
  Stmt& st = ctx.db.cached("SELECT snapshot FROM certificate WHERE number = ?");
  st.bind(1, number);
  if (!st.step())
    throw Error(Exit::not_found, msg("no certificate numbered {}", "没有编号为 {} 的证明", number), "shequ volunteer certificates");
  return render_certificate(json::parse(st.text(0)));
}

Table list_certificates(Context& ctx, std::string_view volunteer) {
  Table t;
  t.title = std::string(tr("Certificates issued", "已出具的证明"));
  t.columns = {{"number", "Number", "证明编号"}, {"volunteer", "Volunteer", "志愿者编号"}, {"name", "Name", "姓名"},
               {"period_from", "From", "起"},     {"period_to", "To", "止"},              {"hours", "Hours", "时长（小时）", true},
               {"issued_on", "Issued on", "出具日期"}, {"handler", "Handler", "经办人"}};
  std::string sql =
      "SELECT c.number, v.number, p.name, c.period_from, c.period_to, c.minutes, c.issued_on, c.handler "
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
                      st.is_null(4) ? Cell{} : Cell{st.text(4)}, static_cast<double>(st.integer(5)) / 60.0, st.text(6),
                      st.text(7)});
  return t;
}

}  // namespace shequ
