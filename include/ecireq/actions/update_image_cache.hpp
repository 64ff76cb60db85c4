// ecireq: the Elastic Container Instance action UpdateImageCache (API version 2018-08-08).
#ifndef ECIREQ_ACTIONS_UPDATE_IMAGE_CACHE_HPP
#define ECIREQ_ACTIONS_UPDATE_IMAGE_CACHE_HPP

#include <ecireq/detail/builder.hpp>
#include <ecireq/detail/fields.hpp>
#include <ecireq/detail/type_state.hpp>
#include <ecireq/error.hpp>
#include <ecireq/rpc/param.hpp>
#include <ecireq/rpc/request.hpp>
#include <ecireq/storage.hpp>

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string_view>
#include <utility>

namespace ecireq {

/// The scalar parameters of UpdateImageCache, named as in the API reference.
namespace update_image_cache_fields {
// clang-format off
struct RegionId            : detail::string_field  { static constexpr bool region_id = true;
                                                     ECIREQ_DETAIL_FIELD_CHECKS(RegionId, region_id) };
struct ImageCacheId        : detail::string_field  { ECIREQ_DETAIL_FIELD_CHECKS(ImageCacheId, image_cache_id) };
struct SecurityGroupId     : detail::string_field  { ECIREQ_DETAIL_FIELD_CHECKS(SecurityGroupId, security_group_id) };
struct VSwitchId           : detail::string_field  { ECIREQ_DETAIL_FIELD_CHECKS(VSwitchId, vswitch_id) };
struct ImageCacheName      : detail::string_field  { ECIREQ_DETAIL_FIELD_CHECKS(ImageCacheName, image_cache_name) };
struct EipInstanceId       : detail::string_field  { ECIREQ_DETAIL_FIELD_CHECKS(EipInstanceId, eip_instance_id) };
struct ResourceGroupId     : detail::string_field  { ECIREQ_DETAIL_FIELD_CHECKS(ResourceGroupId, resource_group_id) };
struct ClientToken         : detail::string_field  { static constexpr std::size_t max_length = 64;
                                                     static constexpr bool ascii_only = true;
                                                     ECIREQ_DETAIL_FIELD_CHECKS(ClientToken, client_token) };
struct ImageCacheSize      : detail::integer_field { ECIREQ_DETAIL_FIELD_CHECKS(ImageCacheSize, image_cache_size) };
struct RetentionDays       : detail::integer_field { ECIREQ_DETAIL_FIELD_CHECKS(RetentionDays, retention_days) };
struct AutoMatchImageCache : detail::boolean_field { ECIREQ_DETAIL_FIELD_CHECKS(AutoMatchImageCache, auto_match_image_cache) };
struct Flash               : detail::boolean_field { ECIREQ_DETAIL_FIELD_CHECKS(Flash, flash) };
struct StandardCopyCount   : detail::integer_field { ECIREQ_DETAIL_FIELD_CHECKS(StandardCopyCount, standard_copy_count) };
struct FlashCopyCount      : detail::integer_field { ECIREQ_DETAIL_FIELD_CHECKS(FlashCopyCount, flash_copy_count) };
/// The common parameter Format ("JSON" by default, or "XML").
struct Format              : detail::string_field  { static constexpr bool sent = false;
                                                     ECIREQ_DETAIL_FIELD_CHECKS(Format, format) };
// clang-format on
} // namespace update_image_cache_fields

/// ImageRegistryCredential.N: Server is the registry address, UserName and
/// Password log on to it. (The API reference's descriptions of these three
/// rows are shifted by one; this is the meaning the service uses.)
template <class Storage>
struct image_registry_credential_entry {
    typename Storage::string server, user_name, password;
};

/// AcrRegistryInfo.N: a Container Registry Enterprise Edition instance.
/// Empty members are not sent; Domain.M lists its domain names.
template <class Storage>
struct acr_registry_info_entry {
    typename Storage::string instance_id, instance_name, region_id;
    detail::entry_list<typename Storage::template nested_list<typename Storage::string>> domains;
};

template <class Storage>
struct tag_entry {
    typename Storage::string key, value;
};

/// The description of UpdateImageCache that the generic builder works from.
struct update_image_cache_spec {
    // clang-format off
    using scalars_store_fields = detail::field_list<
        update_image_cache_fields::RegionId, update_image_cache_fields::ImageCacheId,
        update_image_cache_fields::SecurityGroupId, update_image_cache_fields::VSwitchId,
        update_image_cache_fields::ImageCacheName, update_image_cache_fields::EipInstanceId,
        update_image_cache_fields::ResourceGroupId, update_image_cache_fields::ClientToken,
        update_image_cache_fields::ImageCacheSize, update_image_cache_fields::RetentionDays,
        update_image_cache_fields::AutoMatchImageCache, update_image_cache_fields::Flash,
        update_image_cache_fields::StandardCopyCount, update_image_cache_fields::FlashCopyCount,
        update_image_cache_fields::Format>;
    // clang-format on
    using required = detail::field_list<update_image_cache_fields::RegionId, update_image_cache_fields::ImageCacheId,
                                        update_image_cache_fields::SecurityGroupId,
                                        update_image_cache_fields::VSwitchId,
                                        update_image_cache_fields::ImageCacheName>;

    static constexpr std::string_view action = "UpdateImageCache";
    static constexpr std::string_view version = "2018-08-08";
    static constexpr std::size_t max_tags = 20; // "Valid values of N: 1 to 20"

    template <class Storage, class List = scalars_store_fields>
    struct scalars_of;
    template <class Storage, class... F>
    struct scalars_of<Storage, detail::field_list<F...>> {
        using type = detail::scalar_store<Storage, F...>;
    };

    template <class Storage>
    struct data {
        typename scalars_of<Storage>::type scalars;
        detail::entry_list<typename Storage::template list<typename Storage::string, 0>> images;
        detail::entry_list<typename Storage::template list<tag_entry<Storage>, max_tags>> tags;
        detail::entry_list<typename Storage::template list<image_registry_credential_entry<Storage>, 0>> credentials;
        detail::entry_list<typename Storage::template list<acr_registry_info_entry<Storage>, 0>> acr_registries;
    };

    template <class Storage>
    static rpc::action_info action_info(data<Storage> const& d) noexcept
    {
        auto const& f = d.scalars.template get<update_image_cache_fields::Format>();
        return {action, version, f ? std::string_view(*f) : std::string_view("JSON")};
    }

    template <class Storage>
    static std::string_view region(data<Storage> const& d) noexcept
    {
        auto const& r = d.scalars.template get<update_image_cache_fields::RegionId>();
        return r ? std::string_view(*r) : std::string_view();
    }

    // Longest indexed name: "AcrRegistryInfo." + 20 digits + ".Domain." + 20 digits.
    static constexpr std::size_t max_name = 64;
    static constexpr std::size_t max_integer = 20;

    template <class Storage>
    static std::size_t indexed_count(data<Storage> const& d) noexcept
    {
        std::size_t n = d.images.size() + 2 * d.tags.size() + 3 * d.credentials.size();
        for (auto const& a : d.acr_registries) n += 3 + a.domains.size();
        return n;
    }

    template <class Storage>
    static std::size_t param_count(data<Storage> const& d) noexcept
    {
        return d.scalars.count() + indexed_count(d);
    }

    template <class Storage>
    static std::size_t arena_size(data<Storage> const& d) noexcept
    {
        return indexed_count(d) * max_name + d.scalars.integer_count() * max_integer;
    }

    // Fixed storage: the most any request can need. Owning storage: what
    // fits on the stack for a typical request (larger ones use the heap).
    template <class Storage>
    static constexpr std::size_t max_params =
        Storage::is_fixed ? 15 + Storage::entries + 2 * max_tags + 3 * Storage::entries +
                                Storage::entries * (3 + Storage::nested)
                          : 64;
    template <class Storage>
    static constexpr std::size_t max_arena = Storage::is_fixed
        ? (max_params<Storage> - 15) * max_name + 4 * max_integer
        : 2048;

    /// Validates every value and adds the action's parameters to `t`.
    template <class Storage>
    static result<void> collect(data<Storage> const& d, rpc::param_table& t) noexcept
    {
        using namespace update_image_cache_fields;
        if (auto r = d.scalars.emit(t); !r) return r;
        if (auto const& f = d.scalars.template get<Format>(); f && *f != "JSON" && *f != "XML")
            return error(errc::invalid_value, "Format");

        std::string_view name;
        auto indexed = [&](std::string_view a, std::size_t i, std::string_view b = {}, std::size_t j = 0,
                           std::string_view c = {}) { return t.indexed_name(name, a, i, b, j, c); };
        auto add = [&](std::string_view value, bool allow_empty = false) -> result<void> {
            if (value.empty() && !allow_empty) return error(errc::empty_value, name);
            if (!rpc::is_valid_utf8(value)) return error(errc::invalid_utf8, name);
            return t.push(name, value);
        };
        auto overflow = [&](std::size_t cap) -> result<void> {
            return error(errc::capacity_exceeded, name, static_cast<std::int64_t>(cap));
        };

        std::size_t i = 0;
        for (auto const& image : d.images) {
            if (!indexed("Image.", ++i)) return t.arena_full("Image");
            if (auto r = add(image); !r) return r;
        }
        if (d.images.dropped) {
            indexed("Image.", i + 1);
            return overflow(d.images.size());
        }

        if (d.tags.requested() > max_tags) {
            indexed("Tag.", max_tags + 1, ".Key");
            return error(errc::too_many, name, max_tags);
        }
        i = 0;
        for (auto const& tag : d.tags) {
            if (!indexed("Tag.", ++i, ".Key")) return t.arena_full("Tag");
            if (auto r = add(tag.key); !r) return r;
            if (!indexed("Tag.", i, ".Value")) return t.arena_full("Tag");
            if (auto r = add(tag.value, true); !r) return r; // a tag may have an empty value
        }

        i = 0;
        for (auto const& c : d.credentials) {
            ++i;
            if (!indexed("ImageRegistryCredential.", i, ".Server")) return t.arena_full("ImageRegistryCredential");
            if (auto r = add(c.server); !r) return r;
            if (!indexed("ImageRegistryCredential.", i, ".UserName")) return t.arena_full("ImageRegistryCredential");
            if (auto r = add(c.user_name); !r) return r;
            if (!indexed("ImageRegistryCredential.", i, ".Password")) return t.arena_full("ImageRegistryCredential");
            if (auto r = add(c.password); !r) return r;
        }
        if (d.credentials.dropped) {
            indexed("ImageRegistryCredential.", i + 1);
            return overflow(d.credentials.size());
        }

        i = 0;
        for (auto const& a : d.acr_registries) {
            ++i;
            if (a.instance_id.empty() && a.instance_name.empty() && a.region_id.empty() && a.domains.size() == 0) {
                indexed("AcrRegistryInfo.", i);
                return error(errc::empty_value, name);
            }
            struct member { std::string_view suffix, value; } members[] = {
                {".InstanceId", a.instance_id}, {".InstanceName", a.instance_name}, {".RegionId", a.region_id}};
            for (auto const& m : members) {
                if (m.value.empty()) continue; // optional members: absent, not empty
                if (!indexed("AcrRegistryInfo.", i, m.suffix)) return t.arena_full("AcrRegistryInfo");
                if (auto r = add(m.value); !r) return r;
            }
            std::size_t j = 0;
            for (auto const& domain : a.domains) {
                if (!indexed("AcrRegistryInfo.", i, ".Domain.", ++j)) return t.arena_full("AcrRegistryInfo");
                if (auto r = add(domain); !r) return r;
            }
            if (a.domains.dropped) {
                indexed("AcrRegistryInfo.", i, ".Domain.", j + 1);
                return overflow(a.domains.size());
            }
        }
        if (d.acr_registries.dropped) {
            indexed("AcrRegistryInfo.", i + 1);
            return overflow(d.acr_registries.size());
        }
        return {};
    }
};

/// Declares the setters of a scalar parameter: `setter(value)` and
/// `maybe_setter(std::optional<value>)` (nullopt: leave it unset), both
/// once only. Kept local to this header.
#define ECIREQ_DETAIL_SCALAR_SETTER(setter, Field)                                                         \
    template <class T, class = std::enable_if_t<Field::template accepts<T>>>                               \
    [[nodiscard]] auto setter(T&& v) &&                                                                    \
    {                                                                                                      \
        typename Field::input_type in(std::forward<T>(v));                                                 \
        return std::move(*this).template set<Field>(                                                       \
            [&](data_type& d) { d.scalars.template get<Field>().emplace(in); });                           \
    }                                                                                                      \
    template <class T, class = std::enable_if_t<Field::template accepts<T>>>                               \
    [[nodiscard]] auto setter(T&& v) const&                                                                \
    {                                                                                                      \
        return basic_update_image_cache(*this).setter(std::forward<T>(v));                                 \
    }

#define ECIREQ_DETAIL_OPTIONAL_SETTER(setter, Field)                                                       \
    ECIREQ_DETAIL_SCALAR_SETTER(setter, Field)                                                             \
    [[nodiscard]] auto maybe_##setter(std::optional<typename Field::input_type> v) &&                      \
    {                                                                                                      \
        return std::move(*this).template set<Field>([&](data_type& d) {                                    \
            if (v) d.scalars.template get<Field>().emplace(*v);                                            \
        });                                                                                                \
    }                                                                                                      \
    [[nodiscard]] auto maybe_##setter(std::optional<typename Field::input_type> v) const&                  \
    {                                                                                                      \
        return basic_update_image_cache(*this).maybe_##setter(v);                                          \
    }

/** The UpdateImageCache request builder.

    Setters are named after the API parameters in snake_case. The five
    required ones (region_id, image_cache_id, security_group_id, vswitch_id,
    image_cache_name) must be called before sign() compiles; every scalar
    setter may be called once. Repeated parameters (image, tag,
    image_registry_credential, acr_registry_info) may be called any number of
    times and are numbered from 1 in call order.

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
class basic_update_image_cache
    : public detail::builder_base<update_image_cache_spec, Storage, State, basic_update_image_cache> {
    using base = detail::builder_base<update_image_cache_spec, Storage, State, basic_update_image_cache>;
    template <class, class, class, template <class, class> class>
    friend class detail::builder_base;
    template <class, class>
    friend class basic_update_image_cache;
    using string = typename Storage::string;

public:
    using data_type = typename base::data_type;

    basic_update_image_cache() = default;
    basic_update_image_cache(detail::from_data_t, data_type&& d) noexcept(
        std::is_nothrow_move_constructible<data_type>::value)
        : base(std::move(d)) {}

    // Required.
    ECIREQ_DETAIL_SCALAR_SETTER(region_id, update_image_cache_fields::RegionId)
    ECIREQ_DETAIL_SCALAR_SETTER(image_cache_id, update_image_cache_fields::ImageCacheId)
    ECIREQ_DETAIL_SCALAR_SETTER(security_group_id, update_image_cache_fields::SecurityGroupId)
    ECIREQ_DETAIL_SCALAR_SETTER(vswitch_id, update_image_cache_fields::VSwitchId)
    ECIREQ_DETAIL_SCALAR_SETTER(image_cache_name, update_image_cache_fields::ImageCacheName)
    // Optional.
    ECIREQ_DETAIL_OPTIONAL_SETTER(eip_instance_id, update_image_cache_fields::EipInstanceId)
    ECIREQ_DETAIL_OPTIONAL_SETTER(resource_group_id, update_image_cache_fields::ResourceGroupId)
    ECIREQ_DETAIL_OPTIONAL_SETTER(client_token, update_image_cache_fields::ClientToken)
    ECIREQ_DETAIL_OPTIONAL_SETTER(image_cache_size, update_image_cache_fields::ImageCacheSize)
    ECIREQ_DETAIL_OPTIONAL_SETTER(retention_days, update_image_cache_fields::RetentionDays)
    ECIREQ_DETAIL_OPTIONAL_SETTER(auto_match_image_cache, update_image_cache_fields::AutoMatchImageCache)
    ECIREQ_DETAIL_OPTIONAL_SETTER(flash, update_image_cache_fields::Flash)
    ECIREQ_DETAIL_OPTIONAL_SETTER(standard_copy_count, update_image_cache_fields::StandardCopyCount)
    ECIREQ_DETAIL_OPTIONAL_SETTER(flash_copy_count, update_image_cache_fields::FlashCopyCount)
    /// The common parameter Format: "JSON" (default) or "XML".
    ECIREQ_DETAIL_OPTIONAL_SETTER(format, update_image_cache_fields::Format)

    /// Adds Image.N (N = 1, 2, ... in call order).
    basic_update_image_cache& image(std::string_view image) &
    {
        this->data_.images.add(string(image));
        return *this;
    }
    [[nodiscard]] basic_update_image_cache image(std::string_view image) && { return std::move(this->image(image)); }

    /// Adds Tag.N.Key / Tag.N.Value (at most 20 tags; the key must not be empty).
    basic_update_image_cache& tag(std::string_view key, std::string_view value) &
    {
        this->data_.tags.add({string(key), string(value)});
        return *this;
    }
    [[nodiscard]] basic_update_image_cache tag(std::string_view key, std::string_view value) &&
    {
        return std::move(this->tag(key, value));
    }

    /// Adds ImageRegistryCredential.N.Server / .UserName / .Password.
    basic_update_image_cache& image_registry_credential(std::string_view server, std::string_view user_name,
                                                        std::string_view password) &
    {
        this->data_.credentials.add({string(server), string(user_name), string(password)});
        return *this;
    }
    [[nodiscard]] basic_update_image_cache image_registry_credential(std::string_view server,
                                                                     std::string_view user_name,
                                                                     std::string_view password) &&
    {
        return std::move(this->image_registry_credential(server, user_name, password));
    }

    /// Adds AcrRegistryInfo.N (.InstanceId, .InstanceName, .RegionId; empty ones
    /// are not sent) with its domain names as AcrRegistryInfo.N.Domain.M.
    basic_update_image_cache& acr_registry_info(std::string_view instance_id, std::string_view instance_name = {},
                                                std::string_view region_id = {},
                                                std::initializer_list<std::string_view> domains = {}) &
    {
        if (auto* e = this->data_.acr_registries.add({string(instance_id), string(instance_name), string(region_id), {}}))
            for (auto d : domains) e->domains.add(string(d));
        return *this;
    }
    [[nodiscard]] basic_update_image_cache acr_registry_info(std::string_view instance_id,
                                                             std::string_view instance_name = {},
                                                             std::string_view region_id = {},
                                                             std::initializer_list<std::string_view> domains = {}) &&
    {
        return std::move(this->acr_registry_info(instance_id, instance_name, region_id, domains));
    }

    /// Adds a domain to the last AcrRegistryInfo (starting one when there is none).
    basic_update_image_cache& acr_registry_domain(std::string_view domain) &
    {
        auto& list = this->data_.acr_registries;
        if (list.size() == 0 && list.dropped == 0) list.add({});
        if (list.dropped == 0) list.items.back().domains.add(string(domain));
        return *this;
    }
    [[nodiscard]] basic_update_image_cache acr_registry_domain(std::string_view domain) &&
    {
        return std::move(this->acr_registry_domain(domain));
    }
};

#undef ECIREQ_DETAIL_SCALAR_SETTER
#undef ECIREQ_DETAIL_OPTIONAL_SETTER

/// An UpdateImageCache request that owns its values.
inline basic_update_image_cache<> update_image_cache() { return {}; }

/// An UpdateImageCache request with no heap use (see static_storage for the lifetime rule).
template <std::size_t Entries = 8, std::size_t Nested = 4>
basic_update_image_cache<static_storage<Entries, Nested>> update_image_cache_static()
{
    return {};
}

} // namespace ecireq

#endif
