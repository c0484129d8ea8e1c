#include "engine/proto_fields.h"

namespace gongkai {

void ForEachStringField(
    google::protobuf::Message& message, std::string_view name,
    const std::function<void(google::protobuf::Message& holder,
                             const google::protobuf::FieldDescriptor* field)>& visit) {
  using google::protobuf::FieldDescriptor;
  const auto* descriptor = message.GetDescriptor();
  const auto* reflection = message.GetReflection();
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const FieldDescriptor* field = descriptor->field(i);
    if (field->is_repeated()) continue;
    if (field->cpp_type() == FieldDescriptor::CPPTYPE_STRING && field->name() == name) {
      visit(message, field);
    } else if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE &&
               reflection->HasField(message, field)) {
      ForEachStringField(*reflection->MutableMessage(&message, field), name, visit);
    }
  }
}

}  // namespace gongkai
