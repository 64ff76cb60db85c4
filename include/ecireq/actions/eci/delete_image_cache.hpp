// ecireq: the ECI action DeleteImageCache: deletes an image cache.
#ifndef ECIREQ_ACTIONS_ECI_DELETE_IMAGE_CACHE_HPP
#define ECIREQ_ACTIONS_ECI_DELETE_IMAGE_CACHE_HPP

#include <ecireq/actions/eci/product.hpp>

namespace ecireq {

/// DeleteImageCache, as the generic builder sees it.
struct delete_image_cache_spec {
    using product = eci::product;
    static constexpr std::string_view action = "DeleteImageCache";
    using fields = detail::field_list<eci::RegionId, eci::ImageCacheId, eci::ClientToken, eci::Format>;
    using groups = detail::group_list<>;
    using required = detail::field_list<eci::RegionId, eci::ImageCacheId>;
};

/** The DeleteImageCache request builder.

    @par Example
    @code
    auto url = ecireq::delete_image_cache()
                   .region_id("cn-hangzhou")
                   .image_cache_id("imc-bp195erqe9o2pb09****")
                   .sign(creds);
    @endcode
*/
template <class Storage = owning_storage, class State = detail::empty_state>
using basic_delete_image_cache = detail::request<delete_image_cache_spec, Storage, State>;

/// A DeleteImageCache request that owns its values.
template <class Storage = owning_storage> // a template so that a TU that never calls it does not instantiate it
basic_delete_image_cache<Storage> delete_image_cache()
{
    return {};
}

/// A DeleteImageCache request with no heap use (see static_storage for the lifetime rule).
template <std::size_t Entries = 8, std::size_t Nested = 4>
basic_delete_image_cache<static_storage<Entries, Nested>> delete_image_cache_static()
{
    return {};
}

} // namespace ecireq

#endif
