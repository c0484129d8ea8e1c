// The deadline rules of the two texts of the Regulations (DOMAIN.md,
// "Deadlines") and a deployment's choices among them.
//
// Thread safety: values and pure functions.
#ifndef GONGKAI_ENGINE_POLICY_H_
#define GONGKAI_ENGINE_POLICY_H_

#include <optional>
#include <string_view>

#include "engine/date.h"
#include "gongkai/v1/codes.pb.h"

namespace gongkai {

// The periods one text sets, in working days, with the articles that set
// them (quoted in refusals and explanations). Zero means "the text sets no
// such limit".
struct RegimeRules {
  v1::Regime regime;
  std::string_view name;                // "2008" or "2019".
  int period;                           // To answer.
  int max_extension;                    // Once.
  int correction_ask_within;            // To ask for a correction (2019 only).
  int third_party_reply;                // For a consulted party (2019 only).
  int fee_payment_window;               // To pay a fee notice.
  bool correction_once;                 // 2019 Art. 30: ask once.
  std::string_view period_article;      // "Art. 24"
  std::string_view correction_article;  // "Art. 21(4)" / "Art. 30"
  std::string_view consultation_article;
  std::string_view fee_article;
};

const RegimeRules& RulesFor(v1::Regime regime);

// The 2019 text is in force for requests received from this date.
Date Regime2019EffectiveDate();
// The Regulations (2008 text) entered into force on this date: a request
// received earlier is refused.
Date RegulationsInForceDate();

struct DeadlinePolicy {
  // When set, every request follows this regime whatever its receipt date.
  std::optional<v1::Regime> pinned_regime;
  // due_soon fires this many working days before the due date.
  int due_soon_days = 3;
  // DOMAIN.md: by default the day of receipt is not counted.
  bool count_receipt_day = false;
  // Working days given to the applicant to correct when the officer does not
  // say (the law leaves it to the agency).
  int default_correction_window = 15;
  // correction_not_asked reminds the officers this many working days before
  // the 7 working days to ask for a correction (2019 Art. 30) run out.
  int reminder_lead_days = 2;

  v1::Regime RegimeFor(Date received) const;
  // The day counting starts after, for a period or window that starts on
  // `start`: `start` itself, or the day before it when the day of receipt
  // is counted.
  Date CountBase(Date start) const;
};

}  // namespace gongkai

#endif  // GONGKAI_ENGINE_POLICY_H_
