#include "db.h"

#include <cctype>

#include <fmt/format.h>

#include <cerrno>

#include "i18n.h"
#include "interrupt.h"
#include "paths.h"

namespace shequ {
namespace {

Exit exit_for(int extended_code) {
  switch (extended_code & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Exit::busy;
    case SQLITE_CONSTRAINT:
      // A duplicate or a trigger's rule refuses; a missing or out-of-range value is bad data.
      if (extended_code == SQLITE_CONSTRAINT_UNIQUE || extended_code == SQLITE_CONSTRAINT_PRIMARYKEY ||
          extended_code == SQLITE_CONSTRAINT_TRIGGER)
        return Exit::refused;
      return Exit::data;
    case SQLITE_CANTOPEN:
      return Exit::not_found;
    case SQLITE_INTERRUPT:
      return Exit::interrupted;
    case SQLITE_PERM:
    case SQLITE_READONLY:
    case SQLITE_AUTH:
      return Exit::not_permitted;
    default:
      return Exit::io;  // corrupt, notadb, ioerr, full, …
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
      return fmt::format(fmt::runtime(tr("{}: this value is already used by another record", "{}：该值已被另一条记录使用")),
                         subject);
    case SQLITE_CONSTRAINT_NOTNULL:
      return fmt::format(fmt::runtime(tr("{}: is required", "{}：必填")), subject);
    case SQLITE_CONSTRAINT_FOREIGNKEY:
      return std::string(tr("a reference names a record that does not exist", "引用的记录不存在"));
    default:
      return fmt::format(fmt::runtime(tr("{}: the value is out of the allowed range", "{}：取值超出允许范围")),
                         subject);
  }
}

}  // namespace

DbError::DbError(int extended_code, std::string message, std::string column)
    : Error(exit_for(extended_code), std::move(message), hint_for(extended_code)),
      extended_code_(extended_code), column_(std::move(column)) {}

// ---- Stmt ----

Stmt::Stmt(Db& db, std::string_view sql) : db_(&db) {
  int rc = sqlite3_prepare_v3(db.handle(), sql.data(), static_cast<int>(sql.size()),
                              SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr);
  if (rc != SQLITE_OK) db.fail(rc, sql);
}

Stmt::~Stmt() { sqlite3_finalize(stmt_); }

Stmt::Stmt(Stmt&& other) noexcept : db_(other.db_), stmt_(other.stmt_) { other.stmt_ = nullptr; }

Stmt& Stmt::bind(int index, std::int64_t value) {
  int rc = sqlite3_bind_int64(stmt_, index, value);
  if (rc != SQLITE_OK) db_->fail(rc, "bind");
  return *this;
}
Stmt& Stmt::bind(int index, double value) {
  int rc = sqlite3_bind_double(stmt_, index, value);
  if (rc != SQLITE_OK) db_->fail(rc, "bind");
  return *this;
}
Stmt& Stmt::bind(int index, std::string_view value) {
  int rc = sqlite3_bind_text64(stmt_, index, value.data(), value.size(), SQLITE_TRANSIENT,
                               SQLITE_UTF8);
  if (rc != SQLITE_OK) db_->fail(rc, "bind");
  return *this;
}
Stmt& Stmt::bind(int index, std::nullptr_t) {
  int rc = sqlite3_bind_null(stmt_, index);
  if (rc != SQLITE_OK) db_->fail(rc, "bind");
  return *this;
}
Stmt& Stmt::bind_blob(int index, const void* data, int size) {
  int rc = sqlite3_bind_blob(stmt_, index, data, size, SQLITE_TRANSIENT);
  if (rc != SQLITE_OK) db_->fail(rc, "bind");
  return *this;
}

bool Stmt::step() {
  check_interrupt();
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
}

void Stmt::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

int Stmt::column_count() const { return sqlite3_column_count(stmt_); }
bool Stmt::is_null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
int Stmt::type(int col) const { return sqlite3_column_type(stmt_, col); }
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
std::string Stmt::column_name(int col) const { return sqlite3_column_name(stmt_, col); }

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
  register_connection(db_);
}

Db::~Db() {
  unregister_connection(db_);
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
      throw DbError(ext, fmt::format(fmt::runtime(tr("{}: the data file is busy", "{}：数据文件正忙")), absolute_path(path_)));
    case SQLITE_READONLY:
      throw DbError(ext, fmt::format(fmt::runtime(tr("{}: the data file cannot be written (read-only)",
                                                     "{}：数据文件无法写入（只读）")), absolute_path(path_)));
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      throw DbError(ext, fmt::format(fmt::runtime(tr("{}: the data file is damaged ({})", "{}：数据文件已损坏（{}）")),
                                     absolute_path(path_), msg));
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

Stmt& Db::cached(const std::string& sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end()) it = cache_.emplace(sql, std::make_unique<Stmt>(*this, sql)).first;
  it->second->reset();
  return *it->second;
}

std::int64_t Db::scalar(std::string_view sql, std::int64_t fallback) {
  Stmt st(*this, sql);
  if (!st.step() || st.is_null(0)) return fallback;
  return st.integer(0);
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
  sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
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
