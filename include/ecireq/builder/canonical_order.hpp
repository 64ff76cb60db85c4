// ecireq: the canonical order of an action's parameters, fixed while
// compiling, so that signing need not sort them.
//
// Both signatures sort the parameters by name, in byte order. Every name an
// action sends is one of:
//   Field                      a scalar field ("RegionId")
//   Group.N[.Member]           an entry of a group ("Image.3", "Tag.3.Key")
//   Group.N.Nested.M           a nested list ("AcrRegistryInfo.1.Domain.2")
// and no Field, Group, Member or Nested name contains a '.'. So all the names
// of one group share the prefix "Group." and sort as one block: the block's
// place among the fields and the other groups is the place of "Group." (a
// name without a '.' differs from "Group." within its first size() + 1
// bytes, or is a prefix of it and comes first). The same holds for a
// member's names against "Nested." inside an entry. Only the indices are
// known at run time, and their order is that of their decimal text ("1",
// "10", "11", "2"), which next_in_text_order walks.
//
// So an action emits its parameters already sorted by walking, in the order
// computed here, its fields and groups, each group's entries in index text
// order, and each entry's members and nested list in the order computed
// here (action.hpp, groups.hpp), and with distinct names (asserted while
// compiling) that order is strict. rpc::put_in_order then only merges in the
// common parameters of the V2 signature; debug builds assert the order.
#ifndef ECIREQ_BUILDER_CANONICAL_ORDER_HPP
#define ECIREQ_BUILDER_CANONICAL_ORDER_HPP

#include <array>
#include <cstddef>
#include <string_view>

namespace ecireq { namespace detail {

/// A name as it sorts: `name` alone, or with `block` the prefix "name." of
/// a group's (or a nested list's) block of names.
struct order_key {
    std::string_view name;
    bool block = false;

    constexpr std::size_t size() const noexcept { return name.size() + (block ? 1 : 0); }
    constexpr unsigned char at(std::size_t i) const noexcept
    {
        return i < name.size() ? static_cast<unsigned char>(name[i]) : static_cast<unsigned char>('.');
    }
};

/// a sorts before b in byte order.
constexpr bool sorts_before(order_key a, order_key b) noexcept
{
    std::size_t const n = a.size() < b.size() ? a.size() : b.size();
    for (std::size_t i = 0; i < n; ++i)
        if (a.at(i) != b.at(i)) return a.at(i) < b.at(i);
    return a.size() < b.size();
}

/// No '.' in a declared name: what makes blocks contiguous (see above).
constexpr bool dot_free(std::string_view name) noexcept { return name.find('.') == std::string_view::npos; }

/// The positions of `keys` in sorted order: result[k] is the index in `keys`
/// of the k-th smallest. Insertion sort: N is a handful, and it runs in the
/// compiler.
template <std::size_t N>
constexpr std::array<std::size_t, N> sorted_positions(std::array<order_key, N> const& keys) noexcept
{
    std::array<std::size_t, N> order{};
    for (std::size_t i = 0; i < N; ++i) {
        std::size_t j = i;
        for (; j > 0 && sorts_before(keys[i], keys[order[j - 1]]); --j) order[j] = order[j - 1];
        order[j] = i;
    }
    return order;
}

/// No two keys equal: what makes the order strict (no name sent twice).
template <std::size_t N>
constexpr bool all_distinct(std::array<order_key, N> const& keys) noexcept
{
    auto const order = sorted_positions(keys);
    for (std::size_t i = 1; i < N; ++i)
        if (!sorts_before(keys[order[i - 1]], keys[order[i]])) return false;
    return true;
}

/** The index after `i` when 1..n are ordered as decimal text (1, 10, 11,
    ..., 19, 2, 20, ...), which is the order of "Name.1", "Name.10", ...;
    0 after the last. Start from 1 (when n >= 1). */
constexpr std::size_t next_in_text_order(std::size_t i, std::size_t n) noexcept
{
    if (i <= n / 10) return i * 10; // "i" is a prefix of "i0": it comes next
    while (i % 10 == 9 || i + 1 > n) {
        i /= 10; // no longer number with this prefix: back up a digit
        if (i == 0) return 0;
    }
    return i + 1;
}

}} // namespace ecireq::detail

#endif
