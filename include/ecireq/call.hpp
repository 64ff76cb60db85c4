// ecireq: from a signed request to an answered one. Everything <ecireq.hpp>
// has, plus, for the caller's transport:
//   call/       a signed request as an http_request (prepare.hpp), sending
//               it with fresh signatures and retries (retry.hpp), one line
//               on why it failed (explain.hpp)
//   response/   the answers: error and success bodies (answers.hpp), read
//               with Boost.JSON (parse.hpp), the catalogue of error Codes
//               and what to do about each (error_catalogue.hpp), what a
//               SignatureDoesNotMatch means (diagnose.hpp)
// Boost.JSON is compiled code: link Boost::json (the CMake target
// ecireq::call, the Meson dependency ecireq-call do). The signing core does
// not depend on any of this.
#ifndef ECIREQ_CALL_HPP
#define ECIREQ_CALL_HPP

#include <ecireq.hpp>
#include <ecireq/response/answers.hpp>
#include <ecireq/response/diagnose.hpp>
#include <ecireq/response/error_catalogue.hpp>
#include <ecireq/response/parse.hpp>
#include <ecireq/call/explain.hpp>
#include <ecireq/call/http_message.hpp>
#include <ecireq/call/prepare.hpp>
#include <ecireq/call/retry.hpp>

#endif
