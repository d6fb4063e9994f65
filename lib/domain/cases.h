// Mediation cases (people's mediation): opening a case, its lifecycle as one explicit state
// machine, deadlines, and confidentiality of everything but the title.
//
//   open ──session──▶ mediating ──agree──▶ agreed ──close──▶ closed
//     │                   │                  ▲ │                │
//     └──────fail─────────┴──fail──▶ failed ─┼─┴─close──────────┤
//                                            └──── reopen ◀─────┘  (agreed|failed|closed → mediating)
//
// The case row holds the current state; case_entry is the append-only timeline of every step.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "records/entity.h"

namespace shequ {

/// The case entity (mediation_case, prefix C, natural key: the case number). Parties, summary
/// and agreement terms are confidential; `import cases` loads historic cases from paper
/// registers and `export cases` writes them, confidential columns only with --reveal.
const Entity& case_entity();

/// The parties of cases as a record description (not an import kind): its personal text.
const Entity& case_party_record();

/// The roles of a party to a case (codes of the choices table: labels 申请人, 被申请人, 当事人).
inline const std::vector<std::string> kPartyRoles = {"applicant", "respondent", "party"};
/// The roles of a mediator on a case, lead first (主调, 协调).
inline const std::vector<std::string> kMediatorRoles = {"lead", "assist"};

/// `case open`: every text is as typed; empty members take their defaults.
struct CaseOpening {
  std::string title;                 // neutral: the only free text shown without --reveal
  std::string type;                  // vocab case-type (required)
  std::string source;                // vocab case-source; default application
  std::string grid;                  // grid reference (required)
  std::vector<std::string> parties;  // "ROLE:REF": applicant|respondent|party : R12, H3, 3-2-501, a name or phone, P2, org:NAME, name:NAME
  std::string mode;                  // private (default) | online | offline | public
  std::string level;                 // grid (default) | community | street
  std::string opened;                // date the case is opened; default today
  std::string dispute_since;         // date the dispute began
  std::string summary;               // confidential description
  std::vector<std::string> mediators;  // first one lead, the rest assist
};

/// The new case's id and number.
struct CaseOpened {
  std::int64_t id = 0;
  std::string number;
};

/// Opens a case: allocates the next number of the year inside the write transaction (gap-free,
/// unique under concurrent writers), writes parties, mediators and the first timeline entry.
CaseOpened open_case(Context& ctx, const CaseOpening& o);

/// The lifecycle verbs; each is one transition of the state machine.
enum class CaseVerb { assign, note, session, escalate, agree, fail, follow_up, review, close, reopen, extend };

/// The command word of a verb ("follow-up").
std::string_view case_verb_name(CaseVerb verb);

/// The verbs allowed in a status ("open", "mediating", …), in table order.
std::vector<CaseVerb> case_verbs_allowed(std::string_view status);

/// The statuses `verb` may lead a case in `status` to, the usual one first (follow-up from agreed:
/// agreed, or mediating when a broken agreement reopens it); empty if the status does not allow it.
std::vector<std::string_view> case_step_targets(std::string_view status, CaseVerb verb);

/// One lifecycle step. Each verb reads the members listed beside it; others must stay empty.
struct CaseStep {
  std::string case_ref;
  std::string date;             // all: the day it happened; default today; never before the case opened or after today
  std::string text;             // note: the note; session: the record; escalate/fail/reopen/extend: reason;
                                // agree: the terms; follow-up: the visit note; review: lessons learnt
  std::string mediator;         // assign: person or volunteer reference
  std::string role;             // assign: lead (default) | assist
  bool end = false;             // assign: end this mediator's assignment instead
  std::string method;           // session: vocab mediation-method (required)
  std::string outcome;          // session: what came of it
  std::string level;            // escalate: community | street; default the next level up
  std::string agreement_kind;   // agree: written | oral (required)
  std::string facts, issues, responsibilities, performance;  // agree: required for a written agreement
  std::string perform_by;       // agree: by when it is carried out (required for written); extend: the new deadline
  std::string referral;         // fail: arbitration | administrative | court (required)
  std::string result;           // follow-up: holding | broken (required)
  std::optional<int> satisfaction;  // follow-up: 1–5
  bool reopen = false;          // follow-up: a broken agreement reopens the case
  std::optional<int> days;      // extend: days added to the current deadline
  bool consent = false;         // extend: both parties consented (required)
};

/// Runs one verb: refuses (1) a verb the case's status does not allow, naming the status and
/// the allowed verbs; bad input is 65 naming the option. Writes the state and a timeline entry
/// in one audited Change. Returns the status afterwards.
std::string case_step(Context& ctx, CaseVerb verb, const CaseStep& step);

/// `case set`: corrections of what was recorded when the case was opened. Absent members stay
/// as they are; at least one must be given (64).
struct CaseCorrection {
  std::string case_ref;
  std::optional<std::string> title, type, source, grid, mode, summary, dispute_since;
};

/// Corrects a case in any status: values are checked as `case open` checks them (65 naming the
/// option; the dispute cannot start after the case was opened or in the future), the columns are
/// written and one timeline entry (a note, code "set: --grid 03→05; --summary") names what
/// changed — the old and new values of the fields shown without --reveal, only the names of
/// confidential ones. Nothing that differs: refused (1). One audited, undoable change.
void correct_case(Context& ctx, const CaseCorrection& c);

/// `case party add|remove CASE ROLE:WHO` (WHO as `case open --party` reads it). Adding refuses (1)
/// someone already a party or a current mediator; removing refuses (1) the last party and (66)
/// someone who is not a party. Each writes a timeline note (code "party+ ROLE" / "party- ROLE",
/// the party, confidential, in its text). One audited, undoable change.
void add_case_party(Context& ctx, const std::string& case_ref, const std::string& party);
void remove_case_party(Context& ctx, const std::string& case_ref, const std::string& party);

/// Filters of `case list`; empty members do not filter.
struct CaseFilter {
  std::string status;       // a status, or "active" (open or mediating)
  std::string level, type, grid, mediator;
  std::optional<int> older_than;  // days since opening
  bool overdue = false;     // open or mediating past the deadline
  std::string year;         // opened in this year
};

/// The query for `case list` (references resolved, 66 if unknown; 65 for a bad status/level).
Query case_query(Context& ctx, const CaseFilter& f);

/// Rows of `case list`: never any confidential text, even with --reveal (use `case show`).
Table list_cases(Context& ctx, const Query& q);

/// Everything `case show` prints: the record, parties, mediators (with history) and timeline.
/// Party names and all timeline texts are hidden unless ctx.reveal (then audited).
struct CaseSheet {
  Table record;     // one row, every field of the entity
  Table parties;
  Table mediators;
  Table timeline;
};

/// The sheet of one case.
CaseSheet case_sheet(Context& ctx, std::int64_t id);

/// One thing due on a case.
struct CaseDue {
  std::string kind;  // escalate | overdue | follow-up
  std::int64_t id = 0;
  std::string number, title, grid, level, status;
  Date due_on;       // the day it became due
  int days_late = 0; // days from due_on to today
};

/// What is due today: grid-level cases older than cases.escalate_after_days (due for escalation),
/// open or mediating cases past their deadline (overdue), agreements without a follow-up visit
/// cases.followup_after_days after agreement. Ordered by due date.
std::vector<CaseDue> cases_due(Context& ctx, Date today, const std::string& grid = "");

/// cases_due() as a table for `case due` (and `report due`).
Table cases_due_table(Context& ctx, const std::vector<CaseDue>& items);

/// The deadline of a case opened on `opened` with `deadline_days` (plain day arithmetic).
Date case_deadline(Date opened, int deadline_days);

}  // namespace shequ
