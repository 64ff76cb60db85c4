// ecireq: the owning shapes of a signed request, around a boost::urls::url
// (what sign(), sign_post() and sign_v3() return).
#ifndef ECIREQ_RPC_SIGNED_URLS_HPP
#define ECIREQ_RPC_SIGNED_URLS_HPP

#include <ecireq/rpc/sign_options.hpp>
#include <ecireq/rpc/signed_views.hpp>

#include <boost/url/url.hpp>

#include <string>
#include <vector>

namespace ecireq {

/// A V2-signed POST: send `body` as application/x-www-form-urlencoded to `url`.
struct signed_post {
    boost::urls::url url;
    std::string body;
};

/// A V3-signed request: send `method` to `url` with `headers` and an empty body.
struct signed_request {
    http_method method = http_method::post;
    boost::urls::url url;
    std::vector<http_header> headers; ///< lowercase names, sorted, authorization last
};

} // namespace ecireq

#endif
