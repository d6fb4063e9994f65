#include "domain/programmes.h"

#include <algorithm>
#include <cctype>
#include <cmath>

#include <fmt/format.h>

#include "records/audit.h"
#include "core/date.h"
#include "core/i18n.h"
#include "storage/dialect.h"
#include "domain/needs.h"
#include "core/text.h"
#include "records/voids.h"

namespace shequ {
namespace {

double round2(double v) { return std::round(v * 100.0) / 100.0; }

std::vector<MealTier> default_tiers() {
  return {
      {"aged-60", "60岁以上老人", 4, 60, {}, false},
      {"low-income", "低保/特困", 8, std::nullopt, {"low-income|extremely-poor"}, false},
      {"disabled-low-income", "失能失智且低保", 8, std::nullopt, {"disabled|dementia", "low-income|extremely-poor"}, true},
  };
}

// What the delivery rules need to know about a recipient.
struct Recipient {
  std::string residency;
  std::optional<int> age;
  std::vector<std::string> tags;
};

Recipient load_recipient(Context& ctx, std::int64_t person, const std::string& on) {
  Recipient r;
  auto st = ctx.db.cached("SELECT residency, birth_date, tags FROM person WHERE id = ?");
  st.bind(1, person);
  if (!st.step()) return r;
  r.residency = st.text(0);
  if (auto b = st.opt_text(1)) {
    auto birth = parse_date(*b);
    auto day = parse_date(on);
    if (birth && day) r.age = age_on(*birth, *day);
  }
  if (auto t = st.opt_text(2))
    for (auto& tag : split(*t, ',')) r.tags.push_back(trim(tag));
  return r;
}

// Why a recipient does not qualify for a tier, or "" if they do.
std::string ineligible(const MealTier& t, const Recipient& r) {
  if (t.min_age && (!r.age || *r.age < *t.min_age)) return tr_format("aged under {}", "未满 {} 岁", *t.min_age);
  for (const auto& group : t.tag_groups) {
    bool any = false;
    for (const auto& alt : split(group, '|'))
      if (std::find(r.tags.begin(), r.tags.end(), trim(alt)) != r.tags.end()) any = true;
    if (!any) return tr_format("not tagged {}", "无 {} 标签", group);
  }
  return "";
}

std::string tier_codes(const MealRules& rules) {
  std::vector<std::string> codes{"none"};
  for (const auto& t : rules.tiers) codes.push_back(t.code);
  return join(codes, ", ");
}

// Finds a site by prefixed id, or by name within the programme (or anywhere, if unique).
std::optional<std::int64_t> find_site(Context& ctx, const std::string& text, std::optional<std::int64_t> programme,
                                      std::vector<Problem>& problems) {
  std::string t = trim(text);
  if (t.size() >= 2 && std::toupper(static_cast<unsigned char>(t[0])) == site_entity().prefix &&
      std::all_of(t.begin() + 1, t.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    try {
      return resolve(ctx, site_entity(), t);
    } catch (const Error& e) {
      problems.push_back({"site", e.what()});
      return std::nullopt;
    }
  }
  auto st = ctx.db.cached("SELECT id FROM programme_site WHERE name = ?1 AND (?2 IS NULL OR programme_id = ?2) LIMIT 2");
  st.bind(1, t);
  st.bind(2, programme);
  std::vector<std::int64_t> ids;
  while (st.step()) ids.push_back(st.integer(0));
  if (ids.size() == 1) return ids[0];
  if (ids.size() > 1) {
    problems.push_back({"site", tr_format("\"{}\" is a site of several programmes; give the programme",
                                          "多个项目都有站点“{}”；请写明项目", t)});
    return std::nullopt;
  }
  std::string known;
  if (programme) {
    auto names = ctx.db.cached("SELECT " + dialect_of(ctx.db).ordered_concat("name", "', '", "id") +
                               " FROM (SELECT name, id FROM programme_site WHERE programme_id = ? ORDER BY id) AS sites");
    names.bind(1, *programme);
    if (names.step() && !names.is_null(0)) known = names.text(0);
  }
  problems.push_back({"site", programme ? tr_format("programme Q{} has no site \"{}\" (sites: {})",
                                                    "项目 Q{} 没有站点“{}”（现有站点：{}）", *programme, t,
                                                    known.empty() ? "-" : known)
                                        : tr_format("no site \"{}\"", "没有站点“{}”", t)});
  return std::nullopt;
}

// Fills site and programme, checks the count, and prices meals by tier (see DOMAIN.md).
void prepare_delivery(Context& ctx, Record& r, std::optional<std::int64_t>, std::vector<Problem>& problems) {
  const Entity& e = delivery_entity();
  if (!r.has(e, "date")) r.put(e, "date", to_iso(today()));
  std::optional<std::int64_t> programme;
  if (auto p = std::get_if<std::int64_t>(&r.get(e, "programme"))) programme = *p;
  if (auto s = std::get_if<std::string>(&r.get(e, "site"))) {
    auto site = find_site(ctx, *s, programme, problems);
    if (!site) return;
    auto st = ctx.db.cached("SELECT programme_id FROM programme_site WHERE id = ?");
    st.bind(1, *site);
    st.step();
    std::int64_t owner = st.integer(0);
    if (programme && *programme != owner) {
      problems.push_back({"site", tr_format("L{} belongs to programme Q{}, not Q{}", "站点 L{} 属于项目 Q{}，不是 Q{}",
                                            *site, owner, *programme)});
      return;
    }
    r.put(e, "site", *site);
    r.put(e, "programme", owner);
  }
  const Value& type = r.get(e, "service_type");
  if (!std::holds_alternative<std::string>(type)) return;
  bool meal = std::get<std::string>(type) == "meal";
  auto given = [&](const char* key) { return !std::holds_alternative<std::monostate>(r.get(e, key)); };
  if (!meal) {
    for (const char* key : {"mode", "tier", "resident_paid", "subsidy"})
      if (given(key))
        problems.push_back({key, std::string(tr("only meal deliveries have this", "只有助餐记录才有此项"))});
    return;
  }
  std::string date = std::holds_alternative<std::string>(r.get(e, "date")) ? std::get<std::string>(r.get(e, "date"))
                                                                            : to_iso(today());
  if (!given("mode")) r.put(e, "mode", std::string("dine-in"));
  MealRules rules = meal_rules(ctx.config);

  // An export made without --reveal has no recipient column: keep the one stored on the
  // matching delivery, so importing it back changes nothing.
  if (!r.has(e, "recipient") && std::holds_alternative<std::int64_t>(r.get(e, "site"))) {
    auto st = ctx.db.cached(
        "SELECT person_id FROM delivery WHERE site_id = ? AND date = ? AND service_type = 'meal' AND mode IS NOT DISTINCT FROM ? "
        "AND (? IS NULL OR tier = ?) AND person_id IS NOT NULL LIMIT 2");
    st.bind(1, std::get<std::int64_t>(r.get(e, "site")));
    st.bind(2, date);
    st.bind(3, std::get<std::string>(r.get(e, "mode")));
    std::optional<std::string> tier;
    if (auto t = std::get_if<std::string>(&r.get(e, "tier"))) tier = *t;
    st.bind(4, tier);
    st.bind(5, tier);
    std::vector<std::int64_t> found;
    while (st.step()) found.push_back(st.integer(0));
    if (found.size() == 1) r.put(e, "recipient", found[0]);
  }

  std::string tier;
  if (auto t = std::get_if<std::string>(&r.get(e, "tier"))) {
    tier = *t;
    if (tier != "none" && !rules.tier(tier)) {
      problems.push_back({"tier", tr_format("\"{}\" is not a meal tier (tiers: {})", "“{}”不是助餐补贴档次（可用：{}）",
                                            tier, tier_codes(rules))});
      return;
    }
  }
  if (auto person = std::get_if<std::int64_t>(&r.get(e, "recipient"))) {
    Recipient who = load_recipient(ctx, *person, date);
    bool local = std::find(rules.subsidised_residency.begin(), rules.subsidised_residency.end(), who.residency) !=
                 rules.subsidised_residency.end();
    if (!local) {
      if (!tier.empty() && tier != "none") {
        problems.push_back({"tier", tr_format("the recipient's residency is {}: no meal subsidy",
                                              "就餐人户籍类型为 {}：不享受助餐补贴", who.residency)});
        return;
      }
      tier = "none";
    } else if (!tier.empty() && tier != "none") {
      std::string why = ineligible(*rules.tier(tier), who);
      if (!why.empty()) {
        problems.push_back({"tier", tr_format("the recipient does not qualify for {}: {}",
                                              "就餐人不符合 {} 档补贴条件：{}", tier, why)});
        return;
      }
    } else if (tier.empty()) {
      // The best tier the recipient qualifies for: highest subsidy, then free delivery.
      const MealTier* best = nullptr;
      for (const auto& t : rules.tiers) {
        if (!ineligible(t, who).empty()) continue;
        if (!best || t.subsidy > best->subsidy || (t.subsidy == best->subsidy && t.free_delivery && !best->free_delivery))
          best = &t;
      }
      tier = best ? best->code : "none";
    }
  }
  if (tier.empty()) tier = "none";
  r.put(e, "tier", tier);

  bool paid = given("resident_paid"), subsidy = given("subsidy");
  if (paid != subsidy) {
    problems.push_back({paid ? "subsidy" : "resident_paid",
                        std::string(tr("give both amounts or neither (then they are computed from [meals])",
                                       "两项金额须同时给出，或都不填（按 [meals] 计算）"))});
    return;
  }
  for (const char* key : {"resident_paid", "subsidy"})
    if (auto v = std::get_if<double>(&r.get(e, key)); v && *v < 0)
      problems.push_back({key, tr_format("{} is negative", "{} 为负数", *v)});
  if (!paid) {
    std::int64_t count = 1;
    if (auto n = std::get_if<std::int64_t>(&r.get(e, "count"))) count = *n;
    MealPrice price = meal_price(rules, tier, std::get<std::string>(r.get(e, "mode")) == "delivered");
    r.put(e, "resident_paid", round2(price.resident * static_cast<double>(count)));
    r.put(e, "subsidy", round2(price.subsidy * static_cast<double>(count)));
  }
}

// "centre:NAME" → (centre, NAME); a bare name is a station.
std::pair<std::string, std::string> site_spec(const std::string& spec) {
  auto colon = spec.find(':');
  if (colon != std::string::npos) {
    std::string kind = to_lower_ascii(trim(spec.substr(0, colon)));
    if (kind == "centre" || kind == "station" || kind == "other") return {kind, trim(spec.substr(colon + 1))};
  }
  return {"station", trim(spec)};
}

void add_period(Query& q, const DeliveryFilter& f, const char* column) {
  if (!f.from.empty()) q.add(fmt::format("{} >= ?", column), date_or_today(f.from, "--from"));
  if (!f.to.empty()) q.add(fmt::format("{} <= ?", column), date_or_today(f.to, "--to"));
}

}  // namespace

// ---- meal rules ----

const MealTier* MealRules::tier(std::string_view code) const {
  for (const auto& t : tiers)
    if (t.code == code) return &t;
  return nullptr;
}

MealRules meal_rules(const Config& config) {
  MealRules rules;
  if (auto p = config.get_real("meals.price")) rules.price = *p;
  if (auto f = config.get_real("meals.delivery_fee")) rules.delivery_fee = *f;
  if (auto r = config.get_string_list("meals.subsidised_residency")) rules.subsidised_residency = *r;
  if (rules.price < 0 || rules.delivery_fee < 0)
    throw Error(Exit::config, std::string(tr("meals.price and meals.delivery_fee must not be negative",
                                             "meals.price 与 meals.delivery_fee 不能为负数")));
  auto codes = config.table_keys("meals.tiers");
  if (codes.empty()) {
    rules.tiers = default_tiers();
    return rules;
  }
  for (const auto& code : codes) {
    std::string k = "meals.tiers." + code;
    MealTier t;
    t.code = code;
    t.label = config.get_string(k + ".label").value_or(code);
    auto subsidy = config.get_real(k + ".subsidy");
    if (!subsidy || *subsidy < 0)
      throw Error(Exit::config, tr_format("{}.subsidy: give the subsidy per meal (yuan, not negative)",
                                          "{}.subsidy：请填写每餐补贴金额（元，不能为负）", k));
    t.subsidy = *subsidy;
    if (auto a = config.get_integer(k + ".min_age")) t.min_age = static_cast<int>(*a);
    if (auto g = config.get_string_list(k + ".tags")) t.tag_groups = *g;
    t.free_delivery = config.get_boolean(k + ".free_delivery").value_or(false);
    rules.tiers.push_back(std::move(t));
  }
  return rules;
}

MealPrice meal_price(const MealRules& rules, std::string_view tier, bool delivered) {
  MealPrice p;
  const MealTier* t = rules.tier(tier);
  p.subsidy = t ? std::min(t->subsidy, rules.price) : 0;
  p.resident = rules.price - p.subsidy;
  if (delivered) {
    if (t && t->free_delivery) p.subsidy += rules.delivery_fee;
    else p.resident += rules.delivery_fee;
  }
  return p;
}

// ---- entities ----

const Entity& programme_entity() {
  static const Entity e = [] {
    Entity e;
    e.name = "programme";
    e.plural = "programmes";
    e.prefix = 'Q';
    e.en = "programme";
    e.zh = "服务项目";
    e.table = "programme";
    e.fields = {
        {.key = "name", .en = "Name", .zh = "名称", .column = "name", .required = true},
        {.key = "started", .en = "Started", .zh = "开办日期", .type = FieldType::date, .column = "started"},
        {.key = "description", .en = "Description", .zh = "简介", .column = "description", .listed = false, .multiline = true},
        {.key = "sites", .en = "Sites", .zh = "站点", .select = "(SELECT %ordered_concat(name, ', ', id) FROM "
                                                            "(SELECT s.name, s.id FROM programme_site s WHERE s.programme_id = t.id ORDER BY s.id) AS sites)",
         .exported = false},
        {.key = "services", .en = "Services given", .zh = "服务人次", .type = FieldType::integer,
         .select = "(SELECT coalesce(sum(count), 0) FROM delivery d WHERE d.programme_id = t.id AND d.voided_at IS NULL)", .exported = false},
        {.key = "note", .en = "Note", .zh = "备注", .column = "note", .listed = false, .multiline = true},
    };
    e.natural_keys = {{"name"}};
    e.lookup_sql = "SELECT id, name FROM programme WHERE name = ?1";
    return e;
  }();
  return e;
}

const Entity& site_entity() {
  static const Entity e = [] {
    Entity e;
    e.name = "site";
    e.plural = "sites";
    e.prefix = 'L';
    e.en = "site";
    e.zh = "服务站点";
    e.table = "programme_site";
    e.order_by = "t.programme_id, t.id";
    e.fields = {
        {.key = "programme", .en = "Programme", .zh = "服务项目", .type = FieldType::ref, .column = "programme_id",
         .select = "(SELECT name FROM programme p WHERE p.id = t.programme_id)", .target = "programme", .required = true},
        {.key = "name", .en = "Name", .zh = "站点名称", .column = "name", .required = true},
        {.key = "kind", .en = "Kind", .zh = "类型", .type = FieldType::choice, .column = "kind",
         .choices = {"centre", "station", "other"}, .fallback = "station"},
        {.key = "grid", .en = "Grid", .zh = "网格", .type = FieldType::ref, .column = "grid_id",
         .select = "(SELECT code FROM grid g WHERE g.id = t.grid_id)", .target = "grid"},
        {.key = "place", .en = "Place", .zh = "地址", .column = "place"},
        {.key = "services", .en = "Services", .zh = "服务类型", .type = FieldType::tags, .column = "services",
         .target = "service-type", .max_chars = 1000},
        {.key = "deliveries", .en = "Services given", .zh = "服务人次", .type = FieldType::integer,
         .select = "(SELECT coalesce(sum(count), 0) FROM delivery d WHERE d.site_id = t.id AND d.voided_at IS NULL)", .exported = false},
        {.key = "note", .en = "Note", .zh = "备注", .column = "note", .listed = false, .multiline = true},
    };
    e.natural_keys = {{"programme", "name"}};
    e.lookup_sql =
        "SELECT s.id, p.name || ' ' || s.name FROM programme_site s JOIN programme p ON p.id = s.programme_id "
        "WHERE s.name = ?1";
    return e;
  }();
  return e;
}

const Entity& delivery_entity() {
  static const Entity e = [] {
    Entity e;
    e.name = "delivery";
    e.plural = "deliveries";
    e.prefix = 'D';
    e.en = "delivery";
    e.zh = "服务记录";
    e.table = "delivery";
    e.order_by = "t.date, t.site_id, t.id";
    e.fields = {
        {.key = "date", .en = "Date", .zh = "日期", .type = FieldType::date, .column = "date", .required = true, .past = true},
        {.key = "programme", .en = "Programme", .zh = "服务项目", .type = FieldType::ref, .column = "programme_id",
         .select = "(SELECT name FROM programme p WHERE p.id = t.programme_id)", .target = "programme",
         .listed = false},
        {.key = "site", .en = "Site", .zh = "站点", .column = "site_id",
         .select = "(SELECT name FROM programme_site s WHERE s.id = t.site_id)", .required = true},
        {.key = "service_type", .en = "Service", .zh = "服务类型", .type = FieldType::vocab, .column = "service_type",
         .target = "service-type", .required = true},
        {.key = "count", .en = "Count", .zh = "人次", .type = FieldType::integer, .column = "count", .min = 1, .max = 1e5, .fallback = "1"},
        {.key = "mode", .en = "Mode", .zh = "就餐方式", .type = FieldType::choice, .column = "mode",
         .choices = {"dine-in", "delivered"}},
        {.key = "tier", .en = "Tier", .zh = "补贴档次", .column = "tier"},
        {.key = "recipient", .en = "Recipient", .zh = "服务对象", .type = FieldType::ref, .column = "person_id",
         .target = "person", .privacy = Privacy::confidential},
        {.key = "resident_paid", .en = "Resident paid", .zh = "个人支付", .type = FieldType::real,
         .column = "resident_paid", .min = 0, .max = 1e6},
        {.key = "subsidy", .en = "Subsidy", .zh = "补贴金额", .type = FieldType::real, .column = "subsidy", .min = 0, .max = 1e6},
        {.key = "note", .en = "Note", .zh = "备注", .column = "note", .listed = false, .multiline = true,
         .personal = Personal::about_owner},
        void_field(),
    };
    e.natural_keys = {{"site", "date", "service_type", "mode?", "tier?", "recipient?"}};
    e.prepare = prepare_delivery;
    return e;
  }();
  return e;
}

// ---- workflows ----

std::int64_t add_programme(Context& ctx, const Input& programme, const std::vector<std::string>& sites) {
  Change change(ctx);
  const Entity& pe = programme_entity();
  std::vector<Problem> problems;
  Record r = convert(ctx, pe, programme, std::nullopt, problems);
  check_record(pe, r, true, problems);
  throw_if(problems, programme.where);
  if (auto existing = find_existing(ctx, pe, r))
    throw Error(Exit::refused, tr_format("programme Q{} already exists", "服务项目 Q{} 已存在", *existing),
                tr_format("add a site with `shequ programme site Q{} NAME`",
                          "可用 `shequ programme site Q{} 名称` 增加站点", *existing));
  check_key_collisions(ctx, pe, r, std::nullopt, problems);
  throw_if(problems, programme.where);
  auto [id, _] = write_checked(ctx, pe, r, std::nullopt, programme.where);
  const Entity& se = site_entity();
  for (const auto& spec : sites) {
    auto [kind, name] = site_spec(spec);
    Input in;
    in.set("programme", ref_text(programme_entity(), id));
    in.set("name", name);
    in.set("kind", kind);
    Record s = convert(ctx, se, in, std::nullopt, problems);
    check_record(se, s, true, problems);
    if (name.empty()) problems.push_back({"site", tr_format("\"{}\" has no name", "“{}”缺少站点名称", spec)});
    throw_if(problems, "--site");
    if (find_existing(ctx, se, s))
      throw Error(Exit::data, tr_format("--site: \"{}\" is given twice", "--site：“{}”重复", name));
    write_checked(ctx, se, s, std::nullopt, "--site");
  }
  change.subject("programme", id);
  change.commit();
  return id;
}

void set_month(DeliveryFilter& f, std::string_view month) {
  auto first = parse_date(std::string(month) + "-01");
  if (month.size() != 7 || !first)
    throw Error(Exit::data, tr_format("--month: \"{}\" is not a month like 2026-11",
                                      "--month：“{}”不是月份（格式如 2026-11）", month));
  f.from = to_iso(*first);
  f.to = to_iso(add_days(add_months(*first, 1), -1));
}

Query delivery_query(Context& ctx, const DeliveryFilter& f) {
  Query q;
  std::optional<std::int64_t> programme;
  if (!f.programme.empty()) {
    programme = resolve(ctx, programme_entity(), f.programme);
    q.add("t.programme_id = ?", *programme);
  }
  if (!f.site.empty()) {
    std::vector<Problem> problems;
    auto site = find_site(ctx, f.site, programme, problems);
    if (!site) throw Error(Exit::not_found, describe(problems, "--site"));
    q.add("t.site_id = ?", *site);
  }
  match(ctx, delivery_entity(), q, "service_type", f.service_type, "--type");
  add_period(q, f, "t.date");
  return q;
}

Table programme_record(Context& ctx, std::int64_t programme_id, const DeliveryFilter& f) {
  Table record = show_record(ctx, programme_entity(), programme_id);
  if (f.from.empty() && f.to.empty() && f.site.empty() && f.service_type.empty()) return record;
  DeliveryFilter mine = f;
  mine.programme = ref_text(programme_entity(), programme_id);
  Query q = delivery_query(ctx, mine);
  q.where.push_back("t.voided_at IS NULL");  // voided deliveries are listed, never counted
  std::string sql = "SELECT coalesce(sum(t.count), 0) FROM delivery t";
  for (std::size_t i = 0; i < q.where.size(); ++i) sql += (i ? " AND (" : " WHERE (") + q.where[i] + ")";
  Stmt st(ctx.db, sql);
  bind_query(st, q);
  st.step();
  for (std::size_t i = 0; i < record.columns.size(); ++i) {
    Column& c = record.columns[i];
    if (c.key != "services") continue;
    std::string from = f.from.empty() ? "…" : date_or_today(f.from, "--from");
    std::string to = f.to.empty() ? "…" : date_or_today(f.to, "--to");
    c.en = fmt::format("Services given {}–{}", from, to);
    c.zh = fmt::format("服务人次（{}–{}）", from, to);
    if (!f.site.empty() || !f.service_type.empty()) {
      c.en += " (as filtered)";
      c.zh += "（按筛选）";
    }
    record.rows.at(0).at(i) = st.integer(0);
  }
  return record;
}

Table programme_sites(Context& ctx, std::int64_t programme_id, const DeliveryFilter& period) {
  Table t;
  t.title = std::string(tr("Sites", "站点"));
  t.columns = {{"site", "Site", "站点"}, {"name", "Name", "名称"}, {"kind", "Kind", "类型"},
               {"grid", "Grid", "网格"}, {"services", "Services given", "服务人次", true}};
  std::string sql =
      "SELECT s.id, s.name, s.kind, (SELECT code FROM grid g WHERE g.id = s.grid_id), "
      "(SELECT coalesce(sum(d.count), 0) FROM delivery d WHERE d.site_id = s.id AND d.voided_at IS NULL "
      "AND (?2 IS NULL OR d.date >= ?2) "
      "AND (?3 IS NULL OR d.date <= ?3)) FROM programme_site s WHERE s.programme_id = ?1 ORDER BY s.id";
  Stmt st(ctx.db, sql);
  st.bind(1, programme_id);
  if (period.from.empty()) st.bind(2, nullptr); else st.bind(2, date_or_today(period.from, "--from"));
  if (period.to.empty()) st.bind(3, nullptr); else st.bind(3, date_or_today(period.to, "--to"));
  while (st.step())
    t.rows.push_back({ref_text(site_entity(), st.integer(0)), st.text(1), st.text(2),
                      st.is_null(3) ? Cell{} : Cell{st.text(3)}, st.integer(4)});
  return t;
}

Table delivery_totals(Context& ctx, const DeliveryFilter& f) {
  Query q = delivery_query(ctx, f);
  q.where.push_back("t.voided_at IS NULL");  // voided deliveries are listed, never counted
  Table t;
  t.title = std::string(tr("Services delivered", "服务统计"));
  t.columns = {{"site", "Site", "站点"},
               {"service_type", "Service", "服务类型"},
               {"mode", "Mode", "就餐方式"},
               {"tier", "Tier", "补贴档次"},
               {"count", "Count", "人次", true},
               {"resident_paid", "Resident paid", "个人支付", true},
               {"subsidy", "Subsidy", "补贴金额", true}};
  std::string sql =
      "SELECT s.name, t.service_type, t.mode, t.tier, sum(t.count), sum(t.resident_paid), sum(t.subsidy) "
      "FROM delivery t JOIN programme_site s ON s.id = t.site_id";
  for (std::size_t i = 0; i < q.where.size(); ++i) sql += (i ? " AND (" : " WHERE (") + q.where[i] + ")";
  sql += " GROUP BY t.site_id, s.id, t.service_type, t.mode, t.tier ORDER BY t.site_id, t.service_type, t.mode, t.tier";
  Stmt st(ctx.db, sql);
  bind_query(st, q);
  std::int64_t count = 0;
  double paid = 0, subsidy = 0;
  auto money = [&](int col) { return st.is_null(col) ? Cell{} : Cell{round2(st.real(col))}; };
  while (st.step()) {
    t.rows.push_back({st.text(0), st.text(1), st.is_null(2) ? Cell{} : Cell{st.text(2)},
                      st.is_null(3) ? Cell{} : Cell{st.text(3)}, st.integer(4), money(5), money(6)});
    count += st.integer(4);
    if (!st.is_null(5)) paid += st.real(5);
    if (!st.is_null(6)) subsidy += st.real(6);
  }
  t.rows.push_back({std::string(tr("Total", "合计")), Cell{}, Cell{}, Cell{}, count, round2(paid), round2(subsidy)});
  return t;
}

}  // namespace shequ
