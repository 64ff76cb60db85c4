// ecireq: every error Code the ECI API and Alibaba Cloud's gateway are known
// to answer with, its HTTP status, what it means and whether to retry.
//
// The API rows are the error table of the ECI API reference (the seed of
// this project, in the order it lists them); the gateway rows are the codes
// any Alibaba Cloud RPC endpoint answers before an action runs. A constexpr
// table with no Boost.JSON in it, so that a constrained build can classify a
// Code it read by other means.
#ifndef ECIREQ_RESPONSE_ERROR_CATALOGUE_HPP
#define ECIREQ_RESPONSE_ERROR_CATALOGUE_HPP

#include <string_view>

namespace ecireq {

/// What a caller should do about an error.
enum class retry_class : unsigned char {
    do_not_retry,              ///< the request itself is wrong or not allowed: fix it first
    retry_with_backoff,        ///< transient (throttling, 5xx, no answer): wait, then send it again
    retry_with_fresh_signature ///< the signature went stale (nonce reused, clock off): sign anew and send
};

/// Who answers with a Code: the ECI action, or the gateway in front of every action.
enum class error_origin : unsigned char { api, gateway };

/// One row of the catalogue.
struct known_error {
    std::string_view code;
    int http_status;
    retry_class retry;
    error_origin origin;
    std::string_view meaning; ///< one sentence, for a log or an operator
};

inline constexpr known_error error_catalogue[] = {
    // The ECI API's own codes.
    {"Account.Arrearage", 400, retry_class::do_not_retry, error_origin::api,
     "The account has an overdue payment."},
    {"DryRunOperation", 400, retry_class::do_not_retry, error_origin::api,
     "A dry run found the request valid; nothing was done."},
    {"InvalidParameter.CPU.Memory", 400, retry_class::do_not_retry, error_origin::api,
     "The vCPU and memory combination is not allowed."},
    {"IncorrectStatus", 400, retry_class::do_not_retry, error_origin::api,
     "The instance is in a status that does not allow the operation."},
    {"ServiceNotEnabled", 400, retry_class::do_not_retry, error_origin::api,
     "A service the operation needs is not activated."},
    {"DiskVolume.NotSupport", 400, retry_class::do_not_retry, error_origin::api,
     "Disk volumes are not supported for this account."},
    {"RamRole.NotSupport", 400, retry_class::do_not_retry, error_origin::api,
     "The RAM role is not supported."},
    {"ImageCache.IncorrectStatus", 400, retry_class::do_not_retry, error_origin::api,
     "The image cache is in a status that does not allow the operation."},
    {"ImageCacheNotSupport", 400, retry_class::do_not_retry, error_origin::api,
     "Image caches are not available to this account."},
    {"OperationConflict", 400, retry_class::do_not_retry, error_origin::api,
     "The request conflicts with an earlier one."},
    {"NoNeedUpdate", 400, retry_class::do_not_retry, error_origin::api,
     "The update changes nothing."},
    {"OperationDenied.VswZoneMisMatch", 403, retry_class::do_not_retry, error_origin::api,
     "The vSwitch is not in the requested zone."},
    {"QuotaExceeded", 403, retry_class::do_not_retry, error_origin::api,
     "A quota is exhausted."},
    {"Zone.NotOnSale", 403, retry_class::do_not_retry, error_origin::api,
     "The zone cannot be used for new resources."},
    {"Forbidden.RiskControl", 403, retry_class::do_not_retry, error_origin::api,
     "The operation was refused as abnormal."},
    {"Forbidden.SubUser", 403, retry_class::do_not_retry, error_origin::api,
     "The RAM user may not perform this action."},
    {"Forbidden.OnlyForInvitedTest", 403, retry_class::do_not_retry, error_origin::api,
     "The action is open to invited users only."},
    {"OperationDenied.SecurityGroupMisMatch", 403, retry_class::do_not_retry, error_origin::api,
     "The vSwitch and the security group are in different VPCs."},
    {"InvalidVSwitchId.IpNotEnough", 403, retry_class::do_not_retry, error_origin::api,
     "The vSwitch has too few free IP addresses."},
    {"Forbidden.UserBussinessStatus", 403, retry_class::do_not_retry, error_origin::api,
     "The account has overdue bills."},
    {"Forbidden.UserNotRealNameAuthentication", 403, retry_class::do_not_retry, error_origin::api,
     "The account has not passed real-name verification."},
    {"InvalidUser.PassRoleForbidden", 403, retry_class::do_not_retry, error_origin::api,
     "The RAM user may not pass a RAM role."},
    {"OperationDenied.NoStock", 403, retry_class::do_not_retry, error_origin::api,
     "The zone has no stock of the resource; try other zones."},
    {"NoPermission", 403, retry_class::do_not_retry, error_origin::api,
     "The RAM role AliyunECIContainerGroupRole does not belong to the ECI service."},
    {"SecurityRisk.3DVerification", 403, retry_class::do_not_retry, error_origin::api,
     "The default payment card needs verification."},
    {"CreateServiceLinkedRole.Denied", 403, retry_class::do_not_retry, error_origin::api,
     "The account lacks the ram:CreateServiceLinkedRole permission."},
    // The gateway's codes: the action has not run when they are answered.
    {"SignatureDoesNotMatch", 400, retry_class::do_not_retry, error_origin::gateway,
     "The signature differs from the server's: a wrong AccessKey secret, or a signing difference."},
    {"IncompleteSignature", 400, retry_class::do_not_retry, error_origin::gateway,
     "A part of the signature is missing or not supported."},
    {"SignatureNonceUsed", 400, retry_class::retry_with_fresh_signature, error_origin::gateway,
     "The SignatureNonce was used before: a request was replayed without signing it again."},
    {"InvalidTimeStamp.Expired", 400, retry_class::retry_with_fresh_signature, error_origin::gateway,
     "The Timestamp is more than 15 minutes from the server's clock (a local-time clock, or a stale request)."},
    {"InvalidAccessKeyId.NotFound", 404, retry_class::do_not_retry, error_origin::gateway,
     "The AccessKeyId does not exist."},
    {"Throttling", 400, retry_class::retry_with_backoff, error_origin::gateway,
     "Too many requests: slow down."},
    {"Throttling.User", 400, retry_class::retry_with_backoff, error_origin::gateway,
     "This account sends too many requests: slow down."},
    {"Throttling.Api", 400, retry_class::retry_with_backoff, error_origin::gateway,
     "This action receives too many requests: slow down."},
    {"InternalError", 500, retry_class::retry_with_backoff, error_origin::gateway,
     "The server failed; the request may or may not have taken effect."},
    {"ServiceUnavailable", 503, retry_class::retry_with_backoff, error_origin::gateway,
     "The service is unavailable for now."},
    // More of the gateway's checks; a client that signs with ecireq meets
    // them only through a wrong setting or credential, never by chance.
    {"InvalidSignatureMethod", 400, retry_class::do_not_retry, error_origin::gateway,
     "The signature method is not one the gateway accepts."},
    {"InvalidTimeStamp.Format", 400, retry_class::do_not_retry, error_origin::gateway,
     "The Timestamp (x-acs-date) is not written YYYY-MM-DDThh:mm:ssZ."},
    {"MissingSecurityToken", 400, retry_class::do_not_retry, error_origin::gateway,
     "The AccessKey is an STS key and the request carries no SecurityToken."},
    {"InvalidSecurityToken.MismatchWithAccessKey", 400, retry_class::do_not_retry, error_origin::gateway,
     "The SecurityToken was not issued with this AccessKeyId."},
    {"InvalidVersion", 400, retry_class::do_not_retry, error_origin::gateway,
     "The API version is not one the endpoint serves."},
    {"InvalidAction.NotFound", 404, retry_class::do_not_retry, error_origin::gateway,
     "The endpoint has no such action (check the endpoint, the path and the method)."},
    {"UnsupportedHTTPMethod", 400, retry_class::do_not_retry, error_origin::gateway,
     "The HTTP method is not GET or POST."},
    {"MissingParameter", 400, retry_class::do_not_retry, error_origin::gateway,
     "A required parameter is missing (the Message names it)."},
    {"InvalidParameter", 400, retry_class::do_not_retry, error_origin::gateway,
     "A parameter's value is not valid."},
    {"InvalidParameter.Format", 400, retry_class::do_not_retry, error_origin::gateway,
     "The response Format is not one the endpoint offers."},
};

/// The catalogue's row for `code`, or nullptr for a code it does not know.
constexpr known_error const* find_known_error(std::string_view code) noexcept
{
    for (auto const& e : error_catalogue)
        if (e.code == code) return &e;
    return nullptr;
}

/** What to do about an answer with `http_status` and error `code` (empty
    when the body named none): the catalogue's class when it knows the code;
    otherwise backoff for any Throttling.* code and any 5xx, and no retry. */
constexpr retry_class classify_error(int http_status, std::string_view code) noexcept
{
    if (auto const* known = find_known_error(code)) return known->retry;
    if (code == "Throttling" || code.substr(0, 11) == "Throttling.") return retry_class::retry_with_backoff;
    if (http_status >= 500 && http_status <= 599) return retry_class::retry_with_backoff;
    return retry_class::do_not_retry;
}

/// "do not retry", "retry with backoff", "retry with a fresh signature".
constexpr std::string_view to_string(retry_class c) noexcept
{
    switch (c) {
    case retry_class::do_not_retry: return "do not retry";
    case retry_class::retry_with_backoff: return "retry with backoff";
    case retry_class::retry_with_fresh_signature: return "retry with a fresh signature";
    }
    return "do not retry";
}

} // namespace ecireq

#endif
