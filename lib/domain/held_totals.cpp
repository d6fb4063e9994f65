#include "domain/held_totals.h"

#include <string>

#include <fmt/format.h>

#include "core/date.h"
#include "storage/catalog.h"
#include "storage/dialect.h"

namespace shequ {
namespace {

// The decided entries by month, volunteer, project and team, as the totals key them (reached by
// IN, not by a join: see kSelectedMinutes in hours.cpp).
constexpr std::string_view kDecided =
    "WITH d AS (SELECT substr(h.date, 1, 7) AS month, h.volunteer_id AS v, coalesce(h.project_id, 0) AS j, "
    "coalesce(h.team_id, 0) AS t, count(*) AS n, sum(h.minutes) AS m "
    "FROM service_hours h WHERE h.id IN (SELECT id FROM hours_sel) GROUP BY 1, 2, 3, 4) ";

// Moves n entries and m minutes out of pending, and into verified when ?1 is 1.
constexpr std::string_view kMoved =
    "verified_entries = verified_entries + x.n * ?1, verified_minutes = verified_minutes + x.m * ?1, "
    "pending_entries = pending_entries - x.n, pending_minutes = pending_minutes - x.m";

}  // namespace

HeldTotals::HeldTotals(Db& db, Writes writes) : db_(db) {
  Stmt hold(db_, "INSERT INTO held_totals (since) VALUES (?1)");
  hold.bind(1, now_iso());
  hold.run();
  // On a server a PL/pgSQL trigger that returns early costs next to nothing.
  if (writes != Writes::row_by_row || db_.on_server()) return;
  db_.reset_statements();       // a statement left on a row would lock the tables
  dropped_ = triggers_naming(db_, "held_totals");
  for (const auto& [name, sql] : dropped_) db_.exec(fmt::format("DROP TRIGGER \"{}\"", name));
}

void HeldTotals::pending_decided(std::string_view status) {
  const std::int64_t verified = status == "verified" ? 1 : 0;
  // Every pending entry already has its rows in the totals (it was counted as pending).
  const std::string statements[] = {
      fmt::format("{}UPDATE project_hours_totals SET {} FROM (SELECT month AS period, j, t, v, n, m FROM d UNION ALL "
                  "SELECT substr(month, 1, 4), j, t, v, sum(n), sum(m) FROM d GROUP BY 1, 2, 3, 4) AS x "
                  "WHERE project_hours_totals.period = x.period AND project_hours_totals.project_id = x.j "
                  "AND project_hours_totals.team_id = x.t AND project_hours_totals.volunteer_id = x.v",
                  kDecided, kMoved),
      fmt::format("{}UPDATE volunteer_hours_totals SET {} FROM (SELECT month AS period, v, sum(n) AS n, sum(m) AS m "
                  "FROM d GROUP BY 1, 2 UNION ALL SELECT substr(month, 1, 4), v, sum(n), sum(m) FROM d GROUP BY 1, 2 "
                  "UNION ALL SELECT '', v, sum(n), sum(m) FROM d GROUP BY 2) AS x "
                  "WHERE volunteer_hours_totals.period = x.period AND volunteer_hours_totals.volunteer_id = x.v",
                  kDecided, kMoved),
      // after the volunteers' rows: how many volunteers served in each period, counted again
      fmt::format("{}UPDATE hours_totals SET {}, volunteers = (SELECT count(*) FROM volunteer_hours_totals y "
                  "WHERE y.period = hours_totals.period AND y.verified_entries > 0) "
                  "FROM (SELECT month AS period, sum(n) AS n, sum(m) AS m FROM d GROUP BY 1 UNION ALL "
                  "SELECT substr(month, 1, 4), sum(n), sum(m) FROM d GROUP BY 1) AS x WHERE hours_totals.period = x.period",
                  kDecided, kMoved)};
  for (const std::string& sql : statements) {
    Stmt st(db_, sql);
    st.bind(1, verified);
    st.run();
  }
}

void HeldTotals::hours_recounted() {
  // As migration 0009 first filled them: by month, project, team and volunteer, then the rest
  // from those rows. No row is left at zero (the triggers leave such rows; check ignores them).
  constexpr std::string_view kCounted = "count(CASE WHEN status = '{0}' THEN 1 END), "
                                        "coalesce(sum(CASE WHEN status = '{0}' THEN minutes END), 0)";
  const std::string statements[] = {
      "DELETE FROM hours_totals",
      "DELETE FROM volunteer_hours_totals",
      "DELETE FROM project_hours_totals",
      fmt::format("WITH m (month, j, t, v, ve, vm, pe, pm) AS (SELECT substr(date, 1, 7), coalesce(project_id, 0), "
                  "coalesce(team_id, 0), volunteer_id, {}, {} FROM service_hours WHERE status IN ('verified', 'pending') "
                  "GROUP BY 1, 2, 3, 4) "
                  "INSERT INTO project_hours_totals (period, project_id, team_id, volunteer_id, verified_entries, "
                  "verified_minutes, pending_entries, pending_minutes) "
                  "SELECT month, j, t, v, ve, vm, pe, pm FROM m UNION ALL "
                  "SELECT substr(month, 1, 4), j, t, v, sum(ve), sum(vm), sum(pe), sum(pm) FROM m GROUP BY 1, 2, 3, 4",
                  fmt::format(fmt::runtime(kCounted), "verified"), fmt::format(fmt::runtime(kCounted), "pending")),
      "INSERT INTO volunteer_hours_totals (period, volunteer_id, verified_entries, verified_minutes, pending_entries, "
      "pending_minutes) "
      "SELECT period, volunteer_id, sum(verified_entries), sum(verified_minutes), sum(pending_entries), sum(pending_minutes) "
      "FROM project_hours_totals GROUP BY 1, 2 UNION ALL "
      "SELECT '', volunteer_id, sum(verified_entries), sum(verified_minutes), sum(pending_entries), sum(pending_minutes) "
      "FROM project_hours_totals WHERE length(period) = 4 GROUP BY 2",
      "INSERT INTO hours_totals (period, verified_entries, verified_minutes, pending_entries, pending_minutes, volunteers) "
      "SELECT period, sum(verified_entries), sum(verified_minutes), sum(pending_entries), sum(pending_minutes), "
      "count(CASE WHEN verified_entries > 0 THEN 1 END) FROM volunteer_hours_totals WHERE period <> '' GROUP BY 1"};
  for (const std::string& sql : statements) db_.exec(sql);
}

void HeldTotals::grid_residents_recounted() {
  // A person counts under the grid of the building of the household; born is 0 if unknown.
  // Read through the table, not the partial index person_born on the residents: SQLite would
  // look every one's row up from it (200,000 persons: 0.35 s instead of 0.1 s).
  db_.exec("DELETE FROM grid_resident_totals");
  db_.exec(fmt::format("INSERT INTO grid_resident_totals (grid_id, born, residents, floating) "
                       "SELECT b.grid_id, coalesce(shequ_integer(substr(p.birth_date, 1, 4)), 0), count(*), "
                       "count(CASE WHEN p.residency = 'floating' THEN 1 END) "
                       "FROM person p JOIN household h ON h.id = p.household_id JOIN building b ON b.id = h.building_id "
                       "WHERE {} IS NULL GROUP BY 1, 2",
                       dialect_of(db_).without_index("p.moved_out")));
}

void HeldTotals::ledger_added(std::int64_t after) {
  // a reversal counts under the kind it reverses, as in the trigger
  Stmt st(db_,
          "INSERT INTO volunteer_points_totals AS p (volunteer_id, kind, cents) "
          "SELECT x.volunteer_id, coalesce(o.kind, x.kind), sum(CAST(round(x.amount * 100) AS INTEGER)) "
          "FROM points_ledger x LEFT JOIN points_ledger o ON o.id = x.reverses_id AND x.kind = 'reversal' "
          "WHERE x.id > ?1 GROUP BY 1, 2 "
          "ON CONFLICT (volunteer_id, kind) DO UPDATE SET cents = p.cents + excluded.cents");
  st.bind(1, after);
  st.run();
}

void HeldTotals::release() {
  for (const auto& [name, sql] : dropped_) db_.exec(sql);
  dropped_.clear();
  db_.exec("DELETE FROM held_totals");
}

}  // namespace shequ
