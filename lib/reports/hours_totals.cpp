// Hours from their running totals (migration 0011): a year holds millions of service entries in a
// district, so reports read the totals the triggers keep per year and month, and the entries only
// for the days at a period's edges.
#include "reports/hours_totals.h"

#include <map>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

#include "core/i18n.h"

namespace shequ::report {
namespace {

HoursCounts counts_at(Stmt& st, int col) {
  return {st.integer(col), st.integer(col + 1), st.integer(col + 2), st.integer(col + 3)};
}

const char* const kEntryCounts =
    "count(CASE WHEN status = 'verified' THEN 1 END), coalesce(sum(CASE WHEN status = 'verified' THEN minutes END), 0), "
    "count(CASE WHEN status = 'pending' THEN 1 END), coalesce(sum(CASE WHEN status = 'pending' THEN minutes END), 0)";

// Calls f(project or 0, the entry's own team or 0, volunteer, counts) for the pieces.
template <class F>
void project_counts(Context& ctx, const HoursPieces& pc, F f) {
  auto t = ctx.db.cached("SELECT project_id, team_id, volunteer_id, verified_entries, verified_minutes, pending_entries, "
                          "pending_minutes FROM project_hours_totals WHERE period = ?");
  for (const auto& p : pc.periods) {
    t.bind(1, p);
    while (t.step()) f(t.integer(0), t.integer(1), t.integer(2), counts_at(t, 3));
  }
  auto e = ctx.db.cached(fmt::format("SELECT coalesce(project_id, 0), coalesce(team_id, 0), volunteer_id, {} "
                                      "FROM service_hours WHERE date >= ?1 AND date < ?2 "
                                      "AND status IN ('verified', 'pending') GROUP BY 1, 2, 3",
                                      kEntryCounts));
  for (const auto& [from, to] : pc.days) {
    e.bind_all(from, to);
    while (e.step()) f(e.integer(0), e.integer(1), e.integer(2), counts_at(e, 3));
  }
}

// A flow being summed, with the volunteers who had a verified entry (counted once).
struct HoursSum {
  HoursFlow f;
  std::unordered_set<Int> served;
  void add(Int volunteer, const HoursCounts& c) {
    f.entries += c.ve;
    f.verified += c.vm;
    f.pending_entries += c.pe;
    f.pending += c.pm;
    if (c.ve > 0) served.insert(volunteer);
  }
  // The entries query groups only rows it found: a key whose entries are all rejected or void has none.
  bool any() const { return f.entries + f.pending_entries > 0; }
  HoursFlow flow() const {
    HoursFlow out = f;
    out.volunteers = static_cast<Int>(served.size());
    return out;
  }
};

// Id → name of a small table (projects, teams).
std::unordered_map<Int, std::string> names_of(Context& ctx, const std::string& table) {
  std::unordered_map<Int, std::string> m;
  Stmt st(ctx.db, "SELECT id, name FROM " + table);
  while (st.step()) m[st.integer(0)] = st.text(1);
  return m;
}

}  // namespace

HoursPieces hours_pieces(Date start, Date end) {
  HoursPieces out;
  for (Date d = start; d < end;) {
    if (d.month == 1 && d.day == 1 && add_months(d, 12) <= end) {
      out.periods.push_back(fmt::format("{:04}", d.year));
      d = add_months(d, 12);
    } else if (d.day == 1 && add_months(d, 1) <= end) {
      out.periods.push_back(fmt::format("{:04}-{:02}", d.year, d.month));
      d = add_months(d, 1);
    } else {
      Date next = std::min(end, add_months(Date{d.year, d.month, 1}, 1));
      out.days.emplace_back(to_iso(d), to_iso(next));
      d = next;
    }
  }
  return out;
}

void volunteer_counts(Context& ctx, const HoursPieces& pc, const std::function<void(Int, const HoursCounts&)>& f) {
  auto t = ctx.db.cached("SELECT volunteer_id, verified_entries, verified_minutes, pending_entries, pending_minutes "
                          "FROM volunteer_hours_totals WHERE period = ?");
  for (const auto& p : pc.periods) {
    t.bind(1, p);
    while (t.step()) f(t.integer(0), counts_at(t, 1));
  }
  auto e = ctx.db.cached(fmt::format("SELECT volunteer_id, {} FROM service_hours WHERE date >= ?1 AND date < ?2 "
                                      "AND status IN ('verified', 'pending') GROUP BY volunteer_id",
                                      kEntryCounts));
  for (const auto& [from, to] : pc.days) {
    e.bind_all(from, to);
    while (e.step()) f(e.integer(0), counts_at(e, 1));
  }
}

// hours_flows (below) from the totals: the same rows in the same order. `by` is "" (the total),
// month, project, team or volunteer.
std::vector<std::pair<std::string, HoursFlow>> hours_flows_totals(const Run& r, const ReportPeriod& p, const std::string& by) {
  Context& ctx = r.ctx;
  const HoursPieces pc = hours_pieces(p.start, p.end);
  std::vector<std::pair<std::string, HoursFlow>> out;
  const std::string none = r.o.codes ? "" : L("(none)", "（无）");  // machines: empty, in every language
  if (by.empty()) {
    if (pc.periods.size() == 1 && pc.days.empty()) {  // one year or month: its row holds everything
      auto st = ctx.db.cached("SELECT verified_entries, verified_minutes, pending_entries, pending_minutes, volunteers "
                               "FROM hours_totals WHERE period = ?");
      st.bind(1, pc.periods.front());
      if (st.step()) {
        HoursCounts c = counts_at(st, 0);
        if (c.ve + c.pe > 0) out.emplace_back("", HoursFlow{c.vm, c.ve, st.integer(4), c.pm, c.pe});
      }
      return out;
    }
    HoursSum sum;
    volunteer_counts(ctx, pc, [&](Int v, const HoursCounts& c) { sum.add(v, c); });
    if (sum.any()) out.emplace_back("", sum.flow());
  } else if (by == "month") {
    // Each month is one piece or inside one year: its row of hours_totals, or its days' entries.
    std::map<std::string, HoursFlow> months;
    auto st = ctx.db.cached("SELECT period, verified_entries, verified_minutes, pending_entries, pending_minutes, volunteers "
                             "FROM hours_totals WHERE period BETWEEN ?1 AND ?2 AND length(period) = 7");
    for (const auto& piece : pc.periods) {
      if (piece.size() == 4) st.bind_all(piece + "-01", piece + "-12");
      else st.bind_all(piece, piece);
      while (st.step()) {
        HoursCounts c = counts_at(st, 1);
        if (c.ve + c.pe > 0) months[st.text(0)] = {c.vm, c.ve, st.integer(5), c.pm, c.pe};
      }
    }
    auto e = ctx.db.cached(fmt::format("SELECT substr(date, 1, 7), {}, count(DISTINCT CASE WHEN status = 'verified' "
                                        "THEN volunteer_id END) FROM service_hours WHERE date >= ?1 AND date < ?2 "
                                        "AND status IN ('verified', 'pending') GROUP BY 1",
                                        kEntryCounts));
    for (const auto& [from, to] : pc.days) {
      e.bind_all(from, to);
      while (e.step()) {
        HoursCounts c = counts_at(e, 1);
        months[e.text(0)] = {c.vm, c.ve, e.integer(5), c.pm, c.pe};
      }
    }
    for (const auto& [m, f] : months) out.emplace_back(m, f);
  } else if (by == "project" || by == "team") {
    // Keys in the entries query's order: none first, then by id.
    std::map<std::optional<Int>, HoursSum> sums;
    std::unordered_map<Int, Int> project_team;
    if (by == "team") {
      Stmt st(ctx.db, "SELECT id, team_id FROM project WHERE team_id IS NOT NULL");
      while (st.step()) project_team[st.integer(0)] = st.integer(1);
    }
    project_counts(ctx, pc, [&](Int project, Int team, Int v, const HoursCounts& c) {
      std::optional<Int> key;
      if (by == "project") {
        if (project) key = project;
      } else if (team) {
        key = team;  // an entry counts for its own team, else for the team that runs its project
      } else if (auto it = project_team.find(project); project && it != project_team.end()) {
        key = it->second;
      }
      sums[key].add(v, c);
    });
    auto names = names_of(ctx, by == "project" ? "project" : "team");
    const char* prefix = by == "project" ? "J" : "T";
    for (const auto& [key, sum] : sums) {
      if (!sum.any()) continue;
      std::string label = none;
      if (key) label = r.o.codes ? fmt::format("{}{}", prefix, *key) : fmt::format("{}{} {}", prefix, *key, names[*key]);
      out.emplace_back(label, sum.flow());
    }
  } else {  // volunteer
    std::map<Int, HoursSum> sums;
    volunteer_counts(ctx, pc, [&](Int v, const HoursCounts& c) { sums[v].add(v, c); });
    std::unordered_map<Int, std::string> labels;
    Stmt st(ctx.db, "SELECT v.id, v.number, p.name FROM volunteer v JOIN person p ON p.id = v.person_id");
    while (st.step())
      if (sums.count(st.integer(0)))
        labels[st.integer(0)] = r.o.codes ? st.text(1) : st.text(1) + " " + st.opt_text(2).value_or("");
    for (const auto& [v, sum] : sums)
      if (sum.any() && labels.count(v)) out.emplace_back(labels[v], sum.flow());
  }
  return out;
}

}  // namespace shequ::report
