#include "domain/partners.h"

namespace shequ {

const Entity& partner_entity() {
  static const Entity e = [] {
    Entity e;
    e.name = "partner";
    e.plural = "partners";
    e.prefix = 'P';
    e.en = "partner";
    e.zh = "共建单位";
    e.table = "partner";
    e.order_by = "t.active DESC, t.type, t.name";
    e.fields = {
        {.key = "name", .en = "Name", .zh = "单位名称", .column = "name", .required = true},
        {.key = "type", .en = "Type", .zh = "单位类型", .type = FieldType::vocab, .column = "type",
         .target = "partner-type", .required = true},
        {.key = "contact", .en = "Contact", .zh = "联系人", .column = "contact", .personal = Personal::their_name},
        {.key = "phone", .en = "Phone", .zh = "联系电话", .type = FieldType::phone, .column = "phone",
         .privacy = Privacy::phone, .personal = Personal::their_phone},
        {.key = "since", .en = "Since", .zh = "共建起始", .type = FieldType::date, .column = "since", .past = true},
        {.key = "resources", .en = "Resources offered", .zh = "提供资源", .column = "resources", .multiline = true},
        {.key = "active", .en = "Active", .zh = "在共建", .type = FieldType::boolean, .column = "active",
         .numeric = true, .fallback = "1"},
        {.key = "party_members", .en = "Party members", .zh = "党员数", .type = FieldType::integer,
         .select = "(SELECT count(*) FROM party_membership m WHERE m.partner_id = t.id AND m.left_on IS NULL)",
         .exported = false},
        {.key = "note", .en = "Note", .zh = "备注", .column = "note", .listed = false, .multiline = true},
    };
    e.natural_keys = {{"name"}};
    e.lookup_sql = "SELECT id, name FROM partner WHERE name = ?1";
    return e;
  }();
  return e;
}

Query partner_query(Context& ctx, const PartnerFilter& f) {
  Query q;
  match(ctx, partner_entity(), q, "type", f.type);
  if (f.active_only) q.where.push_back("t.active = 1");
  return q;
}

}  // namespace shequ
