// ecireq: the ECI action UpdateImageCache: changes an image cache.
#ifndef ECIREQ_ACTIONS_ECI_UPDATE_IMAGE_CACHE_HPP
#define ECIREQ_ACTIONS_ECI_UPDATE_IMAGE_CACHE_HPP

#include <ecireq/actions/eci/product.hpp>

namespace ecireq {

/// UpdateImageCache, as the generic builder sees it.
struct update_image_cache_spec {
    using product = eci::product;
    static constexpr std::string_view action = "UpdateImageCache";
    // Declaration order is the order values are checked in.
    using fields = detail::field_list<eci::RegionId, eci::ImageCacheId, eci::SecurityGroupId, eci::VSwitchId,
                                      eci::ImageCacheName, eci::EipInstanceId, eci::ResourceGroupId,
                                      eci::ClientToken, eci::ImageCacheSize, eci::RetentionDays,
                                      eci::AutoMatchImageCache, eci::Flash, eci::StandardCopyCount,
                                      eci::FlashCopyCount, eci::EliminationStrategy, eci::Format>;
    using groups = detail::group_list<eci::image_list<0>, eci::Tag, eci::image_registry_credential_list<0>,
                                      eci::acr_registry_info<false>>;
    using required = detail::field_list<eci::RegionId, eci::ImageCacheId, eci::SecurityGroupId, eci::VSwitchId,
                                        eci::ImageCacheName>;
};

/** The UpdateImageCache request builder.

    @par Example
    @code
    auto request = ecireq::update_image_cache()
                       .region_id("cn-hangzhou")
                       .image_cache_id("imc-bp195erqe9o2pb09****")
                       .security_group_id("sg-uf66jeqopgqa9hdn****")
                       .vswitch_id("vsw-uf6h3rbwbm90urjwa****")
                       .image_cache_name("testcache")
                       .image("nginx:1.25")
                       .tag("env", "prod");
    auto url = request.sign(creds); // ecireq::result<boost::urls::url>
    @endcode
*/
template <class Storage = owning_storage, class State = detail::empty_state>
using basic_update_image_cache = detail::request<update_image_cache_spec, Storage, State>;

/// An UpdateImageCache request that owns its values.
template <class Storage = owning_storage> // a template so that a TU that never calls it does not instantiate it
basic_update_image_cache<Storage> update_image_cache()
{
    return {};
}

/// An UpdateImageCache request with no heap use (see static_storage for the lifetime rule).
template <std::size_t Entries = 8, std::size_t Nested = 4>
basic_update_image_cache<static_storage<Entries, Nested>> update_image_cache_static()
{
    return {};
}

} // namespace ecireq

#endif
