// Fuzzes Config::from_text: any text either loads or fails with shequ::Error.
#include <cstdint>
#include <string>

#include "core/config.h"
#include "core/error.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    auto config = shequ::Config::from_text(text, "fuzz.toml");
    (void)config;
  } catch (const shequ::Error&) {
  }
  return 0;
}
