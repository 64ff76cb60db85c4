// Prints a signed UpdateImageCache URL: the README's first command.
//
// Credentials come from ALIBABA_CLOUD_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_SECRET
// (and ALIBABA_CLOUD_SECURITY_TOKEN); without them the documentation's sample
// pair testid/testsecret is used, which the service rejects but which shows
// exactly what would be sent. Send it with any HTTP client: curl "$(./ecireq_sign_url)".
#include <ecireq.hpp>

#include <cstdlib>
#include <iostream>

int main()
{
    auto env = [](char const* name, char const* fallback) {
        char const* v = std::getenv(name);
        return v && *v ? v : fallback;
    };
    const ecireq::credentials creds{env("ALIBABA_CLOUD_ACCESS_KEY_ID", "testid"),
                                    env("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "testsecret"),
                                    env("ALIBABA_CLOUD_SECURITY_TOKEN", "")};

    auto request = ecireq::update_image_cache()
                       .region_id("cn-hangzhou")
                       .image_cache_id("imc-bp195erqe9o2pb09****")
                       .security_group_id("sg-uf66jeqopgqa9hdn****")
                       .vswitch_id("vsw-uf6h3rbwbm90urjwa****")
                       .image_cache_name("testcache")
                       .image("nginx:1.25")
                       .tag("env", "prod");

    auto url = request.sign(creds);
    if (!url) {
        std::cerr << "sign_url: " << url.error() << '\n';
        return 2;
    }
    std::cout << url->buffer() << '\n';
}
