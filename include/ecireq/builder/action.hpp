// ecireq: what follows from an action's declaration: its data, its
// validation and flattening into parameters, and its sizes.
//
// An action is declared as a Spec (see actions/eci/delete_image_cache.hpp):
//   using product = ...;                        API version, default host, RegionId, Format
//   static constexpr std::string_view action;   the API's action name
//   using fields = field_list<...>;             its scalar parameters (ECIREQ_FIELD)
//   using groups = group_list<...>;             its repeated parameters (groups.hpp)
//   using required = field_list<...>;           the fields and groups sign() needs
// Nothing else: every count and size below is derived from those lists.
#ifndef ECIREQ_BUILDER_ACTION_HPP
#define ECIREQ_BUILDER_ACTION_HPP

#include <ecireq/builder/canonical_order.hpp>
#include <ecireq/builder/fields.hpp>
#include <ecireq/builder/groups.hpp>
#include <ecireq/builder/type_state.hpp>
#include <ecireq/error.hpp>
#include <ecireq/rpc/param.hpp>
#include <ecireq/signature/rpc_v2.hpp>

#include <array>
#include <cstddef>
#include <string_view>
#include <tuple>
#include <utility>

namespace ecireq { namespace detail {

/// Longest decimal form of an integer parameter ("-9223372036854775808").
constexpr std::size_t max_integer_text = 20;

template <class Spec, class Storage, class Fields = typename Spec::fields, class Groups = typename Spec::groups>
struct action_data;

/** The values of one request of action Spec, kept in Storage. */
template <class Spec, class Storage, class... F, class... G>
struct action_data<Spec, Storage, field_list<F...>, group_list<G...>> {
    using product = typename Spec::product;

    /// One base per group (not a std::tuple, for the reason scalar_store gives).
    struct group_stores : group_store<Storage, G>... {};

    scalar_store<Storage, F...> scalars;
    group_stores groups;

    template <class Group>
    group_store<Storage, Group>& group() noexcept { return groups; }
    template <class Group>
    group_store<Storage, Group> const& group() const noexcept { return groups; }

    /// Back to a fresh request, in place (no temporary of this size on the stack).
    void clear() noexcept
    {
        scalars.clear();
        (clear_group(group<G>()), ...);
    }

    /// Parameters this request adds (an upper bound).
    std::size_t param_count() const noexcept
    {
        return scalars.count() + (std::size_t{0} + ... + group_param_count(group<G>()));
    }

    /// Arena bytes its indexed names and formatted integers take (an upper bound).
    std::size_t arena_size() const noexcept
    {
        return scalars.integer_count() * max_integer_text + (std::size_t{0} + ... + group_arena_size(group<G>()));
    }

    /// With fixed storage: the most parameters and arena bytes any request can need.
    static constexpr std::size_t max_params = sizeof...(F) + (std::size_t{0} + ... + group_max_params<G, Storage>());
    static constexpr std::size_t max_arena = scalar_store<Storage, F...>::integer_fields * max_integer_text +
                                             (std::size_t{0} + ... + group_max_arena<G, Storage>());

    /// Validates every value and adds the action's parameters to `t` in
    /// canonical order (canonical_order.hpp): the fields and groups in the
    /// order `slots` fixes while compiling, so signing need not sort them.
    /// The first invalid value in that order is the error.
    result<void> collect(rpc::param_table& t) const noexcept
    {
        return collect_slots(t, std::make_index_sequence<sizeof...(F) + sizeof...(G)>{});
    }

    /// Action, Version and Format, for the common parameters.
    rpc::action_info info() const noexcept
    {
        return {Spec::action, product::version, text_of<typename product::format_field>("JSON")};
    }

    /// The region, for the product's default host.
    std::string_view region() const noexcept { return text_of<typename product::region_field>({}); }

    /// The idempotency token (ClientToken) when the action has one and it is set; else empty.
    std::string_view idempotency_token() const noexcept
    {
        return text_of<typename product::idempotency_field>({});
    }

private:
    static_assert((dot_free(F::name) && ...), "a field name with a '.' would not sort apart from the groups");

    /// The fields, then the groups, as they sort: a field by its name, a group by "Name.".
    static constexpr std::array<order_key, sizeof...(F) + sizeof...(G)> slot_keys{
        {order_key{F::name, false}..., order_key{G::name, true}...}};
    static_assert(all_distinct(slot_keys), "two fields, or two groups, of an action share a name");
    /// slots[k]: the k-th field or group in canonical order (an index into slot_keys).
    static constexpr auto slots = sorted_positions(slot_keys);

    template <std::size_t... K>
    result<void> collect_slots(rpc::param_table& t, std::index_sequence<K...>) const noexcept
    {
        result<void> r;
        (void)((r = emit_slot<slots[K]>(t)) && ...);
        return r;
    }

    template <std::size_t Slot>
    result<void> emit_slot(rpc::param_table& t) const noexcept
    {
        if constexpr (Slot < sizeof...(F))
            return scalars.template emit<std::tuple_element_t<Slot, std::tuple<F...>>>(t);
        else
            return emit_group(group<std::tuple_element_t<Slot - sizeof...(F), std::tuple<G...>>>(), t);
    }

    template <class Group>
    static void clear_group(group_store<Storage, Group>& g) noexcept
    {
        g.entries.items.clear();
        g.entries.dropped = 0;
    }

    template <class Field>
    std::string_view text_of(std::string_view otherwise) const noexcept
    {
        if constexpr (is_listed_v<Field, field_list<F...>>) {
            auto const& v = scalars.template get<Field>();
            return v ? std::string_view(*v) : otherwise;
        } else {
            return otherwise;
        }
    }
};

/** The values of a request with bound storage, and, when they are kept in
    fixed storage, the scratch space signing gathers the parameters in: here
    rather than on the stack, which is the point of bound storage. So signing
    writes to this object: two threads must not sign the same bound request
    at once (copies of a bound builder share it too). */
template <class Spec, class Inner, bool Scratch = Inner::is_fixed>
struct bound_values {
    action_data<Spec, Inner> values;
};
template <class Spec, class Inner>
struct bound_values<Spec, Inner, true> {
    using data_type = action_data<Spec, Inner>;
    data_type values;
    rpc::param params[data_type::max_params + rpc::max_common_params];
    char arena[data_type::max_arena > 0 ? data_type::max_arena : 1]; // no zero-size array
};

}} // namespace ecireq::detail

#endif
