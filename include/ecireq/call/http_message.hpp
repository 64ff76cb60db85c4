// ecireq: a signed request as a transport sends it, and what came back.
//
// The transport is the caller's (libcurl, Boost.Beast, an SDK's client, a
// modem's AT commands): these plain values are all it has to understand. A
// transport turns an http_request into an http_response, or reports that
// none came (a transport_error); the retry loop (retry.hpp) and the parser
// (response/parse.hpp) take it from there.
#ifndef ECIREQ_CALL_HTTP_MESSAGE_HPP
#define ECIREQ_CALL_HTTP_MESSAGE_HPP

#include <ecireq/rpc/sign_options.hpp>
#include <ecireq/rpc/signed_views.hpp>

#include <boost/system/result.hpp>
#include <boost/throw_exception.hpp>

#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace ecireq {

/// A request ready to send: method, absolute URL, headers and body, as they must go on the wire.
struct http_request {
    http_method method = http_method::get;
    std::string url;
    std::vector<http_header> headers; ///< besides those a transport adds itself (Host, Content-Length)
    std::string body;

    std::string_view method_name() const noexcept { return rpc::method_name(method); }
};

/// An answer: the status, the headers (names as received) and the body.
struct http_response {
    int status = 0;
    std::vector<http_header> headers;
    std::string body;

    /// The value of header `name` (compared without regard to ASCII case), or empty.
    std::string_view header(std::string_view name) const noexcept
    {
        auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
        for (auto const& h : headers) {
            if (h.name.size() != name.size()) continue;
            bool same = true;
            for (std::size_t i = 0; same && i < name.size(); ++i) same = lower(h.name[i]) == lower(name[i]);
            if (same) return h.value;
        }
        return {};
    }
};

/** No answer: the connection failed, was closed, or timed out. Whether the
    server saw the request is unknown, which is why only requests that are
    safe to repeat are sent again after one. */
struct transport_error {
    std::string message; ///< the transport's own words ("Connection refused", curl's error text)
};

/// What a transport returns.
using transport_result = boost::system::result<http_response, transport_error>;

/// For transport_result::value() on an error.
BOOST_NORETURN inline void throw_exception_from_error(transport_error const& e, boost::source_location const& loc)
{
    boost::throw_exception(std::system_error(std::make_error_code(std::errc::io_error), e.message), loc);
}

} // namespace ecireq

#endif
