#include <ecireq.hpp>

#include <iostream>

int main()
{
    const ecireq::credentials creds{"testid", "testsecret"};
    auto url = ecireq::update_image_cache()
                   .region_id("cn-hangzhou")
                   .image_cache_id("imc-1")
                   .security_group_id("sg-1")
                   .vswitch_id("vsw-1")
                   .image_cache_name("cache")
                   .sign(creds);
    if (!url) return 1;
    std::cout << url->buffer() << '\n';
    return url->host() == "eci.cn-hangzhou.aliyuncs.com" ? 0 : 1;
}
