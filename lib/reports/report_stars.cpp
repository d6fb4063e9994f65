// `report stars`: volunteers per star level at the end of a period, and who reached a level in it.
#include "reports/report_run.h"

#include <fmt/format.h>
#include <algorithm>
#include <unordered_map>

#include "reports/hours_totals.h"
#include "core/i18n.h"
#include "core/text.h"

namespace shequ::report {

Document report_stars(Context& ctx, const ReportOptions& o) {
  Run r(ctx, o);
  Document d;
  d.title = r.title("Star ratings", "星级评定");
  d.subtitle = r.subtitle();
  std::vector<Int> thresholds = ctx.config.integer_list("stars.thresholds_hours");
  auto level_of = [&](Int minutes) {
    int level = 0;
    for (Int t : thresholds)
      if (minutes >= t * 60) ++level;
    return level;
  };
  // Cumulative verified minutes per volunteer before the period and by its end, by number.
  struct Cumulative {
    std::string number, name, status;
    Int before = 0, by_end = 0;
  };
  std::vector<Cumulative> rows;
  if (use_totals(r)) {
    // All time, less what lies after the period (up to the last year with entries), less the period.
    std::unordered_map<Int, Cumulative> of;
    Stmt all(ctx.db, "SELECT volunteer_id, verified_minutes FROM volunteer_hours_totals WHERE period = '' AND verified_entries > 0");
    while (all.step()) of[all.integer(0)].by_end = all.integer(1);
    Int last_year = ctx.db.scalar("SELECT max(period) FROM hours_totals WHERE length(period) = 4", 0);
    Date after_end{static_cast<int>(last_year) + 1, 1, 1};
    if (r.period.end < after_end)
      volunteer_counts(ctx, hours_pieces(r.period.end, after_end), [&](Int v, const HoursCounts& c) {
        if (auto it = of.find(v); it != of.end()) it->second.by_end -= c.vm;
      });
    for (auto& [v, c] : of) c.before = c.by_end;
    volunteer_counts(ctx, hours_pieces(r.period.start, r.period.end), [&](Int v, const HoursCounts& c) {
      if (auto it = of.find(v); it != of.end()) it->second.before -= c.vm;
    });
    Stmt who(ctx.db, "SELECT v.id, v.number, p.name, v.status FROM volunteer v JOIN person p ON p.id = v.person_id");
    while (who.step()) {
      auto it = of.find(who.integer(0));
      if (it == of.end()) continue;
      Cumulative c = it->second;
      c.number = who.text(1);
      c.name = who.opt_text(2).value_or("");
      c.status = who.text(3);
      rows.push_back(std::move(c));
    }
    std::sort(rows.begin(), rows.end(), [](const Cumulative& a, const Cumulative& b) { return a.number < b.number; });
  } else {
    Stmt st(ctx.db, "SELECT v.number, p.name, v.status, "
                    "sum(CASE WHEN s.date < ?1 THEN s.minutes ELSE 0 END), sum(CASE WHEN s.date < ?2 THEN s.minutes ELSE 0 END) "
                    "FROM service_hours s JOIN volunteer v ON v.id = s.volunteer_id JOIN person p ON p.id = v.person_id "
                    "WHERE s.status = 'verified' AND " + volunteer_in_grid("s.volunteer_id", "?3") +
                    " GROUP BY s.volunteer_id ORDER BY v.number");
    st.bind_all(to_iso(r.period.start), to_iso(r.period.end));
    st.bind(3, r.grid_id);
    while (st.step()) rows.push_back({st.text(0), st.opt_text(1).value_or(""), st.text(2), st.integer(3), st.integer(4)});
  }
  std::vector<Int> per_level(thresholds.size() + 1, 0), reached(thresholds.size() + 1, 0);
  Section who{L("Reached a new level in the period", "本期晋级的志愿者"), {}, std::nullopt, "reached"};
  who.table.columns = {{"volunteer", "Volunteer", "志愿者编号"}, {"name", "Name", "姓名"},
                       {"from_level", "From", "原星级", true}, {"to_level", "To", "新星级", true},
                       {"hours", "Cumulative hours", "累计时长", true}};
  Int with_no_hours = 0;
  {
    Stmt n(ctx.db, "SELECT count(*) FROM volunteer WHERE status = 'active' AND " + volunteer_in_grid("id", "?1"));
    n.bind(1, r.grid_id);
    if (n.step()) with_no_hours = n.integer(0);
  }
  for (const Cumulative& c : rows) {
    int before = level_of(c.before), after = level_of(c.by_end);
    if (c.status == "active") {
      ++per_level[static_cast<std::size_t>(after)];
      --with_no_hours;
    }
    if (after > before) {
      for (int l = before + 1; l <= after; ++l) ++reached[static_cast<std::size_t>(l)];
      who.table.rows.push_back({c.number, c.name, Int{before}, Int{after}, hours_cell(c.by_end)});
    }
  }
  per_level[0] += std::max<Int>(0, with_no_hours);
  Section levels{L("Active volunteers per star level (at the end of the period)", "各星级在册志愿者（期末）"), {}, std::nullopt, "levels"};
  levels.table.columns = {{"stars", "Stars", "星级", true}, {"from_hours", "From hours", "累计时长起点", true},
                          {"volunteers", "Volunteers", "人数", true}, {"reached_in_period", "Reached in the period", "本期达到", true}};
  BarChart chart{L("Volunteers per star level", "各星级志愿者人数"), {}};
  for (std::size_t l = 0; l < per_level.size(); ++l) {
    levels.table.rows.push_back({static_cast<Int>(l), l ? Cell{thresholds[l - 1]} : Cell{Int{0}}, per_level[l],
                                 l ? Cell{reached[l]} : Cell{}});
    chart.bars.emplace_back(l ? fmt::format(fmt::runtime(L("{} stars", "{}星")), l) : L("no star yet", "未评星"),
                            static_cast<double>(per_level[l]));
  }
  levels.chart = std::move(chart);
  d.sections.push_back(std::move(levels));
  d.sections.push_back(std::move(who));
  return d;
}

}  // namespace shequ::report
