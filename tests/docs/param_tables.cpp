// Prints docs/api.md's parameter tables from the actions' declarations
// (ecireq/builder/describe.hpp): one Markdown table per action, between the
// markers check_param_tables.py looks for. The docs are checked against
// this output, so a table cannot drift from the code.
#include <ecireq.hpp>
#include <ecireq/builder/describe.hpp>

#include <iostream>
#include <string>
#include <string_view>
#include <tuple>

namespace {

template <class Spec>
void table()
{
    std::cout << "<!-- BEGIN parameters " << Spec::action << " -->\n";
    std::cout << "| API parameter | setter | type | required | checked at sign time |\n";
    std::cout << "|---|---|---|---|---|\n";
    for (auto const& p : ecireq::describe::parameters<Spec>())
        std::cout << "| `" << p.name << "` | `" << p.setter << "` | " << p.kind << " | "
                  << (p.required ? "yes" : "") << " | " << p.rules << " |\n";
    std::cout << "<!-- END parameters " << Spec::action << " -->\n";
}

} // namespace

int main()
{
    std::apply([](auto... spec) { (table<decltype(spec)>(), ...); },
               std::tuple<ecireq::create_image_cache_spec, ecireq::describe_image_caches_spec,
                          ecireq::update_image_cache_spec, ecireq::delete_image_cache_spec>{});
}
