// ecireq: the shapes of a signed request written into caller buffers: views
// of text, no Boost.URL type (rpc/signed_urls.hpp has the owning forms).
#ifndef ECIREQ_RPC_SIGNED_VIEWS_HPP
#define ECIREQ_RPC_SIGNED_VIEWS_HPP

#include <ecireq/rpc/sign_options.hpp>

#include <string>
#include <string_view>

namespace ecireq {

/// A V2-signed POST written into caller buffers (the URL NUL-terminated).
struct signed_post_view {
    std::string_view url;
    std::string_view body;
};

/** A V3-signed request written into caller buffers: the URL NUL-terminated,
    the headers as "name: value\r\n" lines (NUL-terminated, authorization
    last), ready for a raw HTTP/1.1 write or to be split line by line
    (acs3::for_each_header). */
struct signed_request_view {
    http_method method = http_method::post;
    std::string_view url;
    std::string_view headers;
};

/// One HTTP header: a lowercase name and its value.
struct http_header {
    std::string name;
    std::string value;
};

} // namespace ecireq

#endif
