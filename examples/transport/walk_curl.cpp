// An image cache's whole life over libcurl (walk.hpp):
//   walk_curl HOST:PORT v2-get|v2-post|v3|v3-get
// e.g. against the local stand-in, tests/standin/server.js.
#include "curl_transport.hpp"
#include "walk.hpp"

int main(int argc, char** argv)
{
    transport_example::curl_transport transport;
    return transport_example::walk_main(transport, argc, argv);
}
