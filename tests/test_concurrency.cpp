// Concurrency and environment tests: one credentials object shared by
// signing threads, the uniqueness of default nonces, and UTC timestamps
// whatever the process time zone. Meant to pass under ThreadSanitizer too
// (docs/trust.md has the command).
//
// Catch2 v2 assertions are not thread-safe, so worker threads only record
// what they saw; every check runs on the main thread after join().
#include <ecireq/verify/rpc_v2.hpp>

#include <ecireq.hpp>

#include <catch2/catch.hpp>

#include <boost/url/params_encoded_view.hpp>
#include <boost/url/parse_query.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

namespace {

constexpr int thread_count = 8;

auto request()
{
    return ecireq::update_image_cache()
        .region_id("cn-hangzhou")
        .image_cache_id("imc-2ze5kbs4m2nv4umtxxxx")
        .security_group_id("sg-2ze0svj3e8zkfwxbxxxx")
        .vswitch_id("vsw-2zeyzyvqjqlszd7ixxxx")
        .image_cache_name("concurrency")
        .image("nginx:1.25")
        .image("registry.example.com/ns/app:1.0")
        .tag("env", "prod")
        .image_registry_credential("registry.example.com", "user", "p@ss word");
}

std::string param(boost::urls::params_encoded_view params, std::string_view name)
{
    for (auto const& p : params)
        if (p.key == name) return p.value.decode();
    return {};
}

// Parses the 32 hex digits of a lowercase 8-4-4-4-12 UUID into two words,
// checking the form and the version 4 / RFC 4122 variant bits on the way.
bool parse_uuid_v4(std::string_view s, std::pair<std::uint64_t, std::uint64_t>& out)
{
    if (s.size() != ecireq::rpc::uuid_size) return false;
    std::uint64_t w[2] = {0, 0};
    int digit = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (c != '-') return false;
            continue;
        }
        unsigned v;
        if (c >= '0' && c <= '9') v = static_cast<unsigned>(c - '0');
        else if (c >= 'a' && c <= 'f') v = static_cast<unsigned>(c - 'a' + 10);
        else return false;
        w[digit / 16] = (w[digit / 16] << 4) | v;
        ++digit;
    }
    if (s[14] != '4') return false;                                             // version 4
    if (s[19] != '8' && s[19] != '9' && s[19] != 'a' && s[19] != 'b') return false; // variant 10xx
    out = {w[0], w[1]};
    return true;
}

// "YYYY-MM-DDThh:mm:ssZ" from the C library's gmtime_r, which never looks at
// TZ: an answer computed without the code under test.
std::string utc_text(std::time_t t)
{
    std::tm tm{};
    REQUIRE(gmtime_r(&t, &tm) != nullptr);
    char buf[64]; // room for any int fields, so the format cannot truncate
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                  tm.tm_hour, tm.tm_min, tm.tm_sec);
    return buf;
}

std::time_t seconds_of(ecireq::rpc::time_point t)
{
    return static_cast<std::time_t>(
        std::chrono::floor<std::chrono::seconds>(t.time_since_epoch()).count());
}

bool well_formed(std::string_view ts)
{
    if (ts.size() != ecireq::rpc::timestamp_size) return false;
    for (std::size_t i = 0; i < ts.size(); ++i) {
        char want = i == 4 || i == 7 ? '-' : i == 10 ? 'T' : i == 13 || i == 16 ? ':' : i == 19 ? 'Z' : '#';
        if (want == '#' ? !(ts[i] >= '0' && ts[i] <= '9') : ts[i] != want) return false;
    }
    return true;
}

// Sets TZ for the life of the object and puts the old value back afterwards,
// so that the other tests in the binary see the zone they started with.
class scoped_tz {
public:
    explicit scoped_tz(char const* tz)
    {
        if (char const* old = std::getenv("TZ")) old_ = old, had_ = true;
        set(tz);
    }
    ~scoped_tz()
    {
        if (had_) setenv("TZ", old_.c_str(), 1);
        else unsetenv("TZ");
        tzset();
    }
    static void set(char const* tz)
    {
        setenv("TZ", tz, 1);
        tzset();
    }
    scoped_tz(scoped_tz const&) = delete;
    scoped_tz& operator=(scoped_tz const&) = delete;

private:
    std::string old_;
    bool had_ = false;
};

long utc_offset_now(std::time_t t)
{
    std::tm tm{};
    REQUIRE(localtime_r(&t, &tm) != nullptr);
    return tm.tm_gmtoff;
}

} // namespace

TEST_CASE("8 threads sign and verify with one shared credentials object", "[concurrency]")
{
    const ecireq::credentials creds{"testid", "testsecret", "sts-token"};
    constexpr int per_thread = 1250; // 10,000 signatures with default nonces in all

    // The reproducible signature, computed before any thread starts: every
    // thread must get it too, so no thread disturbs the shared keyed state.
    const ecireq::fixed_clock clock{ecireq::rpc::time_point(std::chrono::seconds(1700000000))};
    const ecireq::fixed_nonce nonce{"3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf"};
    ecireq::sign_options fixed;
    fixed.clock = clock;
    fixed.nonce = nonce;
    auto reference = request().sign(creds, fixed);
    REQUIRE(reference.has_value());
    const std::string reference_url(reference->buffer());

    struct seen {
        std::vector<std::string> nonces;
        int sign_failures = 0, verify_failures = 0, reproducible_mismatches = 0;
    };
    std::array<seen, thread_count> results;
    std::vector<std::thread> threads;
    for (int t = 0; t < thread_count; ++t) {
        threads.emplace_back([&, t] {
            seen& out = results[static_cast<std::size_t>(t)];
            out.nonces.reserve(per_thread);
            auto req = request();
            for (int i = 0; i < per_thread; ++i) {
                // Default clock and nonce: the backend's CSPRNG is used from
                // every thread at once. GET and POST alternate.
                if (i % 2 == 0) {
                    auto u = req.sign(creds);
                    if (!u) {
                        ++out.sign_failures;
                        continue;
                    }
                    out.nonces.push_back(param(u->encoded_params(), "SignatureNonce"));
                    if (!ecireq::verify(*u, creds, std::chrono::system_clock::now())) ++out.verify_failures;
                } else {
                    auto p = req.sign_post(creds);
                    auto body = p ? boost::urls::parse_query(p->body) : boost::urls::parse_query("");
                    if (!p || !body) {
                        ++out.sign_failures;
                        continue;
                    }
                    out.nonces.push_back(param(*body, "SignatureNonce"));
                    if (!ecireq::verify(*p, creds, std::chrono::system_clock::now())) ++out.verify_failures;
                }
                if (i % 50 == 0) {
                    auto again = req.sign(creds, fixed);
                    if (!again || again->buffer() != reference_url) ++out.reproducible_mismatches;
                }
            }
        });
    }
    for (auto& th : threads) th.join();

    std::vector<std::pair<std::uint64_t, std::uint64_t>> all;
    int malformed = 0;
    for (auto const& r : results) {
        CHECK(r.sign_failures == 0);
        CHECK(r.verify_failures == 0);
        CHECK(r.reproducible_mismatches == 0);
        for (auto const& n : r.nonces) {
            std::pair<std::uint64_t, std::uint64_t> v;
            if (parse_uuid_v4(n, v)) all.push_back(v);
            else ++malformed;
        }
    }
    CHECK(malformed == 0);
    REQUIRE(all.size() == static_cast<std::size_t>(thread_count * per_thread));
    std::sort(all.begin(), all.end());
    CHECK(std::adjacent_find(all.begin(), all.end()) == all.end());
}

TEST_CASE("1,000,000 default nonces contain no duplicate", "[concurrency][nonce]")
{
    constexpr std::size_t total = 1000000;
    constexpr std::size_t per_thread = total / thread_count;
    using backend = ecireq::crypto::default_backend;

    std::vector<std::pair<std::uint64_t, std::uint64_t>> all(total);
    std::array<std::size_t, thread_count> bad{};
    std::vector<std::thread> threads;
    for (std::size_t t = 0; t < thread_count; ++t) {
        threads.emplace_back([&, t] {
            char buf[ecireq::rpc::uuid_size];
            for (std::size_t i = 0; i < per_thread; ++i) {
                std::pair<std::uint64_t, std::uint64_t> v{0, 0};
                if (!ecireq::rpc::make_uuid_v4<backend>(buf) || !parse_uuid_v4({buf, sizeof buf}, v)) ++bad[t];
                all[t * per_thread + i] = v; // each thread writes only its own slice
            }
        });
    }
    for (auto& th : threads) th.join();

    for (std::size_t b : bad) CHECK(b == 0);
    std::sort(all.begin(), all.end());
    auto dup = std::adjacent_find(all.begin(), all.end());
    CHECK(dup == all.end());
}

TEST_CASE("Timestamp is UTC whatever TZ says", "[timestamp][tz]")
{
    const ecireq::credentials creds{"testid", "testsecret"};
    const std::time_t probe = 1700000000; // 2023-11-14T22:13:20Z

    // UTC+14, the zone furthest ahead of UTC: a local-time bug would be
    // off by 14 hours, and on a different date for most of the day.
    scoped_tz tz("Pacific/Kiritimati");
    if (utc_offset_now(probe) != 14 * 3600) {
        // No tz database here: the same offset as a POSIX TZ rule, which
        // the C library understands without one.
        scoped_tz::set("<+14>-14");
    }
    REQUIRE(utc_offset_now(probe) == 14 * 3600);
    REQUIRE(utc_text(probe) == "2023-11-14T22:13:20Z");

    SECTION("a fixed clock")
    {
        ecireq::fixed_clock clock{ecireq::rpc::time_point(std::chrono::seconds(probe))};
        ecireq::sign_options o;
        o.clock = clock;
        auto u = request().sign(creds, o);
        REQUIRE(u.has_value());
        std::string ts = param(u->encoded_params(), "Timestamp");
        CHECK(ts == "2023-11-14T22:13:20Z");
        CHECK(ts == utc_text(probe));

        char text[ecireq::rpc::timestamp_size];
        REQUIRE(ecireq::rpc::format_timestamp(clock.time, text));
        CHECK(std::string(text, sizeof text) == "2023-11-14T22:13:20Z");
        CHECK(ecireq::verify(*u, creds, clock.time).has_value());
    }
    SECTION("the system clock")
    {
        auto before = std::chrono::system_clock::now();
        auto u = request().sign(creds);
        auto after = std::chrono::system_clock::now();
        REQUIRE(u.has_value());
        std::string ts = param(u->encoded_params(), "Timestamp");
        INFO(ts);
        CHECK(well_formed(ts));
        // Fixed-width ISO 8601 text orders like the times it names.
        CHECK(utc_text(seconds_of(before)) <= ts);
        CHECK(ts <= utc_text(seconds_of(after)));
        auto parsed = ecireq::rpc::parse_timestamp(ts);
        REQUIRE(parsed.has_value());
        CHECK(seconds_of(*parsed) >= seconds_of(before));
        CHECK(seconds_of(*parsed) <= seconds_of(after));
        CHECK(ecireq::verify(*u, creds, after).has_value());
    }
}
