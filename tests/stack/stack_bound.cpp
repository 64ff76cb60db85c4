// How much stack a realistic no-heap request takes, from the first setter to
// the signed URL, V2 and V3: the 17-setter chain of docs/embedded.md
// (examples/embedded_request.hpp) on bound storage (ecireq::build_in), then
// sign_to / sign_v3_to.
//
// It runs the work on a thread whose stack this program provides, painted
// with a pattern, and reports the deepest byte touched beyond what an empty
// thread touches. Bytes touched are deterministic for a given build, so the
// bound is asserted: exit status 1 above ECIREQ_STACK_BOUND (8 KiB).
// The build compiles it at -O2 and at -Os (the figures the bound is for).
#include <ecireq.hpp>

#include "../../examples/embedded_request.hpp"

#include <pthread.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <string_view>
#include <vector>

#ifndef ECIREQ_STACK_BOUND
#define ECIREQ_STACK_BOUND 8192
#endif

namespace {

ecireq::credentials const* creds;
char url[4096];
char headers[2048];
bool signed_ok;
int scheme; // 0: nothing (the empty thread), 2: V2, 3: V3

ecireq::request_values<ecireq::update_image_cache_spec> values;

__attribute__((noinline)) void build_and_sign()
{
    auto request = embedded_example::realistic_request(ecireq::build_in(values));
    embedded_example::fixed_sources sources;
    ecireq::sign_options opts = sources.options();
    if (scheme == 2) signed_ok = static_cast<bool>(request.sign_to(*creds, url, sizeof url, opts));
    if (scheme == 3)
        signed_ok = static_cast<bool>(request.sign_v3_to(*creds, url, sizeof url, headers, sizeof headers, opts));
}

void* thread_main(void*)
{
    if (scheme != 0) build_and_sign();
    return nullptr;
}

/// Bytes of the painted stack a thread running `which` touched.
std::size_t touched(int which)
{
    constexpr std::size_t size = 1 << 20; // room for the thread's TLS, placed in it by glibc
    constexpr unsigned char paint = 0xA5;
    std::vector<unsigned char> stack(size, paint);
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstack(&attr, stack.data(), size);
    scheme = which;
    pthread_t t;
    if (pthread_create(&t, &attr, thread_main, nullptr) != 0 || pthread_join(t, nullptr) != 0) return size;
    pthread_attr_destroy(&attr);
    std::size_t untouched = 0;
    while (untouched < size && stack[untouched] == paint) ++untouched; // the stack grows down
    return size - untouched;
}

} // namespace

int main()
{
    const ecireq::credentials c{"testid", "testsecret"};
    creds = &c;
    // Once each first, so that what happens once per process (resolving
    // lazily bound symbols, which saves the vector registers on the stack,
    // the backend's first use) is not counted.
    touched(2);
    touched(3);
    std::size_t empty = touched(0);
    int status = 0;
    for (int which : {2, 3}) {
        signed_ok = false;
        std::size_t used = touched(which) - empty;
        std::printf("stack: V%d no-heap chain of 17 setters + sign: %zu bytes (bound %d)%s\n", which, used,
                    ECIREQ_STACK_BOUND, signed_ok ? "" : " -- SIGNING FAILED");
        if (!signed_ok || used > ECIREQ_STACK_BOUND) status = 1;
    }
    return status;
}
