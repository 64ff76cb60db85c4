// Requests that must not compile. check.sh builds this file once per CASE
// and pins the first error line the user sees.
#include <ecireq.hpp>

int main()
{
    const ecireq::credentials creds{"testid", "testsecret"};
#if CASE == 1 // missing RegionId
    auto r = ecireq::update_image_cache().image_cache_id("i").security_group_id("s").vswitch_id("v").image_cache_name("n");
#elif CASE == 2 // missing ImageCacheId
    auto r = ecireq::update_image_cache().region_id("cn-hangzhou").security_group_id("s").vswitch_id("v").image_cache_name("n");
#elif CASE == 3 // missing SecurityGroupId
    auto r = ecireq::update_image_cache().region_id("cn-hangzhou").image_cache_id("i").vswitch_id("v").image_cache_name("n");
#elif CASE == 4 // missing VSwitchId
    auto r = ecireq::update_image_cache().region_id("cn-hangzhou").image_cache_id("i").security_group_id("s").image_cache_name("n");
#elif CASE == 5 // missing ImageCacheName
    auto r = ecireq::update_image_cache().region_id("cn-hangzhou").image_cache_id("i").security_group_id("s").vswitch_id("v");
#elif CASE == 6 // a non-repeatable parameter set twice
    auto r = ecireq::update_image_cache().region_id("cn-hangzhou").image_cache_id("i").security_group_id("s").vswitch_id("v")
                 .image_cache_name("n").image_cache_name("again");
#elif CASE == 7 // an optional one set twice, through maybe_
    auto r = ecireq::update_image_cache().region_id("cn-hangzhou").image_cache_id("i").security_group_id("s").vswitch_id("v")
                 .image_cache_name("n").client_token("a").maybe_client_token(std::nullopt);
#elif CASE == 8 // the first image of CreateImageCache added to an lvalue, which cannot change its type
    auto r = ecireq::create_image_cache().region_id("cn-hangzhou").image_cache_name("n").image("x");
    auto b = ecireq::create_image_cache().region_id("cn-hangzhou");
    b.image("y");
#elif CASE == 0 // control: complete, must compile
    auto r = ecireq::update_image_cache().region_id("cn-hangzhou").image_cache_id("i").security_group_id("s").vswitch_id("v")
                 .image_cache_name("n");
#endif
    auto url = r.sign(creds);
    return url ? 0 : 1;
}
