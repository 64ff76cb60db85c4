// ecireq: the one door from a parameter's setters into the builder.
//
// Setters are mixins declared with their parameter (fields.hpp, groups.hpp)
// and inherited by the builder; this befriended trampoline lets them reach
// the builder's private data and state transitions without making those
// public. It forwards only: what happens is the builder's business.
#ifndef ECIREQ_BUILDER_ACCESS_HPP
#define ECIREQ_BUILDER_ACCESS_HPP

#include <utility>

namespace ecireq { namespace detail {

struct builder_access {
    /// Stores `v` in Field and returns the builder in the state "Field set".
    template <class Field, class Builder, class V>
    static auto set(Builder&& b, V&& v)
    {
        return std::move(b).template set_field<Field>(std::forward<V>(v));
    }

    /// Like set, storing nothing when `v` is empty.
    template <class Field, class Builder, class Optional>
    static auto set_maybe(Builder&& b, Optional const& v)
    {
        return std::move(b).template set_maybe_field<Field>(v);
    }

    /// The builder by value, in the state "Group set" when the action requires Group.
    template <class Group, class Builder>
    static auto mark(Builder&& b)
    {
        return std::move(b).template mark_group<Group>();
    }

    /// Group's entries in the builder's data.
    template <class Group, class Builder>
    static auto& group(Builder& b) noexcept
    {
        return b.template group_store<Group>();
    }
};

}} // namespace ecireq::detail

#endif
