#include "web/http_json.h"

#include "client/numbers.h"
#include "engine/messages.h"
#include "engine/strings.h"

namespace gongkai::web {

int HttpStatusOf(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return 200;
    case StatusCode::kInvalidArgument:
      return 400;
    case StatusCode::kPermissionDenied:
      return 403;
    case StatusCode::kNotFound:
      return 404;
    case StatusCode::kFailedPrecondition:
      return 409;
    case StatusCode::kResourceExhausted:
      return 429;
    case StatusCode::kUnavailable:
      return 503;
    default:
      return 500;
  }
}

void SendError(httplib::Response& res, int http_status, std::string_view word,
               std::string_view english) {
  SendJson(res, {{"code", word}, {"message", Translate(english, Lang::kZh)}}, http_status);
}

void SendStatus(httplib::Response& res, const Status& status) {
  SendError(res, HttpStatusOf(status.code()), StatusCodeName(status.code()), status.message());
}

void SendJson(httplib::Response& res, const nlohmann::json& body, int http_status) {
  res.status = http_status;
  // Replaces what cannot be said in UTF-8 rather than failing.
  res.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                  "application/json; charset=utf-8");
}

StatusOr<nlohmann::json> BodyObject(const httplib::Request& req) {
  nlohmann::json body = nlohmann::json::parse(req.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded()) {
    return InvalidArgumentError("the request body is not JSON: send a JSON object");
  }
  if (!body.is_object()) return InvalidArgumentError("the request body must be a JSON object");
  return body;
}

StatusOr<std::optional<std::string>> OptionalString(const nlohmann::json& body,
                                                    const std::string& name) {
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) return std::optional<std::string>();
  if (!it->is_string()) return InvalidArgumentError(StrCat({name, " must be a string"}));
  return std::optional<std::string>(it->get<std::string>());
}

StatusOr<std::string> RequiredString(const nlohmann::json& body, const std::string& name) {
  auto value = OptionalString(body, name);
  if (!value.ok()) return value.status();
  if (!value->has_value() || (*value)->empty()) {
    return InvalidArgumentError(StrCat({name, " is required"}));
  }
  return **value;
}

StatusOr<std::optional<int>> OptionalInt(const nlohmann::json& body, const std::string& name,
                                         int min, int max) {
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) return std::optional<int>();
  if (it->is_string()) {
    auto parsed = client::ParseInt(it->get<std::string>(), name, min, max);
    if (!parsed.ok()) return parsed.status();
    return std::optional<int>(*parsed);
  }
  if (!it->is_number_integer() || it->get<int64_t>() < min || it->get<int64_t>() > max) {
    return InvalidArgumentError(
        StrCat({name, " must be a whole number from ", std::to_string(min), " to ",
                std::to_string(max), ", not '",
                // A leaf only: a deep array is never walked.
                it->is_primitive() ? it->dump().substr(0, 40) : "...", "'"}));
  }
  return std::optional<int>(int(it->get<int64_t>()));
}

StatusOr<bool> OptionalBool(const nlohmann::json& body, const std::string& name, bool fallback) {
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) return fallback;
  if (!it->is_boolean()) return InvalidArgumentError(StrCat({name, " must be true or false"}));
  return it->get<bool>();
}

std::optional<std::string> Param(const httplib::Request& req, const std::string& name) {
  if (!req.has_param(name.c_str())) return std::nullopt;
  std::string value = req.get_param_value(name.c_str());
  if (value.empty()) return std::nullopt;
  return value;
}

StatusOr<int> IntParam(const httplib::Request& req, const std::string& name, int min, int max,
                       int fallback) {
  auto value = Param(req, name);
  if (!value) return fallback;
  return client::ParseInt(*value, name, min, max);
}

std::string CookieValue(const httplib::Request& req, std::string_view name) {
  const std::string header = req.get_header_value("Cookie");
  size_t at = 0;
  while (at < header.size()) {
    size_t end = header.find(';', at);
    if (end == std::string::npos) end = header.size();
    std::string_view pair(header.data() + at, end - at);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    if (pair.size() > name.size() && pair.substr(0, name.size()) == name &&
        pair[name.size()] == '=') {
      return std::string(pair.substr(name.size() + 1));
    }
    at = end + 1;
  }
  return "";
}

}  // namespace gongkai::web
