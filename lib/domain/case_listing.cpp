// Reading cases: the filters of `case list`, the listing, and the sheet `case show` prints.
#include "domain/case_internal.h"

#include <algorithm>

#include <fmt/format.h>

#include "records/choices.h"
#include "records/references.h"
#include "core/i18n.h"
#include "core/text.h"

namespace shequ {

using namespace case_detail;

Query case_query(Context& ctx, const CaseFilter& f) {
  Query q;
  if (iequals_ascii(trim(f.status), "active")) {
    q.where.push_back("t.status IN ('open', 'mediating')");
  } else if (!f.status.empty()) {
    const std::vector<std::string>& statuses = choices_of("status");
    if (auto code = choice_code(statuses, f.status)) q.add("t.status = ?", *code);
    else bad("--status", tr_format("\"{}\" is not one of {}, active (open or mediating)",
                                   "“{}”不是以下之一：{}、active（已受理或调解中）", f.status, choices_with_labels(statuses)));
  }
  match(ctx, case_entity(), q, "level", f.level, "--level");
  match(ctx, case_entity(), q, "type", f.type);
  if (!f.grid.empty()) q.add("t.grid_id = ?", resolve(ctx, "grid", f.grid));
  if (!f.mediator.empty()) {
    Mediator m = resolve_mediator(ctx, f.mediator);
    q.add("t.id IN (SELECT case_id FROM case_mediator WHERE person_id = ? AND to_date IS NULL)", m.person);
  }
  if (f.older_than) {
    if (*f.older_than < 0) bad("--older-than", tr_format("{} is negative", "{} 为负数", *f.older_than));
    q.add("t.opened_on < ?", to_iso(add_days(today(), -*f.older_than)));
  }
  if (f.overdue) {
    q.where.push_back("t.status IN ('open', 'mediating')");
    q.add("t.deadline < ?", to_iso(today()));
  }
  if (!f.year.empty()) q.add("substr(t.opened_on, 1, 4) = ?", f.year);
  return q;
}

Table list_cases(Context& ctx, const Query& q) {
  Context quiet = ctx;  // listings never reveal case text
  quiet.reveal = false;
  return list_records(quiet, case_entity(), q);
}

CaseSheet case_sheet(Context& ctx, std::int64_t id) {
  CaseSheet sheet;
  sheet.record = show_record(ctx, case_entity(), id);  // audits a reveal
  const std::string hidden(tr("(confidential)", "（保密）"));
  auto secret = [&](const std::string& s) -> Cell {
    if (s.empty()) return Cell{};
    return ctx.reveal ? Cell{s} : Cell{hidden};
  };

  // A party's name typed as text, where the server does not let this operator read it, is not
  // asked for; the street's role reads those of the cases at the street (operators.cpp).
  const bool street = ctx.db.operator_role() == "street";
  auto without_names = [&](std::string sql) {
    if (ctx.db.can_read("case_party", "name")) return sql;
    const std::string instead = street ? "(SELECT x.name FROM shequ_street_parties() x WHERE x.id = p.id)" : "NULL";
    for (auto at = sql.find("p.name"); at != std::string::npos; at = sql.find("p.name", at + instead.size()))
      sql.replace(at, 6, instead);
    return sql;
  };
  sheet.parties.title = std::string(tr("Parties", "当事人"));
  sheet.parties.columns = {{"role", "Role", "角色"}, {"kind", "Kind", "类别"}, {"party", "Party", "当事人"}};
  {
    Stmt st(ctx.db,
            expand_sql(ctx.db, without_names(
                       "SELECT p.role, CASE WHEN p.person_id IS NOT NULL THEN 'person' WHEN p.household_id IS NOT NULL "
                       "THEN 'household' WHEN p.partner_id IS NOT NULL THEN 'partner' WHEN p.is_org = 1 THEN 'organisation' "
                       "ELSE 'name' END, CASE WHEN p.person_id IS NOT NULL THEN %ref(person, p.person_id) || "
                       "%label((SELECT name FROM person WHERE id = p.person_id)) WHEN p.household_id IS NOT NULL THEN "
                       "%ref(household, p.household_id) || %label((SELECT address FROM household WHERE id = p.household_id)) "
                       "WHEN p.partner_id IS NOT NULL THEN %ref(partner, p.partner_id) || %label(p.name) ELSE p.name END "
                       "FROM case_party p WHERE p.case_id = ? ORDER BY p.id")));
    st.bind(1, id);
    while (st.step()) sheet.parties.rows.push_back({st.text(0), st.text(1), secret(st.text(2))});
  }

  sheet.mediators.title = std::string(tr("Mediators", "调解员"));
  sheet.mediators.columns = {{"mediator", "Mediator", "调解员"}, {"name", "Name", "姓名"}, {"role", "Role", "角色"},
                             {"from", "From", "起"}, {"to", "To", "止"}};
  {
    Stmt st(ctx.db,
            "SELECT coalesce(" + ref_sql("volunteer", "m.volunteer_id") + ", " + ref_sql("person", "m.person_id") + "), p.name, m.role, m.from_date, m.to_date "
            "FROM case_mediator m JOIN person p ON p.id = m.person_id WHERE m.case_id = ? ORDER BY m.id");
    st.bind(1, id);
    while (st.step())
      sheet.mediators.rows.push_back({st.text(0), st.text(1), st.text(2), st.text(3),
                                      st.is_null(4) ? Cell{} : Cell{st.text(4)}});
  }

  // Codes of the sheet's tables, shown to people by their labels.
  auto labelled = [](std::vector<std::pair<std::string_view, std::pair<std::string_view, std::string_view>>> rows) {
    CodeLabels labels;
    for (const auto& [code, label] : rows) labels.emplace(std::string(code), std::string(tr(label.first, label.second)));
    return std::make_shared<const CodeLabels>(std::move(labels));
  };
  auto choice_labels = [](const std::vector<std::string>& codes) {
    CodeLabels labels;
    for (const std::string& code : codes) labels.emplace(code, choice_label(code));
    return std::make_shared<const CodeLabels>(std::move(labels));
  };
  sheet.parties.columns[0].labels = choice_labels(kPartyRoles);
  sheet.parties.columns[1].labels = labelled({{"person", {"resident", "居民"}}, {"household", {"household", "住户"}},
                                              {"partner", {"partner unit", "共建单位"}}, {"organisation", {"organisation", "单位"}},
                                              {"name", {"named person", "其他人员"}}});
  sheet.mediators.columns[2].labels = choice_labels(kMediatorRoles);

  sheet.timeline.title = std::string(tr("Timeline", "办理经过"));
  sheet.timeline.columns = {{"date", "Date", "日期"},     {"step", "Step", "环节"},   {"status", "Status", "状态"},
                            {"detail", "Detail", "要点"}, {"text", "Record", "记录"}, {"operator", "Operator", "记录人"}};
  {
    // A text the server does not let this operator read (operators.h) is not asked for; the
    // street's role reads those of the cases at the street.
    const bool readable = ctx.db.can_read("case_entry", "text");
    auto text_of = [&](const std::string& column) {
      return readable ? "coalesce(e." + column + ", '')" : street ? "coalesce(x." + column + ", '')" : std::string("''");
    };
    Stmt st(ctx.db, fmt::format("SELECT e.on_date, e.kind, e.status_after, coalesce(e.code, ''), {}, {}, {}, {}, {}, "
                                "coalesce(e.due, ''), e.satisfaction, e.operator FROM case_entry e {} WHERE e.case_id = ? "
                                "ORDER BY e.on_date, e.id",
                                text_of("text"), text_of("facts"), text_of("issues"), text_of("responsibilities"),
                                text_of("performance"),
                                !readable && street ? "LEFT JOIN shequ_street_entries() x ON x.id = e.id" : ""));
    st.bind(1, id);
    while (st.step()) {
      std::string kind = st.text(1);
      std::string detail = st.text(3);
      if (kind == "agree" && !st.text(9).empty()) detail += tr_format(", carry out by {}", "，履行期限 {}", st.text(9));
      if (!st.is_null(10)) detail += tr_format(", satisfaction {}", "，满意度 {}", st.integer(10));
      std::string text = st.text(4);
      if (kind == "agree") {  // the agreement's parts, as a written agreement lists them
        std::vector<std::string> parts;
        auto part = [&](std::string_view en, std::string_view zh, const std::string& v) {
          if (!v.empty()) parts.push_back(fmt::format("{}: {}", tr(en, zh), v));
        };
        part("facts", "事实", st.text(5));
        part("issues", "争议", st.text(6));
        part("responsibilities", "责任", st.text(7));
        part("terms", "协议内容", text);
        part("how", "履行方式", st.text(8));
        text = join(parts, "; ");
      }
      sheet.timeline.rows.push_back({st.text(0), kind, st.text(2), detail, secret(text), st.text(11)});
    }
  }
  sheet.timeline.columns[1].labels = labelled(
      {{"open", {"opened", "受理"}},         {"import", {"imported", "导入"}},       {"assign", {"mediator assigned", "指派调解员"}},
       {"note", {"note", "备注"}},           {"session", {"session", "调解"}},       {"escalate", {"escalated", "上报"}},
       {"agree", {"agreement", "达成协议"}}, {"fail", {"failed", "调解不成"}},       {"follow-up", {"follow-up", "回访"}},
       {"review", {"review", "复核"}},       {"close", {"closed", "结案"}},          {"reopen", {"reopened", "重新调解"}},
       {"extend", {"deadline extended", "延期"}}});
  sheet.timeline.columns[2].labels = choice_labels(choices_of("status"));
  return sheet;
}

}  // namespace shequ
