// `report summary`: the headline figures of a period, as the seed quotes them.
#include "reports/report_run.h"

#include <fmt/format.h>

#include "reports/hours_totals.h"
#include "core/i18n.h"
#include "core/text.h"

namespace shequ::report {

std::vector<Figure> summary_figures(const Run& r, const PeriodCases& c) {
  Context& ctx = r.ctx;
  auto gid = r.grid_id;
  // Registry counts are as of today; the period's flows have a previous value with --compare.
  auto scalar = [&](const std::string& sql, std::optional<ReportPeriod> p = std::nullopt) -> Int {
    Stmt st(ctx.db, sql);
    st.bind(1, gid);
    if (st.parameter_count() >= 3) {
      const ReportPeriod& q = p ? *p : r.period;
      st.bind(2, to_iso(q.start));
      st.bind(3, to_iso(q.end));
    }
    if (st.parameter_count() >= 4) st.bind(4, to_iso(r.today_date));
    return st.step() && !st.is_null(0) ? st.integer(0) : 0;
  };
  auto flow = [&](std::string key, std::string en, std::string zh, const std::string& sql) -> Figure {
    return {std::move(key), std::move(en), std::move(zh), scalar(sql), r.previous ? Cell{scalar(sql, r.previous)} : Cell{}};
  };
  auto stock = [&](std::string key, std::string en, std::string zh, const std::string& sql) -> Figure {
    return {std::move(key), std::move(en), std::move(zh), scalar(sql), Cell{}};
  };
  const std::string in_grid_household =
      "(?1 IS NULL OR household_id IN (SELECT h.id FROM household h JOIN building b ON b.id = h.building_id WHERE b.grid_id = ?1))";
  std::vector<Figure> f;
  f.push_back(stock("grids", "Grids", "网格", "SELECT count(*) FROM grid WHERE ?1 IS NULL OR id = ?1"));
  f.push_back(stock("buildings", "Buildings", "楼栋", "SELECT count(*) FROM building WHERE ?1 IS NULL OR grid_id = ?1"));
  f.push_back(stock("households", "Households", "户数",
                    "SELECT count(*) FROM household h JOIN building b ON b.id = h.building_id "
                    "WHERE h.moved_out IS NULL AND (?1 IS NULL OR b.grid_id = ?1)"));
  if (r.o.from_entries) {
    f.push_back(stock("residents", "Residents", "居民",
                      "SELECT count(*) FROM person WHERE moved_out IS NULL AND household_id IS NOT NULL AND " + in_grid_household));
    f.push_back(stock("floating", "Floating residents", "流动人口",
                      "SELECT count(*) FROM person WHERE moved_out IS NULL AND household_id IS NOT NULL "
                      "AND residency = 'floating' AND " + in_grid_household));
  } else {  // from the running totals by grid (migration 0012)
    f.push_back(stock("residents", "Residents", "居民",
                      "SELECT sum(residents) FROM grid_resident_totals WHERE ?1 IS NULL OR grid_id = ?1"));
    f.push_back(stock("floating", "Floating residents", "流动人口",
                      "SELECT sum(floating) FROM grid_resident_totals WHERE ?1 IS NULL OR grid_id = ?1"));
  }
  f.push_back(stock("party_members", "Party members", "党员",
                    "SELECT count(*) FROM party_membership m JOIN party_org o ON o.id = m.org_id "
                    "LEFT JOIN building ob ON ob.id = o.building_id LEFT JOIN household oh ON oh.id = o.household_id "
                    "LEFT JOIN building hb ON hb.id = oh.building_id WHERE m.left_on IS NULL "
                    "AND (?1 IS NULL OR coalesce(o.grid_id, ob.grid_id, hb.grid_id) = ?1)"));
  if (!gid) f.push_back(stock("partners", "Partner units", "共建单位", "SELECT count(*) FROM partner WHERE active = 1 AND ?1 IS NULL"));
  f.push_back(stock("volunteers", "Volunteers", "志愿者",
                    "SELECT count(*) FROM volunteer v WHERE v.status = 'active' AND (?1 IS NULL OR v.person_id IN "
                    "(SELECT p.id FROM person p JOIN household h ON h.id = p.household_id JOIN building b "
                    "ON b.id = h.building_id WHERE b.grid_id = ?1))"));
  if (!gid) f.push_back(stock("teams", "Volunteer teams", "志愿服务队", "SELECT count(*) FROM team WHERE active = 1 AND ?1 IS NULL"));
  const std::string hours_where =
      "FROM service_hours s WHERE s.status = 'verified' AND s.date >= ?2 AND s.date < ?3 AND (?1 IS NULL OR s.volunteer_id IN "
      "(SELECT v.id FROM volunteer v JOIN person p ON p.id = v.person_id JOIN household h ON h.id = p.household_id "
      "JOIN building b ON b.id = h.building_id WHERE b.grid_id = ?1))";
  Figure hours{"hours", "Verified service hours", "确认的服务时长（小时）"};
  Figure served{"active_volunteers", "Volunteers who served", "参与服务的志愿者"};
  if (use_totals(r)) {
    auto total = [&](const ReportPeriod& p) {
      auto rows = hours_flows_totals(r, p, "");
      return rows.empty() ? HoursFlow{} : rows.front().second;
    };
    HoursFlow cur = total(r.period);
    hours.value = cur.verified;
    served.value = cur.volunteers;
    if (r.previous) {
      HoursFlow prev = total(*r.previous);
      hours.previous = prev.verified;
      served.previous = prev.volunteers;
    }
  } else {
    hours = flow(hours.key, hours.en, hours.zh, "SELECT sum(s.minutes) " + hours_where);
    served = flow(served.key, served.en, served.zh, "SELECT count(DISTINCT s.volunteer_id) " + hours_where);
  }
  auto to_hours = [](Cell& c) {
    if (auto m = std::get_if<Int>(&c)) c = round2(static_cast<double>(*m) / 60.0);
  };
  to_hours(hours.value);
  to_hours(hours.previous);
  f.push_back(hours);
  f.push_back(served);
  auto cf = [&](std::string key, std::string en, std::string zh, auto get) {
    f.push_back({std::move(key), std::move(en), std::move(zh), get(c.cur), c.prev ? get(*c.prev) : Cell{}});
  };
  cf("cases_opened", "Disputes taken up", "受理纠纷", [](const CaseFigures& c) -> Cell { return c.opened; });
  cf("disputes_settled", "Disputes settled", "化解纠纷", [](const CaseFigures& c) -> Cell { return c.agreed; });
  cf("settled_grid", "… inside the grid", "其中网格内化解", [](const CaseFigures& c) -> Cell { return c.settled_grid; });
  cf("settled_community", "… at community level", "其中社区层面化解", [](const CaseFigures& c) -> Cell { return c.settled_community; });
  cf("settled_beyond", "… beyond the community", "其中社区外化解", [](const CaseFigures& c) -> Cell { return c.settled_beyond; });
  cf("share_inside_community", "Share settled inside the community", "社区内化解占比",
     [](const CaseFigures& c) -> Cell { return share_cell(c.share_inside_community); });
  f.push_back(flow("needs_raised", "Needs raised", "收集诉求",
                   "SELECT count(*) FROM need WHERE raised_on >= ?2 AND raised_on < ?3 AND (?1 IS NULL OR grid_id = ?1) "
                   "AND voided_at IS NULL"));
  f.push_back(flow("needs_resolved", "Needs resolved", "解决诉求",
                   "SELECT count(*) FROM need WHERE status = 'resolved' AND closed_on >= ?2 AND closed_on < ?3 "
                   "AND (?1 IS NULL OR grid_id = ?1) AND voided_at IS NULL"));
  f.push_back(flow("meetings", "Council meetings held", "召开议事会",
                   "SELECT count(*) FROM meeting WHERE date >= ?2 AND date < ?3 AND (?1 IS NULL OR grid_id = ?1) "
                   "AND voided_at IS NULL"));
  f.push_back(flow("services_delivered", "Services delivered (meals, visits, sessions)", "提供服务（人次）",
                   // one service type at a time along delivery_type_date (0012): no temporary b-tree
                   "SELECT sum(d.count) FROM vocab t JOIN delivery d ON d.service_type = t.code "
                   "WHERE t.kind = 'service-type' AND d.date >= ?2 AND d.date < ?3 AND d.voided_at IS NULL "
                   "AND (?1 IS NULL OR d.site_id IN (SELECT id FROM programme_site WHERE grid_id = ?1))"));
  f.push_back(flow("events", "Events held", "举办活动",
                   "SELECT count(*) FROM event WHERE date >= ?2 AND date < ?3 AND (?1 IS NULL OR grid_id = ?1)"));
  f.push_back(flow("event_participants", "Event participants", "活动参与人次",
                   "SELECT sum(p.count) FROM event_participant p JOIN event e ON e.id = p.event_id "
                   "WHERE e.date >= ?2 AND e.date < ?3 AND (?1 IS NULL OR e.grid_id = ?1) AND p.voided_at IS NULL"));
  return f;
}

Document report_summary(Context& ctx, const ReportOptions& o) {
  Run r(ctx, o);
  Document d;
  d.title = r.title("Summary", "工作概况");
  d.subtitle = r.subtitle();
  PeriodCases c = period_cases(r);
  d.sections.push_back({L("Headline figures", "主要数据"), figures_table(r, summary_figures(r, c)), std::nullopt, "figures"});
  d.sections.push_back(cases_by_level(r, c.cur));

  ReportOptions by_category = o;
  by_category.by = "category";
  Run rc(ctx, by_category);
  d.sections.push_back(need_breakdown(rc));

  Section services{L("Services delivered by type", "各类服务人次"), {}, std::nullopt, "services"};
  services.table.columns = {{"service_type", "Service", "服务类型"}, {"count", "Count", "人次", true},
                            {"days", "Days", "服务天数", true}};
  auto types = r.vocab("service-type");
  // Per service type along delivery_type_date (0012), the days in index order.
  Stmt st(ctx.db, "SELECT t.code, sum(d.count), count(DISTINCT d.date) FROM vocab t "
                  "JOIN delivery d ON d.service_type = t.code WHERE t.kind = 'service-type' "
                  "AND d.date >= ?1 AND d.date < ?2 AND d.voided_at IS NULL "
                  "AND (?3 IS NULL OR d.site_id IN (SELECT id FROM programme_site WHERE grid_id = ?3)) "
                  "GROUP BY 1 ORDER BY 2 DESC, 1");
  st.bind_all(to_iso(r.period.start), to_iso(r.period.end));
  st.bind(3, r.grid_id);
  BarChart chart{L("Services delivered", "服务人次"), {}};
  while (st.step()) {
    std::string t = st.text(0);
    std::string name = types.count(t) ? types[t] : t;
    services.table.rows.push_back({name, st.integer(1), st.integer(2)});
    chart.bars.emplace_back(name, static_cast<double>(st.integer(1)));
  }
  services.chart = std::move(chart);
  d.sections.push_back(std::move(services));
  return d;
}

}  // namespace shequ::report
