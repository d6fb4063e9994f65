// Inside the storage layer: what an engine implements so that Db, Stmt and Txn (db.h) run on it.
// sqlite_engine.cpp and postgres_engine.cpp are the two; nothing outside lib/storage/ sees them.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "storage/db.h"

struct sqlite3;

namespace shequ {

class Dialect;

namespace engine {

/// One prepared statement. Binding a statement part-way through its rows, or run to its end,
/// starts it afresh. Failures throw DbError.
class Statement {
 public:
  virtual ~Statement() = default;
  virtual void bind_integer(int index, std::int64_t value) = 0;
  virtual void bind_real(int index, double value) = 0;
  virtual void bind_text(int index, std::string_view value) = 0;
  virtual void bind_blob(int index, const void* data, int size) = 0;
  virtual void bind_null(int index) = 0;
  /// Steps once; true while a row is available.
  virtual bool step() = 0;
  /// Ends the reads; `clear` also forgets the bound values.
  virtual void reset(bool clear) = 0;
  /// Whether the statement is part-way through its rows.
  virtual bool busy() const = 0;
  virtual int column_count() const = 0;
  virtual ColumnType type(int col) const = 0;
  virtual std::int64_t integer(int col) const = 0;
  virtual double real(int col) const = 0;
  virtual std::string text(int col) const = 0;
  virtual std::string blob(int col) const = 0;
  virtual std::string column_name(int col) const = 0;
  virtual int parameter_count() const = 0;
  /// Runs an INSERT of one row into a table whose key is `id` and returns the new row's id.
  virtual std::int64_t insert() = 0;
};

/// Rows appended to one table in bulk, one value at a time in the order of the columns named,
/// each row closed by end_row(), the load by finish(). Failures throw DbError.
class BulkLoad {
 public:
  virtual ~BulkLoad() = default;
  virtual void null() = 0;
  virtual void integer(std::int64_t value) = 0;
  virtual void real(double value) = 0;
  virtual void text(std::string_view value) = 0;
  virtual void blob(std::string_view bytes) = 0;
  virtual void end_row() = 0;
  virtual void finish() = 0;
};

/// One open connection.
class Connection {
 public:
  virtual ~Connection() = default;
  virtual std::unique_ptr<Statement> prepare(std::string_view sql) = 0;
  virtual void exec(std::string_view sql) = 0;
  virtual void exec_quietly(const char* sql) noexcept = 0;
  virtual bool in_transaction() = 0;
  /// BEGIN for a writer: no other writer of the same data runs until this one ends.
  virtual void begin_write() = 0;
  virtual void on_write(std::function<void(std::string_view table)>* hook) = 0;
  virtual void define_function(const std::string& name, int args, SqlFunction* fn, bool deterministic) = 0;
  virtual void interrupt() noexcept = 0;
  virtual void busy_timeout(int ms) = 0;
  virtual int busy_statements() = 0;
  virtual void reset_statements() = 0;
  virtual void defer_foreign_keys() = 0;
  virtual bool foreign_keys_pending() = 0;
  virtual int changes() = 0;
  virtual const Dialect& dialect() const = 0;
  /// The rows each table was given, changed or lost by this connection's statements since the
  /// last call (an engine that does not count returns nothing).
  virtual std::map<std::string, std::int64_t> take_rows_written() { return {}; }
  /// Db::defer_inserts, send_deferred and mark (db.h); an engine that cannot hold rows back
  /// runs every INSERT at once.
  virtual void defer_inserts(bool) {}
  virtual void send_deferred() {}
  virtual void mark(std::int64_t) {}
  /// A bulk load into `table`'s `columns`: by default one prepared INSERT run per row; an engine
  /// with a faster path (PostgreSQL's COPY) overrides it.
  virtual std::unique_ptr<BulkLoad> bulk_load(const std::string& table, const std::vector<std::string>& columns);
  /// The SQLite handle, for the storage layer's SQLite-only files; null on another engine.
  virtual sqlite3* sqlite_handle() { return nullptr; }
};

/// Which rule a failed constraint broke, for constraint_text().
enum class ConstraintKind { unique, not_null, foreign_key, other };
/// What a failed constraint means to the user, without SQL: which column's value the data refuses.
std::string constraint_text(ConstraintKind kind, const std::string& column);

/// A server URL as messages show it: without its password.
std::string redacted_url(const std::string& url);

std::unique_ptr<Connection> open_sqlite(const std::string& path, bool create);
std::unique_ptr<Connection> open_postgres(const std::string& url);

/// The engine's name and version, for `shequ --version`.
std::string sqlite_version();

/// Throws the DbError for SQLite result code `rc` on `conn` (an SQLite connection).
[[noreturn]] void sqlite_fail(Connection& conn, int rc, std::string_view what);

const Dialect& sqlite_dialect();
const Dialect& postgres_dialect();

}  // namespace engine
}  // namespace shequ
