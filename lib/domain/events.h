// Events: the quarter-hour convenience festival (一刻钟便民节) and other activities, with the
// teams and partners that organise them, the services offered and who took part.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "records/entity.h"

namespace shequ {

/// The event entity: name, kind, date (end date), place, grid, organisers ("T2,P3": teams and
/// partners, kept as event_organiser rows too), services offered, description; listed with the
/// number of participants. Natural key: name and date.
const Entity& event_entity();

/// The participants of events as a record description (not an import kind): its personal text.
const Entity& event_participant_record();

/// `event attend`: a named person, or a head count, took part (optionally in one service).
struct Attendance {
  std::string event;
  std::string person;   // optional person reference
  std::string service;  // optional service-type code; must be one the event offers, if it lists any
  std::int64_t count = 1;
  std::string note;
};

/// Records participation; refuses (1) the same person twice for the same service. Returns the row id.
std::int64_t attend_event(Context& ctx, const Attendance& a);

/// Participants of an event by service: head counts and named persons (names need --reveal).
Table event_participants(Context& ctx, std::int64_t event_id);

/// The organisers of an event with their names.
Table event_organisers(Context& ctx, std::int64_t event_id);

/// The live volunteer service logged against an event: entries pending or verified (never the
/// rejected or voided ones), and the verified minutes among them.
struct EventHours {
  std::int64_t entries = 0;
  std::int64_t verified_minutes = 0;
};

/// The event's live service hours (pending and verified entries logged against it). Every data
/// file keeps service_hours.event_id since its migration, so there is always a value; the optional
/// stays for the callers written when there was not.
std::optional<EventHours> event_hours(Context& ctx, std::int64_t event_id);

}  // namespace shequ
