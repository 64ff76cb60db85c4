// ecireq: compile-time tracking of which parameters a builder has set.
//
// A builder's State is a Boost.Hana set of hana::type<Param>, where Param is
// a field (a scalar parameter) or a group (a repeated one). A scalar setter
// returns a builder whose State has one more element; the first setter call
// of a required group does the same; sign() requires every Spec::required
// parameter to be in the State. Each failed check is a static_assert whose
// message names the API parameter and the setter to call (generated per
// parameter by the macros below, since a static_assert message must be a
// literal), and the failing path then returns a value of the declared type
// so that the user sees that one message, not a cascade.
#ifndef ECIREQ_BUILDER_TYPE_STATE_HPP
#define ECIREQ_BUILDER_TYPE_STATE_HPP

#include <boost/hana/contains.hpp>
#include <boost/hana/insert.hpp>
#include <boost/hana/set.hpp>
#include <boost/hana/type.hpp>

#include <string_view>
#include <type_traits>
#include <utility>

namespace ecireq { namespace detail {

namespace hana = boost::hana;

/// The state of a fresh builder: nothing set.
using empty_state = decltype(hana::make_set());

/// True when Param is in State.
template <class State, class Param>
constexpr bool is_set_v = decltype(hana::contains(std::declval<State>(), hana::type_c<Param>))::value;

/// State plus Param (State itself when Param is in it already).
template <class State, class Param>
using with_param_t = decltype(hana::insert(std::declval<State>(), hana::type_c<Param>));

/// A list of scalar parameters (an action's fields, its required ones).
template <class... Params>
struct field_list {
    static constexpr std::size_t size = sizeof...(Params);
};

/// A list of repeated parameters.
template <class... Groups>
struct group_list {
    static constexpr std::size_t size = sizeof...(Groups);
};

template <class Param, class List>
struct is_listed;
template <class Param, class... Params>
struct is_listed<Param, field_list<Params...>> : std::bool_constant<(std::is_same<Param, Params>::value || ...)> {};

/// True when Param is one of List's.
template <class Param, class List>
constexpr bool is_listed_v = is_listed<Param, List>::value;

/// True when every listed parameter is in State (no diagnostics).
template <class State, class... Params>
constexpr bool all_set(field_list<Params...>) noexcept
{
    return (true && ... && is_set_v<State, Params>);
}

/// Fires Param's "not set" static_assert for each required parameter missing from State.
template <class State, class... Required>
constexpr bool all_required_set(field_list<Required...>) noexcept
{
    // A sum rather than `&&`, so that every missing parameter gets its own message.
    return (0 + ... + (Required::template required_check<is_set_v<State, Required>>() ? 0 : 1)) == 0;
}

/// Fires Field's "already set" static_assert when Field is in State.
template <class State, class Field>
constexpr bool not_yet_set() noexcept
{
    return Field::template once_check<is_set_v<State, Field>>();
}

template <class List>
struct state_of;
template <class... Params>
struct state_of<field_list<Params...>> {
    using type = decltype(hana::make_set(hana::type_c<Params>...));
};

/** The state in which every parameter of List is set. For code that checks
    presence at run time itself (the ecireq-sign tool reads parameters by
    name): it fills the data, then constructs the builder in this state. */
template <class List>
using state_of_t = typename state_of<List>::type;

/// Tag for the constructor that moves a builder's data into its next state.
struct from_data_t {
    explicit from_data_t() = default;
};

}} // namespace ecireq::detail

/// Inside a field struct: its names and the compile-time checks, with
/// messages that name the API parameter (`Param`) and its setter (`setter`).
#define ECIREQ_DETAIL_FIELD_CHECKS(Param, setter)                                                        \
    static constexpr std::string_view name = #Param;                                                     \
    static constexpr std::string_view setter_name = #setter;                                             \
    template <bool IsSet>                                                                                \
    static constexpr bool required_check() noexcept                                                      \
    {                                                                                                    \
        static_assert(IsSet, "ecireq: required parameter " #Param " is not set: call ." #setter          \
                             "(...) before sign()");                                                     \
        return IsSet;                                                                                    \
    }                                                                                                    \
    template <bool IsSet>                                                                                \
    static constexpr bool once_check() noexcept                                                          \
    {                                                                                                    \
        static_assert(!IsSet, "ecireq: parameter " #Param " is already set: ." #setter                   \
                              "(...) may be called only once");                                          \
        return !IsSet;                                                                                   \
    }                                                                                                    \
    template <bool IsRequired>                                                                           \
    static constexpr bool maybe_check() noexcept                                                         \
    {                                                                                                    \
        static_assert(!IsRequired, "ecireq: parameter " #Param " is required by this action: call ."      \
                                   #setter "(...), not .maybe_" #setter "(...)");                        \
        return !IsRequired;                                                                              \
    }

/// Inside a group struct: its name and the checks of a required group
/// (at least one entry) and of the lvalue setter of one.
#define ECIREQ_DETAIL_GROUP_CHECKS(Param, setter)                                                        \
    static constexpr std::string_view name = #Param;                                                     \
    static constexpr std::string_view setter_name = #setter;                                             \
    template <bool IsSet>                                                                                \
    static constexpr bool required_check() noexcept                                                      \
    {                                                                                                    \
        static_assert(IsSet, "ecireq: required parameter " #Param ".N is not set: call ." #setter        \
                             "(...) at least once before sign()");                                       \
        return IsSet;                                                                                    \
    }                                                                                                    \
    template <bool Ok>                                                                                   \
    static constexpr bool lvalue_check() noexcept                                                        \
    {                                                                                                    \
        static_assert(Ok, "ecireq: the first ." #setter "(...) of a request that requires " #Param       \
                          ".N changes its type: chain it (auto r = std::move(r0)." #setter "(...))");    \
        return Ok;                                                                                       \
    }

#endif
