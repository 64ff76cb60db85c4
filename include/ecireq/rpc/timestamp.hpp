// ecireq: the Timestamp parameter: ISO 8601 UTC, "YYYY-MM-DDThh:mm:ssZ".
//
// Formatting works on the count of seconds since the epoch with the
// days-to-civil algorithm (proleptic Gregorian calendar), so it never
// consults the process time zone (no gmtime, no TZ) and is thread-safe.
#ifndef ECIREQ_RPC_TIMESTAMP_HPP
#define ECIREQ_RPC_TIMESTAMP_HPP

#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>

namespace ecireq { namespace rpc {

using time_point = std::chrono::system_clock::time_point;

/// Length of "YYYY-MM-DDThh:mm:ssZ".
constexpr std::size_t timestamp_size = 20;

namespace detail {

constexpr std::int64_t floor_div(std::int64_t a, std::int64_t b) noexcept
{
    return (a >= 0 ? a : a - b + 1) / b;
}

// Days since 1970-01-01 from a civil date (Gregorian), and back.
constexpr std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) noexcept
{
    y -= m <= 2;
    std::int64_t era = floor_div(y, 400);
    unsigned yoe = static_cast<unsigned>(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

struct civil { std::int64_t y; unsigned m, d; };

constexpr civil civil_from_days(std::int64_t z) noexcept
{
    z += 719468;
    std::int64_t era = floor_div(z, 146097);
    unsigned doe = static_cast<unsigned>(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    unsigned d = doy - (153 * mp + 2) / 5 + 1;
    unsigned m = mp < 10 ? mp + 3 : mp - 9;
    return {static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2), m, d};
}

inline void put2(char* p, unsigned v) noexcept { p[0] = char('0' + v / 10); p[1] = char('0' + v % 10); }

} // namespace detail

/** Writes `t` (truncated to whole seconds) as "YYYY-MM-DDThh:mm:ssZ".
    Returns false, writing nothing, for a year outside 0000-9999. */
inline bool format_timestamp(time_point t, char (&out)[timestamp_size]) noexcept
{
    using namespace std::chrono;
    std::int64_t secs = duration_cast<seconds>(t.time_since_epoch()).count();
    if (t < time_point(duration_cast<system_clock::duration>(seconds(secs)))) --secs; // floor
    std::int64_t days = detail::floor_div(secs, 86400);
    std::int64_t sod = secs - days * 86400;
    auto c = detail::civil_from_days(days);
    if (c.y < 0 || c.y > 9999) return false;
    unsigned y = static_cast<unsigned>(c.y);
    out[0] = char('0' + y / 1000); out[1] = char('0' + y / 100 % 10);
    out[2] = char('0' + y / 10 % 10); out[3] = char('0' + y % 10);
    out[4] = '-'; detail::put2(out + 5, c.m); out[7] = '-'; detail::put2(out + 8, c.d);
    out[10] = 'T';
    detail::put2(out + 11, static_cast<unsigned>(sod / 3600)); out[13] = ':';
    detail::put2(out + 14, static_cast<unsigned>(sod / 60 % 60)); out[16] = ':';
    detail::put2(out + 17, static_cast<unsigned>(sod % 60));
    out[19] = 'Z';
    return true;
}

/// Parses exactly "YYYY-MM-DDThh:mm:ssZ" (a valid date, hh < 24, mm, ss < 60).
inline std::optional<time_point> parse_timestamp(std::string_view s) noexcept
{
    if (s.size() != timestamp_size || s[4] != '-' || s[7] != '-' || s[10] != 'T' ||
        s[13] != ':' || s[16] != ':' || s[19] != 'Z')
        return std::nullopt;
    auto num = [&](std::size_t pos, std::size_t len, unsigned& v) {
        v = 0;
        for (std::size_t i = pos; i < pos + len; ++i) {
            if (s[i] < '0' || s[i] > '9') return false;
            v = v * 10 + static_cast<unsigned>(s[i] - '0');
        }
        return true;
    };
    unsigned y, mo, d, h, mi, se;
    if (!num(0, 4, y) || !num(5, 2, mo) || !num(8, 2, d) || !num(11, 2, h) || !num(14, 2, mi) ||
        !num(17, 2, se))
        return std::nullopt;
    if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || se > 59) return std::nullopt;
    static constexpr unsigned mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (d > mdays[mo - 1] + (mo == 2 && leap ? 1u : 0u)) return std::nullopt;
    std::int64_t secs = detail::days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se;
    // system_clock may not reach every year 0000-9999 (libstdc++ counts
    // nanoseconds in 64 bits: 1677-2262); out of its range is no time at all.
    using std::chrono::seconds;
    constexpr std::int64_t max_secs = std::chrono::duration_cast<seconds>(time_point::duration::max()).count() - 1;
    constexpr std::int64_t min_secs = std::chrono::duration_cast<seconds>(time_point::duration::min()).count() + 1;
    if (secs > max_secs || secs < min_secs) return std::nullopt;
    return time_point(std::chrono::duration_cast<time_point::duration>(seconds(secs)));
}

}} // namespace ecireq::rpc

#endif
