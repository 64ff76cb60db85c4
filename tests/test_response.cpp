// Answers: the error catalogue, reading error and success bodies (and
// bodies that are neither), and what SignatureDoesNotMatch means.
#include "call_support.hpp"

#include <catch2/catch.hpp>

#include <set>
#include <string>

namespace {

using Catch::Matchers::Contains;

ecireq::credentials const creds("testid", "testsecret");

ecireq::fixed_clock const clock0{ecireq::rpc::time_point(std::chrono::seconds(1700000000))};
ecireq::fixed_nonce const nonce0{"3d0b4e4c-0000-4000-8000-000000000001"};

ecireq::sign_options fixed_options()
{
    ecireq::sign_options o;
    o.clock = clock0;
    o.nonce = nonce0;
    return o;
}

auto sample_update()
{
    return ecireq::update_image_cache()
        .region_id("cn-hangzhou")
        .image_cache_id("imc-test")
        .security_group_id("sg-test")
        .vswitch_id("vsw-test")
        .image_cache_name("cache")
        .image("nginx:1.25")
        .image_registry_credential("registry.example", "user", "registry-password-42");
}

} // namespace

TEST_CASE("the catalogue has every Code of the API's error table and the gateway's, once", "[response][catalogue]")
{
    // The API reference's table (status, Code), as the seed lists it.
    std::pair<int, char const*> const api_table[] = {
        {400, "Account.Arrearage"}, {400, "DryRunOperation"}, {400, "InvalidParameter.CPU.Memory"},
        {400, "IncorrectStatus"}, {400, "ServiceNotEnabled"}, {400, "DiskVolume.NotSupport"},
        {400, "RamRole.NotSupport"}, {400, "ImageCache.IncorrectStatus"}, {400, "ImageCacheNotSupport"},
        {400, "OperationConflict"}, {400, "NoNeedUpdate"}, {403, "OperationDenied.VswZoneMisMatch"},
        {403, "QuotaExceeded"}, {403, "Zone.NotOnSale"}, {403, "Forbidden.RiskControl"},
        {403, "Forbidden.SubUser"}, {403, "Forbidden.OnlyForInvitedTest"},
        {403, "OperationDenied.SecurityGroupMisMatch"}, {403, "InvalidVSwitchId.IpNotEnough"},
        {403, "Forbidden.UserBussinessStatus"}, {403, "Forbidden.UserNotRealNameAuthentication"},
        {403, "InvalidUser.PassRoleForbidden"}, {403, "OperationDenied.NoStock"}, {403, "NoPermission"},
        {403, "SecurityRisk.3DVerification"}, {403, "CreateServiceLinkedRole.Denied"}};
    for (auto const& [status, code] : api_table) {
        INFO(code);
        auto const* k = ecireq::find_known_error(code);
        REQUIRE(k != nullptr);
        CHECK(k->http_status == status);
        CHECK(k->origin == ecireq::error_origin::api);
        CHECK(k->retry == ecireq::retry_class::do_not_retry);
        CHECK(!k->meaning.empty());
    }
    using rc = ecireq::retry_class;
    std::tuple<char const*, int, rc> const gateway[] = {
        {"SignatureDoesNotMatch", 400, rc::do_not_retry},  {"IncompleteSignature", 400, rc::do_not_retry},
        {"SignatureNonceUsed", 400, rc::retry_with_fresh_signature},
        {"InvalidTimeStamp.Expired", 400, rc::retry_with_fresh_signature},
        {"InvalidAccessKeyId.NotFound", 404, rc::do_not_retry}, {"Throttling", 400, rc::retry_with_backoff},
        {"Throttling.User", 400, rc::retry_with_backoff},  {"Throttling.Api", 400, rc::retry_with_backoff},
        {"InternalError", 500, rc::retry_with_backoff},    {"ServiceUnavailable", 503, rc::retry_with_backoff},
        {"InvalidSignatureMethod", 400, rc::do_not_retry}, {"InvalidTimeStamp.Format", 400, rc::do_not_retry},
        {"MissingSecurityToken", 400, rc::do_not_retry},
        {"InvalidSecurityToken.MismatchWithAccessKey", 400, rc::do_not_retry},
        {"InvalidVersion", 400, rc::do_not_retry},         {"InvalidAction.NotFound", 404, rc::do_not_retry},
        {"UnsupportedHTTPMethod", 400, rc::do_not_retry},  {"MissingParameter", 400, rc::do_not_retry},
        {"InvalidParameter", 400, rc::do_not_retry},       {"InvalidParameter.Format", 400, rc::do_not_retry}};
    for (auto const& [code, status, retry] : gateway) {
        INFO(code);
        auto const* k = ecireq::find_known_error(code);
        REQUIRE(k != nullptr);
        CHECK(k->http_status == status);
        CHECK(k->origin == ecireq::error_origin::gateway);
        CHECK(k->retry == retry);
    }
    std::set<std::string_view> codes;
    for (auto const& e : ecireq::error_catalogue) CHECK(codes.insert(e.code).second);
    CHECK(codes.size() == std::size(api_table) + std::size(gateway));
}

TEST_CASE("an unknown Code is classified by its status and name", "[response][catalogue]")
{
    using rc = ecireq::retry_class;
    CHECK(ecireq::find_known_error("NoSuchCode") == nullptr);
    CHECK(ecireq::classify_error(400, "NoSuchCode") == rc::do_not_retry);
    CHECK(ecireq::classify_error(502, "") == rc::retry_with_backoff);
    CHECK(ecireq::classify_error(504, "GatewayTimeout") == rc::retry_with_backoff);
    CHECK(ecireq::classify_error(400, "Throttling.Resource") == rc::retry_with_backoff);
    CHECK(ecireq::classify_error(400, "ThrottlingX") == rc::do_not_retry);
    CHECK(ecireq::classify_error(200, "") == rc::do_not_retry);
}

TEST_CASE("an error body gives its fields, its class and a one-line summary", "[response][parse]")
{
    auto e = ecireq::parse_error(
        400, R"({"RequestId":"5A2A1D3B-1F2E","HostId":"eci.cn-hangzhou.aliyuncs.com","Code":"Throttling.User",)"
             R"("Message":"Request was denied due to user flow control.","Recommend":"https://example.invalid/r"})");
    REQUIRE(e.readable());
    CHECK(e.http_status == 400);
    CHECK(e.code == "Throttling.User");
    CHECK(e.request_id == "5A2A1D3B-1F2E");
    CHECK(e.host_id == "eci.cn-hangzhou.aliyuncs.com");
    CHECK(e.recommend == "https://example.invalid/r");
    CHECK(e.retry() == ecireq::retry_class::retry_with_backoff);
    CHECK(e.known() == ecireq::find_known_error("Throttling.User"));
    CHECK(e.summary() == "Throttling.User: Request was denied due to user flow control. (RequestId: 5A2A1D3B-1F2E)");
}

TEST_CASE("a body that is not an error document is reported, never trusted", "[response][parse]")
{
    struct {
        char const* body;
        char const* field;
    } const cases[] = {
        {"", "body"},
        {"<html><body>502 Bad Gateway</body></html>", "body"},
        {R"({"RequestId":"1","Code":"Throttling)", "body"}, // truncated
        {R"(["Code","Throttling"])", "body"},
        {"null", "body"},
        {R"({"Code":42})", "Code"},
        {R"({"Code":"X","Message":{"text":"m"}})", "Message"},
        {R"({"Code":"X","RequestId":["1"]})", "RequestId"},
    };
    for (auto const& c : cases) {
        INFO(c.body);
        auto e = ecireq::parse_error(502, c.body);
        CHECK_FALSE(e.readable());
        CHECK(e.code.empty());
        CHECK(e.unreadable == ecireq::errc::malformed_response);
        CHECK(e.unreadable.parameter() == c.field);
        CHECK(e.http_status == 502);
        // Still a decision: a 502 is worth another try, whatever its body.
        CHECK(e.retry() == ecireq::retry_class::retry_with_backoff);
        CHECK(e.summary() == "HTTP 502: " + std::string(c.field) + ": is missing or malformed in the response");
    }
    // Nesting deeper than the parser allows is an error, not a stack overflow.
    std::string deep(100000, '[');
    CHECK_FALSE(ecireq::parse_error(400, deep).readable());
    // Every prefix of a real body: never a crash, never half an error.
    std::string const whole = R"({"RequestId":"R","Code":"QuotaExceeded","Message":"ecs quota exceeded."})";
    for (std::size_t n = 0; n < whole.size(); ++n) {
        auto e = ecireq::parse_error(403, whole.substr(0, n));
        CHECK_FALSE(e.readable());
        CHECK(e.code.empty());
    }
    CHECK(ecireq::parse_error(403, whole).code == "QuotaExceeded");
}

TEST_CASE("each action's success body is read into its answer", "[response][parse]")
{
    SECTION("CreateImageCache")
    {
        auto a = ecireq::parse_answer<ecireq::create_image_cache_response>(
            200, R"({"RequestId":"R1","ImageCacheId":"imc-2zebxkiifuyzzlhl****","ContainerGroupId":"eci-2zelg8vwnlzdhf8hv****"})");
        REQUIRE(a);
        CHECK(a->request_id == "R1");
        CHECK(a->image_cache_id == "imc-2zebxkiifuyzzlhl****");
        CHECK(a->container_group_id == "eci-2zelg8vwnlzdhf8hv****");
    }
    SECTION("UpdateImageCache and DeleteImageCache")
    {
        auto u = ecireq::parse_answer<ecireq::update_image_cache_response>(200, R"({"RequestId":"R2"})");
        REQUIRE(u);
        CHECK(u->request_id == "R2");
        auto d = ecireq::parse_answer<ecireq::delete_image_cache_response>(200, R"({"RequestId":"R3","Extra":[1]})");
        REQUIRE(d);
        CHECK(d->request_id == "R3");
    }
    SECTION("DescribeImageCaches")
    {
        auto a = ecireq::parse_answer<ecireq::describe_image_caches_response>(200, R"({
          "RequestId":"R4","TotalCount":3,"NextToken":"tok-2",
          "ImageCaches":[{"ImageCacheId":"imc-1","ImageCacheName":"c1","Status":"Ready","Progress":"100%",
             "ContainerGroupId":"eci-1","SnapshotId":"s-1","CreationTime":"2026-12-01T10:00:00Z",
             "ExpireDateTime":"2027-01-01T10:00:00Z","RegionId":"cn-hangzhou","ResourceGroupId":"rg-1",
             "ImageCacheSize":20,"Flash":true,"Images":["nginx:1.25","busybox"],
             "Events":[{"Name":"Created","Type":"Normal","Message":"done","Count":2,
                        "FirstTimestamp":"2026-12-01T10:00:00Z","LastTimestamp":"2026-12-01T10:01:00Z"}],
             "Tags":[{"Key":"env","Value":"prod"}]},
            {"ImageCacheId":"imc-2","Status":"Creating","Images":[],"Events":[]}]})");
        REQUIRE(a);
        CHECK(a->request_id == "R4");
        CHECK(a->total_count == 3);
        CHECK(a->next_token == "tok-2");
        REQUIRE(a->image_caches.size() == 2);
        auto const& c = a->image_caches[0];
        CHECK(c.image_cache_id == "imc-1");
        CHECK(c.image_cache_name == "c1");
        CHECK(c.status == "Ready");
        CHECK(c.progress == "100%");
        CHECK(c.snapshot_id == "s-1");
        CHECK(c.image_cache_size == 20);
        CHECK(c.flash);
        CHECK(c.images == std::vector<std::string>{"nginx:1.25", "busybox"});
        REQUIRE(c.events.size() == 1);
        CHECK(c.events[0].name == "Created");
        CHECK(c.events[0].count == 2);
        CHECK(c.events[0].last_timestamp == "2026-12-01T10:01:00Z");
        REQUIRE(c.tags.size() == 1);
        CHECK(c.tags[0].key == "env");
        CHECK(c.tags[0].value == "prod");
        CHECK(a->image_caches[1].status == "Creating");
        CHECK(a->image_caches[1].images.empty());
    }
}

TEST_CASE("a success body with a missing or mistyped field names it", "[response][parse]")
{
    using describe = ecireq::describe_image_caches_response;
    struct {
        char const* body;
        char const* field;
    } const cases[] = {
        {R"({"ImageCaches":[]})", "RequestId"},
        {R"({"RequestId":"","ImageCaches":[]})", "RequestId"}, // found by tests/fuzz/fuzz_response.cpp
        {R"({"RequestId":"R","ImageCaches":[{"ImageCacheId":""}]})", "ImageCaches.1.ImageCacheId"},
        {R"({"RequestId":"R"})", "ImageCaches"},
        {R"({"RequestId":"R","ImageCaches":{}})", "ImageCaches"},
        {R"({"RequestId":"R","ImageCaches":[7]})", "ImageCaches.1"},
        {R"({"RequestId":"R","ImageCaches":[{"ImageCacheId":"a"},{"Status":"Ready"}]})", "ImageCaches.2.ImageCacheId"},
        {R"({"RequestId":"R","ImageCaches":[{"ImageCacheId":"a","Images":["x",3]}]})", "ImageCaches.1.Images.2"},
        {R"({"RequestId":"R","ImageCaches":[{"ImageCacheId":"a","Events":[{},{"Count":"2"}]}]})",
         "ImageCaches.1.Events.2.Count"},
        {R"({"RequestId":"R","TotalCount":1.5,"ImageCaches":[]})", "TotalCount"},
        {R"({"RequestId":"R","TotalCount":18446744073709551615,"ImageCaches":[]})", "TotalCount"},
        {R"({"RequestId":"R","ImageCaches":[{"ImageCacheId":"a","Flash":"true"}]})", "ImageCaches.1.Flash"},
        {R"({"RequestId":"R","ImageCaches":[{"ImageCacheId":"a","Tags":[{"Key":1}]}]})", "ImageCaches.1.Tags.1.Key"},
    };
    for (auto const& c : cases) {
        INFO(c.body);
        auto a = ecireq::parse_answer<describe>(200, c.body);
        REQUIRE_FALSE(a);
        CHECK(a.error().http_status == 200);
        CHECK(a.error().unreadable.parameter() == c.field);
        CHECK(a.error().retry() == ecireq::retry_class::do_not_retry);
    }
    // Null is "not there": fine for an optional field.
    CHECK(ecireq::parse_answer<describe>(200, R"({"RequestId":"R","NextToken":null,"ImageCaches":[]})"));
    auto c = ecireq::parse_answer<ecireq::create_image_cache_response>(200, R"({"RequestId":"R"})");
    REQUIRE_FALSE(c);
    CHECK(c.error().unreadable.parameter() == "ImageCacheId");
    c = ecireq::parse_answer<ecireq::create_image_cache_response>(200, R"({"RequestId":"R","ImageCacheId":""})");
    REQUIRE_FALSE(c);
    CHECK(c.error().unreadable.parameter() == "ImageCacheId");
}

TEST_CASE("a non-2xx status is an error whatever the action", "[response][parse]")
{
    auto a = ecireq::parse_answer<ecireq::delete_image_cache_response>(
        403, R"({"RequestId":"R","Code":"Forbidden.SubUser","Message":"The specified action is not available for you."})");
    REQUIRE_FALSE(a);
    CHECK(a.error().code == "Forbidden.SubUser");
    CHECK(a.error().http_status == 403);
    CHECK(a.error().known()->origin == ecireq::error_origin::api);
}

TEST_CASE("SignatureDoesNotMatch: the summary leaves out the server's signed text", "[response][diagnose]")
{
    auto e = ecireq::parse_error(400, R"({"RequestId":"R","Code":"SignatureDoesNotMatch","Message":)"
                                      R"("Specified signature is not matched with our calculation. server string to sign is:GET&%2F&Password%3Dsecret-value"})");
    CHECK(e.summary() == "SignatureDoesNotMatch: Specified signature is not matched with our calculation. (RequestId: R)");
    CHECK_THAT(e.summary(), !Contains("secret-value"));
}

TEST_CASE("diagnosis: equal texts mean a wrong secret, otherwise the first difference by part", "[response][diagnose]")
{
    auto const request = sample_update();
    using finding = ecireq::signature_diagnosis::finding;

    SECTION("V2 GET")
    {
        auto url = request.sign(creds, fixed_options());
        REQUIRE(url);
        auto ours = ecireq::v2_string_to_sign(*url);
        REQUIRE(ours);
        CHECK(ours->rfind("GET&%2F&AccessKeyId%3Dtestid%26Action%3DUpdateImageCache", 0) == 0);
        // What a server holding the same text but another key answers.
        std::string const message = "Specified signature is not matched with our calculation. server string to sign is:" + *ours;
        auto same = ecireq::diagnose_signature_mismatch(message, *ours);
        CHECK(same.what == finding::secret_is_wrong);
        CHECK_THAT(same.text(), Contains("the AccessKey secret is wrong"));

        // A proxy that changed the first image on the way.
        std::string theirs = message;
        auto at = theirs.find("nginx");
        REQUIRE(at != std::string::npos);
        theirs.replace(at, 5, "NGINX");
        auto d = ecireq::diagnose_signature_mismatch(theirs, *ours);
        CHECK(d.what == finding::texts_differ);
        CHECK(d.where == "the canonical query, parameter 4 (Image.1), in its value");
        CHECK_THAT(d.text(), !Contains("nginx") && !Contains("NGINX"));

        // Another method.
        std::string post = "... server string to sign is:POST" + ours->substr(3);
        CHECK(ecireq::diagnose_signature_mismatch(post, *ours).where == "the method");
        // A name the server saw differently (parameter 2: Action).
        std::string renamed = message;
        renamed.replace(renamed.find("Action"), 6, "Actiom");
        CHECK(ecireq::diagnose_signature_mismatch(renamed, *ours).where == "the canonical query, parameter 2 (Action), in its name");
    }
    SECTION("V2 POST")
    {
        auto post = request.sign_post(creds, fixed_options());
        REQUIRE(post.has_value());
        auto ours = ecireq::v2_string_to_sign(ecireq::http_method::post, post->body);
        REQUIRE(ours);
        CHECK(ours->rfind("POST&%2F&", 0) == 0);
        CHECK(ecireq::diagnose_signature_mismatch("server string to sign is:" + *ours, *ours).what ==
              finding::secret_is_wrong);
    }
    SECTION("V3")
    {
        auto signed_ = request.sign_v3(creds, fixed_options());
        REQUIRE(signed_.has_value());
        auto ours = ecireq::v3_canonical_request(*signed_);
        REQUIRE(ours);
        CHECK(ours->rfind("POST\n/\n", 0) == 0);
        CHECK(ours->find("x-acs-action:UpdateImageCache\n") != std::string::npos);
        std::string const message = "The request signature does not conform to Aliyun standards. server canonical request is:" + *ours;
        CHECK(ecireq::diagnose_signature_mismatch(message, *ours).what == finding::secret_is_wrong);

        std::string theirs = message;
        theirs.replace(theirs.find("x-acs-date:") + 11, 4, "1999");
        auto d = ecireq::diagnose_signature_mismatch(theirs, *ours);
        CHECK(d.what == finding::texts_differ);
        CHECK(d.where == "the header x-acs-date");

        theirs = message;
        theirs.replace(theirs.find("vsw-test"), 3, "VSW");
        CHECK(ecireq::diagnose_signature_mismatch(theirs, *ours).where ==
              "the canonical query, parameter 9 (VSwitchId), in its value");

        theirs = message.substr(0, message.size() - 1) + "0";
        CHECK(ecireq::diagnose_signature_mismatch(theirs, *ours).where == "the payload hash");

        // A gateway that quotes its string to sign: the hash of its canonical request.
        auto hash = ecireq::acs3::payload_hash<ecireq::crypto::default_backend>(*ours);
        REQUIRE(hash.has_value());
        std::string const sts = "ACS3-HMAC-SHA256\n" + std::string(hash->view());
        CHECK(ecireq::diagnose_signature_mismatch("... server string to sign is:" + sts, *ours).what ==
              finding::secret_is_wrong);
        std::string other = sts;
        other.back() = other.back() == '0' ? '1' : '0';
        auto d2 = ecireq::diagnose_signature_mismatch("... server string to sign is:" + other, *ours);
        CHECK(d2.what == finding::hashes_differ);
        CHECK_THAT(d2.text(), Contains("only the hash"));
    }
    SECTION("no signed text in the message")
    {
        auto d = ecireq::diagnose_signature_mismatch("The signature does not match.", "GET&%2F&a%3Db");
        CHECK(d.what == finding::no_server_text);
        CHECK_THAT(d.text(), Contains("no signed text"));
    }
}
