#include "engine/passwords.h"

#include <charconv>
#include <optional>
#include <string>

#include "engine/strings.h"
#include "engine/utf8.h"

namespace gongkai {
namespace {

constexpr char kHashPrefix[] = "$argon2id$v=19$";
// libsodium's salt (16 bytes) and hash (32 bytes), in unpadded base64.
constexpr size_t kSaltChars = 22;
constexpr size_t kDigestChars = 43;

Status NotArgon2id() {
  return InvalidArgumentError(
      "the password hash is not an Argon2id string made by libsodium's crypto_pwhash_str "
      "(gongkai user passwd makes one)");
}

bool IsBase64(std::string_view text) {
  for (char c : text) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '+' || c == '/';
    if (!ok) return false;
  }
  return !text.empty();
}

// Reads "<name>=<digits>" from the front of `text`, and the separator after
// it when one is expected; nullopt when it is not there.
std::optional<uint64_t> TakeParameter(std::string_view& text, char name, char separator) {
  if (text.size() < 3 || text[0] != name || text[1] != '=') return std::nullopt;
  uint64_t value = 0;
  const char* begin = text.data() + 2;
  const char* end = text.data() + text.size();
  const auto [next, error] = std::from_chars(begin, end, value);
  if (error != std::errc() || next == begin || next == end || *next != separator) {
    return std::nullopt;
  }
  text.remove_prefix(size_t(next - text.data()) + 1);
  return value;
}

}  // namespace

Status CheckNewPassword(std::string_view password) {
  if (password.size() > kMaxPasswordBytes) {
    return InvalidArgumentError(
        StrCat({"a password is at most ", std::to_string(kMaxPasswordBytes), " bytes long"}));
  }
  size_t characters = 0;
  for (size_t at = 0; at < password.size(); ++characters) {
    const DecodedCodePoint point = DecodeUtf8(password, at);
    if (!point.valid) return InvalidArgumentError("a password is text in UTF-8");
    if (point.code < 0x20 || point.code == 0x7f) {
      return InvalidArgumentError("a password holds no control characters");
    }
    at += point.length;
  }
  if (characters < kMinPasswordCharacters) {
    return InvalidArgumentError(StrCat(
        {"a password has at least ", std::to_string(kMinPasswordCharacters), " characters"}));
  }
  return OkStatus();
}

Status CheckPasswordHash(std::string_view hash) {
  if (hash.size() > kMaxPasswordHashBytes ||
      hash.substr(0, sizeof kHashPrefix - 1) != kHashPrefix) {
    return NotArgon2id();
  }
  std::string_view rest = hash.substr(sizeof kHashPrefix - 1);
  const auto memory = TakeParameter(rest, 'm', ',');
  const auto passes = memory ? TakeParameter(rest, 't', ',') : std::nullopt;
  const auto lanes = passes ? TakeParameter(rest, 'p', '$') : std::nullopt;
  if (!lanes) return NotArgon2id();
  const size_t dollar = rest.find('$');
  if (dollar != kSaltChars || rest.size() != kSaltChars + 1 + kDigestChars ||
      !IsBase64(rest.substr(0, kSaltChars)) || !IsBase64(rest.substr(kSaltChars + 1))) {
    return NotArgon2id();
  }
  if (*memory < kMinPasswordMemoryKib || *memory > kMaxPasswordMemoryKib ||
      *passes < kMinPasswordPasses || *passes > kMaxPasswordPasses || *lanes != 1) {
    return InvalidArgumentError(StrCat(
        {"the password hash's cost is outside what the engine accepts: ",
         std::to_string(kMinPasswordMemoryKib), " to ", std::to_string(kMaxPasswordMemoryKib),
         " KiB of memory, ", std::to_string(kMinPasswordPasses), " to ",
         std::to_string(kMaxPasswordPasses), " passes, one lane"}));
  }
  return OkStatus();
}

}  // namespace gongkai
