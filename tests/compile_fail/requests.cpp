// Requests that must not compile. check.sh builds this file once per CASE
// and pins the first error line the user sees.
#include <ecireq.hpp>

#if CASE == 11
// An action declared by a user with two fields that send the same name.
namespace other {
ECIREQ_FIELD(RegionId, second_region_id, ecireq::string_field<>);
}
struct twice_spec {
    using product = ecireq::eci::product;
    static constexpr std::string_view action = "Twice";
    using fields = ecireq::detail::field_list<ecireq::eci::RegionId, other::RegionId>;
    using groups = ecireq::detail::group_list<>;
    using required = ecireq::detail::field_list<ecireq::eci::RegionId>;
};
#endif

#if CASE == 9 || CASE == 10
// An action declared by a user, with a group whose names break the
// canonical order's assumptions (builder/canonical_order.hpp).
struct Label : ecireq::group_defaults {
    ECIREQ_DETAIL_GROUP_CHECKS(Label, label)
#  if CASE == 9
    static constexpr std::array<ecireq::member, 2> members{{{"Key.Name", ecireq::presence::required},
                                                            {"Value", ecireq::presence::may_be_empty}}};
#  else
    static constexpr std::array<ecireq::member, 2> members{{{"Key", ecireq::presence::required},
                                                            {"Key", ecireq::presence::may_be_empty}}};
#  endif
    template <class Self>
    struct setters : ::ecireq::detail::group_setters<Self, Label> {
        Self& label(std::string_view k, std::string_view v) & { return this->add_lvalue(k, v); }
    };
};
struct labelled_spec {
    using product = ecireq::eci::product;
    static constexpr std::string_view action = "Labelled";
    using fields = ecireq::detail::field_list<ecireq::eci::RegionId>;
    using groups = ecireq::detail::group_list<Label>;
    using required = ecireq::detail::field_list<ecireq::eci::RegionId>;
};
#endif

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
#elif CASE == 9 || CASE == 10 // a declared group whose member names do not sort as the order assumes
    auto r = ecireq::detail::request<labelled_spec, ecireq::owning_storage, ecireq::detail::empty_state>()
                 .region_id("cn-hangzhou");
    r.label("k", "v");
#elif CASE == 11 // two fields of a declared action with one API name: its values cannot even be declared
    ecireq::detail::action_data<twice_spec, ecireq::owning_storage> values;
    (void)values;
    auto r = ecireq::update_image_cache().region_id("cn-hangzhou").image_cache_id("i").security_group_id("s").vswitch_id("v")
                 .image_cache_name("n");
#elif CASE == 0 // control: complete, must compile
    auto r = ecireq::update_image_cache().region_id("cn-hangzhou").image_cache_id("i").security_group_id("s").vswitch_id("v")
                 .image_cache_name("n");
#endif
    auto url = r.sign(creds);
    return url ? 0 : 1;
}
