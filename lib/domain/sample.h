// The bundled sample community (`shequ init --sample`).
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "core/context.h"
#include "domain/hours.h"
#include "records/import.h"

namespace shequ {

/// What loading the sample did: the import count per kind, then the verification.
struct SampleLoad {
  std::vector<std::pair<std::string, ImportResult>> imported;
  Decision verified;
};

/// The folders `init --sample` looks in when none is named, in order: the installed sample beside
/// the binary (`<folder of the executable>/../share/shequ/sample-data`), then the source tree the
/// binary was built from (for developers running it from the build folder).
std::vector<std::string> default_sample_dirs();

/// The first of `dirs` that holds the sample (a grids.csv in it); Error(Exit::not_found) naming
/// every folder looked in otherwise.
std::string find_sample_dir(const std::vector<std::string>& dirs);

/// Imports every sample CSV in `dir` through the normal import path, then verifies the service
/// hours older than two weeks month by month, each month in the week after it ended, as a
/// coordinator would have done over the year (the last two weeks stay pending: the morning
/// inbox has something in it). Points follow from verification, dated when it happened.
SampleLoad load_sample(Context& ctx, const std::string& dir);

}  // namespace shequ
