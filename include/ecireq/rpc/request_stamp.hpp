// ecireq: what makes each signed request unique: the time it was signed and
// a nonce. Both signature schemes send them (V2 as Timestamp and
// SignatureNonce, V3 as x-acs-date and x-acs-signature-nonce) and draw them
// here, from the sources in sign_options or, by default, the system clock
// and a random UUID.
#ifndef ECIREQ_RPC_REQUEST_STAMP_HPP
#define ECIREQ_RPC_REQUEST_STAMP_HPP

#include <ecireq/error.hpp>
#include <ecireq/rpc/encoding.hpp>
#include <ecireq/rpc/nonce.hpp>
#include <ecireq/rpc/sign_options.hpp>
#include <ecireq/rpc/timestamp.hpp>

#include <chrono>
#include <string_view>

namespace ecireq { namespace rpc {

/// The time ("YYYY-MM-DDThh:mm:ssZ") and nonce of one request, and their storage.
class request_stamp {
public:
    /** Reads the clock and draws the nonce. Errors name the V2 parameters
        (Timestamp, SignatureNonce), which are the names users know. */
    template <class Backend>
    result<void> draw(sign_options const& opts) noexcept
    {
        time_point now = opts.clock ? opts.clock() : std::chrono::system_clock::now();
        if (!format_timestamp(now, timestamp_)) return error(errc::invalid_value, "Timestamp");
        if (opts.nonce) {
            nonce_ = opts.nonce(custom_);
            if (nonce_.empty()) return error(errc::empty_value, "SignatureNonce");
            if (nonce_.size() > nonce_buffer::capacity)
                return error(errc::too_long, "SignatureNonce", nonce_buffer::capacity);
            if (!is_valid_utf8(nonce_)) return error(errc::invalid_utf8, "SignatureNonce");
        } else {
            if (!make_uuid_v4<Backend>(uuid_)) return error(errc::crypto_failure, "SignatureNonce");
            nonce_ = {uuid_, uuid_size};
        }
        return {};
    }

    std::string_view timestamp() const noexcept { return {timestamp_, timestamp_size}; }
    std::string_view nonce() const noexcept { return nonce_; }

private:
    char timestamp_[timestamp_size];
    char uuid_[uuid_size];
    nonce_buffer custom_;
    std::string_view nonce_;
};

}} // namespace ecireq::rpc

#endif
