// Runtime validation: every rule gives an error that names the parameter
// (and the limit), never a crash, never a signature over a bad value.
#include <ecireq/actions/eci/update_image_cache.hpp>

#include "support.hpp"

#include <catch2/catch.hpp>

#include <sstream>
#include <string>

namespace {

ecireq::credentials const creds{"testid", "testsecret"};

auto base()
{
    return ecireq::update_image_cache()
        .region_id("cn-hangzhou")
        .image_cache_id("imc-1")
        .security_group_id("sg-1")
        .vswitch_id("vsw-1");
}

auto valid() { return base().image_cache_name("n"); }

template <class Builder>
ecireq::error sign_error(Builder const& b, ecireq::credentials const& c = creds)
{
    test::reproducible r;
    auto url = b.sign(c, r.options());
    REQUIRE_FALSE(url);
    // validate() reports the same error without signing.
    if (c.check()) {
        auto v = b.validate();
        REQUIRE_FALSE(v);
        CHECK(v.error().value() == url.error().value());
        CHECK(v.error().parameter() == url.error().parameter());
    }
    return url.error();
}

} // namespace

TEST_CASE("an empty required value names the parameter", "[validation]")
{
    auto e = sign_error(base().image_cache_name(std::string_view("")));
    CHECK(e == ecireq::errc::empty_value);
    CHECK(e.parameter() == "ImageCacheName");
    CHECK(e.message() == "ImageCacheName: must not be empty");
    CHECK(sign_error(valid().eip_instance_id(std::string_view(""))).parameter() == "EipInstanceId");
}

TEST_CASE("a RegionId that could not be a host label is rejected", "[validation]")
{
    for (std::string_view bad : {"cn-hangzhou.evil.example", "cn/hangzhou", "CN-HANGZHOU", "cn hangzhou", "a@b"}) {
        INFO(bad);
        auto e = sign_error(ecireq::update_image_cache().region_id(bad).image_cache_id("i").security_group_id("s")
                                .vswitch_id("v").image_cache_name("n"));
        CHECK(e == ecireq::errc::invalid_value);
        CHECK(e.parameter() == "RegionId");
    }
}

TEST_CASE("ClientToken must be ASCII and at most 64 characters", "[validation]")
{
    auto e = sign_error(valid().client_token(std::string(65, 'a')));
    CHECK(e == ecireq::errc::too_long);
    CHECK(e.parameter() == "ClientToken");
    CHECK(e.limit() == 64);
    CHECK(e.message() == "ClientToken: is too long (limit: 64)");
    auto a = sign_error(valid().client_token(std::string_view("token-\xC3\xA9")));
    CHECK(a == ecireq::errc::not_ascii);
    CHECK(a.parameter() == "ClientToken");
    test::reproducible r;
    CHECK(valid().client_token(std::string(64, 'a')).sign(creds, r.options()));
}

TEST_CASE("more than 20 tags is an error naming Tag.21", "[validation]")
{
    auto b = valid();
    for (int i = 1; i <= 20; ++i) b.tag("k" + std::to_string(i), "v");
    test::reproducible r;
    CHECK(b.sign(creds, r.options()));
    b.tag("k21", "v");
    auto e = sign_error(b);
    CHECK(e == ecireq::errc::too_many);
    CHECK(e.parameter() == "Tag.21.Key");
    CHECK(e.limit() == 20);
}

TEST_CASE("an empty tag key is an error naming Tag.N.Key", "[validation]")
{
    auto e = sign_error(valid().tag("ok", "v").tag("", "v"));
    CHECK(e == ecireq::errc::empty_value);
    CHECK(e.parameter() == "Tag.2.Key");
}

TEST_CASE("integer parameters below 1 are rejected with their minimum", "[validation]")
{
    CHECK(sign_error(valid().image_cache_size(0)).parameter() == "ImageCacheSize");
    CHECK(sign_error(valid().retention_days(-1)).parameter() == "RetentionDays");
    CHECK(sign_error(valid().standard_copy_count(0)).parameter() == "StandardCopyCount");
    auto e = sign_error(valid().flash_copy_count(0));
    CHECK(e == ecireq::errc::below_minimum);
    CHECK(e.parameter() == "FlashCopyCount");
    CHECK(e.limit() == 1);
    CHECK(e.message() == "FlashCopyCount: is below the minimum (minimum: 1)");
}

TEST_CASE("integer parameters above the API's 32-bit range are rejected", "[validation]")
{
    auto e = sign_error(valid().image_cache_size(std::int64_t{1} << 31));
    CHECK(e == ecireq::errc::above_maximum);
    CHECK(e.limit() == 2147483647);
}

TEST_CASE("a value that is not valid UTF-8 names its parameter", "[validation]")
{
    CHECK(sign_error(valid().resource_group_id(std::string_view("rg-\xFF"))).parameter() == "ResourceGroupId");
    CHECK(sign_error(valid().image("nginx\xC3")).parameter() == "Image.1");
    CHECK(sign_error(valid().tag("k", "\xED\xA0\x80")).parameter() == "Tag.1.Value");
    auto e = sign_error(valid().acr_registry_info("cri", "", "", {"ok", "bad\x80"}));
    CHECK(e == ecireq::errc::invalid_utf8);
    CHECK(e.parameter() == "AcrRegistryInfo.1.Domain.2");
}

TEST_CASE("registry credentials need a server, a user name and a password", "[validation]")
{
    CHECK(sign_error(valid().image_registry_credential("", "u", "p")).parameter() == "ImageRegistryCredential.1.Server");
    CHECK(sign_error(valid().image_registry_credential("s", "", "p")).parameter() == "ImageRegistryCredential.1.UserName");
    CHECK(sign_error(valid().image_registry_credential("s", "u", "")).parameter() == "ImageRegistryCredential.1.Password");
}

TEST_CASE("an empty image, and an ACR registry with nothing in it, are rejected", "[validation]")
{
    CHECK(sign_error(valid().image("a").image("")).parameter() == "Image.2");
    auto e = sign_error(valid().acr_registry_info(""));
    CHECK(e == ecireq::errc::empty_value);
    CHECK(e.parameter() == "AcrRegistryInfo.1");
    CHECK(sign_error(valid().acr_registry_info("cri", "", "", {""})).parameter() == "AcrRegistryInfo.1.Domain.1");
}

TEST_CASE("Format accepts only JSON and XML", "[validation]")
{
    auto e = sign_error(valid().format(std::string_view("YAML")));
    CHECK(e == ecireq::errc::invalid_value);
    CHECK(e.parameter() == "Format");
}

TEST_CASE("empty credentials are rejected before anything is signed", "[validation][credentials]")
{
    auto id = sign_error(valid(), ecireq::credentials{"", "secret"});
    CHECK(id == ecireq::errc::empty_credential);
    CHECK(id.parameter() == "AccessKeyId");
    auto secret = sign_error(valid(), ecireq::credentials{"id", ""});
    CHECK(secret == ecireq::errc::empty_credential);
    CHECK(secret.parameter() == "AccessKeySecret");
}

TEST_CASE("a nonce source that returns nothing, or too much, is an error", "[validation]")
{
    ecireq::fixed_clock clock{test::example_time()};
    ecireq::fixed_nonce empty{""};
    ecireq::sign_options o;
    o.clock = clock;
    o.nonce = empty;
    auto e = valid().sign(creds, o);
    REQUIRE_FALSE(e);
    CHECK(e.error().parameter() == "SignatureNonce");
    std::string big(65, 'n');
    ecireq::fixed_nonce too_long{big};
    o.nonce = too_long;
    auto t = valid().sign(creds, o);
    REQUIRE_FALSE(t);
    CHECK(t.error() == ecireq::errc::too_long);
}

TEST_CASE("errors convert to error codes of the ecireq category", "[validation][error]")
{
    auto e = sign_error(valid().image_cache_size(0));
    boost::system::error_code ec = e.code();
    CHECK(ec == ecireq::errc::below_minimum);
    CHECK(std::string(ec.category().name()) == "ecireq");
    std::error_code sec = ecireq::errc::below_minimum;
    CHECK(sec.message() == "is below the minimum");
    std::ostringstream os;
    os << e;
    CHECK(os.str() == "ImageCacheSize: is below the minimum (minimum: 1)");
}

TEST_CASE("format_to never overflows and always terminates", "[validation][error]")
{
    ecireq::error e(ecireq::errc::too_long, "ClientToken", 64);
    char tiny[8];
    CHECK(e.format_to(tiny, sizeof tiny) == e.message().size());
    CHECK(std::string(tiny) == "ClientT");
}

TEST_CASE("an error about no parameter in particular is well formed", "[validation][error]")
{
    // A default string_view has a null data(): copying from it is undefined
    // behaviour even for zero bytes (UBSan's nonnull check in the ASan job).
    ecireq::error e(ecireq::errc::missing_parameter, std::string_view());
    CHECK(e.parameter().empty());
    CHECK(e.message() == "is required but not set");
}
