// Language of labels and messages: Simplified Chinese (default) or English.
#pragma once
#include <string_view>

namespace shequ {

enum class Lang { zh, en };

/// Sets the language for labels and messages of this process (from --lang / ui.lang).
void set_language(Lang lang);
/// The language set for this process; zh unless set.
Lang language();

/// Picks the English or Chinese text for the current language. Both arguments must outlive the use.
inline std::string_view tr(std::string_view en, std::string_view zh) {
  return language() == Lang::en ? en : zh;
}

}  // namespace shequ
