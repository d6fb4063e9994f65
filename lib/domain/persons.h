// Persons: residents, outside volunteers and partner contacts — one table for everyone.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "records/entity.h"

namespace shequ {

/// The person entity: name, gender, birth date, phone and ID number (masked), household,
/// residency, tags, moved-in/out dates. An ID number must agree with birth date and gender.
const Entity& person_entity();

/// List filters a coordinator uses; empty members do not filter.
struct PersonFilter {
  std::string grid, building, household, tag, residency;
  std::optional<int> age_min, age_max;
  bool include_moved_out = false;
};

/// The query for `person list` with these filters (references resolved, 66 if unknown).
Query person_query(Context& ctx, const PersonFilter& f);

/// `person move`: to another household (history kept), or out of the community.
struct Move {
  std::string person;
  std::string to;       // household reference; empty with out = true
  bool out = false;     // moved out of the community
  std::string date;     // default today
  std::string reason;
};

/// Moves a person: closes the open residence, opens the next, updates the person; audited.
void move_person(Context& ctx, const Move& m);

/// The date a household moved out, if it has.
std::optional<std::string> household_moved_out(Context& ctx, std::int64_t household);

/// A household that moves out takes its residents with it: each one still living there moves
/// out on `date` (residence closed, reason "the household moved out"). 65 if one of them only
/// moved in after `date`. Returns how many moved.
std::int64_t move_out_residents(Context& ctx, std::int64_t household, const std::string& date);

/// The person's residence history, oldest first.
Table residence_history(Context& ctx, std::int64_t person_id);

/// The residence history as a record description (not an import kind): its personal text.
const Entity& residence_record();

/// Every description forget reads for personal fields (Field::personal): the entities, and the
/// rows kept beside them that are no import kind (residence, case parties, event participants).
std::vector<const Entity*> personal_records();

/// The statements forget runs on other records (?1 = the person's id), generated from the
/// personal fields of personal_records(); a field flagged about_owner on a record that belongs to
/// no person or volunteer is a programming error (std::logic_error).
std::vector<std::string> forget_statements();

/// `person forget` (PIPL): removes name, phone, ID number, birth date, move-in date and free
/// text about the person everywhere — the person row, the personal fields of other records
/// (forget_statements()), every free text quoting the name, phone or ID number (ForgottenText:
/// never inside a longer name of another person) and old audit command lines and changesets —
/// while the row, its household, residency and tags stay so counts and hours do not change.
/// Holds the file alone (ExclusiveUse: 75, nothing changed, if other processes keep it open past
/// the busy timeout) so that the WAL is folded into the file and emptied before it returns.
/// Audited without the removed data; cannot be undone. Returns the number of audit rows scrubbed.
std::int64_t forget_person(Context& ctx, std::string_view ref, std::string_view reason);

/// Persons whose name, household address, note or phone contains `text` (substring, works for
/// Chinese), at most `limit` rows.
Table search_persons(Context& ctx, std::string_view text, int limit);

}  // namespace shequ
