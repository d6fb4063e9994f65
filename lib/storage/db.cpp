#include "storage/db.h"

#include <utility>

#include <fmt/format.h>

#include "core/i18n.h"
#include "io/interrupt.h"
#include "storage/engine.h"

namespace shequ {
namespace {

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

std::string hint_for(DbFault fault) {
  switch (fault) {
    case DbFault::busy:
      return std::string(tr("another shequ process is writing; try again in a moment",
                            "另一个 shequ 进程正在写入；请稍后重试"));
    case DbFault::damaged:
      return std::string(tr("run `shequ check`; restore from a file made by `shequ backup`",
                            "请运行 `shequ check`；可用 `shequ backup` 生成的备份恢复"));
    case DbFault::full:
      return std::string(tr("free some space on that disk and run the command again; nothing was changed",
                            "请在该磁盘上腾出空间后重新运行；未做任何改动"));
    default:
      return {};
  }
}

}  // namespace

DbError::DbError(DbFault fault, int extended_code, std::string message, std::string column)
    : Error(exit_for(fault), std::move(message), hint_for(fault)),
      fault_(fault), extended_code_(extended_code), column_(std::move(column)) {}

namespace engine {
std::string constraint_text(ConstraintKind kind, const std::string& column) {
  std::string subject = column.empty() ? std::string(tr("a value", "某个值")) : column;
  switch (kind) {
    case ConstraintKind::unique:
      return tr_format("{}: this value is already used by another record", "{}：该值已被另一条记录使用", subject);
    case ConstraintKind::not_null: return tr_format("{}: is required", "{}：必填", subject);
    case ConstraintKind::foreign_key:
      return std::string(tr("a reference names a record that does not exist", "引用的记录不存在"));
    default: return tr_format("{}: the value is out of the allowed range", "{}：取值超出允许范围", subject);
  }
}
namespace {
// The default bulk load: one INSERT, prepared once and run per row.
class InsertLoad final : public BulkLoad {
 public:
  InsertLoad(Connection& conn, const std::string& table, const std::vector<std::string>& columns) {
    std::string names, marks;
    for (size_t i = 0; i < columns.size(); ++i) {
      names += (i ? ", " : "") + columns[i];
      marks += fmt::format("{}?{}", i ? ", " : "", i + 1);
    }
    st_ = conn.prepare(fmt::format("INSERT INTO {} ({}) VALUES ({})", table, names, marks));
  }
  void null() override { st_->bind_null(++at_); }
  void integer(std::int64_t v) override { st_->bind_integer(++at_, v); }
  void real(double v) override { st_->bind_real(++at_, v); }
  void text(std::string_view v) override { st_->bind_text(++at_, v); }
  void blob(std::string_view b) override { st_->bind_blob(++at_, b.data(), static_cast<int>(b.size())); }
  void end_row() override {
    while (st_->step()) {
    }
    st_->reset(true);
    at_ = 0;
  }
  void finish() override {}

 private:
  std::unique_ptr<Statement> st_;
  int at_ = 0;
};
}  // namespace

std::unique_ptr<BulkLoad> Connection::bulk_load(const std::string& table, const std::vector<std::string>& columns) {
  return std::make_unique<InsertLoad>(*this, table, columns);
}
}  // namespace engine

// ---- Stmt ----

Stmt::Stmt(Db& db, std::string_view sql) : impl_(db.connection().prepare(sql)) {}
Stmt::~Stmt() = default;
Stmt::Stmt(Stmt&& other) noexcept = default;

Stmt& Stmt::bind(int index, std::int64_t value) {
  impl_->bind_integer(index, value);
  return *this;
}
Stmt& Stmt::bind(int index, double value) {
  impl_->bind_real(index, value);
  return *this;
}
Stmt& Stmt::bind(int index, std::string_view value) {
  impl_->bind_text(index, value);
  return *this;
}
Stmt& Stmt::bind(int index, std::nullptr_t) {
  impl_->bind_null(index);
  return *this;
}
Stmt& Stmt::bind_blob(int index, const void* data, int size) {
  impl_->bind_blob(index, data, size);
  return *this;
}

bool Stmt::step() { return impl_->step(); }

void Stmt::run() {
  while (step()) {
  }
  impl_->reset(false);
}

std::int64_t Stmt::insert() { return impl_->insert(); }

void Stmt::reset() { impl_->reset(true); }

int Stmt::column_count() const { return impl_->column_count(); }
bool Stmt::is_null(int col) const { return impl_->type(col) == ColumnType::null; }
ColumnType Stmt::type(int col) const { return impl_->type(col); }
std::int64_t Stmt::integer(int col) const { return impl_->integer(col); }
double Stmt::real(int col) const { return impl_->real(col); }
std::string Stmt::text(int col) const { return impl_->text(col); }
std::optional<std::string> Stmt::opt_text(int col) const {
  if (is_null(col)) return std::nullopt;
  return text(col);
}
std::string Stmt::blob(int col) const { return impl_->blob(col); }
std::string Stmt::column_name(int col) const { return impl_->column_name(col); }
int Stmt::parameter_count() const { return impl_->parameter_count(); }

// ---- Db ----

Db::Db(const std::string& location, bool create)
    : location_(location),
      path_(is_server_url(location) ? engine::redacted_url(location) : location),
      on_server_(is_server_url(location)),
      conn_(on_server_ ? engine::open_postgres(location) : engine::open_sqlite(location, create)) {
  register_connection(this);
}

Db::~Db() {
  unregister_connection(this);
  cache_.clear();
}

const Dialect& Db::dialect() const { return conn_->dialect(); }

std::unique_ptr<Db> Db::another() const {
  auto db = std::make_unique<Db>(location_, false);
  db->set_operator(session_role_, operator_role_);
  return db;
}

void Db::set_operator(std::string session_role, std::string operator_role) {
  session_role_ = std::move(session_role);
  operator_role_ = std::move(operator_role);
  unreadable_.clear();
}

const std::set<std::string>& Db::unreadable(const std::string& table) {
  static const std::set<std::string> none;
  if (!on_server_ || operator_role_.empty() || operator_role_ == "coordinator") return none;
  auto it = unreadable_.find(table);
  if (it == unreadable_.end()) {
    std::set<std::string> cols;
    Stmt st(*this, "SELECT a.attname FROM pg_attribute a WHERE a.attrelid = to_regclass(?1) AND a.attnum > 0 "
                   "AND NOT a.attisdropped AND NOT has_column_privilege(a.attrelid, a.attnum, 'SELECT')");
    st.bind(1, table);
    while (st.step()) cols.insert(st.text(0));
    it = unreadable_.emplace(table, std::move(cols)).first;
  }
  return it->second;
}

bool Db::can_read(const std::string& table, const std::string& column) { return !unreadable(table).count(column); }
sqlite3* Db::handle() { return conn_->sqlite_handle(); }
void Db::fail(int rc, std::string_view what) { engine::sqlite_fail(*conn_, rc, what); }

void Db::exec(std::string_view sql) { conn_->exec(sql); }
void Db::defer_inserts(bool on) { conn_->defer_inserts(on); }
void Db::send_deferred() { conn_->send_deferred(); }
void Db::mark(std::int64_t tag) { conn_->mark(tag); }
void Db::exec_quietly(const char* sql) noexcept { conn_->exec_quietly(sql); }
bool Db::in_transaction() { return conn_->in_transaction(); }

void Db::on_write(std::function<void(std::string_view table)> hook) {
  write_hook_ = std::move(hook);
  conn_->on_write(write_hook_ ? &write_hook_ : nullptr);
}

void Db::define_function(const std::string& name, int args, SqlFunction fn, bool deterministic) {
  if (fn) {
    auto& slot = functions_[name];
    slot = std::make_unique<SqlFunction>(std::move(fn));
    conn_->define_function(name, args, slot.get(), deterministic);
  } else {
    conn_->define_function(name, args, nullptr, deterministic);
    functions_.erase(name);
  }
}

void Db::interrupt() noexcept { conn_->interrupt(); }
void Db::busy_timeout(int ms) { conn_->busy_timeout(ms); }
std::string Db::engine_version() { return engine::sqlite_version(); }
int Db::busy_statements() { return conn_->busy_statements(); }
void Db::reset_statements() { conn_->reset_statements(); }

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

void Db::defer_foreign_keys() { conn_->defer_foreign_keys(); }
bool Db::foreign_keys_pending() { return conn_->foreign_keys_pending(); }
int Db::changes() const { return conn_->changes(); }

// ---- Txn ----

Txn::Txn(Db& db) : db_(db) { db_.connection().begin_write(); }

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

Tentative::Tentative(Db& db) : db_(db) {
  if (db_.on_server()) db_.exec("SAVEPOINT shequ_step");
}
Tentative::~Tentative() {
  if (done_ || !db_.on_server()) return;
  try {
    db_.exec("ROLLBACK TO SAVEPOINT shequ_step; RELEASE SAVEPOINT shequ_step");
  } catch (...) {  // the connection is gone: the write's own rollback reports it
  }
}
void Tentative::keep() {
  if (!done_ && db_.on_server()) db_.exec("RELEASE SAVEPOINT shequ_step");
  done_ = true;
}

BulkInsert::BulkInsert(Db& db, const std::string& table, const std::vector<std::string>& columns)
    : impl_(db.connection().bulk_load(table, columns)) {}
BulkInsert::~BulkInsert() = default;
BulkInsert& BulkInsert::values_of(const Stmt& from) {
  for (int c = 0; c < from.column_count(); ++c) {
    switch (from.type(c)) {
      case ColumnType::null: impl_->null(); break;
      case ColumnType::integer: impl_->integer(from.integer(c)); break;
      case ColumnType::real: impl_->real(from.real(c)); break;
      case ColumnType::text: impl_->text(from.text(c)); break;
      case ColumnType::blob: impl_->blob(from.blob(c)); break;
    }
  }
  return *this;
}
BulkInsert& BulkInsert::value(std::int64_t v) {
  impl_->integer(v);
  return *this;
}
BulkInsert& BulkInsert::value(std::string_view v) {
  impl_->text(v);
  return *this;
}
BulkInsert& BulkInsert::value(std::nullptr_t) {
  impl_->null();
  return *this;
}
void BulkInsert::end_row() {
  impl_->end_row();
  ++rows_;
}
void BulkInsert::finish() { impl_->finish(); }

}  // namespace shequ
