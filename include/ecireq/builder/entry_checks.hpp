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
#include <ecireq/config.hpp>
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

/** Validates the entries `r` reads and adds their parameters to `t`, in
    canonical order (entries by index text, "Tag.10.*" before "Tag.2.*";
    members by name): too many entries for the API, an entry with nothing in
    it, an empty required member, a value that is not UTF-8, more entries
    than fixed storage holds: each is an error naming the parameter
    ("Tag.21.Key"). */
result<void> emit_entries(group_layout const& g, group_reader const& r,
                          rpc::param_table& t) noexcept;

}} // namespace ecireq::detail

#if ECIREQ_COMPILE_IMPL
#  include <ecireq/builder/impl/entry_checks.ipp>
#endif

#endif
