// What this binary is: its version, the commit it was built from, the schema it writes, the
// SQLite it runs on (`shequ --version`, the package version).
#pragma once
#include <string>

namespace shequ {

/// The project version (CMakeLists.txt's project(VERSION)).
std::string version();
/// The git commit the binary was built from ("0031c26aa1b2", "…-dirty"), or "unknown".
std::string build_commit();
/// The lines `shequ --version` prints (the same in every language), e.g.
/// `shequ 0.1.0 (commit 0031c26aa1b2)` / `data file schema 12` / `SQLite 3.40.1`.
std::string version_text();

}  // namespace shequ
