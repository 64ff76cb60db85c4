// ecireq: an action's parameters in words, from its declaration: API name,
// setter, whether required, and the rules checked at sign time. For help
// texts and documentation (the ecireq-sign tool, docs/api.md's tables), so
// that neither restates a rule by hand. Allocates; not part of <ecireq.hpp>.
#ifndef ECIREQ_BUILDER_DESCRIBE_HPP
#define ECIREQ_BUILDER_DESCRIBE_HPP

#include <ecireq/builder/fields.hpp>
#include <ecireq/builder/groups.hpp>
#include <ecireq/builder/type_state.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace ecireq { namespace describe {

/// One API parameter of an action, or one member of a repeated one.
struct parameter {
    std::string name;    ///< "ClientToken", "Tag.N.Key", "AcrRegistryInfo.N.Domain.M"
    std::string setter;  ///< "client_token", "tag"
    std::string kind;    ///< "String", "Integer", "Boolean"
    bool required = false;
    bool repeated = false;
    std::string rules;   ///< what sign() checks, in words
};

namespace detail {

inline void append(std::string& s, std::string_view more)
{
    if (!s.empty()) s += "; ";
    s += more;
}

template <class Field>
std::string field_rules()
{
    std::string r;
    if constexpr (::ecireq::detail::is_string_field_v<Field>) {
        append(r, "non-empty");
        append(r, Field::ascii_only ? "ASCII" : "UTF-8");
        if (Field::max_length) append(r, "at most " + std::to_string(Field::max_length) + " characters");
        if (Field::host_label) append(r, "a-z, 0-9 and - only (it names the host)");
        if (Field::value_count) {
            std::string set = "one of ";
            for (std::size_t i = 0; i < Field::value_count; ++i) {
                if (i) set += ", ";
                set += Field::values[i];
            }
            append(r, set);
        }
        if (!Field::sent) append(r, "a common parameter");
    } else if constexpr (::ecireq::detail::is_integer_field_v<Field>) {
        append(r, std::to_string(Field::minimum) + " to " + std::to_string(Field::maximum));
    } else {
        append(r, "true or false");
    }
    return r;
}

template <class Field>
char const* field_kind()
{
    if constexpr (::ecireq::detail::is_string_field_v<Field>) return "String";
    else if constexpr (::ecireq::detail::is_integer_field_v<Field>) return "Integer";
    else return "Boolean";
}

template <class Group>
void add_group(std::vector<parameter>& out, bool required)
{
    std::string const base = std::string(Group::name) + ".N";
    std::string limit;
    if (Group::api_max) limit = "N at most " + std::to_string(Group::api_max);
    if (required) append(limit, "at least one");
    for (auto const& m : Group::members) {
        parameter p;
        p.name = m.name.empty() ? base : base + "." + std::string(m.name);
        p.setter = std::string(m.setter.empty() ? Group::setter_name : m.setter);
        p.kind = "String";
        p.required = required;
        p.repeated = true;
        p.rules = limit;
        append(p.rules, m.rule == presence::required       ? "non-empty; UTF-8"
                        : m.rule == presence::may_be_empty ? "may be empty; UTF-8"
                                                           : "left out when empty; UTF-8");
        out.push_back(std::move(p));
    }
    if constexpr (!Group::nested.empty()) {
        parameter p;
        p.name = base + "." + std::string(Group::nested) + ".M";
        p.setter = std::string(Group::setter_name);
        if (!Group::nested_setter.empty()) p.setter += ", " + std::string(Group::nested_setter);
        p.kind = "String";
        p.required = false;
        p.repeated = true;
        p.rules = "non-empty; UTF-8";
        out.push_back(std::move(p));
    }
}

template <class Spec, class... F, class... G>
std::vector<parameter> parameters(::ecireq::detail::field_list<F...>, ::ecireq::detail::group_list<G...>)
{
    using required = typename Spec::required;
    std::vector<parameter> out;
    (out.push_back({std::string(F::name), std::string(F::setter_name), field_kind<F>(),
                    ::ecireq::detail::is_listed_v<F, required>, false, field_rules<F>()}),
     ...);
    (add_group<G>(out, ::ecireq::detail::is_listed_v<G, required>), ...);
    return out;
}

} // namespace detail

/// Every parameter of action Spec: the fields in declaration order, then each group's members.
template <class Spec>
std::vector<parameter> parameters()
{
    return detail::parameters<Spec>(typename Spec::fields{}, typename Spec::groups{});
}

}} // namespace ecireq::describe

#endif
