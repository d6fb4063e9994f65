// `report due`: the coordinator's daily inbox as of today.
#include "reports/report_run.h"

#include <algorithm>

#include <fmt/format.h>

#include "domain/cases.h"
#include "storage/dialect.h"
#include "core/i18n.h"
#include "records/references.h"
#include "core/text.h"

namespace shequ::report {
namespace {

// The three kinds of cases due, in the order the inbox shows them: kind, section key, heading.
struct CaseDueKind {
  std::string_view kind, key, en, zh;
};
constexpr CaseDueKind kCaseDueKinds[] = {
    {"escalate", "cases_escalate", "Cases due for escalation", "应上报的网格级案件"},
    {"overdue", "cases_overdue", "Overdue cases", "超期案件"},
    {"follow-up", "cases_follow_up", "Follow-up visits due", "应回访的协议"},
};

// Machine formats: every case due in one table whose `section` column says which list it is on
// (the key people see as a heading), instead of three blocks with the same header.
Section cases_due_machine(const Run& r, const std::vector<CaseDue>& all) {
  Section s;
  s.key = "cases_due";
  s.heading = L("Cases due", "待办案件");
  for (const CaseDueKind& k : kCaseDueKinds) {
    std::vector<CaseDue> some;
    for (const auto& d : all)
      if (d.kind == k.kind) some.push_back(d);
    Table t = cases_due_table(r.ctx, some);
    if (s.table.columns.empty()) {
      s.table.columns = t.columns;
      s.table.columns.front() = {"section", "Section", "分类"};
    }
    for (auto& row : t.rows) {
      row.front() = std::string(k.key);
      s.table.rows.push_back(std::move(row));
    }
  }
  return s;
}

Section case_due_section(const Run& r, const std::vector<CaseDue>& all, std::string_view kind, std::string key,
                         std::string heading) {
  std::vector<CaseDue> some;
  for (const auto& d : all)
    if (d.kind == kind) some.push_back(d);
  Section s;
  s.key = std::move(key);
  s.heading = std::move(heading);
  s.table = cases_due_table(r.ctx, some);
  s.table.title.clear();
  // Each section holds one kind of due item: the "due" column would repeat it on every row.
  s.table.columns.erase(s.table.columns.begin());
  for (auto& row : s.table.rows) {
    row.erase(row.begin());
    row[4] = status_label(r, std::get<std::string>(row[4]));
    row[5] = status_label(r, std::get<std::string>(row[5]));
  }
  return s;
}

std::string assignee_sql() {
  return "CASE n.assignee_kind WHEN 'team' THEN 'T' WHEN 'project' THEN 'J' WHEN 'partner' THEN 'P' END || n.assignee_id";
}

Section needs_due(const Run& r, bool overdue) {
  Section s;
  s.key = overdue ? "needs_overdue" : "needs_new";
  s.heading = overdue ? L("Overdue needs", "超期未办结的诉求") : L("Needs not yet accepted", "待受理的诉求");
  s.table.columns = {{"need", "Need", "诉求"},      {"title", "Title", "标题"},      {"category", "Category", "类别"},
                     {"grid", "Grid", "网格"},      {"status", "Status", "状态"},    {"raised_on", "Raised on", "提出日期"},
                     {"due_on", "Due on", "办理期限"}, {"assignee", "Assigned to", "承办方"},
                     overdue ? Column{"days_late", "Days late", "逾期天数", true}
                             : Column{"days_waiting", "Days waiting", "已等待天数", true}};
  auto cats = r.vocab("need-category");
  Stmt st(r.ctx.db, fmt::format("SELECT n.id, n.title, n.category, g.code, n.status, n.raised_on, n.due_on, {}, "
                                "{} FROM need n "
                                "LEFT JOIN grid g ON g.id = n.grid_id "
                                "WHERE n.status {} AND n.voided_at IS NULL AND (?2 IS NULL OR n.grid_id = ?2) {} ORDER BY {}",
                                assignee_sql(), dialect_of(r.ctx.db).days_between(overdue ? "n.due_on" : "n.raised_on", "?1"),
                                overdue ? "IN ('new', 'accepted', 'in-progress')" : "= 'new'",
                                overdue ? "AND n.due_on < ?1" : "", overdue ? "n.due_on, n.id" : "n.raised_on, n.id"));
  st.bind(1, to_iso(r.today_date));
  st.bind(2, r.grid_id);
  while (st.step()) {
    std::string cat = st.text(2);
    s.table.rows.push_back({fmt::format("N{}", st.integer(0)), st.text(1), cats.count(cat) ? cats[cat] : cat,
                            st.opt_text(3).value_or(""), status_label(r, st.text(4)), st.text(5),
                            st.opt_text(6).value_or(""), st.opt_text(7).value_or(""), st.integer(8)});
  }
  return s;
}

// Pending service entries by project: how many, how long, the oldest, and whether the public
// notice period (volunteer.notice_days) is over for them.
Section hours_due(const Run& r) {
  Section s;
  s.key = "hours_pending";
  s.heading = L("Hours awaiting verification", "待确认的服务时长");
  s.table.columns = {{"project", "Project", "项目"},          {"entries", "Entries", "记录数", true},
                     {"hours", "Hours", "时长", true},          {"volunteers", "Volunteers", "志愿者人数", true},
                     {"oldest", "Oldest entry", "最早日期"},   {"ready", "Ready to verify", "可确认（公示期满）", true}};
  Date notice_end = add_days(r.today_date, -static_cast<int>(r.ctx.config.integer("volunteer.notice_days")));
  Stmt st(r.ctx.db, fmt::format("SELECT s.project_id, {}, count(*), sum(s.minutes), count(DISTINCT s.volunteer_id), min(s.date), "
                                "count(CASE WHEN s.date <= ?1 THEN 1 END) FROM service_hours s {} "
                                "LEFT JOIN project j ON j.id = s.project_id WHERE s.status = 'pending' AND {} "
                                "GROUP BY s.project_id, j.name ORDER BY min(s.date), s.project_id",
                                ref_sql("project", "s.project_id") + (r.o.codes ? "" : " || ' ' || j.name"),
                                // unaided the planner takes service_hours_status and sorts; the partial index
                                // holds the few pending entries in project order with every column read
                                dialect_of(r.ctx.db).index_hint("service_hours_pending"),
                                volunteer_in_grid("s.volunteer_id", "?2")));
  st.bind(1, to_iso(notice_end));
  st.bind(2, r.grid_id);
  while (st.step())
    s.table.rows.push_back({st.opt_text(1).value_or(r.o.codes ? "" : L("(no project)", "（无项目）")), st.integer(2), hours_cell(st.integer(3)),
                            st.integer(4), st.text(5), st.integer(6)});
  return s;
}

// Volunteers whose points expire within reports.points_expiry_warning_days under
// points.expiry_years: credits older than the cutoff that later debits have not used up.
Section points_expiring(const Run& r) {
  Section s;
  s.key = "points_expiring";
  s.heading = L("Points expiring soon", "即将过期的积分");
  s.table.columns = {{"volunteer", "Volunteer", "志愿者编号"}, {"name", "Name", "姓名"},
                     {"balance", "Balance", "余额", true},      {"expiring", "Expiring", "将过期", true},
                     {"by", "By", "过期日期"}};
  Int years = r.ctx.config.integer("points.expiry_years");
  if (years <= 0) {
    s.table.notes.push_back(L("Points do not expire (points.expiry_years = 0).", "积分不过期（points.expiry_years = 0）。"));
    return s;
  }
  Date by = add_days(r.today_date, static_cast<int>(r.ctx.config.integer("reports.points_expiry_warning_days")));
  Date cutoff = add_months(by, -12 * static_cast<int>(years));
  // The day the expiring points go: the oldest credit the debits have not used up (oldest
  // credits are used first), N years on — in the past for points already due to expire.
  auto first_unused = r.ctx.db.cached(
      "SELECT at FROM (SELECT at, sum(amount) OVER (ORDER BY at, id) AS running FROM points_ledger "
      "WHERE volunteer_id = ?1 AND amount > 0) AS credits WHERE running > ?2 + 0.005 ORDER BY at LIMIT 1");
  Stmt st(r.ctx.db,
          "SELECT v.number, p.name, v.points_balance, min(v.points_balance, c.credits - coalesce(d.debits, 0)) AS expiring, "
          "v.id, coalesce(d.debits, 0) "
          "FROM volunteer v JOIN person p ON p.id = v.person_id "
          "JOIN (SELECT volunteer_id, sum(amount) AS credits FROM points_ledger WHERE amount > 0 AND at < ?1 "
          "      GROUP BY volunteer_id) c ON c.volunteer_id = v.id "
          "LEFT JOIN (SELECT volunteer_id, -sum(amount) AS debits FROM points_ledger WHERE amount < 0 GROUP BY volunteer_id) d "
          "ON d.volunteer_id = v.id WHERE v.points_balance > 0 AND " + volunteer_in_grid("v.id", "?2") +
          " AND min(v.points_balance, c.credits - coalesce(d.debits, 0)) > 0.005 ORDER BY expiring DESC, v.number");
  st.bind(1, to_iso(add_days(cutoff, 1)));
  st.bind(2, r.grid_id);
  while (st.step()) {
    first_unused.bind_all(st.integer(4), st.real(5));
    Date expires = by;
    if (first_unused.step())
      if (auto earned = parse_date(first_unused.text(0).substr(0, 10))) expires = add_months(*earned, 12 * static_cast<int>(years));
    s.table.rows.push_back({st.text(0), st.opt_text(1).value_or(""), round2(st.real(2)), round2(st.real(3)), to_iso(expires)});
  }
  return s;
}

}  // namespace

std::vector<Figure> due_figures(const Run& r) {
  std::vector<Figure> f;
  auto due = cases_due(r.ctx, r.today_date, r.o.grid);
  for (const CaseDueKind& k : kCaseDueKinds)
    f.push_back({std::string(k.key), std::string(k.en), std::string(k.zh),
                 Int(std::count_if(due.begin(), due.end(), [&](const CaseDue& d) { return d.kind == k.kind; }))});
  auto rows = [](const Section& s) -> Cell { return Int(s.table.rows.size()); };
  f.push_back({"needs_overdue", "Overdue needs", "超期未办结的诉求", rows(needs_due(r, true))});
  f.push_back({"needs_new", "Needs not yet accepted", "待受理的诉求", rows(needs_due(r, false))});
  Int entries = 0;
  double hours = 0;
  for (const auto& row : hours_due(r).table.rows) {
    entries += std::get<Int>(row[1]);
    hours += std::get<double>(row[2]);
  }
  f.push_back({"pending_entries", "Entries awaiting verification", "待确认记录", entries});
  f.push_back({"pending_hours", "Hours awaiting verification", "待确认时长（小时）", round2(hours)});
  f.push_back({"points_expiring", "Volunteers whose points expire soon", "积分即将过期的志愿者", rows(points_expiring(r))});
  return f;
}

Document report_due(Context& ctx, const ReportOptions& o) {
  Run r(ctx, o);
  Document d;
  d.title = L("Due today", "今日待办");
  d.subtitle = r.subtitle(false);
  auto due = cases_due(ctx, r.today_date, o.grid);
  if (o.codes)
    d.sections.push_back(cases_due_machine(r, due));
  else
    for (const CaseDueKind& k : kCaseDueKinds)
      d.sections.push_back(case_due_section(r, due, k.kind, std::string(k.key), L(k.en, k.zh)));
  d.sections.push_back(needs_due(r, true));
  d.sections.push_back(needs_due(r, false));
  d.sections.push_back(hours_due(r));
  d.sections.push_back(points_expiring(r));
  return d;
}

}  // namespace shequ::report
