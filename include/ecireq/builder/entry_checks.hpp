// ecireq: the checks and flattening of a group's entries (Name.N.Member,
// Name.N.Nested.M), compiled once for every group rather than once per
// group and storage.
//
// What differs between groups is data: their names, members, limits and the
// canonical order of the members, which group_layout holds as constants
// worked out while compiling (groups.hpp builds it from the declaration).
// What differs between storages is only how an entry's strings are reached,
// which group_reader says with a few small functions the group's template
// supplies. The walk itself, with every check, is the one function
// emit_entries. When each group instantiated its own walk, the four groups
// of UpdateImageCache were 13 KiB of a signing TU's object code; the price
// is an indirect call per value read.
#ifndef ECIREQ_BUILDER_ENTRY_CHECKS_HPP
#define ECIREQ_BUILDER_ENTRY_CHECKS_HPP

#include <ecireq/builder/canonical_order.hpp>
#include <ecireq/error.hpp>
#include <ecireq/rpc/encoding.hpp>
#include <ecireq/rpc/param.hpp>

#include <boost/config.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace ecireq {

/// How a member of a group entry is sent.
enum class presence {
    required,      ///< must not be empty
    may_be_empty,  ///< sent even when empty (Tag.N.Value)
    omit_if_empty  ///< left out when empty (AcrRegistryInfo.N.InstanceName)
};

/// One member of a group entry: its name after "Name.N." ("" for a plain
/// list), and the setter that sets it when it is not the group's own.
struct member {
    std::string_view name;
    presence rule;
    std::string_view setter = {};
};

namespace detail {

/// What emit_entries needs to know of a group, fixed while compiling.
struct group_layout {
    std::string_view name;         ///< "Tag"
    std::size_t api_max;           ///< the API's limit on N; 0: none
    member const* members;         ///< as declared
    std::size_t member_count;
    std::size_t const* member_order; ///< member_order[k]: the index of the k-th member sent
    std::string_view nested;       ///< the list inside each entry ("Domain"); empty: none
    std::size_t nested_at;         ///< how many members sort before the nested names
    bool reject_empty_entry;       ///< an entry with nothing in it is an error
};

/// How emit_entries reads one group's entries (numbered from 0 here).
struct group_reader {
    void const* entries;
    std::size_t count;   ///< entries kept
    std::size_t dropped; ///< entries that did not fit in fixed storage
    std::string_view (*value)(void const* entries, std::size_t i, std::size_t member) noexcept;
    // These three are null when the group has no nested list.
    std::size_t (*nested_count)(void const* entries, std::size_t i) noexcept;
    std::string_view (*nested_value)(void const* entries, std::size_t i, std::size_t j) noexcept;
    std::size_t (*nested_dropped)(void const* entries, std::size_t i) noexcept;
};

/// Checks one value already named in `name` and adds it to `t`.
inline result<void> emit_entry_value(rpc::param_table& t, std::string_view name, std::string_view value,
                                     bool allow_empty) noexcept
{
    if (value.empty() && !allow_empty) return error(errc::empty_value, name);
    if (!rpc::is_valid_utf8(value)) return error(errc::invalid_utf8, name);
    return t.push(name, value);
}

/// Names and adds member `k` of entry `i` (from 1), unless it is empty and may be left out.
inline result<void> emit_member(group_layout const& g, group_reader const& r, rpc::param_table& t, std::size_t i,
                                std::size_t k) noexcept
{
    std::string_view const value = r.value(r.entries, i - 1, k);
    presence const rule = g.members[k].rule;
    if (value.empty() && rule == presence::omit_if_empty) return {};
    std::string_view name;
    if (!t.indexed_name(name, g.name, i, g.members[k].name)) return t.arena_full(g.name);
    return emit_entry_value(t, name, value, rule == presence::may_be_empty);
}

/** Validates the entries `r` reads and adds their parameters to `t`, in
    canonical order (entries by index text, "Tag.10.*" before "Tag.2.*";
    members by name): too many entries for the API, an entry with nothing in
    it, an empty required member, a value that is not UTF-8, more entries
    than fixed storage holds: each is an error naming the parameter
    ("Tag.21.Key"). */
BOOST_NOINLINE inline result<void> emit_entries(group_layout const& g, group_reader const& r,
                                                rpc::param_table& t) noexcept
{
    std::string_view name;
    if (g.api_max != 0 && r.count + r.dropped > g.api_max) {
        t.indexed_name(name, g.name, g.api_max + 1, g.members[0].name);
        return error(errc::too_many, name, static_cast<std::int64_t>(g.api_max));
    }
    bool const has_nested = r.nested_count != nullptr;
    std::size_t const n = r.count;
    for (std::size_t i = n == 0 ? 0 : 1; i != 0; i = next_in_text_order(i, n)) {
        if (g.reject_empty_entry) {
            bool empty = !has_nested || r.nested_count(r.entries, i - 1) == 0;
            for (std::size_t k = 0; k < g.member_count; ++k) empty = empty && r.value(r.entries, i - 1, k).empty();
            if (empty) {
                t.indexed_name(name, g.name, i);
                return error(errc::empty_value, name);
            }
        }
        std::size_t pos = 0;
        if (has_nested) {
            for (; pos < g.nested_at; ++pos)
                if (auto x = emit_member(g, r, t, i, g.member_order[pos]); !x) return x;
            std::size_t const m = r.nested_count(r.entries, i - 1);
            for (std::size_t j = m == 0 ? 0 : 1; j != 0; j = next_in_text_order(j, m)) {
                if (!t.indexed_name(name, g.name, i, {}, g.nested, j)) return t.arena_full(g.name);
                if (auto x = emit_entry_value(t, name, r.nested_value(r.entries, i - 1, j - 1), false); !x)
                    return x;
            }
            if (r.nested_dropped(r.entries, i - 1) != 0) {
                t.indexed_name(name, g.name, i, {}, g.nested, m + 1);
                return error(errc::capacity_exceeded, name, static_cast<std::int64_t>(m));
            }
        }
        for (; pos < g.member_count; ++pos)
            if (auto x = emit_member(g, r, t, i, g.member_order[pos]); !x) return x;
    }
    if (r.dropped != 0) {
        t.indexed_name(name, g.name, n + 1);
        return error(errc::capacity_exceeded, name, static_cast<std::int64_t>(n));
    }
    return {};
}

}} // namespace ecireq::detail

#endif
