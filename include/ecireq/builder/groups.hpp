// ecireq: repeated parameters (groups): Name.N, Name.N.Member and
// Name.N.Nested.M, declared once and flattened, validated and sized here.
//
// A group is a struct that says what the API says of it:
//
//   struct Tag : group_defaults {
//       ECIREQ_DETAIL_GROUP_CHECKS(Tag, tag)       // API name, setter
//       static constexpr std::size_t api_max = 20; // "Valid values of N: 1 to 20"
//       static constexpr std::array<member, 2> members{{{"Key", presence::required},
//                                                       {"Value", presence::may_be_empty}}};
//       template <class Self>
//       struct setters : group_setters<Self, Tag> { ... tag(key, value) ... };
//   };
//
// A group with one unnamed member is a plain list (Image.N); `nested` names
// a list inside each entry (AcrRegistryInfo.N.Domain.M). Entries are
// numbered from 1 in the order they are added.
#ifndef ECIREQ_BUILDER_GROUPS_HPP
#define ECIREQ_BUILDER_GROUPS_HPP

#include <ecireq/builder/access.hpp>
#include <ecireq/builder/canonical_order.hpp>
#include <ecireq/builder/entry_checks.hpp>
#include <ecireq/builder/storage.hpp>
#include <ecireq/builder/type_state.hpp>
#include <ecireq/error.hpp>
#include <ecireq/rpc/encoding.hpp>
#include <ecireq/rpc/param.hpp>

#include <array>
#include <cstddef>
#include <initializer_list>
#include <string_view>
#include <utility>

namespace ecireq {

/// What a group declares unless it says otherwise.
struct group_defaults {
    static constexpr std::size_t api_max = 0;        ///< the API's limit on N; 0: none
    static constexpr std::string_view nested = {};   ///< a list inside each entry ("Domain")
    static constexpr std::string_view nested_setter = {}; ///< its own setter, beside the group's
    static constexpr bool reject_empty_entry = false; ///< an entry with nothing in it is an error
};

namespace detail {

/// The decimal digits of the largest index a name may carry.
constexpr std::size_t max_index_digits = 20;

template <class Storage, std::size_t Members, bool Nested>
struct group_entry {
    std::array<typename Storage::string, Members> values;
};
template <class Storage, std::size_t Members>
struct group_entry<Storage, Members, true> {
    std::array<typename Storage::string, Members> values;
    entry_list<typename Storage::template nested_list<typename Storage::string>> nested;
};

/// What follows from a group's declaration: its entry type, sizes and names.
template <class Group, class Storage>
struct group_traits {
    static constexpr std::size_t members = Group::members.size();
    static constexpr bool has_nested = !Group::nested.empty();
    using entry = group_entry<Storage, members, has_nested>;
    using list = entry_list<typename Storage::template list<entry, Group::api_max>>;

    /// The longest name of the group: "Name.N.Member" or "Name.N.Nested.M".
    static constexpr std::size_t max_name() noexcept
    {
        std::size_t longest_member = 0;
        for (auto const& m : Group::members)
            longest_member = m.name.size() > longest_member ? m.name.size() : longest_member;
        std::size_t head = Group::name.size() + 1 + max_index_digits;
        std::size_t tail = longest_member == 0 ? 0 : 1 + longest_member;
        std::size_t nested = has_nested ? 1 + Group::nested.size() + 1 + max_index_digits : 0;
        return head + (tail > nested ? tail : nested);
    }
};

/// A group's entries, in storage Storage.
template <class Storage, class Group>
struct group_store {
    typename group_traits<Group, Storage>::list entries;
};

/// Parameters the entries of `g` add (an upper bound: omitted members count).
template <class Group, class Storage>
std::size_t group_param_count(group_store<Storage, Group> const& g) noexcept
{
    using traits = group_traits<Group, Storage>;
    std::size_t n = g.entries.size() * traits::members;
    if constexpr (traits::has_nested)
        for (auto const& e : g.entries) n += e.nested.size();
    return n;
}

/// Arena bytes the names of `g` take: one name per parameter, plus one for an error's name.
template <class Group, class Storage>
std::size_t group_arena_size(group_store<Storage, Group> const& g) noexcept
{
    std::size_t n = group_param_count(g);
    return (n == 0 && g.entries.requested() == 0 ? 0 : n + 1) * group_traits<Group, Storage>::max_name();
}

/// The most parameters a group can add with fixed storage.
template <class Group, class Storage>
constexpr std::size_t group_max_params() noexcept
{
    using traits = group_traits<Group, Storage>;
    if constexpr (Storage::is_fixed)
        return traits::list::capacity() * (traits::members + (traits::has_nested ? Storage::nested : 0));
    else
        return 0; // unbounded: the request's own count is used

}

template <class Group, class Storage>
constexpr std::size_t group_max_arena() noexcept
{
    return (group_max_params<Group, Storage>() + 1) * group_traits<Group, Storage>::max_name();
}

template <class Group>
constexpr auto member_keys() noexcept
{
    std::array<order_key, Group::members.size()> k{};
    for (std::size_t i = 0; i < k.size(); ++i) k[i] = {Group::members[i].name, false};
    return k;
}

template <class Group>
constexpr bool group_names_dot_free() noexcept
{
    for (auto const& m : Group::members)
        if (!dot_free(m.name)) return false;
    return dot_free(Group::name) && dot_free(Group::nested);
}

template <class Group>
constexpr std::size_t members_before_nested() noexcept
{
    std::size_t n = 0;
    for (auto const& m : Group::members) n += sorts_before({m.name, false}, {Group::nested, true}) ? 1 : 0;
    return n;
}

/// The order of one entry's names: its members by name, and where among
/// them the block "Nested.M" goes (canonical_order.hpp).
template <class Group>
struct entry_order {
    static_assert(group_names_dot_free<Group>(),
                  "a group, member or nested name with a '.' would not sort as one block");
    static_assert(all_distinct(member_keys<Group>()), "two members of a group share a name");

    /// member_order[k]: the index in Group::members of the k-th member sent.
    static constexpr auto member_order = sorted_positions(member_keys<Group>());

    /// How many members sort before the nested list's names.
    static constexpr std::size_t nested_at = members_before_nested<Group>();
};

/// The group's half of emit_entries' arguments: how to reach the strings of
/// an entry in Storage. Each function is a few instructions.
template <class Group, class Storage>
struct entry_access {
    using entry = typename group_traits<Group, Storage>::entry;

    static entry const& at(void const* entries, std::size_t i) noexcept
    {
        return static_cast<entry const*>(entries)[i];
    }
    static std::string_view value(void const* entries, std::size_t i, std::size_t k) noexcept
    {
        return at(entries, i).values[k];
    }
    static std::size_t nested_count(void const* entries, std::size_t i) noexcept
    {
        return at(entries, i).nested.size();
    }
    // data(), not operator[]: Boost's static_vector asserts in operator[],
    // and the assertion's text would cost flash in every build without NDEBUG.
    static std::string_view nested_value(void const* entries, std::size_t i, std::size_t j) noexcept
    {
        return at(entries, i).nested.items.data()[j];
    }
    static std::size_t nested_dropped(void const* entries, std::size_t i) noexcept
    {
        return at(entries, i).nested.dropped;
    }

    static group_reader reader(group_store<Storage, Group> const& g) noexcept
    {
        group_reader r{g.entries.items.data(), g.entries.size(), g.entries.dropped, &value, nullptr, nullptr, nullptr};
        if constexpr (group_traits<Group, Storage>::has_nested) {
            r.nested_count = &nested_count;
            r.nested_value = &nested_value;
            r.nested_dropped = &nested_dropped;
        }
        return r;
    }
};

/// The group's other half: its names, limits and member order, as one constant.
template <class Group>
struct entry_layout {
    using order = entry_order<Group>;
    static constexpr group_layout value{Group::name,           Group::api_max,
                                        Group::members.data(), Group::members.size(),
                                        order::member_order.data(), Group::nested,
                                        order::nested_at,      Group::reject_empty_entry};
};

/// Validates the entries of `g` and adds their parameters to `t` in canonical order (emit_entries).
template <class Group, class Storage>
result<void> emit_group(group_store<Storage, Group> const& g, rpc::param_table& t) noexcept
{
    return emit_entries(entry_layout<Group>::value, entry_access<Group, Storage>::reader(g), t);
}

/** The setters' side of a group: adds entries to the builder `Self`. A
    group's own `setters` derive from this and name the API's setters.
      &-qualified:  adds to this builder and returns it;
      &&-qualified: adds and returns the builder by value, in the state
                    "Group set" when the action requires the group. */
template <class Self, class Group>
class group_setters {
    // Self is incomplete while its bases are instantiated, so nothing of it
    // is named outside the function bodies.
protected:
    /// Adds an entry of `values` and returns this builder.
    template <class... V>
    Self& add_lvalue(V... values)
    {
        add(values...);
        return lvalue_result();
    }

    /// Adds an entry of `values` and returns the builder by value.
    template <class... V>
    auto add_rvalue(V... values)
    {
        add(values...);
        return rvalue_result();
    }

    /// What an &-qualified setter returns: this builder (which cannot change type).
    Self& lvalue_result()
    {
        Group::template lvalue_check<Self::template lvalue_may_add<Group>>();
        return self();
    }

    /// What an &&-qualified setter returns: the builder by value, marked "Group set".
    auto rvalue_result() { return builder_access::mark<Group>(std::move(self())); }

    /// Adds an entry whose first members are `values` (the rest empty); null when it did not fit.
    template <class... V>
    auto* add(V... values)
    {
        using string = typename Self::values_storage_type::string;
        typename list_type<Self>::value_type e{};
        std::size_t k = 0;
        ((e.values[k++] = string(values)), ...);
        return entries().add(std::move(e));
    }

    /// Sets members [First, First + sizeof...(V)) of the last entry, starting one when there is none.
    template <std::size_t First, class... V>
    void set_last(V... values)
    {
        using string = typename Self::values_storage_type::string;
        if (auto* e = last_or_new()) {
            std::size_t k = First;
            ((e->values[k++] = string(values)), ...);
        }
    }

    /// Adds to the nested list of the last entry, starting one when there is none.
    void add_nested(std::string_view value)
    {
        using string = typename Self::values_storage_type::string;
        if (auto* e = last_or_new()) e->nested.add(string(value));
    }

    /// Adds `values` to the nested list of `e` (an entry add() returned, or null).
    template <class Entry>
    void add_nested(Entry* e, std::initializer_list<std::string_view> values)
    {
        using string = typename Self::values_storage_type::string;
        if (e)
            for (auto v : values) e->nested.add(string(v));
    }

    Self& self() noexcept { return static_cast<Self&>(*this); }

private:
    template <class S>
    using list_type = typename group_traits<Group, typename S::values_storage_type>::list;

    auto& entries() noexcept { return builder_access::group<Group>(self()).entries; }

    // Null when the list is full (the entry that did not fit is counted as dropped).
    auto* last_or_new()
    {
        auto& list = entries();
        if (list.size() == 0 && list.dropped == 0) list.add({});
        return list.dropped == 0 ? &list.items.back() : nullptr;
    }
};

} // namespace detail
} // namespace ecireq

#endif
