// The published Alibaba Cloud RPC signature vectors (tests/data/rpc-hmac-sha1.json),
// through the generic signer: parameters in, canonical query, string to sign
// and signature out.
#include <ecireq/rpc/signer.hpp>

#include <catch2/catch.hpp>

// Boost.JSON as a header-only library, for this test TU only.
#include <boost/json/src.hpp>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

boost::json::value load_vectors()
{
    std::ifstream in(ECIREQ_TEST_DATA_DIR "/rpc-hmac-sha1.json", std::ios::binary);
    REQUIRE(in);
    std::stringstream ss;
    ss << in.rdbuf();
    return boost::json::parse(ss.str());
}

std::string str(boost::json::value const& v) { return std::string(v.as_string()); }

} // namespace

TEST_CASE("every published RPC HMAC-SHA1 vector is reproduced exactly", "[vectors]")
{
    auto doc = load_vectors();
    auto const& vectors = doc.at("vectors").as_array();
    REQUIRE(vectors.size() == 3);
    for (auto const& v : vectors) {
        auto const& o = v.as_object();
        SECTION(str(o.at("name")))
        {
            std::vector<ecireq::rpc::param> params;
            for (auto const& kv : o.at("params").as_object())
                params.push_back({kv.key(), kv.value().as_string()});
            REQUIRE(str(o.at("method")) == "GET");

            auto canonical = ecireq::rpc::canonical_query(params);
            REQUIRE(canonical);
            CHECK(*canonical == str(o.at("canonical_query")));
            CHECK(ecireq::rpc::string_to_sign(ecireq::http_method::get, *canonical) == str(o.at("string_to_sign")));

            ecireq::credentials creds{"unused", str(o.at("access_key_secret"))};
            auto sig = ecireq::rpc::sign_params(creds, ecireq::http_method::get, params);
            REQUIRE(sig);
            CHECK(sig->view() == str(o.at("signature")));
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
