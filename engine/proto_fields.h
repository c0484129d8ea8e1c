// Walking a protobuf message by field name (protobuf reflection), for the
// few places that treat the same kind of field wherever a command holds it
// (request ids, agency codes).
#ifndef GONGKAI_ENGINE_PROTO_FIELDS_H_
#define GONGKAI_ENGINE_PROTO_FIELDS_H_

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>

#include <functional>
#include <string_view>

namespace gongkai {

// Calls `visit(holder, field)` for every singular string field called `name`
// in `message` and in the set singular messages it holds, depth first.
// Repeated fields are not visited.
void ForEachStringField(
    google::protobuf::Message& message, std::string_view name,
    const std::function<void(google::protobuf::Message& holder,
                             const google::protobuf::FieldDescriptor* field)>& visit);

}  // namespace gongkai

#endif  // GONGKAI_ENGINE_PROTO_FIELDS_H_
