// ecireq: the signing engine for the default credentials, compiled once.
//
// Under ECIREQ_SEPARATE_COMPILATION (config.hpp) this header declares, for
// ecireq::credentials, the steps of signing that come after an action has
// collected its parameters: rpc::prepare_v2 and rpc::write_signed (V2),
// acs3::prepare and acs3::sign (V3). Being ordinary
// functions, they win overload resolution over the templates of the same
// names, so a TU that signs with the default credentials calls them instead
// of instantiating the templates; they are defined once, in the TU of
// <ecireq/src.hpp>, as calls to those templates. Header-only (the default)
// it declares nothing, and every TU instantiates the templates.
#ifndef ECIREQ_SIGNATURE_COMPILED_ENGINE_HPP
#define ECIREQ_SIGNATURE_COMPILED_ENGINE_HPP

#include <ecireq/config.hpp>

#if defined(ECIREQ_SEPARATE_COMPILATION) && !defined(ECIREQ_CRYPTO_NONE)

#include <ecireq/error.hpp>
#include <ecireq/rpc/param.hpp>
#include <ecireq/rpc/request_stamp.hpp>
#include <ecireq/rpc/sign_options.hpp>
#include <ecireq/signature/acs3_hmac_sha256.hpp>
#include <ecireq/signature/acs3_prepare.hpp>
#include <ecireq/signature/credentials.hpp>
#include <ecireq/signature/rpc_v2.hpp>
#include <ecireq/signature/rpc_v2_prepare.hpp>

#include <cstddef>
#include <string_view>

namespace ecireq { namespace rpc {

/// prepare_v2 (rpc_v2_prepare.hpp) for the default credentials.
result<prepared_request> prepare_v2(param_table& t, request_stamp& stamp, request_target const& target,
                                    credentials const& creds, sign_options const& opts, http_method m) noexcept;

/// write_signed (rpc_v2.hpp) for the default credentials.
result<std::string_view> write_signed(prepared_request const& p, credentials const& creds, char* out, std::size_t cap,
                                      char* body = nullptr, std::size_t body_cap = 0,
                                      std::size_t* body_size = nullptr) noexcept;

}} // namespace ecireq::rpc

namespace ecireq { namespace acs3 {

/// prepare (acs3_prepare.hpp) for the default credentials.
result<prepared_request> prepare(rpc::param_table& t, rpc::request_stamp& stamp, rpc::request_target const& target,
                                 credentials const& creds, sign_options const& opts, http_method m) noexcept;

/// sign (acs3_hmac_sha256.hpp) for the default credentials.
result<hex_digest> sign(credentials const& creds, request_parts const& p, std::string_view canonical_query) noexcept;

}} // namespace ecireq::acs3

#if ECIREQ_COMPILE_IMPL
#  include <ecireq/signature/impl/compiled_engine.ipp>
#endif

#endif // ECIREQ_SEPARATE_COMPILATION && !ECIREQ_CRYPTO_NONE

#endif
