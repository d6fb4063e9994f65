// Language of labels and messages: Simplified Chinese (default) or English.
#pragma once
#include <fmt/format.h>

#include <string>
#include <string_view>
#include <utility>

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

/// Formats the English or Chinese pattern for the current language with `args`, fmt-style.
template <typename... Args>
std::string tr_format(std::string_view en, std::string_view zh, Args&&... args) {
  return fmt::format(fmt::runtime(tr(en, zh)), std::forward<Args>(args)...);
}

}  // namespace shequ
