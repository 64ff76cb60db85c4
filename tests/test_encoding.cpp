// Percent-encoding, UTF-8 validation, Timestamp and SignatureNonce formats.
#include <ecireq/rpc/encoding.hpp>
#include <ecireq/rpc/nonce.hpp>
#include <ecireq/rpc/timestamp.hpp>
#include <ecireq/crypto/backend.hpp>

#include <catch2/catch.hpp>

#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include <chrono>
#include <cstdint>
#include <regex>
#include <string>
#include <vector>

using ecireq::rpc::percent_encode;

TEST_CASE("unreserved characters are kept and everything else is %XY with uppercase hex", "[encoding]")
{
    CHECK(percent_encode("AZaz09-_.~") == "AZaz09-_.~");
    CHECK(percent_encode(" ") == "%20");
    CHECK(percent_encode("*") == "%2A");
    CHECK(percent_encode("+") == "%2B");
    CHECK(percent_encode("!'()") == "%21%27%28%29");
    CHECK(percent_encode(":/?#[]@&=%") == "%3A%2F%3F%23%5B%5D%40%26%3D%25");
    CHECK(percent_encode(std::string("\0\n", 2)) == "%00%0A");
}

TEST_CASE("every byte of every value outside the unreserved set is encoded", "[encoding]")
{
    for (int b = 0; b < 256; ++b) {
        char c = static_cast<char>(b);
        bool keep = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                    c == '_' || c == '.' || c == '~';
        std::string e = percent_encode(std::string(1, c));
        if (keep) {
            CHECK(e == std::string(1, c));
        } else {
            static constexpr char hex[] = "0123456789ABCDEF";
            CHECK(e == std::string{'%', hex[b >> 4], hex[b & 15]});
        }
    }
}

TEST_CASE("the table encoder agrees with Boost.URL's unreserved_chars on every byte", "[encoding]")
{
    for (int b = 0; b < 256; ++b) {
        std::string one(1, static_cast<char>(b));
        CHECK(percent_encode(one) == std::string(boost::urls::encode(one, boost::urls::unreserved_chars)));
        CHECK(ecireq::rpc::encoded_size(one) == boost::urls::encoded_size(one, boost::urls::unreserved_chars));
    }
}

TEST_CASE("multi-byte UTF-8 is encoded byte by byte, never through a signed char", "[encoding]")
{
    CHECK(percent_encode("\xE9\x98\xBF") == "%E9%98%BF");         // 阿
    CHECK(percent_encode("\xF0\x9F\x98\x80") == "%F0%9F%98%80");  // U+1F600
}

TEST_CASE("a run of kept bytes is found and copied exactly, at every length and escape position", "[encoding]")
{
    // copy_unreserved_run works in blocks of 16, overlapping words of 8 and 4,
    // then single bytes: every length up to three blocks, with an escape at
    // every position (or none), must give the run a byte loop gives, copy it
    // to both outputs, and write nothing past the input's length.
    using ecireq::rpc::copy_unreserved_run;
    using ecireq::rpc::is_unreserved;
    std::uint32_t rng = 12345;
    auto next = [&] { return rng = rng * 1664525u + 1013904223u; };
    constexpr char kept[] = "AZaz09-_.~MNmn";
    constexpr unsigned char escaped[] = {' ', '%', '+', '/', '@', '[', '`', '{', 0x00, 0x7F, 0x80, 0xE9, 0xFF};
    int checked = 0;
    for (std::size_t len = 0; len <= 48; ++len) {
        for (std::size_t at = 0; at <= len; ++at) { // at == len: nothing to escape
            std::vector<unsigned char> in(len);
            for (auto& c : in) c = static_cast<unsigned char>(kept[next() % (sizeof kept - 1)]);
            if (at < len) in[at] = escaped[next() % sizeof escaped];
            if (at + 1 < len && next() % 2) in[at + 1] = escaped[next() % sizeof escaped]; // escapes in a row
            std::size_t expect = 0;
            while (expect < len && is_unreserved(in[expect])) ++expect;
            std::string a(len + 32, '#'), b(len + 32, '#');
            std::size_t n = copy_unreserved_run(in.data(), in.data() + len, &a[0], &b[0]);
            INFO("length " << len << ", escape at " << at);
            REQUIRE(n == expect);
            CHECK(a.compare(0, n, reinterpret_cast<char const*>(in.data()), n) == 0);
            CHECK(b.compare(0, n, reinterpret_cast<char const*>(in.data()), n) == 0);
            CHECK(a.find_first_not_of('#', len) == std::string::npos);
            CHECK(b.find_first_not_of('#', len) == std::string::npos);
            ++checked;
        }
    }
    CHECK(checked == 49 * 50 / 2); // lengths 0..48, each with len + 1 escape positions
    // Every byte value, in every lane of a block and of both tail words.
    for (int c = 0; c < 256; ++c) {
        for (std::size_t len : {std::size_t{5}, std::size_t{11}, std::size_t{16}, std::size_t{21}}) {
            for (std::size_t at = 0; at < len; ++at) {
                std::vector<unsigned char> in(len, 'k');
                in[at] = static_cast<unsigned char>(c);
                std::string a(len, '#');
                std::size_t n = copy_unreserved_run(in.data(), in.data() + len, &a[0]);
                if (n != (is_unreserved(static_cast<unsigned char>(c)) ? len : at))
                    FAIL("byte " << c << " in lane " << at << " of " << len << ": run of " << n);
            }
        }
    }
}

TEST_CASE("long values with escapes anywhere encode as byte-by-byte encoding does", "[encoding]")
{
    std::uint32_t rng = 7;
    auto next = [&] { return rng = rng * 1664525u + 1013904223u; };
    for (int round = 0; round < 2000; ++round) {
        std::string s(next() % 200, '\0');
        for (auto& c : s) c = next() % 8 == 0 ? static_cast<char>(next() % 256) : "abcXYZ019-_.~"[next() % 13];
        std::string expect;
        for (unsigned char c : s) {
            static constexpr char hex[] = "0123456789ABCDEF";
            if (ecireq::rpc::is_unreserved(c)) expect += static_cast<char>(c);
            else expect += std::string{'%', hex[c >> 4], hex[c & 15]};
        }
        std::string out(ecireq::rpc::encoded_size(s) + 8, '#');
        char* end = ecireq::rpc::encode_to(&out[0], s);
        REQUIRE(std::string(&out[0], end) == expect);
        CHECK(out.substr(expect.size()) == std::string(8, '#'));
    }
}

TEST_CASE("UTF-8 validation accepts well-formed text and rejects the rest", "[encoding]")
{
    using ecireq::rpc::is_valid_utf8;
    CHECK(is_valid_utf8(""));
    CHECK(is_valid_utf8("plain ascii"));
    CHECK(is_valid_utf8("\xE9\x98\xBF\xE9\x87\x8C"));
    CHECK(is_valid_utf8("\xF0\x9F\x98\x80"));
    CHECK(is_valid_utf8("\xF4\x8F\xBF\xBF"));          // U+10FFFF
    CHECK_FALSE(is_valid_utf8("\xFF"));
    CHECK_FALSE(is_valid_utf8("\xC3"));                // truncated
    CHECK_FALSE(is_valid_utf8("\xC0\xAF"));            // overlong '/'
    CHECK_FALSE(is_valid_utf8("\xE0\x80\xAF"));        // overlong
    CHECK_FALSE(is_valid_utf8("\xED\xA0\x80"));        // surrogate U+D800
    CHECK_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));    // above U+10FFFF
    CHECK_FALSE(is_valid_utf8("a\x80" "b"));           // stray continuation
    // The eight-bytes-at-a-time ASCII skip must not skip past a bad byte.
    for (std::size_t at = 0; at < 24; ++at) {
        std::string s(24, 'a');
        s[at] = '\xFF';
        CHECK_FALSE(is_valid_utf8(s));
        s[at] = '\xC3';
        if (at + 1 < s.size()) s[at + 1] = '\xA9';
        CHECK(is_valid_utf8(s) == (at + 1 < s.size()));
    }
}

TEST_CASE("timestamps are UTC YYYY-MM-DDThh:mm:ssZ, truncated to the second", "[timestamp]")
{
    using namespace std::chrono;
    auto fmt = [](ecireq::rpc::time_point t) {
        char buf[ecireq::rpc::timestamp_size];
        REQUIRE(ecireq::rpc::format_timestamp(t, buf));
        return std::string(buf, sizeof buf);
    };
    CHECK(fmt(system_clock::time_point{}) == "1970-01-01T00:00:00Z");
    CHECK(fmt(system_clock::time_point{seconds{1456231584}}) == "2016-02-23T12:46:24Z");
    CHECK(fmt(system_clock::time_point{seconds{951782400}}) == "2000-02-29T00:00:00Z");
    CHECK(fmt(system_clock::time_point{seconds{1456231584}} + milliseconds{999}) == "2016-02-23T12:46:24Z");
    CHECK(fmt(system_clock::time_point{seconds{-1}}) == "1969-12-31T23:59:59Z");
    CHECK(fmt(system_clock::time_point{milliseconds{-1}}) == "1969-12-31T23:59:59Z");
    if (std::is_same<system_clock::duration, nanoseconds>::value) { // libstdc++, libc++ on Linux
        CHECK(fmt(system_clock::time_point::max()) == "2262-04-11T23:47:16Z");
        CHECK(fmt(system_clock::time_point::min()) == "1677-09-21T00:12:43Z");
    }
}

TEST_CASE("timestamps parse back to the same instant and malformed ones are rejected", "[timestamp]")
{
    using namespace std::chrono;
    using ecireq::rpc::parse_timestamp;
    auto t = parse_timestamp("2016-02-23T12:46:24Z");
    REQUIRE(t);
    CHECK(duration_cast<seconds>(t->time_since_epoch()).count() == 1456231584);
    CHECK(parse_timestamp("2024-02-29T00:00:00Z"));
    CHECK_FALSE(parse_timestamp("2023-02-29T00:00:00Z"));
    CHECK_FALSE(parse_timestamp("2016-02-23T24:00:00Z"));
    CHECK_FALSE(parse_timestamp("2016-02-23 12:46:24Z"));
    CHECK_FALSE(parse_timestamp("2016-02-23T12:46:24"));
    CHECK_FALSE(parse_timestamp("2016-2-23T12:46:24Z"));
    CHECK_FALSE(parse_timestamp("2016-13-01T00:00:00Z"));
    // Years the clock cannot represent are rejected, never wrapped around.
    if (std::is_same<system_clock::duration, nanoseconds>::value) {
        CHECK_FALSE(parse_timestamp("2608-06-04T21:47:54Z"));
        CHECK_FALSE(parse_timestamp("9999-12-31T23:59:59Z"));
        CHECK_FALSE(parse_timestamp("0001-01-01T00:00:00Z"));
        CHECK(parse_timestamp("2262-04-11T23:47:15Z"));
    }
}

#if !defined(ECIREQ_CRYPTO_NONE)
TEST_CASE("a default nonce is a lowercase random UUID version 4", "[nonce]")
{
    static std::regex const uuid("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    char a[ecireq::rpc::uuid_size], b[ecireq::rpc::uuid_size];
    REQUIRE(ecireq::rpc::make_uuid_v4<ecireq::crypto::default_backend>(a));
    REQUIRE(ecireq::rpc::make_uuid_v4<ecireq::crypto::default_backend>(b));
    CHECK(std::regex_match(std::string(a, sizeof a), uuid));
    CHECK(std::string(a, sizeof a) != std::string(b, sizeof b));
}
#endif
