// The Chinese catalogue's parts (engine/messages.h is its interface): the
// entries are cut into files by who says them, each part a static table.
//
// Thread safety: static tables, read only.
#ifndef GONGKAI_ENGINE_MESSAGES_ZH_H_
#define GONGKAI_ENGINE_MESSAGES_ZH_H_

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "engine/messages.h"

namespace gongkai::internal {

// The engine's messages: refusals of the request machine, access, dates,
// calendars and registries; due-date explanations; alert texts.
std::span<const MessageEntry> ZhEngineEntries();
// The workers' and the client library's messages.
std::span<const MessageEntry> ZhServiceEntries();
// The client's own words: usage errors, table headings, fixed phrases.
std::span<const MessageEntry> ZhClientEntries();
// The web gateway's words: login, sessions, malformed requests.
std::span<const MessageEntry> ZhWebEntries();
// All of them, in that order.
std::span<const MessageEntry> ZhCatalogue();

// The Chinese name of a code word of the enum `enum_name` ("RequestStatus",
// "StatusCode"...); with an empty `enum_name`, of the first enum that has the
// word (a status said with spaces, "awaiting correction", is found too).
std::optional<std::string> ZhCodeName(std::string_view enum_name, std::string_view word);

}  // namespace gongkai::internal

#endif  // GONGKAI_ENGINE_MESSAGES_ZH_H_
