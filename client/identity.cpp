#include "client/identity.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <toml++/toml.h>
#include <unistd.h>
#include <zmq.h>

#include <cstdlib>
#include <filesystem>

namespace gongkai::client {
namespace {

bool IsZ85Key(const std::string& key) {
  uint8_t raw[32];
  return key.size() == 40 && zmq_z85_decode(raw, key.c_str()) != nullptr;
}

// TOML's basic strings: only '"', '\\' and control characters need escaping.
std::string Quoted(const std::string& value) {
  std::string out = "\"";
  for (unsigned char c : value) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += char(c);
    } else if (c < 0x20 || c == 0x7f) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
      out += escaped;
    } else {
      out += char(c);
    }
  }
  return out + "\"";
}

}  // namespace

KeyPair NewKeyPair() {
  char public_key[41], secret_key[41];
  zmq_curve_keypair(public_key, secret_key);
  return {std::string(public_key, 40), std::string(secret_key, 40)};
}

StatusOr<Identity> ReadIdentity(const std::string& path) {
  struct stat info {};
  if (stat(path.c_str(), &info) != 0) {
    return NotFoundError("the identity file " + path + " does not exist");
  }
  if ((info.st_mode & 077) != 0) {
    return FailedPreconditionError("the identity file " + path +
                                   " can be read by other users; it holds a secret key: make it "
                                   "private with 'chmod 600 " +
                                   path + "'");
  }
  toml::table table;
  try {  // Debian's toml++ reports errors by exception: caught here.
    table = toml::parse_file(path);
  } catch (const toml::parse_error& error) {
    return InvalidArgumentError(path + ": not an identity file (" +
                                std::string(error.description()) + ")");
  }
  Identity identity;
  for (auto [field, value] :
       {std::pair{"name", &identity.name}, std::pair{"endpoint", &identity.endpoint},
        std::pair{"server_public_key", &identity.server_public_key},
        std::pair{"public_key", &identity.public_key},
        std::pair{"secret_key", &identity.secret_key}}) {
    std::optional<std::string> text = table[field].value<std::string>();
    if (!text || text->empty()) {
      return InvalidArgumentError(path + ": the identity has no " + field);
    }
    *value = *text;
  }
  for (const std::string* key :
       {&identity.server_public_key, &identity.public_key, &identity.secret_key}) {
    if (!IsZ85Key(*key)) {
      return InvalidArgumentError(path + ": a key is not 40 characters of Z85");
    }
  }
  return identity;
}

Status WriteIdentity(const Identity& identity, const std::string& path) {
  const std::string text = "# gongkai identity of " + identity.name +
                           ". Keep it private: it holds a secret key.\n"
                           "name = " +
                           Quoted(identity.name) + "\nendpoint = " + Quoted(identity.endpoint) +
                           "\nserver_public_key = " + Quoted(identity.server_public_key) +
                           "\npublic_key = " + Quoted(identity.public_key) +
                           "\nsecret_key = " + Quoted(identity.secret_key) + "\n";
  const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    return errno == EEXIST
               ? FailedPreconditionError("the file " + path +
                                         " exists: an identity file is never overwritten")
               : UnavailableError("cannot write " + path + ": " + std::strerror(errno));
  }
  const ssize_t written = write(fd, text.data(), text.size());
  const bool synced = fsync(fd) == 0;
  close(fd);
  if (written != ssize_t(text.size()) || !synced) {
    return UnavailableError("cannot write " + path);
  }
  return OkStatus();
}

StatusOr<std::string> FindIdentityPath(const std::optional<std::string>& flag) {
  if (flag && !flag->empty()) return *flag;
  if (const char* env = std::getenv("GONGKAI_IDENTITY"); env != nullptr && *env != '\0') {
    return std::string(env);
  }
  if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') {
    const std::string path = std::string(home) + "/.config/gongkai/identity";
    if (std::filesystem::exists(path)) return path;
  }
  return NotFoundError(
      "no identity: the engine serves only people it knows. Ask an operator to enrol you "
      "(gongkai user add NAME --role ROLE --agency CODE --out FILE), then keep the file as "
      "~/.config/gongkai/identity, or give --identity FILE or $GONGKAI_IDENTITY");
}

}  // namespace gongkai::client
