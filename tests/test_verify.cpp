// Tests of ecireq::verify: it accepts exactly what sign()/sign_post()
// produce, and each kind of tampering fails with its own errc and names the
// parameter at fault.
#include <ecireq/verify/rpc_v2.hpp>

#include <ecireq.hpp>

#include <catch2/catch.hpp>

#include <boost/url/parse.hpp>

#include <algorithm>
#include <chrono>
#include <string>
#include <string_view>
#include <vector>

namespace {

using namespace std::chrono_literals;
using ecireq::errc;
using ecireq::rpc::http_method;

// 2023-11-14T22:13:20Z: a fixed time, so every signature below is reproducible.
const ecireq::rpc::time_point t0{std::chrono::seconds(1700000000)};

auto request()
{
    return ecireq::update_image_cache()
        .region_id("cn-hangzhou")
        .image_cache_id("imc-2ze5kbs4m2nv4umtxxxx")
        .security_group_id("sg-2ze0svj3e8zkfwxbxxxx")
        .vswitch_id("vsw-2zeyzyvqjqlszd7ixxxx")
        .image_cache_name("cache name with spaces & symbols = # ? % +")
        .image("registry.example.com/ns/app:1.0")
        .image("nginx:1.25")
        .tag("env", "prod")
        .image_registry_credential("registry.example.com", "user", "p@ss+word/=");
}

struct signer {
    ecireq::fixed_clock clock{t0};
    ecireq::fixed_nonce nonce{"3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf"};
    ecireq::sign_options opts() { return {"https", {}, clock, nonce}; }
};

// The encoded query of a signed GET URL.
std::string signed_get_query(ecireq::credentials const& creds, ecireq::rpc::time_point at = t0)
{
    signer s;
    s.clock.time = at;
    auto u = request().sign(creds, s.opts());
    REQUIRE(u.has_value());
    return std::string(u->encoded_query());
}

std::string signed_post_body(ecireq::credentials const& creds, ecireq::rpc::time_point at = t0)
{
    signer s;
    s.clock.time = at;
    auto p = request().sign_post(creds, s.opts());
    REQUIRE(p.has_value());
    return p->body;
}

// Edits of an encoded query, by encoded name, keeping every other byte.
std::vector<std::string> split(std::string_view q)
{
    std::vector<std::string> out;
    while (true) {
        auto amp = q.find('&');
        out.emplace_back(q.substr(0, amp));
        if (amp == std::string_view::npos) break;
        q.remove_prefix(amp + 1);
    }
    return out;
}

std::string join(std::vector<std::string> const& parts)
{
    std::string s;
    for (auto const& p : parts) {
        if (!s.empty()) s += '&';
        s += p;
    }
    return s;
}

std::string replace_value(std::string_view q, std::string_view name, std::string_view encoded_value)
{
    auto parts = split(q);
    bool found = false;
    for (auto& p : parts)
        if (p.compare(0, name.size() + 1, std::string(name) + "=") == 0) {
            p = std::string(name) + "=" + std::string(encoded_value);
            found = true;
        }
    REQUIRE(found);
    return join(parts);
}

std::string drop(std::string_view q, std::string_view name)
{
    auto parts = split(q);
    std::vector<std::string> kept;
    for (auto& p : parts)
        if (p.compare(0, name.size() + 1, std::string(name) + "=") != 0) kept.push_back(p);
    REQUIRE(kept.size() + 1 == parts.size());
    return join(kept);
}

std::string value_of(std::string_view q, std::string_view name)
{
    for (auto& p : split(q))
        if (p.compare(0, name.size() + 1, std::string(name) + "=") == 0) return p.substr(name.size() + 1);
    FAIL("no " << name);
    return {};
}

// Checks a failure: the errc and the parameter it names.
void require_error(ecireq::result<void> const& r, errc code, std::string_view param)
{
    REQUIRE_FALSE(r.has_value());
    INFO(r.error().message());
    CHECK(r.error() == code);
    CHECK(r.error().parameter() == param);
}

// "ok", or the error's message: what Catch prints when a check fails.
std::string outcome(ecireq::result<void> const& r)
{
    return r ? std::string("ok") : r.error().message();
}

ecireq::result<void> verify_get_query(std::string const& q, ecireq::credentials const& creds,
                                      ecireq::rpc::time_point now = t0)
{
    return ecireq::verify("https://eci.cn-hangzhou.aliyuncs.com/?" + q, creds, now);
}

} // namespace

TEST_CASE("verify accepts what sign() produces", "[verify]")
{
    const ecireq::credentials creds{"testid", "testsecret"};
    signer s;
    auto u = request().sign(creds, s.opts());
    REQUIRE(u.has_value());

    SECTION("as a url") { CHECK(outcome(ecireq::verify(*u, creds, t0)) == "ok"); }
    SECTION("as a url_view") { CHECK(outcome(ecireq::verify(boost::urls::url_view(*u), creds, t0)) == "ok"); }
    SECTION("as text") { CHECK(outcome(ecireq::verify(std::string(u->buffer()), creds, t0)) == "ok"); }
    SECTION("as a request target")
    {
        CHECK(outcome(ecireq::verify("/?" + std::string(u->encoded_query()), creds, t0)) == "ok");
    }
    SECTION("as text that is a view into a larger buffer")
    {
        std::string buffer = std::string(u->buffer()) + "&Image.9=after-the-view";
        CHECK(outcome(ecireq::verify(std::string_view(buffer.data(), u->buffer().size()), creds, t0)) == "ok");
        CHECK(outcome(ecireq::verify_query(http_method::get,
                                           std::string_view(buffer).substr(buffer.find('?') + 1,
                                                                           u->encoded_query().size()),
                                           creds, t0)) == "ok");
    }
    SECTION("as a query") { CHECK(outcome(ecireq::verify_query(http_method::get, u->encoded_query(), creds, t0)) == "ok"); }
    SECTION("from sign_to")
    {
        char buf[4096];
        auto v = request().sign_to(creds, buf, s.opts());
        REQUIRE(v.has_value());
        CHECK(outcome(ecireq::verify(*v, creds, t0)) == "ok");
    }
    SECTION("with the system clock and a random nonce")
    {
        auto live = request().sign(creds);
        REQUIRE(live.has_value());
        CHECK(outcome(ecireq::verify(*live, creds, std::chrono::system_clock::now())) == "ok");
    }
}

TEST_CASE("verify accepts what sign_post() produces", "[verify]")
{
    const ecireq::credentials creds{"testid", "testsecret"};
    signer s;
    auto p = request().sign_post(creds, s.opts());
    REQUIRE(p.has_value());
    CHECK(outcome(ecireq::verify(*p, creds, t0)) == "ok");
    CHECK(outcome(ecireq::verify_post(p->body, creds, t0)) == "ok");

    char url[256], body[4096];
    auto v = request().sign_post_to(creds, url, sizeof url, body, sizeof body, s.opts());
    REQUIRE(v.has_value());
    CHECK(outcome(ecireq::verify(*v, creds, t0)) == "ok");

    SECTION("a body that is a view into a larger buffer: only the view counts")
    {
        // Boost.URL 1.81's parse_query reads to the next NUL instead of the
        // end of the view (boostorg/url#757); verify must not.
        std::string buffer = p->body + "&Image.9=after-the-view";
        std::string_view body(buffer.data(), p->body.size());
        CHECK(outcome(ecireq::verify_post(body, creds, t0)) == "ok");
        require_error(ecireq::verify_post(body.substr(0, body.size() - 3), creds, t0), errc::signature_mismatch,
                      "Signature");
    }
    SECTION("a POST whose URL has a query is refused: those parameters would go unchecked")
    {
        auto with_query = *p;
        with_query.url.set_encoded_query("Extra=1");
        require_error(ecireq::verify(with_query, creds, t0), errc::malformed_request, "url");
    }
}

TEST_CASE("verify accepts the decoded values, whatever they hold", "[verify]")
{
    const ecireq::credentials creds{"testid", "testsecret"};
    signer s;
    const std::string nul_value("a\0b", 3);
    auto r = ecireq::update_image_cache()
                 .region_id("cn-hangzhou")
                 .image_cache_id("&Signature=x")
                 .security_group_id("a=b&c=d")
                 .vswitch_id("#fragment?query")
                 .image_cache_name("100% \xE4\xB8\xAD\xE6\x96\x87 \xF0\x9F\x98\x80 +plus ~tilde *star")
                 .image(nul_value)
                 .image("line\nbreak\r\ttab")
                 .tag("k", "");
    auto u = r.sign(creds, s.opts());
    REQUIRE(u.has_value());
    CHECK(outcome(ecireq::verify(*u, creds, t0)) == "ok");
    auto p = r.sign_post(creds, s.opts());
    REQUIRE(p.has_value());
    CHECK(outcome(ecireq::verify(*p, creds, t0)) == "ok");
}

TEST_CASE("verify rejects changed, added and dropped parameters", "[verify]")
{
    const ecireq::credentials creds{"testid", "testsecret"};
    const std::string q = signed_get_query(creds);
    REQUIRE(outcome(verify_get_query(q, creds)) == "ok");

    SECTION("a changed value")
    {
        require_error(verify_get_query(replace_value(q, "ImageCacheName", "other"), creds),
                      errc::signature_mismatch, "Signature");
        require_error(verify_get_query(replace_value(q, "Image.2", "nginx%3A1.26"), creds),
                      errc::signature_mismatch, "Signature");
    }
    SECTION("a value changed only in case is a different value")
    {
        require_error(verify_get_query(replace_value(q, "RegionId", "CN-hangzhou"), creds),
                      errc::signature_mismatch, "Signature");
    }
    SECTION("an added parameter")
    {
        require_error(verify_get_query(q + "&Image.3=evil%3Alatest", creds), errc::signature_mismatch,
                      "Signature");
        require_error(verify_get_query("Tag.2.Key=x&" + q, creds), errc::signature_mismatch, "Signature");
    }
    SECTION("a dropped parameter")
    {
        require_error(verify_get_query(drop(q, "Image.2"), creds), errc::signature_mismatch, "Signature");
        require_error(verify_get_query(drop(q, "Tag.1.Value"), creds), errc::signature_mismatch, "Signature");
    }
    SECTION("a dropped required parameter of the signature scheme")
    {
        require_error(verify_get_query(drop(q, "Signature"), creds), errc::missing_parameter, "Signature");
        require_error(verify_get_query(drop(q, "SignatureMethod"), creds), errc::missing_parameter,
                      "SignatureMethod");
        require_error(verify_get_query(drop(q, "SignatureVersion"), creds), errc::missing_parameter,
                      "SignatureVersion");
        require_error(verify_get_query(drop(q, "Timestamp"), creds), errc::missing_parameter, "Timestamp");
        require_error(verify_get_query(drop(q, "AccessKeyId"), creds), errc::missing_parameter, "AccessKeyId");
        require_error(verify_get_query(drop(q, "SignatureNonce"), creds), errc::missing_parameter,
                      "SignatureNonce");
    }
    SECTION("an empty request")
    {
        require_error(ecireq::verify("https://eci.cn-hangzhou.aliyuncs.com/", creds, t0), errc::missing_parameter,
                      "Signature");
        require_error(ecireq::verify_post("", creds, t0), errc::missing_parameter, "Signature");
    }
    SECTION("an empty nonce")
    {
        require_error(verify_get_query(replace_value(q, "SignatureNonce", ""), creds), errc::empty_value,
                      "SignatureNonce");
    }
}

TEST_CASE("verify rejects a wrong key, a wrong method and a tampered signature", "[verify]")
{
    const ecireq::credentials creds{"testid", "testsecret"};
    const std::string q = signed_get_query(creds);
    const std::string body = signed_post_body(creds);

    SECTION("wrong secret")
    {
        const ecireq::credentials other{"testid", "testsecreT"};
        require_error(verify_get_query(q, other), errc::signature_mismatch, "Signature");
        require_error(ecireq::verify_post(body, other, t0), errc::signature_mismatch, "Signature");
    }
    SECTION("wrong AccessKeyId")
    {
        const ecireq::credentials other{"otherid", "testsecret"};
        require_error(verify_get_query(q, other), errc::invalid_value, "AccessKeyId");
    }
    SECTION("empty credentials")
    {
        const ecireq::credentials none{"testid", ""};
        require_error(verify_get_query(q, none), errc::empty_credential, "AccessKeySecret");
    }
    SECTION("wrong method: a GET query sent as a POST body, and back")
    {
        require_error(ecireq::verify_post(q, creds, t0), errc::signature_mismatch, "Signature");
        require_error(verify_get_query(body, creds), errc::signature_mismatch, "Signature");
    }
    SECTION("tampered Signature")
    {
        std::string sig = value_of(q, "Signature");
        std::string flipped = sig;
        flipped[0] = flipped[0] == 'A' ? 'B' : 'A';
        require_error(verify_get_query(replace_value(q, "Signature", flipped), creds), errc::signature_mismatch,
                      "Signature");
        require_error(verify_get_query(replace_value(q, "Signature", sig.substr(0, sig.size() - 3)), creds),
                      errc::signature_mismatch, "Signature");
        require_error(verify_get_query(replace_value(q, "Signature", ""), creds), errc::signature_mismatch,
                      "Signature");
        require_error(verify_get_query(replace_value(q, "Signature", sig + "A"), creds), errc::signature_mismatch,
                      "Signature");
    }
    SECTION("a signature re-encoded differently still verifies: the decoded value counts")
    {
        // '%2B' and '%2b' both decode to '+'; lower-case escapes are not what
        // the signer writes but mean the same bytes.
        std::string sig = value_of(q, "Signature");
        std::string lower = sig;
        for (std::size_t i = 0; i + 2 < lower.size(); ++i)
            if (lower[i] == '%')
                for (std::size_t k = i + 1; k <= i + 2; ++k)
                    if (lower[k] >= 'A' && lower[k] <= 'F') lower[k] = static_cast<char>(lower[k] - 'A' + 'a');
        CHECK(outcome(verify_get_query(replace_value(q, "Signature", lower), creds)) == "ok");
    }
}

TEST_CASE("verify enforces the timestamp window", "[verify]")
{
    const ecireq::credentials creds{"testid", "testsecret"};

    SECTION("15 minutes either way is accepted, to the second")
    {
        CHECK(outcome(verify_get_query(signed_get_query(creds, t0 - 15min), creds, t0)) == "ok");
        CHECK(outcome(verify_get_query(signed_get_query(creds, t0 + 15min), creds, t0)) == "ok");
        // The verifier's clock has sub-second ticks; Timestamp has none.
        CHECK(outcome(verify_get_query(signed_get_query(creds, t0 - 15min), creds, t0 + 999ms)) == "ok");
    }
    SECTION("older than the window")
    {
        auto r = verify_get_query(signed_get_query(creds, t0 - 15min - 1s), creds, t0);
        require_error(r, errc::timestamp_out_of_window, "Timestamp");
        CHECK(r.error().limit() == 901);
        auto p = ecireq::verify_post(signed_post_body(creds, t0 - 1h), creds, t0);
        require_error(p, errc::timestamp_out_of_window, "Timestamp");
        CHECK(p.error().limit() == 3600);
    }
    SECTION("newer than the window")
    {
        auto r = verify_get_query(signed_get_query(creds, t0 + 16min), creds, t0);
        require_error(r, errc::timestamp_out_of_window, "Timestamp");
        CHECK(r.error().limit() == 960);
    }
    SECTION("a caller-chosen window")
    {
        std::string q = signed_get_query(creds, t0 - 2min);
        CHECK(outcome(ecireq::verify_query(http_method::get, q, creds, t0, 5min)) == "ok");
        require_error(ecireq::verify_query(http_method::get, q, creds, t0, 1min), errc::timestamp_out_of_window,
                      "Timestamp");
    }
    SECTION("a malformed Timestamp")
    {
        std::string q = signed_get_query(creds);
        for (auto bad : {"", "2023-11-14T22%3A13%3A20", "2023-11-14%2022%3A13%3A20Z", "2023-02-29T00%3A00%3A00Z",
                         "2023-11-14T24%3A00%3A00Z", "1700000000", "1900-02-29T00%3A00%3A00Z", "abcd-11-14T22%3A13%3A20Z"}) {
            INFO(bad);
            require_error(verify_get_query(replace_value(q, "Timestamp", bad), creds), errc::malformed_request,
                          "Timestamp");
        }
    }
    SECTION("a far year is out of the window, not wrapped into it")
    {
        // rpc::parse_timestamp converts 2608-06-04T21:47:54Z into nanoseconds,
        // overflows, and lands within a second of t0; verify must not accept it.
        std::string q = signed_get_query(creds);
        for (auto far : {"2608-06-04T21%3A47%3A54Z", "0001-01-01T00%3A00%3A00Z", "9999-12-31T23%3A59%3A59Z",
                         "2000-02-29T00%3A00%3A00Z", "2400-02-29T00%3A00%3A00Z"}) {
            INFO(far);
            require_error(verify_get_query(replace_value(q, "Timestamp", far), creds),
                          errc::timestamp_out_of_window, "Timestamp");
        }
    }
}

TEST_CASE("verify accepts only HMAC-SHA1 version 1.0", "[verify]")
{
    const ecireq::credentials creds{"testid", "testsecret"};
    const std::string q = signed_get_query(creds);
    require_error(verify_get_query(replace_value(q, "SignatureMethod", "HMAC-SHA256"), creds),
                  errc::unsupported_signature, "SignatureMethod");
    require_error(verify_get_query(replace_value(q, "SignatureMethod", "hmac-sha1"), creds),
                  errc::unsupported_signature, "SignatureMethod");
    require_error(verify_get_query(replace_value(q, "SignatureVersion", "2.0"), creds),
                  errc::unsupported_signature, "SignatureVersion");
    require_error(verify_get_query(replace_value(q, "SignatureVersion", "1.00"), creds),
                  errc::unsupported_signature, "SignatureVersion");
}

namespace {
std::size_t count_params(std::string const& q)
{
    return static_cast<std::size_t>(std::count(q.begin(), q.end(), '&')) + 1;
}
/// 1-based position of `name` among the '&'-separated parts of `q`.
std::size_t position_of(std::string const& q, std::string const& name)
{
    std::size_t at = q.find(name + "=");
    return static_cast<std::size_t>(std::count(q.begin(), q.begin() + static_cast<std::ptrdiff_t>(at), '&')) + 1;
}
} // namespace

TEST_CASE("verify never puts part of a value into an error", "[verify][secrets]")
{
    // A client that left the '&' of a password unencoded: what follows it
    // parses as names. The error names the position, not the text.
    const ecireq::credentials creds{"testid", "testsecret"};
    const std::string q = signed_get_query(creds);
    auto r = verify_get_query(q + "&ImageRegistryCredential.2.Password=hunter&2MySecretPart&x=1", creds);
    REQUIRE_FALSE(r);
    CHECK(r.error() == errc::malformed_request);
    CHECK(r.error().message().find("MySecretPart") == std::string::npos);
    CHECK(r.error().message().find("hunter") == std::string::npos);
    CHECK(r.error().parameter() == "parameter " + std::to_string(count_params(q) + 2));
}

TEST_CASE("verify accepts the empty SecurityToken the official C++ SDK signs without STS", "[verify]")
{
    // The aliyun-openapi-cpp-sdk core always sends SecurityToken, empty when
    // there is no token; it is signed like any other parameter.
    const ecireq::credentials creds{"testid", "testsecret"};
    std::vector<ecireq::rpc::param> params = {
        {"AccessKeyId", "testid"},         {"Action", "DeleteImageCache"},  {"Format", "JSON"},
        {"ImageCacheId", "imc-1"},         {"RegionId", "cn-hangzhou"},     {"SecurityToken", ""},
        {"SignatureMethod", "HMAC-SHA1"},  {"SignatureNonce", "n-1"},       {"SignatureVersion", "1.0"},
        {"Timestamp", "2023-11-14T22:13:20Z"}, {"Version", "2018-08-08"}};
    auto canonical = ecireq::rpc::canonical_query(params);
    REQUIRE(canonical);
    auto sig = ecireq::rpc::sign_canonical_query(creds, ecireq::http_method::get, *canonical);
    REQUIRE(sig);
    std::string query = *canonical + "&Signature=" + ecireq::rpc::percent_encode(sig->view());
    CHECK(ecireq::verify_query(ecireq::http_method::get, query, creds, t0));
    // A non-empty token that the credentials do not have is still refused.
    params[5].value = "some-token";
    auto c2 = ecireq::rpc::canonical_query(params);
    auto s2 = ecireq::rpc::sign_canonical_query(creds, ecireq::http_method::get, *c2);
    auto r = ecireq::verify_query(ecireq::http_method::get, *c2 + "&Signature=" + ecireq::rpc::percent_encode(s2->view()),
                                  creds, t0);
    REQUIRE_FALSE(r);
    CHECK(r.error() == errc::invalid_value);
    CHECK(r.error().parameter() == "SecurityToken");
}

TEST_CASE("verify rejects ambiguous encodings", "[verify]")
{
    const ecireq::credentials creds{"testid", "testsecret"};
    const std::string q = signed_get_query(creds);

    SECTION("a raw '+' (space or plus?) is refused, %2B and %20 are fine")
    {
        // Named by position, never by text (see "never part of a value" below).
        auto tag_at = position_of(q, "Tag.1.Value");
        require_error(verify_get_query(replace_value(q, "Tag.1.Value", "pr+od"), creds), errc::malformed_request,
                      "parameter " + std::to_string(tag_at));
        std::size_t const past_end = count_params(q) + 1;
        require_error(verify_get_query(q + "&Extra+Name=1", creds), errc::malformed_request,
                      "parameter " + std::to_string(past_end));
        // The signer itself sent the '+' of the password as %2B.
        CHECK(value_of(q, "ImageRegistryCredential.1.Password") == "p%40ss%2Bword%2F%3D");
    }
    SECTION("duplicate names, also when only their encoding differs")
    {
        require_error(verify_get_query(q + "&Image.1=x", creds), errc::duplicate_parameter, "Image.1");
        require_error(verify_get_query(q + "&Image%2E1=x", creds), errc::duplicate_parameter, "Image.1");
        require_error(verify_get_query(q + "&Signature=x", creds), errc::duplicate_parameter, "Signature");
        // The same value twice is still two parameters.
        require_error(verify_get_query(q + "&Tag.1.Key=env", creds), errc::duplicate_parameter, "Tag.1.Key");
    }
    SECTION("a name without '=' or an empty name")
    {
        require_error(verify_get_query(q + "&Flash", creds), errc::malformed_request,
                      "parameter " + std::to_string(count_params(q) + 1));
        require_error(verify_get_query(q + "&&Flash=true", creds), errc::malformed_request, "(empty name)");
        require_error(verify_get_query(q + "&=true", creds), errc::malformed_request, "(empty name)");
    }
    SECTION("bytes that are not UTF-8 once decoded")
    {
        require_error(verify_get_query(replace_value(q, "Tag.1.Value", "%FF"), creds), errc::invalid_utf8,
                      "Tag.1.Value");
        require_error(verify_get_query(q + "&%C0%AF=1", creds), errc::invalid_utf8, "%C0%AF");
    }
    SECTION("a name that is not printable is named by its encoded form")
    {
        require_error(verify_get_query(q + "&a%0Ab=1&a%0Ab=2", creds), errc::duplicate_parameter, "a%0Ab");
    }
    SECTION("text that is not a query, or a URL with a fragment")
    {
        std::string const past_end = "parameter " + std::to_string(count_params(q) + 1);
        require_error(ecireq::verify_post(q + "&Bad=%zz", creds, t0), errc::malformed_request, past_end);
        require_error(ecireq::verify_post(q + "&Bad=a b", creds, t0), errc::malformed_request, past_end);
        require_error(ecireq::verify_post(q + "&a b=1", creds, t0), errc::malformed_request, past_end);
        require_error(ecireq::verify("https://host/?" + q + "#frag", creds, t0), errc::malformed_request,
                      "fragment");
        require_error(ecireq::verify("https://host/?" + q + "&Bad=%zz", creds, t0), errc::malformed_request, "url");
    }
}

TEST_CASE("verify with an STS token", "[verify]")
{
    const ecireq::credentials sts{"STS.id", "secret", "token+/="};
    const ecireq::credentials plain{"STS.id", "secret"};
    const ecireq::credentials other_token{"STS.id", "secret", "token+/!"};
    const std::string with_token = signed_get_query(sts);
    const std::string without = signed_get_query(plain);

    CHECK(outcome(verify_get_query(with_token, sts)) == "ok");
    CHECK(outcome(verify_get_query(without, plain)) == "ok");
    require_error(verify_get_query(with_token, plain), errc::invalid_value, "SecurityToken");
    require_error(verify_get_query(with_token, other_token), errc::invalid_value, "SecurityToken");
    require_error(verify_get_query(without, sts), errc::missing_parameter, "SecurityToken");
    CHECK(outcome(ecireq::verify_post(signed_post_body(sts), sts, t0)) == "ok");
}

TEST_CASE("constant_time_equal", "[verify]")
{
    using ecireq::detail::constant_time_equal;
    CHECK(constant_time_equal("", ""));
    CHECK(constant_time_equal("abc", "abc"));
    CHECK_FALSE(constant_time_equal("abc", "abd"));
    CHECK_FALSE(constant_time_equal("abc", "xbc"));
    CHECK_FALSE(constant_time_equal("abc", "ab"));
    CHECK_FALSE(constant_time_equal(std::string_view("a\0", 2), std::string_view("a\1", 2)));
}
