// JSON over HTTP for the gateway's API: errors as {"code", "message"} with
// the status word and the message in Chinese (engine/messages.h), mapped to
// HTTP codes; request bodies parsed as JSON objects without exceptions;
// query parameters read checked.
//
// HTTP codes: invalid_argument 400, unauthenticated 401, permission_denied
// 403, not_found 404, failed_precondition 409, resource_exhausted 429,
// unavailable 503, anything else 500.
//
// Thread safety: pure functions over the request and response given.
#ifndef GONGKAI_WEB_HTTP_JSON_H_
#define GONGKAI_WEB_HTTP_JSON_H_

#include <httplib.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "engine/status.h"

namespace gongkai::web {

int HttpStatusOf(StatusCode code);

// {"code": word, "message": english said in Chinese} with `http_status`.
void SendError(httplib::Response& res, int http_status, std::string_view word,
               std::string_view english);
// `status` (not OK) as an error response.
void SendStatus(httplib::Response& res, const Status& status);
void SendJson(httplib::Response& res, const nlohmann::json& body, int http_status = 200);

// The request's body as a JSON object; invalid_argument saying what is
// wrong (not JSON and where, or not an object).
StatusOr<nlohmann::json> BodyObject(const httplib::Request& req);

// A string member of `body`: nullopt when absent or null; invalid_argument
// naming it when it is not a string.
StatusOr<std::optional<std::string>> OptionalString(const nlohmann::json& body,
                                                    const std::string& name);
// The same, required: invalid_argument "NAME is required" when absent.
StatusOr<std::string> RequiredString(const nlohmann::json& body, const std::string& name);
// A whole-number member in [min, max], or nullopt when absent.
StatusOr<std::optional<int>> OptionalInt(const nlohmann::json& body, const std::string& name,
                                         int min, int max);
// A boolean member, `fallback` when absent.
StatusOr<bool> OptionalBool(const nlohmann::json& body, const std::string& name, bool fallback);

// A query parameter, or nullopt when absent or empty.
std::optional<std::string> Param(const httplib::Request& req, const std::string& name);
// A whole-number query parameter in [min, max]; `fallback` when absent.
StatusOr<int> IntParam(const httplib::Request& req, const std::string& name, int min, int max,
                       int fallback);

// The value of cookie `name` in the request's Cookie header, or "".
std::string CookieValue(const httplib::Request& req, std::string_view name);

}  // namespace gongkai::web

#endif  // GONGKAI_WEB_HTTP_JSON_H_
