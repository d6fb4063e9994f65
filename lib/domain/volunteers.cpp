#include "domain/volunteers.h"

#include <cmath>

#include <fmt/format.h>

#include "records/audit.h"
#include "core/date.h"
#include "core/i18n.h"
#include "domain/persons.h"
#include "core/text.h"
#include "domain/numbering.h"
#include "records/validate.h"

namespace shequ {
namespace {

// A volunteer's verified minutes of all time, from the running totals (period ''): summing the
// entries instead read every verified entry of the district for `volunteer list` (0.58 s at
// 5.8 million entries).
constexpr const char* kVerifiedMinutes =
    "coalesce((SELECT x.verified_minutes FROM volunteer_hours_totals x WHERE x.period = '' "
    "AND x.volunteer_id = t.id), 0)";

std::optional<std::int64_t> volunteer_of_person(Context& ctx, std::int64_t person) {
  auto st = ctx.db.cached("SELECT id FROM volunteer WHERE person_id = ?");
  st.bind(1, person);
  if (st.step()) return st.integer(0);
  return std::nullopt;
}

// Generates the number and the joined date of a new volunteer; checks a given number's shape.
void prepare_volunteer(Context& ctx, Record& r, std::optional<std::int64_t> existing,
                       std::vector<Problem>& problems) {
  const Entity& e = volunteer_entity();
  // SPEC §4: a volunteer number is never the ID number (it is printed on certificates and lists).
  std::string id_number;
  if (auto n = std::get_if<std::string>(&r.get(e, "number")); n && !check_id_number(*n, id_number))
    problems.push_back({"number", std::string(tr("is an ID number; a volunteer number must not be one (leave it empty "
                                                 "to have one made from volunteer.number_format)",
                                                 "是身份证号；志愿者编号不能用身份证号（留空则按 volunteer.number_format 生成）"))});
  if (!existing) {
    if (auto p = std::get_if<std::int64_t>(&r.get(e, "person"))) existing = volunteer_of_person(ctx, *p);
  }
  if (existing) return;  // an update: nothing is generated
  if (!std::holds_alternative<std::string>(r.get(e, "number")))
    r.put(e, "number", next_number(ctx, kVolunteerNumbers, today().year).number);
  if (!std::holds_alternative<std::string>(r.get(e, "joined"))) r.put(e, "joined", to_iso(today()));
}

std::int64_t minutes_of_hours_cell(const Cell& c) {
  if (auto d = std::get_if<double>(&c)) return std::llround(*d * 60);
  if (auto i = std::get_if<std::int64_t>(&c)) return *i * 60;
  return 0;
}

// Adds a `stars` column after `hours`, computed from it under the configured thresholds.
void add_stars_column(const Config& config, Table& t) {
  std::size_t at = 0;
  while (at < t.columns.size() && t.columns[at].key != "hours") ++at;
  if (at == t.columns.size()) return;
  t.columns.insert(t.columns.begin() + static_cast<long>(at) + 1, Column{"stars", "Stars", "星级", true});
  for (auto& row : t.rows) {
    std::int64_t minutes = at < row.size() ? minutes_of_hours_cell(row[at]) : 0;
    std::vector<Cell> with;
    with.reserve(row.size() + 1);
    for (std::size_t i = 0; i < row.size(); ++i) {
      with.push_back(std::move(row[i]));
      if (i == at) with.emplace_back(std::int64_t{star_level(config, minutes)});
    }
    row = std::move(with);
  }
}

}  // namespace

Field volunteer_ref_field(bool required) {
  return {.key = "volunteer", .en = "Volunteer", .zh = "志愿者编号", .type = FieldType::ref, .column = "volunteer_id",
          .select = "(SELECT number FROM volunteer v WHERE v.id = t.volunteer_id)", .target = "volunteer",
          .required = required};
}

Field volunteer_name_field() {
  return {.key = "name", .en = "Name", .zh = "姓名",
          .select = "(SELECT p.name FROM volunteer v JOIN person p ON p.id = v.person_id WHERE v.id = t.volunteer_id)",
          .exported = false};
}

const Entity& volunteer_entity() {
  static const Entity e = [] {
    Entity e;
    e.name = "volunteer";
    e.plural = "volunteers";
    e.prefix = 'V';
    e.en = "volunteer";
    e.zh = "志愿者";
    e.table = "volunteer";
    e.fields = {
        {.key = "number", .en = "Number", .zh = "志愿者编号", .column = "number"},
        {.key = "person", .en = "Person", .zh = "人员", .type = FieldType::ref, .column = "person_id",
         .target = "person", .required = true, .listed = false},
        {.key = "name", .en = "Name", .zh = "姓名", .select = "(SELECT name FROM person p WHERE p.id = t.person_id)",
         .exported = false},
        {.key = "phone", .en = "Phone", .zh = "手机号", .type = FieldType::phone,
         .select = "(SELECT phone FROM person p WHERE p.id = t.person_id)", .privacy = Privacy::phone,
         .exported = false},
        {.key = "grid", .en = "Grid", .zh = "网格",
         .select = "(SELECT g.code FROM person p JOIN household h ON h.id = p.household_id "
                   "JOIN building b ON b.id = h.building_id JOIN grid g ON g.id = b.grid_id "
                   "WHERE p.id = t.person_id)",
         .exported = false},
        {.key = "recruited_via", .en = "Recruited via", .zh = "招募渠道", .type = FieldType::choice,
         .column = "recruited_via", .choices = {"grid-survey", "group-recommendation", "self-nomination"},
         .listed = false},
        {.key = "skills", .en = "Skills", .zh = "技能", .type = FieldType::tags, .column = "skills", .target = "skill", .max_chars = 1000},
        {.key = "teams", .en = "Teams", .zh = "所属队伍",
         .select = "(SELECT %ordered_concat(tm.name, ',', m.id) FROM team_member m JOIN team tm ON tm.id = m.team_id "
                   "WHERE m.volunteer_id = t.id AND m.to_date IS NULL)",
         .exported = false},
        {.key = "joined", .en = "Joined", .zh = "加入日期", .type = FieldType::date, .column = "joined", .past = true},
        {.key = "status", .en = "Status", .zh = "状态", .type = FieldType::choice, .column = "status",
         .choices = {"active", "paused", "left"}, .fallback = "active"},
        {.key = "hours", .en = "Verified hours", .zh = "累计时长",
         .select = std::string("round(") + kVerifiedMinutes + " / 60.0, 2)", .exported = false, .numeric = true},
        {.key = "points", .en = "Points", .zh = "积分", .select = "t.points_balance", .exported = false,
         .numeric = true},
        {.key = "note", .en = "Note", .zh = "备注", .column = "note", .listed = false, .multiline = true,
         .personal = Personal::about_owner},
    };
    e.natural_keys = {{"number"}, {"person"}};
    // Conditions on volunteer alone (the person's by their indexes, in a subquery), so only
    // matching rows join their person. NOCASE folds ASCII as upper() does, without a string per
    // row: one pass over volunteer numbers, or none once an index on number COLLATE NOCASE exists.
    e.lookup_sql =
        "SELECT v.id, v.number || ' ' || p.name FROM volunteer v JOIN person p ON p.id = v.person_id "
        "WHERE %equals_nocase(v.number, ?1) OR v.person_id IN (SELECT id FROM person WHERE name = ?1 OR phone = ?1)";
    // The lookup folds case: "nky1" beside "NKY1" would find both.
    e.collision_sql = "SELECT v.id, v.number FROM volunteer v WHERE v.number IN (upper(?1), lower(?1)) AND v.number <> ?1";
    e.prepare = prepare_volunteer;
    return e;
  }();
  return e;
}

int star_level(const Config& config, std::int64_t minutes) {
  int level = 0;
  for (std::int64_t threshold : config.integer_list("stars.thresholds_hours"))
    if (minutes >= threshold * 60) ++level;
  return level;
}

std::int64_t add_volunteer(Context& ctx, const Input& volunteer, const Input& person) {
  Change change(ctx);
  const Entity& e = volunteer_entity();
  Input in = volunteer;
  if (!in.get("person")) {
    if (!person.get("name"))
      throw Error(Exit::usage, std::string(tr("give --person REF for an existing person, or --name (and --phone, …) for a new one",
                                              "请用 --person 指定已有人员，或用 --name（及 --phone 等）登记新人员")));
    const Entity& pe = person_entity();
    std::vector<Problem> problems;
    Record pr = convert(ctx, pe, person, std::nullopt, problems);
    check_record(pe, pr, true, problems);
    throw_if(problems, person.where);
    auto pid = find_existing(ctx, pe, pr);
    if (!pid) pid = write_checked(ctx, pe, pr, std::nullopt, person.where).first;
    in.set("person", ref_text(pe, *pid));
  } else if (!person.values.empty()) {
    throw Error(Exit::usage, std::string(tr("--person names an existing person; leave out --name, --phone, …",
                                            "--person 指定已有人员时，不要再给 --name、--phone 等")));
  }
  std::vector<Problem> problems;
  Record r = convert(ctx, e, in, std::nullopt, problems);
  check_record(e, r, true, problems);
  throw_if(problems, in.where);
  std::int64_t person_id = std::get<std::int64_t>(r.get(e, "person"));
  if (auto v = volunteer_of_person(ctx, person_id))
    throw Error(
        Exit::refused,
        tr_format("person R{} already is volunteer {}", "人员 R{} 已是志愿者 {}", person_id, ref_text(e, *v)),
        tr_format("change it with `shequ volunteer set {}`", "可用 `shequ volunteer set {}` 修改", ref_text(e, *v)));
  if (auto other = find_existing(ctx, e, r))
    throw Error(Exit::refused, tr_format("volunteer number {} is taken by {}", "志愿者编号 {} 已被 {} 使用",
                                         cell_text(r.get(e, "number")), ref_text(e, *other)));
  check_key_collisions(ctx, e, r, std::nullopt, problems);
  throw_if(problems, in.where);
  auto [id, outcome] = write_checked(ctx, e, r, std::nullopt, in.where);
  change.subject("volunteer", id);
  change.commit();
  return id;
}

Table list_volunteers(Context& ctx, const VolunteerFilter& f, std::int64_t limit) {
  Query q;
  if (!f.team.empty())
    q.add("t.id IN (SELECT volunteer_id FROM team_member WHERE team_id = ? AND to_date IS NULL)",
          resolve(ctx, "team", f.team));
  match(ctx, volunteer_entity(), q, "skills", f.skill, "--skill");
  match(ctx, volunteer_entity(), q, "status", f.status);
  if (!f.grid.empty())
    q.add("t.person_id IN (SELECT p.id FROM person p JOIN household h ON h.id = p.household_id "
          "JOIN building b ON b.id = h.building_id WHERE b.grid_id = ?)",
          resolve(ctx, "grid", f.grid));
  if (f.stars) {
    auto thresholds = ctx.config.integer_list("stars.thresholds_hours");
    int n = *f.stars;
    if (n < 0 || n > static_cast<int>(thresholds.size()))
      throw Error(Exit::usage, tr_format("--stars must be 0 to {}", "--stars 应为 0 到 {}", thresholds.size()));
    std::int64_t lo = n == 0 ? 0 : thresholds[static_cast<std::size_t>(n - 1)] * 60;
    std::int64_t hi = n == static_cast<int>(thresholds.size()) ? INT64_MAX
                                                               : thresholds[static_cast<std::size_t>(n)] * 60;
    q.add(std::string(kVerifiedMinutes) + " >= ?", lo);
    q.add(std::string(kVerifiedMinutes) + " < ?", hi);
  }
  q.limit = limit;
  Table t = list_records(ctx, volunteer_entity(), q);
  add_stars_column(ctx.config, t);
  return t;
}

std::vector<StarStep> star_history(Context& ctx, std::int64_t volunteer_id) {
  std::vector<StarStep> steps;
  int level = 0;
  for (std::int64_t threshold : ctx.config.integer_list("stars.thresholds_hours"))
    steps.push_back({++level, threshold, ""});
  Stmt st(ctx.db, "SELECT date, minutes FROM service_hours WHERE volunteer_id = ? AND status = 'verified' "
                  "ORDER BY date, id");
  st.bind(1, volunteer_id);
  std::int64_t total = 0;
  std::size_t next = 0;
  while (next < steps.size() && st.step()) {
    total += st.integer(1);
    while (next < steps.size() && total >= steps[next].threshold_hours * 60) steps[next++].reached_on = st.text(0);
  }
  return steps;
}

Table show_volunteer(Context& ctx, std::int64_t id) {
  Table t = show_record(ctx, volunteer_entity(), id);
  add_stars_column(ctx.config, t);
  std::string since;
  for (const auto& s : star_history(ctx, id))
    if (!s.reached_on.empty()) since = s.reached_on;
  t.columns.push_back(Column{"stars_since", "Stars since", "星级评定日期"});
  t.rows[0].push_back(since.empty() ? Cell{} : Cell{since});
  return t;
}

Table star_table(Context& ctx, std::int64_t volunteer_id) {
  Table t;
  t.title = tr_format("Star levels of V{}", "V{} 的星级", volunteer_id);
  t.columns = {{"stars", "Stars", "星级", true}, {"threshold_hours", "Hours needed", "所需时长", true},
               {"reached_on", "Reached on", "达到日期"}};
  for (const auto& s : star_history(ctx, volunteer_id))
    t.rows.push_back({std::int64_t{s.level}, s.threshold_hours, s.reached_on.empty() ? Cell{} : Cell{s.reached_on}});
  return t;
}

}  // namespace shequ
