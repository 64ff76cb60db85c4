// The request the benchmarks sign, written once so that the library and the
// baseline are fed the same values (the baseline test checks both agree on it).
#ifndef ECIREQ_BENCH_REQUEST_HPP
#define ECIREQ_BENCH_REQUEST_HPP

#include "baseline.hpp"

#include <ecireq.hpp>

#include <chrono>
#include <cstdint>
#include <ctime>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ecireq_bench {

struct tag_input {
    std::string key, value;
};

struct credential_input {
    std::string server, user_name, password;
};

struct acr_input {
    std::string instance_id, instance_name, region_id;
    std::vector<std::string> domains;
};

/// Every value of one UpdateImageCache request plus what signing needs.
/// Strings are owned here so that the fixed-storage builder (which keeps
/// string_views) can point into them for as long as the inputs live.
struct request_inputs {
    std::string access_key_id = "LTAI5tBenchKeyId0000001";
    std::string access_key_secret = "BenchSecretValue0123456789abcd";
    std::time_t timestamp = 1714566896; // 2024-05-01T12:34:56Z
    std::string nonce = "3f1b2c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d";

    std::string region_id = "cn-hangzhou";
    std::string image_cache_id = "imc-bp195erqe9o2pb09****";
    std::string security_group_id = "sg-uf66jeqopgqa9hdn****";
    std::string vswitch_id = "vsw-uf6h3rbwbm90urjwa****";
    std::string image_cache_name = "bench-cache";
    std::optional<std::string> eip_instance_id;
    std::optional<std::string> resource_group_id;
    std::optional<std::string> client_token;
    std::optional<std::int64_t> image_cache_size, retention_days;
    std::optional<bool> auto_match_image_cache, flash;
    std::optional<std::int64_t> standard_copy_count, flash_copy_count;

    std::vector<std::string> images;
    std::vector<tag_input> tags;
    std::vector<credential_input> credentials;
    std::vector<acr_input> acr_registries;

    std::chrono::system_clock::time_point time_point() const
    {
        return std::chrono::system_clock::from_time_t(timestamp);
    }
};

/// The benchmark request: every scalar parameter, 3 images, 5 tags with
/// UTF-8 values, 1 registry credential, 1 ACR registry with 2 domains.
inline request_inputs full_request()
{
    request_inputs in;
    in.eip_instance_id = "eip-bp1q5n8cq4p7f6dzu****";
    in.resource_group_id = "rg-aek2s4pbhqh3n****";
    in.client_token = "123e4567-e89b-12d3-a456-426655440000";
    in.image_cache_size = 40;
    in.retention_days = 7;
    in.auto_match_image_cache = true;
    in.flash = true;
    in.standard_copy_count = 2;
    in.flash_copy_count = 1;
    in.images = {"registry-vpc.cn-hangzhou.example.test/eci_open/nginx:1.25.3",
                 "registry-vpc.cn-hangzhou.example.test/eci_open/busybox:1.36",
                 "cache.lan/library/redis:7.2-alpine"};
    in.tags = {{"env", "生产"},
               {"team", "Équipe données"},
               {"owner", "Zoë Müller"},
               {"cost-center", "cc-42 ~ * test"},
               {"note", "キャッシュ用"}};
    in.credentials = {{"registry.example.com", "bench-user", "p@ss w0rd*~"}};
    in.acr_registries = {{"cri-abcdefghij123456",
                          "bench-acr",
                          "cn-hangzhou",
                          {"bench-acr-registry.cn-hangzhou.cr.example.test",
                           "bench-acr-registry-vpc.cn-hangzhou.cr.example.test"}}};
    return in;
}

/// The benchmark request with `n` images instead of 3 (the scaling cases).
inline request_inputs full_request_with_images(std::size_t n)
{
    request_inputs in = full_request();
    in.images.clear();
    for (std::size_t i = 1; i <= n; ++i)
        in.images.push_back("registry-vpc.cn-hangzhou.example.test/eci_open/app-" + std::to_string(i) + ":1.0." +
                            std::to_string(i));
    return in;
}

/// The library's request for `in`, with storage `Storage`. With
/// static_storage the request points into `in`, which must outlive it.
template <class Storage = ecireq::owning_storage>
auto make_request(request_inputs const& in)
{
    auto r = ecireq::basic_update_image_cache<Storage>()
                 .region_id(std::string_view(in.region_id))
                 .image_cache_id(std::string_view(in.image_cache_id))
                 .security_group_id(std::string_view(in.security_group_id))
                 .vswitch_id(std::string_view(in.vswitch_id))
                 .image_cache_name(std::string_view(in.image_cache_name))
                 .maybe_eip_instance_id(in.eip_instance_id ? std::optional<std::string_view>(*in.eip_instance_id)
                                                           : std::nullopt)
                 .maybe_resource_group_id(in.resource_group_id
                                              ? std::optional<std::string_view>(*in.resource_group_id)
                                              : std::nullopt)
                 .maybe_client_token(in.client_token ? std::optional<std::string_view>(*in.client_token)
                                                     : std::nullopt)
                 .maybe_image_cache_size(in.image_cache_size)
                 .maybe_retention_days(in.retention_days)
                 .maybe_auto_match_image_cache(in.auto_match_image_cache)
                 .maybe_flash(in.flash)
                 .maybe_standard_copy_count(in.standard_copy_count)
                 .maybe_flash_copy_count(in.flash_copy_count);
    for (auto const& image : in.images) r.image(image);
    for (auto const& t : in.tags) r.tag(t.key, t.value);
    for (auto const& c : in.credentials) r.image_registry_credential(c.server, c.user_name, c.password);
    for (auto const& a : in.acr_registries) {
        r.acr_registry_info(a.instance_id, a.instance_name, a.region_id);
        for (auto const& d : a.domains) r.acr_registry_domain(d);
    }
    return r;
}

/// The baseline's request for the same inputs, filled the way an SDK's
/// generated setters do: one map entry per parameter, names built by hand.
inline baseline::rpc_request make_baseline_request(request_inputs const& in)
{
    baseline::rpc_request r("eci." + in.region_id + ".aliyuncs.com", "UpdateImageCache", "2018-08-08");
    r.set_parameter("RegionId", in.region_id);
    r.set_parameter("ImageCacheId", in.image_cache_id);
    r.set_parameter("SecurityGroupId", in.security_group_id);
    r.set_parameter("VSwitchId", in.vswitch_id);
    r.set_parameter("ImageCacheName", in.image_cache_name);
    if (in.eip_instance_id) r.set_parameter("EipInstanceId", *in.eip_instance_id);
    if (in.resource_group_id) r.set_parameter("ResourceGroupId", *in.resource_group_id);
    if (in.client_token) r.set_parameter("ClientToken", *in.client_token);
    if (in.image_cache_size) r.set_parameter("ImageCacheSize", std::to_string(*in.image_cache_size));
    if (in.retention_days) r.set_parameter("RetentionDays", std::to_string(*in.retention_days));
    if (in.auto_match_image_cache)
        r.set_parameter("AutoMatchImageCache", *in.auto_match_image_cache ? "true" : "false");
    if (in.flash) r.set_parameter("Flash", *in.flash ? "true" : "false");
    if (in.standard_copy_count) r.set_parameter("StandardCopyCount", std::to_string(*in.standard_copy_count));
    if (in.flash_copy_count) r.set_parameter("FlashCopyCount", std::to_string(*in.flash_copy_count));
    for (std::size_t i = 0; i < in.images.size(); ++i)
        r.set_parameter("Image." + std::to_string(i + 1), in.images[i]);
    for (std::size_t i = 0; i < in.tags.size(); ++i) {
        r.set_parameter("Tag." + std::to_string(i + 1) + ".Key", in.tags[i].key);
        r.set_parameter("Tag." + std::to_string(i + 1) + ".Value", in.tags[i].value);
    }
    for (std::size_t i = 0; i < in.credentials.size(); ++i) {
        std::string p = "ImageRegistryCredential." + std::to_string(i + 1);
        r.set_parameter(p + ".Server", in.credentials[i].server);
        r.set_parameter(p + ".UserName", in.credentials[i].user_name);
        r.set_parameter(p + ".Password", in.credentials[i].password);
    }
    for (std::size_t i = 0; i < in.acr_registries.size(); ++i) {
        auto const& a = in.acr_registries[i];
        std::string p = "AcrRegistryInfo." + std::to_string(i + 1);
        if (!a.instance_id.empty()) r.set_parameter(p + ".InstanceId", a.instance_id);
        if (!a.instance_name.empty()) r.set_parameter(p + ".InstanceName", a.instance_name);
        if (!a.region_id.empty()) r.set_parameter(p + ".RegionId", a.region_id);
        for (std::size_t j = 0; j < a.domains.size(); ++j)
            r.set_parameter(p + ".Domain." + std::to_string(j + 1), a.domains[j]);
    }
    return r;
}

/// Credentials and fixed clock/nonce for `in`. The sign_options refer to
/// `clock` and `nonce` (function_ref), so this object must stay put.
struct signing_setup {
    ecireq::credentials creds;
    ecireq::fixed_clock clock;
    ecireq::fixed_nonce nonce;
    ecireq::sign_options opts;

    explicit signing_setup(request_inputs const& in)
        : creds(in.access_key_id, in.access_key_secret), clock{in.time_point()}, nonce{in.nonce}
    {
        opts.clock = clock;
        opts.nonce = nonce;
    }
    signing_setup(signing_setup const&) = delete;
    signing_setup& operator=(signing_setup const&) = delete;
};

} // namespace ecireq_bench

#endif
