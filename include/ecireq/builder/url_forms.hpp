// ecireq: the signing forms whose output is a Boost.URL type: sign() into a
// boost::urls::url, sign_post(), sign_to() into a boost::urls::static_url,
// and sign_v3(). The builder's members of those names forward here, so the
// no-heap core (<ecireq/core.hpp>: sign_to into a char buffer, sign_post_to,
// sign_v3_to) needs neither Boost.URL's headers nor its compiled library.
// <ecireq.hpp> includes this; link Boost::url (Boost.URL 1.81 is compiled).
#ifndef ECIREQ_BUILDER_URL_FORMS_HPP
#define ECIREQ_BUILDER_URL_FORMS_HPP

#include <ecireq/builder/builder.hpp>
#include <ecireq/error.hpp>
#include <ecireq/rpc/sign_options.hpp>
#include <ecireq/rpc/signed_urls.hpp>
#include <ecireq/signature/acs3_hmac_sha256.hpp>
#include <ecireq/signature/credentials.hpp>
#include <ecireq/signature/rpc_v2.hpp>

#include <boost/url/parse.hpp>
#include <boost/url/static_url.hpp>
#include <boost/url/url.hpp>
#include <boost/url/url_view.hpp>

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

namespace ecireq { namespace detail {

template <std::size_t N>
struct is_static_url<boost::urls::static_url<N>> : std::true_type {};

template <class Backend>
struct url_forms {
    using creds_type = basic_credentials<Backend>;

    // The text was assembled from checked parts, so the parse cannot fail;
    // were it to, that is reported, never ignored.
    template <class Url>
    static result<Url> to_url(std::string_view text)
    {
        auto u = boost::urls::parse_uri(text);
        if (!u) return error(errc::invalid_endpoint, "endpoint");
        return Url(*u);
    }

    template <class Request>
    static result<boost::urls::url> sign(Request const& r, creds_type const& creds, sign_options const& opts)
    {
        if constexpr (!Request::check_complete()) {
            return error(errc::missing_parameter);
        } else {
            return r.with_prepared(creds, opts, http_method::get,
                                   [&](rpc::prepared_request const& p) -> result<boost::urls::url> {
                // A typical request fits the stack buffer; a larger one takes the heap.
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

    template <class Request>
    static result<signed_post> sign_post(Request const& r, creds_type const& creds, sign_options const& opts)
    {
        if constexpr (!Request::check_complete()) {
            return error(errc::missing_parameter);
        } else {
            return r.with_prepared(creds, opts, http_method::post,
                                   [&](rpc::prepared_request const& p) -> result<signed_post> {
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

    template <class Request, std::size_t N>
    static result<void> sign_to(Request const& r, creds_type const& creds, boost::urls::static_url<N>& out,
                                sign_options const& opts)
    {
        char buf[N + 1];
        auto v = r.sign_to(creds, buf, N + 1, opts);
        if (!v) return v.error();
        auto u = to_url<boost::urls::url_view>(*v);
        if (!u) return u.error();
        out = *u; // fits: at most N characters
        return {};
    }

    template <class Request>
    static result<signed_request> sign_v3(Request const& r, creds_type const& creds, sign_options const& opts,
                                          http_method method)
    {
        if constexpr (!Request::check_complete()) {
            return error(errc::missing_parameter);
        } else {
            return r.with_v3(creds, opts, method, [&](acs3::prepared_request const& p) -> result<signed_request> {
                std::string url(acs3::url_size(p.endpoint, p.first, p.last) + 1, '\0');
                auto parts = p.parts(acs3::write_url(p.endpoint, p.first, p.last, &url[0]));
                std::string headers(acs3::headers_size(parts.request) + 1, '\0');
                auto v = Request::sign_v3_parts(creds, parts, &headers[0]);
                if (!v) return v.error();
                signed_request out;
                out.method = method;
                auto u = to_url<boost::urls::url>(parts.url.url);
                if (!u) return u.error();
                out.url = std::move(*u);
                acs3::for_each_header(*v, [&](std::string_view n, std::string_view val) {
                    out.headers.push_back({std::string(n), std::string(val)});
                });
                return out;
            });
        }
    }
};

}} // namespace ecireq::detail

#endif
