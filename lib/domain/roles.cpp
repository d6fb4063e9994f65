#include "domain/roles.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <regex>

#include <fmt/format.h>

#include "records/audit.h"
#include "records/choices.h"
#include "records/values.h"
#include "core/date.h"
#include "core/i18n.h"
#include "storage/dialect.h"
#include "domain/grids.h"
#include "domain/party.h"
#include "domain/persons.h"
#include "core/text.h"

namespace shequ {

namespace {

const std::vector<std::string> kRoles = {"committee-member", "officer", "central-household", "grid-leader",
                                         "neighbourhood-leader"};

// Roles one person at a time holds per grid (the two "1"s of 1+1+N).
bool single_holder(std::string_view role) { return role == "committee-member" || role == "officer"; }

std::string grid_code(Context& ctx, std::int64_t grid) {
  auto st = ctx.db.cached("SELECT code FROM grid WHERE id = ?");
  st.bind(1, grid);
  return st.step() ? st.text(0) : ref_text(grid_entity(), grid);
}

std::string person_label(Context& ctx, std::int64_t person) {
  auto st = ctx.db.cached("SELECT name FROM person WHERE id = ?");
  st.bind(1, person);
  const std::string ref = ref_text(person_entity(), person);
  return st.step() ? fmt::format("{} {}", ref, st.text(0)) : ref;
}

// One item of what a neighbourhood leader covers: a whole building or one of its units.
struct Scope {
  std::int64_t building_id = 0;
  std::string number;
  std::int64_t grid_id = 0;
  std::optional<int> unit;
};

// Parses "3, 5-1, 6栋2单元" into buildings and units; problems name the bad items.
std::vector<Scope> parse_covers(Context& ctx, std::string_view text, std::vector<Problem>& problems) {
  static const std::regex item(R"(^([0-9A-Za-z]+)(?:栋|幢|号楼)?(?:-([0-9]{1,2})|([0-9]{1,2})单元)?$)");
  std::string t(text);
  for (std::string_view sep : {"，", "、", "；", ";", " "})
    for (auto pos = t.find(sep); pos != std::string::npos; pos = t.find(sep)) t.replace(pos, sep.size(), ",");
  std::vector<Scope> out;
  for (const auto& part : split(t, ',')) {
    std::string p = trim(part);
    if (p.empty()) continue;
    std::smatch m;
    if (!std::regex_match(p, m, item)) {
      problems.push_back(
          {"covers", tr_format("\"{}\" is not a building (3) or a unit (3-2)", "“{}”不是楼栋（3）或单元（3-2）", p)});
      continue;
    }
    auto st = ctx.db.cached("SELECT id, units, grid_id FROM building WHERE number = ?");
    st.bind(1, m[1].str());
    if (!st.step()) {
      problems.push_back({"covers", tr_format("building {} does not exist (see `shequ building list`)",
                                              "楼栋 {} 不存在（见 `shequ building list`）", m[1].str())});
      continue;
    }
    Scope s{st.integer(0), m[1].str(), st.integer(2), std::nullopt};
    std::int64_t units = st.integer(1);
    std::string unit = m[2].matched ? m[2].str() : m[3].str();
    if (!unit.empty()) {
      s.unit = std::stoi(unit);
      if (*s.unit < 1 || *s.unit > units) {
        problems.push_back({"covers", tr_format("building {} has {} units, not {}",
                                                "楼栋 {} 只有 {} 个单元，没有 {} 单元", s.number, units, *s.unit)});
        continue;
      }
    }
    out.push_back(s);
  }
  if (out.empty() && problems.empty())
    problems.push_back({"covers", std::string(tr("names no building or unit", "未列出任何楼栋或单元"))});
  // Whole buildings swallow their units; keep one entry each, in building order.
  std::sort(out.begin(), out.end(), [](const Scope& a, const Scope& b) {
    if (a.building_id != b.building_id) return a.building_id < b.building_id;
    return a.unit.value_or(0) < b.unit.value_or(0);
  });
  std::vector<Scope> kept;
  for (const auto& s : out) {
    if (!kept.empty() && kept.back().building_id == s.building_id && (!kept.back().unit || kept.back().unit == s.unit))
      continue;
    if (!s.unit) {
      while (!kept.empty() && kept.back().building_id == s.building_id) kept.pop_back();
    }
    kept.push_back(s);
  }
  return kept;
}

std::string covers_text(const std::vector<Scope>& scopes) {
  std::vector<std::string> items;
  for (const auto& s : scopes) items.push_back(s.unit ? fmt::format("{}-{}", s.number, *s.unit) : s.number);
  return join(items, ",");
}

// Finds a role of `role` in `grid` (or of `person` in it) whose period overlaps [from, to).
struct Holder {
  std::int64_t id = 0, person = 0;
  std::string from, to;
};

std::optional<Holder> overlapping(Context& ctx, std::string_view role, std::int64_t grid,
                                  std::optional<std::int64_t> person, std::optional<std::int64_t> self,
                                  const std::string& from, const std::string& to) {
  auto st = ctx.db.cached(
      "SELECT id, person_id, from_date, coalesce(to_date, '') FROM grid_role WHERE role = ?1 AND grid_id = ?2 "
      "AND (?3 IS NULL OR person_id = ?3) AND id IS DISTINCT FROM ?4 AND from_date < coalesce(?5, '9999-12-31') "
      "AND coalesce(to_date, '9999-12-31') > ?6 ORDER BY from_date LIMIT 1");
  st.bind(1, role).bind(2, grid);
  if (person) st.bind(3, *person); else st.bind(3, nullptr);
  if (self) st.bind(4, *self); else st.bind(4, nullptr);
  if (to.empty()) st.bind(5, nullptr); else st.bind(5, to);
  st.bind(6, from);
  if (!st.step()) return std::nullopt;
  Holder h{st.integer(0), st.integer(1), st.text(2), st.text(3)};
  return h;
}

std::string period(const Holder& h) {
  return h.to.empty() ? tr_format("since {}", "自 {} 起", h.from) : tr_format("{} – {}", "{} 至 {}", h.from, h.to);
}

void check_role(Context& ctx, Record& r, std::optional<std::int64_t> existing, std::vector<Problem>& problems) {
  const Entity& e = role_entity();
  if (!existing) existing = find_existing(ctx, e, r);
  // No from date given for a new row: it means the current role, if there is one.
  auto adopt_current = [&] {
    if (existing || r.has(e, "from")) return;
    auto p = as_id(r.get(e, "person")), g = as_id(r.get(e, "grid"));
    std::string role_code = as_text(r.get(e, "role"));
    if (!p || !g || role_code.empty()) return;
    auto st = ctx.db.cached("SELECT id, from_date FROM grid_role WHERE person_id = ? AND role = ? AND grid_id = ? "
                             "AND to_date IS NULL ORDER BY from_date DESC LIMIT 1");
    st.bind(1, *p).bind(2, role_code).bind(3, *g);
    if (st.step()) {
      existing = st.integer(0);
      r.put(e, "from", st.text(1));
    }
  };
  adopt_current();
  std::string role = as_text(effective_value(ctx, e, r, existing, "role"));
  if (role.empty()) return;  // missing or invalid: reported already
  auto person = as_id(effective_value(ctx, e, r, existing, "person"));
  auto grid = as_id(effective_value(ctx, e, r, existing, "grid"));
  auto household = as_id(effective_value(ctx, e, r, existing, "household"));
  std::string covers = as_text(effective_value(ctx, e, r, existing, "covers"));

  if (role == "central-household") {
    if (!household && person && !existing && !r.has(e, "household")) {
      auto st = ctx.db.cached("SELECT household_id FROM person WHERE id = ?");
      st.bind(1, *person);
      if (st.step() && !st.is_null(0)) {
        household = st.integer(0);
        r.put(e, "household", *household);
      }
    }
    if (!household) {
      problems.push_back({"household", std::string(tr("a central household is a household: give --household",
                                                      "党员中心户须指明住户：请给出 --household"))});
    } else {
      auto st = ctx.db.cached("SELECT h.address, b.grid_id FROM household h JOIN building b ON b.id = h.building_id "
                               "WHERE h.id = ?");
      st.bind(1, *household);
      if (st.step()) {
        std::string address = st.text(0);
        std::int64_t hh_grid = st.integer(1);
        if (!grid && !r.has(e, "grid")) {
          grid = hh_grid;
          r.put(e, "grid", *grid);
        } else if (grid && *grid != hh_grid) {
          problems.push_back(
              {"household", tr_format("household {} is in grid {}, not {}", "住户 {} 属于网格 {}，不属于网格 {}",
                                      address, grid_code(ctx, hh_grid), grid_code(ctx, *grid))});
        }
      }
    }
  } else if (household && r.has(e, "household")) {
    problems.push_back({"household", tr_format("only a central household is tied to a household, not a {}",
                                               "只有党员中心户关联住户，{}不关联", choice_label(role))});
  }

  if (role == "neighbourhood-leader") {
    if (covers.empty()) {
      problems.push_back({"covers", std::string(tr("a neighbourhood leader is responsible for named buildings or units: "
                                                   "give --covers 3,5-1",
                                                   "邻里长须包保具体楼栋或单元：请给出 --covers 3,5-1"))});
    } else {
      std::vector<Scope> scopes = parse_covers(ctx, covers, problems);
      if (!grid && !r.has(e, "grid") && !scopes.empty()) {
        grid = scopes.front().grid_id;
        r.put(e, "grid", *grid);
      }
      // Decision: a neighbourhood leader covers buildings of the role's own grid only; someone
      // responsible for buildings in two grids holds one role in each.
      for (const auto& s : scopes) {
        if (grid && s.grid_id != *grid)
          problems.push_back(
              {"covers",
               tr_format("building {} is in grid {}, not {}; a neighbourhood leader covers buildings "
                         "of their role's grid (assign another role with --grid {})",
                         "楼栋 {} 属于网格 {}，不属于网格 {}；邻里长只包保本网格的楼栋"
                         "（可另行任命 --grid {}）",
                         s.number, grid_code(ctx, s.grid_id), grid_code(ctx, *grid), grid_code(ctx, s.grid_id))});
      }
      if (r.has(e, "covers") && !scopes.empty()) r.put(e, "covers", covers_text(scopes));
    }
  } else if (!covers.empty() && r.has(e, "covers")) {
    problems.push_back({"covers", tr_format("only a neighbourhood leader covers buildings, not a {}",
                                            "只有邻里长包保楼栋，{}不包保", choice_label(role))});
  }
  if (!grid) {
    problems.push_back({"grid", std::string(tr("is required", "必填"))});
    return;
  }
  adopt_current();  // the grid may have been found from the household or the covered buildings

  std::string from = as_text(effective_value(ctx, e, r, existing, "from"));
  if (from.empty() && !existing) {
    from = to_iso(today());
    r.put(e, "from", from);
  }
  std::string to = as_text(effective_value(ctx, e, r, existing, "to"));
  if (!to.empty() && to < from)
    problems.push_back({"to", tr_format("{} is before the start {}", "{} 早于起始日期 {}", to, from)});
  if (single_holder(role)) {
    if (auto h = overlapping(ctx, role, *grid, std::nullopt, existing, from, to); h && (!person || h->person != *person))
      problems.push_back({"role", tr_format("grid {} already has a {}: {} (A{}, {})", "网格 {} 已有{}：{}（A{}，{}）",
                                            grid_code(ctx, *grid), choice_label(role), person_label(ctx, h->person),
                                            h->id, period(*h))});
  }
  if (person) {
    if (auto h = overlapping(ctx, role, *grid, person, existing, from, to))
      problems.push_back(
          {"from",
           tr_format("overlaps A{}: {} is already {} of grid {} ({})", "与 A{} 时间重叠：{} 已是网格 {} 的{}（{}）",
                     h->id, person_label(ctx, *person), choice_label(role), grid_code(ctx, *grid), period(*h))});
  }
}

// Rebuilds the scope rows of a neighbourhood leader from the role's covers text.
void write_scope(Context& ctx, std::int64_t id, Outcome, const Record& r) {
  const Entity& e = role_entity();
  if (!r.has(e, "covers") && !r.has(e, "role")) return;
  auto del = ctx.db.cached("DELETE FROM grid_role_scope WHERE role_id = ?");
  del.bind(1, id);
  del.run();
  auto st = ctx.db.cached("SELECT role, covers FROM grid_role WHERE id = ?");
  st.bind(1, id);
  if (!st.step() || st.text(0) != "neighbourhood-leader" || st.is_null(1)) return;
  std::string covers = st.text(1);
  std::vector<Problem> ignored;
  auto add = ctx.db.cached("INSERT INTO grid_role_scope (role_id, building_id, unit) VALUES (?, ?, ?)");
  for (const auto& s : parse_covers(ctx, covers, ignored)) {
    add.bind(1, id).bind(2, s.building_id);
    if (s.unit) add.bind(3, *s.unit); else add.bind(3, nullptr);
    add.run();
  }
}

constexpr const char* kActive =
    "r.from_date <= shequ_today() AND (r.to_date IS NULL OR r.to_date > shequ_today())";

}  // namespace

const Entity& role_entity() {
  static const Entity e = [] {
    Entity e;
    e.name = "role";
    e.plural = "roles";
    e.prefix = 'A';
    e.en = "grid role";
    e.zh = "网格职务";
    e.table = "grid_role";
    e.from = "grid_role t JOIN grid tg ON tg.id = t.grid_id";
    e.order_by = "tg.code, CASE t.role WHEN 'committee-member' THEN 0 WHEN 'officer' THEN 1 "
                 "WHEN 'central-household' THEN 2 WHEN 'grid-leader' THEN 3 ELSE 4 END, t.from_date, t.id";
    e.fields = {
        {.key = "person", .en = "Person", .zh = "姓名", .type = FieldType::ref, .column = "person_id",
         .select = person_ref_sql("t.person_id"), .target = "person", .required = true},
        {.key = "role", .en = "Role", .zh = "职务", .type = FieldType::choice, .column = "role",
         .choices = kRoles, .required = true},
        {.key = "grid", .en = "Grid", .zh = "网格", .type = FieldType::ref, .column = "grid_id",
         .select = "tg.code", .target = "grid"},
        {.key = "household", .en = "Household", .zh = "中心户住址", .type = FieldType::ref, .column = "household_id",
         .select = "(SELECT address FROM household h WHERE h.id = t.household_id)", .target = "household"},
        {.key = "covers", .en = "Covers", .zh = "包保楼栋/单元", .column = "covers", .max_chars = 1000},
        {.key = "households", .en = "Households covered", .zh = "包保户数", .type = FieldType::integer,
         .select = "CASE t.role WHEN 'neighbourhood-leader' THEN (SELECT count(*) FROM household h WHERE "
                   "h.moved_out IS NULL AND EXISTS (SELECT 1 FROM grid_role_scope s WHERE s.role_id = t.id AND "
                   "s.building_id = h.building_id AND (s.unit IS NULL OR s.unit = h.unit))) END",
         .exported = false},
        {.key = "phone", .en = "Phone", .zh = "手机号", .type = FieldType::phone,
         .select = "(SELECT phone FROM person p WHERE p.id = t.person_id)", .privacy = Privacy::phone,
         .exported = false},
        {.key = "from", .en = "From", .zh = "任职起", .type = FieldType::date, .column = "from_date"},
        {.key = "to", .en = "To", .zh = "任职止", .type = FieldType::date, .column = "to_date", .not_before = "from"},
        {.key = "reason", .en = "Reason", .zh = "离任原因", .column = "reason", .listed = false, .multiline = true,
         .personal = Personal::about_owner},
        {.key = "note", .en = "Note", .zh = "备注", .column = "note", .listed = false, .multiline = true,
         .personal = Personal::about_owner},
    };
    // A row without a from date means the person's current role of that kind in that grid
    // (see check_role), so a spreadsheet typed without dates imports idempotently.
    e.natural_keys = {{"person", "role", "grid", "from"}};
    e.prepare = check_role;
    e.after_write = write_scope;
    return e;
  }();
  return e;
}

Query role_query(Context& ctx, const RoleFilter& f) {
  Query q;
  const Entity& e = role_entity();
  match(ctx, e, q, "grid", f.grid);
  match(ctx, e, q, "person", f.person);
  match(ctx, e, q, "role", f.role);
  if (!f.include_ended) q.where.push_back("t.to_date IS NULL OR t.to_date > shequ_today()");
  return q;
}

std::int64_t assign_role(Context& ctx, const Assign& a) {
  Change change(ctx);
  const Entity& e = role_entity();
  Input in;
  std::int64_t person = resolve(ctx, "person", a.person);
  in.set("person", ref_text(person_entity(), person));
  in.set("role", a.role);
  if (!a.grid.empty()) in.set("grid", ref_text(grid_entity(), resolve(ctx, grid_entity(), a.grid)));
  if (!a.household.empty()) in.set("household", a.household);
  if (!a.covers.empty()) in.set("covers", a.covers);
  in.set("from", a.date.empty() ? to_iso(today()) : a.date);
  if (!a.note.empty()) in.set("note", a.note);
  std::vector<Problem> problems;
  Record r = convert(ctx, e, in, std::nullopt, problems);
  std::string role = as_text(r.get(e, "role"));
  auto grid = as_id(r.get(e, "grid"));
  std::string from = as_text(r.get(e, "from"));
  if (grid && !from.empty()) {
    // The rules that refuse (1) come before the checks of the input (65).
    if (single_holder(role)) {
      if (auto h = overlapping(ctx, role, *grid, std::nullopt, std::nullopt, from, ""); h && h->person != person) {
        if (!a.replace)
          throw Error(
              Exit::refused,
              tr_format("grid {} already has a {}: {} (A{}, {})", "网格 {} 已有{}：{}（A{}，{}）",
                        grid_code(ctx, *grid), choice_label(role), person_label(ctx, h->person), h->id, period(*h)),
              tr_format("end it first (`shequ role end A{}`), or hand over with --replace",
                        "请先结束其任职（`shequ role end A{}`），或用 --replace 交接", h->id));
        if (h->from >= from || !h->to.empty())
          throw Error(
              Exit::refused,
              tr_format("A{} runs {}; --replace hands over only a role that started before {} and has no end",
                        "A{} 任期为 {}；--replace 只能交接 {} 之前开始且未定结束日期的任职", h->id, period(*h), from));
        auto end = ctx.db.cached("UPDATE grid_role SET to_date = ?, reason = ? WHERE id = ?");
        end.bind_all(from, tr_format("replaced by {}", "由{}接任", person_label(ctx, person)), h->id);
        end.run();
        problems.clear();
        r = convert(ctx, e, in, std::nullopt, problems);
      }
    }
    if (auto h = overlapping(ctx, role, *grid, person, std::nullopt, from, ""))
      throw Error(
          Exit::refused,
          tr_format("{} is already {} of grid {} (A{}, {})", "{} 已是网格 {} 的{}（A{}，{}）",
                    person_label(ctx, person), language() == Lang::en ? choice_label(role) : grid_code(ctx, *grid),
                    language() == Lang::en ? grid_code(ctx, *grid) : choice_label(role), h->id, period(*h)),
          role == "neighbourhood-leader" ? tr_format("change what they cover with `shequ role set A{} --covers …`",
                                                     "可用 `shequ role set A{} --covers …` 修改包保范围", h->id)
                                         : std::string());
  }
  check_record(e, r, true, problems);
  throw_if(problems, "");
  auto [id, outcome] = write_checked(ctx, e, r, std::nullopt, "");
  change.subject(e.name, id);
  change.commit();
  return id;
}

void end_role(Context& ctx, std::string_view ref, std::string_view date, std::string_view reason) {
  Change change(ctx);
  std::int64_t id = resolve(ctx, role_entity(), ref);
  std::string on = date_or_today(date, "--date");
  auto st = ctx.db.cached("SELECT from_date, to_date, role FROM grid_role WHERE id = ?");
  st.bind(1, id);
  st.step();
  std::string from = st.text(0), role = st.text(2);
  std::optional<std::string> to = st.opt_text(1);
  if (to)
    throw Error(Exit::refused,
                tr_format("A{} ({}) already ended on {}", "A{}（{}）已于 {} 结束", id, choice_label(role), *to),
                std::string(tr("a role ends once; assign it again to start a new period",
                               "任职只能结束一次；如再任职请重新任命")));
  if (on < from)
    throw Error(Exit::data, tr_format("--date: {} is before the start {}", "--date：{} 早于任职起始日期 {}", on, from));
  auto up = ctx.db.cached("UPDATE grid_role SET to_date = ?, reason = ? WHERE id = ?");
  up.bind(1, on);
  if (reason.empty()) up.bind(2, nullptr); else up.bind(2, reason);
  up.bind(3, id);
  up.run();
  change.subject(role_entity().name, id);
  change.commit();
}

Document role_coverage(Context& ctx, std::string_view grid) {
  std::optional<std::int64_t> only;
  if (!grid.empty()) only = resolve(ctx, "grid", grid);
  const std::int64_t min_n = 1;  // the N of 1+1+N: at least one central household
  Document d;
  d.title = std::string(tr("Grid organisation coverage", "网格组织覆盖情况"));
  d.subtitle = tr_format("as of {}; 1+1+N = committee member + officer + at least {} central household(s)",
                         "截至 {}；1+1+N = 委员 + 公共服务干事 + 至少 {} 户党员中心户", to_iso(today()), min_n);

  Section teams;
  teams.heading = std::string(tr("Grids with an incomplete 1+1+N team", "1+1+N 服务班子不完整的网格"));
  teams.table.columns = {{"grid", "Grid", "网格"}, {"name", "Name", "网格名称"},
                         {"committee_member", "Committee member", "委员"}, {"officer", "Officer", "公共服务干事"},
                         {"central_households", "Central households", "党员中心户", true},
                         {"missing", "Missing", "缺少"}};
  std::int64_t grids = 0;
  {
    std::string holder = "(SELECT " + dialect_of(ctx.db).ordered_concat("p.name", "','", "r.id") +
                         " FROM grid_role r JOIN person p ON p.id = r.person_id "
                         "WHERE r.grid_id = g.id AND r.role = '{}' AND " + kActive + ")";
    Stmt st(ctx.db, "SELECT g.code, g.name, " + fmt::format(fmt::runtime(holder), "committee-member") + ", " +
                        fmt::format(fmt::runtime(holder), "officer") +
                        ", (SELECT count(*) FROM grid_role r WHERE r.grid_id = g.id AND r.role = 'central-household' AND " +
                        kActive + ") FROM grid g WHERE ?1 IS NULL OR g.id = ?1 ORDER BY g.code");
    if (only) st.bind(1, *only); else st.bind(1, nullptr);
    while (st.step()) {
      ++grids;
      std::vector<std::string> missing;
      if (st.is_null(2)) missing.push_back("committee-member");
      if (st.is_null(3)) missing.push_back("officer");
      if (st.integer(4) < min_n) missing.push_back("central-household");
      if (missing.empty()) continue;
      teams.table.rows.push_back({st.text(0), st.text(1), st.is_null(2) ? Cell{} : Cell{st.text(2)},
                                  st.is_null(3) ? Cell{} : Cell{st.text(3)}, st.integer(4), join(missing, ",")});
    }
  }
  std::int64_t incomplete = static_cast<std::int64_t>(teams.table.rows.size());

  Section gaps;
  gaps.heading = std::string(tr("Building units no neighbourhood leader covers", "无邻里长包保的楼栋单元"));
  gaps.table.columns = {{"grid", "Grid", "网格"}, {"building", "Building", "楼栋"}, {"units", "Units", "单元"},
                        {"whole_building", "Whole building", "整栋", true},
                        {"households", "Households", "户数", true}};
  std::int64_t units = 0, uncovered_units = 0, households = 0, uncovered_households = 0;
  {
    Stmt st(ctx.db, std::string(
        "WITH RECURSIVE u(building_id, unit) AS ("
        "  SELECT b.id, 1 FROM building b WHERE ?1 IS NULL OR b.grid_id = ?1"
        "  UNION ALL SELECT u.building_id, u.unit + 1 FROM u JOIN building b ON b.id = u.building_id WHERE u.unit < b.units), "
        "hh AS (SELECT building_id, unit, count(*) AS n FROM household WHERE moved_out IS NULL GROUP BY building_id, unit) "
        "SELECT g.code, b.number, b.units, u.unit, coalesce(hh.n, 0), EXISTS (SELECT 1 FROM grid_role_scope s "
        "  JOIN grid_role r ON r.id = s.role_id WHERE s.building_id = u.building_id AND (s.unit IS NULL OR s.unit = u.unit) "
        "  AND r.role = 'neighbourhood-leader' AND ") + kActive + ") "
        "FROM u JOIN building b ON b.id = u.building_id JOIN grid g ON g.id = b.grid_id "
        "LEFT JOIN hh ON hh.building_id = u.building_id AND hh.unit = u.unit "
        "ORDER BY g.code, CAST(b.number AS INTEGER), b.number, u.unit");
    if (only) st.bind(1, *only); else st.bind(1, nullptr);
    std::string cur_building;
    std::vector<std::string> cur_units;
    std::int64_t cur_hh = 0, cur_total_units = 0;
    std::string cur_grid;
    auto flush = [&] {
      if (!cur_units.empty())
        gaps.table.rows.push_back({cur_grid, cur_building, join(cur_units, ","),
                                   std::int64_t{static_cast<std::int64_t>(cur_units.size()) == cur_total_units ? 1 : 0},
                                   cur_hh});
      cur_units.clear();
      cur_hh = 0;
    };
    while (st.step()) {
      std::string building = st.text(1);
      if (building != cur_building) {
        flush();
        cur_building = building;
        cur_grid = st.text(0);
        cur_total_units = st.integer(2);
      }
      ++units;
      std::int64_t n = st.integer(4);
      households += n;
      if (st.integer(5) == 0) {
        ++uncovered_units;
        uncovered_households += n;
        cur_units.push_back(st.text(3));
        cur_hh += n;
      }
    }
    flush();
  }

  Section summary;
  summary.heading = std::string(tr("Summary", "汇总"));
  summary.table.columns = {{"grids", "Grids", "网格", true}, {"incomplete_teams", "Incomplete teams", "班子不完整", true},
                           {"units", "Units", "单元", true}, {"uncovered_units", "Uncovered units", "未包保单元", true},
                           {"households", "Households", "户数", true},
                           {"uncovered_households", "Uncovered households", "未覆盖户数", true},
                           {"household_coverage_pct", "Households covered %", "住户覆盖率%", true}};
  double pct = households == 0 ? 100.0 : 100.0 * static_cast<double>(households - uncovered_households) /
                                             static_cast<double>(households);
  summary.table.rows.push_back({grids, incomplete, units, uncovered_units, households, uncovered_households,
                                std::round(pct * 10) / 10});
  d.sections = {std::move(summary), std::move(teams), std::move(gaps)};
  return d;
}

}  // namespace shequ
