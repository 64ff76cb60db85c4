// ecireq: the compile-time check of string literals (C++20).
//
// A String field's rules (fields.hpp) are one constexpr function,
// string_field<...>::verdict. At run time, check() turns its answer into an
// ecireq::error when the request is signed. With C++20, a setter called
// with a string literal (an argument of type `const char[N]`) takes it as a
// literal<Field>, whose consteval constructor asks the same verdict while
// compiling: a literal that breaks a rule is a compile error that names the
// parameter and the rule, in the words of the run-time error.
//
// How the error reads: a rejected literal calls literal_rejected, a function
// that is not constexpr, so the constant evaluation stops there and the
// compiler names that function with its template arguments. With g++ the
// template argument is the run-time message itself, and the first error
// line reads
//   error: call to non-'constexpr' function 'void ecireq::literal_rejected() [with
//   literal_message<...auto...> Error = detail::literal_message<37>{"ClientToken: is too long (limit: 64)"}]'
// (the line above it, "in 'constexpr' expansion of 'ecireq::literal<...>(...)'",
// points at the call).
// clang++ 14 prints such an argument as character codes, so there the
// arguments are the parameter, the errc and the limit; the first error line
// names the parameter, the note right under it the rule:
//   error: call to consteval function 'ecireq::literal<ecireq::eci::ClientToken>::literal<66UL>'
//          is not a constant expression
//   note: non-constexpr function 'literal_rejected<ecireq::eci::ClientToken,
//         ecireq::errc::too_long, 64L>' cannot be used in a constant expression
//
// ECIREQ_LITERAL_CHECKS is 1 when the compiler has consteval (C++20: g++ 10
// and later, clang++ 14 and later), else 0; define it to 0 (the same in every
// translation unit) to keep every check at sign time.
#ifndef ECIREQ_BUILDER_LITERAL_HPP
#define ECIREQ_BUILDER_LITERAL_HPP

#include <ecireq/error.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <type_traits>

#ifndef ECIREQ_LITERAL_CHECKS
// clang++ 14 implements consteval well enough for this but does not define
// __cpp_consteval yet (clang++ 17 does).
#  if __cplusplus >= 202002L && (defined(__cpp_consteval) || (defined(__clang__) && __clang_major__ >= 14))
#    define ECIREQ_LITERAL_CHECKS 1
#  else
#    define ECIREQ_LITERAL_CHECKS 0
#  endif
#endif

namespace ecireq { namespace detail {

/** Well-formed UTF-8 (RFC 3629: no overlong form, no surrogate, nothing
    above U+10FFFF, no truncated sequence): exactly what rpc::is_valid_utf8
    accepts (Boost.Locale's decoder), written so that it can run while
    compiling. The run-time check keeps rpc::is_valid_utf8, which is faster;
    tests/test_literals.cpp proves the two agree. */
constexpr bool is_valid_utf8_constexpr(std::string_view s) noexcept
{
    std::size_t i = 0;
    while (i != s.size()) {
        auto const lead = static_cast<unsigned char>(s[i++]);
        if (lead < 0x80) continue;
        int const trail = lead < 0xC2 ? -1 : lead < 0xE0 ? 1 : lead < 0xF0 ? 2 : lead <= 0xF4 ? 3 : -1;
        if (trail < 0) return false;
        std::uint32_t cp = lead & ((1u << (6 - trail)) - 1);
        for (int k = 0; k < trail; ++k) {
            if (i == s.size()) return false;
            auto const c = static_cast<unsigned char>(s[i++]);
            if ((c & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (c & 0x3Fu);
        }
        if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
        int const width = cp <= 0x7F ? 1 : cp <= 0x7FF ? 2 : cp <= 0xFFFF ? 3 : 4;
        if (width != trail + 1) return false;
    }
    return true;
}

/// What a String field's rules say about a value: errc{} (no error) or the
/// first rule it breaks, and that rule's limit (none: no_limit).
struct verdict {
    static constexpr std::int64_t no_limit = INT64_MIN;
    errc code{};
    std::int64_t limit = no_limit;
    constexpr bool ok() const noexcept { return code == errc{}; }
};

/// The message of error(code, name, limit).message(), built while compiling.
template <std::size_t N>
struct literal_message {
    char text[N];
};

constexpr std::size_t literal_length(char const* s) noexcept
{
    std::size_t n = 0;
    while (s[n] != '\0') ++n;
    return n;
}

constexpr std::size_t literal_digits(std::int64_t v) noexcept
{
    std::size_t n = v < 0 ? 2 : 1;
    for (; v <= -10 || v >= 10; v /= 10) ++n;
    return n;
}

/// The length of "Name: description (limit: N)", as error::format_to writes it.
constexpr std::size_t literal_message_length(std::string_view name, errc code, std::int64_t limit) noexcept
{
    std::size_t n = name.empty() ? 0 : name.size() + 2;
    n += literal_length(describe(code));
    if (char const* p = limit_prefix(code); p && limit != verdict::no_limit)
        n += literal_length(p) + literal_digits(limit) + 1;
    return n;
}

template <std::size_t N>
constexpr literal_message<N> make_literal_message(std::string_view name, errc code, std::int64_t limit) noexcept
{
    literal_message<N> m{};
    std::size_t n = 0;
    auto put = [&](std::string_view s) {
        for (char c : s) m.text[n++] = c;
    };
    if (!name.empty()) { put(name); put(": "); }
    put(describe(code));
    if (char const* p = limit_prefix(code); p && limit != verdict::no_limit) {
        put(p);
        char digits[24] = {};
        std::size_t d = literal_digits(limit);
        std::int64_t v = limit;
        for (std::size_t k = d; k-- > 0; v /= 10) digits[k] = static_cast<char>('0' + (v < 0 ? -(v % 10) : v % 10));
        if (limit < 0) digits[0] = '-';
        put({digits, d});
        put(")");
    }
    return m;
}

/// The message Field gives for `code`, with the limit its rules set for it.
template <class Field, errc Code>
inline constexpr auto literal_message_v = make_literal_message<
    literal_message_length(Field::name, Code, Field::limit_of(Code)) + 1>(Field::name, Code, Field::limit_of(Code));

/// The text of a `const char[N]`: up to its first NUL, as
/// std::string_view(const char*) reads it, but never past the array.
template <std::size_t N>
constexpr std::string_view literal_view(char const (&s)[N]) noexcept
{
    std::size_t n = 0;
    while (n != N && s[n] != '\0') ++n;
    return {s, n};
}

} // namespace detail

#if ECIREQ_LITERAL_CHECKS

/** Not constexpr, so that calling it stops a constant evaluation: the
    compile error of a literal that breaks a rule names this function, and
    its template arguments say which parameter and which rule. */
#  if defined(__GNUC__) && !defined(__clang__) && defined(__cpp_nontype_template_args) &&                       \
      __cpp_nontype_template_args >= 201911L
// g++ prints a class-type template argument's characters as a string.
#    define ECIREQ_DETAIL_LITERAL_MESSAGE_ARGUMENT 1
template <detail::literal_message Error>
inline void literal_rejected() noexcept {}
#  else
#    define ECIREQ_DETAIL_LITERAL_MESSAGE_ARGUMENT 0
template <class Parameter, errc Rule, std::int64_t... Limit>
inline void literal_rejected() noexcept {}
#  endif

namespace detail {

/// Fails the constant evaluation, naming Field and the rule Code, when `v` says Code.
template <class Field, errc Code>
constexpr void reject_literal_if(verdict v) noexcept
{
    if (v.code != Code) return;
#  if ECIREQ_DETAIL_LITERAL_MESSAGE_ARGUMENT
    ::ecireq::literal_rejected<literal_message_v<Field, Code>>();
#  else
    if constexpr (Field::limit_of(Code) == verdict::no_limit)
        ::ecireq::literal_rejected<Field, Code>();
    else
        ::ecireq::literal_rejected<Field, Code, Field::limit_of(Code)>();
#  endif
}

/// Fails the constant evaluation, naming Field and the rule, unless `v` is
/// ok (these are all the codes a String rule gives).
template <class Field>
constexpr void reject_literal(verdict v) noexcept
{
    reject_literal_if<Field, errc::empty_value>(v);
    reject_literal_if<Field, errc::not_ascii>(v);
    reject_literal_if<Field, errc::invalid_utf8>(v);
    reject_literal_if<Field, errc::too_long>(v);
    reject_literal_if<Field, errc::invalid_value>(v);
}

} // namespace detail

/** A string literal for the String parameter Field, checked against Field's
    rules while compiling. The setter of a String parameter takes one when
    its argument is a `const char[N]` (a string literal, a constexpr array);
    every other argument (std::string, std::string_view, const char*, a
    `char[N]` buffer) goes to the setter that checks at sign time. */
template <class Field>
class literal {
public:
    template <std::size_t N>
    consteval literal(char const (&s)[N]) noexcept : value_(detail::literal_view(s))
    {
        detail::reject_literal<Field>(Field::verdict(value_));
    }

    constexpr std::string_view value() const noexcept { return value_; }

private:
    std::string_view value_;
};

#endif // ECIREQ_LITERAL_CHECKS

} // namespace ecireq

#endif
