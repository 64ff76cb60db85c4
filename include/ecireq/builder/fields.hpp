// ecireq: scalar (non-repeated) parameters: their kinds, the rules a field
// declares, their storage, validation and emission.
//
// A field is declared once, with ECIREQ_FIELD, as its API name, its setter
// and its kind with rules:
//
//   ECIREQ_FIELD(ClientToken, client_token, string_field<rule::ascii_only, rule::max_length<64>>);
//   ECIREQ_FIELD(RetentionDays, retention_days, integer_field<>);
//   ECIREQ_FIELD(Flash, flash, boolean_field);
//
// Everything else is derived from that: the setters `client_token(v)` and
// `maybe_client_token(std::optional<v>)`, the compile-time messages, the
// runtime checks (in the fixed order of value_checks.hpp, so that the first error a
// value gives does not depend on the order rules are listed), the same
// checks of string literals while compiling (C++20, literal.hpp), and the
// descriptions the CLI prints.
#ifndef ECIREQ_BUILDER_FIELDS_HPP
#define ECIREQ_BUILDER_FIELDS_HPP

#include <ecireq/builder/access.hpp>
#include <ecireq/builder/literal.hpp>
#include <ecireq/builder/type_state.hpp>
#include <ecireq/builder/value_checks.hpp>
#include <ecireq/error.hpp>
#include <ecireq/rpc/encoding.hpp>
#include <ecireq/rpc/param.hpp>

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string_view>
#include <type_traits>

namespace ecireq {

/// The rules a String field may declare (combine any of them).
namespace rule {

/// What a rule may say; each rule overrides what it is about.
struct base {
    static constexpr bool is_ascii_only = false;
    static constexpr std::size_t max_chars = 0; // 0: no limit
    static constexpr bool is_host_label = false;
    static constexpr std::string_view const* values = nullptr; // one_of: the accepted values
    static constexpr std::size_t value_count = 0;
    static constexpr bool is_common = false;
};

/// Only ASCII characters.
struct ascii_only : base {
    static constexpr bool is_ascii_only = true;
};

/// At most N characters (code points; bytes when ascii_only).
template <std::size_t N>
struct max_length : base {
    static constexpr std::size_t max_chars = N;
};

/// a-z 0-9 '-' only: the value becomes part of a host name (RegionId).
struct host_label : base {
    static constexpr bool is_host_label = true;
};

/// One of Set::values, a static constexpr array of std::string_view.
template <class Set>
struct one_of : base {
    static constexpr std::string_view const* values = Set::values;
    static constexpr std::size_t value_count = sizeof(Set::values) / sizeof(Set::values[0]);
};

/// A common parameter that the signature scheme writes itself (Format):
/// checked like any other, but not added with the action's parameters.
struct common : base {
    static constexpr bool is_common = true;
};

} // namespace rule

namespace detail {

template <class T>
using remove_cvref_t = std::remove_cv_t<std::remove_reference_t<T>>;

constexpr std::size_t max_of(std::initializer_list<std::size_t> v) noexcept
{
    std::size_t m = 0;
    for (auto x : v) m = x > m ? x : m;
    return m;
}

/// The first non-null of the rules' value sets (a field has at most one).
template <class... Rules>
struct value_set {
    static constexpr std::string_view const* values = nullptr;
    static constexpr std::size_t count = 0;
};
template <class R, class... Rest>
struct value_set<R, Rest...> {
    static constexpr std::string_view const* values = R::values ? R::values : value_set<Rest...>::values;
    static constexpr std::size_t count = R::values ? R::value_count : value_set<Rest...>::count;
};

} // namespace detail

/// A String parameter with the given rules.
template <class... Rules>
struct string_field {
    enum { kind_string };
    using input_type = std::string_view;
    static constexpr bool ascii_only = (false || ... || Rules::is_ascii_only);
    static constexpr std::size_t max_length = detail::max_of({std::size_t{0}, Rules::max_chars...});
    static constexpr bool host_label = (false || ... || Rules::is_host_label);
    static constexpr std::string_view const* values = detail::value_set<Rules...>::values;
    static constexpr std::size_t value_count = detail::value_set<Rules...>::count;
    static constexpr bool sent = !(false || ... || Rules::is_common);
    template <class T>
    static constexpr bool accepts = std::is_convertible<T, std::string_view>::value;
    template <class T>
    static input_type convert(T&& v) noexcept(noexcept(input_type(std::forward<T>(v))))
    {
        return input_type(std::forward<T>(v));
    }

    /// The rules as one value, for the checks that are compiled once (value_checks.hpp).
    static constexpr detail::string_rules rules{ascii_only, max_length, host_label, values, value_count};

    /// The String rules' answer on `s` (value_checks.hpp says them; literal.hpp asks while compiling).
    static constexpr detail::verdict verdict(std::string_view s) noexcept { return detail::string_verdict(s, rules); }

    /// The limit an error about `code` reports (no_limit: none).
    static constexpr std::int64_t limit_of(errc code) noexcept
    {
        return code == errc::too_long && max_length != 0 ? static_cast<std::int64_t>(max_length)
                                                         : detail::verdict::no_limit;
    }

    /// The String rules' verdict on `s` as a result: the error names the parameter `name`.
    static result<void> check(std::string_view name, std::string_view s) noexcept
    {
        return detail::check_string(name, s, rules);
    }
};

/// An Integer parameter, checked against [Minimum, Maximum] (the API's Integer is 32-bit).
template <std::int64_t Minimum = 1, std::int64_t Maximum = 2147483647>
struct integer_field {
    enum { kind_integer };
    using input_type = std::int64_t;
    static constexpr std::int64_t minimum = Minimum;
    static constexpr std::int64_t maximum = Maximum;
    static constexpr bool sent = true;
    template <class T>
    static constexpr bool accepts =
        std::is_integral<detail::remove_cvref_t<T>>::value && !std::is_same<detail::remove_cvref_t<T>, bool>::value;

    /** Any integer as an int64_t, saturating: a value beyond int64_t (an
        unsigned near its maximum, an __int128) becomes the nearest int64_t,
        which is out of [Minimum, Maximum] on the same side, so sign() reports
        above_maximum or below_minimum rather than a wrapped number. */
    template <class T>
    static constexpr input_type convert(T v) noexcept
    {
        constexpr auto hi = std::numeric_limits<input_type>::max();
        constexpr auto lo = std::numeric_limits<input_type>::min();
        if constexpr (std::is_signed<T>::value) {
            if (v > static_cast<T>(0) && sizeof(T) > sizeof(input_type) && v > static_cast<T>(hi)) return hi;
            if (v < static_cast<T>(0) && sizeof(T) > sizeof(input_type) && v < static_cast<T>(lo)) return lo;
        } else {
            if (sizeof(T) >= sizeof(input_type) && v > static_cast<T>(hi)) return hi;
        }
        return static_cast<input_type>(v);
    }
};

/// A Boolean parameter, sent as "true" / "false".
struct boolean_field {
    enum { kind_boolean };
    using input_type = bool;
    static constexpr bool sent = true;
    template <class T>
    static constexpr bool accepts = std::is_same<detail::remove_cvref_t<T>, bool>::value;
    static constexpr input_type convert(bool v) noexcept { return v; }
};

namespace detail {

template <class F, class = void>
struct is_string_field : std::false_type {};
template <class F>
struct is_string_field<F, std::void_t<decltype(F::kind_string)>> : std::true_type {};
template <class F, class = void>
struct is_integer_field : std::false_type {};
template <class F>
struct is_integer_field<F, std::void_t<decltype(F::kind_integer)>> : std::true_type {};

template <class F>
constexpr bool is_string_field_v = is_string_field<F>::value;
template <class F>
constexpr bool is_integer_field_v = is_integer_field<F>::value;

/// True when Field's setter takes `T` as a literal<Field>, checked while
/// compiling: Field is a String one, T a `const char[N]` (C++20).
#if ECIREQ_LITERAL_CHECKS
template <class T>
struct is_const_char_array : std::false_type {};
template <std::size_t N>
struct is_const_char_array<char const[N]> : std::true_type {};
template <class Field, class T>
struct takes_literal
    : std::bool_constant<is_string_field_v<Field> && is_const_char_array<std::remove_reference_t<T>>::value> {};

/// Not constructible: the parameter type of the literal setter of a field that is not a String.
struct no_literal {
    no_literal() = delete;
};
/// What the literal setter of Field takes (Self: only to defer this until Field is complete).
template <class Field, class Self>
struct literal_arg {
    using type = std::conditional_t<is_string_field_v<Field>, literal<Field>, no_literal>;
};
template <class Field, class Self>
using literal_arg_t = typename literal_arg<Field, Self>::type;
#else
template <class Field, class T>
struct takes_literal : std::false_type {};
#endif
template <class Field, class T>
constexpr bool takes_literal_v = takes_literal<Field, T>::value;

/// What a maybe_ setter of Field takes: std::nullopt, a std::optional of a
/// type the plain setter takes, or such a value itself. Not a
/// std::optional<bool> for an integer, nor a double: the plain setter's rule.
template <class Field, class T>
struct maybe_accepts : std::bool_constant<Field::template accepts<T>> {};
template <class Field>
struct maybe_accepts<Field, std::nullopt_t> : std::true_type {};
template <class Field, class U>
struct maybe_accepts<Field, std::optional<U>> : std::bool_constant<Field::template accepts<U>> {};
template <class Field, class T>
constexpr bool maybe_accepts_v = maybe_accepts<Field, remove_cvref_t<T>>::value;

/// The argument of a maybe_ setter as an optional of the field's input type.
template <class Field, class T>
std::optional<typename Field::input_type> to_maybe(T&& v)
{
    using arg = remove_cvref_t<T>;
    if constexpr (std::is_same<arg, std::nullopt_t>::value) {
        return std::nullopt;
    } else if constexpr (Field::template accepts<arg>) {
        return Field::convert(std::forward<T>(v));
    } else {
        if (!v) return std::nullopt;
        return Field::convert(*v);
    }
}

template <class Storage, class Field>
using stored_t = std::conditional_t<is_string_field_v<Field>, typename Storage::string, typename Field::input_type>;

/// The value slot of one scalar field.
template <class Storage, class Field>
struct slot {
    std::optional<stored_t<Storage, Field>> value;
};

/** All scalar fields of an action, by type: one base per field. Not a
    std::tuple of the slots: with an action's 16 fields, std::tuple's
    instantiations (its recursive storage, the constraints of its
    constructors) were the largest entries of template instantiation in
    `clang++ -ftime-trace` of a TU that includes an action. */
template <class Storage, class... Fields>
struct scalar_store : slot<Storage, Fields>... {
    template <class Field>
    auto& get() noexcept { return static_cast<slot<Storage, Field>&>(*this).value; }
    template <class Field>
    auto const& get() const noexcept { return static_cast<slot<Storage, Field> const&>(*this).value; }

    std::size_t count() const noexcept { return (std::size_t{0} + ... + (get<Fields>() ? 1u : 0u)); }
    void clear() noexcept { (get<Fields>().reset(), ...); }
    std::size_t integer_count() const noexcept
    {
        return (std::size_t{0} + ... + (is_integer_field_v<Fields> && get<Fields>() ? 1u : 0u));
    }
    static constexpr std::size_t integer_fields = (std::size_t{0} + ... + (is_integer_field_v<Fields> ? 1u : 0u));

    /// Validates `Field` when it is set and adds it to `t` when it is sent.
    template <class Field>
    result<void> emit(rpc::param_table& t) const noexcept
    {
        auto const& v = get<Field>();
        if (!v) return {};
        // One call per field to checks compiled once (value_checks.hpp).
        if constexpr (is_string_field_v<Field>)
            return emit_string(t, Field::name, *v, Field::rules, Field::sent);
        else if constexpr (is_integer_field_v<Field>)
            return emit_integer(t, Field::name, *v, Field::minimum, Field::maximum);
        else
            return t.push(Field::name, *v ? "true" : "false");
    }
};

} // namespace detail
} // namespace ecireq

#if ECIREQ_LITERAL_CHECKS
/// The setters of a String field that take a string literal, checked while compiling.
#  define ECIREQ_DETAIL_LITERAL_SETTERS(Param, setter)                                                     \
    [[nodiscard]] auto setter(::ecireq::detail::literal_arg_t<Param, Self> v) &&                           \
    {                                                                                                      \
        return ::ecireq::detail::builder_access::set<Param>(static_cast<Self&&>(*this), v.value());       \
    }                                                                                                      \
    [[nodiscard]] auto setter(::ecireq::detail::literal_arg_t<Param, Self> v) const&                       \
    {                                                                                                      \
        return Self(static_cast<Self const&>(*this)).setter(v);                                            \
    }
#else
#  define ECIREQ_DETAIL_LITERAL_SETTERS(Param, setter)
#endif

/** Declares the field `Param` (its API name) with setter `setter`, of the
    kind and rules `...` (string_field<...>, integer_field<...>,
    boolean_field). The field's setters come with it, as a mixin every
    builder of an action that lists the field inherits:
      setter(v)                     once only; v of the kind's input type
      maybe_setter(optional<v>)     nullopt: leave it unset; also takes v
                                    or std::nullopt; not for a parameter
                                    the action requires
    With C++20, a String setter given a string literal checks it against
    the field's rules while compiling (literal.hpp); any other argument is
    checked when the request is signed. */
#define ECIREQ_FIELD(Param, setter, ...)                                                                   \
    struct Param : __VA_ARGS__ {                                                                           \
        ECIREQ_DETAIL_FIELD_CHECKS(Param, setter)                                                          \
        template <class Self>                                                                              \
        struct setters {                                                                                   \
            template <class T, class = std::enable_if_t<Param::template accepts<T> &&                      \
                                                        !::ecireq::detail::takes_literal_v<Param, T>>>     \
            [[nodiscard]] auto setter(T&& v) &&                                                            \
            {                                                                                              \
                return ::ecireq::detail::builder_access::set<Param>(static_cast<Self&&>(*this),            \
                                                                    std::forward<T>(v));                   \
            }                                                                                              \
            template <class T, class = std::enable_if_t<Param::template accepts<T> &&                      \
                                                        !::ecireq::detail::takes_literal_v<Param, T>>>     \
            [[nodiscard]] auto setter(T&& v) const&                                                        \
            {                                                                                              \
                return Self(static_cast<Self const&>(*this)).setter(std::forward<T>(v));                   \
            }                                                                                              \
            ECIREQ_DETAIL_LITERAL_SETTERS(Param, setter)                                                   \
            template <class T, class = std::enable_if_t<::ecireq::detail::maybe_accepts_v<Param, T>>>       \
            [[nodiscard]] auto maybe_##setter(T&& v) &&                                                    \
            {                                                                                              \
                return ::ecireq::detail::builder_access::set_maybe<Param>(                                 \
                    static_cast<Self&&>(*this), ::ecireq::detail::to_maybe<Param>(std::forward<T>(v)));    \
            }                                                                                              \
            template <class T, class = std::enable_if_t<::ecireq::detail::maybe_accepts_v<Param, T>>>       \
            [[nodiscard]] auto maybe_##setter(T&& v) const&                                                \
            {                                                                                              \
                return Self(static_cast<Self const&>(*this)).maybe_##setter(std::forward<T>(v));           \
            }                                                                                              \
        };                                                                                                 \
    }

#endif
