// The baseline the benchmarks compare ecireq against: an RPC-signature
// signer written the way a conventional C++ SDK core does it, so that the
// "how much faster than the usual approach" figure has a concrete referent.
//
// Deliberately conventional, not deliberately slow:
//   - parameters live in a std::map<std::string, std::string> (sorted for free);
//   - percent-encoding goes character by character into a std::ostringstream;
//   - the HMAC is OpenSSL's one-shot HMAC(), keyed from the secret on every call;
//   - strings are glued with operator+ and the URL is built as a std::string.
// Its output must equal ecireq's byte for byte (tests/test_baseline.cpp).
#ifndef ECIREQ_BENCH_BASELINE_HPP
#define ECIREQ_BENCH_BASELINE_HPP

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <ctime>
#include <iomanip>
#include <map>
#include <sstream>
#include <string>

namespace baseline {

/// RFC 3986 percent-encoding as the RPC signature wants it: only
/// A-Z a-z 0-9 - _ . ~ stay, every other byte becomes %XY (uppercase).
/// Explicit ranges instead of std::isalnum, which depends on the C locale.
inline std::string percent_encode(const std::string& value)
{
    std::ostringstream out;
    out.fill('0');
    out << std::hex << std::uppercase;
    for (char ch : value) {
        unsigned char c = static_cast<unsigned char>(ch);
        bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                          c == '_' || c == '.' || c == '~';
        if (unreserved)
            out << ch;
        else
            out << '%' << std::setw(2) << static_cast<int>(c);
    }
    return out.str();
}

/// "YYYY-MM-DDThh:mm:ssZ" through gmtime_r/strftime, the usual C way.
inline std::string iso8601_utc(std::time_t t)
{
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

inline std::string base64(const unsigned char* data, std::size_t size)
{
    static const char table[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    for (std::size_t i = 0; i < size; i += 3) {
        unsigned v = static_cast<unsigned>(data[i]) << 16;
        if (i + 1 < size) v |= static_cast<unsigned>(data[i + 1]) << 8;
        if (i + 2 < size) v |= static_cast<unsigned>(data[i + 2]);
        out += table[(v >> 18) & 63];
        out += table[(v >> 12) & 63];
        out += i + 1 < size ? table[(v >> 6) & 63] : '=';
        out += i + 2 < size ? table[v & 63] : '=';
    }
    return out;
}

/// Base64(HMAC-SHA1(key, data)) with OpenSSL's one-shot HMAC(); empty on
/// failure (no exception: the test suite also builds with -fno-exceptions).
inline std::string hmac_sha1_base64(const std::string& key, const std::string& data)
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int md_len = 0;
    if (!HMAC(EVP_sha1(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
              data.size(), md, &md_len))
        return {};
    return base64(md, md_len);
}

/// One RPC request: endpoint, action, version and its parameters.
class rpc_request {
public:
    rpc_request(std::string host, std::string action, std::string version)
        : host_(std::move(host)), action_(std::move(action)), version_(std::move(version))
    {}

    void set_parameter(const std::string& name, const std::string& value) { parameters_[name] = value; }
    const std::map<std::string, std::string>& parameters() const { return parameters_; }
    const std::string& host() const { return host_; }
    const std::string& action() const { return action_; }
    const std::string& version() const { return version_; }

private:
    std::string host_, action_, version_;
    std::map<std::string, std::string> parameters_;
};

/// Signs `request` as a GET and returns the whole URL. `timestamp` and
/// `nonce` are inputs so that the output is reproducible.
inline std::string sign_url(const rpc_request& request, const std::string& access_key_id,
                            const std::string& access_key_secret, std::time_t timestamp, const std::string& nonce)
{
    std::map<std::string, std::string> params = request.parameters();
    params["AccessKeyId"] = access_key_id;
    params["Action"] = request.action();
    params["Format"] = "JSON";
    params["SignatureMethod"] = "HMAC-SHA1";
    params["SignatureNonce"] = nonce;
    params["SignatureVersion"] = "1.0";
    params["Timestamp"] = iso8601_utc(timestamp);
    params["Version"] = request.version();

    // std::map iterates in std::string order, which compares bytes as
    // unsigned char: the byte order the canonical query needs.
    std::string query;
    for (const auto& p : params) {
        if (!query.empty()) query += "&";
        query += percent_encode(p.first) + "=" + percent_encode(p.second);
    }
    std::string string_to_sign = "GET&" + percent_encode("/") + "&" + percent_encode(query);
    std::string signature = hmac_sha1_base64(access_key_secret + "&", string_to_sign);
    return "https://" + request.host() + "/?" + query + "&Signature=" + percent_encode(signature);
}

} // namespace baseline

#endif
