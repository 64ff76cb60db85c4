// Test helpers for answers and calls: how Catch shows a result whose error
// is an api_error or a transport_error (see support.hpp for ecireq::error),
// and an answer as a transport would return it.
#ifndef ECIREQ_TESTS_CALL_SUPPORT_HPP
#define ECIREQ_TESTS_CALL_SUPPORT_HPP

#include "support.hpp"

#include <ecireq/call.hpp>

namespace Catch {
template <class T>
struct StringMaker<boost::system::result<T, ecireq::api_error>> {
    static std::string convert(boost::system::result<T, ecireq::api_error> const& r)
    {
        return r ? std::string("answer{value}") : "answer{error: " + r.error().summary() + "}";
    }
};
template <>
struct StringMaker<ecireq::transport_result> {
    static std::string convert(ecireq::transport_result const& r)
    {
        return r ? "response{" + std::to_string(r->status) + "}" : "transport_error{" + r.error().message + "}";
    }
};
} // namespace Catch

namespace test {

/// What a transport returns for an answer with `status`, `body` and `headers`.
inline ecireq::transport_result answer(int status, std::string body, std::vector<ecireq::http_header> headers = {})
{
    ecireq::http_response r;
    r.status = status;
    r.body = std::move(body);
    r.headers = std::move(headers);
    return r;
}

} // namespace test

#endif
