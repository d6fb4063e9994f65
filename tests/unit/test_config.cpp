#include "../../lib/core/config.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

#include "../../lib/core/error.h"
#include "../../lib/core/i18n.h"

namespace fs = std::filesystem;
using shequ::Config;
using shequ::ConfigSources;
using shequ::Error;
using shequ::Exit;

namespace {

// A hermetic world for one test: an empty temporary folder as the current directory and as
// $HOME, no $XDG_CONFIG_HOME or $SHEQU_CONFIG, English messages. Restored on destruction.
class Sandbox {
 public:
  Sandbox() {
    std::string pattern = (fs::temp_directory_path() / "shequ-config-XXXXXX").string();
    root_ = ::mkdtemp(pattern.data());
    REQUIRE_FALSE(root_.empty());
    old_cwd_ = fs::current_path();
    save("HOME");
    save("XDG_CONFIG_HOME");
    save("SHEQU_CONFIG");
    fs::create_directories(root_ / "home");
    fs::create_directories(root_ / "work");
    ::setenv("HOME", (root_ / "home").c_str(), 1);
    ::unsetenv("XDG_CONFIG_HOME");
    ::unsetenv("SHEQU_CONFIG");
    fs::current_path(root_ / "work");
    shequ::set_language(shequ::Lang::en);
  }
  ~Sandbox() {
    shequ::set_language(shequ::Lang::zh);
    fs::current_path(old_cwd_);
    for (auto& [name, value] : saved_) {
      if (value) ::setenv(name.c_str(), value->c_str(), 1);
      else ::unsetenv(name.c_str());
    }
    std::error_code ec;
    fs::remove_all(root_, ec);
  }
  Sandbox(const Sandbox&) = delete;
  Sandbox& operator=(const Sandbox&) = delete;

  const fs::path& root() const { return root_; }

  // Writes `text` to `path` (relative to the root), creating folders; returns the full path.
  std::string write(const fs::path& path, const std::string& text) const {
    fs::path full = root_ / path;
    fs::create_directories(full.parent_path());
    std::ofstream(full, std::ios::binary) << text;
    return full.string();
  }

 private:
  void save(const std::string& name) {
    const char* v = std::getenv(name.c_str());
    saved_.emplace_back(name, v ? std::optional<std::string>(v) : std::nullopt);
  }
  fs::path root_;
  fs::path old_cwd_;
  std::vector<std::pair<std::string, std::optional<std::string>>> saved_;
};

// English messages for the scope of one test (the default language is zh).
struct English {
  English() { shequ::set_language(shequ::Lang::en); }
  ~English() { shequ::set_language(shequ::Lang::zh); }
};

// Runs `f`, expecting shequ::Error with `code`; returns its message.
template <typename F>
std::string error_of(F&& f, Exit code = Exit::config) {
  try {
    f();
  } catch (const Error& e) {
    CHECK(static_cast<int>(e.code()) == static_cast<int>(code));
    return e.what();
  }
  FAIL("no shequ::Error thrown");
  return {};
}

std::string origin_of(const Config& config, const std::string& key) {
  for (const auto& s : config.settings())
    if (s.key == key) return s.origin;
  return "(missing)";
}

std::string value_of(const Config& config, const std::string& key) {
  for (const auto& s : config.settings())
    if (s.key == key) return s.value;
  return "(missing)";
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

}  // namespace

TEST_SUITE("config") {

TEST_CASE("no config file anywhere: defaults apply") {
  Sandbox box;
  Config c = Config::load({});
  CHECK(c.path().empty());
  CHECK(c.dir() == fs::current_path().string());
  CHECK(c.warnings().empty());
  CHECK(c.string("database.path").empty());
  CHECK(c.integer("database.busy_timeout_ms") == 5000);
  CHECK(c.string("ui.lang") == "zh");
  CHECK(c.string("ui.color") == "auto");
  CHECK(c.boolean("csv.bom") == false);
  CHECK(c.string("community.name") == "宁康园社区");
  CHECK(c.string("volunteer.number_format") == "NKY{year}{seq:04}");
  CHECK(c.integer("volunteer.min_unit_minutes") == 30);
  CHECK(c.string("volunteer.rounding") == "down");
  CHECK(c.integer("volunteer.max_minutes_per_entry") == 480);
  CHECK(c.integer("volunteer.max_minutes_per_day") == 720);
  CHECK(c.integer("volunteer.notice_days") == 0);
  CHECK(c.real("points.per_hour") == 1.0);
  CHECK(c.integer("points.expiry_years") == 0);
  CHECK(c.integer_list("stars.thresholds_hours") == std::vector<std::int64_t>{100, 300, 600, 1000, 1500});
  CHECK(c.string("cases.number_format") == "{year}-{seq:04}");
  CHECK(c.integer("cases.escalate_after_days") == 7);
  CHECK(c.integer("cases.deadline_days") == 30);
  CHECK(c.integer("cases.followup_after_days") == 30);
  CHECK(c.integer("needs.default_due_days") == 30);
  CHECK(c.string("reports.week_start") == "monday");
  for (const auto& s : c.settings()) {
    CHECK(s.origin == "default");
    CHECK_FALSE(s.description.empty());
  }
  CHECK(Config::defaults().integer("volunteer.max_minutes_per_day") == 720);
}

TEST_CASE("discovery: each level beats the next") {
  Sandbox box;
  box.write("home/.config/shequ/config.toml", "[ui]\nlang = \"en\"\n");
  SUBCASE("$HOME/.config is the fallback for XDG_CONFIG_HOME") {
    Config c = Config::load({});
    CHECK(c.string("ui.lang") == "en");
    CHECK(c.path() == (box.root() / "home/.config/shequ/config.toml").string());
    CHECK(c.dir() == (box.root() / "home/.config/shequ").string());
  }
  SUBCASE("$XDG_CONFIG_HOME replaces $HOME/.config") {
    box.write("xdg/shequ/config.toml", "[ui]\ncolor = \"never\"\n");
    ::setenv("XDG_CONFIG_HOME", (box.root() / "xdg").c_str(), 1);
    Config c = Config::load({});
    CHECK(c.string("ui.color") == "never");
    CHECK(c.string("ui.lang") == "zh");  // the $HOME file is not read at all
  }
  SUBCASE("./shequ.toml beats the XDG file") {
    box.write("work/shequ.toml", "[operator]\nname = \"王芳\"\n");
    Config c = Config::load({});
    CHECK(c.path() == (box.root() / "work").string() + "/shequ.toml");
    CHECK(c.dir() == (box.root() / "work").string());
    CHECK(c.string("operator.name") == "王芳");
    CHECK(c.string("ui.lang") == "zh");
  }
  SUBCASE("$SHEQU_CONFIG beats ./shequ.toml") {
    box.write("work/shequ.toml", "[volunteer]\nnotice_days = 1\n");
    std::string env_file = box.write("env/env.toml", "[volunteer]\nnotice_days = 2\n");
    ::setenv("SHEQU_CONFIG", env_file.c_str(), 1);
    Config c = Config::load({});
    CHECK(c.path() == env_file);
    CHECK(c.integer("volunteer.notice_days") == 2);
  }
  SUBCASE("--config beats $SHEQU_CONFIG") {
    std::string env_file = box.write("env/env.toml", "[volunteer]\nnotice_days = 2\n");
    std::string cli_file = box.write("cli/cli.toml", "[volunteer]\nnotice_days = 3\n");
    ::setenv("SHEQU_CONFIG", env_file.c_str(), 1);
    ConfigSources sources;
    sources.explicit_path = cli_file;
    Config c = Config::load(sources);
    CHECK(c.path() == cli_file);
    CHECK(c.dir() == (box.root() / "cli").string());
    CHECK(c.integer("volunteer.notice_days") == 3);
  }
  SUBCASE("-c beats every file") {
    std::string cli_file = box.write("cli/cli.toml", "[volunteer]\nnotice_days = 3\n");
    ConfigSources sources;
    sources.explicit_path = cli_file;
    sources.overrides = {"volunteer.notice_days=4", "volunteer.notice_days=5"};
    Config c = Config::load(sources);
    CHECK(c.integer("volunteer.notice_days") == 5);  // the last -c wins
  }
}

TEST_CASE("a missing --config or $SHEQU_CONFIG file is not found (66), naming it") {
  Sandbox box;
  SUBCASE("--config") {
    ConfigSources sources;
    sources.explicit_path = "nope.toml";
    std::string m = error_of([&] { Config::load(sources); }, Exit::not_found);
    CHECK(contains(m, "nope.toml"));
    CHECK(contains(m, "--config"));
  }
  SUBCASE("$SHEQU_CONFIG") {
    ::setenv("SHEQU_CONFIG", "/no/such/shequ.toml", 1);
    std::string m = error_of([&] { Config::load({}); }, Exit::not_found);
    CHECK(contains(m, "/no/such/shequ.toml"));
    CHECK(contains(m, "SHEQU_CONFIG"));
  }
}

TEST_CASE("origins: default, FILE:LINE, -c") {
  Sandbox box;
  box.write("work/shequ.toml",
            "# comment\n"
            "[volunteer]\n"
            "min_unit_minutes = 60\n"
            "\n"
            "max_minutes_per_entry = 120\n");
  ConfigSources sources;
  sources.overrides = {"volunteer.max_minutes_per_entry=240"};
  Config c = Config::load(sources);
  CHECK(origin_of(c, "volunteer.min_unit_minutes") == (box.root() / "work").string() + "/shequ.toml:3");
  CHECK(origin_of(c, "volunteer.max_minutes_per_entry") == "-c");
  CHECK(origin_of(c, "volunteer.max_minutes_per_day") == "default");
  CHECK(c.integer("volunteer.max_minutes_per_entry") == 240);
}

TEST_CASE("settings() lists registered keys in table order, then free-form keys") {
  Config c = Config::from_text(
      "[community]\nname = \"Say \\\"hi\\\"\"\n"
      "[stars]\nthresholds_hours = [100, 200, 500, 800, 1000]\n"
      "[meals.tiers]\n\"低保\" = 8\nelderly = 4.5\n"
      "[reports.weekly]\nkind = \"hours\"\nformats = [\"csv\", \"md\"]\n",
      "t.toml");
  auto all = c.settings();
  REQUIRE(all.size() >= 2);
  CHECK(all.front().key == "database.path");
  CHECK(value_of(c, "database.path") == "\"\"");
  CHECK(value_of(c, "community.name") == "\"Say \\\"hi\\\"\"");
  CHECK(value_of(c, "csv.bom") == "false");
  CHECK(value_of(c, "points.per_hour") == "1.0");
  CHECK(value_of(c, "database.busy_timeout_ms") == "5000");
  CHECK(value_of(c, "stars.thresholds_hours") == "[100, 200, 500, 800, 1000]");
  CHECK(origin_of(c, "stars.thresholds_hours") == "t.toml:4");
  CHECK(value_of(c, "meals.tiers.\"低保\"") == "8");
  CHECK(origin_of(c, "meals.tiers.\"低保\"") == "t.toml:6");
  CHECK(value_of(c, "meals.tiers.elderly") == "4.5");
  CHECK(value_of(c, "reports.weekly.formats") == "[\"csv\", \"md\"]");
  // the registered keys first (with descriptions), then the 4 free-form keys (without)
  std::size_t registered = Config::defaults().settings().size();
  REQUIRE(all.size() == registered + 4);
  CHECK(all[registered].key == "meals.tiers.elderly");
  CHECK(all[registered + 1].key == "meals.tiers.\"低保\"");
  CHECK(all[registered].description.empty());
  CHECK_FALSE(all[registered - 1].description.empty());
}

TEST_CASE("descriptions follow the language") {
  Config c = Config::defaults();
  shequ::set_language(shequ::Lang::zh);
  std::string zh = c.settings().front().description;
  shequ::set_language(shequ::Lang::en);
  std::string en = c.settings().front().description;
  shequ::set_language(shequ::Lang::zh);
  CHECK(zh != en);
  CHECK(contains(zh, "数据文件"));
}

TEST_CASE("a TOML syntax error names file, line and column") {
  Sandbox box;
  box.write("work/shequ.toml", "[ui]\nlang = \"en\"\ncolor = = 3\n");
  std::string m = error_of([] { Config::load({}); });
  CHECK(contains(m, "shequ.toml:3:"));
  CHECK(m.size() > std::string("shequ.toml:3:9: ").size());
}

TEST_CASE("a duplicate key is a syntax error") {
  std::string m = error_of([] { Config::from_text("[ui]\nlang = \"en\"\nlang = \"zh\"\n", "d.toml"); });
  CHECK(contains(m, "d.toml:3:"));
}

TEST_CASE("a registered key of the wrong type names file, line and key") {
  Sandbox box;
  box.write("work/shequ.toml", "[database]\npath = \"x.sqlite\"\nbusy_timeout_ms = \"5s\"\n");
  std::string m = error_of([] { Config::load({}); });
  CHECK(m == (box.root() / "work").string() + "/shequ.toml:3: database.busy_timeout_ms: expected an integer, found a string");

  SUBCASE("in Chinese") {
    shequ::set_language(shequ::Lang::zh);
    std::string zh = error_of([] { Config::load({}); });
    CHECK(contains(zh, "shequ.toml:3: database.busy_timeout_ms"));
    CHECK(contains(zh, "整数"));
  }
}

TEST_CASE("more type checks") {
  English english;
  auto load = [](const std::string& text) { return Config::from_text(text, "t.toml"); };
  CHECK(contains(error_of([&] { load("[csv]\nbom = 1\n"); }),
                 "t.toml:2: csv.bom: expected true or false, found an integer"));
  CHECK(contains(error_of([&] { load("[stars]\nthresholds_hours = [100,\n \"300\"]\n"); }),
                 "t.toml:3: stars.thresholds_hours: expected a list of integers, found a string"));
  CHECK(contains(error_of([&] { load("[stars]\nthresholds_hours = 100\n"); }),
                 "t.toml:2: stars.thresholds_hours: expected a list of integers, found an integer"));
  CHECK(contains(error_of([&] { load("database = \"x.sqlite\"\n"); }),
                 "t.toml:1: database: expected a table, found a string"));
  CHECK(contains(error_of([&] { load("reports = 3\n"); }), "t.toml:1: reports: expected a table"));
  CHECK(contains(error_of([&] { load("[volunteer]\nmin_unit_minutes = 30.0\n"); }),
                 "expected an integer, found a decimal number"));
  // a real setting accepts an integer; inline and dotted keys work as well as [tables]
  CHECK(load("points.per_hour = 2\n").real("points.per_hour") == 2.0);
  CHECK(load("points = { per_hour = 0.5 }\n").real("points.per_hour") == 0.5);
}

TEST_CASE("enumerated values and ranges are checked at load time") {
  English english;
  auto load = [](const std::string& text) { return Config::from_text(text, "t.toml"); };
  std::string m = error_of([&] { load("[ui]\nlang = \"fr\"\n"); });
  CHECK(contains(m, "t.toml:2: ui.lang: \"fr\" is not one of zh, en"));
  CHECK(contains(error_of([&] { load("ui.color = \"sometimes\"\n"); }), "auto, always, never"));
  CHECK(contains(error_of([&] { load("volunteer.rounding = \"Down\"\n"); }), "volunteer.rounding"));
  CHECK(contains(error_of([&] { load("reports.week_start = \"friday\"\n"); }), "reports.week_start"));
  CHECK(contains(error_of([&] { load("volunteer.notice_days = -1\n"); }),
                 "t.toml:1: volunteer.notice_days: must not be negative"));
  CHECK(contains(error_of([&] { load("volunteer.min_unit_minutes = 0\n"); }), "must be greater than zero"));
  CHECK(contains(error_of([&] { load("points.per_hour = -0.5\n"); }), "must not be negative"));
  CHECK(contains(error_of([&] { load("stars.thresholds_hours = [100, 50]\n"); }), "ascending"));
  CHECK(contains(error_of([&] { load("stars.thresholds_hours = []\n"); }), "must not be empty"));
  CHECK(contains(error_of([&] { load("cases.number_format = \"{year}-{seq:04\"\n"); }),
                 "cases.number_format: is not a valid number format"));
  CHECK(contains(error_of([&] { load("cases.number_format = \"{year}\"\n"); }), "must contain {seq}"));
  CHECK(load("ui.lang = \"en\"\nvolunteer.notice_days = 3\n").integer("volunteer.notice_days") == 3);
  CHECK(load("cases.number_format = \"C{year}{seq:05}\"\n").string("cases.number_format") ==
        "C{year}{seq:05}");
}

TEST_CASE("-c parses the value per registered type") {
  auto with = [](std::vector<std::string> overrides) {
    return Config::from_text("", "t.toml", overrides);
  };
  CHECK(with({"database.busy_timeout_ms=100"}).integer("database.busy_timeout_ms") == 100);
  CHECK(with({" database.busy_timeout_ms = +100 "}).integer("database.busy_timeout_ms") == 100);
  CHECK(with({"points.per_hour=1.5"}).real("points.per_hour") == 1.5);
  CHECK(with({"points.per_hour=2"}).real("points.per_hour") == 2.0);
  CHECK(with({"csv.bom=true"}).boolean("csv.bom") == true);
  CHECK(with({"csv.bom=false"}).boolean("csv.bom") == false);
  CHECK(with({"community.name=幸福里社区"}).string("community.name") == "幸福里社区");
  CHECK(with({"community.name=\"a=b\""}).string("community.name") == "a=b");
  CHECK(with({"database.path="}).string("database.path").empty());
  CHECK(with({"stars.thresholds_hours=100,200,500,800,1000"}).integer_list("stars.thresholds_hours") ==
        std::vector<std::int64_t>{100, 200, 500, 800, 1000});
  CHECK(with({"stars.thresholds_hours=[10, 20]"}).integer_list("stars.thresholds_hours") ==
        std::vector<std::int64_t>{10, 20});
  CHECK(with({"ui.lang=en"}).string("ui.lang") == "en");
}

TEST_CASE("-c errors") {
  English english;
  auto with = [](std::string override_) {
    return error_of([&] { Config::from_text("", "t.toml", {override_}); });
  };
  CHECK(with("database.busy_timeout_ms=5s") ==
        "-c database.busy_timeout_ms=5s: expected an integer");
  CHECK(with("database.busy_timeout_ms=") == "-c database.busy_timeout_ms=: expected an integer");
  CHECK(with("points.per_hour=one") == "-c points.per_hour=one: expected a number");
  CHECK(with("points.per_hour=nan") == "-c points.per_hour=nan: expected a number");
  CHECK(with("csv.bom=yes") == "-c csv.bom=yes: expected true or false");
  CHECK(with("stars.thresholds_hours=100,,300") ==
        "-c stars.thresholds_hours=100,,300: expected a list of integers");
  CHECK(with("stars.thresholds_hours=100,300,") ==
        "-c stars.thresholds_hours=100,300,: expected a list of integers");
  CHECK(with("stars.thresholds_hours=100,x") ==
        "-c stars.thresholds_hours=100,x: expected a list of integers");
  CHECK(with("ui.lang=fr") == "-c ui.lang=fr: \"fr\" is not one of zh, en");
  CHECK(with("volunteer.max_minutes_per_day=-5") ==
        "-c volunteer.max_minutes_per_day=-5: must be greater than zero");
  CHECK(with("ui.lang") == "-c ui.lang: expected KEY=VALUE");
  CHECK(with("=en") == "-c =en: expected KEY=VALUE");

  try {
    Config::from_text("", "t.toml", {"volunter.notice_days=1"});
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.code() == Exit::config);
    CHECK(std::string(e.what()) == "-c: unknown setting 'volunter.notice_days'");
    CHECK(e.hint() == "did you mean 'volunteer.notice_days'?");
  }
  // free-form keys are set in the file, not with -c
  CHECK(with("reports.weekly.kind=hours") == "-c: unknown setting 'reports.weekly.kind'");
}

TEST_CASE("an unknown key is a warning, with a suggestion when one is close") {
  Sandbox box;
  box.write("work/shequ.toml",
            "[volunter]\n"
            "notice_days = 3\n"
            "[ui]\n"
            "theme = \"dark\"\n"
            "min_unit_minutes = 60\n"
            "[reports.weekly]\n"
            "anything = 1\n"
            "[vocab.skills]\n"
            "first-aid = \"急救\"\n");
  Config c = Config::load({});
  REQUIRE(c.warnings().size() == 3);
  CHECK(c.warnings()[0] ==
        (box.root() / "work").string() + "/shequ.toml:2: unknown setting 'volunter.notice_days'; did you mean 'volunteer.notice_days'?");
  CHECK(c.warnings()[1] == (box.root() / "work").string() + "/shequ.toml:4: unknown setting 'ui.theme'");
  CHECK(c.warnings()[2] ==
        (box.root() / "work").string() + "/shequ.toml:5: unknown setting 'ui.min_unit_minutes'; did you mean 'volunteer.min_unit_minutes'?");
  CHECK(c.integer("volunteer.notice_days") == 0);  // the misspelt key is not applied
}

TEST_CASE("free-form tables: saved reports, vocabulary, meal tiers") {
  English english;
  Config c = Config::from_text(
      "[reports]\n"
      "week_start = \"sunday\"\n"
      "[reports.weekly]\n"
      "kind = \"hours\"\n"
      "period = \"last-month\"\n"
      "grid = 3\n"
      "[reports.monthly]\n"
      "kind = \"cases\"\n"
      "bom = true\n"
      "fields = [\"number\", \"status\"]\n"
      "weights = [1, 2]\n"
      "ratio = 0.5\n"
      "[meals.tiers]\n"
      "elderly = 4\n",
      "s.toml");
  CHECK(c.warnings().empty());
  CHECK(c.string("reports.week_start") == "sunday");
  CHECK(c.table_keys("reports") == std::vector<std::string>{"monthly", "weekly"});
  CHECK(c.table_keys("reports.weekly") == std::vector<std::string>{"grid", "kind", "period"});
  CHECK(c.table_keys("vocab").empty());
  CHECK(c.table_keys("meals") == std::vector<std::string>{"tiers"});
  CHECK(c.get_string("reports.weekly.kind") == "hours");
  CHECK(c.get_integer("reports.weekly.grid") == 3);
  CHECK(c.get_boolean("reports.monthly.bom") == true);
  CHECK(c.get_real("reports.monthly.ratio") == 0.5);
  CHECK(c.get_real("meals.tiers.elderly") == 4.0);
  CHECK(c.get_string_list("reports.monthly.fields") == std::vector<std::string>{"number", "status"});
  CHECK(c.get_integer_list("reports.monthly.weights") == std::vector<std::int64_t>{1, 2});
  CHECK_FALSE(c.get_string("reports.weekly.out").has_value());
  CHECK_FALSE(c.get_string("reports.daily.kind").has_value());
  CHECK_FALSE(c.get_string("vocab.skills.x").has_value());
  // a registered key gives its effective value
  CHECK(c.get_string("reports.week_start") == "sunday");
  CHECK(c.get_integer("cases.deadline_days") == 30);

  CHECK(error_of([&] { c.get_integer("reports.weekly.kind"); }) ==
        "s.toml:4: reports.weekly.kind: expected an integer, found a string");
  CHECK(error_of([&] { c.get_string_list("reports.monthly.weights"); }) ==
        "s.toml:11: reports.monthly.weights: expected a list of strings, found an integer in the list");
  CHECK(contains(error_of([&] { c.table_keys("reports.weekly.kind"); }),
                 "s.toml:4: reports.weekly.kind: expected a table, found a string"));
  CHECK(contains(error_of([&] { c.get_string("reports.weekly.kind.x"); }),
                 "reports.weekly.kind: expected a table"));
}

TEST_CASE("typed accessors: an unregistered key or wrong type is a programming error") {
  Config c = Config::defaults();
  CHECK_THROWS_AS(c.string("no.such.key"), std::logic_error);
  CHECK_THROWS_AS(c.integer("ui.lang"), std::logic_error);
  CHECK_THROWS_AS(c.boolean("volunteer.notice_days"), std::logic_error);
  CHECK_THROWS_AS(c.integer_list("community.name"), std::logic_error);
  CHECK_THROWS_AS(c.string_list("stars.thresholds_hours"), std::logic_error);
  CHECK_THROWS_AS(c.get_integer("ui.lang"), std::logic_error);
  CHECK(c.real("volunteer.notice_days") == 0.0);  // real() reads an integer setting too
}

TEST_CASE("a UTF-8 BOM and CRLF line ends, as Windows editors write them, are fine") {
  Sandbox box;
  box.write("work/shequ.toml", "\xEF\xBB\xBF[community]\r\nname = \"幸福里社区\"\r\n");
  Config c = Config::load({});
  CHECK(c.string("community.name") == "幸福里社区");
  CHECK(origin_of(c, "community.name") == (box.root() / "work").string() + "/shequ.toml:2");
}

TEST_CASE("a folder given as the config file is a config error") {
  Sandbox box;
  fs::create_directories(box.root() / "work" / "cfg");
  ConfigSources sources;
  sources.explicit_path = "cfg";
  CHECK(contains(error_of([&] { Config::load(sources); }), "cfg"));
}

}  // TEST_SUITE
