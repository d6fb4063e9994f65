#include "undo.h"

#define SQLITE_ENABLE_SESSION 1
#define SQLITE_ENABLE_PREUPDATE_HOOK 1
#include <sqlite3.h>

#include <memory>

#include <fmt/format.h>

#include "audit.h"
#include "i18n.h"

namespace shequ {
namespace {

struct Conflict {
  std::string table;
  int kind = 0;
};

int on_conflict(void* p, int kind, sqlite3_changeset_iter* it) {
  auto* c = static_cast<Conflict*>(p);
  const char* table = nullptr;
  int ncol = 0, op = 0, indirect = 0;
  if (it && sqlite3changeset_op(it, &table, &ncol, &op, &indirect) == SQLITE_OK && table) c->table = table;
  c->kind = kind;
  return SQLITE_CHANGESET_ABORT;
}

std::string why(int kind) {
  switch (kind) {
    case SQLITE_CHANGESET_DATA:
    case SQLITE_CHANGESET_NOTFOUND:
    case SQLITE_CHANGESET_CONFLICT:
      return std::string(tr("a later change touched the same rows", "之后的修改动过同样的记录"));
    case SQLITE_CHANGESET_FOREIGN_KEY:
      return std::string(tr("other records now refer to what it added", "已有其他记录引用它新增的内容"));
    default:
      return std::string(tr("the records may not be changed that way (append-only)", "这些记录不允许如此修改（只增不改）"));
  }
}

}  // namespace

UndoResult undo_last(Context& ctx, bool dry_run) {
  Change change(ctx);
  Stmt st(ctx.db,
          "SELECT a.id, a.at, a.operator, a.command, coalesce(a.summary, ''), a.changeset, a.action "
          "FROM audit a WHERE a.action IN ('change', 'forget') "
          "AND NOT EXISTS (SELECT 1 FROM audit u WHERE u.undoes = a.id) ORDER BY a.id DESC LIMIT 1");
  if (!st.step())
    throw Error(Exit::refused, std::string(tr("nothing to undo", "没有可撤销的修改")));
  UndoResult r{st.integer(0), st.text(1), st.text(2), st.text(3), st.text(4)};
  if (st.text(6) == "forget")
    throw Error(Exit::refused, fmt::format(fmt::runtime(tr("#{} forgot a person; that cannot be undone",
                                                           "#{} 删除了个人信息，无法撤销")), r.audit_id));
  if (st.is_null(5))
    throw Error(Exit::refused,
                fmt::format(fmt::runtime(tr("#{} ({}) was too large to keep undo data", "#{}（{}）数据量过大，未保留撤销数据")),
                            r.audit_id, r.command),
                std::string(tr("restore a backup made before it (`shequ backup`)", "请用此前的备份恢复（`shequ backup`）")));
  const void* data = sqlite3_column_blob(st.handle(), 5);
  int size = sqlite3_column_bytes(st.handle(), 5);
  void* inverse = nullptr;
  int inverse_size = 0;
  int rc = sqlite3changeset_invert(size, data, &inverse_size, &inverse);
  if (rc != SQLITE_OK) ctx.db.fail(rc, "sqlite3changeset_invert");
  std::unique_ptr<void, decltype(&sqlite3_free)> guard(inverse, sqlite3_free);
  Conflict conflict;
  rc = sqlite3changeset_apply(ctx.db.handle(), inverse_size, inverse, nullptr, on_conflict, &conflict);
  if (rc == SQLITE_ABORT || rc == SQLITE_CONSTRAINT || conflict.kind != 0) {
    throw Error(Exit::refused,
                fmt::format(fmt::runtime(tr("cannot undo #{} ({}): {} ({})", "无法撤销 #{}（{}）：{}（{}）")), r.audit_id,
                            r.command, why(conflict.kind), conflict.table),
                std::string(tr("undo the later changes first, or make a new change by hand", "请先撤销之后的修改，或手工修改")));
  }
  if (rc != SQLITE_OK) ctx.db.fail(rc, "sqlite3changeset_apply");
  if (dry_run) return r;  // the Change rolls back
  change.action("undo", r.audit_id);
  change.commit();
  return r;
}

}  // namespace shequ
