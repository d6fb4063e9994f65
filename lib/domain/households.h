// Households: the people at one address, written building-unit-room (3-2-501).
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "records/entity.h"

namespace shequ {

/// The household entity: address, phone (masked), tags, moved-out date; building, unit and room
/// are derived from the address, which must name an existing building and unit.
const Entity& household_entity();

/// List filters for `household list`; empty members do not filter.
struct HouseholdFilter {
  std::string grid, building, tag;
  bool include_moved_out = false;
};

/// The query for `household list` with these filters (references resolved, 66 if unknown).
Query household_query(Context& ctx, const HouseholdFilter& f);

/// The parts of an address.
struct Address {
  std::string building;
  int unit = 0;
  std::string room;
};

/// Parses `3-2-501`, `3栋2单元501室` or `3号楼2单元501` (nullopt if it is neither).
std::optional<Address> parse_address(std::string_view text);

}  // namespace shequ
