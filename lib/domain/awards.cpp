#include "domain/awards.h"

#include <cmath>

#include <fmt/format.h>

#include "records/audit.h"
#include "records/values.h"
#include "core/date.h"
#include "core/i18n.h"
#include "domain/volunteers.h"
#include "domain/points.h"
#include "core/text.h"
#include "records/voids.h"

namespace shequ {
namespace {

void prepare_award(Context& ctx, Record& r, std::optional<std::int64_t> existing, std::vector<Problem>& problems) {
  const Entity& e = award_entity();
  int recipients = 0;
  for (const char* k : {"volunteer", "team", "household"})
    if (std::holds_alternative<std::int64_t>(r.get(e, k))) ++recipients;
  if (!existing && recipients != 1)
    problems.push_back({"volunteer", std::string(tr("name exactly one recipient: a volunteer, a team or a household",
                                                    "须且只能有一个获奖对象：志愿者、队伍或住户之一"))});
  auto bonus = std::get_if<double>(&r.get(e, "bonus_points"));
  if (bonus && (!(*bonus > 0) || std::abs(*bonus * 100 - std::round(*bonus * 100)) > 1e-6))
    problems.push_back({"bonus_points", tr_format("{} is not a positive amount with at most 2 decimals",
                                                  "{} 不是至多两位小数的正数", cell_text(*bonus))});
  if (bonus && !std::holds_alternative<std::int64_t>(r.get(e, "volunteer")))
    problems.push_back({"bonus_points", std::string(tr("bonus points go to a volunteer, not a team or household",
                                                       "奖励积分只能给志愿者，不能给队伍或住户"))});
  if (auto y = std::get_if<std::int64_t>(&r.get(e, "year")); y && (*y < 1900 || *y > today().year + 1))
    problems.push_back({"year", tr_format("{} is not a plausible year", "{} 不是合理的年份", *y)});
  // A granted bonus is in the ledger: it cannot be changed by editing the award.
  if (!existing) existing = find_existing(ctx, e, r);
  if (existing) {
    auto st = ctx.db.cached("SELECT bonus_points FROM award WHERE id = ?");
    st.bind(1, *existing);
    if (st.step() && r.has(e, "bonus_points")) {
      Value stored;
      if (!st.is_null(0)) stored = st.real(0);
      if (stored != r.get(e, "bonus_points"))
        problems.push_back({"bonus_points", std::string(tr("cannot change after the award was granted; use `shequ points adjust`",
                                                           "授予后不能修改；请用 `shequ points adjust`"))});
    }
  } else if (!std::holds_alternative<std::string>(r.get(e, "granted_on"))) {
    r.put(e, "granted_on", to_iso(today()));
  }
}

}  // namespace

const Entity& award_entity() {
  static const Entity e = [] {
    Entity e;
    e.name = "award";
    e.plural = "awards";
    e.en = "award";
    e.zh = "荣誉";
    e.table = "award";
    e.order_by = "t.year DESC, t.id DESC";
    e.fields = {
        {.key = "kind", .en = "Kind", .zh = "荣誉类别", .type = FieldType::vocab, .column = "kind", .target = "award-kind",
         .required = true},
        {.key = "year", .en = "Year", .zh = "年度", .type = FieldType::integer, .column = "year", .required = true, .min = 1900, .max = 2200},
        volunteer_ref_field(false),
        {.key = "team", .en = "Team", .zh = "队伍", .type = FieldType::ref, .column = "team_id",
         .select = "(SELECT name FROM team x WHERE x.id = t.team_id)", .target = "team"},
        {.key = "household", .en = "Household", .zh = "住户", .type = FieldType::ref, .column = "household_id",
         .select = "(SELECT address FROM household h WHERE h.id = t.household_id)", .target = "household"},
        {.key = "recipient", .en = "Recipient", .zh = "获奖者",
         .select = "coalesce((SELECT p.name FROM volunteer v JOIN person p ON p.id = v.person_id "
                   "WHERE v.id = t.volunteer_id), (SELECT name FROM team x WHERE x.id = t.team_id), "
                   "(SELECT address FROM household h WHERE h.id = t.household_id))",
         .exported = false},
        {.key = "title", .en = "Title", .zh = "称号", .column = "title"},
        {.key = "bonus_points", .en = "Bonus points", .zh = "奖励积分", .type = FieldType::real, .column = "bonus_points", .min = 0.01, .max = 1e6},
        {.key = "granted_on", .en = "Granted on", .zh = "授予日期", .type = FieldType::date, .column = "granted_on"},
        {.key = "note", .en = "Note", .zh = "备注", .column = "note", .listed = false, .multiline = true,
         .personal = Personal::about_owner},
        void_field(),
    };
    e.natural_keys = {{"kind", "year", "volunteer?", "team?", "household?"}};
    e.prepare = prepare_award;
    e.after_write = [](Context& ctx, std::int64_t id, Outcome outcome, const Record& r) {
      const Entity& self = award_entity();
      if (outcome != Outcome::inserted) return;
      auto bonus = std::get_if<double>(&r.get(self, "bonus_points"));
      auto volunteer = std::get_if<std::int64_t>(&r.get(self, "volunteer"));
      if (!bonus || !volunteer) return;
      LedgerLinks links;
      links.award = id;
      std::string reason = fmt::format("{} {}", std::get<std::int64_t>(r.get(self, "year")),
                                       std::get<std::string>(r.get(self, "kind")));
      append_ledger(ctx, *volunteer, "bonus", *bonus, reason, links);
    };
    return e;
  }();
  return e;
}

std::int64_t grant_award(Context& ctx, const Granting& g) {
  const Entity& e = award_entity();
  Change change(ctx);
  // The kind as its code (最美家庭 → best-family), so that it picks the recipient's field; an
  // unknown kind is left for convert() to report with the choices.
  std::string kind = trim(g.kind);
  if (Value code; !convert_value(ctx, *e.field("kind"), kind, code)) kind = std::get<std::string>(code);
  Input in;
  in.set("kind", kind);
  in.set("year", g.year.empty() ? std::to_string(today().year) : g.year);
  std::string who = trim(g.recipient);
  std::string field = "volunteer";
  char p = who.empty() ? 0 : static_cast<char>(std::toupper(static_cast<unsigned char>(who[0])));
  bool prefixed = who.size() >= 2 && std::all_of(who.begin() + 1, who.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (prefixed && p == entity_named("team").prefix) field = "team";
  else if (prefixed && p == entity_named("household").prefix) field = "household";
  else if (!prefixed && kind == "best-team") field = "team";
  else if (!prefixed && kind == "best-family") field = "household";
  in.set(field, who);
  if (!g.points.empty()) in.set("bonus_points", cell_text(parse_points(g.points, "--points", false)));
  if (!g.title.empty()) in.set("title", g.title);
  if (!g.date.empty()) in.set("granted_on", g.date);
  if (!g.note.empty()) in.set("note", g.note);
  std::vector<Problem> problems;
  Record r = convert(ctx, e, in, std::nullopt, problems);
  // convert() ran prepare with no existing record; a duplicate shows up through find_existing.
  std::optional<std::int64_t> existing;
  if (problems.empty()) existing = find_existing(ctx, e, r);
  if (existing) {
    problems.erase(std::remove_if(problems.begin(), problems.end(), [](const Problem& q) { return q.field == "bonus_points"; }),
                   problems.end());
  }
  check_record(e, r, true, problems);
  throw_if(problems, "");
  if (existing)
    throw Error(Exit::refused,
                tr_format("this award was already granted (award {})", "该荣誉已授予过（第 {} 项）", *existing),
                "shequ award list");
  auto [id, outcome] = write_checked(ctx, e, r, std::nullopt, "");
  change.subject("award", id);
  change.commit();
  return id;
}

Table list_awards(Context& ctx, const std::string& year, const std::string& kind) {
  Query q;
  if (!year.empty()) {
    std::int64_t y = 0;
    try { y = std::stoll(year); } catch (...) {}
    if (y < 1900 || y > 2200)
      throw Error(Exit::data, tr_format("--year: \"{}\" is not a year", "--year：“{}”不是年份", year));
    q.add("t.year = ?", y);
  }
  match(ctx, award_entity(), q, "kind", kind);
  return list_records(ctx, award_entity(), q);
}

}  // namespace shequ
