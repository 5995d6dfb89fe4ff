// validate.hpp - checking a recipient address for one vector.
//
// Offers validate_recipient: the address as it will be used (e-mail
// lower-cased, SMS with a leading "00" turned into "+"), or tattler's
// error message for that vector.
//
// Limits: e-mail addresses are ASCII only (no SMTPUTF8); telegram accepts
// any chat id without blanks; whatsapp follows the SMS rule.
#pragma once

#include <string>
#include <string_view>

#include "common/result.hpp"

namespace tattler::recipients {

// validate_recipient - normalises r for vector ("email", "sms", "telegram",
// "whatsapp"), or an error such as "Invalid email recipient(s) '['x']': ...".
// E-mail domains without a dot ("localhost") are accepted.
Result<std::string> validate_recipient(std::string_view vector,
                                       std::string_view r);

}  // namespace tattler::recipients
