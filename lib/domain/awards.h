// Awards (荣誉): best volunteer, best team, best family and other kinds, for a year, to a
// volunteer, a team or a household, optionally with bonus points written to the ledger.
#pragma once
#include <cstdint>
#include <string>

#include "records/entity.h"

namespace shequ {

/// The award entity (import/export kind "awards"): kind (vocab award-kind), year, exactly one
/// recipient, title, bonus points (volunteers only; written to the ledger when the award is
/// first recorded and never changed afterwards), granted on.
const Entity& award_entity();

/// `award grant KIND RECIPIENT`: the recipient is V…/T…/H… or, by kind, a volunteer number,
/// a team name (best-team) or a household address (best-family).
struct Granting {
  std::string kind, recipient, year, points, title, date, note;
};
/// Grants the award and any bonus in one change; refuses (1) the same award twice. Returns the id.
std::int64_t grant_award(Context& ctx, const Granting& g);

/// Awards of a year and/or kind (empty: all), newest first.
Table list_awards(Context& ctx, const std::string& year, const std::string& kind);

}  // namespace shequ
