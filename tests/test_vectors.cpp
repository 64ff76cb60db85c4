// The published Alibaba Cloud RPC signature vectors (tests/data/rpc-hmac-sha1.json),
// through the generic signer: parameters in, canonical query, string to sign
// and signature out.
#include <ecireq/signature/credentials.hpp>
#include <ecireq/signature/rpc_v2.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

namespace {

struct published_vector {
    std::string name, method, secret;
    std::vector<ecireq::rpc::param> params;
    std::string canonical_query, string_to_sign, signature;
};

// tests/data/rpc-hmac-sha1.json, as the build turns it into C++
// (tests/data/vectors_to_cpp.py).
std::vector<published_vector> const vectors =
#include "rpc_vectors.inc"
    ;

} // namespace

TEST_CASE("every published RPC HMAC-SHA1 vector is reproduced exactly", "[vectors]")
{
    REQUIRE(vectors.size() == 3);
    for (auto const& v : vectors) {
        SECTION(v.name)
        {
            REQUIRE(v.method == "GET");
            auto canonical = ecireq::rpc::canonical_query(v.params);
            REQUIRE(canonical);
            CHECK(*canonical == v.canonical_query);
            CHECK(ecireq::rpc::string_to_sign(ecireq::http_method::get, *canonical) == v.string_to_sign);

            ecireq::credentials creds{"unused", v.secret};
            auto sig = ecireq::rpc::sign_params(creds, ecireq::http_method::get, v.params);
            REQUIRE(sig);
            CHECK(sig->view() == v.signature);
        }
    }
}

TEST_CASE("the generic signer rejects two parameters with the same name", "[vectors]")
{
    auto q = ecireq::rpc::canonical_query({{"Action", "A"}, {"Version", "1"}, {"Action", "B"}});
    REQUIRE_FALSE(q);
    CHECK(q.error() == ecireq::errc::duplicate_parameter);
    CHECK(q.error().parameter() == "Action");
}

TEST_CASE("POST changes only the method in the string to sign", "[vectors]")
{
    CHECK(ecireq::rpc::string_to_sign(ecireq::http_method::post, "A=1&B=2") == "POST&%2F&A%3D1%26B%3D2");
}

TEST_CASE("merging two sorted runs gives what sorting gives, and any other input is sorted", "[vectors][order]")
{
    // put_in_order is how signing orders a request: the action's parameters
    // arrive sorted, the common ones are a short sorted run after them.
    using ecireq::rpc::param;
    std::uint32_t rng = 99;
    auto next = [&] { return rng = rng * 1664525u + 1013904223u; };
    static const std::vector<std::string> pool = [] {
        std::vector<std::string> names;
        for (char const* n : {"AccessKeyId", "Action", "Format", "SecurityToken", "SignatureMethod", "SignatureNonce",
                              "SignatureVersion", "Timestamp", "Version", "Image", "ImageCacheId", "RegionId"})
            names.emplace_back(n);
        for (int i = 1; i <= 12; ++i) {
            names.push_back("Image." + std::to_string(i));
            names.push_back("Tag." + std::to_string(i) + ".Key");
            names.push_back("Tag." + std::to_string(i) + ".Value");
            names.push_back("ImageRegistryCredential." + std::to_string(i) + ".Password");
        }
        names.push_back("\xC3\xA9t\xC3\xA9"); // bytes above 0x7F sort last
        return names;
    }();
    for (int round = 0; round < 3000; ++round) {
        // Distinct names (or, every 7th round, one repeated across the runs).
        std::vector<std::string> names = pool;
        for (std::size_t i = names.size(); i > 1; --i) std::swap(names[i - 1], names[next() % i]);
        std::size_t n = next() % 40, tail = next() % (round % 4 == 0 ? 24 : 12);
        if (tail > n) tail = n;
        names.resize(n);
        if (round % 7 == 0 && n - tail > 0 && tail > 0) names[n - 1] = names[0];
        std::vector<param> params;
        for (auto const& s : names) params.push_back({s, "v"});
        auto by_name = [](param const& a, param const& b) { return a.name < b.name; };
        bool sorted_runs = round % 5 != 0; // every 5th round: runs left as they came
        if (sorted_runs) {
            std::sort(params.begin(), params.begin() + static_cast<std::ptrdiff_t>(n - tail), by_name);
            std::sort(params.begin() + static_cast<std::ptrdiff_t>(n - tail), params.end(), by_name);
        }
        std::vector<param> expect = params;
        auto want = ecireq::rpc::sort_params(expect.data(), expect.data() + expect.size());
        auto got = ecireq::rpc::put_in_order(params.data(), params.data() + (n - tail), params.data() + n);
        INFO("round " << round << ": " << n << " parameters, a run of " << tail);
        REQUIRE(static_cast<bool>(got) == static_cast<bool>(want));
        if (!want) {
            CHECK(got.error().code() == want.error().code());
            CHECK(got.error().parameter() == want.error().parameter());
            continue;
        }
        for (std::size_t i = 0; i < n; ++i) CHECK(params[i].name == expect[i].name);
    }
    // What the builder does: vouch for a first run it emitted in order. The
    // result is the same, a name in both runs is still found.
    std::vector<param> ours{{"Image.1", "a"}, {"RegionId", "r"}, {"Tag.1.Key", "k"}};
    std::vector<param> common{{"AccessKeyId", "i"}, {"Action", "A"}, {"Timestamp", "t"}, {"Version", "v"}};
    std::vector<param> all = ours;
    all.insert(all.end(), common.begin(), common.end());
    auto merged = all;
    REQUIRE(ecireq::rpc::put_in_order(merged.data(), merged.data() + ours.size(), merged.data() + merged.size(),
                                      ecireq::rpc::first_run::sorted_by_construction));
    REQUIRE(ecireq::rpc::sort_params(all.data(), all.data() + all.size()));
    for (std::size_t i = 0; i < all.size(); ++i) CHECK(merged[i].name == all[i].name);
    std::vector<param> twice{{"Action", "x"}, {"RegionId", "r"}, {"AccessKeyId", "i"}, {"Action", "A"}};
    auto d = ecireq::rpc::put_in_order(twice.data(), twice.data() + 2, twice.data() + 4,
                                       ecireq::rpc::first_run::sorted_by_construction);
    REQUIRE_FALSE(d);
    CHECK(d.error() == ecireq::errc::duplicate_parameter);
    CHECK(d.error().parameter() == "Action");
    // An empty name is refused whichever path it takes.
    std::vector<param> empty{{"A", "1"}, {"", "2"}};
    auto e = ecireq::rpc::put_in_order(empty.data(), empty.data() + 1, empty.data() + 2);
    REQUIRE_FALSE(e);
    CHECK(e.error() == ecireq::errc::empty_value);
}
