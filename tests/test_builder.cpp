// The UpdateImageCache builder: the documented example byte for byte, every
// parameter round-tripping through the URL, POST, endpoints, and the output forms.
#include <ecireq/actions/eci/update_image_cache.hpp>

#include "support.hpp"

#include <catch2/catch.hpp>

#include <boost/url/parse.hpp>
#include <boost/url/static_url.hpp>

#include <set>
#include <sstream>
#include <string>

namespace {

ecireq::credentials const creds{"testid", "testsecret"};

auto example()
{
    return ecireq::update_image_cache()
        .region_id("cn-hangzhou")
        .image_cache_id("imc-bp195erqe9o2pb09****")
        .security_group_id("sg-uf66jeqopgqa9hdn****")
        .vswitch_id("vsw-uf6h3rbwbm90urjwa****")
        .image_cache_name("testcache")
        .image("nginx:1.25")
        .tag("env", "prod");
}

// The canonical query of example() at 2026-11-30T12:00:00Z with the fixed nonce;
// the signature was computed by the official Node signers (tests/interop/sign.js).
constexpr std::string_view example_url =
    "https://eci.cn-hangzhou.aliyuncs.com/?AccessKeyId=testid&Action=UpdateImageCache&Format=JSON"
    "&Image.1=nginx%3A1.25&ImageCacheId=imc-bp195erqe9o2pb09%2A%2A%2A%2A&ImageCacheName=testcache"
    "&RegionId=cn-hangzhou&SecurityGroupId=sg-uf66jeqopgqa9hdn%2A%2A%2A%2A&SignatureMethod=HMAC-SHA1"
    "&SignatureNonce=3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf&SignatureVersion=1.0&Tag.1.Key=env&Tag.1.Value=prod"
    "&Timestamp=2026-11-30T12%3A00%3A00Z&VSwitchId=vsw-uf6h3rbwbm90urjwa%2A%2A%2A%2A&Version=2018-08-08"
    "&Signature=u7JsVFjbVcCsSoQZUn7%2FbADtChU%3D";

} // namespace

TEST_CASE("the documented example signs to the expected URL byte for byte", "[builder]")
{
    test::reproducible r;
    auto url = example().sign(creds, r.options());
    REQUIRE(url);
    CHECK(url->buffer() == example_url);
    CHECK(url->scheme() == "https");
    CHECK(url->host() == "eci.cn-hangzhou.aliyuncs.com");
    CHECK(url->path() == "/");
}

TEST_CASE("the query is the canonical query with Signature appended last", "[builder]")
{
    test::reproducible r;
    auto url = test::full(ecireq::update_image_cache()).sign(creds, r.options());
    REQUIRE(url);
    std::string_view q = url->encoded_query();
    auto pos = q.rfind("&Signature=");
    REQUIRE(pos != std::string_view::npos);
    std::vector<ecireq::rpc::param> params;
    auto decoded = test::decode_params(q.substr(0, pos));
    for (auto& kv : decoded) params.push_back({kv.first, kv.second});
    auto canonical = ecireq::rpc::canonical_query(params);
    REQUIRE(canonical);
    CHECK(*canonical == q.substr(0, pos));
    auto sig = ecireq::rpc::sign_canonical_query(creds, ecireq::http_method::get, *canonical);
    REQUIRE(sig);
    CHECK(test::param_map(q)["Signature"] == sig->view());
}

TEST_CASE("every parameter round-trips through the signed URL", "[builder]")
{
    test::reproducible r;
    auto url = test::full(ecireq::update_image_cache()).sign(creds, r.options());
    REQUIRE(url);
    auto m = test::param_map(url->encoded_query());
    std::map<std::string, std::string> expected = {
        {"AccessKeyId", "testid"},
        {"Action", "UpdateImageCache"},
        {"Version", "2018-08-08"},
        {"Format", "JSON"},
        {"SignatureMethod", "HMAC-SHA1"},
        {"SignatureVersion", "1.0"},
        {"SignatureNonce", std::string(test::example_nonce)},
        {"Timestamp", "2026-11-30T12:00:00Z"},
        {"RegionId", "cn-hangzhou"},
        {"ImageCacheId", "imc-bp195erqe9o2pb09****"},
        {"SecurityGroupId", "sg-uf66jeqopgqa9hdn****"},
        {"VSwitchId", "vsw-uf6h3rbwbm90urjwa****"},
        {"ImageCacheName", "test cache+name"},
        {"EipInstanceId", "eip-2zedsm5mfl3uhdj2d****"},
        {"ResourceGroupId", "rg-aekzh43v*****"},
        {"ClientToken", "123e4567-e89b-12d3-a456-426655440000"},
        {"ImageCacheSize", "20"},
        {"RetentionDays", "7"},
        {"AutoMatchImageCache", "true"},
        {"Flash", "false"},
        {"StandardCopyCount", "3"},
        {"FlashCopyCount", "2"},
        {"Image.1", "registry-vpc.cn-hangzhou.aliyuncs.com/eci_open/nginx:1.15.10-perl"},
        {"Image.2", "busybox:latest"},
        {"Image.3", "alpine@sha256:abc"},
        {"Tag.1.Key", "env"},
        {"Tag.1.Value", "prod"},
        {"Tag.2.Key", "team"},
        {"Tag.2.Value", "\xE9\x98\xBF\xE9\x87\x8C"},
        {"Tag.3.Key", "note"},
        {"Tag.3.Value", "a b&c=d"},
        {"Tag.4.Key", "emoji"},
        {"Tag.4.Value", "\xF0\x9F\x98\x80"},
        {"Tag.5.Key", "empty"},
        {"Tag.5.Value", ""},
        {"ImageRegistryCredential.1.Server", "registry-vpc.cn-hangzhou.aliyuncs.com"},
        {"ImageRegistryCredential.1.UserName", "user"},
        {"ImageRegistryCredential.1.Password", "p@ss:w/rd!'()*"},
        {"AcrRegistryInfo.1.InstanceId", "cri-nwj395hgf6f3****"},
        {"AcrRegistryInfo.1.InstanceName", "test****"},
        {"AcrRegistryInfo.1.RegionId", "cn-hangzhou"},
        {"AcrRegistryInfo.1.Domain.1", "test****-registry.cn-hangzhou.cr.aliyuncs.com"},
        {"AcrRegistryInfo.1.Domain.2", "test****-registry-vpc.cn-hangzhou.cr.aliyuncs.com"},
    };
    auto sig = m.find("Signature");
    REQUIRE(sig != m.end());
    m.erase(sig);
    CHECK(m == expected);
}

TEST_CASE("the encoded query never leaves + : / ' ( ) ! * unencoded", "[builder]")
{
    test::reproducible r;
    auto url = test::full(ecireq::update_image_cache()).sign(creds, r.options());
    REQUIRE(url);
    for (char c : url->encoded_query()) {
        INFO("character " << c);
        CHECK(std::string_view("+:/'()!* ").find(c) == std::string_view::npos);
    }
}

TEST_CASE("indexed parameters sort in byte order: Image.1 < Image.10 < Image.2", "[builder]")
{
    test::reproducible r;
    auto b = ecireq::update_image_cache().region_id("cn-hangzhou").image_cache_id("i").security_group_id("s")
                 .vswitch_id("v").image_cache_name("n");
    for (int i = 1; i <= 12; ++i) b.image("img" + std::to_string(i));
    auto url = b.sign(creds, r.options());
    REQUIRE(url);
    std::vector<std::string> names;
    for (auto& kv : test::decode_params(url->encoded_query()))
        if (kv.first.rfind("Image.", 0) == 0) names.push_back(kv.first);
    CHECK(names == std::vector<std::string>{"Image.1", "Image.10", "Image.11", "Image.12", "Image.2", "Image.3",
                                            "Image.4", "Image.5", "Image.6", "Image.7", "Image.8", "Image.9"});
    CHECK(test::param_map(url->encoded_query())["Image.10"] == "img10");
}

TEST_CASE("nested ACR domains are numbered per registry", "[builder]")
{
    test::reproducible r;
    auto url = ecireq::update_image_cache().region_id("cn-hangzhou").image_cache_id("i").security_group_id("s")
                   .vswitch_id("v").image_cache_name("n")
                   .acr_registry_info("cri-1", "", "", {"a.example", "b.example"})
                   .acr_registry_domain("c.example")
                   .acr_registry_info("cri-2")
                   .acr_registry_domain("d.example")
                   .sign(creds, r.options());
    REQUIRE(url);
    auto m = test::param_map(url->encoded_query());
    CHECK(m["AcrRegistryInfo.1.InstanceId"] == "cri-1");
    CHECK(m.count("AcrRegistryInfo.1.InstanceName") == 0);
    CHECK(m["AcrRegistryInfo.1.Domain.1"] == "a.example");
    CHECK(m["AcrRegistryInfo.1.Domain.2"] == "b.example");
    CHECK(m["AcrRegistryInfo.1.Domain.3"] == "c.example");
    CHECK(m["AcrRegistryInfo.2.InstanceId"] == "cri-2");
    CHECK(m["AcrRegistryInfo.2.Domain.1"] == "d.example");
}

TEST_CASE("Format can be XML, and an STS token adds SecurityToken", "[builder]")
{
    test::reproducible r;
    ecireq::credentials sts{"STS.id", "secret", "token/with+chars="};
    auto url = example().format("XML").sign(sts, r.options());
    REQUIRE(url);
    auto m = test::param_map(url->encoded_query());
    CHECK(m["Format"] == "XML");
    CHECK(m["SecurityToken"] == "token/with+chars=");
    CHECK(m["AccessKeyId"] == "STS.id");
}

TEST_CASE("maybe_ setters set a value or leave it unset", "[builder]")
{
    test::reproducible r;
    std::optional<std::string_view> none;
    auto url = example().maybe_client_token(none).maybe_image_cache_size(42).maybe_flash(std::nullopt)
                   .sign(creds, r.options());
    REQUIRE(url);
    auto m = test::param_map(url->encoded_query());
    CHECK(m.count("ClientToken") == 0);
    CHECK(m.count("Flash") == 0);
    CHECK(m["ImageCacheSize"] == "42");
}

TEST_CASE("repeated setters on an lvalue builder add in place", "[builder]")
{
    test::reproducible r;
    auto b = example();
    b.image("second").tag("k2", "v2");
    auto url = b.sign(creds, r.options());
    REQUIRE(url);
    auto m = test::param_map(url->encoded_query());
    CHECK(m["Image.2"] == "second");
    CHECK(m["Tag.2.Key"] == "k2");
}

TEST_CASE("the endpoint host and scheme can be overridden", "[builder][endpoint]")
{
    test::reproducible r;
    auto o = r.options();
    o.endpoint = "eci-vpc.cn-hangzhou.aliyuncs.com";
    auto vpc = example().sign(creds, o);
    REQUIRE(vpc);
    CHECK(vpc->host() == "eci-vpc.cn-hangzhou.aliyuncs.com");
    o.endpoint = "127.0.0.1:8080";
    o.scheme = "http";
    auto local = example().sign(creds, o);
    REQUIRE(local);
    CHECK(local->scheme() == "http");
    CHECK(local->port() == "8080");
    CHECK(local->encoded_query() == std::string_view(example_url).substr(example_url.find('?') + 1));
}

TEST_CASE("an endpoint that is not host[:port], or a scheme other than http(s), is rejected", "[builder][endpoint]")
{
    test::reproducible r;
    for (std::string_view bad : {"user@evil.example", "host/path", "host?q", "host#f", "a b"}) {
        auto o = r.options();
        o.endpoint = bad;
        auto url = example().sign(creds, o);
        INFO(bad);
        REQUIRE_FALSE(url);
        CHECK(url.error() == ecireq::errc::invalid_endpoint);
        CHECK(url.error().parameter() == "endpoint");
    }
    auto o = r.options();
    o.scheme = "ftp";
    auto url = example().sign(creds, o);
    REQUIRE_FALSE(url);
    CHECK(url.error() == ecireq::errc::invalid_value);
    CHECK(url.error().parameter() == "scheme");
}

TEST_CASE("POST puts the same signed parameters in the body, signed with POST", "[builder][post]")
{
    test::reproducible r;
    auto get = example().sign(creds, r.options());
    auto post = example().sign_post(creds, r.options());
    REQUIRE(get);
    REQUIRE(post);
    CHECK(post->url.buffer() == "https://eci.cn-hangzhou.aliyuncs.com/");
    CHECK_FALSE(post->url.has_query());
    std::string_view q = get->encoded_query();
    std::string_view unsigned_part = q.substr(0, q.rfind("&Signature="));
    CHECK(post->body.substr(0, post->body.rfind("&Signature=")) == unsigned_part);
    auto sig = ecireq::rpc::sign_canonical_query(creds, ecireq::http_method::post, unsigned_part);
    REQUIRE(sig);
    CHECK(test::param_map(post->body)["Signature"] == sig->view());
    CHECK(test::param_map(post->body)["Signature"] != test::param_map(q)["Signature"]);
}

TEST_CASE("sign_to writes the same URL into a caller buffer, NUL-terminated", "[builder][buffer]")
{
    test::reproducible r;
    char buf[2048];
    auto v = example().sign_to(creds, buf, r.options());
    REQUIRE(v);
    CHECK(*v == example_url);
    CHECK(v->data() == buf);
    auto parsed = boost::urls::parse_uri(*v);
    REQUIRE(parsed);
    CHECK(parsed->host() == "eci.cn-hangzhou.aliyuncs.com");
    CHECK(buf[example_url.size()] == '\0');
}

TEST_CASE("a buffer one byte too small gives buffer_too_small and no URL", "[builder][buffer]")
{
    test::reproducible r;
    std::vector<char> buf(example_url.size()); // no room for the NUL
    auto v = example().sign_to(creds, buf.data(), buf.size(), r.options());
    REQUIRE_FALSE(v);
    CHECK(v.error() == ecireq::errc::buffer_too_small);
    CHECK(v.error().limit() >= static_cast<std::int64_t>(example_url.size() + 1));
    CHECK(buf[0] == '\0');
    for (std::size_t n : {0, 1, 10, 40, 200, 400}) {
        std::vector<char> small(n + 1, 'x');
        auto s = example().sign_to(creds, small.data(), n, r.options());
        REQUIRE_FALSE(s);
        CHECK(s.error() == ecireq::errc::buffer_too_small);
    }
    buf.resize(example_url.size() + 1);
    CHECK(example().sign_to(creds, buf.data(), buf.size(), r.options()));
}

TEST_CASE("sign_to fills a static_url without changing the URL", "[builder][buffer]")
{
    test::reproducible r;
    boost::urls::static_url<1024> u;
    REQUIRE(example().sign_to(creds, u, r.options()));
    CHECK(u.buffer() == example_url);
    boost::urls::static_url<64> tiny;
    auto small = example().sign_to(creds, tiny, r.options());
    REQUIRE_FALSE(small);
    CHECK(small.error() == ecireq::errc::buffer_too_small);
}

TEST_CASE("sign_post_to writes the URL and body into caller buffers", "[builder][buffer][post]")
{
    test::reproducible r;
    char url[128], body[2048];
    auto v = example().sign_post_to(creds, url, sizeof url, body, sizeof body, r.options());
    REQUIRE(v);
    auto owning = example().sign_post(creds, r.options());
    REQUIRE(owning);
    CHECK(v->url == owning->url.buffer());
    CHECK(v->body == owning->body);
}

TEST_CASE("static storage signs exactly what owning storage signs", "[builder][static]")
{
    test::reproducible r;
    auto owning = test::full(ecireq::update_image_cache()).sign(creds, r.options());
    auto fixed = test::full(ecireq::update_image_cache_static()).sign(creds, r.options());
    REQUIRE(owning);
    REQUIRE(fixed);
    CHECK(owning->buffer() == fixed->buffer());
}

TEST_CASE("static storage reports entries beyond its capacity instead of dropping them", "[builder][static]")
{
    test::reproducible r;
    auto b = ecireq::update_image_cache_static<2, 1>().region_id("cn-hangzhou").image_cache_id("i")
                 .security_group_id("s").vswitch_id("v").image_cache_name("n");
    b.image("a").image("b").image("c");
    auto url = b.sign(creds, r.options());
    REQUIRE_FALSE(url);
    CHECK(url.error() == ecireq::errc::capacity_exceeded);
    CHECK(url.error().parameter() == "Image.3");
    CHECK(url.error().limit() == 2);

    auto d = ecireq::update_image_cache_static<2, 1>().region_id("cn-hangzhou").image_cache_id("i")
                 .security_group_id("s").vswitch_id("v").image_cache_name("n")
                 .acr_registry_info("cri", "", "", {"one", "two"});
    auto url2 = d.sign(creds, r.options());
    REQUIRE_FALSE(url2);
    CHECK(url2.error() == ecireq::errc::capacity_exceeded);
    CHECK(url2.error().parameter() == "AcrRegistryInfo.1.Domain.2");
}

TEST_CASE("two signatures with the default sources use different nonces", "[builder][nonce]")
{
    auto a = example().sign(creds);
    auto b = example().sign(creds);
    REQUIRE(a);
    REQUIRE(b);
    auto na = test::param_map(a->encoded_query())["SignatureNonce"];
    auto nb = test::param_map(b->encoded_query())["SignatureNonce"];
    CHECK(na.size() == 36);
    CHECK(na != nb);
}

TEST_CASE("is_complete tells at compile time whether sign() is available", "[builder][type-state]")
{
    auto partial = ecireq::update_image_cache().region_id("cn-hangzhou").image_cache_id("i");
    STATIC_REQUIRE_FALSE(decltype(partial)::is_complete);
    STATIC_REQUIRE(decltype(example())::is_complete);
    // Repeated setters do not change the state; scalar setters do.
    STATIC_REQUIRE(std::is_same<decltype(example()), decltype(example().image("x"))>::value);
    STATIC_REQUIRE_FALSE(std::is_same<decltype(example()), decltype(example().flash(true))>::value);
}
