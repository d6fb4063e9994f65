// What every library command needs: the data file, the settings, and who is asking.
#pragma once
#include <string>

#include "core/config.h"
#include "storage/db.h"
#include "io/progress.h"

namespace shequ {

/// The environment of one command run. The CLI builds it; the library only reads it.
struct Context {
  Db& db;
  const Config& config;
  std::string operator_name;  // --as, $SHEQU_OPERATOR, operator.name, login name
  std::string command_line;   // recorded in the audit log
  bool reveal = false;        // --reveal: show masked personal data (audited)
  Progress* progress = &Progress::none();  // where long work reports how far it has come
};

}  // namespace shequ
