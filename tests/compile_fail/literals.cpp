// String literals that break their parameter's rules: with C++20 each is a
// compile error naming the parameter and the rule (check_literal.sh pins the
// lines), and with C++17 each still compiles (the error comes at sign time).
// CASE 0 is the control: valid literals, and run-time values whatever they
// hold, compile in both.
#include <ecireq.hpp>

#include <string>
#include <string_view>

int main()
{
    const ecireq::credentials creds{"testid", "testsecret"};
    auto b = ecireq::update_image_cache().region_id("cn-hangzhou").image_cache_id("i").security_group_id("s")
                 .vswitch_id("v");
#if CASE == 1 // too long: 65 ASCII characters
    auto r = b.image_cache_name("n").client_token("01234567890123456789012345678901234567890123456789012345678901234");
#elif CASE == 2 // not ASCII
    auto r = b.image_cache_name("n").client_token("caf\xC3\xA9");
#elif CASE == 3 // not a host label
    auto r = ecireq::update_image_cache().region_id("cn_hangzhou").image_cache_id("i").security_group_id("s")
                 .vswitch_id("v").image_cache_name("n");
#elif CASE == 4 // not one of a set
    auto r = b.image_cache_name("n").format("YAML");
#elif CASE == 5 // empty
    auto r = b.image_cache_name("");
#elif CASE == 6 // invalid UTF-8
    auto r = b.image_cache_name("\xFF");
#elif CASE == 7 // not one of a set, declared by an action (CreateImageCache's OsType)
    auto r = ecireq::create_image_cache().region_id("cn-hangzhou").image_cache_name("c").image("nginx").os_type("Mac");
#elif CASE == 8 // through the const& setter of a builder kept as an lvalue
    auto const v = b.image_cache_name("n");
    auto r = v.elimination_strategy("FIFO");
#elif CASE == 0 // control: valid literals, and run-time values of any content
    std::string const long_token(65, 'x');
    std::string_view const yaml = "YAML";
    char buffer[] = "cn_hangzhou";
    char const* empty = "";
    static constexpr char xml[] = "XML";
    auto r0 = ecireq::update_image_cache().region_id(buffer).image_cache_id("i").security_group_id("s")
                  .vswitch_id("v").image_cache_name(empty).client_token(long_token).format(yaml);
    auto r1 = b.image_cache_name("n").client_token("123e4567-e89b-12d3-a456-426655440000").format(xml);
    auto r = b.image_cache_name("caf\xC3\xA9").client_token("0123456789012345678901234567890123456789012345678901234567890123")
                 .elimination_strategy("LRU").format("JSON");
    (void)r0.sign(creds);
    (void)r1.sign(creds);
#endif
    auto url = r.sign(creds);
    return url ? 0 : 1;
}
