// ecireq: reading an answer's JSON body (Boost.JSON, the compiled library:
// link Boost::json, or the CMake target ecireq::call).
//
//   auto a = ecireq::parse_answer<ecireq::describe_image_caches_response>(status, body);
//   if (!a) { a.error().summary(); a.error().retry(); ... }
//   else for (auto const& c : a->image_caches) ...
//
// Any body is safe to hand in: one that is not JSON, is truncated, nests too
// deep, or has a field of the wrong type gives an api_error whose
// `unreadable` names the field ("ImageCaches.2.Events.1.Count"), never a
// crash and never an exception from the parser. Fields the parser does not
// know are ignored, so a server that adds fields does not break a client.
#ifndef ECIREQ_RESPONSE_PARSE_HPP
#define ECIREQ_RESPONSE_PARSE_HPP

#include <ecireq/error.hpp>
#include <ecireq/response/answers.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <boost/system/result.hpp>

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace ecireq {

/** The success body of an action, or the reason there is none. */
template <class T>
using answer = boost::system::result<T, api_error>;

/// For answer<T>::value() on an error: throws (or, under BOOST_NO_EXCEPTIONS,
/// calls the user's boost::throw_exception) with the error's summary.
BOOST_NORETURN inline void throw_exception_from_error(api_error const& e, boost::source_location const& loc)
{
    boost::throw_exception(boost::system::system_error(make_error_code(errc::malformed_response), e.summary()), loc);
}

namespace detail {

/** Reads the fields of JSON objects into plain values, remembering the
    first problem with the path of the field it is about. Once a problem is
    found, reading goes on harmlessly and changes nothing that matters. */
class json_reader {
public:
    bool ok() const noexcept { return !failed_; }
    error const& problem() const noexcept { return problem_; }

    /// Fails with the path of `name` under the current prefix.
    void fail(std::string_view name)
    {
        if (failed_) return;
        failed_ = true;
        problem_ = error(errc::malformed_response, path(name));
    }

    /// The value of `name` in `o`, or nullptr when absent or null.
    static boost::json::value const* find(boost::json::object const& o, std::string_view name) noexcept
    {
        auto const* v = o.if_contains(name);
        return v && !v->is_null() ? v : nullptr;
    }

    /// A string field; a required one must be there and not empty (an
    /// empty RequestId or ImageCacheId is no more use than a missing one).
    void text(boost::json::object const& o, std::string_view name, std::string& out, bool required = false)
    {
        auto const* v = find(o, name);
        if (!v) { if (required) fail(name); return; }
        auto const* s = v->if_string();
        if (!s || (required && s->empty())) { fail(name); return; }
        out.assign(s->data(), s->size());
    }

    void integer(boost::json::object const& o, std::string_view name, std::int64_t& out)
    {
        auto const* v = find(o, name);
        if (!v) return;
        if (auto const* i = v->if_int64()) out = *i;
        else if (auto const* u = v->if_uint64(); u && *u <= static_cast<std::uint64_t>(INT64_MAX)) out = static_cast<std::int64_t>(*u);
        else fail(name);
    }

    void boolean(boost::json::object const& o, std::string_view name, bool& out)
    {
        auto const* v = find(o, name);
        if (!v) return;
        if (auto const* b = v->if_bool()) out = *b;
        else fail(name);
    }

    /// Calls item(element, reader) for each element of the array `name`,
    /// with the path prefix "name.N." (N from 1, as the API numbers lists).
    template <class Item>
    void each(boost::json::object const& o, std::string_view name, Item&& item, bool required = false)
    {
        auto const* v = find(o, name);
        if (!v) { if (required) fail(name); return; }
        auto const* a = v->if_array();
        if (!a) { fail(name); return; }
        std::size_t const outer = prefix_.size();
        std::size_t n = 0;
        for (auto const& element : *a) {
            prefix_.resize(outer);
            prefix_.append(name).append(".").append(std::to_string(++n)).append(".");
            item(element);
            if (failed_) break;
        }
        prefix_.resize(outer);
    }

    /// Fails with the path of the array element being read ("Images.2").
    void fail_element()
    {
        std::string_view p = prefix_;
        if (!p.empty()) p.remove_suffix(1); // the prefix "Images.2." without its dot
        if (!failed_) { failed_ = true; problem_ = error(errc::malformed_response, p); }
    }

    /// The object `v`, or nullptr after failing with the current element's path.
    boost::json::object const* object(boost::json::value const& v)
    {
        if (auto const* o = v.if_object()) return o;
        fail_element();
        return nullptr;
    }

private:
    std::string path(std::string_view name) const { return prefix_ + std::string(name); }

    std::string prefix_;
    bool failed_ = false;
    error problem_;
};

/// The JSON object a body holds, or nullptr after failing with "body".
inline boost::json::object const* body_object(boost::json::value const& v, json_reader& r)
{
    if (auto const* o = v.if_object()) return o;
    r.fail("body");
    return nullptr;
}

inline void read_answer(boost::json::object const& o, json_reader& r, create_image_cache_response& out)
{
    r.text(o, "RequestId", out.request_id, true);
    r.text(o, "ImageCacheId", out.image_cache_id, true);
    r.text(o, "ContainerGroupId", out.container_group_id);
}

inline void read_answer(boost::json::object const& o, json_reader& r, update_image_cache_response& out)
{
    r.text(o, "RequestId", out.request_id, true);
}

inline void read_answer(boost::json::object const& o, json_reader& r, delete_image_cache_response& out)
{
    r.text(o, "RequestId", out.request_id, true);
}

inline void read_image_cache(boost::json::object const& o, json_reader& r, image_cache& c)
{
    r.text(o, "ImageCacheId", c.image_cache_id, true);
    r.text(o, "ImageCacheName", c.image_cache_name);
    r.text(o, "Status", c.status);
    r.text(o, "Progress", c.progress);
    r.text(o, "ContainerGroupId", c.container_group_id);
    r.text(o, "SnapshotId", c.snapshot_id);
    r.text(o, "CreationTime", c.creation_time);
    r.text(o, "ExpireDateTime", c.expire_date_time);
    r.text(o, "RegionId", c.region_id);
    r.text(o, "ResourceGroupId", c.resource_group_id);
    r.integer(o, "ImageCacheSize", c.image_cache_size);
    r.boolean(o, "Flash", c.flash);
    r.each(o, "Images", [&](boost::json::value const& v) {
        if (auto const* s = v.if_string()) c.images.emplace_back(s->data(), s->size());
        else r.fail_element();
    });
    r.each(o, "Events", [&](boost::json::value const& v) {
        auto const* e = r.object(v);
        if (!e) return;
        image_cache_event ev;
        r.text(*e, "Name", ev.name);
        r.text(*e, "Type", ev.type);
        r.text(*e, "Message", ev.message);
        r.text(*e, "FirstTimestamp", ev.first_timestamp);
        r.text(*e, "LastTimestamp", ev.last_timestamp);
        r.integer(*e, "Count", ev.count);
        c.events.push_back(std::move(ev));
    });
    r.each(o, "Tags", [&](boost::json::value const& v) {
        auto const* t = r.object(v);
        if (!t) return;
        image_cache_tag tag;
        r.text(*t, "Key", tag.key);
        r.text(*t, "Value", tag.value);
        c.tags.push_back(std::move(tag));
    });
}

inline void read_answer(boost::json::object const& o, json_reader& r, describe_image_caches_response& out)
{
    r.text(o, "RequestId", out.request_id, true);
    r.integer(o, "TotalCount", out.total_count);
    r.text(o, "NextToken", out.next_token);
    r.each(
        o, "ImageCaches",
        [&](boost::json::value const& v) {
            auto const* c = r.object(v);
            if (!c) return;
            image_cache cache;
            read_image_cache(*c, r, cache);
            out.image_caches.push_back(std::move(cache));
        },
        true);
}

/// Parses `body` as JSON; on failure (not JSON, truncated, too deep) fails with "body".
inline boost::json::value parse_body(std::string_view body, json_reader& r)
{
    boost::system::error_code ec;
    boost::json::value v = boost::json::parse(body, ec);
    if (ec) r.fail("body");
    return v;
}

} // namespace detail

/** The error an answer carries: the server's RequestId, HostId, Code,
    Message and Recommend when the body has them; otherwise (an HTML page
    from a proxy, a truncated body) `code` is empty and `unreadable` says so.
    Meant for answers whose status is not 2xx, but reads any body. */
inline api_error parse_error(int http_status, std::string_view body)
{
    api_error e;
    e.http_status = http_status;
    detail::json_reader r;
    boost::json::value v = detail::parse_body(body, r);
    if (auto const* o = r.ok() ? detail::body_object(v, r) : nullptr) {
        r.text(*o, "Code", e.code);
        r.text(*o, "Message", e.message);
        r.text(*o, "RequestId", e.request_id);
        r.text(*o, "HostId", e.host_id);
        r.text(*o, "Recommend", e.recommend);
    }
    if (!r.ok()) {
        // Half a body is no error report: keep nothing but the status.
        e = api_error{};
        e.http_status = http_status;
        e.unreadable = r.problem();
    }
    return e;
}

/** The answer to an action: for a 2xx status, the success body read as T
    (create_image_cache_response, describe_image_caches_response, ...);
    for any other status, the error the body carries (parse_error). A 2xx
    body that cannot be read as T is an api_error too, with `unreadable`
    naming the field, since the caller cannot tell what happened. */
template <class T>
answer<T> parse_answer(int http_status, std::string_view body)
{
    if (http_status < 200 || http_status > 299) return parse_error(http_status, body);
    detail::json_reader r;
    boost::json::value v = detail::parse_body(body, r);
    T out;
    if (auto const* o = r.ok() ? detail::body_object(v, r) : nullptr) detail::read_answer(*o, r, out);
    if (!r.ok()) {
        api_error e;
        e.http_status = http_status;
        e.unreadable = r.problem();
        return e;
    }
    return out;
}

} // namespace ecireq

#endif
