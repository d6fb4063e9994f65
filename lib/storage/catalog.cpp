#include "storage/catalog.h"

#include <fmt/format.h>

#include "storage/db.h"

namespace shequ {

// On a server, the catalog of the community's schema (the connection's search_path): its tables
// in name order (bytes, as SQLite orders them), their columns in their order.
constexpr const char* kServerColumns =
    "SELECT c.relname::text, a.attname::text, upper(format_type(a.atttypid, a.atttypmod)), "
    "coalesce(a.attnum = ANY (i.indkey), false)::int FROM pg_class c "
    "JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped "
    "LEFT JOIN pg_index i ON i.indrelid = c.oid AND i.indisprimary "
    "WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r' "
    "ORDER BY c.relname COLLATE \"C\", a.attnum";

std::vector<ColumnInfo> table_columns(Db& db) {
  std::vector<ColumnInfo> out;
  Stmt st(db, db.on_server()
                  ? kServerColumns
                  : "SELECT t.name, c.name, upper(c.type), c.pk FROM sqlite_schema t, pragma_table_info(t.name) c "
                    "WHERE t.type = 'table' AND t.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY t.name, c.cid");
  while (st.step()) {
    std::string type = st.text(2);
    bool text = type.find("TEXT") != std::string::npos || type.find("CHAR") != std::string::npos ||
                type.find("CLOB") != std::string::npos || type.empty();
    out.push_back({st.text(0), st.text(1), text, st.integer(3) > 0});
  }
  return out;
}

std::string masked_copy_function(std::string_view table) { return "shequ_masked_" + std::string(table); }

std::set<std::string> masked_copies(Db& db, const std::string& table) {
  std::set<std::string> keys;
  if (db.unreadable(table).empty()) return keys;
  Stmt st(db, "SELECT a.name FROM pg_proc p, unnest(p.proargnames, p.proargmodes) AS a(name, mode) "
              "WHERE p.oid = to_regprocedure(?1) AND a.mode = 't' AND a.name <> 'id' "
              "AND has_function_privilege(p.oid, 'EXECUTE')");
  st.bind(1, masked_copy_function(table) + "()");
  while (st.step()) keys.insert(st.text(0));
  return keys;
}

std::vector<std::string> column_names(Db& db, const std::string& table) {
  std::vector<std::string> out;
  Stmt st(db, db.on_server() ? "SELECT attname::text FROM pg_attribute WHERE attrelid = to_regclass(quote_ident(?)) "
                               "AND attnum > 0 AND NOT attisdropped ORDER BY attnum"
                             : "SELECT name FROM pragma_table_info(?) ORDER BY cid");
  st.bind(1, table);
  while (st.step()) out.push_back(st.text(0));
  return out;
}

std::vector<std::string> key_columns(Db& db, const std::string& table) {
  std::vector<std::string> out;
  Stmt st(db, db.on_server() ? "SELECT a.attname::text FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid "
                               "AND a.attnum = ANY (i.indkey) WHERE i.indrelid = to_regclass(quote_ident(?)) "
                               "AND i.indisprimary ORDER BY array_position(i.indkey::int2[], a.attnum)"
                             : "SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk");
  st.bind(1, table);
  while (st.step()) out.push_back(st.text(0));
  return out;
}

std::vector<ForeignKey> foreign_keys_to(Db& db, const std::string& parent) {
  std::vector<ForeignKey> out;
  Stmt st(db, db.on_server()
                  ? "SELECT c.relname::text, a.attname::text FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid "
                    "JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1] "
                    "WHERE k.contype = 'f' AND k.confrelid = to_regclass(quote_ident(?)) "
                    "ORDER BY c.relname COLLATE \"C\", a.attnum"
                  : "SELECT m.name, f.\"from\" FROM sqlite_schema m, pragma_foreign_key_list(m.name) f "
                    "WHERE m.type = 'table' AND f.\"table\" = ? ORDER BY m.name, f.id");
  st.bind(1, parent);
  while (st.step()) out.push_back({st.text(0), st.text(1), parent});
  return out;
}

std::optional<std::string> index_definition(Db& db, const std::string& table, const std::string& name) {
  Stmt st(db, db.on_server() ? "SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() "
                               "AND tablename = ?1 AND indexname = ?2"
                             : "SELECT sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = ?1 AND name = ?2");
  st.bind_all(table, name);
  if (st.step() && !st.is_null(0)) return st.text(0);
  return std::nullopt;
}

std::vector<std::pair<std::string, std::string>> triggers_naming(Db& db, std::string_view word) {
  std::vector<std::pair<std::string, std::string>> found;
  if (db.on_server()) return found;
  Stmt st(db, "SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND instr(sql, ?1) > 0");
  st.bind(1, std::string(word));
  while (st.step()) found.emplace_back(st.text(0), st.text(1));
  return found;
}

// The settings of bulk work are the file's: a server's memory and its freed space are its
// administrator's (forget on a server: see docs/guide/server.md).
void set_cache_kib(Db& db, long kib) {
  if (!db.on_server()) db.exec(fmt::format("PRAGMA cache_size = -{}", kib));
}

bool temp_in_memory(Db& db) { return !db.on_server() && db.scalar("PRAGMA temp_store") == 2; }

void set_temp_in_memory(Db& db, bool on) {
  if (db.on_server()) return;
  if (on) db.exec("PRAGMA temp_store = MEMORY");
  else db.exec_quietly("PRAGMA temp_store = DEFAULT");
}

void set_secure_delete(Db& db, bool on) {
  if (!db.on_server()) db.exec(on ? "PRAGMA secure_delete = ON" : "PRAGMA secure_delete = OFF");
}

}  // namespace shequ
