#include "records/audit.h"
#include "commands.h"
#include "core/i18n.h"

namespace shequ::cli {

void setup_audit(CLI::App& root, App& app) {
  auto q = std::make_shared<AuditQuery>();
  CLI::App* audit = verb(root, "audit", T("The audit log: every change and every reveal", "审计日志：每次修改与每次查看敏感信息"),
                         "shequ audit --since 2026-11-01 --entity person");
  audit->add_option("--since", q->since, T("From this date or time on", "自该日期/时间起"));
  audit->add_option("--entity", q->entity, T("Only changes of this entity (table)", "只看该类记录"));
  audit->add_option("--operator", q->operator_name, T("Only this operator", "只看该操作人"));
  audit->add_option("--limit", q->limit, T("At most N rows (default 100)", "最多 N 行（默认 100）"));
  audit->callback([&app, q] {
    Context& ctx = app.context();
    Table t;
    t.columns = {{"id", "ID", "编号", true},   {"at", "Time", "时间"},
                 {"today", "Business date", "业务日期"}, {"operator", "Operator", "操作人"},
                 {"action", "Action", "动作"}, {"entity", "Entity", "对象"}, {"entity_id", "Record", "记录", true},
                 {"summary", "Changes", "变更"}, {"undoes", "Undoes", "撤销", true}, {"command", "Command", "命令"}};
    for (const auto& e : list_audit(ctx, *q)) {
      t.rows.push_back({e.id, e.at, e.today.empty() ? Cell{} : Cell{e.today}, e.operator_name, e.action, e.entity,
                        e.entity_id ? Cell{e.entity_id} : Cell{}, e.summary,
                        e.undoes ? Cell{e.undoes} : Cell{}, e.command});
    }
    if (ctx.reveal && !t.rows.empty()) audit_reveal(ctx, "audit", 0, "audit list");
    app.emit(t);
  });
}

}  // namespace shequ::cli
