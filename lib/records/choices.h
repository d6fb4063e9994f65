// Labels of the fixed choice codes (Field::choices: gender, residency, case status, …): one row
// per code in lib/records/choices.cpp, read by output (labels face people) and by input (people may type
// the label or a common spelling instead of the code).
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace shequ {

/// The label of a choice code in the current language; the code itself if it has none.
std::string choice_label(std::string_view code);

/// The code of `choices` that `text` names: the code (ASCII case ignored), its Chinese or English
/// label, or one of its common spellings (男, male, 流动人口); nullopt if none.
std::optional<std::string> choice_code(const std::vector<std::string>& choices, std::string_view text);

/// The choices as "code (label)" for messages: "M（男）, F（女）".
std::string choices_with_labels(const std::vector<std::string>& choices);

}  // namespace shequ
