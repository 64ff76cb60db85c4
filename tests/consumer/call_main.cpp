// A downstream program of <ecireq/call.hpp> (the target ecireq::call, the
// Meson dependency ecireq-call): a request prepared for a transport, an
// answer read and classified. Prints the prepared URL.
#include <ecireq/call.hpp>

#include <iostream>

int main()
{
    const ecireq::credentials creds{"testid", "testsecret"};
    auto sent = ecireq::prepare_http(ecireq::describe_image_caches().region_id("cn-hangzhou"), creds,
                                     ecireq::wire_form::v2_get);
    if (!sent) return 1;
    auto e = ecireq::parse_error(400, R"({"RequestId":"R","Code":"Throttling.User","Message":"slow down"})");
    if (e.retry() != ecireq::retry_class::retry_with_backoff) return 1;
    std::cout << sent->url << '\n';
    return 0;
}
