// ecireq: what the ECI API answers, as plain values: an error, or the
// success body of each image-cache action. Filled by parse.hpp; kept apart
// from it so that code holding answers does not need Boost.JSON's headers.
//
// Field names follow the API's JSON names (ImageCacheId -> image_cache_id).
// A field the server left out is empty (0, false); only the fields without
// which an answer makes no sense (RequestId, the Create ids, Describe's
// ImageCaches) are required by the parser.
#ifndef ECIREQ_RESPONSE_ANSWERS_HPP
#define ECIREQ_RESPONSE_ANSWERS_HPP

#include <ecireq/error.hpp>
#include <ecireq/response/error_catalogue.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ecireq {

/// What precedes the text the server signed in a SignatureDoesNotMatch
/// Message: its V2 string to sign, or its V3 canonical request.
inline constexpr std::string_view signed_text_markers[] = {"server string to sign is:",
                                                           "server canonical request is:"};

/** An answer that is not the action's success: the server's error body, or
    a body that could not be read as one (then `code` is empty and
    `unreadable` says which field is missing or malformed).

    Its text never holds a request value: `message` is the server's. */
struct api_error {
    int http_status = 0;
    std::string code;       ///< "Throttling.User", "SignatureDoesNotMatch", ...; empty if the body named none
    std::string message;    ///< the server's Message
    std::string request_id; ///< what Alibaba Cloud support asks for
    std::string host_id;
    std::string recommend;  ///< the server's troubleshooting link, if any
    error unreadable;       ///< set (errc::malformed_response) when the body could not be read

    bool readable() const noexcept { return unreadable.value() == errc{}; }

    /// The catalogue's row for the code, or nullptr.
    known_error const* known() const noexcept { return find_known_error(code); }

    /// What to do about it (see classify_error).
    retry_class retry() const noexcept { return classify_error(http_status, code); }

    /// "Code: Message (RequestId: ...)", or "HTTP 502: <why the body is unreadable>".
    std::string summary() const
    {
        if (code.empty())
            return "HTTP " + std::to_string(http_status) + ": " +
                   (readable() ? std::string("no error code in the body") : unreadable.message());
        std::string s = code + ": " + std::string(message_without_signed_text());
        if (!request_id.empty()) s += " (RequestId: " + request_id + ")";
        return s;
    }

    /** The Message up to the text the server signed, which SignatureDoesNotMatch
        appends ("... server string to sign is:GET&%2F&...") and which quotes
        every parameter of the request: not for a log (see explain.hpp). */
    std::string_view message_without_signed_text() const noexcept
    {
        std::string_view m = message;
        for (std::string_view marker : signed_text_markers) {
            auto at = m.find(marker);
            if (at != std::string_view::npos) m = m.substr(0, at);
        }
        while (!m.empty() && m.back() == ' ') m.remove_suffix(1);
        return m;
    }
};

/// CreateImageCache.
struct create_image_cache_response {
    std::string request_id;
    std::string image_cache_id;
    std::string container_group_id;
};

/// UpdateImageCache.
struct update_image_cache_response {
    std::string request_id;
};

/// DeleteImageCache.
struct delete_image_cache_response {
    std::string request_id;
};

/// One event in an image cache's history.
struct image_cache_event {
    std::string name;
    std::string type;
    std::string message;
    std::string first_timestamp;
    std::string last_timestamp;
    std::int64_t count = 0;
};

struct image_cache_tag {
    std::string key;
    std::string value;
};

/// One image cache as DescribeImageCaches lists it.
struct image_cache {
    std::string image_cache_id;
    std::string image_cache_name;
    std::string status; ///< "Preparing", "Creating", "Ready", "Updating", "Failed", ...
    std::string progress;
    std::string container_group_id;
    std::string snapshot_id;
    std::string creation_time;
    std::string expire_date_time;
    std::string region_id;
    std::string resource_group_id;
    std::int64_t image_cache_size = 0; ///< GiB
    bool flash = false;
    std::vector<std::string> images;
    std::vector<image_cache_event> events;
    std::vector<image_cache_tag> tags;
};

/// DescribeImageCaches: one page; ask for the next with NextToken while it is not empty.
struct describe_image_caches_response {
    std::string request_id;
    std::int64_t total_count = 0;
    std::string next_token;
    std::vector<image_cache> image_caches;
};

} // namespace ecireq

#endif
