// Signing benchmarks: ns and heap allocations per signed UpdateImageCache
// request, for each way of signing, against the HMAC floor and a
// conventional baseline. benchmarks/run.sh runs them and writes
// docs/performance.md.
//
// Every case signs the same request (bench_request.hpp) with a fixed clock
// and nonce, so each iteration does exactly the same work and the outputs
// can be checked against each other before timing starts.
#include "alloc_count.hpp"
#include "baseline.hpp"
#include "bench_request.hpp"

#include <ecireq.hpp>

#include <benchmark/benchmark.h>
#include <boost/url/parse.hpp>
#include <boost/url/static_url.hpp>
#include <boost/version.hpp>
#include <openssl/opensslv.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace {

using namespace ecireq_bench;

/// Counts between construction and report(); report() sets the per-iteration counters.
class alloc_meter {
public:
    alloc_meter() : cxx_(cxx_alloc_count()), ossl_(ossl_alloc_count()) {}
    void report(benchmark::State& state) const
    {
        // Read both before touching state.counters, whose map insertions allocate.
        auto cxx = static_cast<double>(cxx_alloc_count() - cxx_);
        auto ossl = static_cast<double>(ossl_alloc_count() - ossl_);
        state.counters["allocs"] = benchmark::Counter(cxx, benchmark::Counter::kAvgIterations);
        state.counters["ossl_allocs"] = benchmark::Counter(ossl, benchmark::Counter::kAvgIterations);
    }

private:
    std::uint64_t cxx_, ossl_;
};

using owning_request = decltype(make_request<ecireq::owning_storage>(std::declval<request_inputs const&>()));

/// Everything a case needs for the benchmark request with `images` images,
/// built once (outside any timed loop) and checked for consistency.
struct context {
    request_inputs in;
    signing_setup setup;
    owning_request request;
    baseline::rpc_request baseline_request;
    std::string url;            // the library's signed URL
    std::string string_to_sign; // recovered from that URL
    std::size_t url_capacity;   // a sign_to buffer size that always suffices
    // V3: the canonical request the library signed, recovered from its output.
    std::string v3_canonical_request;
    std::size_t v3_url_capacity = 0, v3_headers_capacity = 0;

    void check_v3();

    explicit context(std::size_t images)
        : in(images == 3 ? full_request() : full_request_with_images(images)), setup(in),
          request(make_request<ecireq::owning_storage>(in)), baseline_request(make_baseline_request(in))
    {
        auto u = request.sign(setup.creds, setup.opts);
        if (!u) {
            std::fprintf(stderr, "sign failed: %s\n", u.error().message().c_str());
            std::abort();
        }
        url = std::string(u->buffer());
        std::string_view query = u->encoded_query();
        std::string_view canonical = query.substr(0, query.find("&Signature="));
        string_to_sign = ecireq::rpc::string_to_sign(ecireq::http_method::get, canonical);
        url_capacity = url.size() + 1 + 64;
        // The floor must hash exactly what the library signed.
        auto mac = setup.creds.key<ecireq::signature::rpc_v2>();
        mac.update(string_to_sign.data(), string_to_sign.size());
        unsigned char digest[20];
        char sig[32] = {};
        mac.finish(digest);
        ecireq::credentials::backend_type::base64_encode(digest, sizeof digest, sig);
        if (ecireq::rpc::percent_encode(sig) != query.substr(query.find("&Signature=") + 11)) {
            std::fprintf(stderr, "floor signature differs from the library's\n");
            std::abort();
        }
        check_v3();
        std::string b = baseline::sign_url(baseline_request, in.access_key_id, in.access_key_secret, in.timestamp,
                                           in.nonce);
        if (b != url) {
            std::fprintf(stderr, "baseline and library disagree:\n%s\n%s\n", b.c_str(), url.c_str());
            std::abort();
        }
    }
};

/// The V3 floor: SHA-256 of the canonical request, then a pre-keyed
/// HMAC-SHA256 of the string to sign, in hex. Also what check_v3 compares.
inline std::string v3_floor(ecireq::credentials const& creds, std::string_view canonical_request)
{
    using backend = ecireq::credentials::backend_type;
    backend::sha256 h;
    unsigned char digest[32];
    h.start();
    h.update(canonical_request.data(), canonical_request.size());
    h.finish(digest);
    char sts[17 + 64] = "ACS3-HMAC-SHA256\n";
    ecireq::acs3::hex_lower(digest, sizeof digest, sts + 17);
    auto mac = creds.key<ecireq::signature::acs3_hmac_sha256>();
    mac.update(sts, sizeof sts);
    mac.finish(digest);
    char hex[64];
    ecireq::acs3::hex_lower(digest, sizeof digest, hex);
    return std::string(hex, sizeof hex);
}

void context::check_v3()
{
    auto v3 = request.sign_v3(setup.creds, setup.opts);
    if (!v3) {
        std::fprintf(stderr, "sign_v3 failed: %s\n", v3.error().message().c_str());
        std::abort();
    }
    std::map<std::string, std::string> h;
    for (auto const& x : v3->headers) h[x.name] = x.value;
    ecireq::acs3::request_parts p;
    p.method = v3->method;
    p.host = h["host"];
    p.action = h["x-acs-action"];
    p.version = h["x-acs-version"];
    p.date = h["x-acs-date"];
    p.nonce = h["x-acs-signature-nonce"];
    p.payload_hash = h["x-acs-content-sha256"];
    p.access_key_id = setup.creds.access_key_id();
    v3_canonical_request = ecireq::acs3::canonical_request_text(p, v3->url.encoded_query());
    // The floor must hash exactly what the library signed.
    std::string const& auth = h["authorization"];
    if (auth.substr(auth.size() - 64) != v3_floor(setup.creds, v3_canonical_request)) {
        std::fprintf(stderr, "V3 floor signature differs from the library's\n");
        std::abort();
    }
    v3_url_capacity = v3->url.buffer().size() + 1;
    v3_headers_capacity = 4096;
}

context& ctx(std::size_t images = 3)
{
    static std::map<std::size_t, std::unique_ptr<context>> cache;
    auto& c = cache[images];
    if (!c) c = std::make_unique<context>(images);
    return *c;
}

// --- the cases -------------------------------------------------------------

// sign() into a boost::urls::url: the convenient, allocating form.
void BM_sign_url(benchmark::State& state, std::size_t images)
{
    auto& c = ctx(images);
    alloc_meter m;
    for (auto _ : state) {
        auto r = c.request.sign(c.setup.creds, c.setup.opts);
        benchmark::DoNotOptimize(r);
    }
    m.report(state);
}

// sign_to() into a caller char buffer: the no-allocation form.
void BM_sign_to_buffer(benchmark::State& state, std::size_t images)
{
    auto& c = ctx(images);
    std::vector<char> buf(c.url_capacity);
    if (!c.request.sign_to(c.setup.creds, buf.data(), buf.size(), c.setup.opts)) { // time the success path only
        state.SkipWithError("sign_to failed");
        return;
    }
    alloc_meter m;
    for (auto _ : state) {
        auto r = c.request.sign_to(c.setup.creds, buf.data(), buf.size(), c.setup.opts);
        benchmark::DoNotOptimize(r);
        benchmark::ClobberMemory();
    }
    m.report(state);
}

// sign_to() into a buffer with the default sources: the system clock and a
// UUID from the backend's CSPRNG, what a real request draws. The fixed-clock
// case above times the same work without them.
void BM_sign_to_buffer_fresh(benchmark::State& state)
{
    auto& c = ctx();
    std::vector<char> buf(c.url_capacity);
    ecireq::sign_options fresh = c.setup.opts;
    fresh.clock = {};
    fresh.nonce = {};
    if (!c.request.sign_to(c.setup.creds, buf.data(), buf.size(), fresh)) {
        state.SkipWithError("sign_to failed");
        return;
    }
    alloc_meter m;
    for (auto _ : state) {
        auto r = c.request.sign_to(c.setup.creds, buf.data(), buf.size(), fresh);
        benchmark::DoNotOptimize(r);
        benchmark::ClobberMemory();
    }
    m.report(state);
}

// What sign() must add to sign_to() whatever it does otherwise: parsing the
// signed URL into a boost::urls::url (Boost.URL 1.81 makes a url only by
// parsing). The floor plus this is the least sign() can take.
void BM_parse_signed_url(benchmark::State& state)
{
    auto& c = ctx();
    std::vector<char> buf(c.url_capacity);
    auto signed_url = c.request.sign_to(c.setup.creds, buf.data(), buf.size(), c.setup.opts);
    if (!signed_url) {
        state.SkipWithError("sign_to failed");
        return;
    }
    std::string_view const text = *signed_url;
    alloc_meter m;
    for (auto _ : state) {
        auto u = boost::urls::parse_uri(text);
        benchmark::DoNotOptimize(u);
    }
    m.report(state);
}

// sign_to() into a boost::urls::static_url (its own fixed storage).
void BM_sign_to_static_url(benchmark::State& state)
{
    auto& c = ctx();
    auto u = std::make_unique<boost::urls::static_url<4096>>();
    if (!c.request.sign_to(c.setup.creds, *u, c.setup.opts)) { // time the success path only
        state.SkipWithError("sign_to failed");
        return;
    }
    alloc_meter m;
    for (auto _ : state) {
        auto r = c.request.sign_to(c.setup.creds, *u, c.setup.opts);
        benchmark::DoNotOptimize(r);
        benchmark::ClobberMemory();
    }
    m.report(state);
}

// Fixed storage (string_views, static_vectors) built inside the loop, then
// signed into a buffer: the whole no-heap path from values to URL.
void BM_static_build_sign_to_buffer(benchmark::State& state)
{
    auto& c = ctx();
    std::vector<char> buf(c.url_capacity);
    if (!make_request<ecireq::static_storage<>>(c.in).sign_to(c.setup.creds, buf.data(), buf.size(), c.setup.opts)) { // time the success path only
        state.SkipWithError("sign_to failed");
        return;
    }
    alloc_meter m;
    for (auto _ : state) {
        auto request = make_request<ecireq::static_storage<>>(c.in);
        auto r = request.sign_to(c.setup.creds, buf.data(), buf.size(), c.setup.opts);
        benchmark::DoNotOptimize(r);
        benchmark::ClobberMemory();
    }
    m.report(state);
}

void BM_static_build_sign_to_static_url(benchmark::State& state)
{
    auto& c = ctx();
    auto u = std::make_unique<boost::urls::static_url<4096>>();
    if (!make_request<ecireq::static_storage<>>(c.in).sign_to(c.setup.creds, *u, c.setup.opts)) { // time the success path only
        state.SkipWithError("sign_to failed");
        return;
    }
    alloc_meter m;
    for (auto _ : state) {
        auto request = make_request<ecireq::static_storage<>>(c.in);
        auto r = request.sign_to(c.setup.creds, *u, c.setup.opts);
        benchmark::DoNotOptimize(r);
        benchmark::ClobberMemory();
    }
    m.report(state);
}

// The floor: the one thing no signer can skip, a keyed HMAC-SHA1 of the
// string to sign plus Base64, with the library's own backend and key
// handling (copy the pre-keyed state, update, finish).
void BM_floor_hmac(benchmark::State& state, std::size_t images)
{
    auto& c = ctx(images);
    std::string_view sts = c.string_to_sign;
    alloc_meter m;
    for (auto _ : state) {
        auto mac = c.setup.creds.key<ecireq::signature::rpc_v2>();
        mac.update(sts.data(), sts.size());
        unsigned char digest[20];
        char out[32];
        bool ok = mac.finish(digest);
        std::size_t n = ecireq::credentials::backend_type::base64_encode(digest, sizeof digest, out);
        benchmark::DoNotOptimize(ok);
        benchmark::DoNotOptimize(n);
        benchmark::DoNotOptimize(out);
    }
    m.report(state);
}

// V3 (ACS3-HMAC-SHA256): sign_v3 into a signed_request (allocates), and
// sign_v3_to into caller buffers (no heap), against the V3 floor.
void BM_sign_v3(benchmark::State& state)
{
    auto& c = ctx();
    alloc_meter m;
    for (auto _ : state) {
        auto r = c.request.sign_v3(c.setup.creds, c.setup.opts);
        benchmark::DoNotOptimize(r);
    }
    m.report(state);
}

void BM_sign_v3_to_buffer(benchmark::State& state)
{
    auto& c = ctx();
    std::vector<char> url(c.v3_url_capacity), headers(c.v3_headers_capacity);
    if (!c.request.sign_v3_to(c.setup.creds, url.data(), url.size(), headers.data(), headers.size(), c.setup.opts)) {
        state.SkipWithError("sign_v3_to failed");
        return;
    }
    alloc_meter m;
    for (auto _ : state) {
        auto r = c.request.sign_v3_to(c.setup.creds, url.data(), url.size(), headers.data(), headers.size(),
                                      c.setup.opts);
        benchmark::DoNotOptimize(r);
        benchmark::ClobberMemory();
    }
    m.report(state);
}

// The V3 floor: one SHA-256 over the same canonical request plus one
// pre-keyed HMAC-SHA256 over the string to sign, hex-encoded.
void BM_floor_v3(benchmark::State& state)
{
    auto& c = ctx();
    alloc_meter m;
    for (auto _ : state) {
        auto sig = v3_floor(c.setup.creds, c.v3_canonical_request);
        benchmark::DoNotOptimize(sig);
    }
    m.report(state);
}

// The conventional signer (baseline.hpp).
void BM_baseline(benchmark::State& state, std::size_t images)
{
    auto& c = ctx(images);
    alloc_meter m;
    for (auto _ : state) {
        std::string url = baseline::sign_url(c.baseline_request, c.in.access_key_id, c.in.access_key_secret,
                                             c.in.timestamp, c.in.nonce);
        benchmark::DoNotOptimize(url);
    }
    m.report(state);
}

// Building the request alone, no signing.
void BM_build_owning(benchmark::State& state)
{
    auto& c = ctx();
    alloc_meter m;
    for (auto _ : state) {
        auto request = make_request<ecireq::owning_storage>(c.in);
        benchmark::DoNotOptimize(request);
    }
    m.report(state);
}

void BM_build_static(benchmark::State& state)
{
    auto& c = ctx();
    alloc_meter m;
    for (auto _ : state) {
        auto request = make_request<ecireq::static_storage<>>(c.in);
        benchmark::DoNotOptimize(request);
    }
    m.report(state);
}

} // namespace

int main(int argc, char** argv)
{
    // Must precede every other use of OpenSSL, or OpenSSL refuses (returns 0).
    if (!install_openssl_alloc_hooks()) {
        std::fprintf(stderr, "CRYPTO_set_mem_functions failed: OpenSSL allocated before main\n");
        return 1;
    }
    benchmark::AddCustomContext("openssl", OpenSSL_version(OPENSSL_VERSION));
    benchmark::AddCustomContext("boost", BOOST_LIB_VERSION);
#if defined(__clang__)
    benchmark::AddCustomContext("compiler", "clang " __clang_version__);
#elif defined(__GNUC__)
    benchmark::AddCustomContext("compiler", "gcc " __VERSION__);
#endif

    // Registered here rather than with BENCHMARK() to give the cases the
    // plain names run.sh and docs/performance.md use. Besides the median,
    // each reports the minimum over repetitions: on a shared machine the
    // minimum is the figure least disturbed by other processes.
    using benchmark::State;
    auto reg = [](std::string const& name, auto fn) {
        benchmark::RegisterBenchmark(name.c_str(), fn)->ComputeStatistics("min", [](std::vector<double> const& v) {
            return *std::min_element(v.begin(), v.end());
        });
    };
    reg("sign_url", [](State& s) { BM_sign_url(s, 3); });
    reg("sign_to_buffer", [](State& s) { BM_sign_to_buffer(s, 3); });
    reg("sign_to_buffer_fresh", BM_sign_to_buffer_fresh);
    reg("sign_to_static_url", BM_sign_to_static_url);
    reg("static_build+sign_to_buffer", BM_static_build_sign_to_buffer);
    reg("static_build+sign_to_static_url", BM_static_build_sign_to_static_url);
    reg("floor_hmac", [](State& s) { BM_floor_hmac(s, 3); });
    reg("parse_signed_url", BM_parse_signed_url);
    reg("baseline", [](State& s) { BM_baseline(s, 3); });
    reg("sign_v3", BM_sign_v3);
    reg("sign_v3_to_buffer", BM_sign_v3_to_buffer);
    reg("floor_v3", BM_floor_v3);
    reg("build_owning", BM_build_owning);
    reg("build_static", BM_build_static);
    // The same request with 1, 10 and 100 images instead of 3.
    for (std::size_t n : {1, 10, 100}) {
        std::string suffix = "/images:" + std::to_string(n);
        reg("sign_url" + suffix, [n](State& s) { BM_sign_url(s, n); });
        reg("sign_to_buffer" + suffix, [n](State& s) { BM_sign_to_buffer(s, n); });
        reg("floor_hmac" + suffix, [n](State& s) { BM_floor_hmac(s, n); });
        reg("baseline" + suffix, [n](State& s) { BM_baseline(s, n); });
    }

    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
