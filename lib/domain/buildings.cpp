#include "domain/buildings.h"

namespace shequ {

const Entity& building_entity() {
  static const Entity e = [] {
    Entity e;
    e.name = "building";
    e.plural = "buildings";
    e.prefix = 'B';
    e.en = "building";
    e.zh = "楼栋";
    e.table = "building";
    e.order_by = "CAST(t.number AS INTEGER), t.number";
    e.fields = {
        {.key = "number", .en = "Number", .zh = "楼栋号", .column = "number", .required = true},
        {.key = "grid", .en = "Grid", .zh = "网格", .type = FieldType::ref, .column = "grid_id",
         .select = "(SELECT code FROM grid g WHERE g.id = t.grid_id)", .target = "grid", .required = true},
        {.key = "units", .en = "Units", .zh = "单元数", .type = FieldType::integer, .column = "units", .min = 1, .max = 99, .fallback = "1"},
        {.key = "floors", .en = "Floors", .zh = "层数", .type = FieldType::integer, .column = "floors", .min = 1, .max = 200, .fallback = "6"},
        {.key = "households", .en = "Households", .zh = "户数", .type = FieldType::integer,
         .select = "(SELECT count(*) FROM household h WHERE h.building_id = t.id AND h.moved_out IS NULL)",
         .exported = false},
        {.key = "residents", .en = "Residents", .zh = "居民数", .type = FieldType::integer,
         .select = "(SELECT count(*) FROM person p JOIN household h ON h.id = p.household_id "
                   "WHERE h.building_id = t.id AND p.moved_out IS NULL)",
         .exported = false},
        {.key = "note", .en = "Note", .zh = "备注", .column = "note", .listed = false, .multiline = true},
    };
    e.natural_keys = {{"number"}};
    e.lookup_sql = "SELECT id, number || '栋' FROM building WHERE number = ?1 OR number || '栋' = ?1";
    e.collision_sql = "SELECT id, number || '栋' FROM building WHERE number = ?1 || '栋' OR "
                      "(?1 LIKE '%栋' AND number = substr(?1, 1, length(?1) - 1))";
    return e;
  }();
  return e;
}

}  // namespace shequ
