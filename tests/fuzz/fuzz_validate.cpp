// Fuzzes normalize_phone and check_id_number: no crash; an accepted value's normal form is
// accepted again unchanged, and masking never fails.
#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "core/error.h"
#include "records/validate.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    std::string phone = "untouched";
    auto problem = shequ::normalize_phone(text, phone);
    if (problem) {
      if (phone != "untouched") std::abort();  // `out` is untouched on a problem
    } else {
      std::string again;
      if (shequ::normalize_phone(phone, again) || again != phone) std::abort();
      (void)shequ::mask_phone(phone);
    }
    (void)shequ::mask_phone(text);

    std::string id = "untouched";
    shequ::IdNumberInfo info;
    problem = shequ::check_id_number(text, id, &info);
    if (problem) {
      if (id != "untouched") std::abort();
      // Problems never repeat the number (an input of other text may happen to match the wording).
      bool number_like = size >= 6 && std::all_of(text.begin(), text.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c));
      });
      if (number_like && problem->find(text) != std::string::npos) std::abort();
    } else {
      std::string again;
      shequ::IdNumberInfo info2;
      if (shequ::check_id_number(id, again, &info2) || again != id || info2.birth != info.birth ||
          info2.gender != info.gender)
        std::abort();
      if (shequ::mask_id_number(id).find(id.substr(6, 8)) != std::string::npos) std::abort();
    }
    (void)shequ::mask_id_number(text);
  } catch (const shequ::Error&) {
  }
  return 0;
}
