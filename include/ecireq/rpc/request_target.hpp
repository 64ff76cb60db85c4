// ecireq: what a request is and where it goes, as the signing steps after
// an action's builder see it: the action's name and API version, and the
// product's host rule with the request's region. Both signature schemes
// read it (signature/rpc_v2_prepare.hpp, signature/acs3_prepare.hpp).
#ifndef ECIREQ_RPC_REQUEST_TARGET_HPP
#define ECIREQ_RPC_REQUEST_TARGET_HPP

#include <ecireq/rpc/endpoint.hpp>

#include <string_view>

namespace ecireq { namespace rpc {

/// What identifies an action on the wire.
struct action_info {
    std::string_view action;
    std::string_view version;
    std::string_view format = "JSON";
};

/// Where a request goes and what it is: the action, and the product's host for its region.
struct request_target {
    action_info info;
    host_rule host;
    std::string_view region; ///< already checked by the action as a host label
};

}} // namespace ecireq::rpc

#endif
