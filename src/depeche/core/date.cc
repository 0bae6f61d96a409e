#include "depeche/core/date.h"

#include <charconv>
#include <cstdio>

namespace depeche {

bool IsLeapYear(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12) return 0;
  return m == 2 && IsLeapYear(y) ? 29 : kDays[m - 1];
}

bool IsValidDate(int y, int m, int d) {
  return y >= 1 && y <= 9999 && d >= 1 && d <= DaysInMonth(y, m);
}

// Howard Hinnant's days_from_civil / civil_from_days.
long DaysFromCivil(const CivilDate& date) {
  long y = date.year;
  const int m = date.month, d = date.day;
  y -= m <= 2;
  const long era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long>(doe) - 719468;
}

CivilDate CivilFromDays(long z) {
  z += 719468;
  const long era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const long y = static_cast<long>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<int>(y + (m <= 2)), static_cast<int>(m), static_cast<int>(d)};
}

CivilDate AddDays(const CivilDate& d, long n) { return CivilFromDays(DaysFromCivil(d) + n); }

int Weekday(const CivilDate& d) {
  const long z = DaysFromCivil(d);  // 1970-01-01 was a Thursday (3)
  return static_cast<int>(((z % 7) + 7 + 3) % 7);
}

std::optional<CivilDate> ParseIsoDate(std::string_view s, Precision* precision) {
  auto num = [](std::string_view t, int& out) {
    auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), out);
    return ec == std::errc() && p == t.data() + t.size();
  };
  CivilDate d;
  Precision p = Precision::kNone;
  if (s.size() == 4 && num(s, d.year)) {
    p = Precision::kYear;
  } else if (s.size() == 7 && s[4] == '-' && num(s.substr(0, 4), d.year) &&
             num(s.substr(5, 2), d.month) && d.month >= 1 && d.month <= 12) {
    p = Precision::kMonth;
  } else if (s.size() == 10 && s[4] == '-' && s[7] == '-' && num(s.substr(0, 4), d.year) &&
             num(s.substr(5, 2), d.month) && num(s.substr(8, 2), d.day) &&
             IsValidDate(d.year, d.month, d.day)) {
    p = Precision::kDay;
  } else {
    return std::nullopt;
  }
  if (d.year < 1) return std::nullopt;
  if (precision) *precision = p;
  return d;
}

std::string FormatIsoDate(const CivilDate& d, Precision p) {
  char buf[16];
  switch (p) {
    case Precision::kDay:
      std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
      return buf;
    case Precision::kMonth:
      std::snprintf(buf, sizeof buf, "%04d-%02d", d.year, d.month);
      return buf;
    case Precision::kYear:
      std::snprintf(buf, sizeof buf, "%04d", d.year);
      return buf;
    case Precision::kNone:
      break;
  }
  return {};
}

const char* PrecisionName(Precision p) {
  switch (p) {
    case Precision::kDay: return "day";
    case Precision::kMonth: return "month";
    case Precision::kYear: return "year";
    case Precision::kNone: break;
  }
  return nullptr;
}

}  // namespace depeche
