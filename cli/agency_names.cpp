#include "cli/agency_names.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>

#include <utility>
#include <vector>

#include "engine/agencies.h"
#include "engine/proto_fields.h"
#include "engine/strings.h"

namespace gongkai::cli {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

std::string Listed(const std::vector<const v1::AgencyInfo*>& agencies) {
  std::string text;
  for (size_t i = 0; i < agencies.size() && i < 10; ++i) {
    text += StrCat({i == 0 ? "" : ", ", agencies[i]->name(), " (", agencies[i]->code(), ")"});
  }
  if (agencies.size() > 10)
    text += StrCat({" and ", std::to_string(agencies.size() - 10), " more"});
  return text;
}

}  // namespace

bool LooksLikeAgencyCode(std::string_view text) { return IsAgencyCode(text); }

StatusOr<std::string> ResolveAgency(
    const std::string& text, const google::protobuf::RepeatedPtrField<v1::AgencyInfo>& agencies) {
  if (LooksLikeAgencyCode(text)) return text;
  std::vector<const v1::AgencyInfo*> containing;
  for (const auto& agency : agencies) {
    if (agency.name() == text) return agency.code();
    if (agency.name().find(text) != std::string::npos) containing.push_back(&agency);
  }
  if (containing.size() == 1) return containing.front()->code();
  if (containing.empty()) {
    return InvalidArgumentError(
        StrCat({"--agency: no agency in your scope is named '", Excerpt(text, 40),
                "': give its code or a part of its name (gongkai agencies lists them)"}));
  }
  return InvalidArgumentError(
      StrCat({"--agency: '", Excerpt(text, 40), "' names ", std::to_string(containing.size()),
              " agencies: ", Listed(containing), "; give more of the name or the code"}));
}

Status ResolveAgencyNames(v1::Command& command, const std::function<StatusOr<v1::Reply>()>& fetch) {
  std::vector<std::pair<Message*, const FieldDescriptor*>> fields;
  ForEachStringField(command, "agency_code",
                     [&fields](Message& holder, const FieldDescriptor* field) {
                       if (!holder.GetReflection()->GetString(holder, field).empty())
                         fields.emplace_back(&holder, field);
                     });
  std::optional<v1::Reply> listed;
  for (const auto& [message, field] : fields) {
    const auto* reflection = message->GetReflection();
    const std::string text = reflection->GetString(*message, field);
    if (LooksLikeAgencyCode(text)) continue;
    if (!listed) {
      auto reply = fetch();
      if (!reply.ok()) return reply.status();
      listed = std::move(reply).value();
    }
    auto code = ResolveAgency(text, listed->agencies());
    if (!code.ok()) return code.status();
    reflection->SetString(message, field, *code);
  }
  return OkStatus();
}

}  // namespace gongkai::cli
