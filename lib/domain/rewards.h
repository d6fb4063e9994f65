// The rewards catalogue (兑换目录): what points can be exchanged for, with cost and stock,
// optionally donated by a partner such as a caring merchant.
#pragma once
#include "records/entity.h"

namespace shequ {

/// The reward entity: name, cost in points (> 0), stock (empty: not limited; never below zero),
/// donating partner, active; listed with how many were redeemed.
const Entity& reward_entity();

/// Redemptions, newest first, of one reward or (empty) all.
Table list_redemptions(Context& ctx, std::string_view reward);

}  // namespace shequ
