// ecireq: a built request, signed, as an http_request a transport can send.
//
// The three ways to send an RPC action: V2 in the URL of a GET, V2 as a
// form posted to the endpoint, V3 (ACS3-HMAC-SHA256) with the parameters in
// the URL and the signature in headers. Each call signs afresh: a new
// SignatureNonce and Timestamp unless `opts` fixes them.
#ifndef ECIREQ_CALL_PREPARE_HPP
#define ECIREQ_CALL_PREPARE_HPP

#include <ecireq/call/http_message.hpp>
#include <ecireq/error.hpp>
#include <ecireq/rpc/sign_options.hpp>

#include <string>
#include <string_view>
#include <utility>

namespace ecireq {

/// How a request goes on the wire and is signed.
enum class wire_form {
    v2_get,  ///< V2 (HMAC-SHA1), every parameter in the URL
    v2_post, ///< V2, every parameter in a form body (for long requests)
    v3_post, ///< V3 (ACS3-HMAC-SHA256), POST, parameters in the URL, signature in headers
    v3_get   ///< V3, GET
};

/// "V2 GET", "V2 POST", "V3 POST", "V3 GET".
constexpr std::string_view to_string(wire_form f) noexcept
{
    switch (f) {
    case wire_form::v2_get: return "V2 GET";
    case wire_form::v2_post: return "V2 POST";
    case wire_form::v3_post: return "V3 POST";
    case wire_form::v3_get: return "V3 GET";
    }
    return "V2 GET";
}

/// The MIME type of a V2 form body.
inline constexpr std::string_view form_content_type = "application/x-www-form-urlencoded";

/** Signs `request` (any action's builder with every required parameter
    set) with `creds` in `form`, ready to send. An invalid value gives the
    same error sign() would. */
template <class Request, class Credentials>
result<http_request> prepare_http(Request const& request, Credentials const& creds, wire_form form,
                                  sign_options const& opts = {})
{
    http_request out;
    switch (form) {
    case wire_form::v2_get: {
        auto url = request.sign(creds, opts);
        if (!url) return url.error();
        out.method = http_method::get;
        out.url = std::string(url->buffer());
        return out;
    }
    case wire_form::v2_post: {
        auto post = request.sign_post(creds, opts);
        if (!post) return post.error();
        out.method = http_method::post;
        out.url = std::string(post->url.buffer());
        out.headers.push_back({"content-type", std::string(form_content_type)});
        out.body = std::move(post->body);
        return out;
    }
    case wire_form::v3_post:
    case wire_form::v3_get: {
        http_method const m = form == wire_form::v3_get ? http_method::get : http_method::post;
        auto signed_ = request.sign_v3(creds, opts, m);
        if (!signed_) return signed_.error();
        out.method = m;
        out.url = std::string(signed_->url.buffer());
        out.headers = std::move(signed_->headers);
        return out;
    }
    }
    return error(errc::invalid_value, "wire_form");
}

} // namespace ecireq

#endif
