// The smallest useful program: sign one UpdateImageCache request into a
// stack buffer and print it. benchmarks/embedded_cost.sh times compiling it
// with <ecireq.hpp> and, with -DECIREQ_BENCH_CORE, with <ecireq/core.hpp>
// alone. With -DECIREQ_BENCH_BUILD_ONLY the request is built and not
// signed, which splits the TU's time between the builder and signing.
#ifdef ECIREQ_BENCH_CORE
#include <ecireq/core.hpp>
#else
#include <ecireq.hpp>
#endif

#include <cstdio>

int main()
{
    const ecireq::credentials creds{"testid", "testsecret"};
    char url[2048];
    auto request = ecireq::update_image_cache_static()
                       .region_id("cn-hangzhou")
                       .image_cache_id("imc-bp195erqe9o2pb09****")
                       .security_group_id("sg-uf66jeqopgqa9hdn****")
                       .vswitch_id("vsw-uf6h3rbwbm90urjwa****")
                       .image_cache_name("testcache")
                       .image("nginx:1.25")
                       .tag("env", "prod");
#ifdef ECIREQ_BENCH_BUILD_ONLY
    (void)creds;
    (void)url;
    std::printf("%p\n", static_cast<void const*>(&request)); // keeps the request
    return 0;
#else
    auto r = request.sign_to(creds, url);
    if (!r) {
        char msg[128];
        r.error().format_to(msg, sizeof msg);
        std::fprintf(stderr, "%s\n", msg);
        return 2;
    }
    std::puts(url);
    return 0;
#endif
}
