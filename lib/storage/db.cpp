#include "storage/db.h"

#include <sqlite3.h>

#include <cctype>
#include <utility>

#include <fmt/format.h>

#include <cerrno>

#include "core/i18n.h"
#include "io/interrupt.h"
#include "io/paths.h"

namespace shequ {
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

Exit exit_for(DbFault fault) {
  switch (fault) {
    case DbFault::busy: return Exit::busy;
    // A duplicate or a trigger's rule refuses; a missing or out-of-range value is bad data.
    case DbFault::duplicate:
    case DbFault::rule: return Exit::refused;
    case DbFault::constraint: return Exit::data;
    case DbFault::not_found: return Exit::not_found;
    case DbFault::interrupted: return Exit::interrupted;
    case DbFault::not_permitted: return Exit::not_permitted;
    default: return Exit::io;  // damaged, full, I/O
  }
}

std::string hint_for(int extended_code) {
  switch (extended_code & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return std::string(tr("another shequ process is writing; try again in a moment",
                            "另一个 shequ 进程正在写入；请稍后重试"));
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return std::string(tr("run `shequ check`; restore from a file made by `shequ backup`",
                            "请运行 `shequ check`；可用 `shequ backup` 生成的备份恢复"));
    case SQLITE_FULL:
      return std::string(tr("free some space on that disk and run the command again; nothing was changed",
                            "请在该磁盘上腾出空间后重新运行；未做任何改动"));
    default:
      return {};
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
  if (extended_code == SQLITE_CONSTRAINT_TRIGGER) return sqlite_message;  // RAISE(ABORT, 'rule')
  std::string subject = column.empty() ? std::string(tr("a value", "某个值")) : column;
  switch (extended_code) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      return tr_format("{}: this value is already used by another record", "{}：该值已被另一条记录使用", subject);
    case SQLITE_CONSTRAINT_NOTNULL:
      return tr_format("{}: is required", "{}：必填", subject);
    case SQLITE_CONSTRAINT_FOREIGNKEY:
      return std::string(tr("a reference names a record that does not exist", "引用的记录不存在"));
    default:
      return tr_format("{}: the value is out of the allowed range", "{}：取值超出允许范围", subject);
  }
}

}  // namespace

DbError::DbError(int extended_code, std::string message, std::string column)
    : Error(exit_for(fault_of(extended_code)), std::move(message), hint_for(extended_code)),
      fault_(fault_of(extended_code)), extended_code_(extended_code), column_(std::move(column)) {}

// ---- Stmt ----

Stmt::Stmt(Db& db, std::string_view sql) : db_(&db) {
  int rc = sqlite3_prepare_v3(db.handle(), sql.data(), static_cast<int>(sql.size()),
                              SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr);
  if (rc != SQLITE_OK) db.fail(rc, sql);
}

Stmt::~Stmt() { sqlite3_finalize(stmt_); }

Stmt::Stmt(Stmt&& other) noexcept : db_(other.db_), stmt_(other.stmt_), stepped_(other.stepped_) { other.stmt_ = nullptr; }

// A statement bound again starts afresh (SQLite refuses to bind one that is part-way or done).
void Stmt::ready_to_bind() {
  if (stepped_) sqlite3_reset(stmt_);
  stepped_ = false;
}

Stmt& Stmt::bind(int index, std::int64_t value) {
  ready_to_bind();
  int rc = sqlite3_bind_int64(stmt_, index, value);
  if (rc != SQLITE_OK) db_->fail(rc, "bind");
  return *this;
}
Stmt& Stmt::bind(int index, double value) {
  ready_to_bind();
  int rc = sqlite3_bind_double(stmt_, index, value);
  if (rc != SQLITE_OK) db_->fail(rc, "bind");
  return *this;
}
Stmt& Stmt::bind(int index, std::string_view value) {
  ready_to_bind();
  int rc = sqlite3_bind_text64(stmt_, index, value.data(), value.size(), SQLITE_TRANSIENT,
                               SQLITE_UTF8);
  if (rc != SQLITE_OK) db_->fail(rc, "bind");
  return *this;
}
Stmt& Stmt::bind(int index, std::nullptr_t) {
  ready_to_bind();
  int rc = sqlite3_bind_null(stmt_, index);
  if (rc != SQLITE_OK) db_->fail(rc, "bind");
  return *this;
}
Stmt& Stmt::bind_blob(int index, const void* data, int size) {
  ready_to_bind();
  int rc = sqlite3_bind_blob(stmt_, index, data, size, SQLITE_TRANSIENT);
  if (rc != SQLITE_OK) db_->fail(rc, "bind");
  return *this;
}

bool Stmt::step() {
  check_interrupt();
  stepped_ = true;
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  std::string sql = sqlite3_sql(stmt_) ? sqlite3_sql(stmt_) : "";
  sqlite3_reset(stmt_);
  db_->fail(rc, sql);
}

void Stmt::run() {
  while (step()) {
  }
  sqlite3_reset(stmt_);
  stepped_ = false;
}

void Stmt::reset() {
  stepped_ = false;
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

int Stmt::column_count() const { return sqlite3_column_count(stmt_); }
bool Stmt::is_null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
ColumnType Stmt::type(int col) const {
  switch (sqlite3_column_type(stmt_, col)) {
    case SQLITE_NULL: return ColumnType::null;
    case SQLITE_INTEGER: return ColumnType::integer;
    case SQLITE_FLOAT: return ColumnType::real;
    case SQLITE_BLOB: return ColumnType::blob;
    default: return ColumnType::text;
  }
}
std::int64_t Stmt::integer(int col) const { return sqlite3_column_int64(stmt_, col); }
double Stmt::real(int col) const { return sqlite3_column_double(stmt_, col); }
std::string Stmt::text(int col) const {
  auto p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
  return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col)))
           : std::string();
}
std::optional<std::string> Stmt::opt_text(int col) const {
  if (is_null(col)) return std::nullopt;
  return text(col);
}
std::string Stmt::blob(int col) const {
  auto p = static_cast<const char*>(sqlite3_column_blob(stmt_, col));
  return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col))) : std::string();
}
std::string Stmt::column_name(int col) const { return sqlite3_column_name(stmt_, col); }
int Stmt::parameter_count() const { return sqlite3_bind_parameter_count(stmt_); }

// ---- Db ----

Db::Db(const std::string& path, bool create) : path_(path) {
  int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX;
  int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    int ext = db_ ? sqlite3_extended_errcode(db_) : rc;
    sqlite3_close(db_);
    db_ = nullptr;
    throw DbError(ext, fmt::format("{}: {}", path, msg));
  }
  sqlite3_extended_result_codes(db_, 1);
  register_connection(this);
}

Db::~Db() {
  unregister_connection(this);
  cache_.clear();
  sqlite3_close(db_);
}

void Db::fail(int rc, std::string_view what) {
  int ext = sqlite3_extended_errcode(db_);
  if ((ext & 0xff) != (rc & 0xff)) ext = rc;
  // A full disk (SQLite reports some cases as an I/O error) and an interruption are said as such.
  if ((ext & 0xff) == SQLITE_FULL || ((ext & 0xff) == SQLITE_IOERR && sqlite3_system_errno(db_) == ENOSPC))
    throw DbError(SQLITE_FULL, fmt::format("{}: {}", absolute_path(path_), tr("disk full", "磁盘已满")));
  if ((ext & 0xff) == SQLITE_INTERRUPT || interrupt_signal() != 0)
    throw DbError(SQLITE_INTERRUPT, std::string(tr("interrupted", "已中断")));
  std::string msg = sqlite3_errmsg(db_);
  if ((ext & 0xff) == SQLITE_CONSTRAINT) {  // said without SQL: the generic path names the field
    std::string column = constraint_column(msg);
    throw DbError(ext, constraint_message(ext, msg, column), column);
  }
  // Said in the user's words with the file's path; SQLite's own text only where nothing plainer fits.
  switch (ext & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      throw DbError(ext, tr_format("{}: the data file is busy", "{}：数据文件正忙", absolute_path(path_)));
    case SQLITE_READONLY:
      throw DbError(ext, tr_format("{}: the data file cannot be written (read-only)", "{}：数据文件无法写入（只读）",
                                   absolute_path(path_)));
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      throw DbError(
          ext, tr_format("{}: the data file is damaged ({})", "{}：数据文件已损坏（{}）", absolute_path(path_), msg));
    default: break;
  }
  std::string context(what.substr(0, 200));
  throw DbError(ext, fmt::format("{}: {}{}", path_, msg,
                                 context.empty() ? "" : fmt::format(" (in: {})", context)));
}

void Db::exec(std::string_view sql) {
  check_interrupt();
  std::string s(sql);
  char* err = nullptr;
  int rc = sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    sqlite3_free(err);
    fail(rc, sql);
  }
}

void Db::exec_quietly(const char* sql) noexcept { sqlite3_exec(db_, sql, nullptr, nullptr, nullptr); }

bool Db::in_transaction() { return sqlite3_get_autocommit(db_) == 0; }

namespace {
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
}  // namespace

void Db::on_write(std::function<void(std::string_view table)> hook) {
  write_hook_ = std::move(hook);
  if (write_hook_) sqlite3_update_hook(db_, call_write_hook, &write_hook_);
  else sqlite3_update_hook(db_, nullptr, nullptr);
}

void Db::define_function(const std::string& name, int args, SqlFunction fn, bool deterministic) {
  int flags = SQLITE_UTF8 | (deterministic ? SQLITE_DETERMINISTIC : 0);
  int rc;
  if (fn) {
    auto& slot = functions_[name];
    slot = std::make_unique<SqlFunction>(std::move(fn));
    rc = sqlite3_create_function(db_, name.c_str(), args, flags, slot.get(), call_function, nullptr, nullptr);
  } else {
    rc = sqlite3_create_function(db_, name.c_str(), args, flags, nullptr, nullptr, nullptr, nullptr);
    functions_.erase(name);
  }
  if (rc != SQLITE_OK) fail(rc, name);
}

void Db::interrupt() noexcept { sqlite3_interrupt(db_); }

void Db::busy_timeout(int ms) { sqlite3_busy_timeout(db_, ms); }

std::string Db::engine_version() { return std::string("SQLite ") + sqlite3_libversion(); }

int Db::busy_statements() {
  int n = 0;
  for (sqlite3_stmt* st = sqlite3_next_stmt(handle(), nullptr); st; st = sqlite3_next_stmt(handle(), st))
    n += sqlite3_stmt_busy(st) ? 1 : 0;
  return n;
}

void Db::reset_statements() {
  for (sqlite3_stmt* st = sqlite3_next_stmt(handle(), nullptr); st; st = sqlite3_next_stmt(handle(), st))
    if (sqlite3_stmt_busy(st)) sqlite3_reset(st);
}

CachedStmt Db::cached(const std::string& sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end()) it = cache_.emplace(sql, Cached{std::make_unique<Stmt>(*this, sql)}).first;
  if (it->second.lent) return CachedStmt(std::make_unique<Stmt>(*this, sql));
  it->second.stmt->reset();
  return CachedStmt(*it->second.stmt, it->second.lent);
}

// ---- CachedStmt ----

CachedStmt::CachedStmt(Stmt& shared, bool& lent) : st_(&shared), lent_(&lent) { lent = true; }
CachedStmt::CachedStmt(std::unique_ptr<Stmt> own) : st_(own.get()), own_(std::move(own)) {}
CachedStmt::CachedStmt(CachedStmt&& other) noexcept
    : st_(other.st_), lent_(std::exchange(other.lent_, nullptr)), own_(std::move(other.own_)) {
  other.st_ = nullptr;
}
CachedStmt::~CachedStmt() {
  if (!st_) return;
  if (lent_) {
    st_->reset();
    *lent_ = false;
  }
}

std::int64_t Db::scalar(std::string_view sql, std::int64_t fallback) {
  Stmt st(*this, sql);
  if (!st.step() || st.is_null(0)) return fallback;
  return st.integer(0);
}

void Db::defer_foreign_keys() { exec("PRAGMA defer_foreign_keys = ON"); }

bool Db::foreign_keys_pending() {
  int current = 0, high = 0;
  sqlite3_db_status(db_, SQLITE_DBSTATUS_DEFERRED_FKS, &current, &high, 0);
  return current != 0;
}

std::int64_t Db::last_insert_id() const { return sqlite3_last_insert_rowid(db_); }
int Db::changes() const { return sqlite3_changes(db_); }

// ---- Txn ----

Txn::Txn(Db& db) : db_(db) { db_.exec("BEGIN IMMEDIATE"); }

Txn::~Txn() {
  if (done_) return;
  // An interrupted connection stays interrupted while a statement is part-way through its rows;
  // ending them lets the ROLLBACK itself run.
  db_.reset_statements();
  db_.exec_quietly("ROLLBACK");
}

void Txn::commit() {
  // A cached statement is reset only when next used; one left on a row keeps the connection
  // reading at its old snapshot after COMMIT, and a WAL that a reader still uses is never
  // checkpointed from its start: `init --sample` of a district grew it to 33 GB.
  db_.reset_statements();
  db_.exec("COMMIT");
  done_ = true;
}

}  // namespace shequ
