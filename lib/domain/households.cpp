#include "domain/households.h"

#include <regex>

#include <fmt/format.h>

#include "core/i18n.h"
#include "domain/persons.h"
#include "core/text.h"

namespace shequ {

std::optional<Address> parse_address(std::string_view text) {
  static const std::regex dashed(R"(^([0-9A-Za-z]+)-([0-9]{1,2})-([0-9A-Za-z]+)(?:室|号)?$)");
  static const std::regex chinese(
      R"(^([0-9A-Za-z]+)(?:栋|幢|号楼)([0-9]{1,2})单元([0-9A-Za-z]+)(?:室|号)?$)");
  std::string s = trim(nfkc(text));
  std::smatch m;
  if (std::regex_match(s, m, dashed) || std::regex_match(s, m, chinese)) {
    int unit = std::stoi(m[2].str());
    if (unit < 1) return std::nullopt;
    return Address{m[1].str(), unit, m[3].str()};
  }
  return std::nullopt;
}

Query household_query(Context& ctx, const HouseholdFilter& f) {
  Query q;
  const Entity& e = household_entity();
  if (!f.grid.empty())
    q.add("t.building_id IN (SELECT id FROM building WHERE grid_id = ?)", resolve(ctx, "grid", f.grid));
  match(ctx, e, q, "building", f.building);
  match(ctx, e, q, "tags", f.tag, "--tag");
  if (!f.include_moved_out) q.where.push_back("t.moved_out IS NULL");
  return q;
}

namespace {

// The residents a move-out date takes with it must have moved in by then.
void check_move_out(Context& ctx, const Record& r, std::optional<std::int64_t> existing, std::vector<Problem>& problems) {
  const Entity& e = household_entity();
  auto out = std::get_if<std::string>(&r.get(e, "moved_out"));
  if (!out) return;
  if (!existing)  // import converts before it looks for the record
    if (auto address = std::get_if<std::string>(&r.get(e, "address"))) {
      auto find = ctx.db.cached("SELECT id FROM household WHERE address = ?");
      find.bind(1, *address);
      if (find.step()) existing = find.integer(0);
    }
  if (!existing) return;
  auto st = ctx.db.cached(
      "SELECT p.id, p.name, r.from_date FROM person p JOIN residence r ON r.person_id = p.id AND r.to_date IS NULL "
      "WHERE p.household_id = ?1 AND p.moved_out IS NULL AND r.from_date > ?2 ORDER BY p.id LIMIT 1");
  st.bind_all(*existing, *out);
  if (st.step())
    problems.push_back({"moved_out", tr_format("{} is before R{} {} moved in ({}); the household's "
                                               "residents move out with it",
                                               "{} 早于 R{} {} 迁入的日期（{}）；住户迁出时其成员随之迁出", *out,
                                               st.integer(0), st.text(1), st.text(2))});
}

}  // namespace

const Entity& household_entity() {
  static const Entity e = [] {
    Entity e;
    e.name = "household";
    e.plural = "households";
    e.prefix = 'H';
    e.en = "household";
    e.zh = "住户";
    e.table = "household";
    e.order_by = "t.building_id, t.unit, CAST(t.room AS INTEGER), t.room";
    e.fields = {
        {.key = "address", .en = "Address", .zh = "地址", .column = "address", .required = true, .normalize = true},
        {.key = "building", .en = "Building", .zh = "楼栋", .type = FieldType::ref, .column = "building_id",
         .select = "(SELECT number FROM building b WHERE b.id = t.building_id)", .target = "building",
         .exported = false},
        {.key = "unit", .en = "Unit", .zh = "单元", .type = FieldType::integer, .column = "unit",
         .listed = false, .exported = false, .min = 1, .max = 99},
        {.key = "room", .en = "Room", .zh = "房号", .column = "room", .listed = false, .exported = false},
        {.key = "grid", .en = "Grid", .zh = "网格", .select =
             "(SELECT g.code FROM building b JOIN grid g ON g.id = b.grid_id WHERE b.id = t.building_id)",
         .exported = false},
        {.key = "phone", .en = "Phone", .zh = "联系电话", .type = FieldType::phone, .column = "phone",
         .privacy = Privacy::phone, .personal = Personal::their_phone},
        {.key = "tags", .en = "Tags", .zh = "标签", .type = FieldType::tags, .column = "tags",
         .target = "person-tag", .max_chars = 1000},
        {.key = "residents", .en = "Residents", .zh = "人数", .type = FieldType::integer,
         .select = "(SELECT count(*) FROM person p WHERE p.household_id = t.id AND p.moved_out IS NULL)",
         .exported = false},
        {.key = "moved_out", .en = "Moved out", .zh = "迁出日期", .type = FieldType::date, .column = "moved_out"},
        {.key = "note", .en = "Note", .zh = "备注", .column = "note", .listed = false, .multiline = true},
    };
    e.natural_keys = {{"address"}};
    e.lookup_sql = "SELECT id, address FROM household WHERE address = ?1";
    e.key_form = [](std::string_view text) -> std::optional<std::string> {
      auto a = parse_address(text);
      if (!a) return std::nullopt;
      return fmt::format("{}-{}-{}", a->building, a->unit, a->room);
    };
    // The address decides building, unit and room; it must exist in the registry.
    e.prepare = [](Context& ctx, Record& r, std::optional<std::int64_t> existing, std::vector<Problem>& problems) {
      const Entity& self = household_entity();
      auto text = std::get_if<std::string>(&r.get(self, "address"));
      if (!text) return check_move_out(ctx, r, existing, problems);
      auto a = parse_address(*text);
      if (!a) {
        problems.push_back({"address", tr_format("\"{}\" is not an address like 3-2-501 "
                                                 "(building-unit-room)",
                                                 "“{}”不是“楼栋-单元-房号”格式的地址（如 3-2-501）", *text)});
        return;
      }
      auto st = ctx.db.cached("SELECT id, units, floors FROM building WHERE number = ?");
      st.bind(1, a->building);
      if (!st.step()) {
        problems.push_back({"address", tr_format("building {} does not exist (see `shequ building list`)",
                                                 "楼栋 {} 不存在（见 `shequ building list`）", a->building)});
        return;
      }
      std::int64_t building_id = st.integer(0), units = st.integer(1), floors = st.integer(2);
      if (a->unit > units) {
        problems.push_back({"address", tr_format("building {} has {} units, not {}",
                                                 "楼栋 {} 只有 {} 个单元，没有 {} 单元", a->building, units, a->unit)});
        return;
      }
      if (a->room.size() >= 3 && std::all_of(a->room.begin(), a->room.end(), ::isdigit)) {
        int floor = std::stoi(a->room) / 100;
        if (floor < 1 || floor > floors)
          problems.push_back(
              {"address", tr_format("room {} is on floor {}, building {} has {} floors",
                                    "房号 {} 在 {} 层，楼栋 {} 只有 {} 层", a->room, floor, a->building, floors)});
      }
      r.put(self, "address", fmt::format("{}-{}-{}", a->building, a->unit, a->room));
      r.put(self, "building", building_id);
      r.put(self, "unit", std::int64_t{a->unit});
      r.put(self, "room", a->room);
      check_move_out(ctx, r, existing, problems);
    };
    // A household that moves out takes its residents with it (persons.h).
    e.after_write = [](Context& ctx, std::int64_t id, Outcome, const Record& r) {
      if (auto out = std::get_if<std::string>(&r.get(household_entity(), "moved_out"))) move_out_residents(ctx, id, *out);
    };
    return e;
  }();
  return e;
}

}  // namespace shequ
