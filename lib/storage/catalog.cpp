#include "storage/catalog.h"

#include <fmt/format.h>

#include "storage/db.h"

namespace shequ {

std::vector<ColumnInfo> table_columns(Db& db) {
  std::vector<ColumnInfo> out;
  Stmt st(db,
          "SELECT t.name, c.name, upper(c.type), c.pk FROM sqlite_schema t, pragma_table_info(t.name) c "
          "WHERE t.type = 'table' AND t.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY t.name, c.cid");
  while (st.step()) {
    std::string type = st.text(2);
    bool text = type.find("TEXT") != std::string::npos || type.find("CHAR") != std::string::npos ||
                type.find("CLOB") != std::string::npos || type.empty();
    out.push_back({st.text(0), st.text(1), text, st.integer(3) > 0});
  }
  return out;
}

std::vector<std::string> column_names(Db& db, const std::string& table) {
  std::vector<std::string> out;
  Stmt st(db, "SELECT name FROM pragma_table_info(?) ORDER BY cid");
  st.bind(1, table);
  while (st.step()) out.push_back(st.text(0));
  return out;
}

std::vector<ForeignKey> foreign_keys_to(Db& db, const std::string& parent) {
  std::vector<ForeignKey> out;
  Stmt st(db,
          "SELECT m.name, f.\"from\" FROM sqlite_schema m, pragma_foreign_key_list(m.name) f "
          "WHERE m.type = 'table' AND f.\"table\" = ? ORDER BY m.name, f.id");
  st.bind(1, parent);
  while (st.step()) out.push_back({st.text(0), st.text(1), parent});
  return out;
}

std::optional<std::string> index_definition(Db& db, const std::string& table, const std::string& name) {
  Stmt st(db, "SELECT sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = ?1 AND name = ?2");
  st.bind_all(table, name);
  if (st.step() && !st.is_null(0)) return st.text(0);
  return std::nullopt;
}

void set_cache_kib(Db& db, long kib) { db.exec(fmt::format("PRAGMA cache_size = -{}", kib)); }

bool temp_in_memory(Db& db) { return db.scalar("PRAGMA temp_store") == 2; }

void set_temp_in_memory(Db& db, bool on) {
  if (on) db.exec("PRAGMA temp_store = MEMORY");
  else db.exec_quietly("PRAGMA temp_store = DEFAULT");
}

void set_secure_delete(Db& db, bool on) { db.exec(on ? "PRAGMA secure_delete = ON" : "PRAGMA secure_delete = OFF"); }

}  // namespace shequ
