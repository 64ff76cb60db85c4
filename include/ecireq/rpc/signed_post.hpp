// ecireq: the shape of a signed POST: a URL without a query, and a form body.
#ifndef ECIREQ_RPC_SIGNED_POST_HPP
#define ECIREQ_RPC_SIGNED_POST_HPP

#include <boost/url/url.hpp>

#include <string>
#include <string_view>

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

} // namespace ecireq

#endif
