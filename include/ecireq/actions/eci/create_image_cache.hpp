// ecireq: the ECI action CreateImageCache: creates an image cache from images.
#ifndef ECIREQ_ACTIONS_ECI_CREATE_IMAGE_CACHE_HPP
#define ECIREQ_ACTIONS_ECI_CREATE_IMAGE_CACHE_HPP

#include <ecireq/actions/eci/product.hpp>

namespace ecireq {

/// The parameters only CreateImageCache has.
namespace create_image_cache_fields {
struct os_types { static constexpr std::string_view values[] = {"Linux", "Windows"}; };
// clang-format off
ECIREQ_FIELD(ZoneId,            zone_id,             string_field<>);
/// Linux (the default) or Windows.
ECIREQ_FIELD(OsType,            os_type,             string_field<rule::one_of<os_types>>);
/// Self-built registries to reach over HTTPS without checking their certificate.
ECIREQ_FIELD(InsecureRegistry,  insecure_registry,   string_field<>);
/// Self-built registries to reach over plain HTTP.
ECIREQ_FIELD(PlainHttpRegistry, plain_http_registry, string_field<>);
/// Annotations of the cache, as the API's JSON text.
ECIREQ_FIELD(Annotations,       annotations,         string_field<>);
// clang-format on
} // namespace create_image_cache_fields

/// CreateImageCache, as the generic builder sees it.
struct create_image_cache_spec {
    using product = eci::product;
    static constexpr std::string_view action = "CreateImageCache";
    // Declaration order is the order values are checked in.
    using fields = detail::field_list<
        eci::RegionId, eci::ImageCacheName, eci::SecurityGroupId, eci::VSwitchId, create_image_cache_fields::ZoneId,
        eci::EipInstanceId, eci::ResourceGroupId, eci::ClientToken, eci::ImageCacheSize, eci::RetentionDays,
        eci::AutoMatchImageCache, eci::Flash, eci::StandardCopyCount, eci::FlashCopyCount,
        eci::EliminationStrategy, create_image_cache_fields::OsType, create_image_cache_fields::InsecureRegistry,
        create_image_cache_fields::PlainHttpRegistry, create_image_cache_fields::Annotations, eci::Format>;
    using groups = detail::group_list<eci::image_list<20>, eci::image_registry_credential_list<10>, eci::Tag,
                                      eci::acr_registry_info<true>>;
    /// At least one Image.N: the first .image(...) is part of the type-state.
    using required = detail::field_list<eci::RegionId, eci::ImageCacheName, eci::image_list<20>>;
};

/** The CreateImageCache request builder. ImageRegistryCredential.N holds at
    most 10 entries and Image.N 20 (the API's limits).

    @par Example
    @code
    auto url = ecireq::create_image_cache()
                   .region_id("cn-hangzhou")
                   .image_cache_name("testcache")
                   .image("nginx:1.25")          // at least one
                   .security_group_id("sg-uf66jeqopgqa9hdn****")
                   .vswitch_id("vsw-uf6h3rbwbm90urjwa****")
                   .sign(creds);
    @endcode
*/
template <class Storage = owning_storage, class State = detail::empty_state>
using basic_create_image_cache = detail::request<create_image_cache_spec, Storage, State>;

/// A CreateImageCache request that owns its values.
template <class Storage = owning_storage> // a template so that a TU that never calls it does not instantiate it
basic_create_image_cache<Storage> create_image_cache()
{
    return {};
}

/// A CreateImageCache request with no heap use (see static_storage for the lifetime rule).
template <std::size_t Entries = 8, std::size_t Nested = 4>
basic_create_image_cache<static_storage<Entries, Nested>> create_image_cache_static()
{
    return {};
}

} // namespace ecireq

#endif
