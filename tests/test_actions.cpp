// The image-cache family declared on the generic machinery: CreateImageCache,
// DescribeImageCaches and DeleteImageCache (UpdateImageCache has its own
// files), and the rules their declarations state.
#include <ecireq.hpp>

#include "support.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace {

const ecireq::credentials creds{"testid", "testsecret"};

auto create() { return ecireq::create_image_cache().region_id("cn-hangzhou").image_cache_name("c").image("nginx"); }
auto describe() { return ecireq::describe_image_caches().region_id("cn-hangzhou"); }
auto remove() { return ecireq::delete_image_cache().region_id("cn-hangzhou").image_cache_id("imc-1"); }

template <class Request>
ecireq::error sign_error(Request const& r)
{
    test::reproducible o;
    auto url = r.sign(creds, o.options());
    REQUIRE_FALSE(url);
    return url.error();
}

template <class Request>
std::map<std::string, std::string> sent(Request const& r)
{
    test::reproducible o;
    auto url = r.sign(creds, o.options());
    REQUIRE(url);
    CHECK(ecireq::verify(*url, creds, test::example_time()));
    return test::param_map(url->encoded_query());
}

// Whether `.maybe_<setter>(arg)` compiles, for the setters these tests probe.
template <class B, class T, class = void>
struct maybe_size_takes : std::false_type {};
template <class B, class T>
struct maybe_size_takes<B, T, std::void_t<decltype(std::declval<B>().maybe_image_cache_size(std::declval<T>()))>>
    : std::true_type {};
template <class B, class T, class = void>
struct maybe_flash_takes : std::false_type {};
template <class B, class T>
struct maybe_flash_takes<B, T, std::void_t<decltype(std::declval<B>().maybe_flash(std::declval<T>()))>>
    : std::true_type {};

} // namespace

TEST_CASE("each action sends its Action, the version, and only its own parameters", "[actions]")
{
    auto c = sent(create().security_group_id("sg").vswitch_id("vsw-1,vsw-2").zone_id("cn-hangzhou-h")
                      .os_type("Windows").insecure_registry("reg.local").plain_http_registry("plain.local")
                      .annotations("{\"k\":\"v\"}").elimination_strategy("LRU"));
    CHECK(c["Action"] == "CreateImageCache");
    CHECK(c["Version"] == "2018-08-08");
    CHECK(c["Image.1"] == "nginx");
    CHECK(c["OsType"] == "Windows");
    CHECK(c["ZoneId"] == "cn-hangzhou-h");
    CHECK(c["VSwitchId"] == "vsw-1,vsw-2");
    CHECK(c["Annotations"] == "{\"k\":\"v\"}");
    CHECK(c["EliminationStrategy"] == "LRU");
    CHECK(c.count("ImageCacheId") == 0);

    auto d = sent(describe().image("nginx:1.25").image_full_match(false).image_match_count_request(true).limit(50)
                      .next_token("tok").snapshot_id("s-1").resource_group_id("rg").match_image("a").tag("k", "v"));
    CHECK(d["Action"] == "DescribeImageCaches");
    CHECK(d["Image"] == "nginx:1.25");
    CHECK(d["ImageFullMatch"] == "false");
    CHECK(d["ImageMatchCountRequest"] == "true");
    CHECK(d["Limit"] == "50");
    CHECK(d["MatchImage.1"] == "a");
    CHECK(d["Tag.1.Key"] == "k");

    auto r = sent(remove().client_token("t"));
    CHECK(r["Action"] == "DeleteImageCache");
    std::size_t own = 0;
    for (auto const& p : r)
        own += p.first == "RegionId" || p.first == "ImageCacheId" || p.first == "ClientToken";
    CHECK(own == 3);
    CHECK(r.size() == 3 + 8 + 1); // plus the eight common parameters and Signature

    auto u = sent(test::full(ecireq::update_image_cache()).elimination_strategy("LRU"));
    CHECK(u["Action"] == "UpdateImageCache");
    CHECK(u["EliminationStrategy"] == "LRU");
}

TEST_CASE("declared sets of values: OsType, EliminationStrategy, Format", "[actions][validation]")
{
    auto e = sign_error(create().os_type(std::string_view("Mac")));
    CHECK(e == ecireq::errc::invalid_value);
    CHECK(e.message() == "OsType: is not one of the accepted values");
    CHECK(sign_error(create().elimination_strategy(std::string_view("FIFO"))).parameter() == "EliminationStrategy");
    CHECK(sign_error(remove().format(std::string_view("YAML"))).parameter() == "Format");
    CHECK(sent(remove().format("XML"))["Format"] == "XML");
}

TEST_CASE("the API's limits on N are enforced with the first name past them", "[actions][validation]")
{
    auto c = create();
    for (int i = 2; i <= 21; ++i) c.image("img" + std::to_string(i));
    auto e = sign_error(c);
    CHECK(e == ecireq::errc::too_many);
    CHECK(e.parameter() == "Image.21");
    CHECK(e.limit() == 20);

    auto k = create();
    for (int i = 1; i <= 11; ++i) k.image_registry_credential("s", "u", "p");
    auto ke = sign_error(k);
    CHECK(ke.parameter() == "ImageRegistryCredential.11.Server");
    CHECK(ke.limit() == 10);

    auto d = describe();
    for (int i = 1; i <= 101; ++i) d.match_image("m");
    auto de = sign_error(d);
    CHECK(de.parameter() == "MatchImage.101");
    CHECK(de.limit() == 100);

    // UpdateImageCache's Image.N has no limit in the API.
    auto u = test::full(ecireq::update_image_cache());
    for (int i = 0; i < 30; ++i) u.image("more");
    CHECK(u.validate());
}

TEST_CASE("indexed names sort in byte order: MatchImage.10 before MatchImage.2", "[actions]")
{
    auto d = describe();
    for (int i = 1; i <= 11; ++i) d.match_image("m" + std::to_string(i));
    test::reproducible o;
    auto url = d.sign(creds, o.options());
    REQUIRE(url);
    std::string q(url->encoded_query());
    auto at = [&](std::string const& s) { return q.find(s); };
    CHECK(at("MatchImage.1=m1&MatchImage.10=m10&MatchImage.11=m11&MatchImage.2=m2") != std::string::npos);
}

TEST_CASE("CreateImageCache's AcrRegistryInfo carries ArnService and ArnUser", "[actions]")
{
    auto m = sent(create().acr_registry_info("cri-1", "", "", {"a.example.com"}).acr_registry_arn("svc", "usr"));
    CHECK(m["AcrRegistryInfo.1.InstanceId"] == "cri-1");
    CHECK(m["AcrRegistryInfo.1.Domain.1"] == "a.example.com");
    CHECK(m["AcrRegistryInfo.1.ArnService"] == "svc");
    CHECK(m["AcrRegistryInfo.1.ArnUser"] == "usr");
    CHECK(m.count("AcrRegistryInfo.1.InstanceName") == 0);
    // Alone, the ARN pair starts an entry of its own.
    auto a = sent(create().acr_registry_arn("svc", "usr"));
    CHECK(a["AcrRegistryInfo.1.ArnUser"] == "usr");
}

TEST_CASE("static storage: CreateImageCache holds the API's 20 images, MatchImage.N its Entries", "[actions][static]")
{
    auto c = ecireq::create_image_cache_static().region_id("cn-hangzhou").image_cache_name("c").image("i");
    for (int i = 2; i <= 20; ++i) c.image("i");
    CHECK(c.validate());
    auto d = ecireq::describe_image_caches_static<2>().region_id("cn-hangzhou");
    d.match_image("a").match_image("b").match_image("c");
    auto e = sign_error(d);
    CHECK(e == ecireq::errc::capacity_exceeded);
    CHECK(e.parameter() == "MatchImage.3");
    CHECK(e.limit() == 2);
}

TEST_CASE("a required group: CreateImageCache's first image is part of the type", "[actions][type-state]")
{
    auto without = ecireq::create_image_cache().region_id("cn-hangzhou").image_cache_name("c");
    STATIC_REQUIRE_FALSE(decltype(without)::is_complete);
    STATIC_REQUIRE(decltype(std::move(without).image("x"))::is_complete);
    // Once it is set, more images keep the type and may be added to an lvalue.
    auto with = create();
    STATIC_REQUIRE(std::is_same<decltype(with), decltype(std::move(with).image("y"))>::value);
    with.image("z");
    CHECK(sent(with)["Image.2"] == "z");
}

TEST_CASE("maybe_ setters refuse what the plain setter refuses", "[actions][type-state]")
{
    using update = decltype(ecireq::update_image_cache());
    STATIC_REQUIRE(maybe_size_takes<update, int>::value);
    STATIC_REQUIRE(maybe_size_takes<update, std::optional<long>>::value);
    STATIC_REQUIRE(maybe_size_takes<update, std::nullopt_t>::value);
    STATIC_REQUIRE_FALSE(maybe_size_takes<update, bool>::value);
    STATIC_REQUIRE_FALSE(maybe_size_takes<update, std::optional<bool>>::value);
    STATIC_REQUIRE_FALSE(maybe_size_takes<update, double>::value);
    STATIC_REQUIRE(maybe_flash_takes<update, std::optional<bool>>::value);
    STATIC_REQUIRE_FALSE(maybe_flash_takes<update, int>::value);
    STATIC_REQUIRE_FALSE(maybe_flash_takes<update, std::optional<int>>::value);
}

TEST_CASE("bound storage: a handle to the caller's values signs what the owning builder signs", "[actions][bound]")
{
    test::reproducible o;
    static ecireq::request_values<ecireq::update_image_cache_spec> values;
    auto bound = test::full(ecireq::build_in(values));
    STATIC_REQUIRE(sizeof(bound) == sizeof(void*));
    auto a = bound.sign(creds, o.options());
    auto b = test::full(ecireq::update_image_cache()).sign(creds, o.options());
    REQUIRE(a);
    REQUIRE(b);
    CHECK(a->buffer() == b->buffer());
    char url[4096], headers[2048];
    auto v3 = bound.sign_v3_to(creds, url, sizeof url, headers, sizeof headers, o.options());
    REQUIRE(v3);
    CHECK(v3->url == test::full(ecireq::update_image_cache()).sign_v3(creds, o.options())->url.buffer());

    // build_in starts afresh: nothing of the previous request remains.
    auto again = ecireq::build_in(values).region_id("cn-hangzhou").image_cache_id("i").security_group_id("s")
                     .vswitch_id("v").image_cache_name("n");
    auto m = test::param_map(again.sign(creds, o.options())->encoded_query());
    CHECK(m.count("Image.1") == 0);
    CHECK(m.count("ClientToken") == 0);

    // Owning values behind a handle, for requests without a fixed size.
    static ecireq::request_values<ecireq::create_image_cache_spec, ecireq::owning_storage> owned;
    auto c = ecireq::build_in(owned).region_id("cn-hangzhou").image_cache_name("c").image("a");
    for (int i = 0; i < 19; ++i) c.image("more");
    CHECK(sent(c)["Image.20"] == "more");
}

// --- the canonical order, fixed while compiling (builder/canonical_order.hpp)

TEST_CASE("indices in text order: the walk visits 1..n as sorting their decimal text does", "[actions][order]")
{
    for (std::size_t n = 0; n <= 250; ++n) {
        std::vector<std::string> want;
        for (std::size_t i = 1; i <= n; ++i) want.push_back(std::to_string(i));
        std::sort(want.begin(), want.end());
        std::vector<std::string> got;
        for (std::size_t i = n == 0 ? 0 : 1; i != 0 && got.size() <= n; i = ecireq::detail::next_in_text_order(i, n))
            got.push_back(std::to_string(i));
        INFO("n = " << n);
        CHECK(got == want);
    }
}

TEST_CASE("a group's block sorts at the place of \"Name.\" among names without a dot", "[actions][order]")
{
    using ecireq::detail::order_key;
    using ecireq::detail::sorts_before;
    // "Image." < "ImageCacheId" ('.' < 'C'); "Tag." > "SecurityGroupId"; a name that is a prefix comes first.
    static_assert(sorts_before(order_key{"Image", true}, order_key{"ImageCacheId", false}));
    static_assert(sorts_before(order_key{"SecurityGroupId", false}, order_key{"Tag", true}));
    static_assert(sorts_before(order_key{"Image", false}, order_key{"Image", true}));
    static_assert(!sorts_before(order_key{"Image", true}, order_key{"Image", true}));
    constexpr std::array<order_key, 4> keys{{{"Tag", true}, {"Image", true}, {"ImageCacheId", false}, {"A", false}}};
    constexpr auto order = ecireq::detail::sorted_positions(keys);
    static_assert(order[0] == 3 && order[1] == 1 && order[2] == 2 && order[3] == 0);
    CHECK(order[0] == 3);
}

namespace {

// Collects a request's parameters as signing does and checks they arrive
// strictly in byte order: the signer then only merges in the common
// parameters (rpc::put_in_order) instead of sorting.
template <class Values>
void check_emitted_in_order(Values const& values, std::size_t expect_at_least)
{
    using data = std::decay_t<decltype(values.values)>;
    static std::vector<ecireq::rpc::param> params(data::max_params);
    static std::vector<char> arena(data::max_arena);
    ecireq::rpc::param_table t(params.data(), params.size(), arena.data(), arena.size());
    auto r = values.values.collect(t);
    REQUIRE(r);
    CHECK(t.size() >= expect_at_least);
    for (auto const* p = t.begin(); p + 1 < t.end(); ++p) {
        INFO(std::string(p->name) << " then " << std::string((p + 1)->name));
        CHECK(ecireq::rpc::detail::name_before(p->name, (p + 1)->name));
    }
}

} // namespace

TEST_CASE("every action emits its parameters already in canonical order, past index 10", "[actions][order]")
{
    using storage = ecireq::static_storage<16, 12>;
    SECTION("UpdateImageCache: every field, 12 images, 20 tags, 11 ACR registries of 12 domains")
    {
        static ecireq::request_values<ecireq::update_image_cache_spec, storage> v;
        auto r = ecireq::build_in(v)
                     .region_id("cn-hangzhou").image_cache_id("imc-1").security_group_id("sg-1").vswitch_id("vsw-1")
                     .image_cache_name("c").eip_instance_id("eip-1").resource_group_id("rg-1").client_token("t")
                     .image_cache_size(40).retention_days(7).auto_match_image_cache(true).flash(true)
                     .standard_copy_count(2).flash_copy_count(1).elimination_strategy("LRU");
        for (int i = 0; i < 12; ++i) r.image("nginx");
        for (int i = 0; i < 20; ++i) r.tag("k", "v");
        r.image_registry_credential("s", "u", "p");
        for (int i = 0; i < 11; ++i) {
            r.acr_registry_info("cri", "name", "cn-hangzhou");
            for (int j = 0; j < 12; ++j) r.acr_registry_domain("d.example.com");
        }
        check_emitted_in_order(v, 15 + 12 + 40 + 3 + 11 * (3 + 12));
    }
    SECTION("DescribeImageCaches: 12 match images and 11 tags")
    {
        static ecireq::request_values<ecireq::describe_image_caches_spec, storage> v;
        auto r = ecireq::build_in(v).region_id("cn-hangzhou").image_cache_id("imc-1").image_cache_name("c")
                     .snapshot_id("s-1").image("nginx").limit(10).next_token("n").resource_group_id("rg");
        for (int i = 0; i < 12; ++i) r.match_image("m");
        for (int i = 0; i < 11; ++i) r.tag("k", "v");
        check_emitted_in_order(v, 8 + 12 + 22);
    }
    SECTION("CreateImageCache: 12 images, 10 credentials, an ACR registry with ARNs")
    {
        static ecireq::request_values<ecireq::create_image_cache_spec, storage> v;
        auto r = ecireq::build_in(v).region_id("cn-hangzhou").image_cache_name("c").security_group_id("sg-1")
                     .vswitch_id("vsw-1").image("nginx").zone_id("cn-hangzhou-h").client_token("t");
        for (int i = 0; i < 11; ++i) r.image("nginx");
        for (int i = 0; i < 10; ++i) r.image_registry_credential("s", "u", "p");
        r.acr_registry_info("cri-1", "", "", {"a.example.com", "b.example.com"}).acr_registry_arn("svc", "usr");
        check_emitted_in_order(v, 7 + 11 + 30 + 4);
    }
}
