// The points ledger (积分): append-only signed entries; a volunteer's balance is always the sum
// of their entries (checked by `shequ check`).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "records/entity.h"

namespace shequ {

/// `x` rounded to hundredths of a point, the ledger's precision.
double round_points(double x);

/// Parses a points amount (at most 2 decimals; a sign only when `signed_ok`); Error(65) naming
/// `what` otherwise. Zero is refused.
double parse_points(std::string_view text, std::string_view what, bool signed_ok);

/// Links of a ledger entry to the record it came from.
struct LedgerLinks {
  std::optional<std::int64_t> hours, redemption, award, reverses;
};

/// Appends one entry inside the caller's Change and updates the cached balance; returns the new
/// balance. Does not check the balance: callers that must not go below zero check first.
double append_ledger(Context& ctx, std::int64_t volunteer, std::string_view kind, double amount,
                     std::string_view reason, const LedgerLinks& links = {});

/// The balance of one volunteer (the cached sum of the ledger).
double balance_of(Context& ctx, std::int64_t volunteer);

/// `points balance`: one volunteer, or every volunteer with points earned, redeemed and balance.
Table points_balances(Context& ctx, std::string_view volunteer);

/// `points history`: a volunteer's ledger entries, oldest first, within `period` if given.
Table points_history(Context& ctx, std::string_view volunteer, std::string_view period);

/// `points bonus` (amount > 0) and `points adjust` (signed; may not take the balance below
/// zero, 1 otherwise). A reason is required. Audited; returns the new balance.
double add_bonus(Context& ctx, std::string_view volunteer, std::string_view amount, const std::string& reason);
double adjust_points(Context& ctx, std::string_view volunteer, std::string_view amount, const std::string& reason);

/// `points redeem V REWARD`: inside one BEGIN IMMEDIATE change, checks balance ≥ cost × quantity
/// and stock ≥ quantity (Error 1 naming balance and cost, or stock), then writes the redemption,
/// the ledger entry and the stock. Concurrent redemptions cannot double-spend. Returns the id.
struct Redeeming {
  std::string volunteer, reward, note;
  std::int64_t quantity = 1;
};
std::int64_t redeem(Context& ctx, const Redeeming& r);

/// What an expiry run did.
struct Expiry {
  std::int64_t volunteers = 0;
  double points = 0;
  std::string cutoff;  // entries dated on or before this have expired
};
/// `points expire`: with points.expiry_years = N > 0, expires points earned more than N years
/// before `as_of` (default today) that later debits have not used up, oldest first; hours never
/// expire. Idempotent: a second run on the same day expires nothing. `dry_run` writes nothing.
Expiry expire_points(Context& ctx, std::string_view as_of, bool dry_run);

}  // namespace shequ
