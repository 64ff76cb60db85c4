// The benchmark baseline (benchmarks/baseline.hpp) must sign exactly what
// ecireq signs: otherwise "ecireq is N× faster than the baseline" compares
// different work. These tests pin that equality on the benchmark request and
// on requests that stress the encoding (UTF-8, '*', space, '~', Image.10).
#include "../benchmarks/baseline.hpp"
#include "../benchmarks/bench_request.hpp"

#include <catch2/catch.hpp>

#include <ecireq.hpp>

#include <string>
#include <string_view>

namespace {

using ecireq_bench::request_inputs;

struct signed_pair {
    std::string library, baseline;
};

signed_pair sign_both(request_inputs const& in)
{
    ecireq_bench::signing_setup setup(in);
    auto url = ecireq_bench::make_request(in).sign(setup.creds, setup.opts);
    REQUIRE(url);
    std::string b = baseline::sign_url(ecireq_bench::make_baseline_request(in), in.access_key_id,
                                       in.access_key_secret, in.timestamp, in.nonce);
    return {std::string(url->buffer()), b};
}

std::string query_of(std::string const& url)
{
    auto q = url.find('?');
    REQUIRE(q != std::string::npos);
    return url.substr(q + 1);
}

std::string signature_of(std::string const& url)
{
    auto s = url.find("&Signature=");
    REQUIRE(s != std::string::npos);
    return url.substr(s + 11);
}

void require_same(request_inputs const& in)
{
    auto s = sign_both(in);
    CHECK(signature_of(s.baseline) == signature_of(s.library));
    CHECK(query_of(s.baseline) == query_of(s.library));
    CHECK(s.baseline == s.library);
}

} // namespace

TEST_CASE("baseline percent-encoding follows the RPC signature rule", "[baseline]")
{
    CHECK(baseline::percent_encode("AZaz09-_.~") == "AZaz09-_.~");
    CHECK(baseline::percent_encode("a b*c") == "a%20b%2Ac");
    CHECK(baseline::percent_encode("/=&+%") == "%2F%3D%26%2B%25");
    CHECK(baseline::percent_encode("é生") == "%C3%A9%E7%94%9F");
    CHECK(baseline::iso8601_utc(1714566896) == "2024-05-01T12:34:56Z");
    const unsigned char abc[] = {'a', 'b', 'c', 'd'};
    CHECK(baseline::base64(abc, 3) == "YWJj");
    CHECK(baseline::base64(abc, 4) == "YWJjZA==");
}

TEST_CASE("baseline signs the benchmark request exactly as ecireq does", "[baseline]")
{
    auto in = ecireq_bench::full_request();
    require_same(in);
    // The scaling requests too, Image.10 and Image.100 included (byte order:
    // Image.1 < Image.10 < Image.100 < Image.11 < Image.2).
    require_same(ecireq_bench::full_request_with_images(1));
    require_same(ecireq_bench::full_request_with_images(10));
    require_same(ecireq_bench::full_request_with_images(100));
}

TEST_CASE("baseline and ecireq agree on space, '*', '~' and UTF-8", "[baseline]")
{
    request_inputs in; // only the required parameters
    in.image_cache_name = "my cache*~ 2";
    in.images = {"nginx:latest"};
    in.tags = {{"team name", "a*b ~c"}, {"emoji", "🚀 launch"}, {"empty", ""}};
    in.credentials = {{"registry.example.com:5000", "user name", "p*ss wörd~%"}};
    require_same(in);
}

TEST_CASE("baseline and ecireq agree with other keys, time and nonce", "[baseline]")
{
    request_inputs in = ecireq_bench::full_request_with_images(12);
    in.access_key_id = "STS.other-key";
    in.access_key_secret = "another secret with spaces & symbols*";
    in.timestamp = 946684799; // 1999-12-31T23:59:59Z
    in.nonce = "nonce with space*~";
    in.tags.clear();
    for (int i = 1; i <= 20; ++i) in.tags.push_back({"k" + std::to_string(i), "值 " + std::to_string(i) + " ~*"});
    in.acr_registries = {{"cri-1", "", "", {"a.example.com"}}, {"cri-2", "name two", "cn-beijing", {}}};
    require_same(in);
}

TEST_CASE("baseline and ecireq agree on long values that cross the string to sign's chunks", "[baseline]")
{
    // The V2 signer feeds the string to sign to the MAC in 1 KiB chunks and
    // copies runs of kept bytes 16 at a time: runs of escapes (UTF-8) and of
    // kept bytes longer than a chunk, and escapes at every offset of a
    // 16-byte block, must sign as the byte-by-byte baseline does.
    request_inputs in;
    std::string utf8_run;
    for (int i = 0; i < 120; ++i) utf8_run += "\xE9\x98\xBF"; // 阿: 360 escaped bytes, 1,800 in the string to sign
    std::string kept_run(1500, 'k');
    std::string mixed;
    for (int i = 0; i < 300; ++i) mixed += std::string(static_cast<std::size_t>(i % 19), 'm') + (i % 3 ? " " : "\xC3\xA9");
    in.images = {"registry.example.com/" + kept_run, "img/" + mixed, "x"};
    in.tags = {{"k1", utf8_run}, {"k2", utf8_run.substr(0, 99) + "a" + utf8_run.substr(0, 90)}};
    in.credentials = {{"registry.example.com", "user", mixed.substr(0, 500)}};
    require_same(in);
}
