// Settings: one TOML file found by SPEC §2's discovery order, a registry of known settings with
// defaults, free-form tables (reports.*, vocab.*, meals.*), and -c key=value overrides.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace shequ {

/// Where settings come from besides the discovered file: the --config and -c global options.
struct ConfigSources {
  std::optional<std::string> explicit_path;  ///< --config FILE; must exist when given.
  std::vector<std::string> overrides;        ///< each "key=value" from -c, applied in order, last wins.
};

/// One effective setting as `shequ config show [--origin]` prints it.
struct Setting {
  std::string key;          ///< dotted key, e.g. "volunteer.min_unit_minutes".
  std::string value;        ///< rendered as TOML text: "zh", 30, 1.0, true, [100, 300].
  std::string origin;       ///< "default", "FILE:LINE" or "-c".
  std::string description;  ///< in the current language; empty for free-form keys.
};

/// The effective settings of one run; immutable and cheap to copy once loaded.
class Config {
 public:
  /// Finds, parses and validates the config file (--config, $SHEQU_CONFIG, ./shequ.toml,
  /// $XDG_CONFIG_HOME/shequ/config.toml), then applies overrides. No file at all is not an error.
  /// Throws Error: not_found (66) for a missing --config/$SHEQU_CONFIG file, config (78) for bad
  /// syntax, a wrong type, a value out of range or a bad -c, io (74) for an unreadable file.
  static Config load(const ConfigSources& sources);

  /// Like load() for a file called `name` holding `text`, without touching the filesystem or the
  /// environment (for tests); dir() is the current directory.
  static Config from_text(std::string_view text, std::string name,
                          const std::vector<std::string>& overrides = {});

  /// Built-in defaults only: no file, no environment, no overrides.
  static Config defaults();

  /// The config file used, as found (e.g. "shequ.toml"); empty if none.
  const std::string& path() const;
  /// Absolute folder of the config file, or the current directory at load time if none.
  std::string dir() const;
  /// Non-fatal findings such as "FILE:LINE: unknown setting 'x.y'; did you mean …", in file order.
  const std::vector<std::string>& warnings() const;

  /// Value of a registered string setting; throws std::logic_error if unregistered or not a string.
  std::string string(std::string_view key) const;
  /// Value of a registered integer setting; throws std::logic_error if unregistered or not one.
  std::int64_t integer(std::string_view key) const;
  /// Value of a registered real (or integer) setting; throws std::logic_error otherwise.
  double real(std::string_view key) const;
  /// Value of a registered boolean setting; throws std::logic_error if unregistered or not one.
  bool boolean(std::string_view key) const;
  /// Value of a registered string-list setting; throws std::logic_error if unregistered or not one.
  std::vector<std::string> string_list(std::string_view key) const;
  /// Value of a registered integer-list setting; throws std::logic_error if unregistered or not one.
  std::vector<std::int64_t> integer_list(std::string_view key) const;

  /// Sorted keys directly under the table at dotted `prefix` (e.g. "reports" → saved report
  /// names), leaving out registered settings; empty if the table is absent. Throws Error(config)
  /// if `prefix` names something other than a table.
  std::vector<std::string> table_keys(std::string_view prefix) const;

  /// Free-form string at a dotted key (e.g. "reports.weekly.kind"); nullopt if absent. Throws
  /// Error(config) "FILE:LINE: KEY: expected …, found …" on another type. A registered key gives
  /// its effective value.
  std::optional<std::string> get_string(std::string_view dotted_key) const;
  /// As get_string(), for an integer.
  std::optional<std::int64_t> get_integer(std::string_view dotted_key) const;
  /// As get_string(), for a number (an integer is accepted).
  std::optional<double> get_real(std::string_view dotted_key) const;
  /// As get_string(), for true/false.
  std::optional<bool> get_boolean(std::string_view dotted_key) const;
  /// As get_string(), for an array of strings.
  std::optional<std::vector<std::string>> get_string_list(std::string_view dotted_key) const;
  /// As get_string(), for an array of integers.
  std::optional<std::vector<std::int64_t>> get_integer_list(std::string_view dotted_key) const;

  /// Every registered setting in registry order with its effective value and origin, followed by
  /// the free-form keys present in the file (sorted).
  std::vector<Setting> settings() const;

  struct Impl;  ///< Defined in config.cpp (keeps toml++ out of this header).

 private:
  explicit Config(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<const Impl> impl_;
};

/// A settings file with every registered setting commented out at its default, each under its
/// description in Chinese and English, grouped by table (`shequ config example`).
std::string example_config();

}  // namespace shequ
