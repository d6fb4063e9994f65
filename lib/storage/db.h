// The storage layer's boundary: connection, prepared statement, writer's transaction, and the
// errors they raise, on SQLite (a data file) or PostgreSQL (a server, "postgresql://…"). Nothing
// outside lib/storage/ includes sqlite3.h or libpq-fe.h: the domain sees these types only.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/error.h"

struct sqlite3;

namespace shequ {

class Dialect;
namespace engine {
class Statement;
class Connection;
class BulkLoad;
}  // namespace engine

/// What went wrong in the database, whichever engine said it.
enum class DbFault {
  busy,           // another writer holds the file or row
  interrupted,    // Ctrl-C
  constraint,     // a value the schema refuses: NOT NULL, CHECK, a foreign key
  duplicate,      // UNIQUE or PRIMARY KEY
  rule,           // a trigger's rule (RAISE)
  not_found,      // the file cannot be opened
  not_permitted,  // read-only, no permission
  damaged,        // not a database, or its structure is broken
  full,           // the disk is full
  io,             // anything else
};

/// A failed database call: the portable fault, and the engine's own code kept for messages
/// (SQLite's extended result code; on PostgreSQL 0, the SQLSTATE being in the message).
/// The exit code follows from the fault (busy → 75, interrupted → 130, damaged or unreadable
/// file → 74, a full disk → 74 "disk full", a value the schema refuses → 65, a duplicate or a
/// trigger's rule → 1, anything else → 74 as an I/O failure).
class DbError : public Error {
 public:
  DbError(DbFault fault, int extended_code, std::string message, std::string column = {});
  DbFault fault() const { return fault_; }
  int extended_code() const { return extended_code_; }
  /// A failed constraint (NOT NULL, CHECK, UNIQUE, FOREIGN KEY, a trigger's RAISE).
  bool is_constraint() const {
    return fault_ == DbFault::constraint || fault_ == DbFault::duplicate || fault_ == DbFault::rule;
  }
  /// The column a failed constraint guards, as the engine names it ("units"), or "".
  const std::string& column() const { return column_; }
  /// The mark (Db::mark) of the held-back row the server refused (Db::defer_inserts), or 0.
  std::int64_t tag() const { return tag_; }
  void set_tag(std::int64_t tag) { tag_ = tag; }

 private:
  DbFault fault_;
  int extended_code_;
  std::string column_;
  std::int64_t tag_ = 0;
};

/// Whether `location` names a PostgreSQL server ("postgresql://…", "postgres://…") rather than a file.
bool is_server_url(std::string_view location);

/// The type of a result column's value in the current row.
enum class ColumnType { null, integer, real, text, blob };

class Db;

/// A value passed to or returned by an SQL function shequ defines (Db::define_function).
using SqlScalar = std::variant<std::monostate, std::int64_t, double, std::string>;
using SqlFunction = std::function<SqlScalar(const std::vector<SqlScalar>& args)>;

/// A prepared statement, finalised on destruction. Values are always bound, never spliced.
class Stmt {
 public:
  Stmt(Db& db, std::string_view sql);
  ~Stmt();
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  Stmt(Stmt&& other) noexcept;

  /// Binds a value to the 1-based parameter index. Binding a statement part-way through its
  /// rows, or run to its end, starts it afresh: a statement is reused by binding it again.
  Stmt& bind(int index, std::int64_t value);
  Stmt& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
  Stmt& bind(int index, double value);
  Stmt& bind(int index, std::string_view value);
  Stmt& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
  Stmt& bind(int index, const std::string& value) { return bind(index, std::string_view(value)); }
  Stmt& bind(int index, std::nullptr_t);
  template <class T>
  Stmt& bind(int index, const std::optional<T>& value) {
    return value ? bind(index, *value) : bind(index, nullptr);
  }
  Stmt& bind_blob(int index, const void* data, int size);
  /// Binds all arguments from index 1 on.
  template <class... A>
  Stmt& bind_all(const A&... args) {
    int i = 0;
    (bind(++i, args), ...);
    return *this;
  }

  /// Steps once; true while a row is available.
  bool step();
  /// Steps to completion, expecting no rows; the statement is then ready to run again.
  void run();
  /// Runs an INSERT of one row into a table keyed by `id` (not an INSERT … SELECT) and returns
  /// the new row's id: on a server in the same round trip (RETURNING id).
  std::int64_t insert();
  /// Ends the statement's reads and clears its values (for the storage layer: callers let a
  /// CachedStmt or the Stmt's own end do it).
  void reset();

  int column_count() const;
  bool is_null(int col) const;
  ColumnType type(int col) const;
  std::int64_t integer(int col) const;
  double real(int col) const;
  std::string text(int col) const;
  std::optional<std::string> opt_text(int col) const;
  /// A blob column's bytes (or a text column's).
  std::string blob(int col) const;
  std::string column_name(int col) const;
  /// How many parameters the statement takes (the highest ?N).
  int parameter_count() const;

 private:
  std::unique_ptr<engine::Statement> impl_;
};

/// A statement from Db::cached(), lent for one use: when the lease ends, the statement is reset
/// (its reads end, its values are cleared), so no cached statement keeps the file's snapshot
/// open after its caller is done with it (a WAL a reader still uses is never checkpointed from
/// its start). Leased again while lent — the same SQL in a nested call — it lends a statement
/// of its own instead. Reads as a Stmt.
class CachedStmt {
 public:
  CachedStmt(Stmt& shared, bool& lent);
  CachedStmt(std::unique_ptr<Stmt> own);
  ~CachedStmt();
  CachedStmt(const CachedStmt&) = delete;
  CachedStmt& operator=(const CachedStmt&) = delete;
  CachedStmt(CachedStmt&& other) noexcept;

  operator Stmt&() { return *st_; }
  template <class... A>
  CachedStmt& bind(A&&... args) {
    st_->bind(std::forward<A>(args)...);
    return *this;
  }
  template <class... A>
  CachedStmt& bind_all(const A&... args) {
    st_->bind_all(args...);
    return *this;
  }
  CachedStmt& bind_blob(int index, const void* data, int size) {
    st_->bind_blob(index, data, size);
    return *this;
  }
  bool step() { return st_->step(); }
  void run() { st_->run(); }
  std::int64_t insert() { return st_->insert(); }
  int column_count() const { return st_->column_count(); }
  bool is_null(int col) const { return st_->is_null(col); }
  ColumnType type(int col) const { return st_->type(col); }
  std::int64_t integer(int col) const { return st_->integer(col); }
  double real(int col) const { return st_->real(col); }
  std::string text(int col) const { return st_->text(col); }
  std::optional<std::string> opt_text(int col) const { return st_->opt_text(col); }
  std::string blob(int col) const { return st_->blob(col); }
  std::string column_name(int col) const { return st_->column_name(col); }
  int parameter_count() const { return st_->parameter_count(); }

 private:
  Stmt* st_;
  bool* lent_ = nullptr;
  std::unique_ptr<Stmt> own_;
};

/// An open connection, closed on destruction.
class Db {
 public:
  /// Opens a connection: to a PostgreSQL server when `location` is a "postgresql://…" URL, else
  /// to the SQLite file at that path (`create` allows creating the file; only `shequ init` does).
  Db(const std::string& location, bool create);
  ~Db();
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  /// Runs one or more statements without results.
  void exec(std::string_view sql);
  /// Runs a statement, ignoring any failure (for rollbacks and settings put back on unwinding).
  void exec_quietly(const char* sql) noexcept;
  /// Whether a transaction is open on this connection.
  bool in_transaction();
  /// Calls `hook` with the table of every row this connection inserts, updates or deletes
  /// (an empty function removes it).
  void on_write(std::function<void(std::string_view table)> hook);
  /// While on, and a write is open on a server, an INSERT of one row of plain parameters does
  /// not run at once: such rows are held back and sent together by COPY (an import's rows in a
  /// few round trips), before any statement that writes or names a table they change. An
  /// insert() takes its id from the table's sequence beforehand. A row the server refuses is
  /// thrown by a later call (send_deferred() at the latest), tagged with its mark(). On a file,
  /// or off, every INSERT runs at once.
  void defer_inserts(bool on);
  /// Sends the rows held back (a refusal is thrown here).
  void send_deferred();
  /// The caller's mark for the rows written from now on (an import's line number), told with
  /// a held-back row's refusal.
  void mark(std::int64_t tag);
  /// Defines an SQL function of `args` arguments the statements of this connection may call
  /// (an empty function removes it). Deterministic ones may be used in indexes and constraints.
  void define_function(const std::string& name, int args, SqlFunction fn, bool deterministic = false);
  /// Stops the statement running on this connection (safe from a signal handler).
  void interrupt() noexcept;
  /// Waits up to `ms` for another connection's lock before failing as busy.
  void busy_timeout(int ms);
  /// The embedded database engine and its version, for `shequ --version`.
  static std::string engine_version();
  /// A statement prepared once per connection and reused, lent until the lease ends.
  CachedStmt cached(const std::string& sql);
  /// How many statements are part-way through their rows (a cached one stays so until reused).
  int busy_statements();
  /// Resets every statement part-way through its rows, ending the reads they hold open.
  void reset_statements();
  /// The single integer a query returns (or `fallback` if it returns no row / NULL).
  std::int64_t scalar(std::string_view sql, std::int64_t fallback = 0);
  /// Until the transaction ends, foreign keys are checked at its commit, not at each statement.
  void defer_foreign_keys();
  /// Whether rows written since defer_foreign_keys() refer to rows that do not exist.
  bool foreign_keys_pending();
  int changes() const;
  /// The file's path, or the server's URL without its password.
  const std::string& path() const { return path_; }
  /// Whether this connection is to a PostgreSQL server.
  bool on_server() const { return on_server_; }
  /// On a server: the database role this connection is (session_user), and the shequ role it
  /// holds there as an operator ("" for none: the database's owner, or a role shequ did not
  /// make), as enter_community() found them.
  const std::string& session_role() const { return session_role_; }
  const std::string& operator_role() const { return operator_role_; }
  void set_operator(std::string session_role, std::string operator_role);
  /// Whether this connection may read `column` of `table`: always on a file, and for a server's
  /// operators without a role or coordinators; else the server's column privileges, asked once a table.
  bool can_read(const std::string& table, const std::string& column);
  /// The columns of `table` this connection may not read (none on a file or for an operator with all of them).
  const std::set<std::string>& unreadable(const std::string& table);
  /// A second connection to the same data, as the same operator (a street report's second
  /// worker); made and closed on the thread that owns this one.
  std::unique_ptr<Db> another() const;
  /// The SQL spellings of this connection's engine.
  const Dialect& dialect() const;
  /// The native SQLite connection, for the storage layer's SQLite-only files (null on a server).
  sqlite3* handle();
  /// Throws DbError for SQLite result code `rc` with the connection's message and `what` as
  /// context (an SQLite connection).
  [[noreturn]] void fail(int rc, std::string_view what);
  /// The engine's connection, for the storage layer.
  engine::Connection& connection() { return *conn_; }

 private:
  std::string location_;  // as given (a server's URL with its password, if it has one)
  std::string path_;
  bool on_server_ = false;
  std::string session_role_, operator_role_;
  std::map<std::string, std::set<std::string>, std::less<>> unreadable_;  // by table: columns the role may not read
  std::unique_ptr<engine::Connection> conn_;
  struct Cached {
    std::unique_ptr<Stmt> stmt;
    bool lent = false;
  };
  std::map<std::string, Cached, std::less<>> cache_;
  std::function<void(std::string_view)> write_hook_;
  std::map<std::string, std::unique_ptr<SqlFunction>> functions_;
};

/// A step of a write that may fail without ending the write: an import's row refused by the
/// schema. On a server a savepoint (PostgreSQL fails every later statement of a transaction
/// once one has failed); on a file nothing (SQLite undoes the failed statement alone). Undone
/// to its start unless kept.
class Tentative {
 public:
  explicit Tentative(Db& db);
  ~Tentative();
  Tentative(const Tentative&) = delete;
  Tentative& operator=(const Tentative&) = delete;
  void keep();

 private:
  Db& db_;
  bool done_ = false;
};

/// Rows appended to one table in bulk (a table copied whole, an audit row's undo data): each
/// row's values taken from a statement's row or given one by one, in the order of `columns`,
/// closed by end_row(); finish() ends the load (a
/// load not finished is abandoned with its transaction). On SQLite one prepared INSERT; on
/// PostgreSQL COPY.
class BulkInsert {
 public:
  BulkInsert(Db& db, const std::string& table, const std::vector<std::string>& columns);
  ~BulkInsert();
  BulkInsert(const BulkInsert&) = delete;
  BulkInsert& operator=(const BulkInsert&) = delete;

  /// Each column of `from`'s current row, as the type it has there.
  BulkInsert& values_of(const Stmt& from);
  /// The next column's value.
  BulkInsert& value(std::int64_t v);
  BulkInsert& value(std::string_view v);
  BulkInsert& value(std::nullptr_t);
  void end_row();
  /// Ends the load: its rows are in the table (within the open transaction).
  void finish();
  /// How many rows end_row() closed.
  std::int64_t rows() const { return rows_; }

 private:
  std::unique_ptr<engine::BulkLoad> impl_;
  std::int64_t rows_ = 0;
};

/// Db::defer_inserts while alive: finish() sends the rows held back; on unwinding they are left
/// to the next statement (a rollback discards them).
class DeferredInserts {
 public:
  explicit DeferredInserts(Db& db) : db_(db) { db_.defer_inserts(true); }
  ~DeferredInserts() { db_.defer_inserts(false); }
  DeferredInserts(const DeferredInserts&) = delete;
  DeferredInserts& operator=(const DeferredInserts&) = delete;
  void finish() { db_.send_deferred(); }

 private:
  Db& db_;
};

/// BEGIN IMMEDIATE on construction; rolls back on destruction unless committed.
class Txn {
 public:
  explicit Txn(Db& db);
  ~Txn();
  Txn(const Txn&) = delete;
  Txn& operator=(const Txn&) = delete;
  void commit();

 private:
  Db& db_;
  bool done_ = false;
};

}  // namespace shequ
