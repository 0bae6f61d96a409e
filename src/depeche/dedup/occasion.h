// When two events reported by different documents are one occasion: the rules the store
// applies as documents arrive (same type, same actors, close dates, compatible places),
// and the PLOVER facts they rest on (symmetric types, intensity scores).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "depeche/core/date.h"

namespace depeche::dedup {

struct MergeSettings {
  bool merge = true;           // false: every event is its own occasion
  int date_window_days = 1;    // day-precise dates at most this far apart merge
  double near_dup_threshold = 0.5;  // estimated Jaccard of 5-word shingles: same story
};

// CONSULT, COOPERATE and AGREE: who is source and who is target carries no meaning
// (spec EVENTS.md), so the two sides may be swapped when matching.
bool IsSymmetricType(std::string_view type);

// PLOVER's intensity score of a type (-10 .. +10). ACCUSE is -3: the manual prints "3",
// a lost minus sign (its modes score -2 to -3.5). ASSAULT in mode `unconventional` is -10.
// nullopt for an unknown type.
std::optional<double> PloverIntensity(std::string_view type, std::string_view mode = {});

// PLOVER's quad: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict,
// 4 material conflict; 0 for an unknown type.
int PloverQuad(std::string_view type);

// The day number (days since 1970-01-01) an event is matched on: its own date when it is
// day-precise, else the publication date when that is; nullopt when neither is.
std::optional<long> MatchDay(std::string_view event_date, std::string_view pubdate);

// Dates agree when either is unknown, when both are days at most `window` apart, or when
// the coarser one contains the finer ("2020-05" and "2020-05-17").
bool DatesCompatible(std::string_view a, std::string_view b, int window_days);
// Places agree when either country is unknown or both are the same.
bool PlacesCompatible(std::string_view country_a, std::string_view country_b);
// Modes agree when either is null or both are the same.
bool ModesCompatible(std::string_view a, std::string_view b);

// The key under which an event's side is the same actor up to resolution: the knowledge
// base id when it has one, else the folded name and the affiliation.
std::string ActorKey(std::string_view kb_id, std::string_view name, std::string_view affiliation);

}  // namespace depeche::dedup
