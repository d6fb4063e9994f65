#include "storage/move_community.h"

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "core/i18n.h"
#include "storage/catalog.h"
#include "io/paths.h"
#include "storage/schema.h"
#include "storage/server.h"

namespace shequ {
namespace {

// The version row a server keeps for its migrations; a data file keeps it in its header.
int schema_version_of(Db& db) {
  return static_cast<int>(db.scalar(db.on_server() ? "SELECT version FROM schema_version" : "PRAGMA user_version"));
}

// Each table's columns in their order, without the server's own tables.
std::map<std::string, std::vector<ColumnInfo>> tables_of(Db& db) {
  std::map<std::string, std::vector<ColumnInfo>> out;
  for (auto& c : table_columns(db))
    if (!server_only_table(c.table)) out[c.table].push_back(std::move(c));
  return out;
}

// While it lives, the destination's own triggers do not fire: on a server they are disabled
// table by table (the foreign keys, deferred, still hold at COMMIT); a data file has no such
// switch, so its triggers are dropped and made again from the statements it kept for them.
// Both are undone with the transaction if it rolls back.
class TriggersOff {
 public:
  TriggersOff(Db& db, const std::map<std::string, std::vector<ColumnInfo>>& tables) : db_(db) {
    if (db_.on_server()) {
      for (const auto& [table, columns] : tables) db_.exec(fmt::format("ALTER TABLE {} DISABLE TRIGGER USER", table));
      tables_ = &tables;
      return;
    }
    Stmt st(db_, "SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' ORDER BY rowid");
    while (st.step()) triggers_.emplace_back(st.text(0), st.text(1));
    for (const auto& [name, sql] : triggers_) db_.exec(fmt::format("DROP TRIGGER \"{}\"", name));
  }
  // Puts the triggers back; on a server the deferred foreign keys are checked first (a table
  // with key checks pending cannot be altered).
  void restore() {
    if (tables_) {
      db_.exec("SET CONSTRAINTS ALL IMMEDIATE");
      for (const auto& [table, columns] : *tables_) db_.exec(fmt::format("ALTER TABLE {} ENABLE TRIGGER USER", table));
    }
    for (const auto& [name, sql] : triggers_) db_.exec(sql);
  }

 private:
  Db& db_;
  const std::map<std::string, std::vector<ColumnInfo>>* tables_ = nullptr;
  std::vector<std::pair<std::string, std::string>> triggers_;
};

// A server's identity columns continue after the largest id copied (a data file's rowids do by
// themselves).
constexpr const char* kIdentityColumns =
    "SELECT c.relname::text, a.attname::text FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
    "WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r' AND a.attidentity <> '' "
    "ORDER BY 1, 2";

void continue_identities(Db& db) {
  std::vector<std::pair<std::string, std::string>> ids;
  for (Stmt st(db, kIdentityColumns); st.step();) ids.emplace_back(st.text(0), st.text(1));
  for (const auto& [table, column] : ids)
    db.exec(fmt::format("SELECT setval(pg_get_serial_sequence('{0}', '{1}'), coalesce(max({1}), 0) + 1, false) "
                        "FROM {0}",
                        table, column));
}

// The source's rows of one table in a stable order: by its key, else by every column.
std::string select_all(const std::string& table, const std::vector<ColumnInfo>& columns) {
  std::string names, key, all;
  for (const auto& c : columns) {
    names += (names.empty() ? "" : ", ") + c.name;
    if (c.key) key += (key.empty() ? "" : ", ") + c.name;
  }
  return fmt::format("SELECT {} FROM {} ORDER BY {}", names, table, key.empty() ? names : key);
}

// The snapshot the source is read in, ended (nothing was written) on leaving.
class ReadSnapshot {
 public:
  explicit ReadSnapshot(Db& db) : db_(db) {
    db_.exec(db_.on_server() ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN");
  }
  ~ReadSnapshot() { db_.exec_quietly("ROLLBACK"); }
  ReadSnapshot(const ReadSnapshot&) = delete;
  ReadSnapshot& operator=(const ReadSnapshot&) = delete;

 private:
  Db& db_;
};

}  // namespace

CopyCount copy_community(Db& from, Db& to, Progress& progress) {
  ReadSnapshot snapshot(from);
  const int version = schema_version_of(from);
  if (version != current_schema_version())
    throw Error(Exit::data,
                tr_format("{} has schema version {}, this shequ writes {}; nothing was copied",
                          "{} 的数据结构版本为 {}，本程序为 {}；未复制任何数据", from.path(), version,
                          current_schema_version()),
                std::string(tr("open it once with this shequ (it migrates), or use the shequ that wrote it",
                               "请先用本程序打开一次（会自动升级），或使用写入它的 shequ 版本")));
  const auto tables = tables_of(from);
  const auto target = tables_of(to);
  for (const auto& [table, columns] : tables) {
    auto t = target.find(table);
    std::vector<std::string> want, have;
    for (const auto& c : columns) want.push_back(c.name);
    if (t != target.end())
      for (const auto& c : t->second) have.push_back(c.name);
    std::sort(want.begin(), want.end());
    std::sort(have.begin(), have.end());
    if (want != have)
      throw Error(Exit::io, tr_format("{}: table {} differs from {}'s; nothing was copied",
                                      "{}：数据表 {} 与 {} 中的不一致；未复制任何数据", to.path(), table, from.path()));
  }
  if (target.size() != tables.size())
    throw Error(Exit::io, tr_format("{} has tables that {} lacks; nothing was copied",
                                    "{} 中有 {} 没有的数据表；未复制任何数据", to.path(), from.path()));

  CopyCount count;
  ProgressStage stage(progress, tr("copying tables", "复制数据表"), tables.size());
  TriggersOff triggers(to, target);
  to.defer_foreign_keys();
  for (const auto& [table, columns] : tables) to.exec(fmt::format("DELETE FROM {}", table));  // seeded rows give way
  for (const auto& [table, columns] : tables) {
    std::vector<std::string> names;
    for (const auto& c : columns) names.push_back(c.name);
    BulkInsert bulk(to, table, names);
    for (Stmt st(from, select_all(table, columns)); st.step();) {
      bulk.values_of(st);
      bulk.end_row();
    }
    bulk.finish();
    count.rows += bulk.rows();
    stage.update(static_cast<std::uint64_t>(++count.tables));
  }
  triggers.restore();
  if (to.on_server()) {
    continue_identities(to);
    // The planner's statistics, which autovacuum would gather only later: without them the
    // first reports on the new community are planned blind (role coverage took 0.5 s).
    for (const auto& [table, columns] : tables) to.exec(fmt::format("ANALYZE {}", table));
  }
  return count;
}

namespace {
// Thrown inside the destination's transaction to roll it back when the copy has problems.
struct CopyNotWhole {};
}  // namespace

MoveResult move_onto_server(Db& file, const std::string& url, const std::string& code, const std::string& name,
                            int busy_timeout_ms, Progress& progress) {
  MoveResult r;
  r.source = file.path();
  try {
    create_community(url, code, name, busy_timeout_ms, [&](Db& target) {
      r.target = target.path();
      r.count = copy_community(file, target, progress);
      r.problems = check_data_file(target, Integrity::quick, progress);
      if (!r.problems.empty()) throw CopyNotWhole{};
    });
  } catch (const CopyNotWhole&) {
  }
  return r;
}

MoveResult move_into_file(const std::string& url, const std::string& code, const std::string& path,
                          int busy_timeout_ms, Sync sync, Progress& progress) {
  MoveResult r;
  auto source = open_community(url, code, busy_timeout_ms, "--community");
  r.source = source->path();
  r.target = absolute_path(path);
  refuse_protected(path);
  auto target = create_data_file(path, busy_timeout_ms, sync);
  try {
    Txn txn(*target);
    r.count = copy_community(*source, *target, progress);
    r.problems = check_data_file(*target, Integrity::quick, progress);
    if (r.problems.empty()) txn.commit();
  } catch (...) {
    target.reset();
    remove_new_data_file(path);
    throw;
  }
  target.reset();
  if (!r.problems.empty()) remove_new_data_file(path);
  return r;
}

}  // namespace shequ
