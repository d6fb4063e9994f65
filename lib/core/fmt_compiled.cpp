// fmt's compiled part, built once into the library from Debian's fmt 9 headers, so the binary
// needs no libfmt.so at run time (see SHEQU_STATIC in CMakeLists.txt) and the other files still
// include only <fmt/format.h>. This is what fmt's own src/format.cc instantiates, char only.
// Linked against Debian's libfmt.so instead (FMT_SHARED), the file compiles to nothing.
#ifndef FMT_SHARED
#include <fmt/format-inl.h>

FMT_BEGIN_NAMESPACE
namespace detail {

template FMT_API auto dragonbox::to_decimal(float x) noexcept -> dragonbox::decimal_fp<float>;
template FMT_API auto dragonbox::to_decimal(double x) noexcept -> dragonbox::decimal_fp<double>;
template FMT_API locale_ref::locale_ref(const std::locale& loc);
template FMT_API auto locale_ref::get<std::locale>() const -> std::locale;
template FMT_API auto thousands_sep_impl(locale_ref) -> thousands_sep_result<char>;
template FMT_API auto decimal_point_impl(locale_ref) -> char;
template FMT_API void buffer<char>::append(const char*, const char*);
template FMT_API void vformat_to(buffer<char>&, string_view, basic_format_args<FMT_BUFFER_CONTEXT(char)>,
                                 locale_ref);

}  // namespace detail
FMT_END_NAMESPACE
#endif  // FMT_SHARED
