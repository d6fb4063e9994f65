// `report hours`: verified and pending service hours by month and by project, team or volunteer.
#include "reports/report_run.h"

#include <fmt/format.h>

#include "reports/hours_totals.h"
#include "core/i18n.h"
#include "records/references.h"
#include "core/text.h"

namespace shequ::report {
namespace {

// Verified and pending minutes of entries dated in [start, end), grouped by `dim`.
std::vector<std::pair<std::string, HoursFlow>> hours_flows(const Run& r, const ReportPeriod& p, const std::string& dim,
                                                           const std::string& label_sql, const std::string& joins) {
  std::vector<std::pair<std::string, HoursFlow>> out;
  Stmt st(r.ctx.db,
          fmt::format("SELECT {0}, {1}, sum(CASE WHEN s.status = 'verified' THEN s.minutes END), "
                      "count(CASE WHEN s.status = 'verified' THEN 1 END), "
                      "count(DISTINCT CASE WHEN s.status = 'verified' THEN s.volunteer_id END), "
                      "sum(CASE WHEN s.status = 'pending' THEN s.minutes END), count(CASE WHEN s.status = 'pending' THEN 1 END) "
                      "FROM service_hours s {2} WHERE s.date >= ?1 AND s.date < ?2 AND s.status IN ('verified', 'pending') "
                      "AND {3} GROUP BY 1 ORDER BY 1",
                      dim, label_sql, joins, volunteer_in_grid("s.volunteer_id", "?3")));
  st.bind_all(to_iso(p.start), to_iso(p.end));
  st.bind(3, r.grid_id);
  while (st.step()) {
    HoursFlow f;
    f.verified = st.is_null(2) ? 0 : st.integer(2);
    f.entries = st.integer(3);
    f.volunteers = st.integer(4);
    f.pending = st.is_null(5) ? 0 : st.integer(5);
    f.pending_entries = st.integer(6);
    out.emplace_back(st.opt_text(1).value_or(r.o.codes ? "" : L("(none)", "（无）")), f);
  }
  return out;
}

Section hours_section(const Run& r, const std::string& by) {
  std::string dim, label, joins;
  Column key_col;
  if (by == "month") {
    dim = "substr(s.date, 1, 7)";
    label = dim;
    key_col = {"month", "Month", "月份"};
  } else if (by == "project") {
    dim = "s.project_id";
    label = ref_sql("project", "s.project_id") + (r.o.codes ? "" : " || ' ' || j.name");
    joins = "LEFT JOIN project j ON j.id = s.project_id";
    key_col = {"project", "Project", "项目"};
  } else if (by == "team") {
    // An entry counts for its own team, else for the team that runs its project.
    dim = "coalesce(s.team_id, j.team_id)";
    label = r.o.codes ? ref_sql("team", "coalesce(s.team_id, j.team_id)") : ref_sql("team", "t.id") + " || ' ' || t.name";
    joins = "LEFT JOIN project j ON j.id = s.project_id LEFT JOIN team t ON t.id = coalesce(s.team_id, j.team_id)";
    key_col = {"team", "Team", "团队"};
  } else {  // volunteer
    dim = "s.volunteer_id";
    label = r.o.codes ? "v.number" : "v.number || ' ' || coalesce(p.name, '')";
    joins = "JOIN volunteer v ON v.id = s.volunteer_id JOIN person p ON p.id = v.person_id";
    key_col = {"volunteer", "Volunteer", "志愿者"};
  }
  Section s;
  s.key = "by_" + by;
  s.heading = L("Hours by ", "服务时长：按") + L(by, key_col.zh);
  s.table.columns = {key_col,
                     {"verified_hours", "Verified hours", "已确认时长", true},
                     {"entries", "Entries", "记录数", true},
                     {"volunteers", "Volunteers", "志愿者人数", true},
                     {"pending_hours", "Pending hours", "待确认时长", true}};
  BarChart chart{L("Verified hours by ", "已确认服务时长：按") + L(by, key_col.zh), {}};
  auto rows = use_totals(r) ? hours_flows_totals(r, r.period, by) : hours_flows(r, r.period, dim, label, joins);
  for (const auto& [name, f] : rows) {
    s.table.rows.push_back({name, hours_cell(f.verified), f.entries, f.volunteers, hours_cell(f.pending)});
    if (by == "month") chart.bars.emplace_back(name, round2(static_cast<double>(f.verified) / 60.0));
  }
  if (by == "month") s.chart = std::move(chart);
  return s;
}

}  // namespace

std::vector<Figure> hours_figures(const Run& r) {
  auto total = [&](const ReportPeriod& p) {
    auto rows = use_totals(r) ? hours_flows_totals(r, p, "") : hours_flows(r, p, "''", "''", "");
    return rows.empty() ? HoursFlow{} : rows.front().second;
  };
  HoursFlow cur = total(r.period), prev;
  if (r.previous) prev = total(*r.previous);
  auto pv = [&](Cell c) { return r.previous ? c : Cell{}; };
  return {
      {"verified_hours", "Verified hours", "已确认服务时长（小时）", hours_cell(cur.verified), pv(hours_cell(prev.verified))},
      {"entries", "Verified entries", "已确认记录", cur.entries, pv(prev.entries)},
      {"active_volunteers", "Volunteers who served", "参与服务的志愿者", cur.volunteers, pv(prev.volunteers)},
      {"pending_hours", "Hours awaiting verification", "待确认时长（小时）", hours_cell(cur.pending), pv(hours_cell(prev.pending))},
      {"pending_entries", "Entries awaiting verification", "待确认记录", cur.pending_entries, pv(prev.pending_entries)},
  };
}

Document report_hours(Context& ctx, const ReportOptions& o) {
  Run r(ctx, o);
  const std::string& by = o.by;
  Document d;
  d.title = r.title("Volunteer service hours", "志愿服务时长");
  d.subtitle = r.subtitle();
  d.sections.push_back({L("Figures", "主要数据"), figures_table(r, hours_figures(r)), std::nullopt, "figures"});
  d.sections.push_back(hours_section(r, "month"));
  if (by != "month") d.sections.push_back(hours_section(r, by));
  return d;
}

}  // namespace shequ::report
