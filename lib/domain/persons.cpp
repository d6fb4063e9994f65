#include "domain/persons.h"

#include <stdexcept>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "records/audit.h"
#include "domain/cases.h"
#include "storage/catalog.h"
#include "core/date.h"
#include "domain/events.h"
#include "domain/held_totals.h"
#include "records/forget_text.h"
#include "storage/schema.h"
#include "core/i18n.h"
#include "storage/dialect.h"
#include "core/text.h"
#include "records/validate.h"

namespace shequ {
namespace {

// Fills birth date and gender from an ID number, or checks that they agree with it.
void check_identity(Context& ctx, Record& r, std::optional<std::int64_t> existing,
                    std::vector<Problem>& problems) {
  const Entity& e = person_entity();
  auto id = std::get_if<std::string>(&r.get(e, "id_number"));
  std::optional<std::string> birth, gender;
  if (auto b = std::get_if<std::string>(&r.get(e, "birth_date"))) birth = *b;
  if (auto g = std::get_if<std::string>(&r.get(e, "gender"))) gender = *g;
  std::optional<std::string> stored_id;
  if (existing) {
    auto st = ctx.db.cached("SELECT id_number, birth_date, gender FROM person WHERE id = ?");
    st.bind(1, *existing);
    if (st.step()) {
      stored_id = st.opt_text(0);
      if (!r.has(e, "birth_date")) birth = st.opt_text(1);
      if (!r.has(e, "gender")) gender = st.opt_text(2);
    }
  }
  std::string number = id ? *id : stored_id.value_or("");
  if (number.empty()) return;
  std::string norm;
  IdNumberInfo info;
  if (check_id_number(number, norm, &info)) return;  // already reported by conversion
  std::string from_id = to_iso(info.birth);
  std::string g(1, info.gender);
  // What the stored ID number says is not repeated: a message must not tell what a mask hides.
  auto mismatch = [&](std::string_view key, const std::string& value, const std::string& expected) {
    if (!r.has(e, key))
      return tr_format("the stored value does not match the ID number ({})", "已登记的值与身份证号（{}）不符",
                       expected);
    if (id) return tr_format("{} does not match the ID number ({})", "{} 与身份证号（{}）不符", value, expected);
    return tr_format("{} does not match the stored ID number", "{} 与已登记的身份证号不符", value);
  };
  if (birth && *birth != from_id) {
    problems.push_back({"birth_date", mismatch("birth_date", *birth, from_id)});
  } else if (!birth) {
    r.put(e, "birth_date", from_id);
  }
  if (gender && *gender != g) {
    problems.push_back({"gender", mismatch("gender", *gender, g)});
  } else if (!gender) {
    r.put(e, "gender", g);
  }
}

// A residence from `date` on, the person's current one (they have none open).
void open_residence(Context& ctx, std::int64_t person, std::int64_t household, const std::string& date,
                    const std::string& reason) {
  auto add = ctx.db.cached("INSERT INTO residence (person_id, household_id, from_date, reason) VALUES (?, ?, ?, ?)");
  add.bind_all(person, household, date);
  if (reason.empty()) add.bind(4, nullptr); else add.bind(4, reason);
  add.run();
}

// Keeps the residence history in step with the person's current household. History stays in
// order: a move dated before the current residence began is refused (65), never recorded as a
// residence that ends before it starts.
void record_residence(Context& ctx, std::int64_t person, std::optional<std::int64_t> household,
                      const std::string& date, const std::string& reason) {
  auto open = ctx.db.cached(
      "SELECT r.id, r.household_id, r.from_date, coalesce(h.address, '') FROM residence r "
      "LEFT JOIN household h ON h.id = r.household_id WHERE r.person_id = ? AND r.to_date IS NULL");
  open.bind(1, person);
  std::optional<std::int64_t> current_row, current_household;
  std::string current_from, current_address;
  if (open.step()) {
    current_row = open.integer(0);
    if (!open.is_null(1)) current_household = open.integer(1);
    current_from = open.text(2);
    current_address = open.text(3);
  }
  if (current_row && current_household == household) return;
  if (current_row && date < current_from)
    throw Error(Exit::data,
                tr_format("--date: {} is before R{}'s current residence at {} began ({}); a move "
                          "is dated on or after the last one",
                          "--date：{} 早于 R{} 现居 {} 的起始日期（{}）；迁移日期不能早于上一次迁移", date, person,
                          current_address, current_from),
                tr_format("see `shequ person show R{}`", "见 `shequ person show R{}`", person));
  if (current_row) {
    auto close = ctx.db.cached("UPDATE residence SET to_date = ? WHERE id = ?");
    close.bind_all(date, *current_row);
    close.run();
  }
  if (household) open_residence(ctx, person, *household, date, reason);
}

// Nobody moves into a household that has moved out; a person recorded as moved out may keep it
// as their last address.
void refuse_moved_out_household(Context& ctx, Record& r, std::optional<std::int64_t> existing,
                                 std::vector<Problem>& problems) {
  const Entity& e = person_entity();
  auto household = std::get_if<std::int64_t>(&r.get(e, "household"));
  if (!household) return;
  bool person_moved_out = std::holds_alternative<std::string>(r.get(e, "moved_out"));
  if (existing) {
    auto st = ctx.db.cached("SELECT household_id IS NOT DISTINCT FROM ?2, moved_out IS NOT NULL FROM person WHERE id = ?1");
    st.bind_all(*existing, *household);
    bool same = false;
    if (st.step()) {
      same = st.integer(0) != 0;
      if (!r.has(e, "moved_out")) person_moved_out = st.integer(1) != 0;
    }
    if (same) return;  // already there: not a move
  }
  if (person_moved_out) return;
  if (auto out = household_moved_out(ctx, *household))
    problems.push_back({"household", tr_format("H{} moved out on {}; nobody can be added to it",
                                               "住户 H{} 已于 {} 迁出，不能再登记人员", *household, *out)});
}

}  // namespace

std::optional<std::string> household_moved_out(Context& ctx, std::int64_t household) {
  return remembered_value(ctx, "household", "moved_out", household);
}

std::int64_t move_out_residents(Context& ctx, std::int64_t household, const std::string& date) {
  std::vector<std::int64_t> residents;
  {
    auto st = ctx.db.cached("SELECT id FROM person WHERE household_id = ? AND moved_out IS NULL ORDER BY id");
    st.bind(1, household);
    while (st.step()) residents.push_back(st.integer(0));
  }
  auto up = ctx.db.cached("UPDATE person SET household_id = NULL, moved_out = ? WHERE id = ?");
  const std::string reason(tr("the household moved out", "住户迁出"));
  for (std::int64_t person : residents) {
    up.bind_all(date, person);
    up.run();
    record_residence(ctx, person, std::nullopt, date, reason);
  }
  return static_cast<std::int64_t>(residents.size());
}

const Entity& person_entity() {
  static const Entity e = [] {
    Entity e;
    e.name = "person";
    e.plural = "persons";
    e.prefix = 'R';
    e.en = "person";
    e.zh = "人员";
    e.table = "person";
    e.fields = {
        {.key = "name", .en = "Name", .zh = "姓名", .column = "name", .required = true},
        {.key = "gender", .en = "Gender", .zh = "性别", .type = FieldType::choice, .column = "gender",
         .choices = {"M", "F"}},
        {.key = "birth_date", .en = "Born", .zh = "出生日期", .type = FieldType::date, .column = "birth_date",
         .privacy = Privacy::birth_date, .listed = false, .past = true, .personal = Personal::about_owner},
        {.key = "age", .en = "Age", .zh = "年龄", .type = FieldType::integer, .select = "shequ_age(t.birth_date)",
         .exported = false},
        {.key = "phone", .en = "Phone", .zh = "手机号", .type = FieldType::phone, .column = "phone",
         .privacy = Privacy::phone, .personal = Personal::about_owner},
        {.key = "id_number", .en = "ID number", .zh = "身份证号", .type = FieldType::id_number,
         .column = "id_number", .privacy = Privacy::id_number, .listed = false, .personal = Personal::about_owner},
        {.key = "household", .en = "Household", .zh = "住址", .type = FieldType::ref, .column = "household_id",
         .select = "(SELECT address FROM household h WHERE h.id = t.household_id)", .target = "household"},
        {.key = "grid", .en = "Grid", .zh = "网格",
         .select = "(SELECT g.code FROM household h JOIN building b ON b.id = h.building_id "
                   "JOIN grid g ON g.id = b.grid_id WHERE h.id = t.household_id)",
         .exported = false},
        {.key = "residency", .en = "Residency", .zh = "户籍类型", .type = FieldType::choice,
         .column = "residency", .choices = {"registered", "permanent", "floating", "non-resident"}, .fallback = "registered"},
        {.key = "tags", .en = "Tags", .zh = "标签", .type = FieldType::tags, .column = "tags", .target = "person-tag", .max_chars = 1000},
        {.key = "moved_in", .en = "Moved in", .zh = "迁入日期", .type = FieldType::date, .column = "moved_in",
         .listed = false, .not_before = "birth_date", .personal = Personal::about_owner},
        {.key = "moved_out", .en = "Moved out", .zh = "迁出日期", .type = FieldType::date, .column = "moved_out",
         .listed = false, .not_before = "moved_in"},
        {.key = "note", .en = "Note", .zh = "备注", .column = "note", .listed = false, .multiline = true,
         .personal = Personal::about_owner},
    };
    e.natural_keys = {{"id_number"}, {"name", "household"}, {"name", "phone"},
                      {"name", "household?", "phone?", "id_number?"}};
    e.lookup_sql =
        "SELECT p.id, p.name || coalesce(' ' || h.address, '') FROM person p "
        "LEFT JOIN household h ON h.id = p.household_id "
        "WHERE (p.phone = ?1 OR p.name = ?1 OR p.id_number = upper(?1)) AND p.forgotten_at IS NULL";
    e.recount_totals = [](HeldTotals& held) { held.grid_residents_recounted(); };
    e.prepare = [](Context& ctx, Record& r, std::optional<std::int64_t> existing, std::vector<Problem>& problems) {
      check_identity(ctx, r, existing, problems);
      refuse_moved_out_household(ctx, r, existing, problems);
    };
    e.after_write = [](Context& ctx, std::int64_t id, Outcome outcome, const Record& r) {
      const Entity& self = person_entity();
      if (!r.has(self, "household")) return;
      std::optional<std::int64_t> household;
      if (auto h = std::get_if<std::int64_t>(&r.get(self, "household"))) household = *h;
      auto moved_in = std::get_if<std::string>(&r.get(self, "moved_in"));
      std::string from = moved_in ? *moved_in : to_iso(today());
      // A person just added has no residence yet to close.
      if (outcome == Outcome::inserted) {
        if (household) open_residence(ctx, id, *household, from, "");
      } else {
        record_residence(ctx, id, household, from, "");
      }
    };
    return e;
  }();
  return e;
}

Query person_query(Context& ctx, const PersonFilter& f) {
  Query q;
  if (!f.grid.empty())
    q.add("t.household_id IN (SELECT h.id FROM household h JOIN building b ON b.id = h.building_id "
          "WHERE b.grid_id = ?)", resolve(ctx, "grid", f.grid));
  if (!f.building.empty())
    q.add("t.household_id IN (SELECT id FROM household WHERE building_id = ?)", resolve(ctx, "building", f.building));
  if (!f.household.empty()) q.add("t.household_id = ?", resolve(ctx, "household", f.household));
  match(ctx, person_entity(), q, "tags", f.tag, "--tag");
  match(ctx, person_entity(), q, "residency", f.residency);
  // An operator who may not read birth dates asks by the age of the server's masked copy.
  const bool by_copy = !ctx.db.can_read("person", "birth_date") && masked_copies(ctx.db, "person").count("age");
  auto age = [&](std::string_view op, int years) {
    q.add(by_copy ? fmt::format("t.id IN (SELECT id FROM {}() WHERE age {} ?)", masked_copy_function("person"), op)
                  : fmt::format("shequ_age(t.birth_date) {} ?", op),
          std::int64_t{years});
  };
  if (f.age_min) age(">=", *f.age_min);
  if (f.age_max) age("<=", *f.age_max);
  if (!f.include_moved_out) q.where.push_back("t.moved_out IS NULL");
  q.where.push_back("t.forgotten_at IS NULL");
  return q;
}

void move_person(Context& ctx, const Move& m) {
  Change change(ctx);
  std::int64_t person = resolve(ctx, "person", m.person);
  std::string date = to_iso(today());
  if (!m.date.empty()) {
    auto d = parse_date(m.date);
    if (!d) throw Error(Exit::data, tr_format("--date: \"{}\" is not a date", "--date：“{}”不是有效日期", m.date));
    date = to_iso(*d);
  }
  std::optional<std::int64_t> household;
  if (!m.out) {
    household = resolve(ctx, "household", m.to);
    auto st = ctx.db.cached("SELECT household_id FROM person WHERE id = ?");
    st.bind(1, person);
    bool already = st.step() && !st.is_null(0) && st.integer(0) == *household;
    if (already) throw Error(Exit::refused, tr_format("R{} already lives at {}", "R{} 已住在 {}", person, m.to));
    if (auto out = household_moved_out(ctx, *household))
      throw Error(Exit::data, tr_format("--to: H{} ({}) moved out on {}; nobody can move into it",
                                        "--to：住户 H{}（{}）已于 {} 迁出，不能迁入", *household, m.to, *out));
  }
  auto up = ctx.db.cached("UPDATE person SET household_id = ?, moved_out = ? WHERE id = ?");
  if (household) up.bind(1, *household); else up.bind(1, nullptr);
  if (m.out) up.bind(2, date); else up.bind(2, nullptr);
  up.bind(3, person);
  up.run();
  record_residence(ctx, person, household, date, m.reason);
  change.subject("person", person);
  change.commit();
}

const Entity& residence_record() {
  static const Entity e = [] {
    Entity e;
    e.name = "residence";
    e.table = "residence";
    e.fields = {
        {.key = "person", .type = FieldType::ref, .column = "person_id", .target = "person"},
        {.key = "reason", .column = "reason", .personal = Personal::about_owner},
    };
    return e;
  }();
  return e;
}

Table residence_history(Context& ctx, std::int64_t person_id) {
  Table t;
  t.title = std::string(tr("Residence history", "居住记录"));
  t.columns = {{"household", "Household", "住址"}, {"from", "From", "起"}, {"to", "To", "止"},
               {"reason", "Reason", "原因"}};
  Stmt st(ctx.db,
          "SELECT h.address, r.from_date, r.to_date, r.reason FROM residence r "
          "LEFT JOIN household h ON h.id = r.household_id WHERE r.person_id = ? ORDER BY r.id");
  st.bind(1, person_id);
  while (st.step()) {
    std::vector<Cell> row;
    for (int i = 0; i < 4; ++i) row.push_back(st.is_null(i) ? Cell{} : Cell{st.text(i)});
    t.rows.push_back(std::move(row));
  }
  return t;
}

namespace {

// The forgotten person's name and phone as the statements compare them (?1 = person id): they
// run before the person row is wiped; free text anywhere is scrubbed after them (scrub_free_text).
constexpr const char* kForgottenName = "(SELECT name FROM person WHERE id = ?1 AND length(name) >= 2)";
constexpr const char* kForgottenPhone = "(SELECT phone FROM person WHERE id = ?1 AND length(phone) >= 5)";

// Which rows of `e` belong to the person: by its first person or volunteer reference; "" if none.
std::string owner_condition(const Entity& e) {
  if (&e == &person_entity()) return "id = ?1";  // the person's own row
  for (const Field& f : e.fields) {
    if (f.type != FieldType::ref || f.column.empty()) continue;
    if (f.target == "person") return f.column + " = ?1";
    if (f.target == "volunteer") return f.column + " IN (SELECT id FROM volunteer WHERE person_id = ?1)";
  }
  return "";
}

std::string sql_literal(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

// Every text column of every table (but the audit log and its undo data, which scrub_audit handles, derived
// totals and the names of persons themselves, which are other people's identities) gets the
// person's name, phone and ID number replaced wherever its text quotes them.
void scrub_free_text(Context& ctx, const ForgottenText& text) {
  for (const ColumnInfo& c : table_columns(ctx.db)) {
    if (!c.text || c.table == "audit" || c.table == "audit_scrub" || c.table == "audit_row" ||
        c.table.ends_with("_totals") || (c.table == "person" && c.name == "name"))
      continue;
    text.scrub_column(ctx.db, c.table, c.name);
  }
}

// The rule for finding the person in text: their strings, guarded by the longer names of others.
ForgottenText forgotten_text(Context& ctx, std::int64_t id, const std::string& name, const std::string& phone,
                             const std::string& id_number) {
  std::vector<std::string> others;
  Stmt st(ctx.db, "SELECT name FROM person WHERE id <> ?1 AND " + dialect_of(ctx.db).contains("name", "?2") +
                      " AND name <> ?2");
  st.bind(1, id).bind(2, name);
  while (st.step()) others.push_back(st.text(0));
  return ForgottenText(name, phone, id_number, others);
}

}  // namespace

std::vector<const Entity*> personal_records() {
  std::vector<const Entity*> records = all_entities();
  for (const Entity* e : {&residence_record(), &case_party_record(), &event_participant_record()}) records.push_back(e);
  return records;
}

std::vector<std::string> forget_statements() {
  std::vector<std::string> out;
  std::string own_row;  // the person's own row goes last: the others compare with its name and phone
  for (const Entity* e : personal_records()) {
    const std::string owner = owner_condition(*e);
    std::vector<std::string> about_owner;  // "note = NULL", …: the person's rows lose them
    for (const Field& f : e->fields) {
      if (f.personal == Personal::none) continue;
      if (!owner.empty()) about_owner.push_back(f.column + " = NULL");
      else if (f.personal == Personal::about_owner)
        throw std::logic_error(fmt::format("{}.{} is about its owner, but {} belongs to no person or volunteer",
                                           e->table, f.column, e->name));
      if (f.personal == Personal::about_owner) continue;
      const std::string now = f.fallback.empty() ? "NULL" : sql_literal(f.fallback);
      out.push_back(fmt::format("UPDATE {0} SET {1} = {2} WHERE {1} = {3}", e->table, f.column, now,
                                f.personal == Personal::their_name ? kForgottenName : kForgottenPhone));
    }
    if (about_owner.empty()) continue;
    std::string sql = fmt::format("UPDATE {} SET {} WHERE {}", e->table, join(about_owner, ", "), owner);
    if (e == &person_entity()) own_row = std::move(sql);
    else out.push_back(std::move(sql));
  }
  if (!own_row.empty()) out.push_back(std::move(own_row));
  return out;
}

std::int64_t forget_person(Context& ctx, std::string_view ref, std::string_view reason) {
  if (trim(reason).empty())
    throw Error(Exit::usage, std::string(tr("forget needs --reason (e.g. the resident's request and its date)",
                                            "删除个人信息需说明 --reason（如本人申请及日期）")));
  // In a data file, old page images in the WAL and other connections' snapshots still hold the
  // data: the forgetting holds the file to itself (waiting up to the busy timeout for other processes to
  // let go, else 75 with nothing changed), so it can fold the WAL into the file and empty it.
  ExclusiveUse alone(ctx.db);
  set_secure_delete(ctx.db, true);  // freed space is zeroed, not left holding old rows
  Change change(ctx);
  change.record_rows(false);  // the changeset would keep exactly what is being removed
  std::int64_t id = resolve(ctx, person_entity(), ref);
  auto who = ctx.db.cached("SELECT name, coalesce(phone, ''), coalesce(id_number, '') FROM person WHERE id = ? AND forgotten_at IS NULL");
  who.bind(1, id);
  if (!who.step()) throw Error(Exit::refused, tr_format("R{} was already forgotten", "R{} 的个人信息已删除", id));
  std::string name = who.text(0), phone = who.text(1), id_number = who.text(2);
  const ForgottenText text = forgotten_text(ctx, id, name, phone, id_number);

  // The append-only timelines may name the person: open the door scrub_audit closes again.
  ctx.db.exec("INSERT INTO audit_scrub (id) VALUES (2)");
  for (const std::string& sql : forget_statements()) {
    auto st = ctx.db.cached(sql);
    st.bind(1, id);
    st.run();
  }
  scrub_free_text(ctx, text);
  auto wipe = ctx.db.cached(
      "UPDATE person SET name = '(已删除)', forgotten_at = ? WHERE id = ?");
  wipe.bind_all(to_iso(today()), id);
  wipe.run();

  std::int64_t scrubbed = scrub_audit(ctx, id, text);
  change.command(text.scrub(ctx.command_line));
  change.action("forget");
  change.subject("person", id);
  change.summary(fmt::format(R"({{"person":{{"forget":1}},"reason":{}}})", nlohmann::json(text.scrub(reason)).dump()));
  change.commit();
  alone.fold_wal();
  return scrubbed;
}

Table search_persons(Context& ctx, std::string_view text, int limit) {
  Query q;
  std::string needle = trim(text);
  q.where.push_back("t.forgotten_at IS NULL");
  // A phone or ID number is found only whole: a search for part of one would confirm the
  // digits its mask hides one by one. Names, notes and addresses match as they are shown.
  std::string phone, id_number;
  if (normalize_phone(needle, phone)) phone.clear();
  if (check_id_number(needle, id_number)) id_number.clear();
  const Dialect& sql = dialect_of(ctx.db);
  std::string condition =
      ctx.reveal ? sql.contains("t.name", "?1") + " OR " + sql.contains("coalesce(t.note, '')", "?1") + " OR " +
                       sql.contains("coalesce(t.phone, '')", "?1")
                 : sql.contains("shequ_masked(t.name)", "?1") + " OR " +
                       sql.contains("coalesce(shequ_masked(t.note), '')", "?1");
  condition += " OR " + sql.contains("coalesce((SELECT address FROM household h WHERE h.id = t.household_id), '')", "?1");
  q.binds.push_back(needle);
  if (!phone.empty()) {
    q.binds.push_back(phone);
    condition += fmt::format(" OR t.phone = ?{}", q.binds.size());
  }
  if (!id_number.empty()) {
    q.binds.push_back(id_number);
    condition += fmt::format(" OR t.id_number = ?{}", q.binds.size());
  }
  q.where.push_back(std::move(condition));
  q.limit = limit;
  return list_records(ctx, person_entity(), q);
}

}  // namespace shequ
