// ecireq: the ECI action DescribeImageCaches: lists image caches, a page at a time.
#ifndef ECIREQ_ACTIONS_ECI_DESCRIBE_IMAGE_CACHES_HPP
#define ECIREQ_ACTIONS_ECI_DESCRIBE_IMAGE_CACHES_HPP

#include <ecireq/actions/eci/product.hpp>

namespace ecireq {

/// The parameters only DescribeImageCaches has.
namespace describe_image_caches_fields {
// clang-format off
/// Caches that hold this image (compare ImageFullMatch).
ECIREQ_FIELD(Image,                  image,                    string_field<>);
ECIREQ_FIELD(SnapshotId,             snapshot_id,              string_field<>);
/// true: Image must match a cached image exactly; false: by name and tag.
ECIREQ_FIELD(ImageFullMatch,         image_full_match,         boolean_field);
/// true: count how many of MatchImage.N each cache holds.
ECIREQ_FIELD(ImageMatchCountRequest, image_match_count_request, boolean_field);
/// Entries per page.
ECIREQ_FIELD(Limit,                  limit,                    integer_field<>);
/// Where the previous page ended (its response's NextToken).
ECIREQ_FIELD(NextToken,              next_token,               string_field<>);
// clang-format on

/// MatchImage.N: images to match caches against (at most 100).
struct MatchImage : group_defaults {
    ECIREQ_DETAIL_GROUP_CHECKS(MatchImage, match_image)
    static constexpr std::size_t api_max = 100;
    static constexpr std::array<member, 1> members{{{"", presence::required}}};

    template <class Self>
    struct setters : ::ecireq::detail::group_setters<Self, MatchImage> {
        /// Adds MatchImage.N (N = 1, 2, ... in call order).
        Self& match_image(std::string_view image) & { return this->add_lvalue(image); }
        [[nodiscard]] auto match_image(std::string_view image) && { return this->add_rvalue(image); }
    };
};
} // namespace describe_image_caches_fields

/// DescribeImageCaches, as the generic builder sees it.
struct describe_image_caches_spec {
    using product = eci::product;
    static constexpr std::string_view action = "DescribeImageCaches";
    /// It changes nothing on the server, so sending it twice is harmless.
    static constexpr bool read_only = true;
    // Declaration order is the order values are checked in.
    using fields = detail::field_list<eci::RegionId, eci::ImageCacheId, eci::ImageCacheName,
                                      describe_image_caches_fields::Image, describe_image_caches_fields::SnapshotId,
                                      eci::ResourceGroupId, describe_image_caches_fields::ImageFullMatch,
                                      describe_image_caches_fields::ImageMatchCountRequest,
                                      describe_image_caches_fields::Limit, describe_image_caches_fields::NextToken,
                                      eci::Format>;
    using groups = detail::group_list<describe_image_caches_fields::MatchImage, eci::Tag>;
    using required = detail::field_list<eci::RegionId>;
};

/** The DescribeImageCaches request builder.

    @par Example
    @code
    auto url = ecireq::describe_image_caches()
                   .region_id("cn-hangzhou")
                   .image_cache_id("imc-bp195erqe9o2pb09****")
                   .sign(creds);
    @endcode
*/
template <class Storage = owning_storage, class State = detail::empty_state>
using basic_describe_image_caches = detail::request<describe_image_caches_spec, Storage, State>;

/// A DescribeImageCaches request that owns its values.
template <class Storage = owning_storage> // a template so that a TU that never calls it does not instantiate it
basic_describe_image_caches<Storage> describe_image_caches()
{
    return {};
}

/// A DescribeImageCaches request with no heap use (see static_storage for the lifetime rule).
template <std::size_t Entries = 8, std::size_t Nested = 4>
basic_describe_image_caches<static_storage<Entries, Nested>> describe_image_caches_static()
{
    return {};
}

} // namespace ecireq

#endif
