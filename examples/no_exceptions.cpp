// ecireq in a build without exceptions and without RTTI (-fno-exceptions
// -fno-rtti): the same API, every failure a result. Links
// boost_throw_exception.cpp, the two functions Boost needs from the user.
#include <ecireq.hpp>

#include <cstdio>

int main()
{
    const ecireq::credentials creds{"testid", "testsecret"};
    auto request = ecireq::update_image_cache()
                       .region_id("cn-hangzhou")
                       .image_cache_id("imc-1")
                       .security_group_id("sg-1")
                       .vswitch_id("vsw-1")
                       .image_cache_name("cache")
                       .client_token(std::string_view("not ascii: \xC3\xA9"));

    char buf[2048];
    auto bad = request.sign_to(creds, buf, sizeof buf);
    if (bad) return 1; // must fail: ClientToken is not ASCII
    char message[128];
    bad.error().format_to(message, sizeof message);
    std::printf("rejected as expected: %s\n", message);

    auto good = ecireq::update_image_cache_static()
                    .region_id("cn-hangzhou")
                    .image_cache_id("imc-1")
                    .security_group_id("sg-1")
                    .vswitch_id("vsw-1")
                    .image_cache_name("cache")
                    .sign_to(creds, buf, sizeof buf);
    if (!good) return 1;
    std::printf("%s\n", buf);
    return 0;
}
