// RAII over the SQLite C API: connection, prepared statement, immediate transaction.
#pragma once
#include <sqlite3.h>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "error.h"

namespace shequ {

/// A failed SQLite call: keeps SQLite's extended result code; the exit code follows from it
/// (busy → 75, interrupted → 130, damaged or unreadable file → 74, a full disk → 74 "disk full",
/// a value the schema refuses → 65, a duplicate or a trigger's rule → 1, anything else → 74 as an
/// I/O failure).
class DbError : public Error {
 public:
  DbError(int extended_code, std::string message, std::string column = {});
  int extended_code() const { return extended_code_; }
  /// A failed constraint (NOT NULL, CHECK, UNIQUE, FOREIGN KEY, a trigger's RAISE).
  bool is_constraint() const { return (extended_code_ & 0xff) == SQLITE_CONSTRAINT; }
  /// The column a failed constraint guards, as SQLite names it ("units"), or "".
  const std::string& column() const { return column_; }

 private:
  int extended_code_;
  std::string column_;
};

class Db;

/// A prepared statement, finalised on destruction. Values are always bound, never spliced.
class Stmt {
 public:
  Stmt(Db& db, std::string_view sql);
  ~Stmt();
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  Stmt(Stmt&& other) noexcept;

  /// Binds a value to the 1-based parameter index.
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
  /// Steps to completion, expecting no rows.
  void run();
  /// Resets and clears bindings so the statement can be reused.
  void reset();

  int column_count() const;
  bool is_null(int col) const;
  int type(int col) const;
  std::int64_t integer(int col) const;
  double real(int col) const;
  std::string text(int col) const;
  std::optional<std::string> opt_text(int col) const;
  std::string column_name(int col) const;
  sqlite3_stmt* handle() { return stmt_; }

 private:
  Db* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

/// An open SQLite connection, closed on destruction.
class Db {
 public:
  /// Opens a connection; `create` allows creating the file (only `shequ init` does).
  Db(const std::string& path, bool create);
  ~Db();
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  /// Runs one or more statements without results.
  void exec(std::string_view sql);
  /// A statement prepared once per connection and reused (reset on each call).
  Stmt& cached(const std::string& sql);
  /// How many statements are part-way through their rows (a cached one stays so until reused).
  int busy_statements();
  /// Resets every statement part-way through its rows, ending the reads they hold open.
  void reset_statements();
  /// The single integer a query returns (or `fallback` if it returns no row / NULL).
  std::int64_t scalar(std::string_view sql, std::int64_t fallback = 0);
  std::int64_t last_insert_id() const;
  int changes() const;
  const std::string& path() const { return path_; }
  sqlite3* handle() { return db_; }
  /// Throws DbError for `rc` with the connection's message and `what` as context.
  [[noreturn]] void fail(int rc, std::string_view what);

 private:
  std::string path_;
  sqlite3* db_ = nullptr;
  std::map<std::string, std::unique_ptr<Stmt>, std::less<>> cache_;
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
