// ecireq: the Elastic Container Instance product (API version 2018-08-08):
// its version and host rule, and the parameters its image-cache actions
// share, each declared once with its API name, setter and rules.
#ifndef ECIREQ_ACTIONS_ECI_PRODUCT_HPP
#define ECIREQ_ACTIONS_ECI_PRODUCT_HPP

#include <ecireq/builder/builder.hpp>
#include <ecireq/builder/fields.hpp>
#include <ecireq/builder/groups.hpp>
#include <ecireq/builder/storage.hpp>
#include <ecireq/builder/type_state.hpp>
#include <ecireq/rpc/endpoint.hpp>

#include <array>
#include <cstddef>
#include <initializer_list>
#include <string_view>

// The default host of the ECI RPC endpoint is "eci.<RegionId>.aliyuncs.com";
// these two pieces surround the region. Define them before the include to
// send elsewhere by default (sign_options::endpoint does it per call).
#ifndef ECIREQ_DEFAULT_HOST_PREFIX
#  define ECIREQ_DEFAULT_HOST_PREFIX "eci."
#endif
#ifndef ECIREQ_DEFAULT_HOST_SUFFIX
#  define ECIREQ_DEFAULT_HOST_SUFFIX ".aliyuncs.com"
#endif

namespace ecireq { namespace eci {

/// The accepted values of the common parameter Format.
struct formats { static constexpr std::string_view values[] = {"JSON", "XML"}; };
/// The accepted values of EliminationStrategy.
struct elimination_strategies { static constexpr std::string_view values[] = {"LRU"}; };

// clang-format off
// The region becomes part of the default host, so it must be a host label.
ECIREQ_FIELD(RegionId,            region_id,              string_field<rule::host_label>);
/// The common parameter Format: "JSON" (the default) or "XML".
ECIREQ_FIELD(Format,              format,                 string_field<rule::one_of<formats>, rule::common>);

ECIREQ_FIELD(ImageCacheId,        image_cache_id,         string_field<>);
ECIREQ_FIELD(ImageCacheName,      image_cache_name,       string_field<>);
ECIREQ_FIELD(SecurityGroupId,     security_group_id,      string_field<>);
ECIREQ_FIELD(VSwitchId,           vswitch_id,             string_field<>);
ECIREQ_FIELD(EipInstanceId,       eip_instance_id,        string_field<>);
ECIREQ_FIELD(ResourceGroupId,     resource_group_id,      string_field<>);
/// Makes a request idempotent: ASCII, at most 64 characters.
ECIREQ_FIELD(ClientToken,         client_token,           string_field<rule::ascii_only, rule::max_length<64>>);
ECIREQ_FIELD(ImageCacheSize,      image_cache_size,       integer_field<>);
ECIREQ_FIELD(RetentionDays,       retention_days,         integer_field<>);
ECIREQ_FIELD(AutoMatchImageCache, auto_match_image_cache, boolean_field);
ECIREQ_FIELD(Flash,               flash,                  boolean_field);
ECIREQ_FIELD(StandardCopyCount,   standard_copy_count,    integer_field<>);
ECIREQ_FIELD(FlashCopyCount,      flash_copy_count,       integer_field<>);
ECIREQ_FIELD(EliminationStrategy, elimination_strategy,   string_field<rule::one_of<elimination_strategies>>);
// clang-format on

/// Image.N: the images of a cache, numbered in call order; at most ApiMax (0: no limit).
template <std::size_t ApiMax>
struct image_list : group_defaults {
    ECIREQ_DETAIL_GROUP_CHECKS(Image, image)
    static constexpr std::size_t api_max = ApiMax;
    static constexpr std::array<member, 1> members{{{"", presence::required}}};

    template <class Self>
    struct setters : ::ecireq::detail::group_setters<Self, image_list> {
        /// Adds Image.N (N = 1, 2, ... in call order).
        Self& image(std::string_view image) & { return this->add_lvalue(image); }
        [[nodiscard]] auto image(std::string_view image) && { return this->add_rvalue(image); }
    };
};

/// Tag.N.Key / Tag.N.Value: at most 20 ("Valid values of N: 1 to 20"); a
/// tag's key must not be empty, its value may be.
struct Tag : group_defaults {
    ECIREQ_DETAIL_GROUP_CHECKS(Tag, tag)
    static constexpr std::size_t api_max = 20;
    static constexpr std::array<member, 2> members{{{"Key", presence::required}, {"Value", presence::may_be_empty}}};

    template <class Self>
    struct setters : ::ecireq::detail::group_setters<Self, Tag> {
        /// Adds Tag.N.Key / Tag.N.Value (at most 20 tags; the key must not be empty).
        Self& tag(std::string_view key, std::string_view value) & { return this->add_lvalue(key, value); }
        [[nodiscard]] auto tag(std::string_view key, std::string_view value) &&
        {
            return this->add_rvalue(key, value);
        }
    };
};

/// ImageRegistryCredential.N: Server is the registry address, UserName and
/// Password log on to it (at most ApiMax; 0: no limit). (The API reference's
/// descriptions of these three rows are shifted by one; this is the meaning
/// the service uses.)
template <std::size_t ApiMax>
struct image_registry_credential_list : group_defaults {
    ECIREQ_DETAIL_GROUP_CHECKS(ImageRegistryCredential, image_registry_credential)
    static constexpr std::size_t api_max = ApiMax;
    static constexpr std::array<member, 3> members{
        {{"Server", presence::required}, {"UserName", presence::required}, {"Password", presence::required}}};

    template <class Self>
    struct setters : ::ecireq::detail::group_setters<Self, image_registry_credential_list> {
        /// Adds ImageRegistryCredential.N.Server / .UserName / .Password.
        Self& image_registry_credential(std::string_view server, std::string_view user_name,
                                        std::string_view password) &
        {
            return this->add_lvalue(server, user_name, password);
        }
        [[nodiscard]] auto image_registry_credential(std::string_view server, std::string_view user_name,
                                                     std::string_view password) &&
        {
            return this->add_rvalue(server, user_name, password);
        }
    };
};

/// The members of AcrRegistryInfo.N, without and with ArnService and ArnUser.
template <bool WithArn>
constexpr auto acr_registry_members() noexcept
{
    constexpr member instance_id{"InstanceId", presence::omit_if_empty};
    constexpr member instance_name{"InstanceName", presence::omit_if_empty};
    constexpr member region_id{"RegionId", presence::omit_if_empty};
    if constexpr (WithArn)
        return std::array<member, 5>{{instance_id, instance_name, region_id,
                                      {"ArnService", presence::omit_if_empty, "acr_registry_arn"},
                                      {"ArnUser", presence::omit_if_empty, "acr_registry_arn"}}};
    else
        return std::array<member, 3>{{instance_id, instance_name, region_id}};
}

/** AcrRegistryInfo.N: a Container Registry Enterprise Edition instance
    (.InstanceId, .InstanceName, .RegionId; empty ones are not sent) with its
    domain names as AcrRegistryInfo.N.Domain.M. With WithArn (CreateImageCache)
    also .ArnService and .ArnUser, for an instance of another account. */
template <bool WithArn>
struct acr_registry_info : group_defaults {
    ECIREQ_DETAIL_GROUP_CHECKS(AcrRegistryInfo, acr_registry_info)
    static constexpr auto members = acr_registry_members<WithArn>();
    static constexpr std::string_view nested = "Domain";
    static constexpr std::string_view nested_setter = "acr_registry_domain";
    static constexpr bool reject_empty_entry = true;

    template <class Self>
    struct setters : ::ecireq::detail::group_setters<Self, acr_registry_info> {
        /// Adds AcrRegistryInfo.N with its domain names (AcrRegistryInfo.N.Domain.M).
        Self& acr_registry_info(std::string_view instance_id, std::string_view instance_name = {},
                                std::string_view region_id = {}, std::initializer_list<std::string_view> domains = {}) &
        {
            this->add_nested(this->add(instance_id, instance_name, region_id), domains);
            return this->lvalue_result();
        }
        [[nodiscard]] auto acr_registry_info(std::string_view instance_id, std::string_view instance_name = {},
                                             std::string_view region_id = {},
                                             std::initializer_list<std::string_view> domains = {}) &&
        {
            this->add_nested(this->add(instance_id, instance_name, region_id), domains);
            return this->rvalue_result();
        }

        /// Adds a domain to the last AcrRegistryInfo (starting one when there is none).
        Self& acr_registry_domain(std::string_view domain) &
        {
            this->add_nested(domain);
            return this->lvalue_result();
        }
        [[nodiscard]] auto acr_registry_domain(std::string_view domain) &&
        {
            this->add_nested(domain);
            return this->rvalue_result();
        }

        /// Sets .ArnService and .ArnUser of the last AcrRegistryInfo (starting
        /// one when there is none): the RAM roles that reach an instance of
        /// another account.
        template <bool Arn = WithArn, std::enable_if_t<Arn, int> = 0>
        Self& acr_registry_arn(std::string_view arn_service, std::string_view arn_user) &
        {
            this->template set_last<3>(arn_service, arn_user);
            return this->lvalue_result();
        }
        template <bool Arn = WithArn, std::enable_if_t<Arn, int> = 0>
        [[nodiscard]] auto acr_registry_arn(std::string_view arn_service, std::string_view arn_user) &&
        {
            this->template set_last<3>(arn_service, arn_user);
            return this->rvalue_result();
        }
    };
};

/// The product: what every ECI action shares on the wire.
struct product {
    static constexpr std::string_view version = "2018-08-08";
    static constexpr rpc::host_rule host{ECIREQ_DEFAULT_HOST_PREFIX, ECIREQ_DEFAULT_HOST_SUFFIX};
    using region_field = RegionId;
    using format_field = Format;
    /// The parameter that makes a repeated request harmless (the server
    /// answers a second request with the same token as it did the first).
    using idempotency_field = ClientToken;
};

}} // namespace ecireq::eci

#endif
