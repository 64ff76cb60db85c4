// A transport for ecireq::call over libcurl. One easy handle serves every
// call, so consecutive calls to an endpoint share a kept-alive connection.
// Not thread-safe: give each thread its own curl_transport.
#ifndef ECIREQ_EXAMPLES_CURL_TRANSPORT_HPP
#define ECIREQ_EXAMPLES_CURL_TRANSPORT_HPP

#include <ecireq/call.hpp>

#include <curl/curl.h>

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace transport_example {

class curl_transport {
public:
    explicit curl_transport(std::chrono::milliseconds connect_timeout = std::chrono::seconds(5),
                            std::chrono::milliseconds total_timeout = std::chrono::seconds(30),
                            std::size_t body_limit = std::size_t{8} << 20)
        : connect_timeout_(connect_timeout), total_timeout_(total_timeout), body_limit_(body_limit)
    {
        if (global_init() == CURLE_OK) handle_.reset(curl_easy_init());
    }

    ecireq::transport_result operator()(ecireq::http_request const& request)
    {
        if (!handle_) return ecireq::transport_error{"libcurl could not be initialized"};
        bool const post = request.method == ecireq::http_method::post;
        std::unique_ptr<curl_slist, slist_deleter> headers;
        bool built = true, typed = false;
        for (auto const& h : request.headers) {
            typed = typed || h.name == "content-type"; // ecireq's header names are lowercase
            // "name;" is how curl sends a header with an empty value.
            built = built && append(headers, h.name + (h.value.empty() ? std::string(";") : ": " + h.value));
        }
        // Unasked, curl would add "Expect: 100-continue" to a large body (a
        // wasted round trip) and a Content-Type of its own to a POST.
        if (post) built = built && append(headers, "Expect:") && (typed || append(headers, "Content-Type:"));
        if (!built) return ecireq::transport_error{"out of memory building the request headers"};

        transfer t{{}, body_limit_, false, 0};
        char message[CURL_ERROR_SIZE] = {};
        CURL* const h = handle_.get();
        // Declared last, so it runs first: it clears the options that point
        // into this call (headers, t, message, the body), yet keeps the
        // connections open for the next call.
        struct reset_on_exit { CURL* h; ~reset_on_exit() { curl_easy_reset(h); } } const guard{h};

        curl_write_callback const on_header = &transfer::on_header, on_body = &transfer::on_body;
        curl_prereq_callback const before_send = &transfer::before_send;
        curl_easy_setopt(h, CURLOPT_ERRORBUFFER, message);
        curl_easy_setopt(h, CURLOPT_URL, request.url.c_str());
        curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L); // timeouts without SIGALRM, safe with threads
        curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(connect_timeout_.count()));
        curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(total_timeout_.count()));
        curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
        curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
        curl_easy_setopt(h, CURLOPT_HEADERDATA, &t);
        curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
        curl_easy_setopt(h, CURLOPT_WRITEDATA, &t);
        curl_easy_setopt(h, CURLOPT_PREREQFUNCTION, before_send);
        curl_easy_setopt(h, CURLOPT_PREREQDATA, &t);
        if (post) { // also V3's empty body, sent with Content-Length: 0
            curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.body.c_str());
            curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
        } else {
            curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
        }

        CURLcode const rc = curl_easy_perform(h);
        if (t.too_large) return ecireq::transport_error{"response body over " + std::to_string(body_limit_) + " bytes"};
        if (t.sends > 1) return ecireq::transport_error{"the connection closed before any answer"};
        if (rc != CURLE_OK) return ecireq::transport_error{message[0] ? message : curl_easy_strerror(rc)};
        long status = 0;
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
        t.response.status = static_cast<int>(status);
        return std::move(t.response);
    }

private:
    struct easy_deleter { void operator()(CURL* h) const noexcept { curl_easy_cleanup(h); } };
    struct slist_deleter { void operator()(curl_slist* l) const noexcept { curl_slist_free_all(l); } };

    // One transfer's answer. curl calls these from C, which an exception
    // must not cross: they catch, and return a short count to abort.
    struct transfer {
        ecireq::http_response response;
        std::size_t body_limit;
        bool too_large;
        int sends;

        // When a reused connection dies before any answer, libcurl sends the
        // request again, unchanged. The gateway refuses a repeated nonce
        // (SignatureNonceUsed), so the resend cannot succeed, and the first
        // send may have run. So the resend is stopped, and call() sees that
        // no answer came: it then decides, by its own rule, whether to sign
        // and send again.
        static int before_send(void* self, char*, char*, int, int) noexcept
        {
            return ++static_cast<transfer*>(self)->sends > 1 ? CURL_PREREQFUNC_ABORT : CURL_PREREQFUNC_OK;
        }

        // curl documents the second argument as always 1: the third is the byte count.
        static std::size_t on_body(char* data, std::size_t, std::size_t bytes, void* self) noexcept
        {
            auto& t = *static_cast<transfer*>(self);
            t.too_large = bytes > t.body_limit - t.response.body.size();
            if (t.too_large) return 0;
            try { t.response.body.append(data, bytes); } catch (...) { return 0; }
            return bytes;
        }

        static std::size_t on_header(char* data, std::size_t, std::size_t bytes, void* self) noexcept
        {
            auto& t = *static_cast<transfer*>(self);
            std::string_view const line(data, bytes);
            // A status line starts a response: after a 100 Continue, only the final one's headers count.
            if (line.compare(0, 5, "HTTP/") == 0) { t.response.headers.clear(); return bytes; }
            auto const colon = line.find(':');
            if (colon == std::string_view::npos) return bytes; // the blank line that ends the headers
            std::string_view value = line.substr(colon + 1);
            auto const first = value.find_first_not_of(" \t");
            value = first == std::string_view::npos ? std::string_view() : value.substr(first);
            value = value.substr(0, value.find_last_not_of(" \t\r\n") + 1);
            try { t.response.headers.push_back({std::string(line.substr(0, colon)), std::string(value)}); }
            catch (...) { return 0; }
            return bytes;
        }
    };

    // curl_global_init must run once, before anything else, and is not
    // thread-safe before libcurl 7.84: a function-local static does both.
    static CURLcode global_init()
    {
        struct global {
            CURLcode code = curl_global_init(CURL_GLOBAL_DEFAULT);
            ~global() { if (code == CURLE_OK) curl_global_cleanup(); }
        };
        static global const once;
        return once.code;
    }

    static bool append(std::unique_ptr<curl_slist, slist_deleter>& list, std::string const& line)
    {
        curl_slist* const head = curl_slist_append(list.get(), line.c_str());
        if (!head) return false;     // the list is unchanged, and still ours
        if (!list) list.reset(head); // the first append creates the list
        return true;
    }

    std::chrono::milliseconds connect_timeout_;
    std::chrono::milliseconds total_timeout_;
    std::size_t body_limit_;
    std::unique_ptr<CURL, easy_deleter> handle_;
};

} // namespace transport_example

#endif
