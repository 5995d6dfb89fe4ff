// context.hpp - the variables every template sees.
//
// Offers build_context: the core variables tattler injects (user_id,
// user_email, user_sms, user_firstname, user_account_type, user_language,
// correlation_id, notification_id, notification_mode, notification_vector,
// notification_scope, event_name), then the client's definitions on top.
// Top-level client strings that read as a Python int, float or ISO date
// become numbers and datetimes, as in tattler; server values stay strings
// (tattler converted them too, turning "+41..." into a number).
//
// Limits: base_template is not added here (TemplateTree::render does it);
// context plug-ins run elsewhere.
#pragma once

#include <string>
#include <string_view>

#include "recipients/contacts.hpp"
#include "templates/jinja/value.hpp"
#include "templates/vector.hpp"

namespace tattler::templates {

struct CoreInfo {
  std::string user_id;
  recipients::Contacts contacts;
  std::string correlation_id;
  std::string mode;  // the effective mode
  Vector vector = Vector::kEmail;
  std::string scope;
  std::string event;
};

// build_context - core variables, then definitions (client values win).
jinja::Dict build_context(const CoreInfo& core, const jinja::Dict& definitions);

// convert_client_value - a top-level client value as templates see it:
// strings become int, float or datetime when they read as one.
jinja::Value convert_client_value(const jinja::Value& value);

// notification_id - the part of correlation_id after its last ':', then
// its last 12 characters.
std::string notification_id(std::string_view correlation_id);

}  // namespace tattler::templates
