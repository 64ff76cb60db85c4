// Calls through a transport: the three wire forms, retries with a fresh
// signature per attempt, backoff with jitter and x-acs-retry-after, which
// requests are repeated, and the line that explains a failure. The
// transport here is a script of answers; tests/standin/ runs the real ones.
#include "call_support.hpp"

#include <catch2/catch.hpp>

#include <boost/json/serialize.hpp>
#include <boost/url/parse.hpp>

#include <set>
#include <string>
#include <vector>

namespace {

using Catch::Matchers::Contains;
using namespace std::chrono_literals;

ecireq::credentials const creds("testid", "testsecret");

/// A transport that answers from a script and records what it was sent.
struct scripted_transport {
    std::vector<ecireq::transport_result> script;
    std::vector<ecireq::http_request> sent;

    ecireq::transport_result operator()(ecireq::http_request const& r)
    {
        sent.push_back(r);
        REQUIRE(sent.size() <= script.size());
        return script[sent.size() - 1];
    }
};

using test::answer;

ecireq::transport_result error_answer(int status, std::string const& code)
{
    return answer(status, R"({"RequestId":"R","Code":")" + code + R"(","Message":"m"})");
}

ecireq::transport_result no_answer() { return ecireq::transport_error{"Connection reset by peer"}; }

/// The nonce an attempt was signed with, whatever its form.
std::string nonce_of(ecireq::http_request const& r)
{
    for (auto const& h : r.headers)
        if (h.name == "x-acs-signature-nonce") return h.value;
    std::string query = r.method == ecireq::http_method::post ? r.body : std::string(boost::urls::url_view(r.url).encoded_query());
    auto at = query.find("SignatureNonce=");
    REQUIRE(at != std::string::npos);
    return query.substr(at + 15, query.find('&', at) - at - 15);
}

auto describe() { return ecireq::describe_image_caches().region_id("cn-hangzhou"); }
auto delete_without_token() { return ecireq::delete_image_cache().region_id("cn-hangzhou").image_cache_id("imc-1"); }

struct recorded_sleeps {
    std::vector<std::chrono::milliseconds> waits;
    ecireq::call_options options(ecireq::wire_form form, unsigned retries)
    {
        ecireq::call_options o;
        o.form = form;
        o.retry.max_retries = retries;
        o.retry.base_delay = 100ms;
        o.retry.max_delay = 1000ms;
        o.sleep = [this](std::chrono::milliseconds d) { waits.push_back(d); };
        o.random = [] { return std::uint64_t{0xFFFFFFFFFFFFFFFFull}; }; // the top of every range
        return o;
    }
};

} // namespace

TEST_CASE("prepare_http gives each wire form as it must be sent", "[call][prepare]")
{
    auto const request = describe();
    auto get = ecireq::prepare_http(request, creds, ecireq::wire_form::v2_get);
    REQUIRE(get);
    CHECK(get->method == ecireq::http_method::get);
    CHECK(get->url.rfind("https://eci.cn-hangzhou.aliyuncs.com/?", 0) == 0);
    CHECK_THAT(get->url, Contains("&Signature="));
    CHECK(get->headers.empty());
    CHECK(get->body.empty());

    auto post = ecireq::prepare_http(request, creds, ecireq::wire_form::v2_post);
    REQUIRE(post.has_value());
    CHECK(post->method == ecireq::http_method::post);
    CHECK(post->method_name() == "POST");
    REQUIRE(post->headers.size() == 1);
    CHECK(post->headers[0].name == "content-type");
    CHECK(post->headers[0].value == "application/x-www-form-urlencoded");
    CHECK_THAT(post->body, Contains("Action=DescribeImageCaches") && Contains("&Signature="));

    for (auto form : {ecireq::wire_form::v3_post, ecireq::wire_form::v3_get}) {
        auto v3 = ecireq::prepare_http(request, creds, form);
        REQUIRE(v3);
        CHECK(v3->method == (form == ecireq::wire_form::v3_get ? ecireq::http_method::get : ecireq::http_method::post));
        CHECK(ecireq::is_v3(*v3));
        CHECK(v3->headers.back().name == "authorization");
        CHECK(v3->body.empty());
    }
    // Each call signs afresh.
    CHECK(nonce_of(*get) != nonce_of(*ecireq::prepare_http(request, creds, ecireq::wire_form::v2_get)));
    // A value the builder refuses is the same error sign() gives.
    std::string const not_a_region = "cn hangzhou"; // not a literal: C++20 would refuse that at compile time
    auto bad = ecireq::describe_image_caches().region_id(not_a_region);
    auto r = ecireq::prepare_http(bad, creds, ecireq::wire_form::v3_post);
    REQUIRE_FALSE(r);
    CHECK(r.error().parameter() == "RegionId");
}

TEST_CASE("a request is safe to repeat when it only reads or carries a ClientToken", "[call][retry]")
{
    CHECK(ecireq::is_safe_to_repeat(describe()));
    CHECK_FALSE(ecireq::is_safe_to_repeat(delete_without_token()));
    CHECK(ecireq::is_safe_to_repeat(delete_without_token().client_token("token-1")));
    auto create = ecireq::create_image_cache().region_id("r").image_cache_name("n").image("nginx");
    CHECK_FALSE(ecireq::is_safe_to_repeat(create));
    std::string token = ecireq::new_client_token();
    CHECK(token.size() == 36);
    CHECK(token[14] == '4');
    CHECK(token != ecireq::new_client_token());
    CHECK(ecireq::is_safe_to_repeat(std::move(create).client_token(token)));
}

TEST_CASE("backoff: full jitter under a doubling ceiling, x-acs-retry-after when longer", "[call][retry]")
{
    ecireq::retry_policy p;
    p.base_delay = 100ms;
    p.max_delay = 1000ms;
    std::uint64_t const top = ~std::uint64_t{0};
    // random % (ceiling + 1): ceilings 100, 200, 400, 800, 1000, 1000.
    std::int64_t const ceilings[] = {100, 200, 400, 800, 1000, 1000};
    for (unsigned i = 0; i < 6; ++i) {
        INFO(i);
        CHECK(ecireq::backoff_delay(p, i, 0, "") == 0ms);
        CHECK(ecireq::backoff_delay(p, i, static_cast<std::uint64_t>(ceilings[i]), "").count() == ceilings[i]);
        CHECK(ecireq::backoff_delay(p, i, top, "").count() == static_cast<std::int64_t>(top % (ceilings[i] + 1)));
    }
    CHECK(ecireq::backoff_delay(p, 0, 0, "750") == 750ms);  // the server asks for longer
    CHECK(ecireq::backoff_delay(p, 0, 90, "50") == 90ms);   // ... or for less than drawn
    CHECK(ecireq::backoff_delay(p, 0, 0, "60000") == 1000ms); // capped
    CHECK(ecireq::backoff_delay(p, 0, 0, "soon") == 0ms);   // not a number: ignored
    CHECK(ecireq::backoff_delay(p, 0, 0, "-5") == 0ms);
    CHECK(ecireq::backoff_delay(p, 40, 1000, "") == 1000ms); // no overflow after many retries
}

TEST_CASE("a throttled read is retried with a new nonce each time, then succeeds", "[call][retry]")
{
    recorded_sleeps sleeps;
    scripted_transport t;
    t.script = {error_answer(400, "Throttling.User"), answer(503, "<html>busy</html>"), no_answer(),
                answer(200, R"({"RequestId":"R","TotalCount":0,"ImageCaches":[]})")};
    for (auto form : {ecireq::wire_form::v2_get, ecireq::wire_form::v2_post, ecireq::wire_form::v3_post}) {
        INFO(ecireq::to_string(form));
        t.sent.clear();
        sleeps.waits.clear();
        auto outcome = ecireq::call(describe(), creds, std::ref(t), sleeps.options(form, 5));
        REQUIRE(outcome);
        CHECK(outcome->succeeded());
        CHECK(outcome->attempts == 4);
        REQUIRE(t.sent.size() == 4);
        std::set<std::string> nonces;
        for (auto const& r : t.sent) nonces.insert(nonce_of(r));
        CHECK(nonces.size() == 4);
        CHECK(sleeps.waits.size() == 3);
        auto parsed = ecireq::parse_answer<ecireq::describe_image_caches_response>(outcome->response->status,
                                                                                    outcome->response->body);
        REQUIRE(parsed);
        CHECK(parsed->request_id == "R");
    }
}

TEST_CASE("retries stop at max_retries and return the last answer", "[call][retry]")
{
    recorded_sleeps sleeps;
    scripted_transport t;
    t.script = {error_answer(503, "ServiceUnavailable"), error_answer(503, "ServiceUnavailable"),
                error_answer(500, "InternalError")};
    auto outcome = ecireq::call(describe(), creds, std::ref(t), sleeps.options(ecireq::wire_form::v2_get, 2));
    REQUIRE(outcome);
    CHECK_FALSE(outcome->succeeded());
    CHECK(outcome->attempts == 3);
    CHECK(ecireq::parse_error(outcome->response->status, outcome->response->body).code == "InternalError");
    CHECK(sleeps.waits.size() == 2);
    // With the default of no retries: one attempt.
    t.sent.clear();
    auto once = ecireq::call(describe(), creds, std::ref(t));
    REQUIRE(once);
    CHECK(once->attempts == 1);
}

TEST_CASE("x-acs-retry-after sets the wait", "[call][retry]")
{
    recorded_sleeps sleeps;
    scripted_transport t;
    t.script = {answer(400, R"({"Code":"Throttling","RequestId":"R"})", {{"X-Acs-Retry-After", "640"}}),
                answer(200, R"({"RequestId":"R","ImageCaches":[]})")};
    auto o = sleeps.options(ecireq::wire_form::v2_get, 1);
    o.random = [] { return std::uint64_t{0}; };
    auto outcome = ecireq::call(describe(), creds, std::ref(t), o);
    REQUIRE(outcome);
    CHECK(outcome->succeeded());
    REQUIRE(sleeps.waits.size() == 1);
    CHECK(sleeps.waits[0] == 640ms);
}

TEST_CASE("a request that may have taken effect is not repeated without a ClientToken", "[call][retry]")
{
    recorded_sleeps sleeps;
    for (auto first : {error_answer(503, "ServiceUnavailable"), error_answer(400, "Throttling"), no_answer()}) {
        scripted_transport t;
        t.script = {first, answer(200, R"({"RequestId":"R"})")};
        auto outcome = ecireq::call(delete_without_token(), creds, std::ref(t), sleeps.options(ecireq::wire_form::v3_post, 3));
        REQUIRE(outcome);
        CHECK(outcome->attempts == 1);
        CHECK_FALSE(outcome->succeeded());

        // The same with a ClientToken is repeated, token and all.
        t.sent.clear();
        auto with_token = delete_without_token().client_token("tok-7");
        outcome = ecireq::call(with_token, creds, std::ref(t), sleeps.options(ecireq::wire_form::v3_post, 3));
        REQUIRE(outcome);
        CHECK(outcome->attempts == 2);
        CHECK(outcome->succeeded());
        for (auto const& r : t.sent) CHECK_THAT(r.url, Contains("ClientToken=tok-7"));
    }
}

TEST_CASE("a stale signature is retried at once if safe, a wrong request never", "[call][retry]")
{
    for (auto code : {"SignatureNonceUsed", "InvalidTimeStamp.Expired"}) {
        INFO(code);
        recorded_sleeps sleeps;
        scripted_transport t;
        t.script = {error_answer(400, code), answer(200, R"({"RequestId":"R"})")};
        auto outcome = ecireq::call(describe(), creds, std::ref(t), sleeps.options(ecireq::wire_form::v2_get, 1));
        REQUIRE(outcome);
        CHECK(outcome->succeeded());
        CHECK(outcome->attempts == 2);
        CHECK(sleeps.waits.empty());
        CHECK(nonce_of(t.sent[0]) != nonce_of(t.sent[1]));
        // A used nonce can mean that a transport replayed a request the
        // server already ran: without a ClientToken, no second attempt.
        t.sent.clear();
        outcome = ecireq::call(delete_without_token(), creds, std::ref(t), sleeps.options(ecireq::wire_form::v2_get, 1));
        REQUIRE(outcome);
        CHECK(outcome->attempts == 1);
    }
    for (auto code : {"SignatureDoesNotMatch", "QuotaExceeded", "InvalidAccessKeyId.NotFound", "NoSuchCode"}) {
        INFO(code);
        recorded_sleeps sleeps;
        scripted_transport t;
        t.script = {error_answer(400, code)};
        auto outcome = ecireq::call(describe(), creds, std::ref(t), sleeps.options(ecireq::wire_form::v2_get, 4));
        REQUIRE(outcome);
        CHECK(outcome->attempts == 1);
    }
}

TEST_CASE("signing errors stop the call before anything is sent", "[call][retry]")
{
    scripted_transport t;
    std::string const empty; // not a literal: C++20 would refuse that at compile time
    auto outcome = ecireq::call(ecireq::describe_image_caches().region_id(empty), creds, std::ref(t));
    REQUIRE_FALSE(outcome);
    CHECK(outcome.error().parameter() == "RegionId");
    CHECK(t.sent.empty());
}

TEST_CASE("explain: one line, the diagnosis for SignatureDoesNotMatch, no request value", "[call][explain]")
{
    auto request = ecireq::update_image_cache()
                       .region_id("cn-hangzhou")
                       .image_cache_id("imc-1")
                       .security_group_id("sg-1")
                       .vswitch_id("vsw-1")
                       .image_cache_name("c")
                       .image_registry_credential("reg.example", "user", "registry-password-42");
    for (auto form : {ecireq::wire_form::v2_get, ecireq::wire_form::v2_post, ecireq::wire_form::v3_post}) {
        INFO(ecireq::to_string(form));
        auto sent = ecireq::prepare_http(request, creds, form);
        REQUIRE(sent);
        auto ours = ecireq::signed_text(*sent);
        REQUIRE(ours);
        std::string body = R"({"RequestId":"R9","Code":"SignatureDoesNotMatch","Message":)" +
                           boost::json::serialize(boost::json::string("Specified signature is not matched. server " +
                                                                      std::string(ecireq::is_v3(*sent) ? "canonical request" : "string to sign") +
                                                                      " is:" + *ours)) +
                           "}";
        auto e = ecireq::parse_error(400, body);
        REQUIRE(e.readable());
        std::string line = ecireq::explain(e, *sent);
        CHECK(line.rfind("SignatureDoesNotMatch: the AccessKey secret is wrong", 0) == 0);
        CHECK_THAT(line, Contains("(RequestId: R9)") && !Contains("registry-password-42") && !Contains("\n"));
    }
    auto other = ecireq::parse_error(403, R"({"RequestId":"R1","Code":"QuotaExceeded","Message":"eci quota exceeded."})");
    auto sent = ecireq::prepare_http(request, creds, ecireq::wire_form::v2_get);
    CHECK(ecireq::explain(other, *sent) == "QuotaExceeded: eci quota exceeded. (RequestId: R1)");
}
