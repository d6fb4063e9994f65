// Residents' needs (诉求): raised at council meetings, online or on a visit; sorted into the 12
// need categories; accepted by assigning a team, project or partner; worked on with progress
// notes; resolved or declined with reasons; rated by residents; published on the barometer.
//
// Lifecycle: new → accepted (accept or assign) → in-progress (progress) → resolved (resolve) | declined
// (decline, from any open state). A resolved need may be rated 1–5 (every rating kept) or reopened
// (→ in-progress); declined is final. A need entered by mistake is voided (voids.h).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "records/entity.h"

namespace shequ {

/// A record of a kind that may live in another part of shequ (team, project, partner, need,
/// event), named by kind and id: a need's assignee, an event's organiser, a barometer subject.
struct KindRef {
  std::string kind;  // entity name: "team", "project", "partner", "need", "event"
  std::int64_t id = 0;
};

/// Resolves "J3", "project:NAME" or a bare natural key to one of `kinds`. A kind whose register
/// is not part of this shequ is reported (65); nothing matching is 66; several matches are 65.
KindRef resolve_kind_ref(Context& ctx, std::string_view text, const std::vector<std::string>& kinds);

/// The prefixed id of a kind reference: "J3".
std::string kind_ref_text(const KindRef& ref);

/// "J3 帮帮龙助老" — the prefixed id and the record's name or title when it can be found.
std::string kind_ref_label(Context& ctx, const KindRef& ref);

/// The need entity: title, description, category, channel, raised by (person, household or
/// anonymous), grid, meeting, raised/due dates, status, assignee, resolution, satisfaction, public.
/// New needs default their grid, channel and date from the meeting or the raiser, and their due
/// date to needs.default_due_days after raising. Status, assignee and satisfaction of an
/// existing need change only through the verbs below (import and set refuse to change them).
const Entity& need_entity();

/// Filters for `need list`; empty members do not filter.
struct NeedFilter {
  std::string status, category, grid, meeting, assignee, from, to;
  bool overdue = false;      // open and past its due date (as of today())
  bool public_only = false;  // only needs published on the barometer
};

/// The query for `need list` (references resolved: 66 if unknown; a bad status or date is 65).
Query need_query(Context& ctx, const NeedFilter& f);

/// Verbs allowed on a need in `status`, e.g. "assign, decline"; empty when final.
std::vector<std::string> allowed_need_verbs(std::string_view status);

/// `need accept`: new → accepted, handled by the community itself until someone is assigned.
void accept_need(Context& ctx, std::string_view need);

/// `need assign`: new → accepted, or hands an open need to another team, project or partner.
void assign_need(Context& ctx, std::string_view need, std::string_view assignee);

/// A progress note for `need progress`: on a need (N5) or on a project (J3, then it counts for
/// every need the project answers).
struct ProgressNote {
  std::string target;
  int percent = -1;  // 0–100
  std::string note;
  std::string date;  // default today
};

/// Records a progress note; an accepted need (or every accepted need of the project) becomes
/// in-progress. Refused (1) for a need that is new, resolved or declined.
void record_progress(Context& ctx, const ProgressNote& p);

/// `need resolve`: accepted | in-progress → resolved with what was done; optionally published.
void resolve_need(Context& ctx, std::string_view need, std::string_view resolution, std::string_view date,
                  std::optional<bool> make_public);

/// `need decline`: new | accepted | in-progress → declined, with the reason given to residents.
void decline_need(Context& ctx, std::string_view need, std::string_view reason, std::string_view date);

/// `need rate`: residents' satisfaction 1–5 with a resolved need (65 out of range), on `date`
/// (default today; not before it was resolved). Every rating is kept in need_rating; the need's
/// satisfaction, which reports read, is the latest one.
void rate_need(Context& ctx, std::string_view need, std::string_view score, std::string_view date = {});
/// `need reopen`: a resolved need that came back → in-progress, with the reason (required, 65).
/// The earlier resolution is kept in a progress note and its ratings in need_rating; the need
/// is unrated until resolved again.
void reopen_need(Context& ctx, std::string_view need, std::string_view reason, std::string_view date);
/// Every rating of a need with its date, oldest first.
Table need_ratings(Context& ctx, std::int64_t need);

/// Progress notes that count for a need (its own and its project's), oldest first.
Table need_progress_notes(Context& ctx, std::int64_t need);


}  // namespace shequ
