// ecireq: the shape of a request signed with V3 (ACS3-HMAC-SHA256): a
// method, a URL whose query holds every parameter, and headers; no body.
#ifndef ECIREQ_RPC_SIGNED_REQUEST_HPP
#define ECIREQ_RPC_SIGNED_REQUEST_HPP

#include <ecireq/rpc/sign_options.hpp>

#include <boost/url/url.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace ecireq {

/// One HTTP header: a lowercase name and its value.
struct http_header {
    std::string name;
    std::string value;
};

/// A V3-signed request: send `method` to `url` with `headers` and an empty body.
struct signed_request {
    http_method method = http_method::post;
    boost::urls::url url;
    std::vector<http_header> headers; ///< lowercase names, sorted, authorization last
};

/** A V3-signed request written into caller buffers: the URL NUL-terminated,
    the headers as "name: value\r\n" lines (NUL-terminated, authorization
    last), ready for a raw HTTP/1.1 write or to be split line by line. */
struct signed_request_view {
    http_method method = http_method::post;
    std::string_view url;
    std::string_view headers;
};

} // namespace ecireq

#endif
