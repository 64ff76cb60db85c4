// ecireq: compile-time tracking of which parameters a builder has set.
//
// A builder's State is a Boost.Hana set of hana::type<Field>. A setter of a
// non-repeatable parameter returns a builder whose State has one more
// element; sign() requires every Spec::required field to be in the State.
// Each failed check is a static_assert whose message names the API
// parameter and the setter to call (generated per field by
// ECIREQ_DETAIL_FIELD_CHECKS), and the failing path then returns a value of
// the declared type so that the user sees that one message, not a cascade.
#ifndef ECIREQ_DETAIL_TYPE_STATE_HPP
#define ECIREQ_DETAIL_TYPE_STATE_HPP

#include <boost/hana/contains.hpp>
#include <boost/hana/insert.hpp>
#include <boost/hana/set.hpp>
#include <boost/hana/type.hpp>

#include <utility>

namespace ecireq { namespace detail {

namespace hana = boost::hana;

/// The state of a fresh builder: nothing set.
using empty_state = decltype(hana::make_set());

/// True when Field is in State.
template <class State, class Field>
constexpr bool is_set_v = decltype(hana::contains(std::declval<State>(), hana::type_c<Field>))::value;

/// State plus Field.
template <class State, class Field>
using with_field_t = decltype(hana::insert(std::declval<State>(), hana::type_c<Field>));

/// A list of field types (the required ones, the scalar ones).
template <class... Fields>
struct field_list {};

/// True when every listed field is in State (no diagnostics).
template <class State, class... Fields>
constexpr bool all_set(field_list<Fields...>) noexcept
{
    return (true && ... && is_set_v<State, Fields>);
}

/// Fires Field's "not set" static_assert for each required field missing from State.
template <class State, class... Required>
constexpr bool all_required_set(field_list<Required...>) noexcept
{
    // A sum rather than `&&`, so that every missing field gets its own message.
    return (0 + ... + (Required::template required_check<is_set_v<State, Required>>() ? 0 : 1)) == 0;
}

/// Fires Field's "already set" static_assert when Field is in State.
template <class State, class Field>
constexpr bool not_yet_set() noexcept
{
    return Field::template once_check<is_set_v<State, Field>>();
}

/// Tag for the constructor that moves a builder's data into its next state.
struct from_data_t {
    explicit from_data_t() = default;
};

}} // namespace ecireq::detail

/// Inside a field struct: the two compile-time checks, with messages that
/// name the API parameter (`Param`) and its setter (`setter`).
#define ECIREQ_DETAIL_FIELD_CHECKS(Param, setter)                                                        \
    static constexpr std::string_view name = #Param;                                                     \
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
    }

#endif
