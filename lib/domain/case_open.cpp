// `case open`: a new case with its number, parties, mediators and first timeline entry.
#include "domain/case_internal.h"

#include <fmt/format.h>

#include "records/audit.h"
#include "core/i18n.h"
#include "domain/numbering.h"
#include "core/text.h"

namespace shequ {

using namespace case_detail;

CaseOpened open_case(Context& ctx, const CaseOpening& o) {
  Change change(ctx);
  std::string opened = date_or_today(o.opened, "--opened");
  if (*parse_date(opened) > today())
    throw Error(Exit::data, tr_format("--opened: {} is in the future", "--opened：{} 是将来的日期", opened));
  const std::string mode = o.mode.empty() ? "private" : one_of(o.mode, choices_of("mode"), "--mode");
  const std::string level = o.level.empty() ? "grid" : one_of(o.level, choices_of("level"), "--level");
  if (o.parties.empty())
    throw Error(Exit::data, std::string(tr("--party: a case has at least one party (e.g. --party applicant:R12)",
                                           "--party：案件至少要有一方当事人（如 --party applicant:R12）")));
  int year = parse_date(opened)->year;
  auto [number, seq] = next_number(ctx, kCaseNumbers, year);
  Input in;
  in.set("number", number);
  in.set("title", o.title);
  in.set("type", o.type);
  in.set("source", o.source.empty() ? "application" : o.source);
  in.set("grid", o.grid);
  in.set("mode", mode);
  in.set("level", level);
  in.set("status", "open");
  in.set("opened_on", opened);
  if (!o.dispute_since.empty()) in.set("dispute_since", o.dispute_since);
  if (!o.summary.empty()) in.set("summary", o.summary);
  std::vector<std::string> parties;
  for (const auto& p : o.parties) parties.push_back(p);
  in.set("parties", join(parties, "; "));
  const Entity& e = case_entity();
  std::vector<Problem> problems;
  Record r = convert(ctx, e, in, std::nullopt, problems);
  if (trim(o.title).empty()) problems.push_back({"title", std::string(tr("is required", "必填"))});
  if (trim(o.type).empty()) problems.push_back({"type", std::string(tr("is required", "必填"))});
  if (trim(o.grid).empty()) problems.push_back({"grid", std::string(tr("is required", "必填"))});
  r.put(e, "year", std::int64_t{year});
  r.put(e, "seq", seq);
  // The problems name the options of `case open` and the field's label, as `person add` does.
  static const std::pair<const char*, const char*> kOptions[] = {
      {"title", "--title"}, {"type", "--type"},   {"source", "--source"}, {"grid", "--grid"},       {"mode", "--mode"},
      {"level", "--level"}, {"opened_on", "--date"}, {"dispute_since", "--since"}, {"summary", "--summary"}, {"parties", "--party"}};
  for (Problem& p : problems)
    for (auto [key, option] : kOptions)
      if (const Field* f = e.field(key); f && p.field == key) {
        p.field = tr_format("{} ({})", "{}（{}）", option, tr(f->en, f->zh));
        break;
      }
  throw_if(problems, "");
  std::vector<Mediator> mediators;
  for (const auto& m : o.mediators) mediators.push_back(resolve_mediator(ctx, m));
  static const Entity opening = [] {  // the case entity without the import's after_write
    Entity copy = case_entity();
    copy.after_write = [](Context& c, std::int64_t id, Outcome out, const Record& rec) {
      write_case_rows(c, id, out, rec, false);
    };
    return copy;
  }();
  auto [id, outcome] = write_checked(ctx, opening, r, std::nullopt, "");
  // write_case_rows wrote the parties and the "open" entry; mediators follow.
  for (std::size_t i = 0; i < mediators.size(); ++i) {
    const char* role = i == 0 ? "lead" : "assist";
    start_mediator(ctx, id, mediators[i], role, opened);
    add_entry(ctx, id, opened, "assign", "open",
              EntryText{.code = fmt::format("{}:R{}", role, mediators[i].person)});
  }
  change.subject("case", id);
  change.commit();
  return CaseOpened{id, number};
}

}  // namespace shequ
