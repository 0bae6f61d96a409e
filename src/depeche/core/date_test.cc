#include "depeche/core/date.h"

#include <gtest/gtest.h>

namespace depeche {
namespace {

TEST(Date, LeapYears) {
  EXPECT_TRUE(IsLeapYear(2020));
  EXPECT_TRUE(IsLeapYear(2000));
  EXPECT_FALSE(IsLeapYear(1900));
  EXPECT_FALSE(IsLeapYear(2019));
  EXPECT_EQ(DaysInMonth(2024, 2), 29);
  EXPECT_EQ(DaysInMonth(2023, 2), 28);
  EXPECT_FALSE(IsValidDate(2023, 2, 29));
  EXPECT_FALSE(IsValidDate(2020, 2, 31));
}

TEST(Date, ArithmeticAcrossYearAndLeapDay) {
  EXPECT_EQ(AddDays({2019, 1, 1}, -1), (CivilDate{2018, 12, 31}));
  EXPECT_EQ(AddDays({2020, 2, 28}, 1), (CivilDate{2020, 2, 29}));
  EXPECT_EQ(AddDays({2020, 2, 29}, 1), (CivilDate{2020, 3, 1}));
  EXPECT_EQ(DaysFromCivil({1970, 1, 1}), 0);
}

TEST(Date, Weekday) {
  EXPECT_EQ(Weekday({2020, 5, 16}), 5);  // a Saturday
  EXPECT_EQ(Weekday({2019, 1, 1}), 1);   // a Tuesday
  EXPECT_EQ(Weekday({1970, 1, 1}), 3);   // a Thursday
}

TEST(Date, ParseAndFormatIso) {
  Precision p;
  ASSERT_TRUE(ParseIsoDate("2020-05-17", &p));
  EXPECT_EQ(p, Precision::kDay);
  ASSERT_TRUE(ParseIsoDate("2020-05", &p));
  EXPECT_EQ(p, Precision::kMonth);
  ASSERT_TRUE(ParseIsoDate("2020", &p));
  EXPECT_EQ(p, Precision::kYear);
  EXPECT_FALSE(ParseIsoDate("2021-02-29"));
  EXPECT_FALSE(ParseIsoDate("2020-13"));
  EXPECT_FALSE(ParseIsoDate("hier"));
  EXPECT_EQ(FormatIsoDate({2020, 5, 7}, Precision::kDay), "2020-05-07");
  EXPECT_EQ(FormatIsoDate({2020, 5, 7}, Precision::kMonth), "2020-05");
}

}  // namespace
}  // namespace depeche
