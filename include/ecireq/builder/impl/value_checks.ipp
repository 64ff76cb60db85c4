// ecireq: the definitions of builder/value_checks.hpp's checks. Included
// by that header when ecireq is header-only, and compiled once, in the TU
// of <ecireq/src.hpp>, under ECIREQ_SEPARATE_COMPILATION (config.hpp).
#ifndef ECIREQ_BUILDER_IMPL_VALUE_CHECKS_IPP
#define ECIREQ_BUILDER_IMPL_VALUE_CHECKS_IPP

#include <ecireq/builder/value_checks.hpp>

namespace ecireq { namespace detail {

/// The String rules' verdict on `s` as a result: the error names the parameter `name`.
BOOST_NOINLINE ECIREQ_DECL result<void> check_string(std::string_view name, std::string_view s,
                                                     string_rules const& r) noexcept
{
    auto const v = string_verdict(s, r);
    if (v.ok()) return {};
    if (v.limit == verdict::no_limit) return error(v.code, name);
    return error(v.code, name, v.limit);
}

/// Checks a String value and, when the field is sent, adds it to `t`.
BOOST_NOINLINE ECIREQ_DECL result<void> emit_string(rpc::param_table& t, std::string_view name, std::string_view s,
                                                    string_rules const& r, bool sent) noexcept
{
    if (auto c = check_string(name, s, r); !c) return c;
    return sent ? t.push(name, s) : result<void>{};
}

/// Checks an Integer value against [minimum, maximum] and adds its decimal form to `t`.
BOOST_NOINLINE ECIREQ_DECL result<void> emit_integer(rpc::param_table& t, std::string_view name, std::int64_t v,
                                                     std::int64_t minimum, std::int64_t maximum) noexcept
{
    if (v < minimum) return error(errc::below_minimum, name, minimum);
    if (v > maximum) return error(errc::above_maximum, name, maximum);
    std::string_view text;
    if (!t.integer(v, text)) return t.arena_full(name);
    return t.push(name, text);
}

}} // namespace ecireq::detail

#endif
