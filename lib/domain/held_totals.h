// Running totals added up set-based by a statement over many entries, instead of by the row
// triggers (migrations 0018, 0019): while a HeldTotals lives, inside the command's transaction,
// held_totals holds a row and the triggers of the hours, points and residents' grid totals
// (those of a person added or changed) stand aside; the command then adds the totals of what
// it changed itself, before release().
// A command that then writes row by row (an import) has, in a data file, the triggers not merely
// idle but gone until release(), in the same transaction: a table with a trigger keeps a
// statement journal for every row written to it, whether or not the trigger then fires. A
// set-based command (a verification: a few statements) keeps them, as dropping and creating them
// again would cost it more than those few journals.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "storage/db.h"

namespace shequ {

class HeldTotals {
 public:
  enum class Writes { set_based, row_by_row };
  explicit HeldTotals(Db& db, Writes writes = Writes::set_based);
  HeldTotals(const HeldTotals&) = delete;
  HeldTotals& operator=(const HeldTotals&) = delete;

  /// The entries of the temporary table hours_sel, all pending until now, are `status`
  /// (verified or rejected): their minutes move out of pending, and into verified if verified.
  void pending_decided(std::string_view status);
  /// The hours totals added up again from every counted entry (verified or pending): after a
  /// bulk change whose rows are too many to add one by one.
  void hours_recounted();
  /// The residents' grid totals counted again from every person not moved out, as migration
  /// 0010 first counted them: after an import of persons.
  void grid_residents_recounted();
  /// The ledger entries after entry `after` (the largest id before the command wrote any).
  void ledger_added(std::int64_t after);
  /// The triggers keep the totals again. Without it the transaction must roll back.
  void release();

 private:
  Db& db_;
  std::vector<std::pair<std::string, std::string>> dropped_;  // name, CREATE TRIGGER text
};

}  // namespace shequ
