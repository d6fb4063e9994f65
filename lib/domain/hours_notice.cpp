#include "domain/hours_notice.h"

#include <fmt/format.h>

#include "core/date.h"
#include "records/entity.h"
#include "io/html_page.h"
#include "core/i18n.h"
#include "core/text.h"

namespace shequ {
namespace {

std::string L(std::string_view en, std::string_view zh) { return std::string(tr(en, zh)); }

}  // namespace

Document hours_notice(Context& ctx, const NoticeRequest& request) {
  const int notice_days = static_cast<int>(ctx.config.integer("volunteer.notice_days"));
  const Date day = today();
  std::optional<std::int64_t> project, team;
  if (!request.project.empty()) project = resolve(ctx, "project", request.project);
  if (!request.team.empty()) team = resolve(ctx, "team", request.team);

  Table t;
  t.columns = {{"no", "No.", "序号", true},        {"name", "Volunteer", "姓名"},        {"date", "Service date", "服务日期"},
               {"project", "Project", "服务项目"}, {"activity", "Activity", "服务内容"}, {"hours", "Hours", "时长（小时）", true},
               {"notice_ends", "Notice ends", "公示截止"}};
  Stmt st(ctx.db,
          "SELECT p.name, h.date, coalesce(j.name, t.name, ''), h.activity, h.minutes, substr(h.logged_at, 1, 10) "
          "FROM service_hours h JOIN volunteer v ON v.id = h.volunteer_id JOIN person p ON p.id = v.person_id "
          "LEFT JOIN project j ON j.id = h.project_id LEFT JOIN team t ON t.id = h.team_id "
          "WHERE h.status = 'pending' AND date(substr(h.logged_at, 1, 10), '+' || ?1 || ' days') >= ?2 "
          "AND (?3 IS NULL OR h.project_id = ?3) AND (?4 IS NULL OR h.team_id = ?4) "
          "ORDER BY h.logged_at, h.date, p.name, h.id");
  st.bind(1, static_cast<std::int64_t>(notice_days)).bind(2, to_iso(day)).bind(3, project).bind(4, team);
  std::string first_logged, last_end;
  double total_hours = 0;
  while (st.step()) {
    Date logged = parse_date(st.text(5)).value_or(day);
    std::string ends = to_iso(notice_days ? add_days(logged, notice_days) : day);
    if (first_logged.empty()) first_logged = to_iso(logged);
    last_end = std::max(last_end, ends);
    double hours = static_cast<double>(st.integer(4)) / 60.0;
    total_hours += hours;
    t.rows.push_back({static_cast<std::int64_t>(t.rows.size() + 1), st.text(0), st.text(1), st.text(2), st.text(3), hours, ends});
  }

  const std::string community = ctx.config.string("community.name");
  const std::string contact = ctx.config.string("community.contact_phone");
  const std::string objection = ctx.config.string("volunteer.notice_objection");
  std::string period = t.rows.empty() ? std::string()
                                      : fmt::format(fmt::runtime(L("notice period {} to {}", "公示期：{} 至 {}")),
                                                    first_logged, last_end);
  std::string how = objection;
  if (!contact.empty()) how += fmt::format(fmt::runtime(L(" Contact: {}.", "联系电话：{}。")), contact);

  Document d;
  d.title = L("Public notice of volunteer service hours", "志愿服务时长公示");
  d.subtitle = community + (period.empty() ? "" : " · " + period);
  d.footer = page_footer(community, period);
  std::vector<std::string> notes;
  notes.push_back(fmt::format(fmt::runtime(L("{} entries, {} hours, awaiting confirmation after the notice period.",
                                             "共 {} 条，{} 小时，公示期满无异议后予以确认。")),
                              t.rows.size(), cell_text(Cell{total_hours})));
  if (notice_days == 0)
    notes.push_back(L("volunteer.notice_days is 0: hours need no notice period here; the list shows every pending entry.",
                      "volunteer.notice_days 为 0：本社区不要求公示期，名单列出全部待确认记录。"));
  notes.push_back(L("Service time is actual service, travel not counted.", "服务时长为实际服务时间，不含往返路途时间。"));
  notes.push_back(how);

  PrintBody body;
  const std::size_t pages = t.rows.empty() ? 1 : (t.rows.size() + kNoticeRowsPerPage - 1) / kNoticeRowsPerPage;
  for (std::size_t page = 0; page < pages; ++page) {
    body.page_break();
    body.title(d.title, d.subtitle);
    Table part;
    part.columns = t.columns;
    for (std::size_t i = page * kNoticeRowsPerPage; i < std::min(t.rows.size(), (page + 1) * kNoticeRowsPerPage); ++i)
      part.rows.push_back(t.rows[i]);
    body.table(part);
    for (const std::string& n : notes) body.note(n);
    if (page + 1 == pages) body.seal(community, to_iso(day));
  }
  d.print_body = "<div class=\"notice\">\n" + body.html() + "</div>\n";

  Section s;
  s.heading = d.title;
  s.key = "notice";
  s.table = std::move(t);
  s.table.notes = notes;
  d.sections.push_back(std::move(s));
  return d;
}

}  // namespace shequ
