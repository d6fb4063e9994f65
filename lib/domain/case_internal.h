// What the case_*.cpp files share and nothing else includes: the party and mediator records,
// the timeline, the state as loaded, and the refusals every case verb words the same way.
// The public face of cases is cases.h.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/cases.h"
#include "core/date.h"
#include "records/entity.h"

namespace shequ::case_detail {

// ---- values ----

/// The case levels, lowest first.
inline constexpr const char* kLevels[] = {"grid", "community", "street"};
/// The rank of a level in kLevels; -1 if it is none.
int level_rank(std::string_view level);
/// An optional user-typed date as ISO (today if empty); 65 naming `option` if it is no date.
/// Throws 65 "OPTION: MESSAGE".
[[noreturn]] void bad(std::string_view option, std::string message);
/// 65 naming `option` when `value` is blank.
void require_text(const std::string& value, std::string_view option);
/// The code of `choices` that `value` names (the code, its zh or en label or a common spelling,
/// through the one choices table); 65 naming `option` and listing the choices with labels if none.
std::string one_of(const std::string& value, const std::vector<std::string>& choices, std::string_view option);
/// The choices of the case entity's field `key` (mode, level, status, …).
const std::vector<std::string>& choices_of(std::string_view key);


// ---- parties and mediators (case_parties.cpp) ----

/// One party of a case: a person, a household, a partner unit, or a name (an organisation's).
struct Party {
  std::string role;
  std::optional<std::int64_t> person, household, partner;
  std::string name;  // organisation / unregistered name; the partner's name
  bool org = false;
};

/// SQL over alias t (a mediation_case row) giving its parties as `export cases` writes them.
extern const char* const kPartiesSelect;
/// One "ROLE:REF" into a party; returns the problem, if any.
std::optional<std::string> parse_party(Context& ctx, std::string_view text, Party& p);
/// The party as `export cases` writes it: "respondent:R5 张三".
std::string party_text(Context& ctx, const Party& p);
/// The parties of a `parties` text ("a; b；c" or one a line).
std::vector<std::string> split_parties(std::string_view text);
/// Replaces the case's parties.
void write_parties(Context& ctx, std::int64_t case_id, const std::vector<Party>& parties);

/// A mediator: always a person, and the volunteer record when they mediate as one.
struct Mediator {
  std::int64_t person = 0;
  std::optional<std::int64_t> volunteer;
};
/// A volunteer (V12 or a volunteer number) or else a person; 66 if neither.
Mediator resolve_mediator(Context& ctx, const std::string& text);
/// Starts an assignment on `date`; refuses (65) a mediator who is a party or lives in a party's household.
void start_mediator(Context& ctx, std::int64_t case_id, const Mediator& m, std::string_view role,
                    const std::string& date);

/// One mediator assignment as `export cases` writes it in the `mediators` column:
/// "lead:张三@2026-03-02", and "~2026-04-01" after it when the assignment ended.
struct Assignment {
  std::string role;
  Mediator mediator;
  std::string from, to;  // ISO dates; `to` empty while it lasts
};
/// SQL over alias t (a mediation_case row) giving its assignments as `export cases` writes them.
std::string mediators_select();
/// One "ROLE:WHO[@FROM[~TO]]" into an assignment, FROM defaulting to `opened_on`; the problem, if any.
std::optional<std::string> parse_assignment(Context& ctx, std::string_view text, const std::string& opened_on,
                                            Assignment& a);
/// The assignment as `export cases` writes it (the text mediators_select() gives).
std::string assignment_text(Context& ctx, const Assignment& a);
/// Whether the mediator is one of `parties` or lives in a party household (a mediator is impartial).
bool is_party(Context& ctx, const Mediator& m, const std::vector<Party>& parties);
/// Replaces the case's mediator assignments.
void write_assignments(Context& ctx, std::int64_t case_id, const std::vector<Assignment>& assignments);

// ---- the timeline and the state (case_record.cpp) ----

/// The texts of one timeline entry; empty ones are stored as null.
struct EntryText {
  std::string code{}, text{}, facts{}, issues{}, responsibilities{}, performance{}, due{};
  std::optional<int> satisfaction{};
};
/// Appends one entry to the case's timeline (case_entry), recorded now by the operator.
void add_entry(Context& ctx, std::int64_t case_id, const std::string& date, std::string_view kind,
               std::string_view status_after, const EntryText& t);
/// The parties and the first timeline entry of a new case ("import" marks one from `import cases`).
void write_case_rows(Context& ctx, std::int64_t id, Outcome outcome, const Record& r, bool imported);

/// What the verbs read of a case before they act.
struct CaseState {
  std::int64_t id = 0;
  std::string number, status, level;
  Date opened, deadline;
  std::optional<Date> agreed_on;
};
/// The state of case `id`; 66 if there is none.
CaseState load_state(Context& ctx, std::int64_t id);
/// The last step's date or today, whichever is later: a correction is recorded when it is made.
std::string correction_date(Context& ctx, std::int64_t id);

/// Refuses (1) `verb` on the case: names its status and either `why` or the verbs allowed now.
[[noreturn]] void refuse(const CaseState& s, CaseVerb verb, std::string why = {});

}  // namespace shequ::case_detail
