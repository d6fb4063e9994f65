#include "domain/party.h"

#include <functional>
#include <map>

#include <fmt/format.h>

#include "records/audit.h"
#include "records/choices.h"
#include "records/values.h"
#include "core/date.h"
#include "core/i18n.h"
#include "domain/persons.h"
#include "domain/partners.h"

namespace shequ {

namespace {

constexpr const char* kLevels[] = {"committee", "branch", "group", "central-household"};

int level_index(std::string_view level) {
  for (int i = 0; i < 4; ++i)
    if (level == kLevels[i]) return i;
  return -1;
}

std::string person_label(Context& ctx, std::int64_t person) {
  auto st = ctx.db.cached("SELECT name FROM person WHERE id = ?");
  st.bind(1, person);
  const std::string ref = ref_text(person_entity(), person);
  return st.step() ? fmt::format("{} {}", ref, st.text(0)) : ref;
}

std::string org_label(Context& ctx, std::int64_t org) {
  auto st = ctx.db.cached("SELECT name FROM party_org WHERE id = ?");
  st.bind(1, org);
  return st.step() ? st.text(0) : ref_text(party_org_entity(), org);
}

// ---- organisation rules ----

// The place column a level is tied to ("" for the committee).
std::string_view place_key(int level) {
  switch (level) {
    case 1: return "grid";
    case 2: return "building";
    case 3: return "household";
    default: return "";
  }
}

// The parent a node at `level` belongs under, found from its place: the only committee, the
// branch of the building's grid, the group of the household's building.
std::optional<std::int64_t> parent_from_place(Context& ctx, int level, std::optional<std::int64_t> place) {
  std::string sql;
  switch (level) {
    case 1: sql = "SELECT id FROM party_org WHERE level = 'committee'"; break;
    case 2: sql = "SELECT o.id FROM party_org o JOIN building b ON b.grid_id = o.grid_id "
                  "WHERE o.level = 'branch' AND b.id = ?1"; break;
    case 3: sql = "SELECT o.id FROM party_org o JOIN household h ON h.building_id = o.building_id "
                  "WHERE o.level = 'group' AND h.id = ?1"; break;
    default: return std::nullopt;
  }
  if (level > 1 && !place) return std::nullopt;
  auto st = ctx.db.cached(sql + " LIMIT 2");
  if (level > 1) st.bind(1, *place);
  if (!st.step()) return std::nullopt;
  std::int64_t id = st.integer(0);
  if (st.step()) return std::nullopt;  // ambiguous: the user names the parent
  return id;
}

void check_org(Context& ctx, Record& r, std::optional<std::int64_t> existing, std::vector<Problem>& problems) {
  const Entity& e = party_org_entity();
  if (!existing) existing = find_existing(ctx, e, r);
  std::string level_code = as_text(effective_value(ctx, e, r, existing, "level"));
  int level = level_index(level_code);
  if (level < 0) return;  // missing or invalid: reported already
  // Exactly the place its level needs.
  for (int other = 1; other <= 3; ++other) {
    std::string_view key = place_key(other);
    bool given = as_id(effective_value(ctx, e, r, existing, key)).has_value();
    if (other == level && !given)
      problems.push_back(
          {std::string(key), tr_format("a {} is tied to its {}; give --{}", "{}须关联所在{}；请给出 --{}",
                                       choice_label(level_code), key, key)});
    if (other != level && given)
      problems.push_back(
          {std::string(key), tr_format("a {} is not tied to a {}", "{}不关联{}", choice_label(level_code), key)});
  }
  std::optional<std::int64_t> place;
  if (level > 0) place = as_id(effective_value(ctx, e, r, existing, place_key(level)));
  // The parent: exactly one level up, found from the place when not given.
  auto parent = as_id(effective_value(ctx, e, r, existing, "parent"));
  if (level == 0) {
    if (parent) problems.push_back({"parent", std::string(tr("the community committee is the top of the tree; it has no parent",
                                                             "社区大党委是最高一级，没有上级组织"))});
  } else {
    if (!parent) {  // not given, or a blank cell: as `party org add`, the place decides
      parent = parent_from_place(ctx, level, place);
      if (parent) r.put(e, "parent", *parent);
    }
    if (!parent) {
      problems.push_back({"parent", tr_format("a {} needs its {} as parent (--parent); none was found from its place",
                                              "{}须有上级{}（--parent）；按所在位置未找到", choice_label(level_code),
                                              choice_label(kLevels[level - 1]))});
    } else {
      auto st = ctx.db.cached("SELECT level, grid_id, building_id, name FROM party_org WHERE id = ?");
      st.bind(1, *parent);
      if (st.step()) {
        std::string parent_level = st.text(0);
        std::optional<std::int64_t> parent_grid, parent_building;
        if (!st.is_null(1)) parent_grid = st.integer(1);
        if (!st.is_null(2)) parent_building = st.integer(2);
        std::string parent_name = st.text(3);
        if (level_index(parent_level) != level - 1) {
          problems.push_back({"parent", tr_format("{} is a {}; a {} belongs under a {}", "{}是{}；{}应隶属于{}",
                                                  parent_name, choice_label(parent_level), choice_label(level_code),
                                                  choice_label(kLevels[level - 1]))});
        } else if (level == 2 && place) {
          auto b = ctx.db.cached("SELECT b.number, g.code FROM building b JOIN grid g ON g.id = b.grid_id WHERE b.id = ?");
          b.bind(1, *place);
          if (b.step() && parent_grid) {
            auto g = ctx.db.cached("SELECT code FROM grid WHERE id = ?");
            g.bind(1, *parent_grid);
            std::string parent_code = g.step() ? g.text(0) : "?";
            if (b.text(1) != parent_code)
              problems.push_back({"building", tr_format("building {} is in grid {}, but {} is the branch of grid {}",
                                                        "楼栋 {} 属于网格 {}，而{}是网格 {} 的支部", b.text(0),
                                                        b.text(1), parent_name, parent_code)});
          }
        } else if (level == 3 && place) {
          auto h = ctx.db.cached("SELECT h.address, h.building_id FROM household h WHERE h.id = ?");
          h.bind(1, *place);
          if (h.step() && parent_building && h.integer(1) != *parent_building)
            problems.push_back({"household", tr_format("household {} is not in the building of {}",
                                                       "住户 {} 不在{}所在楼栋", h.text(0), parent_name)});
        }
      }
    }
  }
  // A node with children keeps its level (their parent must stay one level up).
  if (existing && r.has(e, "level")) {
    auto st = ctx.db.cached("SELECT count(*), (SELECT level FROM party_org WHERE id = ?1) FROM party_org WHERE parent_id = ?1");
    st.bind(1, *existing);
    if (st.step() && st.integer(0) > 0 && st.text(1) != level_code)
      problems.push_back(
          {"level", tr_format("{} organisations belong under it; it stays a {}", "其下有 {} 个组织；层级不能改变",
                              st.integer(0), choice_label(st.text(1)))});
  }
}

// ---- membership rules ----

void check_membership(Context& ctx, Record& r, std::optional<std::int64_t> existing,
                      std::vector<Problem>& problems) {
  const Entity& e = membership_entity();
  if (!existing) existing = find_existing(ctx, e, r);
  if (!existing && !r.has(e, "joined")) {
    auto p = as_id(r.get(e, "person")), o = as_id(r.get(e, "org"));
    if (p && o) {
      auto st = ctx.db.cached("SELECT id, joined FROM party_membership WHERE person_id = ? AND org_id = ? AND left_on IS NULL");
      st.bind(1, *p).bind(2, *o);
      if (st.step()) {
        existing = st.integer(0);
        r.put(e, "joined", st.text(1));
      }
    }
  }
  auto partner = as_id(effective_value(ctx, e, r, existing, "partner"));
  std::string kind = as_text(effective_value(ctx, e, r, existing, "kind"));
  if (kind.empty() && partner && !existing && !r.has(e, "kind")) {
    kind = "partner-unit";
    r.put(e, "kind", kind);
  }
  if (kind.empty()) kind = "resident";
  if (kind == "partner-unit" && !partner)
    problems.push_back({"partner", std::string(tr("a partner-unit member is linked to their unit: give --partner",
                                                  "共建单位党员须关联所在单位：请给出 --partner"))});
  if (kind != "partner-unit" && partner)
    problems.push_back({"partner", tr_format("only partner-unit members are linked to a partner, not {} members",
                                             "只有共建单位党员关联共建单位，{}党员不关联", kind)});
  std::string joined = as_text(effective_value(ctx, e, r, existing, "joined"));
  if (joined.empty() && !existing) {
    joined = to_iso(today());
    r.put(e, "joined", joined);
  }
  std::string left = as_text(effective_value(ctx, e, r, existing, "left"));
  if (!left.empty() && left < joined)
    problems.push_back({"left", tr_format("{} is before the joining date {}", "{} 早于入党组织日期 {}", left, joined)});
  auto person = as_id(effective_value(ctx, e, r, existing, "person"));
  if (!person || joined.empty()) return;
  auto st = ctx.db.cached(
      "SELECT m.id, o.name, m.joined, m.left_on FROM party_membership m JOIN party_org o ON o.id = m.org_id "
      "WHERE m.person_id = ?1 AND m.id IS DISTINCT FROM ?2 AND m.joined < coalesce(?3, '9999-12-31') "
      "AND coalesce(m.left_on, '9999-12-31') > ?4 ORDER BY m.joined LIMIT 1");
  st.bind(1, *person);
  if (existing) st.bind(2, *existing); else st.bind(2, nullptr);
  if (left.empty()) st.bind(3, nullptr); else st.bind(3, left);
  st.bind(4, joined);
  if (st.step()) {
    problems.push_back(
        {"joined", tr_format("overlaps membership S{} in {} ({} – {})", "与 S{}（{}，{} 至 {}）时间重叠", st.integer(0),
                             st.text(1), st.text(2), st.is_null(3) ? std::string(tr("now", "今")) : st.text(3))});
  }
}

}  // namespace

Value effective_value(Context& ctx, const Entity& e, const Record& r, std::optional<std::int64_t> existing,
                      std::string_view key) {
  if (r.has(e, key)) return r.get(e, key);
  const Field* f = e.field(key);
  if (!existing || !f || f->column.empty()) return {};
  auto st = ctx.db.cached(fmt::format("SELECT {} FROM {} WHERE id = ?", f->column, e.table));
  st.bind(1, *existing);
  if (!st.step() || st.is_null(0)) return {};
  if (st.type(0) == ColumnType::integer) return st.integer(0);
  return st.text(0);
}

std::string person_ref_sql(std::string_view column) {
  return fmt::format(
      "(SELECT CASE WHEN (SELECT count(*) FROM person q WHERE q.name = p.name) = 1 THEN p.name "
      "ELSE %ref(person, p.id) END FROM person p WHERE p.id = {})",
      column);
}

const Entity& party_org_entity() {
  static const Entity e = [] {
    Entity e;
    e.name = "party org";
    e.plural = "party-orgs";
    e.prefix = 'O';
    e.en = "party organisation";
    e.zh = "党组织";
    e.table = "party_org";
    e.from = "party_org t LEFT JOIN grid tg ON tg.id = t.grid_id LEFT JOIN building tb ON tb.id = t.building_id "
             "LEFT JOIN household th ON th.id = t.household_id";
    e.order_by = "CASE t.level WHEN 'committee' THEN 0 WHEN 'branch' THEN 1 WHEN 'group' THEN 2 ELSE 3 END, "
                 "tg.code, CAST(tb.number AS INTEGER), tb.number, th.building_id, th.unit, "
                 "CAST(th.room AS INTEGER), t.name";
    e.fields = {
        {.key = "name", .en = "Name", .zh = "组织名称", .column = "name", .required = true},
        {.key = "level", .en = "Level", .zh = "层级", .type = FieldType::choice, .column = "level",
         .choices = {"committee", "branch", "group", "central-household"}, .required = true},
        {.key = "parent", .en = "Parent", .zh = "上级组织", .type = FieldType::ref, .column = "parent_id",
         .select = "(SELECT name FROM party_org o WHERE o.id = t.parent_id)", .target = "party org"},
        {.key = "grid", .en = "Grid", .zh = "网格", .type = FieldType::ref, .column = "grid_id",
         .select = "tg.code", .target = "grid"},
        {.key = "building", .en = "Building", .zh = "楼栋", .type = FieldType::ref, .column = "building_id",
         .select = "tb.number", .target = "building"},
        {.key = "household", .en = "Household", .zh = "住户", .type = FieldType::ref, .column = "household_id",
         .select = "th.address", .target = "household"},
        {.key = "secretary", .en = "Secretary", .zh = "书记/组长", .type = FieldType::ref, .column = "secretary_id",
         .select = person_ref_sql("t.secretary_id"), .target = "person"},
        {.key = "founded", .en = "Founded", .zh = "成立日期", .type = FieldType::date, .column = "founded",
         .listed = false},
        {.key = "members", .en = "Members", .zh = "党员数", .type = FieldType::integer,
         .select = "(SELECT count(*) FROM party_membership m WHERE m.org_id = t.id AND m.left_on IS NULL)",
         .exported = false},
        {.key = "note", .en = "Note", .zh = "备注", .column = "note", .listed = false, .multiline = true},
    };
    e.natural_keys = {{"name"}};
    e.lookup_sql = "SELECT id, name FROM party_org WHERE name = ?1";
    e.prepare = check_org;
    return e;
  }();
  return e;
}

const Entity& membership_entity() {
  static const Entity e = [] {
    Entity e;
    e.name = "party member";
    e.plural = "memberships";
    e.prefix = 'S';
    e.en = "party membership";
    e.zh = "党员组织关系";
    e.table = "party_membership";
    e.order_by = "t.org_id, t.joined, t.id";
    e.fields = {
        {.key = "person", .en = "Person", .zh = "党员", .type = FieldType::ref, .column = "person_id",
         .select = person_ref_sql("t.person_id"), .target = "person", .required = true},
        {.key = "org", .en = "Organisation", .zh = "所在党组织", .type = FieldType::ref, .column = "org_id",
         .select = "(SELECT name FROM party_org o WHERE o.id = t.org_id)", .target = "party org", .required = true},
        {.key = "kind", .en = "Kind", .zh = "党员类别", .type = FieldType::choice, .column = "kind",
         .choices = {"resident", "directly-managed", "partner-unit"}, .fallback = "resident"},
        {.key = "partner", .en = "Partner unit", .zh = "共建单位", .type = FieldType::ref, .column = "partner_id",
         .select = "(SELECT name FROM partner pa WHERE pa.id = t.partner_id)", .target = "partner"},
        {.key = "joined", .en = "Joined", .zh = "转入日期", .type = FieldType::date, .column = "joined", .past = true},
        {.key = "left", .en = "Left", .zh = "转出日期", .type = FieldType::date, .column = "left_on", .not_before = "joined"},
        {.key = "reason", .en = "Reason", .zh = "转出原因", .column = "reason", .listed = false, .multiline = true,
         .personal = Personal::about_owner},
        {.key = "note", .en = "Note", .zh = "备注", .column = "note", .listed = false, .multiline = true,
         .personal = Personal::about_owner},
    };
    // A row without a joining date means the person's open membership there (check_membership).
    e.natural_keys = {{"person", "org", "joined"}};
    e.prepare = check_membership;
    return e;
  }();
  return e;
}

Query member_query(Context& ctx, const MemberFilter& f) {
  Query q;
  if (!f.org.empty())
    q.add("t.org_id IN (WITH RECURSIVE sub(id) AS (SELECT ? UNION ALL "
          "SELECT o.id FROM party_org o JOIN sub ON o.parent_id = sub.id) SELECT id FROM sub)",
          resolve(ctx, party_org_entity(), f.org));
  const Entity& e = membership_entity();
  match(ctx, e, q, "person", f.person);
  match(ctx, e, q, "partner", f.partner);
  match(ctx, e, q, "kind", f.kind);
  if (!f.include_left) q.where.push_back("t.left_on IS NULL");
  return q;
}

std::int64_t join_party(Context& ctx, const Join& j) {
  Change change(ctx);
  const Entity& e = membership_entity();
  std::int64_t person = resolve(ctx, "person", j.person);
  std::int64_t org = resolve(ctx, party_org_entity(), j.org);
  std::string date = date_or_today(j.date, "--date");
  std::string kind = j.kind, partner = j.partner;
  auto open = ctx.db.cached(
      "SELECT id, org_id, joined, kind, partner_id FROM party_membership WHERE person_id = ? AND left_on IS NULL");
  open.bind(1, person);
  if (open.step()) {
    std::int64_t open_id = open.integer(0), open_org = open.integer(1);
    std::string since = open.text(2);
    if (kind.empty() && partner.empty()) {  // a transfer keeps the member's kind and unit
      kind = open.text(3);
      if (!open.is_null(4)) partner = ref_text(partner_entity(), open.integer(4));
    }
    if (open_org == org)
      throw Error(Exit::refused,
                  tr_format("{} is already a member of {} (S{}, since {})", "{} 已是{}的党员（S{}，自 {} 起）",
                            person_label(ctx, person), org_label(ctx, org), open_id, since));
    if (!j.transfer)
      throw Error(Exit::refused,
                  tr_format("{} is already a member of {} (S{}, since {})", "{} 已是{}的党员（S{}，自 {} 起）",
                            person_label(ctx, person), org_label(ctx, open_org), open_id, since),
                  tr_format("move them with --transfer, or first `shequ party leave R{}`",
                            "可用 --transfer 转接组织关系，或先 `shequ party leave R{}`", person));
    if (date < since)
      throw Error(Exit::data, tr_format("--date: {} is before {} joined {} on {}", "--date：{} 早于{}转入{}的日期 {}",
                                        date, person_label(ctx, person), org_label(ctx, open_org), since));
    auto close = ctx.db.cached("UPDATE party_membership SET left_on = ?, reason = ? WHERE id = ?");
    close.bind_all(date, tr_format("transferred to {}", "转至{}", org_label(ctx, org)), open_id);
    close.run();
  }
  Input in;
  in.set("person", ref_text(person_entity(), person));
  in.set("org", ref_text(party_org_entity(), org));
  if (!kind.empty()) in.set("kind", kind);
  if (!partner.empty()) in.set("partner", partner);
  in.set("joined", date);
  if (!j.note.empty()) in.set("note", j.note);
  std::vector<Problem> problems;
  Record r = convert(ctx, e, in, std::nullopt, problems);
  check_record(e, r, true, problems);
  throw_if(problems, "");
  auto [id, outcome] = write_checked(ctx, e, r, std::nullopt, "");
  change.subject(e.name, id);
  change.commit();
  return id;
}

void leave_party(Context& ctx, const Leave& l) {
  Change change(ctx);
  std::int64_t person = resolve(ctx, "person", l.person);
  std::optional<std::int64_t> org;
  if (!l.org.empty()) org = resolve(ctx, party_org_entity(), l.org);
  std::string date = date_or_today(l.date, "--date");
  auto open = ctx.db.cached("SELECT id, org_id, joined FROM party_membership WHERE person_id = ? AND left_on IS NULL");
  open.bind(1, person);
  if (!open.step()) {
    auto last = ctx.db.cached(
        "SELECT o.name, m.left_on FROM party_membership m JOIN party_org o ON o.id = m.org_id "
        "WHERE m.person_id = ? ORDER BY m.left_on DESC LIMIT 1");
    last.bind(1, person);
    if (last.step()) {
      std::string name = last.text(0), left = last.text(1);
      throw Error(Exit::refused, tr_format("{} is not a party member now: left {} on {}",
                                           "{} 目前不是党员：已于 {} 转出{}", person_label(ctx, person),
                                           language() == Lang::en ? name : left, language() == Lang::en ? left : name));
    }
    throw Error(Exit::refused,
                tr_format("{} never joined a party organisation", "{} 从未加入党组织", person_label(ctx, person)),
                tr_format("enrol them with `shequ party join R{} --org …`", "可用 `shequ party join R{} --org …` 登记",
                          person));
  }
  std::int64_t id = open.integer(0), open_org = open.integer(1);
  std::string joined = open.text(2);
  if (org && *org != open_org)
    throw Error(Exit::refused, tr_format("{} never joined {}; they are a member of {}", "{} 未加入{}；其所在党组织为{}",
                                         person_label(ctx, person), org_label(ctx, *org), org_label(ctx, open_org)));
  if (date < joined)
    throw Error(Exit::data,
                tr_format("--date: {} is before the joining date {}", "--date：{} 早于转入日期 {}", date, joined));
  auto close = ctx.db.cached("UPDATE party_membership SET left_on = ?, reason = ? WHERE id = ?");
  close.bind(1, date);
  if (l.reason.empty()) close.bind(2, nullptr); else close.bind(2, l.reason);
  close.bind(3, id);
  close.run();
  change.subject(membership_entity().name, id);
  change.commit();
}

Table party_tree(Context& ctx, bool drawn) {
  struct Node {
    std::int64_t id = 0;
    std::optional<std::int64_t> parent;
    std::string level, name, place;
    std::int64_t members = 0, total = 0;
    std::vector<std::size_t> children;
  };
  std::vector<Node> nodes;
  std::map<std::int64_t, std::size_t> index;
  Stmt st(ctx.db,
          "SELECT t.id, t.parent_id, t.level, t.name, tg.code, tb.number, th.address, "
          "(SELECT count(*) FROM party_membership m WHERE m.org_id = t.id AND m.left_on IS NULL) FROM " +
              party_org_entity().from + " ORDER BY " + party_org_entity().order_by);
  while (st.step()) {
    Node n;
    n.id = st.integer(0);
    if (!st.is_null(1)) n.parent = st.integer(1);
    n.level = st.text(2);
    n.name = st.text(3);
    if (!st.is_null(4)) n.place = drawn ? tr_format("grid {}", "网格{}", st.text(4)) : st.text(4);
    if (!st.is_null(5)) n.place = drawn ? tr_format("building {}", "{}栋", st.text(5)) : st.text(5);
    if (!st.is_null(6)) n.place = st.text(6);
    n.members = n.total = st.integer(7);
    index[n.id] = nodes.size();
    nodes.push_back(std::move(n));
  }
  std::vector<std::size_t> roots;
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    auto p = nodes[i].parent ? index.find(*nodes[i].parent) : index.end();
    if (p == index.end()) roots.push_back(i);
    else nodes[p->second].children.push_back(i);
  }
  // Subtree totals: children are always one level deeper, so summing deepest first works.
  for (int level = 3; level >= 1; --level)
    for (auto& n : nodes)
      if (level_index(n.level) == level && n.parent && index.count(*n.parent))
        nodes[index[*n.parent]].total += n.total;

  Table t;
  t.title = std::string(tr("Party organisation", "党组织架构"));
  if (drawn) {
    t.columns = {{"org", "Organisation", "党组织"}, {"level", "Level", "层级"}, {"place", "Place", "位置"},
                 {"members", "Members", "党员", true}, {"total", "With sub-organisations", "含下级", true}};
  } else {
    t.columns = {{"id", "ID", "编号"}, {"parent", "Parent", "上级"}, {"depth", "Depth", "深度", true},
                 {"level", "Level", "层级"}, {"name", "Name", "名称"}, {"place", "Place", "位置"},
                 {"members", "Members", "党员", true}, {"total", "With sub-organisations", "含下级", true}};
  }
  std::function<void(std::size_t, int, const std::string&, bool)> walk =
      [&](std::size_t i, int depth, const std::string& prefix, bool last) {
        const Node& n = nodes[i];
        if (drawn) {
          std::string glyph = depth == 0 ? "" : prefix + (last ? "└─ " : "├─ ");
          t.rows.push_back({glyph + n.name, choice_label(n.level), n.place, n.members, n.total});
        } else {
          t.rows.push_back({ref_text(party_org_entity(), n.id), n.parent ? Cell{ref_text(party_org_entity(), *n.parent)} : Cell{},
                            std::int64_t{depth}, n.level, n.name, n.place, n.members, n.total});
        }
        std::string next = depth == 0 ? "" : prefix + (last ? "   " : "│  ");
        for (std::size_t k = 0; k < n.children.size(); ++k)
          walk(n.children[k], depth + 1, next, k + 1 == n.children.size());
      };
  for (std::size_t k = 0; k < roots.size(); ++k) walk(roots[k], 0, "", k + 1 == roots.size());
  std::int64_t members = ctx.db.scalar("SELECT count(*) FROM party_membership WHERE left_on IS NULL");
  t.notes.push_back(
      tr_format("{} organisations, {} party members", "共 {} 个党组织，{} 名党员", nodes.size(), members));
  return t;
}

}  // namespace shequ
