// Voiding (作废) a record entered by mistake: a need, meeting, delivery, attendance, evaluation,
// award or certificate. The row stays in the file, marked with when, by whom and why
// (voided_at, voided_by, void_reason: the spelling of voided service entries), is shown as voided
// by show and list, and is left out of every figure and report. Never deleted; undone by `shequ undo`.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "records/entity.h"

namespace shequ {

/// One kind of record `shequ void` knows: its command word, table and how it is referred to.
struct VoidKind {
  std::string_view code;   // need | meeting | delivery | attendance | evaluation | award | certificate
  std::string_view table;  // the SQL table
  std::string_view en, zh; // labels for messages
  std::string_view ref_en, ref_zh;  // how a record is named on the command line
};

/// Every kind, in the order help lists them.
const std::vector<VoidKind>& void_kinds();

/// What voiding did.
struct Voided {
  std::int64_t id = 0;
  std::string label;           // "N5", "D12", "certificate NKY-2026-0003"
  double points_reversed = 0;  // an award's bonus points taken back (a reversal in the ledger)
};

/// Voids one record: 64 without a reason, 64 for an unknown kind, 66 for an unknown record,
/// 1 when it is already voided (naming when and why). An award's bonus points are reversed in
/// the ledger (1 if the volunteer has since spent them). One audited, undoable change.
Voided void_record(Context& ctx, std::string_view kind, std::string_view ref, std::string_view reason);

/// The "Voided" column of a voidable entity's list and show: date, operator and reason, or empty.
Field void_field();

}  // namespace shequ
