// The no-heap core alone: <ecireq/core.hpp>, linked without Boost.URL's
// library (CMake target ecireq::core). A bound request, signed with V2 into
// one buffer and with V3 into two; nothing allocated after the credentials.
#include <ecireq/core.hpp>

#include <chrono>
#include <cstdio>

int main()
{
    const ecireq::credentials creds{"testid", "testsecret"};
    // Reproducible output for the example; real traffic leaves both sources empty.
    ecireq::fixed_clock clock{ecireq::rpc::time_point{std::chrono::seconds{1796040000}}};
    ecireq::fixed_nonce nonce{"3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf"};
    ecireq::sign_options opts;
    opts.clock = clock;
    opts.nonce = nonce;

    static ecireq::request_values<ecireq::update_image_cache_spec> values;
    auto request = ecireq::build_in(values)
                       .region_id("cn-hangzhou")
                       .image_cache_id("imc-bp195erqe9o2pb09****")
                       .security_group_id("sg-uf66jeqopgqa9hdn****")
                       .vswitch_id("vsw-uf6h3rbwbm90urjwa****")
                       .image_cache_name("testcache")
                       .image("nginx:1.25")
                       .tag("env", "prod");

    static char url[2048], headers[1024];
    auto v2 = request.sign_to(creds, url, sizeof url, opts);
    if (!v2) {
        char message[160];
        v2.error().format_to(message, sizeof message);
        std::fprintf(stderr, "%s\n", message);
        return 1;
    }
    std::printf("V2 GET %s\n", url);
    auto v3 = request.sign_v3_to(creds, url, sizeof url, headers, sizeof headers, opts);
    if (!v3) return 1;
    std::printf("V3 POST %s\n%s", url, headers);
    return 0;
}
