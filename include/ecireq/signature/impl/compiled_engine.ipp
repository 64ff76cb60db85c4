// ecireq: the definitions of signature/compiled_engine.hpp: each is the
// template of the same name, instantiated here, once, for the default
// credentials. Compiled only in the TU of <ecireq/src.hpp>.
#ifndef ECIREQ_SIGNATURE_IMPL_COMPILED_ENGINE_IPP
#define ECIREQ_SIGNATURE_IMPL_COMPILED_ENGINE_IPP

#include <ecireq/signature/compiled_engine.hpp>

namespace ecireq { namespace rpc {

result<prepared_request> prepare_v2(param_table& t, request_stamp& stamp, request_target const& target,
                                    credentials const& creds, sign_options const& opts, http_method m) noexcept
{
    return prepare_v2<credentials>(t, stamp, target, creds, opts, m);
}

result<std::string_view> write_signed(prepared_request const& p, credentials const& creds, char* out,
                                      std::size_t cap, char* body, std::size_t body_cap,
                                      std::size_t* body_size) noexcept
{
    return write_signed<credentials>(p, creds, out, cap, body, body_cap, body_size);
}

}} // namespace ecireq::rpc

namespace ecireq { namespace acs3 {

result<prepared_request> prepare(rpc::param_table& t, rpc::request_stamp& stamp, rpc::request_target const& target,
                                 credentials const& creds, sign_options const& opts, http_method m) noexcept
{
    return prepare<credentials>(t, stamp, target, creds, opts, m);
}

result<hex_digest> sign(credentials const& creds, request_parts const& p, std::string_view canonical_query) noexcept
{
    return sign<credentials>(creds, p, canonical_query);
}

}} // namespace ecireq::acs3

#endif
