// The realistic no-heap request of docs/embedded.md, in one place for the
// programs that measure it (tests/stack/stack_bound.cpp on the host,
// examples/cortex-m4/ on a Cortex-M4): the five required parameters,
// ClientToken, RetentionDays, Flash, 3 images, 5 tags, a registry credential
// and an ACR registry with 2 domains: 17 setters.
#ifndef ECIREQ_EXAMPLES_EMBEDDED_REQUEST_HPP
#define ECIREQ_EXAMPLES_EMBEDDED_REQUEST_HPP

#include <ecireq/core.hpp>

#include <chrono>
#include <string_view>
#include <utility>

namespace embedded_example {

inline constexpr std::string_view images[] = {"nginx:1.25", "busybox:latest",
                                              "registry-vpc.cn-hangzhou.aliyuncs.com/eci_open/redis:7"};

/// The 17 setters on `b`, a fresh UpdateImageCache builder (bound storage, for a small stack).
template <class Builder>
auto realistic_request(Builder b)
{
    return std::move(b)
        .region_id("cn-hangzhou")
        .image_cache_id("imc-bp195erqe9o2pb09****")
        .security_group_id("sg-uf66jeqopgqa9hdn****")
        .vswitch_id("vsw-uf6h3rbwbm90urjwa****")
        .image_cache_name("testcache")
        .client_token("123e4567-e89b-12d3-a456-426655440000")
        .retention_days(7)
        .flash(true)
        .image(images[0])
        .image(images[1])
        .image(images[2])
        .tag("env", "prod")
        .tag("team", "platform")
        .tag("tier", "web")
        .tag("owner", "ops team")
        .tag("cost", "42")
        .image_registry_credential("registry-vpc.cn-hangzhou.aliyuncs.com", "user", "pass*word")
        .acr_registry_info("cri-nwj395hgf6f3****", "test****", "cn-hangzhou",
                           {"a-registry.cn-hangzhou.cr.aliyuncs.com", "b-registry.cn-hangzhou.cr.aliyuncs.com"});
}

/// Reproducible output: a fixed clock and nonce. Real traffic leaves both
/// sources empty (the system clock, and a random UUID from the backend).
struct fixed_sources {
    ecireq::fixed_clock clock{ecireq::rpc::time_point{std::chrono::seconds{1796040000}}};
    ecireq::fixed_nonce nonce{"3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf"};
    ecireq::sign_options options() const
    {
        ecireq::sign_options o;
        o.clock = clock;
        o.nonce = nonce;
        return o;
    }
};

} // namespace embedded_example

#endif
