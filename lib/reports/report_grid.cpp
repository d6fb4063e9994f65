// `report grid`: every grid (or one) at a glance as of today, and one grid's service team.
#include "reports/report_run.h"

#include <fmt/format.h>

#include "storage/dialect.h"
#include "core/i18n.h"
#include "records/references.h"
#include "core/text.h"

namespace shequ::report {
namespace {

struct GridRow {
  Int id = 0;
  std::string code, name;
  Int buildings = 0, households = 0, residents = 0, floating = 0, aged60 = 0, party = 0;
  std::string committee, officer, grid_leaders;
  Int central_households = 0, neighbourhood_leaders = 0, volunteers = 0, open_cases = 0, open_needs = 0;
};

// Runs `sql` (?1 = the grid or NULL, ?2 = today, ?3 = the day one turns 60 or earlier) and
// hands each (grid id, columns…) row to `f`.
template <class F>
void per_grid(const Run& r, const std::string& sql, F f) {
  Stmt st(r.ctx.db, sql);
  st.bind(1, r.grid_id);
  if (st.parameter_count() >= 2) st.bind(2, to_iso(r.today_date));
  if (st.parameter_count() >= 3) st.bind(3, to_iso(add_months(r.today_date, -60 * 12)));
  while (st.step()) f(st);
}

std::vector<GridRow> grid_rows(const Run& r) {
  std::vector<GridRow> rows;
  std::map<Int, std::size_t> at;
  per_grid(r, "SELECT id, code, name FROM grid WHERE (?1 IS NULL OR id = ?1) ORDER BY code", [&](Stmt& st) {
    at[st.integer(0)] = rows.size();
    rows.push_back({st.integer(0), st.text(1), st.text(2)});
  });
  auto row = [&](Stmt& st) -> GridRow* {
    if (st.is_null(0)) return nullptr;
    auto it = at.find(st.integer(0));
    return it == at.end() ? nullptr : &rows[it->second];
  };
  per_grid(r, "SELECT grid_id, count(*) FROM building WHERE (?1 IS NULL OR grid_id = ?1) GROUP BY grid_id",
           [&](Stmt& st) { if (auto g = row(st)) g->buildings = st.integer(1); });
  per_grid(r, "SELECT b.grid_id, count(*) FROM household h JOIN building b ON b.id = h.building_id "
              "WHERE h.moved_out IS NULL AND (?1 IS NULL OR b.grid_id = ?1) GROUP BY b.grid_id",
           [&](Stmt& st) { if (auto g = row(st)) g->households = st.integer(1); });
  if (r.o.from_entries) {
    // Residents counted from the persons (tests compare the totals with this).
    const std::string residents =
        "SELECT b.grid_id, count(*), count(CASE WHEN p.residency = 'floating' THEN 1 END), "
        "count(CASE WHEN p.birth_date <= ?3 THEN 1 END) FROM person p "
        "JOIN household h ON h.id = p.household_id JOIN building b ON b.id = h.building_id "
        "WHERE p.moved_out IS NULL AND ";
    per_grid(r, residents + (r.grid_id ? "p.household_id IN (SELECT h2.id FROM household h2 JOIN building b2 "
                                         "ON b2.id = h2.building_id WHERE b2.grid_id = ?1) GROUP BY b.grid_id"
                                       : "p.household_id IS NOT NULL AND ?1 IS NULL GROUP BY b.grid_id"),
             [&](Stmt& st) {
               if (auto g = row(st)) {
                 g->residents = st.integer(1);
                 g->floating = st.integer(2);
                 g->aged60 = st.integer(3);
               }
             });
  } else {
    // Residents from their running totals by grid and year of birth (migration 0012): aged 60+
    // are those born in earlier years than the 60th birthday's, plus that year's persons born
    // on or before the day (a range of the partial index person_born).
    per_grid(r, "SELECT grid_id, sum(residents), sum(floating), "
                "sum(CASE WHEN born BETWEEN 1 AND CAST(substr(?3, 1, 4) AS INTEGER) - 1 THEN residents ELSE 0 END) "
                "FROM grid_resident_totals WHERE ?1 IS NULL OR grid_id = ?1 GROUP BY grid_id",
             [&](Stmt& st) {
               if (auto g = row(st)) {
                 g->residents = st.integer(1);
                 g->floating = st.integer(2);
                 g->aged60 = st.integer(3);
               }
             });
    // The planner reads this range of the partial index person_born unaided (EXPLAIN QUERY PLAN).
    per_grid(r, "SELECT b.grid_id, count(*) FROM person p "
                "JOIN household h ON h.id = p.household_id JOIN building b ON b.id = h.building_id "
                "WHERE p.moved_out IS NULL AND p.household_id IS NOT NULL AND p.birth_date >= substr(?3, 1, 4) "
                "AND p.birth_date <= ?3 AND (?1 IS NULL OR b.grid_id = ?1) GROUP BY b.grid_id",
             [&](Stmt& st) { if (auto g = row(st)) g->aged60 += st.integer(1); });
  }
  per_grid(r, "SELECT coalesce(o.grid_id, ob.grid_id, hb.grid_id) AS g, count(*) FROM party_membership m "
              "JOIN party_org o ON o.id = m.org_id LEFT JOIN building ob ON ob.id = o.building_id "
              "LEFT JOIN household oh ON oh.id = o.household_id LEFT JOIN building hb ON hb.id = oh.building_id "
              "WHERE m.joined <= ?2 AND (m.left_on IS NULL OR m.left_on > ?2) GROUP BY g "
              "HAVING ?1 IS NULL OR coalesce(o.grid_id, ob.grid_id, hb.grid_id) = ?1",
           [&](Stmt& st) { if (auto g = row(st)) g->party = st.integer(1); });
  // Names in the order the roles were taken up (the subquery's order, for engines that join in
  // the order rows arrive).
  per_grid(r, "SELECT x.grid_id, x.role, " + dialect_of(r.ctx.db).ordered_concat("x.name", "'、'", "x.from_date, x.id") +
                  ", count(*) FROM (SELECT r.grid_id, r.role, coalesce(nullif(p.name, ''), " + ref_sql("person", "p.id") + ") AS name, r.from_date, r.id "
                  "FROM grid_role r JOIN person p ON p.id = r.person_id "
                  "WHERE r.from_date <= ?2 AND (r.to_date IS NULL OR r.to_date > ?2) AND (?1 IS NULL OR r.grid_id = ?1) "
                  "ORDER BY r.from_date, r.id) AS x GROUP BY x.grid_id, x.role",
           [&](Stmt& st) {
             auto g = row(st);
             if (!g) return;
             std::string role = st.text(1);
             if (role == "committee-member") g->committee = st.text(2);
             if (role == "officer") g->officer = st.text(2);
             if (role == "grid-leader") g->grid_leaders = st.text(2);
             if (role == "central-household") g->central_households = st.integer(3);
             if (role == "neighbourhood-leader") g->neighbourhood_leaders = st.integer(3);
           });
  per_grid(r, "SELECT grid_id, count(*) FROM mediation_case WHERE status IN ('open', 'mediating') "
              "AND (?1 IS NULL OR grid_id = ?1) GROUP BY grid_id",
           [&](Stmt& st) { if (auto g = row(st)) g->open_cases = st.integer(1); });
  per_grid(r, "SELECT grid_id, count(*) FROM need WHERE status NOT IN ('resolved', 'declined') AND voided_at IS NULL "
              "AND (?1 IS NULL OR grid_id = ?1) GROUP BY grid_id",
           [&](Stmt& st) { if (auto g = row(st)) g->open_needs = st.integer(1); });
  per_grid(r, "SELECT b.grid_id, count(*) FROM volunteer v JOIN person p ON p.id = v.person_id "
              "JOIN household h ON h.id = p.household_id JOIN building b ON b.id = h.building_id "
              "WHERE v.status = 'active' AND p.moved_out IS NULL AND (?1 IS NULL OR b.grid_id = ?1) GROUP BY b.grid_id",
           [&](Stmt& st) { if (auto g = row(st)) g->volunteers = st.integer(1); });
  return rows;
}

Section grid_team(const Run& r) {
  Section s;
  s.key = "service_team";
  s.heading = L("Service team (1+1+N) and leaders", "服务班子（1+1+N）与网格长、邻里长");
  s.table.columns = {{"role", "Role", "职务"}, {"person", "Person", "姓名"}, {"household", "Household", "户"},
                     {"covers", "Responsible for", "包保范围"}, {"since", "Since", "起始日期"}};
  Stmt st(r.ctx.db,
          "SELECT r.role, coalesce(nullif(p.name, ''), " + ref_sql("person", "p.id") + "), h.address, r.covers, r.from_date FROM grid_role r "
          "JOIN person p ON p.id = r.person_id LEFT JOIN household h ON h.id = r.household_id "
          "WHERE r.grid_id = ?1 AND r.from_date <= ?2 AND (r.to_date IS NULL OR r.to_date > ?2) "
          "ORDER BY CASE r.role WHEN 'committee-member' THEN 1 WHEN 'officer' THEN 2 WHEN 'central-household' THEN 3 "
          "WHEN 'grid-leader' THEN 4 ELSE 5 END, r.from_date, r.id");
  st.bind(1, *r.grid_id);
  st.bind(2, to_iso(r.today_date));
  static const std::map<std::string, std::pair<std::string, std::string>> kRoles = {
      {"committee-member", {"Committee member", "委员"}},
      {"officer", {"Public-service officer", "公共服务干事"}},
      {"central-household", {"Party-member central household", "党员中心户"}},
      {"grid-leader", {"Grid leader", "网格长"}},
      {"neighbourhood-leader", {"Neighbourhood leader", "邻里长"}},
  };
  while (st.step()) {
    std::string role = st.text(0);
    auto it = kRoles.find(role);
    s.table.rows.push_back({it == kRoles.end() ? role : r.label(role, it->second.first, it->second.second), st.text(1),
                            st.opt_text(2).value_or(""), st.opt_text(3).value_or(""), st.text(4)});
  }
  return s;
}

}  // namespace

Document report_grid(Context& ctx, const ReportOptions& o) {
  Run r(ctx, o);
  Document d;
  d.title = o.grid.empty() ? L("Grids at a glance", "网格概况") : L("Grid at a glance: ", "网格概况：") + r.grid_label;
  d.subtitle = r.subtitle(false);
  Section s{L("Grids", "网格"), {}, std::nullopt, "grids"};
  s.table.columns = {{"grid", "Grid", "网格"},
                     {"name", "Name", "名称"},
                     {"buildings", "Buildings", "楼栋", true},
                     {"households", "Households", "户数", true},
                     {"residents", "Residents", "居民", true},
                     {"floating", "Floating", "流动人口", true},
                     {"aged_60_plus", "Aged 60+", "60岁以上", true},
                     {"party_members", "Party members", "党员", true},
                     {"committee_member", "Committee member", "委员"},
                     {"officer", "Officer", "公共服务干事"},
                     {"central_households", "Central households", "党员中心户", true},
                     {"grid_leaders", "Grid leaders", "网格长"},
                     {"neighbourhood_leaders", "Neighbourhood leaders", "邻里长", true},
                     {"volunteers", "Volunteers", "志愿者", true},
                     {"open_cases", "Open cases", "在办案件", true},
                     {"open_needs", "Open needs", "未办结诉求", true}};
  GridRow total;
  for (const GridRow& g : grid_rows(r)) {
    s.table.rows.push_back({g.code, g.name, g.buildings, g.households, g.residents, g.floating, g.aged60, g.party,
                            g.committee, g.officer, g.central_households, g.grid_leaders, g.neighbourhood_leaders,
                            g.volunteers, g.open_cases, g.open_needs});
    total.buildings += g.buildings;
    total.households += g.households;
    total.residents += g.residents;
    total.floating += g.floating;
    total.aged60 += g.aged60;
    total.party += g.party;
    total.central_households += g.central_households;
    total.neighbourhood_leaders += g.neighbourhood_leaders;
    total.volunteers += g.volunteers;
    total.open_cases += g.open_cases;
    total.open_needs += g.open_needs;
  }
  // People read a total line; machine formats get the grid rows only.
  if (!o.codes && o.grid.empty())
    s.table.rows.push_back({L("Total", "合计"), Cell{}, total.buildings, total.households, total.residents,
                            total.floating, total.aged60, total.party, Cell{}, Cell{}, total.central_households,
                            Cell{}, total.neighbourhood_leaders, total.volunteers, total.open_cases, total.open_needs});
  d.sections.push_back(std::move(s));
  if (r.grid_id) d.sections.push_back(grid_team(r));
  return d;
}

}  // namespace shequ::report
