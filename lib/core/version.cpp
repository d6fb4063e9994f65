#include "core/version.h"


#include <fmt/format.h>

#include "storage/schema.h"

namespace shequ {

extern const char kBuildCommit[];  // generated/commit.cpp

std::string version() { return SHEQU_VERSION; }
std::string build_commit() { return kBuildCommit; }

// The same words in every language, as gh's and sqlite3's: scripts read the first line.
std::string version_text() {
  return fmt::format("shequ {} (commit {})\ndata file schema {}\n{}", version(), build_commit(),
                     current_schema_version(), Db::engine_version());
}

}  // namespace shequ
