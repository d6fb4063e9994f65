#include "domain/projects.h"

#include <fmt/format.h>

#include "core/i18n.h"

namespace shequ {

const Entity& project_entity() {
  static const Entity e = [] {
    Entity e;
    e.name = "project";
    e.plural = "projects";
    e.prefix = 'J';
    e.en = "project";
    e.zh = "项目";
    e.table = "project";
    e.fields = {
        {.key = "name", .en = "Name", .zh = "项目名称", .column = "name", .required = true},
        {.key = "post_type", .en = "Post type", .zh = "岗位类型", .type = FieldType::vocab, .column = "post_type",
         .target = "post-type", .required = true},
        {.key = "team", .en = "Team", .zh = "负责队伍", .type = FieldType::ref, .column = "team_id",
         .select = "(SELECT name FROM team x WHERE x.id = t.team_id)", .target = "team"},
        // The partner table comes with another part of shequ; the column is shown by reference.
        {.key = "partner", .en = "Partner", .zh = "共建单位", .type = FieldType::ref, .column = "partner_id",
         .target = "partner"},
        {.key = "coefficient", .en = "Coefficient", .zh = "积分系数", .type = FieldType::real, .column = "coefficient", .min = 0, .max = 100, .fallback = "1"},
        {.key = "hours", .en = "Verified hours", .zh = "累计时长",
         .select = "round((SELECT coalesce(sum(h.minutes), 0) FROM service_hours h WHERE h.project_id = t.id "
                   "AND h.status = 'verified') / 60.0, 2)",
         .exported = false, .numeric = true},
        {.key = "active", .en = "Active", .zh = "进行中", .type = FieldType::boolean, .column = "active", .numeric = true, .fallback = "1"},
        {.key = "description", .en = "Description", .zh = "简介", .column = "description", .listed = false, .multiline = true},
        {.key = "note", .en = "Note", .zh = "备注", .column = "note", .listed = false, .multiline = true},
    };
    e.natural_keys = {{"name"}};
    e.lookup_sql = "SELECT id, name FROM project WHERE name = ?1";
    e.prepare = [](Context&, Record& r, std::optional<std::int64_t>, std::vector<Problem>& problems) {
      const Entity& self = project_entity();
      if (auto c = std::get_if<double>(&r.get(self, "coefficient")); c && (*c < 0 || *c > 100))
        problems.push_back(
            {"coefficient", tr_format("{} is not between 0 and 100", "{} 不在 0 到 100 之间", cell_text(*c))});
    };
    return e;
  }();
  return e;
}

}  // namespace shequ
