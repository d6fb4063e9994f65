// Operators on a server: one PostgreSQL group role per community and shequ role
// ("shequ_ningkangyuan_grid_worker"; the street's is "shequ_street", the same in every community),
// granted to each operator's login role. What a group may read and write is the tables of its row
// in kAccess, minus the personal and confidential columns of the entities (Field::privacy) unless
// the role keeps them; the rows it sees are its policies' in kPolicies (row-level security). The
// database's owner, who runs `operator`, is bound by none of it (PostgreSQL's owners bypass row
// security), as a data file's owner is the one operator of a file.
#include "domain/operators.h"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "core/date.h"
#include "core/error.h"
#include "core/i18n.h"
#include "core/text.h"
#include "domain/case_internal.h"
#include "domain/cases.h"
#include "records/entity.h"
#include "storage/catalog.h"
#include "storage/server.h"

namespace shequ {

const std::vector<OperatorRole>& operator_roles() {
  static const std::vector<OperatorRole> r = {
      {"coordinator", "one community: every record and command, and --reveal",
       "一个社区：全部数据和命令，可用 --reveal", true, false, false, true},
      {"grid-worker", "one community: the registry and the needs of their grids, masked; may add and update them",
       "一个社区：所管网格的台账和诉求（脱敏），可新增和修改", true, true, false, false},
      {"mediator", "one community: the cases they are a current mediator of, with their text; may record their steps",
       "一个社区：本人正在调解的案件及其内容，可记录办理环节", true, false, true, true},
      {"street", "every community: the figures (no personal numbers) and the cases escalated to the street, with their "
                 "text (--reveal), whose steps it may record",
       "所有社区：统计数据（无个人号码），以及上报街道的案件及其内容（--reveal），可记录其办理环节", false, false, false, true},
      {"auditor", "one community: read-only, with the audit log; no personal numbers, no case text, no --reveal",
       "一个社区：只读，含审计日志；无个人号码、无案件内容，不能 --reveal", true, false, false, false},
  };
  return r;
}

const OperatorRole& operator_role(std::string_view code) {
  for (const OperatorRole& r : operator_roles())
    if (r.code == code) return r;
  std::vector<std::string> codes;
  for (const OperatorRole& r : operator_roles()) codes.emplace_back(r.code);
  throw Error(Exit::usage, tr_format("--role: \"{}\" is not a role (roles: {})", "--role：没有“{}”这种角色（可用：{}）", code,
                                     join(codes, ", ")));
}

std::string operator_may(std::string_view role) {
  for (const OperatorRole& r : operator_roles())
    if (r.code == role) return tr_format("the role {} may: {}", "角色 {} 可以：{}", r.code, tr(r.en, r.zh));
  return {};
}

namespace {

// What each group may touch besides what every group has (its community's vocabulary and
// version, and for writers the audit log's new rows, the undo data and the running totals).
struct Access {
  std::string_view role;
  std::vector<std::string_view> read;    ///< tables it reads; "*": every table but the audit log's rows
  std::vector<std::string_view> write;   ///< tables it inserts into and updates
  std::vector<std::string_view> private_tables = {};  ///< tables whose personal and confidential columns it reads
  bool audit = false;                    ///< reads the audit log (never its rows' values)
  std::vector<std::string_view> masked = {};  ///< tables whose masked copies it reads instead (kMaskedCopies)
};
const std::vector<Access> kAccess = {
    {"grid-worker", {"grid", "building", "household", "person", "residence", "need", "need_progress", "need_rating", "meeting"},
     {"household", "person", "residence", "need", "need_progress", "need_rating"}, {}, false, {"person", "household"}},
    {"mediator", {"grid", "building", "household", "person", "volunteer", "mediation_case", "case_entry", "case_party", "case_mediator"},
     {"mediation_case", "case_entry", "case_party", "case_mediator"}, {"mediation_case", "case_entry", "case_party"}},
    {"street", {"*"}, {"mediation_case", "case_entry", "case_mediator"}},
    {"auditor", {"*"}, {}, {}, true},
};

// Row-level security: the rows of a table a group sees (USING) and may write (WITH CHECK). A
// table with a policy shows a group without one nothing; the coordinator's policies let it see
// and write every row, the auditor's see every row.
struct Policy {
  std::string_view role, table, command, using_, check;
};
const std::vector<Policy> kPolicies = {
    {"grid-worker", "grid", "ALL", "code = ANY (shequ.operator_grids())", ""},
    {"grid-worker", "building", "ALL", "grid_id IN (SELECT id FROM grid)", ""},
    {"grid-worker", "household", "ALL", "building_id IN (SELECT id FROM building)", ""},
    {"grid-worker", "person", "ALL", "household_id IN (SELECT id FROM household)", ""},
    {"grid-worker", "residence", "ALL", "household_id IN (SELECT id FROM household)", ""},
    {"grid-worker", "need", "ALL", "grid_id IN (SELECT id FROM grid)", ""},
    {"grid-worker", "need_progress", "ALL", "need_id IN (SELECT id FROM need)", ""},
    {"grid-worker", "need_rating", "ALL", "need_id IN (SELECT id FROM need)", ""},
    {"mediator", "mediation_case", "ALL", "id = ANY (shequ_my_cases())", ""},
    {"mediator", "case_entry", "ALL", "case_id = ANY (shequ_my_cases())", ""},
    {"mediator", "case_party", "ALL", "case_id = ANY (shequ_my_cases())", ""},
    {"mediator", "case_mediator", "ALL", "case_id = ANY (shequ_my_cases())", ""},
    {"mediator", "person", "SELECT", "id IN (SELECT person_id FROM case_party) OR id IN (SELECT person_id FROM case_mediator)", ""},
    {"mediator", "household", "SELECT", "true", ""},
    {"mediator", "grid", "SELECT", "true", ""},
    {"mediator", "building", "SELECT", "true", ""},
    {"street", "mediation_case", "SELECT", "true", ""},
    {"street", "mediation_case", "UPDATE", "level = 'street'", "true"},
    {"street", "case_entry", "SELECT", "true", ""},
    {"street", "case_entry", "INSERT", "", "case_id IN (SELECT id FROM mediation_case WHERE level = 'street')"},
    {"street", "case_mediator", "SELECT", "true", ""},
    {"street", "case_mediator", "ALL", "case_id IN (SELECT id FROM mediation_case WHERE level = 'street')", ""},
    {"street", "grid", "SELECT", "true", ""},
    {"street", "building", "SELECT", "true", ""},
    {"street", "household", "SELECT", "true", ""},
    {"street", "person", "SELECT", "true", ""},
    {"street", "residence", "SELECT", "true", ""},
    {"street", "need", "SELECT", "true", ""},
    {"street", "need_progress", "SELECT", "true", ""},
    {"street", "need_rating", "SELECT", "true", ""},
    {"street", "case_party", "SELECT", "true", ""},
};

// The masked copies of personal numbers a role reads in place of the columns it may not read
// (Access::masked): a function a table, masked_copy_function(), SECURITY DEFINER, of the rows of
// the caller's grids (the grid-worker's policies of grid, building, household and person, composed:
// a function run as the owner sees every row), each value masked exactly as shequ prints it
// without --reveal (records/validate.h; the age as shequ_age() computes it), its columns named by
// the entity's field keys. The caller's grids are its session's, as the policies' are.
struct MaskedCopy {
  std::string_view table, rows;  // rows: a condition on t
  struct Column {
    std::string_view key, type, sql;
  };
  std::vector<Column> columns;
};
constexpr std::string_view kGridHouseholds =
    "(SELECT h.id FROM household h JOIN building b ON b.id = h.building_id JOIN grid g ON g.id = b.grid_id "
    "WHERE g.code = ANY (shequ.operator_grids()))";
const std::vector<MaskedCopy> kMaskedCopies = {
    {"person", "t.household_id IN {grid_households}",
     {{"phone", "text", "{s}.shequ_mask_phone(t.phone)"},
      {"id_number", "text", "{s}.shequ_mask_id_number(t.id_number)"},
      {"birth_date", "text", "{s}.shequ_mask_birth_date(t.birth_date)"},
      {"age", "bigint", "{s}.shequ_age(t.birth_date)"}}},
    {"household", "t.id IN {grid_households}", {{"phone", "text", "{s}.shequ_mask_phone(t.phone)"}}},
};

// The tables row-level security guards: those some policy names.
std::set<std::string> guarded_tables() {
  std::set<std::string> t;
  for (const Policy& p : kPolicies) t.emplace(p.table);
  return t;
}

// The personal and confidential columns by table: every entity's fields that are masked or hidden
// without --reveal, and the case timeline's texts and a party's name.
std::map<std::string, std::set<std::string>> private_columns() {
  std::map<std::string, std::set<std::string>> out;
  std::vector<const Entity*> entities = all_entities();
  entities.push_back(&case_party_record());
  for (const Entity* e : entities)
    for (const Field& f : e->fields)
      if (!f.column.empty() && (f.privacy != Privacy::none || f.personal != Personal::none)) out[e->table].insert(f.column);
  for (auto c : {"text", "facts", "issues", "responsibilities", "performance"}) out["case_entry"].insert(c);
  out["case_party"].insert("name");
  return out;
}

std::string ident(std::string_view name) { return "\"" + std::string(name) + "\""; }

// A role code as an identifier: grid-worker → grid_worker.
std::string role_ident(std::string_view role) {
  std::string r(role);
  std::replace(r.begin(), r.end(), '-', '_');
  return r;
}

std::string group_role(std::string_view code, std::string_view role) {
  return role == "street" ? "shequ_street" : fmt::format("shequ_{}_{}", code, role_ident(role));
}

const Access* access_of(std::string_view role) {
  for (const Access& a : kAccess)
    if (a.role == role) return &a;
  return nullptr;
}

void require_server(Context& ctx) {
  if (ctx.db.on_server()) return;
  throw Error(Exit::usage,
              std::string(tr("a data file has one operator, its owner: operators are a server's (docs/guide/street.md)",
                             "数据文件只有一个操作人，即文件的所有者；操作人是服务器上的功能（见 docs/guide/zh/street.md）")));
}

void require_role_name(const std::string& name) {
  const bool ok = plain_identifier(name, 63) && name.substr(0, 3) != "pg_" && name.substr(0, 6) != "shequ_" && name != "public";
  if (!ok)
    throw Error(Exit::usage, tr_format("NAME \"{}\": an operator's name is a database login: 1–63 lower-case letters, digits "
                                       "and _, starting with a letter (not pg_… or shequ_…)",
                                       "NAME “{}”：操作人名称即数据库登录名，须为 1–63 个小写字母、数字或 _，以字母开头（不能以 pg_ 或 shequ_ 开头）",
                                       name));
}

}  // namespace

namespace {

// A community's tables and their columns, as the catalog has them.
struct Schema {
  std::string name;  // quoted
  std::vector<std::string> tables;
  bool has(std::string_view t) const { return std::find(tables.begin(), tables.end(), t) != tables.end(); }
};

// records/validate.h's masks in SQL, for the values shequ stores (a phone in its normal form,
// 13812345678 or 027-84561234-12; anything else keeps its last 2 characters, as mask_phone keeps
// those of a value it cannot read as a phone), then kMaskedCopies' functions, remade (their columns
// may differ from an older shequ's; grants follow in table_grants).
std::string masked_copy_functions(const Schema& s) {
  std::string sql = fmt::format(
      "CREATE OR REPLACE FUNCTION {0}.shequ_mask_trim(s text) RETURNS text LANGUAGE sql IMMUTABLE AS "
      "$$ SELECT btrim(s, E' \\t\\n\\r\\f\\v\\u3000') $$;\n"
      "CREATE OR REPLACE FUNCTION {0}.shequ_mask_keep_last(s text, keep integer) RETURNS text LANGUAGE sql IMMUTABLE AS "
      "$$ SELECT repeat('*', greatest(length(s) - keep, 0)) || "
      "CASE WHEN length(s) > keep THEN right(s, keep) ELSE repeat('*', length(s)) END $$;\n"
      "CREATE OR REPLACE FUNCTION {0}.shequ_mask_phone(phone text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ "
      "SELECT CASE WHEN p ~ '^1[3-9][0-9]{{9}}$' THEN substr(p, 1, 3) || '****' || substr(p, 8) "
      "WHEN p ~ '^0(2[0-9]|10|[3-9][0-9]{{2}})-[2-9][0-9]{{6,7}}(-[0-9]{{1,6}})?$' THEN split_part(p, '-', 1) || '-****' || "
      "right(split_part(p, '-', 2), 4) || coalesce('-' || nullif(split_part(p, '-', 3), ''), '') "
      "ELSE {0}.shequ_mask_keep_last(p, 2) END FROM (SELECT {0}.shequ_mask_trim(phone) AS p) x $$;\n"
      "CREATE OR REPLACE FUNCTION {0}.shequ_mask_id_number(id_number text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ "
      "SELECT CASE WHEN length(n) <= 10 THEN {0}.shequ_mask_keep_last(n, 2) ELSE left(n, 6) || repeat('*', length(n) - 6) END "
      "FROM (SELECT {0}.shequ_mask_trim(id_number) AS n) x $$;\n"
      "CREATE OR REPLACE FUNCTION {0}.shequ_mask_birth_date(birth_date text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ "
      "SELECT CASE WHEN d ~ '^[0-9]{{4}}' THEN left(d, 4) || '-**-**' ELSE repeat('*', length(d)) END "
      "FROM (SELECT {0}.shequ_mask_trim(birth_date) AS d) x $$;\n",
      s.name);
  for (const MaskedCopy& m : kMaskedCopies) {
    if (!s.has(m.table)) continue;
    std::string columns = "id bigint", values = "t.id";
    for (const MaskedCopy::Column& c : m.columns) {
      columns += fmt::format(", {} {}", c.key, c.type);
      values += ", " + fmt::format(fmt::runtime(c.sql), fmt::arg("s", s.name));
    }
    const std::string f = s.name + "." + masked_copy_function(m.table);
    sql += fmt::format("DROP FUNCTION IF EXISTS {0}();\n"
                       "CREATE FUNCTION {0}() RETURNS TABLE ({1}) LANGUAGE sql STABLE SECURITY DEFINER "
                       "SET search_path = {2}, pg_temp AS $$ SELECT {3} FROM {4} t WHERE {5} $$;\n"
                       "REVOKE ALL ON FUNCTION {0}() FROM PUBLIC;\n",
                       f, columns, s.name, values, m.table,
                       fmt::format(fmt::runtime(m.rows), fmt::arg("grid_households", kGridHouseholds)));
  }
  return sql;
}

// The functions the policies and the street call, in the community's schema: SECURITY DEFINER with
// the schema's search path fixed (a temporary table of the caller's cannot stand in).
std::string community_functions(const Schema& s) {
  return fmt::format(
      // The cases a mediator operator is a current mediator of.
      "CREATE OR REPLACE FUNCTION {0}.shequ_my_cases() RETURNS bigint[] LANGUAGE sql STABLE SECURITY DEFINER "
      "SET search_path = {0}, pg_temp AS $$ SELECT coalesce(array_agg(case_id), '{{}}') FROM case_mediator "
      "WHERE person_id = shequ.operator_person() AND to_date IS NULL $$;\n"
      // The texts and parties of the cases at the street level, for the street's role alone: a
      // column's privilege cannot depend on its row, so these read them as the owner, for those cases only.
      "CREATE OR REPLACE FUNCTION {0}.shequ_street_entries() RETURNS TABLE (id bigint, text text, facts text, issues text, "
      "responsibilities text, performance text) LANGUAGE sql STABLE SECURITY DEFINER SET search_path = {0}, pg_temp AS "
      "$$ SELECT e.id, e.text, e.facts, e.issues, e.responsibilities, e.performance FROM case_entry e "
      "JOIN mediation_case c ON c.id = e.case_id WHERE c.level = 'street' $$;\n"
      "CREATE OR REPLACE FUNCTION {0}.shequ_street_parties() RETURNS TABLE (id bigint, name text) LANGUAGE sql STABLE "
      "SECURITY DEFINER SET search_path = {0}, pg_temp AS $$ SELECT p.id, p.name FROM case_party p "
      "JOIN mediation_case c ON c.id = p.case_id WHERE c.level = 'street' $$;\n"
      "REVOKE ALL ON FUNCTION {0}.shequ_street_entries(), {0}.shequ_street_parties() FROM PUBLIC;\n",
      s.name) + masked_copy_functions(s);
}

// The GRANTs of one group role: its tables (kAccess), without the private columns unless it keeps them.
std::string table_grants(Db& db, const Schema& s, const OperatorRole& role, const std::string& g) {
  static const auto hidden = private_columns();
  std::set<std::string> read, write, with_private;
  bool audit = role.code == "coordinator";
  if (role.code == "coordinator") {
    read.insert(s.tables.begin(), s.tables.end());
    write = with_private = read;
  } else if (const Access* a = access_of(role.code)) {
    for (std::string_view t : a->read)
      if (t != "*") read.emplace(t);
      else
        for (const std::string& each : s.tables)
          if (each != "audit" && each != "audit_row" && each != "audit_scrub" && each != kCaptureTable) read.insert(each);
    write.insert(a->write.begin(), a->write.end());
    with_private.insert(a->private_tables.begin(), a->private_tables.end());
    audit = a->audit;
  }
  read.insert({"vocab", "schema_version"});
  if (audit) read.insert("audit");
  std::string sql = fmt::format("REVOKE ALL ON ALL TABLES IN SCHEMA {0} FROM {1}; GRANT USAGE ON SCHEMA {0} TO {1};\n", s.name, g);
  if (!write.empty()) {  // what every write touches: the audit log's new rows, undo data, totals, ids
    for (const std::string& t : s.tables)
      if (t.ends_with("_totals")) {  // kept by the triggers: INSERT … ON CONFLICT reads the row it updates
        write.insert(t);
        read.insert(t);
      }
    sql += fmt::format("GRANT INSERT ON {0}.audit, {0}.audit_row TO {1}; GRANT SELECT (id) ON {0}.audit TO {1};\n"
                       "GRANT SELECT, INSERT, DELETE ON {0}.{2} TO {1};\n"
                       "GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA {0} TO {1};\n",
                       s.name, g, kCaptureTable);
  }
  for (const std::string& t : read) {
    if (!s.has(t)) continue;
    auto h = hidden.find(t);
    if (with_private.count(t) || h == hidden.end()) {
      sql += fmt::format("GRANT SELECT ON {}.{} TO {};\n", s.name, t, g);
      continue;
    }
    std::vector<std::string> shown;
    Stmt st(db, "SELECT a.attname FROM pg_attribute a WHERE a.attrelid = to_regclass(?1) AND a.attnum > 0 "
                "AND NOT a.attisdropped ORDER BY a.attnum");
    st.bind(1, s.name + "." + t);
    while (st.step())
      if (!h->second.count(st.text(0))) shown.push_back(st.text(0));
    sql += fmt::format("GRANT SELECT ({}) ON {}.{} TO {};\n", join(shown, ", "), s.name, t, g);
  }
  for (const std::string& t : write) {
    const bool deletes = role.code == "coordinator" || t.ends_with("_totals") || t == "case_party";
    if (s.has(t)) sql += fmt::format("GRANT INSERT, UPDATE{} ON {}.{} TO {};\n", deletes ? ", DELETE" : "", s.name, t, g);
  }
  if (role.code == "coordinator")  // and the tables a later migration adds (the others: regrant_after_migrations)
    sql += fmt::format("GRANT ALL ON ALL TABLES IN SCHEMA {0} TO {1}; GRANT ALL ON ALL SEQUENCES IN SCHEMA {0} TO {1};\n"
                       "ALTER DEFAULT PRIVILEGES IN SCHEMA {0} GRANT ALL ON TABLES TO {1};\n"
                       "ALTER DEFAULT PRIVILEGES IN SCHEMA {0} GRANT ALL ON SEQUENCES TO {1};\n",
                       s.name, g);
  if (role.code == "street")
    sql += fmt::format("GRANT EXECUTE ON FUNCTION {0}.shequ_street_entries(), {0}.shequ_street_parties() TO {1};\n", s.name, g);
  const Access* a = access_of(role.code);
  for (const MaskedCopy& m : kMaskedCopies) {
    if (!s.has(m.table)) continue;
    const bool given = a && std::find(a->masked.begin(), a->masked.end(), m.table) != a->masked.end();
    sql += fmt::format("{} EXECUTE ON FUNCTION {}.{}() {} {};\n", given ? "GRANT" : "REVOKE", s.name,
                       masked_copy_function(m.table), given ? "TO" : "FROM", g);
  }
  return sql;
}

// The row security policies of one group role (kPolicies; the coordinator's and auditor's: every row).
std::string policies(const Schema& s, const OperatorRole& role, const std::string& g) {
  std::string sql;
  const std::string r = role_ident(role.code);
  for (const std::string& t : guarded_tables()) {
    if (!s.has(t)) continue;
    for (std::string_view command : {"ALL", "SELECT", "INSERT", "UPDATE"})
      sql += fmt::format("DROP POLICY IF EXISTS shequ_{}_{} ON {}.{};\n", r, command, s.name, t);
    if (role.code == "coordinator")
      sql += fmt::format("CREATE POLICY shequ_coordinator_ALL ON {}.{} TO {} USING (true) WITH CHECK (true);\n", s.name, t, g);
    else if (role.code == "auditor")
      sql += fmt::format("CREATE POLICY shequ_auditor_SELECT ON {}.{} FOR SELECT TO {} USING (true);\n", s.name, t, g);
  }
  for (const Policy& p : kPolicies) {
    if (p.role != role.code || !s.has(p.table)) continue;
    std::string clause;
    if (!p.using_.empty()) clause += fmt::format(" USING ({})", p.using_);
    if (!p.check.empty()) clause += fmt::format(" WITH CHECK ({})", p.check);
    sql += fmt::format("CREATE POLICY shequ_{}_{} ON {}.{} FOR {} TO {}{};\n", r, p.command, s.name, p.table, p.command, g, clause);
  }
  return sql;
}

}  // namespace

void grant_community_roles(Db& db, const std::string& code) {
  Schema s{ident(code), {}};
  {
    Stmt st(db, "SELECT c.relname FROM pg_class c WHERE c.relnamespace = to_regnamespace(?1) AND c.relkind = 'r' ORDER BY 1");
    st.bind(1, s.name);
    while (st.step()) s.tables.push_back(st.text(0));
  }
  std::string sql = community_functions(s);
  for (const std::string& t : guarded_tables())
    if (s.has(t)) sql += fmt::format("ALTER TABLE {}.{} ENABLE ROW LEVEL SECURITY;\n", s.name, t);
  for (const OperatorRole& role : operator_roles()) {
    const std::string g = group_role(code, role.code);
    sql += fmt::format("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{0}') THEN CREATE ROLE {0} NOLOGIN; "
                       "END IF; END $$;\n",
                       g);
    sql += table_grants(db, s, role, g) + policies(s, role, g);
  }
  db.exec(sql);
}

void regrant_after_migrations(Db& db, const std::string& code) {
  // grant_community_roles() makes every group role of the community at once: one there, all there.
  if (!Stmt(db, "SELECT 1 FROM pg_roles WHERE rolname = ?1").bind(1, group_role(code, "coordinator")).step()) return;
  ensure_registry(db);  // its lock, as operator add takes it
  grant_community_roles(db, code);
}

void welcome_community(Db& db, const std::string& code) {
  if (db.scalar("SELECT to_regclass('shequ.operator') IS NOT NULL") == 0 ||
      db.scalar("SELECT count(*) FROM shequ.operator WHERE role = 'street'") == 0)
    return;
  Txn txn(db);
  ensure_registry(db);  // its lock: the group roles are the whole server's, made by one process at a time
  grant_community_roles(db, code);
  txn.commit();
}

namespace {

// add_operator() and remove_operator() in the open transaction.
void add_in(Context& ctx, const OperatorSpec& spec) {
  require_role_name(spec.name);
  const OperatorRole& role = operator_role(spec.role);
  if (role.community && spec.community.empty())
    throw Error(Exit::usage, tr_format("--community: a {} works in one community; name it", "--community：{} 只在一个社区工作，请指定社区",
                                       role.code));
  if (!role.community && !spec.community.empty())
    throw Error(Exit::usage, tr_format("--community: a {} works in every community", "--community：{} 在所有社区工作，不指定社区", role.code));
  if (!role.grids && !spec.grids.empty())
    throw Error(Exit::usage, tr_format("--grid: only a grid-worker has grids, not a {}", "--grid：只有网格员有所管网格，{} 没有", role.code));
  if (role.grids && spec.grids.empty())
    throw Error(Exit::usage, std::string(tr("--grid: a grid-worker works in one or more grids; name them (--grid 03,05)",
                                            "--grid：网格员须有所管网格，请指定（--grid 03,05）")));
  if (!role.person && !spec.person.empty())
    throw Error(Exit::usage, tr_format("--person: only a mediator is a person of the community, not a {}",
                                       "--person：只有调解员需要对应社区中的人员，{} 不需要", role.code));
  if (role.person && spec.person.empty())
    throw Error(Exit::usage, std::string(tr("--person: a mediator is the person the cases name as their mediator (--person R12)",
                                            "--person：调解员须对应案件中登记的调解员本人（--person R12）")));
  ensure_registry(ctx.db);
  {
    Stmt st(ctx.db, "SELECT role FROM shequ.operator WHERE name = ?1");
    if (st.bind(1, spec.name).step())
      throw Error(Exit::refused, tr_format("{} is already an operator ({}): change it with shequ operator set",
                                           "{} 已是操作人（{}）：请用 shequ operator set 修改", spec.name, st.text(0)));
  }
  bool created = false;
  {
    Stmt st(ctx.db, "SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = ?1");
    if (st.bind(1, spec.name).step()) {
      if (st.integer(0) != 0)
        throw Error(Exit::refused, tr_format("{} is a superuser of the server: it sees everything and cannot be an operator",
                                             "{} 是服务器的超级用户，能看到全部数据，不能作为操作人", spec.name));
    } else {
      ctx.db.exec(fmt::format("CREATE ROLE {} LOGIN", ident(spec.name)));
      created = true;
    }
  }
  std::vector<std::string> codes;
  if (role.community) codes.push_back(spec.community);
  else for (const Community& c : list_communities(ctx.db)) codes.push_back(c.code);
  std::optional<std::int64_t> person;
  std::vector<std::string> grids;
  for (const std::string& code : codes) {
    enter_community(ctx.db, code, "--community");
    if (role.person) person = case_detail::resolve_mediator(ctx, spec.person).person;  // R12, V7 or a name, as `case assign` reads it
    for (const std::string& g : spec.grids) {  // each grid named as the community has it
      std::int64_t id = resolve(ctx, "grid", g);
      Stmt st(ctx.db, "SELECT code FROM grid WHERE id = ?1");
      if (st.bind(1, id).step()) grids.push_back(st.text(0));
    }
    grant_community_roles(ctx.db, code);
    ctx.db.exec(fmt::format("GRANT {} TO {}", group_role(code, role.code), ident(spec.name)));
  }
  if (!role.community) ctx.db.exec(fmt::format("GRANT {} TO {}", group_role("", role.code), ident(spec.name)));
  Stmt ins(ctx.db, "INSERT INTO shequ.operator (name, role, community, grids, person_id, created_role, created_at) "
                   "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  ins.bind(1, spec.name).bind(2, std::string(role.code));
  if (role.community) ins.bind(3, spec.community);
  if (!grids.empty()) ins.bind(4, join(grids, ","));
  ins.bind(5, person);
  ins.bind(6, std::int64_t{created});
  ins.bind(7, now_iso());
  ins.run();
}

void remove_in(Context& ctx, const std::string& name) {
  ensure_registry(ctx.db);
  std::string role, community;
  {
    Stmt st(ctx.db, "SELECT role, coalesce(community, '') FROM shequ.operator WHERE name = ?1");
    if (!st.bind(1, name).step())
      throw Error(Exit::not_found, tr_format("{} is not an operator (shequ operator list)", "{} 不是操作人（见 shequ operator list）", name));
    role = st.text(0);
    community = st.text(1);
  }
  if (role == "street")
    ctx.db.exec(fmt::format("REVOKE {} FROM {}", group_role("", role), ident(name)));
  else
    ctx.db.exec(fmt::format("REVOKE {} FROM {}", group_role(community, role), ident(name)));
  Stmt(ctx.db, "DELETE FROM shequ.operator WHERE name = ?1").bind(1, name).run();
}

}  // namespace

void add_operator(Context& ctx, const OperatorSpec& spec) {
  require_server(ctx);
  Txn txn(ctx.db);
  add_in(ctx, spec);
  txn.commit();
}

void remove_operator(Context& ctx, const std::string& name) {
  require_server(ctx);
  Txn txn(ctx.db);
  remove_in(ctx, name);
  txn.commit();
}

void set_operator(Context& ctx, const OperatorSpec& spec) {
  require_server(ctx);
  OperatorSpec now;
  {
    if (ctx.db.scalar("SELECT to_regclass('shequ.operator') IS NULL") != 0)
      throw Error(Exit::not_found, tr_format("{} is not an operator (shequ operator list)", "{} 不是操作人（见 shequ operator list）", spec.name));
    Stmt st(ctx.db, "SELECT o.role, coalesce(o.community, ''), coalesce(o.grids, ''), o.person_id FROM shequ.operator o WHERE name = ?1");
    if (!st.bind(1, spec.name).step())
      throw Error(Exit::not_found, tr_format("{} is not an operator (shequ operator list)", "{} 不是操作人（见 shequ operator list）", spec.name));
    now = {spec.name, st.text(0), st.text(1), st.text(2).empty() ? std::vector<std::string>{} : split(st.text(2), ','),
           st.is_null(3) ? "" : fmt::format("R{}", st.integer(3))};
  }
  OperatorSpec next = now;
  if (!spec.role.empty()) next.role = spec.role;
  if (!spec.community.empty()) next.community = spec.community;
  if (!operator_role(next.role).community) next.community.clear();
  next.grids = !spec.grids.empty() ? spec.grids : operator_role(next.role).grids ? now.grids : std::vector<std::string>{};
  next.person = !spec.person.empty() ? spec.person : operator_role(next.role).person ? now.person : "";
  // One transaction: the role taken and given again, or nothing changed.
  Txn txn(ctx.db);
  remove_in(ctx, spec.name);
  add_in(ctx, next);
  txn.commit();
}

Table list_operators(Context& ctx) {
  Table t;
  t.title = std::string(tr("Operators", "操作人"));
  t.columns = {{"name", "Operator", "操作人"}, {"role", "Role", "角色"}, {"community", "Community", "社区"},
               {"grids", "Grids", "网格"}, {"person", "Person", "人员"}, {"may", "May", "权限"}};
  if (!ctx.db.on_server()) {
    t.rows.push_back({ctx.operator_name, std::string("coordinator"), Cell{}, Cell{}, Cell{},
                      std::string(tr("the data file's owner: everything (a file has no other operator)",
                                     "数据文件的所有者：全部权限（数据文件没有其他操作人）"))});
    return t;
  }
  if (ctx.db.scalar("SELECT to_regclass('shequ.operator') IS NOT NULL") == 0) return t;
  Stmt st(ctx.db, "SELECT name, role, community, grids, person_id FROM shequ.operator ORDER BY coalesce(community, ''), role, name");
  while (st.step()) {
    std::string role = st.text(1);
    const OperatorRole& r = operator_role(role);
    t.rows.push_back({st.text(0), role, st.opt_text(2) ? Cell{*st.opt_text(2)} : Cell{}, st.opt_text(3) ? Cell{*st.opt_text(3)} : Cell{},
                      st.is_null(4) ? Cell{} : Cell{fmt::format("R{}", st.integer(4))}, std::string(tr(r.en, r.zh))});
  }
  return t;
}

}  // namespace shequ
