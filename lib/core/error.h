// Errors and exit codes: the one exception type that main() maps to an exit code.
#pragma once
#include <stdexcept>
#include <string>

namespace shequ {

/// Exit codes exactly as SPEC §2 lists them (sysexits-style).
enum class Exit : int {
  ok = 0,
  refused = 1,      // refused by a rule: state transition, balance, duplicate
  usage = 64,       // command-line usage error
  data = 65,        // invalid input data
  not_found = 66,   // record, input file or data file not found
  io = 74,          // I/O error or damaged data file
  busy = 75,        // data file busy, retry later
  not_permitted = 77,
  config = 78,      // configuration error
  interrupted = 130,
};

/// An expected failure: a message for the user, an optional hint, and the exit code it maps to.
/// Thrown by the library, caught only in main().
class Error : public std::runtime_error {
 public:
  Error(Exit code, std::string message, std::string hint = {})
      : std::runtime_error(std::move(message)), code_(code), hint_(std::move(hint)) {}
  Exit code() const { return code_; }
  const std::string& hint() const { return hint_; }

 private:
  Exit code_;
  std::string hint_;
};

}  // namespace shequ
