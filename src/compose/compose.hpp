// compose.hpp - everything the compose layer offers, in one include:
// attachments, e-mail, priority, auto-text, SMS and chat payloads.
//
// Limits: none of its own; see each header.
#pragma once

#include "compose/attachment.hpp"
#include "compose/auto_text.hpp"
#include "compose/chat.hpp"
#include "compose/email.hpp"
#include "compose/message.hpp"
#include "compose/priority.hpp"
#include "compose/sms.hpp"
