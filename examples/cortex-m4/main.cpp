// ecireq's no-heap signing, built for a Cortex-M4 (QEMU's mps2-an386, with
// target.cpp, startup.c and mps2-an386.ld) and for the host (host.cpp) from
// this one file: the 17-setter request of docs/embedded.md on bound storage,
// signed with V2 (sign_to) and V3 (sign_v3_to) into static buffers, with a
// fixed clock and nonce so that both builds must print the same bytes.
//
// Lines that start with "#" are figures of the build (stack, heap), not part
// of the comparison; everything else is the signed output. Exit status 1 if
// signing fails, or on the target if the stack went deeper than 8 KiB.
#include <ecireq/core.hpp>

#include <chrono>
#include <cstddef>
#include <string_view>

#include "../embedded_request.hpp"
#include "platform.hpp"

#ifndef ECIREQ_STACK_BOUND
#define ECIREQ_STACK_BOUND 8192
#endif

namespace {

ecireq::request_values<ecireq::update_image_cache_spec> values;

// The output buffers are the caller's and static: not on the stack measured.
char v2_url[4096];
char v3_url[4096];
char v3_headers[2048];
char message[160];

/// The request of ../embedded_request.hpp (tests/stack/stack_bound.cpp's too),
/// signed into the buffers above.
/// Returns false and fills `message` if signing fails.
__attribute__((noinline)) bool build_and_sign(ecireq::credentials const& creds, int scheme)
{
    auto request = embedded_example::realistic_request(ecireq::build_in(values));
    embedded_example::fixed_sources sources;
    ecireq::sign_options opts = sources.options();
    if (scheme == 2) {
        auto r = request.sign_to(creds, v2_url, sizeof v2_url, opts);
        if (!r) r.error().format_to(message, sizeof message);
        return static_cast<bool>(r);
    }
    auto r = request.sign_v3_to(creds, v3_url, sizeof v3_url, v3_headers, sizeof v3_headers, opts);
    if (!r) r.error().format_to(message, sizeof message);
    return static_cast<bool>(r);
}

/// Prints "# what: value bytes" (no printf: it would add kilobytes to the image).
void figure(char const* what, unsigned value)
{
    char digits[12];
    char* p = digits + sizeof digits;
    do *--p = static_cast<char>('0' + value % 10); while (value /= 10);
    platform::out("# ");
    platform::out(what);
    platform::out(": ");
    platform::out({p, static_cast<std::size_t>(digits + sizeof digits - p)});
    platform::out(" bytes\n");
}

} // namespace

int main()
{
    platform::init();
    // Construct the credentials, then sign both ways: the high-water mark
    // below counts everything since reset up to here (start-up code, the
    // credentials' HMAC key set-up, both chains and signatures).
    const ecireq::credentials creds{"testid", "testsecret"};
    bool ok = build_and_sign(creds, 2) && build_and_sign(creds, 3);
    unsigned high_water = platform::stack_high_water();
    if (!ok) {
        platform::out("signing failed: ");
        platform::out(message);
        platform::out("\n");
        return 1;
    }

    // Each chain + signature alone, from its first setter to the signed
    // output, as tests/stack/stack_bound.cpp measures on the host.
    unsigned mark = platform::stack_mark();
    build_and_sign(creds, 2);
    unsigned v2_stack = platform::stack_used_below(mark);
    mark = platform::stack_mark();
    build_and_sign(creds, 3);
    unsigned v3_stack = platform::stack_used_below(mark);

    platform::out("V2 GET ");
    platform::out(v2_url);
    platform::out("\nV3 POST ");
    platform::out(v3_url);
    platform::out("\n");
    platform::out(v3_headers);

    int status = 0;
    if (platform::measures_stack()) {
        figure("stack high-water mark since reset", high_water);
        figure("stack, V2 chain of 17 setters + sign_to", v2_stack);
        figure("stack, V3 chain of 17 setters + sign_v3_to", v3_stack);
        figure("stack region", platform::stack_size());
        figure("stack bound", ECIREQ_STACK_BOUND);
        figure("heap handed out by signing", platform::heap_bytes());
        figure("entropy drawn by signing", platform::entropy_bytes());
        if (high_water > ECIREQ_STACK_BOUND) {
            platform::out("# stack high-water mark above the bound\n");
            status = 1;
        }
    } else {
        platform::out("# stack: measured on the target only\n");
    }

    // The random path once, which signing with the default options takes:
    // the backend's per-thread CTR_DRBG (a thread_local) seeded from its
    // entropy source. Not compared: the host seeds from getrandom.
    char uuid[ecireq::rpc::uuid_size];
    if (!ecireq::rpc::make_uuid_v4<ecireq::crypto::default_backend>(uuid)) {
        platform::out("# random nonce: the generator failed\n");
        return 1;
    }
    platform::out("# random nonce: drawn\n");
    if (platform::measures_stack()) {
        figure("heap handed out after the first random nonce", platform::heap_bytes());
        figure("entropy drawn after the first random nonce", platform::entropy_bytes());
    }
    return status;
}
