// ecireq: a header-only builder and signer for the Alibaba Cloud Elastic
// Container Instance API action UpdateImageCache (API version 2018-08-08).
// Include this one header; see README.md and docs/ for the guide.
#ifndef ECIREQ_HPP
#define ECIREQ_HPP

#include <ecireq/config.hpp>
#include <ecireq/error.hpp>
#include <ecireq/credentials.hpp>
#include <ecireq/storage.hpp>
#include <ecireq/rpc/encoding.hpp>
#include <ecireq/rpc/timestamp.hpp>
#include <ecireq/rpc/param.hpp>
#include <ecireq/rpc/signer.hpp>
#include <ecireq/rpc/request.hpp>
#include <ecireq/actions/update_image_cache.hpp>
#include <ecireq/verify.hpp>

#endif
