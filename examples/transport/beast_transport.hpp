// A transport for ecireq::call over Boost.Beast: synchronous for the caller,
// plain HTTP only (a local stand-in, a signing proxy on the same host).
//
// HTTPS, which the real endpoint requires, needs a
// boost::beast::ssl_stream<boost::beast::tcp_stream> over OpenSSL, with the
// system's CA certificates loaded, peer verification on, and the host name
// set for SNI and for checking the certificate. None of that is done here:
// an https URL is refused rather than sent in the clear.
//
// One connection per call, closed afterwards. Reusing one would mean telling
// a connection the server closed while idle from a failed request, which
// libcurl does for you (curl_transport.hpp) and this example does not.
// Not thread-safe: give each thread its own beast_transport.
#ifndef ECIREQ_EXAMPLES_BEAST_TRANSPORT_HPP
#define ECIREQ_EXAMPLES_BEAST_TRANSPORT_HPP

#include <ecireq/call.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/system/error_code.hpp>
#include <boost/url/parse.hpp>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <exception>
#include <string>

namespace transport_example {

class beast_transport {
public:
    explicit beast_transport(std::chrono::milliseconds connect_timeout = std::chrono::seconds(5),
                             std::chrono::milliseconds total_timeout = std::chrono::seconds(30),
                             std::size_t body_limit = std::size_t{8} << 20)
        : connect_timeout_(connect_timeout), total_timeout_(total_timeout), body_limit_(body_limit)
    {}

    ecireq::transport_result operator()(ecireq::http_request const& request)
    {
        // Network failures arrive as error codes; what could still throw is
        // an allocation, and a transport reports failures, it does not throw.
        try {
            return send(request);
        } catch (std::exception const& e) {
            return ecireq::transport_error{e.what()};
        }
    }

private:
    using error_code = boost::system::error_code;
    using tcp = boost::asio::ip::tcp;

    ecireq::transport_result send(ecireq::http_request const& request)
    {
        namespace http = boost::beast::http;
        auto const deadline = std::chrono::steady_clock::now() + total_timeout_;

        auto const url = boost::urls::parse_uri(request.url);
        if (!url) return ecireq::transport_error{"not a URL: " + url.error().message()};
        if (url->scheme_id() != boost::urls::scheme::http)
            return ecireq::transport_error{"beast_transport sends plain http only, not " + std::string(url->scheme())};

        // getaddrinfo cannot be interrupted, so the resolve is not under the
        // deadline: the system resolver's own timeouts (resolv.conf) bound it.
        error_code ec;
        tcp::resolver resolver(ioc_);
        auto const addresses = resolver.resolve(url->host_address(), url->has_port() ? url->port() : "80", ec);
        if (ec) return ecireq::transport_error{ec.message()};

        // tcp_stream's timeouts apply to asynchronous operations only, hence
        // async_connect, async_write and async_read, each run to completion.
        boost::beast::tcp_stream stream(ioc_);
        stream.expires_at(std::min(std::chrono::steady_clock::now() + connect_timeout_, deadline));
        ec = run([&](auto done) { stream.async_connect(addresses, done); });
        if (ec) return ecireq::transport_error{ec.message()};

        bool const post = request.method == ecireq::http_method::post;
        std::string target(url->encoded_target());
        if (target.empty() || target.front() != '/') target.insert(0, 1, '/'); // "http://host?query"
        http::request<http::string_body> out(post ? http::verb::post : http::verb::get, target, 11);
        out.set(http::field::host, url->encoded_host_and_port());
        for (auto const& h : request.headers) out.set(h.name, h.value);
        out.keep_alive(false);
        if (post) { // also V3's empty body, sent with Content-Length: 0
            out.body() = request.body;
            out.content_length(request.body.size());
        }
        stream.expires_at(deadline);
        ec = run([&](auto done) { http::async_write(stream, out, done); });
        if (ec) return ecireq::transport_error{ec.message()};

        boost::beast::flat_buffer buffer;
        http::response_parser<http::string_body> parser;
        parser.body_limit(body_limit_);
        ec = run([&](auto done) { http::async_read(stream, buffer, parser, done); });
        if (ec == http::error::body_limit)
            return ecireq::transport_error{"response body over " + std::to_string(body_limit_) + " bytes"};
        if (ec) return ecireq::transport_error{ec.message()};

        stream.socket().shutdown(tcp::socket::shutdown_both, ec); // the answer is in: a failure here changes nothing
        auto& in = parser.get();
        ecireq::http_response response;
        response.status = static_cast<int>(in.result_int());
        for (auto const& field : in)
            response.headers.push_back({std::string(field.name_string()), std::string(field.value())});
        response.body = std::move(in.body());
        return response;
    }

    /// Starts an operation with a completion handler from `start`, runs it to completion, returns its error.
    template <class Start>
    error_code run(Start start)
    {
        error_code result;
        start([&result](error_code ec, auto const&...) { result = ec; });
        ioc_.restart();
        ioc_.run();
        return result;
    }

    std::chrono::milliseconds connect_timeout_;
    std::chrono::milliseconds total_timeout_;
    std::size_t body_limit_;
    boost::asio::io_context ioc_{1}; // one thread runs it: the caller's
};

} // namespace transport_example

#endif
