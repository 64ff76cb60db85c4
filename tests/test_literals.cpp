// String literals checked while compiling (C++20, builder/literal.hpp), and
// what stays as it was: the same values given at run time (std::string,
// std::string_view, const char*, a char buffer) compile and fail at sign
// time with the run-time error, and in C++17 the literals themselves do.
// The literals that must not compile are in tests/compile_fail/literals.cpp.
// This file compiles as C++17 and as C++20.
#include <ecireq.hpp>

#include "support.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

namespace {

using ecireq::errc;
namespace eci = ecireq::eci;

const ecireq::credentials creds{"testid", "testsecret"};

auto base()
{
    return ecireq::update_image_cache().region_id("cn-hangzhou").image_cache_id("imc-1").security_group_id("sg-1")
        .vswitch_id("vsw-1");
}
auto valid() { return base().image_cache_name("n"); }

template <class Builder>
ecireq::error validation_error(Builder const& b)
{
    auto v = b.validate();
    REQUIRE_FALSE(v);
    test::reproducible o;
    auto url = b.sign(creds, o.options());
    REQUIRE_FALSE(url);
    CHECK(url.error().value() == v.error().value());
    return v.error();
}

template <class Builder>
std::map<std::string, std::string> sent(Builder const& b)
{
    test::reproducible o;
    auto url = b.sign(creds, o.options());
    REQUIRE(url);
    return test::param_map(url->encoded_query());
}

// 65 ASCII characters: one more than ClientToken allows.
constexpr char token_65[] = "01234567890123456789012345678901234567890123456789012345678901234";
static_assert(sizeof token_65 == 66);

// Whether `.client_token(arg)` compiles on an UpdateImageCache builder.
template <class T, class = void>
struct client_token_takes : std::false_type {};
template <class T>
struct client_token_takes<T, std::void_t<decltype(ecireq::update_image_cache().client_token(std::declval<T>()))>>
    : std::true_type {};

} // namespace

TEST_CASE("literals: run-time values keep compiling and get the run-time error", "[literals][validation]")
{
    // The six String rules, each with values the compiler cannot know.
    std::string const long_token(token_65);
    std::string_view const long_view(token_65);
    char const* const long_pointer = token_65;
    char long_buffer[sizeof token_65];
    std::copy(std::begin(token_65), std::end(token_65), std::begin(long_buffer));

    for (auto const& e : {validation_error(valid().client_token(long_token)),
                          validation_error(valid().client_token(long_view)),
                          validation_error(valid().client_token(long_pointer)),
                          validation_error(valid().client_token(long_buffer))}) {
        CHECK(e == errc::too_long);
        CHECK(e.message() == "ClientToken: is too long (limit: 64)");
    }

    std::string const cafe = "caf\xC3\xA9";
    auto e = validation_error(valid().client_token(cafe));
    CHECK(e.message() == "ClientToken: must contain only ASCII characters");

    std::string_view const region = "cn_hangzhou";
    e = validation_error(ecireq::update_image_cache().region_id(region).image_cache_id("imc-1")
                             .security_group_id("sg-1").vswitch_id("vsw-1").image_cache_name("n"));
    CHECK(e.message() == "RegionId: is not one of the accepted values");

    std::string const yaml = "YAML";
    e = validation_error(valid().format(yaml));
    CHECK(e.message() == "Format: is not one of the accepted values");

    std::string const empty;
    e = validation_error(base().image_cache_name(empty));
    CHECK(e.message() == "ImageCacheName: must not be empty");

    char bad_utf8[] = "\xFF";
    e = validation_error(base().image_cache_name(bad_utf8));
    CHECK(e.message() == "ImageCacheName: is not valid UTF-8");

    std::string_view const mac = "Mac";
    e = validation_error(
        ecireq::create_image_cache().region_id("cn-hangzhou").image_cache_name("c").image("nginx").os_type(mac));
    CHECK(e.message() == "OsType: is not one of the accepted values");

    // maybe_ setters check at sign time, literal or not.
    e = validation_error(valid().maybe_format("YAML"));
    CHECK(e.message() == "Format: is not one of the accepted values");
}

TEST_CASE("literals: every argument type the setters took still compiles", "[literals]")
{
    STATIC_REQUIRE(client_token_takes<std::string>::value);
    STATIC_REQUIRE(client_token_takes<std::string const&>::value);
    STATIC_REQUIRE(client_token_takes<std::string_view>::value);
    STATIC_REQUIRE(client_token_takes<char const*>::value);
    STATIC_REQUIRE(client_token_takes<char*>::value);
    STATIC_REQUIRE(client_token_takes<char (&)[4]>::value);
    STATIC_REQUIRE(client_token_takes<char const (&)[4]>::value); // a literal: checked when constant
    STATIC_REQUIRE_FALSE(client_token_takes<int>::value);
    STATIC_REQUIRE_FALSE(client_token_takes<std::nullopt_t>::value);

    // A `char[N]` buffer is never a constant: it takes the run-time path.
    STATIC_REQUIRE_FALSE(ecireq::detail::takes_literal_v<eci::ClientToken, char (&)[4]>);
    STATIC_REQUIRE_FALSE(ecireq::detail::takes_literal_v<eci::ClientToken, char const*>);
    STATIC_REQUIRE_FALSE(ecireq::detail::takes_literal_v<eci::RetentionDays, char const (&)[4]>);
    STATIC_REQUIRE(ecireq::detail::takes_literal_v<eci::ClientToken, char const (&)[4]> == bool(ECIREQ_LITERAL_CHECKS));

    char buf[] = "tok-1";
    char const* pointer = "tok-2";
    static constexpr char constant[] = "tok-3";
    CHECK(sent(valid().client_token(buf))["ClientToken"] == "tok-1");
    CHECK(sent(valid().client_token(pointer))["ClientToken"] == "tok-2");
    CHECK(sent(valid().client_token(constant))["ClientToken"] == "tok-3");
    CHECK(sent(valid().client_token(std::string("tok-4")))["ClientToken"] == "tok-4");
    CHECK(sent(valid().client_token(std::string_view("tok-5")))["ClientToken"] == "tok-5");
    CHECK(sent(valid().client_token("tok-6"))["ClientToken"] == "tok-6");

    // Through the const& setters (a builder kept as an lvalue) too.
    auto const b = valid();
    CHECK(sent(b.client_token("tok-7").format("XML"))["Format"] == "XML");
    CHECK(sent(b.client_token(buf))["ClientToken"] == "tok-1");

    // A literal's value ends at its first NUL, as std::string_view(const char*) reads it.
    CHECK(sent(valid().client_token("ab\0cd"))["ClientToken"] == "ab");
    // The other kinds are untouched.
    CHECK(sent(valid().retention_days(7).flash(true))["RetentionDays"] == "7");
}

TEST_CASE("literals: in C++17 the literals compile and fail at sign time, as before", "[literals][validation]")
{
#if !ECIREQ_LITERAL_CHECKS
    // tests/compile_fail/literals.cpp: these do not compile in C++20.
    CHECK(validation_error(valid().client_token("01234567890123456789012345678901234567890123456789012345678901234"))
              .message() == "ClientToken: is too long (limit: 64)");
    CHECK(validation_error(valid().client_token("caf\xC3\xA9")).message() ==
          "ClientToken: must contain only ASCII characters");
    CHECK(validation_error(ecireq::update_image_cache().region_id("cn_hangzhou").image_cache_id("imc-1")
                               .security_group_id("sg-1").vswitch_id("vsw-1").image_cache_name("n"))
              .message() == "RegionId: is not one of the accepted values");
    CHECK(validation_error(valid().format("YAML")).message() == "Format: is not one of the accepted values");
    CHECK(validation_error(base().image_cache_name("")).message() == "ImageCacheName: must not be empty");
    CHECK(validation_error(base().image_cache_name("\xFF")).message() == "ImageCacheName: is not valid UTF-8");
#else
    SUCCEED("C++20: these literals are compile errors (tests/compile_fail/literals.cpp)");
#endif
}

namespace {

template <class Field>
void check_messages()
{
    // The compile-time message is the run-time error's message, for each String rule.
    auto check_one = [](auto code_constant) {
        constexpr errc code = decltype(code_constant)::value;
        auto const& m = ecireq::detail::literal_message_v<Field, code>;
        ecireq::error const runtime(code, Field::name, Field::limit_of(code));
        CHECK(std::string(m.text) == runtime.message());
        CHECK(sizeof m.text == runtime.message().size() + 1);
    };
    check_one(std::integral_constant<errc, errc::empty_value>{});
    check_one(std::integral_constant<errc, errc::not_ascii>{});
    check_one(std::integral_constant<errc, errc::invalid_utf8>{});
    check_one(std::integral_constant<errc, errc::too_long>{});
    check_one(std::integral_constant<errc, errc::invalid_value>{});
}

} // namespace

TEST_CASE("literals: the compile-time message is the run-time one", "[literals]")
{
    check_messages<eci::ClientToken>();
    check_messages<eci::RegionId>();
    check_messages<eci::Format>();
    check_messages<eci::ImageCacheName>();
    check_messages<eci::EliminationStrategy>();
    CHECK(std::string(ecireq::detail::literal_message_v<eci::ClientToken, errc::too_long>.text) ==
          "ClientToken: is too long (limit: 64)");
    CHECK(eci::ClientToken::limit_of(errc::too_long) == 64);
    CHECK(eci::ImageCacheName::limit_of(errc::too_long) == ecireq::detail::verdict::no_limit);
    CHECK(eci::ClientToken::limit_of(errc::empty_value) == ecireq::detail::verdict::no_limit);
}

TEST_CASE("literals: check() is the rules' verdict, which runs while compiling", "[literals][validation]")
{
    // The run-time check reports what verdict says.
    CHECK(eci::ClientToken::verdict(token_65).code == errc::too_long);
    CHECK(eci::ClientToken::verdict(token_65).limit == 64);
    CHECK(eci::ClientToken::check("ClientToken", token_65).error().message() ==
          "ClientToken: is too long (limit: 64)");
    CHECK(eci::ClientToken::check("ClientToken", "ok"));
    CHECK(eci::RegionId::check("RegionId", "cn_hangzhou").error() == errc::invalid_value);

    // Rules decided before the UTF-8 check are constant expressions in C++17 as well.
    static_assert(eci::ImageCacheName::verdict("").code == errc::empty_value);
    static_assert(eci::ClientToken::verdict("caf\xC3\xA9").code == errc::not_ascii);
#if ECIREQ_LITERAL_CHECKS
    // ... and in C++20 all of them, with the constexpr UTF-8 check.
    static_assert(eci::ClientToken::verdict("01234567890123456789012345678901234567890123456789012345678901234")
                      .code == errc::too_long);
    static_assert(eci::ClientToken::verdict("0123456789012345678901234567890123456789012345678901234567890123").ok());
    static_assert(eci::RegionId::verdict("cn_hangzhou").code == errc::invalid_value);
    static_assert(eci::RegionId::verdict("cn-hangzhou").ok());
    static_assert(eci::Format::verdict("YAML").code == errc::invalid_value);
    static_assert(eci::Format::verdict("XML").ok());
    static_assert(eci::ImageCacheName::verdict("\xFF").code == errc::invalid_utf8);
    static_assert(eci::ImageCacheName::verdict("caf\xC3\xA9").ok());
    static_assert(eci::EliminationStrategy::verdict("LRU").ok());
#endif
}

TEST_CASE("literals: the constexpr UTF-8 check agrees with rpc::is_valid_utf8", "[literals][encoding]")
{
    // Every string of one and two bytes.
    std::size_t disagreements = 0;
    for (unsigned a = 0; a < 256; ++a) {
        char const one[1] = {static_cast<char>(a)};
        disagreements += ecireq::detail::is_valid_utf8_constexpr({one, 1}) != ecireq::rpc::is_valid_utf8({one, 1});
        for (unsigned b = 0; b < 256; ++b) {
            char const two[2] = {static_cast<char>(a), static_cast<char>(b)};
            disagreements +=
                ecireq::detail::is_valid_utf8_constexpr({two, 2}) != ecireq::rpc::is_valid_utf8({two, 2});
        }
    }
    // Every string of three and four bytes drawn from the bytes where the
    // rules change (ASCII, each end of the trail range and of every lead's
    // second-byte range, the leads that are never valid).
    constexpr std::array<unsigned char, 27> edges{0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF,
                                                  0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xEC, 0xED, 0xEE,
                                                  0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xF8, 0xFE, 0xFF};
    std::size_t valid_count = 0;
    for (auto a : edges)
        for (auto b : edges)
            for (auto c : edges) {
                char const three[3] = {static_cast<char>(a), static_cast<char>(b), static_cast<char>(c)};
                disagreements +=
                    ecireq::detail::is_valid_utf8_constexpr({three, 3}) != ecireq::rpc::is_valid_utf8({three, 3});
                for (auto d : edges) {
                    char const four[4] = {static_cast<char>(a), static_cast<char>(b), static_cast<char>(c),
                                          static_cast<char>(d)};
                    bool const v = ecireq::rpc::is_valid_utf8({four, 4});
                    valid_count += v;
                    disagreements += ecireq::detail::is_valid_utf8_constexpr({four, 4}) != v;
                }
            }
    CHECK(disagreements == 0);
    CHECK(valid_count > 0);
    // Longer text: the ASCII fast path of rpc::is_valid_utf8 and what follows it.
    for (std::string_view s : {"0123456789abcdef\xC3\xA9", "0123456789abcdef\xC3", "\xF0\x9F\x98\x80 grin",
                               "\xED\xA0\x80 surrogate", "\xF4\x90\x80\x80 beyond U+10FFFF", "\xE0\x80\xAF overlong"})
        CHECK(ecireq::detail::is_valid_utf8_constexpr(s) == ecireq::rpc::is_valid_utf8(s));
}
