// The rows one transaction changed, as data shequ reads itself: the record the audit log keeps
// for undo (audit_row). On SQLite the session extension captures them; nothing outside this
// file sees its changesets.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace shequ {

class Db;

enum class RowOp { insert, update, remove };
std::string_view row_op_name(RowOp op);       // "insert", "update", "delete"
RowOp row_op_from_name(std::string_view name);

/// One row's net change in a transaction. `key` holds the primary-key columns; `before` every
/// column of a deleted row or the changed columns of an updated one, `after` every column of an
/// inserted row or the changed columns of an updated one; each a JSON object by column name
/// (integers, reals, text and NULL as JSON; a blob as {"$hex": "…"}).
struct RowImage {
  std::string table;
  RowOp op = RowOp::insert;
  nlohmann::json key, before, after;
};

/// One row's net change as the JSON text audit_row stores: `key`, `before` and `after` as in
/// RowImage, columns in table order; `before` or `after` empty where RowImage has null.
struct RowJson {
  std::string_view table;
  RowOp op = RowOp::insert;
  std::string key, before, after;
};

/// Captures every row a connection changes from construction on (net effect per row), except
/// the tables `record` refuses. Destroyed, it captures no more.
class RowCapture {
 public:
  RowCapture(Db& db, std::function<bool(std::string_view table)> record);
  ~RowCapture();
  RowCapture(const RowCapture&) = delete;
  RowCapture& operator=(const RowCapture&) = delete;

  /// Pauses (false) or resumes (true) the capture.
  void enable(bool on);
  /// Ends the capture and keeps what it holds for the readers below.
  void finish();
  /// How many rows were captured, and the first one's table and integer key (0 if none).
  struct Counts {
    std::size_t rows = 0;
    std::string first_table;
    std::int64_t first_id = 0;
    nlohmann::json per_table = nlohmann::json::object();  // {"person": {"insert": 3}, …}
  };
  Counts counts() const;
  /// Every captured row as JSON text, in a stable order (table by table).
  void for_each(const std::function<void(const RowJson&)>& row) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// The rows of an undo changeset an older shequ stored in the audit log (audit.changeset),
/// read the same way; false if the bytes are not a changeset.
bool for_each_stored_changeset_row(Db& db, std::string_view changeset,
                                   const std::function<void(const RowJson&)>& row);

}  // namespace shequ
