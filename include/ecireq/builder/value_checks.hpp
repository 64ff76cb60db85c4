// ecireq: the run-time checks of a scalar value against its field's rules,
// compiled once for every field rather than once per field.
//
// A field's rules are compile-time facts (fields.hpp), but the code that
// applies them need not be a template: a String field's rules fit in one
// small constant (string_rules), an Integer's in two numbers. So each check
// and emission below is one function that reads the rules it is given,
// and a field's part of collect() is only a call to it. When every field
// inlined its own copy of the checks into its emission, collect() was 28
// KiB of the 68 KiB of text of a TU that signs one request (g++ -O2,
// benchmarks/embedded/minimal_sign.cpp); compiled once, with the groups'
// walk (entry_checks.hpp), it is 10 KiB less, for a call per field, a few
// nanoseconds. BOOST_NOINLINE keeps the optimiser from copying them back
// into each caller.
#ifndef ECIREQ_BUILDER_VALUE_CHECKS_HPP
#define ECIREQ_BUILDER_VALUE_CHECKS_HPP

#include <ecireq/builder/literal.hpp>
#include <ecireq/config.hpp>
#include <ecireq/error.hpp>
#include <ecireq/rpc/encoding.hpp>
#include <ecireq/rpc/param.hpp>

#include <boost/config.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <type_traits>

namespace ecireq { namespace detail {

/// What a String field's rules say, as one value (string_field<...>::rules).
struct string_rules {
    bool ascii_only = false;
    std::size_t max_length = 0; // characters; 0: no limit
    bool host_label = false;
    std::string_view const* values = nullptr; // one_of: the accepted values
    std::size_t value_count = 0;
};

/// The UTF-8 check, constant-evaluable where string literals are checked
/// while compiling (C++20); before that, only the run-time one.
#if ECIREQ_LITERAL_CHECKS
constexpr bool valid_utf8_anywhere(std::string_view s) noexcept
{
    if (std::is_constant_evaluated()) return is_valid_utf8_constexpr(s);
    return rpc::is_valid_utf8(s);
}
#else
inline bool valid_utf8_anywhere(std::string_view s) noexcept { return rpc::is_valid_utf8(s); }
#endif

/** The String rules, in this order: non-empty, ASCII, UTF-8, length, host
    label, one of the set. The one place they are written: check_string()
    reports their answer when a request is signed, and (C++20) a string
    literal given to a setter is held to them while compiling (literal.hpp). */
constexpr verdict string_verdict(std::string_view s, string_rules const& r) noexcept
{
    if (s.empty()) return {errc::empty_value};
    if (r.ascii_only)
        for (char c : s)
            if (static_cast<unsigned char>(c) > 0x7F) return {errc::not_ascii};
    if (!valid_utf8_anywhere(s)) return {errc::invalid_utf8};
    if (r.max_length != 0) {
        // Characters, not bytes (equal when ascii_only).
        std::size_t chars = 0;
        for (char c : s) chars += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
        if (chars > r.max_length) return {errc::too_long, static_cast<std::int64_t>(r.max_length)};
    }
    if (r.host_label)
        for (char c : s)
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return {errc::invalid_value};
    if (r.value_count != 0) {
        bool found = false;
        for (std::size_t i = 0; i < r.value_count; ++i) found = found || r.values[i] == s;
        if (!found) return {errc::invalid_value};
    }
    return {};
}

/// The String rules' verdict on `s` as a result: the error names the parameter `name`.
result<void> check_string(std::string_view name, std::string_view s,
                          string_rules const& r) noexcept;

/// Checks a String value and, when the field is sent, adds it to `t`.
result<void> emit_string(rpc::param_table& t, std::string_view name, std::string_view s,
                         string_rules const& r, bool sent) noexcept;

/// Checks an Integer value against [minimum, maximum] and adds its decimal form to `t`.
result<void> emit_integer(rpc::param_table& t, std::string_view name, std::int64_t v,
                          std::int64_t minimum, std::int64_t maximum) noexcept;

}} // namespace ecireq::detail

#if ECIREQ_COMPILE_IMPL
#  include <ecireq/builder/impl/value_checks.ipp>
#endif

#endif
