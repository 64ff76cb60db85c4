// A fixed amount of work per case, for instruction-level profiling:
//
//   valgrind --tool=callgrind ./ecireq_profile_sign sign_to 2000
//   callgrind_annotate --inclusive=yes callgrind.out.<pid>
//
// Google Benchmark picks its own iteration counts, which makes callgrind
// totals hard to divide per request; this driver runs exactly N requests,
// so "Ir / N" is instructions per request. Valgrind executes OpenSSL's
// portable SHA-1 code (it does not emulate the SHA extensions), so the
// hash's share is larger here than on hardware that has them.
#include "bench_request.hpp"

#include <ecireq.hpp>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

int main(int argc, char** argv)
{
    std::string_view mode = argc > 1 ? argv[1] : "sign_to";
    long n = argc > 2 ? std::atol(argv[2]) : 2000;
    auto in = ecireq_bench::full_request();
    ecireq_bench::signing_setup s(in);
    auto request = ecireq_bench::make_request(in);
    static char buf[8192];

    auto url = request.sign(s.creds, s.opts);
    if (!url) return 1;
    std::string_view query = url->encoded_query();
    std::string sts = ecireq::rpc::string_to_sign(ecireq::http_method::get, query.substr(0, query.find("&Signature=")));

    std::size_t checksum = 0; // keeps the work observable
    for (long i = 0; i < n; ++i) {
        if (mode == "sign") {
            checksum += request.sign(s.creds, s.opts)->size();
        } else if (mode == "sign_to") {
            checksum += request.sign_to(s.creds, buf, sizeof buf, s.opts)->size();
        } else if (mode == "static_sign_to") {
            auto r = ecireq_bench::make_request<ecireq::static_storage<>>(in);
            checksum += r.sign_to(s.creds, buf, sizeof buf, s.opts)->size();
        } else if (mode == "floor") {
            auto mac = s.creds.key<ecireq::signature::rpc_v2>();
            mac.update(sts.data(), sts.size());
            unsigned char digest[20];
            mac.finish(digest);
            checksum += ecireq::credentials::backend_type::base64_encode(digest, sizeof digest, buf);
        } else {
            std::fprintf(stderr, "usage: %s sign|sign_to|static_sign_to|floor [count]\n", argv[0]);
            return 2;
        }
    }
    std::printf("%zu\n", checksum);
    return 0;
}
