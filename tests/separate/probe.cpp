// A TU that signs every way the builder offers, compiled with
// ECIREQ_SEPARATE_COMPILATION (ecireq::compiled): check_symbols.py reads its
// object file to prove that it calls the signing engine and compiles none
// of it. The function is never run; its body only has to be compiled.
#include <ecireq/core.hpp>

#include <cstddef>

std::size_t ecireq_separate_probe(ecireq::credentials const& creds, char* buf, std::size_t size, char* more,
                                  std::size_t more_size)
{
    auto request = ecireq::update_image_cache_static()
                       .region_id("cn-hangzhou")
                       .image_cache_id("imc-probe")
                       .security_group_id("sg-probe")
                       .vswitch_id("vsw-probe")
                       .image_cache_name("probe")
                       .image("nginx:1.25")
                       .tag("env", "prod")
                       .image_cache_size(20);
    std::size_t n = 0;
    if (auto r = request.sign_to(creds, buf, size)) n += r->size();
    if (auto r = request.sign_post_to(creds, buf, size, more, more_size)) n += r->url.size();
    if (auto r = request.sign_v3_to(creds, buf, size, more, more_size)) n += r->url.size();
    return n;
}
