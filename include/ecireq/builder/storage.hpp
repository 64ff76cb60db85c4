// ecireq: where a request keeps its values.
#ifndef ECIREQ_BUILDER_STORAGE_HPP
#define ECIREQ_BUILDER_STORAGE_HPP

#include <boost/container/static_vector.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace ecireq {

/** The comfortable default: the request owns copies of every value
    (std::string, std::vector). Any number of images, credentials, domains. */
struct owning_storage {
    static constexpr bool is_fixed = false;
    using string = std::string;
    /// A top-level repeated parameter; `ApiMax` is the API's limit (0: none).
    template <class T, std::size_t ApiMax>
    using list = std::vector<T>;
    /// A repeated parameter inside a repeated one (AcrRegistryInfo.N.Domain.M).
    template <class T>
    using nested_list = std::vector<T>;
    /// Signing gathers the parameters in a table: this many entries (and
    /// this many bytes of indexed names) are reserved on the stack; a larger
    /// request takes the rest from the heap.
    static constexpr std::size_t inline_params = 64;
    static constexpr std::size_t inline_arena = 2048;
};

/** No heap at all: values are std::string_view into the caller's strings,
    lists are boost::container::static_vector with fixed capacity.

    Lifetime rule: every string passed to a setter must stay alive, unchanged,
    until the last call to sign on this request (or any copy of it) returns.
    Capacities: a top-level repeated parameter whose API limit is at most
    `small_api_limit` (Tag.N: 20) holds that limit; any other holds `Entries`
    entries; a nested one holds `Nested`. One more is reported at sign time
    as capacity_exceeded, never dropped silently. */
template <std::size_t Entries = 8, std::size_t Nested = 4>
struct static_storage {
    static constexpr bool is_fixed = true;
    static constexpr std::size_t entries = Entries;
    static constexpr std::size_t nested = Nested;
    static constexpr std::size_t small_api_limit = 20;
    using string = std::string_view;
    template <std::size_t ApiMax>
    static constexpr std::size_t capacity = ApiMax != 0 && ApiMax <= small_api_limit ? ApiMax : Entries;
    template <class T, std::size_t ApiMax>
    using list = boost::container::static_vector<T, capacity<ApiMax>>;
    template <class T>
    using nested_list = boost::container::static_vector<T, Nested>;
};

/** The values live in a caller's object, not in the builder: the builder
    is a pointer to them. What a setter returns is then 8 bytes however large
    the request, which is what keeps a long chained expression, whose
    temporaries all live until it ends, within a small stack (an RTOS task).
    `Inner` (static_storage<...> by default, or owning_storage) says how the
    values are kept there; see ecireq::build_in. */
template <class Inner = static_storage<>>
struct bound_storage {
    using inner = Inner;
    static constexpr bool is_bound = true;
    static constexpr bool is_fixed = Inner::is_fixed;
    using string = typename Inner::string;
};

namespace detail {

template <class Storage, class = void>
struct is_bound_storage : std::false_type {};
template <class Storage>
struct is_bound_storage<Storage, std::void_t<typename Storage::inner>> : std::true_type {};

/// Where values are kept: for bound storage, how its Inner keeps them.
template <class Storage, bool = is_bound_storage<Storage>::value>
struct values_storage {
    using type = Storage;
};
template <class Storage>
struct values_storage<Storage, true> {
    using type = typename Storage::inner;
};
template <class Storage>
using values_storage_t = typename values_storage<Storage>::type;

/// A repeated parameter's entries, plus how many did not fit (fixed storage only).
template <class Container>
struct entry_list {
    using value_type = typename Container::value_type;
    Container items;
    std::size_t dropped = 0;

    value_type* add(value_type v)
    {
        if constexpr (has_fixed_capacity) {
            if (items.size() == items.capacity()) {
                ++dropped;
                return nullptr;
            }
        }
        items.push_back(std::move(v));
        return &items.back();
    }
    std::size_t size() const noexcept { return items.size(); }
    /// Entries the caller asked for, including those that did not fit.
    std::size_t requested() const noexcept { return items.size() + dropped; }
    auto begin() const noexcept { return items.begin(); }
    auto end() const noexcept { return items.end(); }

    /// The most entries this list can hold (0: no fixed limit).
    static constexpr std::size_t capacity() noexcept
    {
        if constexpr (has_fixed_capacity) return Container::static_capacity;
        else return 0;
    }

private:
    template <class C, class = void>
    struct fixed : std::false_type {};
    template <class C>
    struct fixed<C, std::void_t<decltype(C::static_capacity)>> : std::true_type {};
    static constexpr bool has_fixed_capacity = fixed<Container>::value;
};

} // namespace detail
} // namespace ecireq

#endif
