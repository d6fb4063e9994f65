// `case set`: corrections of what was recorded when a case was opened, named in its timeline.
#include "domain/case_internal.h"

#include <fmt/format.h>

#include "records/audit.h"
#include "core/i18n.h"
#include "core/text.h"

namespace shequ {

using namespace case_detail;

namespace {

// The fields `case set` corrects: key, option, and whether its value is shown without --reveal.
struct Correctable {
  const char* key;
  const char* option;
  bool shown;
  std::optional<std::string> CaseCorrection::*value;
};
const Correctable kCorrectable[] = {
    {"title", "--title", true, &CaseCorrection::title},
    {"type", "--type", true, &CaseCorrection::type},
    {"source", "--source", true, &CaseCorrection::source},
    {"grid", "--grid", true, &CaseCorrection::grid},
    {"mode", "--mode", true, &CaseCorrection::mode},
    {"summary", "--summary", false, &CaseCorrection::summary},
    {"dispute_since", "--dispute-start", true, &CaseCorrection::dispute_since},
};

// The corrected fields as stored, in kCorrectable's order (grid by its code).
std::vector<std::string> correctable_values(Context& ctx, std::int64_t id) {
  Stmt st(ctx.db,
          "SELECT title, type, coalesce(source, ''), coalesce((SELECT code FROM grid g WHERE g.id = t.grid_id), ''), "
          "coalesce(mode, ''), coalesce(summary, ''), coalesce(dispute_since, '') FROM mediation_case t WHERE id = ?");
  st.bind(1, id);
  std::vector<std::string> v;
  if (st.step())
    for (int i = 0; i < 7; ++i) v.push_back(st.text(i));
  return v;
}

}  // namespace

void correct_case(Context& ctx, const CaseCorrection& c) {
  Change change(ctx);
  const Entity& e = case_entity();
  std::int64_t id = resolve(ctx, e, c.case_ref);
  CaseState st = load_state(ctx, id);
  Input in;
  for (const Correctable& f : kCorrectable)
    if (const auto& v = c.*f.value) in.set(f.key, *v);
  if (in.values.empty())
    throw Error(Exit::usage, std::string(tr("case set: give at least one of --title, --type, --source, --grid, --mode, "
                                            "--summary, --dispute-start",
                                            "case set：请至少给出 --title、--type、--source、--grid、--mode、--summary、"
                                            "--dispute-start 之一")));
  for (const char* key : {"title", "type", "grid", "mode"})  // what every case has cannot be blanked
    if (const std::string* v = in.get(key); v && trim(*v).empty()) bad(option_name(key), std::string(tr("is required", "必填")));
  if (c.dispute_since && !trim(*c.dispute_since).empty()) {
    std::string since = date_or_today(*c.dispute_since, "--dispute-start");
    if (*parse_date(since) > st.opened)
      bad("--dispute-start",
          tr_format("{} is after the case was opened ({})", "{} 晚于立案日期（{}）", since, to_iso(st.opened)));
  }
  std::vector<Problem> problems;
  Record r = convert(ctx, e, in, id, problems);
  check_record(e, r, false, problems);
  for (Problem& p : problems)  // the options of `case set`, as `case open` names them
    for (const Correctable& f : kCorrectable)
      if (p.field == f.key) p.field = f.option;
  throw_if(problems, "");
  std::vector<std::string> before = correctable_values(ctx, id);
  write_checked(ctx, e, r, id, "");
  std::vector<std::string> after = correctable_values(ctx, id);
  std::vector<std::string> changed;
  for (std::size_t i = 0; i < std::size(kCorrectable); ++i) {
    if (before[i] == after[i]) continue;
    const Correctable& f = kCorrectable[i];
    changed.push_back(f.shown ? fmt::format("{} {}→{}", f.option, before[i], after[i]) : std::string(f.option));
  }
  if (changed.empty())
    refuse(st, CaseVerb::note, std::string(tr("case set: nothing differs from what is recorded", "case set：与现有记录相同，无需更正")));
  add_entry(ctx, id, correction_date(ctx, id), "note", st.status, EntryText{.code = "set: " + join(changed, "; ")});
  change.subject("case", id);
  change.commit();
}

}  // namespace shequ
