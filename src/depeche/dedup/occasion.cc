// Occasion matching rules; see occasion.h.
#include "depeche/dedup/occasion.h"

#include <algorithm>
#include <cstdlib>

#include "depeche/core/unicode.h"

namespace depeche::dedup {

bool IsSymmetricType(std::string_view t) {
  return t == "CONSULT" || t == "COOPERATE" || t == "AGREE";
}

std::optional<double> PloverIntensity(std::string_view t, std::string_view mode) {
  struct Score {
    std::string_view type;
    double value;
  };
  static constexpr Score kScores[] = {
      {"AID", 10},       {"COOPERATE", 9.5}, {"RETREAT", 6.5},  {"SUPPORT", 5},
      {"CONCEDE", 4.5},  {"AGREE", 2.5},     {"CONSULT", 2.5},  {"REQUEST", 0},
      {"ACCUSE", -3},    {"REJECT", -2},     {"THREATEN", -3.5}, {"PROTEST", -5},
      {"MOBILIZE", -5.5}, {"SANCTION", -6},  {"COERCE", -7},    {"ASSAULT", -9},
  };
  if (t == "ASSAULT" && mode == "unconventional") return -10.0;
  for (const Score& s : kScores)
    if (s.type == t) return s.value;
  return std::nullopt;
}

int PloverQuad(std::string_view t) {
  if (t == "AGREE" || t == "CONSULT" || t == "SUPPORT" || t == "CONCEDE") return 1;
  if (t == "COOPERATE" || t == "AID" || t == "RETREAT") return 2;
  if (t == "REQUEST" || t == "ACCUSE" || t == "REJECT" || t == "THREATEN") return 3;
  if (t == "PROTEST" || t == "SANCTION" || t == "MOBILIZE" || t == "COERCE" || t == "ASSAULT")
    return 4;
  return 0;
}

std::optional<long> MatchDay(std::string_view event_date, std::string_view pubdate) {
  Precision p = Precision::kNone;
  if (auto d = ParseIsoDate(event_date, &p); d && p == Precision::kDay) return DaysFromCivil(*d);
  // A publication date may carry a time ("2020-05-17T08:00:00Z"): its first 10 bytes.
  if (auto d = ParseIsoDate(pubdate.substr(0, 10), &p); d && p == Precision::kDay)
    return DaysFromCivil(*d);
  return std::nullopt;
}

bool DatesCompatible(std::string_view a, std::string_view b, int window_days) {
  Precision pa = Precision::kNone, pb = Precision::kNone;
  auto da = ParseIsoDate(a, &pa);
  auto db = ParseIsoDate(b, &pb);
  if (!da || !db) return true;
  if (pa == Precision::kDay && pb == Precision::kDay)
    return std::labs(DaysFromCivil(*da) - DaysFromCivil(*db)) <= window_days;
  // The coarser date must contain the finer one.
  const Precision p = std::min(pa, pb);
  if (da->year != db->year) return false;
  if (p == Precision::kYear) return true;
  return da->month == db->month;
}

bool PlacesCompatible(std::string_view a, std::string_view b) {
  return a.empty() || b.empty() || a == b;
}

bool ModesCompatible(std::string_view a, std::string_view b) {
  return a.empty() || b.empty() || a == b;
}

std::string ActorKey(std::string_view kb_id, std::string_view name, std::string_view aff) {
  if (!kb_id.empty() && kb_id.substr(0, 4) != "new:") return std::string(kb_id);
  std::string key = "n:" + MatchKey(name);
  key += '|';
  key += aff;
  return key;
}

}  // namespace depeche::dedup
