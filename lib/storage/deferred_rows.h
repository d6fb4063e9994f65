// Inside the storage layer, for the PostgreSQL engine: one-row INSERTs held back while a bulk
// write (an import) runs and sent together by COPY, so that a row costs no round trip of its own.
// Nothing here speaks to the server; postgres_engine.cpp sends what take() gives.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace shequ::engine {

/// Appends `value` to `out` as a field of COPY's text format: a backslash, tab, newline or
/// carriage return escaped (NULL is written as \N by the caller).
void append_copy_text(std::string& out, std::string_view value);

/// The table and columns of `INSERT INTO t (c1, …, cn) VALUES ($1, …, $n)` (each parameter once,
/// in order, nothing after): an INSERT whose row COPY can carry as it is. Anything else: none.
struct InsertShape {
  std::string table;
  std::vector<std::string> columns;
};
std::optional<InsertShape> insert_shape(std::string_view numbered_sql);

/// Whether `sql` names `table` as a word (not as part of a longer name).
bool names_table(std::string_view sql, std::string_view table);

/// The rows held back, grouped by table and columns: rows of one table and columns keep their
/// order, and the groups are sent in the order each was first given a row (a household's row
/// before its residents', a person's before their residence's).
class DeferredRows {
 public:
  /// Holds a row back: `values` as COPY text fields (null: NULL), `tag` the caller's mark of the
  /// row (an import's line), told again if the server refuses it.
  void add(const InsertShape& shape, const std::vector<const std::string*>& values, std::int64_t tag);
  bool empty() const { return groups_.empty(); }
  /// The bytes held back, for sending them in pieces.
  std::size_t bytes() const { return bytes_; }
  /// Whether the rows held back of `table` have been told which tables their triggers name.
  bool knows(const std::string& table) const { return affected_.contains(table); }
  /// The tables that `table`'s rows, once in, change (itself, and those its triggers write;
  /// "*": any): a statement naming none of them reads the same with the rows held back.
  void affects(const std::string& table, std::vector<std::string> tables);
  /// Whether a read would see a different answer once the rows are sent.
  bool seen_by(std::string_view sql) const;

  struct Batch {
    std::string table;
    std::vector<std::string> columns;
    std::string data;  // its rows in COPY's text format
    std::vector<std::int64_t> tags;  // each row's tag, in order
  };
  /// The rows held back, in the order to send them; none are held back afterwards.
  std::vector<Batch> take();
  void clear();

 private:
  std::vector<Batch> groups_;
  std::map<std::string, std::size_t> group_of_;  // table and columns → groups_
  std::map<std::string, std::vector<std::string>> affected_;  // table → the tables affects() gave
  std::size_t bytes_ = 0;
};

/// The line of a COPY's data a refusal names ("COPY person, line 12: …" in its context), or 0.
std::size_t copy_line_of(std::string_view context);

}  // namespace shequ::engine
