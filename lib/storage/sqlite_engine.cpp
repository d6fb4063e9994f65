// The SQLite engine behind Db, Stmt and Txn: the embedded data file.
#include <sqlite3.h>

#include <cctype>
#include <cerrno>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "core/i18n.h"
#include "io/interrupt.h"
#include "io/paths.h"
#include "storage/dialect.h"
#include "storage/engine.h"

namespace shequ::engine {
namespace {

DbFault fault_of(int extended_code) {
  switch (extended_code & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return DbFault::busy;
    case SQLITE_CONSTRAINT:
      if (extended_code == SQLITE_CONSTRAINT_UNIQUE || extended_code == SQLITE_CONSTRAINT_PRIMARYKEY)
        return DbFault::duplicate;
      return extended_code == SQLITE_CONSTRAINT_TRIGGER ? DbFault::rule : DbFault::constraint;
    case SQLITE_CANTOPEN: return DbFault::not_found;
    case SQLITE_INTERRUPT: return DbFault::interrupted;
    case SQLITE_PERM:
    case SQLITE_READONLY:
    case SQLITE_AUTH: return DbFault::not_permitted;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB: return DbFault::damaged;
    case SQLITE_FULL: return DbFault::full;
    default: return DbFault::io;
  }
}



// The column SQLite names in a constraint's message: "NOT NULL constraint failed: building.units"
// and "UNIQUE constraint failed: grid.code" name table.column, "CHECK constraint failed: units
// BETWEEN 1 AND 99" an expression whose first word is the column.
std::string constraint_column(std::string_view sqlite_message) {
  auto colon = sqlite_message.find(": ");
  if (colon == std::string_view::npos) return {};
  std::string_view rest = sqlite_message.substr(colon + 2);
  auto is_word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.'; };
  std::size_t begin = 0;
  while (begin < rest.size() && !is_word(rest[begin])) ++begin;
  std::size_t end = begin;
  while (end < rest.size() && is_word(rest[end])) ++end;
  std::string_view word = rest.substr(begin, end - begin);
  if (auto dot = word.rfind('.'); dot != std::string_view::npos) word.remove_prefix(dot + 1);
  return std::string(word);
}

// What a failed constraint means to the user, without SQL: a trigger's own rule text, or which
// column's value the data file refuses.
std::string constraint_message(int extended_code, const std::string& sqlite_message, const std::string& column) {
  switch (extended_code) {
    case SQLITE_CONSTRAINT_TRIGGER: return sqlite_message;  // RAISE(ABORT, 'rule')
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY: return constraint_text(ConstraintKind::unique, column);
    case SQLITE_CONSTRAINT_NOTNULL: return constraint_text(ConstraintKind::not_null, column);
    case SQLITE_CONSTRAINT_FOREIGNKEY: return constraint_text(ConstraintKind::foreign_key, column);
    default: return constraint_text(ConstraintKind::other, column);
  }
}

DbError sqlite_error(int extended_code, std::string message, std::string column = {}) {
  return DbError(fault_of(extended_code), extended_code, std::move(message), std::move(column));
}

void call_write_hook(void* hook, int, const char*, const char* table, sqlite3_int64) {
  (*static_cast<std::function<void(std::string_view)>*>(hook))(table);
}

SqlScalar scalar_of(sqlite3_value* v) {
  switch (sqlite3_value_type(v)) {
    case SQLITE_INTEGER: return sqlite3_value_int64(v);
    case SQLITE_FLOAT: return sqlite3_value_double(v);
    case SQLITE_NULL: return std::monostate{};
    default: {  // text, and a blob's bytes
      auto p = static_cast<const char*>(sqlite3_value_blob(v));
      return p ? std::string(p, static_cast<std::size_t>(sqlite3_value_bytes(v))) : std::string();
    }
  }
}

void call_function(sqlite3_context* c, int argc, sqlite3_value** argv) {
  auto* fn = static_cast<SqlFunction*>(sqlite3_user_data(c));
  std::vector<SqlScalar> args;
  args.reserve(static_cast<std::size_t>(argc));
  for (int i = 0; i < argc; ++i) args.push_back(scalar_of(argv[i]));
  try {
    SqlScalar r = (*fn)(args);
    if (auto* i = std::get_if<std::int64_t>(&r)) sqlite3_result_int64(c, *i);
    else if (auto* d = std::get_if<double>(&r)) sqlite3_result_double(c, *d);
    else if (auto* t = std::get_if<std::string>(&r))
      sqlite3_result_text64(c, t->data(), t->size(), SQLITE_TRANSIENT, SQLITE_UTF8);
    else sqlite3_result_null(c);
  } catch (const std::exception& e) {
    sqlite3_result_error(c, e.what(), -1);
  }
}

class SqliteConnection;

class SqliteStatement final : public Statement {
 public:
  SqliteStatement(SqliteConnection& conn, std::string_view sql);
  ~SqliteStatement() override { sqlite3_finalize(stmt_); }

  void bind_integer(int index, std::int64_t value) override { check(sqlite3_bind_int64(ready(), index, value)); }
  void bind_real(int index, double value) override { check(sqlite3_bind_double(ready(), index, value)); }
  void bind_text(int index, std::string_view value) override {
    check(sqlite3_bind_text64(ready(), index, value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
  }
  void bind_blob(int index, const void* data, int size) override {
    check(sqlite3_bind_blob(ready(), index, data, size, SQLITE_TRANSIENT));
  }
  void bind_null(int index) override { check(sqlite3_bind_null(ready(), index)); }

  bool step() override;
  void reset(bool clear) override {
    stepped_ = false;
    sqlite3_reset(stmt_);
    if (clear) sqlite3_clear_bindings(stmt_);
  }
  bool busy() const override { return sqlite3_stmt_busy(stmt_) != 0; }
  int column_count() const override { return sqlite3_column_count(stmt_); }
  ColumnType type(int col) const override {
    switch (sqlite3_column_type(stmt_, col)) {
      case SQLITE_NULL: return ColumnType::null;
      case SQLITE_INTEGER: return ColumnType::integer;
      case SQLITE_FLOAT: return ColumnType::real;
      case SQLITE_BLOB: return ColumnType::blob;
      default: return ColumnType::text;
    }
  }
  std::int64_t integer(int col) const override { return sqlite3_column_int64(stmt_, col); }
  double real(int col) const override { return sqlite3_column_double(stmt_, col); }
  std::string text(int col) const override {
    auto p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
    return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col))) : std::string();
  }
  std::string blob(int col) const override {
    auto p = static_cast<const char*>(sqlite3_column_blob(stmt_, col));
    return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col))) : std::string();
  }
  std::string column_name(int col) const override { return sqlite3_column_name(stmt_, col); }
  int parameter_count() const override { return sqlite3_bind_parameter_count(stmt_); }
  std::int64_t insert() override {
    while (step()) {
    }
    reset(false);
    return sqlite3_last_insert_rowid(sqlite3_db_handle(stmt_));
  }

 private:
  // A statement bound again starts afresh (SQLite refuses to bind one that is part-way or done).
  sqlite3_stmt* ready() {
    if (stepped_) sqlite3_reset(stmt_);
    stepped_ = false;
    return stmt_;
  }
  void check(int rc);

  SqliteConnection& conn_;
  sqlite3_stmt* stmt_ = nullptr;
  bool stepped_ = false;  // stepped since prepared or reset
};

class SqliteConnection final : public Connection {
 public:
  SqliteConnection(const std::string& path, bool create) : path_(path) {
    int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX;
    int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
    if (rc != SQLITE_OK) {
      std::string msg = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
      int ext = db_ ? sqlite3_extended_errcode(db_) : rc;
      sqlite3_close(db_);
      db_ = nullptr;
      throw sqlite_error(ext, fmt::format("{}: {}", path, msg));
    }
    sqlite3_extended_result_codes(db_, 1);
  }
  ~SqliteConnection() override { sqlite3_close(db_); }

  std::unique_ptr<Statement> prepare(std::string_view sql) override {
    return std::make_unique<SqliteStatement>(*this, sql);
  }

  void exec(std::string_view sql) override {
    check_interrupt();
    std::string s(sql);
    char* err = nullptr;
    int rc = sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
      sqlite3_free(err);
      fail(rc, sql);
    }
  }
  void exec_quietly(const char* sql) noexcept override { sqlite3_exec(db_, sql, nullptr, nullptr, nullptr); }
  bool in_transaction() override { return sqlite3_get_autocommit(db_) == 0; }
  void begin_write() override { exec("BEGIN IMMEDIATE"); }

  void on_write(std::function<void(std::string_view)>* hook) override {
    if (hook) sqlite3_update_hook(db_, call_write_hook, hook);
    else sqlite3_update_hook(db_, nullptr, nullptr);
  }
  void define_function(const std::string& name, int args, SqlFunction* fn, bool deterministic) override {
    int flags = SQLITE_UTF8 | (deterministic ? SQLITE_DETERMINISTIC : 0);
    int rc = fn ? sqlite3_create_function(db_, name.c_str(), args, flags, fn, call_function, nullptr, nullptr)
                : sqlite3_create_function(db_, name.c_str(), args, flags, nullptr, nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) fail(rc, name);
  }
  void interrupt() noexcept override { sqlite3_interrupt(db_); }
  void busy_timeout(int ms) override { sqlite3_busy_timeout(db_, ms); }

  int busy_statements() override {
    int n = 0;
    for (sqlite3_stmt* st = sqlite3_next_stmt(db_, nullptr); st; st = sqlite3_next_stmt(db_, st))
      n += sqlite3_stmt_busy(st) ? 1 : 0;
    return n;
  }
  void reset_statements() override {
    for (sqlite3_stmt* st = sqlite3_next_stmt(db_, nullptr); st; st = sqlite3_next_stmt(db_, st))
      if (sqlite3_stmt_busy(st)) sqlite3_reset(st);
  }

  void defer_foreign_keys() override { exec("PRAGMA defer_foreign_keys = ON"); }
  bool foreign_keys_pending() override {
    int current = 0, high = 0;
    sqlite3_db_status(db_, SQLITE_DBSTATUS_DEFERRED_FKS, &current, &high, 0);
    return current != 0;
  }
  int changes() override { return sqlite3_changes(db_); }
  const Dialect& dialect() const override { return sqlite_dialect(); }
  sqlite3* sqlite_handle() override { return db_; }

  [[noreturn]] void fail(int rc, std::string_view what);

 private:
  std::string path_;
  sqlite3* db_ = nullptr;
};

SqliteStatement::SqliteStatement(SqliteConnection& conn, std::string_view sql) : conn_(conn) {
  int rc = sqlite3_prepare_v3(conn.sqlite_handle(), sql.data(), static_cast<int>(sql.size()),
                              SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr);
  if (rc != SQLITE_OK) conn.fail(rc, sql);
}

void SqliteStatement::check(int rc) {
  if (rc != SQLITE_OK) conn_.fail(rc, "bind");
}

bool SqliteStatement::step() {
  check_interrupt();
  stepped_ = true;
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  std::string sql = sqlite3_sql(stmt_) ? sqlite3_sql(stmt_) : "";
  sqlite3_reset(stmt_);
  conn_.fail(rc, sql);
}

void SqliteConnection::fail(int rc, std::string_view what) {
  int ext = sqlite3_extended_errcode(db_);
  if ((ext & 0xff) != (rc & 0xff)) ext = rc;
  // A full disk (SQLite reports some cases as an I/O error) and an interruption are said as such.
  if ((ext & 0xff) == SQLITE_FULL || ((ext & 0xff) == SQLITE_IOERR && sqlite3_system_errno(db_) == ENOSPC))
    throw sqlite_error(SQLITE_FULL, fmt::format("{}: {}", absolute_path(path_), tr("disk full", "磁盘已满")));
  if ((ext & 0xff) == SQLITE_INTERRUPT || interrupt_signal() != 0)
    throw sqlite_error(SQLITE_INTERRUPT, std::string(tr("interrupted", "已中断")));
  std::string msg = sqlite3_errmsg(db_);
  if ((ext & 0xff) == SQLITE_CONSTRAINT) {  // said without SQL: the generic path names the field
    std::string column = constraint_column(msg);
    throw sqlite_error(ext, constraint_message(ext, msg, column), column);
  }
  // Said in the user's words with the file's path; SQLite's own text only where nothing plainer fits.
  switch (ext & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      throw sqlite_error(ext, tr_format("{}: the data file is busy", "{}：数据文件正忙", absolute_path(path_)));
    case SQLITE_READONLY:
      throw sqlite_error(ext, tr_format("{}: the data file cannot be written (read-only)",
                                        "{}：数据文件无法写入（只读）", absolute_path(path_)));
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      throw sqlite_error(ext, tr_format("{}: the data file is damaged ({})", "{}：数据文件已损坏（{}）",
                                        absolute_path(path_), msg));
    default: break;
  }
  std::string context(what.substr(0, 200));
  throw sqlite_error(ext, fmt::format("{}: {}{}", path_, msg, context.empty() ? "" : fmt::format(" (in: {})", context)));
}

}  // namespace

std::unique_ptr<Connection> open_sqlite(const std::string& path, bool create) {
  return std::make_unique<SqliteConnection>(path, create);
}

std::string sqlite_version() { return std::string("SQLite ") + sqlite3_libversion(); }

[[noreturn]] void sqlite_fail(Connection& conn, int rc, std::string_view what) {
  static_cast<SqliteConnection&>(conn).fail(rc, what);
}

}  // namespace shequ::engine
