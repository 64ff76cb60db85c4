// Shared test helpers: a fully populated request, reproducible signing
// options, and decoding a signed URL back into its parameters.
#ifndef ECIREQ_TESTS_SUPPORT_HPP
#define ECIREQ_TESTS_SUPPORT_HPP

#include <ecireq.hpp>

#include <catch2/catch.hpp>

#include <boost/url/parse_query.hpp>
#include <boost/url/url_view.hpp>

#include <chrono>
#include <map>
#include <string>
#include <string_view>
#include <vector>

// Boost's operator<< for result<T, E> needs T streamable; Catch reports
// results through this instead: the value's presence or the error message.
namespace Catch {
template <class T>
struct StringMaker<boost::system::result<T, ecireq::error>> {
    static std::string convert(boost::system::result<T, ecireq::error> const& r)
    {
        return r ? std::string("result{value}") : "result{error: " + r.error().message() + "}";
    }
};
} // namespace Catch

namespace test {

/// 2026-11-30T12:00:00Z
inline ecireq::rpc::time_point example_time()
{
    return ecireq::rpc::time_point{std::chrono::seconds{1796040000}};
}

inline constexpr std::string_view example_nonce = "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf";

/// Options with a fixed clock and nonce; the sources live as long as this object.
struct reproducible {
    ecireq::fixed_clock clock{example_time()};
    ecireq::fixed_nonce nonce{example_nonce};
    ecireq::sign_options options() const
    {
        ecireq::sign_options o;
        o.clock = clock;
        o.nonce = nonce;
        return o;
    }
};

/// Decoded parameters of a query or a form body, in order of appearance.
inline std::vector<std::pair<std::string, std::string>> decode_params(std::string_view query)
{
    std::vector<std::pair<std::string, std::string>> out;
    // A NUL-terminated copy: Boost.URL 1.81's parse_query can read past the
    // end of a view that is not (boostorg/url#757).
    std::string const text(query);
    auto ps = boost::urls::parse_query(text);
    if (!ps) return out;
    for (auto p : *ps) out.emplace_back(p.key.decode(), p.value.decode());
    return out;
}

inline std::map<std::string, std::string> param_map(std::string_view query)
{
    std::map<std::string, std::string> m;
    for (auto& kv : decode_params(query)) m.emplace(kv.first, kv.second);
    return m;
}

/// Every parameter of UpdateImageCache set, with values that exercise the encoder.
template <class Builder>
auto full(Builder b)
{
    return std::move(b)
        .region_id("cn-hangzhou")
        .image_cache_id("imc-bp195erqe9o2pb09****")
        .security_group_id("sg-uf66jeqopgqa9hdn****")
        .vswitch_id("vsw-uf6h3rbwbm90urjwa****")
        .image_cache_name("test cache+name")
        .eip_instance_id("eip-2zedsm5mfl3uhdj2d****")
        .resource_group_id("rg-aekzh43v*****")
        .client_token("123e4567-e89b-12d3-a456-426655440000")
        .image_cache_size(20)
        .retention_days(7)
        .auto_match_image_cache(true)
        .flash(false)
        .standard_copy_count(3)
        .flash_copy_count(2)
        .image("registry-vpc.cn-hangzhou.aliyuncs.com/eci_open/nginx:1.15.10-perl")
        .image("busybox:latest")
        .image("alpine@sha256:abc")
        .tag("env", "prod")
        .tag("team", "\xE9\x98\xBF\xE9\x87\x8C")
        .tag("note", "a b&c=d")
        .tag("emoji", "\xF0\x9F\x98\x80")
        .tag("empty", "")
        .image_registry_credential("registry-vpc.cn-hangzhou.aliyuncs.com", "user", "p@ss:w/rd!'()*")
        .acr_registry_info("cri-nwj395hgf6f3****", "test****", "cn-hangzhou",
                           {"test****-registry.cn-hangzhou.cr.aliyuncs.com", "test****-registry-vpc.cn-hangzhou.cr.aliyuncs.com"});
}

} // namespace test

#endif
