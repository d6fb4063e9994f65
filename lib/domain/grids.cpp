#include "domain/grids.h"

#include <fmt/format.h>

#include "core/i18n.h"

namespace shequ {

const Entity& grid_entity() {
  static const Entity e = [] {
    Entity e;
    e.name = "grid";
    e.plural = "grids";
    e.prefix = 'G';
    e.en = "grid";
    e.zh = "网格";
    e.table = "grid";
    e.order_by = "t.code";
    e.fields = {
        {.key = "code", .en = "Code", .zh = "网格编号", .column = "code", .required = true},
        {.key = "name", .en = "Name", .zh = "网格名称", .column = "name", .required = true},
        {.key = "national_code", .en = "National code", .zh = "全国网格编码", .column = "national_code", .listed = false},
        {.key = "buildings", .en = "Buildings", .zh = "楼栋数", .type = FieldType::integer,
         .select = "(SELECT count(*) FROM building b WHERE b.grid_id = t.id)", .exported = false},
        {.key = "households", .en = "Households", .zh = "户数", .type = FieldType::integer,
         .select = "(SELECT count(*) FROM household h JOIN building b ON b.id = h.building_id "
                   "WHERE b.grid_id = t.id AND h.moved_out IS NULL)",
         .exported = false},
        {.key = "residents", .en = "Residents", .zh = "居民数", .type = FieldType::integer,
         .select = "(SELECT count(*) FROM person p JOIN household h ON h.id = p.household_id "
                   "JOIN building b ON b.id = h.building_id WHERE b.grid_id = t.id AND p.moved_out IS NULL)",
         .exported = false},
        {.key = "note", .en = "Note", .zh = "备注", .column = "note", .listed = false, .multiline = true},
    };
    e.natural_keys = {{"code"}};
    // "3" finds grid "03"; the national code and the name find it too.
    e.lookup_sql =
        "SELECT id, code || ' ' || name FROM grid WHERE code = ?1 OR national_code = ?1 OR name = ?1 "
        "OR (substr(?1, 1, 1) BETWEEN '0' AND '9' AND ltrim(code, '0') = ltrim(?1, '0') AND substr(code, 1, 1) BETWEEN '0' AND '9')";
    e.collision_sql =
        "SELECT id, code || ' ' || name FROM grid WHERE substr(?1, 1, 1) BETWEEN '0' AND '9' AND code <> ?1 AND code IN "
        "(ltrim(?1, '0'), '0' || ltrim(?1, '0'), '00' || ltrim(?1, '0'), '000' || ltrim(?1, '0')) "
        "UNION ALL SELECT id, code || ' ' || name FROM grid WHERE national_code = ?1";
    e.prepare = [](Context&, Record& r, std::optional<std::int64_t>, std::vector<Problem>& problems) {
      const Value& v = r.get(grid_entity(), "national_code");
      if (auto s = std::get_if<std::string>(&v)) {
        bool digits = std::all_of(s->begin(), s->end(), [](char c) { return c >= '0' && c <= '9'; });
        if (!digits || (s->size() != 12 && s->size() != 15))
          problems.push_back({"national_code", tr_format("\"{}\" is not a 12- or 15-digit grid code",
                                                         "“{}”不是12位或15位网格编码", *s)});
      }
    };
    return e;
  }();
  return e;
}

}  // namespace shequ
