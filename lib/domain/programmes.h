// Service programmes: the 15-minute elderly-service circle (one centre, two stations) and the
// like, their sites, and the services delivered there — meals above all, with subsidy tiers.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/config.h"
#include "records/entity.h"

namespace shequ {

/// The programme entity: name (unique), started, description; listed with sites and services delivered.
const Entity& programme_entity();
/// The site entity (import kind "sites"): programme, name, kind (centre | station | other), grid, place, services.
const Entity& site_entity();
/// The delivery entity: programme, site (by name within the programme), date, service type, count;
/// for meals dine-in/delivered, the subsidy tier and the totals paid by residents and the subsidy
/// (computed from [meals] unless both are given); an optional recipient, confidential in outputs.
const Entity& delivery_entity();

/// One subsidy tier of the meal service ([meals.tiers.CODE]).
struct MealTier {
  std::string code;
  std::string label;
  double subsidy = 0;                   // per meal, yuan
  std::optional<int> min_age;           // eligible from this age (on the delivery date)
  std::vector<std::string> tag_groups;  // each "a|b": the person has a or b; every group must hold
  bool free_delivery = false;           // the subsidy also pays the delivery fee
};

/// The meal service's prices and tiers from [meals] (DOMAIN.md "Elderly meal service" defaults).
struct MealRules {
  double price = 12;
  double delivery_fee = 0;
  std::vector<std::string> subsidised_residency{"registered"};
  std::vector<MealTier> tiers;
  /// The tier with this code, or nullptr.
  const MealTier* tier(std::string_view code) const;
};

/// Reads [meals] (price, delivery_fee, subsidised_residency, tiers.CODE.{label, subsidy, min_age,
/// tags, free_delivery}); defaults when absent. Error(78) on a wrong type or a tier without subsidy.
MealRules meal_rules(const Config& config);

/// Per-meal amounts for a tier and mode: what the resident pays and what the subsidy pays.
struct MealPrice {
  double resident = 0, subsidy = 0;
};
/// The price of one meal at `tier` ("none" or empty: no subsidy), dine-in or delivered.
MealPrice meal_price(const MealRules& rules, std::string_view tier, bool delivered);

/// `programme add` with its sites ("centre:NAME", "station:NAME" or "NAME"), in one change.
std::int64_t add_programme(Context& ctx, const Input& programme, const std::vector<std::string>& sites);

/// Filters for listing deliveries; empty members do not filter.
struct DeliveryFilter {
  std::string programme, site, service_type, from, to;
};
/// Narrows the filter to one calendar month "2026-11" (65 if not a month).
void set_month(DeliveryFilter& f, std::string_view month);
/// The query for `programme deliveries` (references resolved: 66 if unknown).
Query delivery_query(Context& ctx, const DeliveryFilter& f);

/// `programme show`: the programme's record, its "services given" counting only the deliveries
/// the filter selects (its period, site, service type) when one is given.
Table programme_record(Context& ctx, std::int64_t programme_id, const DeliveryFilter& f);

/// The sites of a programme with what each delivered in the period.
Table programme_sites(Context& ctx, std::int64_t programme_id, const DeliveryFilter& period);

/// Delivery totals by site, service type, mode and tier with a total row: services given, meals,
/// paid by residents, paid by the subsidy — the figures a monthly subsidy claim needs.
Table delivery_totals(Context& ctx, const DeliveryFilter& f);

}  // namespace shequ
