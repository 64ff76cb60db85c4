// ecireq: the generic type-state request builder.
//
// request<Spec, Storage, State> is the builder of every action: it inherits
// the setters of the action's fields and groups (each declared with its
// parameter), tracks in State which parameters are set, and signs. An
// action header declares its Spec and names the builder; see builder/action.hpp.
#ifndef ECIREQ_BUILDER_BUILDER_HPP
#define ECIREQ_BUILDER_BUILDER_HPP

#include <ecireq/builder/access.hpp>
#include <ecireq/builder/action.hpp>
#include <ecireq/builder/storage.hpp>
#include <ecireq/builder/type_state.hpp>
#include <ecireq/error.hpp>
#include <ecireq/rpc/canonical_query.hpp>
#include <ecireq/rpc/endpoint.hpp>
#include <ecireq/rpc/sign_options.hpp>
#include <ecireq/rpc/request_stamp.hpp>
#include <ecireq/rpc/signed_views.hpp>
#include <ecireq/signature/acs3_hmac_sha256.hpp>
#include <ecireq/signature/acs3_prepare.hpp>
#include <ecireq/signature/credentials.hpp>
#include <ecireq/signature/compiled_engine.hpp>
#include <ecireq/signature/rpc_v2.hpp>
#include <ecireq/signature/rpc_v2_prepare.hpp>

#include <boost/container/small_vector.hpp>

#include <cstddef>
#include <optional>
#include <string_view>
#include <type_traits>
#include <utility>

namespace ecireq { namespace detail {

template <class Spec, class Storage, class State, class Fields = typename Spec::fields,
          class Groups = typename Spec::groups>
class request;

/// The signing forms that produce Boost.URL types (builder/url_forms.hpp).
template <class Backend>
struct url_forms;

/// True for boost::urls::static_url<N> (specialized in builder/url_forms.hpp).
template <class T>
struct is_static_url : std::false_type {};

/** The builder of a request of action Spec.

    Setters are named after the API parameters in snake_case (declared with
    each parameter). Every required parameter must be set before sign()
    compiles; every scalar setter may be called once; repeated setters any
    number of times, numbered from 1 in call order. */
template <class Spec, class Storage, class State, class... F, class... G>
class request<Spec, Storage, State, field_list<F...>, group_list<G...>>
    : public F::template setters<request<Spec, Storage, State>>...,
      public G::template setters<request<Spec, Storage, State>>... {
    friend struct builder_access;
    template <class, class, class, class, class>
    friend class request;
    template <class>
    friend struct url_forms;

public:
    using spec_type = Spec;
    using storage_type = Storage;
    /// How the values are kept (Storage itself, or a bound storage's Inner).
    using values_storage_type = values_storage_t<Storage>;
    using state_type = State;
    /// The values (for bound storage: the caller's object they live in).
    using data_type = action_data<Spec, values_storage_t<Storage>>;
    static constexpr bool is_bound = is_bound_storage<Storage>::value;
    using required = typename Spec::required;

    /// True when every required parameter is set (sign() compiles).
    static constexpr bool is_complete = all_set<State>(required{});

    /// True when an &-qualified setter of Group may add to this builder:
    /// it cannot change the builder's type, so not the first of a required group.
    template <class Group>
    static constexpr bool lvalue_may_add = !is_listed_v<Group, required> || is_set_v<State, Group>;

    /// A fresh builder (not for bound storage, whose values are the caller's: see build_in).
    template <bool Bound = is_bound, std::enable_if_t<!Bound, int> = 0>
    request() noexcept(std::is_nothrow_default_constructible<data_type>::value)
    {}
    request(from_data_t, data_type&& d) noexcept(std::is_nothrow_move_constructible<data_type>::value)
        : data_(std::move(d))
    {}
    /// Bound storage: a builder over the caller's `values`.
    template <class Bound>
    explicit request(Bound& values) noexcept : data_(&values) { static_assert(is_bound); }

    data_type const& data() const noexcept { return values(); }

    // The forms whose output is a boost::urls::url live in
    // builder/url_forms.hpp (part of <ecireq.hpp>, not of the no-heap core
    // <ecireq/core.hpp>), so that the core needs neither Boost.URL's headers
    // nor its compiled library. These forward to them.

    /** Signs a GET request: `result<boost::urls::url>`, the URL
        `https://<host>/?<query>&Signature=<sig>`. Allocates; see sign_to for
        the no-heap forms. Does not compile unless every required parameter
        is set. */
    template <class Backend>
    auto sign(basic_credentials<Backend> const& creds, sign_options const& opts = {}) const
    {
        return url_forms<Backend>::sign(*this, creds, opts);
    }

    /// Signs a POST request: `result<signed_post>`, a URL without a query and
    /// the form body carrying the signed parameters.
    template <class Backend>
    auto sign_post(basic_credentials<Backend> const& creds, sign_options const& opts = {}) const
    {
        return url_forms<Backend>::sign_post(*this, creds, opts);
    }

    /// Signs a GET request into a boost::urls::static_url<N>: `result<void>`; no heap use.
    template <class Backend, class StaticUrl, class = std::enable_if_t<is_static_url<StaticUrl>::value>>
    result<void> sign_to(basic_credentials<Backend> const& creds, StaticUrl& out, sign_options const& opts = {}) const
    {
        return url_forms<Backend>::sign_to(*this, creds, out, opts);
    }

    /** Signs with V3 (ACS3-HMAC-SHA256), the scheme the official SDKs use
        today: `result<signed_request>`, `method` (POST by default, or GET) to
        the URL `https://<host>/?<canonical query>` with the x-acs-* headers,
        host and authorization, and an empty body. Allocates; sign_v3_to
        does not. */
    template <class Backend>
    auto sign_v3(basic_credentials<Backend> const& creds, sign_options const& opts = {},
                 http_method method = http_method::post) const
    {
        return url_forms<Backend>::sign_v3(*this, creds, opts, method);
    }

    /** Signs a GET request into `buf` (NUL-terminated); no heap use.
        Returns the URL text in `buf`, or buffer_too_small with a size that
        always suffices; `buf` then holds an empty string. The text is a valid
        URL by construction; boost::urls::parse_uri gives a url_view of it
        (that parse costs about as much as the HMAC, so it is left to you). */
    template <class Backend>
    result<std::string_view> sign_to(basic_credentials<Backend> const& creds, char* buf, std::size_t size,
                                     sign_options const& opts = {}) const
    {
        if constexpr (!check_complete()) {
            return error(errc::missing_parameter);
        } else {
            auto r = with_prepared(creds, opts, http_method::get, [&](rpc::prepared_request const& p) {
                return rpc::write_signed(p, creds, buf, size);
            });
            if (!r && size) buf[0] = '\0';
            return r;
        }
    }

    template <class Backend, std::size_t N>
    result<std::string_view> sign_to(basic_credentials<Backend> const& creds, char (&buf)[N],
                                     sign_options const& opts = {}) const
    {
        return sign_to(creds, buf, N, opts);
    }

    /** Signs a POST request into caller buffers (URL NUL-terminated, body
        not); no heap use. On an error, buffer_too_small included, both
        buffers hold an empty string (a NUL at [0]). */
    template <class Backend>
    result<signed_post_view> sign_post_to(basic_credentials<Backend> const& creds, char* url_buf,
                                          std::size_t url_size, char* body_buf, std::size_t body_size,
                                          sign_options const& opts = {}) const
    {
        if constexpr (!check_complete()) {
            return error(errc::missing_parameter);
        } else {
            auto r = with_prepared(creds, opts, http_method::post, [&](rpc::prepared_request const& p) -> result<signed_post_view> {
                std::size_t n = 0;
                auto v = rpc::write_signed(p, creds, url_buf, url_size, body_buf, body_size, &n);
                if (!v) return v.error();
                return signed_post_view{*v, {body_buf, n}};
            });
            // Never a partial request: on any error both buffers hold an empty string.
            if (!r) {
                if (url_size) url_buf[0] = '\0';
                if (body_size) body_buf[0] = '\0';
            }
            return r;
        }
    }

    /** Signs with V3 into caller buffers, no heap use: the URL
        (NUL-terminated) into `url_buf`, the headers as "name: value\r\n"
        lines (NUL-terminated) into `headers_buf`. A buffer that is too small
        gives buffer_too_small naming "output" or "headers" with a size that
        suffices; both buffers then hold an empty string. */
    template <class Backend>
    result<signed_request_view> sign_v3_to(basic_credentials<Backend> const& creds, char* url_buf,
                                           std::size_t url_size, char* headers_buf, std::size_t headers_size,
                                           sign_options const& opts = {},
                                           http_method method = http_method::post) const
    {
        if constexpr (!check_complete()) {
            return error(errc::missing_parameter);
        } else {
            auto r = with_v3(creds, opts, method, [&](acs3::prepared_request const& p) -> result<signed_request_view> {
                std::size_t url_need = acs3::url_size(p.endpoint, p.first, p.last) + 1;
                if (url_size < url_need) return error(errc::buffer_too_small, "output", static_cast<std::int64_t>(url_need));
                auto parts = p.parts(acs3::write_url(p.endpoint, p.first, p.last, url_buf));
                std::size_t headers_need = acs3::headers_size(parts.request) + 1;
                if (headers_size < headers_need)
                    return error(errc::buffer_too_small, "headers", static_cast<std::int64_t>(headers_need));
                auto v = sign_v3_parts(creds, parts, headers_buf);
                if (!v) return v.error();
                return signed_request_view{method, parts.url.url, *v};
            });
            if (!r) {
                if (url_size) url_buf[0] = '\0';
                if (headers_size) headers_buf[0] = '\0';
            }
            return r;
        }
    }

    /// Runs every runtime check sign() would, without signing.
    result<void> validate() const
    {
        return with_table([&](rpc::param_table&) { return result<void>{}; });
    }

private:
    template <class Field, class V>
    auto set_field(V&& v) &&
    {
        using next = request<Spec, Storage, with_param_t<State, Field>>;
        if constexpr (!not_yet_set<State, Field>()) {
            return std::move(*this).template moved_to<next>(); // unreachable at run time: the assert fired
        } else {
            values().scalars.template get<Field>().emplace(Field::convert(std::forward<V>(v)));
            return std::move(*this).template moved_to<next>();
        }
    }

    template <class Field, class Optional>
    auto set_maybe_field(Optional const& v) &&
    {
        using next = request<Spec, Storage, with_param_t<State, Field>>;
        if constexpr (!(Field::template maybe_check<is_listed_v<Field, required>>() &&
                        not_yet_set<State, Field>())) {
            return std::move(*this).template moved_to<next>(); // unreachable at run time: the assert fired
        } else {
            if (v) values().scalars.template get<Field>().emplace(*v); // converted by to_maybe
            return std::move(*this).template moved_to<next>();
        }
    }

    template <class Group>
    auto mark_group() &&
    {
        if constexpr (is_listed_v<Group, required> && !is_set_v<State, Group>)
            return std::move(*this).template moved_to<request<Spec, Storage, with_param_t<State, Group>>>();
        else
            return request(std::move(*this));
    }

    template <class Group>
    auto& group_store() noexcept { return values().template group<Group>(); }

    data_type& values() noexcept
    {
        if constexpr (is_bound) return data_->values;
        else return data_;
    }
    data_type const& values() const noexcept
    {
        if constexpr (is_bound) return data_->values;
        else return data_;
    }

    // This builder's values, handed to the builder of the next state: moved,
    // or for bound storage the same pointer.
    template <class Next>
    Next moved_to() &&
    {
        if constexpr (is_bound) return Next(*data_);
        else return Next(from_data_t{}, std::move(data_));
    }

    static constexpr bool check_complete() noexcept { return all_required_set<State>(required{}); }

    // Collects the action's parameters into a table sized for them: on the
    // stack for fixed storage (and for typical requests with owning storage).
    template <class Fn>
    auto with_table(Fn&& f) const -> decltype(f(std::declval<rpc::param_table&>()))
    {
        using kept = values_storage_type;
        if constexpr (is_bound && kept::is_fixed) { // the bound values' scratch space, not the stack
            constexpr std::size_t params = sizeof data_->params / sizeof data_->params[0];
            constexpr std::size_t arena = sizeof data_->arena;
            std::size_t n = values().param_count() + rpc::max_common_params;
            std::size_t a = values().arena_size();
            return collect_into(data_->params, n < params ? n : params, data_->arena, a < arena ? a : arena, f);
        } else {
            return with_stack_table(std::forward<Fn>(f));
        }
    }

    template <class Fn>
    auto with_stack_table(Fn&& f) const -> decltype(f(std::declval<rpc::param_table&>()))
    {
        using kept = values_storage_type;
        constexpr std::size_t inline_params =
            (kept::is_fixed ? data_type::max_params : inline_of<kept>::params) + rpc::max_common_params;
        // At least one inline element: boost::container::small_vector<T, 0> is
        // undefined behaviour (an action without indexed names or integers,
        // DeleteImageCache, has no arena to speak of).
        constexpr std::size_t wanted_arena = kept::is_fixed ? data_type::max_arena : inline_of<kept>::arena;
        constexpr std::size_t inline_arena = wanted_arena > 0 ? wanted_arena : 1;
        std::size_t n = values().param_count() + rpc::max_common_params;
        std::size_t a = values().arena_size();
        if constexpr (Storage::is_fixed) {
            // Never more than the capacities: plain arrays, so that a TU
            // signing with fixed storage does not instantiate small_vector's
            // growth code it can never run.
            rpc::param params[inline_params];
            char arena[inline_arena];
            return collect_into(params, n < inline_params ? n : inline_params, arena,
                                a < inline_arena ? a : inline_arena, f);
        } else {
            boost::container::small_vector<rpc::param, inline_params> params;
            boost::container::small_vector<char, inline_arena> arena;
            params.resize(n, boost::container::default_init);
            arena.resize(a, boost::container::default_init);
            return collect_into(params.data(), params.size(), arena.data(), arena.size(), f);
        }
    }

    // The one step every kind of table shares: collect into it, then hand it to f.
    template <class Fn>
    auto collect_into(rpc::param* params, std::size_t n, char* arena, std::size_t a, Fn& f) const
        -> decltype(f(std::declval<rpc::param_table&>()))
    {
        rpc::param_table t(params, n, arena, a);
        if (auto r = values().collect(t); !r) return r.error();
        return f(t);
    }

    template <class S, bool = S::is_fixed>
    struct inline_of {
        static constexpr std::size_t params = S::inline_params, arena = S::inline_arena;
    };
    template <class S>
    struct inline_of<S, true> {
        static constexpr std::size_t params = 0, arena = 0;
    };

    template <class Backend, class Fn>
    auto with_prepared(basic_credentials<Backend> const& creds, sign_options const& opts, http_method m, Fn&& f) const
        -> decltype(f(std::declval<rpc::prepared_request const&>()))
    {
        if (auto c = creds.check(); !c) return c.error();
        return with_table([&](rpc::param_table& t) -> decltype(f(std::declval<rpc::prepared_request const&>())) {
            rpc::request_stamp stamp;
            auto p = rpc::prepare_v2(t, stamp, target(), creds, opts, m);
            if (!p) return p.error();
            return f(*p);
        });
    }

    rpc::request_target target() const noexcept
    {
        return {values().info(), Spec::product::host, values().region()};
    }

    template <class Credentials>
    static result<std::string_view> sign_v3_parts(Credentials const& creds, acs3::prepared_request::with_url const& p,
                                                  char* headers_out)
    {
        auto sig = acs3::sign(creds, p.request, p.url.query);
        if (!sig) return sig.error();
        return acs3::write_headers(p.request, *sig, headers_out);
    }

    template <class Backend, class Fn>
    auto with_v3(basic_credentials<Backend> const& creds, sign_options const& opts, http_method m, Fn&& f) const
        -> decltype(f(std::declval<acs3::prepared_request const&>()))
    {
        if (auto c = creds.check(); !c) return c.error();
        return with_table([&](rpc::param_table& t) -> decltype(f(std::declval<acs3::prepared_request const&>())) {
            rpc::request_stamp stamp;
            auto p = acs3::prepare(t, stamp, target(), creds, opts, m);
            if (!p) return p.error();
            return f(*p);
        });
    }

    // The values, or for bound storage where they are.
    std::conditional_t<is_bound, bound_values<Spec, values_storage_type>*, data_type> data_{};
};

} // namespace detail

/// The values of one request of action Spec, kept as Inner says
/// (static_storage<> by default: no heap), for build_in; with fixed storage
/// also the space signing works in.
template <class Spec, class Inner = static_storage<>>
using request_values = detail::bound_values<Spec, Inner>;

/** A builder whose values live in `values`: every setter returns a handle
    (one pointer) instead of a copy of the request, so a chained expression of
    any length costs a few bytes of stack per setter, not a request each.
    `values` is reset to a fresh request here and must outlive the builder
    and every handle derived from it; copies of a handle share the values.

    @code
    static ecireq::request_values<ecireq::update_image_cache_spec> values;
    auto request = ecireq::build_in(values).region_id("cn-hangzhou").image_cache_id("imc-...")
                       .security_group_id("sg-...").vswitch_id("vsw-...").image_cache_name("cache");
    auto url = request.sign_to(creds, buffer, sizeof buffer);
    @endcode */
template <class Spec, class Inner, bool Scratch>
detail::request<Spec, bound_storage<Inner>, detail::empty_state> build_in(detail::bound_values<Spec, Inner, Scratch>& values)
{
    values.values.clear();
    return detail::request<Spec, bound_storage<Inner>, detail::empty_state>(values);
}

} // namespace ecireq

#endif
