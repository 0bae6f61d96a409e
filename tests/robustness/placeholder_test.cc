// Robustness cases live here once the ingest stage exists.
#include <gtest/gtest.h>
#include "depeche/core/unicode.h"
TEST(Robustness, InvalidUtf8IsRejected) { EXPECT_FALSE(depeche::IsValidUtf8("\xFF\xFE")); }
