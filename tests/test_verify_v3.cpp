// Tests of ecireq::verify_v3: it accepts what sign_v3()/sign_v3_to() produce
// for every action and the four published V3 vectors, and each kind of
// tampering fails with its own errc and names the header or parameter at
// fault, never a value the request carried.
#include <ecireq/verify/acs3_hmac_sha256.hpp>

#include <ecireq.hpp>
#include <ecireq/crypto/mbedtls.hpp>
#include <ecireq/crypto/openssl.hpp>

#include "support.hpp"

#include <algorithm>
#include <chrono>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace {

using namespace std::chrono_literals;
using ecireq::errc;
using ecireq::http_method;

using header_pairs = std::vector<std::pair<std::string, std::string>>;

// A request as a server receives it.
struct wire {
    http_method method = http_method::post;
    std::string url;
    header_pairs headers;
    std::string body;
};

const ecireq::credentials plain{"testid", "testsecret"};
const ecireq::credentials sts{"STS.testid", "testsecret", "sts-token/+=="};

wire from(ecireq::signed_request const& s)
{
    wire w;
    w.method = s.method;
    w.url = std::string(s.url.buffer());
    for (auto const& h : s.headers) w.headers.emplace_back(h.name, h.value);
    return w;
}

std::string block(header_pairs const& headers)
{
    std::string b;
    for (auto const& h : headers) b += h.first + ": " + h.second + "\r\n";
    return b;
}

std::string outcome(ecireq::result<void> const& r)
{
    return r ? std::string("ok") : r.error().message();
}

/// Verifies `w` through the header-block and the pair-range overloads, which must agree.
ecireq::result<void> verify(wire const& w, ecireq::credentials const& creds, ecireq::rpc::time_point now,
                            std::chrono::seconds window = ecireq::default_verify_window)
{
    auto by_block = ecireq::verify_v3(w.method, w.url, block(w.headers), creds, now, window, w.body);
    auto by_pairs = ecireq::verify_v3(w.method, w.url, w.headers, creds, now, window, w.body);
    CHECK(outcome(by_block) == outcome(by_pairs));
    return by_block;
}

std::string* find(wire& w, std::string_view name)
{
    for (auto& h : w.headers)
        if (h.first == name) return &h.second;
    return nullptr;
}

void set(wire& w, std::string const& name, std::string const& value)
{
    if (auto* v = find(w, name))
        *v = value;
    else
        w.headers.emplace_back(name, value);
}

void drop(wire& w, std::string_view name)
{
    auto before = w.headers.size();
    for (auto it = w.headers.begin(); it != w.headers.end(); ++it)
        if (it->first == name) {
            w.headers.erase(it);
            break;
        }
    REQUIRE(w.headers.size() + 1 == before);
}

/// Replaces `from` by `to` once in the authorization value.
void edit_authorization(wire& w, std::string const& from, std::string const& to)
{
    auto* a = find(w, "authorization");
    REQUIRE(a);
    auto at = a->find(from);
    REQUIRE(at != std::string::npos);
    a->replace(at, from.size(), to);
}

void edit_url(wire& w, std::string const& from, std::string const& to)
{
    auto at = w.url.find(from);
    REQUIRE(at != std::string::npos);
    w.url.replace(at, from.size(), to);
}

std::vector<std::string> pieces(std::string_view v)
{
    std::vector<std::string> out;
    std::string cur;
    for (char c : v) {
        if (c == ' ' || c == ',' || c == ';' || c == '=') {
            out.push_back(cur);
            cur.clear();
        } else {
            cur += c;
        }
    }
    out.push_back(cur);
    out.emplace_back(v);
    return out;
}

/** Checks a failure: its errc, the name it gives, and that its message
    holds none of the request's values (header values and their pieces,
    decoded query values, `extra`), only names. */
void require_error(ecireq::result<void> const& r, errc code, std::string_view name, wire const& w,
                   std::vector<std::string> const& extra = {})
{
    REQUIRE_FALSE(r.has_value());
    std::string const message = r.error().message();
    INFO(message);
    CHECK(r.error() == code);
    CHECK(r.error().parameter() == name);
    // The message is the name, the fixed description and the limit, nothing else.
    ecireq::error const expected = r.error().has_limit() ? ecireq::error(code, name, r.error().limit())
                                                         : ecireq::error(code, name);
    CHECK(message == expected.message());
    std::string const description = ecireq::error(code).message();

    std::vector<std::string> names = {std::string(name), "Credential", "SignedHeaders", "Signature"};
    for (auto const& h : w.headers) names.push_back(h.first);
    auto is_name = [&](std::string const& s) {
        for (auto const& n : names)
            if (n == s) return true;
        return false;
    };
    std::vector<std::string> values = extra;
    for (auto const& h : w.headers)
        for (auto const& p : pieces(h.second)) values.push_back(p);
    auto q = w.url.find('?');
    if (q != std::string::npos)
        for (auto const& p : test::decode_params(std::string_view(w.url).substr(q + 1))) values.push_back(p.second);
    for (auto const& v : values) {
        if (v.size() < 4 || is_name(v) || description.find(v) != std::string::npos) continue;
        INFO("value: " << v);
        CHECK(message.find(v) == std::string::npos);
    }
}

/** How a query error names a part that does not parse: "parameter N", N
    counting the '&'-separated parts from 1 (never the part's text, which
    could be the tail of a value with an unencoded '&'). */
std::string position_of(wire const& w, std::string_view part_prefix)
{
    std::string_view q = std::string_view(w.url).substr(w.url.find('?') + 1);
    for (std::size_t n = 1;; ++n) {
        std::size_t amp = q.find('&');
        if (q.substr(0, part_prefix.size()) == part_prefix) return "parameter " + std::to_string(n);
        REQUIRE(amp != std::string_view::npos);
        q.remove_prefix(amp + 1);
    }
}

// One request per action, every one with a parameter that needs encoding.
auto create() { return ecireq::create_image_cache().region_id("cn-hangzhou").image_cache_name("my cache+1").image("nginx:1.25"); }
auto describe() { return ecireq::describe_image_caches().region_id("cn-hangzhou").match_image("a b").match_image("c/d"); }
auto update() { return test::full(ecireq::update_image_cache()); }
auto remove() { return ecireq::delete_image_cache().region_id("cn-hangzhou").image_cache_id("imc-1*"); }

/// Signs with sign_v3 and with sign_v3_to, and checks every way in verifies both.
template <class Request>
void check_round_trip(Request const& request, ecireq::credentials const& creds, http_method method)
{
    test::reproducible r;
    auto const now = test::example_time();
    auto owning = request.sign_v3(creds, r.options(), method);
    REQUIRE(owning);
    CHECK(outcome(ecireq::verify_v3(*owning, creds, now)) == "ok");
    wire w = from(*owning);
    CHECK(outcome(verify(w, creds, now)) == "ok");
    CHECK(outcome(verify(w, creds, now + 15min)) == "ok");
    CHECK(outcome(verify(w, creds, now - 15min)) == "ok");
    CHECK(outcome(ecireq::verify_v3(w.method, w.url, owning->headers, creds, now)) == "ok");

    char url[8192], headers[4096];
    auto view = request.sign_v3_to(creds, url, sizeof url, headers, sizeof headers, r.options(), method);
    REQUIRE(view);
    CHECK(outcome(ecireq::verify_v3(*view, creds, now)) == "ok");
    CHECK(outcome(ecireq::verify_v3(view->method, view->url, view->headers, creds, now)) == "ok");

    // The other method, the other credentials: never accepted.
    auto other = method == http_method::post ? http_method::get : http_method::post;
    w.method = other;
    require_error(verify(w, creds, now), errc::signature_mismatch, "authorization", w);
    auto const& wrong = creds.has_security_token() ? plain : sts;
    CHECK_FALSE(ecireq::verify_v3(*owning, wrong, now));
}

struct acs3_vector {
    std::string name, method, access_key_id, secret;
    std::map<std::string, std::string> headers;
    std::vector<ecireq::rpc::param> query;
    std::string body, canonical_request, hashed_canonical_request, signed_headers, signature, authorization;
};

std::vector<acs3_vector> const vectors =
#include "acs3_vectors.inc"
    ;

std::string header_of(acs3_vector const& v, std::string const& name)
{
    auto it = v.headers.find(name);
    return it == v.headers.end() ? std::string() : it->second;
}

wire wire_of(acs3_vector const& v)
{
    wire w;
    w.method = v.method == "GET" ? http_method::get : http_method::post;
    auto query = ecireq::rpc::canonical_query(v.query);
    REQUIRE(query);
    w.url = "https://" + v.headers.at("host") + "/?" + *query;
    for (auto const& h : v.headers) w.headers.emplace_back(h.first, h.second);
    w.headers.emplace_back("authorization", v.authorization);
    w.body = v.body;
    return w;
}

ecireq::rpc::time_point date_of(acs3_vector const& v)
{
    auto t = ecireq::rpc::parse_timestamp(v.headers.at("x-acs-date"));
    REQUIRE(t);
    return *t;
}

template <class Backend>
void check_vector(acs3_vector const& v)
{
    ecireq::basic_credentials<Backend> creds{v.access_key_id, v.secret, header_of(v, "x-acs-security-token")};
    wire w = wire_of(v);
    auto now = date_of(v);
    CHECK(outcome(ecireq::verify_v3(w.method, w.url, block(w.headers), creds, now, 0s, w.body)) == "ok");
    CHECK(outcome(ecireq::verify_v3(w.method, w.url, w.headers, creds, now, 0s, w.body)) == "ok");
    ecireq::basic_credentials<Backend> wrong{v.access_key_id, v.secret + "x", header_of(v, "x-acs-security-token")};
    auto r = ecireq::verify_v3(w.method, w.url, block(w.headers), wrong, now, 0s, w.body);
    REQUIRE_FALSE(r);
    CHECK(r.error() == errc::signature_mismatch);
}

/// A signed UpdateImageCache as received, plain or STS.
wire signed_update(ecireq::credentials const& creds = plain, http_method method = http_method::post)
{
    test::reproducible r;
    auto s = update().sign_v3(creds, r.options(), method);
    REQUIRE(s);
    return from(*s);
}

auto const t0 = test::example_time();

} // namespace

TEST_CASE("verify_v3 accepts what sign_v3 and sign_v3_to produce for every action", "[verify_v3]")
{
    for (auto method : {http_method::post, http_method::get}) {
        for (auto const* creds : {&plain, &sts}) {
            INFO((method == http_method::post ? "POST" : "GET") << (creds == &sts ? " STS" : " plain"));
            check_round_trip(create(), *creds, method);
            check_round_trip(describe(), *creds, method);
            check_round_trip(update(), *creds, method);
            check_round_trip(remove(), *creds, method);
        }
    }
}

TEST_CASE("verify_v3 accepts the four published V3 vectors at their own x-acs-date", "[verify_v3][vectors]")
{
    REQUIRE(vectors.size() == 4);
    for (auto const& v : vectors) {
        SECTION(v.name + " (OpenSSL)") { check_vector<ecireq::crypto::openssl>(v); }
        SECTION(v.name + " (Mbed TLS)") { check_vector<ecireq::crypto::mbedtls>(v); }
    }
}

TEST_CASE("verify_v3 reads headers as HTTP does", "[verify_v3]")
{
    wire w = signed_update();

    SECTION("names in any case")
    {
        for (auto& h : w.headers)
            for (auto& c : h.first) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
        CHECK(outcome(verify(w, plain, t0)) == "ok");
    }
    SECTION("in any order, with other unsigned headers, spaces around values")
    {
        std::reverse(w.headers.begin(), w.headers.end());
        w.headers.emplace_back("user-agent", "test/1.0");
        for (auto& h : w.headers) h.second = " \t" + h.second + "  ";
        CHECK(outcome(verify(w, plain, t0)) == "ok");
    }
    SECTION("lines ending in LF, or a block ending in the blank line of an HTTP head")
    {
        std::string lf;
        for (auto const& h : w.headers) lf += h.first + ":" + h.second + "\n";
        CHECK(outcome(ecireq::verify_v3(w.method, w.url, lf, plain, t0)) == "ok");
        CHECK(outcome(ecireq::verify_v3(w.method, w.url, block(w.headers) + "\r\n", plain, t0)) == "ok");
    }
    SECTION("a request target instead of an absolute URL")
    {
        w.url = w.url.substr(w.url.find("/?"));
        CHECK(outcome(verify(w, plain, t0)) == "ok");
    }
    SECTION("a std::map of headers")
    {
        std::map<std::string, std::string> m(w.headers.begin(), w.headers.end());
        CHECK(outcome(ecireq::verify_v3(w.method, w.url, m, plain, t0)) == "ok");
    }
}

TEST_CASE("verify_v3 checks the body against x-acs-content-sha256", "[verify_v3]")
{
    // ecireq never sends a body; a V3 request with one is signed here by hand.
    std::string const body = "{\"k\":\"v\"}";
    auto hash = ecireq::acs3::payload_hash<ecireq::crypto::default_backend>(body);
    REQUIRE(hash);
    ecireq::acs3::request_parts p;
    p.method = http_method::post;
    p.host = "eci.cn-hangzhou.aliyuncs.com";
    p.action = "DescribeImageCaches";
    p.version = "2018-08-08";
    p.date = "2026-11-30T12:00:00Z";
    p.nonce = "nonce-1";
    p.payload_hash = hash->view();
    p.access_key_id = plain.access_key_id();
    auto sig = ecireq::acs3::sign(plain, p, "RegionId=cn-hangzhou");
    REQUIRE(sig);
    wire w;
    w.url = "https://eci.cn-hangzhou.aliyuncs.com/?RegionId=cn-hangzhou";
    for (auto const& h : ecireq::acs3::header_list(p)) w.headers.emplace_back(h.name, h.value);
    w.headers.emplace_back("authorization", ecireq::acs3::authorization_text(p, *sig));
    w.body = body;
    CHECK(outcome(verify(w, plain, t0)) == "ok");

    w.body = "{\"k\":\"w\"}";
    require_error(verify(w, plain, t0), errc::invalid_value, "x-acs-content-sha256", w);
    w.body.clear();
    require_error(verify(w, plain, t0), errc::invalid_value, "x-acs-content-sha256", w);
}

TEST_CASE("verify_v3 refuses a tampered query", "[verify_v3]")
{
    wire w = signed_update();

    SECTION("a value changed")
    {
        edit_url(w, "&RegionId=cn-hangzhou", "&RegionId=cn-beijing");
        require_error(verify(w, plain, t0), errc::signature_mismatch, "authorization", w);
    }
    SECTION("a parameter added")
    {
        w.url += "&Extra=EVIL-extra";
        require_error(verify(w, plain, t0), errc::signature_mismatch, "authorization", w);
    }
    SECTION("a parameter removed")
    {
        edit_url(w, "&RegionId=cn-hangzhou", "");
        require_error(verify(w, plain, t0), errc::signature_mismatch, "authorization", w);
    }
    SECTION("the whole query removed")
    {
        w.url = w.url.substr(0, w.url.find('?'));
        require_error(verify(w, plain, t0), errc::signature_mismatch, "authorization", w);
    }
    SECTION("a raw '+'")
    {
        edit_url(w, "ImageCacheName=test%20cache%2Bname", "ImageCacheName=test+cache%2Bname");
        require_error(verify(w, plain, t0), errc::malformed_request, position_of(w, "ImageCacheName="), w,
                      {"test cache+name"});
    }
    SECTION("a name given twice")
    {
        w.url += "&RegionId=cn-hangzhou";
        require_error(verify(w, plain, t0), errc::duplicate_parameter, "RegionId", w);
    }
    SECTION("a name without '='")
    {
        w.url += "&Flag";
        require_error(verify(w, plain, t0), errc::malformed_request, position_of(w, "Flag"), w);
    }
    SECTION("a value that is not UTF-8")
    {
        edit_url(w, "&RegionId=cn-hangzhou", "&RegionId=cn-%FFhangzhou");
        require_error(verify(w, plain, t0), errc::invalid_utf8, "RegionId", w);
    }
    SECTION("the same values, encoded differently, still verify")
    {
        edit_url(w, "&RegionId=cn-hangzhou", "&RegionId=%63n-hangzhou");
        CHECK(outcome(verify(w, plain, t0)) == "ok");
    }
}

TEST_CASE("verify_v3 refuses a URL it cannot trust", "[verify_v3]")
{
    wire w = signed_update();

    SECTION("unparseable")
    {
        w.url = "https://eci.cn-hangzhou.aliyuncs.com/?a=EVIL value";
        require_error(verify(w, plain, t0), errc::malformed_request, "url", w, {"EVIL value"});
    }
    SECTION("a fragment")
    {
        w.url += "#EVIL-fragment";
        require_error(verify(w, plain, t0), errc::malformed_request, "fragment", w, {"EVIL-fragment"});
    }
    SECTION("userinfo")
    {
        edit_url(w, "https://", "https://EVIL-user@");
        require_error(verify(w, plain, t0), errc::malformed_request, "url", w, {"EVIL-user"});
    }
    SECTION("a path other than the signed '/'")
    {
        edit_url(w, ".com/?", ".com/EVIL-path?");
        require_error(verify(w, plain, t0), errc::malformed_request, "path", w, {"EVIL-path"});
    }
    SECTION("a host other than the host header")
    {
        edit_url(w, "eci.cn-hangzhou.aliyuncs.com", "EVIL-host.example.com");
        require_error(verify(w, plain, t0), errc::invalid_value, "host", w, {"EVIL-host.example.com"});
    }
    SECTION("the host header changed with it")
    {
        edit_url(w, "eci.cn-hangzhou.aliyuncs.com", "evil-host.example.com");
        set(w, "host", "evil-host.example.com");
        require_error(verify(w, plain, t0), errc::signature_mismatch, "authorization", w);
    }
}

TEST_CASE("verify_v3 refuses a header block it cannot read", "[verify_v3]")
{
    wire w = signed_update();
    std::string const good = block(w.headers);
    auto check_block = [&](std::string const& b, errc code, std::string_view name) {
        auto r = ecireq::verify_v3(w.method, w.url, b, plain, t0);
        require_error(r, code, name, w, {"EVIL-value"});
    };
    check_block("EVIL-value\r\n" + good, errc::malformed_request, "headers");
    check_block("bad name: EVIL-value\r\n" + good, errc::malformed_request, "headers");
    check_block("x-acs-date : EVIL-value\r\n" + good, errc::malformed_request, "headers");
    check_block(good + " folded EVIL-value\r\n", errc::malformed_request, "headers");
    check_block("x-a: 1\r\n\r\n" + good, errc::malformed_request, "headers");
    check_block("x-comment: EVIL\rvalue\r\n" + good, errc::invalid_value, "x-comment");
    check_block(good + "Host: eci.cn-hangzhou.aliyuncs.com\r\n", errc::duplicate_parameter, "host");
    check_block("", errc::missing_parameter, "authorization");

    header_pairs bad_name = w.headers;
    bad_name.emplace_back("EVIL value", "1");
    require_error(ecireq::verify_v3(w.method, w.url, bad_name, plain, t0), errc::malformed_request, "headers", w,
                  {"EVIL value"});
}

TEST_CASE("verify_v3 refuses a malformed or foreign Authorization", "[verify_v3]")
{
    wire w = signed_update();
    std::string const a = *find(w, "authorization");
    std::string const sig = a.substr(a.size() - 64);

    SECTION("missing")
    {
        drop(w, "authorization");
        require_error(verify(w, plain, t0), errc::missing_parameter, "authorization", w, {sig});
    }
    SECTION("another scheme")
    {
        set(w, "authorization", "Bearer EVIL-token");
        require_error(verify(w, plain, t0), errc::unsupported_signature, "authorization", w);
        set(w, "authorization", "acs3-hmac-sha256" + a.substr(16));
        require_error(verify(w, plain, t0), errc::unsupported_signature, "authorization", w);
    }
    auto malformed = [&](std::string const& value) {
        set(w, "authorization", value);
        INFO(value);
        require_error(verify(w, plain, t0), errc::malformed_request, "authorization", w, {sig});
    };
    SECTION("off the form")
    {
        malformed("");
        malformed("ACS3-HMAC-SHA256");
        malformed("ACS3-HMAC-SHA256 ");
        malformed("ACS3-HMAC-SHA256  " + a.substr(17));
        malformed(a.substr(0, a.find(",Signature=")));
        malformed(a.substr(0, a.size() - 1));
        malformed(a + "0");
        malformed(a.substr(0, a.size() - 64) + std::string(64, 'A'));
        malformed(a.substr(0, a.size() - 64) + std::string(64, 'g'));
        malformed("ACS3-HMAC-SHA256 Credential=,SignedHeaders=host,Signature=" + sig);
        malformed("ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=,Signature=" + sig);
        malformed("ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=host;;x-acs-date,Signature=" + sig);
        malformed("ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=host;x acs,Signature=" + sig);
        malformed("ACS3-HMAC-SHA256 Credential=testid, SignedHeaders=host,Signature=" + sig);
        malformed("ACS3-HMAC-SHA256 SignedHeaders=host,Credential=testid,Signature=" + sig);
    }
    SECTION("another AccessKeyId")
    {
        edit_authorization(w, "Credential=testid", "Credential=EVIL-id");
        require_error(verify(w, plain, t0), errc::invalid_value, "AccessKeyId", w);
        ecireq::credentials other{"other-id", "testsecret"};
        require_error(verify(signed_update(), other, t0), errc::invalid_value, "AccessKeyId", w);
    }
    SECTION("a signature of the right form but wrong")
    {
        edit_authorization(w, sig, std::string(64, '0'));
        require_error(verify(w, plain, t0), errc::signature_mismatch, "authorization", w, {sig});
    }
    SECTION("the wrong secret")
    {
        ecireq::credentials wrong{"testid", "EVIL-secret"};
        require_error(verify(w, wrong, t0), errc::signature_mismatch, "authorization", w, {sig, "EVIL-secret"});
    }
}

TEST_CASE("verify_v3 checks SignedHeaders against the headers sent", "[verify_v3]")
{
    wire w = signed_update();
    std::string const list = "host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version";
    REQUIRE(find(w, "authorization")->find(list) != std::string::npos);

    SECTION("an uppercase name")
    {
        edit_authorization(w, "host;x-acs-action", "host;X-Acs-Action");
        require_error(verify(w, plain, t0), errc::invalid_value, "SignedHeaders", w);
    }
    SECTION("a name twice")
    {
        edit_authorization(w, "host;x-acs-action", "host;host;x-acs-action");
        require_error(verify(w, plain, t0), errc::duplicate_parameter, "SignedHeaders", w);
        edit_authorization(w, "host;host;x-acs-action", "host;x-acs-action;host");
        require_error(verify(w, plain, t0), errc::duplicate_parameter, "SignedHeaders", w);
    }
    SECTION("out of order")
    {
        edit_authorization(w, "host;x-acs-action", "x-acs-action;host");
        require_error(verify(w, plain, t0), errc::malformed_request, "SignedHeaders", w);
    }
    SECTION("a signed header not sent")
    {
        edit_authorization(w, "x-acs-action;", "x-acs-action;x-acs-bogus;");
        require_error(verify(w, plain, t0), errc::missing_parameter, "x-acs-bogus", w);
    }
    SECTION("a required header dropped")
    {
        for (std::string name : {"host", "x-acs-action", "x-acs-content-sha256", "x-acs-date", "x-acs-signature-nonce",
                                 "x-acs-version"}) {
            wire d = w;
            drop(d, name);
            INFO(name);
            require_error(verify(d, plain, t0), errc::missing_parameter, name, d);
        }
    }
    SECTION("a signed header renamed")
    {
        for (auto& h : w.headers)
            if (h.first == "x-acs-version") h.first = "x-acs-versio";
        require_error(verify(w, plain, t0), errc::missing_parameter, "x-acs-version", w);
    }
    SECTION("a required header empty")
    {
        set(w, "x-acs-signature-nonce", "");
        require_error(verify(w, plain, t0), errc::empty_value, "x-acs-signature-nonce", w);
    }
    SECTION("a sent x-acs-* header left unsigned")
    {
        set(w, "x-acs-extra", "EVIL-extra");
        require_error(verify(w, plain, t0), errc::malformed_request, "x-acs-extra", w);
    }
    SECTION("a signed header taken off the list")
    {
        edit_authorization(w, "x-acs-content-sha256;x-acs-date;", "x-acs-content-sha256;");
        require_error(verify(w, plain, t0), errc::malformed_request, "x-acs-date", w);
        edit_authorization(w, "host;", "");
        require_error(verify(w, plain, t0), errc::malformed_request, "host", w);
    }
    SECTION("a header signed that the scheme does not cover here")
    {
        set(w, "x-acs-extra", "EVIL-extra");
        edit_authorization(w, "x-acs-date;", "x-acs-date;x-acs-extra;");
        require_error(verify(w, plain, t0), errc::unknown_parameter, "x-acs-extra", w);
        wire c = signed_update();
        set(c, "content-type", "EVIL/type");
        edit_authorization(c, "host;", "content-type;host;");
        require_error(verify(c, plain, t0), errc::unknown_parameter, "content-type", c);
    }
    SECTION("an unsigned header that is neither host nor x-acs-* is outside the signature")
    {
        set(w, "user-agent", "anything");
        CHECK(outcome(verify(w, plain, t0)) == "ok");
    }
}

TEST_CASE("verify_v3 checks x-acs-date against the clock", "[verify_v3]")
{
    wire w = signed_update();

    SECTION("beyond the window either way")
    {
        auto r = verify(w, plain, t0 + 15min + 1s);
        require_error(r, errc::timestamp_out_of_window, "x-acs-date", w);
        CHECK(r.error().limit() == 901);
        require_error(verify(w, plain, t0 - 1h), errc::timestamp_out_of_window, "x-acs-date", w);
        require_error(verify(w, plain, t0 + 2s, 1s), errc::timestamp_out_of_window, "x-acs-date", w);
        CHECK(outcome(verify(w, plain, t0 + 1s, 1s)) == "ok");
    }
    SECTION("moved in the request")
    {
        set(w, "x-acs-date", "2026-11-30T13:00:00Z");
        require_error(verify(w, plain, t0), errc::timestamp_out_of_window, "x-acs-date", w);
        set(w, "x-acs-date", "2026-11-30T12:01:00Z");
        require_error(verify(w, plain, t0), errc::signature_mismatch, "authorization", w);
        set(w, "x-acs-date", "9999-12-31T23:59:59Z");
        require_error(verify(w, plain, t0), errc::timestamp_out_of_window, "x-acs-date", w);
    }
    SECTION("malformed")
    {
        for (std::string bad : {"2026-11-30 12:00:00", "2026-11-30T12:00:00+00:00", "EVIL-date", "2026-02-30T12:00:00Z"}) {
            set(w, "x-acs-date", bad);
            INFO(bad);
            require_error(verify(w, plain, t0), errc::malformed_request, "x-acs-date", w);
        }
    }
}

TEST_CASE("verify_v3 checks the content hash and the other signed values", "[verify_v3]")
{
    wire w = signed_update();

    SECTION("content hash")
    {
        set(w, "x-acs-content-sha256", std::string(64, 'a'));
        require_error(verify(w, plain, t0), errc::invalid_value, "x-acs-content-sha256", w);
        set(w, "x-acs-content-sha256", "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855");
        require_error(verify(w, plain, t0), errc::invalid_value, "x-acs-content-sha256", w);
    }
    for (std::string name : {"x-acs-action", "x-acs-version", "x-acs-signature-nonce", "host"}) {
        SECTION(name + " changed")
        {
            set(w, name, *find(w, name) + "x");
            if (name == "host") w.url = w.url.substr(w.url.find("/?"));
            require_error(verify(w, plain, t0), errc::signature_mismatch, "authorization", w);
        }
    }
}

TEST_CASE("verify_v3 ties the STS token and key id to the credentials", "[verify_v3][sts]")
{
    wire w = signed_update(sts);
    REQUIRE(outcome(verify(w, sts, t0)) == "ok");

    SECTION("another token")
    {
        ecireq::credentials other{"STS.testid", "testsecret", "EVIL-token"};
        require_error(verify(w, other, t0), errc::invalid_value, "x-acs-security-token", w, {"EVIL-token"});
        set(w, "x-acs-security-token", "EVIL-token");
        require_error(verify(w, sts, t0), errc::invalid_value, "x-acs-security-token", w);
    }
    SECTION("the token missing")
    {
        drop(w, "x-acs-security-token");
        edit_authorization(w, "x-acs-date;x-acs-security-token;", "x-acs-date;");
        require_error(verify(w, sts, t0), errc::missing_parameter, "x-acs-security-token", w);
        // A plain request verified with STS credentials is the same case.
        ecireq::credentials sts_plain_id{"testid", "testsecret", "sts-token/+=="};
        require_error(verify(signed_update(), sts_plain_id, t0), errc::missing_parameter, "x-acs-security-token", w,
                      {"sts-token/+=="});
    }
    SECTION("a token the credentials do not have")
    {
        ecireq::credentials no_token{"STS.testid", "testsecret"};
        require_error(verify(w, no_token, t0), errc::invalid_value, "x-acs-security-token", w);
    }
    SECTION("the key id header")
    {
        set(w, "x-acs-accesskey-id", "EVIL-id");
        require_error(verify(w, sts, t0), errc::invalid_value, "x-acs-accesskey-id", w);
        drop(w, "x-acs-accesskey-id");
        require_error(verify(w, sts, t0), errc::missing_parameter, "x-acs-accesskey-id", w);
        edit_authorization(w, "host;x-acs-accesskey-id;", "host;");
        require_error(verify(w, sts, t0), errc::missing_parameter, "x-acs-accesskey-id", w);
    }
    SECTION("the key id header on a plain request")
    {
        wire p = signed_update();
        set(p, "x-acs-accesskey-id", "testid");
        edit_authorization(p, "host;", "host;x-acs-accesskey-id;");
        require_error(verify(p, plain, t0), errc::invalid_value, "x-acs-accesskey-id", p);
    }
    SECTION("the token signed but unsent, or sent but unsigned")
    {
        wire u = w;
        drop(u, "x-acs-security-token");
        require_error(verify(u, sts, t0), errc::missing_parameter, "x-acs-security-token", u);
        edit_authorization(w, "x-acs-date;x-acs-security-token;", "x-acs-date;");
        require_error(verify(w, sts, t0), errc::malformed_request, "x-acs-security-token", w);
    }
}

TEST_CASE("verify_v3 refuses the credentials' own faults first", "[verify_v3]")
{
    wire w = signed_update();
    ecireq::credentials no_secret{"testid", ""};
    require_error(verify(w, no_secret, t0), errc::empty_credential, "AccessKeySecret", w);
}
