// Lists the compile-fail cases that follow from the actions' declarations,
// one per line:  <case name>|<expected first error text>|<request expression>
// For every action: each required parameter left out, a scalar set twice,
// maybe_ on a required parameter, and a control case that must compile
// (expected text empty). run_generated.sh compiles each expression.
#include <ecireq.hpp>

#include <cctype>
#include <iostream>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>

namespace {

using actions = std::tuple<ecireq::create_image_cache_spec, ecireq::describe_image_caches_spec,
                           ecireq::update_image_cache_spec, ecireq::delete_image_cache_spec>;

/// "UpdateImageCache" -> "update_image_cache": the name of the action's factory function.
std::string snake_case(std::string_view s)
{
    std::string r;
    for (char c : s) {
        if (std::isupper(static_cast<unsigned char>(c)) && !r.empty()) r += '_';
        r += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return r;
}

template <class Param, class = void>
struct is_group : std::false_type {};
template <class Param>
struct is_group<Param, std::void_t<decltype(Param::members)>> : std::true_type {};

/// A call of Param's setter with placeholder arguments of the right kind.
template <class Param>
std::string call(std::string_view setter_prefix = "")
{
    std::string args;
    if constexpr (is_group<Param>::value) {
        for (std::size_t i = 0; i < Param::members.size(); ++i) args += i ? ", \"v\"" : "\"v\"";
    } else if constexpr (ecireq::detail::is_string_field_v<Param>) {
        args = "\"v\"";
    } else if constexpr (ecireq::detail::is_integer_field_v<Param>) {
        args = "1";
    } else {
        args = "true";
    }
    return "." + std::string(setter_prefix) + std::string(Param::setter_name) + "(" + args + ")";
}

template <class... Required>
std::string calls_except(std::string_view skip, ecireq::detail::field_list<Required...>)
{
    std::string r;
    ((r += Required::name == skip ? std::string() : call<Required>()), ...);
    return r;
}

template <class P>
void missing_case(std::string const& action, std::string const& start, std::string const& rest)
{
    std::string expected = is_group<P>::value
        ? "required parameter " + std::string(P::name) + ".N is not set: call ." + std::string(P::setter_name) +
              "(...) at least once before sign()"
        : "required parameter " + std::string(P::name) + " is not set: call ." + std::string(P::setter_name) +
              "(...) before sign()";
    std::cout << action << ".missing_" << P::name << '|' << expected << '|' << start << rest << '\n';
}

template <class Spec, class... R>
void missing_cases(std::string const& action, std::string const& start, ecireq::detail::field_list<R...> required)
{
    (missing_case<R>(action, start, calls_except(R::name, required)), ...);
}

// The first required scalar, set twice; and offered through maybe_.
template <class Spec, class First, class... Rest>
void twice_cases(std::string const& action, std::string const& start, std::string const& complete,
                 ecireq::detail::field_list<First, Rest...> required)
{
    std::cout << action << ".set_twice_" << First::name << "|parameter " << First::name << " is already set: ."
              << First::setter_name << "(...) may be called only once|" << complete << call<First>() << '\n';
    std::cout << action << ".maybe_required_" << First::name << "|parameter " << First::name
              << " is required by this action: call ." << First::setter_name << "(...), not .maybe_"
              << First::setter_name << "(...)|" << start << calls_except(First::name, required) << ".maybe_"
              << First::setter_name << "(std::nullopt)" << '\n';
}

template <class Spec>
void list()
{
    using required = typename Spec::required;
    std::string const action(Spec::action);
    std::string const start = "ecireq::" + snake_case(Spec::action) + "()";
    std::string const complete = start + calls_except({}, required{});
    std::cout << action << ".control_complete_request_compiles||" << complete << '\n';
    missing_cases<Spec>(action, start, required{});
    twice_cases<Spec>(action, start, complete, required{});
}

} // namespace

int main()
{
    std::apply([](auto... spec) { (list<decltype(spec)>(), ...); }, actions{});
}
