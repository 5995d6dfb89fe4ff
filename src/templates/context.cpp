// context.cpp - core template variables and client-value conversion.
//
// Limits: see context.hpp.
#include "templates/context.hpp"

#include <optional>

#include "recipients/first_name.hpp"
#include "templates/jinja/datetime.hpp"
#include "templates/jinja/pyconvert.hpp"

namespace tattler::templates {

namespace {

// The longest notification id tattler shows.
constexpr size_t kMaxNotificationIdChars = 12;

// optional_value - a string, or None when absent.
jinja::Value optional_value(const std::optional<std::string>& s) {
  return s ? jinja::Value(*s) : jinja::Value();
}

// account_type_value - 'unknown' when the addressbook has no such key,
// None when it has the key without a value.
jinja::Value account_type_value(const recipients::Contacts& contacts) {
  if (!contacts.account_type) return jinja::Value("unknown");
  return optional_value(*contacts.account_type);
}

// convert_string - int, float, datetime or the string itself, first that
// reads (tattler's order).
jinja::Value convert_string(const std::string& s) {
  if (std::optional<int64_t> i = jinja::py::parse_int(s)) {
    return jinja::Value(*i);
  }
  if (jinja::py::is_python_int(s)) return jinja::Value(s);
  if (std::optional<double> f = jinja::py::parse_float(s)) {
    return jinja::Value(*f);
  }

  // tattler drops one trailing 'Z' or '+' and keeps the datetime naive.
  std::string_view iso(s);
  if (!iso.empty() && (iso.back() == 'Z' || iso.back() == '+')) {
    iso.remove_suffix(1);
  }
  Result<jinja::DateTime> dt = jinja::parse_datetime(iso);
  if (dt.ok()) return jinja::Value(*dt);
  return jinja::Value(s);
}

}  // namespace

// convert_client_value - strings converted, other values untouched.
jinja::Value convert_client_value(const jinja::Value& value) {
  if (!value.is_string() || value.is_safe()) return value;
  return convert_string(value.as_string());
}

// notification_id - the short id shown to users.
std::string notification_id(std::string_view correlation_id) {
  size_t colon = correlation_id.rfind(':');
  std::string_view id = colon == std::string_view::npos
                            ? correlation_id
                            : correlation_id.substr(colon + 1);

  // Count characters, not bytes, from the end (Python slices characters).
  size_t chars = 0;
  size_t start = id.size();
  while (start > 0 && chars < kMaxNotificationIdChars) {
    --start;
    if ((static_cast<unsigned char>(id[start]) & 0xC0) != 0x80) ++chars;
  }
  return std::string(id.substr(start));
}

// build_context - the variables of one vector's rendering.
jinja::Dict build_context(const CoreInfo& core,
                          const jinja::Dict& definitions) {
  const recipients::Contacts& contacts = core.contacts;
  jinja::Dict context;
  context.set("user_id", jinja::Value(core.user_id));
  context.set("user_email", optional_value(contacts.email));
  context.set("user_sms", optional_value(contacts.sms));
  context.set("user_firstname", jinja::Value(recipients::user_firstname(
                                    contacts.first_name, contacts.email)));
  context.set("user_account_type", account_type_value(contacts));
  context.set("user_language", optional_value(contacts.language));
  context.set("correlation_id", jinja::Value(core.correlation_id));
  context.set("notification_id",
              jinja::Value(notification_id(core.correlation_id)));
  context.set("notification_mode", jinja::Value(core.mode));
  context.set("notification_vector",
              jinja::Value(std::string(vector_name(core.vector))));
  context.set("notification_scope", jinja::Value(core.scope));
  context.set("event_name", jinja::Value(core.event));

  for (const auto& [key, value] : definitions) {
    context.set(key, convert_client_value(value));
  }
  return context;
}

}  // namespace tattler::templates
