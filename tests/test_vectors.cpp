// The published Alibaba Cloud RPC signature vectors (tests/data/rpc-hmac-sha1.json),
// through the generic signer: parameters in, canonical query, string to sign
// and signature out.
#include <ecireq/signature/credentials.hpp>
#include <ecireq/signature/rpc_v2.hpp>

#include <catch2/catch.hpp>

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
