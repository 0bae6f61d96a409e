// Civil dates without time zones: parsing ISO strings, day arithmetic, weekdays.
// Every temporal computation of the engine goes through these, so leap years and month
// lengths are handled in one place.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace depeche {

enum class Precision { kNone = 0, kYear, kMonth, kDay };

struct CivilDate {
  int year = 0;
  int month = 0;  // 1..12, 0 when unknown
  int day = 0;    // 1..31, 0 when unknown

  bool operator==(const CivilDate&) const = default;
};

bool IsLeapYear(int year);
int DaysInMonth(int year, int month);  // 0 for a month outside 1..12
bool IsValidDate(int year, int month, int day);

// Days since 1970-01-01 (may be negative); the date must be valid.
long DaysFromCivil(const CivilDate& d);
CivilDate CivilFromDays(long days);
CivilDate AddDays(const CivilDate& d, long n);
// 0 = Monday .. 6 = Sunday (ISO order).
int Weekday(const CivilDate& d);

// "2020-05-17", "2020-05" or "2020"; nullopt for anything else or an impossible date.
std::optional<CivilDate> ParseIsoDate(std::string_view s, Precision* precision = nullptr);
// Formats to the given precision: "2020-05-17", "2020-05", "2020".
std::string FormatIsoDate(const CivilDate& d, Precision p);
const char* PrecisionName(Precision p);  // "day", "month", "year", or nullptr for kNone

}  // namespace depeche
