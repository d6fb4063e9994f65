// `shequ street cases`: the street's mediation inbox. A case escalated to the street stays in
// its community's schema, the same record with the same timeline: the street reads it there and
// acts on it there (`shequ --community CODE case session …`), and the community sees each step.
#include "core/date.h"
#include "core/i18n.h"
#include "domain/cases.h"
#include "reports/street.h"
#include "storage/server.h"

namespace shequ {

Table street_cases(Context& ctx, const std::vector<std::string>& only, bool due) {
  Table out;
  out.title = due ? std::string(tr("Cases at the street due today", "街道今日待办的调解案件"))
                  : std::string(tr("Cases escalated to the street", "上报街道的调解案件"));
  const std::vector<std::string> codes = street_communities(ctx, only);
  std::vector<Table> each(codes.size());
  for_each_community(ctx, codes, [&](Context& in, std::size_t i) {
    if (due) {
      std::vector<CaseDue> at_street;
      for (CaseDue& d : cases_due(in, today()))
        if (d.level == "street") at_street.push_back(std::move(d));
      each[i] = cases_due_table(in, at_street);
    } else {
      CaseFilter f;
      f.status = "active";
      f.level = "street";
      each[i] = list_cases(in, case_query(in, f));
    }
  });
  for (std::size_t i = 0; i < codes.size(); ++i) {
    Table& t = each[i];
    const std::string& code = codes[i];
    if (out.columns.empty()) {
      out.columns = t.columns;
      out.columns.insert(out.columns.begin(), Column{"community", "Community", "社区代码"});
    }
    for (auto& row : t.rows) {
      row.insert(row.begin(), Cell{code});
      out.rows.push_back(std::move(row));
    }
  }
  out.notes.push_back(std::string(tr("Act on a case in its community: shequ --community CODE case session NUMBER …",
                                     "在案件所属社区办理：shequ --community 社区代码 case session 案件编号 …")));
  return out;
}

}  // namespace shequ
