// ecireq: the generic type-state request builder.
//
// An action is described by a Spec (see actions/update_image_cache.hpp):
//   static constexpr rpc::action_info info;       Action, Version
//   using required = field_list<...>;             parameters sign() needs
//   template <class S> struct data;               the values, for storage S
//   static result<void> collect(data const&, rpc::param_table&);
//   static std::size_t param_count(data const&), arena_size(data const&);
//   static constexpr std::size_t max_params<S>, max_arena<S> (fixed storage)
//   static std::string_view region(data const&);  for the default host
// and a thin class deriving from builder_base that names the setters.
#ifndef ECIREQ_DETAIL_BUILDER_HPP
#define ECIREQ_DETAIL_BUILDER_HPP

#include <ecireq/credentials.hpp>
#include <ecireq/detail/type_state.hpp>
#include <ecireq/error.hpp>
#include <ecireq/rpc/request.hpp>

#include <boost/container/small_vector.hpp>
#include <boost/url/static_url.hpp>
#include <boost/url/url.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

#include <cstddef>
#include <memory>
#include <string>
#include <utility>

namespace ecireq {

/// A signed POST: send `body` as application/x-www-form-urlencoded to `url`.
struct signed_post {
    boost::urls::url url;
    std::string body;
};

/// A signed POST written into caller buffers (the URL NUL-terminated).
struct signed_post_view {
    std::string_view url;
    std::string_view body;
};

namespace detail {

template <class Spec, class Storage, class State, template <class, class> class Self>
class builder_base {
public:
    using spec_type = Spec;
    using storage_type = Storage;
    using state_type = State;
    using data_type = typename Spec::template data<Storage>;

    /// True when every required parameter is set (sign() compiles).
    static constexpr bool is_complete = all_set<State>(typename Spec::required{});

    data_type const& data() const noexcept { return data_; }

    /** Signs a GET request: `https://eci.<RegionId>.aliyuncs.com/?<query>&Signature=<sig>`.

        Allocates (the returned url); see sign_to for the no-heap forms.
        Does not compile unless every required parameter is set. */
    template <class Backend>
    result<boost::urls::url> sign(basic_credentials<Backend> const& creds, sign_options const& opts = {}) const
    {
        if constexpr (!check_complete()) {
            return error(errc::missing_parameter);
        } else {
            return with_prepared(creds, opts, http_method::get, [&](rpc::prepared_request const& p) -> result<boost::urls::url> {
                std::size_t cap = p.bound() + 1;
                constexpr std::size_t stack_cap = 8192;
                char stack[stack_cap];
                std::unique_ptr<char[]> heap;
                char* buf = stack;
                if (cap > stack_cap) {
                    heap.reset(new char[cap]);
                    buf = heap.get();
                }
                auto v = rpc::write_signed(p, creds, buf, cap);
                if (!v) return v.error();
                return to_url<boost::urls::url>(*v);
            });
        }
    }

    /// Signs a POST request: the URL has no query; the body carries the signed parameters.
    template <class Backend>
    result<signed_post> sign_post(basic_credentials<Backend> const& creds, sign_options const& opts = {}) const
    {
        if constexpr (!check_complete()) {
            return error(errc::missing_parameter);
        } else {
            return with_prepared(creds, opts, http_method::post, [&](rpc::prepared_request const& p) -> result<signed_post> {
                signed_post out;
                out.body.resize(p.signed_query_bound());
                std::string url(p.url_prefix_size() + 1, '\0');
                std::size_t body_size = 0;
                auto v = rpc::write_signed(p, creds, &url[0], url.size(), &out.body[0], out.body.size(), &body_size);
                if (!v) return v.error();
                out.body.resize(body_size);
                auto u = to_url<boost::urls::url>(*v);
                if (!u) return u.error();
                out.url = std::move(*u);
                return out;
            });
        }
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

    /// Signs a GET request into a boost::urls::static_url; no heap use.
    template <class Backend, std::size_t N>
    result<void> sign_to(basic_credentials<Backend> const& creds, boost::urls::static_url<N>& out,
                         sign_options const& opts = {}) const
    {
        char buf[N + 1];
        auto v = sign_to(creds, buf, N + 1, opts);
        if (!v) return v.error();
        auto u = to_url<boost::urls::url_view>(*v);
        if (!u) return u.error();
        out = *u; // fits: at most N characters
        return {};
    }

    /// Signs a POST request into caller buffers (URL NUL-terminated, body not); no heap use.
    template <class Backend>
    result<signed_post_view> sign_post_to(basic_credentials<Backend> const& creds, char* url_buf,
                                          std::size_t url_size, char* body_buf, std::size_t body_size,
                                          sign_options const& opts = {}) const
    {
        if constexpr (!check_complete()) {
            return error(errc::missing_parameter);
        } else {
            return with_prepared(creds, opts, http_method::post, [&](rpc::prepared_request const& p) -> result<signed_post_view> {
                std::size_t n = 0;
                auto v = rpc::write_signed(p, creds, url_buf, url_size, body_buf, body_size, &n);
                if (!v) return v.error();
                return signed_post_view{*v, {body_buf, n}};
            });
        }
    }

    /// Runs every runtime check sign() would, without signing.
    result<void> validate() const
    {
        return with_table([&](rpc::param_table&) { return result<void>{}; });
    }

protected:
    builder_base() = default;
    explicit builder_base(data_type&& d) noexcept(std::is_nothrow_move_constructible<data_type>::value)
        : data_(std::move(d)) {}

    /// Moves this builder's data into the builder with Field added to the state.
    template <class Field, class Assign>
    auto set(Assign&& assign) &&
    {
        using next = Self<Storage, with_field_t<State, Field>>;
        if constexpr (!not_yet_set<State, Field>()) {
            return next(from_data_t{}, std::move(data_)); // unreachable at run time: the assert fired
        } else {
            assign(data_);
            return next(from_data_t{}, std::move(data_));
        }
    }

    data_type data_;

private:
    // The text was assembled from checked parts, so the parse cannot fail;
    // were it to, that is reported, never ignored.
    template <class Url>
    static result<Url> to_url(std::string_view text)
    {
        auto u = boost::urls::parse_uri(text);
        if (!u) return error(errc::invalid_endpoint, "endpoint");
        return Url(*u);
    }

    static constexpr bool check_complete() noexcept
    {
        return all_required_set<State>(typename Spec::required{});
    }

    // Collects the action's parameters into a table sized for them: on the
    // stack for fixed storage (and for typical requests with owning storage).
    template <class F>
    auto with_table(F&& f) const -> decltype(f(std::declval<rpc::param_table&>()))
    {
        constexpr std::size_t inline_params = Spec::template max_params<Storage> + rpc::max_common_params;
        constexpr std::size_t inline_arena = Spec::template max_arena<Storage>;
        boost::container::small_vector<rpc::param, inline_params> params;
        boost::container::small_vector<char, inline_arena> arena;
        std::size_t n = Spec::param_count(data_) + rpc::max_common_params;
        std::size_t a = Spec::arena_size(data_);
        if constexpr (Storage::is_fixed) { // never grow past the inline capacity
            n = n < inline_params ? n : inline_params;
            a = a < inline_arena ? a : inline_arena;
        }
        params.resize(n, boost::container::default_init);
        arena.resize(a, boost::container::default_init);
        rpc::param_table t(params.data(), params.size(), arena.data(), arena.size());
        if (auto r = Spec::collect(data_, t); !r) return r.error();
        return f(t);
    }

    template <class Backend, class F>
    auto with_prepared(basic_credentials<Backend> const& creds, sign_options const& opts, http_method m, F&& f) const
        -> decltype(f(std::declval<rpc::prepared_request const&>()))
    {
        if (auto c = creds.check(); !c) return c.error();
        return with_table([&](rpc::param_table& t) -> decltype(f(std::declval<rpc::prepared_request const&>())) {
            rpc::common_storage common;
            if (auto r = rpc::add_common_params(t, Spec::action_info(data_), creds, opts, common); !r)
                return r.error();
            if (auto r = rpc::sort_params(t.begin(), t.end()); !r) return r.error();
            auto p = rpc::prepared_request::make(t.begin(), t.end(), m, opts, Spec::region(data_));
            if (!p) return p.error();
            return f(*p);
        });
    }
};

}} // namespace ecireq::detail

#endif
