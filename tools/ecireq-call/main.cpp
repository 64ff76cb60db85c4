// ecireq-call: sends one ECI request through libcurl. Everything but the
// real process environment, streams and transport is in call_cli.hpp, where
// the tests reach it with a fake transport.
#include "call_cli.hpp"

#include <transport/curl_transport.hpp>

#include <cstdlib>
#include <iostream>

int main(int argc, char** argv)
{
    transport_example::curl_transport curl;
    return ecireq::call_cli::run(
        argc, argv, [](char const* name) -> char const* { return std::getenv(name); }, std::cout, std::cerr,
        [&curl](ecireq::http_request const& request) { return curl(request); });
}
