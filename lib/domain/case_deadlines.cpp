// What is due on cases: escalation after cases.escalate_after_days, deadlines, follow-up visits.
#include "domain/cases.h"

#include <algorithm>

#include <fmt/format.h>

#include "core/i18n.h"

namespace shequ {

Date case_deadline(Date opened, int deadline_days) { return add_days(opened, deadline_days); }

std::vector<CaseDue> cases_due(Context& ctx, Date today_date, const std::string& grid) {
  const int escalate_after = static_cast<int>(ctx.config.integer("cases.escalate_after_days"));
  const int followup_after = static_cast<int>(ctx.config.integer("cases.followup_after_days"));
  std::optional<std::int64_t> grid_id;
  if (!grid.empty()) grid_id = resolve(ctx, "grid", grid);
  std::vector<CaseDue> out;
  Stmt st(ctx.db,
          "SELECT t.id, t.number, t.title, coalesce(g.code, ''), t.level, t.status, t.opened_on, t.deadline, "
          "t.agreed_on FROM mediation_case t LEFT JOIN grid g ON g.id = t.grid_id "
          "WHERE (t.status IN ('open', 'mediating') OR (t.status = 'agreed' AND t.followup_on IS NULL)) "
          "AND (?1 IS NULL OR t.grid_id = ?1) ORDER BY t.id");
  st.bind(1, grid_id);
  while (st.step()) {
    CaseDue base{"", st.integer(0), st.text(1), st.text(2), st.text(3), st.text(4), st.text(5), {}, 0};
    auto add = [&](const char* kind, Date due) {
      CaseDue d = base;
      d.kind = kind;
      d.due_on = due;
      d.days_late = days_between(due, today_date);
      out.push_back(std::move(d));
    };
    Date opened = *parse_date(st.text(6));
    if (base.status == "agreed") {
      if (st.is_null(8)) continue;
      Date visit = add_days(*parse_date(st.text(8)), followup_after);
      if (visit <= today_date) add("follow-up", visit);
      continue;
    }
    // Older than N days at grid level: due for escalation (小事不出网格, but not for ever).
    Date escalate_by = add_days(opened, escalate_after);
    if (base.level == "grid" && today_date > escalate_by) add("escalate", escalate_by);
    Date deadline = *parse_date(st.text(7));
    if (today_date > deadline) add("overdue", deadline);
  }
  std::stable_sort(out.begin(), out.end(), [](const CaseDue& a, const CaseDue& b) { return a.due_on < b.due_on; });
  return out;
}

Table cases_due_table(Context& ctx, const std::vector<CaseDue>& items) {
  (void)ctx;
  Table t;
  t.title = std::string(tr("Cases due", "待办调解案件"));
  t.columns = {{"due", "Due", "待办"},        {"case", "Case", "案件"},     {"number", "Number", "案件编号"},
               {"title", "Title", "案由"},    {"grid", "Grid", "网格"},     {"level", "Level", "层级"},
               {"status", "Status", "状态"},  {"due_on", "Due on", "到期日"}, {"days_late", "Days late", "逾期天数", true}};
  for (const auto& d : items)
    t.rows.push_back({d.kind, fmt::format("C{}", d.id), d.number, d.title, d.grid, d.level, d.status, to_iso(d.due_on),
                      std::int64_t{d.days_late}});
  return t;
}

}  // namespace shequ
