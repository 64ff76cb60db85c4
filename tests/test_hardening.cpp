// Defects a hostile review found (issue "Trust, round 2"), one test each:
// every one of these failed before its fix.
#include <ecireq.hpp>

#include "support.hpp"

#include <climits>
#include <cstring>
#include <memory>
#include <new>
#include <string>
#include <type_traits>

namespace {

const ecireq::credentials creds{"testid", "testsecret"};

auto valid() { return test::full(ecireq::update_image_cache()); }
auto minimal()
{
    return ecireq::update_image_cache().region_id("cn-hangzhou").image_cache_id("i").security_group_id("s")
        .vswitch_id("v").image_cache_name("n");
}
#if defined(__SIZEOF_INT128__) && !defined(__STRICT_ANSI__)
__extension__ typedef __int128 int128; // an integer type under -std=gnu++17, CMake's default
#endif

template <class Request>
ecireq::error sign_error(Request const& r)
{
    test::reproducible o;
    auto url = r.sign(creds, o.options());
    REQUIRE_FALSE(url);
    return url.error();
}

} // namespace

TEST_CASE("sign_post_to leaves both buffers empty when one is too small", "[hardening][buffer][post]")
{
    test::reproducible r;
    auto request = valid();
    char url[512], body[4096];
    auto full = request.sign_post_to(creds, url, sizeof url, body, sizeof body, r.options());
    REQUIRE(full);
    std::size_t url_len = full->url.size(), body_len = full->body.size();

    SECTION("the body buffer one byte short")
    {
        std::string u(512, 'x'), b(body_len - 1, 'x');
        auto e = request.sign_post_to(creds, &u[0], u.size(), &b[0], b.size(), r.options());
        REQUIRE_FALSE(e);
        CHECK(e.error() == ecireq::errc::buffer_too_small);
        CHECK(e.error().parameter() == "body");
        CHECK(u[0] == '\0');
        CHECK(b[0] == '\0');
    }
    SECTION("the URL buffer with no room for the NUL")
    {
        std::string u(url_len, 'x'), b(4096, 'x');
        auto e = request.sign_post_to(creds, &u[0], u.size(), &b[0], b.size(), r.options());
        REQUIRE_FALSE(e);
        CHECK(e.error() == ecireq::errc::buffer_too_small);
        CHECK(u[0] == '\0');
        CHECK(b[0] == '\0');
    }
}

TEST_CASE("integers beyond 64 bits or above the range are reported as above the maximum", "[hardening][validation]")
{
    auto e = sign_error(minimal().retention_days(ULLONG_MAX));
    CHECK(e == ecireq::errc::above_maximum);
    CHECK(e.parameter() == "RetentionDays");
    CHECK(e.limit() == 2147483647);
    CHECK(sign_error(minimal().retention_days((1ULL << 63) + 5)) == ecireq::errc::above_maximum);
    CHECK(sign_error(minimal().image_cache_size(LLONG_MIN)) == ecireq::errc::below_minimum);
    CHECK(sign_error(minimal().maybe_retention_days(std::optional<unsigned long long>(ULLONG_MAX))) ==
          ecireq::errc::above_maximum);
#if defined(__SIZEOF_INT128__) && !defined(__STRICT_ANSI__)
    CHECK(sign_error(minimal().standard_copy_count((int128(1) << 64) + 5)) == ecireq::errc::above_maximum);
    CHECK(sign_error(minimal().flash_copy_count(-(int128(1) << 64) + 5)) == ecireq::errc::below_minimum);
#endif
    test::reproducible o;
    CHECK(minimal().retention_days(2147483647ULL).sign(creds, o.options()));
}

TEST_CASE("the STS security token does not outlive the credentials", "[hardening][secrets]")
{
    // A short token sits in the string's own buffer, inside the object:
    // after destruction those bytes must not hold it any more.
    constexpr char token[] = "tok-SHORT-9";
    alignas(ecireq::credentials) unsigned char storage[sizeof(ecireq::credentials)];
    auto* c = new (storage) ecireq::credentials("STS.id", "secret", token);
    REQUIRE(c->security_token() == token);
    std::destroy_at(c);
    std::string_view bytes(reinterpret_cast<char const*>(storage), sizeof storage);
    CHECK(bytes.find("SHORT-9") == std::string_view::npos); // not even a tail of it

    // Moved from: the source's buffer is wiped too.
    alignas(ecireq::credentials) unsigned char from[sizeof(ecireq::credentials)];
    auto* src = new (from) ecireq::credentials("STS.id", "secret", token);
    ecireq::credentials moved(std::move(*src));
    CHECK(moved.security_token() == token);
    std::destroy_at(src);
    CHECK(std::string_view(reinterpret_cast<char const*>(from), sizeof from).find("SHORT-9") == std::string_view::npos);
}

TEST_CASE("an endpoint is a host name, IPv4 or [IPv6], and an optional port 1-65535", "[hardening][endpoint]")
{
    test::reproducible r;
    auto request = valid();
    for (char const* bad : {"host:99999", "host:", "host:0", "host%2F..%2Fx", "a.com&Signature=x", "host%00",
                            "user@host", "host/path", "a..b", "[v1.x]", "host?q", "host#f"}) {
        auto o = r.options();
        o.endpoint = bad;
        auto e = request.sign(creds, o);
        INFO(bad);
        REQUIRE_FALSE(e);
        CHECK(e.error() == ecireq::errc::invalid_endpoint);
        CHECK(e.error().parameter() == "endpoint");
    }
    for (char const* good : {"eci-vpc.cn-hangzhou.aliyuncs.com", "127.0.0.1:8080", "[::1]:443", "localhost:65535"}) {
        auto o = r.options();
        o.endpoint = good;
        INFO(good);
        auto u = request.sign(creds, o);
        REQUIRE(u);
        CHECK(u->encoded_host_and_port() == good);
    }
}

TEST_CASE("a key pasted with surrounding whitespace is refused before signing", "[hardening][credentials]")
{
    test::reproducible r;
    auto request = minimal();
    for (auto const& c : {ecireq::credentials{"testid ", "testsecret"}, ecireq::credentials{"\ttestid", "testsecret"}}) {
        auto e = request.sign(c, r.options());
        REQUIRE_FALSE(e);
        CHECK(e.error() == ecireq::errc::surrounding_whitespace);
        CHECK(e.error().message() == "AccessKeyId: starts or ends with whitespace");
    }
    auto s = request.sign_v3(ecireq::credentials{"testid", "testsecret\n"}, r.options());
    REQUIRE_FALSE(s);
    CHECK(s.error().message() == "AccessKeySecret: starts or ends with whitespace");
    // Inside a key, a space is the key's business.
    CHECK(request.sign(ecireq::credentials{"test id", "test secret"}, r.options()));
}

TEST_CASE("an STS token of blanks only is refused, for V2 and V3 alike", "[hardening][credentials]")
{
    test::reproducible r;
    const ecireq::credentials blank{"STS.id", "secret", "   "};
    auto v2 = minimal().sign(blank, r.options());
    REQUIRE_FALSE(v2);
    CHECK(v2.error().message() == "SecurityToken: starts or ends with whitespace");
    auto v3 = minimal().sign_v3(blank, r.options());
    REQUIRE_FALSE(v3);
    CHECK(v3.error().parameter() == "SecurityToken");
}

TEST_CASE("found by fuzzing: DeleteImageCache signs in static storage", "[hardening][static]")
{
    // It has no indexed names and no integers: its arena was a zero-size
    // small_vector, undefined behaviour (UBSan object-size in the ASan job).
    test::reproducible r;
    auto fixed = ecireq::delete_image_cache_static().region_id("cn-hangzhou").image_cache_id("imc-1").sign(creds, r.options());
    auto owning = ecireq::delete_image_cache().region_id("cn-hangzhou").image_cache_id("imc-1").sign(creds, r.options());
    REQUIRE(fixed);
    REQUIRE(owning);
    CHECK(fixed->buffer() == owning->buffer());
    static ecireq::request_values<ecireq::delete_image_cache_spec> values;
    auto bound = ecireq::build_in(values).region_id("cn-hangzhou").image_cache_id("imc-1").sign(creds, r.options());
    REQUIRE(bound);
    CHECK(bound->buffer() == owning->buffer());
}

TEST_CASE("found by fuzzing: the body size sign_post_to reports suffices for the next signature", "[hardening][buffer][post]")
{
    // With a fresh nonce the Base64 signature encodes to 28 to 84 bytes
    // ('+', '/' and '=' take three). A body buffer just short of one
    // signature's size used to get that signature's exact size back, which
    // the next signature could exceed.
    auto request = minimal();
    std::string url(512, '\0'), big(8192, '\0');
    int retried = 0;
    for (int i = 0; i < 300; ++i) {
        auto once = request.sign_post_to(creds, &url[0], url.size(), &big[0], big.size());
        REQUIRE(once);
        std::string body(once->body.size() - 1, '\0');
        auto e = request.sign_post_to(creds, &url[0], url.size(), &body[0], body.size());
        if (e) continue; // this signature happened to be shorter
        REQUIRE(e.error() == ecireq::errc::buffer_too_small);
        REQUIRE(e.error().limit() > 0);
        body.assign(static_cast<std::size_t>(e.error().limit()), '\0');
        ++retried;
        CHECK(request.sign_post_to(creds, &url[0], url.size(), &body[0], body.size()));
    }
    CHECK(retried > 0);
}

TEST_CASE("found by fuzzing: V3 refuses an AccessKeyId with ',' and a nonce of blanks", "[hardening][v3]")
{
    test::reproducible r;
    auto e = minimal().sign_v3(ecireq::credentials{"LTAI,x", "secret"}, r.options());
    REQUIRE_FALSE(e);
    CHECK(e.error() == ecireq::errc::invalid_value);
    CHECK(e.error().parameter() == "AccessKeyId");
    ecireq::fixed_nonce blank{"   "};
    auto o = r.options();
    o.nonce = blank;
    auto n = minimal().sign_v3(creds, o);
    REQUIRE_FALSE(n);
    CHECK(n.error() == ecireq::errc::empty_value);
    CHECK(n.error().parameter() == "SignatureNonce");
}
