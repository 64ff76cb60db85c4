// ecireq: the step between an action's parameters and a V2 signature.
//
// An action's builder collects its own parameters into a param_table, in
// canonical order (builder/). Everything after that is the same for every
// action and every storage: read the clock and draw the nonce, add the
// common parameters (AccessKeyId, Action, ..., Version), merge them in,
// and work out the endpoint. prepare_v2 is that step, so that it is one
// function of the credentials type and not a part of every builder: under
// ECIREQ_SEPARATE_COMPILATION it is compiled once for the default
// credentials (signature/compiled_engine.hpp).
#ifndef ECIREQ_SIGNATURE_RPC_V2_PREPARE_HPP
#define ECIREQ_SIGNATURE_RPC_V2_PREPARE_HPP

#include <ecireq/error.hpp>
#include <ecireq/rpc/canonical_query.hpp>
#include <ecireq/rpc/endpoint.hpp>
#include <ecireq/rpc/param.hpp>
#include <ecireq/rpc/request_stamp.hpp>
#include <ecireq/rpc/request_target.hpp>
#include <ecireq/rpc/sign_options.hpp>
#include <ecireq/signature/rpc_v2.hpp>

#include <string_view>

namespace ecireq { namespace rpc {

/** Completes the action's parameters in `t` (in canonical order) into a
    V2 request: draws the time and nonce into `stamp`, which must outlive
    the result, adds the common parameters, merges them in and makes the
    endpoint. `t` must have room for max_common_params more parameters. */
template <class Credentials>
result<prepared_request> prepare_v2(param_table& t, request_stamp& stamp, request_target const& target,
                                    Credentials const& creds, sign_options const& opts, http_method m) noexcept
{
    if (auto r = stamp.draw<typename Credentials::backend_type>(opts); !r) return r.error();
    // The common parameters are a sorted run after the action's, merged in here.
    param* const common = t.end();
    if (auto r = add_common_params(t, target.info, creds, stamp); !r) return r.error();
    if (auto r = put_in_order(t.begin(), common, t.end(), first_run::sorted_by_construction); !r) return r.error();
    auto e = endpoint::make(opts, target.host, target.region);
    if (!e) return e.error();
    return prepared_request::make(t.begin(), t.end(), m, *e);
}

}} // namespace ecireq::rpc

#endif
