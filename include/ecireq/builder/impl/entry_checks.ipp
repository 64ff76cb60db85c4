// ecireq: the definition of builder/entry_checks.hpp's walk. Included by
// that header when ecireq is header-only, and compiled once, in the TU of
// <ecireq/src.hpp>, under ECIREQ_SEPARATE_COMPILATION (config.hpp).
#ifndef ECIREQ_BUILDER_IMPL_ENTRY_CHECKS_IPP
#define ECIREQ_BUILDER_IMPL_ENTRY_CHECKS_IPP

#include <ecireq/builder/entry_checks.hpp>

namespace ecireq { namespace detail {

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

// Declared and described in entry_checks.hpp.
BOOST_NOINLINE ECIREQ_DECL result<void> emit_entries(group_layout const& g, group_reader const& r,
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
