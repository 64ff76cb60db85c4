// ecireq: the no-heap core, for embedded and constrained builds: the four
// image-cache actions, their builders (owning, static and bound storage),
// both signatures into caller buffers (sign_to, sign_post_to, sign_v3_to),
// the credentials and the crypto backends. No Boost.URL: neither its headers
// nor its compiled library. <ecireq.hpp> adds the forms that return
// boost::urls::url (sign, sign_post, sign_v3) and verification.
#ifndef ECIREQ_CORE_HPP
#define ECIREQ_CORE_HPP

#include <ecireq/config.hpp>
#include <ecireq/version.hpp>
#include <ecireq/error.hpp>
#include <ecireq/signature/credentials.hpp>
#include <ecireq/signature/acs3_hmac_sha256.hpp>
#include <ecireq/signature/rpc_v2.hpp>
#include <ecireq/actions/eci/create_image_cache.hpp>
#include <ecireq/actions/eci/describe_image_caches.hpp>
#include <ecireq/actions/eci/update_image_cache.hpp>
#include <ecireq/actions/eci/delete_image_cache.hpp>

#endif
