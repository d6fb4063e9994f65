// The audit log: every change and every reveal, append-only.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/context.h"
#include "storage/row_capture.h"

namespace shequ {

class ForgottenText;

/// One command's change to the data file: BEGIN IMMEDIATE plus a capture of every row the
/// command changes; commit() writes one audit row (operator, command line, subject, per-table
/// counts) and one audit_row per changed row (its values before and after — enough to undo),
/// and commits, all or nothing.
/// Destroyed without commit(), nothing is written.
class Change {
 public:
  explicit Change(Context& ctx);
  ~Change();
  Change(const Change&) = delete;
  Change& operator=(const Change&) = delete;

  /// Names the record this command is about, shown by `shequ audit`.
  void subject(std::string_view entity, std::int64_t id);
  /// Marks the audit row's action (default "change"; "undo" rows also name what they undo).
  void action(std::string_view action, std::int64_t undoes = 0);
  /// Stops recording row changes (large imports record a summary only; see import.cpp).
  void record_rows(bool on);
  /// Sets the audit row's summary (JSON) instead of the per-table counts of the changeset.
  void summary(std::string json);
  /// Records this text instead of the command line (when the command line itself is personal).
  void command(std::string text);
  /// Writes the audit row and commits. Returns the audit row's id (0 if nothing changed).
  std::int64_t commit();

 private:
  Context& ctx_;
  std::unique_ptr<Txn> txn_;
  std::unique_ptr<RowCapture> capture_;
  std::string entity_;
  std::int64_t entity_id_ = 0;
  std::string action_ = "change";
  std::int64_t undoes_ = 0;
  std::string summary_;
  std::string command_;
};

/// Records that masked data of `entity` (id, or 0 for a listing) was shown with --reveal.
void audit_reveal(Context& ctx, std::string_view entity, std::int64_t id, std::string_view what);

/// Filters for `shequ audit`.
struct AuditQuery {
  std::string since;  // ISO date or timestamp, inclusive
  std::string entity;
  std::string operator_name;
  int limit = 100;
};

/// One audit row as listed.
struct AuditEntry {
  std::int64_t id;
  std::string at, operator_name, action, command, entity;
  std::int64_t entity_id;
  std::string summary;
  std::int64_t undoes;
  std::string today;  // the business date $SHEQU_TODAY set for the command, empty if the real one
};

/// Audit rows, newest first. Unless revealed, the command text shows only option names, the
/// noun and verb, and references (R12, 2026-0042, 3-2-501); other values read *** (mask_command_values),
/// and phone and ID numbers are masked.
std::vector<AuditEntry> list_audit(Context& ctx, const AuditQuery& q);

/// The undo data of audit row `audit_id`, row by row, newest first; `tables` limits it to those
/// tables (or, with `except`, to all others). False if the audit row kept none.
bool for_each_audit_row(Db& db, std::int64_t audit_id, const std::vector<std::string>& tables, bool except,
                        const std::function<void(const RowImage&)>& row);

/// Migration step (0016): the undo changesets an older shequ stored become audit rows.
void convert_stored_changesets(Db& db);

/// For `person forget`: blanks the command lines of audit rows about the person (their row, a
/// row referring to them by `person_id`, or undo data quoting their name, phone or ID number)
/// and drops those rows' undo data; other rows have the strings replaced in their command
/// lines and summaries (by `text`'s rule). Must run inside the forgetting Change. Returns the
/// number of audit rows changed.
std::int64_t scrub_audit(Context& ctx, std::int64_t person_id, const ForgottenText& text);

/// A shell-quoted command line with its values replaced by ***: option names, global option
/// values (--db, --format, …), the noun and verb and reference-like words stay. Case notes,
/// names and summaries typed on the command line are confidential like the fields they fill.
std::string mask_command_values(std::string_view command);

}  // namespace shequ
