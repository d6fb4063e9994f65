#include "core/i18n.h"

namespace shequ {
namespace {
Lang g_lang = Lang::zh;
}
void set_language(Lang lang) { g_lang = lang; }
Lang language() { return g_lang; }
}  // namespace shequ
