// Signature V3 (ACS3-HMAC-SHA256): the published vectors
// (tests/data/acs3-hmac-sha256.json, turned into C++ at build time), and the
// builders' sign_v3 / sign_v3_to.
#include <ecireq.hpp>
#include <ecireq/crypto/mbedtls.hpp>
#include <ecireq/crypto/openssl.hpp>

#include "support.hpp"

#include <map>
#include <string>
#include <vector>

namespace {

struct acs3_vector {
    std::string name, method, access_key_id, secret;
    std::map<std::string, std::string> headers;
    std::vector<ecireq::rpc::param> query;
    std::string body, canonical_request, hashed_canonical_request, signed_headers, signature, authorization;
};

std::vector<acs3_vector> const vectors =
#include "acs3_vectors.inc"
    ;

std::string header(acs3_vector const& v, std::string const& name)
{
    auto it = v.headers.find(name);
    return it == v.headers.end() ? std::string() : it->second;
}

ecireq::acs3::request_parts parts_of(acs3_vector const& v)
{
    ecireq::acs3::request_parts p;
    p.method = v.method == "GET" ? ecireq::http_method::get : ecireq::http_method::post;
    p.host = v.headers.at("host");
    p.action = v.headers.at("x-acs-action");
    p.version = v.headers.at("x-acs-version");
    p.date = v.headers.at("x-acs-date");
    p.nonce = v.headers.at("x-acs-signature-nonce");
    p.payload_hash = v.headers.at("x-acs-content-sha256");
    p.access_key_id = v.access_key_id;
    auto token = v.headers.find("x-acs-security-token");
    if (token != v.headers.end()) p.security_token = token->second;
    return p;
}

template <class Backend>
void check_vector(acs3_vector const& v)
{
    ecireq::basic_credentials<Backend> creds{v.access_key_id, v.secret, header(v, "x-acs-security-token")};
    auto hash = ecireq::acs3::payload_hash<Backend>(v.body);
    REQUIRE(hash);
    CHECK(hash->view() == header(v, "x-acs-content-sha256"));

    auto query = ecireq::rpc::canonical_query(v.query);
    REQUIRE(query);
    auto parts = parts_of(v);
    CHECK(ecireq::acs3::canonical_request_text(parts, *query) == v.canonical_request);
    auto sig = ecireq::acs3::sign(creds, parts, *query);
    REQUIRE(sig);
    CHECK(sig->view() == v.signature);
    CHECK(ecireq::acs3::authorization_text(parts, *sig) == v.authorization);

    std::string signed_headers;
    ecireq::acs3::header_list(parts).signed_headers([&](std::string_view s) { signed_headers += s; });
    CHECK(signed_headers == v.signed_headers);
}

} // namespace

TEST_CASE("every published ACS3-HMAC-SHA256 vector is reproduced exactly, with both backends", "[v3][vectors]")
{
    REQUIRE(vectors.size() == 4);
    for (auto const& v : vectors) {
        SECTION(v.name + " (OpenSSL)") { check_vector<ecireq::crypto::openssl>(v); }
        SECTION(v.name + " (Mbed TLS)") { check_vector<ecireq::crypto::mbedtls>(v); }
    }
}

TEST_CASE("the STS vector through the DescribeImageCaches builder, owning and no-heap", "[v3][vectors]")
{
    acs3_vector const& v = vectors.at(3);
    REQUIRE(v.headers.at("x-acs-action") == "DescribeImageCaches");
    ecireq::credentials creds{v.access_key_id, v.secret, header(v, "x-acs-security-token")};
    ecireq::fixed_clock clock{*ecireq::rpc::parse_timestamp(v.headers.at("x-acs-date"))};
    ecireq::fixed_nonce nonce{v.headers.at("x-acs-signature-nonce")};
    ecireq::sign_options opts;
    opts.clock = clock;
    opts.nonce = nonce;

    auto request = ecireq::describe_image_caches().region_id("cn-hangzhou");
    for (int i = 1; i <= 11; ++i) request.match_image("img" + std::to_string(i));
    auto signed_ = request.sign_v3(creds, opts);
    REQUIRE(signed_);
    CHECK(signed_->method == ecireq::http_method::post);
    CHECK(signed_->url.host() == "eci.cn-hangzhou.aliyuncs.com");
    REQUIRE_FALSE(signed_->headers.empty());
    CHECK(signed_->headers.back().name == "authorization");
    CHECK(signed_->headers.back().value == v.authorization);
    std::map<std::string, std::string> sent;
    for (auto const& h : signed_->headers) sent[h.name] = h.value;
    for (auto const& h : v.headers) CHECK(sent[h.first] == ecireq::acs3::trim(h.second));

    char url[1024], headers[1024];
    auto view = request.sign_v3_to(creds, url, sizeof url, headers, sizeof headers, opts);
    REQUIRE(view);
    CHECK(view->url == signed_->url.buffer());
    CHECK(view->headers.find("authorization: " + v.authorization + "\r\n") != std::string_view::npos);
}

TEST_CASE("sign_v3 puts every parameter in the query and none of V2's", "[v3]")
{
    test::reproducible r;
    const ecireq::credentials creds{"testid", "testsecret"};
    auto s = test::full(ecireq::update_image_cache()).sign_v3(creds, r.options(), ecireq::http_method::get);
    REQUIRE(s);
    CHECK(s->method == ecireq::http_method::get);
    auto m = test::param_map(s->url.encoded_query());
    CHECK(m["ImageCacheName"] == "test cache+name");
    CHECK(m["Tag.2.Value"] == "\xE9\x98\xBF\xE9\x87\x8C");
    CHECK(m.count("Signature") == 0);
    CHECK(m.count("Action") == 0);
    CHECK(m.count("Timestamp") == 0);
    std::map<std::string, std::string> h;
    for (auto const& x : s->headers) h[x.name] = x.value;
    CHECK(h["x-acs-action"] == "UpdateImageCache");
    CHECK(h["x-acs-version"] == "2018-08-08");
    CHECK(h["x-acs-date"] == "2026-11-30T12:00:00Z");
    CHECK(h["x-acs-signature-nonce"] == test::example_nonce);
    CHECK(h.count("x-acs-security-token") == 0);
    CHECK(h["authorization"].rfind("ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=host;x-acs-action;", 0) == 0);
}

TEST_CASE("sign_v3_to never truncates: too small is an error with a size that suffices", "[v3][buffer]")
{
    test::reproducible r;
    const ecireq::credentials creds{"testid", "testsecret"};
    auto request = test::full(ecireq::update_image_cache());
    std::string url(4096, 'x'), headers(4096, 'x');
    auto full = request.sign_v3_to(creds, &url[0], url.size(), &headers[0], headers.size(), r.options());
    REQUIRE(full);
    std::size_t url_need = full->url.size() + 1, headers_need = full->headers.size() + 1;

    std::string small(url_need - 1, 'x');
    auto e = request.sign_v3_to(creds, &small[0], small.size(), &headers[0], headers.size(), r.options());
    REQUIRE_FALSE(e);
    CHECK(e.error() == ecireq::errc::buffer_too_small);
    CHECK(e.error().parameter() == "output");
    CHECK(e.error().limit() == static_cast<std::int64_t>(url_need));
    CHECK(small[0] == '\0');
    CHECK(headers[0] == '\0');

    std::string few(headers_need - 1, 'x');
    auto h = request.sign_v3_to(creds, &url[0], url.size(), &few[0], few.size(), r.options());
    REQUIRE_FALSE(h);
    CHECK(h.error().parameter() == "headers");
    CHECK(h.error().limit() == static_cast<std::int64_t>(headers_need));
    CHECK(url[0] == '\0');
    CHECK(few[0] == '\0');

    std::string exact_url(url_need, 'x'), exact_headers(headers_need, 'x');
    CHECK(request.sign_v3_to(creds, &exact_url[0], exact_url.size(), &exact_headers[0], exact_headers.size(),
                             r.options()));
}

TEST_CASE("a value that would break a header line is refused, never sent", "[v3][validation]")
{
    test::reproducible r;
    const ecireq::credentials creds{"testid", "testsecret", "token\r\nx-evil: 1"};
    auto s = ecireq::delete_image_cache().region_id("cn-hangzhou").image_cache_id("i").sign_v3(creds, r.options());
    REQUIRE_FALSE(s);
    CHECK(s.error() == ecireq::errc::invalid_value);
    CHECK(s.error().message() == "SecurityToken: is not one of the accepted values");
}

TEST_CASE("V3 keeps V2's validation and the endpoint option", "[v3][validation]")
{
    test::reproducible r;
    const ecireq::credentials creds{"testid", "testsecret"};
    auto bad = ecireq::update_image_cache().region_id("cn-hangzhou").image_cache_id("i").security_group_id("s")
                   .vswitch_id("v").image_cache_name("n").client_token(std::string(65, 'a'));
    auto e = bad.sign_v3(creds, r.options());
    REQUIRE_FALSE(e);
    CHECK(e.error().message() == "ClientToken: is too long (limit: 64)");

    auto o = r.options();
    o.endpoint = "127.0.0.1:8080";
    o.scheme = "http";
    auto s = ecireq::delete_image_cache().region_id("cn-hangzhou").image_cache_id("i").sign_v3(creds, o);
    REQUIRE(s);
    CHECK(s->url.buffer().substr(0, 23) == "http://127.0.0.1:8080/?");
    CHECK(s->headers.front().name == "host");
    CHECK(s->headers.front().value == "127.0.0.1:8080");
}

TEST_CASE("the documented V3 example signs to the expected Authorization", "[v3][docs]")
{
    // docs/signing.md, "V3: ACS3-HMAC-SHA256", worked example.
    test::reproducible r;
    const ecireq::credentials creds{"testid", "testsecret"};
    auto s = ecireq::update_image_cache()
                 .region_id("cn-hangzhou")
                 .image_cache_id("imc-bp195erqe9o2pb09****")
                 .security_group_id("sg-uf66jeqopgqa9hdn****")
                 .vswitch_id("vsw-uf6h3rbwbm90urjwa****")
                 .image_cache_name("testcache")
                 .image("nginx:1.25")
                 .tag("env", "prod")
                 .sign_v3(creds, r.options());
    REQUIRE(s);
    CHECK(s->url.buffer() ==
          "https://eci.cn-hangzhou.aliyuncs.com/?Image.1=nginx%3A1.25&ImageCacheId=imc-bp195erqe9o2pb09%2A%2A%2A%2A"
          "&ImageCacheName=testcache&RegionId=cn-hangzhou&SecurityGroupId=sg-uf66jeqopgqa9hdn%2A%2A%2A%2A"
          "&Tag.1.Key=env&Tag.1.Value=prod&VSwitchId=vsw-uf6h3rbwbm90urjwa%2A%2A%2A%2A");
    REQUIRE(s->headers.size() == 7);
    CHECK(s->headers.back().value ==
          "ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;"
          "x-acs-signature-nonce;x-acs-version,Signature=b0a69bac00f9969eab26a90b538c20131c31435d012eb597a4ff28bc109dedd7");
}
